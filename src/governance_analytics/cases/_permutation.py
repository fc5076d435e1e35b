"""Shared machinery of the local statistics: checked inputs, sparse-row helpers, and conditional
randomisation of spatial lags (Anselin 1995; the scheme of esda's ``crand``, vectorised without numba)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import sparse

from governance_analytics.cases.weights import as_sparse

__all__ = ["check_inputs", "with_data", "row_sums", "Sims", "draw_distinct", "conditional_lags"]


def _labels(values):
    """The ids of ``values`` to align weights to: a Series' index unless it is the default ``0 … n-1``
    (then the values are in the weights' order)."""
    import pandas as pd

    if not isinstance(values, pd.Series) or isinstance(values.index, pd.RangeIndex):
        return None
    return values.index


def check_inputs(values, weights) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Values as float64 and weights as CSR with a zero diagonal, no stored zeros and sorted indices.

    ``weights`` may be anything :func:`~governance_analytics.cases.weights.as_sparse` takes (a libpysal
    ``W`` or ``Graph`` too); a pandas Series of values aligns a ``W`` or ``Graph`` to its index (by the
    rules of :func:`~governance_analytics.cases.weights.as_sparse`).

    The weights are not copied when they already are so: callers must not modify them in place."""
    ids = _labels(values)
    y = np.asarray(values, dtype=np.float64).ravel()
    W = as_sparse(weights, ids=ids)
    if W.shape != (y.size, y.size):
        raise ValueError(f"weights are {W.shape[0]} × {W.shape[1]} but there are {y.size} values")
    if not np.isfinite(y).all():
        raise ValueError(f"values must be finite; {np.count_nonzero(~np.isfinite(y))} are NaN or infinite")
    if y.size < 3:
        raise ValueError("at least 3 units are needed")
    if not np.isfinite(W.data).all():
        raise ValueError("weights must be finite")
    if W.diagonal().any() or not W.data.all() or not W.has_canonical_format:
        W = W.copy()
        W.sum_duplicates()
        W.setdiag(0)
        W.eliminate_zeros()
        W.sort_indices()
    return y, W


def with_data(W: sparse.csr_matrix, data: np.ndarray) -> sparse.csr_matrix:
    """``W``'s sparsity pattern with other values (no copy of the index arrays)."""
    out = sparse.csr_matrix((data, W.indices, W.indptr), shape=W.shape)
    out.has_sorted_indices = True
    return out


def row_sums(W: sparse.csr_matrix, data: np.ndarray | None = None) -> np.ndarray:
    """Row sums of ``W`` (or of ``W``'s pattern holding ``data``), islands 0."""
    data = W.data if data is None else data
    sums = np.zeros(W.shape[0])
    nonempty = np.diff(W.indptr) > 0
    sums[nonempty] = np.add.reduceat(data, W.indptr[:-1][nonempty])
    return sums


class Sims(NamedTuple):
    """Summary of the permuted spatial lags ``L_ip = Σ_j w_ij y_perm(j)`` of each unit i."""

    n_ge: np.ndarray  # permutations with L_ip ≥ observed lag (ties within tolerance count)
    n_le: np.ndarray  # permutations with L_ip ≤ observed lag
    mean: np.ndarray  # mean of L_ip over permutations
    sd: np.ndarray  # population standard deviation of L_ip
    permutations: int

    @property
    def p_sim(self) -> np.ndarray:
        return (np.minimum(self.n_ge, self.n_le) + 1.0) / (self.permutations + 1.0)


def draw_distinct(rng: np.random.Generator, n: int, rows: int, m: int) -> np.ndarray:
    """``rows`` uniformly random ordered m-tuples of distinct indices from 0..n-1."""
    if m * m <= n // 2:  # duplicates are rare: draw with replacement, redraw the rows that have some
        out = rng.integers(0, n, size=(rows, m))
        while True:
            s = np.sort(out, axis=1)
            bad = np.flatnonzero((s[:, 1:] == s[:, :-1]).any(axis=1))
            if not bad.size:
                return out
            out[bad] = rng.integers(0, n, size=(bad.size, m))
    return np.stack([rng.choice(n, size=m, replace=False) for _ in range(rows)]) if rows else np.empty((0, m), np.int64)


def conditional_lags(
    y: np.ndarray, W: sparse.csr_matrix, *, permutations: int, seed, block_bytes: int = 1 << 25, dense: bool = False
) -> Sims:
    """Conditional randomisation of the spatial lag ``Σ_j w_ij y_j`` of every unit i (W: zero diagonal).

    Like esda's ``crand``, all units share one set of draws: permutation p is a random ordered
    tuple ``t_p`` of ``k_max + 1`` distinct units. Unit i with ``k_i`` neighbours takes the values at
    ``t_p[0:k_i]`` — and when i itself is among them, the value at ``t_p[k_i]`` in its place, so
    that it draws ``k_i`` of the other ``n - 1`` units uniformly, ``y_i`` held fixed. Only
    ``permutations · k_max`` (unit, permutation) pairs need that swap. When the weights within
    each row are equal (binary and row-standardised contiguity), ``L_ip = w_i · S_{k_i, p}`` with
    ``S_{k, p}`` the sum of the first k drawn values, and counting is a ``searchsorted`` over the
    sorted ``S_k`` (``O(n log P)``); otherwise ``L = W_padded @ Y_drawn`` in blocks (BLAS).
    """
    rng = np.random.default_rng(seed)
    n, P = y.size, int(permutations)
    if P < 1:
        raise ValueError(f"permutations must be positive, got {permutations}")
    card = np.diff(W.indptr)
    kmax = int(card.max())
    obs = W @ y
    scale = float(np.abs(y).max()) or 1.0
    absrow = row_sums(W, np.abs(W.data))
    tol = 1e-9 * absrow * scale  # ties: floating sums in another order differ by far less
    if kmax == 0:
        zero = np.zeros(n)
        return Sims(np.full(n, P), np.full(n, P), zero, zero, P)
    ids = draw_distinct(rng, n, P, kmax + 1)
    Y = y[ids]  # (P, kmax + 1)
    # the (unit, permutation) pairs where the unit drew itself: swap in the spare value t_p[k_i]
    p_at, j_at = np.nonzero(np.arange(kmax)[None, :] < card[ids[:, :kmax]])
    unit = ids[p_at, j_at]
    delta_v = Y[p_at, card[unit]] - y[unit]  # change of the value at position j
    w_at = W.data[W.indptr[unit] + j_at]
    first = W.data[W.indptr[:-1][card > 0]]
    equal_rows = not dense and (first > 0).all() and np.array_equal(np.repeat(first, card[card > 0]), W.data)
    if equal_rows:
        w_i = np.zeros(n)
        w_i[card > 0] = first
        return _equal_weights(y, obs, tol, card, w_i, Y, p_at, unit, delta_v, P)
    n_ge = np.empty(n, np.int64)
    n_le = np.empty(n, np.int64)
    s1 = np.empty(n)
    s2 = np.empty(n)
    YT = np.ascontiguousarray(Y[:, :kmax].T)  # (kmax, P)
    order = np.argsort(unit, kind="stable")
    unit, p_at, delta = unit[order], p_at[order], (w_at * delta_v)[order]
    block = max(1, block_bytes // (8 * max(P, kmax)))
    for a in range(0, n, block):
        b = min(n, a + block)
        pad = np.zeros((b - a, kmax))
        cb = card[a:b]
        rows = np.repeat(np.arange(b - a), cb)
        pos = np.arange(W.indptr[a], W.indptr[b]) - np.repeat(W.indptr[a:b], cb)
        pad[rows, pos] = W.data[W.indptr[a] : W.indptr[b]]
        L = pad @ YT
        lo, hi = np.searchsorted(unit, [a, b])
        L[unit[lo:hi] - a, p_at[lo:hi]] += delta[lo:hi]
        L -= obs[a:b, None]
        t = tol[a:b, None]
        n_ge[a:b] = np.count_nonzero(L >= -t, axis=1)
        n_le[a:b] = np.count_nonzero(L <= t, axis=1)
        s1[a:b] = L.sum(axis=1)
        s2[a:b] = np.einsum("ij,ij->i", L, L)
    d = s1 / P
    return Sims(n_ge, n_le, obs + d, np.sqrt(np.maximum(s2 / P - d * d, 0.0)), P)


def _equal_weights(y, obs, tol, card, w_i, Y, p_at, unit, delta_v, P) -> Sims:
    """:func:`conditional_lags` when every row has one weight ``w_i``: work in sums ``S = L / w_i``."""
    n = y.size
    S = np.cumsum(Y, axis=1)  # S[p, k - 1] = sum of the first k drawn values
    has = card > 0
    w_safe = np.where(has, w_i, 1.0)
    lo_thr = (obs - tol) / w_safe  # S ≥ lo_thr  ⇔  L ≥ obs - tol
    hi_thr = (obs + tol) / w_safe  # S ≤ hi_thr  ⇔  L ≤ obs + tol
    n_ge = np.full(n, P, np.int64)
    n_le = np.full(n, P, np.int64)
    m1 = np.zeros(n)
    m2 = np.zeros(n)
    centre = np.zeros(n)
    for k in np.unique(card[has]):
        sel = np.flatnonzero(card == k)
        Sk = S[:, k - 1]
        c = Sk.mean()
        sk = np.sort(Sk)
        n_ge[sel] = P - np.searchsorted(sk, lo_thr[sel], side="left")
        n_le[sel] = np.searchsorted(sk, hi_thr[sel], side="right")
        centre[sel] = c
        m1[sel] = (Sk - c).sum()
        m2[sel] = ((Sk - c) ** 2).sum()
    # the swapped pairs: S0 is what the shared draw gave, S1 what the unit really drew
    k_u = card[unit]
    S0 = S[p_at, k_u - 1]
    S1 = S0 + delta_v
    lo, hi = lo_thr[unit], hi_thr[unit]
    np.add.at(n_ge, unit, (S1 >= lo).astype(np.int64) - (S0 >= lo))
    np.add.at(n_le, unit, (S1 <= hi).astype(np.int64) - (S0 <= hi))
    c = centre[unit]
    np.add.at(m1, unit, delta_v)
    np.add.at(m2, unit, (S1 - c) ** 2 - (S0 - c) ** 2)
    d = m1 / P
    mean = np.where(has, w_i * (centre + d), 0.0)
    sd = w_i * np.sqrt(np.maximum(m2 / P - d * d, 0.0))
    return Sims(n_ge, n_le, mean, sd, P)
