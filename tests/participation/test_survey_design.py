"""SurveyDesign (linearisation) against R survey 4.1.1 on the API samples.

Every expected value comes from ``r_reference.py`` (the ``r_ref`` fixture), written by
``survey_reference.R``, where each value sits under the exact R call that produced it. The R design
each test reproduces is named in ``DESIGNS``. The package's published figures (README of
../shared/data/survey, R's tests/api.Rout.save) are checked literally in
``test_published_figures``.
"""

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.participation import SurveyDesign

RTOL = 1e-9  # the linearisation is the same arithmetic as R's: agreement to rounding error

#: R design name → (data set, SurveyDesign keywords), the R call in the comment.
DESIGNS = {
    # svydesign(id = ~1, weights = ~pw, fpc = ~fpc, data = apisrs)
    "dsrs": ("apisrs", {"weight": "pw", "fpc": "fpc"}),
    # svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
    "dstrat": ("apistrat", {"weight": "pw", "strata": "stype", "fpc": "fpc"}),
    # svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
    "dclus1": ("apiclus1", {"weight": "pw", "psu": "dnum", "fpc": "fpc"}),
    # svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
    # -- weights from the fpc, full two-stage variance
    "dclus2": ("apiclus2", {"weight": None, "psu": ["dnum", "snum"], "fpc": ["fpc1", "fpc2"]}),
    # svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc1, data = apiclus2)  -- one stage with fpc
    "dclus2_1": ("apiclus2", {"weight": "pw", "psu": "dnum", "fpc": "fpc1"}),
    # svydesign(id = ~dnum, weights = ~pw, data = apiclus1)  -- with replacement (no fpc)
    "dclus1_wr": ("apiclus1", {"weight": "pw", "psu": "dnum"}),
    # svydesign(id = ~dnum, strata = ~stype, weights = ~pw, nest = TRUE, data = apistrat)  -- stratified cluster
    "dstratclus": ("apistrat", {"weight": "pw", "strata": "stype", "psu": "dnum", "nest": True}),
}


@pytest.fixture(scope="module")
def designs(api):
    return {name: SurveyDesign(api[data], **kw) for name, (data, kw) in DESIGNS.items()}


def _stat_row(table: pd.DataFrame, normal: pd.DataFrame, i: int = 0) -> list[float]:
    """[estimate, se, deff, normal ci, t(design df) ci] — the layout of the R reference rows."""
    row, nrow = table.iloc[i], normal.iloc[i]
    return [row["estimate"], row["se"], row["deff"], nrow["ci_low"], nrow["ci_high"], row["ci_low"], row["ci_high"]]


