"""The case-handling section on the Demo City: its tables equal the package's results, its findings
carry the planted slowdown and pilot, nothing small is published, and it runs without a pilot table."""

import re

import openpyxl
import pandas as pd
import pytest

from governance_analytics.cases.evaluation import evaluate_intervention
from governance_analytics.cases.lifecycle import kpis
from governance_analytics.periods import parse_period
from governance_analytics.reporting import build_report

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("test_handling_section")

PERIOD = "2025-Q4"


@pytest.fixture(scope="module")
def report(demo_dir, tmp_path_factory):
    return build_report(demo_dir, period=PERIOD, out=tmp_path_factory.mktemp("reports"), sections=["handling"])


def _sheet(book, name: str) -> pd.DataFrame:
    rows = list(book[name].iter_rows(min_row=2, values_only=True))
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    return frame.dropna(subset=[frame.columns[1]])  # drop the note below the table


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_kpi_sheet_equals_kpis(report, demo_city):
    cases = demo_city.tables["cases"]
    period = parse_period(PERIOD)
    expected = kpis(
        cases[period.contains(cases["created_at"])], by="department", as_of=period.end - pd.Timedelta(microseconds=1)
    )
    sheet = _sheet(openpyxl.load_workbook(report.xlsx), "handling.kpis").set_index("处置部门")
    withheld = 0
    for department, row in expected.iterrows():
        if sheet.loc[department, "应结案数"] == "×":  # a complement of a small count: its rate goes too
            withheld += 1
            assert pd.isna(sheet.loc[department, "按期结案率"])
            continue
        assert sheet.loc[department, "应结案数"] == row["n_due"]
        assert sheet.loc[department, "按期结案率"] == f"{100 * row['on_time_closure_rate']:.1f}%"
    assert withheld < len(expected)  # most departments keep their figures
    # every withheld count is accounted for in the table's note: as small, or so that a small one
    # cannot be worked back
    from governance_analytics.reporting import i18n
    from governance_analytics.reporting.sections.handling import KPI_COUNTS

    counts = sheet[[i18n.label(c, "zh") for c in KPI_COUNTS]]
    n_small, n_more = int((counts == "<10").to_numpy().sum()), int((counts == "×").to_numpy().sum())
    note = next(t.note for s in report.document.sections for t in s.tables if t.key == "kpis")
    assert (f"本表有 {n_small} 个小于 10 的计数已隐去" in note) == (n_small > 0)
    assert (f"另有 {n_more} 个单元格" in note) == (n_more > 0)
    assert n_small + n_more > 0  # the Demo City's small backlogs are withheld


def test_findings_carry_the_slowdown_and_the_pilot(report, demo_city, demo_dir):
    text = _text(report.html.read_text(encoding="utf-8"))
    slow = demo_city.truth["cases"]["slowdown"]["department"]
    assert f"“{slow}”按期结案率由" in text and f"对“{slow}”本期案卷开展专项审查" in text
    assert f"“{slow}”有 3 个月的按期结案率低于控制下限" in text
    result = evaluate_intervention(
        demo_city.tables["cases"],
        demo_city.tables["interventions"],
        cells=demo_city.tables["grid_cells"]["cell_id"],
        end=parse_period(PERIOD).end,
    )
    low, high = result.did.rate_ratio_ci
    assert f"率比 {result.did.rate_ratio:.2f}，95% CI {low:.2f}–{high:.2f}" in text
    assert f"“{result.name}”效果显著且稳健，可在条件相近的区域推广" in text


def test_no_small_count_published(report):
    book = openpyxl.load_workbook(report.xlsx)
    count_headers = {
        "上报数",
        "立案数",
        "应结案数",
        "结案数",
        "按期结案数",
        "未结案数",
        "审查案卷数",
        "问题案卷数",
        "案件数",
        "立案案件数",
    }
    checked = 0
    for name in book.sheetnames:
        if not name.startswith("handling."):
            continue
        frame = _sheet(book, name)
        for column in count_headers & set(frame.columns):
            values = [v for v in frame[column] if isinstance(v, (int, float))]
            assert all(v == 0 or v >= 10 for v in values), (name, column)
            checked += len(values)
    assert checked > 50


