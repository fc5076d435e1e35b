import warnings

import geopandas as gpd
import numpy as np
import pytest
from libpysal import examples
from libpysal.weights import KNN, DistanceBand, Queen, Rook, lat2W, w_subset
from scipy import sparse
from shapely.affinity import translate

from governance_analytics.cases import weights as cw


def _lib(w):
    """libpysal W as CSR, silencing its island chatter."""
    return sparse.csr_matrix(w.sparse, dtype=float)


def _equal(ours, theirs):
    assert isinstance(ours, sparse.csr_matrix) and ours.dtype == np.float64
    assert ours.shape == theirs.shape
    assert (ours != theirs).nnz == 0
    assert not ours.diagonal().any()


@pytest.fixture(scope="module")
def columbus():
    return gpd.read_file(examples.get_path("columbus.shp"))


@pytest.mark.parametrize("kind", ["queen", "rook"])
@pytest.mark.parametrize("shape", [(20, 15), (3, 4), (1, 5), (7, 1)])
def test_grid_weights_equal_lat2w(kind, shape):
    _equal(cw.grid_weights(*shape, kind=kind), _lib(lat2W(*shape, rook=kind == "rook")))
    # one cell: an island (lat2W returns a 0 × 0 matrix there)
    assert cw.grid_weights(1, 1, kind=kind).shape == (1, 1) and cw.grid_weights(1, 1).nnz == 0


def test_grid_weights_row_major_ids():
    # 3 rows × 4 columns: cell (1, 1) is id 5; its queen neighbours are rows 0-2 × cols 0-2 but itself
    W = cw.grid_weights(3, 4)
    assert W[5].indices.tolist() == [0, 1, 2, 4, 6, 8, 9, 10]
    assert cw.grid_weights(3, 4, kind="rook")[5].indices.tolist() == [1, 4, 6, 9]
    assert np.diff(W.indptr).tolist() == [3, 5, 5, 3, 5, 8, 8, 5, 3, 5, 5, 3]
    assert W.nnz == 2 * (3 * 3 + 2 * 4 + 2 * 2 * 3)  # 2 × (horizontal + vertical + 2 diagonal) links


def test_lattice_weights_any_order_equals_grid():
    rng = np.random.default_rng(1)
    order = rng.permutation(20 * 15)
    row, col = np.divmod(order, 15)
    for kind in ("queen", "rook"):
        full = cw.grid_weights(20, 15, kind=kind)
        _equal(cw.lattice_weights(row + 100, col - 7, kind=kind), full[order][:, order])


def test_lattice_weights_masked_grid_with_island():
    # an irregular managed area: a 20 × 15 grid minus a band, plus one detached cell
    r, c = np.divmod(np.arange(300), 15)
    keep = ((c < 6) | (c > 8)) & ~((r > 15) & (c > 10))
    keep[17 * 15 + 14] = True  # isolated by the cut-out
    ids = np.flatnonzero(keep)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lib = w_subset(lat2W(20, 15, rook=False), ids.tolist(), silence_warnings=True)
    W = cw.lattice_weights(r[ids], c[ids])
    _equal(W, _lib(lib))
    assert ids[cw.islands(W)].tolist() == [17 * 15 + 14] == lib.islands


def test_lattice_weights_sparse_box_path():
    # cells spread over a huge bounding box take the searchsorted path; same answer as a small box
    row = np.array([0, 0, 1, 5_000_000, 5_000_001, 5_000_001])
    col = np.array([0, 1, 1, 9, 9, 10])
    dense = cw.lattice_weights(row % 1000, col)  # same adjacency, small box
    assert (cw.lattice_weights(row, col) != dense).nnz == 0
    assert cw.lattice_weights(row, col).toarray().sum(axis=1).tolist() == [2, 2, 2, 2, 2, 2]


def test_lattice_weights_rejects_duplicates():
    with pytest.raises(ValueError, match="listed once"):
        cw.lattice_weights([0, 1, 1], [0, 0, 0])
    with pytest.raises(ValueError, match="listed once"):
        cw.lattice_weights([0, 10**7, 10**7], [0, 0, 0])


def test_distance_band_and_knn_equal_libpysal():
    rng = np.random.default_rng(3)
    xy = rng.random((250, 2)) * 1000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _equal(
            cw.distance_band_weights(xy[:, 0], xy[:, 1], 120.0), _lib(DistanceBand(xy, 120.0, silence_warnings=True))
        )
        decay = cw.distance_band_weights(xy[:, 0], xy[:, 1], 120.0, binary=False, alpha=-2.0)
        lib_decay = _lib(DistanceBand(xy, 120.0, binary=False, alpha=-2.0, silence_warnings=True))
        for k in (1, 4, 8):
            _equal(cw.knn_weights(xy[:, 0], xy[:, 1], k), _lib(KNN(xy, k, silence_warnings=True)))
    assert abs(decay - lib_decay).max() < 1e-15 and decay.nnz == lib_decay.nnz
    # cell centres: many tied distances, broken as libpysal's tree breaks them
    gx, gy = np.meshgrid(np.arange(12) * 100.0 + 50, np.arange(9) * 100.0 + 50)
    _equal(cw.knn_weights(gx.ravel(), gy.ravel(), 4), _lib(KNN(np.column_stack([gx.ravel(), gy.ravel()]), 4)))
    # a 100 m cell's queen neighbours are exactly the centres within 100·√2 m
    band = cw.distance_band_weights(gx.ravel(), gy.ravel(), 100 * np.sqrt(2) + 1e-6)
    _equal(band, cw.grid_weights(9, 12))


def test_polygon_weights_equal_libpysal(columbus):
    _equal(cw.polygon_weights(columbus), _lib(Queen.from_dataframe(columbus, use_index=False)))
    _equal(cw.polygon_weights(columbus, kind="rook"), _lib(Rook.from_dataframe(columbus, use_index=False)))
    assert cw.polygon_weights(columbus).nnz == 236  # columbus queen: 236 links, mean 4.8 neighbours


def test_polygon_weights_island_warns(columbus):
    far = columbus.iloc[[0]].copy()
    far["geometry"] = far.geometry.apply(lambda g: translate(g, 100.0, 100.0))
    area = gpd.GeoDataFrame(
        [*columbus.iloc[:10].itertuples(index=False), *far.itertuples(index=False)],
        columns=columbus.columns,
        crs=columbus.crs,
    ).set_index(np.arange(100, 111))  # a non-default index: order is positional
    with pytest.warns(UserWarning, match=r"islands\) at row position\(s\) \[10\]"):
        W = cw.polygon_weights(area)
    assert W.shape == (11, 11) and cw.islands(W).tolist() == [10]
    assert W[10].nnz == 0


def test_row_standardise(columbus):
    W = cw.polygon_weights(columbus)
    lib = Queen.from_dataframe(columbus, use_index=False)
    lib.transform = "R"
    R = cw.row_standardise(W)
    assert abs(R - _lib(lib)).max() < 1e-15
    np.testing.assert_allclose(np.asarray(R.sum(axis=1)).ravel(), 1.0)
    island = cw.row_standardise(sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0.0]])))
    assert island.toarray().tolist() == [[0, 1, 0], [1, 0, 0], [0, 0, 0]]
    assert W.sum() == 236  # the input is not modified
