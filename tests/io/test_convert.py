"""convert_cases: streaming conversion equals read_cases, duplicates across blocks, pile-ups over the file."""

import errno
import json

import duckdb
import pandas as pd
import pytest

import governance_analytics as ga
from governance_analytics import cli
from governance_analytics.io.convert import convert_cases
from tests.io.conftest import DEMO_AREA
from tests.planted import PLANTED_NUMBERS, searchable

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("demo_export")  # with test_read_cases: the export is read once


@pytest.fixture(scope="module")
def converted(demo_city, demo_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("converted")
    # 2 MiB blocks: the 70 MB export streams in dozens of blocks; the duplicates sit in the last one
    result = convert_cases(
        demo_dir / ga.demo.GBT_EXPORT, out, crs=demo_city.truth["crs"], area=DEMO_AREA, block_mib=2, progress=False
    )
    return result, out


def test_counts_reconcile_and_equal_read_cases(converted, demo_export):
    result, out = converted
    assert result.n_read == result.n_accepted + result.n_rejected
    whole = demo_export[0]
    assert (result.n_read, result.n_accepted, result.n_rejected) == (whole.n_read, len(whole.cases), len(whole.rejects))
    rejects = pd.read_csv(out / "rejects.csv", dtype=str)
    assert sorted(rejects["reason"]) == sorted(whole.rejects["reason"])


def test_parquet_cases_equal_read_cases(converted, demo_export):
    result, out = converted
    parquet = duckdb.sql(
        f"SELECT * EXCLUDE (year) FROM read_parquet('{out}/cases/*/*.parquet', hive_partitioning=true)"
    ).df()
    whole = demo_export[0].cases
    parquet = parquet.sort_values("case_id").reset_index(drop=True)
    whole = whole.sort_values("case_id").reset_index(drop=True)
    for column in ("case_id", "category", "created_at", "closed_at", "x", "y", "spatial_ok", "flags", "status"):
        pd.testing.assert_series_equal(parquet[column], whole[column], check_dtype=False, obj=column)


def test_partitioned_by_year(converted):
    _, out = converted
    assert sorted(p.name for p in (out / "cases").iterdir()) == ["year=2023", "year=2024", "year=2025"]


def test_malformed_lines_and_cli(tmp_path, capsys):
    lines = [
        "案件编号,案件类型,大类,上报时间,经度,纬度",
        "A1,事件,街面秩序,2025-01-01 08:00:00,117.25,31.85",
        "A2,事件,街面秩序,2025-01-02 08:00:00,117.26,31.86,EXTRA",
        "A1,事件,街面秩序,2025-01-03 08:00:00,117.25,31.85",
        "A3,部件,公用设施,2025-02-01 09:00:00,,",
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="gbk")
    assert cli.main(["convert", str(path), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "4 = 2 + 2" in printed
    rejects = pd.read_csv(tmp_path / "out" / "rejects.csv", dtype=str)
    assert sorted(rejects["reason"]) == [
        "case_id: duplicate value (the first is kept), got 'A1'",
        "expected 6 fields, found 7",
    ]


# ----------------------------------------------------------------------------------- never destroys (issue 14)
def _export(tmp_path, rows: list[str] | None = None):
    lines = [
        "案件编号,案件类型,大类,上报时间,经度,纬度",
        *(rows or ["A1,事件,街面秩序,2025-01-01 08:00:00,117.25,31.85"]),
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _files(root) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("out", ["folder of the user's", "the working directory"])
def test_an_out_that_is_not_a_convert_output_is_refused_untouched(tmp_path, capsys, monkeypatch, out):
    export = _export(tmp_path)
    (tmp_path / "mine.txt").write_text("mine")
    target = tmp_path / "Documents"
    target.mkdir()
    (target / "thesis.docx").write_text("years of work")
    if out == "the working directory":
        monkeypatch.chdir(target)
    before = _files(tmp_path)
    assert cli.main(["convert", str(export), "--out", str(target) if out != "the working directory" else "."]) == 2
    assert "is not an earlier convert output" in capsys.readouterr().err
    assert _files(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "Documents",
        "export.csv",
        "mine.txt",
    ]


def test_an_earlier_output_is_replaced_and_its_neighbours_survive(tmp_path):
    export = _export(tmp_path)
    (tmp_path / "mine.txt").write_text("mine")
    assert cli.main(["convert", str(export), "--out", str(tmp_path / "out")]) == 0
    export.write_text(export.read_text() + "A2,事件,街面秩序,2025-01-02 08:00:00,117.26,31.86\n")
    assert cli.main(["convert", str(export), "--out", str(tmp_path / "out")]) == 0
    assert json.loads((tmp_path / "out" / "convert.json").read_text())["n_accepted"] == 2
    assert (tmp_path / "mine.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "mine.txt", "out"]  # no staging folder
    (tmp_path / "out" / "notes.txt").write_text("mine too")
    assert cli.main(["convert", str(export), "--out", str(tmp_path / "out")]) == 2
    assert (tmp_path / "out" / "notes.txt").read_text() == "mine too"


def test_a_run_failing_halfway_keeps_the_earlier_output(tmp_path, monkeypatch, capsys):
    from governance_analytics.io import convert

    export = _export(tmp_path)
    assert cli.main(["convert", str(export), "--out", str(tmp_path / "out")]) == 0
    before = _files(tmp_path)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(convert, "_flag_pileups_and_write", disk_full)
    assert cli.main(["convert", str(export), "--out", str(tmp_path / "out")]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert _files(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "out"]


def test_rejects_and_cases_hold_no_personal_number_and_no_formula(tmp_path):
    numbers = list(PLANTED_NUMBERS.values())
    header = "案件编号,案件类型,大类,上报时间,经度,纬度,问题描述,上报人电话"
    good = [
        f'G{i},事件,"街面秩序 {n}",2025-01-0{1 + i % 9} 08:00:00,117.25,31.85,"井盖缺失 {n}",{n}'
        for i, n in enumerate(numbers)
    ]
    bad = [f'B{i},事件,街面秩序,not a date,117.25,31.85,"@SUM(A1:A2) {n}",{n}' for i, n in enumerate(numbers)]
    malformed = [f'M1,事件,"=1+1 {numbers[0]}",2025-01-01 08:00:00,117.25,31.85,x,{numbers[1]},EXTRA']
    path = tmp_path / "export.csv"
    path.write_text("\n".join([header, *good, *bad, *malformed]) + "\n", encoding="utf-8")
    result = convert_cases(path, tmp_path / "out", progress=False)
    assert (result.n_read, result.n_accepted, result.n_rejected) == (21, 10, 11)
    rejects = (tmp_path / "out" / "rejects.csv").read_text(encoding="utf-8")
    cases = duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path}/out/cases/*/*.parquet')").df()
    for value in numbers:
        assert searchable(value) not in searchable(rejects), value
        assert searchable(value) not in searchable(cases.to_csv()), value
    assert sorted(cases["category"].str.replace(r"\[电话\]|\[身份证号\]", "#", regex=True)) == ["街面秩序 #"] * 10
    cells = pd.read_csv(tmp_path / "out" / "rejects.csv", dtype=str, keep_default_na=False)
    assert len(cells) == 11
    text_cells = [v for v in cells.drop(columns=["row"]).to_numpy().ravel() if v]
    assert not [v for v in text_cells if v.startswith(("=", "+", "@", "\t", "\r")) or (v.startswith("-") and v != "-")]
    assert (cells["问题描述"].str.startswith("'@SUM(A1:A2) ") | (cells["问题描述"] == "")).all()
    assert cells["raw"].str.startswith("M1,").sum() == 1  # the malformed line, kept whole, its numbers masked
