"""Ingest a city's raw exports into its workspace: every source read, checked, gridded and written once.

``governance-analytics ingest city.yml`` runs :func:`ingest`:

1. **Read every source** named in ``city.yml`` with the package's readers and their rules: case
   exports with :func:`~governance_analytics.io.read_cases` (format, mapping, constants, value maps,
   the case cleaning rules), every other table with :func:`~governance_analytics.io.read_table` into
   its canonical schema. Several files of one table are stacked; a case id seen in an earlier file is
   rejected like a duplicate within one file. Rows read = accepted + rejected, per file. Nothing
   personal enters ``data/``: cases keep only canonical columns, other tables lose the columns whose
   names say they are personal (姓名, 电话, 住址, ``respondent_name``: listed per file in
   ``workspace.json`` as ``dropped_columns``), and phone and ID numbers are masked in their text.
   A CSV case export of :data:`STREAM_BYTES` or more (or any, with ``stream: true``) is streamed block
   by block through :func:`~governance_analytics.io.convert.convert_cases` — the same rules, without
   the raw text in memory at once — inside the staging folder, and read back in canonical form.
2. **One CRS** for the workspace: the one ``city.yml`` sets, else the UTM zone of the cases.
3. **The unit grid**: the city's own ``grid_cells`` file; else cells cut to its boundary polygons
   (:func:`~governance_analytics.grid.admin.build_cells`; units without a 6-digit GB/T 2260 district
   code are numbered ``99NNNN`` in name order, which no real code uses); else the cells the cases
   occupy within their robust extent (:func:`~governance_analytics.grid.extent.cells_with_cases`), so
   that outliers and pile-ups cannot stretch it. Each usable case is placed in its cell, and takes
   the cell's district, street and community where its own are missing. Population units without
   coordinates take the centroids of their boundary polygons (for distances between them).
4. **Write** ``data/`` as one atomic output (:func:`~governance_analytics.safe_write.output_directory`,
   writer ``ingest``): ``cases/year=YYYY/part-0.parquet``, ``<table>.parquet`` for the others,
   ``grid_cells.parquet``, ``rejects/<table>.csv`` (raw rows with file, row and reason; phone and ID
   numbers masked, formulas defused) and ``workspace.json`` — the city, the CRS, the grid, and per
   file the rows read, accepted and rejected with their SHA-256, and every cleaning rule's count.

Rerunning replaces ``data/`` whole with the same result; nothing outside the workspace is written.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import numpy as np
import pandas as pd

from governance_analytics import schemas
from governance_analytics.config import CityConfig, SourceSpec, load_city
from governance_analytics.grid import UnitGrid
from governance_analytics.grid.extent import cells_with_cases
from governance_analytics.io import case_cleaning as rules
from governance_analytics.io.cases import CaseReadResult, read_cases
from governance_analytics.io.conform import ReadResult
from governance_analytics.io.convert import convert_cases
from governance_analytics.io.tables import read_raw, read_table
from governance_analytics.io.workspace_record import WORKSPACE_FILE, sha256
from governance_analytics.privacy.personal import personal_columns, scrub_free_text
from governance_analytics.safe_text import mask_text_columns
from governance_analytics.safe_write import output_directory

__all__ = ["STREAM_BYTES", "IngestResult", "ingest"]

#: Each source read and the grid built, at INFO (``governance-analytics ingest -v`` shows them).
logger = logging.getLogger(__name__)

#: A CSV case export at least this big is streamed through ``convert`` rather than read whole (256 MiB:
#: about a million rows of a 311 export, whose raw text takes several times its size in memory).
STREAM_BYTES = 256 << 20
#: Prefix of the district codes given to units that have no GB/T 2260 code.
PSEUDO_DISTRICT = "99"


@dataclass(frozen=True)
class IngestResult:
    """What :func:`ingest` wrote: the data folder, its record (``workspace.json``) and the tables."""

    directory: Path
    record: dict
    tables: dict[str, ReadResult]

    def summary(self) -> pd.DataFrame:
        """One row per file: ``table``, ``file``, ``n_read``, ``n_accepted``, ``n_rejected``."""
        return pd.DataFrame(self.record["sources"])[["table", "file", "n_read", "n_accepted", "n_rejected"]]


class _CaseOptions(TypedDict):
    """The reading rules of a case export that :func:`read_cases` and :func:`convert_cases` share."""

    format: str
    mapping: dict | None
    encoding: str | None
    tz: str | None
    area: tuple[float, float, float, float] | None
    crs: str | None
    constants: dict
    values: dict


def _streamed(path: Path, spec: SourceSpec) -> bool:
    """Whether the case export ``path`` goes through ``convert`` block by block (see :data:`STREAM_BYTES`)."""
    if spec.stream == "auto":
        return (
            path.suffix.lower() in (".csv", ".txt", ".tsv") and path.is_file() and path.stat().st_size >= STREAM_BYTES
        )
    return bool(spec.stream)


def _read_case_file(path: Path, spec: SourceSpec, config: CityConfig, crs: str | None, scratch: Path) -> CaseReadResult:
    """One case export, read whole (:func:`~governance_analytics.io.read_cases`) or, when big, streamed
    through :func:`~governance_analytics.io.convert.convert_cases` into ``scratch`` and read back: the
    same rules either way, but the raw text is never in memory at once."""
    options = _CaseOptions(
        format=spec.format,
        mapping=spec.mapping or None,
        encoding=spec.encoding,
        tz=config.timezone,
        area=spec.area,
        crs=crs,
        constants=spec.constants,
        values=spec.values,
    )
    if not _streamed(path, spec):
        return read_cases(path, sheet=spec.sheet, **options)
    out = scratch / f"{len(list(scratch.iterdir())) if scratch.exists() else 0}"
    converted = convert_cases(path, out, progress=False, **options)
    cases, _, _, _ = read_raw(out / "cases")
    rejects = (
        pd.read_csv(out / "rejects.csv", dtype=str, keep_default_na=False).replace("", None)
        if (out / "rejects.csv").exists()
        else pd.DataFrame(columns=["row", "reason"])
    )
    shutil.rmtree(out)
    return CaseReadResult(
        cases[list(schemas.cases.columns)],
        rejects,
        converted.n_read,
        str(path),
        format=converted.format,
        crs=converted.crs,
    )


def _read_cases(config: CityConfig, scratch: Path) -> tuple[ReadResult | None, list[dict], str | None]:
    """Every case file read and stacked; a case id of an earlier file rejected in a later one (big
    exports streamed through ``scratch``, see :func:`_read_case_file`)."""
    spec = config.sources.get("cases")
    if spec is None:
        return None, [], config.crs
    crs, parts, rejects, records = config.crs, [], [], []
    seen: set[str] = set()
    for path in spec.files:
        result = _read_case_file(path, spec, config, crs, scratch)
        crs = crs or result.crs
        cases = result.cases
        again = cases["case_id"].isin(seen)
        seen.update(cases["case_id"])
        moved = cases[again].assign(
            row=pd.NA,
            reason=[
                f"case_id: duplicate value (the first is kept, from an earlier file), got {i!r}"
                for i in cases.loc[again, "case_id"]
            ],
        )
        parts.append(cases[~again])
        rejects.append(pd.concat([result.rejects, moved], ignore_index=True).assign(file=path.name))
        records.append(
            {
                "table": "cases",
                "file": path.name,
                "sha256": sha256(path),
                "format": result.format,
                "n_read": result.n_read,
                "n_accepted": int((~again).sum()),
                "n_rejected": len(result.rejects) + int(again.sum()),
            }
        )
    cases = pd.concat(parts, ignore_index=True)
    rejected = pd.concat(rejects, ignore_index=True)
    return ReadResult(cases, rejected, len(cases) + len(rejected), ", ".join(p.name for p in spec.files)), records, crs


def _read_table(config: CityConfig, table: str) -> tuple[ReadResult, list[dict]]:
    spec = config.sources[table]
    results, records = [], []
    for path in spec.files:
        result = read_table(
            path,
            schema=table,
            columns=spec.mapping or None,
            encoding=spec.encoding,
            sheet=spec.sheet,
            tz=config.timezone or "Asia/Shanghai",
            constants=spec.constants or None,
            values=spec.values or None,
        )
        dropped = personal_columns(result.data, table=table)  # names, phones, addresses never reach data/
        result = dataclasses.replace(result, data=scrub_free_text(result.data.drop(columns=dropped), table=table))
        results.append(result)
        records.append(
            {
                "table": table,
                "file": path.name,
                "sha256": sha256(path),
                "n_read": result.n_read,
                "n_accepted": result.n_accepted,
                "n_rejected": result.n_rejected,
                "dropped_columns": dropped,
            }
        )
    data = pd.concat([r.data for r in results], ignore_index=True)
    rejects = pd.concat([r.rejects.assign(file=p.name) for r, p in zip(results, spec.files)], ignore_index=True)
    return ReadResult(data, rejects, len(data) + len(rejects), ", ".join(p.name for p in spec.files)), records


def _district_codes(names: pd.Series, given: pd.Series | None) -> dict[str, str]:
    """Name → 6-digit district code: the given code where it is one, else ``99NNNN`` in name order."""
    codes = {}
    if given is not None:
        codes = {
            n: str(c)
            for n, c in zip(names, given.astype("str"))
            if pd.notna(c) and str(c).isdigit() and len(str(c)) == 6
        }
    rest = sorted(set(names) - set(codes))
    return {**codes, **{n: f"{PSEUDO_DISTRICT}{i + 1:04d}" for i, n in enumerate(rest)}}


def _boundary_cells(config: CityConfig) -> tuple[UnitGrid, pd.DataFrame, dict]:
    """Cells of the boundary polygons (:func:`~governance_analytics.grid.admin.build_cells`)."""
    import geopandas as gpd

    from governance_analytics.grid.admin import build_cells

    spec = config.boundaries
    assert spec is not None  # called only for a city with boundaries
    area = gpd.read_file(spec.file)
    if area.crs is None:
        area = area.set_crs("EPSG:4326")
    for column in (spec.name, spec.id, spec.parent):
        if column is not None and column not in area:
            raise ValueError(
                f"{spec.file}: no column {column!r} (city.yml boundaries); the file has {list(area.columns)}"
            )
    area = area.assign(geometry=area.geometry.make_valid())
    levels: tuple[str, ...]
    if spec.level == "district" or spec.parent is None:
        levels, district = (spec.name,), spec.name
    else:
        levels, district = (spec.parent, spec.name), spec.parent
    given = area[spec.id] if spec.id is not None and district == spec.name else None
    codes = {"district": _district_codes(area[district].astype("str"), given)}
    grid, cells = build_cells(area, cell_size=config.grid.cell_size, crs=config.crs, levels=levels, codes=codes)
    if spec.level == "community" and len(levels) == 2:  # parent is the street's level up: name the columns right
        cells = cells.assign(community=cells["street"], street=pd.Series(pd.NA, index=cells.index, dtype="str"))
    return grid, cells, {"source": "boundaries", "file": spec.file.name, "level": spec.level}


def _grid(
    config: CityConfig, cases: pd.DataFrame | None, crs: str | None
) -> tuple[UnitGrid | None, pd.DataFrame | ReadResult | None, dict]:
    """The grid and its cells: the city's file (read, as a :class:`ReadResult`), its boundaries, or the
    cases' robust extent."""
    if config.grid.file is not None:
        result = read_table(config.grid.file, schema="grid_cells")
        return UnitGrid.from_cells(result.data, crs=crs), result, {"source": "file", "file": config.grid.file.name}
    if config.boundaries is not None:
        return _boundary_cells(config)
    if cases is None or crs is None or not (cases["spatial_ok"] & cases["x"].notna()).any():
        return None, None, {"source": "none"}
    grid, cells, extent = cells_with_cases(cases, crs=crs, cell_size=config.grid.cell_size)
    return grid, cells, {"source": "cases", "n_outside": extent.n_outside}


