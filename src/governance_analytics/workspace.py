"""A city's data, read once the same way for the report and the notebooks: :func:`open_workspace`.

A *workspace* is a folder of canonical tables — a city's ``data/`` written by ``ingest``, the Demo
City's ``data/demo``, or any folder of files named after the canonical tables — with what is known
about it: the city's names, the CRS of x/y, the unit grid, the study settings of its ``city.yml``
and, for the Demo City, the truth it planted. :func:`load_inputs` reads the tables:

- cases with the case cleaning rules (:func:`~governance_analytics.io.read_cases`: a canonical table
  or any export it recognises), every other table with its schema;
- where no grid is given but cases have coordinates, the cells they occupy within their robust
  extent (:func:`~governance_analytics.grid.extent.cells_with_cases`), and each usable case placed
  in its cell;
- a missing class, department or channel set to ``unspecified`` so that groups add up to totals;
- personal columns dropped and phone and ID numbers masked
  (:func:`~governance_analytics.privacy.publishable_inputs`): nothing personal past here.

The report (:func:`~governance_analytics.reporting.builder.report_context`) and the notebooks
(``CITY`` parameter → :func:`open_workspace`) call the same function, so they see the same tables.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from governance_analytics import schemas
from governance_analytics.cases.summary import with_unspecified
from governance_analytics.grid import UnitGrid
from governance_analytics.grid.extent import cells_with_cases
from governance_analytics.io import ReadResult, read_cases, read_table
from governance_analytics.io.workspace_record import read_workspace
from governance_analytics.specs import StudySpecs

__all__ = [
    "GRID_CELL_M",
    "MANIFEST",
    "Workspace",
    "case_rule_counts",
    "find_inputs",
    "load_inputs",
    "open_workspace",
    "read_input",
    "read_inputs",
]

_SUFFIXES = (".parquet", ".csv", ".xlsx")
#: The Demo City's manifest (its planted truth, seed and CRS).
MANIFEST = "truth.json"
#: Cell side (metres) of the grid built from the cases when the data hold none.
GRID_CELL_M = 100.0


def find_inputs(data_dir: Path) -> dict[str, Path]:
    """Canonical table name → file in ``data_dir`` named after it (``cases.csv``, ``survey.xlsx``, …),
    or a folder of Parquet files named after it (``cases/year=2025/*.parquet``, as ``convert`` and
    ``ingest`` write them)."""
    found = {}
    for name in schemas.SCHEMAS:
        for suffix in _SUFFIXES:
            if (data_dir / f"{name}{suffix}").exists():
                found[name] = data_dir / f"{name}{suffix}"
                break
        else:
            if (data_dir / name).is_dir() and any((data_dir / name).rglob("*.parquet")):
                found[name] = data_dir / name
    return found


def read_input(name: str, path: Path, *, crs: str | None = None) -> ReadResult:
    """Read one input into its canonical table: cases with the case cleaning rules of
    :func:`~governance_analytics.io.read_cases` (a canonical table or any export it recognises; ``crs``
    of x/y, default the UTM zone of the data), every other table with its schema."""
    if name == "cases":
        return read_cases(path, crs=crs)
    return read_table(path, schema=name)


def read_inputs(
    files: dict[str, Path], *, crs: str | None = None, progress: Callable | None = None
) -> dict[str, ReadResult]:
    """Read and validate each input file into its canonical table (:func:`read_input`)."""
    items = progress(files.items(), desc="reading") if progress else files.items()
    return {name: read_input(name, path, crs=crs) for name, path in items}


def _city(data_dir: Path, city: dict[str, str] | None) -> tuple[dict[str, str], dict]:
    """The city's names and what the data folder records about itself: a workspace's
    ``workspace.json`` (written by ``ingest``: CRS, grid, the rows and cleaning rules of ingestion) or
    a Demo City's manifest (its seed and CRS)."""
    manifest = data_dir / MANIFEST
    meta = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    workspace = read_workspace(data_dir) or {}
    names = city or workspace.get("city") or meta.get("city") or {"zh": data_dir.name, "en": data_dir.name}
    return names, {
        "seed": meta.get("seed"),
        "crs": workspace.get("crs") or meta.get("crs"),
        "ingest": workspace or None,
    }


def _with_grid(inputs: dict[str, ReadResult], meta: dict) -> tuple[dict[str, ReadResult], dict]:
    """The inputs ready for the sections, and ``meta`` with the cases' CRS:

    - where no grid is given but cases have coordinates, the grid of the cells they occupy within
      their robust extent (:func:`~governance_analytics.grid.extent.cells_with_cases`), described in
      ``meta["grid"]``;
    - each usable case (``spatial_ok``) without a ``cell_id`` placed in the cell holding its x/y;
    - a missing class, department or channel set to ``unspecified``
      (:func:`~governance_analytics.cases.summary.with_unspecified`), so that groups add up to totals.
    """
    cases = inputs.get("cases")
    if cases is None:
        return inputs, meta
    meta = {**meta, "crs": meta.get("crs") or getattr(cases, "crs", None)}
    data = with_unspecified(cases.data, ("case_type", "category", "department", "channel"))
    usable = data["x"].notna() & data["y"].notna()
    if "spatial_ok" in data:
        usable &= data["spatial_ok"].fillna(False).astype(bool)
    if "grid_cells" not in inputs and meta["crs"] is not None and usable.sum() >= 2:
        _, cells, extent = cells_with_cases(data, crs=meta["crs"], cell_size=GRID_CELL_M)
        inputs = {
            **inputs,
            "grid_cells": ReadResult(
                cells, pd.DataFrame(columns=["row", "reason"]), len(cells), "(built from the cases)"
            ),
        }
        meta["grid"] = {"built": True, "cell_size": GRID_CELL_M, "n_cells": len(cells), "n_outside": extent.n_outside}
    if "grid_cells" in inputs and len(inputs["grid_cells"].data) >= 2:
        cells = inputs["grid_cells"].data
        known = data["cell_id"].isin(cells["cell_id"])  # a code of another grid is no cell of this one
        place = usable & ~known
        if place.any() or (~known & data["cell_id"].notna()).any():
            grid = UnitGrid.from_cells(cells, crs=meta["crs"])
            data = data.assign(cell_id=data["cell_id"].astype("str").where(known))
            data.loc[place, "cell_id"] = grid.lookup(cells, data.loc[place, "x"], data.loc[place, "y"]).to_numpy()
    return {**inputs, "cases": dataclasses.replace(cases, data=data)}, meta


def case_rule_counts(inputs: dict[str, ReadResult], metadata: dict) -> pd.DataFrame:
    """Every cleaning rule that touched the case records, with its count: the flags the cases carry,
    the rows rejected — by ``ingest`` (its record) when the cases come from a workspace, else by this
    read — and the usable cases outside a grid drawn from the cases' robust extent.

    Returns
    -------
    DataFrame
        ``rule``, ``outcome`` (``rejected`` or ``flagged``), ``n``, largest first.
    """
    from governance_analytics.io.case_cleaning import rule_counts

    cases = inputs["cases"]
    flags = cases.data["flags"] if "flags" in cases.data else pd.Series(dtype=object)
    counts = rule_counts(cases.rejects, flags)[["rule", "outcome", "n"]]
    ingested = (metadata.get("ingest") or {}).get("rules")
    if ingested:  # the rows ingest rejected never reached the data folder: its record counts them
        earlier = pd.DataFrame(ingested, columns=["rule", "outcome", "n"])
        counts = pd.concat([counts[counts["outcome"] == "flagged"], earlier[earlier["outcome"] == "rejected"]])
    outside = (metadata.get("grid") or {}).get("n_outside", 0)
    if outside:
        counts = pd.concat([counts, pd.DataFrame([{"rule": "outside_grid", "outcome": "flagged", "n": outside}])])
    return counts.astype({"n": "int64"}).sort_values("n", ascending=False, kind="stable", ignore_index=True)


def load_inputs(
    data_dir: str | os.PathLike, *, city: dict[str, str] | None = None, progress: Callable | None = None
) -> tuple[dict[str, ReadResult], dict[str, str], dict, dict[str, Path]]:
    """Read every canonical table in ``data_dir`` (see the module notes).

    Returns
    -------
    inputs, names, metadata, files
        The publishable tables by name; the city's names (``city``, else the data's record, else the
        folder's name); what the data record about themselves (``crs``, ``seed``, ``grid``, the
        ``ingest`` record); and the file each table was read from.
    """
    from governance_analytics.privacy.personal import publishable_inputs

    data_dir = Path(data_dir)
    files = find_inputs(data_dir)
    if not files:
        raise FileNotFoundError(
            f"{data_dir}: no input tables; expected files named after the canonical tables, "
            f"e.g. cases.csv ({', '.join(schemas.SCHEMAS)})"
        )
    names, meta = _city(data_dir, city)
    inputs, meta = _with_grid(read_inputs(files, crs=meta["crs"], progress=progress), meta)
    return publishable_inputs(inputs), names, meta, files


@dataclass(frozen=True)
class Workspace:
    """A city's tables and settings, read by :func:`open_workspace`.

    Attributes
    ----------
    names : the city's names by language
    data_dir : the folder the tables were read from
    inputs : canonical table → what its reader returned (publishable)
    metadata : ``crs``, ``seed``, ``grid`` (when built from the cases), ``ingest`` (the workspace record)
    studies : each study's settings
    report : the report's settings
    truth : the Demo City's planted truth (``None`` for a real city)
    """

    names: dict[str, str]
    data_dir: Path
    inputs: dict[str, ReadResult] = field(repr=False)
    metadata: dict = field(repr=False)
    studies: StudySpecs = field(default_factory=StudySpecs)
    report: object = None
    truth: dict | None = field(default=None, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        """Accepted rows of the table ``name``."""
        return self.inputs[name].data

    def has(self, name: str) -> bool:
        return name in self.inputs and len(self.inputs[name].data) > 0

    @property
    def crs(self) -> str | None:
        return self.metadata.get("crs")

    @property
    def grid(self) -> UnitGrid | None:
        """The unit grid of the ``grid_cells`` table (``None`` without one)."""
        return UnitGrid.from_cells(self.table("grid_cells"), crs=self.crs) if self.has("grid_cells") else None

    @property
    def is_demo(self) -> bool:
        return self.truth is not None

    def rule_counts(self) -> pd.DataFrame:
        """The cleaning rules that touched the case records (:func:`case_rule_counts`)."""
        return case_rule_counts(self.inputs, self.metadata)


def open_workspace(city: str | os.PathLike | None = None) -> Workspace:
    """Read a city's tables: ``city`` is a workspace's ``city.yml`` (or its folder), a folder of
    canonical tables, or ``None`` for the Demo City (generated on first use)."""
    from governance_analytics import demo
    from governance_analytics.config import CITY_FILE, load_city
    from governance_analytics.report_settings import ReportConfig

    if city is None:
        demo.load()  # generated on first use
        data_dir = demo.default_dir()
        settings, studies = ReportConfig(), StudySpecs()
    else:
        path = Path(city)
        config_file = path if path.is_file() and path.suffix in (".yml", ".yaml") else path / CITY_FILE
        if config_file.exists():
            config = load_city(config_file)
            data_dir, settings, studies = config.data_dir, config.report, config.studies
        else:
            data_dir, settings, studies = path, ReportConfig(), StudySpecs()
    inputs, names, meta, _ = load_inputs(data_dir, city=settings.city)
    manifest = Path(data_dir) / MANIFEST
    truth = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else None
    return Workspace(names, Path(data_dir), inputs, meta, studies, settings, truth)
