"""ReplicateDesign (JK1, JKn, bootstrap) against R survey 4.1.1's svrepdesign results on the API samples.

R's bootstrap replicates come from R's random numbers; their PSU multiplicities
(tests/data/apiclus1_bootstrap_multiplicities.csv, written by survey_reference.R after
``set.seed(20240607); bclus1 <- as.svrepdesign(dclus1, type = "bootstrap", replicates = 50)``) are fed
to ``ReplicateDesign`` and must give R's results exactly. The package's own seeded bootstrap is checked
for reproducibility and against the linearised SE.
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.participation import ReplicateDesign, SurveyDesign
from governance_analytics.participation.replicate_design import replicate_variance

RTOL = 1e-9
DATA = __import__("pathlib").Path(__file__).resolve().parents[1] / "data"


def _multiplicities(clus1: pd.DataFrame) -> pd.DataFrame:
    per_district = pd.read_csv(DATA / "apiclus1_bootstrap_multiplicities.csv").set_index("dnum")
    return per_district.loc[clus1["dnum"]].reset_index(drop=True)


@pytest.fixture(scope="module")
def reps(api, r_ref):
    clus1 = api["apiclus1"]
    dclus1 = SurveyDesign(clus1, weight="pw", psu="dnum", fpc="fpc")
    dstrat = SurveyDesign(api["apistrat"], weight="pw", strata="stype", fpc="fpc")
    mult = _multiplicities(clus1)
    with_columns = pd.concat([clus1, mult.add_prefix("m")], axis=1)
    return {
        # rclus1 <- as.svrepdesign(dclus1, type = "JK1")
        "rclus1": dclus1.as_replicate(type="JK1"),
        # rstrat <- as.svrepdesign(dstrat, type = "JKn")
        "rstrat": dstrat.as_replicate(),
        # rclus1_mse <- as.svrepdesign(dclus1, type = "JK1", mse = TRUE)
        "rclus1_mse": dclus1.as_replicate(type="JK1", mse=True),
        # bclus1 <- as.svrepdesign(dclus1, type = "bootstrap", replicates = 50): R's multiplicities, R's scale
        "bclus1": ReplicateDesign(
            with_columns,
            weight="pw",
            replicate_weights=[f"m{c}" for c in mult.columns],
            type="bootstrap",
            combined_weights=False,
            scale=r_ref["bclus1.scale"][0],
        ),
    }


NAMES = ["rclus1", "rstrat", "rclus1_mse", "bclus1"]


@pytest.mark.parametrize("name", NAMES)
def test_replicate_parameters_equal_r(reps, r_ref, name):
    d = reps[name]
    assert d.df == r_ref[f"{name}.degf"][0]  # degf(<name>)
    assert d.scale == pytest.approx(r_ref[f"{name}.scale"][0], rel=1e-12)
    assert_allclose(d.rscales, r_ref[f"{name}.rscales"], rtol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_replicate_statistics_equal_r(reps, r_ref, name):
    d = reps[name]
    for key, method, args, kw in [
        ("mean.api00", d.mean, ("api00",), {}),
        ("total.enroll", d.total, ("enroll",), {"na_rm": True}),
        ("ratio.api00_api99", d.ratio, ("api00", "api99"), {}),
    ]:
        table, normal = method(*args, **kw).iloc[0], method(*args, df=math.inf, **kw).iloc[0]
        got = [table["estimate"], table["se"], normal["ci_low"], normal["ci_high"], table["ci_low"], table["ci_high"]]
        want = r_ref[f"{name}.{key}"]
        assert_allclose(got, [want[0], want[1], *want[3:]], rtol=RTOL, err_msg=key)
        if key != "ratio.api00_api99":  # R's svyratio.svyrep.design has no deff
            assert table["deff"] == pytest.approx(want[2], rel=RTOL)
    stype = d.proportion("stype")  # svymean(~stype, <name>)
    want = r_ref[f"{name}.mean.stype"]
    assert_allclose(stype["estimate"], want[:3], rtol=RTOL)
    assert_allclose(stype["se"], want[3:], rtol=1e-8, atol=1e-13)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("method", ["logit", "beta", "mean", "xlogit", "asin"])
def test_replicate_proportion_intervals_equal_svyciprop(reps, r_ref, name, method):
    # svyciprop(~I(sch.wide == "Yes"), <name>, method = method): "logit" uses the replicates' logits (svyglm)
    row = reps[name].proportion("sch.wide", level="Yes", method=method).iloc[0]
    want = r_ref[f"{name}.ciprop.sch_wide.{method}"]
    assert row["estimate"] == pytest.approx(want[0], rel=1e-8)
    assert row["se"] == pytest.approx(want[1], rel=RTOL)
    assert_allclose([row["ci_low"], row["ci_high"]], want[2:], rtol=1e-7 if method == "logit" else RTOL)


@pytest.mark.parametrize("name", NAMES)
def test_replicate_domains_equal_svyby(reps, r_ref, name):
    d = reps[name]
    means = d.mean("api00", by="stype")  # svyby(~api00, ~stype, <name>, svymean, deff = TRUE)
    # svyby(~I(sch.wide == "Yes"), ~stype, <name>, svyciprop, vartype = "ci", method = "beta")
    props = d.proportion("sch.wide", level="Yes", by="stype", method="beta")
    for level in ["E", "H", "M"]:
        m = means.loc[(level, "api00")]
        assert_allclose([m["estimate"], m["se"], m["deff"]], r_ref[f"{name}.by_stype.mean.api00.{level}"], rtol=RTOL)
        assert m["df"] == r_ref[f"{name}.degf.stype.{level}"][0]  # degf(subset(<name>, stype == level))
        p = props.loc[(level, "sch.wide", "Yes")]
        assert_allclose(
            [p["estimate"], p["ci_low"], p["ci_high"]], r_ref[f"{name}.by_stype.ciprop_beta.{level}"], rtol=RTOL
        )


@pytest.mark.parametrize("name", NAMES)
def test_replicate_logit_equals_svyglm(reps, r_ref, name):
    d = reps[name]
    data = d.data.assign(sw=(d.data["sch.wide"] == "Yes").astype(int))
    design = ReplicateDesign(
        data, weight=d.weights, replicate_weights=d.replicates, type=d.type, scale=d.scale, rscales=d.rscales, mse=d.mse
    )
    # svyglm(sch.wide ~ ell + meals + mobility, design = <name>, family = quasibinomial()): each replicate refitted
    fit = design.logit("sw ~ ell + meals + mobility").coefficients
    assert_allclose(fit["estimate"], r_ref[f"{name}.glm.coef"], rtol=1e-7)
    assert_allclose(fit["se"], r_ref[f"{name}.glm.se"], rtol=1e-4)  # R's replicate fits stop at glm's 1e-8
    assert design.logit("sw ~ ell + meals + mobility").df_residual == r_ref[f"{name}.glm.df"][0]


def test_combined_weights_equal_multipliers(api, reps):
    clus1 = api["apiclus1"]
    mult = _multiplicities(clus1).to_numpy()
    combined = ReplicateDesign(
        clus1,
        weight="pw",
        replicate_weights=mult * clus1["pw"].to_numpy()[:, None],
        type="bootstrap",
        scale=reps["bclus1"].scale,
    )
    assert_allclose(
        combined.mean("api00")[["estimate", "se"]], reps["bclus1"].mean("api00")[["estimate", "se"]], rtol=1e-12
    )


def test_seeded_bootstrap_is_reproducible_and_near_the_linearised_se(api):
    dclus1 = SurveyDesign(api["apiclus1"], weight="pw", psu="dnum", fpc="fpc")
    a = dclus1.as_replicate(type="bootstrap", replicates=40, seed=7)
    b = dclus1.as_replicate(type="bootstrap", replicates=40, seed=7)
    c = dclus1.as_replicate(type="bootstrap", replicates=40, seed=8)
    assert np.array_equal(a.replicates, b.replicates) and not np.array_equal(a.replicates, c.replicates)
    assert a.scale == pytest.approx(15 / (14 * 39))  # R's bootweights: n/((n - 1)(R - 1))
    many = dclus1.as_replicate(type="bootstrap", replicates=2000, seed=1)
    linear = dclus1.mean("api00")["se"].iloc[0]
    assert many.mean("api00")["se"].iloc[0] == pytest.approx(linear, rel=0.1)


def test_default_scales_and_errors(api):
    clus1 = api["apiclus1"]
    ones = np.ones((len(clus1), 4)) * clus1["pw"].to_numpy()[:, None]
    assert ReplicateDesign(clus1, weight="pw", replicate_weights=ones, type="JK1").scale == pytest.approx(3 / 4)
    assert ReplicateDesign(clus1, weight="pw", replicate_weights=ones, type="BRR").scale == pytest.approx(1 / 4)
    fay = ReplicateDesign(clus1, weight="pw", replicate_weights=ones, type="Fay", fay_rho=0.5)
    assert fay.scale == pytest.approx(1 / (4 * 0.25))
    with pytest.raises(ValueError, match="needs rscales"):
        ReplicateDesign(clus1, weight="pw", replicate_weights=ones, type="JKn")
    with pytest.raises(KeyError, match=r"\['rep1'\] are not in the data"):
        ReplicateDesign(clus1, weight="pw", replicate_weights=["rep1"], type="JK1")
    dstrat = SurveyDesign(api["apistrat"], weight="pw", strata="stype", fpc="fpc")
    with pytest.raises(ValueError, match="JK1 is for unstratified designs"):
        dstrat.as_replicate(type="JK1")


def test_failed_replicates_are_dropped_with_a_warning():
    reps = np.array([[1.0], [np.nan], [3.0]])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        v = replicate_variance(reps, np.array([2.0]), scale=1.0, rscales=np.ones(3), mse=False)
    assert v[0, 0] == pytest.approx(2.0) and "1 replicates gave NA" in str(caught[0].message)
