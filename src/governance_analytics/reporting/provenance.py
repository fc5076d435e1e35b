"""Provenance of a report: input hashes and row counts, parameters, package versions, seed."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import pandas as pd

from governance_analytics.io import ReadResult
from governance_analytics.io.workspace_record import sha256
from governance_analytics.reporting import i18n
from governance_analytics.reporting.content import Table

__all__ = ["sha256", "package_versions", "input_table", "parameter_table", "version_table"]

PACKAGES = (
    "governance-analytics",
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "pandera",
    "geopandas",
    "libpysal",
    "esda",
    "scikit-learn",
    "duckdb",
    "matplotlib",
    "fpdf2",
    "fonttools",
    "jinja2",
    "xlsxwriter",
    "mplfonts",
    "pyyaml",
)


def package_versions() -> dict[str, str]:
    """Python's and each relevant package's installed version."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def input_table(inputs: dict[str, ReadResult], hashes: dict[str, str], lang: str) -> Table:
    """One row per input file: table, file name, SHA-256, rows read / accepted / rejected."""
    rows = [
        {
            "table": name,
            "file": Path(r.source).name,
            "sha256": hashes.get(name, "—"),
            "n_read": r.n_read,
            "n_accepted": r.n_accepted,
            "n_rejected": r.n_rejected,
        }
        for name, r in inputs.items()
    ]
    frame = pd.DataFrame(rows).rename(columns=lambda c: i18n.text(c, lang))
    return Table("inputs", i18n.text("tab_inputs", lang), frame)


def parameter_table(parameters: dict[str, object], lang: str) -> Table:
    """The run's parameters as a two-column table."""
    frame = pd.DataFrame(
        {
            i18n.text("parameter", lang): list(parameters),
            i18n.text("value", lang): [str(v) for v in parameters.values()],
        }
    )
    return Table("parameters", i18n.text("parameter", lang), frame)


def version_table(versions: dict[str, str], lang: str) -> Table:
    """Package versions as a two-column table."""
    frame = pd.DataFrame(
        {i18n.text("package", lang): list(versions), i18n.text("version", lang): list(versions.values())}
    )
    return Table("versions", i18n.text("version", lang), frame)
