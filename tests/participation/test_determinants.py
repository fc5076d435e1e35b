"""Determinants of taking part: odds ratios and Wald tests against R survey, and recovery of the Demo
City's planted odds ratios.

R reference (``participation_reference.R``):
    dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1); sw = sch.wide == "Yes"
    m <- svyglm(sw ~ stype + meals, design = dclus1, family = quasibinomial(),
                control = glm.control(epsilon = 1e-15, maxit = 100))
"""

import math

import pytest
from numpy.testing import assert_allclose

from governance_analytics.participation import SurveyDesign
from governance_analytics.participation.determinants import (
    determinants,
    determinants_model,
    model_formula,
    odds_ratio_table,
    wald_tests,
)

COVARIATES = ["age_group", "sex", "hukou", "education", "income_band", "years_resident"]


@pytest.fixture(scope="module")
def dclus1(apiclus) -> SurveyDesign:
    data = apiclus["apiclus1"].assign(sw=lambda d: (d["sch.wide"] == "Yes").astype(int))
    return SurveyDesign(data, weight="pw", psu="dnum", fpc="fpc")


@pytest.fixture(scope="module")
def design(demo_city) -> SurveyDesign:
    return SurveyDesign(demo_city.tables["survey"], weight="weight", strata="stratum", psu="psu", fpc="fpc")


@pytest.fixture(scope="module")
def planted(demo_city) -> dict:
    return demo_city.truth["participation"]


def test_odds_ratios_and_wald_tests_equal_svyglm_and_regtermtest(dclus1):
    fit = determinants_model(dclus1, "sw", covariates=["stype", "meals"])
    assert fit.formula == "sw ~ C(stype, Treatment('E')) + meals"
    table = odds_ratio_table(fit)
    assert list(table["variable"]) == ["stype", "stype", "meals"]
    assert list(table["level"]) == ["H", "M", "per unit"] and list(table["reference"]) == ["E", "E", ""]
    # exp(coef(m))[-1], SE(m)[-1], exp(confint(m))[-1, ]
    assert_allclose(table["odds_ratio"], [0.282189903877343, 0.172153963276463, 0.990537919585801], rtol=1e-8)
    assert_allclose(table["se"], [0.651232755263878, 0.611037845042917, 0.00829244766208748], rtol=1e-7)
    assert_allclose(table["or_ci_low"], [0.0673044685686344, 0.0448580914028684, 0.972623047457823], rtol=1e-7)
    assert_allclose(table["or_ci_high"], [1.18314791786966, 0.66068319326441, 1.00878276810515], rtol=1e-7)
    assert fit.df_residual == 11  # m$df.residual
    tests = wald_tests(fit)
    # with(regTermTest(m, ~stype), c(Ftest, df, ddf, p)); with(regTermTest(m, ~meals), ...)
    assert_allclose(
        tests.loc["stype", ["f", "df_num", "df_den", "p_value"]].astype(float),
        [4.20850421754123, 2, 11, 0.0439194620847067],
        rtol=1e-7,
    )
    assert_allclose(
        tests.loc["meals", ["f", "df_num", "df_den", "p_value"]].astype(float),
        [1.31441774634677, 1, 11, 0.275923802895617],
        rtol=1e-7,
    )
    # a one-term covariate's F is its t squared
    assert tests.loc["meals", "f"] == pytest.approx(table.loc["meals", "t"] ** 2)
    chi = wald_tests(fit, df=math.inf)
    assert chi.loc["stype", "p_value"] < tests.loc["stype", "p_value"]


def test_formula_building(dclus1):
    data = dclus1.data
    assert (
        model_formula(
            "sw", covariates=["stype", "enroll"], data=data, reference_levels={"stype": "H"}, scale={"enroll": 100}
        )
        == "sw ~ C(stype, Treatment('H')) + I(enroll / 100)"
    )
    # a numeric column named in reference_levels is categorical
    assert (
        model_formula("sw", covariates=["cnum"], data=data, reference_levels={"cnum": 1})
        == "sw ~ C(cnum, Treatment(1))"
    )
    with pytest.raises(ValueError, match="reference level"):
        model_formula("sw", covariates=["stype"], data=data, reference_levels={"stype": "Z"})
    with pytest.raises(KeyError, match="not in the survey"):
        model_formula("sw", covariates=["nope"], data=data)
    with pytest.raises(ValueError, match="at least one"):
        model_formula("sw", covariates=[], data=data)
    scaled = determinants(
        dclus1, "sw", covariates=["stype", "meals"], reference_levels={"stype": "H"}, scale={"meals": 10}
    )
    assert scaled.loc["I(meals / 10)", "level"] == "per 10"
    assert scaled.loc["I(meals / 10)", "odds_ratio"] == pytest.approx(0.990537919585801**10, rel=1e-7)
    assert set(scaled["reference"]) == {"H", ""}


