"""Aggregation engines: the space-time cube of cases, from a laptop to a Dask cluster.

:func:`aggregate_cases` counts case records per unit-grid cell × period (× optional keys) and sums
their closing times, with every cell and period present, zeros included — the space-time cube that
hot-spot, emerging-hot-spot and lifecycle-KPI analyses start from. The same call runs on three
engines that give identical tables:

``duckdb`` (default)
    Embedded DuckDB: reads Parquet/CSV files itself, out of core, within ``memory_limit``.
``pandas``
    In memory, NumPy arithmetic and a pandas groupby (one input file at a time).
``dask``
    dask.dataframe ``map_partitions`` + groupby-sum, on any ``dask.distributed`` cluster.

Each engine only produces the *partial* cube (occupied cells); this module validates the request,
resolves the source, and assembles the complete cube from the partial one, so that the engines
cannot disagree on cells, periods, keys, order or dtypes.

References
----------
Gray, J., Chaudhuri, S., Bosworth, A., et al. (1997). Data cube: a relational aggregation operator
generalizing group-by, cross-tab, and sub-totals. Data Mining and Knowledge Discovery 1(1), 29–53.
GB/T 30428.1-2013 数字化城市管理信息系统 第1部分：单元网格.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from governance_analytics.engines import _duckdb, _frame
from governance_analytics.engines._common import (
    FREQS,
    REQUIRED,
    Plan,
    Source,
    is_path,
    period_start,
    timestamp_ordinal,
)
from governance_analytics.grid import UnitGrid

__all__ = ["ENGINES", "FREQS", "CUBE_MEASURES", "aggregate_cases"]

#: Engines of :func:`aggregate_cases`.
ENGINES = ("duckdb", "pandas", "dask")
#: Measure columns of the cube.
CUBE_MEASURES = ("n", "n_closed", "close_hours_sum")

_US_PER_HOUR = 3_600_000_000
_RESERVED = {"cell", "cell_id", "row", "col", "period", "n", "n_closed", "dur_us", "close_hours_sum"}
_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}


def aggregate_cases(
    source: pd.DataFrame | str | os.PathLike | Sequence[str | os.PathLike],
    *,
    grid: UnitGrid,
    cells: pd.DataFrame | None = None,
    freq: str = "MS",
    by: Sequence[str] = (),
    engine: str = "duckdb",
    start=None,
    end=None,
    memory_limit: str = "2GB",
    threads: int | None = None,
    client=None,
) -> pd.DataFrame:
    """Space-time cube of cases: counts and closing-time sums per cell × period (× keys).

    A case falls in cell ``(row, col)`` of ``grid`` and period ``p`` where

    .. math::

        \\text{row} = \\lfloor (y - y_0) / s \\rfloor, \\quad
        \\text{col} = \\lfloor (x - x_0) / s \\rfloor, \\quad
        p = \\operatorname{trunc}_{\\text{freq}}(\\text{created\\_at}),

    and each cube entry holds :math:`n = \\#\\{\\text{cases}\\}`, :math:`n_\\text{closed} =
    \\#\\{\\text{closed\\_at not null}\\}` and :math:`\\sum_\\text{closed} (\\text{closed\\_at} -
    \\text{created\\_at})` in hours. Durations are summed as integer microseconds before the
    conversion to hours, so the sums are exact and every engine returns the same float.

    Cases off the grid, with a missing ``x``/``y``/``created_at``, with ``spatial_ok == False``
    (when the column exists), on grid cells not listed in ``cells``, or outside ``start``..``end``
    are left out of the cube (they still count in non-spatial statistics).

    Parameters
    ----------
    source
        A canonical ``cases`` DataFrame, or a path, glob, directory (its ``*.parquet`` files) or list
        of paths of Parquet or CSV files with the canonical columns ``x``, ``y``, ``created_at``,
        ``closed_at`` (and ``by`` keys, optional ``spatial_ok``). Files are read by the engine itself.
    grid
        The unit grid (``x0``, ``y0``, ``cell_size``, ``n_rows``, ``n_cols``).
    cells
        A ``grid_cells`` table (``cell_id``, ``row``, ``col``): restricts the cube to these managed
        cells and labels them by ``cell_id``. Default: every grid cell, labelled by ``row``, ``col``.
    freq
        Period length: ``"D"`` day, ``"W"`` week starting Monday, ``"MS"`` month, ``"QS"`` quarter,
        ``"YS"`` year.
    by
        Extra key columns (e.g. ``("case_type",)``); the cube holds every combination of key values
        observed among the selected cases (nulls included, sorted last).
    engine
        ``"duckdb"``, ``"pandas"`` or ``"dask"`` (see the module docstring).
    start, end
        First and last period (any timestamp inside it); default the first and last period with a
        selected case. With no selected case, a missing bound takes the other one; with neither,
        the cube has no periods.
    memory_limit, threads
        DuckDB's memory cap (``"2GB"``, ``"500MB"``) and worker threads (default: all cores).
    client
        A ``dask.distributed.Client`` to compute on (``engine="dask"``); default the current scheduler.

    Returns
    -------
    pandas.DataFrame
        One row per cell × period × key combination, sorted by cell (``cell_id``, or row-major),
        period and keys, with columns

        - ``cell_id`` (str) if ``cells`` is given, else ``row``, ``col`` (int64): the cell;
        - ``period`` (datetime64[us]): start of the period;
        - each ``by`` key;
        - ``n`` (int64): cases;
        - ``n_closed`` (int64): cases with ``closed_at`` not null;
        - ``close_hours_sum`` (float64): summed ``closed_at − created_at`` of closed cases, in
          hours (0.0 where none); the mean closing time is ``close_hours_sum / n_closed``.

    Raises
    ------
    ValueError
        On an unknown ``engine`` or ``freq``, a source or ``cells`` table missing a column, a
        reserved or repeated ``by`` key, or ``start`` after ``end``.
    FileNotFoundError
        When a path or glob matches no file.

    Examples
    --------
    >>> city = ga.demo.load()                                         # doctest: +SKIP
    >>> grid = UnitGrid.from_cells(city.tables["grid_cells"])         # doctest: +SKIP
    >>> cube = aggregate_cases(city.tables["cases"], grid=grid, by=("case_type",))  # doctest: +SKIP
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if freq not in FREQS:
        raise ValueError(f"unknown freq {freq!r}; expected one of {', '.join(FREQS)}")
    by = _check_keys(by)
    src = _resolve(source)
    missing = [c for c in (*REQUIRED, *by) if c not in src.columns]
    if missing:
        where = "the cases DataFrame" if src.frame is not None else src.files[0]
        raise ValueError(
            f"{where} lacks column(s) {missing}; expected the canonical cases columns "
            f"{', '.join(REQUIRED)} plus the by keys"
        )
    lookup, labels = _cell_index(grid, cells)
    first = None if start is None else timestamp_ordinal(start, freq)
    last = None if end is None else timestamp_ordinal(end, freq)
    if first is not None and last is not None and first > last:
        raise ValueError(f"start {start!r} is after end {end!r}")
    plan = Plan(
        grid=grid,
        freq=freq,
        by=by,
        lo=None if first is None else period_start([first], freq)[0],
        hi=None if last is None else period_start([last + 1], freq)[0],
        spatial_ok=src.has_spatial_ok,
    )
    if engine == "duckdb":
        part = _duckdb.aggregate(plan, src, memory_limit=memory_limit, threads=threads)
    elif engine == "pandas":
        part = _frame.aggregate_pandas(plan, src)
    else:
        part = _frame.aggregate_dask(plan, src, client=client)
    return _assemble(part, plan, lookup=lookup, labels=labels, first=first, last=last)