def test_published_figures(api):
    # README of ../shared/data/survey (R survey tests/api.Rout.save): printed digits and SE to 1e-4
    dstrat = SurveyDesign(api["apistrat"], weight="pw", strata="stype", fpc="fpc")
    m = dstrat.mean("api00").loc["api00"]
    assert round(m["estimate"], 2) == 662.29 and m["se"] == pytest.approx(9.4089, rel=1e-4)
    t = dstrat.total("enroll", na_rm=True).loc["enroll"]
    assert round(t["estimate"]) == 3687178 and t["se"] == pytest.approx(114642, rel=1e-4)
    dsrs = SurveyDesign(api["apisrs"], weight="pw", fpc="fpc")
    m = dsrs.mean("api00").loc["api00"]
    assert round(m["estimate"], 2) == 656.58 and m["se"] == pytest.approx(9.2497, rel=1e-4)
    t = dsrs.total("enroll").loc["enroll"]
    assert round(t["estimate"]) == 3621074 and t["se"] == pytest.approx(169520, rel=1e-4)
    # the survey package's own examples for the cluster samples (?svydesign): 644.17 (23.542), 670.81 (30.099)
    dclus1 = SurveyDesign(api["apiclus1"], weight="pw", psu="dnum", fpc="fpc")
    assert dclus1.mean("api00")["se"].iloc[0] == pytest.approx(23.542, rel=1e-4)
    dclus2 = SurveyDesign(api["apiclus2"], weight=None, psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    m = dclus2.mean("api00").iloc[0]
    assert round(m["estimate"], 2) == 670.81 and m["se"] == pytest.approx(30.099, rel=1e-4)


@pytest.mark.parametrize("name", DESIGNS)
def test_design_df_and_weights(designs, r_ref, name):
    d = designs[name]
    assert d.df == r_ref[f"{name}.degf"][0]  # degf(design)
    assert d.weights.sum() == pytest.approx(r_ref[f"{name}.weights_sum"][0], rel=1e-12)


@pytest.mark.parametrize("name", DESIGNS)
def test_means_totals_ratios_equal_r(designs, r_ref, name):
    d = designs[name]
    cases = [
        ("mean.api00", d.mean, ("api00",), {}),
        ("total.enroll", d.total, ("enroll",), {"na_rm": True}),
        ("mean.enroll", d.mean, ("enroll",), {"na_rm": True}),
        ("total.api00", d.total, ("api00",), {}),
        ("ratio.api00_api99", d.ratio, ("api00", "api99"), {}),
    ]
    for key, method, args, kw in cases:
        got = _stat_row(method(*args, **kw), method(*args, df=math.inf, **kw))
        assert_allclose(got, r_ref[f"{name}.{key}"], rtol=RTOL, err_msg=key)
    both = d.mean(["api00", "api99"])  # svymean(~api00 + api99, design, deff = TRUE)
    assert both.index.tolist() == ["api00", "api99"]
    assert_allclose([*both["estimate"], *both["se"], *both["deff"]], r_ref[f"{name}.mean.api00_api99"], rtol=RTOL)


@pytest.mark.parametrize("name", DESIGNS)
def test_category_proportions_equal_svymean_of_a_factor(designs, r_ref, name):
    table = designs[name].proportion("stype")  # svymean(~stype, design, deff = TRUE)
    assert table.index.get_level_values("level").tolist() == ["E", "H", "M"]
    want = np.array(r_ref[f"{name}.mean.stype"])
    assert_allclose(table["estimate"], want[:3], rtol=RTOL)
    assert_allclose(table["se"], want[3:6], rtol=1e-8, atol=1e-12)  # stratified by stype: SE 0
    if name in ("dstrat", "dstratclus"):
        assert_allclose(table["deff"], want[6:], atol=1e-9)
    else:
        assert_allclose(table["deff"], want[6:], rtol=1e-8)


@pytest.mark.parametrize("name", DESIGNS)
@pytest.mark.parametrize("method", ["logit", "beta", "mean", "xlogit", "asin"])
def test_proportion_intervals_equal_svyciprop(designs, r_ref, name, method):
    # svyciprop(~I(sch.wide == "Yes"), design, method = method): df = degf(design)
    row = designs[name].proportion("sch.wide", level="Yes", method=method).iloc[0]
    want = r_ref[f"{name}.ciprop.sch_wide.{method}"]
    # R's "logit" point estimate comes from glm's IRLS (converged to ~1e-9); the others are exact
    assert row["estimate"] == pytest.approx(want[0], rel=1e-8)
    assert row["se"] == pytest.approx(want[1], rel=RTOL)
    assert_allclose([row["ci_low"], row["ci_high"]], want[2:], rtol=1e-8 if method == "logit" else RTOL)
    assert row["df"] == designs[name].df


@pytest.mark.parametrize("name", DESIGNS)
def test_domains_equal_svyby(designs, r_ref, name):
    d = designs[name]
    means = d.mean("api00", by="stype")  # svyby(~api00, ~stype, design, svymean, deff = TRUE)
    totals = d.total(
        "enroll", by="stype", na_rm=True
    )  # svyby(~enroll, ~stype, design, svytotal, deff = TRUE, na.rm = TRUE)
    ratios = d.ratio("api00", "api99", by="stype")  # svyby(~api00, ~stype, design, svyratio, denominator = ~api99)
    assert means.index.names == ["stype", "variable"]
    for level in ["E", "H", "M"]:
        m, t, r = means.loc[(level, "api00")], totals.loc[(level, "enroll")], ratios.loc[(level, "api00/api99")]
        assert_allclose([m["estimate"], m["se"], m["deff"]], r_ref[f"{name}.by_stype.mean.api00.{level}"], rtol=RTOL)
        assert_allclose([t["estimate"], t["se"], t["deff"]], r_ref[f"{name}.by_stype.total.enroll.{level}"], rtol=RTOL)
        assert_allclose([r["estimate"], r["se"]], r_ref[f"{name}.by_stype.ratio.{level}"], rtol=RTOL)
        # a domain's degrees of freedom are its design's: degf(subset(design, stype == level))
        assert m["df"] == r_ref[f"{name}.degf.stype.{level}"][0]
    for method in ["beta", "logit"]:
        # svyby(~I(sch.wide == "Yes"), ~stype, design, svyciprop, vartype = "ci", method = method)
        props = d.proportion("sch.wide", level="Yes", by="stype", method=method)
        for level in ["E", "H", "M"]:
            row = props.loc[(level, "sch.wide", "Yes")]
            assert_allclose(
                [row["estimate"], row["ci_low"], row["ci_high"]],
                r_ref[f"{name}.by_stype.ciprop_{method}.{level}"],
                rtol=1e-8,
            )


LONELY = [(opt, fpc) for opt in ["remove", "certainty", "adjust", "average"] for fpc in ["none", "N"]]


@pytest.fixture(scope="module")
def lonely_data(apiclus):
    # lon <- apiclus1; strata a (dnum < 400, 5 PSUs), b (9 PSUs), c (district 413 alone)
    lon = apiclus["apiclus1"].copy()
    lon["st"] = np.where(lon["dnum"] == 413, "c", np.where(lon["dnum"] < 400, "a", "b"))
    lon["N"] = lon["st"].map({"a": 250, "b": 500, "c": 7})
    lon["Ncert"] = lon["st"].map({"a": 250, "b": 500, "c": 1})
    return lon


@pytest.mark.parametrize(("option", "fpc"), LONELY)
def test_lonely_psu_options_equal_r(lonely_data, r_ref, option, fpc):
    # options(survey.lonely.psu = option); svydesign(id = ~dnum, strata = ~st, weights = ~pw[, fpc = ~N], data = lon)
    d = SurveyDesign(
        lonely_data, weight="pw", psu="dnum", strata="st", fpc=None if fpc == "none" else "N", lonely_psu=option
    )
    key = f"lonely_{option}_{fpc}"
    assert d.df == r_ref[f"{key}.degf"][0]
    assert_allclose(_stat_row(d.mean("api00"), d.mean("api00", df=math.inf)), r_ref[f"{key}.mean.api00"], rtol=RTOL)
    assert_allclose(
        _stat_row(d.total("enroll"), d.total("enroll", df=math.inf)), r_ref[f"{key}.total.enroll"], rtol=RTOL
    )
    ratio = d.ratio("api00", "api99").iloc[0]
    assert_allclose([ratio["estimate"], ratio["se"]], r_ref[f"{key}.ratio.api00_api99"][:2], rtol=RTOL)
    # domains: under "average" the scaling counts only the strata the domain reaches (R's subset)
    means, totals = d.mean("api00", by="stype"), d.total("enroll", by="stype")
    for level in ["E", "H", "M"]:
        assert_allclose(
            means.loc[(level, "api00"), ["estimate", "se"]], r_ref[f"{key}.by_stype.mean.api00.{level}"], rtol=RTOL
        )
        assert_allclose(
            totals.loc[(level, "enroll"), ["estimate", "se"]], r_ref[f"{key}.by_stype.total.enroll.{level}"], rtol=RTOL
        )


def test_lonely_psu_fail_names_the_stratum(lonely_data, r_ref):
    with pytest.raises(ValueError, match=r"stratum 'c' has only one PSU at stage 1"):
        SurveyDesign(lonely_data, weight="pw", psu="dnum", strata="st")
    # a fully sampled stratum (fpc = 1 PSU) is not lonely: svymean(~api00, lonely_fail_certainN, deff = TRUE)
    d = SurveyDesign(lonely_data, weight="pw", psu="dnum", strata="st", fpc="Ncert")
    assert_allclose(
        _stat_row(d.mean("api00"), d.mean("api00", df=math.inf)), r_ref["lonely_fail_certainN.mean.api00"], rtol=RTOL
    )
    with pytest.raises(ValueError, match="lonely_psu must be one of"):
        SurveyDesign(lonely_data, weight="pw", psu="dnum", strata="st", lonely_psu="drop")


def test_fpc_as_sampling_fraction_equals_population_count(api):
    strat = api["apistrat"].assign(frac=lambda d: d.groupby("stype")["stype"].transform("size") / d["fpc"])
    by_count = SurveyDesign(strat, weight="pw", strata="stype", fpc="fpc").mean("api00")
    by_fraction = SurveyDesign(strat, weight="pw", strata="stype", fpc="frac").mean("api00")
    assert_allclose(by_fraction[["estimate", "se"]], by_count[["estimate", "se"]], rtol=1e-12)


def test_domain_is_not_a_subset_of_the_data(apiclus, r_ref):
    # subsetting the data would lose the PSUs without high schools: R's svyby keeps them (zero totals)
    clus1 = apiclus["apiclus1"]
    design = SurveyDesign(clus1, weight="pw", psu="dnum", fpc="fpc")
    domain = design.total("enroll", by="stype").loc[("H", "enroll")]
    assert domain["se"] == pytest.approx(r_ref["dclus1.by_stype.total.enroll.H"][1], rel=RTOL)
    subset = SurveyDesign(clus1[clus1["stype"] == "H"], weight="pw", psu="dnum", fpc="fpc").total("enroll").iloc[0]
    assert subset["estimate"] == pytest.approx(domain["estimate"])
    assert subset["se"] < 0.9 * domain["se"]  # here the naive subset understates the SE by 16 %


def test_domains_add_up_and_two_way_domains(designs):
    d = designs["dstrat"]
    by_type = d.total("enroll", by="stype")
    assert by_type["estimate"].sum() == pytest.approx(d.total("enroll")["estimate"].iloc[0])
    two_way = d.mean("api00", by=["stype", "sch.wide"])
    assert two_way.index.names == ["stype", "sch.wide", "variable"] and len(two_way) == 6
    data, w = d.data, d.weights
    mask = ((data["stype"] == "H") & (data["sch.wide"] == "No")).to_numpy()
    assert two_way.loc[("H", "No", "api00"), "estimate"] == pytest.approx(
        np.average(data["api00"][mask], weights=w[mask])
    )
    assert two_way.loc[("H", "No", "api00"), "n"] == mask.sum()


def test_variance_of_influence_values_is_the_total_variance(designs):
    d = designs["dclus2"]
    z = d.weights * d.data["api00"].to_numpy()
    assert math.sqrt(d.variance(z)[0, 0]) == pytest.approx(d.total("api00")["se"].iloc[0], rel=1e-12)


def test_input_is_not_modified(api):
    data = api["apiclus2"].copy()
    before = data.copy()
    d = SurveyDesign(data, weight=None, psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    d.mean("api00", by="stype"), d.proportion("sch.wide", by="stype"), d.ratio("api00", "api99")
    pd.testing.assert_frame_equal(data, before)


def test_clear_errors(api):
    strat = api["apistrat"]
    with pytest.raises(KeyError, match="weight column 'wt'"):
        SurveyDesign(strat, weight="wt", strata="stype")
    with pytest.raises(ValueError, match=r"missing values: \{'enroll': 6\}; pass na_rm=True"):
        SurveyDesign(api["apiclus2"], weight="pw", psu="dnum", fpc="fpc1").mean("enroll")
    with pytest.raises(ValueError, match="more than 100 % sampling"):
        SurveyDesign(strat.assign(small=10.0), weight="pw", strata="stype", fpc="small")
    with pytest.raises(ValueError, match="varies within stratum"):
        SurveyDesign(strat.assign(bad=strat["fpc"] + np.arange(len(strat))), weight="pw", strata="stype", fpc="bad")
    with pytest.raises(ValueError, match="must all be population counts"):
        SurveyDesign(
            strat.assign(mixed=np.where(strat["stype"] == "E", 0.5, 100.0)), weight="pw", strata="stype", fpc="mixed"
        )
    with pytest.raises(ValueError, match="appears in more than one stratum"):
        SurveyDesign(strat, weight="pw", strata="stype", psu="dnum")
    with pytest.raises(ValueError, match="only one primary sampling unit"):
        SurveyDesign(strat.assign(one=1), weight="pw", psu="one")
    with pytest.raises(ValueError, match="one fpc column per sampling stage"):
        SurveyDesign(api["apiclus2"], weight="pw", psu=["dnum", "snum"], fpc="fpc1")
    d = SurveyDesign(strat, weight="pw", strata="stype", fpc="fpc")
    with pytest.raises(ValueError, match="not 0/1"):
        d.proportion("api00")
    with pytest.raises(TypeError, match="use proportion"):
        d.mean("stype")
    with pytest.raises(ValueError, match="method must be one of"):
        d.proportion("sch.wide", level="Yes", method="wilson")
