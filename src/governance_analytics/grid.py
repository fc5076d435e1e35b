"""万米单元网格: a regular square-cell grid in a projected CRS, hierarchical cell codes, point → cell.

Grid management (数字化城市管理) divides the city into unit cells of about 10,000 m² — 100 m squares
here — and files every case against one cell. A regular grid needs no spatial join: a point's cell is
``(floor((y - y0) / size), floor((x - x0) / size))``.

Cell codes follow the layout of GB/T 30428.1-2013 (数字化城市管理信息系统 第1部分：单元网格), 15 digits::

    DDDDDD SSS CCC NNN
    │      │   │   └─ cell sequence number within the community (001–999)
    │      │   └───── community (社区) code within the street
    │      └───────── street (街道) code within the district
    └──────────────── county-level administrative division code (区/县, GB/T 2260)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyproj

__all__ = ["UnitGrid", "utm_crs", "to_projected", "to_lonlat", "cell_codes"]


def utm_crs(lon: float, lat: float) -> str:
    """EPSG code of the WGS84 UTM zone containing ``(lon, lat)``: 326zz north, 327zz south."""
    zone = int((lon + 180.0) // 6.0) % 60 + 1
    return f"EPSG:{(32600 if lat >= 0 else 32700) + zone}"


def to_projected(lon, lat, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Project WGS84 lon/lat (degrees) to ``crs`` x/y (metres)."""
    tr = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    return tr.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))


def to_lonlat(x, y, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Unproject ``crs`` x/y (metres) to WGS84 lon/lat (degrees)."""
    tr = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return tr.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))


def cell_codes(district_code, street_code, community_code, sequence) -> np.ndarray:
    """Compose 15-digit GB/T 30428.1-style cell codes from their parts.

    Parameters
    ----------
    district_code : array of str
        6-digit county-level division codes.
    street_code, community_code, sequence : array of int
        Street (1–999), community (1–999) and cell sequence (1–999) numbers.
    """
    parts = {"street": street_code, "community": community_code, "sequence": sequence}
    for name, values in parts.items():
        values = np.asarray(values)
        if values.size and (values.min() < 1 or values.max() > 999):
            raise ValueError(f"{name} numbers must lie in 1..999 for a 15-digit cell code")
    district = pd.Series(np.asarray(district_code, dtype=str))
    if not district.str.fullmatch(r"\d{6}").all():
        raise ValueError("district codes must be 6 digits (GB/T 2260)")
    tail = [pd.Series(np.asarray(v)).map("{:03d}".format) for v in parts.values()]
    return (district + tail[0] + tail[1] + tail[2]).to_numpy()


@dataclass(frozen=True)
class UnitGrid:
    """A regular grid of square cells in a projected CRS.

    Cells are numbered row-major from the lower-left corner ``(x0, y0)``: row ``r`` spans
    ``y0 + r·size .. y0 + (r+1)·size``, column ``c`` spans ``x0 + c·size .. x0 + (c+1)·size``.
    """

    x0: float
    y0: float
    cell_size: float
    n_rows: int
    n_cols: int
    crs: str | None

    @classmethod
    def covering(cls, bounds: tuple[float, float, float, float], *, crs: str, cell_size: float = 100.0) -> UnitGrid:
        """The smallest grid aligned to multiples of ``cell_size`` that covers ``(xmin, ymin, xmax, ymax)``."""
        xmin, ymin, xmax, ymax = bounds
        if not (xmax > xmin and ymax > ymin):
            raise ValueError(f"bounds must have xmax > xmin and ymax > ymin, got {bounds}")
        x0 = np.floor(xmin / cell_size) * cell_size
        y0 = np.floor(ymin / cell_size) * cell_size
        n_cols = int(np.ceil((xmax - x0) / cell_size))
        n_rows = int(np.ceil((ymax - y0) / cell_size))
        return cls(float(x0), float(y0), float(cell_size), n_rows, n_cols, crs)

    @classmethod
    def from_cells(cls, cells: pd.DataFrame, *, crs: str | None = None) -> UnitGrid:
        """The grid a ``grid_cells`` table (``row``, ``col``, centre ``x``, ``y``) was cut from."""
        if len(cells) < 2 or cells["col"].nunique() < 2:
            raise ValueError("need cells in at least two columns to recover the grid")
        span = cells["col"].max() - cells["col"].min()
        size = float((cells["x"].max() - cells["x"].min()) / span)
        first = cells.iloc[0]
        x0 = float(first["x"] - (first["col"] + 0.5) * size)
        y0 = float(first["y"] - (first["row"] + 0.5) * size)
        return cls(x0, y0, size, int(cells["row"].max()) + 1, int(cells["col"].max()) + 1, crs)

    @property
    def n_cells(self) -> int:
        return self.n_rows * self.n_cols

    def locate(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of each point; ``-1`` for both where the point is outside the grid or NaN."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        with np.errstate(invalid="ignore"):
            col = np.floor((x - self.x0) / self.cell_size)
            row = np.floor((y - self.y0) / self.cell_size)
            inside = (col >= 0) & (col < self.n_cols) & (row >= 0) & (row < self.n_rows)
        return np.where(inside, row, -1).astype(np.int64), np.where(inside, col, -1).astype(np.int64)

    def centres(self, row, col) -> tuple[np.ndarray, np.ndarray]:
        """Centre coordinates (metres) of cells ``(row, col)``."""
        half = self.cell_size / 2.0
        return (self.x0 + np.asarray(col) * self.cell_size + half, self.y0 + np.asarray(row) * self.cell_size + half)

    def all_cells(self) -> pd.DataFrame:
        """Every cell of the grid as ``row, col, x, y`` (centres), row-major."""
        row, col = np.divmod(np.arange(self.n_cells), self.n_cols)
        x, y = self.centres(row, col)
        return pd.DataFrame({"row": row, "col": col, "x": x, "y": y})

    def lookup(self, cells: pd.DataFrame, x, y) -> pd.Series:
        """``cell_id`` of the cell containing each point, ``<NA>`` where no listed cell contains it.

        ``cells`` is a ``grid_cells`` table (``cell_id``, ``row``, ``col``) for this grid; cells of the
        grid that are not listed (outside the managed area) give ``<NA>``.
        """
        ids = np.full(self.n_cells, None, dtype=object)
        ids[cells["row"].to_numpy() * self.n_cols + cells["col"].to_numpy()] = cells["cell_id"].to_numpy()
        row, col = self.locate(x, y)
        found = np.where(row >= 0, ids[np.clip(row, 0, None) * self.n_cols + np.clip(col, 0, None)], None)
        return pd.Series(found, dtype="str").where(pd.notna(found))

    def polygons(self, cells: pd.DataFrame):
        """A GeoDataFrame of ``cells`` (with ``row``, ``col``) as square polygons in the grid's CRS."""
        import geopandas as gpd
        import shapely

        xmin = self.x0 + cells["col"].to_numpy() * self.cell_size
        ymin = self.y0 + cells["row"].to_numpy() * self.cell_size
        boxes = shapely.box(xmin, ymin, xmin + self.cell_size, ymin + self.cell_size)
        return gpd.GeoDataFrame(cells.copy(), geometry=boxes, crs=self.crs)
