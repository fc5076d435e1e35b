"""The participation survey: schema, determinism, the two-stage design and the planted truth."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

from governance_analytics import schemas
from governance_analytics.demo import participation
from governance_analytics.demo._geography import build_geography

SEED = 11
ITEMS = [*participation.CHANNELS, "participated_any"]
FORMULA = (
    " ~ C(age_group, Treatment('18-29')) + C(sex, Treatment('male')) + C(hukou, Treatment('local'))"
    " + C(education, Treatment('below_secondary')) + C(income_band, Treatment('low')) + I(years_resident / 10)"
)
MIGRANT = "C(hukou, Treatment('local'))[T.migrant]"


@pytest.fixture(scope="module")
def geo():
    return build_geography(np.random.default_rng(1))


@pytest.fixture(scope="module")
def generated(geo):
    return participation.generate(geo, np.random.default_rng(SEED))


@pytest.fixture(scope="module")
def survey(generated):
    return generated[0]["survey"]


@pytest.fixture(scope="module")
def truth(generated):
    return generated[1]


def weighted_rate(df: pd.DataFrame, column: str) -> float:
    return float(np.average(df[column], weights=df["weight"]))


def test_survey_validates_with_schema_columns_first(survey):
    schemas.survey.validate(survey)
    assert list(survey.columns[: len(schemas.survey.columns)]) == list(schemas.survey.columns)
    for column, levels in [
        ("age_group", participation.AGE_GROUPS),
        ("sex", participation.SEXES),
        ("hukou", participation.HUKOU),
        ("education", participation.EDUCATION),
        ("income_band", participation.INCOME_BANDS),
    ]:
        assert set(survey[column]) == set(levels), column
    for column in [*ITEMS, "years_resident"]:
        assert survey[column].dtype == np.int64, column
    assert survey[list(participation.CHANNELS)].isin([0, 1]).all().all()
    assert (survey["participated_any"] == survey[list(participation.CHANNELS)].max(axis=1)).all()
    assert (survey["years_resident"] >= 0).all() and (survey["years_resident"] <= 85).all()


def test_same_seed_same_tables_and_truth(geo, survey, truth):
    tables, truth2 = participation.generate(geo, np.random.default_rng(SEED))
    pd.testing.assert_frame_equal(tables["survey"], survey)
    assert truth2 == truth
    json.dumps(truth)  # plain python types only


def test_design_strata_psus_and_fpc(geo, survey, truth):
    comms = geo.communities
    n_communities = comms.groupby("district").size()
    assert set(survey["stratum"]) == set(comms["district"]) and len(n_communities) == 6
    assert (survey["stratum"] == survey["district"]).all() and (survey["psu"] == survey["community_id"]).all()
    # PSUs nested in strata, and each in its own district
    assert (survey.groupby("psu")["stratum"].nunique() == 1).all()
    home = comms.set_index("community_id")["district"]
    assert (survey["stratum"].to_numpy() == home.reindex(survey["psu"]).to_numpy()).all()
    # fpc = number of communities in the stratum
    assert (survey["fpc"].to_numpy() == n_communities.reindex(survey["stratum"]).to_numpy()).all()
    assert (survey.groupby("stratum")["psu"].nunique() == participation.PSUS_PER_STRATUM).all()
    assert (survey.groupby("psu").size() == participation.RESPONDENTS_PER_PSU).all()
    assert truth["design"]["psus_in_stratum"] == {d: int(n) for d, n in n_communities.items()}
    assert sorted(p for ps in truth["design"]["sampled_psus"].values() for p in ps) == sorted(survey["psu"].unique())


def test_weights_are_inverse_inclusion_probabilities(geo, survey, truth):
    comms = geo.communities.set_index("community_id")
    adults = np.round(comms["population"] * participation.ADULT_SHARE).astype(int)
    assert truth["population"]["size"] == adults.sum()
    n_h = survey.groupby("stratum")["psu"].nunique()
    m_i = survey.groupby("psu").size()
    expected = (survey["fpc"] / n_h.reindex(survey["stratum"]).to_numpy()) * (
        adults.reindex(survey["psu"]).to_numpy() / m_i.reindex(survey["psu"]).to_numpy()
    )
    np.testing.assert_allclose(survey["weight"].to_numpy(), expected.to_numpy(), rtol=1e-12)


def test_weights_sum_to_population_size(survey, truth):
    """The weighted count is the Horvitz-Thompson total of the sampled PSUs' sizes: unbiased, but with
    SRS of communities of unequal size its design sd is about 9 %, so it is checked against its own
    estimated standard error (24 degrees of freedom), not against a fixed few per cent."""
    size = truth["population"]["size"]
    psu = survey.groupby(["stratum", "psu"]).agg(t=("weight", "sum"), fpc=("fpc", "first")).reset_index()
    total, var = 0.0, 0.0
    for _, g in psu.groupby("stratum"):
        n, big_n = len(g), g["fpc"].iat[0]
        var_h = big_n**2 * (1 - n / big_n) * (g["t"] * n / big_n).var(ddof=1) / n
        total, var = total + g["t"].sum(), var + var_h
    assert total == pytest.approx(survey["weight"].sum())
    assert abs(total - size) < 3 * np.sqrt(var)
    assert 0.03 < np.sqrt(var) / size < 0.15 and abs(total / size - 1) < 0.3


def test_population_truth_is_internally_consistent(truth):
    pop = truth["population"]
    assert sum(pop["size_by_district"].values()) == pop["size"] == sum(pop["size_by_hukou"].values())
    for item in ITEMS:
        by_hukou = (
            sum(pop["rate_by_hukou"][item][h] * pop["size_by_hukou"][h] for h in participation.HUKOU) / pop["size"]
        )
        by_district = (
            sum(pop["rate_by_district"][item][d] * n for d, n in pop["size_by_district"].items()) / pop["size"]
        )
        assert by_hukou == pytest.approx(pop["rate"][item], abs=1e-12)
        assert by_district == pytest.approx(pop["rate"][item], abs=1e-12)
    rate = pop["rate"]
    assert (
        0.01
        < rate["p_committee"]
        < rate["p_hearing"]
        < rate["p_consultation"]
        < rate["p_hotline"]
        < rate["p_notice"]
        < 0.7
    )
    assert rate["participated_any"] > rate["p_notice"]


def test_weighted_sample_rates_match_finite_population(survey, truth):
    pop = truth["population"]
    for item in ITEMS:
        assert weighted_rate(survey, item) == pytest.approx(pop["rate"][item], abs=0.035), item
        for h in participation.HUKOU:
            sub = survey[survey["hukou"] == h]
            assert weighted_rate(sub, item) == pytest.approx(pop["rate_by_hukou"][item][h], abs=0.06), (item, h)
    # planted gaps in the finite population: locals attend meetings more, migrants call the hotline more
    assert pop["rate_by_hukou"]["p_meeting"]["local"] > 2 * pop["rate_by_hukou"]["p_meeting"]["migrant"]
    assert pop["rate_by_hukou"]["p_hotline"]["migrant"] > pop["rate_by_hukou"]["p_hotline"]["local"]
    for channel, local_more in [("p_meeting", True), ("p_hotline", False)]:
        local = weighted_rate(survey[survey["hukou"] == "local"], channel)
        migrant = weighted_rate(survey[survey["hukou"] == "migrant"], channel)
        assert (local > migrant) is local_more, channel


def test_planted_odds_ratios_in_truth(truth):
    ors = truth["odds_ratios"]
    assert ors["p_meeting"]["hukou[migrant]"] == pytest.approx(0.5)  # local hukou OR = 2
    assert ors["p_hotline"]["hukou[migrant]"] > 1
    online = [ors["p_online"][f"education[{e}]"] for e in participation.EDUCATION[1:]]
    assert online == sorted(online) and online[0] > 1
    meeting_age = [ors["p_meeting"][f"age_group[{a}]"] for a in participation.AGE_GROUPS[1:]]
    assert meeting_age == sorted(meeting_age) and meeting_age[0] > 1
    for channel, terms in truth["coefficients"].items():
        for term, b in terms.items():
            if term != "intercept":
                assert ors[channel][term] == pytest.approx(np.exp(b))


@pytest.mark.parametrize("channel", ["p_meeting", "p_hotline"])
def test_glm_recovers_hukou_odds_ratio(survey, truth, channel):
    fit = smf.glm(channel + FORMULA, survey, family=sm.families.Binomial()).fit()
    planted = truth["coefficients"][channel]["hukou[migrant]"]
    est, se = fit.params[MIGRANT], fit.bse[MIGRANT]
    assert np.sign(est) == np.sign(planted) and abs(est) > 2 * se  # planted direction, clearly
    assert abs(est - planted) < 3 * se


def test_glm_recovers_education_gradient_of_online_participation(survey, truth):
    fit = smf.glm("p_online" + FORMULA, survey, family=sm.families.Binomial()).fit()
    terms = [f"C(education, Treatment('below_secondary'))[T.{e}]" for e in participation.EDUCATION[1:]]
    est = fit.params[terms].to_numpy()
    assert est[0] > 0 and est[2] > est[0]
    planted = np.array([truth["coefficients"]["p_online"][f"education[{e}]"] for e in participation.EDUCATION[1:]])
    assert np.all(np.abs(est - planted) < 3 * fit.bse[terms].to_numpy())


# ------------------------------------------------------------------------------ awareness items
AWARE = list(participation.AWARENESS_ITEMS)


def test_awareness_items_are_0_1_columns_after_the_participation_items(survey):
    assert list(survey.columns[-3:]) == ["participated_any", *AWARE]
    for column in AWARE:
        assert survey[column].dtype == np.int64 and survey[column].isin([0, 1]).all()
    # planted: the right is known more often than the rules, by locals more than migrants
    assert weighted_rate(survey, "aware_rights") > weighted_rate(survey, "aware_rules")


def test_awareness_is_drawn_last_so_no_earlier_column_or_truth_changes(geo, survey, truth, monkeypatch):
    """Replacing the awareness draws by constants (no draws) leaves every other column and truth value
    identical: the awareness items consume the generator's random stream only after everything else."""
    monkeypatch.setattr(
        participation, "_awareness", lambda pop, rng: {k: np.zeros(len(pop["community"]), np.int8) for k in AWARE}
    )
    tables, truth2 = participation.generate(geo, np.random.default_rng(SEED))
    others = [c for c in survey.columns if c not in AWARE]
    pd.testing.assert_frame_equal(tables["survey"][others], survey[others])
    assert {k: v for k, v in truth2.items() if k != "awareness"} == {k: v for k, v in truth.items() if k != "awareness"}
    assert set(truth) - set(truth2) == set() and "awareness" in truth