def _unit_centres(units: pd.DataFrame, config: CityConfig) -> tuple[pd.DataFrame, int]:
    """Population units without ``lon``/``lat`` given the centroid of their boundary polygon, matched on
    the boundaries' id column (``unit_id``) where the ids meet, else on their name column
    (``unit_name``); centroids are taken in the polygons' UTM zone, in metres. Returns the units and
    how many were placed."""
    import geopandas as gpd

    spec = config.boundaries
    assert spec is not None  # called only for a city with boundaries
    area = gpd.read_file(spec.file)
    area = area.set_crs("EPSG:4326") if area.crs is None else area
    by_id = (
        spec.id is not None and spec.id in area and units["unit_id"].astype(str).isin(area[spec.id].astype(str)).any()
    )
    key, unit_key = (spec.id, "unit_id") if by_id else (spec.name, "unit_name")
    centres = area.to_crs(area.estimate_utm_crs()).geometry.centroid.to_crs("EPSG:4326")
    lookup = pd.DataFrame(
        {"lon": centres.x.to_numpy(), "lat": centres.y.to_numpy()}, index=area[key].astype(str).to_numpy()
    )
    lookup = lookup[~lookup.index.duplicated()]
    out = units.copy()
    missing = out["lon"].isna() | out["lat"].isna()
    keys = out.loc[missing, unit_key].astype(str)
    out.loc[missing, "lon"] = keys.map(lookup["lon"]).round(6).to_numpy()
    out.loc[missing, "lat"] = keys.map(lookup["lat"]).round(6).to_numpy()
    placed = int((missing & out["lon"].notna()).sum())
    return out, placed


