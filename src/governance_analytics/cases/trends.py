"""Handling performance over time: backlog, monthly KPIs, and Shewhart p-charts to tell signal from noise.

A monthly rate moves by chance alone; a p-chart (Shewhart) draws the band inside which it should stay
if nothing changed. For period :math:`i` with :math:`n_i` cases and rate :math:`p_i`, the centre line
is the pooled rate of a baseline, :math:`\\bar p = \\sum x_i / \\sum n_i`, and the limits are

.. math::

    \\text{UCL}_i, \\text{LCL}_i = \\bar p \\pm k \\sqrt{\\bar p (1 - \\bar p) / n_i}, \\qquad k = 3,

clipped to [0, 1]. A period outside its limits is a signal worth explaining.

Each KPI is attributed to the period of the event that decides it (the *cohort*):

=========================  =================================  ==========================================
KPI                        cases of period ``i``              numerator
=========================  =================================  ==========================================
``filing_rate``            reported in ``i``                  filed (by ``as_of``)
``closure_rate``           due in ``i`` (due by ``as_of``)    closed by ``as_of``
``on_time_closure_rate``   due in ``i`` (due by ``as_of``)    closed at or before the due time
``rework_rate``            closed in ``i`` (rework recorded)  reworked at least once
=========================  =================================  ==========================================

Reference: Montgomery, D. C. (2013) *Introduction to Statistical Quality Control*, 7th ed., §7.2
(control chart for fraction nonconforming).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance_analytics.cases.lifecycle import kpis, resolve_as_of, with_filing_stage
from governance_analytics.periods import Period

__all__ = ["KPI_COHORTS", "KPI_COUNTS", "backlog", "kpi_series", "p_chart", "kpi_control_chart", "kpi_change"]

#: KPI → (timestamp that places a case in a period, cases counted, numerator), as the module table says.
KPI_COHORTS = {
    "filing_rate": "created_at",
    "closure_rate": "due_at",
    "on_time_closure_rate": "due_at",
    "rework_rate": "closed_at",
}


def _keys(by) -> list[str]:
    return [by] if isinstance(by, str) else list(by or [])


def backlog(cases: pd.DataFrame, *, freq: str = "M", by: str | list[str] | None = None, as_of=None) -> pd.DataFrame:
    """Cases filed, closed and still open per period.

    ``n_open`` is the backlog at the end of each period — filed at or before its end and not closed by
    then — computed as cumulative filings minus cumulative closures. A closure recorded before its own
    filing (an out-of-order file, see :mod:`~governance_analytics.cases.review`) counts at the filing.

    Parameters
    ----------
    freq
        pandas period alias: ``"D"``, ``"W"``, ``"M"`` or ``"Q"``. Periods run from the first filing to
        ``as_of``; the last one may be partial.

    Returns
    -------
    DataFrame
        Index ``period`` (start time; plus ``by``), columns ``n_filed``, ``n_closed`` (in the period)
        and ``n_open``.
    """
    cases = with_filing_stage(cases)
    as_of = resolve_as_of(cases, as_of)
    filed = cases[cases["filed_at"].notna() & (cases["filed_at"] <= as_of)]
    closed_at = filed["closed_at"].where(filed["closed_at"] <= as_of)
    events = pd.DataFrame(
        {
            "n_filed": filed["filed_at"].dt.to_period(freq),
            "n_closed": np.maximum(closed_at, filed["filed_at"]).where(closed_at.notna()).dt.to_period(freq),
        }
    )
    periods = pd.period_range(filed["filed_at"].min(), as_of, freq=freq)
    keys = _keys(by)
    parts = [(None, events)] if not keys else events.groupby([filed[k] for k in keys], sort=True)
    frames = []
    for key, part in parts:
        frame = pd.DataFrame({c: part[c].value_counts().reindex(periods, fill_value=0) for c in events})
        frame["n_open"] = frame["n_filed"].cumsum() - frame["n_closed"].cumsum()
        frame.index = pd.Index(periods.start_time, name="period")
        if keys:
            frame = frame.assign(**dict(zip(keys, key if isinstance(key, tuple) else (key,)))).set_index(
                keys, append=True
            )
        frames.append(frame.astype("int64"))
    return pd.concat(frames)


def _cohort_flags(cases: pd.DataFrame, kpi: str, as_of: pd.Timestamp) -> tuple[pd.Series, pd.Series]:
    """Per case: counted in the denominator, counted in the numerator."""

    def by_as_of(column: str) -> pd.Series:
        return cases[column].notna() & (cases[column] <= as_of)

    filed, closed = by_as_of("filed_at"), by_as_of("closed_at")
    if kpi == "filing_rate":
        return by_as_of("created_at"), filed
    if kpi == "rework_rate":
        known = closed & cases["n_rework"].notna()
        return known, known & (cases["n_rework"].fillna(0) > 0)
    due = filed & by_as_of("due_at")
    if kpi == "closure_rate":
        return due, due & closed
    return due, due & closed & (cases["closed_at"] <= cases["due_at"])


def kpi_series(
    cases: pd.DataFrame,
    *,
    kpi: str = "on_time_closure_rate",
    freq: str = "M",
    by: str | list[str] | None = None,
    as_of=None,
) -> pd.DataFrame:
    """A KPI per period, each case in the period of its cohort timestamp (:data:`KPI_COHORTS`).

    ``freq`` is a pandas period alias (``"W"``, ``"M"``, ``"Q"``).

    Returns
    -------
    DataFrame
        Index ``period`` (start time; plus ``by``), columns ``n`` (denominator), ``x`` (numerator) and ``rate``.
    """
    if kpi not in KPI_COHORTS:
        raise ValueError(f"kpi must be one of {sorted(KPI_COHORTS)}, got {kpi!r}")
    cases = with_filing_stage(cases)
    as_of = resolve_as_of(cases, as_of)
    counted, success = _cohort_flags(cases, kpi, as_of)
    stamp = cases.loc[counted, KPI_COHORTS[kpi]].dt.to_period(freq).dt.start_time
    frame = pd.DataFrame({"n": 1, "x": success[counted].astype("int64"), "period": stamp})
    keys = _keys(by)
    for k in keys:
        frame[k] = cases.loc[counted, k]
    table = frame.groupby([*keys, "period"]).sum()
    if keys:
        table = table.reorder_levels(["period", *keys]).sort_index()
    table["rate"] = table["x"] / table["n"]
    return table


def p_chart(
    x: pd.Series,
    n: pd.Series,
    *,
    baseline: pd.Series | None = None,
    sigma: float = 3.0,
) -> pd.DataFrame:
    """Shewhart p-chart with limits varying by sample size (module docstring formula).

    Parameters
    ----------
    x, n
        Successes and sample sizes per period (aligned Series).
    baseline
        Boolean mask of the periods that set the centre line (default all): set it to the periods
        before a suspected change so the change is judged against the past. A baseline without
        any case (no past to judge against) gives a NaN centre and limits, and no signal.
    sigma
        Width of the limits in standard errors (3 in Shewhart's chart).

    Returns
    -------
    DataFrame
        ``x``, ``n``, ``rate``, ``centre``, ``lcl``, ``ucl``, ``signal`` (``"above"``, ``"below"`` or ``""``).
    """
    mask = pd.Series(True, index=x.index) if baseline is None else baseline.reindex(x.index).fillna(False).astype(bool)
    pooled = n[mask].sum()
    centre = x[mask].sum() / pooled if pooled > 0 else np.nan  # no baseline (e.g. the data's first period): no limits
    half = sigma * np.sqrt(centre * (1 - centre) / n)
    rate = x / n
    out = pd.DataFrame(
        {
            "x": x,
            "n": n,
            "rate": rate,
            "centre": centre,
            "lcl": (centre - half).clip(lower=0.0),
            "ucl": (centre + half).clip(upper=1.0),
        }
    )
    out["signal"] = np.select([rate > out["ucl"], rate < out["lcl"]], ["above", "below"], "")
    return out


def kpi_control_chart(
    cases: pd.DataFrame,
    *,
    kpi: str = "on_time_closure_rate",
    freq: str = "M",
    by: str | None = None,
    baseline_end=None,
    as_of=None,
    sigma: float = 3.0,
) -> pd.DataFrame:
    """:func:`kpi_series` with a :func:`p_chart` per group.

    ``baseline_end`` (exclusive) limits the centre line to the periods before it — e.g. the start of the
    reporting period, so this period is judged against the past. Default: all periods.
    """
    series = kpi_series(cases, kpi=kpi, freq=freq, by=by, as_of=as_of)
    groups = [(None, series)] if by is None else series.groupby(level=by, sort=True)
    charts = []
    for _, part in groups:
        periods = part.index.get_level_values("period")
        baseline = None if baseline_end is None else pd.Series(periods < pd.Timestamp(baseline_end), index=part.index)
        charts.append(p_chart(part["x"], part["n"], baseline=baseline, sigma=sigma))
    return pd.concat(charts)


#: Rate → (numerator, denominator) columns of :func:`~governance_analytics.cases.lifecycle.kpis`.
KPI_COUNTS = {
    "filing_rate": ("n_filed", "n_reported"),
    "closure_rate": ("n_closed", "n_due"),
    "on_time_closure_rate": ("n_closed_on_time", "n_due"),
}


def _period_kpis(cases: pd.DataFrame, period: Period, keys: list[str]) -> pd.DataFrame:
    """KPIs of the cases reported in ``period``, as the record stood at its end."""
    reported = cases[period.contains(cases["created_at"])]
    as_of = period.last_instant
    return kpis(reported, by=keys or None, as_of=as_of)


def kpi_change(
    cases: pd.DataFrame,
    *,
    period: Period,
    compare: Period,
    kpi: str = "on_time_closure_rate",
    by: str | list[str] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """A KPI in ``period`` against ``compare``, with the difference's interval and test.

    Each period's KPI is that of the cases reported in it, as the record stood at the period's end
    (:func:`~governance_analytics.cases.lifecycle.kpis` with ``as_of`` the end). The difference
    :math:`d = p_1 - p_0` gets Newcombe's hybrid score interval (Newcombe 1998, method 10) and the
    score test of :math:`d = 0` (Miettinen & Nurminen 1985), both from
    :mod:`statsmodels.stats.proportion` (``confint_proportions_2indep(method="newcomb")``,
    ``test_proportions_2indep(method="score")``).

    Returns
    -------
    DataFrame
        Per group (or ``all``): ``x``, ``n``, ``rate`` (this period), ``x_compare``, ``n_compare``,
        ``rate_compare``, ``diff`` (percentage points / 100), ``ci_low``, ``ci_high``, ``p_value``;
        NaN where either period has no case in the denominator — so also when a period has no case
        at all (before the data begin, say): its counts are 0 and its rate NaN.
    """
    from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

    if kpi not in KPI_COUNTS:
        raise ValueError(f"kpi must be one of {sorted(KPI_COUNTS)}, got {kpi!r}")
    num, den = KPI_COUNTS[kpi]
    keys = _keys(by)
    now, before = _period_kpis(cases, period, keys), _period_kpis(cases, compare, keys)
    table = (
        pd.DataFrame({"x": now[num], "n": now[den]})
        .join(pd.DataFrame({"x_compare": before[num], "n_compare": before[den]}), how="outer")
        .fillna(0)
        .astype("int64")
    )
    table["rate"] = table["x"] / table["n"].where(table["n"] > 0)
    table["rate_compare"] = table["x_compare"] / table["n_compare"].where(table["n_compare"] > 0)
    table["diff"] = table["rate"] - table["rate_compare"]
    rows = []
    for x1, n1, x0, n0 in table[["x", "n", "x_compare", "n_compare"]].itertuples(index=False):
        if n1 == 0 or n0 == 0:
            rows.append((np.nan, np.nan, np.nan))
            continue
        low, high = confint_proportions_2indep(x1, n1, x0, n0, method="newcomb", compare="diff", alpha=alpha)
        p = test_proportions_2indep(x1, n1, x0, n0, method="score", compare="diff").pvalue
        rows.append((float(low), float(high), float(p) if np.isfinite(p) else 1.0))  # 0/n vs 0/n: no difference
    tests = ["ci_low", "ci_high", "p_value"]
    table[tests] = pd.DataFrame(rows, index=table.index, columns=tests, dtype=float)  # also 0 rows, or all NaN
    return table[["x", "n", "rate", "x_compare", "n_compare", "rate_compare", "diff", "ci_low", "ci_high", "p_value"]]
