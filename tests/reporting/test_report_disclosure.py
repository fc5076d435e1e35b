"""Disclosure control of the report's own tables on the Demo City: the density map's blocks, an audit
of the published tables (with the links between them) at two thresholds, and findings that state no
figure a table withholds."""

import re
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from governance_analytics.privacy import (
    WITHHELD,
    Constraint,
    DisclosureWarning,
    audit,
    column_totals,
    is_small,
    known_total,
    row_totals,
    suppress_tables,
)
from governance_analytics.reporting import i18n
from tests.readers import marker_bounds

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("test_disclosure")


def test_density_blocks_get_a_complementary_blank():
    from governance_analytics.reporting.sections.overview import _map_publication

    def withheld(blocks):
        return suppress_tables([_map_publication(blocks)], threshold=10)["density"].hidden["n"].tolist()

    blocks = pd.DataFrame({"row": [0, 0, 1, 1, 2], "col": [0, 1, 0, 1, 0], "n": [4, 0, 15, 12, 200]})
    # the blocks add up to the period total: a lone blank 4 would be the total minus the rest
    assert withheld(blocks) == [True, False, False, True, False]
    assert withheld(blocks.assign(n=[4, 0, 6, 12, 200])) == [True, False, True, False, False]  # 4 + 6 hide each other


# --- audit of the report's own tables --------------------------------------------------------------

PERIOD = "2025-Q4"


#: Modules that publish tables, and the section each builds.
PUBLISHERS = {
    "governance_analytics.reporting.sections.overview": "overview",
    "governance_analytics.reporting.sections.handling": "handling",
    "governance_analytics.reporting.display": "handling",
}  # display_table: the scores table


#: Builds by threshold: the module fixture below is parametrised, and pytest may set a parameter up
#: again after the other's tests; a build is made once.
_BUILDS: dict[int, tuple] = {}


@pytest.fixture(scope="module", params=[10, 700], ids=["threshold10", "threshold700"])
def built(request, demo_dir):
    """The overview, hot-spot and handling sections at ``threshold``, and every table they published:
    (section, the frame as declared, its derived columns, the suppressed table)."""
    if request.param not in _BUILDS:
        _BUILDS[request.param] = _build(request.param, demo_dir)
    return _BUILDS[request.param]


#: The tables the parts declare to the ledger, and the section each belongs to (the density map's
#: blocks are cells of a map, not rows a finding names).
LEDGER_TABLES = {
    "classes": "overview",
    "channels": "overview",
    "hot_spots": "hotspots",
    "kpis": "handling",
    "ranking": "handling",
    "compliance": "handling",
}


def _build(threshold: int, demo_dir):
    import importlib

    from governance_analytics.periods import parse_period
    from governance_analytics.report_settings import ReportConfig
    from governance_analytics.reporting import builder, display
    from governance_analytics.specs import HotspotSpec, StudySpecs

    published = []  # (section, the frame as declared, its derived columns, the suppressed table)

    def recording(section):
        def publish(frame, **options):
            result = display_publish(frame, **options)
            rates = [*options.get("percent", ()), *options.get("derived", ())]
            published.append((section, frame, rates, result.suppressed))
            return result

        return publish

    def ledger(publications, relations=(), *, threshold):
        result = settle(publications, relations, threshold=threshold)
        published.extend(
            (LEDGER_TABLES[p.key], p.frame, list(p.derived), result[p.key])
            for p in publications
            if p.key in LEDGER_TABLES
        )
        return result

    display_publish, settle = display.publish_table, builder.suppress_tables
    with warnings.catch_warnings(), pytest.MonkeyPatch.context() as patch:
        warnings.simplefilter("error", DisclosureWarning)  # every relation could be protected
        for module, section in PUBLISHERS.items():
            patch.setattr(importlib.import_module(module), "publish_table", recording(section))
        patch.setattr(builder, "suppress_tables", ledger)
        # disclosure does not hang on the precision of the hot spots' pseudo p-values: fewer permutations
        fewer = StudySpecs(hotspots=HotspotSpec(permutations=999, emerging_permutations=4999))
        # the document as the report builds it, not written out (the tests read its tables)
        settings = ReportConfig(threshold=threshold, sections=("overview", "hotspots", "handling"))
        ctx, _ = builder.report_context(demo_dir, period=parse_period(PERIOD), settings=settings, studies=fewer)
        report = SimpleNamespace(document=builder.assemble(ctx, {}, sections=settings.sections))
    assert {p[0] for p in published} == {"overview", "hotspots", "handling"}  # the recording saw them all
    return report, threshold, published


