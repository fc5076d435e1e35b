"""Aggregation of normalised scores into dimension scores and an index.

With scores :math:`I_{q}` and weights :math:`w_q` (OECD/JRC Handbook 2008, step 6):

``arithmetic``
    :math:`CI = \\sum_q w_q I_q / \\sum_q w_q` — fully compensatory: a deficit in one indicator is
    offset by a surplus in another at the rate :math:`w_q/w_r`.
``geometric``
    :math:`CI = \\prod_q I_q^{\\,w_q / \\sum_r w_r}` — partially compensatory: the marginal utility of
    a score is higher when it is low, so a unit with unbalanced scores is rewarded less; needs
    :math:`I_q \\ge 0` (a zero gives zero).

Missing scores are left out and the weights of the others rescaled to sum to 1 (available-case
aggregation, COINr ``a_amean``/``a_gmean``); a unit with no score at all gets NaN.

References: OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, step 6 and Part 2
(additive and geometric aggregation);
COINr ``R/aggregate.R``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["METHODS", "aggregate", "arithmetic_mean", "by_group", "geometric_mean"]

METHODS = ("arithmetic", "geometric")


def _inputs(scores: ArrayLike, weights: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s = np.atleast_2d(np.asarray(scores, dtype=float))
    w = np.asarray(weights, dtype=float)
    if w.ndim == 1:
        w = np.broadcast_to(w, s.shape)
    if w.shape != s.shape:
        raise ValueError(f"weights of shape {w.shape} do not match scores of shape {s.shape}")
    if np.any(w < 0) or not np.isfinite(w).all():
        raise ValueError("weights must be finite and non-negative")
    present = ~np.isnan(s)
    total = np.where(present, w, 0.0).sum(axis=1)
    return s, np.where(present, w, 0.0), total


def arithmetic_mean(scores: ArrayLike, weights: ArrayLike) -> np.ndarray:
    """Weighted arithmetic mean of each row of ``scores`` (units × indicators).

    ``weights`` is one weight per column or one per cell (e.g. benefit-of-the-doubt weights).
    """
    s, w, total = _inputs(scores, weights)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, np.nansum(s * w, axis=1) / np.where(total > 0, total, 1.0), np.nan)


def geometric_mean(scores: ArrayLike, weights: ArrayLike) -> np.ndarray:
    """Weighted geometric mean of each row of ``scores``.

    Raises
    ------
    ValueError
        If a score is negative.
    """
    s, w, total = _inputs(scores, weights)
    if np.any(s < 0):
        raise ValueError(
            "geometric aggregation needs non-negative scores; use a positive scale "
            "(e.g. min-max on [1, 100]) or arithmetic aggregation"
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        logs = np.where(w > 0, np.log(np.where(np.isnan(s), 1.0, s)), 0.0)
        value = np.exp((w * logs).sum(axis=1) / np.where(total > 0, total, 1.0))
    return np.where(total > 0, value, np.nan)


def aggregate(scores: ArrayLike, weights: ArrayLike, *, method: str = "arithmetic") -> np.ndarray:
    """Aggregate rows by ``method`` (one of :data:`METHODS`)."""
    if method == "arithmetic":
        return arithmetic_mean(scores, weights)
    if method == "geometric":
        return geometric_mean(scores, weights)
    raise ValueError(f"aggregate must be one of {METHODS}, got {method!r}")


def by_group(
    scores: ArrayLike, weights: ArrayLike, groups: ArrayLike, *, n_groups: int, method: str = "arithmetic"
) -> np.ndarray:
    """Aggregate the columns of ``scores`` within groups (e.g. indicators within dimensions).

    Parameters
    ----------
    scores
        Units × indicators.
    weights
        One weight per indicator (or per cell), used within each group.
    groups
        The group (0 … ``n_groups`` − 1) of each indicator.

    Returns
    -------
    numpy.ndarray
        Units × groups.
    """
    s = np.atleast_2d(np.asarray(scores, dtype=float))
    w = np.broadcast_to(np.asarray(weights, dtype=float), s.shape)
    g = np.asarray(groups)
    out = np.empty((s.shape[0], n_groups))
    for k in range(n_groups):
        cols = g == k
        out[:, k] = aggregate(s[:, cols], w[:, cols], method=method)
    return out
