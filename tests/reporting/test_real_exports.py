"""Reports on real exports and on thin data: every run gives a report, and each part the data cannot
support is left out with its reason (issue 15, item 5).

The real files are the Los Angeles and San Francisco 311 exports of ``../shared/data`` dropped into a
data folder as ``cases.csv``, with no grid, no CRS and no Demo City manifest. The thin tables are
synthetic, each lacking one thing a real export may lack.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from governance_analytics.io import read_cases
from governance_analytics.periods import parse_period
from governance_analytics.privacy import DisclosureWarning
from governance_analytics.report_settings import ReportConfig
from governance_analytics.reporting import build_report, i18n
from governance_analytics.reporting.builder import assemble, report_context
from governance_analytics.specs import HotspotSpec, StudySpecs

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("test_real_exports")

LA = "cases/la_myla311_2017/MyLA311_Service_Request_Data_2017_Subset.csv"
SF = "cases/sf311_sample_2008_2016/sf311_sample_10000.csv"


def _data(tmp_path: Path, source) -> Path:
    """A data folder holding ``source`` (a file or a frame) as ``cases.csv`` and nothing else."""
    folder = tmp_path / "data"
    folder.mkdir(parents=True)
    if isinstance(source, pd.DataFrame):
        source.to_csv(folder / "cases.csv", index=False)
    else:
        shutil.copy(source, folder / "cases.csv")
    return folder


def _document(folder, period: str, studies: StudySpecs | None = None, **settings):
    ctx, _ = report_context(
        folder, period=parse_period(period), settings=ReportConfig(lang="en", **settings), studies=studies
    )
    return ctx, assemble(ctx, {}, sections=settings.get("sections"))


def _section(doc, key):
    return next(s for s in doc.sections if s.key == key)


def _synthetic(
    *, n=3000, departments=("A", "B", "C"), channels=("app", "phone"), seed=0, start="2024-01-01", days=730
) -> pd.DataFrame:
    """Two years (``days``) of cases around one point, three classes; columns as a US 311 export has them."""
    rng = np.random.default_rng(seed)
    created = (pd.Timestamp(start) + pd.to_timedelta(rng.uniform(0, days, n), unit="D")).round("s")
    frame = pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(n)],
            "category": rng.choice(["roads", "litter", "noise"], n),
            "created_at": created,
            "closed_at": (created + pd.to_timedelta(rng.exponential(48, n), unit="h")).round("s"),
            "lon": -87.7 + rng.normal(0, 0.03, n),
            "lat": 41.85 + rng.normal(0, 0.03, n),
        }
    )
    if departments:
        frame["department"] = rng.choice(departments, n)
    if channels:
        frame["channel"] = rng.choice(channels, n)
    return frame


# ----------------------------------------------------------------------------------- real exports
@pytest.fixture(scope="module")
def la(shared_data, tmp_path_factory):
    """The LA export's December 2017 report, built whole by the CLI's function."""
    tmp = tmp_path_factory.mktemp("la")
    folder = _data(tmp, shared_data / LA)
    return build_report(folder, period="2017-12", out=tmp / "reports", lang="en"), shared_data / LA


def test_la_export_gives_a_report_with_its_own_grid_and_crs(la):
    out, path = la
    doc = out.document
    assert [s.key for s in doc.sections] == ["overview", "hotspots", "handling"]
    assert out.html.exists() and out.pdf.exists() and out.xlsx.exists()
    raw = read_cases(path)
    assert raw.format == "la311" and raw.crs == "EPSG:32611"  # UTM 11N, from the data
    cells = out.inputs["grid_cells"].data
    located = raw.cases[raw.cases["spatial_ok"]]
    assert cells["cell_id"].str.fullmatch(r"R\d{5}C\d{5}").all()
    assert (
        len(cells)
        == located.assign(r=located["y"] // 100, c=located["x"] // 100)[["r", "c"]].drop_duplicates().shape[0]
    )


def test_la_report_states_every_cleaning_rule_with_its_count(la):
    out, path = la
    raw = read_cases(path)
    counts = raw.rule_counts().set_index("rule")["n"]
    assert counts.to_dict() == {"no_coordinates": 1753, "closed_before": 12}
    quality = next(t for t in _section(out.document, "overview").tables if t.key == "quality").frame
    shown = dict(zip(quality["Problem"], quality["Cases"]))
    assert shown == {i18n.text("rule_no_coordinates", "en"): 1753, i18n.text("rule_closed_before", "en"): 12}
    assert (
        "a 100 m grid was drawn over the cases' robust extent"
        in next(t for t in _section(out.document, "overview").tables if t.key == "quality").note
    )


def test_la_handling_leaves_out_what_needs_due_times(la):
    handling = _section(la[0].document, "handling")
    assert i18n.text("omit_no_due", "en") in handling.omitted
    assert not [f for f in handling.findings if "on-time" in f.lower()]
    assert {t.key for t in handling.tables} >= {"kpis", "ranking", "compliance"}
    overview = _section(la[0].document, "overview")
    assert overview.omitted == [] and "The largest class in 2017-12 was “Bulky Items”" in " ".join(overview.findings)


def test_sf_multi_year_export_has_hot_spots_and_a_comparison(shared_data, tmp_path):
    """With city.yml's band_m: auto, each class at the scale the data show, and the report says why."""
    ctx, doc = _document(_data(tmp_path, shared_data / SF), "2015-Q4", StudySpecs(hotspots=HotspotSpec(band_m="auto")))
    assert ctx.inputs["cases"].format == "sf311" and ctx.inputs["cases"].n_accepted == 9871
    assert doc.summary and "2015-Q3" in doc.summary[0]  # compared with the previous quarter
    hot = _section(doc, "hotspots")
    assert any("fewer than 30 cases on the grid" in o for o in hot.omitted)  # the small classes, named
    assert {t.key for t in hot.tables} == {"hot_spots", "scales", "emerging"}
    scales = next(t for t in hot.tables if t.key == "scales").frame
    assert len(scales) == len(next(t for t in hot.tables if t.key == "hot_spots").frame)  # a band per class …
    assert scales["Chosen by"].str.startswith(("the first peak", "no peak: the average distance")).all()  # … and why
    assert (scales["Distance band (m)"] < 2500).all()  # never the largest band tried


