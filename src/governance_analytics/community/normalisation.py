"""Normalisation of indicators onto a common scale, learned on a reference set and applied to any data.

Every function takes *oriented* values — multiplied by the indicator's direction so that higher is
better (:func:`orient`) — as a vector or a (units × indicators) array, normalised column by column,
and a ``reference`` array (default: the values themselves) whose statistics define the scale. Fitting
on one reference year and applying to later years keeps scores comparable over time; later values
outside the reference range then fall outside the nominal range (a min-max score above 100 means
better than the best reference unit). Missing values stay missing and are ignored in the reference.

With :math:`x` oriented, :math:`R` the reference values of the indicator (OECD/JRC Handbook 2008,
step 5 and Part 2, normalisation):

``minmax``
    :math:`l + (u - l)\\,\\frac{x - \\min R}{\\max R - \\min R}`, default :math:`[l, u] = [0, 100]`.
``zscore``
    :math:`m + s\\,\\frac{x - \\bar R}{\\mathrm{sd}(R)}` with the sample sd (:math:`n-1`), default
    :math:`(m, s) = (0, 1)`; COINr's positive variant for geometric aggregation is :math:`(10, 2)`.
``percentile_rank``
    :math:`100\\,\\frac{\\#\\{r \\in R: r < x\\} + \\tfrac12 \\#\\{r \\in R: r = x\\}}{|R|}`: for a reference
    unit of (average) rank :math:`\\rho` among :math:`n` this is :math:`100(\\rho - \\tfrac12)/n`, the
    Handbook's ranking rescaled to (0, 100) so that other years can be placed on the reference ranks.
``distance_to_target``
    :math:`l + (u - l)\\,\\min\\!\\left(1, \\frac{x - \\min R}{t - \\min R}\\right)`: the share of the way
    from the worst reference unit to the target :math:`t` (oriented), capped once the target is
    reached (COINr ``n_dist2targ`` with ``cap_max = TRUE``).

A problem index reports the mirror image (higher = worse): :func:`reflect` maps a score :math:`s` to
:math:`l + u - s` (``2m - s`` for z-scores), which is the same as normalising the values with the
opposite orientation for every method above except the capped distance to target.

References: OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, step 5; COINr
``R/normalise.R`` (``n_minmax``, ``n_zscore``, ``n_rank``, ``n_dist2targ``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "METHODS",
    "default_scale",
    "distance_to_target",
    "minmax",
    "normalise",
    "orient",
    "percentile_rank",
    "reflect",
    "zscore",
]

METHODS = ("minmax", "zscore", "rank", "target")


def orient(values: ArrayLike, direction: ArrayLike) -> np.ndarray:
    """Values times their direction (+1 higher is better, −1 higher is worse), so higher is better."""
    return np.asarray(values, dtype=float) * np.asarray(direction, dtype=float)


def _pair(values: ArrayLike, reference: ArrayLike | None) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(values, dtype=float)
    r = x if reference is None else np.asarray(reference, dtype=float)
    if r.ndim != x.ndim or (x.ndim == 2 and r.shape[1] != x.shape[1]):
        raise ValueError(f"reference has shape {r.shape}; expected the same columns as values {x.shape}")
    if np.isnan(r).all(axis=0).any():
        raise ValueError("a reference column has no values")
    return x, r


def minmax(
    values: ArrayLike, *, reference: ArrayLike | None = None, scale: tuple[float, float] = (0.0, 100.0)
) -> np.ndarray:
    """Min-max normalisation onto ``scale`` (module docstring); a constant reference column maps to the
    middle of the scale."""
    x, r = _pair(values, reference)
    lo, hi = np.nanmin(r, axis=0), np.nanmax(r, axis=0)
    span = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = np.where(span > 0, (x - lo) / np.where(span > 0, span, 1.0), 0.5)
    return np.where(np.isnan(x), np.nan, scale[0] + (scale[1] - scale[0]) * unit)


def zscore(
    values: ArrayLike, *, reference: ArrayLike | None = None, scale: tuple[float, float] = (0.0, 1.0)
) -> np.ndarray:
    """Standardisation with the reference mean and sample sd, then ``m + s·z`` for ``scale = (m, s)``;
    a constant reference column gives ``m``."""
    x, r = _pair(values, reference)
    mean = np.nanmean(r, axis=0)
    sd = np.nanstd(r, axis=0, ddof=1)
    z = np.where(sd > 0, (x - mean) / np.where(sd > 0, sd, 1.0), 0.0)
    return np.where(np.isnan(x), np.nan, scale[0] + scale[1] * z)


def percentile_rank(values: ArrayLike, *, reference: ArrayLike | None = None) -> np.ndarray:
    """Mid-rank percentile of each value within the reference column, in (0, 100)."""
    x, r = _pair(values, reference)
    x2, r2 = np.atleast_2d(x.T).T, np.atleast_2d(r.T).T
    out = np.full(x2.shape, np.nan)
    for j in range(x2.shape[1]):
        ref = np.sort(r2[~np.isnan(r2[:, j]), j])
        v = x2[:, j]
        below = np.searchsorted(ref, v, side="left")
        upto = np.searchsorted(ref, v, side="right")
        out[:, j] = np.where(np.isnan(v), np.nan, 100.0 * (below + 0.5 * (upto - below)) / ref.size)
    return out.reshape(x.shape)


def distance_to_target(
    values: ArrayLike,
    target: ArrayLike,
    *,
    reference: ArrayLike | None = None,
    scale: tuple[float, float] = (0.0, 100.0),
    cap: bool = True,
) -> np.ndarray:
    """Distance to target (module docstring); ``target`` oriented like the values, one per column.

    Raises
    ------
    ValueError
        If a target is missing or not above the worst reference value.
    """
    x, r = _pair(values, reference)
    t = np.asarray(target, dtype=float)
    worst = np.nanmin(r, axis=0)
    if np.isnan(t).any() or np.any(t <= worst):
        raise ValueError(
            f"distance to target needs every (oriented) target above the worst reference value; "
            f"targets {np.atleast_1d(t).tolist()}, worst {np.atleast_1d(worst).tolist()}"
        )
    share = (x - worst) / (t - worst)
    if cap:
        share = np.minimum(share, 1.0)
    return np.where(np.isnan(x), np.nan, scale[0] + (scale[1] - scale[0]) * share)


def default_scale(method: str, aggregate: str = "arithmetic") -> tuple[float, float]:
    """The scale used when none is given: ``[0, 100]`` (``[1, 100]`` for geometric aggregation, which
    needs positive scores) for min-max and distance to target; ``(0, 1)`` (``(10, 2)`` for geometric)
    for z-scores; ``(0, 100)`` for ranks. These are COINr's recommended settings (vignette
    ``sensitivity``: ``n_minmax`` on ``c(1, 100)``, ``n_zscore`` with ``c(10, 2)``)."""
    geometric = aggregate == "geometric"
    if method in ("minmax", "target"):
        return (1.0, 100.0) if geometric else (0.0, 100.0)
    if method == "zscore":
        return (10.0, 2.0) if geometric else (0.0, 1.0)
    if method == "rank":
        return (0.0, 100.0)
    raise ValueError(f"normalise must be one of {METHODS}, got {method!r}")


def normalise(
    values: ArrayLike,
    *,
    method: str,
    reference: ArrayLike | None = None,
    scale: tuple[float, float] | None = None,
    target: ArrayLike | None = None,
) -> np.ndarray:
    """Dispatch to the method named ``method`` (one of :data:`METHODS`) with ``scale`` (default
    :func:`default_scale`)."""
    scale = default_scale(method) if scale is None else scale
    if method == "minmax":
        return minmax(values, reference=reference, scale=scale)
    if method == "zscore":
        return zscore(values, reference=reference, scale=scale)
    if method == "rank":
        return percentile_rank(values, reference=reference)
    if method == "target":
        if target is None:
            raise ValueError("normalise='target' needs targets")
        return distance_to_target(values, target, reference=reference, scale=scale)
    raise ValueError(f"normalise must be one of {METHODS}, got {method!r}")


def reflect(scores: ArrayLike, *, method: str, scale: tuple[float, float] | None = None) -> np.ndarray:
    """Mirror scores within their scale so that higher means worse: ``l + u - s`` (``2m - s`` for
    z-scores, ``100 - s`` for ranks)."""
    scale = default_scale(method) if scale is None else scale
    s = np.asarray(scores, dtype=float)
    if method == "zscore":
        return 2.0 * scale[0] - s
    if method == "rank":
        return 100.0 - s
    return scale[0] + scale[1] - s
