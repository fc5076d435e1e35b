"""Degree of Urbanisation: hand-built grids where one rule decides one cell, and the Demo City's planted
urban centres and clusters recovered from its population grid."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.grid import to_projected
from governance_analytics.population._urban_morphology import fill_gaps, smooth_majority
from governance_analytics.population.urbanisation import degree_of_urbanisation


def table(population: np.ndarray, *, year: int = 2020, cell_m: float = 1000.0, absent=()) -> pd.DataFrame:
    """A population_grid table of a 2-D array (row 0 at the bottom), without the ``absent`` positions."""
    rows, cols = np.indices(population.shape)
    frame = pd.DataFrame(
        {
            "cell_id": [f"R{r:03d}C{c:03d}" for r, c in zip(rows.ravel(), cols.ravel(), strict=True)],
            "year": np.int64(year),
            "row": rows.ravel(),
            "col": cols.ravel(),
            "x": 500_000.0 + cell_m * (cols.ravel() + 0.5),
            "y": 3_000_000.0 + cell_m * (rows.ravel() + 0.5),
            "population": population.ravel().astype(float),
        }
    )
    drop = {(r, c) for r, c in absent}
    return frame[[(r, c) not in drop for r, c in zip(frame["row"], frame["col"], strict=True)]].reset_index(drop=True)


def settlement(result, r: int, c: int) -> str:
    cells = result.cells
    return cells.loc[(cells["row"] == r) & (cells["col"] == c), "settlement"].item()


def block(shape=(12, 12), *, rows=slice(2, 7), cols=slice(2, 7), value=2_100.0) -> np.ndarray:
    grid = np.zeros(shape)
    grid[rows, cols] = value
    return grid


# --------------------------------------------------------------------------------------------------
# one rule, one cell
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(1_500.0, "urban_centre"), (1_499.0, "urban_cluster")])
def test_density_threshold_decides_one_cell(value, expected):
    # a 5×5 block of 2,100/km² (52,500 residents) and one cell beside it, edge to edge; with only 3
    # of its 8 neighbours in the centre, smoothing cannot add it: density alone decides
    grid = block()
    grid[4, 7] = value
    result = degree_of_urbanisation(table(grid))
    assert settlement(result, 4, 7) == expected
    assert result.centres["population"].item() == 52_500 + (value if expected == "urban_centre" else 0)
    assert result.clusters["population"].item() == 52_500 + value  # ≥ 300/km² either way


def test_contiguity_rook_for_centres_queen_for_clusters():
    # two dense 5×5 blocks touching only at a corner: two urban centres (no shared edge) in one
    # urban cluster (diagonals count); the two cells beside the corner have 2 + 2 neighbours, no majority
    grid = block(rows=slice(1, 6), cols=slice(1, 6)) + block(rows=slice(6, 11), cols=slice(6, 11))
    result = degree_of_urbanisation(table(grid))
    assert len(result.centres) == 2 and result.centres["population"].tolist() == [52_500, 52_500]
    cells = result.cells.set_index(["row", "col"])
    assert cells.loc[(5, 5), "centre_id"] != cells.loc[(6, 6), "centre_id"]
    assert cells.loc[(5, 5), "cluster_id"] == cells.loc[(6, 6), "cluster_id"] == 1
    assert result.clusters[["population", "n_centres"]].values.tolist() == [[105_000, 2]]
    assert result.centres["cluster_id"].tolist() == [1, 1]
    assert settlement(result, 5, 6) == settlement(result, 6, 5) == "rural"


@pytest.mark.parametrize(("last", "centre"), [(2_000.0, True), (1_999.0, False)])
def test_minimum_population_of_a_centre(last, centre):
    # 24 cells of 2,000 and one of 1,999 or 2,000: 49,999 is an urban cluster, 50,000 a centre
    grid = block(value=2_000.0)
    grid[6, 6] = last
    result = degree_of_urbanisation(table(grid))
    classes = set(result.cells.loc[result.cells["population"] > 0, "settlement"])
    assert classes == ({"urban_centre"} if centre else {"urban_cluster"})
    assert len(result.centres) == int(centre)


@pytest.mark.parametrize(("last", "cluster"), [(500.0, True), (499.0, False)])
def test_minimum_population_of_a_cluster(last, cluster):
    # ten queen-contiguous cells of 500/km² (a diagonal line): 5,000 is an urban cluster, 4,999 rural
    grid = np.zeros((12, 12))
    grid[np.arange(10), np.arange(10)] = 500.0
    grid[9, 9] = last
    result = degree_of_urbanisation(table(grid))
    assert len(result.clusters) == int(cluster) and result.centres.empty
    assert settlement(result, 0, 0) == ("urban_cluster" if cluster else "rural")


def rounded(h: int, w: int) -> np.ndarray:
    """An h × w rectangle without its corner cells: with h, w >= 4 no cell of it has more than 4 of its
    8 neighbours outside it, so as a hole it is left alone by the majority rule."""
    shape = np.ones((h, w), bool)
    shape[0, 0] = shape[0, -1] = shape[-1, 0] = shape[-1, -1] = False
    return shape


def ring_with_holes() -> np.ndarray:
    """A dense 14×22 block with two holes (no residents), each shaped so smoothing leaves it alone
    (every hole cell has at most 4 centre neighbours): 4×4 without corners (12 km²) on the left and
    4×5 without corners (16 km²) on the right."""
    grid = block((18, 26), rows=slice(2, 16), cols=slice(2, 24), value=2_000.0)
    grid[7:11, 5:9][rounded(4, 4)] = 0.0
    grid[7:11, 14:19][rounded(4, 5)] = 0.0
    return grid


def test_gap_filling_fills_holes_under_15_km2():
    grid = ring_with_holes()
    result = degree_of_urbanisation(table(grid))
    assert settlement(result, 8, 6) == "urban_centre"  # in the 12 km² hole
    assert settlement(result, 8, 16) == "rural"  # in the 16 km² hole
    cells = result.cells
    empty = cells.loc[cells["population"] == 0, "settlement"].value_counts().to_dict()
    assert empty == {"urban_centre": 12, "rural": 16 + (18 * 26 - 14 * 22)}
    centre = result.centres.iloc[0]
    assert centre["population"] == 2_000.0 * (14 * 22 - 12 - 16)
    assert centre["n_cells"] == 14 * 22 - 16 and centre["area_km2"] == 14 * 22 - 16


def test_gap_limit_is_strict_in_km2_whatever_the_cell_size():
    # 0.25 km² cells of 500 residents (2,000/km²); holes of 59 cells (14.75 km²) and 60 cells (15 km²)
    grid = block((30, 40), rows=slice(2, 28), cols=slice(2, 38), value=500.0)
    grid[5:12, 5:14][rounded(7, 9)] = 0.0
    grid[5:13, 20:28][rounded(8, 8)] = 0.0
    result = degree_of_urbanisation(table(grid, cell_m=500.0), cell_km2=0.25)
    assert rounded(7, 9).sum() == 59 and rounded(8, 8).sum() == 60
    assert settlement(result, 8, 9) == "urban_centre" and settlement(result, 8, 23) == "rural"
    assert result.centres["area_km2"].item() == 0.25 * (26 * 36 - 60)


def test_gap_filling_helper_limit_is_strict():
    # straight holes of 14 and 15 cells inside one centre: only the first is under 15 km²
    labels = np.zeros((7, 20), np.int64)
    labels[1:6, 1:19] = 1
    labels[2, 2:16] = 0
    labels[4, 2:17] = 0
    filled = fill_gaps(labels, max_area=15)
    assert (filled[2, 2:16] == 1).all() and (filled[4, 2:17] == 0).all()
    # with 0.25 km² cells, 15 km² is 60 cells: both holes are gaps
    assert (fill_gaps(labels, max_area=15, cell_area=0.25)[1:6, 1:19] == 1).all()


def test_gap_is_not_a_hole_when_open_through_a_diagonal_or_holding_another_centre():
    labels = np.zeros((6, 6), np.int64)
    labels[0:4, 0:4] = 1
    labels[1:3, 1:3] = 0
    labels[3, 3] = 0  # the ring is open at a corner: its inside touches the outside diagonally
    assert (fill_gaps(labels, max_area=15) == labels).all()
    ring = np.zeros((7, 7), np.int64)
    ring[1:6, 1:6] = 1
    ring[2:5, 2:5] = 0
    ring[3, 3] = 2  # another centre inside the ring
    assert (fill_gaps(ring, max_area=15) == ring).all()


def test_majority_smoothing_5_of_8_joins_4_of_8_does_not():
    # an 8×8 centre; a notch in its top edge has 5 of 8 neighbours in it, the cell beside a one-cell
    # protrusion has 4; a two-deep notch fills from the inside out, over two rounds
    grid = block((14, 14), rows=slice(2, 10), cols=slice(2, 10), value=2_000.0)
    grid[9, 5] = 0.0  # notch: 5 of 8
    grid[10, 8] = 2_000.0  # protrusion above the top edge...
    # ... so (10, 7) has (10, 8), (9, 6), (9, 7), (9, 8): 4 of 8
    grid[2, 4] = grid[3, 4] = 0.0  # two-deep notch in the bottom edge: (3, 4) has 7, then (2, 4) has 4 + 1
    result = degree_of_urbanisation(table(grid))
    assert settlement(result, 9, 5) == "urban_centre"
    assert settlement(result, 10, 7) == "rural"
    assert settlement(result, 3, 4) == settlement(result, 2, 4) == "urban_centre"
    assert result.centres["n_cells"].item() == 64 + 1
    assert result.centres["population"].item() == 2_000.0 * (64 - 3 + 1)


def test_smoothing_repeats_until_no_cell_is_added():
    # a two-deep notch in the bottom edge: (2, 3) has 7 of 8 neighbours in the centre and joins in the
    # first round; (1, 3) has 4 until then, 5 after, and joins in the second
    labels = np.zeros((8, 8), np.int64)
    labels[1:7, 1:7] = 1
    labels[1, 3] = labels[2, 3] = 0
    before = labels.copy()
    assert (smooth_majority(labels, min_neighbours=8) == labels).all()  # no cell has all 8
    smoothed = smooth_majority(labels)
    assert smoothed[2, 3] == 1 and smoothed[1, 3] == 1 and smoothed.sum() == 36
    assert (labels == before).all()  # the input is not modified
    with pytest.raises(ValueError, match="at least 5"):
        smooth_majority(labels, min_neighbours=4)


# --------------------------------------------------------------------------------------------------
# tables in, tables out
# --------------------------------------------------------------------------------------------------


def test_absent_cells_count_as_empty_and_centroid_spans_them():
    # the 12 km² hole's cells are missing from the table: still filled, adding area but no residents
    grid = ring_with_holes()
    hole = [(r, c) for r, c in zip(*np.nonzero(grid == 0), strict=True) if 7 <= r < 11 and 5 <= c < 9]
    frame = table(grid, absent=hole)
    before = frame.copy()
    result = degree_of_urbanisation(frame)
    pd.testing.assert_frame_equal(frame, before)  # nothing mutated
    assert len(result.cells) == len(frame) and (result.cells.index == frame.index).all()
    assert result.centres["n_cells"].item() == 14 * 22 - 16
    assert result.centres["population"].item() == 2_000.0 * (14 * 22 - 12 - 16)
    # centroid of the block minus the 16 km² hole, the absent cells included by their row/col
    r, c = np.nonzero(block((18, 26), rows=slice(2, 16), cols=slice(2, 24), value=1.0))
    keep = ~((r >= 7) & (r < 11) & (c >= 14) & (c < 19) & (ring_with_holes()[r, c] == 0))
    assert result.centres["x"].item() == pytest.approx(500_000 + 1000 * (c[keep].mean() + 0.5))
    assert result.centres["y"].item() == pytest.approx(3_000_000 + 1000 * (r[keep].mean() + 0.5))


def test_cell_km2_scales_density_and_area():
    # 12×12 cells of 0.25 km² with 375 residents each: 1,500/km², 54,000 residents, 36 km²
    grid = block((16, 16), rows=slice(2, 14), cols=slice(2, 14), value=375.0)
    quarter = degree_of_urbanisation(table(grid, cell_m=500.0), cell_km2=0.25)
    assert quarter.centres[["population", "area_km2"]].values.tolist() == [[54_000, 36.0]]
    assert quarter.cells["density"].max() == 1_500.0
    # read as 1 km² cells the same counts are 375/km²: an urban cluster, no centre
    whole = degree_of_urbanisation(table(grid))
    assert whole.centres.empty and len(whole.clusters) == 1


def test_years_are_classified_separately_and_ids_follow_population():
    small, large = block(value=2_000.0), block(rows=slice(1, 11), cols=slice(1, 11), value=2_000.0)
    result = degree_of_urbanisation(pd.concat([table(small, year=2010), table(large, year=2020)]))
    centres = result.centres[["year", "centre_id", "population"]].values.tolist()
    assert centres == [[2010, 1, 50_000], [2020, 1, 200_000]]
    by_year = result.cells.groupby("year")["settlement"].value_counts().unstack(fill_value=0)
    assert by_year.loc[2010, "urban_centre"] == 25 and by_year.loc[2020, "urban_centre"] == 100
    two = block((12, 30), rows=slice(2, 7), cols=slice(2, 7), value=2_000.0)
    two[2:8, 10:20] = 2_000.0  # a second, larger centre gets id 1
    ids = degree_of_urbanisation(table(two)).cells.set_index(["row", "col"])["centre_id"]
    assert (ids.loc[(3, 3)], ids.loc[(3, 12)]) == (2, 1)


def test_bad_input_is_named():
    frame = table(block())
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['population'\]"):
        degree_of_urbanisation(frame.drop(columns="population"))
    with pytest.raises(ValueError, match="appears more than once in year 2020"):
        degree_of_urbanisation(pd.concat([frame, frame.iloc[:1]]))
    with pytest.raises(ValueError, match="non-negative"):
        degree_of_urbanisation(frame.assign(population=frame["population"] - 1))
    with pytest.raises(ValueError, match="cell_km2 must be positive"):
        degree_of_urbanisation(frame, cell_km2=0)
    empty = degree_of_urbanisation(frame.iloc[:0])
    assert empty.cells.empty and empty.centres.empty and empty.clusters.empty


# --------------------------------------------------------------------------------------------------
# Demo City: satellites told apart from the core's sprawl
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_dou(demo_city):
    return degree_of_urbanisation(demo_city.tables["population_grid"])


@pytest.fixture(scope="module")
def unit_cells(demo_city, demo_dou):
    """Every unit's location (its lon/lat projected to the Demo City CRS) with the class of its cell."""
    truth = demo_city.truth["population"]["grid"]
    units = demo_city.tables["population_units"].drop_duplicates("unit_id").set_index("unit_id")
    x, y = to_projected(units["lon"].to_numpy(), units["lat"].to_numpy(), demo_city.truth["crs"])
    where = pd.DataFrame(
        {
            "unit_id": units.index,
            "zone": units["zone"].to_numpy(),
            "row": np.floor((y - truth["y0"]) / truth["cell_size_m"]).astype("int64"),
            "col": np.floor((x - truth["x0"]) / truth["cell_size_m"]).astype("int64"),
        }
    )
    return where.merge(demo_dou.cells, on=["row", "col"]).set_index(["unit_id", "year"])


