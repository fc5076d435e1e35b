"""Statistical coherence of the framework: correlations, Cronbach's alpha, PCA per dimension.

A dimension should measure one thing and its indicators should point the same way (Handbook step 4,
multivariate analysis; the JRC's audits of composite indicators check the same):

``correlations``
    Pearson (or Spearman) correlations of the oriented indicator scores with each other and with the
    dimension scores; :func:`dimension_fit` flags an indicator that correlates more with another
    dimension than with its own, or hardly (``r < 0.3``) or negatively with its own.
``cronbach_alpha``
    :math:`\\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_i \\sigma^2_i}{\\sigma^2_X}\\right)`, with
    :math:`\\sigma^2_i` the item variances and :math:`\\sigma^2_X` the variance of the item sum
    (Cronbach 1951); the standardised alpha :math:`k\\bar r / (1 + (k-1)\\bar r)` uses the mean
    inter-item correlation :math:`\\bar r` (R ``psych::alpha``: ``raw_alpha``, ``std.alpha``). Rows with a
    missing item are dropped. Values of 0.7 or more are the usual rule of thumb (Nunnally 1978).
``dimension_pca``
    Eigenvalues of the dimension's correlation matrix, the share of variance of the first component,
    the number of eigenvalues above 1 (Kaiser) and the first component's loadings: a coherent
    dimension has one dominant component with loadings of one sign.

All functions take indicator scores oriented the same way (e.g. ``CompositeResult.indicator_scores``,
higher = worse problem) so that a coherent dimension shows positive correlations.

References: Cronbach, L. J. (1951) *Psychometrika* 16, 297–334; Nunnally, J. C. (1978) *Psychometric
Theory*, 2nd ed.; OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, step 4 and Part 2
(PCA, Cronbach's alpha).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from governance_analytics.community._multivariate import components
from governance_analytics.community.framework import Framework, default_framework

__all__ = ["correlations", "cronbach_alpha", "dimension_fit", "dimension_pca", "reliability", "standardised_alpha"]


def _complete(items: ArrayLike) -> np.ndarray:
    x = np.asarray(items, dtype=float)
    if x.ndim != 2 or x.shape[1] < 2:
        raise ValueError(f"need a (units × items) array with at least 2 items, got shape {x.shape}")
    return x[~np.isnan(x).any(axis=1)]


def cronbach_alpha(items: ArrayLike) -> float:
    """Cronbach's alpha of the columns of ``items`` (complete rows; module docstring)."""
    x = _complete(items)
    k = x.shape[1]
    total = x.sum(axis=1).var(ddof=1)
    if total == 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - x.var(axis=0, ddof=1).sum() / total))


def standardised_alpha(items: ArrayLike) -> float:
    """Standardised alpha ``k r̄ / (1 + (k − 1) r̄)`` from the mean off-diagonal correlation."""
    x = _complete(items)
    k = x.shape[1]
    corr = np.corrcoef(x, rowvar=False)
    rbar = corr[~np.eye(k, dtype=bool)].mean()
    return float(k * rbar / (1 + (k - 1) * rbar))


def _framework(framework: Framework | None) -> Framework:
    return framework if framework is not None else default_framework()


def reliability(indicator_scores: pd.DataFrame, *, framework: Framework | None = None) -> pd.DataFrame:
    """Per dimension: ``n_indicators``, ``n_units`` (complete rows), ``alpha``, ``alpha_std`` and
    ``mean_r`` (mean inter-indicator correlation); NaN for a dimension of one indicator."""
    fw = _framework(framework)
    rows = []
    for dim in fw.dimension_names:
        cols = list(fw.indicators.index[fw.indicators["dimension"] == dim])
        x = indicator_scores[cols].to_numpy(dtype=float)
        if len(cols) < 2:
            rows.append(
                {
                    "dimension": dim,
                    "n_indicators": len(cols),
                    "n_units": int((~np.isnan(x)).all(axis=1).sum()),
                    "alpha": np.nan,
                    "alpha_std": np.nan,
                    "mean_r": np.nan,
                }
            )
            continue
        complete = _complete(x)
        corr = np.corrcoef(complete, rowvar=False)
        rows.append(
            {
                "dimension": dim,
                "n_indicators": len(cols),
                "n_units": len(complete),
                "alpha": cronbach_alpha(x),
                "alpha_std": standardised_alpha(x),
                "mean_r": float(corr[~np.eye(len(cols), dtype=bool)].mean()),
            }
        )
    return pd.DataFrame(rows).set_index("dimension")


