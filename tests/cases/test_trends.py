"""Backlog, KPI series and p-charts: hand-worked values, Montgomery's example, the Demo City slowdown."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.lifecycle import kpis
from governance_analytics.cases.trends import backlog, kpi_change, kpi_control_chart, kpi_series, p_chart

T = pd.Timestamp


@pytest.fixture
def cases():
    return pd.DataFrame(
        {
            "department": ["A", "A", "B", "B"],
            "created_at": [T("2025-01-05"), T("2025-01-20"), T("2025-02-03"), T("2025-02-10")],
            "filed_at": [T("2025-01-05"), T("2025-01-21"), T("2025-02-03"), pd.NaT],
            "closed_at": [T("2025-01-06"), T("2025-03-02"), pd.NaT, pd.NaT],
            "due_at": [T("2025-01-07"), T("2025-02-01"), T("2025-02-05"), pd.NaT],
            "n_rework": pd.array([0, 1, 0, 0], dtype="Int64"),
        }
    )


def test_backlog_hand_worked(cases):
    table = backlog(cases, as_of="2025-03-15")
    assert table.index.tolist() == [T("2025-01-01"), T("2025-02-01"), T("2025-03-01")]
    assert table["n_filed"].tolist() == [2, 1, 0]
    assert table["n_closed"].tolist() == [1, 0, 1]
    assert table["n_open"].tolist() == [1, 2, 1]
    by = backlog(cases, by="department", as_of="2025-03-15")
    assert by.xs("B", level="department")["n_open"].tolist() == [0, 1, 1]


def test_kpi_series_cohorts(cases):
    on_time = kpi_series(cases, kpi="on_time_closure_rate", as_of="2025-03-15")
    # due in January: case 1 (closed on time); due in February: cases 2 (late) and 3 (open)
    assert on_time["n"].tolist() == [1, 2] and on_time["x"].tolist() == [1, 0]
    filing = kpi_series(cases, kpi="filing_rate", as_of="2025-03-15")
    assert filing["rate"].tolist() == [1.0, 0.5]
    rework = kpi_series(cases, kpi="rework_rate", as_of="2025-03-15")
    assert rework.index.tolist() == [T("2025-01-01"), T("2025-03-01")] and rework["x"].tolist() == [0, 1]
    with pytest.raises(ValueError, match="kpi must be one of"):
        kpi_series(cases, kpi="speed")


def test_p_chart_montgomery_example():
    # Montgomery (2013), Example 7.1: 30 samples of n = 50 orange-juice cans, 347 nonconforming;
    # p̄ = 347/1500 = 0.2313, UCL = 0.4102, LCL = 0.0524 (values printed in the book)
    x = pd.Series(
        [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]
    )
    chart = p_chart(x, pd.Series(50, index=x.index))
    assert x.sum() == 347
    assert chart["centre"].iloc[0] == pytest.approx(0.2313, abs=5e-5)
    assert chart["ucl"].iloc[0] == pytest.approx(0.4102, abs=5e-5)
    assert chart["lcl"].iloc[0] == pytest.approx(0.0524, abs=5e-5)
    # samples 15 and 23 (22 and 24 nonconforming) are the book's out-of-control points
    assert chart.index[chart["signal"] == "above"].tolist() == [14, 22]


def test_p_chart_baseline_sets_the_centre():
    x, n = pd.Series([10, 10, 30]), pd.Series([100, 100, 100])
    chart = p_chart(x, n, baseline=pd.Series([True, True, False]))
    assert chart["centre"].iloc[0] == pytest.approx(0.1)
    assert chart["ucl"].iloc[2] == pytest.approx(0.1 + 3 * np.sqrt(0.1 * 0.9 / 100))
    assert chart["signal"].tolist() == ["", "", "above"]


def test_p_chart_without_baseline_cases_has_no_limits():
    # the data's first month is the baseline's end: no past, so no centre, no limits and no signal
    chart = p_chart(pd.Series([3, 9]), pd.Series([10, 10]), baseline=pd.Series([False, False]))
    assert chart["centre"].isna().all() and chart["lcl"].isna().all() and chart["ucl"].isna().all()
    assert chart["signal"].tolist() == ["", ""] and chart["rate"].tolist() == [0.3, 0.9]


def test_demo_city_backlog_matches_kpis(demo_city):
    cases = demo_city.tables["cases"]
    assert backlog(cases)["n_open"].iloc[-1] == kpis(cases).loc["all", "n_open"]


def test_demo_city_slowdown_is_the_only_signal(demo_city):
    cases = demo_city.tables["cases"]
    slow = demo_city.truth["cases"]["slowdown"]
    chart = kpi_control_chart(cases, kpi="on_time_closure_rate", by="department", baseline_end=slow["start"])
    signals = chart[chart["signal"] != ""]
    # the planted 3× handling slowdown pushes the department's on-time rate below its lower limit in
    # every month from the start; no other department-month leaves its limits
    assert set(signals.index.get_level_values("department")) == {slow["department"]}
    months = signals.index.get_level_values("period")
    assert (months >= T(slow["start"])).all() and set(signals["signal"]) == {"below"}
    last = T(demo_city.truth["cases"]["period"][1])
    assert len(signals) == len(pd.period_range(slow["start"], last, freq="M"))


def test_kpi_change_equals_statsmodels_on_hand_made_periods():
    from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

    from governance_analytics.periods import parse_period

    # 2025-02: 4 cases due, 3 on time; 2025-01: 5 due, 5 on time (closed the day after filing, due in 2 days)
    def case(day, late):
        created = T(day)
        return {
            "created_at": created,
            "filed_at": created,
            "due_at": created + pd.Timedelta(days=2),
            "closed_at": created + pd.Timedelta(days=3 if late else 1),
            "n_rework": 0,
        }

    rows = [case(f"2025-01-{d:02d}", False) for d in (3, 6, 9, 12, 15)]
    rows += [case(f"2025-02-{d:02d}", late) for d, late in ((3, False), (6, True), (9, False), (12, False))]
    period = parse_period("2025-02")
    table = kpi_change(pd.DataFrame(rows), period=period, compare=period.previous())
    row = table.loc["all"]
    assert (row["x"], row["n"], row["x_compare"], row["n_compare"]) == (3, 4, 5, 5)
    assert row["diff"] == pytest.approx(3 / 4 - 1)
    low, high = confint_proportions_2indep(3, 4, 5, 5, method="newcomb", compare="diff")
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
    assert row["p_value"] == pytest.approx(test_proportions_2indep(3, 4, 5, 5, method="score", compare="diff").pvalue)


def test_demo_city_kpi_change_flags_the_slowed_department(demo_city):
    from governance_analytics.periods import parse_period

    cases = demo_city.tables["cases"]
    slow = demo_city.truth["cases"]["slowdown"]
    period = parse_period("2025-Q4")
    table = kpi_change(cases, period=period, compare=period.previous(), by="department")
    row = table.loc[slow["department"]]
    assert row["diff"] < -0.3 and row["ci_high"] < 0 and row["p_value"] < 1e-6
    # no other department moved by more than a few points
    assert table.drop(index=slow["department"])["diff"].abs().max() < 0.05


def test_kpi_change_against_a_period_without_cases(cases):
    from governance_analytics.periods import parse_period

    # 2025-01 as it stood on 31 January: case 1 due 7 Jan and closed on the 6th (on time); case 2 due
    # 1 Feb, so not due yet. 2024-12 has no case at all.
    january = parse_period("2025-01")
    row = kpi_change(cases, period=january, compare=january.previous()).loc["all"]
    assert (row["x"], row["n"], row["x_compare"], row["n_compare"]) == (1, 1, 0, 0)
    assert row["rate"] == 1.0
    assert row[["rate_compare", "diff", "ci_low", "ci_high", "p_value"]].isna().all()
    # by department: only A has January cases; every row's test is undefined
    by = kpi_change(cases, period=january, compare=january.previous(), by="department")
    assert by.index.tolist() == ["A"] and by.loc["A", ["x", "n", "n_compare"]].tolist() == [1, 1, 0]
    assert by[["diff", "ci_low", "ci_high", "p_value"]].isna().all().all()
    # the other way round (this period empty, 2025-02 compared) and both empty
    march = parse_period("2025-03")
    back = kpi_change(cases, period=march, compare=march.previous()).loc["all"]
    assert (back["n"], back["n_compare"]) == (0, 1) and back[["rate", "diff", "p_value"]].isna().all()
    # February's cases as of its end: case 3 (due 5 Feb) still open, case 4 never filed → 0 of 1 due
    assert (back["x_compare"], back["rate_compare"]) == (0, 0.0)
    later = parse_period("2030-Q1")
    none = kpi_change(cases, period=later, compare=later.previous())
    assert none.loc["all", ["x", "n", "x_compare", "n_compare"]].tolist() == [0, 0, 0, 0]
    assert none.loc["all", ["rate", "rate_compare", "diff", "p_value"]].isna().all()
    assert kpi_change(cases, period=later, compare=later.previous(), by="department").empty
