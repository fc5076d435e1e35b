"""Machinery of :mod:`governance_analytics.population.interaction`: checked pair tables, the gravity
models' regressors, scenario flows and biproportional (Furness) balancing.

The gravity design follows Flowerdew & Aitkin (1982) and Fotheringham & O'Kelly (1989, ch. 3): a
constrained model is the unconstrained one with the origin (and/or destination) masses replaced by a
full set of fixed effects, whose Poisson maximum-likelihood estimates make the fitted row (column)
totals equal the observed ones.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "CONSTRAINTS",
    "DETERRENCES",
    "SE",
    "SES",
    "USES_MASS",
    "Constraint",
    "Deterrence",
    "balanced_flows",
    "check_totals",
    "deterrence_term",
    "distance_series",
    "fit_pairs",
    "furness",
    "mass_series",
    "one_year",
    "regressors",
    "scenario_pairs",
]

Constraint = Literal["unconstrained", "production", "attraction", "doubly"]
Deterrence = Literal["power", "exponential"]
SE = Literal["quasi", "poisson", "robust"]
CONSTRAINTS = ("unconstrained", "production", "attraction", "doubly")
DETERRENCES = ("power", "exponential")
SES = ("quasi", "poisson", "robust")

#: Mass exponents estimated by each model form: the constrained side is a set of fixed effects instead.
USES_MASS = {
    "unconstrained": ("origin", "destination"),
    "production": ("destination",),
    "attraction": ("origin",),
    "doubly": (),
}


def one_year(od: pd.DataFrame, year: int | None, flow: str) -> pd.DataFrame:
    """The rows of ``od`` for ``year`` (or all rows when it holds one year), checked."""
    missing = {"origin", "destination", flow} - set(od.columns)
    if missing:
        raise ValueError(f"the flow table needs columns origin, destination and {flow!r}; missing {sorted(missing)}")
    if "year" in od.columns:
        years = sorted(od["year"].unique())
        if year is None and len(years) > 1:
            raise ValueError(f"the flow table holds years {years}: choose one with year=")
        if year is not None:
            if year not in years:
                raise ValueError(f"year {year} is not in the flow table (years {years})")
            od = od[od["year"] == year]
    elif year is not None:
        raise ValueError("year= given but the flow table has no 'year' column")
    values = od[flow].to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError(f"column {flow!r} must hold finite non-negative flows")
    return od


def distance_series(distance: pd.DataFrame | pd.Series) -> pd.Series:
    """Distances as a float Series indexed by (origin, destination)."""
    if isinstance(distance, pd.DataFrame):
        missing = {"origin", "destination", "distance"} - set(distance.columns)
        if missing:
            raise ValueError(
                f"the distance table needs columns origin, destination and distance; missing {sorted(missing)}"
            )
        distance = distance.set_index(["origin", "destination"])["distance"]
    if distance.index.nlevels != 2:
        raise ValueError("a distance Series must be indexed by (origin, destination)")
    distance = distance.astype(float).rename("distance").rename_axis(["origin", "destination"])
    if distance.index.duplicated().any():
        raise ValueError(f"the distance table repeats pairs, e.g. {distance.index[distance.index.duplicated()][0]}")
    if not np.isfinite(distance.to_numpy()).all() or (distance < 0).any():
        raise ValueError("distances must be finite and non-negative")
    return distance


def fit_pairs(
    od: pd.DataFrame, distance: pd.DataFrame | pd.Series, *, flow: str, year: int | None, intrazonal: bool
) -> tuple[pd.Series, np.ndarray, pd.DataFrame, pd.Index, pd.Index]:
    """The pairs a gravity model fits: those of ``distance`` between units that are origins and
    destinations in ``od``, sorted, with their flows (zero where ``od`` omits the pair).

    Returns the distances (Series by pair), the flows, a table of integer codes ``o``, ``d`` and
    ``distance``, and the origin and destination units.
    """
    od = one_year(od, year, flow)
    dist = distance_series(distance)
    observed = od.groupby(["origin", "destination"])[flow].sum().astype(float)
    if not intrazonal:
        observed = observed[observed.index.get_level_values(0) != observed.index.get_level_values(1)]
    no_distance = observed.index.difference(dist.index)
    if len(no_distance):
        raise ValueError(
            f"{len(no_distance)} origin-destination pairs of the flow table have no distance, e.g. {no_distance[0]}"
        )
    origin_units = observed.index.get_level_values(0).unique().sort_values()
    destination_units = observed.index.get_level_values(1).unique().sort_values()
    o_code = origin_units.get_indexer(dist.index.get_level_values(0))
    d_code = destination_units.get_indexer(dist.index.get_level_values(1))
    keep = (o_code >= 0) & (d_code >= 0)
    if not intrazonal:
        keep &= dist.index.get_level_values(0) != dist.index.get_level_values(1)
    order = np.lexsort((d_code[keep], o_code[keep]))
    dist = dist[keep].iloc[order]
    y = observed.reindex(dist.index, fill_value=0.0).to_numpy()
    pairs = pd.DataFrame({"o": o_code[keep][order], "d": d_code[keep][order], "distance": dist.to_numpy()})
    return dist, y, pairs, origin_units, destination_units


def scenario_pairs(
    distance: pd.DataFrame | pd.Series, origins: pd.Series, destinations: pd.Series, *, intrazonal: bool
) -> tuple[pd.Series, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of ``distance`` between units of ``origins`` and ``destinations`` (minus ``(i, i)``
    unless ``intrazonal``): their distances, the pairs' row and column positions, and the origin and
    destination values as arrays in those positions."""
    dist = distance_series(distance)
    origins, destinations = origins.astype(float), destinations.astype(float)
    o_ids, d_ids = dist.index.get_level_values(0), dist.index.get_level_values(1)
    keep = o_ids.isin(origins.index) & d_ids.isin(destinations.index) & (intrazonal | (o_ids != d_ids))
    dist = dist[keep]
    o_units = origins.index[origins.index.isin(o_ids[keep])]
    d_units = destinations.index[destinations.index.isin(d_ids[keep])]
    o = o_units.get_indexer(dist.index.get_level_values(0))
    d = d_units.get_indexer(dist.index.get_level_values(1))
    O, D = origins.reindex(o_units).to_numpy(), destinations.reindex(d_units).to_numpy()
    if (O < 0).any() or (D < 0).any() or not (np.isfinite(O).all() and np.isfinite(D).all()):
        raise ValueError("scenario masses and totals must be finite and non-negative")
    return dist, o, d, O, D


