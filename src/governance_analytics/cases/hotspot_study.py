"""Study 1's hot-spot run for one period: the computation the report and notebook 01 share.

:func:`hotspot_study` takes a city's cases and unit grid, a period and a
:class:`~governance_analytics.specs.HotspotSpec`, and returns every number the hot-spot part of the
report states (:class:`HotspotStudy`):

1. the cell cube by big class, one step per month for a monthly period, else per quarter, up to the
   step holding the period's last day (:func:`~governance_analytics.engines.aggregate_cases`);
2. the classes with enough data: at least ``spec.min_cases`` cases on the grid in the period and not
   the same count in every cell (Gi* is undefined on a constant) — the others are listed with why;
3. Gi* of each analysed class on the period's counts (:func:`~governance_analytics.cases.hotspots.hot_spots`:
   ``spec.band_m`` distance band, conditional permutations, FDR) and its summary per class;
4. with at least ``spec.min_steps`` time steps, the emerging hot spots of the ``spec.n_emerging``
   largest classes (:func:`~governance_analytics.cases.emerging.emerging_hot_spots`), and the cells
   per category.

Checks of adequacy come first and are data, not exceptions: a class with too few cases is a name in
``too_few``, not an error caught later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from governance_analytics.cases.emerging import category_counts, emerging_hot_spots
from governance_analytics.cases.hotspots import hot_spot_summary, hot_spots
from governance_analytics.engines import aggregate_cases
from governance_analytics.grid import UnitGrid
from governance_analytics.periods import Period
from governance_analytics.specs import HotspotSpec

__all__ = ["HotspotStudy", "hotspot_study", "step_frequency"]


@dataclass(frozen=True)
class HotspotStudy:
    """The hot-spot run of one period.

    Attributes
    ----------
    period, freq : the period, and the cube's time step (``"MS"`` or ``"QS"``)
    classes : the analysed classes, most cases first
    too_few, flat : classes left out for fewer than ``min_cases`` cases, or a constant count
    spots : :func:`~governance_analytics.cases.hotspots.hot_spots` of the analysed classes (or ``None``)
    summary : :func:`~governance_analytics.cases.hotspots.hot_spot_summary` (or ``None``)
    n_steps : time steps in the cube
    emerging : class → emerging hot spots (empty with fewer than ``min_steps`` steps)
    emerging_counts : cells per emerging category and class
    """

    period: Period
    freq: str
    classes: list[str]
    too_few: list[str]
    flat: list[str]
    spots: pd.DataFrame | None
    summary: pd.DataFrame | None
    n_steps: int
    emerging: dict[str, pd.DataFrame] = field(default_factory=dict)
    emerging_counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    spec: HotspotSpec = field(default_factory=HotspotSpec)

    @property
    def has_emerging(self) -> bool:
        return bool(self.emerging)


def step_frequency(period: Period) -> str:
    """The cube's time step for ``period``: the month for a monthly period, else the quarter (a year
    is followed quarter by quarter, so that emerging hot spots have steps to follow)."""
    return "MS" if period.months == 1 else "QS"


def _cube(cases: pd.DataFrame, cells: pd.DataFrame, grid: UnitGrid, period: Period) -> pd.DataFrame:
    freq = step_frequency(period)
    last = (period.end - pd.Timedelta(days=1)).to_period("M" if freq == "MS" else "Q").start_time
    return aggregate_cases(cases, grid=grid, cells=cells, freq=freq, by=("category",), end=last)


def _classes(cube: pd.DataFrame, period: Period, min_cases: int) -> tuple[list[str], list[str], list[str]]:
    """Analysable classes (most cases first), classes with too few cases, classes with a constant count."""
    now = cube[period.contains(cube["period"])]
    per_cell = now.groupby(["category", "cell_id"])["n"].sum()
    n = per_cell.groupby(level="category").sum().sort_values(ascending=False, kind="stable")
    varied = per_cell.groupby(level="category").nunique() > 1
    too_few = n.index[n < min_cases].tolist()
    flat = [c for c in n.index if c not in too_few and not varied.get(c, False)]
    return [c for c in n.index if c not in too_few and c not in flat], too_few, flat


def hotspot_study(cases: pd.DataFrame, cells: pd.DataFrame, grid: UnitGrid, *, period: Period,
                  spec: HotspotSpec | None = None, seed=None) -> HotspotStudy:
    """Run study 1's hot-spot analysis for ``period`` (see the module notes).

    Parameters
    ----------
    cases, cells
        Canonical ``cases`` (with ``cell_id`` or x/y) and ``grid_cells``.
    grid
        The :class:`~governance_analytics.grid.UnitGrid` of the cells.
    period
        The period analysed.
    spec
        The study's settings (default :class:`~governance_analytics.specs.HotspotSpec`).
    seed
        Seed of the permutations.
    """
    spec = spec or HotspotSpec()
    cube = _cube(cases, cells, grid, period)
    classes, too_few, flat = _classes(cube, period, spec.min_cases)
    n_steps = int(cube["period"].nunique())
    if not classes:
        return HotspotStudy(period, step_frequency(period), [], too_few, flat, None, None, n_steps, spec=spec)
    analysed = cube[cube["category"].isin(classes)]
    spots = hot_spots(analysed, grid, cells=cells, by="category", period=period, weights=("distance", spec.band_m),
                      alpha=spec.alpha, inference="permutation", permutations=spec.permutations, seed=seed)
    summary = hot_spot_summary(spots, by="category")
    emerging = {}
    if n_steps >= spec.min_steps:
        emerging = {c: emerging_hot_spots(analysed[analysed["category"] == c].drop(columns="category"), "queen", cells=cells)
                    for c in classes[:spec.n_emerging]}
    counts = category_counts(emerging) if emerging else pd.DataFrame()
    return HotspotStudy(period, step_frequency(period), classes, too_few, flat, spots, summary, n_steps, emerging,
                        counts, spec)