def _placed(cases: pd.DataFrame, grid: UnitGrid | None, cells: pd.DataFrame | None) -> pd.DataFrame:
    """Cases with ``cell_id`` filled from x/y where usable and missing or not a cell of this grid (a
    code of another grid is cleared; a usable case in no cell is flagged ``outside_grid``), and the
    cell's district, street and community where its own are missing."""
    if grid is None:
        return cases
    assert cells is not None  # a grid comes with its cells
    out = cases.copy()
    known = out["cell_id"].isin(cells["cell_id"])  # a code of another grid is no cell of this one
    out["cell_id"] = out["cell_id"].astype("str").where(known)
    place = out["spatial_ok"] & out["x"].notna() & ~known
    if place.any():
        out.loc[place, "cell_id"] = grid.lookup(cells, out.loc[place, "x"], out.loc[place, "y"]).to_numpy()
    out = rules.flag_outside_grid(out, out["cell_id"].notna())
    labels = cells.set_index("cell_id")[["district", "street", "community"]]
    for column in labels.columns:
        if labels[column].notna().any():
            out[column] = out[column].fillna(out["cell_id"].map(labels[column]))
    return out


def _write_cases(cases: pd.DataFrame, folder: Path) -> None:
    """Cases as Parquet partitioned by the year of ``created_at`` (as ``convert`` writes them), every
    part with the same Arrow schema (so that the folder reads as one dataset)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(cases, preserve_index=False)
    years = cases["created_at"].dt.year.to_numpy()
    for year in np.unique(years):
        target = folder / "cases" / f"year={int(year)}"
        target.mkdir(parents=True)
        pq.write_table(table.filter(pa.array(years == year)), target / "part-0.parquet")


def _write_rejects(rejects: pd.DataFrame, path: Path) -> None:
    if len(rejects):
        path.parent.mkdir(exist_ok=True)
        front = [c for c in ("file", "row", "reason") if c in rejects]
        ordered = rejects[front + [c for c in rejects.columns if c not in front]]
        mask_text_columns(ordered.astype("object"), formulas=True).to_csv(path, index=False, encoding="utf-8")


def _read_all(config: CityConfig, scratch: Path) -> tuple[dict[str, ReadResult], dict]:
    """Every source read, the grid built and the cases placed; the workspace record."""
    cases, records, crs = _read_cases(config, scratch)
    tables = {} if cases is None else {"cases": cases}
    for table in sorted(set(config.sources) - {"cases"}):
        tables[table], found = _read_table(config, table)
        records += found
    for name, result in tables.items():
        logger.info(
            "%s: %d rows read = %d accepted + %d rejected", name, result.n_read, result.n_accepted, result.n_rejected
        )
    grid, cells, grid_record = _grid(config, cases.data if cases is not None else None, crs)
    logger.info("unit grid: %s", "none" if cells is None else grid_record["source"])
    if isinstance(cells, ReadResult):  # the city's own grid file: its rows reconcile like any source's
        path = config.grid.file
        assert path is not None  # the cells were read from it
        records.append(
            {
                "table": "grid_cells",
                "file": path.name,
                "sha256": sha256(path),
                "n_read": cells.n_read,
                "n_accepted": cells.n_accepted,
                "n_rejected": cells.n_rejected,
            }
        )
        tables["grid_cells"], cells = cells, cells.data
    elif cells is not None:
        tables["grid_cells"] = ReadResult(
            cells, pd.DataFrame(columns=["row", "reason"]), len(cells), grid_record["source"]
        )
    if cases is not None:
        tables["cases"] = ReadResult(_placed(cases.data, grid, cells), cases.rejects, cases.n_read, cases.source)
    if cases is not None and grid is not None and cells is not None:  # no grid: no case has usable coordinates
        grid_record.update(
            cell_size=grid.cell_size, n_cells=len(cells), x0=grid.x0, y0=grid.y0, n_rows=grid.n_rows, n_cols=grid.n_cols
        )
    flags = (
        rules.rule_counts(cases.rejects, tables["cases"].data["flags"])
        if cases is not None
        else pd.DataFrame(columns=["rule", "outcome", "n"])
    )
    record = {
        "city": config.city,
        "timezone": config.timezone,
        "crs": crs,
        "grid": grid_record,
        "sources": records,
        "rules": flags[["rule", "outcome", "n"]].astype({"n": "int64"}).to_dict("records"),
    }
    if "population_units" in tables and config.boundaries is not None:
        units = tables["population_units"]
        placed, n = _unit_centres(units.data, config)
        tables["population_units"] = dataclasses.replace(units, data=placed)
        record["unit_centres"] = {"source": "boundaries", "n_rows_placed": n}
    if scratch.exists():
        shutil.rmtree(scratch)
    return tables, record


def ingest(config: CityConfig | str, *, progress: Callable | None = None) -> IngestResult:
    """Read every source of ``config`` (a :class:`~governance_analytics.config.CityConfig` or the path of
    ``city.yml``) and write the workspace's ``data/`` (see the module notes)."""
    config = config if isinstance(config, CityConfig) else load_city(config)
    if not config.sources:
        raise ValueError(f"{config.root / 'city.yml'}: sources: no source to ingest; name at least the cases export")
    with output_directory(config.data_dir, writer="ingest") as staging:
        tables, record = _read_all(config, staging / ".stream")
        for name, result in tables.items():
            if name == "cases":
                _write_cases(result.data, staging)
            else:
                result.data.to_parquet(staging / f"{name}.parquet", index=False)
            _write_rejects(result.rejects, staging / "rejects" / f"{name}.csv")
        (staging / WORKSPACE_FILE).write_text(
            json.dumps(record, ensure_ascii=False, indent=2, default=_json), encoding="utf-8"
        )
    return IngestResult(config.data_dir, record, tables)


def _json(value):
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")
