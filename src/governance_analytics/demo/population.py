"""Study 2 — is the core's crowding relieved by satellite towns? The metro area around 示范市.

Three tables, each a pure function of the geography and ``rng``:

``population_units``
    The six grid districts (2 core, 4 central), four satellite towns (卫星城, 15–35 km out) and
    three outer counties (县, 45–60 km out), in the census years 2000, 2010, 2020 and annually
    2021–2025. Planted: every unit follows a compound annual growth rate (the ``growth`` fields of
    :data:`SATELLITES`, :data:`COUNTIES`, :data:`DISTRICT_GROWTH`) up to small noise, anchored at
    2025 on the grid districts' community populations. The core shrinks after 2010, satellites grow
    fastest, counties stagnate — so the core's share of the metro population falls. Two units
    (:data:`OVER_CAPACITY`) exceed their ``planned_capacity`` in 2025.
``commuting_od``
    Employed residents by unit of residence and unit of work, 2010 and 2020, drawn as
    ``Poisson(A_i O_i B_j D_j exp(-beta d_ij))`` — a doubly constrained gravity model balanced by
    Furness iteration. Planted satellite types: dormitory (few local jobs, most residents work in the
    core and central districts), balanced and independent (self-contained, jobs ≥ residents).
``population_grid``
    Residents per 1 km cell over a 140 km × 140 km square, 2010 and 2020. Planted Degree of
    Urbanisation: the core city is one large urban centre, every satellite a separate urban centre
    except 南湖新城 in 2010 (then only an urban cluster: it *emerges* as a centre by 2020), each county
    seat an urban cluster, rural background (< 300/km²) elsewhere, with sprawl growing around the core.

The ground truth returned next to the tables (the ``population`` section of ``truth.json``) states
the planted parameters and the values realised in the generated tables.
"""

from __future__ import annotations

from typing import NamedTuple, TypedDict

import numpy as np
import pandas as pd
from scipy import ndimage

from governance_analytics import schemas
from governance_analytics.demo._geography import DemoGeography
from governance_analytics.grid import UnitGrid

__all__ = ["generate"]

# --------------------------------------------------------------------------------------------------
# Planted parameters
# --------------------------------------------------------------------------------------------------

YEARS = (2000, 2010, 2020, 2021, 2022, 2023, 2024, 2025)
CENSUS_YEARS = (2000, 2010, 2020)
BASE_YEAR = 2025  # populations are anchored here; grid districts = sum of their communities
OD_YEARS = (2010, 2020)
GRID_YEARS = (2010, 2020)
POPULATION_NOISE_SD = 0.002  # log-normal noise on every unit-year except the anchor year


class Town(NamedTuple):
    """A satellite town or county, placed by distance and compass bearing from the city centre."""

    unit_id: str
    name: str
    zone: str
    kind: str  # satellite type ('dormitory', 'balanced', 'independent') or 'county'
    distance_km: float
    bearing_deg: float
    area_km2: float
    population_2025: int
    growth: float  # compound annual growth rate 2010–2025
    growth_2000s: float  # compound annual growth rate 2000–2010
    jobs_housing: float  # planted jobs located there / employed residents living there
    capacity_factor: float  # planned_capacity = population_2025 * capacity_factor
    spread_km: float  # length scale of the town's (or county seat's) Gaussian density kernel


SATELLITES = (
    Town("990111", "临江新城", "satellite", "dormitory", 20.0, 80.0, 96.0, 520_000, 0.065, 0.100, 0.45, 0.93, 2.5),
    Town("990112", "南湖新城", "satellite", "dormitory", 22.0, 160.0, 58.0, 260_000, 0.090, 0.070, 0.50, 1.15, 2.5),
    Town("990113", "北岗新城", "satellite", "balanced", 26.0, 350.0, 120.0, 380_000, 0.045, 0.050, 0.85, 1.20, 2.5),
    Town("990114", "西山新城", "satellite", "independent", 33.0, 250.0, 145.0, 580_000, 0.030, 0.035, 1.10, 1.30, 3.0),
)
COUNTIES = (
    Town("990121", "青山县", "outer", "county", 55.0, 315.0, 1650.0, 520_000, -0.008, 0.004, 0.92, 1.25, 4.0),
    Town("990122", "白水县", "outer", "county", 60.0, 170.0, 1200.0, 410_000, -0.003, 0.005, 0.90, 1.20, 4.0),
    Town("990123", "云台县", "outer", "county", 48.0, 110.0, 900.0, 640_000, 0.004, 0.006, 0.95, 1.10, 4.0),
)

