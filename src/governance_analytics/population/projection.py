"""Scenarios and projections: where each unit's population is heading, with what was assumed beside it.

A projection is a conditional statement — *if* these assumptions hold, the population will be this —
so every result here carries its assumptions as text (``result.text``, also ``print(result)``).

:func:`project` extrapolates each unit of a ``population_units`` table by one of three trends
(t₀ the jump-off year, the last base year; P₀ its observed population):

============  ===================================================================================
method        formula
============  ===================================================================================
geometric     :math:`P_t = P_0 (1 + r)^{t - t_0}`, r the compound annual rate of the base period
logistic      :math:`P_t = K / (1 + \\frac{K - P_0}{P_0} e^{-r (t - t_0)})`, K the carrying capacity
              (default the unit's ``planned_capacity``), r fitted on the logit scale
damped        Holt's linear trend with a damped slope, ETS(A,Ad,N): :math:`\\hat P_{t_0+h} = \\ell_{t_0} +
              (\\phi + \\phi^2 + \\dots + \\phi^h) b_{t_0}`, fitted by statsmodels with prediction intervals
============  ===================================================================================

:func:`years_to_capacity` reads a projection against each unit's capacity: when is it reached?

Cohort-component projection by age and sex is in :mod:`governance_analytics.population.cohort`.

References
----------
Preston, S. H., Heuveline, P., Guillot, M. (2001). *Demography: Measuring and Modeling Population
Processes*. Blackwell. Ch. 1 (growth rates).
Smith, S. K., Tayman, J., Swanson, D. A. (2013). *A Practitioner's Guide to State and Local Population
Projections*. Springer (trend extrapolation: geometric, logistic with a ceiling).
Pearl, R., Reed, L. J. (1920). On the rate of growth of the population of the United States since
1790 and its mathematical representation. PNAS 6(6), 275–288.
Gardner, E. S., McKenzie, E. (1985). Forecasting trends in time series. Management Science 31(10),
1237–1246.
Hyndman, R. J., Koehler, A. B., Ord, J. K., Snyder, R. D. (2008). *Forecasting with Exponential
Smoothing: The State Space Approach*. Springer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from governance_analytics.population import _trend

__all__ = ["METHODS", "Projection", "base_years", "project", "years_to_capacity"]

#: Trend methods of :func:`project`.
METHODS = ("geometric", "logistic", "damped")

_FITS = ("two_point", "least_squares")
_GAPS = ("annual_run", "interpolate")


# --------------------------------------------------------------------------------------------------
# Trend projections
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Projection:
    """Result of :func:`project`.

    Attributes
    ----------
    table : one row per unit and projected year: ``unit_id``, ``year``, ``population``, ``lower``,
        ``upper`` (the prediction interval of the damped trend; NaN for the deterministic geometric and
        logistic methods, and everywhere for a unit that was not projected)
    parameters : one row per unit: ``unit_id``, ``unit_name`` (if the input has it), ``base_year``
        (jump-off t₀), ``base_population`` (P₀), ``capacity`` (K, NaN if none), ``start_year`` and
        ``n_obs`` (observations used), ``rate`` (r, geometric and logistic) or the ETS parameters
        ``smoothing_level`` (α), ``smoothing_trend`` (β), ``damping_trend`` (φ), ``initial_level``,
        ``initial_trend``, ``sigma2``, ``aicc`` (damped); ``status`` ("projected" or "not projected")
        and ``note`` (why not, or an optimiser warning)
    method, fit, gaps, base_years, alpha : as used
    assumptions : the assumptions, one sentence each
    """

    table: pd.DataFrame
    parameters: pd.DataFrame
    method: str
    fit: str
    gaps: str
    base_years: tuple[int, int]
    alpha: float
    assumptions: tuple[str, ...]

    @property
    def text(self) -> str:
        """The assumptions and each unit's parameters as printable text."""
        years = self.table["year"]
        head = (
            f"{_trend.LABELS[self.method]} projection of {len(self.parameters)} units to "
            f"{_trend.span(int(years.min()), int(years.max()))}"
            if len(years)
            else _trend.LABELS[self.method]
        )
        lines = [head, "Assumptions:", *(f"  - {a}" for a in self.assumptions), "Per unit:"]
        lines += [f"  {_trend.unit_line(row, self.method)}" for row in self.parameters.to_dict("records")]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text


