"""hotspot_study: which classes are analysed (the boundary of min_cases, a constant count), which time
step, and when emerging hot spots run — hand-built cases on a 6 × 6 grid."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.hotspot_study import agreeing, hotspot_study, step_frequency
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


def _quarters_of(counts: dict[str, list[tuple[int, int]]], months: pd.DatetimeIndex) -> pd.DataFrame:
    return pd.concat([_cases(counts, month=str(m.date())) for m in months], ignore_index=True)


def test_emerging_leaves_out_a_class_below_min_cases_per_step():
    """Exactly 30 cases per quarterly step: analysed at min_cases_per_step 30, left out (and named) at 31."""
    months = pd.date_range("2023-01-01", periods=36, freq="MS") + pd.Timedelta(days=14)
    cases = _quarters_of({"a": _spread(10, 0)}, months)  # 10 a month, 30 a quarter
    period = parse_period("2025-Q4")
    enough = hotspot_study(cases, _cells(), GRID, period=period, seed=0, spec=HotspotSpec(min_cases_per_step=30))
    assert enough.n_steps == 12 and enough.thin == [] and list(enough.emerging) == ["a"]
    short = hotspot_study(cases, _cells(), GRID, period=period, seed=0, spec=HotspotSpec(min_cases_per_step=31))
    assert short.thin == ["a"] and not short.has_emerging


def test_agreeing_keeps_a_final_step_claim_only_where_that_steps_gi_star_confirms_it():
    emerging = pd.DataFrame(
        {
            "cell_id": ["a", "b", "c", "d", "e", "f", "g"],
            "category": [
                "new hot spot",  # a: hot in the final step's Gi* — kept
                "persistent hot spot",  # b: not significant there — no pattern
                "historical hot spot",  # c: claims nothing of the final step — kept
                "new cold spot",  # d: significant, but hot — no pattern
                "persistent cold spot",  # e: cold there — kept
                "sporadic hot spot",  # f: bin 1 (90 %) but not significant at alpha — no pattern
                "no pattern",  # g
            ],
        }
    )
    spots = pd.DataFrame(
        {
            "cell_id": ["a", "b", "c", "d", "e", "f", "g"],
            "bin": [3, 0, 0, 2, -3, 1, 3],
            "significant": [True, False, False, True, True, False, True],
        }
    )
    agreed, n = agreeing(emerging, spots)
    assert n == 3
    assert agreed["category"].tolist() == [
        "new hot spot",
        "no pattern",
        "historical hot spot",
        "no pattern",
        "persistent cold spot",
        "no pattern",
        "no pattern",
    ]
    assert emerging["category"].iloc[1] == "persistent hot spot"  # the input is not modified


def test_a_yearly_period_is_reconciled_with_its_final_quarter():
    """Three years: cases cluster in the south-west every month; in the last quarter a second, larger
    cluster appears in the north-east. The south-west cell c07 is an emerging persistent hot spot and
    hot over the year, but not in the last quarter: a year's report checks the emerging claim against
    the final step (the quarter), where it does not hold, and reports no pattern."""
    from governance_analytics.cases.hotspot_study import _cube, _emerging
    from governance_analytics.cases.hotspots import hot_spots

    months = pd.date_range("2023-01-01", periods=36, freq="MS") + pd.Timedelta(days=14)
    north_east = [(r, c) for r in (3, 4, 5) for c in (3, 4, 5)] * 7
    cases = pd.concat(
        [_quarters_of({"a": _spread(40, i)}, months[i : i + 1]) for i in range(36)]
        + [_quarters_of({"a": north_east}, months[-3:])],
        ignore_index=True,
    )
    spec = HotspotSpec(permutations=99, band_m=150)
    year, quarter = parse_period("2025"), parse_period("2025-Q4")
    study = hotspot_study(cases, _cells(), GRID, period=year, seed=0, spec=spec)
    assert study.final_step == quarter and study.freq == "QS"
    raw = _emerging(_cube(cases, _cells(), GRID, year).drop(columns="category"), _cells(), GRID, 150.0, spec, 0)
    final = hot_spots(
        _cube(cases, _cells(), GRID, year),
        GRID,
        cells=_cells(),
        by="category",
        period=quarter,
        weights=("distance", 150.0),
        inference="convolution",
        seed=0,
    )
    over_the_year = study.spots.set_index("cell_id")
    in_the_quarter = final.set_index("cell_id")
    assert raw.set_index("cell_id").loc["c07", "category"] == "persistent hot spot"
    assert over_the_year.loc["c07", "significant"] and not in_the_quarter.loc["c07", "significant"]
    assert study.emerging["a"].set_index("cell_id").loc["c07", "category"] == "no pattern"
    pd.testing.assert_frame_equal(study.emerging["a"], agreeing(raw, final)[0])
    assert study.reconciled == {"a": agreeing(raw, final)[1]} and study.reconciled["a"] >= 1
    assert hotspot_study(cases, _cells(), GRID, period=quarter, seed=0, spec=spec).final_step == quarter
