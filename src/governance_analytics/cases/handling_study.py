"""Study 1, case handling: one run for a city and a period, shared by the report and notebook 01b.

:func:`handling_needs` checks up front what the data can support — due times for on-time rates, a
baseline before the period for control charts, enough closed cases for time to closure, two
departments for a ranking — and gives each part it cannot support a :class:`Need` (the reason, in
words and as a code the report translates). :func:`handling_study` then computes exactly the parts
that are supported, with the settings of :class:`~governance_analytics.specs.HandlingSpec`:

- KPIs by department and for the city (:func:`~.lifecycle.kpis`, GB/T 30428.4), as the record stood at
  the period's end;
- the change from the comparison period (:func:`~.trends.kpi_change`), where records reach back;
- the p-chart of the monthly on-time closure rate per department (:func:`~.trends.kpi_control_chart`);
- time to closure (Kaplan–Meier, :mod:`.survival`) and the ranking of departments with enough closed
  cases (Cox hazard ratios with rank intervals);
- the case-file review list and compliance (:mod:`.review`) and the team scores (:mod:`.assessment`).

The report's case-handling section publishes these numbers with disclosure control; the notebook shows
them whole. Both call this module with the city's spec, so the same city and period give the same
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from governance_analytics.cases.assessment import team_scores
from governance_analytics.cases.lifecycle import kpis
from governance_analytics.cases.review import compliance, review_list
from governance_analytics.cases.survival import compare_departments, median_time_to_closure, time_to_closure
from governance_analytics.cases.trends import kpi_change, kpi_control_chart
from governance_analytics.periods import Period
from governance_analytics.specs import HandlingSpec

__all__ = ["HandlingStudy", "Need", "handling_needs", "handling_study"]

PARTS = ("on_time", "change", "control", "survival", "ranking", "scores", "departments")


class Need:
    """Why a part of the study is left out: ``code`` (a key of the report's texts), its number ``n``
    (or ``None``) and the reason in English ``text``."""

    __slots__ = ("code", "n", "text")

    def __init__(self, code: str, text: str, n: int | None = None):
        self.code, self.text, self.n = code, text, n

    def __repr__(self) -> str:
        return f"Need({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Need) and (self.code, self.n) == (other.code, other.n)

    def __hash__(self) -> int:
        return hash((self.code, self.n))


class _Counts(NamedTuple):
    closed: int
    departments_closing: int
    departments_closing_any: int


def _has(frame: pd.DataFrame, column: str) -> bool:
    return column in frame and bool(frame[column].notna().any())


def _closing(period_cases: pd.DataFrame, min_cases: int) -> _Counts:
    closed = period_cases[period_cases["closed_at"].notna()] if "closed_at" in period_cases else period_cases.iloc[:0]
    by_department = closed.groupby("department").size() if "department" in closed else pd.Series(dtype=int)
    return _Counts(len(closed), int((by_department >= min_cases).sum()), int((by_department >= 1).sum()))


def handling_needs(cases: pd.DataFrame, *, period: Period, min_cases: int = 10) -> dict[str, Need | None]:
    """For each part of the study (:data:`PARTS`), ``None`` when the data support it, else its
    :class:`Need`. Checked before anything is computed.

    Parameters
    ----------
    cases
        The canonical cases table (all of it: the control chart's baseline and the comparison period
        lie before ``period``).
    period
        The period studied.
    min_cases
        Fewest closed cases of the period for time to closure, and per department for the ranking.
    """
    period_cases = cases[period.contains(cases["created_at"])]
    before = cases[cases["created_at"] < period.start]
    counts = _closing(period_cases, min_cases)
    no_due = Need("omit_no_due", "the data carry no due times: no on-time closure rate or control chart")
    needs = {
        "on_time": None if _has(period_cases, "due_at") else no_due,
        "change": None if len(before) else Need("no_earlier_period", "no record before the period to compare with"),
        "control": (
            no_due
            if not _has(period_cases, "due_at")
            else Need("omit_control_baseline", "no case with a due time before the period: no baseline")
            if not _has(before, "due_at")
            else None
        ),
        "survival": (
            None
            if counts.closed >= min_cases
            else Need(
                "omit_survival", f"fewer than {min_cases} cases of the period closed: no time to closure", min_cases
            )
        ),
        "ranking": (
            None
            if counts.departments_closing >= 2
            else Need(
                "omit_ranking", f"fewer than two departments closed {min_cases} or more cases: no ranking", min_cases
            )
        ),
        "scores": (
            None
            if _has(period_cases, "due_at") and counts.departments_closing_any >= 2
            else Need("omit_scores", "team scores need two or more departments and due times")
        ),
        "departments": None
        if _has(period_cases, "department")
        else Need("omit_departments", "the data record no department: the city as a whole only"),
    }
    if needs["survival"] is not None:
        needs["ranking"] = needs["survival"]  # said once
    return needs


@dataclass(frozen=True)
class HandlingStudy:
    """What :func:`handling_study` found; a part the data cannot support is ``None`` and its reason is in
    ``omitted``.

    Attributes
    ----------
    period, as_of : the period, and the moment the record is read at (the period's last instant)
    kpis : KPIs by department, and the city's in the row ``all``
    change : KPI change from the comparison period by department (:func:`~.trends.kpi_change`)
    control : the monthly p-chart of on-time closure by department
    closure : median time to closure (hours) by department, with its interval
    durations : time to closure of each case of the period (censored where open)
    ranking : departments with at least ``min_cases`` closed cases, ranked (Cox, rank intervals)
    review : the case files to review, with their flags and explanation
    compliance : flagged files per department
    scores : team scores from the KPIs and the review
    omitted : part → :class:`Need`
    """

    period: Period
    as_of: pd.Timestamp
    kpis: pd.DataFrame
    review: pd.DataFrame
    compliance: pd.DataFrame
    change: pd.DataFrame | None = None
    control: pd.DataFrame | None = None
    closure: pd.DataFrame | None = None
    durations: pd.DataFrame | None = None
    ranking: pd.DataFrame | None = None
    scores: pd.DataFrame | None = None
    omitted: dict[str, Need] = field(default_factory=dict)


def handling_study(
    cases: pd.DataFrame,
    *,
    period: Period,
    spec: HandlingSpec | None = None,
    compare: Period | None = None,
    seed: int = 0,
) -> HandlingStudy:
    """Run the case-handling study for ``period`` (see the module notes).

    Parameters
    ----------
    cases
        The canonical cases table, all of it.
    period
        The period studied; ``compare`` the period it is compared with (default: the one before).
    spec
        The study's settings (default :class:`~governance_analytics.specs.HandlingSpec`).
    seed
        Seed of the ranking's simulated rank intervals.
    """
    spec = spec or HandlingSpec()
    needs = handling_needs(cases, period=period, min_cases=spec.min_cases)
    as_of = period.last_instant
    period_cases = cases[period.contains(cases["created_at"])]
    by_department = kpis(period_cases, by="department", as_of=as_of)
    table = pd.concat([by_department, kpis(period_cases, as_of=as_of)]).rename_axis("department")
    checked = compliance(period_cases, as_of=as_of)
    parts: dict = {}
    if needs["change"] is None:
        parts["change"] = kpi_change(cases, period=period, compare=compare or period.previous(), by="department")
    if needs["control"] is None:
        parts["control"] = kpi_control_chart(
            cases[cases["created_at"] < period.end], by="department", baseline_end=period.start, as_of=as_of
        )
    if needs["survival"] is None:
        durations = time_to_closure(period_cases, as_of=as_of).durations
        parts["durations"] = durations
        parts["closure"] = median_time_to_closure(durations, by="department", alpha=spec.alpha)
        if needs["ranking"] is None:
            known = durations[durations["department"].notna()]
            big = known.groupby("department")["closed"].transform("sum") >= spec.min_cases
            parts["ranking"] = compare_departments(known[big], seed=seed, alpha=spec.alpha).table
    if needs["scores"] is None:
        parts["scores"] = team_scores(by_department, compliance_table=checked)
    return HandlingStudy(
        period,
        as_of,
        table,
        review_list(period_cases, as_of=as_of),
        checked,
        omitted={part: need for part, need in needs.items() if need is not None},
        **parts,
    )