def _frame(report, section: str, key: str, rows: list[str]) -> pd.DataFrame:
    sec = next(s for s in report.document.sections if s.key == section)
    frame = next(t for t in sec.tables if t.key == key).frame
    return frame.assign(**{r: frame[r].fillna("") for r in rows}).set_index(rows)  # a total row spans its labels


def _lifecycle(kpi: pd.DataFrame, label) -> list[Constraint]:
    """What a reader knows from the KPI definitions (cases.lifecycle): each count is the next one
    plus a rest not shown, due = on time + not on time, filed = closed + open + closed without a due
    time, last row = column sums."""
    steps = [
        ("n_reported", "n_filed", "not_filed"),
        ("n_filed", "n_due", "filed_not_due"),
        ("n_due", "n_closed", "due_open"),
        ("n_closed", "n_closed_on_time", "closed_late"),
        ("n_due", "n_closed_on_time", "due_not_on_time"),
    ]
    out = [c for whole, part, rest in steps for c in row_totals(kpi, total=label(whole), parts=[label(part), rest])]
    out += row_totals(kpi, total=label("n_filed"), parts=[label("n_closed"), label("n_open"), "closed_no_due"])
    counts = [label(c) for c in ("n_reported", "n_filed", "n_due", "n_closed", "n_closed_on_time", "n_open")]
    return out + column_totals(
        kpi, columns=counts + [rest for *_, rest in steps] + ["closed_no_due"], total=kpi.index[-1]
    )


def _in(table: str, constraints: list[Constraint]) -> list[Constraint]:
    """``constraints`` with each row label prefixed by ``table`` (several tables in one frame)."""
    return [Constraint(tuple((((table, row), column), a) for (row, column), a in c.terms), c.rhs) for c in constraints]


def _same(a: tuple, b: tuple) -> Constraint:
    """Cell ``a`` equals cell ``b``: the same count published in two tables."""
    return Constraint(((a, 1.0), (b, -1.0)))


def _handling_structure(report, demo_city, label) -> tuple[pd.DataFrame, list[Constraint]]:
    """The KPI, ranking and compliance tables as one published frame, with their relations and the
    links between them (a department's filed and closed cases appear in the KPI and ranking tables,
    its cases reported in the KPI and compliance tables; the finding states all flagged files)."""
    from governance_analytics.cases.review import compliance
    from governance_analytics.periods import parse_period

    department = label("department")
    kpi = _frame(report, "handling", "kpis", [department])
    ranking = _frame(report, "handling", "ranking", [department])
    review = _frame(report, "handling", "compliance", [department])
    tables = pd.concat({"kpis": kpi, "ranking": ranking, "compliance": review})
    constraints = _in("kpis", _lifecycle(kpi, label))
    constraints += _in("ranking", row_totals(ranking, total=label("n_cases_filed"), parts=[label("n_closed"), "open"]))
    constraints += _in(
        "compliance", row_totals(review, total=label("n_files"), parts=[label("n_flagged"), "compliant"])
    )
    for d in ranking.index:
        constraints += [
            _same((("ranking", d), label("n_cases_filed")), (("kpis", d), label("n_filed"))),
            _same((("ranking", d), label("n_closed")), (("kpis", d), label("n_closed"))),
        ]
    constraints += [
        _same((("compliance", d), label("n_files")), (("kpis", d), label("n_reported"))) for d in review.index
    ]
    period = parse_period(PERIOD)
    cases = demo_city.tables["cases"]
    flagged = compliance(cases[period.contains(cases["created_at"])], as_of=period.end - pd.Timedelta(microseconds=1))
    constraints += _in("compliance", [known_total(review, column=label("n_flagged"), value=flagged["n_flagged"].sum())])
    return tables, constraints


