"""Multiple testing across the many local tests of a map: Benjamini–Hochberg's false discovery rate,
shared by Gi*, local Moran's I and emerging hot spots.

References
----------
Benjamini, Y., Hochberg, Y. (1995). Controlling the false discovery rate: a practical and powerful
approach to multiple testing. JRSS B 57(1), 289–300.
Caldas de Castro, M., Singer, B. H. (2006). Controlling the false discovery rate: a new application
to account for multiple and dependent tests in local statistics of spatial association.
Geographical Analysis 38(2), 180–208.
Wilks, D. S. (2016). "The stippling shows statistically significant grid points": how research
results are routinely overstated and overinterpreted, and what to do about it. BAMS 97(12),
2263–2273.
"""

from __future__ import annotations

import numpy as np

__all__ = ["fdr"]


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
