"""Confidence intervals: t (or normal) Wald intervals and the proportion intervals of R's ``svyciprop``.

For an estimated proportion :math:`\\hat p` with design variance :math:`v` and :math:`t = t_{d, 1-\\alpha/2}`
(the normal quantile when :math:`d = \\infty`):

=========  ================================================================================================
method     interval
=========  ================================================================================================
``mean``   :math:`\\hat p \\pm t \\sqrt v` (Wald)
``logit``  :math:`\\operatorname{expit}(\\operatorname{logit}\\hat p \\pm t\\, s_\\ell)`, :math:`s_\\ell` the SE of
           the logit (R fits ``svyglm(y ~ 1, family=quasibinomial)``: for a linearised design
           :math:`s_\\ell = \\sqrt v / (\\hat p (1-\\hat p))`; for replicate weights the replicates' logits)
``xlogit`` the same with the delta-method :math:`s_\\ell` for every design
``asin``   :math:`\\sin^2(\\arcsin\\sqrt{\\hat p} \\pm t \\sqrt v / (2 \\sqrt{\\hat p (1-\\hat p)}))`
``beta``   Korn & Graubard (1998): effective size :math:`n^* = \\hat p (1-\\hat p) / v \\cdot
           (t_{n-1, \\alpha/2} / t_{d, \\alpha/2})^2` (:math:`n` sample rows), then the Clopper–Pearson
           limits :math:`B_{\\alpha/2}(n^* \\hat p,\\, n^*(1-\\hat p)+1)` and
           :math:`B_{1-\\alpha/2}(n^* \\hat p + 1,\\, n^*(1-\\hat p))`
=========  ================================================================================================

References: Korn, E. L. & Graubard, B. I. (1998) "Confidence intervals for proportions with small
expected number of positive counts estimated from survey data", *Survey Methodology* 24, 193–201;
R ``survey`` 4.1 ``svyciprop``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats
from scipy.special import expit, logit

__all__ = ["PROPORTION_METHODS", "proportion_interval", "quantile", "wald"]

PROPORTION_METHODS: tuple[str, ...] = ("logit", "beta", "mean", "xlogit", "asin")


def quantile(alpha: float, df: float) -> float:
    """Upper :math:`1-\\alpha/2` quantile of Student's t with ``df`` degrees of freedom (normal if infinite)."""
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha}")
    if df is None or np.isnan(df) or df <= 0:
        return math.nan
    if np.isinf(df):
        return float(stats.norm.ppf(1 - alpha / 2))
    return float(stats.t.ppf(1 - alpha / 2, df))


def wald(estimate: float, se: float, *, alpha: float, df: float) -> tuple[float, float]:
    """:math:`\\hat\\theta \\pm t_{df} \\cdot se`."""
    q = quantile(alpha, df)
    return estimate - q * se, estimate + q * se


def proportion_interval(
    p: float,
    var: float,
    *,
    method: str,
    alpha: float,
    df: float,
    n_rows: int,
    se_logit: float | None = None,
) -> tuple[float, float]:
    """Interval for a proportion by one of :data:`PROPORTION_METHODS` (module docstring table).

    ``se_logit`` is the design SE of :math:`\\operatorname{logit}\\hat p` for ``method="logit"``;
    ``n_rows`` the sample rows of the (sub)population, used by ``"beta"``.
    """
    if method not in PROPORTION_METHODS:
        raise ValueError(f"method must be one of {PROPORTION_METHODS}, got {method!r}")
    se = math.sqrt(var) if var >= 0 else math.nan
    if method == "mean":
        return wald(p, se, alpha=alpha, df=df)
    q = quantile(alpha, df)
    if method in ("logit", "xlogit"):
        s = se_logit if method == "logit" and se_logit is not None else se / (p * (1 - p))
        centre = logit(p)
        return float(expit(centre - q * s)), float(expit(centre + q * s))
    if method == "asin":
        s = se / (2 * math.sqrt(p * (1 - p)))
        centre = math.asin(math.sqrt(p))
        return math.sin(centre - q * s) ** 2, math.sin(centre + q * s) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = p * (1 - p) / var * (stats.t.ppf(alpha / 2, n_rows - 1) / -q) ** 2
    low = 0.0 if p == 0 else float(stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1))
    high = 1.0 if p == 1 else float(stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)))
    return low, high
