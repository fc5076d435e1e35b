"""The case-handling study: what the data support is decided up front, by hand-worked cases at each
boundary, and the parts computed are the functions' own results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.handling_study import handling_needs, handling_study
from governance_analytics.cases.lifecycle import kpis
from governance_analytics.cases.survival import median_time_to_closure, time_to_closure
from governance_analytics.periods import parse_period
from governance_analytics.specs import HandlingSpec

Q4 = parse_period("2025-Q4")


def _cases(
    closed_by_department: dict[str, int], *, open_per_department: int = 2, due: bool = True, before: bool = True
) -> pd.DataFrame:
    """Cases of 2025-Q4: for each department, ``k`` closed after 5 h and some open; and (``before``)
    one closed case in 2025-Q3 per department."""
    rows = []
    for d, (department, k) in enumerate(closed_by_department.items()):
        for i in range(k + open_per_department):
            created = pd.Timestamp("2025-10-01") + pd.Timedelta(hours=7 * i + d)
            rows.append(
                {
                    "case_id": f"{department}-{i}",
                    "department": department,
                    "created_at": created,
                    "filed_at": created,
                    "closed_at": created + pd.Timedelta(hours=5) if i < k else pd.NaT,
                    "due_at": created + pd.Timedelta(hours=24) if due else pd.NaT,
                    "status": "closed" if i < k else "open",
                    "n_rework": 0,
                }
            )
        if before:
            created = pd.Timestamp("2025-08-01") + pd.Timedelta(hours=d)
            rows.append(
                {
                    "case_id": f"{department}-old",
                    "department": department,
                    "created_at": created,
                    "filed_at": created,
                    "closed_at": created + pd.Timedelta(hours=3),
                    "due_at": created + pd.Timedelta(hours=24) if due else pd.NaT,
                    "status": "closed",
                    "n_rework": 0,
                }
            )
    return pd.DataFrame(rows)


def test_everything_is_supported_with_two_departments_closing_enough():
    needs = handling_needs(_cases({"A": 10, "B": 10}), period=Q4, min_cases=10)
    assert all(need is None for need in needs.values())


@pytest.mark.parametrize(
    "closed_a, closed_b, survival, ranking",
    [
        (10, 10, True, True),  # 10 closed in each: the boundary is inclusive
        (10, 9, True, False),  # 19 closed in all, but only one department with 10
        (5, 4, False, False),  # 9 closed in all: no time to closure, and the ranking says so once
    ],
)
def test_time_to_closure_and_ranking_need_enough_closed_cases(closed_a, closed_b, survival, ranking):
    needs = handling_needs(_cases({"A": closed_a, "B": closed_b}), period=Q4, min_cases=10)
    assert (needs["survival"] is None) is survival and (needs["ranking"] is None) is ranking
    if not survival:
        assert needs["ranking"] is needs["survival"] and needs["survival"].code == "omit_survival"
        assert needs["survival"].n == 10 and "fewer than 10" in needs["survival"].text
    elif not ranking:
        assert needs["ranking"].code == "omit_ranking"


def test_no_due_times_leave_out_on_time_rates_control_chart_and_scores():
    needs = handling_needs(_cases({"A": 10, "B": 10}, due=False), period=Q4)
    assert {p for p, n in needs.items() if n is not None} == {"on_time", "control", "scores"}
    assert needs["on_time"].code == needs["control"].code == "omit_no_due"


def test_no_record_before_the_period_leaves_out_the_comparison_and_the_baseline():
    needs = handling_needs(_cases({"A": 10, "B": 10}, before=False), period=Q4)
    assert needs["change"].code == "no_earlier_period" and needs["control"].code == "omit_control_baseline"
    assert needs["survival"] is None and needs["on_time"] is None


def test_one_department_has_no_ranking_and_no_scores():
    needs = handling_needs(_cases({"A": 30}), period=Q4)
    assert needs["ranking"].code == "omit_ranking" and needs["scores"].code == "omit_scores"
    assert needs["survival"] is None


def test_the_study_computes_the_supported_parts_with_the_functions_themselves():
    cases = _cases({"A": 12, "B": 10, "C": 3})
    study = handling_study(cases, period=Q4, spec=HandlingSpec(min_cases=10), seed=3)
    in_q4 = cases[Q4.contains(cases["created_at"])]
    as_of = Q4.end - pd.Timedelta(microseconds=1)
    assert study.as_of == as_of and study.omitted == {}
    pd.testing.assert_frame_equal(study.kpis.loc[["A", "B", "C"]], kpis(in_q4, by="department", as_of=as_of))
    assert study.kpis.loc["all", "n_reported"] == len(in_q4) == 31
    assert list(study.ranking.index.sort_values()) == ["A", "B"]  # C closed 3: not ranked
    expected = median_time_to_closure(time_to_closure(in_q4, as_of=as_of).durations, by="department")
    pd.testing.assert_frame_equal(study.closure, expected)
    assert study.closure.loc["A", "median_h"] == pytest.approx(5.0)
    assert set(study.scores.index) == {"A", "B", "C"}


def test_a_department_without_a_closed_case_has_survival_one():
    cases = _cases({"A": 12, "B": 0})
    durations = time_to_closure(cases[Q4.contains(cases["created_at"])], as_of=Q4.end).durations
    medians = median_time_to_closure(durations, by="department")
    assert np.isnan(medians.loc["B", "median_h"]) and medians.loc["B", "closed_within_24h"] == 0.0
    assert medians.loc["A", "median_h"] == pytest.approx(5.0)


def test_a_spec_from_city_yml_reaches_the_study(tmp_path):
    from governance_analytics.config import load_city

    (tmp_path / "city.yml").write_text(
        "city: {zh: 某市, en: Some City}\nstudies: {handling: {min_cases: 12}}\n", encoding="utf-8"
    )
    spec = load_city(tmp_path / "city.yml").studies.handling
    assert spec == HandlingSpec(min_cases=12)
    needs = handling_needs(_cases({"A": 12, "B": 11}), period=Q4, min_cases=spec.min_cases)
    assert needs["ranking"].code == "omit_ranking"
