"""Data treatment before normalisation: skewness and kurtosis, the winsorising rule, imputation.

Outliers (here: entry errors such as a share typed as a percentage) would dominate a min-max or
z-score normalisation. The rule is COINr's default (``Treat()``, after the JRC's practice in its
audits): an indicator *fails* when its absolute skewness is at least ``skew_threshold`` (2) **and** its
kurtosis is at least ``kurtosis_threshold`` (3.5); while it fails, the most extreme value(s) on the
side of the skew are replaced by the next value in from that side, up to ``max_points`` (5) points.

Skewness and kurtosis are the sample statistics of type 2 (Joanes & Gill 1998; Excel ``SKEW``/``KURT``,
R ``e1071::skewness(type = 2)``/``kurtosis(type = 2)``, COINr ``skew()``/``kurt()``):

.. math::

    G_1 = \\frac{\\sqrt{n(n-1)}}{n-2}\\, \\frac{m_3}{m_2^{3/2}}, \\qquad
    G_2 = \\frac{n-1}{(n-2)(n-3)} \\left[(n+1)\\left(\\frac{m_4}{m_2^2} - 3\\right) + 6\\right],

with :math:`m_r = \\frac1n\\sum_i (x_i - \\bar x)^r`; :math:`G_2` is *excess* kurtosis (0 for a normal).

Two guards keep the rule from destroying an indicator, where COINr would go on: a tie group at the
extreme that would take the count past ``max_points`` is left alone, and indicators with at most two
distinct values (0/1 indicators) are never winsorised. COINr's second stage (a log transform when
winsorising to ``max_points`` does not pass) is not applied; the report says whether the rule passes.

References: OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, steps 3 and 5; Joanes, D. N.
and Gill, C. A. (1998) *The Statistician* 47, 183–189; COINr ``R/treat.R`` (``winsorise``,
``check_SkewKurt``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["WinsorResult", "fails_rule", "imputation_values", "kurtosis", "skewness", "winsorise"]


def _sample(values: ArrayLike, minimum: int) -> np.ndarray | None:
    """Non-missing values, or None when fewer than ``minimum`` (the statistic is undefined)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    return x if x.size >= minimum else None


def _central_moments(x: np.ndarray) -> tuple[float, float, float]:
    """:math:`m_2, m_3, m_4` of ``x`` about its mean."""
    d = x - x.mean()
    d2 = d * d
    return float(d2.mean()), float((d2 * d).mean()), float((d2 * d2).mean())


def _constant(x: np.ndarray, m2: float) -> bool:
    """Whether ``x`` is constant up to rounding: its variance below what the resolution of a float
    at its mean can tell (scipy's rule for returning no skewness), or no range at all."""
    return bool(np.ptp(x) == 0 or m2 <= (np.finfo(float).resolution * abs(float(x.mean()))) ** 2)


def skewness(values: ArrayLike) -> float:
    """Sample skewness :math:`G_1` (type 2; equal to ``scipy.stats.skew(bias=False)``, computed here
    from the formula in numpy: the indicator rule calls it thousands of times) of the non-missing
    values; NaN with fewer than 3, 0 for constant values (up to rounding)."""
    x = _sample(values, 3)
    if x is None:
        return float("nan")
    n = x.size
    m2, m3, _ = _central_moments(x)
    if _constant(x, m2):
        return 0.0
    return float(np.sqrt(n * (n - 1)) / (n - 2) * m3 / m2**1.5)


def kurtosis(values: ArrayLike) -> float:
    """Sample excess kurtosis :math:`G_2` (type 2; equal to ``scipy.stats.kurtosis(bias=False)``,
    computed from the formula) of the non-missing values; NaN with fewer than 4, 0 for constant values
    (up to rounding)."""
    x = _sample(values, 4)
    if x is None:
        return float("nan")
    n = x.size
    m2, _, m4 = _central_moments(x)
    if _constant(x, m2):
        return 0.0
    return float((n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * (m4 / m2**2 - 3) + 6))


def fails_rule(values: ArrayLike, *, skew_threshold: float = 2.0, kurtosis_threshold: float = 3.5) -> bool:
    """Whether ``|G_1| >= skew_threshold`` and ``G_2 >= kurtosis_threshold`` (COINr ``check_SkewKurt``
    fails); False when either statistic is undefined."""
    g1, g2 = skewness(values), kurtosis(values)
    if np.isnan(g1) or np.isnan(g2):
        return False
    return bool(abs(g1) >= skew_threshold and g2 >= kurtosis_threshold)


