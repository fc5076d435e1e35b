"""Weights from the data: principal components, and perturbed weights for uncertainty analysis.

Equal weights and expert budgets come from the framework
(:meth:`~governance_analytics.community.framework.Framework.equal_weights`,
:meth:`~governance_analytics.community.framework.Framework.budget_weights`); benefit-of-the-doubt
weights are per unit (:mod:`~governance_analytics.community.bod`).

``pca_weights``
    Within a dimension of :math:`k` indicators, the eigen decomposition of their correlation matrix
    :math:`R = V \\Lambda V^\\top` gives the first component's loadings :math:`\\ell_i = v_{i1}
    \\sqrt{\\lambda_1}`; the weights are the squared loadings scaled to unity sum,
    :math:`w_i = \\ell_i^2 / \\sum_k \\ell_k^2 = v_{i1}^2` (the Handbook's factor-analysis weighting,
    Nicoletti et al. 2000, with a single unrotated factor: a dimension is meant to measure one
    thing, which :func:`~governance_analytics.community.coherence.dimension_pca` checks). Weights so
    derived reward indicators that move with the others, not importance — state it when reporting.
``noisy_weights``
    COINr's ``get_noisy_weights``: each weight times :math:`1 + u`, :math:`u \\sim U(-f, f)`
    independently, for ``n`` replications.

References: OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, Part 2 (weights from
PCA/factor analysis); Nicoletti,
G., Scarpetta, S. and Boylaud, O. (2000) OECD Economics Department Working Paper 226; Saisana, M.,
Saltelli, A. and Tarantola, S. (2005) *JRSS A* 168, 307–323.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from governance_analytics.community._multivariate import components

__all__ = ["grouped_pca_weights", "noisy_weights", "pca_weights"]


def pca_weights(scores: ArrayLike) -> np.ndarray:
    """First-component weights of the columns of ``scores`` (units × indicators; complete rows used).

    Returns
    -------
    numpy.ndarray
        Non-negative weights summing to 1; a constant column gets 0, a single column 1.
    """
    s = np.atleast_2d(np.asarray(scores, dtype=float))
    if s.shape[1] == 1:
        return np.ones(1)
    return components(s).first_weights


def grouped_pca_weights(scores: ArrayLike, groups: ArrayLike, *, n_groups: int) -> np.ndarray:
    """:func:`pca_weights` within each group of columns (e.g. the indicators of each dimension)."""
    s = np.atleast_2d(np.asarray(scores, dtype=float))
    g = np.asarray(groups)
    out = np.zeros(s.shape[1])
    for k in range(n_groups):
        cols = np.nonzero(g == k)[0]
        out[cols] = pca_weights(s[:, cols])
    return out


def noisy_weights(
    weights: ArrayLike, *, noise: float = 0.25, n: int = 100, seed: int | np.random.Generator | None = 0
) -> np.ndarray:
    """``n`` perturbed copies of ``weights`` (``n × len(weights)``): each times ``1 + U(-noise, noise)``.

    Raises
    ------
    ValueError
        Unless ``0 <= noise < 1``.
    """
    if not 0 <= noise < 1:
        raise ValueError(f"noise must be in [0, 1), got {noise}")
    w = np.asarray(weights, dtype=float)
    rng = np.random.default_rng(seed)
    return w * (1.0 + rng.uniform(-noise, noise, size=(n, *w.shape)))
