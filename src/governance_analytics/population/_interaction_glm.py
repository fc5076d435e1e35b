"""Poisson GLMs of :mod:`governance_analytics.population.interaction`: statsmodels for the
unconstrained gravity model, and the same GLM with origin and/or destination fixed effects *absorbed*
for the constrained ones.

A constrained model has a dummy per origin (and destination): with ``n`` units that is ``n²`` pairs by
``2n`` columns, and statsmodels' IRLS (a dense least-squares solve and an SVD of that matrix) takes
seconds at 50 units, minutes at 100 and runs out of memory at a few hundred. The fixed effects'
columns are indicators, so every block of the information matrix :math:`X^\\top W X` is a weighted
count over pairs — row and column sums of an origin × destination matrix — and the whole
:math:`p \\times p` matrix (:math:`p \\approx 2n`) is built without the design. IRLS then runs exactly as
statsmodels' (same start :math:`\\mu_0 = (y + \\bar y)/2`, same working response), to a tighter
tolerance; the tests check equality with statsmodels on explicit dummies.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
from scipy.special import xlogy

__all__ = ["GLMFit", "poisson_glm"]


class GLMFit(NamedTuple):
    """Structural coefficients of a Poisson GLM, their covariance and the fit's summaries."""

    params: np.ndarray
    cov: np.ndarray
    fitted: np.ndarray
    deviance: float
    null_deviance: float
    pearson_chi2: float
    df_resid: int
    converged: bool


def _deviance(y: np.ndarray, mu: np.ndarray) -> float:
    """Poisson deviance :math:`2 \\sum [y \\log(y/\\mu) - (y - \\mu)]`."""
    return float(2.0 * np.sum(xlogy(y, y) - xlogy(y, mu) - (y - mu)))


def poisson_glm(
    y: np.ndarray,
    Z: np.ndarray,
    *,
    o: np.ndarray,
    d: np.ndarray,
    n_o: int,
    n_d: int,
    origin_effects: bool,
    destination_effects: bool,
    se: str,
    tol: float = 1e-12,
    max_iter: int = 100,
) -> GLMFit:
    """Fit :math:`\\log \\mu = a_{o} + b_{d} + Z c` to counts ``y``; report ``c`` only.

    Without fixed effects ``Z`` must hold the intercept and the fit is statsmodels' GLM. With origin
    effects every origin has one; destination effects drop the first destination when origins have
    theirs (the reference level). Covariance: ``quasi`` — inverse information times Pearson
    :math:`X^2/(n - p)`; ``poisson`` — inverse information; ``robust`` — the HC0 sandwich.
    """
    if not (origin_effects or destination_effects):
        return _statsmodels(y, Z, se=se)
    blocks = _Blocks(o, d, Z, n_o, n_d, origin_effects, destination_effects)
    mu = (y + y.mean()) / 2.0
    eta = np.log(mu)
    dev, converged = _deviance(y, mu), False
    for _ in range(max_iter):
        z = eta + (y - mu) / mu
        theta = _solve(blocks.information(mu), blocks.transpose_times(mu * z))
        eta = blocks.times(theta)
        mu = np.exp(eta)
        new = _deviance(y, mu)
        if abs(new - dev) <= tol * (abs(new) + 0.1):
            dev, converged = new, True
            break
        dev = new
    if not converged:
        warnings.warn("the Poisson GLM did not converge; estimates may be unreliable", RuntimeWarning, stacklevel=3)
    bread = _inverse(blocks.information(mu))
    p = bread.shape[0]
    pearson = float(np.sum((y - mu) ** 2 / mu))
    df_resid = len(y) - p
    if se == "quasi":
        cov = bread * pearson / df_resid
    elif se == "robust":
        cov = bread @ blocks.information((y - mu) ** 2) @ bread
    else:
        cov = bread
    k = Z.shape[1]
    mu_null = np.full_like(y, y.mean())
    return GLMFit(theta[-k:], cov[-k:, -k:], mu, dev, _deviance(y, mu_null), pearson, df_resid, converged)


