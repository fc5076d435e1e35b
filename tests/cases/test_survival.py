"""Time to closure: censoring by hand, published survival analyses, statsmodels' PHReg, Demo City truth."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from statsmodels.duration.hazard_regression import PHReg

from governance_analytics.cases.survival import (
    compare_departments,
    kaplan_meier,
    logrank,
    median_time_to_closure,
    time_to_closure,
)
from governance_analytics.demo.cases import HANDLING_MEDIAN_H

T = pd.Timestamp


# ------------------------------------------------------------------------------ reference data sets
def _durations(groups: dict[str, str], by: str = "arm") -> pd.DataFrame:
    """``{group: "6,6,6+,..."}`` ('+' = censored) as a durations table."""
    rows = [
        (float(v.rstrip("+")), not v.endswith("+"), g, i % 2)
        for g, values in groups.items()
        for i, v in enumerate(values.split(","))
    ]
    return pd.DataFrame(rows, columns=["duration_h", "closed", by, "stratum"])


# Freireich et al. (1963) Blood 21:699 — remission of acute leukaemia in weeks, as in Gehan (1965)
# Biometrika 52:203 and Kalbfleisch & Prentice (2002) Table 1.1.
GEHAN = _durations(
    {
        "6-MP": "6,6,6,6+,7,9+,10,10+,11+,13,16,17+,19+,20+,22,23,25+,32+,32+,34+,35+",
        "placebo": "1,1,2,2,3,4,4,5,5,8,8,8,8,11,11,12,12,15,17,22,23",
    }
)
# A small three-group set with ties and censoring (made up for the k-group checks).
THREE = _durations(
    {"A": "2,3,3,5+,6,7,7,9,12+,14", "B": "4,5,6,6+,8,10,11,13+,15,18", "C": "1,2,2,3,4+,4,5,7,8,9+"}, by="group"
)

# Reference values computed independently with lifelines 0.30.3 and scikit-survival 0.28.0 (throwaway
# venv, not a project dependency), and matching the published ones (Kalbfleisch & Prentice 2002, §1.1
# and §4.2; R survival's survdiff/coxph):
#   KaplanMeierFitter().fit(t_6mp, e_6mp).survival_function_ / .confidence_interval_   (log-log limits)
KM_6MP = {
    6: (0.857142857142857, 0.619718, 0.951552),
    7: (0.8067226890756299, 0.563147, 0.922809),
    10: (0.7529411764705878, 0.503200, 0.889362),
    13: (0.6901960784313722, 0.431610, 0.849066),
    16: (0.6274509803921566, 0.367511, 0.804912),
    22: (0.5378151260504199, 0.267779, 0.746791),
    23: (0.44817927170868327, 0.188052, 0.680143),
}
#   logrank_test(t_6mp, t_placebo, e_6mp, e_placebo): 16.792940989216547, p 4.168809109334511e-05
#   (sksurv.compare.compare_survival: 16.792940989216525); published 16.79 on 1 df, p = 4.17e-5
GEHAN_LOGRANK = (16.792940989216547, 4.168809109334511e-05)
#   median_survival_times(KaplanMeierFitter().fit(t_placebo, e_placebo).confidence_interval_): 8, (4, 11);
#   6-MP: 23, (13, inf)
#   Cox, Efron: CoxPHSurvivalAnalysis(ties="efron", tol=1e-14, n_iter=500).fit(X, y).coef_ 1.5721251488290655;
#   CoxPHFitter().fit(df, "time", "event"): se 0.4123966970500348, p 0.00013775402177753523 (its coef
#   1.5721248778883834 stops ~3e-7 short of convergence); published 1.572 (se 0.412)
#   Cox, Breslow: CoxPHSurvivalAnalysis(ties="breslow", tol=1e-12).fit(X, y).coef_ 1.5091914125858785; its
#   information Σ_t d_t·π_t(1 − π_t) by a plain loop over event times: se 0.40956440636674124;
#   published 1.509 (se 0.410)
#   THREE: multivariate_logrank_test(time, group, event): 5.333769925311673, p 0.06946828491951774, df 2
#   (compare_survival: 5.333769925311676); Cox (Efron) on dummies B, C: CoxPHSurvivalAnalysis(tol=1e-14)
#   coef B -0.6849833903046556, C 0.5905176910099688; CoxPHFitter().fit(..., fit_options={"precision":
#   1e-12}): se B 0.5439302801431942, C 0.5174327870381422, cov(B, C) 0.11753822265311821; with
#   strata=["stratum"]: coef B -0.6577378167015161, C 0.6044234085267471, se B 0.5467686008226075,
#   C 0.5209435703591646


# ------------------------------------------------------------------------------- time to closure
def _case(created, filed=None, closed=None, status=None, dept="A"):
    status = status or ("closed" if closed else ("open" if filed else "not_filed"))
    return {
        "created_at": T(created),
        "filed_at": filed and T(filed),
        "closed_at": closed and T(closed),
        "dispatched_at": None,
        "handled_at": None,
        "feedback_at": None,
        "due_at": None,
        "department": dept,
        "status": status,
    }


@pytest.fixture
def cases():
    rows = [
        _case("2025-03-01 08:00", "2025-03-01 09:00", "2025-03-01 15:00"),  # 0 closed: 6 h
        _case("2025-03-02 08:00", "2025-03-02 10:00", "2025-03-12 10:00"),  # 1 closed after as_of: censored
        _case("2025-03-03 08:00", "2025-03-03 08:30"),  # 2 open: censored
        _case("2025-03-04 08:00"),  # 3 not filed
        _case("2025-03-09 20:00", "2025-03-10 01:00"),  # 4 filed after as_of
        _case("2025-03-11 08:00", "2025-03-11 09:00", "2025-03-11 10:00"),  # 5 reported after as_of
        _case("2025-03-05 08:00", "2025-03-05 12:00", "2025-03-05 11:00", dept="B"),  # 6 closed before filed
        _case("2025-03-06 08:00", "2025-03-06 08:00", "2025-03-06 08:00", dept="B"),  # 7 closed at once: 0 h
    ]
    frame = pd.DataFrame(rows, index=pd.Index([f"c{i}" for i in range(len(rows))], name="case"))
    stamps = ["created_at", "filed_at", "dispatched_at", "handled_at", "feedback_at", "closed_at", "due_at"]
    return frame.astype({c: "datetime64[us]" for c in stamps})


def test_censoring_by_hand(cases):
    result = time_to_closure(cases, as_of="2025-03-10 00:00")
    d = result.durations
    assert list(d.index) == ["c0", "c1", "c2", "c7"]
    # c0: 09:00 → 15:00 closed; c1: filed 03-02 10:00, closed after as_of → censored at as_of (
    # 7 days 14 h = 182 h); c2: 03-03 08:30 → as_of = 6 days 15.5 h = 159.5 h censored; c7: 0 h closed
    assert_allclose(d["duration_h"], [6.0, 182.0, 159.5, 0.0])
    assert list(d["closed"]) == [True, False, False, True]
    assert list(d["department"]) == ["A", "A", "A", "B"]  # grouping columns pass through
    reasons = result.left_out["reason"].to_dict()
    assert reasons == {
        "c3": "not filed by as_of",
        "c4": "not filed by as_of",
        "c5": "reported after as_of",
        "c6": "closed_at before filed_at",
    }
    assert result.n_in == len(cases) == len(d) + len(result.left_out)
    assert result.start == "filed_at" and result.as_of == T("2025-03-10 00:00")
    assert "8 in = 4 used (2 closed, 2 censored" in result.summary()


def test_default_as_of_is_latest_timestamp(cases):
    result = time_to_closure(cases)
    assert result.as_of == T("2025-03-12 10:00")  # c1's closure
    d = result.durations
    assert d.loc["c1", "closed"] and d.loc["c1", "duration_h"] == pytest.approx(240.0)
    assert d.loc["c4", "duration_h"] == pytest.approx(57.0)  # filed 03-10 01:00, open at 03-12 10:00
    assert set(result.left_out.index) == {"c3", "c6"}


@pytest.mark.parametrize("how", ["absent", "empty"])
def test_export_without_filing_stage_starts_at_report(cases, how):
    """NYC 311-like export: no 立案 — every reported case counts as filed unless its status says not_filed."""
    export = cases.drop(columns="filed_at") if how == "absent" else cases.assign(filed_at=pd.NaT)
    result = time_to_closure(export, as_of="2025-03-10 00:00")
    assert result.start == "created_at"
    d = result.durations
    # c3's status is not_filed; c6 closed at 11:00 after its report at 08:00 — consistent now
    assert list(d.index) == ["c0", "c1", "c2", "c4", "c6", "c7"]
    assert_allclose(d["duration_h"], [7.0, 184.0, 160.0, 4.0, 3.0, 0.0])
    assert list(d["closed"]) == [True, False, False, False, True, True]
    assert result.left_out["reason"].to_dict() == {"c3": "not filed (status not_filed)", "c5": "reported after as_of"}
    assert len(d) + len(result.left_out) == len(cases)


def test_other_start_column(cases):
    result = time_to_closure(cases.assign(dispatched_at=cases["filed_at"]), as_of="2025-03-10", start="dispatched_at")
    assert result.start == "dispatched_at"
    assert result.left_out.loc["c3", "reason"] == "no dispatched_at by as_of"


# ------------------------------------------------------------------------------------ Kaplan–Meier
def test_kaplan_meier_gehan_6mp():
    km = kaplan_meier(GEHAN, by="arm").set_index(["arm", "time_h"])
    got = km.loc["6-MP"].loc[list(KM_6MP)]
    ref = np.array(list(KM_6MP.values()))
    assert_allclose(got["survival"], ref[:, 0], rtol=1e-12)
    assert_allclose(got[["ci_low", "ci_high"]], ref[:, 1:], atol=1e-6)  # lifelines prints 6 decimals
    assert km.loc[("6-MP", 6.0), "n_at_risk"] == 21 and km.loc[("6-MP", 6.0), "n_events"] == 3
    assert km.loc[("6-MP", 7.0), "n_at_risk"] == 17  # the censored 6+ left the risk set
    assert km.loc[("6-MP", 0.0), "survival"] == 1.0


def test_kaplan_meier_on_a_grid():
    km = kaplan_meier(GEHAN, by="arm", times=[0, 6.5, 12, 35, 40]).set_index(["arm", "time_h"])
    six = km.loc["6-MP"]
    assert_allclose(six["survival"].iloc[:4], [1.0, KM_6MP[6][0], KM_6MP[10][0], KM_6MP[23][0]])
    assert np.isnan(six.loc[40.0, "survival"])  # past the last observation (35+): undefined
    # at risk: all 21; 17 after the three 6s and the 6+; 12 from 13 on; only the 35+ at 35
    assert list(six["n_at_risk"]) == [21, 17, 12, 1, 0]
    # closures in (previous grid time, time]: the three 6s; 7 and 10; 13, 16, 22 and 23; none
    assert list(six["n_events"]) == [0, 3, 2, 4, 0]
    assert km.loc[("placebo", 40.0), "survival"] == 0.0  # reached 0 at 23: stays 0


def test_median_gehan():
    m = median_time_to_closure(GEHAN, by="arm")
    columns = ["median_h", "median_ci_low", "median_ci_high"]
    assert tuple(m.loc["placebo", columns]) == (8, 4, 11)
    assert tuple(m.loc["6-MP", columns]) == (23, 13, np.inf)
    assert (m.loc["6-MP", "n"], m.loc["6-MP", "n_closed"], m.loc["6-MP", "n_censored"]) == (21, 9, 12)
    assert m.loc["6-MP", "closed_within_24h"] == pytest.approx(1 - KM_6MP[23][0])
    assert np.isnan(m.loc["6-MP", "closed_within_72h"])  # beyond 35 weeks nothing is known
    assert list(median_time_to_closure(GEHAN).index) == ["all"]


# ---------------------------------------------------------------------------------------- log-rank
def test_logrank_gehan():
    test = logrank(GEHAN, by="arm")
    assert (test.statistic, test.pvalue) == pytest.approx(GEHAN_LOGRANK, rel=1e-10)
    assert test.df == 1 and test.groups == ("6-MP", "placebo")


def test_logrank_three_groups():
    test = logrank(THREE, by="group")
    assert (test.statistic, test.pvalue) == pytest.approx((5.333769925311673, 0.06946828491951774), rel=1e-10)
    assert test.df == 2


# --------------------------------------------------------------------------------------------- Cox
@pytest.mark.parametrize(
    ("ties", "coef", "se"),
    [("efron", 1.5721251488290655, 0.4123966970500348), ("breslow", 1.5091914125858785, 0.40956440636674124)],
)
def test_cox_gehan(ties, coef, se):
    result = compare_departments(GEHAN, by="arm", reference="6-MP", ties=ties)
    row = result.table.loc["placebo"]
    assert row["coef"] == pytest.approx(coef, rel=1e-9)
    assert row["std_err"] == pytest.approx(se, rel=1e-6)
    assert row["hazard_ratio"] == pytest.approx(np.exp(coef), rel=1e-7)
    if ties == "efron":
        assert row["pvalue"] == pytest.approx(0.00013775402177753523, rel=1e-5)  # lifelines: coef 3e-7 short
    assert result.table.loc["6-MP", "hazard_ratio"] == 1.0 and np.isnan(result.table.loc["6-MP", "pvalue"])
    assert list(result.table.index) == ["placebo", "6-MP"]  # placebo relapses faster: rank 1
    # statsmodels' PHReg on the same data
    fit = PHReg(
        GEHAN["duration_h"],
        (GEHAN["arm"] == "placebo").to_numpy(float)[:, None],
        status=GEHAN["closed"].to_numpy(float),
        ties=ties,
    ).fit()
    assert_allclose([row["coef"], row["std_err"], result.loglike], [fit.params[0], fit.bse[0], fit.llf], rtol=1e-9)


def test_cox_three_groups_and_strata():
    plain = compare_departments(THREE, by="group", reference="A")
    assert_allclose(plain.table.loc[["B", "C"], "coef"], [-0.6849833903046556, 0.5905176910099688], rtol=1e-9)
    assert_allclose(plain.table.loc[["B", "C"], "std_err"], [0.5439302801431942, 0.5174327870381422], rtol=1e-7)
    assert plain.cov.loc["B", "C"] == pytest.approx(0.11753822265311821, rel=1e-7)
    strat = compare_departments(THREE, by="group", reference="A", strata="stratum")
    assert_allclose(strat.table.loc[["B", "C"], "coef"], [-0.6577378167015161, 0.6044234085267471], rtol=1e-7)
    assert_allclose(strat.table.loc[["B", "C"], "std_err"], [0.5467686008226075, 0.5209435703591646], rtol=1e-7)


def test_rank_draws_are_seeded_and_plausible():
    a = compare_departments(THREE, by="group", n_draws=500, seed=3).table
    b = compare_departments(THREE, by="group", n_draws=500, seed=3).table
    pd.testing.assert_frame_equal(a, b)
    # C closes fastest, B slowest, but with ten cases each the rank intervals span all three places
    assert list(a.index) == ["C", "A", "B"]
    assert (a["rank_low"] <= a["rank_median"]).all() and (a["rank_median"] <= a["rank_high"]).all()
    assert a.loc["C", "rank_high"] >= 2 and a.loc["B", "rank_low"] <= 2
    assert compare_departments(THREE, by="group").reference == "A"  # all of size 10: the first label


def test_cox_errors():
    with pytest.raises(ValueError, match="no closed case"):
        compare_departments(GEHAN.assign(closed=GEHAN["closed"] & (GEHAN["arm"] == "placebo")), by="arm")
    with pytest.raises(ValueError, match="never at risk together"):
        compare_departments(GEHAN, by="arm", strata="arm")
    with pytest.raises(ValueError, match="reference"):
        compare_departments(GEHAN, by="arm", reference="nobody")
    # A's cases all close while B's are still open: the likelihood rises without bound
    separated = pd.DataFrame({"duration_h": [1.0, 2, 3, 4, 5, 6], "closed": True, "g": list("AAABBB")})
    with pytest.raises(ValueError, match="monotone likelihood"):
        compare_departments(separated, by="g")
    with pytest.raises(ValueError, match="missing in 1 rows"):
        kaplan_meier(GEHAN.assign(arm=GEHAN["arm"].where(GEHAN.index != 0)), by="arm")


# --------------------------------------------------------------------------------------- Demo City
@pytest.fixture(scope="module")
def demo_durations(demo_city):
    return time_to_closure(demo_city.tables["cases"]).durations


def test_demo_cox_equals_phreg_stratified(demo_durations):
    """Our count-based Cox fit equals statsmodels' PHReg (a 2 000-case sample: PHReg loops in Python)."""
    sample = demo_durations.sample(2000, random_state=7)
    result = compare_departments(sample, strata="channel", reference="环境卫生管理处")
    exog = pd.get_dummies(sample["department"]).drop(columns="环境卫生管理处").astype(float)
    # PHReg's default Newton steps without step halving: on this sample a wild first step empties the
    # risk-set sums (a division by zero, NaN everywhere), so it is fitted by BFGS to a tight gradient
    fit = PHReg(
        sample["duration_h"].to_numpy(),
        exog.to_numpy(),
        status=sample["closed"].to_numpy(float),
        strata=sample["channel"].to_numpy(),
        ties="efron",
    ).fit(method="bfgs", gtol=1e-10, maxiter=1000, disp=False)
    assert_allclose(result.table.loc[exog.columns, "coef"], fit.params, atol=1e-6)
    assert_allclose(result.table.loc[exog.columns, "std_err"], fit.bse, rtol=1e-6)


