"""Study 1's hot-spot run for one period: the computation the report and notebook 01 share.

:func:`hotspot_study` takes a city's cases and unit grid, a period and a
:class:`~governance_analytics.specs.HotspotSpec`, and returns every number the hot-spot part of the
report states (:class:`HotspotStudy`):

1. the cell cube by big class, one step per month for a monthly period, else per quarter, up to the
   step holding the period's last day (:func:`~governance_analytics.engines.aggregate_cases`);
2. the classes with enough data: at least ``spec.min_cases`` cases on the grid in the period and not
   the same count in every cell (Gi* is undefined on a constant) — the others are listed with why;
3. the scale of each class: ``spec.band_m`` metres, or with ``"auto"`` the distance band of
   ArcGIS's Optimized Hot Spot Analysis on the period's counts
   (:func:`~governance_analytics.cases.scale.choose_distance`: first peak of incremental spatial
   autocorrelation, else the average distance to the k nearest neighbours), with the rule that
   chose it;
4. Gi* of each analysed class on the period's counts at its band
   (:func:`~governance_analytics.cases.hotspots.hot_spots`: conditional randomisation, computed or
   sampled as ``spec.inference`` says, and FDR) and its
   summary per class;
5. with at least ``spec.min_steps`` time steps and ``spec.min_cases_per_step`` cases per step, the
   emerging hot spots of the ``spec.n_emerging`` largest classes
   (:func:`~governance_analytics.cases.emerging.emerging_hot_spots`) at the same band and with the
   same inference as the Gi*, FDR, Hamed–Rao's trend test with FDR
   across the locations whose category hangs on it, and the temporal test against shuffled time
   steps; and the cells per category;
6. agreement between the two: a cell whose emerging category claims a significant hot (cold) final
   step that the final step's Gi* (same band, same inference, FDR) does not mark a significant hot
   (cold) spot is reported as no pattern. The final step is the period itself for a monthly or
   quarterly period, so the report never calls a cell newly hot that its hot-spot map shows as not
   significant; for a longer period it is the period's last quarter.

Checks of adequacy come first and are data, not exceptions: a class with too few cases is a name in
``too_few``, not an error caught later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from governance_analytics.cases.emerging import category_counts, emerging_hot_spots
from governance_analytics.cases.hotspots import as_inference, cell_totals, hot_spot_summary, hot_spots
from governance_analytics.cases.scale import choose_distance, incremental_spatial_autocorrelation
from governance_analytics.cases.weights import distance_band_weights
from governance_analytics.engines import aggregate_cases
from governance_analytics.grid import UnitGrid
from governance_analytics.periods import Period
from governance_analytics.specs import HotspotSpec

__all__ = ["HotspotStudy", "agreeing", "hotspot_study", "step_frequency"]


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
    spec : the settings used
    scales : per analysed class, ``band_m``, ``rule`` (``"set"``, ``"first peak"``, ``"k nearest
        neighbours"``, ``"minimum radius"``) and ``k``
    thin : classes left out of the emerging analysis for fewer than ``min_cases_per_step`` cases per step
    reconciled : per emerging class, the cells whose final-step claim the final step's Gi* did not support
    final_step : the cube's last step (the period itself when it is one step long)
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
    scales: pd.DataFrame = field(default_factory=pd.DataFrame)
    thin: list[str] = field(default_factory=list)
    reconciled: dict[str, int] = field(default_factory=dict)
    final_step: Period | None = None

    @property
    def has_emerging(self) -> bool:
        return bool(self.emerging)


def step_frequency(period: Period) -> str:
    """The cube's time step for ``period``: the month for a monthly period, else the quarter (a year
    is followed quarter by quarter, so that emerging hot spots have steps to follow)."""
    return "MS" if period.months == 1 else "QS"


def _cube(cases: pd.DataFrame, cells: pd.DataFrame, grid: UnitGrid, period: Period) -> pd.DataFrame:
    freq = step_frequency(period)
    return aggregate_cases(cases, grid=grid, cells=cells, freq=freq, by=("category",), end=period.step_start(freq))


def _classes(cube: pd.DataFrame, period: Period, min_cases: int) -> tuple[list[str], list[str], list[str]]:
    """Analysable classes (most cases first), classes with too few cases, classes with a constant count."""
    now = cube[period.contains(cube["period"])]
    per_cell = now.groupby(["category", "cell_id"])["n"].sum()
    n = per_cell.groupby(level="category").sum().sort_values(ascending=False, kind="stable")
    varied = per_cell.groupby(level="category").nunique() > 1
    too_few = n.index[n < min_cases].tolist()
    flat = [c for c in n.index if c not in too_few and not varied.get(c, False)]
    return [c for c in n.index if c not in too_few and c not in flat], too_few, flat


def hotspot_study(
    cases: pd.DataFrame,
    cells: pd.DataFrame,
    grid: UnitGrid,
    *,
    period: Period,
    spec: HotspotSpec | None = None,
    seed=None,
) -> HotspotStudy:
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
    scales = _scales(analysed, cells, grid, period, spec)

    def gi_star_of(category: str, when: Period) -> pd.DataFrame:
        return hot_spots(
            analysed[analysed["category"] == category],
            grid,
            cells=cells,
            by="category",
            period=when,
            weights=("distance", scales.loc[category, "band_m"]),
            alpha=spec.alpha,
            inference=as_inference(spec.inference),
            permutations=spec.permutations,
            seed=seed,
        )

    spots = pd.concat([gi_star_of(c, period) for c in classes], ignore_index=True)
    summary = hot_spot_summary(spots, by="category")
    final = period.last_step(step_frequency(period))
    emerging, thin, reconciled = {}, [], {}
    if n_steps >= spec.min_steps:
        per_step = analysed.groupby("category")["n"].sum() / n_steps
        thin = [c for c in classes[: spec.n_emerging] if per_step[c] < spec.min_cases_per_step]
        for c in [c for c in classes[: spec.n_emerging] if c not in thin]:
            result = _emerging(
                analysed[analysed["category"] == c].drop(columns="category"),
                cells,
                grid,
                scales.loc[c, "band_m"],
                spec,
                seed,
            )
            final_spots = spots[spots["category"] == c] if final == period else gi_star_of(c, final)
            emerging[c], reconciled[c] = agreeing(result, final_spots)
    counts = category_counts(emerging) if emerging else pd.DataFrame()
    return HotspotStudy(
        period,
        step_frequency(period),
        classes,
        too_few,
        flat,
        spots,
        summary,
        n_steps,
        emerging,
        counts,
        spec,
        scales,
        thin,
        reconciled,
        final,
    )


def _scales(
    analysed: pd.DataFrame, cells: pd.DataFrame, grid: UnitGrid, period: Period, spec: HotspotSpec
) -> pd.DataFrame:
    """Per class: the band (metres), the rule that chose it, and the k of the fallback."""
    rows = {}
    for category, part in analysed.groupby("category", sort=False):
        if spec.band_m != "auto":
            rows[category] = {"band_m": float(spec.band_m), "rule": "set", "k": None}
            continue
        totals = cell_totals(part, cells=cells, period=period)
        x, y = grid.centres(totals["row"].to_numpy(), totals["col"].to_numpy())
        choice = choose_distance(incremental_spatial_autocorrelation(totals["n"].to_numpy(), x, y), x, y)
        rows[category] = {"band_m": choice.distance, "rule": choice.rule, "k": choice.k}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("category")


def _emerging(
    cube: pd.DataFrame, cells: pd.DataFrame, grid: UnitGrid, band: float, spec: HotspotSpec, seed
) -> pd.DataFrame:
    """Emerging hot spots of one class at ``band``, with the Gi*'s inference."""
    located = cube.merge(cells[["cell_id", "row", "col"]], on="cell_id", how="left")
    order = located.drop_duplicates("cell_id").sort_values("cell_id")
    x, y = grid.centres(order["row"].to_numpy(), order["col"].to_numpy())
    weights = distance_band_weights(x, y, band)
    return emerging_hot_spots(
        cube,
        weights,
        cells=cells,
        alpha=spec.alpha,
        fdr=True,
        inference=spec.inference,
        permutations=spec.emerging_permutations,
        temporal_test=spec.temporal_test,
        trend_correction="hamed_rao",
        trend_fdr=True,
        seed=seed,
    )


def agreeing(emerging: pd.DataFrame, spots: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """``emerging`` with every category that claims a significant hot (cold) final step — every hot
    (cold) category but the historical ones — set to no pattern where the final step's Gi*
    (``spots``, from :func:`~governance_analytics.cases.hotspots.hot_spots`) does not mark the cell
    a significant hot (cold) spot; and how many were set so."""
    hot = set(spots.loc[spots["significant"] & (spots["bin"] > 0), "cell_id"])
    cold = set(spots.loc[spots["significant"] & (spots["bin"] < 0), "cell_id"])
    claims_hot = emerging["category"].str.endswith("hot spot") & ~emerging["category"].str.startswith("historical")
    claims_cold = emerging["category"].str.endswith("cold spot") & ~emerging["category"].str.startswith("historical")
    unsupported = (claims_hot & ~emerging["cell_id"].isin(hot)) | (claims_cold & ~emerging["cell_id"].isin(cold))
    return emerging.assign(category=emerging["category"].where(~unsupported, "no pattern")), int(unsupported.sum())
