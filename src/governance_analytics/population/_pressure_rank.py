"""Rank the units of a growth table within groups: who gained or lost most (private; public as
:func:`governance_analytics.population.pressure.top_changes`)."""

from __future__ import annotations

import pandas as pd


def top_changes(
    table: pd.DataFrame, *, by: str | None = None, n: int = 3, column: str = "change", largest: bool = True
) -> pd.DataFrame:
    """The ``n`` rows with the largest (or smallest) ``column`` in each group: who gained most.

    Units are ordered by :math:`\\Delta P = P_{end} - P_{start}` (``column="change"`` of
    :func:`~governance_analytics.population.pressure.growth`), descending with ``largest`` (the
    largest gains first) or ascending (the largest losses first); ties keep the table's order. Rows
    without a value are left out.

    Parameters
    ----------
    table
        E.g. :func:`~governance_analytics.population.pressure.growth` at unit level, joined with a
        ``city`` column.
    by
        Column to group by (e.g. ``"city"``); default one group.
    n
        Rows per group (fewer when a group has fewer).
    column, largest
        What to order by, and which end.

    Returns
    -------
    DataFrame
        The chosen rows of ``table`` (index kept) with ``rank`` (1 = first in the order: the largest
        with ``largest``, else the smallest), sorted by ``by`` then rank.
    """
    missing = [c for c in (column, by) if c is not None and c not in table.columns]
    if missing:
        raise ValueError(f"top_changes: column(s) {missing} not in the table; it has {list(table.columns)}")
    if n < 1:
        raise ValueError(f"top_changes: n must be at least 1, got {n}")
    ordered = table[table[column].notna()].sort_values(column, ascending=not largest, kind="stable")
    keys = ordered[by] if by is not None else pd.Series(0, index=ordered.index)
    rank = ordered.groupby(keys, sort=False).cumcount() + 1
    out = ordered.assign(rank=rank.astype("int64"))[rank <= n]
    return out.sort_values(([by] if by is not None else []) + ["rank"], kind="stable")
