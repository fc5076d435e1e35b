"""Core against outer growth per prefecture: hand-worked tables, then the two national censuses."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.io import read_county_census
from governance_analytics.population._prefecture_trace import stem
from governance_analytics.population.prefectures import (
    CoreOuterSummary,
    core_outer_growth,
    core_outer_summary,
    trace_counties,
)

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("test_prefectures")

COLUMNS = ["code", "prefecture_code", "prefecture", "county", "unit_type", "population"]


def counties(year: int, rows: list[tuple]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["code"] = table["code"].astype("string")
    table["is_urban_district"] = table["unit_type"].isin(["district", "whole_prefecture"])
    return table.assign(year=year, province_code="130000", province="河北省")


@pytest.fixture
def toy():
    """Three prefectures, 2010 → 2020.

    甲市 130100: 乙阳县 became 乙阳区 (撤县设区, new code); a development zone appears in 2020.
    丁市 130200: gains 己阳市 from 庚市.
    庚市 130300: 辛阳县 became 壬山区 under a new name and code — nothing links them but the caller.
    """
    c2010 = counties(
        2010,
        [
            ("130102", "130100", "甲市", "长安区", "district", 100),
            ("130121", "130100", "甲市", "乙阳县", "county", 50),
            ("130122", "130100", "甲市", "丙阳县", "county", 50),
            ("130202", "130200", "丁市", "丁山区", "district", 200),
            ("130221", "130200", "丁市", "戊阳县", "county", 100),
            ("130302", "130300", "庚市", "庚山区", "district", 300),
            ("130321", "130300", "庚市", "辛阳县", "county", 80),
            ("130381", "130300", "庚市", "己阳市", "county_city", 25),
        ],
    )
    c2020 = counties(
        2020,
        [
            ("130102", "130100", "甲市", "长安区", "district", 121),
            ("130109", "130100", "甲市", "乙阳区", "district", 60),
            ("130122", "130100", "甲市", "丙阳县", "county", 40),
            ("130171", "130100", "甲市", "甲市高新技术产业开发区", "development_zone", 10),
            ("130202", "130200", "丁市", "丁山区", "district", 242),
            ("130221", "130200", "丁市", "戊阳县", "county", 90),
            ("130281", "130200", "丁市", "己阳市", "county_city", 30),
            ("130302", "130300", "庚市", "庚山区", "district", 330),
            ("130304", "130300", "庚市", "壬山区", "district", 100),
        ],
    )
    return c2010, c2020


def cagr(p0, p1, years=10):
    return (p1 / p0) ** (1 / years) - 1


def test_stems():
    assert [
        stem(n)
        for n in [
            "藁城市",
            "藁城区",
            "琼中黎族苗族自治县",
            "积石山保安族东乡族撒拉族自治县",
            "巴里坤哈萨克自治县",
            "毕节地区",
            "梅县区",
            "城区",
            "清新县",
        ]
    ] == ["藁城", "藁城", "琼中", "积石山", "巴里坤", "毕节", "梅县", "城", "清新"]


def test_trace_hand_worked(toy):
    trace = trace_counties(*toy).set_index("county_2010")
    assert trace.loc["乙阳县", ["county_2020", "how", "change"]].tolist() == [
        "乙阳区",
        "stem_prefecture",
        "converted+renamed+recoded",
    ]
    assert trace.loc["己阳市", ["prefecture_2020", "how", "change"]].tolist() == [
        "丁市",
        "stem_province",
        "moved+recoded",
    ]
    assert trace.loc["长安区", "change"] == "unchanged"
    assert trace.loc["辛阳县", "change"] == "untraced" and pd.isna(trace.loc["辛阳县", "code_2020"])
    given = trace_counties(*toy, successors={"130321": "130304"}).set_index("county_2010")
    assert given.loc["辛阳县", ["county_2020", "how", "change"]].tolist() == [
        "壬山区",
        "given",
        "converted+renamed+recoded",
    ]
    with pytest.raises(ValueError, match=r"later code\(s\) \['999999'\]"):
        trace_counties(*toy, successors={"130321": "999999"})


def test_core_outer_growth_hand_worked(toy):
    table = core_outer_growth(*toy, min_population=0)
    a, b, c = (table.loc[code] for code in ("130100", "130200", "130300"))
    # 甲市 on the 2020 definition: 乙阳县's 2010 residents are core; the zone counts in the core
    assert (a["core_2010"], a["core_2020"], a["outer_2010"], a["outer_2020"]) == (150, 191, 50, 40)
    assert (a["zones_2020"], a["total_2010"], a["total_2020"]) == (10, 200, 231)
    assert_allclose([a["core_cagr"], a["outer_cagr"]], [cagr(150, 191), cagr(50, 40)])
    assert a["growth_gap"] == pytest.approx(cagr(50, 40) - cagr(150, 191))
    assert a["core_share_2010"] == pytest.approx(0.75) and a["core_share_2020"] == pytest.approx(191 / 231)
    assert a["dispersal_index"] == pytest.approx(1 - (191 / 231) / 0.75)
    # the own-year comparison counts the conversion as core growth
    assert a["core_2010_own"] == 100 and a["core_cagr_own"] == pytest.approx(cagr(100, 181))
    assert (a["n_districts_2010"], a["n_districts_2020"], a["core_codes_changed"]) == (1, 2, True)
    assert a["converted"] == "乙阳县→乙阳区" and a["comparable"]
    # 丁市 gained 己阳市: its 2010 residents count in 丁市's ring in both years
    assert (b["outer_2010"], b["outer_2020"], b["total_2010"]) == (125, 120, 325)
    assert b["units_gained"] == "己阳市 from 庚市" and "units gained" in b["flags"] and b["comparable"]
    # 庚市: 辛阳县 cannot be placed, 壬山区 has no predecessor -> flagged and not ranked
    assert c["untraced_2010"] == "辛阳县 (county, 80)" and c["new_2020"] == "壬山区 (district, 100)"
    assert not c["comparable"] and pd.isna(c["rank"]) and c["units_lost"] == "己阳市 to 丁市"
    assert "untraced earlier units" in c["flags"] and "new units" in c["flags"]
    # ranked by outer minus core growth, largest first
    assert table["rank"].dropna().to_dict() == {"130200": 1, "130100": 2}
    assert table.index[:2].tolist() == ["130200", "130100"]


def test_a_given_successor_makes_the_prefecture_comparable(toy):
    c = core_outer_growth(*toy, min_population=0, successors={"130321": "130304"}).loc["130300"]
    assert c["comparable"] and (c["core_2010"], c["outer_2010"], c["core_2020"]) == (380, 0, 430)
    assert pd.isna(c["rank"]) and "no outer ring" in c["flags"]  # nothing left outside the core


def test_min_population_and_development_zone_policy(toy):
    ranked = core_outer_growth(*toy, min_population=240)["rank"].dropna().to_dict()
    assert ranked == {"130200": 1}  # 甲市 has 231 residents
    excluded = core_outer_growth(*toy, min_population=0, development_zones="exclude").loc["130100"]
    assert (excluded["core_2020"], excluded["outer_2020"], excluded["total_2020"]) == (181, 40, 231)
    outer = core_outer_growth(*toy, min_population=0, development_zones="outer").loc["130100"]
    assert (outer["core_2020"], outer["outer_2020"]) == (181, 50)


def test_core_outer_summary_hand_made_table():
    nan = np.nan
    table = pd.DataFrame(
        {
            "rank": pd.array([1, 2, 3, None, None], dtype="Int64"),
            "comparable": [True, True, True, False, True],
            "growth_gap": [0.02, 0.01, -0.01, 0.05, 0.03],
            "core_cagr": [0.01, 0.00, 0.02, -0.01, nan],
            "outer_cagr": [0.03, 0.01, 0.01, 0.04, nan],
            "core_cagr_own": [0.04, 0.00, 0.05, 0.10, nan],
            "converted": pd.array(["甲县→甲区; 乙县→乙区", None, "丙市→丙区", "丁县→丁区", None], dtype="string"),
        },
        index=pd.Index(["p1", "p2", "p3", "p4", "p5"], name="prefecture_code"),
    )
    s = core_outer_summary(table)
    assert isinstance(s, CoreOuterSummary)
    assert (s.n_prefectures, s.n_comparable, s.n_ranked) == (5, 4, 3)
    assert s.share_outer_faster == pytest.approx(2 / 3)  # p1, p2 of the ranked p1-p3
    assert (s.median_core_cagr, s.median_outer_cagr) == pytest.approx((0.01, 0.01))
    # conversions in p1 (two), p3 and p4 -- flagged p4 included
    assert (s.n_converting, s.n_units_converted) == (3, 4)
    assert s.converted_core_cagr == pytest.approx(0.01)  # median of 0.01, 0.02, -0.01
    assert s.converted_core_cagr_own == pytest.approx(0.05)  # median of 0.04, 0.05, 0.10
    with pytest.raises(ValueError, match=r"missing \['converted'\]"):
        core_outer_summary(table.drop(columns="converted"))


def test_core_outer_summary_of_the_toy(toy):
    s = core_outer_summary(core_outer_growth(*toy, min_population=0))
    assert (s.n_prefectures, s.n_comparable, s.n_ranked) == (3, 2, 2)
    # 丁市: core 200 -> 242, ring 125 -> 120; 甲市: core 150 -> 191, ring 50 -> 40: neither ring outgrew its core
    assert s.share_outer_faster == 0.0
    assert s.median_core_cagr == pytest.approx((cagr(200, 242) + cagr(150, 191)) / 2)
    assert s.median_outer_cagr == pytest.approx((cagr(125, 120) + cagr(50, 40)) / 2)
    # only 甲市 converted a county (乙阳县 -> 乙阳区); its own-year core went 100 -> 181
    assert (s.n_converting, s.n_units_converted) == (1, 1)
    assert s.converted_core_cagr == pytest.approx(cagr(150, 191))
    assert s.converted_core_cagr_own == pytest.approx(cagr(100, 181))


def test_bad_input(toy):
    c2010, c2020 = toy
    with pytest.raises(ValueError, match="development_zones must be one of"):
        core_outer_growth(c2010, c2020, development_zones="inner")
    with pytest.raises(ValueError, match=r"census_2010 needs the columns .* missing \['unit_type'\]"):
        core_outer_growth(c2010.drop(columns="unit_type"), c2020)
    with pytest.raises(ValueError, match="later census"):
        core_outer_growth(c2020, c2010)
    with pytest.raises(ValueError, match="one census year"):
        core_outer_growth(pd.concat([c2010, c2020]), c2020)


# ------------------------------------------------------------------------------ the national censuses


@pytest.fixture(scope="module")
def census(shared_data, census_county_2020):
    return {
        2010: read_county_census(shared_data / "census" / "census_county_2010_v1.xlsx", year=2010),
        2020: read_county_census(census_county_2020, year=2020),
    }


@pytest.fixture(scope="module")
def growth(census):
    return core_outer_growth(census[2010].counties, census[2020].counties)


def _published(result) -> dict[str, int]:
    """Prefecture code → the file's own total: prefecture rows, province rows of the municipalities,
    and the units that are whole prefectures."""
    subs = result.subtotals
    rows = subs[subs["level"] == "prefecture"].set_index("code")["population"].to_dict()
    municipal = subs[(subs["level"] == "province") & subs["code"].str[:2].isin(["11", "12", "31", "50"])]
    rows.update(municipal.set_index("code")["population"].to_dict())
    whole = result.counties[result.counties["unit_type"] == "whole_prefecture"]
    rows.update(whole.set_index("prefecture_code")["population"].to_dict())
    return {k: int(v) for k, v in rows.items()}


def test_prefecture_totals_equal_the_published_rows(census, growth):
    published = _published(census[2020])
    prefectures = growth.drop(index=["419000", "429000", "469000", "659000"])  # pseudo-prefectures: group rows
    assert len(prefectures) == len(published) == 337
    assert all(prefectures.loc[code, "total_2020"] == total for code, total in published.items())
    # 2010: where no unit moved in or out and every unit was traced, the total is the 2010 row
    published_2010 = _published(census[2010])
    same = growth[
        growth["comparable"]
        & growth["units_gained"].isna()
        & growth["units_lost"].isna()
        & (growth["prefecture_code_2010"] == growth.index)
    ]
    same = same[same.index.isin(list(published_2010))]
    assert len(same) > 280
    assert (same["total_2010"] == same.index.map(published_2010)).all()
    # nobody is lost: every 2010 resident is placed in some 2020 prefecture but those of the untraced
    # units of the dissolved 巢湖 (居巢区; 和县, whose one-character name is not matched across
    # prefectures) and 莱芜 (莱城区)
    assert census[2010].counties["population"].sum() - growth["total_2010"].sum() == 780_711 + 562_036 + 989_535


def test_shijiazhuang_counties_converted_to_districts(census, growth):
    sjz = growth.loc["130100"]
    assert sjz["converted"] == "栾城县→栾城区; 藁城市→藁城区; 鹿泉市→鹿泉区"
    assert sjz["comparable"] and sjz["core_codes_changed"] and sjz["rank"] > 0
    c2010 = census[2010].counties.set_index("county")["population"]
    assert sjz["core_2010"] == sjz["core_2010_own"] + c2010[["栾城县", "藁城市", "鹿泉市"]].sum()
    # by hand from the two tables. On the 2020 definition the core is the districts of 2020 with the
    # development zones (tabulated apart in 2020, in the core by default), and in 2010 the districts of
    # 2010 plus the counties converted since; on each census's own definition, its own districts
    c2020, c2010_rows = census[2020].counties, census[2010].counties
    sjz_2020 = c2020[c2020["prefecture_code"] == "130100"]
    districts_2020 = sjz_2020.loc[sjz_2020["unit_type"] == "district", "population"].sum()
    core_2020 = districts_2020 + sjz_2020.loc[sjz_2020["unit_type"] == "development_zone", "population"].sum()
    own_2010 = c2010_rows.loc[
        (c2010_rows["prefecture_code"] == "130100") & (c2010_rows["unit_type"] == "district"), "population"
    ].sum()
    assert sjz["core_2020"] == core_2020 and sjz["core_2010_own"] == own_2010
    converted = c2010[["栾城县", "藁城市", "鹿泉市"]].sum()
    cagr = lambda start, end: (end / start) ** (1 / 10) - 1  # noqa: E731
    assert sjz["core_cagr"] == pytest.approx(cagr(own_2010 + converted, core_2020), rel=1e-9)  # 2.7 % a year
    assert sjz["core_cagr_own"] == pytest.approx(
        cagr(own_2010, districts_2020), rel=1e-9
    )  # 6.7 %: conversions as growth
    assert sjz["core_cagr_own"] > 2 * sjz["core_cagr"]


def test_xian_is_flagged_until_its_successor_is_given(census, growth):
    xian = growth.loc["610100"]
    assert not xian["comparable"] and pd.isna(xian["rank"])
    assert xian["untraced_2010"] == "户县 (county, 556,377)" and xian["new_2020"] == "鄠邑区 (district, 609,181)"
    fixed = core_outer_growth(census[2010].counties, census[2020].counties, successors={"610125": "610118"})
    assert fixed.loc["610100", "comparable"] and "户县→鄠邑区" in fixed.loc["610100", "converted"]


def test_moves_and_renames(growth):
    assert "简阳市 from 资阳市" in growth.loc["510100", "units_gained"]
    assert growth.loc["512000", "units_lost"] == "简阳市 to 成都市"
    assert (
        growth.loc["520500", "prefecture_2010"] == "毕节地区" and "was 毕节地区 522400" in growth.loc["520500", "flags"]
    )
    assert growth.loc["420600", "prefecture_2010"] == "襄樊市"


def test_ranking_is_over_comparable_cities_with_both_parts(growth):
    ranked = growth.dropna(subset=["rank"])
    assert 200 < len(ranked) < 300
    assert ranked["comparable"].all() and (ranked["total_2020"] >= 500_000).all()
    assert (ranked[["core_2010", "core_2020", "outer_2010", "outer_2020"]] > 0).all().all()
    assert ranked["rank"].tolist() == sorted(ranked["rank"].tolist()) and ranked["rank"].iloc[0] == 1
    assert np.all(np.diff(ranked["growth_gap"].to_numpy()) <= 0)
    # municipalities without counties in 2020 have no ring to compare
    assert growth.loc[["110000", "120000", "310000"], "rank"].isna().all()