def mass_series(mass: pd.Series | None, units: pd.Index, what: str) -> np.ndarray:
    """Positive masses of ``units`` from ``mass`` (indexed by unit id), as an array in ``units`` order."""
    if mass is None:
        raise ValueError(f"{what} masses are needed for this model form")
    missing = units.difference(mass.index)
    if len(missing):
        raise ValueError(f"{what} masses are missing for {len(missing)} units, e.g. {missing[0]!r}")
    values = mass.reindex(units).to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values <= 0).any():
        bad = units[~(np.isfinite(values) & (values > 0))][0]
        raise ValueError(f"{what} masses must be positive and finite (log mass is a regressor); unit {bad!r} is not")
    return values


def deterrence_term(d: np.ndarray, deterrence: str) -> np.ndarray:
    """``f(d)`` with ``T ∝ exp(-beta · f(d))``: ``log d`` (power) or ``d`` (exponential)."""
    if deterrence == "exponential":
        return d
    if (d <= 0).any():
        raise ValueError(
            "power deterrence d^-beta needs positive distances; give intra-unit pairs a distance "
            "(distance_table does) or fit with intrazonal=False"
        )
    return np.log(d)


def regressors(
    pairs: pd.DataFrame,
    *,
    constraint: str,
    deterrence: str,
    origin_mass: np.ndarray | None,
    destination_mass: np.ndarray | None,
) -> tuple[np.ndarray, list[str]]:
    """Columns of the gravity GLM besides the fixed effects, and their parameter names.

    ``pairs`` holds integer codes ``o``, ``d`` and ``distance``. Columns: ``log_k`` (the intercept,
    unconstrained only), ``mu`` (``log O_i``), ``alpha`` (``log D_j``) where the form estimates them,
    and ``beta`` (the regressor ``-f(d_ij)``, so that its coefficient is the decay itself).
    """
    o, d = pairs["o"].to_numpy(), pairs["d"].to_numpy()
    columns, names = [], []
    if constraint == "unconstrained":
        columns.append(np.ones(len(pairs)))
        names.append("log_k")
    if constraint in ("unconstrained", "attraction"):
        assert origin_mass is not None  # this form uses the origins' masses (USES_MASS)
        columns.append(np.log(origin_mass)[o])
        names.append("mu")
    if constraint in ("unconstrained", "production"):
        assert destination_mass is not None  # this form uses the destinations' masses (USES_MASS)
        columns.append(np.log(destination_mass)[d])
        names.append("alpha")
    columns.append(-deterrence_term(pairs["distance"].to_numpy(), deterrence))
    names.append("beta")
    return np.column_stack(columns), names


