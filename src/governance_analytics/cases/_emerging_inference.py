"""Inference for emerging hot spots beyond ArcGIS's normal bins, for the sparse counts of real cities.

Two tools, used by :func:`governance_analytics.cases.emerging.emerging_hot_spots`:

- :func:`space_time_pseudo_p` — conditional-permutation pseudo p-values of every bin's space-time
  Gi* (Anselin 1995's conditional randomisation over the bins of the cube): valid however skewed
  and sparse the counts, where the normal approximation overstates significance.
- :func:`temporal_p` — a test of each location's *temporal* pattern against the null of no
  temporal pattern: the cases' time steps are shuffled across cases (each location keeps its cases,
  each step its total; :func:`shuffle_steps`) and the Gi* z series are computed again, ``shuffles``
  times. The statistic is the strength of the pattern the category claims — for a new or
  consecutive hot spot the mean z of its final run of significant steps (the spike is now), for an
  intensifying one the Mann-Kendall Z of its z series (it grows), signs reversed for the cold and
  diminishing mirrors — and ``p = (1 + #{shuffles with a statistic at least as strong}) / (shuffles
  + 1)``. Under the null the time steps are exchangeable, so the test is exact at every level; a
  location whose many cases make it hot in every step is not mistaken for an emerging one. This goes
  beyond ArcGIS, whose rules on sparse counts give as many trend categories with the dates shuffled
  as with the real dates.

References
----------
Anselin, L. (1995). Local indicators of spatial association — LISA. Geographical Analysis 27(2),
93–115 (conditional randomisation).
Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of Hypotheses*, 3rd ed., ch. 3
(Monte Carlo p-values, (1 + #) / (B + 1)).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from governance_analytics.cases._permutation import conditional_lags
from governance_analytics.cases.weights import as_sparse

__all__ = ["TREND_KINDS", "shuffle_steps", "space_time_pseudo_p", "space_time_weights", "temporal_p"]

#: Kind codes (0–7 within a family, see :data:`~governance_analytics.cases.emerging.CATEGORIES`) that
#: claim a temporal pattern — new, consecutive, intensifying, diminishing — and the kind each
#: becomes when the claim is not supported: sporadic (significant now, no reliable pattern) for
#: new and consecutive, persistent for intensifying and diminishing.
TREND_KINDS = {0: 5, 1: 5, 2: 3, 4: 3}


def space_time_weights(weights, n_times: int, *, time_window: int = 1) -> sp.csr_matrix:
    """Weights among the bins of a ``(n_locations, n_times)`` cube, flattened location-major (bin
    ``i · n_times + t``), with a zero diagonal: bin ``(j, s)`` neighbours ``(i, t)`` when
    ``w*_ij ≠ 0`` (``w*_ii = 1``) and ``t − k ≤ s ≤ t``, with weight ``w*_ij``."""
    w = sp.csr_matrix(as_sparse(weights), dtype=float)
    n = w.shape[0]
    w = (w - sp.diags(w.diagonal()) + sp.identity(n, format="csr")).tocsr()
    band = sp.csr_matrix(np.tril(np.ones((n_times, n_times))) - np.tril(np.ones((n_times, n_times)), -time_window - 1))
    st = sp.kron(w, band, format="csr")
    st.setdiag(0)
    st.eliminate_zeros()
    st.sort_indices()
    return st


def space_time_pseudo_p(values, weights, *, time_window: int = 1, permutations: int = 999, seed=None) -> np.ndarray:
    """Two-sided pseudo p-value of each bin's space-time Gi*: ``min(1, 2 · p_sim)`` with the folded
    ``p_sim = (min(#sim ≥ obs, #sim ≤ obs) + 1) / (permutations + 1)`` over conditional permutations,
    each bin's own value held fixed and its neighbourhood drawn from the other bins of the cube —
    the two-sided p of :func:`~governance_analytics.cases.hotspots.hot_spots`' permutation inference.
    Bins with no neighbour get 1."""
    x = np.asarray(values, dtype=float)
    W = space_time_weights(weights, x.shape[1], time_window=time_window)
    sims = conditional_lags(x.ravel(), W, permutations=permutations, seed=seed)
    return np.minimum(2.0 * sims.p_sim, 1.0).reshape(x.shape)


def shuffle_steps(counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A cube of counts with the cases' time steps shuffled across cases: every location keeps its
    total and every step its total (a random table with both margins fixed)."""
    counts = np.asarray(counts)
    n_loc, n_times = counts.shape
    flat = counts.ravel().astype(np.int64)
    location = np.repeat(np.arange(n_loc), counts.sum(axis=1).astype(np.int64))
    steps = np.repeat(np.tile(np.arange(n_times), n_loc), flat)
    shuffled = rng.permutation(steps)
    return np.bincount(location * n_times + shuffled, minlength=n_loc * n_times).reshape(n_loc, n_times)


def _final_means(z: np.ndarray, runs: np.ndarray) -> np.ndarray:
    """Mean of each row's last ``runs[i]`` values (NaN where ``runs[i]`` is 0, or one of them is NaN),
    from cumulative sums taken from the right."""
    runs = np.asarray(runs, dtype=np.int64)
    from_the_right = np.cumsum(z[:, ::-1], axis=1)
    out = np.full(len(runs), np.nan)
    some = np.flatnonzero(runs > 0)
    out[some] = from_the_right[some, runs[some] - 1] / runs[some]
    return out


def _strength(codes: np.ndarray, z: np.ndarray, trend_z: np.ndarray, runs: np.ndarray) -> np.ndarray:
    """The strength of each location's claimed temporal pattern (module notes); NaN for no claim."""
    kind, cold = codes % 8, (codes >= 8) & (codes < 16)
    sign = np.where(cold, -1.0, 1.0)
    recent = _final_means(z, runs)
    strength = np.full(len(codes), np.nan)
    now = np.isin(kind, (0, 1)) & (codes < 16)  # new, consecutive: the final run
    strength[now] = sign[now] * recent[now]
    strength[kind == 2] = sign[kind == 2] * trend_z[kind == 2]  # intensifying: Z up (hot), down (cold)
    strength[kind == 4] = -sign[kind == 4] * trend_z[kind == 4]  # diminishing: the reverse
    strength[codes >= 16] = np.nan
    return strength


def temporal_p(
    codes: np.ndarray,
    runs: np.ndarray,
    z: np.ndarray,
    trend_z: np.ndarray,
    counts: np.ndarray,
    series: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    *,
    shuffles: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Monte Carlo p-value of each location's claimed temporal pattern under shuffled time steps.

    Parameters
    ----------
    codes
        Category codes (:data:`~governance_analytics.cases.emerging.CATEGORIES` indices).
    runs
        Length of each location's final run of significant bins of its family (for new and
        consecutive).
    z, trend_z
        The observed Gi* z series and their Mann-Kendall Z.
    counts
        The cube of whole counts the z were computed from.
    series
        Maps a cube of counts to its ``(z, trend_z)``, computed as for the observed cube.
    shuffles, rng
        Number of shuffled cubes, and their random source.

    Returns
    -------
    numpy.ndarray
        ``(1 + #{shuffles as strong}) / (shuffles + 1)`` for a trend category, NaN otherwise.
    """
    if not np.allclose(counts, np.round(counts)) or (counts < 0).any():
        raise ValueError("the temporal test shuffles cases between time steps: it needs whole counts")
    observed = _strength(codes, z, trend_z, runs)
    claimed = np.isfinite(observed)
    as_strong = np.zeros(len(codes))
    for _ in range(shuffles):
        null_z, null_trend = series(shuffle_steps(np.round(counts), rng))
        as_strong += _strength(codes, null_z, null_trend, runs) >= observed - 1e-12
    return np.where(claimed, (1.0 + as_strong) / (shuffles + 1.0), np.nan)
