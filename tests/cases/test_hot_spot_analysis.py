"""The analyst's hot_spots on the Demo City: planted hot cells recovered, FDR keeps false discoveries low."""

import numpy as np
import pytest

from governance_analytics.cases.hotspots import hot_spots
from governance_analytics.engines import aggregate_cases
from governance_analytics.grid import UnitGrid


@pytest.fixture(scope="module")
def demo(demo_city):
    cells = demo_city.tables["grid_cells"]
    return demo_city, cells, UnitGrid.from_cells(cells, crs=demo_city.truth["crs"])


BAND = 300.0  # metres: a fixed distance band about the planted spots' radius


@pytest.mark.parametrize(
    "subcategory, period",
    [
        ("占道经营", "2025"),  # the persistent street-vending hot spots
        ("施工扰民", "2025-Q4"),  # the new construction hot spot, in its quarter: very sparse counts
        ("工地扬尘", "2025"),  # the consecutive construction-dust hot spot
        ("非法小广告", "2023"),  # the diminishing one, while still strong
        ("暴露垃圾", "2025"),  # the intensifying one, on the most common subcategory's busy background
    ],
)
def test_planted_hot_cells_recovered_with_fdr(demo, subcategory, period):
    city, cells, grid = demo
    result, planted = _analyse(city, cells, grid, subcategory, period, inference="permutation", seed=1)
    found = set(result.loc[result["significant"] & (result["bin"] > 0), "cell_id"])
    recall = len(found & planted) / len(planted)
    # Gi* is a statistic of the neighbourhood: a cell whose band reaches a planted cell is a truly hot
    # neighbourhood; anything farther is a false discovery
    false_discovery = len(found - _footprint(planted, cells, BAND)) / max(len(found), 1)
    assert recall >= 0.9 and false_discovery <= 0.1, (recall, false_discovery)


def test_normal_inference_overstates_significance_on_sparse_counts(demo):
    """The reason for permutation inference: with ArcGIS's normal p, one sparse quarter of a rare
    subcategory yields many discoveries far from the planted cells."""
    city, cells, grid = demo
    result, planted = _analyse(city, cells, grid, "施工扰民", "2025-Q4")
    found = set(result.loc[result["significant"] & (result["bin"] > 0), "cell_id"])
    assert planted <= found
    assert len(found - _footprint(planted, cells, BAND)) / len(found) > 0.1


def _analyse(city, cells, grid, subcategory, period, **options):
    cases = city.tables["cases"]
    cube = aggregate_cases(cases[cases["subcategory"] == subcategory], grid=grid, cells=cells, freq="QS")
    planted = {c for h in city.truth["cases"]["hotspots"] if h["subcategory"] == subcategory for c in h["cell_ids"]}
    return hot_spots(cube, grid, cells=cells, period=period, weights=("distance", BAND), **options), planted


def _footprint(planted: set, cells, distance: float) -> set:
    """Cells whose centre lies within ``distance`` of a planted cell's centre."""
    from scipy.spatial import cKDTree

    inside = cells["cell_id"].isin(planted).to_numpy()
    tree = cKDTree(cells.loc[inside, ["x", "y"]].to_numpy())
    d, _ = tree.query(cells[["x", "y"]].to_numpy(), distance_upper_bound=distance + 1e-6)
    return set(cells.loc[np.isfinite(d), "cell_id"])


def test_cold_spot_found_with_a_distance_band(demo):
    city, cells, grid = demo
    cube = aggregate_cases(city.tables["cases"], grid=grid, cells=cells, freq="YS")
    result = hot_spots(cube, grid, cells=cells, weights=("distance", 300.0))
    cold = set(city.truth["cases"]["coldspot"]["cell_ids"])
    found = set(result.loc[result["significant"] & (result["bin"] < 0), "cell_id"])
    assert len(found & cold) / len(cold) >= 0.8


def test_by_key_and_output_columns(demo):
    city, cells, grid = demo
    cases = city.tables["cases"]
    cube = aggregate_cases(cases, grid=grid, cells=cells, freq="YS", by=("case_type",))
    result = hot_spots(cube, grid, cells=cells, by="case_type", period="2024")
    assert len(result) == 2 * len(cells)
    assert {"cell_id", "case_type", "n", "z", "p", "p_fdr", "bin", "significant", "label", "geometry"} <= set(
        result.columns
    )
    assert result.crs == grid.crs
    in_2024 = cube[cube["period"].dt.year == 2024]
    assert result.groupby("case_type")["n"].sum().to_dict() == in_2024.groupby("case_type")["n"].sum().to_dict()


def test_cluster_outliers_finds_the_planted_spots_as_high_high(demo):
    from governance_analytics.cases.lisa import cluster_outliers

    city, cells, grid = demo
    cases = city.tables["cases"]
    cube = aggregate_cases(cases[cases["subcategory"] == "占道经营"], grid=grid, cells=cells, freq="YS")
    result = cluster_outliers(cube, grid, cells=cells, period="2025", seed=1)
    planted = {c for h in city.truth["cases"]["hotspots"] if h["subcategory"] == "占道经营" for c in h["cell_ids"]}
    high_high = set(result.loc[result["cluster"] == "HH", "cell_id"])
    assert len(high_high & planted) / len(planted) >= 0.8
    assert len(high_high - _footprint(planted, cells, 150.0)) / len(high_high) <= 0.1


def test_hot_spot_summary_hand_worked():
    import pandas as pd

    from governance_analytics.cases.hotspots import hot_spot_summary

    spots = pd.DataFrame(
        {
            "category": ["a", "a", "a", "b", "b"],
            "n": [10, 5, 1, 3, 0],
            "significant": [True, False, True, True, False],
            "bin": [3, 2, -2, 1, 0],
        }
    )
    table = hot_spot_summary(spots, by="category")
    assert table.loc["a"].tolist() == [1, 1, 16, 10, 10 / 16]
    assert table.loc["b"].tolist() == [1, 0, 3, 3, 1.0]
