"""Dispersal scenarios (疏解情景): move a share of the core's residents to named satellites, see what changes.

A scenario is arithmetic on one year of ``population_units`` plus, optionally, a fitted gravity model:

1. Residents: ``share`` of the source units' population leaves them (each source loses the same
   share) and is distributed over the target units in proportion to ``targets`` (equal by default);
   the metropolitan total is unchanged.
2. Pressure: density (residents per km²) and the pressure index (population / planned capacity) of
   every unit before and after, with the units newly over capacity.
3. Commuting (with ``fit``): employed residents move with residents — each unit's employed
   residents are scaled by its population ratio, so its employment rate is kept — while jobs stay
   where they are unless ``jobs_share`` of the source units' jobs moves with them (same split). The
   fitted model's :meth:`~governance_analytics.population.interaction.GravityFit.predict` redistributes
   the flows: production-constrained models keep the new origin totals exactly; doubly constrained
   models are balanced to the new origin and destination totals, with destinations rescaled to the
   new origin total when employment rates differ (the two totals must agree). Reported: each unit's
   share of employed residents working in the core, and the mean commute distance, before and after.

The assumptions are printed with the result (``result.text``): a scenario is a conditional statement,
not a forecast. References: Hall, P. (2002) *Cities of Tomorrow*, ch. 4 (the satellite-town idea);
Wilson, A. G. (1971) *Environment and Planning A* 3, 1–32 (constrained gravity models for redistribution).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from governance_analytics.population.interaction import GravityFit
from governance_analytics.population.pressure import density, pressure_index

__all__ = ["DispersalScenario", "move_population", "dispersal_scenario"]


@dataclass(frozen=True, eq=False)
class DispersalScenario:
    """Result of :func:`dispersal_scenario`.

    Attributes
    ----------
    units : per unit: ``population_before``, ``population_after``, ``moved`` (+ in, − out),
        ``density_before/after``, ``pressure_before/after``, ``over_capacity_before/after``
    commuting : per origin (with a fit): ``employed_before/after``, ``core_share_before/after``
        (share of employed residents working in the core units), ``mean_km_before/after``
    summary : headline figures (persons moved, the sources' share of the population, mean commute km,
        commuters from outside into the sources)
    assumptions : the sentences of :attr:`text`
    relieved, newly_over : (properties) the units the move takes below / above their planned capacity
    """

    units: pd.DataFrame
    commuting: pd.DataFrame | None
    summary: dict
    assumptions: tuple[str, ...]

    def _crossed(self, before: bool) -> pd.Index:
        if "over_capacity_before" not in self.units.columns:
            return pd.Index([], name=self.units.index.name, dtype=object)
        was = self.units["over_capacity_before"].fillna(False).astype(bool)
        now = self.units["over_capacity_after"].fillna(False).astype(bool)
        return self.units.index[(was & ~now) if before else (now & ~was)]

    @property
    def relieved(self) -> pd.Index:
        """Units over their planned capacity before the move and not after:
        :math:`P_0 / C > 1 \\ge P_1 / C` (empty without capacities)."""
        return self._crossed(before=True)

    @property
    def newly_over(self) -> pd.Index:
        """Units over their planned capacity after the move and not before:
        :math:`P_0 / C \\le 1 < P_1 / C` (empty without capacities)."""
        return self._crossed(before=False)

    @property
    def text(self) -> str:
        return "Dispersal scenario\nAssumptions:\n" + "\n".join(f"  - {a}" for a in self.assumptions)

    def __str__(self) -> str:
        return self.text


def _weights(targets: Mapping[str, float] | Iterable[str], known: pd.Index) -> pd.Series:
    weights = pd.Series(dict(targets)) if isinstance(targets, Mapping) else pd.Series(1.0, index=list(targets))
    unknown = weights.index.difference(known)
    if len(unknown):
        raise ValueError(f"targets name units not in the table: {sorted(unknown)}")
    if (weights < 0).any() or weights.sum() <= 0:
        raise ValueError(f"target weights must be non-negative with a positive sum, got {weights.to_dict()}")
    return weights / weights.sum()


def move_population(
    values: pd.Series,
    *,
    sources: Iterable[str],
    targets: Mapping[str, float] | Iterable[str],
    share: float,
) -> pd.Series:
    """``values`` (indexed by unit) after ``share`` of each source's value moves to the targets.

    Each source gives ``share · value``; the total given is split over the targets by their weights
    (equal for a list). Sources that are also targets are an error. The total is conserved.
    """
    if not 0 <= share <= 1:
        raise ValueError(f"share must be between 0 and 1, got {share}")
    source_units = pd.Index(list(sources))
    missing = source_units.difference(values.index)
    if len(missing):
        raise ValueError(f"sources name units not in the table: {sorted(missing)}")
    weights = _weights(targets, values.index)
    if len(source_units.intersection(weights.index)):
        raise ValueError(f"units cannot be both source and target: {sorted(source_units.intersection(weights.index))}")
    out = values.astype(float).copy()
    given = share * out[source_units]
    out[source_units] -= given
    out[weights.index] += given.sum() * weights
    return out


def _whole_persons(values: pd.Series) -> pd.Series:
    """Round to integers keeping the total (largest remainder): no one is lost to rounding."""
    floor = np.floor(values)
    short = int(round(values.sum() - floor.sum()))
    order = (values - floor).sort_values(ascending=False, kind="stable").index[:short]
    floor[order] += 1
    return floor.astype("int64")


def _pressure_table(units: pd.DataFrame, year: int, after: pd.Series) -> pd.DataFrame:
    before = units[units["year"] == year].set_index("unit_id")
    moved = units[units["year"] == year].assign(population=lambda t: t["unit_id"].map(_whole_persons(after)))
    table = pd.DataFrame(
        {
            "unit_name": before["unit_name"],
            "zone": before["zone"],
            "population_before": before["population"],
            "population_after": moved.set_index("unit_id")["population"],
        }
    )
    table["moved"] = table["population_after"] - table["population_before"]
    for label, frame in (("before", units[units["year"] == year]), ("after", moved)):
        dens = density(frame).set_index("unit_id")["density"]
        table[f"density_{label}"] = dens
        if "planned_capacity" in frame and frame["planned_capacity"].notna().any():
            pressure = pressure_index(frame, year=year).set_index("unit_id")
            table[f"pressure_{label}"] = pressure["pressure_index"]
            table[f"over_capacity_{label}"] = pressure["over_capacity"]
    return table


def _commuting(
    fit: GravityFit, ratio: pd.Series, *, sources, weights, jobs_share: float, core: pd.Index
) -> tuple[pd.DataFrame, dict]:
    origins = fit.origin_totals * ratio.reindex(fit.origin_totals.index).fillna(1.0)
    destinations = fit.destination_totals.astype(float)
    if jobs_share:
        present = weights.index.intersection(destinations.index)
        destinations = move_population(
            destinations,
            sources=pd.Index(sources).intersection(destinations.index),
            targets=weights[present].to_dict(),
            share=jobs_share,
        )
    if fit.constraint == "doubly":
        destinations = destinations * origins.sum() / destinations.sum()
    before = fit.predict()
    after = fit.predict(origins=origins, destinations=destinations)
    rows = {}
    for label, flows in (("before", before), ("after", after)):
        total = flows.groupby("origin")["predicted"].sum()
        to_core = flows[flows["destination"].isin(core)].groupby("origin")["predicted"].sum()
        km = (flows["predicted"] * flows["distance"]).groupby(flows["origin"]).sum()
        rows[f"employed_{label}"] = total
        rows[f"core_share_{label}"] = to_core.reindex(total.index).fillna(0) / total
        rows[f"mean_km_{label}"] = km / total
    table = pd.DataFrame(rows).rename_axis("unit_id")
    summary = {}
    for label, f in (("before", before), ("after", after)):
        summary[f"mean_commute_km_{label}"] = float((f["predicted"] * f["distance"]).sum() / f["predicted"].sum())
        inbound = f["destination"].isin(core) & ~f["origin"].isin(core)
        summary[f"commuters_into_core_{label}"] = float(f.loc[inbound, "predicted"].sum())
    return table, summary


def dispersal_scenario(
    units: pd.DataFrame,
    *,
    year: int,
    share: float,
    targets: Mapping[str, float] | Iterable[str],
    sources: Iterable[str] | None = None,
    fit: GravityFit | None = None,
    jobs_share: float = 0.0,
) -> DispersalScenario:
    """Move ``share`` of the core's residents in ``year`` to ``targets``; pressure and commuting after.

    Parameters
    ----------
    units
        ``population_units`` table (must hold ``year``).
    year
        The year the scenario is applied to.
    share
        Share of each source unit's residents who move (0–1).
    targets
        Receiving unit ids, or ``{unit_id: weight}`` to split unequally.
    sources
        Unit ids that lose residents; default the units with zone ``core``. They are also the
        "core" of the commuting shares.
    fit
        A fitted :func:`~governance_analytics.population.interaction.gravity` model of the same year's
        commuting, to predict the flows after the move.
    jobs_share
        Share of the sources' jobs that moves with the residents (same split over the targets).
    """
    frame = units[units["year"] == year]
    if frame.empty:
        raise ValueError(f"year {year} not in the units table; years present: {sorted(units['year'].unique())}")
    sources = pd.Index(frame.loc[frame["zone"] == "core", "unit_id"] if sources is None else list(sources))
    population = frame.set_index("unit_id")["population"]
    after = move_population(population, sources=sources, targets=targets, share=share)
    weights = _weights(targets, population.index)
    table = _pressure_table(units, year, after)
    moved = float(share * population[sources].sum())
    total = float(population.sum())
    summary = {
        "persons_moved": moved,
        "source_share_before": float(population[sources].sum() / total),
        "source_share_after": float(after[sources].sum() / total),
    }
    split = ", ".join(f"{u} {w:.0%}" for u, w in weights.items())
    assumptions = [
        f"In {year}, {share:.1%} of the residents of {', '.join(sources)} ({moved:,.0f} persons) move; the "
        f"metropolitan total ({total:,.0f}) is unchanged.",
        f"They settle in {split}.",
        "Land areas and planned capacities do not change.",
    ]
    commuting = None
    if fit is not None:
        commuting, flows = _commuting(
            fit, after / population, sources=sources, weights=weights, jobs_share=jobs_share, core=sources
        )
        summary.update(flows)
        assumptions += [
            "Employed residents move with residents: each unit keeps its employment rate.",
            f"{jobs_share:.0%} of the sources' jobs move with them (same split); all other jobs stay.",
            f"Commuting is redistributed by the fitted {fit.constraint}-constrained gravity model (its distance "
            f"decay β = {fit.beta:.4f} unchanged).",
        ]
    return DispersalScenario(table, commuting, summary, tuple(assumptions))
