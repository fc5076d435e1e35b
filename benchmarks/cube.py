"""Space-time cube benchmarks: ``aggregate_cases`` on 10 and 40 million synthetic cases.

1. 10 million canonical-like cases in one Parquet file (created_at over 3 years, x/y uniform over a
   12 km × 11 km grid of 100 m cells, ~90 % closed, a ``category`` key) → cell × month cube, best of
   3, the runs of the three contenders interleaved:

   a. ours: ``aggregate_cases(path, grid=..., freq="MS", engine="duckdb")`` (complete cube, zeros
      filled, exact duration sums);
   b. anchor: a hand-written DuckDB SQL query for the same counts and duration sums (occupied
      cells only, no zero-filling);
   c. anchor: a straightforward pandas approach, ``pd.read_parquet`` + arithmetic row/col +
      ``groupby(...).agg``.

   Targets: (a)/(b) ≤ 1.2 and (c)/(a) ≥ 2.
2. 40 million cases (another Parquet file, written in chunks) aggregated by the ``duckdb`` engine in
   a child process that reports its own peak resident memory; target < 3 GB.

Generation is not timed; the temporary files are removed at the end.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from governance_analytics.engines import aggregate_cases
from governance_analytics.grid import UnitGrid

REPEATS = 3
N_SMALL = 10_000_000
N_LARGE = 40_000_000
CHUNK = 1_000_000
#: 120 columns × 110 rows of 100 m cells: 12 km × 11 km.
GRID = UnitGrid(x0=500_000.0, y0=3_500_000.0, cell_size=100.0, n_rows=110, n_cols=120, crs="EPSG:32650")
CATEGORIES = ("市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "公用设施", "道路交通", "园林绿化")

_SCHEMA = pa.schema(
    [
        ("created_at", pa.timestamp("us")),
        ("closed_at", pa.timestamp("us")),
        ("x", pa.float64()),
        ("y", pa.float64()),
        ("category", pa.string()),
        ("status", pa.string()),
    ]
)

_CHILD = """
import sys, time
from benchmarks._memory import peak_rss_mib
from benchmarks.cube import GRID
from governance_analytics.engines import aggregate_cases
t = time.perf_counter()
cube = aggregate_cases(sys.argv[1], grid=GRID, freq="MS", engine="duckdb")
seconds = time.perf_counter() - t
print(seconds, peak_rss_mib(), int(cube["n"].sum()), len(cube))
"""


def write_cases(path: Path, n: int, *, seed: int = 0, chunk: int = CHUNK) -> Path:
    """Write ``n`` synthetic canonical-like cases to a Parquet file, one row group per ``chunk`` rows."""
    rng = np.random.default_rng(seed)
    t0 = np.datetime64("2023-01-01T00:00:00", "us").astype(np.int64)
    t1 = np.datetime64("2026-01-01T00:00:00", "us").astype(np.int64)
    categories = pa.array(CATEGORIES)
    with pq.ParquetWriter(path, _SCHEMA) as writer:
        for offset in range(0, n, chunk):
            m = min(chunk, n - offset)
            created = rng.integers(t0, t1, m)
            closing = rng.exponential(48 * 3600e6, m).astype(np.int64)  # mean 48 h
            closed = rng.random(m) < 0.9
            x = np.round(GRID.x0 + rng.random(m) * GRID.n_cols * GRID.cell_size, 1)
            y = np.round(GRID.y0 + rng.random(m) * GRID.n_rows * GRID.cell_size, 1)
            codes = pa.array(rng.integers(0, len(CATEGORIES), m, dtype=np.int32))
            category = pa.DictionaryArray.from_arrays(codes, categories)
            status = pa.array(np.where(closed, "closed", "open"))
            table = pa.table(
                {
                    "created_at": pa.array(created.view("M8[us]")),
                    "closed_at": pa.array((created + closing).view("M8[us]"), mask=~closed),
                    "x": x,
                    "y": y,
                    "category": category.cast(pa.string()),
                    "status": status,
                },
                schema=_SCHEMA,
            )
            writer.write_table(table, row_group_size=chunk)
    return path


def anchor_sql(path: Path) -> pd.DataFrame:
    """Hand-written DuckDB SQL: cell × month counts and closing-hour sums of occupied cells."""
    g = GRID
    query = f"""
        SELECT CAST(floor((y - {g.y0}) / {g.cell_size}) AS BIGINT) AS row,
               CAST(floor((x - {g.x0}) / {g.cell_size}) AS BIGINT) AS col,
               date_trunc('month', created_at) AS period,
               count(*) AS n,
               count(closed_at) AS n_closed,
               coalesce(sum(epoch(closed_at - created_at)) / 3600.0, 0) AS close_hours_sum
        FROM read_parquet('{path}')
        WHERE x >= {g.x0} AND x < {g.x0 + g.n_cols * g.cell_size}
          AND y >= {g.y0} AND y < {g.y0 + g.n_rows * g.cell_size}
        GROUP BY ALL
    """
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        return con.sql(query).df()


def anchor_pandas(path: Path) -> pd.DataFrame:
    """Straightforward pandas: read the file, arithmetic row/col, month, ``groupby(...).agg``."""
    g = GRID
    cases = pd.read_parquet(path, columns=["created_at", "closed_at", "x", "y"])
    cases["row"] = np.floor((cases["y"] - g.y0) / g.cell_size).astype("int64")
    cases["col"] = np.floor((cases["x"] - g.x0) / g.cell_size).astype("int64")
    cases = cases[cases["row"].between(0, g.n_rows - 1) & cases["col"].between(0, g.n_cols - 1)]
    cases["period"] = cases["created_at"].dt.to_period("M").dt.start_time
    cases["close_hours"] = (cases["closed_at"] - cases["created_at"]).dt.total_seconds() / 3600
    return (
        cases.groupby(["row", "col", "period"])
        .agg(n=("created_at", "size"), n_closed=("closed_at", "count"), close_hours_sum=("close_hours", "sum"))
        .reset_index()
    )


def ours(path: Path) -> pd.DataFrame:
    return aggregate_cases(path, grid=GRID, freq="MS", engine="duckdb")


def interleaved_best(contenders: dict, repeats: int = REPEATS) -> dict[str, float]:
    """Best wall time of each contender over ``repeats`` rounds, each round running all of them."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: min(ts) for name, ts in times.items()}


