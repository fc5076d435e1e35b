"""Machinery of :func:`governance_analytics.population.projection.project`.

The fits (``geometric_rate`` … ``damped_fit``) take one unit's observed populations as a Series
indexed by year (sorted, positive, no missing values) and return plain numbers or arrays. The
bookkeeping (``observations`` … ``unit_path``) resolves each unit's base period, jump-off, capacity
and rate, and says why a unit cannot be projected; ``assumptions`` and ``unit_line`` write the text.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "LABELS",
    "NOT_PROJECTED",
    "annual_series",
    "assumptions",
    "capacities",
    "capacity_of",
    "damped_fit",
    "geometric_path",
    "geometric_rate",
    "logistic_path",
    "logistic_rate",
    "observations",
    "per_unit",
    "span",
    "unit_line",
    "unit_path",
    "unit_spec",
]

#: Display name of each method.
LABELS = {
    "geometric": "Geometric (compound growth)",
    "logistic": "Logistic (growth towards a capacity)",
    "damped": "Damped-trend exponential smoothing",
}
#: ``status`` of a unit that cannot be projected as asked.
NOT_PROJECTED = "not projected"


def geometric_rate(series: pd.Series, *, fit: str) -> float:
    """Compound annual growth rate r of ``series``.

    ``fit="two_point"``: :math:`r = (P_b / P_a)^{1/(b-a)} - 1` from the first and last year;
    ``fit="least_squares"``: :math:`r = e^{\\hat\\beta} - 1` with :math:`\\hat\\beta` the OLS slope of
    :math:`\\ln P_t` on :math:`t` over every year of ``series``.
    """
    years = series.index.to_numpy(float)
    logp = np.log(series.to_numpy(float))
    if fit == "two_point":
        slope = (logp[-1] - logp[0]) / (years[-1] - years[0])
    else:
        slope = np.polyfit(years, logp, 1)[0]
    return float(np.expm1(slope))


def geometric_path(p0: float, rate: float, steps: np.ndarray) -> np.ndarray:
    """:math:`P_{t_0 + h} = P_0 (1 + r)^h` for ``steps`` h."""
    return p0 * (1.0 + rate) ** steps


def _logit(p: np.ndarray, capacity: float) -> np.ndarray:
    return np.log(p / (capacity - p))


def logistic_rate(series: pd.Series, capacity: float, *, fit: str) -> float:
    """Intrinsic rate r of the logistic curve with carrying capacity K through ``series``.

    The logistic :math:`P_t = K / (1 + e^{-(a + r t)})` is linear on the logit scale,
    :math:`\\ln(P_t / (K - P_t)) = a + r t`. ``fit="two_point"`` solves it through the first and last
    year in closed form; ``fit="least_squares"`` takes the OLS slope of the logit on t over every
    year (the linearised fit of Pearl & Reed 1920). Every P must be below K.
    """
    years = series.index.to_numpy(float)
    z = _logit(series.to_numpy(float), capacity)
    if fit == "two_point":
        return float((z[-1] - z[0]) / (years[-1] - years[0]))
    return float(np.polyfit(years, z, 1)[0])


def logistic_path(p0: float, capacity: float, rate: float, steps: np.ndarray) -> np.ndarray:
    """:math:`P_{t_0+h} = K / (1 + \\frac{K - P_0}{P_0} e^{-r h})` for ``steps`` h; P_0 < K."""
    return capacity / (1.0 + (capacity - p0) / p0 * np.exp(-rate * steps))


def annual_series(series: pd.Series, *, gaps: str) -> pd.Series:
    """One observation per year for the damped-trend fit.

    ``gaps="annual_run"``: the longest run of consecutive years that ends at the last year (earlier
    years before a gap are dropped). ``gaps="interpolate"``: every year from the first to the last,
    the missing ones log-linearly interpolated between their observed neighbours,
    :math:`P_t = P_a (P_b / P_a)^{(t - a)/(b - a)}`.
    """
    years = series.index.to_numpy(int)
    if gaps == "annual_run":
        breaks = np.flatnonzero(np.diff(years) != 1)
        start = breaks[-1] + 1 if len(breaks) else 0
        return series.iloc[start:].astype(float)
    full = np.arange(years[0], years[-1] + 1)
    logp = np.interp(full, years, np.log(series.to_numpy(float)))
    return pd.Series(np.exp(logp), index=pd.Index(full, name=series.index.name))


def damped_fit(series: pd.Series, steps: int, *, alpha: float) -> tuple[dict[str, float], pd.DataFrame, str]:
    """Fit ETS(A,Ad,N) to an annual ``series`` and forecast ``steps`` years ahead.

    Fitted by maximum likelihood with ``statsmodels`` ``ETSModel(error="add", trend="add",
    damped_trend=True)`` (default bounds, φ in [0.8, 0.98]); the forecast and its (1 − alpha)
    prediction interval come from ``get_prediction`` (statsmodels' closed-form ETS variances).

    Returns
    -------
    params, forecast, note
        ``params``: smoothing_level (α), smoothing_trend (β), damping_trend (φ), initial_level,
        initial_trend, sigma2 (mean squared one-step error), aicc; ``forecast``: columns
        ``population``, ``lower``, ``upper`` for years ``last + 1 … last + steps``; ``note``: any
        optimiser warning (empty when none).
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    first, last = int(series.index[0]), int(series.index[-1])
    y = pd.Series(series.to_numpy(float), index=pd.period_range(str(first), periods=len(series), freq="Y"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = ETSModel(y, error="add", trend="add", damped_trend=True).fit(disp=False)
    note = "; ".join(sorted({str(w.message).splitlines()[0] for w in caught}))
    frame = result.get_prediction(start=len(y), end=len(y) + steps - 1).summary_frame(alpha=alpha)
    forecast = pd.DataFrame(
        {
            "population": frame["mean"].to_numpy(),
            "lower": frame["pi_lower"].to_numpy(),
            "upper": frame["pi_upper"].to_numpy(),
        },
        index=pd.Index(np.arange(last + 1, last + steps + 1), name="year"),
    )
    params = dict(zip(result.param_names, map(float, result.params), strict=True))
    params.update(sigma2=float(result.mse), aicc=float(result.aicc))
    return params, forecast, note


def observations(units: pd.DataFrame) -> pd.DataFrame:
    """unit_id (str), year (int), population (float > 0) with missing populations dropped."""
    missing = [c for c in ("unit_id", "year", "population") if c not in units.columns]
    if missing:
        raise ValueError(f"units: missing column(s) {missing}; expected a population_units table")
    data = units[["unit_id", "year", "population"]].dropna(subset=["population"])
    data = data.astype({"unit_id": str, "year": "int64", "population": float})
    duplicated = data.duplicated(["unit_id", "year"])
    if duplicated.any():
        row = data[duplicated].iloc[0]
        raise ValueError(f"units: more than one row for unit {row['unit_id']} in {row['year']}")
    if (data["population"] <= 0).any():
        row = data[data["population"] <= 0].iloc[0]
        raise ValueError(
            f"units: population must be positive, got {row['population']:g} for unit {row['unit_id']} in {row['year']}"
        )
    if data.empty:
        raise ValueError("units: no population to project")
    return data.sort_values(["unit_id", "year"])


def per_unit(value: float | Mapping[str, float] | pd.Series, ids: Sequence[str]) -> dict[str, float]:
    """One number per unit id from a scalar, a mapping or a Series keyed by unit_id (NaN if absent)."""
    if isinstance(value, (Mapping, pd.Series)):
        given = {str(k): float(v) for k, v in value.items()}
        return {uid: given.get(uid, np.nan) for uid in ids}
    return dict.fromkeys(ids, float(value))


def capacities(units: pd.DataFrame, capacity, ids: Sequence[str]) -> pd.Series | dict[str, float] | None:
    """Capacity per (unit_id, year) from a column, or per unit_id otherwise."""
    if capacity is None:
        return None
    if isinstance(capacity, str):
        if capacity not in units.columns:
            return {}
        keyed = units.assign(unit_id=units["unit_id"].astype(str), year=units["year"].astype("int64"))
        return keyed.set_index(["unit_id", "year"])[capacity]
    return per_unit(capacity, ids)


def capacity_of(caps, uid: str, year: int) -> float:
    """K of unit ``uid`` (from the column in ``year``, or the per-unit value); NaN if unknown."""
    if caps is None:
        return np.nan
    if isinstance(caps, pd.Series):
        value = caps.get((uid, year), np.nan)
    else:
        value = caps.get(uid, np.nan)
    return np.nan if pd.isna(value) else float(value)


def unit_spec(
    uid: str,
    series: pd.Series,
    *,
    method: str,
    fit: str,
    gaps: str,
    min_obs: int,
    first: int,
    last: int,
    rate: float | None,
    caps,
) -> dict:
    """Jump-off, capacity and fitted rate of one unit; ``status`` says whether it can be projected."""
    spec: dict = {"base_year": last, "base_population": np.nan, "capacity": np.nan, "start_year": np.nan, "n_obs": 0}
    if method == "damped":
        annual = annual_series(series, gaps=gaps) if len(series) else series
        if len(annual):
            spec.update(
                base_year=int(annual.index[-1]),
                base_population=float(annual.iloc[-1]),
                start_year=int(annual.index[0]),
                n_obs=len(annual),
            )
        spec["capacity"] = capacity_of(caps, uid, spec["base_year"])
        if len(annual) < min_obs:
            return {**spec, "status": NOT_PROJECTED, "note": f"{len(annual)} annual observations, fewer than {min_obs}"}
        return {**spec, "series": annual, "status": "projected", "note": ""}

    spec["capacity"] = capacity_of(caps, uid, last)
    if last not in series.index:
        return {**spec, "status": NOT_PROJECTED, "note": f"no population in the jump-off year {last}"}
    spec["base_population"] = float(series.loc[last])
    if rate is not None:
        if np.isnan(rate):
            return {**spec, "status": NOT_PROJECTED, "note": "no rate given"}
        used = series.loc[[last]]
    elif fit == "two_point":
        if first not in series.index:
            return {**spec, "status": NOT_PROJECTED, "note": f"no population in the first base year {first}"}
        used = series.loc[[first, last]]
    else:
        used = series
        if len(used) < 2:
            return {**spec, "status": NOT_PROJECTED, "note": "fewer than two base years to fit the rate"}
    spec.update(start_year=int(used.index[0]), n_obs=len(used))
    if method == "logistic":
        cap = spec["capacity"]
        if np.isnan(cap):
            return {**spec, "status": NOT_PROJECTED, "note": "no capacity K"}
        if (used >= cap).any():
            at = ", ".join(str(y) for y in used.index[used >= cap])
            return {**spec, "status": NOT_PROJECTED, "note": f"population at or above K in {at}"}
        spec["rate"] = rate if rate is not None else logistic_rate(used, cap, fit=fit)
    else:
        spec["rate"] = rate if rate is not None else geometric_rate(used, fit=fit)
    return {**spec, "status": "projected", "note": ""}


def unit_path(spec: dict, years: np.ndarray, *, method: str, alpha: float) -> tuple[dict, dict]:
    """Projected population (and interval) of one unit in ``years``, and the damped trend's parameters."""
    empty = np.full(len(years), np.nan)
    if spec["status"] != "projected" or not len(years):
        return {"population": empty, "lower": empty, "upper": empty}, {}
    steps = (years - spec["base_year"]).astype(float)
    if method == "geometric":
        path = geometric_path(spec["base_population"], spec["rate"], steps)
        return {"population": path, "lower": empty, "upper": empty}, {}
    if method == "logistic":
        path = logistic_path(spec["base_population"], spec["capacity"], spec["rate"], steps)
        return {"population": path, "lower": empty, "upper": empty}, {}
    values, forecast, note = damped_fit(spec["series"], int(steps.max()), alpha=alpha)
    forecast = forecast.loc[years]
    return {c: forecast[c].to_numpy() for c in ("population", "lower", "upper")}, {**values, "note": note}


def span(a: int, b: int) -> str:
    """``2020–2025``, or ``2025`` when both are the same year."""
    return str(a) if a == b else f"{a}–{b}"


def assumptions(
    parameters: pd.DataFrame,
    *,
    method: str,
    fit: str,
    gaps: str,
    first: int,
    last: int,
    rate_given: bool,
    capacity,
    alpha: float,
) -> tuple[str, ...]:
    """The assumptions of a :func:`project` call as sentences (see the module table for the formulas)."""
    cap_text = (
        f"the unit's {capacity} in the jump-off year"
        if isinstance(capacity, str)
        else "the capacity given for each unit"
    )
    done = parameters[parameters["status"] == "projected"]
    out = []
    if method == "geometric":
        if rate_given:
            out.append(
                f"Growth is geometric at the compound annual rate r set for each unit (a scenario, not "
                f"fitted), unchanged after {last}."
            )
        elif fit == "two_point":
            out.append(
                f"Growth is geometric: each unit's compound annual rate over {first}–{last}, "
                f"r = (P_{last} / P_{first})^(1/{last - first}) − 1, continues unchanged after {last}."
            )
        else:
            out.append(
                f"Growth is geometric: each unit's rate r = exp(b) − 1, b the least-squares slope of ln P "
                f"on the year over its observations in {first}–{last}, continues unchanged after {last}."
            )
        out.append(f"P_t = P_{last} · (1 + r)^(t − {last}), starting from the observed {last} population.")
    elif method == "logistic":
        out.append(f"Growth is logistic towards a carrying capacity K = {cap_text}, which stays fixed.")
        if rate_given:
            out.append("The rate r is set for each unit (a scenario, not fitted).")
        elif fit == "two_point":
            out.append(
                f"The rate r is fitted in closed form through {first} and {last}: "
                f"r = [ln(P_{last} / (K − P_{last})) − ln(P_{first} / (K − P_{first}))] / {last - first}."
            )
        else:
            out.append(
                f"The rate r is the least-squares slope of ln(P / (K − P)) on the year over each unit's "
                f"observations in {first}–{last} (the linearised logistic of Pearl & Reed 1920)."
            )
        out.append(
            f"P_t = K / (1 + ((K − P_{last}) / P_{last}) · exp(−r (t − {last}))), starting from the "
            f"observed {last} population; it approaches K and never reaches it."
        )
    else:
        out.append(
            "The trend is Holt's linear trend with a damped slope, ETS(A,Ad,N) (Gardner & McKenzie 1985; "
            "Hyndman et al. 2008): forecast ℓ + (φ + φ² + … + φ^h) b, fitted to each unit separately by "
            "maximum likelihood with statsmodels ETSModel(error='add', trend='add', damped_trend=True), "
            "φ bounded to [0.8, 0.98]."
        )
        if gaps == "annual_run":
            runs = sorted({span(int(r.start_year), int(r.base_year)) for r in done.itertuples()})
            out.append(
                f"Fitted to each unit's last run of consecutive annual observations in {first}–{last} "
                f"({'; '.join(runs) or 'none'}); earlier years before a gap are not used."
            )
        else:
            out.append(
                f"Fitted to every year of {first}–{last}; years without an observation are interpolated "
                "log-linearly between the observed ones, carry no noise, and make the intervals too narrow."
            )
        out.append(
            f"{100 * (1 - alpha):g}% prediction intervals from statsmodels' closed-form ETS variances: "
            "Gaussian additive errors of constant variance, parameters treated as known."
        )
        if len(done) and done["n_obs"].min() < 10:
            out.append(
                f"Few observations (as few as {int(done['n_obs'].min())}; R's forecast::ets asks for 10 "
                "to fit a damped trend): read the intervals as indicative."
            )
    if method != "logistic" and capacity is not None and parameters["capacity"].notna().any():
        out.append("Capacity does not limit growth in this method; years_to_capacity reads it against the path.")
    if method != "damped":
        out.append("Deterministic: no interval (lower and upper are empty).")
    skipped = parameters[parameters["status"] != "projected"]
    if len(skipped):
        out.append("Not projected: " + "; ".join(f"{r.unit_id} ({r.note})" for r in skipped.itertuples()) + ".")
    return tuple(out)


def unit_line(row: dict, method: str) -> str:
    """One unit's line of the projection text: jump-off population and the parameters used."""
    name = f" {row['unit_name']}" if row.get("unit_name") is not None else ""
    head = f"{row['unit_id']}{name}"
    if row["status"] != "projected":
        return f"{head}: {NOT_PROJECTED} ({row['note']})"
    text = f"{head}: P_{row['base_year']} = {row['base_population']:,.0f}"
    if method == "logistic":
        text += f", K = {row['capacity']:,.0f}"
    if method == "damped":
        text += (
            f", α = {row['smoothing_level']:.3f}, β = {row['smoothing_trend']:.3f}, "
            f"φ = {row['damping_trend']:.3f}, fitted on {span(int(row['start_year']), int(row['base_year']))}"
        )
        return text + (f" ({row['note']})" if row["note"] else "")
    return text + f", r = {100 * row['rate']:+.2f} %/yr"