def test_planted_odds_ratios_are_covered(design, planted):
    refs, scale = planted["reference_levels"], {"years_resident": 10}
    meeting = determinants(design, "p_meeting", covariates=COVARIATES, reference_levels=refs, scale=scale)
    migrant = meeting[(meeting["variable"] == "hukou") & (meeting["level"] == "migrant")].iloc[0]
    truth = planted["odds_ratios"]["p_meeting"]["hukou[migrant]"]  # 0.5: local hukou OR = 2
    assert migrant["or_ci_low"] <= truth <= migrant["or_ci_high"] and migrant["or_ci_high"] < 1
    hotline = determinants(design, "p_hotline", covariates=COVARIATES, reference_levels=refs, scale=scale)
    row = hotline[hotline["variable"] == "hukou"].iloc[0]
    assert row["or_ci_low"] <= planted["odds_ratios"]["p_hotline"]["hukou[migrant]"] <= row["or_ci_high"]
    assert row["or_ci_low"] > 1  # migrants use 12345 more
    online = determinants(design, "p_online", covariates=COVARIATES, reference_levels=refs, scale=scale)
    for _, r in online[online["variable"] == "education"].iterrows():
        truth = planted["odds_ratios"]["p_online"][f"education[{r['level']}]"]
        assert r["or_ci_low"] <= truth <= r["or_ci_high"] and r["or_ci_low"] > 1, r["level"]
    years = meeting[meeting["variable"] == "years_resident"].iloc[0]
    assert years["or_ci_low"] <= planted["odds_ratios"]["p_meeting"]["years_resident_per_10y"] <= years["or_ci_high"]


def test_education_raises_any_participation(design, planted):
    fit = determinants_model(
        design,
        "participated_any",
        covariates=COVARIATES,
        reference_levels=planted["reference_levels"],
        scale={"years_resident": 10},
    )
    table = odds_ratio_table(fit).set_index(["variable", "level"])
    education = table.loc["education"].loc[["secondary", "college", "postgraduate"]]
    assert (education["or_ci_low"] > 1).all() and education["odds_ratio"].is_monotonic_increasing
    assert wald_tests(fit).loc["education", "p_value"] < 1e-3


def test_awareness_as_a_covariate_has_no_planted_effect(design, planted):
    """Awareness is drawn independently of participation given education and hukou (demo docstring):
    its conditional odds ratio is 1 in every channel's model; 17 of the 18 intervals cover 1 here
    (aware_rights in p_consultation's model misses)."""
    covered = []
    for channel in [*planted["coefficients"], "participated_any"]:
        table = determinants(
            design,
            channel,
            covariates=[*COVARIATES, "aware_rights", "aware_rules"],
            reference_levels=planted["reference_levels"],
            scale={"years_resident": 10},
        )
        rows = table.loc[["aware_rights", "aware_rules"]]
        assert list(rows["level"]) == ["per unit"] * 2
        covered += list((rows["or_ci_low"] <= 1) & (1 <= rows["or_ci_high"]))
    assert len(covered) == 18 and sum(covered) >= 16


def test_awareness_as_an_outcome(design, planted):
    """The planted awareness rates fall for migrants and rise with education."""
    for item in ("aware_rights", "aware_rules"):
        table = determinants(
            design, item, covariates=["hukou", "education"], reference_levels=planted["reference_levels"]
        ).set_index(["variable", "level"])
        assert table.loc[("hukou", "migrant"), "or_ci_high"] < 1
        education = table.loc["education"].loc[["secondary", "college", "postgraduate"], "odds_ratio"]
        assert education.is_monotonic_increasing and (education > 1).all()
