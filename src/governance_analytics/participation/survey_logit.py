"""Design-weighted logistic regression with design-based standard errors (R ``svyglm``, quasibinomial).

The coefficients solve the weighted score equations

.. math::

    U(\\beta) = \\sum_i w_i x_i (y_i - \\mu_i) = 0, \\qquad \\mu_i = \\operatorname{expit}(x_i^T\\beta),

(pseudo-maximum likelihood; Binder 1983), found by Newton–Raphson / IRLS. For a linearised design
the covariance is the sandwich

.. math::

    \\hat V(\\hat\\beta) = A^{-1} \\, \\hat V_{design}\\Big(\\sum_i w_i x_i (y_i - \\hat\\mu_i)\\Big) A^{-1},
    \\qquad A = \\sum_i w_i \\hat\\mu_i (1-\\hat\\mu_i) x_i x_i^T,

the design variance of the estimated total of the score contributions taken over PSUs within strata
(so the influence values are :math:`w_i (y_i - \\hat\\mu_i) x_i^T A^{-1}`). For replicate designs each
replicate's weights are refitted. Rows with a missing model variable are left out of the fit but stay
in the design (R's ``svyglm`` subsets the design, not the data). The residual degrees of freedom are
R's: design df + 1 − number of coefficients; t intervals and tests use them unless ``df`` is given
(R ``confint.svyglm``'s default, ``ddf = df.residual``).

References: Binder, D. A. (1983) "On the variances of asymptotically normal estimators from complex
surveys", *International Statistical Review* 51, 279–292; Lumley, T. & Scott, A. (2017) "Fitting
regression models to survey data", *Statistical Science* 32, 265–278; R ``survey`` 4.1 ``svyglm``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from governance_analytics.participation._intervals import quantile

__all__ = ["DesignLogit", "fit_logit"]


class Design(Protocol):
    """What the fit needs of a design: its data and weights, and its variance of a statistic given
    as ``theta(W)`` with its influence functions (the estimators of
    ``participation._estimation.DesignEstimators``, which every design has)."""

    data: pd.DataFrame
    weights: np.ndarray

    def _estimate(self, theta: Callable, influence: Callable, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]: ...

    def _model_df(self, rows: np.ndarray) -> float: ...


@dataclass(frozen=True)
class DesignLogit:
    """A fitted design-based logistic regression.

    Attributes
    ----------
    formula : str
        Patsy formula (``y ~ C(hukou, Treatment("local")) + x``); the response is 0/1 or boolean.
    coefficients : DataFrame
        Index ``term`` (patsy names, e.g. ``C(hukou, Treatment('local'))[T.migrant]``); columns
        ``estimate`` (log odds ratio), ``se``, ``t``, ``p_value``, ``ci_low``, ``ci_high``,
        ``odds_ratio``, ``or_ci_low``, ``or_ci_high``.
    vcov : DataFrame
        Design-based covariance of the coefficients.
    df_residual : float
        Design df + 1 − number of coefficients (R ``svyglm``'s ``df.residual``).
    df : float
        Degrees of freedom used for the intervals and tests.
    n_obs : int
        Rows in the fit.
    alpha : float
    converged : bool
    """

    formula: str
    coefficients: pd.DataFrame
    vcov: pd.DataFrame
    df_residual: float
    df: float
    n_obs: int
    alpha: float
    converged: bool


def fit_logit(design: Design, formula: str, *, alpha: float = 0.05, df: float | None = None) -> DesignLogit:
    """Fit ``formula`` by design-weighted logistic regression (module docstring).

    Parameters
    ----------
    design
        A :class:`~governance_analytics.participation.survey_design.SurveyDesign` or
        :class:`~governance_analytics.participation.replicate_design.ReplicateDesign`.
    formula
        Patsy formula; categorical terms as ``C(col, Treatment("reference"))``.
    alpha
        Intervals are :math:`1-\\alpha`.
    df
        Degrees of freedom for the t quantiles and p-values; default the residual df.
    """
    y, X, names, kept = _model_frame(design.data, formula)
    n, p = len(design.data), X.shape[1]
    state: dict[str, object] = {"start": np.zeros(p), "converged": True}

    def theta(W: np.ndarray) -> np.ndarray:
        out = np.empty((W.shape[1], p))
        for j in range(W.shape[1]):
            out[j], ok = _newton(X, y, W[kept, j], np.asarray(state["start"]))
            if j == 0 and W.shape[1] == 1:
                state["start"], state["converged"] = out[j], ok
        return out

    def influence(beta: np.ndarray) -> np.ndarray:
        w = design.weights[kept]
        mu = expit(X @ beta)
        bread = (X * (w * mu * (1 - mu))[:, None]).T @ X
        z = np.zeros((n, p))
        z[kept] = (X * (w * (y - mu))[:, None]) @ np.linalg.inv(bread)
        return z

    present = np.zeros(n, dtype=bool)
    present[kept] = True
    beta, cov = design._estimate(theta, influence, present)
    df_residual = float(design._model_df(present)) + 1 - p
    dfu = df_residual if df is None else float(df)
    se = np.sqrt(np.diag(cov))
    q = quantile(alpha, dfu)
    t = beta / se
    with np.errstate(invalid="ignore"):
        p_value = (
            2 * (stats.norm.sf(np.abs(t)) if np.isinf(dfu) else stats.t.sf(np.abs(t), dfu))
            if dfu > 0
            else np.full(p, np.nan)
        )
    table = pd.DataFrame(
        {"estimate": beta, "se": se, "t": t, "p_value": p_value, "ci_low": beta - q * se, "ci_high": beta + q * se},
        index=pd.Index(names, name="term"),
    )
    table["odds_ratio"] = np.exp(table["estimate"])
    table["or_ci_low"] = np.exp(table["ci_low"])
    table["or_ci_high"] = np.exp(table["ci_high"])
    if not state["converged"]:
        warnings.warn("the logistic fit did not converge (separation?)", RuntimeWarning, stacklevel=3)
    return DesignLogit(
        formula=formula,
        coefficients=table,
        vcov=pd.DataFrame(cov, index=names, columns=names),
        df_residual=df_residual,
        df=dfu,
        n_obs=len(kept),
        alpha=alpha,
        converged=bool(state["converged"]),
    )


def _model_frame(data: pd.DataFrame, formula: str) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """Response, design matrix, term names and kept row positions (rows with missing values dropped)."""
    from patsy import PatsyError, dmatrices

    try:
        response, X = dmatrices(formula, data, NA_action="drop", return_type="dataframe")
    except PatsyError as err:
        raise ValueError(f"cannot build the model from formula {formula!r}: {err}") from err
    if response.shape[1] == 2 and str(response.columns[1]).endswith("[True]"):
        response = response.iloc[:, [1]]  # a boolean response: model P(True)
    if response.shape[1] != 1:
        raise ValueError(f"the response of {formula!r} must be 0/1 or boolean, got columns {list(response.columns)}")
    y = response.iloc[:, 0].to_numpy(float)
    if ((y < 0) | (y > 1)).any():
        raise ValueError(f"the response of {formula!r} must lie in [0, 1] (0/1 outcomes)")
    matrix = X.to_numpy(float)
    if np.linalg.matrix_rank(matrix) < matrix.shape[1]:
        raise ValueError(f"the design matrix of {formula!r} is rank deficient (aliased terms or an empty level)")
    return y, matrix, list(X.columns), X.index.to_numpy()


def _newton(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, start: np.ndarray, *, tol: float = 1e-11, max_iter: int = 100
) -> tuple[np.ndarray, bool]:
    """Weighted logistic regression by Newton–Raphson with step halving; returns (beta, converged)."""
    scale = w.mean()
    w = w / scale if scale > 0 else w

    def deviance(beta: np.ndarray) -> float:
        eta = X @ beta
        return float(-2 * np.sum(w * (y * eta - np.logaddexp(0.0, eta))))

    beta = start.astype(float).copy()
    dev = deviance(beta)
    for _ in range(max_iter):
        mu = expit(X @ beta)
        grad = X.T @ (w * (y - mu))
        hess = (X * (w * mu * (1 - mu))[:, None]).T @ X
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            return beta, False
        t = 1.0
        while True:
            new = beta + t * step
            new_dev = deviance(new)
            if new_dev <= dev + 1e-12 * abs(dev) or t < 1e-6:
                break
            t /= 2
        beta, dev = new, new_dev
        if np.max(np.abs(t * step)) < tol * (1 + np.max(np.abs(beta))):
            return beta, True
    return beta, False
