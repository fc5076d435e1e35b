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
    expected = kpis(cases[period.contains(cases["created_at"])], by="department",
                    as_of=period.end - pd.Timedelta(microseconds=1))
    sheet = _sheet(openpyxl.load_workbook(report.xlsx), "handling.kpis").set_index("处置部门")
    for department, row in expected.iterrows():
        assert sheet.loc[department, "应结案数"] == row["n_due"]
        assert sheet.loc[department, "按期结案率"] == f"{100 * row['on_time_closure_rate']:.1f}%"


def test_findings_carry_the_slowdown_and_the_pilot(report, demo_city, demo_dir):
    text = _text(report.html.read_text(encoding="utf-8"))
    slow = demo_city.truth["cases"]["slowdown"]["department"]
    assert f"“{slow}”按期结案率由" in text and f"对“{slow}”本期案卷开展专项审查" in text
    assert f"“{slow}”有 3 个月的按期结案率低于控制下限" in text
    result = evaluate_intervention(demo_city.tables["cases"], demo_city.tables["interventions"],
                                   cells=demo_city.tables["grid_cells"]["cell_id"], end=parse_period(PERIOD).end)
    low, high = result.did.rate_ratio_ci
    assert f"率比 {result.did.rate_ratio:.2f}，95% CI {low:.2f}–{high:.2f}" in text
    assert f"“{result.name}”效果显著且稳健，可在条件相近的区域推广" in text


def test_no_small_count_published(report):
    book = openpyxl.load_workbook(report.xlsx)
    count_headers = {"上报数", "立案数", "应结案数", "结案数", "按期结案数", "未结案数", "审查案卷数", "问题案卷数", "案件数",
                     "立案案件数"}
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