def project(
    units: pd.DataFrame,
    *,
    method: str = "geometric",
    years: Sequence[int] | None = None,
    horizon: int = 10,
    base_years: tuple[int, int] | None = None,
    fit: str = "two_point",
    rate: float | Mapping[str, float] | pd.Series | None = None,
    capacity: str | float | Mapping[str, float] | pd.Series | None = "planned_capacity",
    gaps: str = "annual_run",
    min_obs: int = 6,
    alpha: float = 0.05,
) -> Projection:
    """Project each unit's population by a geometric, logistic or damped trend (module table).

    Parameters
    ----------
    units
        A ``population_units`` table (``unit_id``, ``year``, ``population``; ``unit_name`` and the
        ``capacity`` column used if present), one row per unit and year.
    method
        ``"geometric"``, ``"logistic"`` or ``"damped"``.
    years, horizon
        Years to project, all after the jump-off; default the ``horizon`` years after each unit's.
    base_years
        (first, last) year of the base period, inclusive; default the table's first and last year.
        The last is the jump-off t₀ of the geometric and logistic methods (every unit needs it); the
        damped trend jumps off from each unit's last observation in the period.
    fit
        How r is fitted (geometric, logistic): ``"two_point"`` through the first and last base year,
        in closed form — geometric :math:`r = (P_b / P_a)^{1/(b-a)} - 1`, logistic
        :math:`r = [\\mathrm{logit}_K P_b - \\mathrm{logit}_K P_a] / (b - a)` with
        :math:`\\mathrm{logit}_K P = \\ln(P / (K - P))`; or ``"least_squares"``, the OLS slope of
        :math:`\\ln P` (geometric, :math:`r = e^{slope} - 1`) or of :math:`\\mathrm{logit}_K P` (logistic,
        Pearl & Reed's linearisation) on the year over every observation in the base period. Either
        way the path starts from the observed P₀.
    rate
        A scenario instead of a fit (geometric, logistic): r for every unit, or per ``unit_id``.
    capacity
        Column of ``units`` (its value in the jump-off year), one number, or per ``unit_id``: K of the
        logistic; carried into ``parameters`` for :func:`years_to_capacity` by the other methods,
        which it does not constrain. ``None``: no capacity.
    gaps
        The damped trend needs one observation per year, and a table of census years plus a recent
        annual run (2000, 2010, 2020, 2021–2025) has gaps: ``"annual_run"`` fits each unit's last
        run of consecutive years only; ``"interpolate"`` fills the missing years log-linearly
        between observations and fits the whole base period (interpolated years carry no noise, so
        the intervals understate the uncertainty).
    min_obs
        Fewest annual observations for the damped trend (default 6: one more than its five estimated
        parameters α, β, φ, ℓ₀, b₀). R's ``forecast::ets`` asks for at least 10.
    alpha
        The damped trend's prediction interval covers 1 − alpha.

    Returns
    -------
    Projection
        ``table`` (unit × year), ``parameters`` (unit), ``assumptions`` and ``text``. A unit that
        cannot be projected as asked (a base year missing, P ≥ K for the logistic, too few
        observations) keeps NaN rows and says why in ``parameters.note`` and the assumptions.
    """
    _choose(method, METHODS, "method")
    _choose(fit, _FITS, "fit")
    _choose(gaps, _GAPS, "gaps")
    if method == "damped" and rate is not None:
        raise ValueError("rate is a scenario for the geometric and logistic methods; the damped trend is fitted")
    if method == "logistic" and capacity is None:
        raise ValueError("the logistic method needs a capacity K: a column of units, a number or one per unit_id")
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie in (0, 1), got {alpha}")
    data = _trend.observations(units)
    if base_years is None:
        first, last = int(data["year"].min()), int(data["year"].max())
    else:
        first, last = (int(y) for y in base_years)
    if first > last or (first == last and rate is None and method != "damped"):
        raise ValueError(f"base_years must be (first, last) with first < last to fit a rate, got {base_years}")
    targets = None if years is None else np.unique(np.asarray(years, dtype=int))
    if targets is None and horizon < 1:
        raise ValueError(f"horizon must be at least 1 year, got {horizon}")
    ids = sorted(data["unit_id"].unique())
    if method == "logistic" and isinstance(capacity, str) and capacity not in units.columns:
        raise ValueError(f"units: no capacity column {capacity!r} for the logistic method")
    rates = None if rate is None else _trend.per_unit(rate, ids)
    caps = _trend.capacities(units, capacity, ids)
    names = (
        units.assign(unit_id=units["unit_id"].astype(str)).groupby("unit_id")["unit_name"].first()
        if "unit_name" in units
        else None
    )

    rows, params = [], []
    for uid, part in data.groupby("unit_id", sort=True):
        series = part.set_index("year")["population"].loc[first:last]
        spec = _trend.unit_spec(
            uid,
            series,
            method=method,
            fit=fit,
            gaps=gaps,
            min_obs=min_obs,
            first=first,
            last=last,
            rate=None if rates is None else rates[uid],
            caps=caps,
        )
        t0 = spec["base_year"]
        wanted = np.arange(t0 + 1, t0 + horizon + 1) if targets is None else targets
        if len(wanted) and wanted[0] <= t0:
            raise ValueError(f"years must all be after the jump-off year {t0} (unit {uid}), got {wanted[0]}")
        path, fitted = _trend.unit_path(spec, wanted, method=method, alpha=alpha)
        rows.append(pd.DataFrame({"unit_id": uid, "year": wanted, **path}))
        spec = {k: v for k, v in {**spec, **fitted}.items() if k != "series"}
        named = {} if names is None else {"unit_name": names.get(uid)}
        params.append({"unit_id": uid, **named, **spec})
    table = pd.concat(rows, ignore_index=True).astype({"year": "int64"})
    parameters = pd.DataFrame(params)
    assumptions = _trend.assumptions(
        parameters,
        method=method,
        fit=fit,
        gaps=gaps,
        first=first,
        last=last,
        rate_given=rate is not None,
        capacity=capacity,
        alpha=alpha,
    )
    return Projection(
        table=table,
        parameters=parameters,
        method=method,
        fit=fit,
        gaps=gaps,
        base_years=(first, last),
        alpha=alpha,
        assumptions=assumptions,
    )


