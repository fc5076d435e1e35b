"""Readers: encodings, formats, rejects that reconcile, and errors that name file, row and column."""

import pandas as pd
import pytest

from governance_analytics.io import EncodingProblem, SchemaViolation, UnreadableFile, detect_encoding, read_table

ROWS = pd.DataFrame(
    {
        "unit_id": ["110101", "110102", "310101"],
        "unit_name": ["东城区", "西城区", "黄浦区"],
        "zone": ["core", "core", "central"],
        "year": [2020, 2020, 2020],
        "population": [708829, 1106214, 662030],
        "area_km2": [41.8, 50.5, 20.5],
        "planned_capacity": [None, None, None],
        "lon": [116.42, 116.37, 121.49],
        "lat": [39.93, 39.91, 31.23],
    }
)


def _write(frame: pd.DataFrame, path, encoding="utf-8"):
    frame.to_csv(path, index=False, encoding=encoding)
    return path


@pytest.mark.parametrize(
    "encoding, detected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030")]
)
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
    bad.loc[1, "population"] = "many"  # file line 3
    bad.loc[2, "zone"] = "downtown"  # file line 4
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
    with pytest.raises(UnreadableFile, match=r"broken\.xlsx: not a complete \.xlsx workbook"):
        read_table(broken)
    with pytest.raises(KeyError, match="unknown canonical table"):
        read_table(_write(ROWS, tmp_path / "u.csv"), schema="units")


def test_timestamps_local_naive_and_tz_aware_converted(tmp_path):
    frame = pd.DataFrame(
        {
            "message_id": ["a", "b", "c", "d"],
            "received_at": ["2025-03-01 08:00:00", "2025-03-01T00:00:00Z", "2020/1/6 12:09:38", "not a time"],
            "community_id": [None] * 4,
            "title": [None] * 4,
            "text": ["x"] * 4,
        }
    )
    result = read_table(_write(frame, tmp_path / "messages.csv"), schema="messages", tz="Asia/Shanghai")
    assert result.data["received_at"].tolist() == [
        pd.Timestamp("2025-03-01 08:00"),
        pd.Timestamp("2025-03-01 08:00"),
        pd.Timestamp("2020-01-06 12:09:38"),
    ]
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
    frame = pd.DataFrame(
        {
            "case_id": ["a", "b", "c", "d"],
            "case_type": ["事件", None, "部件", "事件"],
            "category": ["市容环境"] * 4,
            "created_at": ["2025-01-01 08:00:00"] * 4,
            "n_rework": ["1", None, "0", "2"],
            "status": ["closed"] * 4,
            "spatial_ok": ["true", "False", "是", "maybe"],
        }
    )
    for column in (
        "subcategory",
        "channel",
        "department",
        "district",
        "street",
        "community",
        "cell_id",
        "lon",
        "lat",
        "x",
        "y",
        "filed_at",
        "dispatched_at",
        "handled_at",
        "feedback_at",
        "closed_at",
        "due_at",
    ):
        frame[column] = None
    result = read_table(_write(frame, tmp_path / "cases.csv"), schema="cases")
    assert result.data["spatial_ok"].tolist() == [True, False, True]
    assert result.data["spatial_ok"].dtype == bool
    assert result.data["n_rework"].tolist()[:2] == [1, pd.NA]
    assert result.rejects["reason"].item() == "spatial_ok: expected true or false, got 'maybe'"


# ------------------------------------------------------------------ quoted line breaks and line numbers
HEADER = "unit_id,unit_name,zone,year,population,area_km2,planned_capacity,lon,lat,note"


def _units_csv(path, records: list[str], *, encoding="utf-8", newline="\n"):
    """A population_units file written byte for byte: ``records`` are the lines after the header."""
    path.write_bytes((newline.join([HEADER, *records]) + newline).encode(encoding))
    return path