def check_totals(
    y: np.ndarray, pairs: pd.DataFrame, origins: pd.Index, destinations: pd.Index, constraint: str
) -> None:
    """A constrained side needs a positive total for every unit (else its fixed effect is -inf)."""
    sides = []
    if constraint in ("production", "doubly"):
        sides.append(("origin", origins, np.bincount(pairs["o"], weights=y, minlength=len(origins))))
    if constraint in ("attraction", "doubly"):
        sides.append(("destination", destinations, np.bincount(pairs["d"], weights=y, minlength=len(destinations))))
    for side, units, totals in sides:
        if (totals <= 0).any():
            raise ValueError(
                f"{side} {units[totals <= 0][0]!r} has no flow: a {constraint}-constrained model "
                f"cannot fit it; drop it from the flow table"
            )


def balanced_flows(
    constraint: str, est: pd.Series, g: np.ndarray, O: np.ndarray, D: np.ndarray, *, tol: float, max_iter: int
) -> np.ndarray:
    """Flow matrix of a fitted gravity model (``est``: its structural parameters) for deterrence
    matrix ``g`` and origin/destination masses or totals ``O``, ``D`` — the rules of ``GravityFit.predict``."""
    if constraint == "unconstrained":
        return np.exp(est["log_k"]) * (O ** est["mu"])[:, None] * (D ** est["alpha"])[None, :] * g
    if constraint == "production":
        w = (D ** est["alpha"])[None, :] * g
        sums = w.sum(axis=1)
        return w * np.divide(O, sums, out=np.zeros_like(O), where=sums > 0)[:, None]
    if constraint == "attraction":
        w = (O ** est["mu"])[:, None] * g
        sums = w.sum(axis=0)
        return w * np.divide(D, sums, out=np.zeros_like(D), where=sums > 0)[None, :]
    if not np.isclose(O.sum(), D.sum(), rtol=1e-9, atol=0.0):
        raise ValueError(
            f"a doubly constrained scenario needs origin totals and destination totals with "
            f"equal sums; got {O.sum():.6g} and {D.sum():.6g}"
        )
    return furness(g, O, D, tol=tol, max_iter=max_iter)


def furness(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, *, tol: float, max_iter: int) -> np.ndarray:
    """Scale ``seed`` (non-negative, zero where no flow is possible) to row sums ``rows`` and column
    sums ``cols`` by alternating proportional fitting (Furness 1965; Deming & Stephan 1940).

    Stops when every row and column total is within ``tol`` (relative to the largest total); warns
    when ``max_iter`` sweeps do not get there.
    """
    flows = seed.astype(float, copy=True)
    scale = max(rows.max(initial=0.0), cols.max(initial=0.0), 1e-300)
    for _ in range(max_iter):
        col_sums = flows.sum(axis=0)
        flows *= np.divide(cols, col_sums, out=np.zeros_like(cols, dtype=float), where=col_sums > 0)[None, :]
        row_sums = flows.sum(axis=1)
        flows *= np.divide(rows, row_sums, out=np.zeros_like(rows, dtype=float), where=row_sums > 0)[:, None]
        if (
            max(np.abs(flows.sum(axis=0) - cols).max(initial=0.0), np.abs(flows.sum(axis=1) - rows).max(initial=0.0))
            <= tol * scale
        ):
            return flows
    warnings.warn(
        f"Furness balancing did not reach tolerance {tol} in {max_iter} sweeps "
        "(are some totals unreachable, e.g. a destination no origin can reach?)",
        RuntimeWarning,
        stacklevel=3,
    )
    return flows
