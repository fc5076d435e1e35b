"""Pressure measures: hand-worked formulas, the census totals of Beijing and Shanghai, the Demo City's plant."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.population.pressure import (
    STAGES,
    Dispersal,
    density,
    dispersal_index,
    growth,
    pressure_index,
    top_changes,
    weighted_centroid,
    zone_shares,
    zone_summary,
)

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
R_KM = 6371.0088


@pytest.fixture
def toy():
    """Core unit A shrinks 1000 → 800, outer unit B grows 3000 → 4200 over 2000–2010."""
    return pd.DataFrame(
        {
            "unit_id": ["A", "A", "B", "B"],
            "unit_name": ["甲", "甲", "乙", "乙"],
            "zone": ["core", "core", "outer", "outer"],
            "year": [2000, 2010, 2000, 2010],
            "population": [1000, 800, 3000, 4200],
            "area_km2": [2.0, 2.0, 10.0, 10.0],
            "planned_capacity": [900, 900, 5000, 5000],
            "lon": [116.0, 116.0, 117.0, 117.0],
            "lat": [40.0, 40.0, 40.0, 40.0],
        }
    )


def census_units(city: str) -> pd.DataFrame:
    """The reference census and area tables of ``city`` as a units-by-year table (2010, 2020)."""
    census = pd.read_csv(REFERENCE / "census_bj_sh_districts_2010_2020.csv")
    areas = pd.read_csv(REFERENCE / "bj_sh_district_areas.csv")
    table = census.merge(areas[["adcode_2020", "area_km2", "area_source"]], on="adcode_2020", validate="1:1")
    table = table[table["city"] == city]
    zone = table["zone"].str.split(" ").str[0]
    frames = [
        pd.DataFrame(
            {
                "unit_id": table["adcode_2020"].astype(str),
                "unit_name": table["district_zh"],
                "zone": zone,
                "year": year,
                "population": table[column],
                "area_km2": table["area_km2"],
                "area_source": table["area_source"],
            }
        )
        for year, column in ((2010, "pop_2010_harmonised"), (2020, "pop_2020"))
    ]
    return pd.concat(frames, ignore_index=True)


BEIJING_ZONES = ("core", "central", "outer")
SHANGHAI_ZONES = ("central", "Pudong", "suburb")

# ---------------------------------------------------------------------------------------- density


def test_density_hand_worked(toy):
    unit = density(toy)
    assert unit.loc[(unit["unit_id"] == "A") & (unit["year"] == 2000), "density"].item() == 500.0
    assert unit["area_source"].unique().tolist() == ["column area_km2"]
    zone = density(toy, level="zone")
    assert zone.loc[(zone["zone"] == "outer") & (zone["year"] == 2010), "density"].item() == 420.0
    total = density(toy, level="total", area_source="yearbook land area")
    # population over summed area, not the mean of unit densities (500 and 300)
    assert total["density"].tolist() == pytest.approx([4000 / 12, 5000 / 12])
    assert total["area_source"].unique().tolist() == ["yearbook land area"]


def test_density_refuses_to_mix_area_sources(toy):
    mixed = toy.assign(area_source=["land", "land", "polygon_incl_water", "polygon_incl_water"])
    with pytest.raises(ValueError, match="2 sources"):
        density(mixed)
    assert density(mixed[mixed["unit_id"] == "A"])["area_source"].unique().tolist() == ["land"]
    accepted = density(mixed, level="total", allow_mixed_sources=True)
    assert accepted["area_source"].unique().tolist() == ["mixed: land; polygon_incl_water"]
    with pytest.raises(ValueError, match="do not also pass area_source"):
        density(mixed[mixed["unit_id"] == "A"], area_source="other")


def test_density_uses_the_named_area_column_and_keeps_gaps(toy):
    table = toy.assign(land_km2=[1.0, 1.0, np.nan, np.nan])
    unit = density(table, area="land_km2", area_source="land")
    assert unit.loc[unit["unit_id"] == "A", "density"].tolist() == [1000.0, 800.0]
    assert unit.loc[unit["unit_id"] == "B", "density"].isna().all()
    # a group with a missing area gets no density rather than an area that is too small
    assert density(table, area="land_km2", level="total")["density"].isna().all()
    with pytest.raises(ValueError, match="needs column"):
        density(toy, area="land_km2")
    with pytest.raises(ValueError, match="level must be"):
        density(toy, level="district")


# ----------------------------------------------------------------------------------------- growth


def test_growth_cagr_hand_worked(toy):
    g = growth(toy, start=2000, end=2010).set_index("unit_id")
    assert g.loc["A", "change"] == -200 and g.loc["A", "change_pct"] == pytest.approx(-0.2)
    assert g.loc["A", "cagr"] == pytest.approx(0.8**0.1 - 1)
    assert g.loc["B", "cagr"] == pytest.approx(1.4**0.1 - 1)
    total = growth(toy, start=2000, end=2010, level="total")
    assert total["cagr"].item() == pytest.approx(1.25**0.1 - 1)
    # 100 → 121 in two years is 10 % a year
    two = pd.DataFrame({"unit_id": ["X", "X"], "year": [2020, 2022], "population": [100, 121]})
    assert growth(two, start=2020, end=2022)["cagr"].item() == pytest.approx(0.10)


def test_growth_needs_both_years_for_every_unit(toy):
    with pytest.raises(ValueError, match="only one of 2000 and 2010"):
        growth(toy.drop(index=3), start=2000, end=2010)
    with pytest.raises(ValueError, match="must be before"):
        growth(toy, start=2010, end=2000)
    with pytest.raises(ValueError, match="no rows for year 2020"):
        growth(toy, start=2000, end=2020)
    with pytest.raises(ValueError, match="more than one row"):
        growth(pd.concat([toy, toy.iloc[:1]]), start=2000, end=2010)


# ------------------------------------------------------------------------------------ zone shares


def test_zone_shares_hand_worked(toy):
    shares = zone_shares(toy).set_index(["year", "zone"])
    assert shares.loc[(2000, "core"), "share"] == 0.25
    assert shares.loc[(2010, "core"), "share"] == pytest.approx(0.16)
    assert shares.loc[(2010, "core"), "share_change"] == pytest.approx(-0.09)
    # listed zones without units show a share of 0, in the order given
    assert shares.loc[(2010, "satellite"), "share"] == 0
    assert zone_shares(toy)["zone"].tolist()[:4] == ["core", "central", "satellite", "outer"]
    with pytest.raises(ValueError, match=r"\['outer'\] are not in zones"):
        zone_shares(toy, zones=("core",))
    assert zone_shares(toy, base_year=2010).set_index(["year", "zone"]).loc[
        (2000, "core"), "share_change"
    ] == pytest.approx(0.09)


# --------------------------------------------------------------------------------------- centroid


def test_weighted_centroid_census_bureau_formula():
    # equal weights on the equator: the midpoint
    two = pd.DataFrame(
        {"unit_id": ["a", "b"], "year": 2000, "population": [1, 1], "lon": [0.0, 2.0], "lat": [0.0, 0.0]}
    )
    c = weighted_centroid(two)
    assert (c["lon"].item(), c["lat"].item()) == pytest.approx((1.0, 0.0))
    # the U.S. Census Bureau's form: latitude a weighted mean, longitude weighted by P·cos(lat)
    pts = pd.DataFrame(
        {"unit_id": ["a", "b"], "year": 2000, "population": [100, 300], "lon": [10.0, 20.0], "lat": [0.0, 60.0]}
    )
    c = weighted_centroid(pts)
    assert c["lat"].item() == pytest.approx((100 * 0 + 300 * 60) / 400)
    assert c["lon"].item() == pytest.approx((100 * 10 * 1.0 + 300 * 20 * 0.5) / (100 * 1.0 + 300 * 0.5))


def test_weighted_centroid_shift_hand_worked():
    # everyone at (116, 40) in 2000; in 2010 half of them live one degree of latitude north
    units = pd.DataFrame(
        {
            "unit_id": ["s", "n", "s", "n"],
            "year": [2000, 2000, 2010, 2010],
            "population": [100, 0, 50, 50],
            "lon": 116.0,
            "lat": [40.0, 41.0, 40.0, 41.0],
        }
    )
    c = weighted_centroid(units)
    assert c["lat"].tolist() == pytest.approx([40.0, 40.5])
    assert np.isnan(c["shift_km"].iloc[0])
    # half a degree of a meridian on the sphere of radius 6371.0088 km, due north
    assert c["shift_km"].iloc[1] == pytest.approx(np.pi * R_KM / 360)
    assert c["bearing_deg"].iloc[1] == pytest.approx(0.0)
    only = weighted_centroid(units, years=[2010])
    assert len(only) == 1 and np.isnan(only["shift_km"].item())
    with pytest.raises(ValueError, match="no lon/lat"):
        weighted_centroid(units.assign(lat=[40.0, np.nan, 40.0, np.nan]))


# ----------------------------------------------------------------------------------- pressure index


def test_pressure_index_hand_worked(toy):
    table = toy.assign(planned_capacity=pd.array([900, 900, pd.NA, pd.NA], dtype="Int64"))
    p = pressure_index(table, year=2000).set_index("unit_id")
    assert p.loc["A", "pressure_index"] == pytest.approx(1000 / 900)
    assert p.loc["A", "headroom"] == -100 and bool(p.loc["A", "over_capacity"]) is True
    assert np.isnan(p.loc["B", "pressure_index"]) and p.loc["B", "over_capacity"] is pd.NA
    assert pressure_index(toy, year=2010).set_index("unit_id")["over_capacity"].tolist() == [False, False]


# ---------------------------------------------------------------------------------------- dispersal


def test_dispersal_index_hand_worked(toy):
    d = dispersal_index(toy, start=2000, end=2010)
    assert isinstance(d, Dispersal) and d.core_units == ("A",)
    assert (d.core_share_start, d.core_share_end) == pytest.approx((0.25, 0.16))
    assert d.index == pytest.approx(1 - 0.16 / 0.25)  # 0.36: the core's share fell by 36 %
    assert d.share_change == pytest.approx(-0.09)
    assert d.core_change_pct == pytest.approx(-0.2)
    assert d.absorbed_outside == pytest.approx(1200 / 1000)  # more than all the growth: the core shrank
    assert d.core_cagr == pytest.approx(0.8**0.1 - 1) and d.rest_cagr == pytest.approx(1.4**0.1 - 1)
    assert (d.stage, d.stage_label) == (4, "suburbanisation: absolute decentralisation")
    assert (d.core_change, d.rest_change, d.metro_change) == (-200, 1200, 1000)  # 800-1000, 4200-3000, 5000-4000
    with pytest.raises(ValueError, match="no unit has a core zone"):
        dispersal_index(toy, start=2000, end=2010, core="centre")
    with pytest.raises(ValueError, match="every unit is in the core"):
        dispersal_index(toy, start=2000, end=2010, core=("core", "outer"))


def test_top_changes_per_group_hand_worked():
    table = pd.DataFrame(
        {
            "city": ["X", "X", "X", "X", "Y", "Y"],
            "unit_name": ["a", "b", "c", "d", "e", "f"],
            "change": [5, 40, -10, 40, 7, np.nan],
        },
        index=pd.Index(["u1", "u2", "u3", "u4", "u5", "u6"], name="unit_id"),
    )
    top = top_changes(table, by="city", n=2)
    # X: b and d tie at 40 (table order kept), then a at 5; Y: e only (f has no value)
    assert top.index.tolist() == ["u2", "u4", "u5"] and top["rank"].tolist() == [1, 2, 1]
    losses = top_changes(table, by="city", n=1, largest=False)
    assert losses.index.tolist() == ["u3", "u5"]
    assert top_changes(table, n=3)["unit_name"].tolist() == ["b", "d", "e"]  # one group
    with pytest.raises(ValueError, match="not in the table"):
        top_changes(table, by="district")
    with pytest.raises(ValueError, match="at least 1"):
        top_changes(table, n=0)


@pytest.mark.parametrize(
    ("core", "ring", "stage"),
    [
        ((100, 130), (100, 90), 1),  # core gains, ring loses, metro gains
        ((100, 130), (100, 110), 2),  # both gain, core more
        ((100, 110), (100, 130), 3),  # both gain, ring more
        ((100, 90), (100, 130), 4),  # core loses, ring gains more
        ((100, 70), (100, 110), 5),  # core loses more than ring gains
        ((100, 70), (100, 90), 6),  # both lose, core more
        ((100, 90), (100, 70), 7),  # both lose, ring more
        ((100, 110), (100, 70), 8),  # ring loses more than core gains
        ((100, 100), (100, 100), 0),
    ],
)
def test_dispersal_stages_of_van_den_berg(core, ring, stage):
    units = pd.DataFrame(
        {
            "unit_id": ["c", "c", "r", "r"],
            "zone": ["core", "core", "outer", "outer"],
            "year": [2000, 2010] * 2,
            "population": [*core, *ring],
        }
    )
    d = dispersal_index(units, start=2000, end=2010)
    assert d.stage == stage and d.stage_label == STAGES[stage]


def test_zone_summary_combines_the_measures(toy):
    s = zone_summary(toy, start=2000, end=2010)
    assert s.index.tolist() == ["core", "central", "satellite", "outer", "all"]
    assert s.loc["core", "share_end"] == pytest.approx(0.16) and s.loc["all", "share_start"] == 1.0
    assert s.loc["central", "population_end"] == 0 and np.isnan(s.loc["central", "cagr"])
    assert s.loc["all", "density_end"] == pytest.approx(5000 / 12)
    assert s.loc["outer", "cagr"] == pytest.approx(1.4**0.1 - 1)


# ---------------------------------------------------------------------------- Beijing and Shanghai


def test_census_aggregates_reproduce_the_bulletins():
    bj = census_units("Beijing")
    shares = zone_shares(bj, zones=BEIJING_ZONES).set_index(["year", "zone"])["population"]
    assert shares.loc[2020].sum() == 21_893_095
    assert shares.loc[(2020, "core")] == 1_815_043
    assert shares.loc[(2020, "core")] + shares.loc[(2020, "central")] == 10_988_587  # 城六区
    assert shares.loc[(2020, "outer")] == 10_904_508
    assert shares.loc[2010].sum() == 19_612_368  # 6th census, 2020 boundaries
    sh = census_units("Shanghai")
    shares = zone_shares(sh, zones=SHANGHAI_ZONES).set_index(["year", "zone"])["population"]
    assert shares.loc[2020].sum() == 24_870_895
    assert shares.loc[2020].tolist() == [6_683_712, 5_681_512, 12_505_671]
    assert shares.loc[2010].sum() == 23_019_196
    total = growth(sh, start=2010, end=2020, level="total")
    assert total["change"].item() == 1_851_699  # the ten-year increase in the bulletin
    central = dispersal_index(sh, start=2010, end=2020, core="central")  # 中心城区, seven districts
    assert (central.core_start, central.core_end) == (6_986_234, 6_683_712)
    assert central.core_change_pct == pytest.approx(-0.0433, abs=1e-4) and central.stage == 4


def test_beijing_dispersal_from_the_core():
    bj = census_units("Beijing")
    core = dispersal_index(bj, start=2010, end=2020, core="core")
    assert (core.core_start, core.core_end) == (2_162_568, 1_815_043)
    assert core.core_share_start == pytest.approx(2_162_568 / 19_612_368)
    assert core.core_share_end == pytest.approx(1_815_043 / 21_893_095)
    assert core.index == pytest.approx(0.2482, abs=1e-4)  # the core's share fell by a quarter
    assert core.core_change_pct == pytest.approx(-0.1607, abs=1e-4)
    assert core.stage == 4
    six = dispersal_index(bj, start=2010, end=2020, core=("core", "central"))
    assert six.core_end == 10_988_587 and six.core_change_pct == pytest.approx(-0.0621, abs=1e-4)
    assert six.stage == 4 and six.absorbed_outside > 1


def test_beijing_largest_gains_and_core_loss():
    """From the census table: the six central districts lost, the other ten gained (bulletin figures)."""
    bj = census_units("Beijing")
    d = dispersal_index(bj, start=2010, end=2020, core=("core", "central"))
    assert d.metro_change == 21_893_095 - 19_612_368
    assert d.core_change == 10_988_587 - d.core_start and d.core_change < 0
    assert d.rest_change == 10_904_508 - d.rest_start
    change = growth(bj, start=2010, end=2020).merge(bj[["unit_id", "unit_name"]].drop_duplicates(), on="unit_id")
    wide = bj.pivot(index="unit_name", columns="year", values="population")
    by_hand = (wide[2020] - wide[2010]).sort_values(ascending=False).index[:3].tolist()
    assert top_changes(change, n=3)["unit_name"].tolist() == by_hand


def test_beijing_density_on_polygon_areas():
    bj = census_units("Beijing")
    total = density(bj, level="total").set_index("year")
    # the polygons sum to 16,411.04 km², 0.5 km² above the official 16,410.54 (GCJ-02 outlines, equal-area
    # projection): close enough for a density, and recorded as the polygon source
    assert total.loc[2020, "area_km2"] == pytest.approx(16_410.54, abs=1.0)
    assert total.loc[2020, "density"] == pytest.approx(21_893_095 / total.loc[2020, "area_km2"])
    assert total.loc[2020, "area_source"] == "polygon"
    core = density(bj, level="zone").set_index(["zone", "year"])
    assert core.loc[("core", 2020), "density"] == pytest.approx(1_815_043 / (41.77 + 50.40))


def test_shanghai_density_does_not_mix_polygon_and_water():
    sh = census_units("Shanghai")
    with pytest.raises(ValueError, match="polygon_incl_water"):
        density(sh)
    central = density(sh[sh["zone"] == "central"], level="total")
    assert central["area_source"].unique().tolist() == ["polygon"]
    mixed = density(sh, level="zone", allow_mixed_sources=True).set_index(["zone", "year"])
    assert mixed.loc[("Pudong", 2020), "area_source"] == "polygon_incl_water"
    assert mixed.loc[("suburb", 2020), "area_source"] == "mixed: polygon; polygon_incl_water"


def test_reference_areas_match_the_census_table_and_shared_source(shared_data):
    areas = pd.read_csv(REFERENCE / "bj_sh_district_areas.csv")
    census = pd.read_csv(REFERENCE / "census_bj_sh_districts_2010_2020.csv")
    assert areas[["city", "adcode_2020", "district_zh"]].equals(census[["city", "adcode_2020", "district_zh"]])
    assert set(areas.loc[areas["area_source"] == "polygon_incl_water", "district_zh"]) == {
        "宝山区",
        "浦东新区",
        "金山区",
        "奉贤区",
        "崇明区",
    }
    assert (areas.loc[areas["city"] == "Beijing", "area_source"] == "polygon").all()
    computed = pd.read_csv(shared_data / "boundaries" / "district_areas_computed.csv")
    assert_allclose(areas["area_km2"], computed["area_km2_albers"], atol=0.005)
    assert areas["adcode_2020"].tolist() == computed["adcode"].tolist()


def test_beijing_population_centre_agrees_with_a_projected_mean(shared_data):
    import json

    import pyproj

    features = json.loads((shared_data / "boundaries" / "beijing_110000_districts_fc.geojson").read_text("utf-8"))[
        "features"
    ]
    centroid = {str(f["properties"]["adcode"]): f["properties"]["centroid"] for f in features}
    bj = census_units("Beijing")
    bj["lon"] = bj["unit_id"].map(lambda u: centroid[u][0])
    bj["lat"] = bj["unit_id"].map(lambda u: centroid[u][1])
    c = weighted_centroid(bj).set_index("year")
    # the same mean in an azimuthal equidistant projection centred on Beijing: within 100 m
    proj = pyproj.Proj(proj="aeqd", lat_0=40.0, lon_0=116.4, datum="WGS84")
    for year in (2010, 2020):
        part = bj[bj["year"] == year]
        x, y = proj(part["lon"].to_numpy(), part["lat"].to_numpy())
        w = part["population"].to_numpy(float)
        lon, lat = proj(np.sum(w * x) / w.sum(), np.sum(w * y) / w.sum(), inverse=True)
        assert np.hypot(*np.subtract(proj(lon, lat), proj(c.loc[year, "lon"], c.loc[year, "lat"]))) < 100
    # the shift between the two centres, as a geodesic on the WGS84 ellipsoid (pyproj.Geod): within 5 m
    # and 0.5°; the centre moved east-south-east — 通州, 大兴, 顺义 grew, the core shrank
    azimuth, _, metres = pyproj.Geod(ellps="WGS84").inv(
        c.loc[2010, "lon"], c.loc[2010, "lat"], c.loc[2020, "lon"], c.loc[2020, "lat"]
    )
    assert c.loc[2020, "shift_km"] == pytest.approx(metres / 1000, abs=0.005)
    assert c.loc[2020, "bearing_deg"] == pytest.approx(azimuth % 360, abs=0.5)
    assert 90 < c.loc[2020, "bearing_deg"] < 135 and c.loc[2020, "shift_km"] > 0.3


# ------------------------------------------------------------------------------------ Demo City plant


def test_demo_city_zone_shares_are_the_planted_ones(demo_city):
    units = demo_city.tables["population_units"]
    truth = demo_city.truth["population"]
    shares = zone_shares(units).set_index(["zone", "year"])["share"]
    for zone, by_year in truth["zone_share"].items():
        for year, value in by_year.items():
            assert shares.loc[(zone, int(year))] == pytest.approx(value, abs=5e-5)


def test_demo_city_growth_rates_recovered(demo_city):
    units = demo_city.tables["population_units"]
    truth = demo_city.truth["population"]
    g = growth(units, start=2010, end=2025).set_index("unit_id")
    planted = pd.Series({u: v["growth_rate"] for u, v in truth["units"].items()})
    # log-normal noise of sd 0.002 on 2010 only (2025 is the anchor): |error| < 4·0.002/15
    assert_allclose(g.loc[planted.index, "cagr"], planted, atol=4 * truth["population_noise_sd"] / 15)
    by_zone = growth(units, start=2010, end=2025, level="zone").set_index("zone")["cagr"]
    assert by_zone.idxmax() == truth["fastest_growing_zone"]
    after = truth["core_share_declines_after"]
    assert (
        by_zone["core"] < 0 < growth(units, start=2000, end=after, level="zone").set_index("zone").loc["core", "cagr"]
    )


def test_demo_city_capacity_pressure_recovered(demo_city):
    units = demo_city.tables["population_units"]
    truth = demo_city.truth["population"]
    p = pressure_index(units, year=truth["base_year"]).set_index("unit_id")
    assert (
        sorted(p.index[p["over_capacity"].astype(bool)])
        == truth["over_capacity_2025"]
        == sorted(truth["over_capacity_planted"])
    )
    for unit, value in truth["capacity_ratio_2025"].items():
        assert p.loc[unit, "pressure_index"] == pytest.approx(value, abs=5e-5)


def test_demo_city_dispersal_recovered(demo_city):
    units = demo_city.tables["population_units"]
    after = demo_city.truth["population"]["core_share_declines_after"]
    before = dispersal_index(units, start=2000, end=after)
    since = dispersal_index(units, start=after, end=2025)
    # planted: the core grows 1 %/yr before 2010 but slower than the ring, then shrinks 0.8 %/yr
    assert before.stage == 3 and before.index > 0 and before.core_cagr == pytest.approx(0.010, abs=5e-4)
    assert since.stage == 4 and since.core_cagr == pytest.approx(-0.008, abs=5e-4)
    shares = demo_city.truth["population"]["zone_share"]["core"]  # rounded to 4 decimals in the manifest
    assert since.index == pytest.approx(1 - shares["2025"] / shares[str(after)], abs=3e-4)
    assert since.core_share_end == pytest.approx(demo_city.truth["population"]["zone_share"]["core"]["2025"], abs=5e-5)


def test_demo_city_centroid_is_that_of_the_planted_populations(demo_city):
    units = demo_city.tables["population_units"]
    truth = demo_city.truth["population"]
    rows = []
    for year in (2010, 2020, 2025):
        part = units[units["year"] == year].copy()
        planted = part["unit_id"].map(
            lambda u: truth["units"][u]["population_2025"] * (1 + truth["units"][u]["growth_rate"]) ** (year - 2025)
        )
        rows.append(part.assign(population=planted.round().astype("int64")))
    expected = weighted_centroid(pd.concat(rows)).set_index("year")
    found = weighted_centroid(units, years=[2010, 2020, 2025]).set_index("year")
    for year in (2010, 2020, 2025):
        gap = R_KM * np.radians(
            np.hypot(
                found.loc[year, "lat"] - expected.loc[year, "lat"],
                (found.loc[year, "lon"] - expected.loc[year, "lon"]) * np.cos(np.radians(31.8)),
            )
        )
        assert gap < 0.05  # km: the noise moves the centre by metres
    assert found.loc[2025, "shift_km"] == pytest.approx(expected.loc[2025, "shift_km"], abs=0.05)
