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

This module holds the regular grid (no polygons needed); :mod:`governance_analytics.grid.admin` cuts
it to administrative polygons and numbers the cells (``build_cells``), and assigns points to irregular
polygons through a spatial index (``assign_polygons``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyproj

from governance_analytics.safe_write import output_file

__all__ = [
    "UnitGrid",
    "utm_crs",
    "to_projected",
    "to_lonlat",
    "to_grid_crs",
    "cell_codes",
    "write_cells",
]

#: Points per block in :meth:`UnitGrid.locate` / :meth:`UnitGrid.lookup`: a block's temporaries stay
#: in the CPU cache, so 10 million points cost a few passes over memory instead of a dozen.
_BLOCK = 1 << 15

#: Suffixes :func:`write_cells` understands, and the format each one writes.
_CELL_FORMATS = {".gpkg": "GeoPackage", ".parquet": "GeoParquet", ".geoparquet": "GeoParquet"}


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


def to_grid_crs(area, *, crs: str | None = None):
    """``area`` (GeoDataFrame or GeoSeries) in the projected CRS a grid over it should use.

    ``crs`` when given; otherwise the area's own CRS when it is projected, or — for lon/lat — the WGS84
    UTM zone (:func:`utm_crs`) of the centre of its lon/lat bounds. The result's ``crs`` is set.
    """
    if area.crs is None:
        raise ValueError("the area has no CRS; declare it first, e.g. area.set_crs('EPSG:4326') for lon/lat")
    if crs is None:
        if area.crs.is_projected:
            return area
        lon_min, lat_min, lon_max, lat_max = area.to_crs("EPSG:4326").total_bounds
        crs = utm_crs((lon_min + lon_max) / 2.0, (lat_min + lat_max) / 2.0)
    return area.to_crs(crs)


def _crs_name(crs) -> str:
    """``'EPSG:32650'`` for a CRS with an EPSG code, else its PROJ/WKT string."""
    return crs.to_string() if isinstance(crs, pyproj.CRS) else str(crs)


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
    street, community, seq = (np.asarray(v, dtype=np.int64) for v in parts.values())
    number = district.to_numpy(dtype=np.int64) * 10**9 + street * 10**6 + community * 10**3 + seq
    return pd.Series(number).astype("str").str.zfill(15).to_numpy()


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
    def covering(
        cls, bounds: tuple[float, float, float, float], *, crs: str | None, cell_size: float = 100.0
    ) -> UnitGrid:
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
    def covering_points(cls, x, y, *, crs: str | None, cell_size: float = 100.0) -> UnitGrid:
        """The smallest aligned grid covering the points ``(x, y)`` (metres; NaN ignored)."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        keep = np.isfinite(x) & np.isfinite(y)
        if not keep.any():
            raise ValueError("no finite coordinates to cover")
        # a point exactly on the far edge needs one more cell: widen the bounds by a hair
        return cls.covering(
            (x[keep].min(), y[keep].min(), x[keep].max() + 1e-6, y[keep].max() + 1e-6), crs=crs, cell_size=cell_size
        )

    @classmethod
    def for_area(cls, area, *, cell_size: float = 100.0, crs: str | None = None) -> UnitGrid:
        """The grid (:meth:`covering`) over an area given in lon/lat or any CRS, projecting it first.

        Parameters
        ----------
        area : tuple, shapely geometry, GeoSeries or GeoDataFrame
            ``(lon_min, lat_min, lon_max, lat_max)`` in WGS84 degrees; a shapely geometry in WGS84
            lon/lat; or a GeoSeries/GeoDataFrame in any declared CRS.
        cell_size : float
            Cell side in metres.
        crs : str, optional
            Projected CRS of the grid. Default: see :func:`to_grid_crs` — the area's own CRS when it is
            projected, else the UTM zone of the centre of its lon/lat bounds.
        """
        import geopandas as gpd
        import shapely

        if isinstance(area, tuple | list) and len(area) == 4:
            lon_min, lat_min, lon_max, lat_max = (float(v) for v in area)
            crs = crs or utm_crs((lon_min + lon_max) / 2.0, (lat_min + lat_max) / 2.0)
            tr = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
            # densified edges: a parallel is curved in the projection, its corners alone under-cover it
            bounds = tr.transform_bounds(lon_min, lat_min, lon_max, lat_max, densify_pts=21)
            return cls.covering(bounds, crs=_crs_name(crs), cell_size=cell_size)
        if isinstance(area, shapely.Geometry):
            area = gpd.GeoSeries([area], crs="EPSG:4326")
        projected = to_grid_crs(area, crs=crs)
        return cls.covering(tuple(projected.total_bounds), crs=_crs_name(projected.crs), cell_size=cell_size)

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
        """Row and column of each point; ``-1`` for both where the point is outside the grid or NaN.

        Arithmetic, no spatial join: ``row = floor((y - y0) / cell_size)``, likewise ``col``. A cell
        holds its lower and left edges, so a point on a shared edge goes to the cell above / right.
        """
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        row, col = np.divmod(self._padded_index(x.ravel(), y.ravel()), self.n_cols + 1)
        outside = (row == self.n_rows) | (col == self.n_cols)
        row[outside] = -1
        col[outside] = -1
        return row.reshape(x.shape), col.reshape(x.shape)

    def _padded_index(self, x: np.ndarray, y: np.ndarray, table: np.ndarray | None = None) -> np.ndarray:
        """Each point's cell in the padded ``(n_rows + 1) × (n_cols + 1)`` row-major layout, whose last
        row and column stand for "outside the grid"; ``table[index]`` instead when ``table`` is given.

        Works block by block (:data:`_BLOCK` points) into preallocated buffers, the same floating-point
        operations as ``floor((x - x0) / cell_size)``, so it is exact and fast for tens of millions.
        """
        n = x.size
        out = np.empty(n, dtype=np.int64 if table is None else table.dtype)
        m = min(n, _BLOCK)
        buf, rows, cols = np.empty(m), np.empty(m, dtype=np.int64), np.empty(m, dtype=np.int64)
        stride = self.n_cols + 1
        for start in range(0, n, _BLOCK):
            stop = min(start + _BLOCK, n)
            k = stop - start
            self._axis_index(y[start:stop], self.y0, self.n_rows, buf[:k], rows[:k])
            self._axis_index(x[start:stop], self.x0, self.n_cols, buf[:k], cols[:k])
            np.multiply(rows[:k], stride, out=rows[:k])
            np.add(rows[:k], cols[:k], out=rows[:k])
            if table is None:
                out[start:stop] = rows[:k]
            else:
                np.take(table, rows[:k], out=out[start:stop])
        return out

    def _axis_index(self, v: np.ndarray, origin: float, n: int, buf: np.ndarray, out: np.ndarray) -> None:
        """``out = floor((v - origin) / cell_size)`` where that lies in ``0..n-1``, else ``n`` (NaN too)."""
        np.subtract(v, origin, out=buf)
        np.divide(buf, self.cell_size, out=buf)
        np.floor(buf, out=buf)
        np.fmax(buf, -1.0, out=buf)  # fmax/fmin drop NaN: NaN → -1; the cast below is then always defined
        np.fmin(buf, float(n), out=buf)
        np.copyto(out, buf, casting="unsafe")
        unsigned = out.view(np.uint64)
        np.minimum(unsigned, n, out=unsigned)  # -1 wraps to 2**64 - 1 → n

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
        grid that are not listed (outside the managed area) give ``<NA>``. Same rule as :meth:`locate`.
        """
        row = cells["row"].to_numpy(dtype=np.int64)
        col = cells["col"].to_numpy(dtype=np.int64)
        if len(cells) and (row.min() < 0 or row.max() >= self.n_rows or col.min() < 0 or col.max() >= self.n_cols):
            raise ValueError(f"cells must have row in 0..{self.n_rows - 1} and col in 0..{self.n_cols - 1} (this grid)")
        none = len(cells)  # position standing for "no listed cell"
        table = np.full((self.n_rows + 1) * (self.n_cols + 1), none, dtype=np.int32 if none < 2**31 - 1 else np.int64)
        table[row * (self.n_cols + 1) + col] = np.arange(len(cells))
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        position = self._padded_index(x.ravel(), y.ravel(), table)
        ids = pa.array(cells["cell_id"].astype("str").to_numpy(dtype=object, na_value=None), type=pa.large_string())
        return pd.Series(pd.array(_take_strings(ids, position), dtype="str"))

    def polygons(self, cells: pd.DataFrame):
        """A GeoDataFrame of ``cells`` (with ``row``, ``col``) as square polygons in the grid's CRS."""
        import geopandas as gpd
        import shapely

        xmin = self.x0 + cells["col"].to_numpy() * self.cell_size
        ymin = self.y0 + cells["row"].to_numpy() * self.cell_size
        boxes = shapely.box(xmin, ymin, xmin + self.cell_size, ymin + self.cell_size)
        return gpd.GeoDataFrame(cells.copy(), geometry=boxes, crs=self.crs)


def _take_strings(values: pa.LargeStringArray, position: np.ndarray) -> pa.LargeStringArray:
    """``values[position]``, null where ``position == len(values)``.

    Cell codes all have the same length (15 digits), so the result is assembled from buffers: one
    fixed-width gather of the bytes, evenly spaced offsets, a validity bitmap. Otherwise Arrow's take.
    """
    n, none = position.size, len(values)
    lengths = np.asarray(pc.binary_length(values), dtype=np.int64) if none else np.zeros(0, np.int64)
    width = int(lengths[0]) if none else 0
    if values.null_count or width == 0 or (lengths != width).any():
        with_null = pa.concat_arrays([values, pa.nulls(1, pa.large_string())])
        return with_null.take(pa.array(position))
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)[values.offset : values.offset + none + 1]
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    fixed = np.concatenate([data, np.zeros(width, np.uint8)]).view(np.dtype((np.void, width)))  # + blank for "none"
    valid = position != none
    n_null = n - int(np.count_nonzero(valid))
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if n_null else None
    return pa.LargeStringArray.from_buffers(
        n,
        pa.py_buffer(np.arange(0, (n + 1) * width, width, dtype=np.int64)),
        pa.py_buffer(fixed.take(position)),
        bitmap,
        n_null,
    )


def write_cells(
    grid: UnitGrid, cells: pd.DataFrame, path, *, layer: str = "grid_cells", overwrite: bool = False
) -> Path:
    """Write ``cells`` as square polygons (:meth:`UnitGrid.polygons`) in the grid's CRS; returns the path.

    The format follows the suffix: ``.gpkg`` → GeoPackage (layer ``layer``, via pyogrio), ``.parquet``
    or ``.geoparquet`` → GeoParquet. Every column of ``cells`` is kept; ``geopandas.read_file`` /
    ``geopandas.read_parquet`` read the same cells, geometry and CRS back. The file appears only when
    complete, and an existing file is refused unless ``overwrite``
    (:func:`~governance_analytics.safe_write.output_file`).
    """
    path = Path(path)
    kind = _CELL_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"{path}: cannot tell the format from the suffix; use one of {', '.join(_CELL_FORMATS)}")
    polygons = grid.polygons(cells)
    with output_file(path, overwrite=overwrite) as partial:
        if kind == "GeoPackage":
            polygons.to_file(partial, driver="GPKG", layer=layer, engine="pyogrio")
        else:
            polygons.to_parquet(partial)
    return path
