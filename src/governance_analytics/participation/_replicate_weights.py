"""Replicate-weight multipliers for a linearised design (R ``as.svrepdesign``: ``jk1weights``,
``jknweights``, ``bootweights``).

Each replicate multiplies the sampling weights; the variance of a statistic :math:`\\hat\\theta` is
then :math:`c \\sum_r c_r (\\hat\\theta_r - \\bar\\theta)^2` with the returned ``scale`` :math:`c` and
``rscales`` :math:`c_r`.

- ``JK1`` (unstratified, :math:`n` PSUs): replicate :math:`r` drops PSU :math:`r` and multiplies the
  others by :math:`n/(n-1)`; :math:`c = (1-f)(n-1)/n`, :math:`c_r = 1`.
- ``JKn`` (stratified): replicate :math:`(h, r)` drops PSU :math:`r` of stratum :math:`h` and
  multiplies the other PSUs of :math:`h` by :math:`n_h/(n_h-1)`; :math:`c = 1`,
  :math:`c_r = (1-f_h)(n_h-1)/n_h`. Fully sampled strata get no replicate; lonely PSUs follow the
  design's ``lonely_psu`` as R's ``jknweights``.
- ``bootstrap`` (Canty & Davison 1999; Rao & Wu 1988 with :math:`m_h = n_h`): in each stratum draw
  :math:`n_h` PSUs with replacement (without fpc) or without replacement from the PSUs repeated up to
  :math:`N_h` (with fpc); the multiplier is the number of times a PSU was drawn;
  :math:`c = \\tilde n / ((\\tilde n - 1)(R - 1))` with :math:`\\tilde n` the harmonic mean of the
  :math:`n_h`. The draws come from ``seed`` (not R's random numbers, so replicates differ from R's).

References: Wolter, K. M. (2007) *Introduction to Variance Estimation*, 2nd ed., Springer, ch. 4–5;
Canty, A. J. & Davison, A. C. (1999) "Resampling-based variance estimation for labour force
surveys", *The Statistician* 48, 379–391; R ``survey`` 4.1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance_analytics.participation._design_variance import DesignStructure

__all__ = ["REPLICATE_KINDS", "replicate_weights"]

REPLICATE_KINDS: tuple[str, ...] = ("JK1", "JKn", "bootstrap")


def replicate_weights(
    structure: DesignStructure,
    *,
    has_strata: bool,
    kind: str,
    replicates: int = 50,
    seed: int | np.random.Generator | None = None,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Multipliers ``(n_rows, R)``, ``scale`` and ``rscales`` of the replicate design (module docstring)
    of a design with this ``structure`` (``SurveyDesign.structure_``), stratified or not."""
    if kind not in REPLICATE_KINDS:
        raise ValueError(f"type must be one of {REPLICATE_KINDS} or 'auto', got {kind!r}")
    stage = structure.stages[0]
    psu, stratum = stage.cluster, stage.stratum
    codes, first = np.unique(psu, return_index=True)
    order = np.argsort(first)  # PSUs in order of first appearance, as R's unique()
    first = first[order]
    psu_stratum = stratum[first]
    popsize = None if stage.popsize is None else stage.popsize[first]
    row_psu = np.argsort(order)[np.searchsorted(codes, psu)]
    if kind == "JK1":
        if has_strata:
            raise ValueError("JK1 is for unstratified designs; use type='JKn' (R refuses JK1 with strata too)")
        per_psu, scale, rscales = _jk1(len(first), None if popsize is None else popsize[0])
    elif kind == "JKn":
        per_psu, scale, rscales = _jkn(psu_stratum, popsize, structure.lonely_psu, structure.stages[0].stratum_labels)
    else:
        if replicates < 2:
            raise ValueError(f"replicates must be at least 2, got {replicates}")
        per_psu, scale, rscales = _bootstrap(psu_stratum, popsize, replicates, np.random.default_rng(seed))
    return per_psu[row_psu], scale, rscales


def _jk1(n: int, popsize: float | None) -> tuple[np.ndarray, float, np.ndarray]:
    correction = 1.0 if popsize is None else (popsize - n) / popsize
    if correction == 0:
        raise ValueError("every PSU was sampled (fpc = sample size): the design has no sampling variance")
    per_psu = np.full((n, n), n / (n - 1))
    np.fill_diagonal(per_psu, 0.0)
    return per_psu, correction * (n - 1) / n, np.ones(n)


def _jkn(
    psu_stratum: np.ndarray, popsize: np.ndarray | None, lonely_psu: str, labels: tuple[str, ...]
) -> tuple[np.ndarray, float, np.ndarray]:
    n_psu = len(psu_stratum)
    strata = pd.unique(psu_stratum)
    columns, rscales = [], []
    for h in strata:
        members = np.flatnonzero(psu_stratum == h)
        n_h = len(members)
        correction = 1.0 if popsize is None else (popsize[members[0]] - n_h) / popsize[members[0]]
        if correction == 0:  # fully sampled: no sampling variance, no replicate (R drops them)
            continue
        if n_h == 1:
            if lonely_psu == "fail":
                raise ValueError(f"stratum {labels[h]} has only one PSU; choose lonely_psu= other than 'fail'")
            if lonely_psu == "adjust":
                column = np.full(n_psu, len(strata) / (len(strata) - 1))
                column[members] = 0.0
                columns.append(column)
                rscales.append((len(strata) - 1) / len(strata))
            continue
        for m in members:
            column = np.ones(n_psu)
            column[members] = n_h / (n_h - 1)
            column[m] = 0.0
            columns.append(column)
            rscales.append(correction * (n_h - 1) / n_h)
    if not columns:
        raise ValueError("all strata were exhaustively sampled: the design has no sampling variance")
    scale = n_psu / len(columns) if (lonely_psu == "average" and len(columns) < n_psu) else 1.0
    return np.column_stack(columns), scale, np.array(rscales)


def _bootstrap(
    psu_stratum: np.ndarray, popsize: np.ndarray | None, replicates: int, rng: np.random.Generator
) -> tuple[np.ndarray, float, np.ndarray]:
    per_psu = np.zeros((len(psu_stratum), replicates))
    strata, counts = np.unique(psu_stratum, return_counts=True)
    for h in strata:
        members = rng.permutation(np.flatnonzero(psu_stratum == h))
        n_h = len(members)
        if popsize is None:
            draws = rng.integers(0, n_h, size=(replicates, n_h))
        else:
            pool = np.resize(np.arange(n_h), int(popsize[members[0]]))
            draws = np.stack([pool[rng.choice(len(pool), size=n_h, replace=False)] for _ in range(replicates)])
        for r in range(replicates):
            per_psu[members, r] = np.bincount(draws[r], minlength=n_h)
    harmonic = 1.0 / np.mean(1.0 / counts)
    return per_psu, float(harmonic / ((harmonic - 1) * (replicates - 1))), np.ones(replicates)
