"""Spatial weights as sparse matrices: grid contiguity, distance band, k nearest, polygon contiguity.

Conventions (every function here):

- A weights matrix is a :class:`scipy.sparse.csr_matrix` of ``float64``, ``n × n``, with a zero
  diagonal (no self-neighbours), sorted column indices and no stored zeros. Row ``i`` lists the
  neighbours of unit ``i``; units keep the order of the input (``row``/``col`` arrays, points, or the
  GeoDataFrame's rows), so ``W @ values`` is the spatial lag of ``values`` in the same order.
- Weights are binary (1 for a neighbour) unless stated otherwise; :func:`row_standardise` scales each
  row to sum to 1. A dense ``n × n`` matrix is never built.
- Every function of the package that takes weights also takes them as PySAL users hold them — a
  libpysal ``W`` or ``Graph`` — through :func:`as_sparse`, aligned to the values' ids
  (:data:`WeightsLike`).
- An *island* is a unit with no neighbours: an empty row. :func:`islands` lists them;
  :func:`polygon_weights` warns about them. Row standardisation leaves island rows at zero and the
  statistics in :mod:`~governance_analytics.cases.hotspots` and :mod:`~governance_analytics.cases.lisa`
  accept them (see there for what an island's statistic is).

Regular grids (``grid_weights``, ``lattice_weights``) are built in linear time from cell arithmetic;
``grid_weights`` equals :func:`libpysal.weights.lat2W`. Point weights use :class:`scipy.spatial.cKDTree`
exactly as libpysal's ``DistanceBand`` and ``KNN`` do; polygons go through libpysal's ``Queen``/``Rook``.

References
----------
Anselin, L. (1988). *Spatial Econometrics: Methods and Models*, ch. 3. Kluwer.
Rey, S., Arribas-Bel, D., Wolf, L. (2023). *Geographic Data Science with Python*, ch. 4 (Spatial weights).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

if TYPE_CHECKING:
    from typing_extensions import TypeIs

__all__ = [
    "grid_weights",
    "lattice_weights",
    "distance_band_weights",
    "knn_weights",
    "polygon_weights",
    "row_standardise",
    "islands",
    "as_sparse",
    "WeightsLike",
]

#: Spatial weights as PySAL users hold them: a scipy sparse matrix or a dense array (in the order of
#: the values), a libpysal ``W`` or a libpysal ``Graph`` (aligned by id, see :func:`as_sparse`).
WeightsLike: TypeAlias = Any

Contiguity = Literal["queen", "rook"]

#: (d_row, d_col) of the neighbours, in ascending order of the row-major offset d_row·ncols + d_col.
_OFFSETS = {
    "rook": ((-1, 0), (0, -1), (0, 1), (1, 0)),
    "queen": ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)),
}


def _offsets(kind: str) -> tuple[tuple[int, int], ...]:
    try:
        return _OFFSETS[kind]
    except KeyError:
        raise ValueError(f"kind must be 'queen' or 'rook', got {kind!r}") from None


def _is_contiguity(kind: str) -> TypeIs[Contiguity]:
    return kind in _OFFSETS


def as_contiguity(kind: str) -> Contiguity:
    """``kind`` checked to be a contiguity rule, ``"queen"`` or ``"rook"`` (a ValueError otherwise)."""
    if not _is_contiguity(kind):
        raise ValueError(f"kind must be 'queen' or 'rook', got {kind!r}")
    return kind


def _index_dtype(n: int, nnz: int) -> type:
    return np.int32 if max(n, nnz) < np.iinfo(np.int32).max else np.int64


def _csr(indices: np.ndarray, counts: np.ndarray, n: int) -> sparse.csr_matrix:
    """Binary CSR from the column indices (row by row, ascending within a row) and the row counts.

    Index arrays are made in scipy's own index dtype so the constructor does not copy them."""
    dtype = _index_dtype(n, indices.size)
    indptr: np.ndarray = np.zeros(n + 1, dtype=dtype)
    np.cumsum(counts, out=indptr[1:])
    W = sparse.csr_matrix((np.ones(indices.size), indices.astype(dtype, copy=False), indptr), shape=(n, n))
    W.has_sorted_indices = True
    return W


