"""read_cases: every format, every cleaning rule, and rows read = accepted + rejected."""

import json

import numpy as np
import pandas as pd
import pytest

from governance_analytics.grid import to_projected
from governance_analytics.io import SchemaViolation, read_cases

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("demo_export")  # with test_convert: the export is read once


def _reconciles(result):
    assert len(result.cases) + len(result.rejects) == result.n_read
    assert result.rejects["reason"].notna().all() and (result.rejects["reason"] != "").all()


# ---------------------------------------------------------------- NYC 311, the real extract


@pytest.fixture(scope="module")
def nyc(shared_data):
    return read_cases(shared_data / "cases" / "nyc311_2011_subset_micro.csv")


def test_nyc311_detected_and_reconciled(nyc):
    assert nyc.format == "nyc311" and nyc.crs == "EPSG:32618"
    assert nyc.n_read == 2000
    _reconciles(nyc)


def test_nyc311_values(nyc, shared_data):
    raw = pd.read_csv(shared_data / "cases" / "nyc311_2011_subset_micro.csv", dtype=str)
    first = nyc.cases.set_index("case_id").loc["19937896"]
    assert first["created_at"] == pd.Timestamp("2011-03-01 14:27:57")  # 03/01/2011 02:27:57 PM
    assert first["closed_at"] == pd.Timestamp("2011-03-14 15:59:20")
    assert first["department"] == "DOF" and first["status"] == "closed"
    assert nyc.cases["spatial_ok"].sum() == raw["Latitude"].notna().sum() == 1402
    assert nyc.cases["district"].isna().sum() == (raw["Borough"] == "Unspecified").sum()
    assert (nyc.cases["status"] == "open").sum() == (raw["Status"] != "Closed").sum()
    located = nyc.cases.dropna(subset=["lon"]).iloc[0]
    x, y = to_projected(located["lon"], located["lat"], "EPSG:32618")
    assert (located["x"], located["y"]) == (pytest.approx(float(x), abs=0.1), pytest.approx(float(y), abs=0.1))


def test_nyc311_sentinel_closed_date_cleared_and_flagged(nyc, shared_data):
    raw = pd.read_csv(shared_data / "cases" / "nyc311_2011_subset_micro.csv", dtype=str)
    sentinel_ids = raw.loc[raw["Closed Date"].str.startswith("01/01/1900", na=False), "Unique Key"].tolist()
    flagged = nyc.cases[nyc.cases["flags"].str.contains("sentinel_closed_at", na=False)]
    assert flagged["case_id"].tolist() == sentinel_ids and len(sentinel_ids) == 1
    assert flagged["closed_at"].isna().all()


def test_nyc311_drops_personal_columns(nyc):
    assert "Incident Address" not in nyc.cases and list(nyc.cases.columns)[-2:] == ["spatial_ok", "flags"]


# ---------------------------------------------------------------- the Demo City's 数字城管 export


def test_gbt_export_detected_gbk_and_reconciled(demo_export):
    result, truth = demo_export
    assert result.format == "gbt" and result.encoding == "gb18030"
    assert result.n_read == truth["export"]["n_rows"]
    _reconciles(result)


@pytest.mark.parametrize(
    "defect, reason",
    [
        ("created_sentinel", "created_at: placeholder date 1900-01-01"),
        ("created_unparseable", "created_at: expected a date-time, got '待补录'"),
        ("closed_before", "is before created_at"),
    ],
)
def test_gbt_rejects_each_defect(demo_export, defect, reason):
    result, truth = demo_export
    ids = truth["export"]["defects"][defect]
    rows = result.rejects[result.rejects["案件编号"].isin(ids)]
    assert sorted(rows["案件编号"]) == sorted(ids)
    assert rows["reason"].str.contains(reason, regex=False).all()


def test_gbt_duplicates_keep_first(demo_export):
    result, truth = demo_export
    ids = truth["export"]["defects"]["duplicate_id"]
    dup = result.rejects[result.rejects["reason"].str.startswith("case_id: duplicate value")]
    assert sorted(dup["案件编号"]) == sorted(ids)
    assert result.cases["case_id"].isin(ids).sum() == len(ids)  # the first copies are kept
    assert (dup["row"] > len(result.cases)).all()  # the copies were appended at the end


@pytest.mark.parametrize(
    "defect", ["zero_coordinates", "no_coordinates", "sentinel_closed_at", "unknown_category", "out_of_area"]
)
def test_gbt_flags_each_defect(demo_export, defect):
    result, truth = demo_export
    ids = truth["export"]["defects"][defect]
    flagged = result.cases[result.cases["flags"].str.split(";").apply(lambda f: isinstance(f, list) and defect in f)]
    assert sorted(flagged["case_id"]) == sorted(ids)
    if defect != "unknown_category" and defect != "sentinel_closed_at":
        assert not flagged["spatial_ok"].any()


def test_gbt_pileup_flagged_at_city_hall(demo_export):
    result, truth = demo_export
    at_hall = (result.cases["x"] == truth["pileup"]["x"]) & (result.cases["y"] == truth["pileup"]["y"])
    piled = result.cases["flags"].str.contains("pileup", na=False)
    assert at_hall.sum() > 1000 and (piled == at_hall).all()
    assert not result.cases.loc[piled, "spatial_ok"].any()


