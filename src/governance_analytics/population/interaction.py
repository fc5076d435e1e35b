"""Spatial interaction: who commutes where — gravity models, the radiation model, and how well they fit.

Gravity models (Wilson 1971 family) for the expected flow :math:`T_{ij}` from unit ``i`` to unit ``j``
with masses :math:`O_i, D_j` (e.g. employed residents, jobs), distance :math:`d_{ij}` and deterrence
:math:`g(d) = d^{-\\beta}` (``power``) or :math:`e^{-\\beta d}` (``exponential``):

- ``unconstrained``: :math:`T_{ij} = k\\, O_i^{\\mu} D_j^{\\alpha} g(d_{ij})`, reproduces the total flow;
- ``production``: :math:`T_{ij} = A_i O_i D_j^{\\alpha} g(d_{ij})`, reproduces every origin's total;
- ``attraction``: :math:`T_{ij} = B_j D_j O_i^{\\mu} g(d_{ij})`, reproduces every destination's total;
- ``doubly``: :math:`T_{ij} = A_i O_i B_j D_j g(d_{ij})`, reproduces both (Wilson's journey-to-work model).

Each is a Poisson log-linear model (Flowerdew & Aitkin 1982):
:math:`\\log T_{ij} = \\text{effects} - \\beta f(d_{ij})` with :math:`f(d) = \\log d` or :math:`d`, where
the constrained side enters as a full set of fixed effects (absorbing :math:`\\log A_i O_i`,
:math:`\\log B_j D_j`) and an unconstrained side as :math:`\\mu \\log O_i` or :math:`\\alpha \\log D_j`.
The fixed effects' Poisson score equations make fitted totals equal observed ones, so the ML fit *is*
the balanced model. The unconstrained model is fitted by statsmodels' GLM; the constrained ones by the
same IRLS with the fixed effects absorbed (:mod:`._interaction_glm`: equal to statsmodels with explicit
dummies, and fast at hundreds of units where the dummy matrix is not). Commuting flows are
overdispersed relative to the Poisson, so standard errors default to quasi-Poisson (Pearson
dispersion; Wedderburn 1974, McCullagh & Nelder 1989 ch. 9).

The radiation model (Simini, González, Maritan & Barabási 2012) has no free parameter:

.. math::

    T_{ij} = T_i \\frac{m_i n_j}{(m_i + s_{ij})(m_i + n_j + s_{ij})},

with :math:`s_{ij}` the opportunities (population) within distance :math:`d_{ij}` of ``i``, excluding
``i`` and ``j``. Fit is judged by the common part of commuters (Lenormand, Huet, Gargiulo & Deffuant
2012) :math:`\\text{CPC} = 2 \\sum \\min(T_{ij}, \\hat T_{ij}) / (\\sum T_{ij} + \\sum \\hat T_{ij})` (1 = perfect,
0 = no overlap) and the standardised root mean square error (Knudsen & Fotheringham 1986)
:math:`\\text{SRMSE} = \\sqrt{\\sum (T_{ij} - \\hat T_{ij})^2 / n} \\,/\\, (\\sum T_{ij} / n)` over the
:math:`n` pairs (0 = perfect).

References: Wilson, A. G. (1971) A family of spatial interaction models, *Environment and Planning A*
3, 1–32. Flowerdew, R. & Aitkin, M. (1982) A method of fitting the gravity model based on the Poisson
distribution, *Journal of Regional Science* 22, 191–202. Fotheringham, A. S. & O'Kelly, M. E. (1989)
*Spatial Interaction Models: Formulations and Applications*, Kluwer. Wedderburn, R. W. M. (1974)
Quasi-likelihood functions, generalized linear models, and the Gauss–Newton method, *Biometrika* 61,
439–447. McCullagh, P. & Nelder, J. A. (1989) *Generalized Linear Models*, 2nd ed., Chapman & Hall.
Cameron, A. C. & Trivedi, P. K. (2013) *Regression Analysis of Count Data*, 2nd ed., CUP. Simini, F.,
González, M. C., Maritan, A. & Barabási, A.-L. (2012) A universal model for mobility and migration
patterns, *Nature* 484, 96–100. Masucci, A. P., Serras, J., Johansson, A. & Batty, M. (2013) Gravity
versus radiation models, *Physical Review E* 88, 022812. Lenormand, M. et
al. (2012) A universal model of commuting networks, *PLoS ONE* 7, e45985. Knudsen, D. C. &
Fotheringham, A. S. (1986) Matrix comparison, goodness-of-fit, and spatial interaction modeling,
*International Regional Science Review* 10, 127–147.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.stats import norm

from governance_analytics.grid import to_projected, utm_crs
from governance_analytics.population._interaction_fit import (
    CONSTRAINTS,
    DETERRENCES,
    SE,
    SES,
    USES_MASS,
    Constraint,
    Deterrence,
    balanced_flows,
    check_totals,
    deterrence_term,
    distance_series,
    fit_pairs,
    mass_series,
    one_year,
    regressors,
    scenario_pairs,
)
from governance_analytics.population._interaction_glm import poisson_glm
from governance_analytics.population._interaction_radiation import (
    radiation_probabilities,
)

__all__ = ["GravityFit", "compare_models", "cpc", "distance_table", "gravity", "radiation", "srmse"]


# --------------------------------------------------------------------------------------------------
# Distances and goodness of fit
# --------------------------------------------------------------------------------------------------


def distance_table(units: pd.DataFrame, *, crs: str | None = None, intrazonal: bool = True) -> pd.DataFrame:
    """Straight-line distances (km) between unit centres, all ordered pairs.

    Centres are the ``lon``/``lat`` of a ``population_units`` table projected to ``crs`` (default: the
    WGS84 UTM zone of their mean). An intra-unit pair gets the mean distance from the centre of a disc
    of the unit's area to a point spread uniformly over it, :math:`d_{ii} = \\int_0^r \\rho \\, 2\\rho/r^2
    \\, d\\rho = \\tfrac23 r` with :math:`r = \\sqrt{A_i / \\pi}` — one of the customary self-distances
    (Frost & Spence 1995, *Environment and Planning A* 27, 1833–1848, discuss the choice); the Demo
    City plants its commuting with the same rule.

    Parameters
    ----------
    units
        ``unit_id``, ``lon``, ``lat`` and (for intra-unit pairs) ``area_km2``; a unit repeated over years
        must keep its location and area.
    intrazonal
        Include the pairs ``(i, i)``.

    Returns
    -------
    DataFrame
        ``origin``, ``destination``, ``distance`` (km), origins and destinations in ``unit_id`` order.
    """
    cols = ["unit_id", "lon", "lat"] + (["area_km2"] if intrazonal else [])
    missing = set(cols) - set(units.columns)
    if missing:
        raise ValueError(f"the units table needs columns {cols}; missing {sorted(missing)}")
    places = units[cols].drop_duplicates()
    if places["unit_id"].duplicated().any():
        moved = places.loc[places["unit_id"].duplicated(), "unit_id"].iloc[0]
        raise ValueError(f"unit {moved!r} changes location or area between rows")
    places = places.sort_values("unit_id", ignore_index=True)
    if crs is None:
        crs = utm_crs(float(places["lon"].mean()), float(places["lat"].mean()))
    x, y = to_projected(places["lon"].to_numpy(), places["lat"].to_numpy(), crs)
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :]) / 1000.0
    if intrazonal:
        np.fill_diagonal(d, 2.0 / 3.0 * np.sqrt(places["area_km2"].to_numpy(float) / np.pi))
    ids = places["unit_id"].to_numpy()
    table = pd.DataFrame(
        {"origin": np.repeat(ids, len(ids)), "destination": np.tile(ids, len(ids)), "distance": d.ravel()}
    )
    return table if intrazonal else table[table["origin"] != table["destination"]].reset_index(drop=True)


def cpc(observed: ArrayLike, predicted: ArrayLike) -> float:
    """Common part of commuters, :math:`2 \\sum \\min(T, \\hat T) / (\\sum T + \\sum \\hat T)` (Lenormand
    et al. 2012): the share of flows the two matrices have in common, 1 when identical."""
    t, p = np.asarray(observed, dtype=float), np.asarray(predicted, dtype=float)
    return float(2.0 * np.minimum(t, p).sum() / (t.sum() + p.sum()))


def srmse(observed: ArrayLike, predicted: ArrayLike) -> float:
    """Standardised root mean square error, :math:`\\sqrt{\\sum (T - \\hat T)^2 / n} / (\\sum T / n)`
    over the ``n`` pairs (Knudsen & Fotheringham 1986): 0 when identical."""
    t, p = np.asarray(observed, dtype=float), np.asarray(predicted, dtype=float)
    return float(np.sqrt(np.mean((t - p) ** 2)) / t.mean())


# --------------------------------------------------------------------------------------------------
# Gravity models
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GravityFit:
    """Result of :func:`gravity`.

    Attributes
    ----------
    constraint, deterrence : the model form (module docstring) and ``g(d)``: ``"power"`` :math:`d^{-\\beta}`,
        ``"exponential"`` :math:`e^{-\\beta d}`
    intrazonal : whether the pairs ``(i, i)`` were fitted
    se : ``"quasi"``, ``"poisson"`` or ``"robust"``: how standard errors were computed
    params : index of the structural parameters — ``log_k`` (unconstrained), ``mu`` (origin mass
        exponent; unconstrained, attraction), ``alpha`` (destination mass exponent; unconstrained,
        production), ``beta`` (distance decay, > 0 when flows fall with distance) — and columns
        ``estimate``, ``se``, ``z``, ``p_value``, ``ci_low``, ``ci_high`` (Wald, level ``1 - alpha``)
    cov : covariance matrix of the structural parameters
    flows : one row per fitted pair, ``origin``, ``destination``, ``distance``, ``observed``, ``fitted``
    cpc, srmse : goodness of fit of ``fitted`` to ``observed`` (:func:`cpc`, :func:`srmse`)
    deviance, null_deviance : Poisson deviance of the model and of the intercept-only model
    dispersion : Pearson :math:`X^2 / (n - p)`; ≈ 1 for Poisson flows, commonly ≫ 1 for real ones
    n_pairs, df_resid : pairs fitted and residual degrees of freedom
    origin_mass, destination_mass : the masses the model used (``None`` where a side has fixed effects)
    converged : whether IRLS converged
    """

    constraint: Constraint
    deterrence: Deterrence
    intrazonal: bool
    se: SE
    params: pd.DataFrame
    cov: pd.DataFrame
    flows: pd.DataFrame
    cpc: float
    srmse: float
    deviance: float
    null_deviance: float
    dispersion: float
    n_pairs: int
    df_resid: int
    origin_mass: pd.Series | None
    destination_mass: pd.Series | None
    converged: bool

    @property
    def beta(self) -> float:
        """The distance-decay estimate."""
        return float(self.params.loc["beta", "estimate"])

    @property
    def origin_totals(self) -> pd.Series:
        """Observed flow out of each origin, :math:`O_i = \\sum_j T_{ij}` over the fitted pairs."""
        return self.flows.groupby("origin")["observed"].sum()

    @property
    def destination_totals(self) -> pd.Series:
        """Observed flow into each destination, :math:`D_j = \\sum_i T_{ij}` over the fitted pairs."""
        return self.flows.groupby("destination")["observed"].sum()

    @property
    def deviance_explained(self) -> float:
        """:math:`1 - \\text{deviance} / \\text{null deviance}`."""
        return 1.0 - self.deviance / self.null_deviance

    def predict(
        self,
        *,
        origins: pd.Series | None = None,
        destinations: pd.Series | None = None,
        distance: pd.DataFrame | pd.Series | None = None,
        tol: float = 1e-10,
        max_iter: int = 1000,
    ) -> pd.DataFrame:
        """Flows the fitted model predicts under a scenario: new masses, totals or distances.

        The estimated ``mu``, ``alpha`` and ``beta`` are kept; what each form holds fixed is re-balanced:

        - ``unconstrained``: :math:`\\hat T_{ij} = k O_i^{\\mu} D_j^{\\alpha} g(d_{ij})` with the new
          masses ``origins``, ``destinations``;
        - ``production``: ``origins`` are the new origin *totals* :math:`O_i` (flows produced), shared
          out as :math:`\\hat T_{ij} = O_i D_j^{\\alpha} g(d_{ij}) / \\sum_k D_k^{\\alpha} g(d_{ik})` —
          every origin's predicted total is its new :math:`O_i`, and with unchanged destination masses
          and distances its destination shares are unchanged;
        - ``attraction``: the mirror image, ``destinations`` the new destination totals;
        - ``doubly``: ``origins`` and ``destinations`` are the new totals (equal sums), and
          :math:`A_i, B_j` are found by Furness balancing of :math:`g(d_{ij})` to them (Furness 1965).

        Unspecified sides keep the fitted model's values: the observed totals for a constrained side,
        the masses for an unconstrained one — so ``predict()`` with no scenario returns the fitted flows.

        Parameters
        ----------
        origins, destinations
            Series indexed by unit id: masses or totals as above. Pairs are predicted between every
            unit in ``origins`` and every unit in ``destinations`` that ``distance`` joins.
        distance
            ``origin``, ``destination``, ``distance`` (same unit as the fit); default the fitted pairs.
        tol, max_iter
            Convergence of the Furness balancing (``doubly`` only), relative to the largest total.

        Returns
        -------
        DataFrame
            ``origin``, ``destination``, ``distance``, ``predicted``.
        """
        o_side = self.origin_totals if self.constraint in ("production", "doubly") else self.origin_mass
        d_side = self.destination_totals if self.constraint in ("attraction", "doubly") else self.destination_mass
        o_side = o_side if origins is None else origins
        d_side = d_side if destinations is None else destinations
        if distance is None:
            distance = self.flows.set_index(["origin", "destination"])["distance"]
        dist, o, d, O, D = scenario_pairs(distance, o_side, d_side, intrazonal=self.intrazonal)
        est = self.params["estimate"]
        g = np.zeros((len(O), len(D)))
        g[o, d] = np.exp(-est["beta"] * deterrence_term(dist.to_numpy(), self.deterrence))
        T = balanced_flows(self.constraint, est, g, O, D, tol=tol, max_iter=max_iter)
        return pd.DataFrame(
            {
                "origin": dist.index.get_level_values(0),
                "destination": dist.index.get_level_values(1),
                "distance": dist.to_numpy(),
                "predicted": T[o, d],
            }
        )


def gravity(
    od: pd.DataFrame,
    *,
    distance: pd.DataFrame | pd.Series,
    origins: pd.Series | None = None,
    destinations: pd.Series | None = None,
    constraint: Constraint = "doubly",
    deterrence: Deterrence = "exponential",
    intrazonal: bool = True,
    se: SE = "quasi",
    alpha: float = 0.05,
    flow: str = "workers",
    year: int | None = None,
) -> GravityFit:
    """Fit a gravity model of ``od`` flows as a Poisson GLM (module docstring; Flowerdew & Aitkin 1982).

    :math:`\\log T_{ij} = \\log k + \\mu \\log O_i + \\alpha \\log D_j - \\beta f(d_{ij})` with
    :math:`f(d) = \\log d` (power) or :math:`d` (exponential); ``production`` replaces
    :math:`\\log k + \\mu \\log O_i` by origin fixed effects, ``attraction`` replaces
    :math:`\\log k + \\alpha \\log D_j` by destination fixed effects, ``doubly`` does both.

    The modelled pairs are those of ``distance`` between units that appear in ``od`` as origin and as
    destination; a pair missing from ``od`` is a zero flow (a Poisson fit needs its zeros). A constrained
    origin (destination) with no flow at all has no finite fixed effect and is an error.

    Parameters
    ----------
    od
        ``origin``, ``destination``, ``flow`` (and ``year``), e.g. the ``commuting_od`` table.
    distance
        ``origin``, ``destination``, ``distance`` (or a Series indexed by the pair), e.g. from
        :func:`distance_table`. ``beta`` is per unit of this distance (per km from
        :func:`distance_table`) for exponential deterrence, unit-free for power.
    origins, destinations
        Masses indexed by unit id (positive): needed where the form estimates ``mu`` / ``alpha``.
    constraint
        ``"doubly"`` (default): journey-to-work flows with known residents and jobs at both ends —
        Wilson's (1971) doubly constrained model; ``"production"``, ``"attraction"``, ``"unconstrained"``.
    deterrence
        ``"exponential"`` (default; Wilson 1971's entropy-maximising form, suited to intra-urban trips)
        or ``"power"`` (suited to longer inter-urban flows; Fotheringham & O'Kelly 1989, ch. 3).
    intrazonal
        Fit the pairs ``(i, i)`` too. They need a distance (power deterrence: positive).
    se
        ``"quasi"`` (default): Poisson covariance times the Pearson dispersion :math:`X^2/(n-p)` —
        same estimates, standard errors widened by :math:`\\sqrt{\\phi}` for overdispersed flows
        (Wedderburn 1974; McCullagh & Nelder 1989, ch. 9); ``"poisson"``: dispersion fixed at 1
        (right for Poisson draws); ``"robust"``: the HC0 sandwich (Cameron & Trivedi 2013, ch. 3).
    alpha
        1 − level of the Wald intervals.
    flow, year
        The flow column, and the year to fit when ``od`` holds several.

    Returns
    -------
    GravityFit
    """
    if constraint not in CONSTRAINTS:
        raise ValueError(f"constraint must be one of {CONSTRAINTS}, got {constraint!r}")
    if deterrence not in DETERRENCES:
        raise ValueError(f"deterrence must be one of {DETERRENCES}, got {deterrence!r}")
    if se not in SES:
        raise ValueError(f"se must be one of {SES}, got {se!r}")
    dist, y, pairs, origin_units, destination_units = fit_pairs(
        od, distance, flow=flow, year=year, intrazonal=intrazonal
    )
    check_totals(y, pairs, origin_units, destination_units, constraint)
    uses = USES_MASS[constraint]
    o_mass = mass_series(origins, origin_units, "origin") if "origin" in uses else None
    d_mass = mass_series(destinations, destination_units, "destination") if "destination" in uses else None
    Z, names = regressors(
        pairs, constraint=constraint, deterrence=deterrence, origin_mass=o_mass, destination_mass=d_mass
    )
    result = poisson_glm(
        y,
        Z,
        o=pairs["o"].to_numpy(),
        d=pairs["d"].to_numpy(),
        n_o=len(origin_units),
        n_d=len(destination_units),
        origin_effects=constraint in ("production", "doubly"),
        destination_effects=constraint in ("attraction", "doubly"),
        se=se,
    )
    se_ = np.sqrt(np.diag(result.cov))
    z = result.params / se_
    half = norm.ppf(1 - alpha / 2) * se_
    params = pd.DataFrame(
        {
            "estimate": result.params,
            "se": se_,
            "z": z,
            "p_value": 2 * norm.sf(np.abs(z)),
            "ci_low": result.params - half,
            "ci_high": result.params + half,
        },
        index=pd.Index(names, name="parameter"),
    )
    cov = pd.DataFrame(result.cov, index=params.index, columns=params.index.rename(None))
    fitted = result.fitted
    flows = pd.DataFrame(
        {
            "origin": dist.index.get_level_values(0),
            "destination": dist.index.get_level_values(1),
            "distance": dist.to_numpy(),
            "observed": y,
            "fitted": fitted,
        }
    )
    return GravityFit(
        constraint=constraint,
        deterrence=deterrence,
        intrazonal=intrazonal,
        se=se,
        params=params,
        cov=cov,
        flows=flows,
        cpc=cpc(y, fitted),
        srmse=srmse(y, fitted),
        deviance=result.deviance,
        null_deviance=result.null_deviance,
        dispersion=result.pearson_chi2 / result.df_resid,
        n_pairs=len(y),
        df_resid=result.df_resid,
        origin_mass=None if o_mass is None else pd.Series(o_mass, index=origin_units, name="origin_mass"),
        destination_mass=None
        if d_mass is None
        else pd.Series(d_mass, index=destination_units, name="destination_mass"),
        converged=result.converged,
    )


# --------------------------------------------------------------------------------------------------
# Radiation model
# --------------------------------------------------------------------------------------------------


def radiation(
    origin_mass: pd.Series,
    destination_mass: pd.Series,
    distance: pd.DataFrame | pd.Series,
    *,
    total_out: pd.Series,
    finite_size: bool = True,
) -> pd.DataFrame:
    """Flows of the radiation model (Simini et al. 2012), a parameter-free alternative to gravity.

    .. math::

        T_{ij} = \\frac{T_i}{1 - m_i / M_i} \\, \\frac{m_i n_j}{(m_i + s_{ij})(m_i + n_j + s_{ij})},
        \\qquad s_{ij} = \\sum_{k \\ne i, j:\\ d_{ik} < d_{ij}} n_k,

    for :math:`j \\ne i`, with :math:`M_i = m_i + \\sum_{k \\ne i} n_k` (the total population
    :math:`M` when ``m`` and ``n`` are both population, as in Simini et al.). Without the factor
    :math:`1/(1 - m_i/M_i)` (``finite_size=False``: Simini's formula) an origin's flows sum to
    :math:`T_i (1 - m_i/M_i)`, because the model's infinite plane is cut off at the study area's edge;
    with it they sum to :math:`T_i` (Masucci et al. 2013), exactly when no two destinations are
    equidistant from ``i``. An equidistant unit is not *within* the radius: it does not count in
    :math:`s_{ij}` (so the rule does not depend on row order), and an origin with tied destinations
    produces slightly more than :math:`T_i`.

    Parameters
    ----------
    origin_mass, destination_mass
        :math:`m_i` and :math:`n_j` indexed by unit id, over the same units — usually the population for
        both; ``destination_mass`` may be jobs (opportunities), and then :math:`s_{ij}` counts jobs.
    distance
        ``origin``, ``destination``, ``distance`` for every ordered pair of distinct units.
    total_out
        :math:`T_i`, the flow leaving each origin for *other* units (e.g. observed out-commuting
        without the intra-unit flow); origins not in it are not predicted.
    finite_size
        Apply the normalisation :math:`1/(1 - m_i/M_i)`.

    Returns
    -------
    DataFrame
        ``origin``, ``destination``, ``distance``, ``intervening`` (:math:`s_{ij}`), ``predicted``;
        every ordered pair of distinct units with ``origin`` in ``total_out``.
    """
    units = pd.Index(origin_mass.index)
    if units.has_duplicates or set(units) != set(destination_mass.index):
        raise ValueError("origin_mass and destination_mass must be indexed by the same, distinct units")
    m = origin_mass.reindex(units).to_numpy(float)
    n = destination_mass.reindex(units).to_numpy(float)
    if not (np.isfinite(m).all() and np.isfinite(n).all()) or (m <= 0).any() or (n < 0).any():
        raise ValueError("origin masses must be positive and destination masses non-negative")
    out = total_out.astype(float)
    if not out.index.isin(units).all() or (out < 0).any():
        raise ValueError("total_out must be non-negative and indexed by units of the masses")
    dist = distance_series(distance)
    full = pd.MultiIndex.from_product([units, units], names=["origin", "destination"])
    off_diagonal = full[full.get_level_values(0) != full.get_level_values(1)]
    missing = off_diagonal.difference(dist.index)
    if len(missing):
        raise ValueError(f"{len(missing)} pairs of distinct units have no distance, e.g. {missing[0]}")
    D = dist.reindex(full).to_numpy().reshape(len(units), len(units))
    origins = units.get_indexer(out.index)
    s, p = radiation_probabilities(D, m, n, origins, finite_size=finite_size)
    rows, cols = np.nonzero(~np.isnan(p))
    return pd.DataFrame(
        {
            "origin": units[origins[rows]],
            "destination": units[cols],
            "distance": D[origins[rows], cols],
            "intervening": s[rows, cols],
            "predicted": out.to_numpy()[rows] * p[rows, cols],
        }
    )


# --------------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------------


def _predicted_series(value: GravityFit | pd.DataFrame | pd.Series, name: str) -> pd.Series:
    """Predicted flows of one model as a Series indexed by (origin, destination)."""
    if isinstance(value, GravityFit):
        return value.flows.set_index(["origin", "destination"])["fitted"]
    if isinstance(value, pd.Series):
        return value
    if isinstance(value, pd.DataFrame):
        column = next((c for c in ("predicted", "fitted") if c in value.columns), None)
        if column is None or not {"origin", "destination"} <= set(value.columns):
            raise ValueError(f"model {name!r}: a table needs origin, destination and predicted (or fitted)")
        return value.set_index(["origin", "destination"])[column]
    raise TypeError(f"model {name!r}: expected a GravityFit, a DataFrame or a Series, got {type(value).__name__}")


def compare_models(
    observed: pd.DataFrame,
    predicted: Mapping[str, GravityFit | pd.DataFrame | pd.Series],
    *,
    flow: str = "workers",
    year: int | None = None,
    intrazonal: bool = True,
) -> pd.DataFrame:
    """Goodness of fit of several models' flows to the observed ones, on the same pairs.

    The pairs compared are those every model predicts (minus ``(i, i)`` when ``intrazonal`` is false);
    an observed flow missing from ``observed`` counts as zero.

    Parameters
    ----------
    observed
        ``origin``, ``destination``, ``flow`` (and ``year``).
    predicted
        Model name → a :class:`GravityFit` (its fitted flows), a table with ``origin``, ``destination``
        and ``predicted`` or ``fitted`` (e.g. :meth:`GravityFit.predict`, :func:`radiation`), or a
        Series indexed by (origin, destination).

    Returns
    -------
    DataFrame
        Index ``model``; ``cpc`` (:func:`cpc`), ``srmse`` (:func:`srmse`), ``pearson_r`` (correlation
        of observed and predicted flows), ``n_pairs``, ``observed_total``, ``predicted_total``.
    """
    if not predicted:
        raise ValueError("no model to compare")
    obs = one_year(observed, year, flow).groupby(["origin", "destination"])[flow].sum().astype(float)
    series = {name: _predicted_series(value, name) for name, value in predicted.items()}
    common = None
    for s in series.values():
        common = s.index if common is None else common.intersection(s.index)
    assert common is not None  # predicted is not empty
    if not intrazonal:
        common = common[common.get_level_values(0) != common.get_level_values(1)]
    t = obs.reindex(common, fill_value=0.0).to_numpy()
    rows = []
    for name, s in series.items():
        p = s.reindex(common).to_numpy(dtype=float)
        rows.append(
            {
                "model": name,
                "cpc": cpc(t, p),
                "srmse": srmse(t, p),
                "pearson_r": float(np.corrcoef(t, p)[0, 1]),
                "n_pairs": len(common),
                "observed_total": float(t.sum()),
                "predicted_total": float(p.sum()),
            }
        )
    return pd.DataFrame(rows).set_index("model")
