"""Benefit-of-the-doubt (BoD) weights: each unit weighted in the way most favourable to itself.

BoD is data envelopment analysis with a single unit input (Cherchye et al. 2007). With normalised,
oriented scores :math:`y_{ci} \\ge 0` (higher is better) and reference units :math:`j`, unit
:math:`c`'s composite is

.. math::

    CI_c = \\max_{w \\ge 0} \\sum_i w_i y_{ci} \\quad \\text{s.t.} \\quad
    \\sum_i w_i y_{ji} \\le 1 \\;\\; \\forall j, \\qquad
    L\\, b_i \\le \\frac{w_i}{\\sum_k w_k} \\le \\min(1, U\\, b_i),

so :math:`0 \\le CI_c \\le 1` for reference units, 1 on the frontier: no weighting of the allowed
kind would put another unit ahead of it. The last constraint bounds each indicator's *relative*
weight around the nominal weights :math:`b` (equal or the expert budget) by the multipliers
``bounds = (L, U)`` (default ``(0.5, 2)``: between half and twice the nominal weight). Without it
(``bounds=None``) a unit best on any single indicator scores 1 whatever the others — the known
weakness that the Handbook's restricted BoD addresses. Bounds on relative weights rather than on
"pie shares" :math:`w_i y_{ci} / \\sum_k w_k y_{ck}` are used because normalised scores can be 0.

The feasible set does not depend on the unit evaluated, so :class:`Frontier` enumerates its vertices
once (``scipy.spatial.HalfspaceIntersection``, with a Chebyshev centre from ``linprog`` as interior
point) and scores any unit — of the reference year or another — as the largest :math:`y_c \\cdot v`
over vertices :math:`v`; ``method="linprog"`` solves one linear programme per unit instead (HiGHS),
and is the fallback when the set is degenerate. Units of later years are scored against the
reference frontier, so their scores can exceed 1.

References: Cherchye, L., Moesen, W., Rogge, N. and Van Puyenbroeck, T. (2007) An introduction to
'benefit of the doubt' composite indicators, *Social Indicators Research* 82, 111–145; OECD/JRC
(2008) *Handbook on Constructing Composite Indicators*, Part 2 (weighting: benefit of the doubt).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import linprog

__all__ = ["BodResult", "Frontier", "benefit_of_the_doubt"]


@dataclass(frozen=True)
class BodResult:
    """Composite scores ``scores`` (units), the optimal multipliers ``weights`` (units × indicators)
    and the relative weights ``relative_weights`` = weights / their row sum."""

    scores: np.ndarray
    weights: np.ndarray

    @property
    def relative_weights(self) -> np.ndarray:
        total = self.weights.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, self.weights / np.where(total > 0, total, 1.0), np.nan)


class Frontier:
    """The BoD feasible set of a reference, ready to score any unit.

    Parameters
    ----------
    reference
        Reference scores (units × indicators), non-negative, no missing values.
    nominal
        Nominal weights (default equal), rescaled to sum to 1.
    bounds
        Multipliers ``(L, U)`` of the nominal weights bounding the relative weights; ``None``: no bounds.
    method
        ``"vertices"`` (enumerate the vertices once) or ``"linprog"`` (one LP per unit).
    """

    def __init__(
        self,
        reference: ArrayLike,
        *,
        nominal: ArrayLike | None = None,
        bounds: tuple[float, float] | None = (0.5, 2.0),
        method: str = "vertices",
    ) -> None:
        y = np.atleast_2d(np.asarray(reference, dtype=float))
        if np.isnan(y).any() or np.any(y < 0):
            raise ValueError("benefit of the doubt needs complete, non-negative reference scores")
        k = y.shape[1]
        if np.any(y.max(axis=0) <= 0):
            raise ValueError("benefit of the doubt: an indicator is zero for every reference unit")
        b = np.full(k, 1.0 / k) if nominal is None else np.asarray(nominal, dtype=float)
        if b.shape != (k,) or np.any(b < 0) or b.sum() <= 0:
            raise ValueError(f"nominal weights must be {k} non-negative numbers with a positive sum")
        b = b / b.sum()
        if method not in ("vertices", "linprog"):
            raise ValueError(f"method must be 'vertices' or 'linprog', got {method!r}")
        rows = np.unique(y[y.sum(axis=1) > 0], axis=0)
        a_ub, b_ub = [rows], [np.ones(len(rows))]
        if bounds is not None:
            low, high = float(bounds[0]) * b, np.minimum(1.0, float(bounds[1]) * b)
            if np.any(low > high) or low.sum() > 1 or high.sum() < 1:
                raise ValueError(f"bounds {bounds} leave no feasible relative weights for nominal weights {b.tolist()}")
            eye = np.eye(k)
            a_ub += [low[:, None] * np.ones((k, k)) - eye, eye - high[:, None] * np.ones((k, k))]
            b_ub += [np.zeros(k), np.zeros(k)]
        self.frontier_max = float(rows.max())
        self.a_ub = np.vstack(a_ub)
        self.b_ub = np.concatenate(b_ub)
        self.k = k
        self.method = method
        self.vertices: np.ndarray | None = self._vertices() if method == "vertices" else None

    def _vertices(self) -> np.ndarray | None:
        from scipy.spatial import HalfspaceIntersection, QhullError

        k = self.k
        a = np.vstack([self.a_ub, -np.eye(k)])
        rhs = np.concatenate([self.b_ub, np.zeros(k)])
        if k == 1:
            return np.array([[0.0], [1.0 / self.frontier_max]])
        norms = np.linalg.norm(a, axis=1)
        keep = norms > 0
        a, rhs, norms = a[keep], rhs[keep], norms[keep]
        # Chebyshev centre: max r s.t. a x + |a| r <= rhs
        res = linprog(
            np.r_[np.zeros(k), -1.0],
            A_ub=np.c_[a, norms],
            b_ub=rhs,
            bounds=[(None, None)] * k + [(0, None)],
            method="highs",
        )
        if res.status != 0 or res.x[-1] <= 1e-9:
            return None
        try:
            hs = HalfspaceIntersection(np.c_[a, -rhs], res.x[:k])
        except QhullError:
            return None
        return np.vstack([np.zeros(k), hs.intersections])

    def score(self, scores: ArrayLike) -> BodResult:
        """BoD composite and multipliers of each row of ``scores`` (units × indicators, complete)."""
        y = np.atleast_2d(np.asarray(scores, dtype=float))
        if y.shape[1] != self.k:
            raise ValueError(f"scores have {y.shape[1]} columns; the frontier has {self.k}")
        if np.isnan(y).any():
            raise ValueError("benefit of the doubt needs complete scores (impute first)")
        if self.vertices is not None:
            values = y @ self.vertices.T
            best = values.argmax(axis=1)
            return BodResult(values[np.arange(len(y)), best], self.vertices[best].copy())
        weights = np.empty_like(y)
        for c, row in enumerate(y):
            res = linprog(-row, A_ub=self.a_ub, b_ub=self.b_ub, bounds=[(0, None)] * self.k, method="highs")
            if res.status != 0:
                raise ValueError(f"benefit-of-the-doubt programme for unit {c} failed: {res.message}")
            weights[c] = res.x
        return BodResult((y * weights).sum(axis=1), weights)


def benefit_of_the_doubt(
    scores: ArrayLike,
    *,
    reference: ArrayLike | None = None,
    nominal: ArrayLike | None = None,
    bounds: tuple[float, float] | None = (0.5, 2.0),
    method: str = "vertices",
) -> BodResult:
    """BoD composite of each unit of ``scores`` against the frontier of ``reference`` (default the
    units themselves); see the module docstring and :class:`Frontier` for the parameters."""
    ref = scores if reference is None else reference
    return Frontier(ref, nominal=nominal, bounds=bounds, method=method).score(scores)
