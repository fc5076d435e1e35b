"""Registers a city keeps case by case: repeat problems and the unresolved-complaints register.

The seed's complaint register logs every complaint and resolves them one by one (列表建档、逐一排查解决);
a problem that keeps coming back at the same place (反复出现的问题) is a sign that handling treated the
symptom, not the cause.

A case is a *repeat* when an earlier case of the same problem (by default the same big class,
``category``) was reported at the same site within ``window`` before it. The site is the unit-grid cell
(``cell_id``), or — with ``radius_m`` — any earlier case within that straight-line distance (``x``,
``y`` in metres).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from governance_analytics.cases.lifecycle import resolve_as_of, with_filing_stage

__all__ = ["repeat_cases", "repeat_sites", "unresolved_register"]


def _repeat_in_cells(cases: pd.DataFrame, keys: list[str], window: pd.Timedelta) -> pd.Series:
    ordered = cases.sort_values("created_at", kind="stable")
    gap = ordered.groupby(["cell_id", *keys], sort=False)["created_at"].diff()
    return (gap <= window).reindex(cases.index)


def _repeat_within_radius(cases: pd.DataFrame, keys: list[str], window: pd.Timedelta, radius_m: float) -> pd.Series:
    """Per problem, compare each case with the cases of its own and the previous window-long block."""
    repeat = pd.Series(False, index=cases.index)
    window_ns = window.value
    for _, group in cases.groupby(keys, sort=False):
        group = group.sort_values("created_at", kind="stable")
        t = group["created_at"].to_numpy("datetime64[ns]").astype("int64")
        xy = group[["x", "y"]].to_numpy()
        block = (t - t[0]) // window_ns
        found = np.zeros(len(group), dtype=bool)
        for b in np.unique(block):
            current = np.flatnonzero(block == b)
            candidates = np.flatnonzero((block == b) | (block == b - 1))
            tree = cKDTree(xy[candidates])
            for i, near in zip(current, tree.query_ball_point(xy[current], r=radius_m)):
                j = candidates[near]
                found[i] = bool(np.any((t[j] < t[i]) & (t[i] - t[j] <= window_ns)))
        repeat.loc[group.index] = found
    return repeat


def repeat_cases(
    cases: pd.DataFrame,
    *,
    window: str | pd.Timedelta = "30D",
    by: str | list[str] = "category",
    radius_m: float | None = None,
) -> pd.Series:
    """Whether each case repeats an earlier case of the same problem at the same site.

    Parameters
    ----------
    cases
        Canonical ``cases`` table (``cell_id``, or ``x``/``y`` with ``radius_m``).
    window
        How far back an earlier case counts (``t_i - t_j <= window``).
    by
        Column(s) defining "the same problem"; ``["category", "subcategory"]`` is stricter.
    radius_m
        ``None``: same ``cell_id``. A distance: any earlier case within it (cases without x/y are never
        repeats).

    Returns
    -------
    Series of bool, aligned with ``cases``; cases without a site, or marked not ``spatial_ok`` by
    cleaning (a geocoder's pile-up point is not a place where problems recur), are ``False``.
    """
    window = pd.Timedelta(window)
    keys = [by] if isinstance(by, str) else list(by)
    site = ["x", "y"] if radius_m is not None else ["cell_id"]
    usable = cases[cases["spatial_ok"].astype(bool)] if "spatial_ok" in cases else cases
    located = usable.dropna(subset=[*site, *keys])
    if radius_m is None:
        found = _repeat_in_cells(located, keys, window)
    else:
        found = _repeat_within_radius(located, keys, window, float(radius_m))
    return found.reindex(cases.index, fill_value=False).astype(bool).rename("is_repeat")


def repeat_sites(
    cases: pd.DataFrame,
    *,
    window: str | pd.Timedelta = "30D",
    by: str | list[str] = "category",
    min_repeats: int = 3,
) -> pd.DataFrame:
    """Cells where the same problem keeps coming back, most repeats first.

    Returns one row per ``cell_id`` × problem with at least ``min_repeats`` repeat cases:
    ``n_cases``, ``n_repeats``, ``repeat_share`` (= n_repeats / n_cases), ``first_case`` and
    ``last_case`` times, and ``street`` where known.
    """
    keys = [by] if isinstance(by, str) else list(by)
    flagged = cases.assign(is_repeat=repeat_cases(cases, window=window, by=keys)).dropna(subset=["cell_id", *keys])
    grouped = flagged.groupby(["cell_id", *keys], observed=True)
    table = grouped.agg(
        n_cases=("is_repeat", "size"),
        n_repeats=("is_repeat", "sum"),
        first_case=("created_at", "min"),
        last_case=("created_at", "max"),
    )
    if "street" in flagged:
        table["street"] = grouped["street"].first()
    table["n_repeats"] = table["n_repeats"].astype("int64")
    table["repeat_share"] = table["n_repeats"] / table["n_cases"]
    table = table[table["n_repeats"] >= min_repeats]
    return table.sort_values(["n_repeats", "n_cases"], ascending=False, kind="stable").reset_index()


def unresolved_register(
    cases: pd.DataFrame,
    *,
    as_of=None,
    columns: tuple[str, ...] = (
        "case_id",
        "case_type",
        "category",
        "subcategory",
        "department",
        "district",
        "street",
        "community",
        "cell_id",
        "created_at",
        "due_at",
    ),
) -> pd.DataFrame:
    """Every case filed and not closed at ``as_of``, oldest first (列表建档、逐一排查解决).

    ``age_days`` counts from the report, ``overdue_days`` from the due time (``NaN`` when not yet due
    or without a due time). Only the identifying ``columns`` are kept — no reporter, phone or address
    fields, whatever the input holds.
    """
    cases = with_filing_stage(cases)
    as_of = resolve_as_of(cases, as_of)
    filed = cases["filed_at"].notna() & (cases["filed_at"] <= as_of)
    closed = cases["closed_at"].notna() & (cases["closed_at"] <= as_of)
    open_ = cases[filed & ~closed]
    out = open_[[c for c in columns if c in open_.columns]].copy()
    day = pd.Timedelta(days=1)
    out["age_days"] = (as_of - open_["created_at"]) / day
    overdue = (as_of - open_["due_at"]) / day
    out["overdue_days"] = overdue.where(overdue > 0)
    return out.sort_values("age_days", ascending=False, kind="stable")
