"""Weights as PySAL users hold them (issue 16): every function that takes spatial weights gives the
same result from a scipy sparse matrix in the values' order and from a libpysal ``W`` or ``Graph``
built in another order, aligned by id — and refuses weights that lack the values' ids."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from libpysal.graph import Graph
from libpysal.weights import W, lat2W
from numpy.testing import assert_allclose, assert_array_equal

from governance_analytics.cases.cells import cell_weights
from governance_analytics.cases.emerging import emerging_hot_spots, space_time_gi_star
from governance_analytics.cases.hotspots import gi_star, gi_star_table, hot_spots
from governance_analytics.cases.lisa import cluster_outliers, lisa_clusters, local_moran, moran
from governance_analytics.cases.weights import as_sparse, islands, lattice_weights, row_standardise
from governance_analytics.grid import UnitGrid

SIDE = 7
GRID = UnitGrid(0.0, 0.0, 100.0, SIDE, SIDE, "EPSG:32650")
IDS = [f"c{i:02d}" for i in range(SIDE * SIDE)]  # row-major, so sorted ids are the grid's order


def _cells() -> pd.DataFrame:
    return GRID.all_cells().assign(cell_id=IDS)


def _values() -> pd.Series:
    y = (np.arange(SIDE * SIDE) * 7) % 11.0
    y[[8, 9, 15, 16]] += 9
    return pd.Series(y, index=IDS)


def _named(kind: str = "queen", *, keys=IDS, drop: tuple[str, ...] = ()) -> W:
    """Contiguity among the cells with their ids, built in a shuffled order (so that ``id_order``
    is not the values' order); ``drop`` leaves cells out (a W of another area)."""
    lattice = lat2W(SIDE, SIDE, rook=kind == "rook")
    order = np.random.default_rng(5).permutation(SIDE * SIDE)
    kept = [keys[i] for i in order if keys[i] not in drop]
    neighbours = {keys[i]: [keys[j] for j in lattice.neighbors[i] if keys[j] not in drop] for i in order}
    return W({k: neighbours[k] for k in kept}, id_order=kept, silence_warnings=True)


def _pysal_forms(kind: str = "queen"):
    named = _named(kind)
    assert named.id_order != IDS
    return {"W": named, "Graph": Graph.from_W(named)}


@pytest.fixture(scope="module")
def sparse_queen():
    cells = _cells()
    return lattice_weights(cells["row"].to_numpy(), cells["col"].to_numpy(), kind="queen")


@pytest.mark.parametrize("form", ["W", "Graph"])
def test_local_statistics_equal_on_sparse_and_pysal_weights(form, sparse_queen):
    y = _values()
    shuffled = y.sample(frac=1.0, random_state=3)
    weights = _pysal_forms()[form]

    def by_id(values: np.ndarray) -> np.ndarray:
        return pd.Series(values, index=shuffled.index).loc[IDS].to_numpy()

    assert_allclose(by_id(gi_star(shuffled, weights).z), gi_star(y.to_numpy(), sparse_queen).z, atol=1e-12)
    table = gi_star_table(shuffled, weights, inference="convolution")
    expected = gi_star_table(y.to_numpy(), sparse_queen, inference="convolution")
    assert_allclose(by_id(table["p_fdr"].to_numpy()), expected["p_fdr"].to_numpy(), atol=1e-12)
    assert_allclose(by_id(local_moran(shuffled, weights).Is), local_moran(y.to_numpy(), sparse_queen).Is, atol=1e-12)
    clusters = lisa_clusters(shuffled, weights, permutations=99, seed=0)
    assert_array_equal(clusters.index, shuffled.index)  # indexed like the values
    assert_array_equal(
        clusters.loc[IDS, "quadrant"], lisa_clusters(y.to_numpy(), sparse_queen, permutations=99, seed=0)["quadrant"]
    )
    global_i = moran(shuffled, weights, permutations=0)
    assert global_i.I == pytest.approx(moran(y.to_numpy(), sparse_queen).I, abs=1e-12)


@pytest.mark.parametrize("form", ["W", "Graph"])
def test_grid_analyses_align_a_w_or_graph_to_the_cells_ids(form):
    """``hot_spots`` by class (each class on its own cells: the weights' sub-matrix) and
    ``cluster_outliers``: the same cells, z and clusters as with queen contiguity among the cells."""
    cells = _cells()
    y = _values()
    counts = pd.concat(
        [
            pd.DataFrame({"cell_id": IDS, "category": "a", "n": y.to_numpy()}),
            pd.DataFrame({"cell_id": IDS[::2], "category": "b", "n": y.to_numpy()[::2] + 1}),  # every other cell
        ],
        ignore_index=True,
    )
    weights = _pysal_forms()[form]
    got = hot_spots(counts, GRID, cells=cells, by="category", weights=weights, inference="convolution")
    expected = hot_spots(counts, GRID, cells=cells, by="category", weights="queen", inference="convolution")
    assert_array_equal(got["cell_id"], expected["cell_id"])
    assert_allclose(got["z"], expected["z"], atol=1e-12)
    assert_array_equal(got["bin"], expected["bin"])
    options = dict(cells=cells, permutations=99, seed=0)
    got = cluster_outliers(counts[counts["category"] == "a"], GRID, weights=weights, **options)
    expected = cluster_outliers(counts[counts["category"] == "a"], GRID, weights="queen", **options)
    assert_array_equal(got["cluster"], expected["cluster"])
    assert_allclose(got["p_sim"], expected["p_sim"])


@pytest.mark.parametrize("form", ["W", "Graph"])
def test_emerging_hot_spots_align_a_w_or_graph_to_the_locations(form):
    rng = np.random.default_rng(2)
    steps = 12
    counts = rng.poisson(1.0, size=(SIDE * SIDE, steps))
    counts[[8, 9, 15, 16], 6:] += 6  # a new hot spot
    cube = pd.DataFrame(
        {"cell_id": np.repeat(IDS, steps), "period": np.tile(np.arange(steps), SIDE * SIDE), "n": counts.ravel()}
    )
    expected = emerging_hot_spots(cube, "queen", cells=_cells())
    got = emerging_hot_spots(cube, _pysal_forms()[form], cells=_cells())
    pd.testing.assert_frame_equal(got, expected)
    assert (expected["category"] != "no pattern").any()
    ids = np.array(IDS)[np.random.default_rng(1).permutation(SIDE * SIDE)]
    order = pd.Index(IDS).get_indexer(ids)
    z, p = space_time_gi_star(counts[order], _pysal_forms()[form], ids=ids)
    z_sorted, p_sorted = space_time_gi_star(counts, lattice_weights(*np.divmod(np.arange(SIDE * SIDE), SIDE)))
    assert_allclose(z, z_sorted[order], atol=1e-12)
    assert_allclose(p, p_sorted[order], atol=1e-12)


def test_a_cube_of_rows_and_columns_aligns_weights_with_row_col_ids():
    steps = 10
    counts = np.random.default_rng(4).poisson(1.0, size=(SIDE * SIDE, steps))
    rows, cols = np.divmod(np.arange(SIDE * SIDE), SIDE)
    cube = pd.DataFrame(
        {
            "row": np.repeat(rows, steps),
            "col": np.repeat(cols, steps),
            "period": np.tile(np.arange(steps), SIDE * SIDE),
            "n": counts.ravel(),
        }
    )
    pairs = list(zip(rows.tolist(), cols.tolist()))
    pd.testing.assert_frame_equal(emerging_hot_spots(cube, _named(keys=pairs)), emerging_hot_spots(cube, "queen"))


def test_helpers_take_pysal_weights():
    named = _pysal_forms("rook")["W"]
    matrix = as_sparse(named, ids=IDS)
    for weights in (named, Graph.from_W(named)):
        standardised = row_standardise(as_sparse(weights, ids=IDS))
        assert_allclose(standardised.toarray(), row_standardise(matrix).toarray())
        assert_allclose(np.asarray(row_standardise(weights).sum(axis=1)).ravel(), 1.0)
        assert islands(weights).size == 0
    alone = W({"a": ["b"], "b": ["a"], "c": []}, silence_warnings=True)
    assert_array_equal(islands(alone), [2])
    cells = _cells()
    built = cell_weights(cells["row"].to_numpy(), cells["col"].to_numpy(), GRID, named, ids=cells["cell_id"])
    assert_allclose(built.toarray(), matrix.toarray())


def test_the_alignment_rules():
    """All ids known: aligned (a subset is the sub-matrix); libpysal's default ids 0 … n-1 with as
    many values: the values' order; some ids unknown, or unknown ids that are not the defaults: an
    error naming them."""
    named = _named()
    sub = as_sparse(named, ids=["c08", "c00", "c02"])  # (1, 1) touches (0, 0) and (0, 2), which do not touch
    assert_array_equal(sub.toarray(), [[0, 1, 1], [1, 0, 0], [1, 0, 0]])
    default = lat2W(SIDE, SIDE, rook=False)
    assert_array_equal(as_sparse(default, ids=IDS).toarray(), default.sparse.toarray())
    with pytest.raises(ValueError, match=r"1 id\(s\) of the values are not in the weights, e.g. \['x99'\]"):
        as_sparse(named, ids=[*IDS[:-1], "x99"])
    with pytest.raises(ValueError, match="not in the weights"):
        as_sparse(default, ids=IDS[:-1])  # default ids, but not one value per unit
    with pytest.raises(ValueError, match="not in the weights"):
        as_sparse(_named(drop=("c48",)), ids=IDS)  # the weights of a smaller area
    partly = pd.Series(_values().to_numpy(), index=[*IDS[:-1], "x99"])
    with pytest.raises(ValueError, match="not in the weights"):
        gi_star(partly, named)
