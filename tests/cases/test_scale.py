"""Incremental spatial autocorrelation equals esda's Moran at each band; the first peak is chosen."""

import numpy as np
import pandas as pd
import pytest
from esda.moran import Moran
from libpysal.weights import DistanceBand

from governance_analytics.cases.scale import choose_distance, incremental_spatial_autocorrelation, optimized_hot_spots
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


def test_first_peak_then_maximum():
    table = pd.DataFrame({"distance": [100, 200, 300, 400, 500], "z": [3.0, 5.0, 4.0, 6.0, 5.5]})
    assert (choose_distance(table).distance, choose_distance(table).rule) == (200, "first peak")
    rising = pd.DataFrame({"distance": [100, 200, 300], "z": [1.0, 2.0, 3.0]})
    assert (choose_distance(rising).distance, choose_distance(rising).rule) == (300, "maximum z")


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