def _check_keys(by: Sequence[str]) -> tuple[str, ...]:
    keys = (by,) if isinstance(by, str) else tuple(by)
    bad = [k for k in keys if not isinstance(k, str) or k in _RESERVED]
    if bad:
        raise ValueError(f"by keys {bad} are not allowed; expected column names other than {sorted(_RESERVED)}")
    if len(set(keys)) != len(keys):
        raise ValueError(f"by keys must be distinct, got {list(keys)}")
    return keys


def _resolve(source) -> Source:
    """Resolve ``source`` into an in-memory frame or a list of files of one format."""
    if isinstance(source, pd.DataFrame):
        return Source(_canonical_frame(source), (), "frame", tuple(source.columns))
    items = [source] if is_path(source) else list(source)
    if not items or not all(is_path(p) for p in items):
        raise ValueError("source must be a cases DataFrame, or a path, glob or list of Parquet/CSV paths")
    files: list[str] = []
    for item in map(str, items):
        if Path(item).is_dir():
            found = sorted(glob.glob(os.path.join(item, "**", "*.parquet"), recursive=True))
        elif glob.has_magic(item):
            found = sorted(glob.glob(item, recursive=True))
        else:
            found = [item] if Path(item).is_file() else []
        if not found:
            raise FileNotFoundError(f"no case file matches {item!r}")
        files.extend(found)
    formats = {_FORMATS.get(Path(f).suffix.lower()) for f in files}
    if len(formats) != 1 or None in formats:
        raise ValueError(f"case files must all be Parquet (.parquet, .pq) or all CSV (.csv), got {files[:5]}")
    fmt = formats.pop()
    assert fmt is not None  # no unknown format: checked above
    if fmt == "parquet":
        import pyarrow.parquet as pq

        columns = tuple(pq.read_schema(files[0]).names)
    else:
        columns = tuple(pd.read_csv(files[0], nrows=0).columns)
    return Source(None, tuple(files), fmt, columns)