def _assert_safe(intervals: pd.DataFrame, tables: pd.DataFrame, threshold: int) -> int:
    """Every withheld cell has an interval of positive width; a rest that is not shown may be pinned
    only when it is not small. Returns the number of withheld cells audited."""
    markers = (f"<{threshold}", WITHHELD)
    shown = np.array(
        [c in tables.columns and tables.at[r, c] in markers for r, c in zip(intervals["row"], intervals["column"])],
        dtype=bool,
    )
    assert intervals.loc[shown, "protected"].all(), intervals[shown & ~intervals["protected"]]
    pinned = intervals[~shown & ~intervals["protected"]]
    assert not ((pinned["low"] >= 0.5) & (pinned["low"] < threshold - 0.5)).any(), pinned
    return int(shown.sum())


def test_every_withheld_cell_of_the_handling_tables_has_a_wide_interval(built, demo_city):
    report, threshold, _ = built
    tables, constraints = _handling_structure(report, demo_city, lambda c: i18n.label(c, report.document.lang))
    withheld = (tables == f"<{threshold}").to_numpy().sum() + (tables == WITHHELD).to_numpy().sum()
    assert withheld > 0  # the Demo City has small backlogs: the audit is not empty
    assert _assert_safe(audit(tables, constraints), tables, threshold) == withheld
    assert (
        _assert_safe(audit(tables, constraints, bounds=marker_bounds(tables, threshold)), tables, threshold) == withheld
    )


def test_every_withheld_cell_of_the_overview_tables_has_a_wide_interval(built, demo_city):
    from governance_analytics.cases import summary
    from governance_analytics.periods import parse_period

    report, threshold, _ = built
    lang = report.document.lang
    label = lambda c: i18n.label(c, lang)  # noqa: E731
    section = next(s for s in report.document.sections if s.key == "overview")
    period = parse_period(PERIOD)
    audited = 0
    for key, rows in (("classes", ["case_type", "category"]), ("channels", ["channel"])):
        table = _frame(report, "overview", key, [label(r) for r in rows])
        last = table.index[-1]
        assert (last[0] if isinstance(last, tuple) else last) == i18n.text("total_row", lang)
        # the total row is the column sum, and its count is the one stated in the first finding
        constraints = column_totals(table, columns=[label("n"), label("n_compare")], total=last)
        audited += _assert_safe(audit(table, constraints), table, threshold)
        _assert_safe(audit(table, constraints, bounds=marker_bounds(table, threshold)), table, threshold)
        counts = summary.period_counts(demo_city.tables["cases"], period, period.previous(), by=rows)
        n_small, n_more = ((table == marker).to_numpy().sum() for marker in (f"<{threshold}", WITHHELD))
        assert n_small == is_small(counts[["n", "n_compare"]], threshold).sum()
        note = next(t for t in section.tables if t.key == key).note
        assert (f"本表有 {n_small} 个小于 {threshold} 的计数已隐去" in note) == (n_small > 0)
        assert (f"另有 {n_more} 个单元格" in note) == (n_more > 0)
        shown = table.iloc[:-1][[label("n"), label("n_compare")]]
        published = shown.map(lambda v: isinstance(v, (int, np.integer))).to_numpy()
        expected = counts[["n", "n_compare"]].to_numpy()
        assert (shown.to_numpy()[published] == expected[published]).all()  # what is shown is the count
        if threshold == 10:  # no class or channel of the Demo City is below 10: every count is shown
            assert published.all() and n_small == n_more == audited == 0
            assert "本表无需隐去任何计数" in note
    if threshold > 10:  # at 700 the smallest classes and channels are withheld, and audited
        assert audited > 0


