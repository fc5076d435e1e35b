"""Lifecycle KPIs: hand-worked definitions, and the Demo City's planted slowdown."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.lifecycle import kpis

T = pd.Timestamp


def _case(created, filed=None, dispatched=None, handled=None, feedback=None, closed=None, due=None, rework=0, dept="A"):
    return {
        "created_at": T(created),
        "filed_at": filed and T(filed),
        "dispatched_at": dispatched and T(dispatched),
        "handled_at": handled and T(handled),
        "feedback_at": feedback and T(feedback),
        "closed_at": closed and T(closed),
        "due_at": due and T(due),
        "n_rework": rework,
        "department": dept,
    }


@pytest.fixture
def cases():
    rows = [
        # 1 closed on time
        _case(
            "2025-03-01 08:00",
            "2025-03-01 09:00",
            "2025-03-01 10:00",
            "2025-03-01 14:00",
            "2025-03-01 15:00",
            "2025-03-01 18:00",
            "2025-03-02 09:00",
        ),
        # 2 closed late, reworked once
        _case(
            "2025-03-02 08:00",
            "2025-03-02 08:30",
            "2025-03-02 09:00",
            "2025-03-04 09:00",
            "2025-03-04 10:00",
            "2025-03-04 12:00",
            "2025-03-03 08:30",
            rework=1,
        ),
        # 3 filed, due passed, still open
        _case("2025-03-03 08:00", "2025-03-03 09:00", "2025-03-03 10:00", due="2025-03-04 09:00"),
        # 4 filed, due after as_of, open: not due yet
        _case("2025-03-09 08:00", "2025-03-09 09:00", due="2025-03-12 09:00"),
        # 5 filed and closed early, due after as_of: counts as due and on time
        _case(
            "2025-03-09 10:00",
            "2025-03-09 10:30",
            "2025-03-09 11:00",
            "2025-03-09 12:00",
            "2025-03-09 12:30",
            "2025-03-09 13:00",
            "2025-03-12 10:30",
        ),
        # 6 not filed
        _case("2025-03-05 08:00"),
        # 7 filed without a due time, closed: out of both rates
        _case(
            "2025-03-06 08:00",
            "2025-03-06 09:00",
            "2025-03-06 09:30",
            "2025-03-06 11:00",
            "2025-03-06 11:30",
            "2025-03-06 12:00",
            dept="B",
        ),
        # 8 created after as_of: not counted at all
        _case("2025-03-11 08:00", "2025-03-11 09:00", due="2025-03-12 09:00", dept="B"),
    ]
    return pd.DataFrame(rows)


def test_hand_worked_kpis(cases):
    row = kpis(cases, as_of="2025-03-10 00:00").loc["all"]
    assert (row["n_reported"], row["n_filed"], row["n_no_due"], row["n_due"]) == (7, 6, 1, 4)
    assert (row["n_closed"], row["n_closed_on_time"], row["n_open"]) == (3, 2, 2)
    assert row["filing_rate"] == pytest.approx(6 / 7)
    assert row["closure_rate"] == pytest.approx(3 / 4)
    assert row["on_time_closure_rate"] == pytest.approx(2 / 4)
    assert row["rework_rate"] == pytest.approx(1 / 4)  # 4 closed by as_of (cases 1, 2, 5, 7), one reworked
    # handling hours of cases 1, 2, 5, 7: 4, 48, 1, 1.5 → median 2.75
    assert row["handling_median_h"] == pytest.approx(2.75)
    assert row["handling_p90_h"] == pytest.approx(np.quantile([4, 48, 1, 1.5], 0.9))


def test_by_department_and_default_as_of(cases):
    table = kpis(cases, by="department")
    assert list(table.index) == ["A", "B"]
    assert table.loc["B", "n_reported"] == 2 and table.loc["B", "n_no_due"] == 1
    assert kpis(cases).loc["all", "n_reported"] == 8  # as_of defaults to the latest timestamp


def test_demo_city_slowdown_shows_in_handling_hours(demo_city):
    cases = demo_city.tables["cases"]
    slow = demo_city.truth["cases"]["slowdown"]
    quarter = cases[(cases["created_at"] >= "2025-07-01") & (cases["created_at"] < "2025-10-01")]
    later = cases[(cases["created_at"] >= slow["start"]) & (cases["created_at"] < "2025-11-15")]
    before = kpis(quarter, by="department").loc[slow["department"], "handling_median_h"]
    after = kpis(later, by="department").loc[slow["department"], "handling_median_h"]
    assert after / before == pytest.approx(slow["handling_time_multiplier"], rel=0.3)


def test_export_without_filing_stage_files_on_report(cases):
    # a US 311 export has no 立案 step: every reported case counts as filed when reported
    us311 = cases.drop(columns=["filed_at", "dispatched_at"]).assign(n_rework=pd.NA)
    row = kpis(us311, as_of="2025-03-10 00:00").loc["all"]
    assert row["n_filed"] == row["n_reported"] == 7 and row["filing_rate"] == 1.0
    assert np.isnan(row["rework_rate"])  # not recorded, so not 0


def test_nyc311_kpis_equal_a_direct_count(shared_data):
    from governance_analytics.io import read_cases

    path = shared_data / "cases" / "nyc311_2011_subset_micro.csv"
    table = kpis(read_cases(path).cases, by="department")
    raw = pd.read_csv(path, dtype=str)
    stamp = {
        c: pd.to_datetime(raw[c], format="%m/%d/%Y %I:%M:%S %p") for c in ["Created Date", "Closed Date", "Due Date"]
    }
    closed = stamp["Closed Date"].where(stamp["Closed Date"].dt.year > 1900)  # the one 1900-01-01 sentinel
    as_of = max(
        stamp["Created Date"].max(),
        closed.max(),
        raw["Resolution Action Updated Date"].pipe(pd.to_datetime, format="%m/%d/%Y %I:%M:%S %p").max(),
    )
    nypd = raw["Agency"] == "NYPD"
    due = nypd & stamp["Due Date"].notna() & ((stamp["Due Date"] <= as_of) | closed.notna())
    on_time = due & (closed <= stamp["Due Date"])
    row = table.loc["NYPD"]
    assert (row["n_reported"], row["n_due"], row["n_closed_on_time"]) == (nypd.sum(), due.sum(), on_time.sum())
    assert row["on_time_closure_rate"] == pytest.approx(on_time.sum() / due.sum())
    assert np.isnan(row["rework_rate"])


def test_no_cases_give_zero_counts_and_undefined_rates(cases):
    empty = cases.iloc[:0]
    table = kpis(empty, as_of="2025-03-10 00:00")
    assert list(table.index) == ["all"] and list(table.columns) == list(kpis(cases).columns)
    row = table.loc["all"]
    counts = ["n_reported", "n_filed", "n_no_due", "n_due", "n_closed", "n_closed_on_time", "n_open"]
    assert row[counts].tolist() == [0] * 7 and (table[counts].dtypes == "int64").all()
    # a rate over no case is undefined, not 0; so is every stage's time
    assert row.drop(counts).isna().all()
    assert kpis(empty).loc["all", "n_reported"] == 0  # no as_of and nothing to take it from
    by = kpis(empty, by="department", as_of="2025-03-10")
    assert by.empty and list(by.columns) == list(table.columns)
    # cases all created after as_of: none reported yet, the same zeros
    early = kpis(cases, as_of="2025-02-28 00:00").loc["all"]
    assert (
        early[counts].tolist() == [0] * 7 and np.isnan(early["filing_rate"]) and np.isnan(early["on_time_closure_rate"])
    )


def test_every_stage_is_timed_from_its_own_start():
    # each stage of the two cases takes a different time: a stage timed from the wrong column (the
    # verification from handled_at instead of feedback_at, say) moves its median
    x = _case("2025-03-01 08:00", "09:00", "11:00", "14:00", "18:00", "23:00", due="23:00")
    y = _case("2025-03-01 08:00", "08:30", "09:30", "11:00", "13:00", "15:30", due="15:29")
    for case in (x, y):  # the short times above are of 2025-03-01
        for key in ("filed_at", "dispatched_at", "handled_at", "feedback_at", "closed_at", "due_at"):
            case[key] = T(f"2025-03-01 {case[key]:%H:%M}")
    row = kpis(pd.DataFrame([x, y]), as_of="2025-03-02").loc["all"]
    hours = {"filing": (1, 0.5), "dispatch": (2, 1), "handling": (3, 1.5), "feedback": (4, 2), "verification": (5, 2.5)}
    for stage, (hx, hy) in hours.items():
        assert row[f"{stage}_median_h"] == pytest.approx((hx + hy) / 2), stage
    # x closes exactly at its due time: on time (at or before); y one minute late
    assert (row["n_due"], row["n_closed"], row["n_closed_on_time"]) == (2, 2, 1)


def test_boundaries_at_the_reference_time():
    as_of = "2025-03-10 00:00"
    rows = [
        # due exactly at as_of and open: due (at or before), in the backlog
        _case("2025-03-09 08:00", "2025-03-09 09:00", due=as_of),
        # closed exactly at as_of, due later: closed by as_of, so due, and on time
        _case("2025-03-09 10:00", "2025-03-09 10:30", closed=as_of, due="2025-03-11 00:00"),
        # closed a minute after as_of, due later: neither due nor closed; open at as_of
        _case("2025-03-09 11:00", "2025-03-09 11:30", closed="2025-03-10 00:01", due="2025-03-11 00:00"),
        # created exactly at as_of: reported, not filed
        _case(as_of),
    ]
    frame = pd.DataFrame(rows)
    stamps = [c for c in frame.columns if c.endswith("_at")]
    frame[stamps] = frame[stamps].apply(pd.to_datetime)  # stages no row reached are all missing
    row = kpis(frame, as_of=as_of).loc["all"]
    assert (row["n_reported"], row["n_filed"], row["n_due"], row["n_closed"]) == (4, 3, 2, 1)
    assert (row["n_closed_on_time"], row["n_open"]) == (1, 2)
    assert row["on_time_closure_rate"] == pytest.approx(1 / 2)