#: Grid districts' compound annual growth by zone: (2000–2010, 2010–2025). The core declines after 2010.
DISTRICT_GROWTH = {"core": (0.010, -0.008), "central": (0.035, 0.012)}
#: planted_capacity / population_2025 of the grid districts; 东湖区 (990104) is over capacity.
DISTRICT_CAPACITY_FACTOR = {
    "990102": 1.05,
    "990103": 1.04,
    "990104": 0.96,
    "990105": 1.12,
    "990106": 1.15,
    "990107": 1.10,
}
#: Units planted to exceed their planned capacity in 2025.
OVER_CAPACITY = ("990104", "990111")

#: Employed residents per resident, by zone.
EMPLOYMENT_RATE = {"core": 0.56, "central": 0.56, "satellite": 0.55, "outer": 0.48}
#: Planted jobs-housing ratio of the central districts; the core holds every remaining job.
CENTRAL_JOBS_HOUSING = 1.05
#: Exponential distance-deterrence parameter (per km) of the gravity model, by year.
BETA = {2010: 0.12, 2020: 0.10}
FURNESS_ITERATIONS = 200
#: Thresholds classifying a satellite by its realised commuting metrics.
TYPE_THRESHOLDS = {
    "dormitory": {"share_core_central_min": 0.5, "jobs_housing_max": 0.8},
    "balanced": {"share_core_central_max": 0.5, "self_containment_max": 0.7, "jobs_housing_min": 0.7},
    "independent": {"self_containment_min": 0.7, "jobs_housing_min": 0.9},
}

GRID_CELL_M = 1000.0
GRID_HALF_WIDTH_M = 70_000.0
CORE_HALF_SIZE_M = (6_000.0, 5_500.0)  # the grid districts' rectangle around the centre (x, y)
SATELLITE_URBAN_SHARE = 0.85  # share of a satellite's residents in its density kernel
COUNTY_SEAT_SHARE = 0.08  # share of a county's residents in its seat's density kernel
RURAL_DENSITY = {2010: 110.0, 2020: 100.0}  # residents/km² of the background, times U(0.6, 1.4)
RURAL_NOISE = (0.6, 1.4)
#: Sprawl outside the grid districts: density at their edge (per km²) and decay length (km), by year.
SPRAWL = {2010: (2_500.0, 1.5), 2020: (3_500.0, 2.0)}
CELL_NOISE = (0.9, 1.1)  # multiplicative noise on the urban density of each cell


class _Rule(TypedDict):
    """A Degree of Urbanisation cell rule: minimum density per km², minimum total population, contiguity."""

    min_density: float
    min_population: int
    contiguity: str


