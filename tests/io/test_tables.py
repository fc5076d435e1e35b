"""Readers: encodings, formats, rejects that reconcile, and errors that name file, row and column."""

import pandas as pd
import pytest

from governance_analytics.io import EncodingProblem, SchemaViolation, UnreadableFile, detect_encoding, read_table

ROWS = pd.DataFrame({
    "unit_id": ["110101", "110102", "310101"],
    "unit_name": ["东城区", "西城区", "黄浦区"],
    "zone": ["core", "core", "central"],
    "year": [2020, 2020, 2020],
    "population": [708829, 1106214, 662030],
    "area_km2": [41.8, 50.5, 20.5],
    "planned_capacity": [None, None, None],
    "lon": [116.42, 116.37, 121.49],
    "lat": [39.93, 39.91, 31.23],
})


def _write(frame: pd.DataFrame, path, encoding="utf-8"):
    frame.to_csv(path, index=False, encoding=encoding)
    return path


@pytest.mark.parametrize("encoding, detected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                ("gbk", "gb18030"), ("gb18030", "gb18030")])
def test_encodings_are_detected_and_read(tmp_path, encoding, detected):
    path = _write(ROWS, tmp_path / "units.csv", encoding)
    assert detect_encoding(path) == detected
    result = read_table(path, schema="population_units")
    assert result.encoding == detected
    assert result.data["unit_name"].tolist() == ["东城区", "西城区", "黄浦区"]
    assert result.data["population"].tolist() == [708829, 1106214, 662030]
    assert result.n_read == 3 and result.n_rejected == 0


def test_gbk_beyond_the_detection_sample(tmp_path):
    """A file whose first MiBs are ASCII and whose Chinese text comes later, in GBK."""
    filler = ROWS.loc[[2] * 60_000].assign(unit_name="Huangpu", unit_id=[f"{i:06d}" for i in range(60_000)])
    frame = pd.concat([filler, ROWS.iloc[[0]]], ignore_index=True)
    path = _write(frame, tmp_path / "late_gbk.csv", "gbk")
    result = read_table(path, schema="population_units")
    assert result.data["unit_name"].iloc[-1] == "东城区"
    assert result.encoding == "gb18030"


def test_given_wrong_encoding_names_the_file(tmp_path):
    path = _write(ROWS, tmp_path / "units.csv", "gbk")
    with pytest.raises(EncodingProblem, match=r"units\.csv.*utf-8"):
        read_table(path, schema="population_units", encoding="utf-8-sig")


def test_xlsx_is_read(tmp_path):
    path = tmp_path / "units.xlsx"
    ROWS.to_excel(path, index=False, sheet_name="人口")
    result = read_table(path, schema="population_units", sheet="人口")
    assert result.data["unit_name"].tolist() == ["东城区", "西城区", "黄浦区"]
    assert result.data["area_km2"].tolist() == [41.8, 50.5, 20.5]
    assert result.data["year"].dtype == "int64"


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "units.parquet"
    ROWS.to_parquet(path)
    result = read_table(path, schema="population_units")
    assert result.data["population"].sum() == 708829 + 1106214 + 662030


def test_rejects_reconcile_and_name_row_column_value(tmp_path):
    bad = ROWS.astype(object).copy()
    bad = pd.concat([bad, bad.iloc[[0]]], ignore_index=True)  # duplicate (unit_id, year): row 5
    bad.loc[1, "population"] = "many"         # file line 3
    bad.loc[2, "zone"] = "downtown"           # file line 4
    path = _write(bad, tmp_path / "units.csv")
    result = read_table(path, schema="population_units")
    assert result.n_read == 4 == result.n_accepted + result.n_rejected
    assert result.n_accepted == 1
    reasons = dict(zip(result.rejects["row"], result.rejects["reason"]))
    assert reasons[3] == "population: expected an integer, got 'many'"
    assert reasons[4].startswith("zone: fails isin") and "'downtown'" in reasons[4]
    assert "unique" in reasons[5] or "duplicat" in reasons[5]
    assert result.rejects.loc[result.rejects["row"] == 3, "population"].item() == "many"  # raw value kept


def test_missing_column_names_file_and_column(tmp_path):
    path = _write(ROWS.drop(columns="population"), tmp_path / "units.csv")
    with pytest.raises(SchemaViolation, match=r"units\.csv.*\['population'\].*population_units"):
        read_table(path, schema="population_units")


def test_column_mapping(tmp_path):
    raw = ROWS.rename(columns={"unit_id": "区划代码", "population": "常住人口"})
    path = _write(raw, tmp_path / "units.csv", "gbk")
    result = read_table(path, schema="population_units", columns={"unit_id": "区划代码", "population": "常住人口"})
    assert result.data["unit_id"].tolist() == ["110101", "110102", "310101"]
    with pytest.raises(SchemaViolation, match="人口数"):
        read_table(path, schema="population_units", columns={"population": "人口数"})


def test_malformed_lines_become_rejects(tmp_path):
    path = tmp_path / "units.csv"
    text = _write(ROWS, path).read_text(encoding="utf-8").splitlines()
    text.insert(2, "110105,朝阳区,central,2020,3452460,470.8,,116.44,39.92,EXTRA,FIELDS")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = read_table(path, schema="population_units")
    assert result.n_read == 4 and result.n_accepted == 3 and result.n_rejected == 1
    assert result.rejects["reason"].item() == "expected 9 fields, found 11"


def test_unreadable_inputs_are_named(tmp_path):
    with pytest.raises(UnreadableFile, match="no such file"):
        read_table(tmp_path / "absent.csv")
    odd = tmp_path / "units.json"
    odd.write_text("{}")
    with pytest.raises(UnreadableFile, match=r"units\.json.*unknown table format"):
        read_table(odd)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(UnreadableFile, match=r"broken\.xlsx.*cannot be read as xlsx"):
        read_table(broken)
    with pytest.raises(KeyError, match="unknown canonical table"):
        read_table(_write(ROWS, tmp_path / "u.csv"), schema="units")


def test_timestamps_local_naive_and_tz_aware_converted(tmp_path):
    frame = pd.DataFrame({
        "message_id": ["a", "b", "c", "d"],
        "received_at": ["2025-03-01 08:00:00", "2025-03-01T00:00:00Z", "2020/1/6 12:09:38", "not a time"],
        "community_id": [None] * 4, "title": [None] * 4, "text": ["x"] * 4,
    })
    result = read_table(_write(frame, tmp_path / "messages.csv"), schema="messages", tz="Asia/Shanghai")
    assert result.data["received_at"].tolist() == [pd.Timestamp("2025-03-01 08:00"), pd.Timestamp("2025-03-01 08:00"),
                                                   pd.Timestamp("2020-01-06 12:09:38")]
    assert result.data["received_at"].dtype == "datetime64[us]"
    assert result.rejects["reason"].item() == "received_at: expected a date-time, got 'not a time'"


def test_read_without_schema_keeps_everything(tmp_path):
    result = read_table(_write(ROWS, tmp_path / "u.csv"))
    assert result.n_read == result.n_accepted == 3
    assert result.data["population"].tolist() == ["708829", "1106214", "662030"]  # as text


def test_real_census_table_reads_to_bulletin_totals(shared_data):
    result = read_table(shared_data / "census" / "bj_sh_districts_census_2010_2020.csv")
    assert result.n_read == 32
    totals = pd.to_numeric(result.data["pop_2020"]).groupby(result.data["city"]).sum()
    # 7th census bulletins: Beijing 21,893,095; Shanghai 24,870,895
    assert totals.to_dict() == {"Beijing": 21_893_095, "Shanghai": 24_870_895}


def test_boolean_and_nullable_integer_columns(tmp_path):
    frame = pd.DataFrame({
        "case_id": ["a", "b", "c", "d"], "case_type": ["事件", None, "部件", "事件"], "category": ["市容环境"] * 4,
        "created_at": ["2025-01-01 08:00:00"] * 4, "n_rework": ["1", None, "0", "2"], "status": ["closed"] * 4,
        "spatial_ok": ["true", "False", "是", "maybe"],
    })
    for column in ("subcategory", "channel", "department", "district", "street", "community", "cell_id", "lon", "lat",
                   "x", "y", "filed_at", "dispatched_at", "handled_at", "feedback_at", "closed_at", "due_at"):
        frame[column] = None
    result = read_table(_write(frame, tmp_path / "cases.csv"), schema="cases")
    assert result.data["spatial_ok"].tolist() == [True, False, True]
    assert result.data["spatial_ok"].dtype == bool
    assert result.data["n_rework"].tolist()[:2] == [1, pd.NA]
    assert result.rejects["reason"].item() == "spatial_ok: expected true or false, got 'maybe'"
