"""hotspot_study: which classes are analysed (the boundary of min_cases, a constant count), which time
step, and when emerging hot spots run — hand-built cases on a 6 × 6 grid."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.hotspot_study import hotspot_study, step_frequency
from governance_analytics.grid import UnitGrid
from governance_analytics.periods import parse_period
from governance_analytics.specs import HotspotSpec

GRID = UnitGrid(0.0, 0.0, 100.0, 6, 6, "EPSG:32650")


def _cells() -> pd.DataFrame:
    cells = GRID.all_cells()
    return cells.assign(cell_id=[f"c{i:02d}" for i in range(len(cells))], district=None, street=None, community=None)


def _cases(counts: dict[str, list[tuple[int, int]]], *, month: str = "2025-11-15") -> pd.DataFrame:
    """Cases of each class at the centres of the given (row, col) cells, one case per entry."""
    rows = []
    for category, places in counts.items():
        for r, c in places:
            x, y = GRID.centres(r, c)
            rows.append(
                {
                    "category": category,
                    "x": float(x),
                    "y": float(y),
                    "created_at": pd.Timestamp(month),
                    "closed_at": pd.NaT,
                }
            )
    return pd.DataFrame(rows)


def _spread(n: int, seed: int) -> list[tuple[int, int]]:
    rng = np.random.default_rng(seed)
    return [(int(r), int(c)) for r, c in zip(rng.integers(0, 3, n), rng.integers(0, 3, n))]  # the south-west corner


def test_classes_are_split_at_min_cases_and_by_a_constant_count():
    every_cell_twice = [(r, c) for r in range(6) for c in range(6)] * 2  # 72 cases, 2 in each cell: constant
    cases = _cases({"a": _spread(30, 1), "b": _spread(29, 2), "c": every_cell_twice})
    study = hotspot_study(
        cases, _cells(), GRID, period=parse_period("2025-Q4"), spec=HotspotSpec(permutations=99), seed=0
    )
    assert study.classes == ["a"]  # exactly min_cases: analysed
    assert study.too_few == ["b"]  # one fewer: named, not analysed
    assert study.flat == ["c"]  # Gi* is undefined on a constant
    assert study.summary.index.tolist() == ["a"] and study.summary.loc["a", "n_cases"] == 30
    assert study.n_steps == 1 and not study.has_emerging  # one quarter: nothing to emerge against


def test_a_clustered_class_is_hot_where_it_clusters():
    cases = _cases({"a": _spread(60, 3) + [(5, 5)] * 2})
    study = hotspot_study(
        cases, _cells(), GRID, period=parse_period("2025-Q4"), seed=0, spec=HotspotSpec(band_m=150, permutations=999)
    )
    hot = study.spots[study.spots["significant"] & (study.spots["bin"] > 0)]
    assert len(hot) > 0 and (hot["row"] <= 3).all() and (hot["col"] <= 3).all()


@pytest.mark.parametrize("period, freq", [("2025-11", "MS"), ("2025-Q4", "QS"), ("2025-H2", "QS"), ("2025", "QS")])
def test_step_frequency(period, freq):
    assert step_frequency(parse_period(period)) == freq


def test_emerging_runs_only_with_min_steps():
    months = pd.date_range("2023-01-15", periods=36, freq="MS") + pd.Timedelta(days=14)
    frames = [_cases({"a": _spread(40, i)}, month=str(m.date())) for i, m in enumerate(months)]
    cases = pd.concat(frames, ignore_index=True)
    quarterly = hotspot_study(
        cases, _cells(), GRID, period=parse_period("2025-Q4"), seed=0, spec=HotspotSpec(permutations=99, min_steps=12)
    )
    assert quarterly.n_steps == 12 and quarterly.has_emerging and list(quarterly.emerging) == ["a"]
    assert quarterly.emerging_counts.index.tolist() == ["a"]
    fewer = hotspot_study(
        cases, _cells(), GRID, period=parse_period("2025-Q4"), seed=0, spec=HotspotSpec(permutations=99, min_steps=13)
    )
    assert fewer.n_steps == 12 and not fewer.has_emerging  # one step short
