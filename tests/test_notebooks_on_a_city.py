"""Notebooks 01–04 on real cities' workspaces, not the Demo City: 01, 01b and 04 on the SF311 sample (ingested),
with the same numbers as the report's hot-spot and KPI tables for the same city and period; 02 on Beijing's
district censuses; 03 on R survey's California schools sample under its own questionnaire."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from governance_analytics.periods import parse_period
from governance_analytics.report_settings import ReportConfig
from governance_analytics.reporting.builder import assemble, report_context

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("test_notebooks_on_a_city")

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


def _run(notebook: str, city, tmp_path_factory, **parameters):
    """``notebook`` executed with ``CITY`` the workspace ``city`` (and further parameters)."""
    import papermill as pm

    out = tmp_path_factory.mktemp("nb") / notebook
    return pm.execute_notebook(
        str(NOTEBOOKS / notebook),
        str(out),
        kernel_name="governance-analytics",
        parameters={"CITY": str(city / "city.yml"), **parameters},
        cwd=str(NOTEBOOKS),
        progress_bar=False,
    )


def _printed(executed) -> str:
    """Everything the executed notebook's code cells printed or showed as text."""
    return "\n".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "")
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
    )


def _on_sf(notebook: str, sf_workspace, tmp_path_factory):
    """``notebook`` executed with ``CITY`` the San Francisco workspace and ``PERIOD``."""
    return _run(notebook, sf_workspace[0], tmp_path_factory, PERIOD=PERIOD)


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
    text = _printed(executed)
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
    text = _printed(executed_handling)
    assert "San Francisco: " in text and "left out — on_time: the data carry no due times" in text
    assert "planted" not in text


@pytest.fixture(scope="module")
def executed_community(sf_workspace, tmp_path_factory):
    return _on_sf("04_community_governance.ipynb", sf_workspace, tmp_path_factory)


def test_notebook_04_reads_the_workspaces_messages_and_skips_what_it_lacks(executed_community):
    text = _printed(executed_community)
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
    districts = read_district_census(
        reference / "census_bj_sh_districts_2010_2020.csv", areas=reference / "bj_sh_district_areas.csv"
    )
    beijing = districts[districts["city"] == "Beijing"]
    root = tmp_path_factory.mktemp("bj") / "beijing"
    init_workspace(root, city={"zh": "北京", "en": "Beijing"}, timezone="Asia/Shanghai")
    beijing.rename(
        columns={
            "unit_id": "区划代码",
            "unit_name": "区名",
            "zone": "圈层",
            "year": "普查年份",
            "population": "常住人口",
            "area_km2": "面积",
        }
    )[["区划代码", "区名", "圈层", "普查年份", "常住人口", "面积"]].to_csv(root / "raw" / "人口.csv", index=False)
    (root / "city.yml").write_text(
        "city: {zh: 北京, en: Beijing}\ntimezone: Asia/Shanghai\nsources:\n  population_units:\n    file: raw/人口.csv\n"  # noqa: E501
        "    columns: {unit_id: 区划代码, unit_name: 区名, zone: 圈层, year: 普查年份, population: 常住人口, area_km2: 面积}\n",  # noqa: E501
        encoding="utf-8",
    )
    ingest(root / "city.yml")
    return root, beijing


def test_notebook_02_runs_on_a_workspace_of_census_districts(beijing_workspace, tmp_path_factory):
    from governance_analytics.population.pressure import dispersal_index

    root, beijing = beijing_workspace
    # Parts 1–3 read the shared national and Hong Kong tables whatever CITY is: left out here (nbmake runs them)
    text = _printed(_run("02_satellite_city_pressure.ipynb", root, tmp_path_factory, SHARED_DATA="/nonexistent"))
    assert "Beijing: population units present, commuting absent, population grid absent" in text
    assert (
        "satellite types need commuting flows" in text and "the Degree of Urbanisation needs a population grid" in text
    )
    d = dispersal_index(
        beijing, start=2010, end=2020
    )  # the notebook's Part 4 on the workspace = the function on the census
    assert f"{d.index:+.3f}" in text and f"{d.core_share_end:.1%}" in text
    ctx, _ = report_context(root / "data", period=parse_period("2020"), settings=ReportConfig(lang="en"))
    zones = next(t for t in assemble(ctx, {}, sections=["population"]).sections[0].tables if t.key == "zones").frame
    core = zones.set_index(zones.columns[0]).loc["core districts"]
    assert core["Share, end"] == f"{d.core_share_end:.1%}"  # the report's core share is the notebook's
    assert "In Beijing" not in text  # the scenario's conclusion needs commuting


