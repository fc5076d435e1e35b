"""Smooth functions of estimated totals and their design covariance (the delta method / linearisation).

A statistic :math:`\\theta = g(T)` of the estimated totals :math:`T_j = \\sum_i w_i y_{ij}` has, by
Taylor linearisation (Woodruff 1971; Binder 1983), the influence values

.. math::

    z_{ik} = \\sum_j w_i y_{ij} \\, \\frac{\\partial g_k}{\\partial T_j}\\Big|_{\\hat T},

whose estimated total's design variance is that of :math:`\\hat\\theta`: R ``survey``'s
``svycontrast(svytotal(...), expression)``. Domain means (:math:`T_{y,D}/T_{1,D}`), ratios among a
subpopulation and the entropy of channel shares are all of this form. Replicate designs evaluate
:math:`g` at every replicate's totals instead. Also: a copy of a design with extra columns, and
t intervals with logit (proportions) or identity scale.

References: Woodruff, R. S. (1971) "A simple method for approximating the variance of a complicated
estimate", *JASA* 66, 411–414; Binder, D. A. (1983) *International Statistical Review* 51, 279–292.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from governance_analytics.participation._estimation import DesignEstimators
from governance_analytics.participation._intervals import proportion_interval, wald

__all__ = ["function_of_totals", "interval", "with_columns"]

#: g(T) for a matrix of totals (r, m) -> (r, k); its Jacobian at one vector of totals (m,) -> (m, k).
Value = Callable[[np.ndarray], np.ndarray]
Gradient = Callable[[np.ndarray], np.ndarray]


def function_of_totals(
    design: DesignEstimators,
    y: np.ndarray,
    *,
    value: Value,
    gradient: Gradient,
    present: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Estimate and design covariance of :math:`g(\\hat T)`, :math:`\\hat T = \\sum_i w_i y_i`.

    Parameters
    ----------
    design
        A linearised or replicate design.
    y
        ``(n, m)`` values whose weighted totals are the arguments of ``g``; zero outside the
        (sub)population.
    value, gradient
        :math:`g` applied to each row of an ``(r, m)`` matrix of totals, and its ``(m, k)`` Jacobian.
    present
        Rows of the subpopulation (strata without one are skipped, R's ``subset``).
    """
    y = np.asarray(y, dtype=float)
    w = design.weights

    def theta(W: np.ndarray) -> np.ndarray:
        return np.asarray(value(W.T @ y), dtype=float)

    def influence(est: np.ndarray) -> np.ndarray:
        return (w[:, None] * y) @ np.asarray(gradient(w @ y), dtype=float)

    return design._estimate(theta, influence, np.asarray(present, dtype=bool))


def interval(estimate: float, variance: float, *, proportion: bool, alpha: float, df: float) -> tuple[float, float]:
    """t interval: on the logit scale (R ``svyciprop(method="xlogit")``) for a proportion strictly
    between 0 and 1, else :math:`\\hat\\theta \\pm t\\,se`."""
    if proportion and 0 < estimate < 1:
        return proportion_interval(estimate, variance, method="xlogit", alpha=alpha, df=df, n_rows=0)
    se = float(np.sqrt(variance)) if variance >= 0 else float("nan")
    return wald(estimate, se, alpha=alpha, df=df)


def with_columns(design: DesignEstimators, columns: Mapping[str, np.ndarray | pd.Series]) -> DesignEstimators:
    """A shallow copy of ``design`` whose data carry extra (or replaced) columns, one value per row in the
    design's row order. The design itself is not modified; weights, strata and clusters are shared."""
    out = copy.copy(design)
    values = {k: (v.to_numpy() if isinstance(v, pd.Series) else np.asarray(v)) for k, v in columns.items()}
    for name, v in values.items():
        if len(v) != len(design.data):
            raise ValueError(f"column {name!r} has {len(v)} values for {len(design.data)} rows")
    out.data = design.data.assign(**values)
    return out
