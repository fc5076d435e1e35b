"""Incremental spatial autocorrelation equals esda's Moran at each band; the first peak is chosen."""

import numpy as np
import pandas as pd
import pytest
from esda.moran import Moran
from libpysal.weights import DistanceBand

from governance_analytics.cases.scale import (
    cell_size,
    choose_distance,
    incremental_spatial_autocorrelation,
    knn_distance,
    optimized_hot_spots,
)
from governance_analytics.engines import aggregate_cases
from governance_analytics.grid import UnitGrid


def test_each_band_equals_esda_moran():
    rng = np.random.default_rng(5)
    row, col = np.divmod(np.arange(15 * 15), 15)
    x, y = col * 100.0 + 50, row * 100.0 + 50
    values = rng.poisson(3, row.size) + 6 * (np.hypot(x - 700, y - 700) < 300)
    table = incremental_spatial_autocorrelation(values, x, y, n_bands=4)
    assert table["distance"].tolist() == [100.0, 200.0, 300.0, 400.0]  # max and mean nearest-neighbour distance: 100
    for d, row_ in zip(table["distance"], table.itertuples()):
        w = DistanceBand(np.column_stack([x, y]), d, binary=True, silence_warnings=True)
        w.transform = "r"
        ref = Moran(values.astype(float), w)
        assert row_.moran_i == pytest.approx(ref.I, abs=1e-12)
        assert row_.z == pytest.approx(ref.z_norm, abs=1e-9)


def test_first_peak_else_the_nearest_neighbour_fallback_never_the_largest_band():
    table = pd.DataFrame({"distance": [100, 200, 300, 400, 500], "z": [3.0, 5.0, 4.0, 6.0, 5.5]})
    assert (choose_distance(table).distance, choose_distance(table).rule) == (200, "first peak")
    equal = pd.DataFrame({"distance": [100, 200, 300], "z": [3.0, 5.0, 5.0]})  # a plateau is no peak
    rising = pd.DataFrame({"distance": [100, 200, 300], "z": [1.0, 2.0, 3.0]})
    row, col = np.divmod(np.arange(20 * 20), 20)
    x, y = col * 100.0, row * 100.0
    pairwise = np.sort(np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :]), axis=1)  # brute force
    expected = min(pairwise[:, 20].mean(), np.sqrt(x.var() + y.var()))  # 400 units: K = 5 % = 20
    for no_peak in (rising, equal):
        choice = choose_distance(no_peak, x, y)
        assert choice.rule == "k nearest neighbours" and choice.k == 20
        assert choice.distance == pytest.approx(expected) and choice.distance < 300
    with pytest.raises(ValueError, match="no peak"):
        choose_distance(rising)


def test_the_fallback_by_hand():
    # 4 points 100 m apart on a line: K = 3 (at least 3); their 3rd neighbours are 300, 200, 200 and
    # 300 m away, mean 250 m — above the standard distance √12,500 = 111.8 m, which caps it
    x, y = np.array([0.0, 100.0, 200.0, 300.0]), np.zeros(4)
    assert knn_distance(x, y) == (pytest.approx(np.sqrt(12_500.0)), 3)
    # a fifth point 10 km away: 3rd neighbours 300, 200, 200, 300, 9,900 m, mean 2,180 m; the standard
    # distance is now 3,941 m, so the mean stands
    assert knn_distance(np.r_[x, 10_000.0], np.zeros(5)) == (pytest.approx(2_180.0), 3)


def test_minimum_radius_is_a_thousandth_of_the_extent():
    table = pd.DataFrame({"distance": [1.0, 2.0, 3.0], "z": [1.0, 5.0, 2.0]})
    x, y = np.array([0.0, 50_000.0, 25_000.0]), np.array([0.0, 0.0, 10.0])
    choice = choose_distance(table, x, y)
    assert (choice.rule, choice.distance) == ("minimum radius", 50.0)


@pytest.mark.parametrize("spacing, expected", [(50.0, 100.0), (30.0, 50.0), (130.0, 250.0), (7.0, 10.0)])
def test_cell_size_is_twice_the_typical_spacing_rounded_down(spacing, expected):
    row, col = np.divmod(np.arange(30 * 30), 30)
    x, y = col * spacing, row * spacing
    x = np.r_[x, x[:50]]  # repeated locations count once
    y = np.r_[y, y[:50]]
    x, y = np.r_[x, 1e6], np.r_[y, 1e6]  # a locational outlier does not stretch it
    assert cell_size(x, y) == expected


def test_optimized_hot_spots_on_the_demo_city(demo_city):
    cells = demo_city.tables["grid_cells"]
    grid = UnitGrid.from_cells(cells, crs=demo_city.truth["crs"])
    cases = demo_city.tables["cases"]
    cube = aggregate_cases(cases[cases["subcategory"] == "占道经营"], grid=grid, cells=cells, freq="YS")
    result, choice = optimized_hot_spots(cube, grid, cells=cells, period="2025", n_bands=6)
    assert len(choice.table) == 6 and choice.distance in choice.table["distance"].tolist()
    planted = {c for h in demo_city.truth["cases"]["hotspots"] if h["subcategory"] == "占道经营" for c in h["cell_ids"]}
    found = set(result.loc[result["significant"] & (result["bin"] > 0), "cell_id"])
    assert len(found & planted) / len(planted) >= 0.9


def test_optimized_incident_hot_spots_on_real_points(shared_data):
    """SF311 cases of 2015 (one year, sparse): the cell size from the points, the band from a peak or
    the nearest-neighbour fallback — not the largest band — and hot spots a minority of the cells."""
    import governance_analytics as ga
    from governance_analytics.cases.scale import optimized_incident_hot_spots

    read = ga.io.read_cases(shared_data / "cases" / "sf311_sample_2008_2016" / "sf311_sample_10000.csv")
    result, choice, size = optimized_incident_hot_spots(read.cases, crs=read.crs, period="2015", seed=1)
    assert size == 100.0 and len(result) == result["cell_id"].nunique() > 1000
    assert choice.rule in ("first peak", "k nearest neighbours")
    assert choice.distance < choice.table["distance"].max()
    hot = (result["significant"] & (result["bin"] > 0)).mean()
    cold = (result["significant"] & (result["bin"] < 0)).mean()
    assert 0.02 < hot < 0.3 and cold < 0.05


def test_optimized_incident_hot_spots_find_nothing_in_random_points():
    """Complete spatial randomness: no hot or cold spot survives FDR."""
    from governance_analytics.cases.scale import optimized_incident_hot_spots

    rng = np.random.default_rng(0)
    points = pd.DataFrame(
        {"x": rng.uniform(0, 10_000, 3000), "y": rng.uniform(0, 10_000, 3000), "created_at": pd.Timestamp("2025-01-01")}
    )
    result, choice, size = optimized_incident_hot_spots(points, crs="EPSG:32650", seed=1)
    assert size == cell_size(points["x"], points["y"]) and result["significant"].sum() == 0
