import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from governance_analytics import schemas
from governance_analytics.grid import UnitGrid, assign_polygons, build_cells, to_projected, write_cells

X0, Y0 = 500_000.0, 3_500_000.0  # UTM 50N, a multiple of 100 m: the boxes below are aligned to the grid

#: (district, street, community, (xmin, ymin, xmax, ymax) in metres from (X0, Y0)).
#: Names are chosen so that alphabetical order differs from the north-to-south numbering.
COMMUNITIES = [
    ("甲区", "东风街道", "东风一社区", (0, 500, 500, 1000)),
    ("甲区", "东风街道", "东风二社区", (500, 500, 1000, 1000)),
    ("甲区", "和平街道", "和平一社区", (0, 0, 300, 500)),
    ("甲区", "和平街道", "和平二社区", (300, 0, 1000, 500)),
    ("乙区", "长安街道", "长安社区", (1000, 600, 1600, 1000)),
    ("乙区", "人民街道", "人民一社区", (1000, 0, 1300, 600)),
    ("乙区", "人民街道", "人民二社区", (1300, 0, 1600, 600)),
]
DISTRICT_CODES = {"甲区": "990102", "乙区": 990103}


@pytest.fixture(scope="module")
def area() -> gpd.GeoDataFrame:
    names = {k: [c[i] for c in COMMUNITIES] for i, k in enumerate(("district", "street", "community"))}
    boxes = [shapely.box(X0 + a, Y0 + b, X0 + c, Y0 + d) for *_, (a, b, c, d) in COMMUNITIES]
    return gpd.GeoDataFrame(names, geometry=boxes, crs="EPSG:32650")


@pytest.fixture(scope="module")
def built(area):
    return build_cells(area, codes={"district": DISTRICT_CODES})


def test_cells_hand_worked_codes(built):
    grid, cells = built
    assert (grid.x0, grid.y0, grid.n_rows, grid.n_cols, grid.crs) == (X0, Y0, 10, 16, "EPSG:32650")
    by_id = cells.set_index("cell_id")
    # streets north to south (东风 001, 和平 002), communities west to east; cells row-major from the NW
    expected = {
        "990102001001001": (9, 0, "东风一社区"),  # north-west corner of 东风一
        "990102001001007": (8, 1, "东风一社区"),  # second row, second column: 5 + 2
        "990102001001025": (5, 4, "东风一社区"),  # its south-east corner, 5 × 5
        "990102001002001": (9, 5, "东风二社区"),
        "990102002002014": (3, 9, "和平二社区"),  # 7 cells a row: 7 + 7
        "990103001001001": (9, 10, "长安社区"),
        "990103002002018": (0, 15, "人民二社区"),  # south-east corner of the area, 3 × 6
    }
    for cell_id, (row, col, community) in expected.items():
        assert (by_id.loc[cell_id, "row"], by_id.loc[cell_id, "col"], by_id.loc[cell_id, "community"]) == (
            row,
            col,
            community,
        )
    assert by_id.loc["990102001001007", "x"] == X0 + 150 and by_id.loc["990102001001007", "y"] == Y0 + 850
    schemas.grid_cells.validate(cells)
    assert cells["cell_id"].str.len().eq(15).all() and cells["cell_id"].is_unique
    assert list(cells.columns) == list(schemas.grid_cells.columns)
    assert cells[["row", "col"]].apply(tuple, axis=1).is_monotonic_increasing


def test_parents_consistent_and_counts_equal_area(area, built):
    _, cells = built
    for digits, level in ((6, "district"), (9, "street"), (12, "community")):
        prefix = cells["cell_id"].str[:digits]
        pairs = pd.DataFrame({"code": prefix, "name": cells[level]}).drop_duplicates()
        assert pairs["code"].is_unique and pairs["name"].is_unique, level
    counts = cells.groupby("community").size()
    expected = (area.set_index("community").area / 10_000).round().astype(int)
    pd.testing.assert_series_equal(counts.sort_index(), expected.sort_index(), check_names=False)
    assert len(cells) == 160
    # a cell is managed by the polygon containing its centre: the same rule as assign_polygons
    owner = assign_polygons(cells["x"], cells["y"], area, columns=["community"])
    assert (owner["community"] == cells["community"]).all()
    # the sequence restarts in every community and runs 1..n without gaps
    seq = cells["cell_id"].str[12:].astype(int)
    assert (seq.groupby(cells["community"]).max() == counts).all()
    assert (seq.groupby(cells["community"]).nunique() == counts).all()


def test_code_columns_are_used(area):
    coded = area.assign(
        district_code=[990102] * 4 + [990103] * 3,
        street_code=[5, 5, 7, 7, 2, 9, 9],
        community_code=[11, 12, 3, 4, 1, 8, 6],
    )
    _, cells = build_cells(coded)
    by_community = cells.groupby("community")["cell_id"].min()
    assert by_community["东风一社区"] == "990102005011001"
    assert by_community["人民二社区"] == "990103009006001"
    with pytest.raises(ValueError, match="share code"):
        build_cells(coded.assign(community_code=[1, 1, 3, 4, 1, 8, 6]))
    with pytest.raises(ValueError, match="different codes"):
        build_cells(coded.assign(street_code=[5, 6, 7, 7, 2, 9, 9]))
    with pytest.raises(ValueError, match="district codes are required"):
        build_cells(area)
    with pytest.raises(ValueError, match="not 6 digits"):
        build_cells(area, codes={"district": {"甲区": "9901", "乙区": "990103"}})


