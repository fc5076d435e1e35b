"""A survey published with replicate weights (JK1, JKn, bootstrap, BRR, Fay), and its estimates.

:class:`ReplicateDesign` is R ``survey``'s ``svrepdesign``: every statistic is recomputed with each
set of replicate weights and its variance is

.. math::

    \\hat V(\\hat\\theta) = c \\sum_{r=1}^R c_r (\\hat\\theta_r - \\tilde\\theta)^2,

with :math:`\\tilde\\theta` the mean of the replicates (or :math:`\\hat\\theta` itself with
``mse=True``), ``scale`` :math:`c` and ``rscales`` :math:`c_r`. Defaults, as R's ``svrepdesign``:

============  ========================================  ===============
``type``      ``scale``                                 ``rscales``
============  ========================================  ===============
``JK1``       :math:`(R-1)/R`                           1
``JKn``       1                                         required
``bootstrap`` :math:`1/(R-1)`                           1
``BRR``       :math:`1/R`                               1
``Fay``       :math:`1/(R(1-\\rho)^2)`                   1
``other``     1                                         1
============  ========================================  ===============

The design degrees of freedom are the rank of the replicate weights minus one (R ``degf``), for a
domain the rank of its rows' replicate weights. The estimators (``mean``, ``total``, ``ratio``,
``proportion``, ``logit``) are those of
:class:`~governance_analytics.participation.survey_design.SurveyDesign`.

References: Wolter, K. M. (2007) *Introduction to Variance Estimation*, 2nd ed., Springer;
R ``survey`` 4.1 ``svrepdesign``, ``svrVar``; Lumley (2010), §2.4.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from governance_analytics.participation._estimation import DesignEstimators, Influence, Theta

__all__ = ["REPLICATE_TYPES", "ReplicateDesign"]

ReplicateType = Literal["JK1", "JKn", "bootstrap", "BRR", "Fay", "other"]
REPLICATE_TYPES: tuple[str, ...] = ("JK1", "JKn", "bootstrap", "BRR", "Fay", "other")


class ReplicateDesign(DesignEstimators):
    """Survey data with replicate weights (R ``svrepdesign``).

    Parameters
    ----------
    data
        One row per respondent; not modified.
    weight
        Full-sample weight column (or an array of weights).
    replicate_weights
        Replicate weight columns of ``data``, or an ``(n, R)`` array / DataFrame.
    type
        Replication method, which sets the default ``scale`` and ``rscales`` (module table).
    scale, rscales
        Override the defaults; ``rscales`` is required for ``JKn`` (R: :math:`(n_h-1)/n_h`,
        times :math:`1-f_h` with fpc).
    combined_weights
        ``True`` (R's default): replicate columns are the full analysis weights; ``False``: they
        are multipliers of ``weight``.
    fay_rho
        Fay's :math:`\\rho` for ``type="Fay"``.
    mse
        Centre the replicates at the full-sample estimate instead of their mean.

    Attributes
    ----------
    weights : ndarray
        Full-sample weights.
    replicates : ndarray
        Analysis weights of the replicates, ``(n, R)``.
    scale : float
    rscales : ndarray
    df : int
        Rank of the replicate weights minus one (R ``degf``).
    """

    def __init__(
        self,
        data: pd.DataFrame,
        *,
        weight: str | np.ndarray,
        replicate_weights: Sequence[str] | np.ndarray | pd.DataFrame,
        type: ReplicateType = "JK1",
        scale: float | None = None,
        rscales: float | Sequence[float] | np.ndarray | None = None,
        combined_weights: bool = True,
        fay_rho: float | None = None,
        mse: bool = False,
    ) -> None:
        if type not in REPLICATE_TYPES:
            raise ValueError(f"type must be one of {REPLICATE_TYPES}, got {type!r}")
        self.data = data.reset_index(drop=True)
        n = len(self.data)
        self.weights = self._column_or_array(weight, "weight").reshape(-1)
        reps = self._replicate_matrix(replicate_weights)
        if reps.shape[0] != n or self.weights.shape[0] != n:
            raise ValueError(
                f"weights have {self.weights.shape[0]} and replicate weights {reps.shape[0]} rows, data {n}"
            )
        self.replicates = reps if combined_weights else reps * self.weights[:, None]
        n_rep = reps.shape[1]
        self.type = type
        self.scale, self.rscales = _scales(type, n_rep, scale, rscales, fay_rho)
        self.mse = mse
        self.df = self._domain_df(np.ones(n, dtype=bool))

    def _column_or_array(self, value: str | np.ndarray, role: str) -> np.ndarray:
        if isinstance(value, str):
            if value not in self.data.columns:
                raise KeyError(f"{role} column {value!r} is not in the data")
            value = self.data[value]
        out = (
            pd.DataFrame(value).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            if not isinstance(value, np.ndarray)
            else np.asarray(value, dtype=float)
        )
        if not np.isfinite(out).all():
            raise ValueError(f"{role} has missing or infinite values; replicate weights must be complete")
        return out

    def _replicate_matrix(self, replicate_weights: Sequence[str] | np.ndarray | pd.DataFrame) -> np.ndarray:
        if isinstance(replicate_weights, (np.ndarray, pd.DataFrame)):
            matrix = self._column_or_array(np.asarray(replicate_weights, dtype=float), "replicate weights")
        else:
            names = list(replicate_weights)
            missing = [c for c in names if c not in self.data.columns]
            if missing:
                raise KeyError(f"replicate weight columns {missing} are not in the data")
            matrix = self._column_or_array(self.data[names], "replicate weights")
        matrix = matrix[:, None] if matrix.ndim == 1 else matrix
        if matrix.shape[1] < 2:
            raise ValueError("need at least two replicate weights")
        return matrix

    def __repr__(self) -> str:
        return (
            f"ReplicateDesign(n={len(self.data)}, type={self.type!r}, replicates={self.replicates.shape[1]}, "
            f"scale={self.scale:.6g}, df={self.df}, mse={self.mse})"
        )

    # ------------------------------------------------------------------------------------- hooks
    def _estimate(self, theta: Theta, influence: Influence, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        est = theta(self.weights[:, None])[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            reps = np.asarray(theta(self.replicates), dtype=float)
        return est, replicate_variance(reps, est, scale=self.scale, rscales=self.rscales, mse=self.mse)

    def _domain_df(self, rows: np.ndarray) -> float:
        return float(_rank(self.replicates[rows]) - 1)

    def _model_df(self, rows: np.ndarray) -> float:
        return float(self.df)  # R's svyglm on replicate designs uses the full design's degf


def replicate_variance(
    reps: np.ndarray, estimate: np.ndarray, *, scale: float, rscales: np.ndarray, mse: bool
) -> np.ndarray:
    """:math:`c \\sum_r c_r (\\hat\\theta_r - \\tilde\\theta)(\\hat\\theta_r - \\tilde\\theta)^T` (R ``svrVar``).

    Replicates with a non-finite value are discarded with a warning, as R does.
    """
    reps = reps[:, None] if reps.ndim == 1 else reps
    good = np.isfinite(reps).all(axis=1)
    if not good.all():
        if not good.any():
            raise ValueError("all replicates gave missing results")
        warnings.warn(
            f"{int((~good).sum())} replicates gave NA results and were discarded", RuntimeWarning, stacklevel=3
        )
    reps, rs = reps[good], np.asarray(rscales, dtype=float)[good]
    centre = estimate if mse else reps[rs > 0].mean(axis=0)
    dev = (reps - centre) * np.sqrt(rs)[:, None]
    return scale * (dev.T @ dev)


def _scales(
    type: str,
    n_rep: int,
    scale: float | None,
    rscales: float | Sequence[float] | np.ndarray | None,
    fay_rho: float | None,
) -> tuple[float, np.ndarray]:
    if type == "Fay" and fay_rho is None:
        raise ValueError("type='Fay' needs fay_rho=")
    if type == "JKn" and rscales is None:
        raise ValueError("type='JKn' needs rscales= ((n_h - 1)/n_h for each replicate's stratum)")
    default = {
        "JK1": (n_rep - 1) / n_rep,
        "JKn": 1.0,
        "bootstrap": 1 / (n_rep - 1),
        "BRR": 1 / n_rep,
        "Fay": 1 / (n_rep * (1 - (fay_rho or 0.0)) ** 2),
        "other": 1.0,
    }[type]
    rs = np.ones(n_rep) if rscales is None else np.broadcast_to(np.asarray(rscales, dtype=float), (n_rep,)).copy()
    return float(default if scale is None else scale), rs


def _rank(matrix: np.ndarray, tol: float = 1e-5) -> int:
    """Numerical rank with R ``qr(tol=1e-5)``'s relative criterion (columns scaled to unit length)."""
    if matrix.size == 0:
        return 0
    norms = np.linalg.norm(matrix, axis=0)
    cols = matrix[:, norms > 0] / norms[norms > 0]
    if cols.size == 0:
        return 0
    if cols.shape[0] > cols.shape[1]:  # singular values from the (small) Gram matrix: s = sqrt(eigenvalues)
        s = np.sqrt(np.clip(np.linalg.eigvalsh(cols.T @ cols)[::-1], 0.0, None))
    else:
        s = np.linalg.svd(cols, compute_uv=False)
    return int((s > tol * s[0]).sum())