def correlations(
    indicator_scores: pd.DataFrame, dimension_scores: pd.DataFrame | None = None, *, method: str = "pearson"
) -> pd.DataFrame:
    """Correlation matrix of the indicator scores and (optionally) the dimension scores, pairwise
    complete (``method``: ``"pearson"`` or ``"spearman"``)."""
    table = indicator_scores if dimension_scores is None else pd.concat([indicator_scores, dimension_scores], axis=1)
    return table.astype(float).corr(method=method)


def dimension_fit(
    indicator_scores: pd.DataFrame,
    dimension_scores: pd.DataFrame,
    *,
    framework: Framework | None = None,
    method: str = "pearson",
    weak: float = 0.3,
) -> pd.DataFrame:
    """Per indicator: correlation with its own dimension (``r_own``), the highest with another
    (``r_other_max``, ``other_dimension``) and ``flag``: ``"closer to another dimension"``,
    ``"weak"`` (``r_own < weak``), ``"negative"`` or ``""``."""
    fw = _framework(framework)
    corr = correlations(indicator_scores[fw.indicator_names], dimension_scores[fw.dimension_names], method=method)
    rows = []
    for ind, dim in fw.indicators["dimension"].items():
        r = corr.loc[ind, fw.dimension_names]
        others = r.drop(dim)
        other = others.idxmax() if len(others) and others.notna().any() else None
        r_other = float(others.max()) if other is not None else np.nan
        flag = (
            "negative"
            if r[dim] < 0
            else "weak"
            if r[dim] < weak
            else "closer to another dimension"
            if r_other > r[dim]
            else ""
        )
        rows.append(
            {
                "indicator": ind,
                "dimension": dim,
                "r_own": float(r[dim]),
                "other_dimension": other,
                "r_other_max": r_other,
                "flag": flag,
            }
        )
    return pd.DataFrame(rows).set_index("indicator")


def dimension_pca(
    indicator_scores: pd.DataFrame, *, framework: Framework | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Principal components of each dimension's correlation matrix (complete rows).

    Returns
    -------
    summary, loadings
        ``summary`` per dimension: ``n_indicators``, ``n_units``, ``eigenvalue_1``, ``explained_1``
        (share of variance of the first component), ``n_eigen_above_1``, ``eigenvalues`` (tuple);
        ``loadings`` per indicator: ``dimension``, ``loading_1`` (correlation with the first
        component, signed so that the loadings sum to ≥ 0) and ``pca_weight`` (squared loadings
        scaled to sum to 1, as :func:`~governance_analytics.community.weighting.pca_weights`).
    """
    fw = _framework(framework)
    summary, loadings = [], []
    for dim in fw.dimension_names:
        cols = list(fw.indicators.index[fw.indicators["dimension"] == dim])
        comp = components(indicator_scores[cols].to_numpy(dtype=float))
        summary.append(
            {
                "dimension": dim,
                "n_indicators": len(cols),
                "n_units": comp.n,
                "eigenvalue_1": float(comp.eigenvalues[0]) if comp.eigenvalues.size else np.nan,
                "explained_1": float(comp.explained[0]) if comp.eigenvalues.size else np.nan,
                "n_eigen_above_1": int((comp.eigenvalues > 1).sum()),
                "eigenvalues": tuple(float(v) for v in comp.eigenvalues),
            }
        )
        first = comp.loadings[:, 0] if comp.loadings.shape[1] else np.zeros(len(cols))
        for ind, load, weight in zip(cols, first, comp.first_weights):
            loadings.append({"indicator": ind, "dimension": dim, "loading_1": float(load), "pca_weight": float(weight)})
    return pd.DataFrame(summary).set_index("dimension"), pd.DataFrame(loadings).set_index("indicator")