def _from_candidates(cand: np.ndarray, n: int) -> sparse.csr_matrix:
    """Binary CSR from an ``(n, m)`` array of neighbour positions, ``-1`` for none, each row ascending
    apart from the ``-1`` entries."""
    valid = cand >= 0
    # row-major boolean indexing keeps rows in order and columns ascending within each row
    return _csr(cand[valid], np.count_nonzero(valid, axis=1), n)


def grid_weights(n_rows: int, n_cols: int, *, kind: Contiguity = "queen") -> sparse.csr_matrix:
    """Contiguity weights of a full ``n_rows × n_cols`` grid, cells numbered row-major.

    Cell ``r * n_cols + c`` is row ``r``, column ``c`` — the order of
    :meth:`governance_analytics.grid.UnitGrid.all_cells`. Rook neighbours share an edge (up to 4),
    queen neighbours an edge or a corner (up to 8). Equal to
    ``libpysal.weights.lat2W(n_rows, n_cols, rook=(kind == "rook")).sparse``; built in ``O(n)``
    by repeating the neighbour pattern of one grid row (first, interior, last).

    Parameters
    ----------
    n_rows, n_cols : int
        Grid shape.
    kind : {"queen", "rook"}
        Contiguity rule.

    Returns
    -------
    scipy.sparse.csr_matrix
        Binary ``n × n`` weights, ``n = n_rows * n_cols``.
    """
    if n_rows < 1 or n_cols < 1:
        raise ValueError(f"the grid needs at least one row and one column, got {n_rows} × {n_cols}")
    n = n_rows * n_cols
    offsets = np.array(_offsets(kind))
    dr, dc = offsets[:, 0], offsets[:, 1]
    c = np.arange(n_cols)[:, None] + dc  # neighbour columns, (n_cols, m)
    col_ok = (c >= 0) & (c < n_cols)
    relative = c + dr * n_cols  # neighbour position minus the row's first position

    def template(first: bool, last: bool) -> tuple[np.ndarray, np.ndarray]:
        ok = col_ok & ~((first & (dr < 0)) | (last & (dr > 0)))
        return relative[ok], np.count_nonzero(ok, axis=1)

    kinds = np.ones(n_rows, dtype=np.int64)  # 0 first row, 1 interior, 2 last, 3 the only row
    kinds[0], kinds[-1] = 0, 2
    if n_rows == 1:
        kinds[0] = 3
    templates = [template(True, False), template(False, False), template(False, True), template(True, True)]
    sizes = np.array([t[0].size for t in templates])[kinds]
    dtype = _index_dtype(n, int(sizes.sum()))
    indices: np.ndarray = np.concatenate([templates[k][0] for k in kinds]).astype(dtype)
    indices += np.repeat(np.arange(n_rows, dtype=dtype) * dtype(n_cols), sizes)
    counts = np.concatenate([templates[k][1] for k in kinds])
    return _csr(indices, counts, n)


def lattice_weights(row, col, *, kind: Contiguity = "queen") -> sparse.csr_matrix:
    """Contiguity weights among the listed grid cells (a managed area need not be a rectangle).

    Two listed cells are neighbours when their rows and columns differ by at most one (queen) or
    one of them by exactly one and the other by zero (rook). Cells are the units in the order given;
    a cell with no listed neighbour is an island. Built in ``O(n)`` through a lookup table over the
    cells' bounding box (or a sorted key array with ``searchsorted`` when the box is much larger than
    the number of cells).

    Parameters
    ----------
    row, col : array of int
        Row and column of each cell (e.g. the ``row``, ``col`` columns of a ``grid_cells`` table).
    kind : {"queen", "rook"}
        Contiguity rule.

    Returns
    -------
    scipy.sparse.csr_matrix
        Binary ``n × n`` weights in the input order.
    """
    row = np.asarray(row, dtype=np.int64).ravel()
    col = np.asarray(col, dtype=np.int64).ravel()
    if row.shape != col.shape:
        raise ValueError(f"row and col must have the same length, got {row.size} and {col.size}")
    n = row.size
    offsets = _offsets(kind)
    if n == 0:
        return sparse.csr_matrix((0, 0), dtype=np.float64)
    # shift to a padded box: rows 1..h, cols 1..w, so every offset stays inside 0..h+1 × 0..w+1
    r = row - row.min() + 1
    c = col - col.min() + 1
    width = int(c.max()) + 2
    height = int(r.max()) + 2
    key = r * width + c
    box = height * width
    lookup: Callable[[np.ndarray], np.ndarray]  # grid key → input position, -1 where no cell
    if box <= 16 * n + 1024:
        table = np.full(box, -1, dtype=np.int64)
        table[key] = np.arange(n)
        if np.count_nonzero(table >= 0) != n:
            raise ValueError("each (row, col) cell must be listed once")
        lookup = table.__getitem__
    else:
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        if n > 1 and (np.diff(sorted_key) == 0).any():
            raise ValueError("each (row, col) cell must be listed once")

        def _search(k: np.ndarray) -> np.ndarray:
            at = np.minimum(np.searchsorted(sorted_key, k), n - 1)
            return np.where(sorted_key[at] == k, order[at], -1)

        lookup = _search

    cand = np.empty((n, len(offsets)), dtype=np.int64)
    for j, (dr, dc) in enumerate(offsets):
        cand[:, j] = lookup(key + dr * width + dc)
    # input order is arbitrary: sort each row's neighbour positions, missing (-1) last
    cand[cand < 0] = n
    cand.sort(axis=1)
    cand[cand == n] = -1
    return _from_candidates(cand, n)


