"""Unit cells of administrative areas: cut the grid to communities, number the cells, points → polygons.

A cell is a *managed* cell of the polygon containing its centre; cells whose centre lies in no polygon
are not managed. Codes follow GB/T 30428.1-2013 (see :mod:`governance_analytics.grid`)::

    DDDDDD SSS CCC NNN      district (GB/T 2260) · street · community · cell sequence

- ``DDDDDD`` comes from the data: a column of 6-digit codes or a mapping from district name to code.
- ``SSS`` / ``CCC`` come from code columns when given; otherwise streets are numbered 001, 002, … within
  their district and communities within their street, **north to south** by the y of the unit's
  area-weighted polygon centroid (ties west to east). The numbering does not depend on the cell size.
- ``NNN`` numbers the community's cells 001–999 **row-major from the north-west**: the northern row
  first, west to east within a row.
- When the finest polygons are coarser than communities (``levels`` stops at the street or the district),
  the missing levels are numbered by blocks of 999 cells in the same north-west order: cells 1–999 of a
  district are ``001 001 001–999``, cell 1000 is ``001 002 001``; their name columns are ``<NA>``.

Points go to polygons through shapely's STRtree (``polygons.sindex``): bounding-box candidates, then an
exact test against prepared polygons. A point on a boundary counts as inside (closed polygons); on an
edge shared by two polygons it goes to the first of them in table order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import shapely

from governance_analytics import schemas
from governance_analytics.grid.lattice import UnitGrid, cell_codes, to_grid_crs

__all__ = ["build_cells", "assign_polygons"]

LEVELS = ("district", "street", "community")
MAX_NUMBER = 999  # street, community and cell numbers each have 3 digits


def build_cells(
    area,
    *,
    cell_size: float = 100.0,
    crs: str | None = None,
    levels: Sequence[str] = LEVELS,
    codes: Mapping[str, str | Mapping] | None = None,
) -> tuple[UnitGrid, pd.DataFrame]:
    """Cut a grid of ``cell_size`` squares to administrative polygons and give each cell its 15-digit code.

    Parameters
    ----------
    area : geopandas.GeoDataFrame
        The finest administrative polygons (communities, or streets or districts), one or more rows
        per unit, in a declared CRS (lon/lat or projected). Must be valid (``shapely.make_valid``).
    cell_size : float
        Cell side in metres (100 m: the 万米单元网格).
    crs : str, optional
        Projected CRS of the grid; default :func:`~governance_analytics.grid.to_grid_crs` (the area's
        own CRS if projected, else the UTM zone of its lon/lat bounds' centre).
    levels : sequence of str
        Columns of ``area`` naming the district, then the street, then the community (1–3 columns,
        coarsest first; ``("name",)`` for district polygons named in ``name``).
    codes : mapping, optional
        Where the codes come from, keyed by ``"district"``, ``"street"``, ``"community"``: a column of
        ``area``, or a mapping from the unit's name to its code. Default: the columns
        ``district_code``, ``street_code``, ``community_code`` where present. District codes (6 digits)
        are required; street and community codes (1–999) are numbered when absent (module docstring).

    Returns
    -------
    grid : UnitGrid
        The grid, aligned to multiples of ``cell_size`` in its CRS, covering the area.
    cells : pandas.DataFrame
        The managed cells as a validated ``grid_cells`` table, ordered by ``row``, ``col``.

    Raises
    ------
    ValueError
        A missing column or district code, inconsistent codes, invalid polygons, or a community with
        more than 999 cells (the 3-digit sequence overflows; the message suggests a cell size).

    References
    ----------
    GB/T 30428.1-2013 数字化城市管理信息系统 第1部分：单元网格. GB/T 2260 行政区划代码.
    """
    levels = tuple(levels)
    if not 1 <= len(levels) <= len(LEVELS):
        raise ValueError(f"levels must name 1 to 3 columns (district, street, community), got {levels}")
    missing = [c for c in levels if c not in area.columns]
    if missing:
        raise ValueError(f"area has no column {missing[0]!r} (levels={levels}); columns: {list(area.columns)}")
    if area[list(levels)].isna().any().any():
        bad = area[list(levels)].isna().any(axis=1).to_numpy().nonzero()[0][0]
        raise ValueError(f"area row {bad} has no name for one of {levels}")
    _check_polygons(area)

    projected = to_grid_crs(area, crs=crs).reset_index(drop=True)
    grid = UnitGrid.for_area(projected, cell_size=cell_size)
    units = _unit_codes(projected, levels, dict(codes or {}))

    owner = _cell_owners(grid, projected)
    managed = np.flatnonzero(owner >= 0)
    row, col = np.divmod(managed, grid.n_cols)
    x, y = grid.centres(row, col)
    cells = pd.DataFrame({"row": row, "col": col, "x": x, "y": y})
    cells = pd.concat([cells, units.iloc[owner[managed]].reset_index(drop=True)], axis=1)

    # sequence within the finest unit, north-west first (rows count up from the south)
    cells = cells.sort_values(["unit", "row", "col"], ascending=[True, False, True], kind="stable")
    seq = cells.groupby("unit", sort=False).cumcount().to_numpy()
    if len(levels) == len(LEVELS):
        _check_overflow(cells, seq, cell_size)
    number = {level: cells[f"{level}_no"].to_numpy() for level in LEVELS[1 : len(levels)]}
    for depth, level in enumerate(reversed(LEVELS[len(levels) :])):  # missing levels: blocks of 999 cells
        number[level] = (seq // MAX_NUMBER ** (depth + 1)) % MAX_NUMBER + 1
        cells[level] = pd.Series(pd.NA, index=cells.index, dtype="str")
    if len(levels) < len(LEVELS) and (seq // MAX_NUMBER ** (len(LEVELS) - len(levels) + 1)).any():
        raise ValueError(
            f"a {LEVELS[len(levels) - 1]} has more than {MAX_NUMBER ** (len(LEVELS) - len(levels) + 1):,} cells"
        )
    cells["cell_id"] = cell_codes(cells["district_code"], number["street"], number["community"], seq % MAX_NUMBER + 1)

    out = cells.sort_values(["row", "col"]).reset_index(drop=True)[list(schemas.grid_cells.columns)]
    return grid, schemas.grid_cells.validate(out)


def assign_polygons(x, y, polygons, *, columns: Sequence[str]) -> pd.DataFrame:
    """Attributes of the polygon containing each point, ``<NA>`` where none does.

    Parameters
    ----------
    x, y : array_like
        Point coordinates in the CRS of ``polygons`` (metres for a projected CRS).
    polygons : geopandas.GeoDataFrame
        Valid polygons (communities, districts, …). Its spatial index is built once and reused.
    columns : sequence of str
        Columns of ``polygons`` to return.

    Returns
    -------
    pandas.DataFrame
        One row per point (``RangeIndex``) with ``columns``; integer and boolean columns become the
        nullable ``Int64`` / ``boolean`` so that points in no polygon can be ``<NA>``.

    Notes
    -----
    Polygons are closed: a point on a boundary is inside. A point in several polygons (on a shared
    edge, or where polygons overlap) takes the first of them in table order, so the result does not
    depend on the index's traversal order. For points strictly inside one polygon this equals
    ``geopandas.sjoin(points, polygons, predicate="within")``.
    """
    columns = list(columns)
    missing = [c for c in columns if c not in polygons.columns]
    if missing:
        raise ValueError(f"polygons have no column {missing[0]!r}; columns: {list(polygons.columns)}")
    _check_polygons(polygons)
    owner = _containing(x, y, polygons)
    out = {}
    for name in columns:
        values = polygons[name]
        kind = values.dtype.kind if isinstance(values.dtype, np.dtype) else None
        if kind in ("i", "u", "b"):  # numpy columns cannot hold <NA>
            values = values.astype("boolean" if kind == "b" else "Int64")
        out[name] = pd.api.extensions.take(values.array, owner, allow_fill=True)
    return pd.DataFrame(out, index=pd.RangeIndex(owner.size))


def _containing(x, y, polygons) -> np.ndarray:
    """Position (in table order) of the first polygon containing each point, ``-1`` where none does."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel())
    finite = np.isfinite(x) & np.isfinite(y)
    points = np.full(x.size, None, dtype=object)
    points[finite] = shapely.points(x[finite], y[finite])
    point_idx, polygon_idx = polygons.sindex.query(points)  # bounding-box candidates only
    shapes = _prepared(polygons)  # exact test, each polygon prepared once
    hit = shapely.intersects(shapes[polygon_idx], points[point_idx])
    first = np.full(x.size, len(polygons), dtype=np.int64)
    np.minimum.at(first, point_idx[hit], polygon_idx[hit])
    return np.where(first == len(polygons), -1, first)


def _cell_owners(grid: UnitGrid, polygons) -> np.ndarray:
    """Per cell of ``grid`` (row-major), the position of the first polygon containing its centre, or -1.

    The same rule as :func:`assign_polygons`, but a regular grid needs no index: a polygon's candidate
    cells are those whose centres fall in its bounding box, tested with ``shapely.intersects_xy`` on
    the prepared polygon (no Point objects).
    """
    shapes = _prepared(polygons)
    owner = np.full(grid.n_cells, -1, dtype=np.int64)
    s = grid.cell_size
    bounds = shapely.bounds(shapes)
    bounds[np.isnan(bounds).any(axis=1)] = (np.inf, np.inf, -np.inf, -np.inf)  # empty: no candidates
    # centres in the box, and one more cell each side against rounding (the exact test decides)
    first_col = np.clip(np.ceil((bounds[:, 0] - grid.x0) / s - 0.5) - 1, 0, grid.n_cols).astype(np.int64)
    last_col = np.clip(np.floor((bounds[:, 2] - grid.x0) / s - 0.5) + 1, -1, grid.n_cols - 1).astype(np.int64)
    first_row = np.clip(np.ceil((bounds[:, 1] - grid.y0) / s - 0.5) - 1, 0, grid.n_rows).astype(np.int64)
    last_row = np.clip(np.floor((bounds[:, 3] - grid.y0) / s - 0.5) + 1, -1, grid.n_rows - 1).astype(np.int64)
    for i in range(len(shapes) - 1, -1, -1):  # backwards: the first polygon in table order writes last
        if last_col[i] < first_col[i] or last_row[i] < first_row[i]:
            continue
        rows, cols = np.meshgrid(
            np.arange(first_row[i], last_row[i] + 1), np.arange(first_col[i], last_col[i] + 1), indexing="ij"
        )
        cx, cy = grid.centres(rows.ravel(), cols.ravel())
        inside = shapely.intersects_xy(shapes[i], cx, cy)
        owner[(rows.ravel() * grid.n_cols + cols.ravel())[inside]] = i
    return owner


def _prepared(polygons) -> np.ndarray:
    """Prepared copies of the polygons (the caller's geometries are left untouched)."""
    shapes = shapely.from_wkb(shapely.to_wkb(np.asarray(polygons.geometry.array, dtype=object)))
    shapely.prepare(shapes)
    return shapes


def _check_polygons(polygons) -> None:
    valid = shapely.is_valid(np.asarray(polygons.geometry.array, dtype=object))
    if not valid.all():
        rows = np.flatnonzero(~valid)
        raise ValueError(
            f"invalid polygon geometry in row(s) {rows[:5].tolist()} (e.g. a self-intersection); "
            "repair first, e.g. area.geometry = area.geometry.make_valid()"
        )


def _unit_codes(area, levels: tuple[str, ...], codes: dict) -> pd.DataFrame:
    """Per polygon row: the level names, ``district_code``, ``street_no`` / ``community_no`` (given
    levels only) and ``unit``, an id of the finest unit."""
    unknown = set(codes) - set(LEVELS)
    if unknown:
        raise ValueError(f"codes keys must be among {LEVELS}, got {sorted(unknown)}")
    given_levels = LEVELS[: len(levels)]
    names = pd.DataFrame({level: area[col].astype("str").to_numpy() for level, col in zip(given_levels, levels)})
    # area-weighted centroid sums per row, for numbering units by position
    centroid = shapely.centroid(np.asarray(area.geometry.array, dtype=object))
    w = area.geometry.area.to_numpy()
    moments = pd.DataFrame({"w": w, "wx": w * shapely.get_x(centroid), "wy": w * shapely.get_y(centroid)})
    out = names.copy()
    for depth, level in enumerate(given_levels):
        key = list(given_levels[: depth + 1])
        units = pd.concat([names[key], moments], axis=1).groupby(key, sort=False, as_index=False).sum()
        given = _given_codes(area, names, level, codes.get(level, f"{level}_code"))
        if given is not None:
            per_unit = pd.concat([names[key], given.rename("code")], axis=1).groupby(key, sort=False)["code"]
            mixed = per_unit.nunique() > 1
            if mixed.any():
                raise ValueError(f"{level} {mixed.index[mixed][0]!r} has rows with different codes")
            units = units.merge(per_unit.first().reset_index(), on=key, how="left")
        elif level == "district":
            raise ValueError(
                "district codes are required: add a 'district_code' column (6 digits, GB/T 2260) or pass "
                "codes={'district': <column name> or {<district name>: <code>}}"
            )
        else:  # numbered within the parent, north to south, ties west to east
            units["y"], units["x"] = units["wy"] / units["w"], units["wx"] / units["w"]
            units = units.sort_values(["y", "x"], ascending=[False, True], kind="stable")
            units["code"] = units.groupby(key[:-1], sort=False).cumcount() + 1
        units["code"] = _normalise(units, level)
        clash = units.duplicated(key[:-1] + ["code"], keep=False)
        if clash.any():
            names_, code = units.loc[clash, level].tolist()[:2], units.loc[clash, "code"].iloc[0]
            raise ValueError(f"{level}s {names_} share code {code} within one parent")
        column = "district_code" if level == "district" else f"{level}_no"
        out[column] = names[key].merge(units[key + ["code"]], on=key, how="left")["code"].to_numpy()
    out["unit"] = names.groupby(list(given_levels), sort=False).ngroup().to_numpy()
    return out


def _given_codes(area, names: pd.DataFrame, level: str, source) -> pd.Series | None:
    """The codes of ``level`` per polygon row from a column or a name → code mapping, or None."""
    if isinstance(source, Mapping):
        codes = names[level].map(lambda name: source.get(name))
        if codes.isna().any():
            raise ValueError(f"no {level} code for {names[level][codes.isna()].iloc[0]!r} in the codes mapping")
        return codes
    if source in area.columns:
        codes = area[source].reset_index(drop=True)
        if codes.isna().any():
            raise ValueError(f"column {source!r} has no {level} code in row {int(np.flatnonzero(codes.isna())[0])}")
        return codes
    if source != f"{level}_code":  # the default column may be absent; a named one must exist
        raise ValueError(f"codes[{level!r}] = {source!r} is neither a column of area nor a mapping")
    return None


def _normalise(units: pd.DataFrame, level: str) -> pd.Series:
    """District codes as 6-digit strings; street and community numbers as int in 1..999."""
    code = units["code"]
    if level == "district":
        text = code.map(lambda v: str(int(v)) if pd.api.types.is_number(v) and v == int(v) else str(v)).astype("str")
        bad = ~text.str.fullmatch(r"\d{6}")
        if bad.any():
            name = units.loc[bad, "district"].iloc[0]
            raise ValueError(f"district code {code[bad].iloc[0]!r} of {name!r} is not 6 digits (GB/T 2260)")
        return text
    number = pd.to_numeric(code, errors="coerce")
    bad = number.isna() | (number < 1) | (number > MAX_NUMBER) | (number % 1 != 0)
    if bad.any():
        raise ValueError(
            f"{level} code {code[bad].iloc[0]!r} of {units.loc[bad, level].iloc[0]!r} is not a number in 1..999"
        )
    return number.astype("int64")


def _check_overflow(cells: pd.DataFrame, seq: np.ndarray, cell_size: float) -> None:
    counts = pd.Series(seq + 1, index=cells.index).groupby(cells["unit"].to_numpy()).max()
    over = counts[counts > MAX_NUMBER].sort_values(ascending=False)
    if over.empty:
        return
    first = cells[cells["unit"] == over.index[0]].iloc[0]
    n = int(over.iloc[0])
    suggest = np.ceil(cell_size * np.sqrt(n / MAX_NUMBER) * 1.05 / 10.0) * 10.0  # cells ∝ 1/size²; 5 % for edges
    others = f"; {len(over) - 1} other communities overflow too" if len(over) > 1 else ""
    raise ValueError(
        f"community {first['community']!r} (street {first['street']!r}, district {first['district']!r}) has "
        f"{n:,} cells of {cell_size:g} m, more than the {MAX_NUMBER} a 3-digit cell sequence can number "
        f"(GB/T 30428.1){others}; use a larger cell_size, about {suggest:g} m or more"
    )