def test_demo_city_planted_settlements_recovered(demo_city, unit_cells):
    planted = demo_city.truth["population"]["grid"]["settlement_planted"]
    found = {u: {str(y): unit_cells.loc[(u, y), "settlement"] for y in (2010, 2020)} for u in planted}
    assert found == planted


def test_demo_city_satellites_are_separate_centres_and_one_emerges(demo_city, demo_dou, unit_cells):
    truth = demo_city.truth["population"]["grid"]
    emerging = truth["emerging_centre"]
    for year in (2010, 2020):
        at = unit_cells.xs(year, level="year")
        core = at[at["zone"].isin(["core", "central"])]
        # the six grid districts and the sprawl around them are one centre, the largest
        assert set(core["centre_id"]) == {1}
        # each satellite town is its own settlement: its own cluster, and its own centre once it has one
        towns = at[at["zone"] == "satellite"]
        assert towns["cluster_id"].is_unique and 1 not in set(towns["cluster_id"])
        assert towns["centre_id"].dropna().is_unique and 1 not in set(towns["centre_id"].dropna())
        counties = at[at["zone"] == "outer"]
        assert counties["centre_id"].isna().all() and counties["cluster_id"].is_unique
        assert len(demo_dou.centres.query("year == @year")) == truth["n_urban_centres"][str(year)]
    assert pd.isna(unit_cells.loc[(emerging, 2010), "centre_id"])
    assert not pd.isna(unit_cells.loc[(emerging, 2020), "centre_id"])


def test_demo_city_clusters_equal_truth_and_centres_only_grow(demo_city, demo_dou):
    truth = demo_city.truth["population"]["grid"]
    for year in ("2010", "2020"):
        clusters = demo_dou.clusters.query(f"year == {year}")
        assert clusters["population"].tolist() == [c["population"] for c in truth["urban_clusters"][year]]
        assert clusters["n_cells"].tolist() == [c["n_cells"] for c in truth["urban_clusters"][year]]
        # the truth's centres are the dense groups before smoothing and gap filling, which only add cells
        centres = demo_dou.centres.query(f"year == {year}")
        planted = truth["urban_centres"][year]
        assert (centres["population"].to_numpy() >= [c["population"] for c in planted]).all()
        assert (centres["n_cells"].to_numpy() >= [c["n_cells"] for c in planted]).all()
        assert (centres["n_cells"].to_numpy() <= np.array([c["n_cells"] for c in planted]) + 5).all()
