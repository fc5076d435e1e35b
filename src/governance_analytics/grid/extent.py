"""A unit grid for a city that has none: the cells its cases occupy, within their robust extent.

A city without a grid file or boundary polygons still needs cells to count cases in. The bounding
box of the raw points will not do: a handful of points geocoded far away (a default point abroad, a
swapped latitude) stretch it to tens of thousands of empty cells. Two rules keep the grid to what the
data support:

1. **Robust extent.** Per axis, the span between the ``trim`` and ``1 − trim`` quantiles of the
   usable points (``spatial_ok``: pile-ups and out-of-area points already left out), widened on each
   side by ``pad`` times that span. Points beyond it are outliers: outside the grid, counted in the
   report's data-quality paragraph, never in a hot spot.
2. **Occupied cells.** Only cells holding at least one usable case over the whole record are listed,
   as ArcGIS's Optimized Hot Spot Analysis does for incidents without a bounding polygon: an empty
   cell far from any case is not a place where a case could have been observed.

Cell ids are ``R<row>C<col>`` (letters, so that no id is ever mistaken for a phone or ID number);
rows and columns count from the grid's lower-left corner, aligned to multiples of the cell size in
the projected CRS (:class:`~governance_analytics.grid.UnitGrid`).

References
----------
Esri, "How Optimized Hot Spot Analysis works" (ArcGIS Pro 3.x documentation): incident data
aggregated to a fishnet; without a bounding polygon only cells containing incidents are analysed.
Hyndman, R. J. and Fan, Y. (1996). Sample quantiles in statistical packages. The American
Statistician, 50(4), 361–365 (the quantile definition, numpy's default type 7).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from governance_analytics import schemas
from governance_analytics.grid.lattice import UnitGrid

__all__ = ["RobustExtent", "cells_with_cases", "robust_extent"]

#: Share of usable points cut at each end of each axis before the extent is drawn.
TRIM = 0.001
#: Margin added on each side, as a share of the trimmed span.
PAD = 0.05


@dataclass(frozen=True)
class RobustExtent:
    """The extent (metres) and how many usable points fall outside it."""

    xmin: float
    ymin: float
    xmax: float
    ymax: float
    n_points: int
    n_outside: int


def robust_extent(x, y, *, trim: float = TRIM, pad: float = PAD) -> RobustExtent:
    """The robust extent of the points ``(x, y)`` (NaN ignored), see the module notes.

    ``trim`` in ``[0, 0.25)``; ``trim=0`` and ``pad=0`` give the bounding box.
    """
    if not 0 <= trim < 0.25:
        raise ValueError(f"trim must be in [0, 0.25), got {trim}")
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    if not keep.any():
        raise ValueError("no usable coordinates: cannot draw a grid; give the city's grid or boundaries")
    bounds = []
    for v in (x[keep], y[keep]):
        lo, hi = np.quantile(v, [trim, 1 - trim])
        margin = pad * (hi - lo)
        bounds.append((lo - margin, hi + margin))
    (xmin, xmax), (ymin, ymax) = bounds
    inside = (x[keep] >= xmin) & (x[keep] <= xmax) & (y[keep] >= ymin) & (y[keep] <= ymax)
    return RobustExtent(float(xmin), float(ymin), float(xmax), float(ymax), int(keep.sum()), int((~inside).sum()))


def cells_with_cases(
    cases: pd.DataFrame, *, crs: str | None, cell_size: float = 100.0, trim: float = TRIM, pad: float = PAD
) -> tuple[UnitGrid, pd.DataFrame, RobustExtent]:
    """The grid and the ``grid_cells`` table of the cells that usable cases occupy (module notes).

    Parameters
    ----------
    cases
        Canonical cases with ``x``, ``y`` (metres) and optionally ``spatial_ok``.
    crs
        The projected CRS of ``x``/``y``.
    cell_size
        Cell side in metres (100: the 万米单元网格).
    trim, pad
        See :func:`robust_extent`.

    Returns
    -------
    grid, cells, extent
        The :class:`~governance_analytics.grid.UnitGrid` over the robust extent; its occupied cells as
        a validated ``grid_cells`` table (``district``/``street``/``community`` empty); the extent.
    """
    usable = cases["x"].notna() & cases["y"].notna()
    if "spatial_ok" in cases:
        usable &= cases["spatial_ok"].fillna(False).astype(bool)
    x, y = cases.loc[usable, "x"].to_numpy(dtype=float), cases.loc[usable, "y"].to_numpy(dtype=float)
    extent = robust_extent(x, y, trim=trim, pad=pad)
    grid = UnitGrid.covering(
        (extent.xmin, extent.ymin, extent.xmax + 1e-6, extent.ymax + 1e-6), crs=crs, cell_size=cell_size
    )
    row, col = grid.locate(x, y)
    on = row >= 0
    occupied = np.unique(row[on].astype(np.int64) * grid.n_cols + col[on])
    row, col = np.divmod(occupied, grid.n_cols)
    cx, cy = grid.centres(row, col)
    none = pd.Series(pd.NA, index=range(len(row)), dtype="str")
    cells = pd.DataFrame(
        {
            "cell_id": [f"R{r:05d}C{c:05d}" for r, c in zip(row, col)],
            "row": row,
            "col": col,
            "x": cx,
            "y": cy,
            "district": none,
            "street": none,
            "community": none,
        }
    )
    return grid, schemas.grid_cells.validate(cells), extent
