"""Case-file review (定期审查案卷): procedural defects per case file and compliance per team.

A case file should move through 上报 → 立案 → 派遣 → 处置 → 反馈 → 核查结案 in that order, each
stage recorded, within its time limit. Each flag below is one rule, explained in one line
(:data:`FLAGS`); a file with no flag is *compliant*.

================================  ==========================================================================
``missing_stage``                 a stage (立案, 派遣, 处置) has no timestamp although a later stage has one
``out_of_order``                  a stage is recorded earlier than the stage before it
``closed_without_verification``   closed (核查结案) with no handling feedback (处理反馈) to verify
``overdue``                       closed after its due time, or still open past it at ``as_of``
``repeated_rework``               sent back for rework more than ``max_rework`` times
``implausibly_fast``              closed less than ``min_close_minutes`` after it was reported
================================  ==========================================================================

Only stages at or before ``as_of`` are looked at, so a review at the end of a period sees what the
record showed then. Exports without a stage (e.g. US 311 has no 立案/派遣) simply never trigger the
rules that need it: a column that is entirely empty is treated as *not recorded by this system*,
not as missing in every file.

Reference: 住房和城乡建设部《数字化城市管理模式建设导则》; GB/T 30428.4-2016 (绩效评价); the seed's
"定期审查案卷" — regular review of enforcement case files.
"""

from __future__ import annotations

import pandas as pd

from governance_analytics.cases.lifecycle import STAGES, resolve_as_of

__all__ = ["FLAGS", "review_flags", "review_list", "compliance"]

#: Flag → one-line explanation (English; Chinese labels live in ``reporting.i18n``).
FLAGS = {
    "missing_stage": "a stage (filing, dispatch, handling) has no time although a later stage has one",
    "out_of_order": "a stage is recorded earlier than the stage before it",
    "closed_without_verification": "closed with no handling feedback to verify",
    "overdue": "closed after the due time, or still open past it",
    "repeated_rework": "sent back for rework more than the allowed number of times",
    "implausibly_fast": "closed too soon after the report for a field check",
}

_ORDER = ["created_at", *(end for _, _, end in STAGES)]


def _recorded(cases: pd.DataFrame, column: str, as_of: pd.Timestamp) -> pd.Series:
    return cases[column].notna() & (cases[column] <= as_of)


def _present_columns(cases: pd.DataFrame) -> list[str]:
    """Stage columns this system records at all (an all-empty column is a stage the export lacks)."""
    return [c for c in _ORDER if c in cases.columns and cases[c].notna().any()]


def _missing_stage(cases: pd.DataFrame, columns: list[str], as_of: pd.Timestamp) -> pd.Series:
    recorded = pd.DataFrame({c: _recorded(cases, c, as_of) for c in columns})
    missing = pd.Series(False, index=cases.index)
    for i, column in enumerate(columns):
        if column in ("filed_at", "dispatched_at", "handled_at"):
            later = recorded[columns[i + 1 :]].any(axis=1)
            missing |= ~recorded[column] & later
    return missing


def _out_of_order(cases: pd.DataFrame, columns: list[str], as_of: pd.Timestamp) -> pd.Series:
    """Any recorded stage earlier than the latest recorded stage before it."""
    times = pd.DataFrame({c: cases[c].where(_recorded(cases, c, as_of)) for c in columns})
    running_max = times.cummax(axis=1).shift(axis=1)
    return (times < running_max).any(axis=1)