def test_gbt_values_equal_canonical_demo_cases(demo_export, demo_city):
    result, truth = demo_export
    clean = result.cases[result.cases["flags"].isna()].set_index("case_id")
    canonical = demo_city.tables["cases"].set_index("case_id").loc[clean.index]
    assert clean.index.equals(canonical.index)
    for column in (
        "case_type",
        "category",
        "subcategory",
        "department",
        "cell_id",
        "created_at",
        "closed_at",
        "due_at",
        "status",
    ):
        # the rows are aligned by construction (canonical is taken at clean's ids): comparing the
        # 297,000 string ids once per column would take seconds each
        pd.testing.assert_series_equal(
            clean[column], canonical[column], check_dtype=False, check_index=False, obj=column
        )
    assert np.allclose(clean["x"], canonical["x"]) and np.allclose(clean["lon"], canonical["lon"])


# ---------------------------------------------------------------- small hand-made exports


def _gbt(tmp_path, rows, name="export.xlsx"):
    frame = pd.DataFrame(rows)
    path = tmp_path / name
    frame.to_excel(path, index=False) if name.endswith(".xlsx") else frame.to_csv(path, index=False, encoding="gbk")
    return path


def test_gbt_time_limit_gives_due_time_and_status_words(tmp_path):
    path = _gbt(
        tmp_path,
        {
            "案件编号": ["A1", "A2"],
            "案件类型": ["事件类", "部件"],
            "大类": ["街面秩序", "公用设施"],
            "上报时间": ["2025-03-01 08:00:00", "2025-03-02 09:00:00"],
            "立案时间": ["2025-03-01 08:30:00", None],
            "处置时限": [24, 72],
            "案件状态": ["处置中", "不予立案"],
            "经度": [117.25, None],
            "纬度": [31.85, None],
        },
    )
    result = read_cases(path)
    cases = result.cases.set_index("case_id")
    assert cases.loc["A1", "due_at"] == pd.Timestamp("2025-03-02 08:30:00")  # filed + 24 h
    assert cases.loc["A2", "due_at"] == pd.Timestamp("2025-03-05 09:00:00")  # created + 72 h (not filed)
    assert cases["case_type"].tolist() == ["事件", "部件"]
    assert cases["status"].tolist() == ["open", "not_filed"]
    assert result.crs == "EPSG:32650"


def test_missing_essential_column_names_file_and_column(tmp_path):
    path = _gbt(tmp_path, {"案件编号": ["A1"], "大类": ["街面秩序"]}, name="bad.csv")
    with pytest.raises(SchemaViolation, match=r"bad\.csv.*上报时间.*created_at"):
        read_cases(path, format="gbt")


def test_unknown_format_is_explained(tmp_path):
    path = _gbt(tmp_path, {"id": ["1"], "when": ["2025-01-01"]}, name="odd.csv")
    with pytest.raises(ValueError, match=r"odd\.csv.*cannot tell the export format.*mapping"):
        read_cases(path)
    with pytest.raises(ValueError, match="unknown case format 'csv'"):
        read_cases(path, format="csv")


def test_mapping_dict_and_yaml_with_date_format(tmp_path):
    frame = pd.DataFrame(
        {
            "CASE_ENQUIRY_ID": ["101", "102", "102"],
            "OPEN_DT": ["03/01/2025 14:05", "03/02/2025 09:00", "03/02/2025 09:00"],
            "CLOSED_DT": ["03/02/2025 10:00", None, None],
            "TYPE": ["Pothole", "Graffiti", "Graffiti"],
            "LATITUDE": ["42.35", "42.36", "42.36"],
            "LONGITUDE": ["-71.06", "-71.05", "-71.05"],
        }
    )
    path = tmp_path / "boston.csv"
    frame.to_csv(path, index=False)
    mapping = {
        "case_id": "CASE_ENQUIRY_ID",
        "created_at": {"column": "OPEN_DT", "format": "%m/%d/%Y %H:%M"},
        "closed_at": {"column": "CLOSED_DT", "format": "%m/%d/%Y %H:%M"},
        "category": "TYPE",
        "lat": "LATITUDE",
        "lon": "LONGITUDE",
    }
    result = read_cases(path, mapping=mapping)
    _reconciles(result)
    assert result.format == "mapping" and result.n_read == 3 and len(result.cases) == 2
    assert result.cases["created_at"].tolist() == [pd.Timestamp("2025-03-01 14:05"), pd.Timestamp("2025-03-02 09:00")]
    assert result.cases["status"].tolist() == ["closed", "open"]
    assert result.crs == "EPSG:32619"
    yaml_path = tmp_path / "boston.yml"
    yaml_path.write_text(
        "columns:\n  case_id: CASE_ENQUIRY_ID\n  created_at: OPEN_DT\n  category: TYPE\n"
        "date_format: '%m/%d/%Y %H:%M'\n",
        encoding="utf-8",
    )
    assert read_cases(path, mapping=yaml_path).cases["created_at"].iloc[0] == pd.Timestamp("2025-03-01 14:05")
    with pytest.raises(ValueError, match="unknown canonical column"):
        read_cases(path, mapping={"case_id": "CASE_ENQUIRY_ID", "opened": "OPEN_DT"})