# ----------------------------------------------------------------------------------- thin data
@pytest.mark.parametrize(
    "case, edit, expected",
    [
        ("one department", dict(departments=("A",)), {"handling": ["omit_ranking", "omit_scores", "omit_no_due"]}),
        (
            "no department",
            dict(departments=()),
            {"handling": ["omit_departments", "omit_ranking", "omit_scores", "omit_no_due"]},
        ),
        ("no channel", dict(channels=()), {"overview": ["omit_channels"]}),
    ],
)
def test_thin_case_tables_leave_out_parts_with_reasons(tmp_path, case, edit, expected):
    ctx, doc = _document(_data(tmp_path, _synthetic(**edit)), "2025-Q4")
    assert [s.key for s in doc.sections] == ["overview", "hotspots", "handling"], case
    for key, reasons in expected.items():
        assert sorted(_section(doc, key).omitted) == sorted(i18n.text(r, "en", n=10) for r in reasons), case


def test_without_coordinates_hot_spots_are_skipped_with_the_reason(tmp_path):
    _, doc = _document(_data(tmp_path, _synthetic().drop(columns=["lon", "lat"])), "2025-Q4")
    assert [s.key for s in doc.sections] == ["overview", "handling"]
    assert any(i18n.text("no_grid", "en") in s for s in doc.skipped)
    assert i18n.text("omit_density", "en") in _section(doc, "overview").omitted


def test_sparse_cases_skip_hot_spots_with_the_reason(tmp_path):
    with warnings.catch_warnings():
        # eight cases in the quarter: every count small, and every one protected (no declared total that
        # the report does not publish; no density map of small counts alone)
        warnings.simplefilter("error", DisclosureWarning)
        _, doc = _document(_data(tmp_path, _synthetic(n=60)), "2025-Q4")
    assert any(i18n.text("no_class_for_hot_spots", "en", n=30, period="2025-Q4") in s for s in doc.skipped)
    overview = _section(doc, "overview")
    assert i18n.text("omit_density_few", "en", n=10) in overview.omitted
    assert "density" not in [f.key for f in overview.figures]


def test_emerging_hot_spots_need_ten_time_steps(tmp_path):
    _, doc = _document(_data(tmp_path, _synthetic()), "2025-Q4")
    hot = _section(doc, "hotspots")
    assert i18n.text("omit_emerging_steps", "en", n=10, k=8) in hot.omitted  # 8 quarters < ArcGIS's 10 steps
    assert {t.key for t in hot.tables} == {"hot_spots", "scales"}


def test_a_class_without_cases_in_the_period_is_left_out_not_fatal(tmp_path):
    frame = _synthetic()
    frame = frame[~((frame["category"] == "noise") & (frame["created_at"] >= "2025-10-01"))]
    _, doc = _document(_data(tmp_path, frame), "2025-Q4")
    hot = _section(doc, "hotspots")
    table = next(t for t in hot.tables if t.key == "hot_spots").frame
    assert "noise" not in set(table.iloc[:, 0]) and {"roads", "litter"} <= set(table.iloc[:, 0])