def years_to_capacity(projection: Projection, *, bound: str = "population") -> pd.DataFrame:
    """When each unit's projected population first reaches its capacity.

    Parameters
    ----------
    projection
        A :class:`Projection` whose ``parameters`` carry a ``capacity``.
    bound
        ``"population"`` (the projection) or ``"upper"`` / ``"lower"`` (the damped trend's interval:
        the earliest / latest plausible year).

    Returns
    -------
    DataFrame
        One row per unit: ``unit_id``, ``base_year``, ``base_population``, ``capacity``,
        ``base_ratio`` (P₀ / K), ``first_year`` (the jump-off year if P₀ ≥ K already, else the first
        projected year with P ≥ K; missing if not within the projection or K unknown),
        ``years_to_capacity`` (first_year − base_year), ``reached`` (bool) and ``over_at_end`` (the
        last projected year at or above K: a declining unit over K at the jump-off may fall below it).
        The logistic never reaches K from below.
    """
    _choose(bound, ("population", "upper", "lower"), "bound")
    params = projection.parameters.set_index("unit_id")
    out = params[["base_year", "base_population", "capacity"]].copy()
    out["base_ratio"] = out["base_population"] / out["capacity"]
    over = projection.table[projection.table[bound] >= projection.table["unit_id"].map(params["capacity"])]
    first = over.groupby("unit_id")["year"].min().reindex(out.index)
    first = first.where(~(out["base_ratio"] >= 1), out["base_year"])
    out["first_year"] = first.astype("Int64")
    out["years_to_capacity"] = (out["first_year"] - out["base_year"]).astype("Int64")
    out["reached"] = out["first_year"].notna().to_numpy(bool)
    final = projection.table.sort_values("year").groupby("unit_id").tail(1).set_index("unit_id")[bound]
    out["over_at_end"] = (final.reindex(out.index) >= out["capacity"]).to_numpy(bool)
    return out.reset_index()


def _choose(value: str, options: Sequence[str], what: str) -> None:
    if value not in options:
        raise ValueError(f"{what} must be one of {list(options)}, got {value!r}")


def base_years(years, *, since: int = 2010) -> tuple[int, int] | None:
    """The years a trend projection is fitted between: the first observed year from ``since`` on (the
    first observed, if none is that late) and the last; ``None`` with fewer than two years.

    >>> base_years([2000, 2010, 2020, 2025])
    (2010, 2025)
    """
    observed = sorted({int(y) for y in years})
    if len(observed) < 2:
        return None
    first = next((y for y in observed if y >= since), observed[0])
    return (first, observed[-1]) if first < observed[-1] else (observed[0], observed[-1])