def review_flags(
    cases: pd.DataFrame,
    *,
    as_of=None,
    max_rework: int = 1,
    min_close_minutes: float = 30.0,
) -> pd.DataFrame:
    """One boolean column per rule of :data:`FLAGS`, for every case reported by ``as_of``.

    Parameters
    ----------
    cases
        Canonical ``cases`` table.
    as_of
        Time of the review; default the latest timestamp in the data.
    max_rework
        Reworks allowed before ``repeated_rework`` is raised (more than this many is flagged).
    min_close_minutes
        Closure sooner than this after the report is ``implausibly_fast``.

    Returns
    -------
    DataFrame
        Same index as the reported cases, columns :data:`FLAGS` plus ``n_flags``.
    """
    as_of = resolve_as_of(cases, as_of)
    cases = cases[cases["created_at"] <= as_of]
    columns = _present_columns(cases)
    closed = _recorded(cases, "closed_at", as_of)
    due = cases["due_at"] if "due_at" in cases else pd.Series(pd.NaT, index=cases.index)
    feedback_recorded = "feedback_at" in columns
    rework = cases["n_rework"].fillna(0) if "n_rework" in cases else pd.Series(0, index=cases.index)
    minutes = (cases["closed_at"] - cases["created_at"]).dt.total_seconds() / 60
    flags = pd.DataFrame(
        {
            "missing_stage": _missing_stage(cases, columns, as_of),
            "out_of_order": _out_of_order(cases, columns, as_of),
            "closed_without_verification": (closed & ~_recorded(cases, "feedback_at", as_of))
            if feedback_recorded
            else pd.Series(False, index=cases.index),
            "overdue": due.notna() & ((closed & (cases["closed_at"] > due)) | (~closed & (due < as_of))),
            "repeated_rework": closed & (rework > max_rework),
            "implausibly_fast": closed & (minutes < min_close_minutes),
        },
        index=cases.index,
    ).astype(bool)
    flags["n_flags"] = flags.sum(axis=1).astype("int64")
    return flags


def review_list(
    cases: pd.DataFrame,
    *,
    as_of=None,
    max_rework: int = 1,
    min_close_minutes: float = 30.0,
    columns: tuple[str, ...] = (
        "case_id",
        "department",
        "case_type",
        "category",
        "subcategory",
        "street",
        "created_at",
        "closed_at",
        "due_at",
    ),
) -> pd.DataFrame:
    """Case files with at least one procedural defect, most defects first.

    Parameters are those of :func:`review_flags`; ``columns`` chooses the identifying columns kept
    (none of them personal data). Returns those columns, one boolean column per flag, ``n_flags``,
    ``flags`` (semicolon-separated names) and ``explanation`` (the flags' one-line explanations).
    """
    flags = review_flags(cases, as_of=as_of, max_rework=max_rework, min_close_minutes=min_close_minutes)
    flagged = flags[flags["n_flags"] > 0]
    names = list(FLAGS)
    marks = flagged[names].to_numpy()
    out = cases.loc[flagged.index, [c for c in columns if c in cases.columns]].join(flagged)
    out["flags"] = [";".join(n for n, m in zip(names, row) if m) for row in marks]
    out["explanation"] = ["; ".join(FLAGS[n] for n, m in zip(names, row) if m) for row in marks]
    return out.sort_values(["n_flags", "created_at"], ascending=[False, True], kind="stable")


def compliance(
    cases: pd.DataFrame,
    *,
    by: str | list[str] = "department",
    as_of=None,
    max_rework: int = 1,
    min_close_minutes: float = 30.0,
) -> pd.DataFrame:
    """Compliance rate per group: files without any flag / files reviewed.

    Returns per group ``n_files``, ``n_flagged``, ``compliance_rate`` and the count of each flag.
    """
    flags = review_flags(cases, as_of=as_of, max_rework=max_rework, min_close_minutes=min_close_minutes)
    keys = [by] if isinstance(by, str) else list(by)
    counts = flags[list(FLAGS)].astype("int64")
    counts["n_files"] = 1
    counts["n_flagged"] = (flags["n_flags"] > 0).astype("int64")
    table = counts.groupby([cases.loc[flags.index, k] for k in keys]).sum()
    table["compliance_rate"] = 1 - table["n_flagged"] / table["n_files"]
    return table[["n_files", "n_flagged", "compliance_rate", *FLAGS]]