def test_awareness_truth_is_planted_and_consistent(truth):
    aware = truth["awareness"]
    pop = truth["population"]
    assert aware["planted_rate"]["aware_rights"]["local"] == dict(
        zip(participation.EDUCATION, participation.AWARENESS_RATES["aware_rights"]["local"])
    )
    for item in AWARE:
        by_hukou = sum(aware["rate_by_hukou"][item][h] * pop["size_by_hukou"][h] for h in participation.HUKOU)
        assert by_hukou / pop["size"] == pytest.approx(aware["rate"][item], abs=1e-12)
        for hukou in participation.HUKOU:  # planted: rising with education
            planted = list(aware["planted_rate"][item][hukou].values())
            assert planted == sorted(planted)
        for edu in participation.EDUCATION:  # planted: migrants know less at every education level
            assert aware["planted_rate"][item]["migrant"][edu] < aware["planted_rate"][item]["local"][edu]
        by_edu = list(aware["rate_by_education"][item].values())
        assert by_edu == sorted(by_edu)
        assert aware["rate_by_hukou"][item]["migrant"] < aware["rate_by_hukou"][item]["local"]
    assert aware["rate"]["aware_rules"] < aware["rate"]["aware_rights"]
    assert "independently of participation" in aware["effect_on_participation"]