def test_assign_polygons_equals_sjoin(area):
    rng = np.random.default_rng(3)
    x = rng.uniform(X0 - 200, X0 + 1800, 3000)
    y = rng.uniform(Y0 - 200, Y0 + 1200, 3000)
    boundary = shapely.union_all(area.boundary.values)
    strictly = shapely.distance(shapely.points(x, y), boundary) > 1e-3
    x, y = x[strictly], y[strictly]
    ours = assign_polygons(x, y, area, columns=["district", "street", "community"])
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=area.crs)
    joined = gpd.sjoin(points, area, how="left", predicate="within").sort_index()
    assert ours["community"].isna().sum() > 100 and ours["community"].notna().sum() > 1000
    pd.testing.assert_frame_equal(ours, joined[["district", "street", "community"]].reset_index(drop=True))


def test_assign_polygons_boundaries_ties_and_types(area):
    coded = area.assign(number=np.arange(7), flag=[True] * 7)
    x = [X0 + 500, X0 + 500, X0 + 1600, X0 - 1, np.nan]
    y = [Y0 + 750, Y0 + 500, Y0 + 10, Y0 + 10, Y0 + 10]
    out = assign_polygons(x, y, coded, columns=["community", "number", "flag"])
    # on the 东风一|东风二 edge → the first in table order; at the corner of four → the first of them;
    # on the outer edge → inside (closed polygons); outside or NaN → <NA>
    assert out["community"].tolist()[:3] == ["东风一社区", "东风一社区", "人民二社区"]
    assert out["community"].isna().tolist() == [False, False, False, True, True]
    assert out["number"].dtype == "Int64" and out["number"].tolist()[:3] == [0, 0, 6]
    assert out["flag"].dtype == "boolean"
    reversed_order = assign_polygons(x[:1], y[:1], coded.iloc[::-1], columns=["community"])
    assert reversed_order["community"].iloc[0] == "东风二社区"


def test_lonlat_input_picks_utm_zone_and_same_cells(area, built):
    _, cells = built
    lonlat = area.to_crs("EPSG:4326")
    grid, from_lonlat = build_cells(lonlat, codes={"district": DISTRICT_CODES})
    assert grid.crs == "EPSG:32650"  # x = 500 km is zone 50's central meridian, 117°E (zone: 114–120°E)
    merged = cells.merge(from_lonlat, on="cell_id", suffixes=("", "_ll"))
    assert len(merged) == len(cells) == len(from_lonlat)
    np.testing.assert_allclose(merged[["x", "y"]].to_numpy(), merged[["x_ll", "y_ll"]].to_numpy())
    assert (merged["community"] == merged["community_ll"]).all()
    # moved to 113°E it falls in zone 49 (108–114°E)
    west = lonlat.assign(geometry=lonlat.translate(-4.0, 0.0))
    assert build_cells(west, codes={"district": DISTRICT_CODES})[0].crs == "EPSG:32649"


def test_grid_for_lonlat_bounds_and_polygon():
    bounds = (117.2, 31.8, 117.3, 31.9)
    grid = UnitGrid.for_area(bounds)
    assert grid.crs == "EPSG:32650" and grid.cell_size == 100.0
    # the densified edges of the lon/lat box all fall in the grid
    lon = np.r_[np.linspace(117.2, 117.3, 50), np.full(50, 117.3), np.linspace(117.2, 117.3, 50), np.full(50, 117.2)]
    lat = np.r_[np.full(50, 31.8), np.linspace(31.8, 31.9, 50), np.full(50, 31.9), np.linspace(31.8, 31.9, 50)]
    row, col = grid.locate(*to_projected(lon, lat, grid.crs))
    assert (row >= 0).all() and (col >= 0).all()
    assert 9_000 < grid.n_cols * 100 < 9_700 and 11_000 < grid.n_rows * 100 < 11_300  # ≈ 9.4 km × 11.1 km
    by_polygon = UnitGrid.for_area(shapely.box(*bounds), cell_size=250.0)
    assert by_polygon.crs == "EPSG:32650" and by_polygon.x0 % 250 == 0
    assert UnitGrid.for_area(bounds, crs="EPSG:32651").crs == "EPSG:32651"


