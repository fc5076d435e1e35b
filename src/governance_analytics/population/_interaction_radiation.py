"""Machinery of :func:`governance_analytics.population.interaction.radiation`: intervening
opportunities and the radiation model's flow probabilities (Simini et al. 2012; Masucci et al. 2013)."""

from __future__ import annotations

import numpy as np

__all__ = ["radiation_probabilities"]


def radiation_probabilities(
    D: np.ndarray, m: np.ndarray, n: np.ndarray, origins: np.ndarray, *, finite_size: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Intervening opportunities :math:`s_{ij}` and probabilities :math:`p_{ij} = T_{ij} / T_i`.

    ``D`` is the square distance matrix, ``m`` and ``n`` the origin and destination masses, ``origins``
    the row positions wanted. :math:`s_{ij} = \\sum_{k \\ne i: d_{ik} < d_{ij}} n_k` (``j`` itself is
    never strictly closer than itself), found per origin by sorting its distances and a cumulative sum.
    Returns two ``len(origins) × len(m)`` arrays, NaN on each origin's own column.
    """
    size = len(m)
    s = np.full((len(origins), size), np.nan)
    p = np.full((len(origins), size), np.nan)
    for row, i in enumerate(origins):
        others = np.flatnonzero(np.arange(size) != i)
        d_i, n_o = D[i, others], n[others]
        order = np.argsort(d_i, kind="stable")
        cum = np.concatenate([[0.0], np.cumsum(n_o[order])])
        s_i = cum[np.searchsorted(d_i[order], d_i, side="left")]
        p_i = m[i] * n_o / ((m[i] + s_i) * (m[i] + n_o + s_i))
        if finite_size:
            p_i = p_i / (1.0 - m[i] / (m[i] + n_o.sum()))
        s[row, others], p[row, others] = s_i, p_i
    return s, p