def test_demo_department_ranking_recovers_planted_speeds(demo_durations, demo_city):
    """Cases reported before the planted slowdown (2023-01 … 2025-09, ~250 000 cases, one Cox fit)."""
    before = demo_durations[demo_durations["created_at"] < demo_city.truth["cases"]["slowdown"]["start"]]
    table = compare_departments(before).table
    planted = sorted(HANDLING_MEDIAN_H, key=HANDLING_MEDIAN_H.get)  # fastest first
    assert list(table.index) == planted
    fastest, slowest = table.loc["应急管理局"], table.loc["住房和城乡建设局"]
    assert fastest["rank_high"] < slowest["rank_low"]
    assert (fastest["rank_median"], slowest["rank_median"]) == (1, len(planted))
    # departments whose planted medians differ by a quarter or more: disjoint rank intervals, right order
    for a in planted:
        for b in planted:
            if HANDLING_MEDIAN_H[b] >= 1.25 * HANDLING_MEDIAN_H[a]:
                assert table.loc[a, "rank_high"] < table.loc[b, "rank_low"], (a, b)


def test_demo_slowdown_hazard_ratio_and_median(demo_durations, demo_city):
    slow = demo_city.truth["cases"]["slowdown"]
    d = demo_durations
    months = (d["created_at"] >= "2025-07-01") & (d["created_at"] < "2025-12-01")
    dept = d[(d["department"] == slow["department"]) & months]
    dept = dept.assign(period=np.where(dept["created_at"] >= slow["start"], "after", "before"))
    row = compare_departments(dept, by="period", reference="before").table.loc["after"]
    assert row["hazard_ratio"] < 0.5 and row["hr_ci_high"] < 1
    medians = median_time_to_closure(dept, by="period")["median_h"]
    # Only handling (派遣→处置) is slowed 3×; the other stages (a few hours of ~35) are not, which pulls
    # the ratio of filing→closure medians a little below 3, and each median of ~700 / ~1 100 cases has
    # a sampling error of ~4 % — so ±20 % around the planted factor.
    assert medians["after"] / medians["before"] == pytest.approx(slow["handling_time_multiplier"], rel=0.2)


def test_nyc311_time_to_closure(shared_data):
    # a real US 311 export: no filing step, so the clock starts at the report; the 44 open requests
    # are censored at the latest timestamp, and the sentinel 1900 closing date was cleared on reading
    from governance_analytics.io import read_cases

    cases = read_cases(shared_data / "cases" / "nyc311_2011_subset_micro.csv").cases
    closure = time_to_closure(cases)
    assert closure.start == "created_at" and closure.n_in == len(cases) == len(closure.durations) + len(
        closure.left_out
    )
    closed = cases["closed_at"].notna() & (cases["closed_at"] >= cases["created_at"])
    assert int(closure.durations["closed"].sum()) == int(closed.sum())
    hours = (cases.loc[closed, "closed_at"] - cases.loc[closed, "created_at"]).dt.total_seconds() / 3600
    assert closure.durations.loc[closed[closed].index, "duration_h"].to_numpy() == pytest.approx(hours.to_numpy())
    km = kaplan_meier(closure.durations, by="department")
    assert set(km["department"]) == set(cases["department"].dropna())