API_CHANNELS = {
    "sch.wide": ["达到全校目标", "met the school-wide target"],
    "comp.imp": ["达到分组目标", "met the subgroup targets"],
    "both": ["两项均达到", "met both"],
    "awards": ["获奖", "eligible for awards"],
}


@pytest.fixture(scope="module")
def api_workspace(shared_data, tmp_path_factory):
    """A workspace whose survey is R survey's stratified sample of California schools (apistrat): its
    own column names mapped to the design columns, Yes/No answers mapped to 1/0, four 'channels', its own
    ladder and groups in city.yml — a questionnaire that is not the Demo City's."""
    from governance_analytics.config import init_workspace
    from governance_analytics.io.ingest import ingest

    root = tmp_path_factory.mktemp("api") / "api"
    init_workspace(root, city={"zh": "加州学校", "en": "California schools"}, timezone="America/Los_Angeles")
    (root / "raw" / "apistrat.csv").write_bytes((shared_data / "survey" / "apistrat.csv").read_bytes())
    yes_no = "{Yes: 1, No: 0}"
    channels = ", ".join(f"{k}: [{zh}, {en}]" for k, (zh, en) in API_CHANNELS.items())
    (root / "city.yml").write_text(
        "city: {zh: 加州学校, en: California schools}\ntimezone: America/Los_Angeles\n"
        "sources:\n  survey:\n    file: raw/apistrat.csv\n"
        "    columns: {respondent_id: cds, stratum: stype, psu: cds, weight: pw, fpc: fpc, district: dname, community_id: cds}\n"  # noqa: E501
        f"    values: {{sch.wide: {yes_no}, comp.imp: {yes_no}, both: {yes_no}, awards: {yes_no}}}\n"
        f"studies:\n  participation:\n    channels: {{{channels}}}\n"
        "    ladder: {sch.wide: informing, comp.imp: consultation, both: placation, awards: partnership}\n"
        "    groups: [stratum]\n    covariates: [meals, stratum]\n",
        encoding="utf-8",
    )
    ingest(root / "city.yml")
    return root


def _api_design(shared_data):
    from governance_analytics.participation import SurveyDesign

    raw = pd.read_csv(shared_data / "survey" / "apistrat.csv", na_values=["NA"])
    answers = raw.assign(**{c: (raw[c] == "Yes").astype(float) for c in API_CHANNELS})
    return SurveyDesign(answers, weight="pw", strata="stype", fpc="fpc")


def test_notebook_03_runs_on_a_survey_with_its_own_questionnaire(api_workspace, shared_data, tmp_path_factory):
    text = _printed(_run("03_participation_rates.ipynb", api_workspace, tmp_path_factory))
    assert "California schools: 200 respondents; channels ['sch.wide', 'comp.imp', 'both', 'awards']" in text
    design = _api_design(shared_data)
    for channel in API_CHANNELS:  # the notebook's rates are the design-based means of the raw answers
        assert f"{design.mean(channel).loc[channel, 'estimate']:.4f}" in text, channel
    assert "committee_members table: the committee check is skipped" in text and "planted" not in text


def test_the_reports_participation_section_uses_the_citys_questionnaire(api_workspace, shared_data):
    from governance_analytics.config import load_city
    from governance_analytics.participation import SurveyDesign

    city = load_city(api_workspace / "city.yml")
    ctx, _ = report_context(
        api_workspace / "data", period=parse_period("2025-Q1"), settings=ReportConfig(lang="en"), studies=city.studies
    )
    section = assemble(ctx, {}, sections=["participation"]).sections[0]
    rates = next(t for t in section.tables if t.key == "channels").frame.set_index("Channel")
    design = _api_design(shared_data)  # the notebook's rates are these too (test above)
    for channel, (_, label) in API_CHANNELS.items():
        assert rates.loc[label, "Estimate"] == f"{100 * design.mean(channel).loc[channel, 'estimate']:.1f}%", channel
    indicators = next(t for t in section.tables if t.key == "indicators").frame.set_index("Indicator")
    raw = pd.read_csv(shared_data / "survey" / "apistrat.csv", na_values=["NA"])
    any_channel = (
        SurveyDesign(
            raw.assign(any=raw[list(API_CHANNELS)].eq("Yes").any(axis=1).astype(float)),
            weight="pw",
            strata="stype",
            fpc="fpc",
        )
        .mean("any")
        .loc["any", "estimate"]
    )
    assert indicators.loc["took part in any channel", "Estimate"] == f"{100 * any_channel:.1f}%"
    assert not section.omitted