class _Blocks:
    """The design :math:`X = [\\text{origin dummies}, \\text{destination dummies}, Z]` held implicitly."""

    def __init__(self, o, d, Z, n_o, n_d, origin_effects, destination_effects):
        self.o, self.d, self.Z = o, d, Z
        self.n_o = n_o if origin_effects else 0
        self.first_d = 1 if origin_effects else 0  # reference destination when both sides have effects
        self.n_d = (n_d - self.first_d) if destination_effects else 0
        self.full_d = n_d

    def times(self, theta: np.ndarray) -> np.ndarray:
        """:math:`X \\theta`."""
        eta = self.Z @ theta[self.n_o + self.n_d :]
        if self.n_o:
            eta = eta + theta[: self.n_o][self.o]
        if self.n_d:
            b = np.concatenate([np.zeros(self.first_d), theta[self.n_o : self.n_o + self.n_d]])
            eta = eta + b[self.d]
        return eta

    def transpose_times(self, v: np.ndarray) -> np.ndarray:
        """:math:`X^\\top v`."""
        parts = []
        if self.n_o:
            parts.append(np.bincount(self.o, weights=v, minlength=self.n_o))
        if self.n_d:
            parts.append(np.bincount(self.d, weights=v, minlength=self.full_d)[self.first_d :])
        parts.append(self.Z.T @ v)
        return np.concatenate(parts)

    def information(self, w: np.ndarray) -> np.ndarray:
        """:math:`X^\\top \\operatorname{diag}(w) X`, block by block from weighted counts."""
        k = self.Z.shape[1]
        p = self.n_o + self.n_d + k
        H = np.zeros((p, p))
        wZ = w[:, None] * self.Z
        z0 = self.n_o + self.n_d
        H[z0:, z0:] = self.Z.T @ wZ
        if self.n_o:
            H[np.arange(self.n_o), np.arange(self.n_o)] = np.bincount(self.o, weights=w, minlength=self.n_o)
            oz = np.stack([np.bincount(self.o, weights=wZ[:, j], minlength=self.n_o) for j in range(k)], axis=1)
            H[: self.n_o, z0:], H[z0:, : self.n_o] = oz, oz.T
        if self.n_d:
            s = slice(self.n_o, z0)
            cols = np.bincount(self.d, weights=w, minlength=self.full_d)[self.first_d :]
            H[s, s] = np.diag(cols)
            dz = np.stack(
                [np.bincount(self.d, weights=wZ[:, j], minlength=self.full_d)[self.first_d :] for j in range(k)], axis=1
            )
            H[s, z0:], H[z0:, s] = dz, dz.T
            if self.n_o:
                od = np.zeros((self.n_o, self.full_d))
                np.add.at(od, (self.o, self.d), w)
                H[: self.n_o, s], H[s, : self.n_o] = od[:, self.first_d :], od[:, self.first_d :].T
        return H


def _solve(H: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(H, rhs)
    except np.linalg.LinAlgError as err:
        raise ValueError(
            "the gravity model's parameters are not identified (singular information matrix): "
            "check for units without flows or regressors that do not vary"
        ) from err


def _inverse(H: np.ndarray) -> np.ndarray:
    return _solve(H, np.eye(H.shape[0]))


def _statsmodels(y: np.ndarray, X: np.ndarray, *, se: str) -> GLMFit:
    """statsmodels' Poisson GLM by IRLS: ``scale="X2"`` (quasi), scale 1 (poisson) or ``cov_type="HC0"``."""
    import statsmodels.api as sm

    model = sm.GLM(y, X, family=sm.families.Poisson())
    result = model.fit(scale="X2") if se == "quasi" else model.fit(cov_type="HC0") if se == "robust" else model.fit()
    if not result.converged:
        warnings.warn("the Poisson GLM did not converge; estimates may be unreliable", RuntimeWarning, stacklevel=3)
    return GLMFit(
        np.asarray(result.params),
        np.asarray(result.cov_params()),
        np.asarray(result.fittedvalues, float),
        float(result.deviance),
        float(result.null_deviance),
        float(result.pearson_chi2),
        int(result.df_resid),
        bool(result.converged),
    )
