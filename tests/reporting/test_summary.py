"""The executive summary of the full Demo City report (built once by the CLI, tests/reporting/conftest.py):
key findings that carry a number and a comparison, and recommendations that each cite the finding and
the documented rule that triggered them — including the truths the Demo City planted."""

import html as html_lib
import re

import openpyxl
import pandas as pd
import pytest

from governance_analytics.reporting.actions import rules_table


def _sheet(book, name: str) -> pd.DataFrame:
    rows = list(book[name].iter_rows(min_row=2, values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0]).dropna(how="all")


@pytest.fixture(scope="module")
def summary(cli_report):
    book = openpyxl.load_workbook(cli_report / "tables.xlsx")
    html = cli_report.joinpath("report.html").read_text(encoding="utf-8")
    return _sheet(book, "summary.findings"), _sheet(book, "summary.recommendations"), html


def _section_findings(html: str) -> list[str]:
    """The findings listed inside the sections (not the summary block)."""
    body = html.split('<section id="summary">', 1)[1].split("</section>", 1)[1]
    return [
        html_lib.unescape(re.sub(r"<[^>]+>", "", item))
        for item in re.findall(r'<ul class="findings">(.*?)</ul>', body, re.S)
        for item in re.findall(r"<li>(.*?)</li>", item, re.S)
    ]


def test_every_summary_sentence_is_a_section_finding_with_a_number_and_a_comparison(summary):
    findings, _, html = summary
    sentences = findings["发现"].tolist()
    assert len(sentences) >= 6
    in_sections = set(_section_findings(html))
    # a comparison with another period, group, place or reference — not just any ratio (就业居住比, 占比)
    comparison = re.compile(r"较\d{4}|较对比|比本地|由\S*的 [\d.]+% 降至|与\S*相比|率比 [\d.]+|（\d{4}-\S+为 [\d,.]+")
    for sentence in sentences:
        assert sentence in in_sections
        assert re.search(r"\d", sentence) and comparison.search(sentence), sentence
    assert html.index('<section id="summary">') < html.index('<section id="overview">')


def test_summary_states_the_on_time_rate_change_as_the_issue_words_it(summary, demo_city):
    # the rates counted independently: cases reported in each quarter, as of its end
    from governance_analytics.cases.lifecycle import kpis
    from governance_analytics.periods import parse_period

    cases = demo_city.tables["cases"]

    def rate(label: str) -> float:
        period = parse_period(label)
        part = cases[period.contains(cases["created_at"])]
        return kpis(part, as_of=period.end - pd.Timedelta(microseconds=1)).loc["all", "on_time_closure_rate"]

    now, before = rate("2025-Q4"), rate("2025-Q3")
    direction = "减少" if now < before else "增加"
    findings, _, _ = summary
    on_time = [s for s in findings["发现"] if s.startswith("2025-Q4按期结案率")]
    assert len(on_time) == 1
    change = f"{direction} {100 * abs(now - before):.1f} 个百分点"
    stated = f"2025-Q4按期结案率 {100 * now:.1f}%，较2025-Q3（{100 * before:.1f}%）{change}"
    assert on_time[0].startswith(stated), (stated, on_time[0])
    assert re.fullmatch(r"，差异(显著|不显著)（p[=<][\d.]+）。", on_time[0][len(stated) :])


def test_recommendations_cite_their_finding_and_a_documented_rule(summary, demo_city):
    findings, actions, html = summary
    assert set(actions["规则"]) <= set(rules_table("zh")["rule"])
    in_sections = set(_section_findings(html))
    assert all(f in in_sections for f in actions["依据"])
    by_rule = actions.set_index("规则")
    slow = demo_city.truth["cases"]["slowdown"]["department"]
    assert by_rule.loc["on_time_drop", "建议"].startswith(f"对“{slow}”本期案卷开展专项审查")
    assert by_rule.loc["on_time_drop", "依据"].startswith(f"“{slow}”按期结案率由2025-Q3的")
    pilot = demo_city.tables["interventions"]["intervention"].iloc[0]  # planted ×0.65: a clear, robust effect
    assert by_rule.loc["impact_scale", "建议"] == f"“{pilot}”效果显著且稳健，可在条件相近的区域推广"
    assert "participation_gap" in by_rule.index  # migrants' planted lower participation


def test_rules_appendix_lists_every_rule(cli_report):
    book = openpyxl.load_workbook(cli_report / "tables.xlsx")
    rules = _sheet(book, "methods.rules").dropna(subset=["触发条件"])
    assert rules["规则"].tolist() == rules_table("zh")["rule"].tolist()
