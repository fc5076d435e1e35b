"""convert_cases: streaming conversion equals read_cases, duplicates across blocks, pile-ups over the file."""

import duckdb
import pandas as pd
import pytest

import governance_analytics as ga
from governance_analytics import cli
from governance_analytics.io import read_cases
from governance_analytics.io.convert import convert_cases

AREA = (116.9, 31.6, 117.6, 32.1)


@pytest.fixture(scope="module")
def converted(demo_city, demo_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("converted")
    # 2 MiB blocks: the 70 MB export streams in dozens of blocks; the duplicates sit in the last one
    result = convert_cases(demo_dir / ga.demo.GBT_EXPORT, out, crs=demo_city.truth["crs"], area=AREA, block_mib=2, progress=False)
    return result, out


def test_counts_reconcile_and_equal_read_cases(converted, demo_city, demo_dir):
    result, out = converted
    assert result.n_read == result.n_accepted + result.n_rejected
    whole = read_cases(demo_dir / ga.demo.GBT_EXPORT, crs=demo_city.truth["crs"], area=AREA)
    assert (result.n_read, result.n_accepted, result.n_rejected) == (whole.n_read, len(whole.cases), len(whole.rejects))
    rejects = pd.read_csv(out / "rejects.csv", dtype=str)
    assert sorted(rejects["reason"]) == sorted(whole.rejects["reason"])


def test_parquet_cases_equal_read_cases(converted, demo_city, demo_dir):
    result, out = converted
    parquet = duckdb.sql(f"SELECT * EXCLUDE (year) FROM read_parquet('{out}/cases/*/*.parquet', hive_partitioning=true)").df()
    whole = read_cases(demo_dir / ga.demo.GBT_EXPORT, crs=demo_city.truth["crs"], area=AREA).cases
    parquet = parquet.sort_values("case_id").reset_index(drop=True)
    whole = whole.sort_values("case_id").reset_index(drop=True)
    for column in ("case_id", "category", "created_at", "closed_at", "x", "y", "spatial_ok", "flags", "status"):
        pd.testing.assert_series_equal(parquet[column], whole[column], check_dtype=False, obj=column)


def test_partitioned_by_year(converted):
    _, out = converted
    assert sorted(p.name for p in (out / "cases").iterdir()) == ["year=2023", "year=2024", "year=2025"]


def test_malformed_lines_and_cli(tmp_path, capsys):
    lines = ["案件编号,案件类型,大类,上报时间,经度,纬度",
             "A1,事件,街面秩序,2025-01-01 08:00:00,117.25,31.85",
             "A2,事件,街面秩序,2025-01-02 08:00:00,117.26,31.86,EXTRA",
             "A1,事件,街面秩序,2025-01-03 08:00:00,117.25,31.85",
             "A3,部件,公用设施,2025-02-01 09:00:00,,"]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="gbk")
    assert cli.main(["convert", str(path), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "4 = 2 + 2" in printed
    rejects = pd.read_csv(tmp_path / "out" / "rejects.csv", dtype=str)
    assert sorted(rejects["reason"]) == ["case_id: duplicate value (the first is kept), got 'A1'", "expected 6 fields, found 7"]