def test_open311_offsets_need_and_use_the_city_time_zone(tmp_path):
    requests = [
        {
            "service_request_id": "638344",
            "status": "closed",
            "service_code": "006",
            "service_name": "Pothole",
            "agency_responsible": "DPW",
            "requested_datetime": "2025-03-01T09:10:00-05:00",
            "updated_datetime": "2025-03-03T15:00:00-05:00",
            "expected_datetime": "2025-03-08T09:10:00-05:00",
            "address": "8TH AVE and JUDAH ST",
            "lat": 41.88,
            "long": -87.63,
        },
        {
            "service_request_id": "638345",
            "status": "open",
            "service_code": "007",
            "service_name": "Graffiti",
            "requested_datetime": "2025-03-09T14:30:00Z",
            "updated_datetime": None,
            "lat": None,
            "long": None,
        },
    ]
    path = tmp_path / "requests.json"
    path.write_text(json.dumps({"service_requests": requests}), encoding="utf-8")
    with pytest.raises(ValueError, match="UTC offsets; pass tz="):
        read_cases(path)
    result = read_cases(path, tz="America/Chicago")
    _reconciles(result)
    cases = result.cases.set_index("case_id")
    assert result.format == "open311"
    assert cases.loc["638344", "created_at"] == pd.Timestamp("2025-03-01 08:10")  # 09:10 EST = 08:10 CST
    assert cases.loc["638344", "closed_at"] == pd.Timestamp("2025-03-03 14:00")
    assert cases.loc["638345", "created_at"] == pd.Timestamp("2025-03-09 09:30")  # 14:30 UTC = 09:30 CDT (DST)
    assert cases["status"].tolist() == ["closed", "open"]
    assert "address" not in result.cases


def test_pileup_threshold(tmp_path):
    n = 200
    lon = np.where(np.arange(n) < 60, 117.25, 117.20 + np.arange(n) * 1e-4)
    frame = pd.DataFrame(
        {
            "案件编号": [f"C{i}" for i in range(n)],
            "上报时间": ["2025-01-01 08:00:00"] * n,
            "大类": ["街面秩序"] * n,
            "案件类型": ["事件"] * n,
            "经度": lon,
            "纬度": [31.85] * n,
        }
    )
    path = tmp_path / "pile.csv"
    frame.to_csv(path, index=False)
    result = read_cases(path)
    assert result.cases["flags"].eq("pileup").sum() == 60
    assert read_cases(path, pileup_min_cases=61).cases["flags"].isna().all()


def test_rule_counts_match_the_planted_defects(demo_export):
    result, truth = demo_export
    counts = result.rule_counts().set_index(["rule", "outcome"])["n"]
    planted = {k: len(v) for k, v in truth["export"]["defects"].items()}
    assert counts[("created_sentinel", "rejected")] == planted["created_sentinel"]
    assert counts[("created_missing", "rejected")] == planted["created_unparseable"]
    assert counts[("closed_before", "rejected")] == planted["closed_before"]
    assert counts[("duplicate_id", "rejected")] == planted["duplicate_id"]
    for flag in ("zero_coordinates", "no_coordinates", "sentinel_closed_at", "unknown_category", "out_of_area"):
        assert counts[(flag, "flagged")] == planted[flag]
    assert counts.xs("rejected", level="outcome").sum() == len(result.rejects)


def test_coordinate_and_missing_time_rules_on_a_small_export(tmp_path):
    frame = pd.DataFrame(
        {
            "案件编号": ["B1", "B2", "B3", "B4", "B5"],
            "案件类型": ["事件"] * 5,
            "大类": ["街面秩序"] * 5,
            "上报时间": [
                "2025-01-01 08:00:00",
                None,
                "2025-01-01 09:00:00",
                "2025-01-01 10:00:00",
                "2025-01-01 11:00:00",
            ],
            "经度": [117.25, 117.25, 517.0, 0.0, 117.26],
            "纬度": [31.85, 31.85, 31.85, 0.0, 95.0],
        }
    )
    path = tmp_path / "small.csv"
    frame.to_csv(path, index=False, encoding="gbk")
    result = read_cases(path)
    _reconciles(result)
    assert result.rejects["reason"].tolist() == ["created_at: value is required"]
    assert result.rejects["案件编号"].tolist() == ["B2"]
    flags = result.cases.set_index("case_id")["flags"].fillna("")
    assert flags.to_dict() == {
        "B1": "",
        "B3": "invalid_coordinates",
        "B4": "zero_coordinates",
        "B5": "invalid_coordinates",
    }
    cleared = result.cases.set_index("case_id").loc[["B3", "B4", "B5"]]
    assert cleared[["lon", "lat", "x", "y"]].isna().all().all() and not cleared["spatial_ok"].any()
