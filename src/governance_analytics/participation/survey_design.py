"""A complex sampling design — weights, strata, clusters, finite population correction — and its estimates.

:class:`SurveyDesign` is R ``survey``'s ``svydesign``: the estimates (``mean``, ``total``, ``ratio``,
``proportion``, ``logit``) are design-based, their standard errors by Taylor linearisation of the
statistic into influence values whose estimated total's variance is computed stage by stage
(:mod:`~governance_analytics.participation._design_variance`):

.. math::

    \\hat V(\\hat Z) = \\sum_h (1 - f_h) \\frac{n_h}{n_h - 1} \\sum_{i=1}^{n_h} (z_{hi} - \\bar z_h)^2
    \\; [+ \\text{later stages when every stage's fpc is given}],

with :math:`z_{hi}` the PSU totals of the influence values in stratum :math:`h`, :math:`n_h` the
sampled PSUs and :math:`f_h = n_h / N_h` from the fpc. The design degrees of freedom are PSUs minus
strata (R ``degf``); intervals use the t distribution with them by default (``df=math.inf`` gives R
``confint()``'s normal interval; R's ``svyciprop`` and ``confint(svyglm)`` already use t).

The results equal R ``survey`` 4.1 to rounding error — tested on the API samples for simple,
stratified, one- and two-stage cluster designs, lonely PSUs and domains
(``tests/participation/test_survey_design.py``).

Reference: Lumley, T. (2010) *Complex Surveys: A Guide to Analysis Using R*, Wiley; Lumley, T.
(2004) "Analysis of complex survey samples", *Journal of Statistical Software* 9(8).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from governance_analytics.participation._design_variance import LonelyPSU, build_structure
from governance_analytics.participation._estimation import DesignEstimators, Influence, Theta
from governance_analytics.participation._replicate_weights import replicate_weights
from governance_analytics.participation.replicate_design import ReplicateDesign

__all__ = ["CANONICAL_DESIGN", "SurveyDesign", "canonical_design"]


class SurveyDesign(DesignEstimators):
    """A stratified multistage sampling design (R ``svydesign``), estimated by linearisation.

    Parameters
    ----------
    data
        One row per respondent. Not modified; the design keeps a copy with a fresh RangeIndex.
    weight
        Sampling-weight column (inverse inclusion probability). ``None`` derives it from ``fpc``
        as :math:`\\prod_s N_s / n_s` over the stages (R does the same when no weights are given).
    strata
        First-stage stratum column (or one per stage). ``None``: unstratified.
    psu
        Cluster column of the first stage, or a list of one per stage (``["dnum", "snum"]`` is R's
        ``id=~dnum+snum``). ``None``: every row is its own PSU (R ``id=~1``).
    fpc
        Finite population correction, one column per stage: the population count of units
        (PSUs at the first stage) in the row's stratum, R's convention; values all <= 1 are read as
        sampling fractions. ``None``: sampling with replacement at the first stage.
    nest
        PSU ids are only unique within strata (R ``nest=TRUE``). Otherwise a PSU id found in two
        strata is an error.
    lonely_psu
        Strata with a single PSU (R's ``survey.lonely.psu``): ``"fail"`` (default; error naming the
        stratum at construction), ``"remove"``, ``"certainty"``, ``"adjust"``, ``"average"``. Strata
        with every PSU taken (fpc = sample) contribute nothing and are never lonely.

    Attributes
    ----------
    data : DataFrame
    weights : ndarray
    df : int
        Design degrees of freedom, first-stage PSUs minus strata (R ``degf``).
    n_psu, n_strata : int
        First-stage PSUs and strata.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        *,
        weight: str | None,
        strata: str | Sequence[str] | None = None,
        psu: str | Sequence[str] | None = None,
        fpc: str | Sequence[str] | None = None,
        nest: bool = False,
        lonely_psu: LonelyPSU = "fail",
    ) -> None:
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"data must be a DataFrame, got {type(data).__name__}")
        if len(data) < 2:
            raise ValueError("a survey design needs at least two rows")
        self.data = data.reset_index(drop=True)
        self.structure_ = build_structure(self.data, psu=psu, strata=strata, fpc=fpc, nest=nest, lonely_psu=lonely_psu)
        self.weights = self._weights(weight)
        self.spec = {"weight": weight, "strata": strata, "psu": psu, "fpc": fpc, "nest": nest, "lonely_psu": lonely_psu}
        first = self.structure_.stages[0]
        self.n_psu = len(np.unique(first.cluster))
        self.n_strata = len(np.unique(first.stratum))
        self.has_strata = strata is not None
        self.df = self._domain_df(np.ones(len(self.data), dtype=bool))

    def _weights(self, weight: str | None) -> np.ndarray:
        if weight is None:
            stages = self.structure_.stages
            if any(s.popsize is None for s in stages):
                raise ValueError("give weight= or fpc= for every stage (weights are then N/n per stage)")
            return np.prod([s.popsize / s.n_sampled for s in stages], axis=0)
        if weight not in self.data.columns:
            raise KeyError(f"weight column {weight!r} is not in the data")
        w = pd.to_numeric(self.data[weight]).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(w) | (w < 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"weight column {weight!r} must be finite and >= 0: row {i} has {w[i]!r} ({int(bad.sum())} bad rows)"
            )
        return w

    def __repr__(self) -> str:
        spec = ", ".join(f"{k}={v!r}" for k, v in self.spec.items() if v not in (None, False))
        return f"SurveyDesign(n={len(self.data)}, psu={self.n_psu}, strata={self.n_strata}, df={self.df}; {spec})"

    # ------------------------------------------------------------------------------------- hooks
    def variance(self, z: np.ndarray, *, present: np.ndarray | None = None) -> np.ndarray:
        """Design covariance of the estimated totals of influence values ``z`` (n,) or (n, k).

        ``present`` marks the rows of the subpopulation (default: all); ``z`` must be zero elsewhere.
        """
        present = np.ones(len(self.data), dtype=bool) if present is None else np.asarray(present, dtype=bool)
        return self.structure_.variance(np.asarray(z, dtype=float), present)

    def _estimate(self, theta: Theta, influence: Influence, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        est = theta(self.weights[:, None])[0]
        return est, self.structure_.variance(influence(est), present)

    def _domain_df(self, rows: np.ndarray) -> float:
        return float(self.structure_.degrees_of_freedom(rows & (self.weights != 0)))

    # ------------------------------------------------------------------------------- replicates
    def as_replicate(
        self,
        *,
        type: Literal["auto", "JK1", "JKn", "bootstrap"] = "auto",
        replicates: int = 50,
        seed: int | np.random.Generator | None = None,
        mse: bool = False,
    ) -> ReplicateDesign:
        """Replicate-weight version of this design (R ``as.svrepdesign``).

        ``type``: ``"JK1"`` (delete-one-PSU jackknife, unstratified designs), ``"JKn"`` (stratified
        jackknife), ``"bootstrap"`` (Canty & Davison's with-replacement PSU bootstrap, ``replicates``
        draws from ``seed``), or ``"auto"`` (JK1 if unstratified, else JKn, as R). The first stage's
        fpc is carried into the jackknife scales and the bootstrap's without-replacement resampling,
        later stages' fpc are dropped (as R). See
        :mod:`~governance_analytics.participation._replicate_weights`.
        """
        kind = ("JKn" if self.has_strata else "JK1") if type == "auto" else type
        multipliers, scale, rscales = replicate_weights(
            self.structure_, has_strata=self.has_strata, kind=kind, replicates=replicates, seed=seed
        )
        return ReplicateDesign(
            self.data,
            weight=self.weights,
            replicate_weights=multipliers,
            type=kind,
            scale=scale,
            rscales=rscales,
            combined_weights=False,
            mse=mse,
        )


#: The design columns of the canonical ``survey`` table.
CANONICAL_DESIGN = {"weight": "weight", "strata": "stratum", "psu": "psu", "fpc": "fpc"}


def canonical_design(survey: pd.DataFrame) -> SurveyDesign:
    """The design of a canonical ``survey`` table: weights, strata, PSUs and the finite population
    correction from its columns ``weight``, ``stratum``, ``psu`` and ``fpc`` — each used where it is
    present and complete (a survey without ``fpc`` is taken as drawn with replacement)."""
    options = {k: c for k, c in CANONICAL_DESIGN.items() if c in survey and survey[c].notna().all()}
    return SurveyDesign(
        survey,
        weight=options.get("weight"),
        strata=options.get("strata"),
        psu=options.get("psu"),
        fpc=options.get("fpc"),
    )