def test_quoted_line_breaks_stay_in_their_field_and_rows_are_first_lines(tmp_path):
    """A quoted value holding \\n, \\r\\n or a lone \\r is one value; a reject's row is the line its
    record starts on (header = line 1)."""
    records = [
        '110101,东城区,core,2020,708829,41.8,,116.42,39.93,"诉求内容：\n楼道漏水"',  # lines 2–3
        '110102,西城区,core,2020,many,50.5,,116.37,39.91,"\r=3+4"',  # lines 4–5
        '310101,黄浦区,central,2020,662030,20.5,,121.49,31.23,"a\r\nb"',  # lines 6–7
        "310104,徐汇区,central,2020,-1,54.8,,121.44,31.19,plain",  # line 8
    ]
    result = read_table(_units_csv(tmp_path / "units.csv", records), schema="population_units")
    assert result.n_read == 4 == result.n_accepted + result.n_rejected
    assert result.data["note"].tolist() == ["诉求内容：\n楼道漏水", "a\r\nb"]
    assert dict(zip(result.rejects["row"], result.rejects["note"])) == {4: "\r=3+4", 8: "plain"}
    assert (
        result.rejects.loc[result.rejects["row"] == 4, "reason"].item() == "population: expected an integer, got 'many'"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_multi_line_values_across_parser_blocks(tmp_path, encoding):
    """Over 1 MiB (pyarrow parses in blocks of 1 MiB): quoted line breaks on every third record, CRLF
    line ends, a bad value near the end; every value intact, every row number a first line."""
    n = 24_000
    notes = [f"第{i}条\n诉求内容：楼道漏水\r\n请尽快处理" if i % 3 == 0 else f"单行{i}" for i in range(n)]
    population = ["many" if i == n - 2 else str(1000 + i) for i in range(n)]
    records = [f'{i:06d},区{i},core,2020,{population[i]},10.5,,116.4,39.9,"{notes[i]}"' for i in range(n)]
    path = _units_csv(tmp_path / "units.csv", records, encoding=encoding, newline="\r\n")
    assert path.stat().st_size > 1 << 20
    result = read_table(path, schema="population_units")
    assert result.n_read == n and result.n_rejected == 1
    assert result.data["note"].tolist() == notes[: n - 2] + notes[n - 1 :]
    first_lines = 2 + sum(3 if i % 3 == 0 else 1 for i in range(n - 2))  # record n-2 starts here
    assert result.rejects["row"].tolist() == [first_lines]
    assert result.rejects["unit_id"].item() == f"{n - 2:06d}"


def test_blank_lines_do_not_shift_row_numbers(tmp_path):
    """Blank lines are skipped but counted: the reject on line 6 is reported as row 6."""
    records = [
        "110101,东城区,core,2020,708829,41.8,,116.42,39.93,a",
        "",
        "",
        '110102,西城区,core,2020,1106214,50.5,,116.37,39.91,"b\nc"',
        "310101,黄浦区,downtown,2020,662030,20.5,,121.49,31.23,d",
        "",
    ]
    result = read_table(_units_csv(tmp_path / "units.csv", records), schema="population_units")
    assert result.n_read == 3 and result.data["note"].tolist() == ["a", "b\nc"]
    assert result.rejects["row"].tolist() == [7] and "downtown" in result.rejects["reason"].item()


def test_malformed_lines_keep_their_line_numbers(tmp_path):
    records = [
        '110101,东城区,core,2020,708829,41.8,,116.42,39.93,"x\ny"',  # lines 2–3
        "110105,朝阳区,central,2020,3452460,470.8,,116.44,39.92,z,EXTRA",  # line 4: 11 fields
        "310101,黄浦区,downtown,2020,662030,20.5,,121.49,31.23,w",
    ]  # line 5
    result = read_table(_units_csv(tmp_path / "units.csv", records), schema="population_units")
    assert result.n_read == 3 == result.n_accepted + result.n_rejected
    assert result.data["note"].tolist() == ["x\ny"]
    reasons = dict(zip(result.rejects["row"], result.rejects["reason"]))
    assert reasons[4] == "expected 10 fields, found 11" and "downtown" in reasons[5]


def test_one_line_records_are_numbered_from_two(tmp_path):
    """The fast path (no value spans lines): row = record number + 1, with or without a final line break."""
    path = tmp_path / "units.csv"
    records = [f"{i:06d},区,core,2020,{'x' if i == 7 else 5},1.0,,1,1,n" for i in range(10)]
    for ending in ("", "\n"):
        path.write_text("\n".join([HEADER, *records]) + ending, encoding="utf-8")
        result = read_table(path, schema="population_units")
        assert result.rejects["row"].tolist() == [9] and result.n_read == 10
