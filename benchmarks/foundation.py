"""Foundation benchmarks on the Demo City.

1. Building the Demo City: wall time and peak memory (in a child process, so the peak is its own).
2. Reading ``cases.csv`` into the validated canonical table (``read_table(..., schema="cases")``)
   beside the anchors that read the same file without validating: ``pandas.read_csv`` with type
   inference and DuckDB's ``read_csv`` into a DataFrame.

The report's own benchmark is ``benchmarks/report.py``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

import governance_analytics as ga
from governance_analytics.io import read_table

REPEATS = 3

_CHILD = """
import time
import governance_analytics as ga
from benchmarks._memory import peak_rss_mib
t = time.perf_counter()
ga.demo.generate()
print(time.perf_counter() - t, peak_rss_mib())
"""


def best_of(fn, repeats: int = REPEATS) -> float:
    """Best wall time of ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def demo_build() -> tuple[float, float]:
    """Seconds and peak resident MiB of ``ga.demo.generate()`` in a fresh interpreter."""
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", _CHILD], check=True, capture_output=True, text=True, cwd=root
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    demo_dir = ga.demo.default_dir()
    ga.demo.load()
    cases_csv = demo_dir / "cases.csv"
    rows: list[tuple[str, float, float | None, str]] = []

    seconds, peak = demo_build()
    rows.append(("Demo City build (generate)", seconds, None, f"peak memory {peak:,.0f} MiB"))

    ours = best_of(lambda: read_table(cases_csv, schema="cases"))
    pandas_raw = best_of(lambda: pd.read_csv(cases_csv))
    duck = best_of(lambda: duckdb.read_csv(str(cases_csv)).df())
    n = sum(1 for _ in cases_csv.open(encoding="utf-8")) - 1
    rows.append((f"read + validate cases.csv ({n:,} rows)", ours, None, "read_table(schema='cases')"))
    rows.append(("  anchor: pandas.read_csv, no validation", pandas_raw, ours / pandas_raw, "ours / anchor"))
    rows.append(("  anchor: duckdb.read_csv(...).df(), no validation", duck, ours / duck, "ours / anchor"))

    print(f"{'benchmark':<55} {'seconds':>9} {'ratio':>7}  note")
    for name, secs, ratio, note in rows:
        print(f"{name:<55} {secs:>9.2f} {'' if ratio is None else f'{ratio:.2f}':>7}  {note}")
