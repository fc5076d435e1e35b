"""The Mann-Kendall trend test, vectorised over many series, with Hamed & Rao's correction for
serial correlation — the trend step of emerging hot spot analysis
(:func:`governance_analytics.cases.emerging.emerging_hot_spots`).

References
----------
Mann, H. B. (1945). Nonparametric tests against trend. Econometrica 13(3), 245–259.
Kendall, M. G. (1975). *Rank Correlation Methods*, 4th ed. London: Griffin.
Hipel, K. W., McLeod, A. I. (1994). *Time Series Modelling of Water Resources and Environmental
Systems*, ch. 23. Amsterdam: Elsevier.
Hamed, K. H., Rao, A. R. (1998). A modified Mann-Kendall trend test for autocorrelated data.
Journal of Hydrology 204, 182–196.
Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau. JASA 63, 1379–1389.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

__all__ = ["mann_kendall"]


def mann_kendall(
    series: np.ndarray, *, correction: str | None = None, alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mann-Kendall trend test of every row of ``series``, vectorised.

    For a series :math:`y_1, \\dots, y_n`:

    .. math::

        S = \\sum_{a < b} \\operatorname{sgn}(y_b - y_a), \\qquad
        \\operatorname{Var}(S) = \\frac{n(n-1)(2n+5) - \\sum_g t_g(t_g-1)(2t_g+5)}{18},

        Z = \\frac{S - \\operatorname{sgn}(S)}{\\sqrt{\\operatorname{Var}(S)}}, \\qquad
        p = 2\\,(1 - \\Phi(|Z|)),

    where :math:`t_g` is the size of the :math:`g`-th group of tied values (Kendall 1975), and
    :math:`Z` is continuity-corrected (Hipel & McLeod 1994). Kendall's :math:`\\tau_a = S / (n(n-1)/2)`.
    A row whose values are all tied has :math:`\\operatorname{Var}(S) = 0`: :math:`Z = 0`, :math:`p = 1`.
    A row holding NaN gets NaN throughout.

    With ``correction="hamed_rao"`` the variance allows for serial correlation (Hamed & Rao 1998),
    as a Gi* z series of a cube with a time window has by construction: the series is detrended by
    its Sen slope, the autocorrelations :math:`\\rho_k` of the detrended series' ranks are computed
    (denominator :math:`n` at every lag), those outside :math:`\\pm z_{1-\\alpha/2} / \\sqrt n` are
    kept, and

    .. math::

        \\operatorname{Var}^*(S) = \\operatorname{Var}(S) \\left(1 + \\frac{2}{n(n-1)(n-2)}
        \\sum_{k \\text{ significant}} (n-k)(n-k-1)(n-k-2)\\, \\rho_k\\right).

    Positive serial correlation widens the variance, so fewer trends are called significant. The
    result equals ``pymannkendall.hamed_rao_modification_test(y, alpha)``.

    Parameters
    ----------
    series
        ``(n_series, n)`` array, one series per row in time order (a 1-D array is one series).
    correction
        ``None`` (the original test) or ``"hamed_rao"``.
    alpha
        Significance level of the autocorrelations kept by the Hamed–Rao correction.

    Returns
    -------
    s, z, p : numpy.ndarray
        Per row: the S statistic (float, integral), the continuity-corrected Z and the two-sided
        p-value; shape ``series.shape[:-1]``.

    References
    ----------
    Hamed, K. H., Rao, A. R. (1998). A modified Mann-Kendall trend test for autocorrelated data.
    Journal of Hydrology 204, 182–196.
    """
    if correction not in (None, "hamed_rao"):
        raise ValueError(f"correction must be None or 'hamed_rao', got {correction!r}")
    y = np.asarray(series, dtype=float)
    shape = y.shape[:-1]
    y = y.reshape(-1, y.shape[-1]) if y.ndim != 2 else y
    m, n = y.shape
    s = np.zeros(m)
    tied = np.zeros((m, n))  # other values equal to y[:, a]
    for lag in range(1, n):
        d = y[:, lag:] - y[:, :-lag]
        s += np.sign(d).sum(axis=1)
        eq = d == 0
        tied[:, lag:] += eq
        tied[:, :-lag] += eq
    # Σ_g t(t−1)(2t+5) = Σ over values of (t−1)(2t+5), with t − 1 = `tied`
    var = (n * (n - 1) * (2 * n + 5) - (tied * (2 * tied + 7)).sum(axis=1)) / 18.0
    if correction == "hamed_rao":
        var = var * _hamed_rao_factor(y, alpha)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(var > 0, (s - np.sign(s)) / np.sqrt(np.where(var > 0, var, 1.0)), 0.0)
    z = np.where(np.isnan(s), np.nan, z)
    p = 2.0 * ndtr(-np.abs(z))
    return s.reshape(shape), z.reshape(shape), p.reshape(shape)


def _sen_slopes(y: np.ndarray) -> np.ndarray:
    """Theil–Sen slope of each row: the median of ``(y_b − y_a) / (b − a)`` over all pairs a < b."""
    n = y.shape[1]
    a, b = np.triu_indices(n, k=1)
    return np.median((y[:, b] - y[:, a]) / (b - a), axis=1)


def _hamed_rao_factor(y: np.ndarray, alpha: float) -> np.ndarray:
    """Hamed & Rao's variance factor :math:`n / n^*` of each row (see :func:`mann_kendall`)."""
    from scipy.special import ndtri
    from scipy.stats import rankdata

    m, n = y.shape
    factor = np.ones(m)
    if n < 3:
        return factor
    for start in range(0, m, 20_000):  # blocks: the pairwise slopes of a row are n(n-1)/2 numbers
        block = y[start : start + 20_000]
        detrended = block - np.arange(1, n + 1) * _sen_slopes(block)[:, None]
        ranks = rankdata(detrended, axis=1)
        centred = ranks - ranks.mean(axis=1, keepdims=True)
        acov0 = (centred * centred).sum(axis=1) / n
        bound = ndtri(1 - alpha / 2) / np.sqrt(n)
        total = np.zeros(len(block))
        for lag in range(1, n):
            with np.errstate(invalid="ignore", divide="ignore"):
                rho = (centred[:, lag:] * centred[:, :-lag]).sum(axis=1) / n / acov0
            keep = np.abs(rho) > bound  # a constant row (NaN) keeps nothing
            total += np.where(keep, (n - lag) * (n - lag - 1) * (n - lag - 2) * rho, 0.0)
        factor[start : start + len(block)] = 1 + 2 / (n * (n - 1) * (n - 2)) * total
    return factor