def test_overview_withholds_a_lone_small_channel_and_states_no_share_of_it():
    """Hotline 200, app 5, total 205 at threshold 10: the channel table withholds both (the total is
    published), so no finding may give the hotline's share — 97.6 % of 205 is 200, and app 5."""
    from governance_analytics.io.conform import ReadResult
    from governance_analytics.periods import parse_period
    from governance_analytics.reporting.builder import build_section
    from governance_analytics.reporting.context import ReportContext

    period = parse_period(PERIOD)
    rows = [
        ("12345热线", "市容环境", "2025-10-15", 200),
        ("市民APP", "街面秩序", "2025-11-15", 5),
        ("12345热线", "市容环境", "2025-07-15", 150),  # the records begin with the comparison period
        ("市民APP", "街面秩序", "2025-07-20", 40),
    ]
    cases = pd.DataFrame(
        [
            {
                "channel": channel,
                "case_type": "事件",
                "category": category,
                "created_at": pd.Timestamp(day),
                "lon": 104.0,
                "lat": 30.6,
                "cell_id": "c1",
            }
            for channel, category, day, n in rows
            for _ in range(n)
        ]
    )
    inputs = {"cases": ReadResult(cases, pd.DataFrame(), len(cases), "test")}
    section = build_section("overview", ReportContext(inputs, period, period.previous(), threshold=10))
    for key in ("channels", "classes"):  # hotline = 市容环境 200, app = 街面秩序 5
        table = next(t for t in section.tables if t.key == key).frame
        assert table.iloc[:2]["本期案件数"].tolist() == [WITHHELD, "<10"] and table.iloc[-1]["本期案件数"] == 205
        constraints = column_totals(table, columns=["本期案件数", "对比期案件数"], total=table.index[-1])
        intervals = audit(table, constraints)
        assert len(intervals) == 2 and intervals["protected"].all()  # 0 … 205 each
        assert audit(table, constraints, bounds=marker_bounds(table, 10))["protected"].all()
    text = " ".join(section.findings + section.summary)
    assert "205" in text  # the period's total is stated …
    assert "最主要的上报渠道" not in text and "案件最多的大类" not in text  # … but no share of a withheld row
    assert "97.6%" not in text and "2.4%" not in text


def test_hot_class_share_is_not_stated_where_it_gives_a_small_rest_back():
    """120 cases of a class, 115 in hot cells: 5 elsewhere (not shown) is small, so the hot-spot table
    withholds a count of that row, and the finding may not say "95.8 %" (0.958 × 120 = 115)."""
    from governance_analytics.periods import parse_period
    from governance_analytics.reporting.context import ReportContext
    from governance_analytics.reporting.display import show_table
    from governance_analytics.reporting.sections.hotspots import _findings, _hot_publication

    def hot_published(summary, ctx):  # the hot-spot table on its own, every case on the grid
        off_grid = pd.Series(0, index=summary.index)
        safe = suppress_tables([_hot_publication(summary, off_grid)], threshold=10)["hot_spots"]
        return show_table(safe, lang=ctx.lang, threshold=10, percent=["share_in_hot"])

    period = parse_period(PERIOD)
    ctx = ReportContext({}, period, period.previous(), threshold=10)
    summary = pd.DataFrame(
        {"n_hot_cells": [12, 8, 0], "n_cold_cells": [0, 3, 0], "n_cases": [120, 300, 50], "n_in_hot": [115, 100, 0]},
        index=pd.Index(["A", "B", "C"], name="category"),
    )
    summary["share_in_hot"] = summary["n_in_hot"] / summary["n_cases"]
    published = hot_published(summary, ctx)
    assert published.frame.loc[0, "热点网格内案件数"] == WITHHELD and published.frame.loc[0, "热点网格内占比"] is None
    found, _, _ = _findings(ctx, summary, pd.DataFrame(index=summary.index), published.suppressed.hidden.any(axis=1))
    assert found == []
    # the same class with 100 of 120 in hot cells: nothing small, the share is published and stated
    summary.loc["A", ["n_in_hot", "share_in_hot"]] = [100, 100 / 120]
    published = hot_published(summary, ctx)
    found, _, _ = _findings(ctx, summary, pd.DataFrame(index=summary.index), published.suppressed.hidden.any(axis=1))
    assert len(found) == 1 and "83.3%" in found[0]


