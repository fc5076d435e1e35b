"""Shared pieces of the aggregation engines: the resolved source, the plan, and period ordinals.

Every engine turns case records into the same *partial cube*: one row per occupied
``(cell, period, *by)`` with ``n``, ``n_closed`` and ``dur_us`` (summed closing time in integer
microseconds, so that every engine's sum is exact and therefore identical). Cells are flat row-major
indices ``row * n_cols + col``; periods are integer *ordinals* (below), turned into timestamps only
when :mod:`governance_analytics.engines` assembles the full cube.

Period ordinals (proleptic Gregorian calendar, floor semantics, local naive time):

===== ======================================== ===============================================
freq  ordinal of a timestamp ``t``               period start of ordinal ``k``
===== ======================================== ===============================================
D     days since 1970-01-01                     1970-01-01 + k days
W     ``floor((days + 3) / 7)``                  1970-01-01 + (7k − 3) days (a Monday)
MS    ``12·year + month − 1``                    month ``k mod 12 + 1`` of year ``k div 12``
QS    ``4·year + (month − 1) div 3``             month ``3·(k mod 4) + 1`` of year ``k div 4``
YS    ``year``                                   1 January of year ``k``
===== ======================================== ===============================================
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from governance_analytics.grid import UnitGrid

#: Period frequencies understood by every engine (pandas offset aliases).
FREQS = ("D", "W", "MS", "QS", "YS")
#: Columns every case source must have.
REQUIRED = ("x", "y", "created_at", "closed_at")
#: Columns of the partial cube every backend returns (the ``by`` keys sit between period and n).
PARTIAL = ("cell", "period", "n", "n_closed", "dur_us")

_EPOCH_MONTHS = 1970 * 12
_I8 = np.int64


@dataclass(frozen=True)
class Source:
    """A case source: an in-memory ``frame`` or ``files`` of one ``format`` ("parquet" or "csv")."""

    frame: pd.DataFrame | None
    files: tuple[str, ...]
    format: str
    columns: tuple[str, ...]

    @property
    def has_spatial_ok(self) -> bool:
        return "spatial_ok" in self.columns


@dataclass(frozen=True)
class Plan:
    """What to aggregate: the grid, the period frequency, the keys and the ``created_at`` bounds.

    A case enters the partial cube when its cell lies on the grid, ``spatial_ok`` is not False,
    ``created_at`` is not null and ``lo <= created_at < hi`` (a bound of ``None`` is open).
    """

    grid: UnitGrid
    freq: str
    by: tuple[str, ...]
    lo: np.datetime64 | None
    hi: np.datetime64 | None
    spatial_ok: bool

    @property
    def columns(self) -> list[str]:
        """Source columns an engine has to read."""
        cols = [*REQUIRED, *(k for k in self.by if k not in REQUIRED)]
        return cols + (["spatial_ok"] if self.spatial_ok and "spatial_ok" not in cols else [])

    @property
    def group(self) -> list[str]:
        return ["cell", "period", *self.by]


def period_ordinal(t: np.ndarray, freq: str) -> np.ndarray:
    """Integer period ordinal (module docstring table) of ``datetime64`` values ``t`` (no NaT)."""
    if freq in ("D", "W"):
        days = t.astype("M8[D]").view(_I8)
        return days if freq == "D" else (days + 3) // 7
    if freq == "YS":
        return t.astype("M8[Y]").view(_I8) + 1970
    months = t.astype("M8[M]").view(_I8) + _EPOCH_MONTHS
    return months if freq == "MS" else months // 3


def period_start(ordinal: ArrayLike, freq: str) -> np.ndarray:
    """``datetime64[us]`` start of each period ``ordinal`` (inverse of :func:`period_ordinal`)."""
    k = np.asarray(ordinal, dtype=_I8)
    if freq == "D":
        start = k.astype("M8[D]")
    elif freq == "W":
        start = (7 * k - 3).astype("M8[D]")
    elif freq == "MS":
        start = (k - _EPOCH_MONTHS).astype("M8[M]")
    elif freq == "QS":
        start = (3 * k - _EPOCH_MONTHS).astype("M8[M]")
    else:
        start = (k - 1970).astype("M8[Y]")
    return start.astype("M8[us]")


def timestamp_ordinal(value, freq: str) -> int:
    """Period ordinal of one timestamp-like ``value`` (``str``, ``Timestamp``, ``datetime``...)."""
    ts = pd.Timestamp(value)
    if ts is pd.NaT:
        raise ValueError(f"start/end must be a timestamp, got {value!r}")
    if ts.tz is not None:
        raise ValueError(f"start/end must be naive local time like created_at, got {value!r}")
    return int(period_ordinal(np.array([ts.to_datetime64()]).astype("M8[us]"), freq)[0])


def is_path(value) -> bool:
    return isinstance(value, (str, Path))
