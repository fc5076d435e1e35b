"""A period with little or no data still gives a report, which says what it could not do and why.

The Demo City's cases run from 2023-01 to 2025-12 and its population from 2000 to 2025: 2026-Q1 has
no case, 2023-Q1 is the first quarter (its comparison periods, 2022-Q4 or 2022-Q1, precede the
records), and a copy keeping one population year cannot show population change.
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from governance_analytics.reporting.builder import build_report

#: Comparisons with nothing: "较2022-Q4（0 件）", "增加 —", "up — on 2022-Q4 (0)".
NO_COMPARISON = re.compile(r"（0 件）|(增加|减少|up|down) —|\(0\)")


def _sentences(out) -> list[str]:
    doc = out.document
    return [s for section in doc.sections for s in (*section.findings, *section.summary)] + list(doc.summary)


def _html(out) -> str:
    return out.html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def first_quarter(demo_dir, tmp_path_factory):
    """2023-Q1 against the previous quarter (2022-Q4, before the records)."""
    return build_report(
        demo_dir,
        period="2023-Q1",
        out=tmp_path_factory.mktemp("reports"),
        sections=["overview", "hotspots", "handling"],
    )


def test_period_without_cases_skips_the_case_sections_with_a_reason(demo_dir, tmp_path):
    out = build_report(demo_dir, period="2026-Q1", out=tmp_path, sections=["overview", "hotspots", "handling"])
    assert out.html.exists() and out.pdf.exists() and out.xlsx.exists()
    assert out.document.sections == []
    assert out.document.skipped == [
        f"{title}：本期（2026-Q1）没有案件记录。"
        for title in ("数据概览", "案件热点与时空热点", "案件办理绩效、案卷审查与政策评估")
    ]
    assert "数据概览：本期（2026-Q1）没有案件记录。" in _html(out)


def test_period_without_cases_in_english(demo_dir, tmp_path):
    out = build_report(demo_dir, period="2030-Q1", lang="en", out=tmp_path, sections=["overview"])
    assert out.document.skipped == ["Data overview: no cases in the period (2030-Q1)."]


def _first_quarter_cases(demo_city) -> str:
    """The cases reported in 2023-Q1, counted from the Demo City's table, as the report writes them."""
    created = demo_city.tables["cases"]["created_at"]
    return f"{int((created < pd.Timestamp('2023-04-01')).sum()):,}"


def test_first_quarter_states_the_total_without_a_comparison(first_quarter, demo_city):
    assert [s.key for s in first_quarter.document.sections] == ["overview", "hotspots", "handling"]
    assert first_quarter.document.skipped == []
    sentences = _sentences(first_quarter)
    assert not [s for s in sentences if NO_COMPARISON.search(s)]
    overview = first_quarter.document.sections[0]
    assert overview.findings[0].startswith(
        f"2023-Q1共上报案件 {_first_quarter_cases(demo_city)} 件；"
        "对比期2022-Q4没有可比的案件记录（案件数据始于2023年1月1日）"
    )
    assert overview.summary == []  # the executive summary holds comparisons only
    # no emerging hot spot against no earlier quarter, and neither its table nor its map
    hotspots = first_quarter.document.sections[1]
    assert "2023-Q1是案件数据的第一个季度，没有更早的季度可比，不判断新增、持续等时空热点类型。" in hotspots.findings
    assert not [f for f in hotspots.findings if "新增热点" in f]
    assert "emerging" not in {t.key for t in hotspots.tables} | {f.key for f in hotspots.figures}
    # the on-time rate has no comparison period to be compared with: no such finding
    handling = first_quarter.document.sections[2]
    assert not [f for f in handling.findings if "2022-Q4" in f]
    assert "本期没有达到公布条件的比较结果。" in _html(first_quarter)


def test_first_quarter_against_last_year(demo_dir, demo_city, tmp_path):
    out = build_report(
        demo_dir, period="2023-Q1", compare="same-last-year", lang="en", out=tmp_path, sections=["overview", "handling"]
    )
    assert [s.key for s in out.document.sections] == ["overview", "handling"]
    assert not [s for s in _sentences(out) if NO_COMPARISON.search(s)]
    assert out.document.sections[0].findings[0] == (
        f"{_first_quarter_cases(demo_city)} cases were reported in 2023-Q1; the comparison period 2022-Q1 has no "
        "comparable case records "
        "(they begin 2023-01-01), so no change is stated."
    )


def test_one_population_year_skips_population_with_a_reason(demo_dir, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    units = pd.read_csv(demo_dir / "population_units.csv", dtype=str)
    units[units["year"] == "2025"].to_csv(data / "population_units.csv", index=False)
    shutil.copy(demo_dir / "truth.json", data / "truth.json")
    out = build_report(data, period="2025-Q4", out=tmp_path / "reports", sections=["population"])
    assert out.html.exists()
    assert out.document.sections == []
    assert out.document.skipped == ["人口压力与卫星城疏解：人口变化需要两个年份，2025年及以前只有2025年的数据。"]
    # population data and community indicators that begin after the period: the same, with that reason
    later = tmp_path / "later"
    later.mkdir()
    for name in ("population_units.csv", "community_indicators.csv", "truth.json"):
        shutil.copy(demo_dir / name, later / name)
    before = build_report(later, period="1999", out=tmp_path / "reports", sections=["population", "community"])
    assert before.document.skipped == [
        "人口压力与卫星城疏解：人口数据始于2000年，晚于本期（1999）。",
        "社区治理问题诊断：社区指标数据始于2023年，晚于本期（1999）。",
    ]
