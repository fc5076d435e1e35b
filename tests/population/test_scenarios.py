"""Dispersal scenarios: the move by hand, pressure before and after, and commuting redistributed."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.population.commuting import commuting_profile
from governance_analytics.population.interaction import distance_table, gravity
from governance_analytics.population.scenarios import dispersal_scenario, move_population


def test_move_population_by_hand():
    values = pd.Series({"c1": 1000.0, "c2": 500.0, "s1": 100.0, "s2": 100.0, "o": 50.0})
    after = move_population(values, sources=["c1", "c2"], targets={"s1": 3, "s2": 1}, share=0.1)
    # 100 + 50 leave; s1 gets 3/4 of 150, s2 1/4
    assert after.to_dict() == {"c1": 900.0, "c2": 450.0, "s1": 212.5, "s2": 137.5, "o": 50.0}
    assert after.sum() == values.sum()
    with pytest.raises(ValueError, match="both source and target"):
        move_population(values, sources=["c1"], targets=["c1"], share=0.1)
    with pytest.raises(ValueError, match="not in the table"):
        move_population(values, sources=["x"], targets=["s1"], share=0.1)
    with pytest.raises(ValueError, match="between 0 and 1"):
        move_population(values, sources=["c1"], targets=["s1"], share=1.5)


def _units():
    return pd.DataFrame(
        {
            "unit_id": ["c", "s", "t"],
            "unit_name": ["核心", "卫星", "县"],
            "zone": ["core", "satellite", "outer"],
            "year": 2020,
            "population": [1000, 200, 300],
            "area_km2": [10.0, 20.0, 100.0],
            "planned_capacity": [950, 250, 400],
            "lon": [117.0, 117.2, 117.5],
            "lat": [31.8, 31.9, 31.7],
        }
    )


def test_pressure_before_and_after_by_hand():
    result = dispersal_scenario(_units(), year=2020, share=0.1, targets=["s"])
    table = result.units
    assert table.loc["c", "population_after"] == 900 and table.loc["s", "population_after"] == 300
    assert table.loc["c", "density_before"] == 100.0 and table.loc["c", "density_after"] == 90.0
    assert table.loc["s", "pressure_after"] == pytest.approx(300 / 250)
    assert bool(table.loc["c", "over_capacity_before"]) and not bool(table.loc["c", "over_capacity_after"])
    assert bool(table.loc["s", "over_capacity_after"])  # the satellite is now over its plan
    # c: 1000/950 over, 900/950 not; s: 200/250 not, 300/250 over; t: 300/400 never
    assert result.relieved.tolist() == ["c"] and result.newly_over.tolist() == ["s"]
    uncapped = dispersal_scenario(_units().drop(columns="planned_capacity"), year=2020, share=0.1, targets=["s"])
    assert uncapped.relieved.empty and uncapped.newly_over.empty
    assert result.summary["persons_moved"] == 100.0 and result.commuting is None
    assert "10.0% of the residents of c (100 persons) move" in result.text
    with pytest.raises(ValueError, match="year 2030 not in"):
        dispersal_scenario(_units(), year=2030, share=0.1, targets=["s"])


@pytest.fixture(scope="module")
def demo_fit(demo_city):
    units, od = demo_city.tables["population_units"], demo_city.tables["commuting_od"]
    profile = commuting_profile(od).xs(2020, level="year")
    distance = distance_table(units[units["year"] == 2020], crs=demo_city.truth["crs"])
    return {
        c: gravity(
            od,
            distance=distance,
            year=2020,
            constraint=c,
            origins=profile["employed_residents"],
            destinations=profile["jobs"],
        )
        for c in ("production", "doubly")
    }


def test_demo_city_scenario_production_constrained(demo_city, demo_fit):
    units = demo_city.tables["population_units"]
    satellites = units.loc[(units["zone"] == "satellite") & (units["year"] == 2020), "unit_id"].tolist()
    result = dispersal_scenario(units, year=2020, share=0.1, targets=satellites, fit=demo_fit["production"])
    core = units.loc[(units["zone"] == "core") & (units["year"] == 2020), "unit_id"]
    # the core's density falls by the share moved (up to rounding to whole persons)
    ratio = result.units.loc[core, "density_after"] / result.units.loc[core, "density_before"]
    assert np.allclose(ratio, 0.9, atol=1e-5)
    assert result.units["population_after"].sum() == result.units["population_before"].sum()
    # a production-constrained model keeps each origin's destination shares: the satellites' employed
    # residents grow with their population, and their flows into the core with them
    commuting = result.commuting
    growth = result.units.loc[satellites, "population_after"] / result.units.loc[satellites, "population_before"]
    employed = commuting.loc[satellites, "employed_after"] / commuting.loc[satellites, "employed_before"]
    assert np.allclose(employed, growth)
    assert np.allclose(commuting["core_share_after"], commuting["core_share_before"])
    assert result.summary["commuters_into_core_after"] > result.summary["commuters_into_core_before"]
    assert result.summary["mean_commute_km_after"] > result.summary["mean_commute_km_before"]


def test_demo_city_scenario_doubly_constrained_with_jobs_moving(demo_city, demo_fit):
    units = demo_city.tables["population_units"]
    satellites = units.loc[(units["zone"] == "satellite") & (units["year"] == 2020), "unit_id"].tolist()
    stay = dispersal_scenario(units, year=2020, share=0.1, targets=satellites, fit=demo_fit["doubly"])
    follow = dispersal_scenario(units, year=2020, share=0.1, targets=satellites, fit=demo_fit["doubly"], jobs_share=0.1)
    # when jobs follow the residents, fewer of them commute back into the core and trips get shorter
    assert follow.summary["commuters_into_core_after"] < stay.summary["commuters_into_core_after"]
    assert follow.summary["mean_commute_km_after"] < stay.summary["mean_commute_km_after"]
    assert stay.commuting["employed_after"].sum() == pytest.approx(stay.commuting["employed_before"].sum(), rel=0.01)
