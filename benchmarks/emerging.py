"""Emerging hot spot analysis benchmark: a 300 × 300 grid (90,000 cells) × 36 monthly steps.

The cube is a long table as ``aggregate_cases`` returns it without a cells table (``row``, ``col``,
``period``, ``n``; 3,240,000 rows) of Poisson counts (mean 4) with a planted persistent hot block;
the weights are ``libpysal.weights.lat2SW(300, 300, criterion="queen")``. Building the cube and the
weights is not timed.

1. ``emerging_hot_spots(cube, weights)`` end to end (pivot, space-time Gi* with ``time_window=1``,
   Mann-Kendall, classification, result table), best of 3; target < 10 s.
2. Its array steps on the pivoted ``(90,000, 36)`` array, best of 3 each: ``space_time_gi_star``,
   ``mann_kendall`` of the z series, ``classify_emerging`` (which runs its own Mann-Kendall).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from libpysal.weights import lat2SW

from benchmarks.foundation import best_of
from governance_analytics.cases.emerging import (
    classify_emerging,
    emerging_hot_spots,
    mann_kendall,
    space_time_gi_star,
)

SIDE = 300
STEPS = 36
TARGET_SECONDS = 10.0


def make_cube(side: int = SIDE, steps: int = STEPS, *, seed: int = 0) -> pd.DataFrame:
    """Long cube of Poisson counts on a ``side`` × ``side`` grid, row-major cells, monthly periods."""
    rng = np.random.default_rng(seed)
    lam = np.full((side, side, steps), 4.0)
    lam[side // 3 : side // 3 + 10, side // 3 : side // 3 + 10, :] = 8.0
    counts = rng.poisson(lam).reshape(side * side, steps)
    rows, cols = np.divmod(np.arange(side * side, dtype=np.int64), side)
    periods = pd.date_range("2023-01-01", periods=steps, freq="MS").to_numpy().astype("datetime64[us]")
    return pd.DataFrame(
        {
            "row": np.repeat(rows, steps),
            "col": np.repeat(cols, steps),
            "period": np.tile(periods, side * side),
            "n": counts.reshape(-1).astype(np.int64),
        }
    )


def main() -> None:
    cube = make_cube()
    weights = lat2SW(SIDE, SIDE, criterion="queen")
    x = cube["n"].to_numpy(dtype=float).reshape(SIDE * SIDE, STEPS)
    z, p = space_time_gi_star(x, weights)

    result = emerging_hot_spots(cube, weights)
    end_to_end = best_of(lambda: emerging_hot_spots(cube, weights))
    gi = best_of(lambda: space_time_gi_star(x, weights))
    mk = best_of(lambda: mann_kendall(z))
    classify = best_of(lambda: classify_emerging(z, p))
    top = result["category"].value_counts()
    rows = [
        (
            f"emerging_hot_spots, {SIDE}x{SIDE} queen x {STEPS} months",
            end_to_end,
            None,
            f"{len(cube):,}-row cube -> {len(result):,} locations; target < {TARGET_SECONDS:.0f} s "
            f"({'met' if end_to_end < TARGET_SECONDS else 'MISSED'})",
        ),
        ("  space_time_gi_star (time_window=1)", gi, None, f"({SIDE * SIDE:,}, {STEPS}) array"),
        ("  mann_kendall of the z series", mk, None, f"{SIDE * SIDE:,} series of {STEPS}"),
        (
            "  classify_emerging (incl. its Mann-Kendall)",
            classify,
            None,
            f"persistent hot spots: {int(top.get('persistent hot spot', 0)):,}, "
            f"no pattern: {int(top.get('no pattern', 0)):,}",
        ),
    ]

    print(f"{'benchmark':<55} {'seconds':>9} {'ratio':>7}  note")
    for name, secs, ratio, note in rows:
        print(f"{name:<55} {secs:>9.2f} {'' if ratio is None else f'{ratio:.2f}':>7}  {note}")
