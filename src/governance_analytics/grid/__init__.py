"""万米单元网格, the unit grid of grid management: three modules, one concern each.

- :mod:`~governance_analytics.grid.lattice` — the regular square-cell grid in a projected CRS,
  GB/T 30428.1 cell codes, point → cell without a spatial join (:class:`UnitGrid`);
- :mod:`~governance_analytics.grid.admin` — cells cut to administrative polygons and numbered
  (:func:`build_cells`), points → irregular polygons (:func:`assign_polygons`);
- :mod:`~governance_analytics.grid.extent` — a grid drawn around a city's cases when it has none
  (:func:`cells_with_cases`), robust to stray coordinates.
"""

from governance_analytics.grid.admin import assign_polygons, build_cells
from governance_analytics.grid.extent import RobustExtent, cells_with_cases, robust_extent
from governance_analytics.grid.lattice import (
    UnitGrid,
    cell_codes,
    to_grid_crs,
    to_lonlat,
    to_projected,
    utm_crs,
    write_cells,
)

__all__ = [
    "UnitGrid",
    "utm_crs",
    "to_projected",
    "to_lonlat",
    "to_grid_crs",
    "cell_codes",
    "write_cells",
    "build_cells",
    "assign_polygons",
    "RobustExtent",
    "cells_with_cases",
    "robust_extent",
]
