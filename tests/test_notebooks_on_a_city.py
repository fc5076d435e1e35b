"""Notebooks 01 and 01b on a real city's workspace (the SF311 sample, ingested), with the same numbers as
the report's hot-spot and KPI tables for the same city and period: one computation for notebook and report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from governance_analytics.periods import parse_period
from governance_analytics.reporting.builder import assemble, report_context
from governance_analytics.reporting.config import ReportConfig

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PERIOD = "2015-Q4"


def _frame_text(text: str, n_numbers: int) -> pd.DataFrame:
    """A DataFrame's printed form back as a frame: the last ``n_numbers`` fields of each row are
    numbers, the rest of the row is its label (labels may hold spaces)."""
    lines = [line for line in text.splitlines() if line.strip()]
    header = lines[0].split()
    rows = {}
    for line in lines[2:]:  # after the header and the index name
        fields = line.split()
        rows[" ".join(fields[:-n_numbers])] = [float(v) for v in fields[-n_numbers:]]
    return pd.DataFrame.from_dict(rows, orient="index", columns=header)


def _on_sf(notebook: str, sf_workspace, tmp_path_factory):
    """``notebook`` executed with ``CITY`` the San Francisco workspace and ``PERIOD``."""
    import papermill as pm

    root, _ = sf_workspace
    out = tmp_path_factory.mktemp("nb") / notebook
    return pm.execute_notebook(str(NOTEBOOKS / notebook), str(out), kernel_name="governance-analytics",
                               parameters={"CITY": str(root / "city.yml"), "PERIOD": PERIOD}, cwd=str(NOTEBOOKS),
                               progress_bar=False)


@pytest.fixture(scope="module")
def executed(sf_workspace, tmp_path_factory):
    return _on_sf("01_case_hotspots.ipynb", sf_workspace, tmp_path_factory)


def test_notebook_01_runs_on_a_real_workspace_and_equals_the_report(executed, sf_workspace):
    cell = next(c for c in executed.cells if "study-summary" in c.metadata.get("tags", []))
    notebook = _frame_text(cell.outputs[0]["data"]["text/plain"], 5)
    root, _ = sf_workspace
    ctx, _ = report_context(root / "data", period=parse_period(PERIOD), settings=ReportConfig(lang="en"))
    doc = assemble(ctx, {}, sections=["hotspots"])
    table = next(t for t in doc.sections[0].tables if t.key == "hot_spots").frame.set_index("Class")
    assert len(table) == len(notebook) >= 5 and set(table.index) == set(notebook.index)
    for name, row in table.iterrows():  # every published count is the notebook's
        assert row["Hot-spot cells"] == notebook.loc[name, "n_hot_cells"], name
        if isinstance(row["Cases"], (int, float)):
            assert row["Cases"] == notebook.loc[name, "n_cases"], name
    assert notebook["n_hot_cells"].sum() > 0


def test_notebook_01_says_when_the_demo_truth_is_not_there(executed):
    text = "\n".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    assert "San Francisco: " in text and "period 2015-Q4" in text
    assert "planted" not in text  # the Demo City's checks are skipped on a real city


@pytest.fixture(scope="module")
def executed_handling(sf_workspace, tmp_path_factory):
    return _on_sf("01b_case_handling.ipynb", sf_workspace, tmp_path_factory)


def test_notebook_01b_runs_on_a_real_workspace_and_equals_the_report(executed_handling, sf_workspace):
    cell = next(c for c in executed_handling.cells if "kpi-counts" in c.metadata.get("tags", []))
    notebook = _frame_text(cell.outputs[0]["text"], 6)
    root, _ = sf_workspace
    ctx, _ = report_context(root / "data", period=parse_period(PERIOD), settings=ReportConfig(lang="en"))
    doc = assemble(ctx, {}, sections=["handling"])
    table = next(t for t in doc.sections[0].tables if t.key == "kpis").frame
    table = table.set_index(table.columns[0])  # the department's column
    published = {"Reported": "n_reported", "Filed": "n_filed", "Open": "n_open"}
    compared = 0
    for name, row in table.iterrows():
        key = "all" if name == "All" else name
        for column, field in published.items():
            if isinstance(row[column], (int, float)) and not pd.isna(row[column]):  # small counts are withheld
                assert row[column] == notebook.loc[key, field], (name, column)
                compared += 1
    assert compared >= 10 and notebook.loc["all", "n_reported"] > 100


def test_notebook_01b_leaves_out_what_a_311_export_cannot_support(executed_handling):
    text = "\n".join(o.get("text", "") for c in executed_handling.cells if c.cell_type == "code" for o in c.outputs)
    assert "San Francisco: " in text and "left out — on_time: the data carry no due times" in text
    assert "planted" not in text


@pytest.fixture(scope="module")
def executed_community(sf_workspace, tmp_path_factory):
    return _on_sf("04_community_governance.ipynb", sf_workspace, tmp_path_factory)


def test_notebook_04_reads_the_workspaces_messages_and_skips_what_it_lacks(executed_community):
    text = "\n".join(o.get("text", "") for c in executed_community.cells if c.cell_type == "code" for o in c.outputs)
    assert "San Francisco: community indicators absent: sections 1–6 are skipped; messages present" in text
    assert "San Francisco: label, cross-validated: macro-F1" in text
    assert "planted" not in text


@pytest.fixture(scope="module")
def beijing_workspace(tmp_path_factory):
    """A Beijing workspace whose population table is the 2010 and 2020 district censuses, under the city's own
    Chinese column names, mapped in city.yml; no commuting, no grid, no Demo City file."""
    from governance_analytics.config import init_workspace
    from governance_analytics.io.census import read_district_census
    from governance_analytics.io.ingest import ingest

    reference = Path(__file__).resolve().parents[1] / "data" / "reference"
    districts = read_district_census(reference / "census_bj_sh_districts_2010_2020.csv",
                                     areas=reference / "bj_sh_district_areas.csv")
    beijing = districts[districts["city"] == "Beijing"]
    root = tmp_path_factory.mktemp("bj") / "beijing"
    init_workspace(root, city={"zh": "北京", "en": "Beijing"}, timezone="Asia/Shanghai")
    beijing.rename(columns={"unit_id": "区划代码", "unit_name": "区名", "zone": "圈层", "year": "普查年份",
                            "population": "常住人口", "area_km2": "面积"})[
        ["区划代码", "区名", "圈层", "普查年份", "常住人口", "面积"]].to_csv(root / "raw" / "人口.csv", index=False)
    (root / "city.yml").write_text(
        "city: {zh: 北京, en: Beijing}\ntimezone: Asia/Shanghai\nsources:\n  population_units:\n    file: raw/人口.csv\n"
        "    columns: {unit_id: 区划代码, unit_name: 区名, zone: 圈层, year: 普查年份, population: 常住人口, area_km2: 面积}\n",
        encoding="utf-8")
    ingest(root / "city.yml")
    return root, beijing


def test_notebook_02_runs_on_a_workspace_of_census_districts(beijing_workspace, tmp_path_factory):
    import papermill as pm

    from governance_analytics.population.pressure import dispersal_index

    root, beijing = beijing_workspace
    out = tmp_path_factory.mktemp("nb") / "02.ipynb"
    executed = pm.execute_notebook(str(NOTEBOOKS / "02_satellite_city_pressure.ipynb"), str(out),
                                   kernel_name="governance-analytics", parameters={"CITY": str(root / "city.yml")},
                                   cwd=str(NOTEBOOKS), progress_bar=False)
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                     for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    assert "Beijing: population units present, commuting absent, population grid absent" in text
    assert "satellite types need commuting flows" in text and "the Degree of Urbanisation needs a population grid" in text
    d = dispersal_index(beijing, start=2010, end=2020)  # the notebook's Part 4 on the workspace = the function on the census
    assert f"{d.index:+.3f}" in text and f"{d.core_share_end:.1%}" in text
    assert "In Beijing" not in text  # the scenario's conclusion needs commuting
