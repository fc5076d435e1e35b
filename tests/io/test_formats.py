"""Format detection on real exports (LA311, SF311, NYC 311 portal and API), header matching, mappings
with constants, value maps and a point column, and the mapping a user is proposed by ``map``."""

from __future__ import annotations

import pandas as pd
import pytest

from governance_analytics import cli, schemas
from governance_analytics.io import SchemaViolation, read_cases
from governance_analytics.io.case_formats import detect_format, find_column, header_key
from governance_analytics.io.mapping_proposal import propose_mapping

LA = "cases/la_myla311_2017/MyLA311_Service_Request_Data_2017_Subset.csv"
SF = "cases/sf311_sample_2008_2016/sf311_sample_10000.csv"
NYC = "cases/nyc311_2011_subset_micro.csv"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Created.Date", "createddate"),
        ("created_date", "createddate"),
        ("Created Date", "createddate"),
        ("CREATED-DATE", "createddate"),
    ],
)
def test_header_key(name, expected):
    assert header_key(name) == expected


def test_find_column_prefers_the_exact_name():
    assert find_column(("Status Notes", "Status"), ["Status", "Status.Notes"]) == "Status"  # exact names first
    assert find_column(("Status Notes",), ["Status", "Status.Notes"]) == "Status.Notes"  # then by key
    assert find_column(("Status",), ["status", "Status"]) == "Status"
    assert find_column(("Closed",), ["Opened"]) is None


def test_la311_is_recognised_and_read(shared_data):
    result = read_cases(shared_data / LA)
    raw = pd.read_csv(shared_data / LA, dtype=str, keep_default_na=False)
    assert result.format == "la311" and result.n_read == len(raw) == 9999
    cases = result.cases.set_index("case_id")
    first = raw.iloc[0]
    assert cases.loc[first["SRNumber"], "category"] == first["RequestType"] == "Homeless Encampment"
    assert cases.loc[first["SRNumber"], "created_at"] == pd.Timestamp("2017-12-31 23:59:58")
    assert cases.loc[first["SRNumber"], "department"] == "BOS" and cases.loc[first["SRNumber"], "status"] == "closed"
    assert (cases["status"] == "not_filed").sum() == (raw["Status"] == "Cancelled").sum()


def test_sf311_with_rs_dotted_header_and_point_text(shared_data):
    result = read_cases(shared_data / SF)
    assert result.format == "sf311" and (result.n_read, result.n_accepted) == (10_000, 9871)
    raw = pd.read_csv(shared_data / SF, dtype=str, keep_default_na=False).set_index("CaseID")
    case = result.cases.set_index("case_id").loc["3600298"]
    assert raw.loc["3600298", "Point"] == "(37.774007256355, -122.395680023339)"
    assert (case["lat"], case["lon"]) == (37.774007256355, -122.395680023339)  # (lat, lon), not (x, y)
    assert case["department"] == "PUC - Sewer - G" and case["subcategory"] == "Odor"
    assert result.cases["lat"].isna().sum() == (raw["Point"] == "").sum() - 0  # blank points: no coordinates


def test_nyc_api_snake_case_and_iso_dates(shared_data, tmp_path):
    """The same rows as the portal CSV, as the API exports them: snake_case names, ISO timestamps."""
    portal = pd.read_csv(shared_data / NYC, dtype=str, keep_default_na=False)
    api = portal.rename(columns=lambda c: c.lower().replace(" ", "_"))
    for column in ("created_date", "closed_date", "due_date", "resolution_action_updated_date"):
        parsed = pd.to_datetime(api[column], format="%m/%d/%Y %I:%M:%S %p", errors="coerce")
        api[column] = parsed.dt.strftime("%Y-%m-%dT%H:%M:%S.000").where(parsed.notna(), "")
    api.to_csv(tmp_path / "erm2-nwe9.csv", index=False)
    a, b = read_cases(shared_data / NYC), read_cases(tmp_path / "erm2-nwe9.csv")
    assert (a.format, b.format) == ("nyc311", "nyc311_api")
    assert (a.n_read, a.n_accepted) == (b.n_read, b.n_accepted)
    columns = ["case_id", "created_at", "closed_at", "category", "department", "lat", "lon", "status"]
    pd.testing.assert_frame_equal(a.cases[columns], b.cases[columns])