def test_missing_groups_are_their_own_row_so_tables_add_up(tmp_path):
    frame = _synthetic()
    frame.loc[::7, "department"] = None
    frame.loc[::5, "channel"] = None
    ctx, doc = _document(_data(tmp_path, frame), "2025-Q4")
    kpis = next(t for t in _section(doc, "handling").tables if t.key == "kpis").frame
    assert "unspecified" in set(kpis.iloc[:, 0])
    channels = next(t for t in _section(doc, "overview").tables if t.key == "channels").frame
    assert "unspecified" in set(channels.iloc[:, 0])


def test_emerging_hot_spots_skip_thin_classes_and_a_first_quarter_with_the_reason(tmp_path):
    frame = _synthetic(n=3600, start="2022-01-01", days=1095)  # twelve quarters to 2024-Q4
    folder = _data(tmp_path, frame)
    in_quarter = frame[frame["created_at"] >= "2024-10-01"]
    by_size = ", ".join(in_quarter["category"].value_counts().index)  # the classes, most cases first
    _, doc = _document(folder, "2024-Q4", sections=("hotspots",))
    hot = _section(doc, "hotspots")
    # analysed (no reason to leave it out), and with cases scattered at random nothing emerges: said so,
    # with no empty table or map
    assert not any("per time step" in r for r in hot.omitted)
    assert i18n.text("emerging_none", "en", classes=by_size) in hot.findings
    assert {t.key for t in hot.tables} == {"hot_spots", "scales"} and [f.key for f in hot.figures] == ["hot_spots"]
    thin = StudySpecs(hotspots=HotspotSpec(min_cases_per_step=200))  # about 100 a class a quarter
    _, doc = _document(folder, "2024-Q4", thin, sections=("hotspots",))
    hot = _section(doc, "hotspots")
    assert {t.key for t in hot.tables} == {"hot_spots", "scales"}
    assert i18n.text("omit_emerging_thin", "en", classes=by_size, n=200) in hot.omitted
    with warnings.catch_warnings():
        # every small count of the first quarter protected: the review's totals, not stated with fewer
        # than ten files flagged, are not declared public (they were, and made a flagged count of 1
        # unprotectable)
        warnings.simplefilter("error", DisclosureWarning)
        _, doc = _document(folder, "2022-Q1", sections=("hotspots", "handling"))  # the first quarter
    assert i18n.text("emerging_no_history", "en", period="2022-Q1") in _section(doc, "hotspots").findings
    reviewed = next(t for t in _section(doc, "handling").tables if t.key == "compliance").frame
    first = frame[frame["created_at"] < "2022-04-01"]
    assert reviewed.iloc[:, 1].tolist() == first["department"].value_counts().sort_index().tolist()


def test_a_long_list_of_left_out_classes_names_five_and_counts_the_rest():
    from governance_analytics.reporting.sections.hotspots import _names

    classes = [f"class {i}" for i in range(8)]
    assert _names(classes[:5], "en") == "class 0, class 1, class 2, class 3, class 4"
    assert _names(classes[:6], "en") == "class 0, class 1, class 2, class 3, class 4 and 1 more"
    assert _names(classes, "zh") == "class 0、class 1、class 2、class 3、class 4 等 8 类"


def test_an_export_without_due_times_shows_no_due_based_kpi_column(la):
    """LA's export records no due time: no case comes due, so 'Closed' would read 0 beside thousands of
    closed cases. The due-based columns are left out, and the note says why."""
    out, _ = la
    kpis = next(t for t in _section(out.document, "handling").tables if t.key == "kpis")
    assert not {"Due", "Closed", "Closed on time", "Closure rate", "On-time closure rate"} & set(kpis.frame.columns)
    assert {"Reported", "Filed", "Open", "Filing rate"} <= set(kpis.frame.columns)
    assert kpis.note.startswith(i18n.text("note_kpis_no_due", "en"))


def test_without_records_in_the_comparison_period_the_tables_state_no_change(shared_data, tmp_path):
    """NYC's 2011 export against 2010, which its records do not cover: the class and channel tables
    show the year's counts and shares only — no change of +274 "significant at p < 0.001" against a
    period with no records — and the finding says why."""
    ctx, _ = report_context(
        _data(tmp_path, shared_data / "cases" / "nyc311_2011_subset_micro.csv"),
        period=parse_period("2011"),
        settings=ReportConfig(lang="en"),
    )
    overview = _section(assemble(ctx, {}, sections=["overview"]), "overview")
    for key in ("classes", "channels"):
        table = next(t for t in overview.tables if t.key == key).frame
        assert list(table.columns[1:]) == ["Cases", "Share"], key
        assert table.iloc[-1]["Cases"] == 2000  # the total row
    assert overview.findings[0].startswith("2,000 cases were reported in 2011; the comparison period 2010 has no")
