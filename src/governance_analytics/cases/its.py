"""Interrupted time series: segmented regression of one series with Newey–West standard errors.

For a city-wide change (a new rule, a campaign, a department's reorganisation) there is no untreated
comparison: the series' own past, continued, is the counterfactual. See
:func:`interrupted_time_series` for the model. Re-exported by :mod:`governance_analytics.cases.impact`.

References
----------
Wagner, A. K., Soumerai, S. B., Zhang, F., Ross-Degnan, D. (2002). Segmented regression analysis of
interrupted time series studies in medication use research. J Clin Pharm Ther 27(4), 299–309.
Bernal, J. L., Cummins, S., Gasparrini, A. (2017). Interrupted time series regression for the
evaluation of public health interventions: a tutorial. Int J Epidemiol 46(1), 348–355.
Newey, W. K., West, K. D. (1987). A simple, positive semi-definite, heteroskedasticity and
autocorrelation consistent covariance matrix. Econometrica 55(3), 703–708.
Newey, W. K., West, K. D. (1994). Automatic lag selection in covariance matrix estimation. Review of
Economic Studies 61(4), 631–653.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from governance_analytics.cases._twfe import position

__all__ = ["ItsResult", "interrupted_time_series", "newey_west_lags"]


@dataclass(frozen=True)
class ItsResult:
    """Result of :func:`interrupted_time_series`.

    Attributes
    ----------
    table : rows ``baseline_level`` (b0), ``pre_slope`` (b1), ``level_change`` (b2), ``slope_change``
        (b3); columns ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``p_value`` (and, with
        ``log=True``, ``ratio``, ``ratio_low``, ``ratio_high`` = exp of the three)
    lines : indexed like the series: ``observed``, ``fitted`` and ``counterfactual`` (the pre-period
        line continued, NaN before the start), back-transformed with exp when ``log=True``
    t0 : position of the first period at or after the start
    maxlags, n_obs, season, log, alpha : as used
    result : the statsmodels OLS result (HAC covariance)
    """

    table: pd.DataFrame
    lines: pd.DataFrame
    t0: int
    maxlags: int
    n_obs: int
    season: int | None
    log: bool
    alpha: float
    result: Any = field(repr=False, compare=False)


def newey_west_lags(n: int) -> int:
    """Newey & West's (1994) rule for the Bartlett kernel: ``floor(4 (n / 100)^(2/9))`` lags."""
    return int(np.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


def interrupted_time_series(
    series: pd.Series,
    *,
    start,
    season: int | None = None,
    log: bool = False,
    maxlags: int | None = None,
    alpha: float = 0.05,
) -> ItsResult:
    """Segmented regression of an interrupted time series with Newey–West standard errors.

    .. math::

        y_t = b_0 + b_1 t + b_2 D_t + b_3 (t - t_0) D_t \\;[+\\; \\textstyle\\sum_m s_m 1[\\text{season}(t) = m]]
        + e_t, \\qquad D_t = 1[t \\ge t_0],

    with :math:`t = 0, 1, \\dots` the position in the (equally spaced, sorted) series and
    :math:`t_0` the first period at or after ``start``: :math:`b_2` is the level change at the start
    and :math:`b_3` the change of slope (Wagner et al. 2002; Bernal, Cummins & Gasparrini 2017).
    With ``season`` the model adds season dummies (first season omitted): for ``season=12`` on a
    monthly DatetimeIndex the month of year, otherwise the position modulo ``season``. With
    ``log=True`` the model is fitted to :math:`\\log y` (so :math:`e^{b_2}` is the ratio of the level
    just after the start to the counterfactual).

    OLS with the Newey–West (1987) HAC covariance, Bartlett kernel
    :math:`w_l = 1 - l/(L+1)`, ``maxlags`` :math:`L` (default :func:`newey_west_lags`,
    :math:`\\lfloor 4 (T/100)^{2/9} \\rfloor`), times the small-sample factor :math:`T/(T-k)` (statsmodels'
    ``use_correction=True``, as Stata's ``newey``); intervals and p-values use t with
    :math:`T - k` degrees of freedom.

    Parameters
    ----------
    series
        The outcome per period, sorted by its index (e.g. a DatetimeIndex of months), no missing values.
    start
        Label of the first period after the intervention (the first label at or after it is used).
    season
        ``None`` or the number of seasons per cycle (12 for months).
    log
        Fit to the natural log of the (positive) series.
    maxlags
        HAC truncation lag L.
    alpha
        1 − confidence level of the intervals.

    Returns
    -------
    ItsResult
    """
    import statsmodels.api as sm

    if not isinstance(series, pd.Series):
        raise TypeError(f"series must be a pandas Series, got {type(series).__name__}")
    if series.isna().any() or not series.index.is_monotonic_increasing:
        raise ValueError("series must have no missing values and a sorted index")
    n = len(series)
    t0 = position(series.index, start)
    if t0 < 2 or n - t0 < 2:
        raise ValueError(f"start {start!r} must leave at least two periods before and after it")
    y = series.to_numpy(dtype=float)
    if log:
        if (y <= 0).any():
            raise ValueError("log=True needs a positive series")
        y = np.log(y)
    t = np.arange(n, dtype=float)
    after = (t >= t0).astype(float)
    design = pd.DataFrame(
        {"baseline_level": 1.0, "pre_slope": t, "level_change": after, "slope_change": (t - t0) * after},
        index=series.index,
    )
    if season is not None:
        if season < 2:
            raise ValueError(f"season must be None or at least 2, got {season}")
        monthly = isinstance(series.index, pd.DatetimeIndex) and season == 12
        phase = (series.index.month.to_numpy() - 1) if monthly else (np.arange(n) % season)
        for m in np.unique(phase)[1:]:
            design[f"season[{m + 1}]"] = (phase == m).astype(float)
    maxlags = newey_west_lags(n) if maxlags is None else int(maxlags)
    result = sm.OLS(y, design).fit(cov_type="HAC", cov_kwds={"maxlags": maxlags, "use_correction": True}, use_t=True)
    rows = ["baseline_level", "pre_slope", "level_change", "slope_change"]
    ci = result.conf_int(alpha).loc[rows]
    table = pd.DataFrame(
        {
            "estimate": result.params[rows],
            "se": result.bse[rows],
            "ci_low": ci.iloc[:, 0],
            "ci_high": ci.iloc[:, 1],
            "p_value": result.pvalues[rows],
        }
    )
    if log:
        for column, source in (("ratio", "estimate"), ("ratio_low", "ci_low"), ("ratio_high", "ci_high")):
            table[column] = np.exp(table[source])
    fitted = result.fittedvalues.to_numpy()
    counterfactual = (
        design.drop(columns=["level_change", "slope_change"]).to_numpy()
        @ result.params.drop(["level_change", "slope_change"]).to_numpy()
    )
    counterfactual = np.where(t >= t0, counterfactual, np.nan)
    back = np.exp if log else (lambda v: v)
    lines = pd.DataFrame(
        {"observed": series.to_numpy(dtype=float), "fitted": back(fitted), "counterfactual": back(counterfactual)},
        index=series.index,
    )
    return ItsResult(
        table=table, lines=lines, t0=t0, maxlags=maxlags, n_obs=n, season=season, log=log, alpha=alpha, result=result
    )