# --- findings state no figure a table withholds ---------------------------------------------------------


def _true_values(frame: pd.DataFrame, rates: list[str], safe) -> dict:
    """Row label → the figures a table withholds in that row (counts withheld, shares and rates
    blanked: ``rates``, the columns derived from its counts), at their true values (``frame``, as
    declared): a rate blanked before publishing (the KPI table's, when it would reveal a small
    count) is recomputed from its counts."""
    from governance_analytics.reporting.sections.handling import KPI_SOURCES

    out = {}
    for row in frame.index:
        values = [(frame.at[row, c], "n") for c in safe.hidden.columns if safe.hidden.at[row, c]]
        for column in dict.fromkeys(rates):
            if column not in safe.frame.columns or pd.notna(safe.frame.at[row, column]):
                continue
            value = frame.at[row, column]
            sources = KPI_SOURCES.get(column, ())
            if pd.isna(value) and len(sources) == 2 and frame.at[row, sources[1]]:
                value = frame.at[row, sources[0]] / frame.at[row, sources[1]]
            if pd.notna(value):
                values.append((value, "%"))
        if values:
            out[row] = values
    return out


def _states(sentence: str, value: float, kind: str, lang: str) -> bool:
    text = i18n.number(value, lang) if kind == "n" else i18n.percent(value, lang)
    return re.search(rf"(?<![\d.,]){re.escape(text)}(?![\d])", sentence) is not None


def test_no_finding_states_a_figure_that_a_table_withholds(built):
    """Every table's withheld rows (a count withheld, a share or rate blanked): no finding, summary
    sentence or recommendation that names the row states one of its withheld figures; for a total
    row (all departments, 合计), no sentence of its section does."""
    report, threshold, published = built
    lang = report.document.lang
    sentences = {
        section.key: [
            *section.findings,
            *section.summary,
            *(t for r in section.recommendations for t in (r.finding, r.action)),
        ]
        for section in report.document.sections
    }
    totals = {i18n.text("total_row", lang), i18n.text("all_departments", lang)}
    withheld_rows = 0
    for section, frame, rates, safe in published:
        for row, values in _true_values(frame, rates, safe).items():
            withheld_rows += 1
            parts = [p for p in (row if isinstance(row, tuple) else (row,)) if p]
            if any(p in totals for p in parts):
                named = sentences[section]
            else:
                labels = [i18n.label(p, lang) for p in parts]
                named = [
                    s
                    for texts in sentences.values()
                    for s in texts
                    if all(f"“{x}”" in s or f"（{x}）" in s for x in labels)
                ]
            for sentence in named:
                stated = [v for v, kind in values if _states(sentence, v, kind, lang)]
                assert not stated, (section, row, stated, sentence)
    assert withheld_rows > 0  # at 10 too: the KPI, ranking and flag tables withhold some rows


def _on_time_rates(cases: pd.DataFrame, label: str) -> tuple[str, str, str]:
    """On-time closure rates as the report writes them: "园林绿化局" in ``label`` and the quarter
    before, and the whole city in ``label`` (cases reported in the quarter, as of its end)."""
    from governance_analytics.cases.lifecycle import kpis
    from governance_analytics.periods import parse_period

    def rates(period, by):
        part = cases[period.contains(cases["created_at"])]
        return kpis(part, by=by, as_of=period.end - pd.Timedelta(microseconds=1))["on_time_closure_rate"]

    period = parse_period(label)
    department = rates(period, "department")["园林绿化局"]
    before = rates(period.previous(), "department")["园林绿化局"]
    return f"{100 * department:.1f}%", f"{100 * before:.1f}%", f"{100 * rates(period, None).iloc[0]:.1f}%"