@dataclass(frozen=True)
class WinsorResult:
    """Outcome of :func:`winsorise` for one indicator.

    ``values`` are the treated values; ``low``/``high`` flag the points replaced at each end;
    ``lower``/``upper`` the bounds (``-inf``/``inf`` where that end was not treated), to be applied to
    other years; ``skew_before``/``kurtosis_before`` and ``skew_after``/``kurtosis_after`` the
    statistics; ``failed`` whether the rule flagged the indicator at all; ``passes`` whether it
    passes after treatment.
    """

    values: np.ndarray
    low: np.ndarray
    high: np.ndarray
    lower: float
    upper: float
    skew_before: float
    kurtosis_before: float
    skew_after: float
    kurtosis_after: float
    failed: bool
    passes: bool

    @property
    def n_treated(self) -> int:
        """Number of points replaced."""
        return int(self.low.sum() + self.high.sum())


def winsorise(
    values: ArrayLike,
    *,
    max_points: int = 5,
    skew_threshold: float = 2.0,
    kurtosis_threshold: float = 3.5,
    bounds: tuple[float, float] = (-np.inf, np.inf),
) -> WinsorResult:
    """Winsorise one indicator by COINr's skewness–kurtosis rule (module docstring).

    Parameters
    ----------
    values
        The indicator's values; NaN stay NaN and are ignored.
    max_points
        Most points replaced in all (``winmax``).
    skew_threshold, kurtosis_threshold
        The rule: treat while ``|G_1| >= skew_threshold`` and ``G_2 >= kurtosis_threshold``.
    bounds
        Bounds learned on a reference year: values outside are first clipped to them (counting toward
        ``max_points``); the rule then goes on from there. Default: none.

    Returns
    -------
    WinsorResult
        Treated values, flags, bounds and the statistics before and after.
    """
    x = np.array(values, dtype=float)
    ok = ~np.isnan(x)
    lower, upper = float(bounds[0]), float(bounds[1])
    g1, g2 = skewness(x), kurtosis(x)
    failed = fails_rule(x, skew_threshold=skew_threshold, kurtosis_threshold=kurtosis_threshold)
    low = ok & (x < lower)
    high = ok & (x > upper)
    x = np.where(low, lower, np.where(high, upper, x))
    binary = np.unique(x[ok]).size <= 2
    while not binary and fails_rule(x, skew_threshold=skew_threshold, kurtosis_threshold=kurtosis_threshold):
        treated = low | high
        upward = skewness(x) >= 0
        extreme = np.nanmax(x) if upward else np.nanmin(x)
        group = ok & (x == extreme)
        rest = x[ok & ~group]
        if rest.size == 0 or int((treated | group).sum()) > max_points:
            break
        replacement = float(rest.max() if upward else rest.min())
        x[group] = replacement
        if upward:
            high, upper = high | group, replacement
        else:
            low, lower = low | group, replacement
    return WinsorResult(
        values=x,
        low=low,
        high=high,
        lower=lower,
        upper=upper,
        skew_before=g1,
        kurtosis_before=g2,
        skew_after=skewness(x),
        kurtosis_after=kurtosis(x),
        failed=failed,
        passes=not fails_rule(x, skew_threshold=skew_threshold, kurtosis_threshold=kurtosis_threshold),
    )


def imputation_values(values: np.ndarray, *, method: str) -> np.ndarray:
    """Per-column fill values of a (rows × indicators) array: ``"mean"`` or ``"median"`` of the
    non-missing values (Handbook, step 3, unconditional mean/median substitution).

    Raises
    ------
    ValueError
        For an unknown method or a column with no values.
    """
    if method not in ("mean", "median"):
        raise ValueError(f"impute must be 'mean', 'median' or None, got {method!r}")
    empty = np.isnan(values).all(axis=0)
    if empty.any():
        raise ValueError(f"indicator column(s) {list(np.nonzero(empty)[0])} have no values to impute from")
    return np.nanmean(values, axis=0) if method == "mean" else np.nanmedian(values, axis=0)