#: Degree of Urbanisation (GHSL) cell thresholds: minimum density per km² and minimum total population.
URBAN_CENTRE: _Rule = {"min_density": 1500.0, "min_population": 50_000, "contiguity": "rook"}
URBAN_CLUSTER: _Rule = {"min_density": 300.0, "min_population": 5_000, "contiguity": "queen"}
#: The satellite that is only an urban cluster in 2010 and an urban centre by 2020.
EMERGING_CENTRE = "990112"
CORE_CITY_NAME = "示范市中心城区"


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def generate(geo: DemoGeography, rng: np.random.Generator) -> tuple[dict[str, pd.DataFrame], dict]:
    """Generate study 2's tables and their ground truth.

    Parameters
    ----------
    geo
        The Demo City's geography: the six grid districts come from ``geo.communities``.
    rng
        The only source of randomness.

    Returns
    -------
    tables, truth
        ``{"population_units", "commuting_od", "population_grid"}`` in their canonical schemas, and a
        JSON-serialisable dict of what was planted and what the tables realise.
    """
    units = _units(geo)
    population = _population_units(units, rng=rng)
    od = _commuting_od(units, population, rng=rng)
    grid = UnitGrid.covering(
        (
            geo.centre_x - GRID_HALF_WIDTH_M,
            geo.centre_y - GRID_HALF_WIDTH_M,
            geo.centre_x + GRID_HALF_WIDTH_M,
            geo.centre_y + GRID_HALF_WIDTH_M,
        ),
        crs=geo.crs,
        cell_size=GRID_CELL_M,
    )
    pop_grid = _population_grid(geo, grid, units, population, rng=rng)
    tables = {
        "population_units": schemas.population_units.validate(population),
        "commuting_od": schemas.commuting_od.validate(od),
        "population_grid": schemas.population_grid.validate(pop_grid),
    }
    truth = {
        "units": _units_truth(units),
        "years": list(YEARS),
        "census_years": list(CENSUS_YEARS),
        "base_year": BASE_YEAR,
        "population_noise_sd": POPULATION_NOISE_SD,
        **_population_truth(population),
        "commuting": _commuting_truth(units, population, od),
        "grid": _grid_truth(grid, units, pop_grid),
    }
    return tables, truth


# --------------------------------------------------------------------------------------------------
# Units and their populations
# --------------------------------------------------------------------------------------------------


def _units(geo: DemoGeography) -> pd.DataFrame:
    """One row per unit: id, name, zone, kind, planted parameters and location (x, y in metres)."""
    comms = geo.communities.assign(unit_id=geo.communities["community_id"].str[:6])
    districts = comms.groupby("unit_id").agg(
        name=("district", "first"),
        zone=("zone", "first"),
        area_km2=("area_km2", "sum"),
        population_2025=("population", "sum"),
    )
    centroid = geo.cells.assign(unit_id=geo.cells["cell_id"].str[:6]).groupby("unit_id")[["x", "y"]].mean()
    districts = districts.join(centroid).reset_index()
    districts["kind"] = districts["zone"]
    districts["growth_2000s"] = districts["zone"].map(lambda z: DISTRICT_GROWTH[z][0])
    districts["growth"] = districts["zone"].map(lambda z: DISTRICT_GROWTH[z][1])
    districts["jobs_housing"] = np.where(districts["zone"] == "central", CENTRAL_JOBS_HOUSING, np.nan)
    districts["capacity_factor"] = districts["unit_id"].map(DISTRICT_CAPACITY_FACTOR)
    districts["spread_km"] = np.nan
    districts["distance_km"] = np.hypot(districts["x"] - geo.centre_x, districts["y"] - geo.centre_y) / 1000.0

    towns = pd.DataFrame([t._asdict() for t in SATELLITES + COUNTIES])
    bearing = np.radians(towns["bearing_deg"])
    towns["x"] = geo.centre_x + 1000.0 * towns["distance_km"] * np.sin(bearing)
    towns["y"] = geo.centre_y + 1000.0 * towns["distance_km"] * np.cos(bearing)
    units = pd.concat([districts, towns.drop(columns="bearing_deg")], ignore_index=True)
    units["lon"], units["lat"] = geo.to_lonlat(units["x"].to_numpy(), units["y"].to_numpy())
    units["population_2025"] = units["population_2025"].astype("int64")
    return units.sort_values("unit_id", ignore_index=True)


def _expected_population(units: pd.DataFrame, year: int) -> np.ndarray:
    """Planted population of every unit in ``year``: compound growth back from the 2025 anchor."""
    p = units["population_2025"].to_numpy(float) * (1.0 + units["growth"].to_numpy()) ** (max(year, 2010) - BASE_YEAR)
    if year < 2010:
        p = p * (1.0 + units["growth_2000s"].to_numpy()) ** (year - 2010)
    return p