def _canonical_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with naive ``datetime64[us]`` timestamps and no categoricals (columns only swapped)."""
    fixes = {}
    for col in ("created_at", "closed_at"):
        if col in frame and frame[col].dtype != "datetime64[us]":
            if isinstance(frame[col].dtype, pd.DatetimeTZDtype):
                raise ValueError(f"column {col!r} is tz-aware; expected naive local time (canonical cases)")
            fixes[col] = pd.to_datetime(frame[col]).astype("datetime64[us]")
    for col in frame.columns:
        if isinstance(frame[col].dtype, pd.CategoricalDtype) and col not in fixes:
            fixes[col] = frame[col].astype(frame[col].cat.categories.dtype)
    return frame.assign(**fixes) if fixes else frame


def _cell_index(grid: UnitGrid, cells: pd.DataFrame | None) -> tuple[np.ndarray | None, pd.DataFrame]:
    """Map flat grid index → cube cell position (``-1``: not a cube cell) and the cell labels."""
    if cells is None:
        everything = grid.all_cells()
        return None, everything[["row", "col"]].astype(np.int64)
    missing = [c for c in ("cell_id", "row", "col") if c not in cells]
    if missing:
        raise ValueError(f"cells lacks column(s) {missing}; expected a grid_cells table with cell_id, row, col")
    ordered = cells[["cell_id", "row", "col"]].sort_values("cell_id", kind="stable", ignore_index=True)
    row, col = ordered["row"].to_numpy(np.int64), ordered["col"].to_numpy(np.int64)
    if ((row < 0) | (row >= grid.n_rows) | (col < 0) | (col >= grid.n_cols)).any():
        raise ValueError(f"cells has row/col outside the {grid.n_rows} × {grid.n_cols} grid")
    flat = row * grid.n_cols + col
    if ordered["cell_id"].duplicated().any() or len(np.unique(flat)) != len(flat):
        raise ValueError("cells must list each cell_id and each (row, col) once")
    lookup = np.full(grid.n_cells, -1, dtype=np.int64)
    lookup[flat] = np.arange(len(flat))
    return lookup, pd.DataFrame({"cell_id": ordered["cell_id"].astype("str")})


def _assemble(
    part: pd.DataFrame,
    plan: Plan,
    *,
    lookup: np.ndarray | None,
    labels: pd.DataFrame,
    first: int | None,
    last: int | None,
) -> pd.DataFrame:
    """The complete cube (module docstring) from an engine's partial cube."""
    cell = part["cell"].to_numpy(np.int64)
    period = part["period"].to_numpy(np.int64)
    pos = cell if lookup is None else lookup[cell]
    keep = pos >= 0
    if first is not None:
        keep &= period >= first
    if last is not None:
        keep &= period <= last
    if not keep.all():
        part, pos, period = part[keep].reset_index(drop=True), pos[keep], period[keep]
    if len(part):
        first = int(period.min()) if first is None else first
        last = int(period.max()) if last is None else last
    else:
        first = last if first is None else first
        last = first if last is None else last
    n_periods = 0 if first is None or last is None else last - first + 1  # both None or neither

    keys = pd.DataFrame({k: _key_values(part[k]) for k in plan.by})
    if plan.by:
        codes = keys.groupby(list(plan.by), sort=True, dropna=False).ngroup().to_numpy(np.int64)
        _, at = np.unique(codes, return_index=True)
        combos = keys.iloc[at].reset_index(drop=True)
    else:
        codes, combos = np.zeros(len(part), dtype=np.int64), pd.DataFrame(index=range(1))

    n_cells, n_keys = len(labels), len(combos)
    size = n_cells * n_periods * n_keys
    at = (pos * n_periods + (period - (first or 0))) * n_keys + codes
    measures = {}
    for col in ("n", "n_closed", "dur_us"):
        values = np.zeros(size, dtype=np.int64)
        values[at] = part[col].to_numpy(np.int64)
        measures[col] = values

    out = labels.take(np.repeat(np.arange(n_cells), n_periods * n_keys)).reset_index(drop=True)
    if n_periods:
        assert first is not None and last is not None  # n_periods > 0
        starts = period_start(np.arange(first, last + 1), plan.freq)
    else:
        starts = np.array([], dtype="M8[us]")
    out["period"] = np.tile(np.repeat(starts, n_keys), n_cells)
    for k in plan.by:
        out[k] = combos[k].take(np.tile(np.arange(n_keys), n_cells * n_periods)).reset_index(drop=True)
    out["n"] = measures["n"]
    out["n_closed"] = measures["n_closed"]
    out["close_hours_sum"] = measures["dur_us"] / _US_PER_HOUR
    return out


def _key_values(values: pd.Series) -> pd.Series:
    """Key column in one dtype whatever the engine: text as ``str``, the rest as it comes."""
    values = values.reset_index(drop=True)
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        return values.astype("str")
    return values
