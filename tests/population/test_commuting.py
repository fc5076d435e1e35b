"""Commuting dependence: hand-worked OD tables, the Demo City's planted satellites, Hong Kong's 2016 new towns."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.population.commuting import (
    SatelliteThresholds,
    classify_satellites,
    commuting_profile,
    core_dependence,
    jobs_housing_ratio,
    pooled_core_dependence,
    self_containment,
)

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"


def od_table(flows: dict[tuple[str, str], int], year: int = 2020) -> pd.DataFrame:
    return pd.DataFrame([{"origin": o, "destination": d, "year": year, "workers": w} for (o, d), w in flows.items()])


@pytest.fixture
def toy():
    """A core city C, a satellite S and a town T.

    ======  ====  ====  ====  =====
    from    C     S     T     total
    ======  ====  ====  ====  =====
    C       50    10    0     60
    S       60    30    10    100
    T       5     5     40    50
    jobs    115   45    50    210
    ======  ====  ====  ====  =====
    """
    return od_table(
        {
            ("C", "C"): 50,
            ("C", "S"): 10,
            ("C", "T"): 0,
            ("S", "C"): 60,
            ("S", "S"): 30,
            ("S", "T"): 10,
            ("T", "C"): 5,
            ("T", "S"): 5,
            ("T", "T"): 40,
        }
    )


def test_profile_hand_worked(toy):
    p = commuting_profile(toy, core=["C"]).loc[2020]
    assert p["employed_residents"].tolist() == [60, 100, 50]
    assert p["jobs"].tolist() == [115, 45, 50]
    assert p.loc["S", "jobs_housing_ratio"] == pytest.approx(0.45)
    assert p.loc["S", "self_containment"] == pytest.approx(0.30)
    assert p.loc["S", "job_containment"] == pytest.approx(30 / 45)
    assert p.loc["S", "core_dependence"] == pytest.approx(0.60)
    assert p.loc["T", "jobs_housing_ratio"] == 1.0 and p.loc["T", "self_containment"] == pytest.approx(0.8)
    assert p.loc["T", "core_dependence"] == pytest.approx(0.1)
    assert p.loc["C", "jobs_housing_ratio"] == pytest.approx(115 / 60)
    assert (p["unlocated_workers"] == 0).all() and (p["excluded_workers"] == 0).all()


def test_pooled_core_dependence_hand_worked(toy):
    later = od_table({("C", "C"): 10, ("S", "C"): 20, ("S", "S"): 20, ("T", "T"): 0}, year=2021)
    profile = commuting_profile(pd.concat([toy, later], ignore_index=True), core=["C"])
    pooled = pooled_core_dependence(profile, units=["S", "T"])
    # 2020: (60 + 5) of (100 + 50) residents work in C -- not the mean of 0.6 and 0.1;
    # 2021: T has no employed residents, S sends 20 of 40
    assert pooled.index.tolist() == [2020, 2021]
    assert pooled["employed_residents"].tolist() == [150, 40] and pooled["core_workers"].tolist() == [65, 20]
    assert pooled["core_dependence"].tolist() == pytest.approx([65 / 150, 0.5])
    assert pooled_core_dependence(profile, units="S")["core_dependence"].tolist() == pytest.approx([0.6, 0.5])
    assert np.isnan(pooled_core_dependence(profile, units=["T"]).loc[2021, "core_dependence"])
    with pytest.raises(ValueError, match=r"unit\(s\) \['X'\]"):
        pooled_core_dependence(profile, units=["S", "X"])
    with pytest.raises(ValueError, match="core="):
        pooled_core_dependence(commuting_profile(toy), units=["S"])


def test_single_measures_equal_the_profile(toy):
    p = commuting_profile(toy, core=["C"])
    pd.testing.assert_series_equal(jobs_housing_ratio(toy), p["jobs_housing_ratio"])
    pd.testing.assert_series_equal(self_containment(toy), p["self_containment"])
    pd.testing.assert_series_equal(core_dependence(toy, core=["C"]), p["core_dependence"])
    assert "core_dependence" not in commuting_profile(toy).columns


def test_different_work_geography_with_unlocated_and_excluded_places():
    # residents counted by district (City, North); work places: City, North New Town, Other, No fixed place
    od = od_table(
        {
            ("City", "City"): 70,
            ("City", "North New Town"): 5,
            ("City", "Other"): 5,
            ("City", "No fixed"): 20,
            ("North", "City"): 40,
            ("North", "North New Town"): 30,
            ("North", "Other"): 10,
            ("North", "No fixed"): 20,
        }
    )
    p = commuting_profile(od, core=["City"], workplace_unit={"North New Town": "North"}, exclude=["No fixed"]).loc[2020]
    north = p.loc["North"]
    assert north["employed_residents"] == 80 and north["excluded_workers"] == 20  # 80 + 20 = every worker
    assert north["jobs"] == 35  # the new town's jobs; "Other" is nobody's
    assert north["local_workers"] == 30 and north["unlocated_workers"] == 10
    assert north["self_containment"] == pytest.approx(30 / 80)
    assert north["core_dependence"] == pytest.approx(40 / 80)
    assert north["jobs_housing_ratio"] == pytest.approx(35 / 80)
    assert p.loc["City", "jobs"] == 110 and p.loc["City", "employed_residents"] == 80
    # without the mapping the new town is unlocated too: North has no local job at all
    plain = commuting_profile(od, core=["City"], exclude=["No fixed"]).loc[2020]
    assert plain.loc["North", "jobs"] == 0 and plain.loc["North", "unlocated_workers"] == 40


def test_bad_input_names_what_is_wrong(toy):
    with pytest.raises(ValueError, match=r"\['Core'\] do not occur"):
        commuting_profile(toy, core=["Core"])
    with pytest.raises(ValueError, match="workplace_unit: destination label"):
        commuting_profile(toy, core=["C"], workplace_unit={"X New Town": "S"})
    with pytest.raises(ValueError, match="not units of residence"):
        commuting_profile(toy, core=["C"], workplace_unit={"T": "Elsewhere"})
    with pytest.raises(ValueError, match="exclude: destination label"):
        commuting_profile(toy, core=["C"], exclude=["Nowhere"])
    with pytest.raises(ValueError, match="more than one row"):
        commuting_profile(pd.concat([toy, toy.iloc[:1]]), core=["C"])
    with pytest.raises(ValueError, match="counts >= 0"):
        commuting_profile(toy.assign(workers=toy["workers"] - 20), core=["C"])
    with pytest.raises(ValueError, match=r"needs column\(s\) \['year'\]"):
        commuting_profile(toy.drop(columns="year"), core=["C"])


# ------------------------------------------------------------------------------------ classification


def _profile(rows: dict[str, tuple[float, float, float]]) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples([(2020, u) for u in rows], names=["year", "unit"])
    return pd.DataFrame(
        list(rows.values()), index=index, columns=["jobs_housing_ratio", "self_containment", "core_dependence"]
    )


def test_classification_rules_and_their_boundaries():
    profile = _profile(
        {
            "independent": (0.90, 0.70, 0.10),  # exactly at both independent thresholds
            "short of jobs": (0.79, 0.75, 0.10),  # self-contained but a job deficit: dormitory
            "core commuters": (1.00, 0.40, 0.50),  # jobs enough, but half work in the core: dormitory
            "balanced": (0.80, 0.60, 0.49),
            "empty": (np.nan, np.nan, np.nan),
        }
    )
    table = classify_satellites(profile).loc[2020]
    assert table["type"].to_dict() == {
        "independent": "independent",
        "short of jobs": "dormitory",
        "core commuters": "dormitory",
        "balanced": "balanced",
        "empty": "unclassified",
    }
    assert table.loc["short of jobs", "rule"] == "jobs_housing_ratio 0.790 < 0.8"
    assert table.loc["core commuters", "rule"] == "core_dependence 0.500 >= 0.5"
    # the thresholds travel with the result
    assert table["threshold_self_containment"].unique().tolist() == [0.7]
    assert table["threshold_core_dependence"].unique().tolist() == [0.5]
    stricter = classify_satellites(profile, thresholds={"core_dependence": 0.6}).loc[2020]
    assert stricter.loc["core commuters", "type"] == "balanced"
    assert (
        classify_satellites(profile, thresholds=SatelliteThresholds(self_containment=0.8)).loc[
            (2020, "independent"), "type"
        ]
        == "balanced"
    )
    only = classify_satellites(profile, satellites=["balanced"])
    assert only.index.tolist() == [(2020, "balanced")]
    with pytest.raises(ValueError, match="not in the profile"):
        classify_satellites(profile, satellites=["Atlantis"])
    with pytest.raises(ValueError, match="unknown threshold"):
        classify_satellites(profile, thresholds={"jobs_housing": 1.0})
    with pytest.raises(ValueError, match="computed with core"):
        classify_satellites(profile.drop(columns="core_dependence"))


# ------------------------------------------------------------------------------------ Demo City plant


@pytest.fixture(scope="module")
def demo(demo_city):
    units = demo_city.tables["population_units"]
    zones = units.drop_duplicates("unit_id").set_index("unit_id")["zone"]
    centre = zones.index[zones.isin(["core", "central"])].tolist()
    profile = commuting_profile(demo_city.tables["commuting_od"], core=centre)
    return profile, zones, demo_city.truth["population"]["commuting"]


def test_demo_city_measures_equal_the_truth(demo):
    profile, _, truth = demo
    for unit, sat in truth["satellites"].items():
        for year in truth["years"]:
            row, want = profile.loc[(year, unit)], sat[str(year)]
            assert row["core_dependence"] == pytest.approx(want["share_core_central"], abs=5e-5)
            assert row["self_containment"] == pytest.approx(want["self_containment"], abs=5e-5)
            assert row["jobs_housing_ratio"] == pytest.approx(want["jobs_housing_ratio"], abs=5e-5)


def test_demo_city_satellite_types_recovered_with_default_thresholds(demo):
    profile, zones, truth = demo
    satellites = zones.index[zones == "satellite"]
    table = classify_satellites(profile, satellites=satellites)
    for (year, unit), kind in table["type"].items():
        assert kind == truth["satellites"][unit]["type"], (year, unit, table.loc[(year, unit), "rule"])
    assert len(table) == 2 * 4


def test_demo_city_planted_jobs_housing_within_sampling_error(demo):
    profile, _, truth = demo
    for unit, sat in truth["satellites"].items():
        for year in truth["years"]:
            row = profile.loc[(year, unit)]
            r, j, local, jh = row["employed_residents"], row["jobs"], row["local_workers"], row["jobs_housing_ratio"]
            # Poisson counts: delta-method SE of J/R with Cov(J, R) = Var(local flow)
            se = np.sqrt(j + jh**2 * r - 2 * jh * local) / r
            assert abs(jh - sat["jobs_housing_planted"]) < 4 * se, (unit, year, jh, se)
            planted = truth["planted"][str(year)]["employed_residents"][unit]
            assert abs(r - planted) < 5 * np.sqrt(planted)


# --------------------------------------------------------------------------------- Hong Kong, 2016

#: Every place of work of the 2016 by-census table, classified (data/reference/hk_places_of_work_2016.csv,
#: see SOURCES.md): the nine urban districts of Hong Kong Island and Kowloon, the twelve new towns with
#: the district (place of residence) each lies in, other areas of the New Territories, no fixed place.
HK_PLACES = pd.read_csv(REFERENCE / "hk_places_of_work_2016.csv")
HK_URBAN = HK_PLACES.loc[HK_PLACES["kind"] == "urban_core", "place_of_work"].tolist()
HK_NEW_TOWNS = HK_PLACES[HK_PLACES["kind"] == "new_town"].set_index("place_of_work")["district"].to_dict()
HK_NO_FIXED = HK_PLACES.loc[HK_PLACES["kind"] == "no_fixed_place", "place_of_work"].item()


def test_hong_kong_reference_places_of_work():
    assert HK_PLACES["place_of_work"].is_unique and len(HK_PLACES) == 23
    assert HK_PLACES["kind"].value_counts().to_dict() == {
        "new_town": 12,
        "urban_core": 9,
        "other_new_territories": 1,
        "no_fixed_place": 1,
    }
    urban = HK_PLACES[HK_PLACES["kind"] == "urban_core"]
    assert (urban["district"] == urban["place_of_work"]).all()  # an urban place of work is its own district
    assert set(urban["region"]) == {"Hong Kong Island", "Kowloon"}
    assert set(HK_NEW_TOWNS.values()) == {
        "Tsuen Wan",
        "Kwai Tsing",
        "Tuen Mun",
        "Yuen Long",
        "North",
        "Tai Po",
        "Sha Tin",
        "Sai Kung",
        "Islands",
    }  # the nine New Territories districts


@pytest.fixture(scope="module")
def hong_kong(shared_data):
    """The 2016 by-census place-of-work table as published (BOM-prefixed UTF-8)."""
    return pd.read_csv(shared_data / "commuting" / "hongkong_work_od_2016.csv", encoding="utf-8-sig")


def test_hong_kong_profile_equals_a_hand_aggregation(hong_kong):
    raw = hong_kong
    assert raw["N_workers"].sum() == 3_755_956 and raw["place_of_residence"].nunique() == 18
    assert set(HK_NEW_TOWNS) | set(HK_URBAN) | {"Other areas in the New Territories", HK_NO_FIXED} == set(
        raw["place_of_work"]
    )
    od = raw.rename(
        columns={"place_of_residence": "origin", "place_of_work": "destination", "N_workers": "workers"}
    ).assign(year=2016)
    profile = commuting_profile(od, core=HK_URBAN, workplace_unit=HK_NEW_TOWNS, exclude=[HK_NO_FIXED]).loc[2016]

    # the same by hand, in plain pandas: drop "no fixed place", place each work place in a district
    fixed = raw[raw["place_of_work"] != HK_NO_FIXED]
    district = fixed["place_of_work"].map(HK_NEW_TOWNS).fillna(fixed["place_of_work"])
    residents = fixed.groupby("place_of_residence")["N_workers"].sum()
    jobs = fixed.groupby(district)["N_workers"].sum().reindex(residents.index, fill_value=0)
    local = fixed[district == fixed["place_of_residence"]].groupby("place_of_residence")["N_workers"].sum()
    core = fixed[fixed["place_of_work"].isin(HK_URBAN)].groupby("place_of_residence")["N_workers"].sum()
    no_fixed = raw[raw["place_of_work"] == HK_NO_FIXED].set_index("place_of_residence")["N_workers"]
    assert_allclose(profile["employed_residents"], residents.loc[profile.index])
    assert_allclose(profile["jobs"], jobs.loc[profile.index])
    assert_allclose(profile["self_containment"], (local / residents).loc[profile.index])
    assert_allclose(profile["core_dependence"], (core / residents).loc[profile.index])
    assert_allclose(profile["jobs_housing_ratio"], (jobs / residents).loc[profile.index])
    assert_allclose(profile["excluded_workers"], no_fixed.loc[profile.index])
    assert profile["employed_residents"].sum() + profile["excluded_workers"].sum() == 3_755_956
    assert profile["employed_residents"].sum() == 3_755_956 - 897_904


def test_hong_kong_new_towns_depend_on_the_urban_core(hong_kong):
    od = hong_kong.rename(
        columns={"place_of_residence": "origin", "place_of_work": "destination", "N_workers": "workers"}
    ).assign(year=2016)
    full = commuting_profile(od, core=HK_URBAN, workplace_unit=HK_NEW_TOWNS, exclude=[HK_NO_FIXED])
    profile = full.loc[2016]
    nt = profile.drop(index=HK_URBAN)
    assert len(nt) == 9
    # of the New Territories districts' residents with a fixed place of work, the share working in the
    # nine urban districts of Hong Kong Island and Kowloon (49.5 %), by hand from the published rows
    fixed = hong_kong[hong_kong["place_of_work"] != HK_NO_FIXED]
    fixed = fixed[fixed["place_of_residence"].isin(nt.index)]
    n_fixed = fixed["N_workers"].sum()
    to_core = fixed.loc[fixed["place_of_work"].isin(HK_URBAN), "N_workers"].sum()
    assert nt["employed_residents"].sum() == n_fixed == 1_480_148
    pooled = pooled_core_dependence(full, units=nt.index).loc[2016]
    assert pooled["employed_residents"] == n_fixed and pooled["core_dependence"] == pytest.approx(to_core / n_fixed)
    assert 0.49 < to_core / n_fixed < 0.50
    # no New Territories district keeps even a third of its workers in its own new towns (lower bound:
    # "other areas in the New Territories" is unlocated)
    assert nt["self_containment"].max() < 0.30
    sai_kung = fixed[fixed["place_of_residence"] == "Sai Kung"]  # Tseung Kwan O: 73 % work in the core
    sai_kung_core = sai_kung.loc[sai_kung["place_of_work"].isin(HK_URBAN), "N_workers"].sum()
    assert profile.loc["Sai Kung", "core_dependence"] == pytest.approx(sai_kung_core / sai_kung["N_workers"].sum())
    types = classify_satellites(full, satellites=nt.index).loc[2016, "type"]
    # with the default thresholds: Kwai Tsing (Kwai Chung, Tsing Yi: 0.86 jobs per worker, 49 % to the
    # core) is balanced, every other district dormitory; none is independent
    assert types.to_dict() == {d: "balanced" if d == "Kwai Tsing" else "dormitory" for d in nt.index}


def test_known_totals_replace_the_tables_sums_in_every_ratio():
    """Hand-worked: A's residents work 30 in A and 10 in B, B's 20 in A and 40 in B; the census knows 50
    employed residents and 60 jobs in A, 80 employed residents in B (its jobs unknown)."""
    od = pd.DataFrame(
        {"origin": ["A", "A", "B", "B"], "destination": ["A", "B", "A", "B"], "year": 2020, "workers": [30, 10, 20, 40]}
    )
    totals = pd.DataFrame(
        {"unit_id": ["A", "B"], "year": [2020, 2020], "employed_residents": [50, 80], "jobs": [60, None]}
    )
    plain = commuting_profile(od, core=["A"]).xs(2020, level="year")
    known = commuting_profile(od, core=["A"], totals=totals).xs(2020, level="year")
    assert plain.loc["A", "self_containment"] == 30 / 40 and plain.loc["A", "core_dependence"] == 30 / 40
    assert known.loc["A", ["employed_residents", "jobs", "local_workers"]].tolist() == [50, 60, 30]
    assert known.loc["A", "self_containment"] == 30 / 50 and known.loc["A", "job_containment"] == 30 / 60
    assert known.loc["A", "jobs_housing_ratio"] == 60 / 50 and known.loc["A", "od_coverage"] == 40 / 50
    assert known.loc["B", "jobs"] == 50 and known.loc["B", "job_containment"] == 40 / 50  # jobs unknown: the table's
    assert known.loc["B", "core_dependence"] == 20 / 80 and known.loc["B", "od_coverage"] == 60 / 80
    assert "od_coverage" not in plain


def test_totals_without_their_columns_are_an_error():
    od = pd.DataFrame({"origin": ["A"], "destination": ["A"], "year": 2020, "workers": [1]})
    with pytest.raises(ValueError, match="totals: expected columns unit_id"):
        commuting_profile(od, totals=pd.DataFrame({"unit_id": ["A"], "year": [2020]}))
