"""Study 2 of the Demo City: population units, commuting OD and the 1 km population grid.

Every planted fact in the ``population`` truth is recomputed here from the tables alone.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import ndimage

from governance_analytics import schemas
from governance_analytics.demo import population
from governance_analytics.demo._geography import build_geography
from governance_analytics.grid import UnitGrid, to_projected

SEED = 11
TABLES = ("population_units", "commuting_od", "population_grid")


@pytest.fixture(scope="module")
def geo():
    return build_geography(np.random.default_rng(1))


@pytest.fixture(scope="module")
def generated(geo):
    start = time.perf_counter()
    tables, truth = population.generate(geo, np.random.default_rng(SEED))
    return tables, truth, time.perf_counter() - start


@pytest.fixture(scope="module")
def tables(generated):
    return generated[0]


@pytest.fixture(scope="module")
def truth(generated):
    return generated[1]


@pytest.fixture(scope="module")
def units(tables):
    return tables["population_units"]


@pytest.fixture(scope="module")
def zones(units):
    return units.drop_duplicates("unit_id").set_index("unit_id")["zone"]


@pytest.fixture(scope="module")
def pop_grid(tables, truth):
    g = truth["grid"]
    grid = UnitGrid(g["x0"], g["y0"], g["cell_size_m"], g["n_rows"], g["n_cols"], "EPSG:32650")
    return grid, tables["population_grid"]


def _unit_cells(units: pd.DataFrame, grid: UnitGrid) -> pd.DataFrame:
    """Row and column of each unit's location (from its lon/lat) on ``grid``."""
    u = units.drop_duplicates("unit_id").set_index("unit_id")
    assert grid.crs is not None
    x, y = to_projected(u["lon"].to_numpy(), u["lat"].to_numpy(), grid.crs)
    row, col = grid.locate(x, y)
    return pd.DataFrame({"row": row, "col": col, "zone": u["zone"]}, index=u.index)


def _density(grid: UnitGrid, table: pd.DataFrame, year: int) -> np.ndarray:
    d = np.full((grid.n_rows, grid.n_cols), np.nan)
    t = table[table["year"] == year]
    d[t["row"], t["col"]] = t["population"] / (grid.cell_size / 1000.0) ** 2
    return d


# ---------------------------------------------------------------------------------------------- shape


@pytest.mark.parametrize("name", TABLES)
def test_table_conforms_to_its_schema(tables, name):
    schema = schemas.SCHEMAS[name]
    table = tables[name]
    schema.validate(table)
    assert list(table.columns) == [c for c, spec in schema.columns.items() if spec.required]  # optional ones absent
    for column, spec in schema.columns.items():
        if column not in table:
            continue
        if str(spec.dtype) == "int64":
            assert table[column].dtype == np.int64, column
        elif str(spec.dtype) == "str":
            assert pd.api.types.is_string_dtype(table[column]), column
    assert len(table) > 0


def test_generation_is_deterministic_and_fast(geo, generated):
    tables, truth, seconds = generated
    again, truth_again = population.generate(geo, np.random.default_rng(SEED))
    for name in TABLES:
        pd.testing.assert_frame_equal(tables[name], again[name])
    assert truth == truth_again
    other, _ = population.generate(geo, np.random.default_rng(SEED + 1))
    assert not tables["population_grid"]["population"].equals(other["population_grid"]["population"])
    assert seconds < 5.0


