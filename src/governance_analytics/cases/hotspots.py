"""Hot spots: Getis–Ord Gi*, ArcGIS confidence bins, Benjamini–Hochberg FDR, conditional permutation.

:func:`gi_star` is the local statistic (analytic z equal to esda's ``G_Local(..., star=True)``),
:func:`hot_spots` the high-level call a notebook or report uses (a table, FDR on by default, as
ArcGIS's *Hot Spot Analysis* does), :func:`fdr` the multiple-testing correction and
:func:`confidence_bins` the ArcGIS ``Gi_Bin`` classes. The conditional-permutation engine shared
with :mod:`~governance_analytics.cases.lisa` lives here too (``_conditional_lags``).

Weights are sparse matrices from :mod:`~governance_analytics.cases.weights` (zero diagonal).

References
----------
Getis, A., Ord, J. K. (1992). The analysis of spatial association by use of distance statistics.
*Geographical Analysis* 24(3), 189–206.
Ord, J. K., Getis, A. (1995). Local spatial autocorrelation statistics: distributional issues and an
application. *Geographical Analysis* 27(4), 286–306.
Benjamini, Y., Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B* 57(1), 289–300.
Esri, *How Hot Spot Analysis (Getis-Ord Gi\\*) works*, ArcGIS Pro documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import ndtr

__all__ = ["GiStar", "gi_star", "hot_spots", "confidence_bins", "fdr"]

WeightsKind = Literal["binary", "row-standardised", "general"]


@dataclass(frozen=True)
class GiStar:
    """Result of :func:`gi_star`; arrays in the order of the input values.

    Attributes
    ----------
    Gs : Gi* = Σ_j w*_ij y_j / Σ_j y_j (self included), as esda's ``Gs``
    EGs, VGs : expectation and variance of Gs under the normality assumption (esda's formulas)
    z : standardised Gi*, ``(Gs - EGs) / sqrt(VGs)``
    p : two-sided normal p value, ``2 · (1 - Φ(|z|))`` (esda's ``p_norm`` is the one-sided half)
    p_sim : conditional-permutation pseudo p value (folded, as esda's), ``None`` without permutations
    bin : ArcGIS ``Gi_Bin`` class in -3..3 from ``p`` and the sign of ``z`` (:func:`confidence_bins`)
    weights_kind : "binary", "row-standardised" or "general": how the self weight and variance were set
    permutations : number of permutations behind ``p_sim`` (0 for none)
    """

    Gs: np.ndarray
    EGs: np.ndarray
    VGs: np.ndarray
    z: np.ndarray
    p: np.ndarray
    p_sim: np.ndarray | None
    bin: np.ndarray
    weights_kind: WeightsKind
    permutations: int


def _check(values, weights) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Values as float64 and weights as CSR with a zero diagonal, no stored zeros and sorted indices.

    The weights are not copied when they already are so: callers must not modify them in place."""
    y = np.asarray(values, dtype=np.float64).ravel()
    W = sparse.csr_matrix(weights, dtype=np.float64)
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


def _with_data(W: sparse.csr_matrix, data: np.ndarray) -> sparse.csr_matrix:
    """``W``'s sparsity pattern with other values (no copy of the index arrays)."""
    out = sparse.csr_matrix((data, W.indices, W.indptr), shape=W.shape)
    out.has_sorted_indices = True
    return out


def _row_sums(W: sparse.csr_matrix, data: np.ndarray | None = None) -> np.ndarray:
    """Row sums of ``W`` (or of ``W``'s pattern holding ``data``), islands 0."""
    data = W.data if data is None else data
    sums = np.zeros(W.shape[0])
    nonempty = np.diff(W.indptr) > 0
    sums[nonempty] = np.add.reduceat(data, W.indptr[:-1][nonempty])
    return sums


def _star_weights(W: sparse.csr_matrix, transform: str | None) -> tuple[sparse.csr_matrix, np.ndarray, WeightsKind]:
    """Off-diagonal part of W* and its diagonal (self weights), following esda's ``star=True``.

    binary: W* = W + I. Row-standardised: the self weight is the row maximum (esda's default for a
    missing diagonal), then W* is row-standardised again. General: self weight = row maximum, no
    rescaling. Islands get a self weight of 1, so their Gi* is their own standardised value.
    """
    if transform not in (None, "b", "B", "r", "R"):
        raise ValueError(f"transform must be None, 'b' or 'r', got {transform!r}")
    n = W.shape[0]
    if transform in ("b", "B") or (transform is None and (W.data == 1.0).all()):
        if not (W.data == 1.0).all():
            W = _with_data(W, np.ones(W.nnz))
        return W, np.ones(n), "binary"
    card = np.diff(W.indptr)
    nonempty = card > 0
    self_w = np.ones(n)
    self_w[nonempty] = np.maximum.reduceat(W.data, W.indptr[:-1][nonempty])
    sums = _row_sums(W)
    if transform in ("r", "R") or np.allclose(sums[nonempty], 1.0, rtol=0, atol=1e-10):
        total = sums + self_w
        return _with_data(W, W.data / np.repeat(total, card)), self_w / total, "row-standardised"
    return W, self_w, "general"


def gi_star(
    values,
    weights: sparse.spmatrix,
    *,
    transform: Literal["b", "r"] | None = None,
    permutations: int = 0,
    seed: int | np.random.Generator | None = None,
) -> GiStar:
    """Getis–Ord Gi* local statistic, self included, with analytic z, two-sided p and ArcGIS bins.

    With self weights on the diagonal of W* (see ``transform``), ``x̄`` and ``s`` the mean and
    (population) standard deviation of the ``n`` values, ``W_i = Σ_j w*_ij`` and ``S_i = Σ_j w*_ij²``::

        Gi* = Σ_j w*_ij y_j / Σ_j y_j
        z_i = (Σ_j w*_ij y_j - x̄ W_i) / (s · sqrt((n V_i - W_i²) / (n - 1)))

    with ``V_i = S_i`` for binary and general weights (Ord & Getis 1995, eq. 14; binary weights
    have ``S_i = W_i``, which is esda's formula) and ``V_i = W_i`` for row-standardised weights
    (esda's convention, which treats the row-standardised W* like a neighbour count: z becomes
    ``(Σ_j w*_ij y_j - x̄) / s``). ``z`` equals ``esda.G_Local(y, w, transform="B" | "R",
    star=True).Zs``; ``p = 2 (1 - Φ(|z|))`` is two-sided (esda's ``p_norm`` is the one-sided half).

    Parameters
    ----------
    values : array of float, length n
        Non-negative quantities (case counts per cell, rates); Gi* is meant for them, though z is
        defined for any values that are not all equal.
    weights : sparse n × n matrix
        Spatial weights with a zero diagonal (a diagonal, if any, is ignored): binary, or
        row-standardised (:func:`~governance_analytics.cases.weights.row_standardise`).
    transform : {None, "b", "r"}
        ``None``: use the weights as given, recognising binary (all 1) and row-standardised (rows
        summing to 1) weights; ``"b"``: binarise first (esda ``transform="B"``); ``"r"``:
        row-standardise (esda ``transform="R"``). Self weights: 1 for binary weights (W* = W + I);
        the row maximum for the others, and row-standardised weights are standardised again with
        it, as esda does. Islands get a self weight of 1 (esda returns NaN for them under "R").
    permutations : int
        Conditional permutations for ``p_sim`` (0: none). For each unit the other n − 1 values are
        permuted with its own value held fixed; pseudo p = (min(#sim ≥ obs, #sim ≤ obs) + 1) /
        (permutations + 1), esda's folded p (ties count on both sides; esda counts them on one).
    seed : int or numpy.random.Generator, optional
        Source of the permutations.

    Returns
    -------
    GiStar
    """
    y, W = _check(values, weights)
    W, self_w, kind = _star_weights(W, transform)
    n = y.size
    mean, sd = y.mean(), y.std()
    if sd == 0:
        raise ValueError("values are all equal: Gi* is undefined")
    lag = W @ y + self_w * y
    if kind == "binary":
        w_sum = np.diff(W.indptr) + 1.0
        v = w_sum
    else:
        w_sum = _row_sums(W) + self_w
        v = w_sum if kind == "row-standardised" else _row_sums(W, W.data * W.data) + self_w * self_w
    spread = (n * v - w_sum * w_sum) / (n - 1)
    z = (lag - mean * w_sum) / (sd * np.sqrt(spread))
    total = y.sum()
    p = 2.0 * ndtr(-np.abs(z))
    p_sim = None
    if permutations:
        sims = _conditional_lags(y, W, permutations=permutations, seed=seed)
        p_sim = sims.p_sim
    return GiStar(
        Gs=lag / total,
        EGs=w_sum / n,
        VGs=spread * (sd / (n * mean)) ** 2 if mean else np.full(n, np.nan),
        z=z,
        p=p,
        p_sim=p_sim,
        bin=confidence_bins(z, p),
        weights_kind=kind,
        permutations=int(permutations),
    )


def confidence_bins(z, p) -> np.ndarray:
    """ArcGIS ``Gi_Bin``: ±3, ±2, ±1 for p < 0.01, 0.05, 0.10 (99/95/90 % confidence), sign of z; else 0.

    ``p`` is two-sided (or FDR-adjusted, as :func:`hot_spots` passes); NaN p gives 0.
    """
    z = np.asarray(z, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        level = (p < 0.10).astype(np.int8) + (p < 0.05) + (p < 0.01)
    return (np.sign(z).astype(np.int8) * level).astype(np.int8)


def fdr(p, *, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini–Hochberg false-discovery-rate adjustment.

    With the m finite p values sorted, ``p_(1) ≤ … ≤ p_(m)``, the adjusted value is
    ``min(1, min_{j ≥ i} p_(j) m / j)`` and unit i is rejected when its adjusted p ≤ ``alpha``
    (the step-up rule: reject all up to the largest i with ``p_(i) ≤ i α / m``). Equal to
    ``statsmodels.stats.multitest.multipletests(p, alpha, method="fdr_bh")[:2]``. NaN p values
    are left out of m and stay NaN (never rejected).

    Returns
    -------
    p_adjusted : array of float
    reject : array of bool
    """
    p = np.asarray(p, dtype=np.float64)
    shape = p.shape
    p = p.ravel()
    adjusted = np.full(p.size, np.nan)
    reject = np.zeros(p.size, dtype=bool)
    finite = np.flatnonzero(np.isfinite(p))
    m = finite.size
    if m:
        order = finite[np.argsort(p[finite])]  # ties get equal adjusted p: any order
        ranked = p[order]
        ecdf = np.arange(1, m + 1) / m
        below = np.flatnonzero(ranked <= ecdf * alpha)
        if below.size:
            reject[order[: below[-1] + 1]] = True
        adj = np.minimum.accumulate((ranked / ecdf)[::-1])[::-1]
        adjusted[order] = np.minimum(adj, 1.0)
    return adjusted.reshape(shape), reject.reshape(shape)


def hot_spots(
    values,
    weights: sparse.spmatrix,
    *,
    transform: Literal["b", "r"] | None = None,
    fdr_correction: bool = True,
    permutations: int = 0,
    seed: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Hot and cold spots as ArcGIS *Hot Spot Analysis (Getis-Ord Gi\\*)* reports them.

    Runs :func:`gi_star` and classes each unit into ``bin`` -3..3 (:func:`confidence_bins`) from the
    Benjamini–Hochberg adjusted p (``fdr_correction=True``, the default — ArcGIS's *Apply False
    Discovery Rate (FDR) Correction*: a unit in bin ±2 is significant at FDR 5 %) or from the raw
    two-sided p.

    Returns
    -------
    pandas.DataFrame
        One row per unit, indexed like ``values`` when it is a Series: ``gi_star``, ``z``, ``p``,
        ``p_fdr`` (BH-adjusted ``p``, NaN when ``fdr_correction=False``), ``p_sim`` (if
        ``permutations``) and ``bin`` (int8).
    """
    index = values.index if isinstance(values, pd.Series) else None
    g = gi_star(values, weights, transform=transform, permutations=permutations, seed=seed)
    p_fdr = fdr(g.p)[0] if fdr_correction else np.full(g.p.size, np.nan)
    table = pd.DataFrame({"gi_star": g.Gs, "z": g.z, "p": g.p, "p_fdr": p_fdr}, index=index)
    if g.p_sim is not None:
        table["p_sim"] = g.p_sim
    table["bin"] = confidence_bins(g.z, p_fdr if fdr_correction else g.p)
    return table


# ----------------------------------------------------------------------------------------------
# conditional permutation (shared with lisa)
# ----------------------------------------------------------------------------------------------


class _Sims(NamedTuple):
    """Summary of the permuted spatial lags ``L_ip = Σ_j w_ij y_perm(j)`` of each unit i."""

    n_ge: np.ndarray  # permutations with L_ip ≥ observed lag (ties within tolerance count)
    n_le: np.ndarray  # permutations with L_ip ≤ observed lag
    mean: np.ndarray  # mean of L_ip over permutations
    sd: np.ndarray  # population standard deviation of L_ip
    permutations: int

    @property
    def p_sim(self) -> np.ndarray:
        return (np.minimum(self.n_ge, self.n_le) + 1.0) / (self.permutations + 1.0)


def _draw(rng: np.random.Generator, n: int, rows: int, m: int) -> np.ndarray:
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


def _conditional_lags(
    y: np.ndarray, W: sparse.csr_matrix, *, permutations: int, seed, block_bytes: int = 1 << 25, dense: bool = False
) -> _Sims:
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
    absrow = _row_sums(W, np.abs(W.data))
    tol = 1e-9 * absrow * scale  # ties: floating sums in another order differ by far less
    if kmax == 0:
        zero = np.zeros(n)
        return _Sims(np.full(n, P), np.full(n, P), zero, zero, P)
    ids = _draw(rng, n, P, kmax + 1)
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
    return _Sims(n_ge, n_le, obs + d, np.sqrt(np.maximum(s2 / P - d * d, 0.0)), P)


def _equal_weights(y, obs, tol, card, w_i, Y, p_at, unit, delta_v, P) -> _Sims:
    """:func:`_conditional_lags` when every row has one weight ``w_i``: work in sums ``S = L / w_i``."""
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
    return _Sims(n_ge, n_le, mean, sd, P)