def _population_units(units: pd.DataFrame, *, rng: np.random.Generator) -> pd.DataFrame:
    """The ``population_units`` table: planted growth paths with log-normal noise off the anchor year.

    ``planned_capacity`` is the 2025 population times the unit's capacity factor, rounded to thousands,
    the same in every year.
    """
    capacity = (np.round(units["population_2025"] * units["capacity_factor"], -3)).astype("int64")
    frames = []
    for year in YEARS:
        noise = 1.0 if year == BASE_YEAR else np.exp(rng.normal(0.0, POPULATION_NOISE_SD, len(units)))
        frames.append(
            pd.DataFrame(
                {
                    "unit_id": units["unit_id"],
                    "unit_name": units["name"],
                    "zone": units["zone"],
                    "year": np.int64(year),
                    "population": np.round(_expected_population(units, year) * noise).astype("int64"),
                    "area_km2": units["area_km2"].astype(float),
                    "planned_capacity": capacity,
                    "lon": units["lon"],
                    "lat": units["lat"],
                }
            )
        )
    table = pd.concat(frames, ignore_index=True).sort_values(["unit_id", "year"], ignore_index=True)
    return table[[name for name, column in schemas.population_units.columns.items() if column.required]]


# --------------------------------------------------------------------------------------------------
# Commuting
# --------------------------------------------------------------------------------------------------


def _distance_km(units: pd.DataFrame) -> np.ndarray:
    """Unit-to-unit distances (km); the diagonal is the mean centre-to-point distance of a disc of the
    unit's area, ``(2/3)·sqrt(area/π)``."""
    xy = units[["x", "y"]].to_numpy() / 1000.0
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, 2.0 / 3.0 * np.sqrt(units["area_km2"].to_numpy() / np.pi))
    return d