def test_detection_failure_names_the_formats(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot tell the export format.*la311: SRNumber \\+ CreatedDate"):
        detect_format(["a", "b"], path)


# ----------------------------------------------------------------------------------- mappings
BOSTON = (
    "CASE_ENQUIRY_ID,OPEN_DT,TARGET_DT,CLOSED_DT,CASE_STATUS,SUBJECT,TYPE,Department,Source,neighborhood,"
    "LATITUDE,LONGITUDE,Location\n"
    "101,2021-01-01 00:13:00,2021-01-05 00:13:00,2021-01-02 08:00:00,Closed,PWD,Pothole,PWDx,App,Dorchester,42.35,-71.05,\n"  # noqa: E501  (one record, as the file holds it)
    '102,2021-01-01 00:20:00,,,Open,BTD,Parking,BTDT,Call,Roxbury,,,"(42.30, -71.08)"\n'
    "103,2021-01-02 09:20:00,2021-01-12 09:20:00,2021-01-03 10:00:00,Case Noted - Cancelled,PWD,Pothole,PWDx,App,,42.33,-71.06,\n"  # noqa: E501  (one record, as the file holds it)
)


def test_a_mapping_with_constants_values_and_a_point(tmp_path):
    path = tmp_path / "boston.csv"
    path.write_text(BOSTON, encoding="utf-8")
    mapping = {
        "columns": {
            "case_id": "CASE_ENQUIRY_ID",
            "created_at": {"column": "OPEN_DT", "format": "%Y-%m-%d %H:%M:%S"},
            "closed_at": "CLOSED_DT",
            "category": "TYPE",
            "status": "CASE_STATUS",
        },
        "constants": {"case_type": "事件", "district": "Boston"},
        "values": {"category": {"Pothole": "道路交通"}},
        "status": {"Closed": "closed", "Open": "open", "Case Noted - Cancelled": "not_filed"},
    }
    cases = read_cases(path, mapping=mapping).cases.set_index("case_id")
    assert cases["case_type"].tolist() == ["事件"] * 3 and cases["district"].tolist() == ["Boston"] * 3
    assert cases["category"].tolist() == ["道路交通", "Parking", "道路交通"]
    assert cases["status"].tolist() == ["closed", "open", "not_filed"]
    with_point = read_cases(path, mapping={**mapping, "point": "Location"}).cases.set_index("case_id")
    assert with_point.loc["102", ["lat", "lon"]].tolist() == [42.30, -71.08]  # only where lat/lon are not mapped …
    assert pd.isna(cases.loc["102", "lat"])


def test_a_misspelt_mapped_column_is_an_error_not_an_empty_column(tmp_path):
    path = tmp_path / "boston.csv"
    path.write_text(BOSTON, encoding="utf-8")
    with pytest.raises(SchemaViolation, match=r"closed_at ← 'CLOSED_DATE'.*the file's columns are"):
        read_cases(
            path,
            mapping={
                "case_id": "CASE_ENQUIRY_ID",
                "created_at": "OPEN_DT",
                "category": "TYPE",
                "closed_at": "CLOSED_DATE",
            },
        )
    with pytest.raises(SchemaViolation, match=r"category.*constants: \{category"):
        read_cases(path, mapping={"case_id": "CASE_ENQUIRY_ID", "created_at": "OPEN_DT"})
    cases = read_cases(
        path, mapping={"case_id": "CASE_ENQUIRY_ID", "created_at": "OPEN_DT", "constants": {"category": "311"}}
    ).cases
    assert (cases["category"] == "311").all()


def test_map_proposes_a_mapping_that_reads_the_export(tmp_path, capsys):
    path = tmp_path / "boston.csv"
    path.write_text(BOSTON, encoding="utf-8")
    proposal = propose_mapping(path)
    assert proposal.format is None
    assert proposal.columns == {
        "case_id": "CASE_ENQUIRY_ID",
        "created_at": "OPEN_DT",
        "closed_at": "CLOSED_DT",
        "due_at": "TARGET_DT",
        "category": "TYPE",
        "department": "Department",
        "channel": "Source",
        "community": "neighborhood",
        "lat": "LATITUDE",
        "lon": "LONGITUDE",
        "status": "CASE_STATUS",
    }
    assert proposal.date_formats == {
        "created_at": "%Y-%m-%d %H:%M:%S",
        "closed_at": "%Y-%m-%d %H:%M:%S",
        "due_at": "%Y-%m-%d %H:%M:%S",
    }
    assert proposal.status == {"Closed": "closed", "Open": "open", "Case Noted - Cancelled": "not_filed"}
    assert cli.main(["map", str(path), "--out", str(tmp_path / "boston.yml")]) == 0
    printed = capsys.readouterr().out
    assert "created_at       yes  OPEN_DT" in printed and "Columns not mapped: SUBJECT, Location" in printed
    result = read_cases(path, mapping=tmp_path / "boston.yml")
    assert result.n_accepted == 3 and result.cases["due_at"].notna().sum() == 2
    assert cli.main(["map", str(path), "--out", str(tmp_path / "boston.yml")]) == 2  # never over an existing file


def test_map_reports_an_ambiguous_day_month_order(tmp_path):
    path = tmp_path / "ambiguous.csv"
    path.write_text("ticket,reported,category\nT1,03/01/2025 10:00,x\nT2,04/02/2025 11:00,y\n", encoding="utf-8")
    proposal = propose_mapping(path)
    assert proposal.columns["created_at"] == "reported" and "AMBIGUOUS" in proposal.notes["created_at"]
    path.write_text("ticket,reported,category\nT1,13/01/2025 10:00,x\nT2,04/02/2025 11:00,y\n", encoding="utf-8")
    assert propose_mapping(path).date_formats["created_at"] == "%d/%m/%Y %H:%M"  # 13 can only be a day


def test_map_recognises_a_built_in_format(shared_data):
    proposal = propose_mapping(shared_data / SF)
    assert proposal.format == "sf311" and proposal.point == "Point" and proposal.columns["created_at"] == "Opened"
    assert proposal.date_formats["created_at"] == "%m/%d/%Y %I:%M:%S %p"


def test_map_lists_every_canonical_table(capsys):
    assert cli.main(["map", "--tables"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("## `") == len(schemas.SCHEMAS) == 12 and "| `created_at` | yes |" in printed
