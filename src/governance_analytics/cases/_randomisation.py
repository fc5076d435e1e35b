"""The randomisation null of a spatial lag computed rather than sampled, for whole counts.

Conditional permutation (:mod:`~governance_analytics.cases._permutation`) samples the null of a
unit's lag :math:`L_i = w_i \\sum_{j \\in N_i} y_j`: its :math:`k_i` neighbours' values are drawn at
random from the other units. A pseudo p-value from :math:`B` draws cannot fall below
:math:`1/(B + 1)`, and a false discovery rate over the many bins of a space-time cube needs far
smaller ones: with :math:`m` bins, a pattern of :math:`k` bins is found at FDR :math:`\\alpha` only
when its p-values reach :math:`\\alpha k / m` — for a new hot spot of 27 cells in one of twelve
quarters of 3,000 cells, :math:`4 \\cdot 10^{-5}`.

For whole counts and equal weights within each row (binary or row-standardised weights) the null
can be computed instead. When the :math:`k` values are drawn with replacement from the values of all
:math:`n` units, their sum :math:`S_k` has the :math:`k`-fold convolution of the values' empirical
distribution as its distribution, which the fast Fourier transform gives at once for every
:math:`k`. The two-sided p-value of unit :math:`i` is then

.. math::

    p_i = \\min\\bigl(1,\\; 2 \\min\\{P(S_{k_i} \\ge s_i),\\; P(S_{k_i} \\le s_i)\\}\\bigr),

:math:`s_i = \\sum_{j \\in N_i} y_j`, the folded p of the permutation engine without its floor.
Drawing with replacement from all :math:`n` values instead of without replacement from the other
:math:`n - 1` changes the null's variance by a factor :math:`(n - 1 - k)/(n - 2)` and its mean by
:math:`O(1/n)`: a fraction of a percent for a city's grid of thousands of cells. p-values below
:math:`10^{-14}`, the transform's precision, are reported as :math:`10^{-14}`.

References
----------
Anselin, L. (1995). Local indicators of spatial association — LISA. Geographical Analysis 27(2),
93–115 (conditional randomisation).
Feller, W. (1968). *An Introduction to Probability Theory and Its Applications*, vol. I, 3rd ed.,
ch. XI (sums of independent integer-valued variables: convolution of their distributions).
"""

from __future__ import annotations

import numpy as np
from scipy import fft, sparse

from governance_analytics.cases._permutation import with_data

__all__ = ["P_FLOOR", "randomisation_p"]

#: Smallest p-value reported: the precision of the FFT convolution.
P_FLOOR = 1e-14


def randomisation_p(values, weights: sparse.csr_matrix) -> np.ndarray:
    """Two-sided randomisation p-value of each unit's spatial lag, computed by convolution.

    Parameters
    ----------
    values
        Whole, non-negative counts, one per unit.
    weights
        CSR weights with a zero diagonal and sorted indices (as
        :func:`~governance_analytics.cases._permutation.check_inputs` returns them), with one weight
        within each row.

    Returns
    -------
    numpy.ndarray
        The p-value of each unit (module notes); 1 for a unit without neighbours.

    Raises
    ------
    ValueError
        When the values are not whole non-negative counts, or a row holds unequal weights.
    """
    y = np.asarray(values, dtype=float).ravel()
    if y.size and ((y < 0).any() or not np.array_equal(y, np.round(y))):
        raise ValueError(
            "the computed randomisation null needs whole, non-negative counts; use permutations for other values"
        )
    W = sparse.csr_matrix(weights)
    card = np.diff(W.indptr)
    first = np.repeat(W.data[W.indptr[:-1][card > 0]], card[card > 0])
    if not np.array_equal(first, W.data):
        raise ValueError(
            "the computed randomisation null needs one weight within each row "
            "(binary or row-standardised weights); use permutations for others"
        )
    sums = np.rint(with_data(W, np.ones(W.nnz)) @ y).astype(np.int64)
    counts = y.astype(np.int64)
    pmf = np.bincount(counts) / counts.size if counts.size else np.ones(1)
    p = np.ones(y.size)
    for k in np.unique(card[card > 0]):
        units = np.flatnonzero(card == k)
        lower, upper = _tails(pmf, int(k))
        p[units] = np.minimum(1.0, 2.0 * np.minimum(lower[sums[units]], upper[sums[units]]))
    return np.maximum(p, P_FLOOR)


def _tails(pmf: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``P(S_k ≤ s)`` and ``P(S_k ≥ s)`` for s = 0 … k·max, S_k the sum of k draws from ``pmf``."""
    support = k * (pmf.size - 1) + 1
    size = fft.next_fast_len(support, real=True)
    mass = fft.irfft(fft.rfft(pmf, size) ** k, size)[:support]
    mass = np.clip(mass, 0.0, None)
    mass /= mass.sum()
    return np.cumsum(mass), np.cumsum(mass[::-1])[::-1]