def _points(x, y) -> np.ndarray:
    xy = np.column_stack([np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()])
    if not np.isfinite(xy).all():
        raise ValueError("coordinates must be finite")
    return xy


def distance_band_weights(x, y, threshold: float, *, binary: bool = True, alpha: float = -1.0) -> sparse.csr_matrix:
    """Distance-band weights: units within ``threshold`` of each other are neighbours.

    ``w_ij = 1`` (``binary``) or ``d_ij ** alpha`` (inverse-distance decay by default) for
    ``0 < d_ij <= threshold``; coincident points (``d_ij = 0``) are not neighbours. Same pairs and
    values as ``libpysal.weights.DistanceBand(np.column_stack([x, y]), threshold, binary=binary,
    alpha=alpha)``: both take the pairs from :meth:`scipy.spatial.cKDTree.sparse_distance_matrix`.

    Parameters
    ----------
    x, y : array of float
        Projected coordinates (metres) of the units, e.g. cell centres.
    threshold : float
        Band radius, same unit as the coordinates (inclusive).
    binary : bool
        Binary weights (default) or distance decay ``d ** alpha``.
    alpha : float
        Decay exponent when ``binary=False``.
    """
    xy = _points(x, y)
    if not threshold > 0:
        raise ValueError(f"threshold must be positive, got {threshold}")
    tree = cKDTree(xy, leafsize=10)
    dist = tree.sparse_distance_matrix(tree, max_distance=threshold, output_type="coo_matrix")
    keep = dist.data > 0
    data = np.ones(int(keep.sum())) if binary else dist.data[keep] ** alpha
    W = sparse.csr_matrix((data, (dist.row[keep], dist.col[keep])), shape=(len(xy), len(xy)))
    W.sort_indices()
    return W


def knn_weights(x, y, k: int) -> sparse.csr_matrix:
    """Binary ``k``-nearest-neighbour weights (not symmetric in general).

    Each unit's ``k`` nearest other units by Euclidean distance, as
    ``libpysal.weights.KNN(np.column_stack([x, y]), k)``: a :class:`~scipy.spatial.cKDTree` query for
    ``k + 1`` points, dropping the unit itself (or, when coincident points push it out of the
    ``k + 1``, the farthest). Ties at the ``k``-th distance are broken as the tree returns them.
    """
    xy = _points(x, y)
    n = len(xy)
    if not 1 <= k < n:
        raise ValueError(f"k must lie in 1..n-1 = {n - 1}, got {k}")
    _, idx = cKDTree(xy, leafsize=10).query(xy, k=k + 1)
    not_self = idx != np.arange(n)[:, None]
    not_self[not_self.all(axis=1), -1] = False
    cols = idx[not_self].reshape(n, k)
    W = sparse.csr_matrix((np.ones(n * k), cols.ravel(), np.arange(0, n * k + 1, k)), shape=(n, n))
    W.sort_indices()
    return W


