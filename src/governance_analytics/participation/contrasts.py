"""Comparisons between groups that account for the design: domain means with their joint covariance,
linear contrasts of them, pairwise differences and a Wald test of equality.

Domain means :math:`\\bar y_g = \\hat Y_g / \\hat N_g` are estimated jointly (R ``svyby(~y, ~g, design,
svymean, covmat = TRUE)``): the influence value of row :math:`i` for domain :math:`g` is
:math:`w_i d_{ig} (y_i - \\bar y_g) / \\hat N_g` and the covariance of the domain means is the design
covariance of these influence totals, taken over the *shared* PSUs. Domains that share clusters are
correlated, so :math:`\\operatorname{Var}(\\bar y_a - \\bar y_b) = V_{aa} + V_{bb} - 2V_{ab}`, not the
sum of two separately estimated variances (Lumley 2010, §2.3.1, §5.2).

A contrast :math:`c^T \\bar y` has variance :math:`c^T V c` (R ``svycontrast``). The Wald test of
:math:`\\bar y_1 = \\dots = \\bar y_k` uses the :math:`k-1` differences :math:`d` from a reference
group, :math:`X^2 = d^T V_d^{-1} d`, :math:`F = X^2 / (k-1)` on :math:`(k-1,\\ \\nu)` degrees of freedom
(R ``regTermTest(svyglm(y ~ g, design), ~g)``; with two groups :math:`t^2 = F`, R ``svyttest``).
Tests and intervals use :math:`\\nu` = design df of the rows used + 1 − k, the residual df of the
design-based regression ``y ~ g`` (R ``svyglm``'s ``df.residual``), unless ``df`` is given
(``math.inf``: the normal quantile of R's ``confint(svycontrast(...))``).

References: Lumley, T. (2010) *Complex Surveys: A Guide to Analysis Using R*, Wiley, §2.3, §5.2;
Korn, E. L. & Graubard, B. I. (1990) "Simultaneous testing of regression coefficients with complex
survey data", *The American Statistician* 44, 270–276; R ``survey`` 4.1 ``svyby``, ``svycontrast``,
``svyttest``, ``regTermTest``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from governance_analytics.participation._estimation import DesignEstimators
from governance_analytics.participation._intervals import quantile, wald
from governance_analytics.participation._smooth import function_of_totals

if TYPE_CHECKING:
    from typing_extensions import TypeIs

__all__ = ["DomainMeans", "WaldTest", "compare_groups", "contrast", "domain_means", "group_wald_test"]


@dataclass(frozen=True)
class DomainMeans:
    """Domain means with their joint design covariance (R ``svyby(..., covmat = TRUE)``).

    Attributes
    ----------
    variable, by : str
    table : DataFrame
        Index: the domains (named ``by``); columns ``estimate``, ``se``, ``ci_low``, ``ci_high``
        (t with the domain's design df, as :meth:`SurveyDesign.mean` with ``by``), ``df``, ``n``.
    vcov : DataFrame
        Design covariance of the domain means (domains × domains).
    df : float
        Degrees of freedom of the design of the rows used (R ``degf``).
    """

    variable: str
    by: str
    table: pd.DataFrame
    vcov: pd.DataFrame
    df: float

    @property
    def residual_df(self) -> float:
        """:math:`\\nu` = ``df`` + 1 − number of domains (R ``svyglm(y ~ g)``'s ``df.residual``)."""
        return self.df + 1 - len(self.table)


@dataclass(frozen=True)
class WaldTest:
    """Design-based Wald test that all domain means are equal (R ``regTermTest``, ``svyttest``).

    Attributes
    ----------
    statistic : float
        :math:`F = X^2 / \\text{df\\_num}`.
    chisq : float
        :math:`X^2 = d^T V_d^{-1} d`.
    df_num, df_den : float
    p_value : float
        :math:`P(F_{\\text{df\\_num}, \\text{df\\_den}} > F)`.
    """

    statistic: float
    chisq: float
    df_num: float
    df_den: float
    p_value: float


def domain_means(
    design: DesignEstimators,
    var: str,
    *,
    by: str,
    na_rm: bool = False,
    alpha: float = 0.05,
) -> DomainMeans:
    """Means of ``var`` in each domain of ``by``, with their joint covariance (module docstring).

    Parameters
    ----------
    design
        A :class:`~governance_analytics.participation.survey_design.SurveyDesign` or
        :class:`~governance_analytics.participation.replicate_design.ReplicateDesign`.
    var
        Numeric (or 0/1, boolean) column.
    by
        Grouping column; rows with a missing group are in no domain (they stay in the design).
    na_rm
        Leave rows with a missing ``var`` out of the estimates (they stay in the design); otherwise
        missing values raise an error.
    alpha
        Intervals are :math:`1-\\alpha`.
    """
    values = design._numeric([var])[:, 0]
    group = design._get(by)
    ok = group.notna().to_numpy() & ~np.isnan(values)
    if not na_rm and (np.isnan(values) & group.notna().to_numpy()).any():
        raise ValueError(
            f"column {var!r} has {int(np.isnan(values).sum())} missing values; pass na_rm=True to leave "
            "those rows out of the estimates (they stay in the design)"
        )
    levels = sorted(group[ok].unique().tolist())
    if len(levels) < 1:
        raise ValueError(f"no rows with both {var!r} and {by!r}")
    masks = np.column_stack([(group == lv).to_numpy() & ok for lv in levels]).astype(float)
    y = np.where(ok, values, 0.0)
    cols = np.empty((len(y), 2 * len(levels)))
    cols[:, 0::2] = masks * y[:, None]
    cols[:, 1::2] = masks
    k = len(levels)

    def value(T: np.ndarray) -> np.ndarray:
        return T[:, 0::2] / T[:, 1::2]

    def gradient(T: np.ndarray) -> np.ndarray:
        jac = np.zeros((2 * k, k))
        jac[2 * np.arange(k), np.arange(k)] = 1 / T[1::2]
        jac[2 * np.arange(k) + 1, np.arange(k)] = -T[0::2] / T[1::2] ** 2
        return jac

    est, cov = function_of_totals(design, cols, value=value, gradient=gradient, present=ok)
    records = []
    for j, lv in enumerate(levels):
        dfj = float(design._domain_df(masks[:, j] > 0))
        se = float(np.sqrt(cov[j, j]))
        low, high = wald(float(est[j]), se, alpha=alpha, df=dfj)
        records.append(
            {
                by: lv,
                "estimate": float(est[j]),
                "se": se,
                "ci_low": low,
                "ci_high": high,
                "df": dfj,
                "n": int(masks[:, j].sum()),
            }
        )
    index = pd.Index(levels, name=by)
    return DomainMeans(
        variable=var,
        by=by,
        table=pd.DataFrame.from_records(records).set_index(by),
        vcov=pd.DataFrame(cov, index=index, columns=index),
        df=float(design._domain_df(ok)),
    )


def _several(
    coefficients: Mapping[str, Mapping[object, float]] | Mapping[object, float],
) -> TypeIs[Mapping[str, Mapping[object, float]]]:
    """Whether ``coefficients`` holds several contrasts (``{name: {domain: coefficient}}``)."""
    return all(isinstance(v, Mapping) for v in coefficients.values())


def contrast(
    means: DomainMeans,
    coefficients: Mapping[str, Mapping[object, float]] | Mapping[object, float],
    *,
    alpha: float = 0.05,
    df: float | None = None,
) -> pd.DataFrame:
    """Linear contrasts :math:`c^T \\bar y` of domain means with SE :math:`\\sqrt{c^T V c}` (R ``svycontrast``).

    Parameters
    ----------
    means
        From :func:`domain_means`.
    coefficients
        One contrast as ``{domain: coefficient}`` (missing domains count 0), or several as
        ``{name: {domain: coefficient}}``.
    alpha
        Intervals are :math:`1-\\alpha`.
    df
        Degrees of freedom of the t tests and intervals; default :attr:`DomainMeans.residual_df`,
        ``math.inf`` for R ``confint(svycontrast(...))``'s normal interval.

    Returns
    -------
    DataFrame
        Index ``contrast``; columns ``estimate``, ``se``, ``t``, ``df``, ``p_value``, ``ci_low``, ``ci_high``.
    """
    levels = list(means.table.index)
    spec = dict(coefficients) if _several(coefficients) else {"contrast": coefficients}
    unknown = {k for c in spec.values() for k in c} - set(levels)
    if unknown:
        raise KeyError(f"no domain(s) {sorted(map(str, unknown))} of {means.by!r}; domains: {levels}")
    C = np.array([[float(c.get(lv, 0.0)) for lv in levels] for c in spec.values()])
    est = C @ means.table["estimate"].to_numpy()
    se = np.sqrt(np.einsum("ij,jk,ik->i", C, means.vcov.to_numpy(), C))
    return _test_table(
        pd.Index(list(spec), name="contrast"), est, se, df=means.residual_df if df is None else df, alpha=alpha
    )


def compare_groups(
    design: DesignEstimators,
    var: str,
    *,
    by: str,
    reference: object | None = None,
    na_rm: bool = False,
    alpha: float = 0.05,
    df: float | None = None,
) -> pd.DataFrame:
    """Difference of each group's mean from a reference group's, with design-based SE, t test and interval.

    Parameters
    ----------
    design
        A linearised or replicate design.
    var
        Numeric or 0/1 column (for 0/1 items the differences are in proportions).
    by
        Grouping column.
    reference
        The group everything is compared with; default the first in sorted order.
    na_rm, alpha
        As :func:`domain_means`.
    df
        As :func:`contrast` (default design df + 1 − groups; for two groups R ``svyttest``'s).

    Returns
    -------
    DataFrame
        Index: the non-reference groups (named ``by``); columns ``reference``, ``estimate_group``,
        ``estimate_reference``, ``difference`` (group − reference), ``se``, ``t``, ``df``,
        ``p_value``, ``ci_low``, ``ci_high``.
    """
    means = domain_means(design, var, by=by, na_rm=na_rm, alpha=alpha)
    levels = list(means.table.index)
    reference = levels[0] if reference is None else reference
    if reference not in levels:
        raise KeyError(f"reference {reference!r} is not a group of {by!r}; groups: {levels}")
    others = [lv for lv in levels if lv != reference]
    table = contrast(means, {lv: {lv: 1.0, reference: -1.0} for lv in others}, alpha=alpha, df=df)
    table.index = pd.Index(others, name=by)
    table = table.rename(columns={"estimate": "difference"})
    estimates = dict(zip(levels, means.table["estimate"].to_numpy()))  # not .loc: levels may be booleans
    table.insert(0, "estimate_reference", float(estimates[reference]))
    table.insert(0, "estimate_group", [float(estimates[lv]) for lv in others])
    table.insert(0, "reference", reference)
    return table


def group_wald_test(
    design: DesignEstimators,
    var: str,
    *,
    by: str,
    na_rm: bool = False,
    df: float | None = None,
) -> WaldTest:
    """Wald F test that the mean of ``var`` is the same in every group of ``by`` (module docstring).

    ``df`` is the denominator df (default design df + 1 − groups, R ``regTermTest``'s; ``math.inf``
    gives the chi-squared test).
    """
    means = domain_means(design, var, by=by, na_rm=na_rm)
    k = len(means.table)
    if k < 2:
        raise ValueError(f"{by!r} has a single group: nothing to compare")
    C = np.hstack([-np.ones((k - 1, 1)), np.eye(k - 1)])
    d = C @ means.table["estimate"].to_numpy()
    V = C @ means.vcov.to_numpy() @ C.T
    chisq = float(d @ np.linalg.pinv(V) @ d)
    den = means.residual_df if df is None else float(df)
    stat = chisq / (k - 1)
    p = float(stats.chi2.sf(chisq, k - 1)) if np.isinf(den) else float(stats.f.sf(stat, k - 1, den))
    return WaldTest(statistic=stat, chisq=chisq, df_num=float(k - 1), df_den=den, p_value=p)


def _test_table(index: pd.Index, est: np.ndarray, se: np.ndarray, *, df: float, alpha: float) -> pd.DataFrame:
    with np.errstate(divide="ignore", invalid="ignore"):
        t = est / se
    p = 2 * (stats.norm.sf(np.abs(t)) if np.isinf(df) else stats.t.sf(np.abs(t), df))
    q = quantile(alpha, df)
    return pd.DataFrame(
        {
            "estimate": est,
            "se": se,
            "t": t,
            "df": float(df),
            "p_value": p,
            "ci_low": est - q * se,
            "ci_high": est + q * se,
        },
        index=index,
    )
