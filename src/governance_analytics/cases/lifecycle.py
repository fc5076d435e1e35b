"""Lifecycle KPIs of grid-management cases: 上报 → 立案 → 派遣 → 处置 → 反馈 → 核查结案.

Definitions (at the reference time ``as_of``; a stage counts only if its timestamp is at or before it):

======================  ==============================================================================
``n_reported`` 上报数     cases created by ``as_of``
``n_filed`` 立案数        cases filed by ``as_of``; ``filing_rate`` 立案率 = n_filed / n_reported
``n_no_due``             filed cases without a due time — left out of both closure rates
``n_due`` 应结案数         filed cases whose due time is at or before ``as_of``, plus filed cases closed by
                         ``as_of`` whose due time is later
``n_closed`` 结案数       cases of ``n_due`` closed by ``as_of``; ``closure_rate`` 结案率 = n_closed / n_due
``n_closed_on_time``     cases of ``n_due`` closed at or before their due time (按期结案数);
                         ``on_time_closure_rate`` 按期结案率 = n_closed_on_time / n_due
``rework_rate`` 返工率     closed cases sent back at least once / closed cases (all closed by ``as_of``
                         whose rework count is recorded; undefined for exports without one)
``n_open``               backlog: filed by ``as_of`` and not closed by then
stage hours              median and 90th percentile hours of each stage completed by ``as_of``
======================  ==============================================================================

Reference: GB/T 30428.4-2016 数字化城市管理信息系统 第4部分：绩效评价 (立案率, 结案率, 按期结案率, 返工率).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["STAGES", "STAMPS", "has_filing_stage", "kpis", "resolve_as_of", "with_filing_stage"]

#: Stages as (name, from column, to column).
STAGES = (
    ("filing", "created_at", "filed_at"),
    ("dispatch", "filed_at", "dispatched_at"),
    ("handling", "dispatched_at", "handled_at"),
    ("feedback", "handled_at", "feedback_at"),
    ("verification", "feedback_at", "closed_at"),
)

#: Every lifecycle timestamp, in order.
STAMPS = ("created_at", *(end for _, _, end in STAGES))


def resolve_as_of(cases: pd.DataFrame, as_of=None) -> pd.Timestamp:
    """``as_of`` as a Timestamp; ``None`` means the latest lifecycle timestamp in ``cases``."""
    if as_of is not None:
        return pd.Timestamp(as_of)
    return cases[[c for c in STAMPS if c in cases.columns]].max().max()


def has_filing_stage(cases: pd.DataFrame) -> bool:
    """Whether ``cases`` records filing (立案) at all: a ``filed_at`` column with at least one value."""
    return "filed_at" in cases and bool(cases["filed_at"].notna().any())


def with_filing_stage(cases: pd.DataFrame) -> pd.DataFrame:
    """``cases`` with every lifecycle column; an export without a filing stage files on report.

    US 311 and Open311 exports have no 立案 step: when ``filed_at`` is absent or entirely empty,
    every reported case counts as filed at its report time unless its ``status`` is ``not_filed``.
    Other absent stages become empty columns.
    """
    missing = [c for c in (*STAMPS, "due_at") if c not in cases.columns]
    if not missing and has_filing_stage(cases):
        return cases
    out = cases.assign(**{c: pd.Series(pd.NaT, index=cases.index, dtype="datetime64[us]") for c in missing})
    if not has_filing_stage(cases):
        refused = out["status"].eq("not_filed") if "status" in out else pd.Series(False, index=out.index)
        out["filed_at"] = out["created_at"].where(~refused.fillna(False).astype(bool))
    return out


def _by_as_of(ts: pd.Series, as_of: pd.Timestamp) -> pd.Series:
    return ts.notna() & (ts <= as_of)


def _flags(cases: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per case, the 0/1 indicators the KPIs count."""
    reported = _by_as_of(cases["created_at"], as_of)
    filed = _by_as_of(cases["filed_at"], as_of) & reported
    closed = _by_as_of(cases["closed_at"], as_of) & filed
    has_due = cases["due_at"].notna()
    due = filed & has_due & ((cases["due_at"] <= as_of) | closed)
    out = pd.DataFrame(
        {
            "n_reported": reported,
            "n_filed": filed,
            "n_no_due": filed & ~has_due,
            "n_due": due,
            "n_closed": due & closed,
            "n_closed_on_time": due & closed & (cases["closed_at"] <= cases["due_at"]),
            "_closed_known": closed & cases["n_rework"].notna(),
            "_reworked": closed & (cases["n_rework"].fillna(0) > 0),
            "n_open": filed & ~closed,
        }
    )
    return out.astype("int64")


def _stage_hours(cases: pd.DataFrame, as_of: pd.Timestamp, keys: list) -> pd.DataFrame:
    columns = {}
    for name, start, end in STAGES:
        done = _by_as_of(cases[end], as_of) & cases[start].notna()
        hours = ((cases[end] - cases[start]).dt.total_seconds() / 3600).where(done)
        grouped = hours.groupby(keys) if keys else hours.groupby(np.zeros(len(hours), dtype=int))
        columns[f"{name}_median_h"] = grouped.median()
        columns[f"{name}_p90_h"] = grouped.quantile(0.9)
    return pd.DataFrame(columns)


def kpis(cases: pd.DataFrame, *, by: str | list[str] | None = None, as_of=None) -> pd.DataFrame:
    """Lifecycle KPIs per group (see the module docstring for each definition).

    Parameters
    ----------
    cases
        Canonical ``cases`` table; without a filing stage every reported case counts as filed
        (:func:`with_filing_stage`).
    by
        Column(s) to group by (e.g. ``"department"``); ``None`` for one row ``all``.
    as_of
        Reference time; default the latest timestamp in the data.

    Returns
    -------
    DataFrame
        Indexed by ``by`` (or ``all``): the counts and rates of the module docstring and the median
        and 90th-percentile hours of each stage. Without cases the ``all`` row holds zero counts and
        NaN rates and hours (a rate with a zero denominator is undefined), and a table ``by`` a
        column has no rows.
    """
    cases = with_filing_stage(cases)
    as_of = resolve_as_of(cases, as_of)
    keys = [by] if isinstance(by, str) else list(by or [])
    flags = _flags(cases, as_of)
    grouped = flags.groupby([cases[k] for k in keys]) if keys else flags.groupby(np.zeros(len(flags), dtype=int))
    table = grouped.sum()
    if not keys:  # one row ``all`` even without a case: zero counts, undefined (NaN) rates and hours
        table = table.reindex([0], fill_value=0).astype("int64")
    rate = lambda num, den: table[num] / table[den].where(table[den] > 0)  # noqa: E731
    table["filing_rate"] = rate("n_filed", "n_reported")
    table["closure_rate"] = rate("n_closed", "n_due")
    table["on_time_closure_rate"] = rate("n_closed_on_time", "n_due")
    table["rework_rate"] = rate("_reworked", "_closed_known")
    table = table.drop(columns=["_closed_known", "_reworked"]).join(
        _stage_hours(cases, as_of, [cases[k] for k in keys])
    )
    if not keys:
        table.index = pd.Index(["all"])
    return table
