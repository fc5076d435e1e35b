"""Domain means with their joint covariance, contrasts, group differences and Wald tests against R survey.

Reference values: R 4.x, survey 4.1.1, from ``tests/participation/participation_reference.R``; each
assertion quotes its R call. Designs (as ``survey_reference.R``):

    dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
    dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
    dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
"""

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.participation import SurveyDesign
from governance_analytics.participation.contrasts import (
    DomainMeans,
    compare_groups,
    contrast,
    domain_means,
    group_wald_test,
)


@pytest.fixture(scope="module")
def dclus1(apiclus) -> SurveyDesign:
    return SurveyDesign(apiclus["apiclus1"], weight="pw", psu="dnum", fpc="fpc")


@pytest.fixture(scope="module")
def dclus2(apiclus) -> SurveyDesign:
    return SurveyDesign(apiclus["apiclus2"], weight=None, psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])


def test_domain_means_and_their_covariance_equal_svyby_covmat(dclus1):
    means = domain_means(dclus1, "api00", by="stype")
    assert isinstance(means, DomainMeans) and list(means.table.index) == ["E", "H", "M"]
    # coef(svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE))
    assert_allclose(means.table["estimate"], [648.868055555556, 618.571428571429, 631.44], rtol=1e-12)
    # SE(svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE))
    assert_allclose(means.table["se"], [22.3624088938319, 38.0202493594075, 31.6094652272455], rtol=1e-10)
    # vcov(svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)): the domains share districts, so they covary
    r_vcov = [
        [500.077331534932, 521.979779636953, 646.837432379581],
        [521.979779636953, 1445.53936135153, 658.330933383657],
        [646.837432379581, 658.330933383657, 999.158291952444],
    ]
    assert_allclose(means.vcov.to_numpy(), r_vcov, rtol=1e-10)
    # the diagonal is SurveyDesign.mean's by= standard error, and the domain df are its
    by = dclus1.mean("api00", by="stype").droplevel("variable")
    assert_allclose(means.table["se"], by["se"], rtol=1e-12)
    assert_allclose(means.table["ci_low"], by["ci_low"], rtol=1e-12)
    assert means.df == 14 and means.residual_df == 12


def test_contrast_equals_svycontrast(dclus1):
    means = domain_means(dclus1, "api00", by="stype")
    # c(coef(svycontrast(b, c(E = 1, H = 0, M = -1))), SE(...));
    # b <- svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)
    one = contrast(means, {"E": 1, "M": -1}, df=math.inf)
    assert_allclose(one[["estimate", "se"]].to_numpy()[0], [17.4280555555555, 14.3373902342168], rtol=1e-10)
    # confint(svycontrast(b, c(E = 1, H = 0, M = -1))): normal quantile
    assert_allclose(one[["ci_low", "ci_high"]].to_numpy()[0], [-10.6727129358056, 45.5288240469166], rtol=1e-9)
    # svycontrast(b, list(HvE = c(-1, 1, 0), MvE = c(-1, 0, 1))): estimates then SEs
    two = contrast(means, {"HvE": {"H": 1, "E": -1}, "MvE": {"M": 1, "E": -1}})
    assert list(two.index) == ["HvE", "MvE"]
    assert_allclose(
        [*two["estimate"], *two["se"]],
        [-30.296626984127, -17.4280555555555, 30.0276061918454, 14.3373902342168],
        rtol=1e-10,
    )
    assert (two["df"] == 12).all()
    # ignoring the covariance would overstate the SE of E - M by a third
    naive = math.sqrt(means.vcov.loc["E", "E"] + means.vcov.loc["M", "M"])
    assert naive > 1.3 * one["se"].iloc[0]
    with pytest.raises(KeyError, match="no domain"):
        contrast(means, {"X": 1})


def test_two_group_difference_equals_svyttest(dclus1, api):
    # with(svyttest(api00 ~ sch.wide, dclus1), c(estimate, statistic, parameter, p.value, conf.int))
    table = compare_groups(dclus1, "api00", by="sch.wide")
    row = table.loc["Yes"]
    assert row["reference"] == "No"
    assert_allclose(
        [row["difference"], row["t"], row["df"], row["p_value"], row["ci_low"], row["ci_high"]],
        [41.3190217391304, 2.10898984779292, 13, 0.0549088170890467, -1.00660613164295, 83.6446496099038],
        rtol=1e-9,
    )
    assert row["estimate_group"] - row["estimate_reference"] == pytest.approx(row["difference"])
    # a 0/1 item in a stratified design: with(svyttest(x1 ~ stype == 'E', dstrat), ...) (x1 = sch.wide == "Yes")
    strat = api["apistrat"].assign(x1=lambda d: (d["sch.wide"] == "Yes").astype(int), is_e=lambda d: d["stype"] == "E")
    dstrat = SurveyDesign(strat, weight="pw", strata="stype", fpc="fpc")
    row = compare_groups(dstrat, "x1", by="is_e", reference=False).loc[True]
    assert_allclose(
        [row["difference"], row["t"], row["df"], row["p_value"], row["ci_low"], row["ci_high"]],
        [0.286649745985384, 5.22083998900456, 196, 4.52404606389817e-07, 0.178369511113732, 0.394929980857037],
        rtol=1e-8,
    )