def _workers_and_jobs(units: pd.DataFrame, population: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Planted employed residents ``O`` and jobs ``D`` per unit; the core holds the jobs left over."""
    workers = units["zone"].map(EMPLOYMENT_RATE).to_numpy() * population
    jobs = units["jobs_housing"].to_numpy() * workers
    core = (units["zone"] == "core").to_numpy()
    jobs[core] = (workers.sum() - jobs[~core].sum()) * workers[core] / workers[core].sum()
    return workers, jobs


def _furness(workers: np.ndarray, jobs: np.ndarray, deterrence: np.ndarray) -> np.ndarray:
    """Expected flows of the doubly constrained gravity model: rows sum to ``workers``, columns to ``jobs``."""
    flows = deterrence * workers[:, None]
    for _ in range(FURNESS_ITERATIONS):
        flows *= (jobs / flows.sum(axis=0))[None, :]
        flows *= (workers / flows.sum(axis=1))[:, None]
    return flows


def _commuting_od(units: pd.DataFrame, population: pd.DataFrame, *, rng: np.random.Generator) -> pd.DataFrame:
    """The ``commuting_od`` table: Poisson draws around the gravity model's expected flows, all pairs."""
    ids = units["unit_id"].to_numpy()
    frames = []
    for year in OD_YEARS:
        pop = _population_in(population, ids, year)
        workers, jobs = _workers_and_jobs(units, pop)
        expected = _furness(workers, jobs, np.exp(-BETA[year] * _distance_km(units)))
        frames.append(
            pd.DataFrame(
                {
                    "origin": np.repeat(ids, len(ids)),
                    "destination": np.tile(ids, len(ids)),
                    "year": np.int64(year),
                    "workers": rng.poisson(expected).ravel().astype("int64"),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[list(schemas.commuting_od.columns)]


def _population_in(population: pd.DataFrame, ids: np.ndarray, year: int) -> np.ndarray:
    """Population of units ``ids`` in ``year`` from the ``population_units`` table."""
    return population[population["year"] == year].set_index("unit_id").loc[ids, "population"].to_numpy(float)


def _commuting_metrics(od: pd.DataFrame, zones: pd.Series, unit_id: str, year: int) -> dict[str, float]:
    """Realised commuting metrics of ``unit_id`` in ``year``.

    ``share_core_central``: share of its employed residents working in a core or central unit;
    ``self_containment``: share working in the unit itself; ``jobs_housing_ratio``: workers employed
    in the unit over employed residents living in it. ``zones`` maps unit_id to zone.
    """
    od = od[od["year"] == year]
    out = od[od["origin"] == unit_id]
    residents = out["workers"].sum()
    to_centre = out.loc[out["destination"].map(zones).isin(("core", "central")), "workers"].sum()
    intra = out.loc[out["destination"] == unit_id, "workers"].sum()
    jobs = od.loc[od["destination"] == unit_id, "workers"].sum()
    return {
        "share_core_central": round(float(to_centre / residents), 4),
        "self_containment": round(float(intra / residents), 4),
        "jobs_housing_ratio": round(float(jobs / residents), 4),
    }


# --------------------------------------------------------------------------------------------------
# Population grid
# --------------------------------------------------------------------------------------------------


def _core_density(
    geo: DemoGeography, grid: UnitGrid, units: pd.DataFrame, population: pd.DataFrame, year: int
) -> np.ndarray:
    """Residents of the grid districts per 1 km cell: each community spread evenly over its 100 m cells,
    scaled by its district's population in ``year`` relative to 2025."""
    cells = geo.cells
    community = cells["cell_id"].str[:12]
    comm_pop = geo.communities.set_index("community_id")["population"]
    per_cell = community.map(comm_pop / community.value_counts()).to_numpy(float)
    district = cells["cell_id"].str[:6].to_numpy()
    ids = units["unit_id"].to_numpy()
    factor = pd.Series(_population_in(population, ids, year) / units["population_2025"].to_numpy(), index=ids)
    row, col = grid.locate(cells["x"].to_numpy(), cells["y"].to_numpy())
    weights = per_cell * factor.loc[district].to_numpy()
    return np.bincount(row * grid.n_cols + col, weights=weights, minlength=grid.n_cells)


def _kernel(cx: np.ndarray, cy: np.ndarray, x0: float, y0: float, total: float, spread_m: float) -> np.ndarray:
    """``total`` residents spread over the cells by a Gaussian ``exp(-(r/spread)²)`` around ``(x0, y0)``."""
    w = np.exp(-((np.hypot(cx - x0, cy - y0) / spread_m) ** 2))
    return total * w / w.sum()


def _population_grid(
    geo: DemoGeography, grid: UnitGrid, units: pd.DataFrame, population: pd.DataFrame, *, rng: np.random.Generator
) -> pd.DataFrame:
    """The ``population_grid`` table: every 1 km cell in each of :data:`GRID_YEARS`.

    Urban density = grid districts' communities + sprawl decaying outside their rectangle + a Gaussian
    kernel per satellite (:data:`SATELLITE_URBAN_SHARE` of its residents) and county seat
    (:data:`COUNTY_SEAT_SHARE`), times :data:`CELL_NOISE`; plus a rural background.
    """
    cells = grid.all_cells()
    cx, cy = cells["x"].to_numpy(), cells["y"].to_numpy()
    outside = np.hypot(
        np.maximum(np.abs(cx - geo.centre_x) - CORE_HALF_SIZE_M[0], 0.0),
        np.maximum(np.abs(cy - geo.centre_y) - CORE_HALF_SIZE_M[1], 0.0),
    )
    towns = units[units["zone"].isin(("satellite", "outer"))]
    cell_id = [f"R{r:03d}C{c:03d}" for r, c in zip(cells["row"], cells["col"])]
    frames = []
    for year in GRID_YEARS:
        urban = _core_density(geo, grid, units, population, year)
        edge, length = SPRAWL[year]
        urban += np.where(outside > 0, edge * np.exp(-outside / (1000.0 * length)), 0.0)
        town_pop = _population_in(population, towns["unit_id"].to_numpy(), year)
        shares = np.where(towns["zone"] == "satellite", SATELLITE_URBAN_SHARE, COUNTY_SEAT_SHARE)
        for (_, town), total in zip(towns.iterrows(), town_pop * shares):
            urban += _kernel(cx, cy, town["x"], town["y"], total, 1000.0 * town["spread_km"])
        rural = RURAL_DENSITY[year] * rng.uniform(*RURAL_NOISE, grid.n_cells)
        density = urban * rng.uniform(*CELL_NOISE, grid.n_cells) + rural
        frames.append(
            pd.DataFrame(
                {
                    "cell_id": cell_id,
                    "year": np.int64(year),
                    "row": cells["row"].astype("int64"),
                    "col": cells["col"].astype("int64"),
                    "x": cx,
                    "y": cy,
                    "population": np.round(density * (GRID_CELL_M / 1000.0) ** 2),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[list(schemas.population_grid.columns)]


def _settlements(
    grid: UnitGrid, year_grid: pd.DataFrame, *, min_density: float, min_population: float, queen: bool
) -> tuple[np.ndarray, list[int]]:
    """Label contiguous cells at or above ``min_density`` and keep those with ``min_population``."""
    density = np.zeros((grid.n_rows, grid.n_cols))
    density[year_grid["row"], year_grid["col"]] = year_grid["population"] / (GRID_CELL_M / 1000.0) ** 2
    structure = np.ones((3, 3)) if queen else None
    labels, n = ndimage.label(density >= min_density, structure=structure)
    totals = ndimage.sum(density, labels, index=np.arange(1, n + 1))
    return labels, [i + 1 for i, t in enumerate(totals) if t >= min_population]


# --------------------------------------------------------------------------------------------------
# Truth
# --------------------------------------------------------------------------------------------------


def _units_truth(units: pd.DataFrame) -> dict:
    """Planted parameters of every unit."""
    out = {}
    for u in units.itertuples():
        out[u.unit_id] = {
            "name": u.name,
            "zone": u.zone,
            "kind": u.kind,
            "distance_km": round(float(u.distance_km), 2),
            "growth_rate": float(u.growth),
            "growth_rate_2000_2010": float(u.growth_2000s),
            "population_2025": int(u.population_2025),
            "area_km2": round(float(u.area_km2), 2),
            "capacity_factor": float(u.capacity_factor),
            "employment_rate": EMPLOYMENT_RATE[u.zone],
            "jobs_housing_planted": None if np.isnan(u.jobs_housing) else float(u.jobs_housing),
        }
    return out


def _population_truth(population: pd.DataFrame) -> dict:
    """Realised zone shares, 2025 capacity ratios and the units over capacity."""
    by_zone = population.pivot_table(index="year", columns="zone", values="population", aggfunc="sum")
    share = by_zone.div(by_zone.sum(axis=1), axis=0)
    latest = population[population["year"] == BASE_YEAR].set_index("unit_id")
    ratio = latest["population"] / latest["planned_capacity"]
    return {
        "zone_share": {z: {str(y): round(float(v), 4) for y, v in share[z].items()} for z in schemas.ZONES},
        "core_share_declines_after": 2010,
        "fastest_growing_zone": "satellite",
        "capacity_ratio_2025": {u: round(float(r), 4) for u, r in ratio.items()},
        "over_capacity_2025": sorted(ratio.index[ratio > 1].tolist()),
        "over_capacity_planted": list(OVER_CAPACITY),
    }


def _commuting_truth(units: pd.DataFrame, population: pd.DataFrame, od: pd.DataFrame) -> dict:
    """Gravity-model parameters, planted employed residents and jobs, realised satellite metrics."""
    ids = units["unit_id"].to_numpy()
    zones = units.set_index("unit_id")["zone"]
    planted = {}
    for year in OD_YEARS:
        workers, jobs = _workers_and_jobs(units, _population_in(population, ids, year))
        planted[str(year)] = {
            "employed_residents": {u: int(round(w)) for u, w in zip(ids, workers)},
            "jobs": {u: int(round(j)) for u, j in zip(ids, jobs)},
            "total": int(round(workers.sum())),
        }
    satellites = {}
    for t in SATELLITES:
        satellites[t.unit_id] = {"name": t.name, "type": t.kind, "jobs_housing_planted": t.jobs_housing}
        for year in OD_YEARS:
            satellites[t.unit_id][str(year)] = _commuting_metrics(od, zones, t.unit_id, year)
    return {
        "years": list(OD_YEARS),
        "form": "doubly_constrained_gravity",
        "expected_flow": "T_ij = A_i O_i B_j D_j exp(-beta * d_ij_km), A and B by Furness iteration",
        "sampling": "workers ~ Poisson(T_ij), all origin-destination pairs incl. intra-unit",
        "intra_unit_distance": "d_ii_km = (2/3) * sqrt(area_km2 / pi)",
        "beta": {str(y): b for y, b in BETA.items()},
        "employment_rate": dict(EMPLOYMENT_RATE),
        "central_jobs_housing": CENTRAL_JOBS_HOUSING,
        "core_jobs": "all jobs not located elsewhere, split between core districts by employed residents",
        "planted": planted,
        "type_thresholds": {t: dict(rule) for t, rule in TYPE_THRESHOLDS.items()},
        "satellites": satellites,
    }


def _grid_truth(grid: UnitGrid, units: pd.DataFrame, pop_grid: pd.DataFrame) -> dict:
    """Realised urban centres and clusters per year, and the settlement class of every unit's location."""
    row, col = grid.locate(units["x"].to_numpy(), units["y"].to_numpy())
    planted = {}
    for u in units.itertuples():
        kind = "urban_cluster" if u.zone == "outer" else "urban_centre"
        planted[u.unit_id] = {str(y): kind for y in GRID_YEARS}
    planted[EMERGING_CENTRE][str(GRID_YEARS[0])] = "urban_cluster"

    centres, clusters = {}, {}
    settlement: dict[str, dict[str, str]] = {u: {} for u in units["unit_id"]}
    for year in GRID_YEARS:
        year_grid = pop_grid[pop_grid["year"] == year]
        found = {}
        for level, spec in (("urban_centre", URBAN_CENTRE), ("urban_cluster", URBAN_CLUSTER)):
            labels, keep = _settlements(
                grid,
                year_grid,
                min_density=spec["min_density"],
                min_population=spec["min_population"],
                queen=spec["contiguity"] == "queen",
            )
            found[level] = _describe(labels, keep, units, row, col, year_grid, grid)
            for s in found[level]:
                for u in s["unit_ids"]:
                    settlement[u].setdefault(str(year), level)
        centres[str(year)], clusters[str(year)] = found["urban_centre"], found["urban_cluster"]
        for u in settlement:
            settlement[u].setdefault(str(year), "rural")
    return {
        "cell_size_m": GRID_CELL_M,
        "x0": grid.x0,
        "y0": grid.y0,
        "n_rows": grid.n_rows,
        "n_cols": grid.n_cols,
        "years": list(GRID_YEARS),
        "urban_centre_rule": dict(URBAN_CENTRE),
        "urban_cluster_rule": dict(URBAN_CLUSTER),
        "rural_max_density": 300.0,
        "satellite_urban_share": SATELLITE_URBAN_SHARE,
        "county_seat_share": COUNTY_SEAT_SHARE,
        "sprawl": {str(y): {"edge_density": e, "decay_km": k} for y, (e, k) in SPRAWL.items()},
        "emerging_centre": EMERGING_CENTRE,
        "settlement_planted": planted,
        "settlement": settlement,
        "n_urban_centres": {y: len(c) for y, c in centres.items()},
        "urban_centres": centres,
        "n_urban_clusters": {y: len(c) for y, c in clusters.items()},
        "urban_clusters": clusters,
    }


def _describe(
    labels: np.ndarray,
    keep: list[int],
    units: pd.DataFrame,
    row: np.ndarray,
    col: np.ndarray,
    year_grid: pd.DataFrame,
    grid: UnitGrid,
) -> list[dict]:
    """Name, units, population and cell count of each kept component, largest first."""
    density = np.zeros(labels.shape)
    density[year_grid["row"], year_grid["col"]] = year_grid["population"]
    unit_label = labels[row, col]
    out = []
    for k in keep:
        members = units.loc[unit_label == k]
        core = members["zone"].isin(("core", "central")).any()
        name = CORE_CITY_NAME if core else "、".join(members["name"]) or "unnamed"
        out.append(
            {
                "name": name,
                "unit_ids": members["unit_id"].tolist(),
                "population": int(density[labels == k].sum()),
                "n_cells": int((labels == k).sum()),
            }
        )
    return sorted(out, key=lambda s: -s["population"])