def large_run(path: Path) -> tuple[float, float, int]:
    """Seconds, peak resident MiB (``VmHWM``) and total ``n`` of the duckdb engine in a fresh interpreter."""
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True, text=True, cwd=root
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main() -> None:
    rows: list[tuple[str, float, float | None, str]] = []
    with tempfile.TemporaryDirectory(prefix="ga-bench-cube-") as tmp:
        large = write_cases(Path(tmp) / "cases_40m.parquet", N_LARGE, seed=2)
        seconds, peak, total = large_run(large)
        large.unlink()

        small = write_cases(Path(tmp) / "cases_10m.parquet", N_SMALL, seed=1)
        cube = ours(small)
        assert int(cube["n"].sum()) == int(anchor_sql(small)["n"].sum()) and len(cube) == GRID.n_cells * 36
        best = interleaved_best(
            {"ours": lambda: ours(small), "sql": lambda: anchor_sql(small), "pandas": lambda: anchor_pandas(small)}
        )
    rows.append(
        (
            f"cell x month cube, {N_SMALL / 1e6:.0f}M cases (Parquet)",
            best["ours"],
            None,
            f"aggregate_cases(engine='duckdb'), {len(cube):,} rows",
        )
    )
    rows.append(
        ("  anchor: hand-written DuckDB SQL", best["sql"], best["ours"] / best["sql"], "ours / anchor, target <= 1.2")
    )
    rows.append(
        (
            "  anchor: pandas read_parquet + groupby.agg",
            best["pandas"],
            best["pandas"] / best["ours"],
            "anchor / ours, target >= 2",
        )
    )
    rows.append(
        (
            f"cell x month cube, {N_LARGE / 1e6:.0f}M cases (Parquet)",
            seconds,
            None,
            f"peak memory {peak:,.0f} MiB (target < 3,072), n = {total:,}",
        )
    )

    print(f"{'benchmark':<55} {'seconds':>9} {'ratio':>7}  note")
    for name, secs, ratio, note in rows:
        print(f"{name:<55} {secs:>9.2f} {'' if ratio is None else f'{ratio:.2f}':>7}  {note}")