def test_wald_test_equals_regtermtest(dclus1, dclus2, api):
    # with(regTermTest(svyglm(api00 ~ stype, dclus1), ~stype), c(Ftest, df, ddf, p))
    test = group_wald_test(dclus1, "api00", by="stype")
    assert_allclose(
        [test.statistic, test.df_num, test.df_den, test.p_value],
        [1.27820074251778, 2, 12, 0.313879768243218],
        rtol=1e-9,
    )
    assert test.chisq == pytest.approx(2 * test.statistic)
    # missing values leave the fit, not the design: with(regTermTest(svyglm(enroll ~ stype, dclus2), ~stype), ...)
    test = group_wald_test(dclus2, "enroll", by="stype", na_rm=True)
    assert_allclose(
        [test.statistic, test.df_num, test.df_den, test.p_value],
        [50.4913788896993, 2, 35, 4.84421595844266e-11],
        rtol=1e-8,
    )
    with pytest.raises(ValueError, match="na_rm=True"):
        group_wald_test(dclus2, "enroll", by="stype")
    # stratified, 0/1 item: with(regTermTest(svyglm(x3 ~ stype, dstrat), ~stype), ...) (x3 = awards == "Yes")
    strat = api["apistrat"].assign(x3=lambda d: (d["awards"] == "Yes").astype(int))
    test = group_wald_test(SurveyDesign(strat, weight="pw", strata="stype", fpc="fpc"), "x3", by="stype")
    assert_allclose(
        [test.statistic, test.df_num, test.df_den, test.p_value],
        [14.9443701737184, 2, 195, 9.15214095686312e-07],
        rtol=1e-8,
    )


def test_two_groups_t_squared_is_f_and_replicates_agree(dclus1):
    t = compare_groups(dclus1, "api00", by="sch.wide").loc["Yes", "t"]
    f = group_wald_test(dclus1, "api00", by="sch.wide")
    assert f.statistic == pytest.approx(t**2) and f.df_den == 13
    # replicate designs: c(coef(svycontrast(svyby(~api00, ~stype, rclus1, svymean, covmat = TRUE),
    #   list(HvE = c(-1, 1, 0), MvE = c(-1, 0, 1)))), SE(...)); rclus1 <- as.svrepdesign(dclus1, type = "JK1")
    rep = compare_groups(dclus1.as_replicate(type="JK1"), "api00", by="stype", reference="E")
    assert_allclose(
        [*rep["difference"], *rep["se"]],
        [-30.296626984127, -17.4280555555556, 37.6075156699006, 14.9035357398088],
        rtol=1e-10,
    )


def test_hand_worked_simple_random_sample():
    """Equal weights, every row its own PSU, no fpc: the covariance of the domain means is
    n/(n-1) Σ_i z_i z_iᵀ with influence values z_ig = d_ig (y_i - ȳ_g) / N_g, written out for six rows."""
    data = pd.DataFrame({"y": [1.0, 2.0, 3.0, 10.0, 14.0, 12.0], "g": ["a", "a", "a", "b", "b", "b"], "w": 1.0})
    design = SurveyDesign(data, weight="w")
    means = domain_means(design, "y", by="g")
    assert_allclose(means.table["estimate"], [2.0, 12.0])
    # influence z_i = d_ig (y_i - ybar_g) / 3; V = n/(n-1) Σ (z_i - zbar)² with zbar = 0
    z_a = np.array([-1, 0, 1, 0, 0, 0]) / 3
    z_b = np.array([0, 0, 0, -2, 2, 0]) / 3
    v = 6 / 5 * np.array([[z_a @ z_a, z_a @ z_b], [z_b @ z_a, z_b @ z_b]])
    assert_allclose(means.vcov.to_numpy(), v, atol=1e-15)
    diff = compare_groups(design, "y", by="g").loc["b"]
    assert diff["difference"] == pytest.approx(10.0)
    assert diff["se"] == pytest.approx(math.sqrt(v[0, 0] + v[1, 1] - 2 * v[0, 1]))
    assert diff["df"] == 6 - 1 - 1  # design df 5, + 1 − 2 groups
