"""The cells of a space-time cube: their totals over a period, and the spatial weights among them —
shared by Gi* (:mod:`~governance_analytics.cases.hotspots`), local Moran
(:mod:`~governance_analytics.cases.lisa`), the scale of clustering and the report."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from governance_analytics.cases import weights as w
from governance_analytics.periods import Period, parse_period

__all__ = ["cell_ids", "cell_totals", "cell_weights", "location_ids"]


def cell_totals(
    cube_or_counts: pd.DataFrame,
    *,
    cells: pd.DataFrame | None = None,
    period=None,
    value: str = "n",
    by: str | None = None,
) -> pd.DataFrame:
    """``value`` summed per cell (and ``by`` value) over the periods in ``period``, with ``row``/``col``.

    ``cube_or_counts`` has ``cell_id`` (then ``cells`` places it) or ``row``/``col``; ``period`` is a
    :class:`~governance_analytics.periods.Period` or its label and filters a ``period`` column."""
    table = cube_or_counts
    if period is not None and "period" in table:
        period = period if isinstance(period, Period) else parse_period(period)
        table = table[period.contains(table["period"])]
    if "row" not in table:
        if cells is None:
            raise ValueError("cube has cell_id but no row/col: pass cells=grid_cells to place them")
        table = table.merge(cells[["cell_id", "row", "col"]], on="cell_id", how="left", validate="many_to_one")
    location = ["cell_id", "row", "col"] if "cell_id" in table else ["row", "col"]
    keys = location + ([by] if by else [])
    return table.groupby(keys, sort=True, dropna=False)[value].sum().reset_index()


def cell_weights(row: np.ndarray, col: np.ndarray, grid, spec, *, ids=None) -> sparse.csr_matrix:
    """Binary spatial weights among grid cells from a spec: ``"queen"``, ``"rook"``, ``("distance",
    metres)``, ``("knn", k)``, or weights as PySAL users hold them — a scipy sparse matrix (in the
    cells' order), a libpysal ``W`` or ``Graph``, aligned to the cells' ``ids`` (their ``cell_id``, say)
    by :func:`~governance_analytics.cases.weights.as_sparse`."""
    if isinstance(spec, str):
        return w.lattice_weights(row, col, kind=w.as_contiguity(spec))
    if isinstance(spec, tuple) and len(spec) == 2 and spec[0] in ("distance", "knn"):
        x, y = grid.centres(row, col)
        return (
            w.distance_band_weights(x, y, float(spec[1]))
            if spec[0] == "distance"
            else w.knn_weights(x, y, int(spec[1]))
        )
    if sparse.issparse(spec) or hasattr(spec, "sparse"):  # a matrix, a libpysal W or Graph
        return w.as_sparse(spec, ids=ids)
    raise ValueError(
        f"weights must be 'queen', 'rook', ('distance', metres), ('knn', k), a sparse matrix, a libpysal "
        f"W or a libpysal Graph, got {spec!r}"
    )


def location_ids(table: pd.DataFrame, columns: list[str]) -> list:
    """The ids that align a libpysal ``W`` or ``Graph`` to a table's rows: the values of its one
    location column, or tuples of its location columns' values."""
    if len(columns) == 1:
        return table[columns[0]].tolist()
    return list(table[columns].itertuples(index=False, name=None))


def cell_ids(table: pd.DataFrame) -> list:
    """The ids of a table of cells (:func:`location_ids`): ``cell_id`` where it is a column, else the
    ``(row, col)`` pairs."""
    return location_ids(table, ["cell_id"] if "cell_id" in table else ["row", "col"])