@pytest.fixture(scope="module")
def own_indicators_workspace(demo_dir, tmp_path_factory):
    """A workspace whose community indicators carry the city's own names (指标01 …), scored on its own
    indicator list in city.yml — the Demo City's data under other names, so the answer is known."""
    from governance_analytics.community.framework import default_framework
    from governance_analytics.config import init_workspace
    from governance_analytics.io.ingest import ingest

    framework = default_framework()
    names = {old: f"指标{i:02d}" for i, old in enumerate(framework.indicators.index, start=1)}
    root = tmp_path_factory.mktemp("own") / "own"
    init_workspace(root, city={"zh": "某市", "en": "Some City"}, timezone="Asia/Shanghai")
    pd.read_csv(demo_dir / "community_indicators.csv", dtype={"community_id": str}).rename(columns=names).to_csv(
        root / "raw" / "indicators.csv", index=False
    )
    (root / "raw" / "communities.csv").write_bytes((demo_dir / "communities.csv").read_bytes())
    own = framework.indicators.rename(index=names).reset_index()[
        ["indicator", "dimension", "direction", "weight", "label_zh", "label_en"]
    ]
    own.to_csv(root / "raw" / "indicator_list.csv", index=False)
    (root / "city.yml").write_text(
        "city: {zh: 某市, en: Some City}\ntimezone: Asia/Shanghai\nsources:\n"
        "  community_indicators: {file: raw/indicators.csv}\n  communities: {file: raw/communities.csv}\n"
        "studies:\n  community: {framework: raw/indicator_list.csv, reference_year: 2023}\n",
        encoding="utf-8",
    )
    ingest(root / "city.yml")
    return root


def _demo_dominant(demo_city, year: int) -> pd.Series:
    """The Demo City's dominant problems in ``year``, on the default framework (the package, directly)."""
    from governance_analytics.community import CompositeIndex, default_framework, dominant_problem

    indicators = demo_city.tables["community_indicators"]
    model = CompositeIndex(default_framework()).fit(indicators[indicators["year"] == 2023])
    scores = model.transform(indicators[indicators["year"] == year]).droplevel("year")
    reference = model.transform(indicators[indicators["year"] == 2023]).droplevel("year")
    dims = list(default_framework().dimensions.index)
    return dominant_problem(scores[dims], reference=reference[dims])["dominant_problem"]


def test_notebook_04_and_the_report_score_a_citys_own_indicator_list(
    own_indicators_workspace, demo_city, tmp_path_factory
):
    """Renamed indicators on the city's own list give the Demo City's dominant problems, in the notebook and
    in the report alike."""
    from governance_analytics.community.framework import PROBLEMS

    expected = _demo_dominant(demo_city, 2025)
    text = _printed(
        _run("04_community_governance.ipynb", own_indicators_workspace, tmp_path_factory, N_DRAWS=20, N_SOBOL=8)
    )  # few rank-interval draws: the dominant problems do not use them
    assert "indicator list: " in text and "indicator_list.csv" in text and "planted" not in text
    assert f"2025: {int(expected.notna().sum())} of {len(expected)} communities have a dominant problem" in text
    ctx, _ = report_context(
        own_indicators_workspace / "data",
        period=parse_period("2025-Q4"),
        settings=ReportConfig(lang="en"),
        studies=_studies(own_indicators_workspace),
    )
    section = assemble(ctx, {}, sections=["community"]).sections[0]
    table = next(t for t in section.tables if t.key == "dominant").frame
    counts = table.set_index(table.columns[0]).iloc[:, 0]
    assert {PROBLEMS[p][1]: n for p, n in expected.value_counts().items()} == counts.to_dict()


def _studies(root):
    from governance_analytics.config import load_city

    return load_city(root / "city.yml").studies
