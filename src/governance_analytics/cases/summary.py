"""What a case table holds: coverage, counts by group and month, counts per grid cell, period change.

These are the descriptive statistics of the data overview; the inferential ones (hot spots, KPIs,
impact) live in their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.rates import test_poisson_2indep

from governance_analytics.grid import UnitGrid
from governance_analytics.periods import Period

__all__ = [
    "UNSPECIFIED",
    "Coverage",
    "class_keys",
    "coverage",
    "monthly_counts",
    "period_counts",
    "cell_counts",
    "with_unspecified",
]

#: The group of cases whose value is missing (a case without a department, a channel, a class): its
#: own group, so that the groups add up to the total.
UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class Coverage:
    """Extent of a case table.

    Attributes
    ----------
    n_cases : number of cases
    first_report, last_report : earliest and latest ``created_at``
    n_months : calendar months spanned, inclusive
    share_located : share of cases with both lon and lat
    share_in_grid : share of cases assigned to a unit-grid cell
    n_cells_with_cases : distinct cells with at least one case
    """

    n_cases: int
    first_report: pd.Timestamp
    last_report: pd.Timestamp
    n_months: int
    share_located: float
    share_in_grid: float
    n_cells_with_cases: int


def coverage(cases: pd.DataFrame) -> Coverage:
    """Extent of a canonical ``cases`` table (see :class:`Coverage`)."""
    if cases.empty:
        raise ValueError("the case table is empty")
    first, last = cases["created_at"].min(), cases["created_at"].max()
    return Coverage(
        n_cases=len(cases),
        first_report=first,
        last_report=last,
        n_months=(last.year - first.year) * 12 + last.month - first.month + 1,
        share_located=float(
            (
                cases["lon"].notna() & cases["lat"].notna()
                if "lon" in cases
                else cases["x"].notna() & cases["y"].notna()
            ).mean()
        ),
        share_in_grid=float(cases["cell_id"].notna().mean()),
        n_cells_with_cases=int(cases["cell_id"].nunique()),
    )


def with_unspecified(cases: pd.DataFrame, columns) -> pd.DataFrame:
    """``cases`` with the missing values of ``columns`` set to :data:`UNSPECIFIED` (columns that are
    absent, or missing in every case, are left as they are: there is nothing to group by)."""
    fill = {c: UNSPECIFIED for c in columns if c in cases and cases[c].notna().any() and cases[c].isna().any()}
    return cases.fillna(fill) if fill else cases


def class_keys(cases: pd.DataFrame) -> list[str]:
    """The columns that name a case's class: case type (部件/事件) and big class where the data
    record the case type, the big class alone where they do not (US 311 exports, for instance)."""
    has_type = "case_type" in cases and bool(cases["case_type"].notna().any())
    return ["case_type", "category"] if has_type else ["category"]


def monthly_counts(cases: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Cases reported per calendar month (rows, every month of the span present, zeros included),
    one column per value of ``by`` (or a single ``n`` column)."""
    month = cases["created_at"].dt.to_period("M").dt.to_timestamp()
    keys = [month.rename("month")] + ([cases[by]] if by else [])
    counts = cases.groupby(keys).size()
    table = counts.unstack(fill_value=0) if by else counts.to_frame("n")
    full = pd.date_range(month.min(), month.max(), freq="MS", name="month")
    return table.reindex(full, fill_value=0).astype("int64")


def period_counts(
    cases: pd.DataFrame, period: Period, compare: Period, *, by: str | list[str] | None = None, at: str = "created_at"
) -> pd.DataFrame:
    """Cases per group in ``period`` and in ``compare``, the change, and a test of equal daily rates.

    The test compares two Poisson rates with exposures equal to the periods' lengths in days
    (``statsmodels.stats.rates.test_poisson_2indep``, score method, H0: equal rates), so a 90-day
    quarter is fairly compared with a 92-day one. Any table of timestamped records can be counted
    so: ``at`` names the timestamp that places a record in a period (``received_at`` of resident
    messages, for instance).

    Returns
    -------
    DataFrame
        Indexed by ``by`` (or one row ``all``) with ``n``, ``n_compare``, ``change`` (n − n_compare),
        ``rate_ratio`` (daily-rate ratio), ``p_value`` and ``share`` (of all cases in ``period``).
    """
    by = [by] if isinstance(by, str) else list(by or [])
    days = (period.end - period.start).days
    days_compare = (compare.end - compare.start).days

    def count(p: Period) -> pd.Series:
        part = cases[p.contains(cases[at])]
        return part.groupby(by).size() if by else pd.Series({"all": len(part)})

    table = pd.concat({"n": count(period), "n_compare": count(compare)}, axis=1).fillna(0).astype("int64")
    table["change"] = table["n"] - table["n_compare"]
    table["rate_ratio"] = (table["n"] / days) / (table["n_compare"] / days_compare).replace(0, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):  # a count of 0: the ratio is infinite, the test still defined
        table["p_value"] = [
            test_poisson_2indep(n1, days, n2, days_compare, method="score").pvalue if n1 + n2 > 0 else np.nan
            for n1, n2 in zip(table["n"], table["n_compare"])
        ]
    table["share"] = table["n"] / max(int(table["n"].sum()), 1)
    return table.sort_values("n", ascending=False)


def cell_counts(
    cases: pd.DataFrame, cells: pd.DataFrame, grid: UnitGrid, *, period: Period | None = None, block: int = 1
) -> pd.DataFrame:
    """Cases per unit-grid cell, or per ``block`` × ``block`` block of cells, zeros included.

    Parameters
    ----------
    cases, cells
        Canonical ``cases`` and ``grid_cells`` tables.
    grid
        The grid the cells belong to.
    period
        Count only cases reported in this period.
    block
        Aggregate ``block`` × ``block`` cells (5 gives 500 m blocks on a 100 m grid); a block is
        listed when it holds at least one managed cell.

    Returns
    -------
    DataFrame
        ``row``, ``col`` (of the block, in block units), ``x``, ``y`` (block centre), ``n_cells``
        (managed cells in the block), ``n`` (cases).
    """
    if period is not None:
        cases = cases[period.contains(cases["created_at"])]
    per_cell = cases["cell_id"].value_counts()
    table = cells[["cell_id", "row", "col"]].assign(n=cells["cell_id"].map(per_cell).fillna(0).astype("int64"))
    table["row"] //= block
    table["col"] //= block
    out = table.groupby(["row", "col"]).agg(n_cells=("cell_id", "size"), n=("n", "sum")).reset_index()
    size = grid.cell_size * block
    out["x"] = grid.x0 + (out["col"] + 0.5) * size
    out["y"] = grid.y0 + (out["row"] + 0.5) * size
    return out[["row", "col", "x", "y", "n_cells", "n"]]