def test_on_time_findings_state_a_rate_only_where_the_kpi_table_does(built, demo_city):
    """The review's case: the planted slowdown of "园林绿化局" against the city. At 10 the KPI table
    publishes both rates and the findings state them; at 700 it withholds them, and so do the findings."""
    report, threshold, _ = built
    now, before, city = _on_time_rates(demo_city.tables["cases"], PERIOD)
    text = " ".join(s for section in report.document.sections for s in section.findings)
    kpi = _frame(report, "handling", "kpis", [i18n.label("department", "zh")])
    department = f"“园林绿化局”按期结案率由2025-Q3的 {before} 降至 {now}"
    if threshold == 10:
        assert kpi.loc["园林绿化局", "按期结案率"] == now and department in text
        assert kpi.loc["全部", "按期结案率"] == city and f"按期结案率 {city}" in text
    else:
        assert kpi.loc["园林绿化局", "按期结案数"] == f"<{threshold}" and now not in text
        assert kpi.loc["全部", "应结案数"] == WITHHELD and city not in text
        assert "“园林绿化局”按期结案率由" not in text


def test_scores_are_blank_where_an_indicator_is_withheld(built):
    report, threshold, _ = built
    department = i18n.label("department", "zh")
    kpi = _frame(report, "handling", "kpis", [department])
    review = _frame(report, "handling", "compliance", [department])
    scores = next(
        t for t in next(s for s in report.document.sections if s.key == "handling").tables if t.key == "scores"
    ).frame
    indicators = pd.concat([kpi[["按期结案率", "结案率", "返工率"]], review[["案卷合规率"]]], axis=1)
    shown = scores["考核得分"].notna().to_numpy()
    for name, score in zip(scores[department], scores["考核得分"]):
        published = all(isinstance(v, str) and v.endswith("%") for v in indicators.loc[name])
        assert published or score is None, (name, score)
    # blank rows come last; the others are ranked 1 … among themselves, in score order
    assert not (~shown[:-1] & shown[1:]).any()
    ranks = scores.loc[shown, "排名"].tolist()
    assert ranks == sorted(ranks) and (not ranks or ranks[0] == 1)
    assert scores.loc[shown, "考核得分"].is_monotonic_decreasing
    if threshold == 10:  # the Demo City withholds a closure rate of two departments at 10
        assert 0 < shown.sum() < len(scores)


def test_hot_spot_rows_relate_to_the_class_table_by_their_cases_on_and_off_the_grid():
    from governance_analytics.reporting.sections.hotspots import _off_grid, _related_columns

    summary = pd.DataFrame({"n_cases": [40, 30, 25]}, index=pd.Index(["A", "B", "C"], name="category"))
    classes = pd.DataFrame(  # A over two case types; B with 3 cases off the grid; C counted 1 fewer
        {"n": [15, 25, 33, 24]},
        index=pd.MultiIndex.from_tuples([("事件", "A"), ("部件", "A"), ("事件", "B"), ("事件", "C")]),
    )
    off = _off_grid(summary, classes)
    assert off.tolist() == [0, 3, -1]
    assert _related_columns(off) == {"A": ["n_cases"], "B": ["n_cases", "n_off_grid"]}  # C: none to state


def test_the_hot_spot_note_explains_a_count_withheld_for_a_few_cases_off_the_grid():
    from governance_analytics.privacy import Suppressed
    from governance_analytics.reporting.sections.hotspots import _hot_note

    index = pd.Index(["A", "B", "C"], name="category")
    off_grid = pd.Series([0, 9, 12], index=index)  # A: all on the grid; B: 9 off it; C: 12

    def explained(withheld: str, threshold: int) -> bool:
        mask = pd.DataFrame({"n_cases": index == withheld}, index=index)
        hot = Suppressed(pd.DataFrame(index=index), mask, mask & False)
        return _hot_note("note.", hot, off_grid, threshold=threshold, lang="en") != "note."

    assert explained("B", 10) and not explained("B", 9)  # 9 off the grid is small below 10, not below 9
    assert not explained("C", 10) and not explained("A", 10)  # many off the grid; none off the grid
