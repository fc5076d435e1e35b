"""ingest: every source of city.yml read with the package's readers, gridded and written once; rows
read = accepted + rejected per file, nothing lost across files, the report reads the workspace."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from governance_analytics import cli
from governance_analytics.config import init_workspace
from governance_analytics.io import read_cases, read_table
from governance_analytics.io.ingest import ingest
from governance_analytics.periods import parse_period
from governance_analytics.report_settings import ReportConfig
from governance_analytics.reporting import i18n
from governance_analytics.reporting.builder import assemble, report_context
from tests.conftest import MESSAGES, SF


@pytest.fixture(scope="module")
def sf(sf_workspace, shared_data):
    root, result = sf_workspace
    return root, result, shared_data


def test_rows_reconcile_per_file_and_across_files(sf):
    root, result, shared = sf
    summary = result.summary().set_index("file")
    assert (summary["n_read"] == summary["n_accepted"] + summary["n_rejected"]).all()
    assert summary.loc[["a.csv", "b.csv"], "n_read"].sum() == 10_100
    whole = read_cases(shared / SF)
    cases = pd.read_parquet(root / "data" / "cases")
    assert len(cases) == len(whole.cases) and set(cases["case_id"]) == set(
        whole.cases["case_id"]
    )  # 100 repeats rejected
    rejects = pd.read_csv(root / "data" / "rejects" / "cases.csv", dtype=str)
    assert (rejects["reason"].str.contains("from an earlier file")).sum() == 100
    assert len(rejects) == summary.loc[["a.csv", "b.csv"], "n_rejected"].sum() == len(whole.rejects) + 100
    assert (rejects.loc[rejects["reason"].str.contains("from an earlier file"), "file"] == "b.csv").all()


def test_cases_are_written_by_year_with_the_grid_from_their_robust_extent(sf):
    root, result, _ = sf
    assert sorted(p.name for p in (root / "data" / "cases").iterdir()) == [f"year={y}" for y in range(2008, 2017)]
    record = json.loads((root / "data" / "workspace.json").read_text(encoding="utf-8"))
    assert record["crs"] == "EPSG:32610" and record["grid"]["source"] == "cases"
    cells = pd.read_parquet(root / "data" / "grid_cells.parquet")
    cases = pd.read_parquet(root / "data" / "cases")
    assert cells["cell_id"].isin(cases["cell_id"]).all()  # every cell holds a case …
    assert cases.loc[cases["spatial_ok"], "cell_id"].notna().all()  # … and every usable case a cell
    assert {"rule": "closed_before", "outcome": "rejected", "n": 129} in record["rules"]


def test_other_tables_are_read_with_their_own_column_names(sf):
    root, result, shared = sf
    messages = pd.read_parquet(root / "data" / "messages.parquet")
    direct = read_table(
        shared / MESSAGES,
        schema="messages",
        columns={
            "message_id": "留言编号",
            "received_at": "留言时间",
            "title": "留言主题",
            "text": "留言详情",
            "label": "一级分类",
        },
    )
    assert len(messages) == direct.n_accepted and messages["label"].nunique() == 7
    row = result.summary().set_index("table").loc["messages"]
    assert (row["n_read"], row["n_rejected"]) == (direct.n_read, direct.n_rejected) and row[
        "n_rejected"
    ] >= 1  # 37042 twice
    rejected = pd.read_csv(root / "data" / "rejects" / "messages.csv", dtype=str)
    assert (
        len(rejected) == row["n_rejected"]
        and rejected["reason"].notna().all()
        and (rejected["file"] == "messages.csv").all()
    )


def test_the_report_reads_the_workspace(sf):
    root, result, _ = sf
    ctx, _ = report_context(root / "data", period=parse_period("2015-Q4"), settings=ReportConfig(lang="en"))
    assert ctx.city == {"zh": "旧金山", "en": "San Francisco"} and ctx.metadata["crs"] == "EPSG:32610"
    doc = assemble(ctx, {})
    overview = next(s for s in doc.sections if s.key == "overview")
    quality = next(t for t in overview.tables if t.key == "quality").frame
    shown = dict(zip(quality["Problem"], quality["Cases"]))
    assert shown[i18n.text("rule_closed_before", "en")] == 129  # rejected at ingest, stated in the report
    n_read, n_rejected = result.summary()[["n_read", "n_rejected"]].sum()  # the city's files', not the grid's
    assert (
        f"{n_read:,} input rows were read: {n_read - n_rejected:,} accepted and {n_rejected:,} rejected"
        in overview.findings[-1]
    )


def test_a_missing_source_file_is_one_line_naming_it(tmp_path, capsys):
    path = init_workspace(tmp_path / "ws")
    assert cli.main(["ingest", str(path)]) == 2
    err = capsys.readouterr().err
    assert "raw/cases.csv: no such file" in err and "Traceback" not in err
    assert list((tmp_path / "ws" / "data").iterdir()) == []  # nothing written


def test_a_cell_code_of_another_grid_is_replaced_by_the_cell_of_its_point(tmp_path):
    path = init_workspace(tmp_path / "ws", city={"zh": "甲市", "en": "A City"})
    rng = np.random.default_rng(0)
    n = 200
    cases = pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(n)],
            "category": "roads",
            "created_at": pd.Timestamp("2025-01-01") + pd.to_timedelta(np.arange(n), unit="h"),
            "lon": 117.2 + rng.normal(0, 0.01, n),
            "lat": 31.8 + rng.normal(0, 0.01, n),
            "cell_id": "340102001001001",
        }
    )  # a 数字城管 code that is no cell of a grid drawn here
    cases.to_csv(tmp_path / "ws" / "raw" / "cases.csv", index=False)
    ingest(path)
    written = pd.read_parquet(tmp_path / "ws" / "data" / "cases")
    cells = pd.read_parquet(tmp_path / "ws" / "data" / "grid_cells.parquet")
    assert written["cell_id"].isin(cells["cell_id"]).all() and (written["cell_id"] != "340102001001001").all()


def test_cases_without_coordinates_give_a_workspace_without_a_grid(tmp_path):
    """No boundaries, no grid file and no case with coordinates: no grid, as the CLI reports it."""
    path = init_workspace(tmp_path / "ws", city={"zh": "甲市", "en": "A City"})
    n = 50
    cases = pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(n)],
            "category": "roads",
            "created_at": pd.Timestamp("2025-01-01") + pd.to_timedelta(np.arange(n), unit="h"),
        }
    )
    cases.to_csv(tmp_path / "ws" / "raw" / "cases.csv", index=False)
    result = ingest(path)
    assert result.record["grid"] == {"source": "none"} and "grid_cells" not in result.tables
    assert len(pd.read_parquet(tmp_path / "ws" / "data" / "cases")) == n


def test_an_ingest_killed_outright_leaves_no_staging_folder(shared_data, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    root = tmp_path / "city"
    init_workspace(root, city={"zh": "旧金山", "en": "San Francisco"}, timezone="America/Los_Angeles")
    (root / "raw" / "sf.csv").write_bytes((shared_data / SF).read_bytes())
    (root / "city.yml").write_text(
        "city: {zh: 旧金山, en: San Francisco}\ntimezone: America/Los_Angeles\nsources:\n  cases: {file: raw/sf.csv}\n",
        encoding="utf-8",
    )
    before = sorted(p.name for p in root.iterdir())
    proc = subprocess.Popen(
        [sys.executable, "-m", "governance_analytics.cli", "ingest", str(root / "city.yml")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while (
        not any(".staging-" in p.name for p in root.iterdir()) and proc.poll() is None and time.monotonic() < deadline
    ):
        time.sleep(0.01)
    assert proc.poll() is None, "ingest ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while sorted(p.name for p in root.iterdir()) != before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in root.iterdir()) == before  # no staging folder, and no data/ half-written


def test_personal_columns_never_reach_the_workspace(tmp_path):
    root = tmp_path / "city"
    init_workspace(root, city={"zh": "某市", "en": "Some City"}, timezone="Asia/Shanghai")
    survey = pd.DataFrame(
        {
            "respondent_id": ["R1", "R2"],
            "stratum": ["S1", "S1"],
            "psu": ["P1", "P2"],
            "weight": [1.5, 2.0],
            "district": ["D1", "D1"],
            "community_id": ["K1", "K2"],
            "姓名": ["张三", "李四"],
            "联系电话": ["13812345678", "13912345678"],
            "备注": ["请回电 13812345678", "无"],
        }
    )
    survey.to_csv(root / "raw" / "survey.csv", index=False)
    (root / "city.yml").write_text(
        "city: {zh: 某市, en: Some City}\nsources:\n  survey: {file: raw/survey.csv}\n", encoding="utf-8"
    )
    result = ingest(root / "city.yml")
    written = pd.read_parquet(root / "data" / "survey.parquet")
    assert "姓名" not in written and "联系电话" not in written and list(written["备注"]) == ["请回电 [电话]", "无"]
    assert result.record["sources"][0]["dropped_columns"] == ["姓名", "联系电话"]
    assert "13812345678" not in "".join(p.read_text(errors="ignore") for p in (root / "data").rglob("*") if p.is_file())


def test_a_streamed_export_gives_the_same_workspace_as_one_read_whole(shared_data, tmp_path, monkeypatch):
    """The SF sample ingested twice — read whole, and streamed through convert (stream: true): the same
    cases, rejects and counts."""
    import governance_analytics.io.ingest as ingest_module

    streamed_files = []
    convert = ingest_module.convert_cases
    monkeypatch.setattr(
        ingest_module, "convert_cases", lambda path, *a, **k: streamed_files.append(path) or convert(path, *a, **k)
    )

    def workspace(name: str, stream: str):
        root = tmp_path / name
        init_workspace(root, city={"zh": "旧金山", "en": "San Francisco"}, timezone="America/Los_Angeles")
        (root / "raw" / "sf.csv").write_bytes((shared_data / SF).read_bytes())
        (root / "city.yml").write_text(
            "city: {zh: 旧金山, en: San Francisco}\ntimezone: America/Los_Angeles\n"
            f"sources:\n  cases: {{file: raw/sf.csv, stream: {stream}}}\n",
            encoding="utf-8",
        )
        return ingest(root / "city.yml")

    whole = workspace("whole", "false")
    assert streamed_files == []
    streamed = workspace("streamed", "true")
    assert [p.name for p in streamed_files] == ["sf.csv"]
    assert whole.summary().equals(streamed.summary())
    assert whole.record["rules"] == streamed.record["rules"] and whole.record["grid"] == streamed.record["grid"]
    a, b = (r.tables["cases"].data.sort_values("case_id", ignore_index=True) for r in (whole, streamed))
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert sorted(whole.tables["cases"].rejects["reason"]) == sorted(streamed.tables["cases"].rejects["reason"])
    assert not list((tmp_path / "streamed" / "data").glob(".stream*"))  # the scratch folder is gone


def test_population_units_take_the_centroids_of_their_boundaries(shared_data, tmp_path):
    """Beijing's district census without coordinates, and the district polygons as boundaries: each unit
    is placed at its polygon's centroid — within 2 km of the centroid the boundary file itself states."""
    import json as _json

    from governance_analytics.io.census import read_district_census
    from tests.conftest import ROOT

    districts = read_district_census(
        ROOT / "data" / "reference" / "census_bj_sh_districts_2010_2020.csv",
        areas=ROOT / "data" / "reference" / "bj_sh_district_areas.csv",
    )
    beijing = districts[districts["city"] == "Beijing"]
    root = tmp_path / "beijing"
    init_workspace(root, city={"zh": "北京", "en": "Beijing"}, timezone="Asia/Shanghai")
    beijing[["unit_id", "unit_name", "zone", "year", "population", "area_km2"]].to_csv(
        root / "raw" / "units.csv", index=False
    )
    boundary = shared_data / "boundaries" / "beijing_110000_districts_fc.geojson"
    (root / "city.yml").write_text(
        f"city: {{zh: 北京, en: Beijing}}\ntimezone: Asia/Shanghai\nboundaries: {{file: {boundary}, name: name, id: adcode}}\n"  # noqa: E501  (one record, as the file holds it)
        "grid: {cell_size: 5000}\nsources:\n  population_units: {file: raw/units.csv}\n",
        encoding="utf-8",
    )
    result = ingest(root / "city.yml")
    units = pd.read_parquet(root / "data" / "population_units.parquet")
    assert units["lon"].notna().all() and result.record["unit_centres"] == {"source": "boundaries", "n_rows_placed": 32}
    stated = {
        str(f["properties"]["adcode"]): f["properties"]["centroid"]
        for f in _json.loads(boundary.read_text(encoding="utf-8"))["features"]
    }
    for row in units.drop_duplicates("unit_id").itertuples():
        lon, lat = stated[row.unit_id]
        km = np.hypot((row.lon - lon) * 111.32 * np.cos(np.radians(lat)), (row.lat - lat) * 110.57)
        assert km < 2.0, (row.unit_name, km)
