"""County census reader: every row accounted for, units against the file's own subtotals, the 市辖区 rule.

The independent check of the units is the file itself: its national, province and prefecture rows
were tabulated by the statistics bureau, the units' sum is ours.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from governance_analytics.io import (
    SchemaViolation,
    read_county_age_sex,
    read_county_census,
)
from governance_analytics.io.census import (
    SUBTOTAL_LEVELS,
    UNIT_TYPES,
    read_district_census,
)

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("test_census")

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
LEVELS = {*SUBTOTAL_LEVELS, "blank", "no_data"}


# ------------------------------------------------------------------------ a hand-made table, 2020 layout


def _row(code, prov, city, name, total, male=None, urban=None):
    if total is not None:
        male = total // 2 if male is None else male
        urban = total if urban is None else urban
    return {
        "区划代码": code,
        "省": prov,
        "市": city,
        "区县": name,
        "人口数_合计": total,
        "人口数_男": male,
        "人口数_女": None if total is None else total - male,
        "城镇人口": urban,
        "乡村人口": None if total is None else total - urban,
    }


@pytest.fixture
def tiny():
    """National row; a province with a prefecture (district, county, uncoded zone), a prefecture
    without divisions and a province-administered city; a blank row and a footer."""
    rows = [
        _row(None, "全国", "全国", "全国", 1000),
        _row(130000.0, "河北省", "河北省", "河北省", 1000),
        _row(130100.0, "河北省", "石家庄市", "石家庄市", 700),
        _row(130102.0, "河北省", "石家庄市", "长安区", 400),
        _row(130121.0, "河北省", "石家庄市", "井陉县", 200, urban=50),
        _row(None, "河北省", "石家庄市", "石家庄高新技术产业开发区", 100),
        _row(130200.0, "河北省", "某市", "某市", 250),
        _row(139001.0, "河北省", "辛集市", "辛集市", 50),
        dict.fromkeys(_row(None, None, None, None, None)),
        _row(None, None, None, "注：示例", None),
    ]
    return pd.DataFrame(rows)


def test_hand_made_table_every_row_has_a_place(tiny):
    result = read_county_census(tiny, year=2020)
    c = result.counties
    assert result.n_read == 10 == len(c) + len(result.rejects)
    assert c["county"].tolist() == ["长安区", "井陉县", "石家庄高新技术产业开发区", "某市", "辛集市"]
    assert c["code"].tolist()[:2] == ["130102", "130121"] and pd.isna(c["code"].iloc[2])
    assert c["unit_type"].tolist() == ["district", "county", "development_zone", "whole_prefecture", "county_city"]
    assert c["is_urban_district"].tolist() == [True, False, False, True, False]
    assert c["prefecture_code"].tolist() == ["130100", "130100", "130100", "130200", "139000"]
    assert c.loc[4, "prefecture"] == "省直辖县级行政区划" and "placed by its code" in c.loc[4, "note"]
    assert c.loc[1, ["urban", "rural"]].tolist() == [50, 150]
    assert result.rejects["level"].tolist() == ["national", "province", "prefecture", "blank", "no_data"]
    assert result.rejects["reason"].str.len().gt(0).all()
    check = result.subtotal_check().set_index("level")
    assert (check["difference"] == 0).all()
    assert check.loc["prefecture", "n_units"] == 3 and check.loc["national", "n_units"] == 5


def test_wrong_file_names_the_missing_column(tiny):
    with pytest.raises(SchemaViolation, match=r"not a 2010 county census table: missing column\(s\) \['地区', '合计'"):
        read_county_census(tiny, year=2010)
    with pytest.raises(SchemaViolation, match=r"missing column\(s\) \['城镇人口'\]"):
        read_county_census(tiny.drop(columns="城镇人口"), year=2020)
    with pytest.raises(ValueError, match="no county census layout for year 2000"):
        read_county_census(tiny, year=2000)
    with pytest.raises(SchemaViolation, match="age-by-sex column"):
        read_county_age_sex(tiny, year=2020)


def test_a_unit_before_any_province_is_an_error(tiny):
    with pytest.raises(SchemaViolation, match="comes before any province row"):
        read_county_census(tiny.iloc[3:], year=2020)


# ---------------------------------------------------------------------------------- the real tables


@pytest.fixture(scope="module")
def raw_2010(shared_data):
    return pd.read_excel(shared_data / "census" / "census_county_2010_v1.xlsx")


@pytest.fixture(scope="module")
def census(raw_2010, census_county_2020):
    return {2010: read_county_census(raw_2010, year=2010), 2020: read_county_census(census_county_2020, year=2020)}


def test_reading_the_file_equals_reading_its_frame(shared_data, census):
    from_file = read_county_census(shared_data / "census" / "census_county_2010_v1.xlsx", year=2010)
    pd.testing.assert_frame_equal(from_file.counties, census[2010].counties)
    pd.testing.assert_frame_equal(from_file.rejects, census[2010].rejects)
    assert from_file.source.endswith("census_county_2010_v1.xlsx")


@pytest.mark.parametrize("year, kept, dropped", [(2010, 2870, 409), (2020, 2989, 369)])
def test_rows_read_equal_rows_kept_plus_rows_dropped(census, year, kept, dropped):
    result = census[year]
    assert (result.n_read, len(result.counties), len(result.rejects)) == (kept + dropped, kept, dropped)
    assert set(result.rejects["level"]) <= LEVELS and result.rejects["reason"].notna().all()
    assert set(result.counties["unit_type"]) <= set(UNIT_TYPES)
    codes = result.counties["code"].dropna()
    assert codes.str.fullmatch(r"\d{6}").all() and not codes.duplicated().any()


def test_dropped_rows_by_level(census):
    assert census[2010].rejects["level"].value_counts().to_dict() == {
        "prefecture": 333,
        "province": 31,
        "blank": 30,
        "group": 12,
        "no_data": 3,
    }
    assert census[2020].rejects["level"].value_counts().to_dict() == {
        "prefecture": 329,
        "province": 31,
        "group": 8,
        "national": 1,
    }
    # 2010's rows without figures: two island groups of Hainan and a footer
    assert set(census[2010].rejects.query("level == 'no_data'")["name"]) == {
        "南沙群岛",
        "中沙群岛的岛礁及其海域",
        "首发论坛：经济学家bbs.jjxj.org",
    }


@pytest.mark.parametrize("year", [2010, 2020])
def test_every_subtotal_row_equals_the_sum_of_its_units(census, year):
    check = census[year].subtotal_check()
    bad = check[check["difference"] != 0]
    assert bad.empty, bad
    assert (check["n_units"] > 0).all()
    assert set(check["level"]) == ({"province", "prefecture", "group"} | ({"national"} if year == 2020 else set()))


@pytest.mark.parametrize(
    "year, province, total, uncoded",
    [
        (2020, "吉林省", 24_073_453, 4),  # three zones of 吉林市 and 吉林松原经济开发区 have no code
        (2020, "山西省", 34_915_616, 3),  # 山西转型综合改革示范区 and two 经济开发区 have no code
        (2010, "黑龙江省", 38_313_991, 4),  # 大兴安岭's 加格达奇, 松岭区, 新林区, 呼中区 have no code
        (2010, "海南省", 8_671_485, 1),  # 西沙群岛 (444); 南沙 and 中沙 have no figures
    ],
)
def test_province_units_sum_to_the_province_row_uncoded_units_included(census, year, province, total, uncoded):
    c = census[year].counties
    units = c[c["province"] == province]
    stated = census[year].subtotals.query("level == 'province' and name == @province")["population"]
    assert stated.tolist() == [total]
    assert units["population"].sum() == total
    assert units["code"].isna().sum() == uncoded


def test_national_totals(census):
    # 2020: the file's national row is the 31 provinces' resident population. The 7th census
    # bulletin No. 1 (NBS, 11 May 2021) gives 1,411,778,724 for the 31 provinces *and* the active
    # servicemen; the provinces alone are 2,000,000 fewer.
    national = census[2020].subtotals.query("level == 'national'")["population"]
    assert national.tolist() == [1_411_778_724 - 2_000_000]
    assert census[2020].counties["population"].sum() == national.iloc[0]
    # 2010 has no national row: the units equal the sum of the 31 province rows
    provinces = census[2010].subtotals.query("level == 'province'")
    assert len(provinces) == 31
    assert census[2010].counties["population"].sum() == provinces["population"].sum() == 1_332_810_869


def test_beijing_and_shanghai_districts_equal_the_reference_file(census):
    ref = pd.read_csv(REFERENCE / "census_bj_sh_districts_2010_2020.csv", dtype={"adcode_2020": str})
    by_code = {y: census[y].counties.set_index("code")["population"] for y in (2010, 2020)}
    assert [int(by_code[2020][c]) for c in ref["adcode_2020"]] == ref["pop_2020"].tolist()
    summed = [sum(int(by_code[2010][c]) for c in codes.split("+")) for codes in ref["codes_2010_summed"]]
    assert summed == ref["pop_2010_harmonised"].tolist()


@pytest.mark.parametrize("year", [2010, 2020])
def test_figures_add_up(census, year):
    c = census[year].counties
    assert (c["male"] + c["female"] == c["population"]).all()
    bad = c[c["urban"] + c["rural"] != c["population"]]
    # 2010's 西沙群岛: 444 residents, 444 urban and 45 rural as printed
    assert bad["county"].tolist() == ([] if year == 2020 else ["西沙群岛"])
    if year == 2010:  # all-urban districts: 乡村人口 left blank in the file, read as 0
        assert c.set_index("county").loc["东城区", "rural"] == 0


def _unit(census, year, name):
    c = census[year].counties
    row = c[c["county"] == name]
    assert len(row) == 1, name
    return row.iloc[0]


@pytest.mark.parametrize(
    "year, name, unit_type, urban",
    [
        (2020, "东城区", "district", True),
        (2020, "崇明区", "district", True),  # 310151: municipality, block xx01xx beyond 20
        (2010, "崇明县", "county", False),
        (2020, "铜梁区", "district", True),  # 500151
        (2020, "金林区", "district", True),  # 230751: a city's district numbered 51
        (2020, "加格达奇区", "county", False),  # 232761: a 区 of 大兴安岭地区, not a city
        (2010, "加格达奇", "other", False),  # uncoded in 2010
        (2020, "兰州新区", "development_zone", False),  # 620171
        (2020, "吉林高新技术产业开发区", "development_zone", False),  # uncoded
        (2020, "神农架林区", "county", False),  # 429021: county block
        (2010, "万山特区", "county", False),  # 522230: county block
        (2020, "六枝特区", "district", True),  # 520203: the documented exception
        (2020, "乌兰浩特市", "county_city", False),  # 152201: code 01 of a 盟
        (2020, "东莞市", "whole_prefecture", True),
        (2010, "三亚市", "whole_prefecture", True),  # 2010: the table's 市辖区 row
        (2020, "儋州市", "whole_prefecture", True),
    ],
)
def test_urban_district_rule_and_its_exceptions(census, year, name, unit_type, urban):
    unit = _unit(census, year, name)
    assert (unit["unit_type"], bool(unit["is_urban_district"])) == (unit_type, urban)


@pytest.mark.parametrize("year", [2010, 2020])
def test_every_urban_district_is_named_qu_or_is_a_whole_city(census, year):
    c = census[year].counties
    districts = c[c["unit_type"] == "district"]
    assert districts["county"].str.endswith("区").all()
    assert districts["prefecture"].str.endswith("市").all()
    assert not c.loc[c["code"].isna(), "is_urban_district"].any()


@pytest.mark.parametrize("year", [2010, 2020])
def test_prefecture_from_position_agrees_with_the_code(census, year):
    c = census[year].counties.dropna(subset=["code"])
    municipal = c["province_code"].str[:2].isin(["11", "12", "31", "50"])
    whole = c["unit_type"] == "whole_prefecture"
    block = np.where(
        municipal, c["code"].str[:2] == c["province_code"].str[:2], c["code"].str[:4] == c["prefecture_code"].str[:4]
    )
    odd = c[~block & ~whole]
    # 2020 prints 五台山风景名胜区 (忻州市, 1409xx) as 170971: kept under 忻州 by position, noted
    assert odd["county"].tolist() == ([] if year == 2010 else ["五台山风景名胜区"])
    if year == 2020:
        assert "outside the code block 1409xx" in odd["note"].iloc[0]
        assert _unit(census, 2020, "济源市")["prefecture_code"] == "419000"


def test_names_use_shi_not_its_look_alike(census):
    names = pd.concat([census[y].counties["county"] for y in (2010, 2020)])
    assert not names.str.contains("\u5dff").any()
    assert {"和田市", "罗定市"} <= set(census[2010].counties["county"])


@pytest.mark.parametrize("year", [2010, 2020])
def test_age_groups_by_sex_sum_to_the_population(raw_2010, census_county_2020, census, year):
    frame = raw_2010 if year == 2010 else census_county_2020
    ages = read_county_age_sex(frame, year=year)
    units = census[year].counties
    assert len(ages) == 38 * len(units)
    assert list(ages["age_group"].cat.categories) == ["0", "1-4"] + [f"{a}-{a + 4}" for a in range(5, 85, 5)] + ["85+"]
    assert ages.iloc[:3]["age_group"].tolist() == ["0", "1-4", "5-9"] and (ages.iloc[:19]["sex"] == "male").all()
    block = ages["population"].to_numpy().reshape(len(units), 38)
    diff = pd.Series(block.sum(axis=1) - units["population"].to_numpy(), index=units["county"])
    # the 2010 table's age groups of 建昌县 sum to 30,000 more than its population, 石鼓区's to 6 fewer
    assert diff[diff != 0].to_dict() == ({} if year == 2020 else {"建昌县": 30_000, "石鼓区": -6})


# ------------------------------------------------------------------ the Beijing / Shanghai district table


def test_district_census_as_population_units():
    units = read_district_census(
        REFERENCE / "census_bj_sh_districts_2010_2020.csv", areas=REFERENCE / "bj_sh_district_areas.csv"
    )
    assert len(units) == 2 * 32 and units["unit_id"].str.fullmatch(r"\d{6}").all()
    totals = units.groupby(["city", "year"])["population"].sum().to_dict()
    assert totals == {
        ("Beijing", 2010): 19_612_368,
        ("Beijing", 2020): 21_893_095,
        ("Shanghai", 2010): 23_019_196,
        ("Shanghai", 2020): 24_870_895,
    }
    assert set(units.loc[units["city"] == "Beijing", "zone"]) == {"core", "central", "outer"}
    assert set(units.loc[units["city"] == "Shanghai", "zone"]) == {"central", "Pudong", "suburb"}
    dongcheng = units[(units["unit_name"] == "东城区") & (units["year"] == 2010)].iloc[0]
    assert (dongcheng["population"], dongcheng["area_km2"], dongcheng["area_source"]) == (919_253, 41.77, "polygon")
    assert "area_km2" not in read_district_census(REFERENCE / "census_bj_sh_districts_2010_2020.csv").columns


def test_district_census_names_what_is_missing(tmp_path):
    table = pd.read_csv(REFERENCE / "census_bj_sh_districts_2010_2020.csv")
    table.drop(columns="zone").to_csv(tmp_path / "no_zone.csv", index=False)
    with pytest.raises(SchemaViolation, match=r"missing column\(s\) \['zone'\]"):
        read_district_census(tmp_path / "no_zone.csv")
    areas = pd.read_csv(REFERENCE / "bj_sh_district_areas.csv")
    areas.iloc[1:].to_csv(tmp_path / "areas.csv", index=False)
    with pytest.raises(SchemaViolation, match=r"no area for district\(s\) \['110101'\]"):
        read_district_census(REFERENCE / "census_bj_sh_districts_2010_2020.csv", areas=tmp_path / "areas.csv")