def test_section_without_interventions_has_no_impact_part(demo_dir, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("cases.csv", "grid_cells.csv", "truth.json"):
        (data / name).symlink_to(demo_dir / name)
    out = build_report(data, period=PERIOD, out=tmp_path / "reports", sections=["handling"], lang="en")
    text = _text(out.html.read_text(encoding="utf-8"))
    assert re.search(r"Parks and Greening Bureau”: on-time closure fell [\d.]+ percentage points, from", text)
    findings = " ".join(out.document.sections[0].findings)
    assert "rate ratio" not in findings and "handling.impact_0" not in openpyxl.load_workbook(out.xlsx).sheetnames
    assert not any(r.rule.startswith("impact") for r in out.document.recommendations)


def test_a_share_that_would_reveal_a_small_count_is_withheld():
    from governance_analytics.reporting.sections.handling import _reveals_small

    x = pd.Series([5, 40, 35, 0, 40])
    n = pd.Series([40, 40, 40, 40, 8])
    # 5 of 40 reveals 5; 40 of 40 and 0 of 40 reveal nothing small; 35 of 40 reveals the 5 who failed;
    # anything of 8 reveals the 8
    assert _reveals_small(x, n, 10).tolist() == [True, False, True, False, True]


def test_scores_blank_where_an_indicator_is_withheld_and_the_rest_ranked_among_themselves():
    from governance_analytics.cases.assessment import team_scores
    from governance_analytics.reporting.sections.handling import _scores_frame

    kpi = pd.DataFrame(
        {
            "on_time_closure_rate": [0.9, 0.8, 0.7, 0.6],
            "closure_rate": [0.95, 0.9, 0.99, 0.9],
            "rework_rate": [0.05, 0.1, 0.02, 0.1],
        },
        index=["D", "B", "A", "C"],
    )
    review = pd.DataFrame({"compliance_rate": [0.9, 0.85, 0.6, 0.7]}, index=kpi.index)
    scores = team_scores(kpi, compliance_table=review)
    # 0.4·on time + 0.2·closure + 0.2·(1 − rework) + 0.2·compliance, weights printed: with B's score
    # and its other indicators published, B's withheld compliance rate would follow from its score
    b = scores.loc["B"]
    assert b["score"] == pytest.approx(100 * (0.4 * 0.8 + 0.2 * 0.9 + 0.2 * 0.9 + 0.2 * 0.85))
    shown = _scores_frame(scores, pd.Series({"D": False, "B": True, "A": False, "C": True}))
    assert shown.index.tolist() == ["D", "A", "B", "C"]  # scored rows by rank, then the blank ones by label
    assert shown["rank"].tolist() == [1, 2, None, None]  # no gap where B ranked
    assert shown.loc["B"].isna().all() and shown.loc["C"].isna().all()
    assert shown.loc["D", "score"] == round(scores.loc["D", "score"], 1)


def test_due_minus_on_time_is_protected_as_a_count():
    """Due 100, on time 94: the 6 due but not on time (late or still open) are a small count, so the
    KPI table withholds due or on time — not only the rate — and the audit cannot pin the 6."""
    from governance_analytics.privacy import audit, row_totals, suppress_counts
    from governance_analytics.reporting.sections.handling import KPI_COUNTS, KPI_RATES, KPI_SOURCES, _kpi_relations

    counts = pd.DataFrame(
        {
            "n_reported": [130, 300],
            "n_filed": [115, 280],
            "n_due": [100, 250],
            "n_closed": [97, 240],
            "n_closed_on_time": [94, 200],
            "n_open": [18, 40],
        },
        index=["A", "B"],
    )
    counts.loc["all"] = counts.sum()
    shown = counts.assign(**{rate: 0.5 for rate in KPI_RATES}).rename_axis("department")
    frame, constraints, rests = _kpi_relations(shown)
    assert frame.loc["A", "n_due_not_on_time"] == 6  # due open 3 + closed late 3, each small too
    safe = suppress_counts(
        frame, KPI_COUNTS, derived=KPI_SOURCES, constraints=constraints, unpublished=rests, threshold=10
    )
    assert safe.hidden.loc["A", ["n_due", "n_closed_on_time"]].any()
    assert safe.frame.loc["A", "on_time_closure_rate"] is None
    intervals = audit(safe.frame, constraints).set_index(["row", "column"])
    assert intervals.loc[("A", "n_due_not_on_time"), "high"] - intervals.loc[("A", "n_due_not_on_time"), "low"] >= 10
    # without the relation a reader subtracts: due and on time are both published
    steps = row_totals(frame, total="n_due", parts=["n_closed_on_time", "n_due_not_on_time"])
    others = [c for c in constraints if c not in steps]
    old = suppress_counts(frame, KPI_COUNTS, constraints=others, unpublished=rests, threshold=10)
    assert not old.hidden.loc["A", ["n_due", "n_closed_on_time"]].any()


def test_a_repeated_kpi_count_is_related_without_slack_where_the_tables_agree():
    from governance_analytics.privacy import Publication
    from governance_analytics.reporting.sections.handling import KPI_TABLE, _with_repeats

    kpi = Publication(
        KPI_TABLE, pd.DataFrame({"n_filed": [40, 50, 60], "n_closed": [30, 45, 50]}, index=list("ABC")), ()
    )
    ranking = pd.DataFrame({"n_cases_filed": [40, 48, 61], "n_closed": [30, 45, 50]}, index=list("ABC"))
    out, rests, relations = _with_repeats("ranking", ranking, kpi)
    assert out["n_cases_filed_short"].tolist() == [0, 2, 0] and out["n_cases_filed_over"].tolist() == [0, 0, 1]
    terms = [{cell: a for cell, a in r.terms} for r in relations]
    # A: the same figure twice; B: the ranking falls 2 short of the KPI count; C: it counts 1 more
    assert terms[0] == {(("ranking", "A"), "n_cases_filed"): 1.0, ((KPI_TABLE, "A"), "n_filed"): -1.0}
    assert terms[1] == {
        (("ranking", "B"), "n_cases_filed"): 1.0,
        (("ranking", "B"), "n_cases_filed_short"): 1.0,
        ((KPI_TABLE, "B"), "n_filed"): -1.0,
    }
    assert terms[2] == {
        (("ranking", "C"), "n_cases_filed"): 1.0,
        ((KPI_TABLE, "C"), "n_filed"): -1.0,
        (("ranking", "C"), "n_cases_filed_over"): -1.0,
    }
    assert all(
        sum(
            a * out.at[row, col] if key == "ranking" else a * kpi.frame.at[row, col] for ((key, row), col), a in r.terms
        )
        == 0
        for r in relations
    )


def test_the_review_totals_are_stated_from_ten_files_flagged_and_ten_with_the_commonest_flag():
    """The boundary of what the review's finding publishes (and so what the ledger may take as known)."""
    from governance_analytics.cases.review import FLAGS
    from governance_analytics.reporting.sections.handling import _states_review_totals

    def table(flagged: list[int], commonest: list[int]) -> pd.DataFrame:
        first, *rest = FLAGS
        others = {f: [0] * len(flagged) for f in rest}
        return pd.DataFrame({"n_flagged": flagged, "n_files": [50] * len(flagged), first: commonest, **others})

    assert _states_review_totals(table([6, 4], [6, 4]), 10)  # exactly ten flagged, ten with the flag
    assert not _states_review_totals(table([6, 3], [6, 3]), 10)  # nine flagged
    assert not _states_review_totals(table([6, 4], [5, 4]), 10)  # ten flagged, nine with the commonest flag
