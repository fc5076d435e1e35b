"""Who takes part: design-based logistic regression of participation on demographics (and awareness),
reported as odds ratios with intervals and a Wald test per covariate.

The model is :math:`\\operatorname{logit} P(y_i = 1) = \\beta_0 + \\sum_v x_{iv}^T \\beta_v`, categorical
covariates treatment-coded against a reference level, fitted by design-weighted pseudo-likelihood with
a design-based sandwich covariance (:meth:`SurveyDesign.logit`, equal to R ``svyglm(...,
family = quasibinomial())``). The odds ratio of a level is :math:`e^{\\beta}` with interval
:math:`e^{\\beta \\pm t_{\\nu} se}`, :math:`\\nu` the residual df (design df + 1 − coefficients, R
``confint(svyglm)``). Whether a covariate matters as a whole (all levels of education at once) is the
design-based Wald test :math:`F = \\hat\\beta_v^T \\hat V_v^{-1} \\hat\\beta_v / q_v` on
:math:`(q_v, \\nu)` df (R ``regTermTest(model, ~v)``; Korn & Graubard 1990).

Awareness (knowing the right to take part, knowing the rules) can enter as a covariate. In the Demo
City it is drawn independently of participation given education and hukou, so its planted odds ratio
in a model with education and hukou is 1; in real data its association with participation runs both
ways (taking part teaches the rules), so read it as an association, not an effect.

References: Binder (1983); Lumley & Scott (2017) *Statistical Science* 32, 265–278; Korn, E. L. &
Graubard, B. I. (1990) *The American Statistician* 44, 270–276; R ``survey`` 4.1 ``svyglm``,
``regTermTest``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from governance_analytics.participation._estimation import DesignEstimators
from governance_analytics.participation.survey_logit import DesignLogit

__all__ = ["determinants", "determinants_model", "model_formula", "odds_ratio_table", "wald_tests"]

_TERM = re.compile(r"C\((?P<var>[^,]+), Treatment\((?P<q>['\"])(?P<ref>.*)(?P=q)\)\)\[T\.(?P<level>.+)\]")
_SCALED = re.compile(r"I\((?P<var>\w+) / (?P<scale>[0-9.eE+-]+)\)")


def model_formula(
    outcome: str,
    *,
    covariates: Sequence[str],
    data: pd.DataFrame,
    reference_levels: Mapping[str, object] | None = None,
    scale: Mapping[str, float] | None = None,
) -> str:
    """The patsy formula of the model: categorical (non-numeric) covariates as
    ``C(col, Treatment('reference'))`` (reference: ``reference_levels[col]``, else the first level in
    sorted order), numeric ones as ``col`` or ``I(col / scale)`` (``scale={"years_resident": 10}``:
    the odds ratio per 10 years)."""
    if not covariates:
        raise ValueError("give at least one covariate")
    reference_levels = dict(reference_levels or {})
    scale = dict(scale or {})
    terms = []
    for col in covariates:
        if col not in data.columns:
            raise KeyError(f"covariate {col!r} is not in the survey data")
        values = data[col]
        if pd.api.types.is_numeric_dtype(values) and col not in reference_levels:
            terms.append(f"I({col} / {scale[col]!r})" if col in scale else col)
            continue
        levels = sorted(values.dropna().unique().tolist(), key=str)
        ref = reference_levels.get(col, levels[0] if levels else None)
        if ref not in levels:
            raise ValueError(f"reference level {ref!r} of {col!r} is not among its values {levels}")
        terms.append(f"C({col}, Treatment({str(ref)!r}))" if isinstance(ref, str) else f"C({col}, Treatment({ref!r}))")
    return f"{outcome} ~ " + " + ".join(terms)


def determinants_model(
    design: DesignEstimators,
    outcome: str,
    *,
    covariates: Sequence[str],
    reference_levels: Mapping[str, object] | None = None,
    scale: Mapping[str, float] | None = None,
    alpha: float = 0.05,
    df: float | None = None,
) -> DesignLogit:
    """Fit the design-based logistic regression of the 0/1 ``outcome`` on ``covariates`` (module docstring).

    Parameters as :func:`determinants`; returns the fitted
    :class:`~governance_analytics.participation.survey_logit.DesignLogit`.
    """
    formula = model_formula(
        outcome, covariates=covariates, data=design.data, reference_levels=reference_levels, scale=scale
    )
    return design.logit(formula, alpha=alpha, df=df)


def odds_ratio_table(fit: DesignLogit) -> pd.DataFrame:
    """The odds ratios of a fitted model, one row per non-intercept term, readable.

    Returns
    -------
    DataFrame
        Index ``term`` (patsy name); columns ``variable``, ``level`` (the level compared, or
        ``"per <scale>"`` / ``"per unit"`` for a numeric covariate), ``reference`` (the reference level;
        empty for numeric), ``odds_ratio``, ``or_ci_low``, ``or_ci_high``, ``estimate`` (log odds
        ratio), ``se``, ``t``, ``p_value``.
    """
    table = fit.coefficients.drop(index="Intercept", errors="ignore")
    parsed = [_parse(term) for term in table.index]
    out = pd.DataFrame(parsed, index=table.index, columns=["variable", "level", "reference"])
    for column in ("odds_ratio", "or_ci_low", "or_ci_high", "estimate", "se", "t", "p_value"):
        out[column] = table[column]
    return out


def determinants(
    design: DesignEstimators,
    outcome: str,
    *,
    covariates: Sequence[str],
    reference_levels: Mapping[str, object] | None = None,
    scale: Mapping[str, float] | None = None,
    alpha: float = 0.05,
    df: float | None = None,
) -> pd.DataFrame:
    """Odds ratios of taking part (``outcome``) by each covariate, from a design-based logistic regression.

    Parameters
    ----------
    design
        Survey design.
    outcome
        0/1 (or boolean) column, e.g. ``"participated_any"`` or one channel.
    covariates
        Columns: categorical ones are treatment-coded, numeric ones enter linearly (``scale`` divides
        them). Include ``"aware_rights"``/``"aware_rules"`` to adjust for awareness (module docstring).
    reference_levels
        Reference level per categorical covariate (default: first in sorted order); naming a numeric
        column here treats it as categorical.
    scale
        Divisor per numeric covariate, e.g. ``{"years_resident": 10}``.
    alpha
        Intervals are :math:`1-\\alpha`.
    df
        Degrees of freedom (default the residual df, R ``confint(svyglm)``).

    Returns
    -------
    DataFrame
        :func:`odds_ratio_table` of the fit.
    """
    return odds_ratio_table(
        determinants_model(
            design, outcome, covariates=covariates, reference_levels=reference_levels, scale=scale, alpha=alpha, df=df
        )
    )


def wald_tests(fit: DesignLogit, *, df: float | None = None) -> pd.DataFrame:
    """Design-based Wald test that all coefficients of each covariate are zero (R ``regTermTest``).

    Returns
    -------
    DataFrame
        Index ``variable``; columns ``terms`` (:math:`q_v`), ``f`` (:math:`X^2 / q_v`), ``df_num``,
        ``df_den`` (the fit's residual df unless ``df``; ``inf`` gives the chi-squared test), ``p_value``.
    """
    table = fit.coefficients.drop(index="Intercept", errors="ignore")
    variables = pd.Series([_parse(term)[0] for term in table.index], index=table.index)
    den = fit.df_residual if df is None else float(df)
    rows = []
    for variable, terms in variables.groupby(variables, sort=False):
        names = list(terms.index)
        b = table.loc[names, "estimate"].to_numpy()
        V = fit.vcov.loc[names, names].to_numpy()
        chisq = float(b @ np.linalg.solve(V, b))
        q = len(names)
        p = float(stats.chi2.sf(chisq, q)) if np.isinf(den) else float(stats.f.sf(chisq / q, q, den))
        rows.append({"variable": variable, "terms": q, "f": chisq / q, "df_num": float(q), "df_den": den, "p_value": p})
    return pd.DataFrame(rows).set_index("variable")


def _parse(term: str) -> tuple[str, str, str]:
    """(variable, level, reference) of a patsy term name."""
    match = _TERM.fullmatch(term)
    if match:
        return match["var"].strip(), match["level"], match["ref"]
    match = _SCALED.fullmatch(term)
    if match:
        return match["var"], f"per {float(match['scale']):g}", ""
    return term, "per unit", ""
