import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from governance_analytics.grid import UnitGrid, cell_codes, to_lonlat, to_projected, utm_crs


def test_utm_zone_from_lonlat():
    assert utm_crs(117.25, 31.85) == "EPSG:32650"  # Hefei area: zone 50N (114°E–120°E)
    assert utm_crs(-73.95, 40.7) == "EPSG:32618"  # New York: zone 18N
    assert utm_crs(151.2, -33.9) == "EPSG:32756"  # Sydney: zone 56S


def test_projection_round_trip_and_central_meridian():
    x, y = to_projected(117.0, 31.0, "EPSG:32650")
    assert x == pytest.approx(500_000.0, abs=1e-6)  # the zone's central meridian maps to the false easting
    lon, lat = to_lonlat(x, y, "EPSG:32650")
    assert (lon, lat) == (pytest.approx(117.0), pytest.approx(31.0))


def test_covering_snaps_to_cell_multiples():
    grid = UnitGrid.covering((1050.0, 2020.0, 1460.0, 2301.0), crs="EPSG:32650", cell_size=100.0)
    assert (grid.x0, grid.y0, grid.n_cols, grid.n_rows) == (1000.0, 2000.0, 5, 4)


def test_locate_hand_worked():
    grid = UnitGrid(0.0, 0.0, 100.0, n_rows=3, n_cols=4, crs=None)
    row, col = grid.locate(
        [0.0, 99.9, 100.0, 399.99, 400.0, -0.1, 250.0, np.nan], [0.0, 0.0, 100.0, 299.0, 10.0, 10.0, 150.0, 1.0]
    )
    assert row.tolist() == [0, 0, 1, 2, -1, -1, 1, -1]
    assert col.tolist() == [0, 0, 1, 3, -1, -1, 2, -1]


def test_cell_codes_layout():
    codes = cell_codes(["990102", "110101"], [1, 12], [3, 105], [7, 999])
    assert codes.tolist() == ["990102001003007", "110101012105999"]
    with pytest.raises(ValueError, match="1..999"):
        cell_codes(["990102"], [1], [1], [1000])
    with pytest.raises(ValueError, match="6 digits"):
        cell_codes(["9901"], [1], [1], [1])


def test_lookup_equals_geopandas_spatial_join():
    rng = np.random.default_rng(0)
    grid = UnitGrid(500_000.0, 3_500_000.0, 100.0, n_rows=20, n_cols=30, crs="EPSG:32650")
    cells = grid.all_cells().sample(frac=0.7, random_state=1)  # an irregular managed area
    cells["cell_id"] = [f"C{i:04d}" for i in range(len(cells))]
    # points strictly inside cells (not on edges, where a join's tie-breaking is arbitrary)
    x = grid.x0 + rng.integers(0, 30, 2000) * 100 + rng.uniform(1, 99, 2000)
    y = grid.y0 + rng.integers(0, 20, 2000) * 100 + rng.uniform(1, 99, 2000)
    ours = grid.lookup(cells, x, y)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=grid.crs)
    joined = gpd.sjoin(points, grid.polygons(cells)[["cell_id", "geometry"]], how="left", predicate="within")
    expected = joined["cell_id"].sort_index()
    assert ours.isna().sum() > 0
    pd.testing.assert_series_equal(
        ours.reset_index(drop=True), expected.reset_index(drop=True).astype("str"), check_names=False
    )


def test_from_cells_recovers_grid():
    grid = UnitGrid(123_400.0, 4_000_000.0, 250.0, n_rows=8, n_cols=9, crs=None)
    cells = grid.all_cells().iloc[5:40]
    recovered = UnitGrid.from_cells(cells)
    assert (recovered.x0, recovered.y0, recovered.cell_size) == (grid.x0, grid.y0, grid.cell_size)
    assert recovered.n_cols == 9 and recovered.n_rows == 5  # rows beyond the last listed cell are unknown


def test_locate_and_lookup_blocks_and_special_values_equal_the_formula():
    grid = UnitGrid(500_000.0, 3_500_000.0, 100.0, n_rows=37, n_cols=53, crs=None)
    rng = np.random.default_rng(5)
    n = 100_000  # several blocks of the vectorised kernel
    x = grid.x0 + rng.integers(-2, 56, n) * 100.0 + rng.choice([0.0, 0.5, 99.999], n)  # many exact edges
    y = grid.y0 + rng.integers(-2, 40, n) * 100.0 + rng.choice([0.0, 0.5, 99.999], n)
    special = [np.nan, np.inf, -np.inf, 1e300, -1e300, -0.0, 2.0**63]
    x[: len(special)] = special
    y[10 : 10 + len(special)] = special
    col, row = np.floor((x - grid.x0) / 100.0), np.floor((y - grid.y0) / 100.0)
    inside = (col >= 0) & (col < 53) & (row >= 0) & (row < 37)
    got_row, got_col = grid.locate(x, y)
    np.testing.assert_array_equal(got_row, np.where(inside, row, -1))
    np.testing.assert_array_equal(got_col, np.where(inside, col, -1))

    cells = grid.all_cells().sample(frac=0.5, random_state=2)
    listed = dict(zip(zip(cells["row"], cells["col"]), range(len(cells))))
    for ids in (
        [f"{990102001001001 + i}" for i in range(len(cells))],  # fixed width: buffer path
        [f"单元{i}" for i in range(len(cells))],
    ):  # variable width: Arrow take
        cells["cell_id"] = ids
        expected = [ids[listed[(r, c)]] if (r, c) in listed else None for r, c in zip(got_row, got_col)]
        got = grid.lookup(cells, x, y)
        assert got.dtype == "str" and got.isna().sum() == sum(e is None for e in expected)
        assert [None if pd.isna(v) else v for v in got] == expected
    assert grid.lookup(cells, [], []).tolist() == []
    assert grid.lookup(cells.iloc[:0], [grid.x0 + 50], [grid.y0 + 50]).isna().all()
    with pytest.raises(ValueError, match="row in 0..36"):
        grid.lookup(cells.assign(row=cells["row"] + 37), [0.0], [0.0])


def test_covering_points_includes_every_point():
    x = np.array([100.0, 350.0, np.nan, 1000.0])
    y = np.array([200.0, 250.0, 5.0, 400.0])
    grid = UnitGrid.covering_points(x, y, crs="EPSG:32650", cell_size=100.0)
    assert (grid.x0, grid.y0, grid.n_cols, grid.n_rows) == (100.0, 200.0, 10, 3)
    row, col = grid.locate(x, y)
    assert (row[[0, 1, 3]] >= 0).all() and (col[[0, 1, 3]] >= 0).all()
    with pytest.raises(ValueError, match="no finite coordinates"):
        UnitGrid.covering_points([np.nan], [np.nan], crs=None)
