"""Fixtures for the survey-estimation tests: the API samples and R survey's reference values."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"


@pytest.fixture(scope="session")
def r_ref() -> dict[str, list[float]]:
    """``R`` of ``r_reference.py`` (written by ``survey_reference.R``): key → values of one R call."""
    spec = importlib.util.spec_from_file_location("r_reference", HERE / "r_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.R


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"cds": str}, na_values=["NA"])


@pytest.fixture(scope="session")
def api() -> dict[str, pd.DataFrame]:
    """The four API samples of R's survey package (tests/data: always present, never skipped)."""
    return {name: _read(DATA / f"{name}.csv") for name in ("apisrs", "apistrat", "apiclus1", "apiclus2")}


@pytest.fixture(scope="session")
def apiclus() -> dict[str, pd.DataFrame]:
    """apiclus1 and apiclus2 only (always present: project fixtures)."""
    return {"apiclus1": _read(DATA / "apiclus1.csv"), "apiclus2": _read(DATA / "apiclus2.csv")}
