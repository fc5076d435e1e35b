"""示范市 / Demo City: a deterministic synthetic Chinese city with a ground-truth manifest.

The Demo City has every table the suite reads — cases on a 100 m unit grid, population units with a
commuting table and a 1 km population grid, a participation survey with a real sampling design,
community indicators, resident messages and committee members — and plants a known truth in each
(a hotspot, an intervention effect, an odds ratio, a community's dominant problem) so that tests can
check that every analysis recovers it. ``truth.json`` (the manifest) records what was planted.

Each study area has its own generator module (``cases``, ``population``, ``participation``,
``community``) drawing from its own child of ``numpy.random.SeedSequence(seed)``, so the tables are a
pure function of the seed: same seed, identical tables.

Examples
--------
>>> import governance_analytics as ga
>>> city = ga.demo.load()            # generates data/demo on first use
>>> city.tables["cases"].shape       # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import numpy as np
import pandas as pd

from governance_analytics import __version__
from governance_analytics.demo._geography import DemoGeography, build_geography
from governance_analytics.demo.case_export import gbt_export
from governance_analytics.safe_write import output_directory

__all__ = [
    "DemoCity",
    "DEFAULT_SEED",
    "CITY_NAME",
    "GBT_EXPORT",
    "generate",
    "generator_fingerprint",
    "inventory",
    "write",
    "read",
    "load",
    "default_dir",
]

DEFAULT_SEED = 20250101
CITY_NAME = {"zh": "示范市", "en": "Demo City"}
MANIFEST = "truth.json"
#: The cases as a raw 数字城管 export (GBK, Chinese headers, planted defects), relative to the directory.
GBT_EXPORT = "exports/cases_gbt.csv"
#: One generator module per study area, each exposing ``generate(geo, rng) -> (tables, truth)``.
_STUDIES = ("cases", "population", "participation", "community")


@dataclass(frozen=True)
class DemoCity:
    """The Demo City's tables (canonical schemas, by name) and its ground-truth manifest."""

    seed: int
    tables: dict[str, pd.DataFrame]
    truth: dict = field(repr=False)
    exports: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)


def generator_fingerprint() -> str:
    """A hash of the generator's source code and the package version: data written by any other
    generator is stale and :func:`load` regenerates it."""
    digest = hashlib.sha256(__version__.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def generate(seed: int = DEFAULT_SEED, *, progress: bool = False) -> DemoCity:
    """Generate the Demo City from ``seed``.

    Parameters
    ----------
    seed
        Root of a ``numpy.random.SeedSequence``; the geography and each study draw from their own child.
    progress
        Show a progress bar over the study generators.
    """
    from tqdm.auto import tqdm

    children = np.random.SeedSequence(seed).spawn(2 + len(_STUDIES))
    geo: DemoGeography = build_geography(np.random.default_rng(children[0]))
    tables = {"grid_cells": geo.cells, "communities": geo.communities}
    truth: dict = {
        "seed": seed,
        "generator": generator_fingerprint(),
        "city": CITY_NAME,
        "crs": geo.crs,
        "grid": {
            "x0": geo.grid.x0,
            "y0": geo.grid.y0,
            "cell_size": geo.grid.cell_size,
            "n_rows": geo.grid.n_rows,
            "n_cols": geo.grid.n_cols,
        },
    }
    steps = tqdm(list(zip(_STUDIES, children[1:-1])), desc="Demo City", disable=not progress)
    for name, child in steps:
        steps.set_postfix_str(name)
        module = import_module(f"{__name__}.{name}")
        study_tables, study_truth = module.generate(geo, np.random.default_rng(child))
        tables.update(study_tables)
        truth[name] = study_truth
    export, truth["cases"]["export"] = gbt_export(tables["cases"], np.random.default_rng(children[-1]))
    return DemoCity(seed, tables, truth, {GBT_EXPORT: export})


def inventory(city: DemoCity) -> pd.DataFrame:
    """One row per table of ``city``: ``table``, ``rows``, ``columns`` and ``description`` (from its
    canonical schema)."""
    from governance_analytics.schemas import SCHEMAS

    return pd.DataFrame(
        [
            {"table": name, "rows": len(t), "columns": t.shape[1], "description": SCHEMAS[name].description}
            for name, t in sorted(city.tables.items())
        ]
    )


def write(city: DemoCity, directory: str | os.PathLike) -> Path:
    """Write every table as UTF-8 CSV, the raw exports (GBK) and the manifest as JSON into
    ``directory``, atomically.

    The files are first written to a hidden sibling directory that replaces ``directory`` only once
    complete (:func:`~governance_analytics.safe_write.output_directory`), so an interrupted run never
    leaves a half-written Demo City; a ``directory`` that holds anything but an earlier Demo City is
    refused, never deleted.
    """
    target = Path(directory)
    with output_directory(target, writer="demo-data", legacy=_is_legacy_demo) as staging:
        for name, table in city.tables.items():
            table.to_csv(staging / f"{name}.csv", index=False, date_format="%Y-%m-%d %H:%M:%S")
        for name, export in city.exports.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            export.to_csv(staging / name, index=False, encoding="gbk")
        (staging / MANIFEST).write_text(json.dumps(city.truth, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def _is_legacy_demo(entries: list[str]) -> bool:
    """A Demo City written before output folders carried a manifest: its manifest, the canonical
    tables and its export — exactly the files :func:`write` writes, nothing else."""
    from governance_analytics.schemas import SCHEMAS

    ours = {MANIFEST, "exports/", GBT_EXPORT, *(f"{name}.csv" for name in SCHEMAS)}
    return MANIFEST in entries and set(entries) <= ours


def read(directory: str | os.PathLike) -> DemoCity:
    """Read a Demo City written by :func:`write`, validating every table against its schema."""
    from governance_analytics.io import read_table

    directory = Path(directory)
    truth = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    tables = {}
    for path in sorted(directory.glob("*.csv")):
        result = read_table(path, schema=path.stem)
        if len(result.rejects):
            raise ValueError(f"{path}: the Demo City file has {len(result.rejects)} invalid rows; regenerate it")
        tables[path.stem] = result.data
    return DemoCity(truth["seed"], tables, truth)


def default_dir(seed: int = DEFAULT_SEED) -> Path:
    """Where the Demo City lives: ``$GA_DEMO_DIR``, else ``data/demo`` of the project checkout containing
    the working directory, else ``~/.cache/governance-analytics/demo``; seeds other than the default
    get a sibling folder ``demo-seed-N``."""
    if "GA_DEMO_DIR" in os.environ:
        base = Path(os.environ["GA_DEMO_DIR"])
    else:
        base = Path.home() / ".cache" / "governance-analytics" / "demo"
        for parent in (Path.cwd(), *Path.cwd().parents):
            if (parent / "pyproject.toml").exists() and (parent / "src" / "governance_analytics").is_dir():
                base = parent / "data" / "demo"
                break
    return base if seed == DEFAULT_SEED else base.with_name(f"{base.name}-seed-{seed}")


def load(directory: str | os.PathLike | None = None, *, seed: int = DEFAULT_SEED, progress: bool = False) -> DemoCity:
    """Read the Demo City from ``directory`` (default :func:`default_dir`), generating it first if it
    is missing or was written by another seed or another version of the generator."""
    directory = Path(directory) if directory is not None else default_dir(seed)
    manifest = directory / MANIFEST
    if manifest.exists():
        truth = json.loads(manifest.read_text(encoding="utf-8"))
        if truth.get("seed") == seed and truth.get("generator") == generator_fingerprint():
            return read(directory)
    write(generate(seed, progress=progress), directory)
    return read(directory)