def test_truth_is_plain_json(truth):
    def walk(node):
        if isinstance(node, dict):
            assert all(type(k) is str for k in node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        else:
            assert type(node) in (str, int, float, bool, type(None)), (node, type(node))

    walk(truth)
    assert json.loads(json.dumps(truth, ensure_ascii=False)) == truth


# ---------------------------------------------------------------------------------------------- units


def test_units_and_years(units, geo, truth):
    per_unit = units.groupby("unit_id")
    years = [2000, 2010, 2020, 2021, 2022, 2023, 2024, 2025]
    assert all(sorted(y) == years for y in per_unit["year"].apply(list)) and truth["years"] == years
    assert units["unit_id"].str.fullmatch(r"9901\d\d").all()
    first = units.drop_duplicates("unit_id")
    assert first["zone"].value_counts().to_dict() == {"central": 4, "satellite": 4, "outer": 3, "core": 2}
    assert first["unit_name"].is_unique
    assert per_unit["zone"].nunique().eq(1).all() and per_unit["planned_capacity"].nunique().eq(1).all()

    # grid districts in 2025 are their communities summed
    comms = geo.communities.assign(unit_id=geo.communities["community_id"].str[:6])
    expected = comms.groupby("unit_id")["population"].sum()
    latest = units[units["year"] == 2025].set_index("unit_id")["population"]
    pd.testing.assert_series_equal(latest.loc[expected.index], expected, check_names=False)
    area = comms.groupby("unit_id")["area_km2"].sum()
    np.testing.assert_allclose(first.set_index("unit_id").loc[area.index, "area_km2"], area)

    # distances from the centre, areas and sizes of towns and counties
    x, y = to_projected(first["lon"].to_numpy(), first["lat"].to_numpy(), geo.crs)
    first = first.assign(km=np.hypot(x - geo.centre_x, y - geo.centre_y) / 1000.0, pop=first["unit_id"].map(latest))
    sat, out = first[first["zone"] == "satellite"], first[first["zone"] == "outer"]
    assert sat["km"].between(15, 35).all() and out["km"].between(40, 70).all()
    assert sat["area_km2"].between(40, 150).all() and out["area_km2"].between(800, 2000).all()
    assert sat["pop"].between(150_000, 600_000).all() and out["pop"].between(300_000, 700_000).all()
    assert first["km"].round(1).tolist() == [round(truth["units"][u]["distance_km"], 1) for u in first["unit_id"]]


def test_core_share_falls_and_satellites_grow_fastest(units, truth):
    wide = units.pivot(index="unit_id", columns="year", values="population")
    zone = units.drop_duplicates("unit_id").set_index("unit_id")["zone"]
    by_zone = wide.groupby(zone).sum()
    share = by_zone / by_zone.sum()
    assert share.loc["core", 2020] < share.loc["core", 2010] - 0.02
    assert list(share.loc["core"].diff().dropna() < 0) == [True] * 7
    assert (by_zone.loc["core", [2020, 2025]] < by_zone.loc["core", 2010]).all()
    for year in (2010, 2020, 2025):
        assert truth["zone_share"]["core"][str(year)] == pytest.approx(share.loc["core", year], abs=1e-4)

    cagr = (wide[2020] / wide[2010]) ** 0.1 - 1
    assert cagr[zone == "satellite"].min() > cagr[zone != "satellite"].max()
    assert cagr[zone == "outer"].max() < 0.01


def test_annual_growth_matches_planted_rates(units, truth):
    wide = units.pivot(index="unit_id", columns="year", values="population")
    realised = (wide[2025] / wide[2021]) ** 0.25 - 1
    planted = pd.Series({u: v["growth_rate"] for u, v in truth["units"].items()})
    assert set(planted.index) == set(realised.index)
    np.testing.assert_allclose(realised.loc[planted.index], planted, atol=0.003)
    assert planted[[u for u, v in truth["units"].items() if v["zone"] == "core"]].lt(0).all()


def test_over_capacity_units(units, truth):
    latest = units[units["year"] == 2025]
    over = sorted(latest.loc[latest["population"] > latest["planned_capacity"], "unit_id"])
    assert len(over) == 2
    assert over == truth["over_capacity_2025"] == sorted(truth["over_capacity_planted"])


# ---------------------------------------------------------------------------------------------- commuting


def _metrics(od: pd.DataFrame, zones: pd.Series, unit: str, year: int) -> dict[str, float]:
    m = od[od["year"] == year].pivot(index="origin", columns="destination", values="workers")
    residents = m.loc[unit].sum()
    centre = zones.index[zones.isin(["core", "central"])]
    return {
        "share_core_central": m.loc[unit, centre].sum() / residents,
        "self_containment": m.loc[unit, unit] / residents,
        "jobs_housing_ratio": m[unit].sum() / residents,
    }


def _classify(m: dict[str, float], thresholds: dict) -> str:
    d, b, i = thresholds["dormitory"], thresholds["balanced"], thresholds["independent"]
    kinds = []
    if m["share_core_central"] > d["share_core_central_min"] and m["jobs_housing_ratio"] < d["jobs_housing_max"]:
        kinds.append("dormitory")
    if (
        m["share_core_central"] <= b["share_core_central_max"]
        and m["self_containment"] <= b["self_containment_max"]
        and m["jobs_housing_ratio"] >= b["jobs_housing_min"]
    ):
        kinds.append("balanced")
    if m["self_containment"] > i["self_containment_min"] and m["jobs_housing_ratio"] >= i["jobs_housing_min"]:
        kinds.append("independent")
    assert len(kinds) == 1, (m, kinds)
    return kinds[0]


def test_od_covers_every_pair_and_matches_planted_totals(tables, truth, zones):
    od = tables["commuting_od"]
    assert sorted(od["year"].unique()) == [2010, 2020]
    assert len(od) == 2 * len(zones) ** 2
    intra = od[od["origin"] == od["destination"]]
    assert (intra["workers"] > 0).all()
    for year in ("2010", "2020"):
        planted = truth["commuting"]["planted"][year]
        y = od[od["year"] == int(year)]
        rows = y.groupby("origin")["workers"].sum()
        cols = y.groupby("destination")["workers"].sum()
        for unit in zones.index:  # sums of Poisson draws: within 4.5 standard deviations
            expected_rows, expected_cols = planted["employed_residents"][unit], planted["jobs"][unit]
            assert rows[unit] == pytest.approx(expected_rows, abs=4.5 * np.sqrt(expected_rows))
            assert cols[unit] == pytest.approx(expected_cols, abs=4.5 * np.sqrt(expected_cols))
        assert rows.sum() == pytest.approx(planted["total"], abs=4.5 * np.sqrt(planted["total"]))


def test_satellite_types_are_realised(tables, truth, zones):
    od, commuting = tables["commuting_od"], truth["commuting"]
    satellites = commuting["satellites"]
    assert set(satellites) == set(zones.index[zones == "satellite"])
    assert {"dormitory", "balanced", "independent"} <= {s["type"] for s in satellites.values()}
    for unit, recorded in satellites.items():
        for year in (2010, 2020):
            m = _metrics(od, zones, unit, year)
            for key, value in m.items():
                assert recorded[str(year)][key] == pytest.approx(value, abs=1e-4), (unit, year, key)
            assert _classify(m, commuting["type_thresholds"]) == recorded["type"], (unit, year, m)
    dorm = [u for u, s in satellites.items() if s["type"] == "dormitory"]
    assert all(_metrics(od, zones, u, 2020)["jobs_housing_ratio"] < 0.6 for u in dorm)


@pytest.mark.parametrize("year", [2010, 2020])
def test_gravity_beta_is_recovered(tables, truth, units, year):
    """A Poisson model with origin and destination effects and distance recovers the planted beta."""
    od = tables["commuting_od"]
    od = od[od["year"] == year]
    u = units.drop_duplicates("unit_id").set_index("unit_id")
    x, y = to_projected(u["lon"].to_numpy(), u["lat"].to_numpy(), "EPSG:32650")
    pos = pd.DataFrame({"x": x / 1000.0, "y": y / 1000.0}, index=u.index)
    o, d = pos.loc[od["origin"]].to_numpy(), pos.loc[od["destination"]].to_numpy()
    km = np.hypot(*(o - d).T)
    same = (od["origin"] == od["destination"]).to_numpy()
    km[same] = 2.0 / 3.0 * np.sqrt(u.loc[od["origin"][same], "area_km2"].to_numpy() / np.pi)
    X = pd.concat(
        [
            pd.get_dummies(od["origin"], prefix="o", dtype=float),
            pd.get_dummies(od["destination"], prefix="d", drop_first=True, dtype=float),
        ],
        axis=1,
    )
    X["km"] = km
    fit = sm.GLM(od["workers"].to_numpy(), X.to_numpy(), family=sm.families.Poisson()).fit()
    assert -fit.params[-1] == pytest.approx(truth["commuting"]["beta"][str(year)], abs=0.005)


# ---------------------------------------------------------------------------------------------- grid


def test_grid_layout(pop_grid):
    grid, table = pop_grid
    assert grid.n_cells < 30_000 and grid.n_rows * grid.cell_size >= 140_000
    for year in (2010, 2020):
        t = table[table["year"] == year]
        assert len(t) == grid.n_cells and t["cell_id"].is_unique
    x, y = grid.centres(table["row"], table["col"])
    np.testing.assert_allclose(table["x"], x)
    np.testing.assert_allclose(table["y"], y)
    assert (table["cell_id"] == "R" + table["row"].map("{:03d}".format) + "C" + table["col"].map("{:03d}".format)).all()


@pytest.mark.parametrize("year", [2010, 2020])
def test_urban_centres_match_truth(pop_grid, units, truth, year):
    grid, table = pop_grid
    density = _density(grid, table, year)
    labels, n = ndimage.label(density >= 1500)  # rook contiguity
    totals = ndimage.sum(density, labels, index=np.arange(1, n + 1))
    kept = np.flatnonzero(totals >= 50_000) + 1
    recorded = truth["grid"]["urban_centres"][str(year)]
    assert len(kept) == truth["grid"]["n_urban_centres"][str(year)] == len(recorded)
    assert len(kept) == (4 if year == 2010 else 5)
    assert sorted(int(t) for t in totals[kept - 1]) == sorted(c["population"] for c in recorded)

    cells = _unit_cells(units, grid)
    label_of = pd.Series(labels[cells["row"], cells["col"]], index=cells.index)
    city = label_of[cells["zone"].isin(["core", "central"])]
    assert city.nunique() == 1 and city.iloc[0] in kept
    assert totals[city.iloc[0] - 1] > 1_000_000
    satellites = label_of[cells["zone"] == "satellite"]
    emerging = truth["grid"]["emerging_centre"]
    centred = satellites.drop(emerging) if year == 2010 else satellites
    assert centred.isin(kept).all() and centred.is_unique and (centred != city.iloc[0]).all()
    assert (label_of[emerging] in kept) == (year == 2020)
    assert not label_of[cells["zone"] == "outer"].isin(kept).any()
    for centre in recorded:
        assert {label_of[u] for u in centre["unit_ids"]} <= set(kept)


@pytest.mark.parametrize("year", [2010, 2020])
def test_urban_clusters_and_rural_background(pop_grid, units, truth, year):
    grid, table = pop_grid
    density = _density(grid, table, year)
    labels, n = ndimage.label(density >= 300, structure=np.ones((3, 3)))  # queen contiguity
    totals = ndimage.sum(density, labels, index=np.arange(1, n + 1))
    kept = np.flatnonzero(totals >= 5_000) + 1
    assert len(kept) == truth["grid"]["n_urban_clusters"][str(year)] == 8
    # the rural background: no dense pockets outside the clusters
    assert totals[totals < 5_000].sum() < 5_000
    assert np.median(density[labels == 0]) < 150

    cells = _unit_cells(units, grid)
    label_of = pd.Series(labels[cells["row"], cells["col"]], index=cells.index)
    assert label_of.isin(kept).all()
    assert label_of[cells["zone"].isin(["core", "central"])].nunique() == 1
    assert label_of.nunique() == 8  # city, four satellites and three county seats are all separate
    realised = {u: s[str(year)] for u, s in truth["grid"]["settlement"].items()}
    planted = {u: s[str(year)] for u, s in truth["grid"]["settlement_planted"].items()}
    assert realised == planted


def test_sprawl_grows_around_the_core(pop_grid, units):
    grid, table = pop_grid
    cells = _unit_cells(units, grid)
    core_cell = cells[cells["zone"] == "core"].iloc[0]
    sizes = []
    for year in (2010, 2020):
        labels, _ = ndimage.label(_density(grid, table, year) >= 300, structure=np.ones((3, 3)))
        sizes.append(int((labels == labels[core_cell["row"], core_cell["col"]]).sum()))
    assert sizes[1] > 1.2 * sizes[0]