def test_overflow_names_the_community_and_suggests_a_size():
    big = gpd.GeoDataFrame(
        {"district": ["甲区"], "street": ["东风街道"], "community": ["大社区"], "district_code": ["990102"]},
        geometry=[shapely.box(X0, Y0, X0 + 3200, Y0 + 3200)],
        crs="EPSG:32650",
    )
    with pytest.raises(ValueError, match=r"community '大社区' .* 1,024 cells of 100 m.*larger cell_size, about 110 m"):
        build_cells(big)
    _, cells = build_cells(big, cell_size=110.0)
    assert cells["cell_id"].str[12:].astype(int).max() <= 999
    # district polygons only: the missing street/community levels take blocks of 999 cells
    _, cells = build_cells(big, levels=["district"])
    assert len(cells) == 1024 and cells["street"].isna().all() and cells["community"].isna().all()
    ordered = cells.sort_values(["row", "col"], ascending=[False, True])["cell_id"]
    assert ordered.iloc[0] == "990102001001001" and ordered.iloc[998] == "990102001001999"
    assert ordered.iloc[999] == "990102001002001" and ordered.iloc[1023] == "990102001002025"


def test_invalid_polygons_are_refused(area):
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    broken = area.assign(geometry=[bowtie, *area.geometry.iloc[1:]])
    with pytest.raises(ValueError, match=r"invalid polygon geometry in row\(s\) \[0\].*make_valid"):
        build_cells(broken, codes={"district": DISTRICT_CODES})


@pytest.mark.parametrize("suffix", [".gpkg", ".parquet"])
def test_write_cells_round_trip(built, tmp_path, suffix):
    grid, cells = built
    path = write_cells(grid, cells, tmp_path / f"cells{suffix}")
    back = gpd.read_parquet(path) if suffix == ".parquet" else gpd.read_file(path, layer="grid_cells")
    assert back.crs == "EPSG:32650"
    pd.testing.assert_frame_equal(pd.DataFrame(back.drop(columns="geometry")), cells, check_dtype=False)
    assert shapely.equals(back.geometry.values, grid.polygons(cells).geometry.values).all()
    assert back.geometry.area.eq(10_000.0).all()
    with pytest.raises(ValueError, match="suffix"):
        write_cells(grid, cells, tmp_path / "cells.shp")


def test_write_cells_never_overwrites_unasked(built, tmp_path):
    grid, cells = built
    (tmp_path / "mine.gpkg").write_text("the user's own file")
    with pytest.raises(ValueError, match="already exists"):
        write_cells(grid, cells, tmp_path / "mine.gpkg")
    assert (tmp_path / "mine.gpkg").read_text() == "the user's own file"
    write_cells(grid, cells, tmp_path / "cells.parquet")
    write_cells(grid, cells.iloc[:2], tmp_path / "cells.parquet", overwrite=True)
    assert len(gpd.read_parquet(tmp_path / "cells.parquet")) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cells.parquet", "mine.gpkg"]  # no partial file left


@pytest.fixture(scope="module")
def beijing(shared_data) -> gpd.GeoDataFrame:
    # GCJ-02 coordinates without a declared CRS: read as lon/lat; 顺义区 has one self-intersection
    districts = gpd.read_file(shared_data / "boundaries" / "beijing_110000_districts_fc.geojson")
    districts = districts.set_crs("EPSG:4326", allow_override=True)
    return districts.assign(geometry=districts.geometry.make_valid())


def test_beijing_districts_1km(beijing, shared_data):
    grid, cells = build_cells(beijing, cell_size=1000.0, levels=["name"], codes={"district": "adcode"})
    assert grid.crs == "EPSG:32650"
    areas = pd.read_csv(shared_data / "boundaries" / "district_areas_computed.csv")
    total = areas.loc[areas["city"] == "Beijing", "area_km2_albers"].sum()
    assert total == pytest.approx(16_411, abs=1)
    assert len(cells) == pytest.approx(total, rel=0.01)  # one cell = 1 km²
    assert cells["district"].nunique() == 16
    codes = cells["cell_id"].str[:6].astype(int)
    assert (codes == cells["district"].map(beijing.set_index("name")["adcode"])).all()
    # each district's cells ≈ its area (edge effects of 1 km cells on its outline)
    per_district = cells.groupby("district").size()
    albers = areas.set_index("name")["area_km2_albers"]
    big = albers[albers > 400].index.intersection(per_district.index)
    np.testing.assert_allclose(per_district[big], albers[big], rtol=0.05)

    projected = beijing.to_crs(grid.crs)
    lon, lat = np.stack(beijing["centroid"].to_numpy()).T
    own = assign_polygons(*to_projected(lon, lat, grid.crs), projected, columns=["name", "adcode"])
    assert own["name"].tolist() == beijing["name"].tolist()
    assert own["adcode"].tolist() == beijing["adcode"].tolist()

    rng = np.random.default_rng(7)
    xmin, ymin, xmax, ymax = projected.total_bounds
    x, y = rng.uniform(xmin, xmax, 5000), rng.uniform(ymin, ymax, 5000)
    ours = assign_polygons(x, y, projected, columns=["name"])
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=grid.crs)
    joined = gpd.sjoin(points, projected[["name", "geometry"]], how="left", predicate="within").sort_index()
    pd.testing.assert_series_equal(ours["name"], joined["name"].reset_index(drop=True))