def polygon_weights(gdf, *, kind: Contiguity = "queen") -> sparse.csr_matrix:
    """Contiguity weights of irregular polygons (communities, districts), in the GeoDataFrame's row order.

    Built by ``libpysal.weights.Queen`` / ``Rook`` (shared vertex / shared edge) and converted to CSR,
    unit ``i`` being ``gdf.iloc[i]``. Polygons that touch no other polygon are islands: their rows
    are empty, and a :class:`UserWarning` names their positions (:func:`islands` returns them).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame or GeoSeries
        Polygons, any CRS (contiguity is topological).
    kind : {"queen", "rook"}
        Contiguity rule.
    """
    from libpysal import weights as lw

    _offsets(kind)
    builder = lw.Queen if kind == "queen" else lw.Rook
    frame = gdf.reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = builder.from_dataframe(frame, use_index=True, silence_warnings=True)
    n = len(frame)
    if list(w.id_order) != list(range(n)):
        raise RuntimeError("libpysal returned weights out of the GeoDataFrame's row order")
    rows = np.repeat(np.arange(n), [w.cardinalities[i] for i in range(n)])
    cols = np.concatenate([np.asarray(w.neighbors[i], dtype=np.int64) for i in range(n)] or [np.empty(0, np.int64)])
    W = sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    W.sort_indices()
    alone = islands(W)
    if alone.size:
        warnings.warn(
            f"{alone.size} polygon(s) have no {kind} neighbour (islands) at row position(s) {alone.tolist()[:20]}"
            f"{' …' if alone.size > 20 else ''}; their weight rows are empty",
            UserWarning,
            stacklevel=2,
        )
    return W


def row_standardise(W) -> sparse.csr_matrix:
    """Row-standardised copy of ``W``: ``w_ij / Σ_j w_ij``, so each row sums to 1.

    ``W`` is anything :func:`as_sparse` takes. Island rows (no neighbours) stay all zero. Equals
    libpysal's ``transform = "R"``.
    """
    W = sparse.csr_matrix(as_sparse(W), dtype=np.float64, copy=True)
    sums = np.asarray(W.sum(axis=1)).ravel()
    scale = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums != 0)
    W.data *= np.repeat(scale, np.diff(W.indptr))
    return W


def islands(W) -> np.ndarray:
    """Positions of the units without neighbours (empty rows of ``W``, anything :func:`as_sparse` takes)."""
    W = sparse.csr_matrix(as_sparse(W), copy=True)
    W.eliminate_zeros()
    return np.flatnonzero(np.diff(W.indptr) == 0)


def as_sparse(weights, *, ids=None) -> sparse.csr_matrix:
    """Spatial weights as PySAL users hold them, as a CSR ``float64`` matrix.

    Accepts a scipy sparse matrix or a dense array (used as given, in the order of the values), a
    libpysal ``W`` (its ``sparse`` matrix, in ``id_order``) or a libpysal ``Graph`` (its ``sparse``
    matrix, in ``unique_ids``). With ``ids`` — the ids of the values, in their order — a ``W`` or
    ``Graph`` is aligned to them, so that row ``i`` is the unit of value ``i`` whatever order the
    weights were built in (a subset of the weights' units is taken as their sub-matrix):

    - every id among the weights' ids: the weights are reordered to them;
    - no id among them, the weights' ids are libpysal's default ``0 … n-1`` (``lat2W``, a ``W`` or
      ``Graph`` built without ids) and there are ``n`` values: the weights are taken in the values'
      order;
    - otherwise an error names the ids the weights lack.

    Raises
    ------
    ValueError
        When an id is missing from the weights, or the weights are not a matrix or a PySAL object.
    """
    order = getattr(weights, "unique_ids", None)
    if order is None:
        order = getattr(weights, "id_order", None)
    matrix = getattr(weights, "sparse", weights)
    if not (sparse.issparse(matrix) or isinstance(matrix, np.ndarray)):
        raise ValueError(
            f"weights must be a scipy sparse matrix, an array, a libpysal W or a libpysal Graph, "
            f"got {type(weights).__name__}"
        )
    W = sparse.csr_matrix(matrix, dtype=np.float64)
    if ids is None or order is None:
        return W
    import pandas as pd

    known, wanted = pd.Index(list(order)), list(ids)
    position = known.get_indexer(wanted)
    if (position >= 0).all():
        return W[position][:, position].tocsr()
    default_ids = known.equals(pd.RangeIndex(len(known)))
    if default_ids and len(wanted) == len(known) and (position < 0).all():
        return W
    missing = [i for i, p in zip(wanted, position) if p < 0][:5]
    raise ValueError(
        f"{int((position < 0).sum())} id(s) of the values are not in the weights, e.g. {missing}; build the "
        f"weights with the values' ids, or pass them in the values' order without ids"
    )
