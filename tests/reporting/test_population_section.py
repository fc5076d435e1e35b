"""The population section on the Demo City: findings carry the planted dispersal, capacity and
satellite types; tables equal the package's results; it runs without commuting data."""

import re

import openpyxl
import pandas as pd
import pytest

from governance_analytics.population.pressure import dispersal_index, zone_summary
from governance_analytics.reporting import build_report

PERIOD = "2025-Q4"


@pytest.fixture(scope="module")
def report(demo_dir, tmp_path_factory):
    return build_report(demo_dir, period=PERIOD, out=tmp_path_factory.mktemp("reports"), sections=["population"])


def _text(path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def test_findings_carry_the_planted_truth(report, demo_city):
    text = _text(report.html)
    truth = demo_city.truth["population"]
    units = demo_city.tables["population_units"]
    names = units.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    index = dispersal_index(units, start=2010, end=2025).index
    assert f"疏解指数 {index:.3f}" in text and "郊区化：绝对分散" in text  # core loses, ring gains
    assert "增长最快的是卫星城" in text and truth["fastest_growing_zone"] == "satellite"
    for unit in truth["over_capacity_2025"]:
        assert f"“{names[unit]}”2025年人口" in text and "已超出规划" in text
    dormitories = [u for u, v in truth["units"].items() if v["kind"] == "dormitory"]
    for unit in dormitories:
        assert f"“{names[unit]}”是“卧城”型卫星城" in text
    section = report.document.sections[0]
    assert sum("”是“卧城”型卫星城" in f for f in section.findings) == len(dormitories)
    dormitory_actions = [r for r in section.recommendations if r.rule == "dormitory"]
    assert [r.action for r in dormitory_actions] == [
        f"在“{names[u]}”引入产业与就业岗位，改善通勤公交" for u in sorted(dormitories)
    ]


def test_zone_table_equals_zone_summary(report, demo_city):
    units = demo_city.tables["population_units"]
    expected = zone_summary(units[units["year"].isin([2010, 2025])], start=2010, end=2025)
    book = openpyxl.load_workbook(report.xlsx)
    rows = list(book["population.zones"].iter_rows(min_row=2, values_only=True))
    sheet = pd.DataFrame(rows[1:], columns=rows[0]).set_index("圈层")
    assert sheet.loc["卫星城", "期末人口"] == expected.loc["satellite", "population_end"]
    assert sheet.loc["核心区", "年均增长率"] == f"{100 * expected.loc['core', 'cagr']:.1f}%"


def test_without_commuting_data(demo_dir, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("population_units.csv", "truth.json"):
        (data / name).symlink_to(demo_dir / name)
    out = build_report(data, period=PERIOD, out=tmp_path / "reports", sections=["population"], lang="en")
    text = _text(out.html)
    findings = " ".join(out.document.sections[0].findings)
    assert "dispersal index" in text and "dispersal index" in findings and "dormitory" not in findings
