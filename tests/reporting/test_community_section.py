"""The community section on the Demo City: its dominant-problem table is the package's, the planted
problems dominate, and it runs without the communities table (no map)."""

import re

import openpyxl
import pandas as pd
import pytest

from governance_analytics.community.composite import CompositeIndex
from governance_analytics.community.framework import default_framework
from governance_analytics.community.profiles import dominant_problem
from governance_analytics.reporting import build_report

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("test_community_section")

PERIOD = "2025-Q4"


@pytest.fixture(scope="module")
def report(demo_dir, tmp_path_factory):
    return build_report(demo_dir, period=PERIOD, out=tmp_path_factory.mktemp("reports"), sections=["community"])


def test_dominant_table_equals_the_package(report, demo_city):
    indicators = demo_city.tables["community_indicators"]
    framework = default_framework()
    model = CompositeIndex(framework).fit(indicators[indicators["year"] == 2023])
    scores = model.transform(indicators[indicators["year"] == 2025]).droplevel("year")
    reference = model.transform(indicators[indicators["year"] == 2023]).droplevel("year")
    dims = list(framework.dimensions.index)
    expected = dominant_problem(scores[dims], reference=reference[dims])["dominant_problem"].value_counts()
    rows = list(openpyxl.load_workbook(report.xlsx)["community.dominant"].iter_rows(min_row=2, values_only=True))
    sheet = pd.DataFrame(rows[1:], columns=rows[0]).set_index("主要问题")["社区数"]
    labels = framework.dimensions["label_zh"]
    assert {labels[p]: n for p, n in expected.items()} == sheet.to_dict()
    # the planted dominant problems are what the index finds, for most communities
    planted = pd.Series(demo_city.truth["community"]["dominant_problem"]).dropna()
    found = dominant_problem(scores[dims], reference=reference[dims])["dominant_problem"]
    assert (found.reindex(planted.index) == planted).mean() >= 0.8


def test_report_text_and_no_map_without_communities(report, demo_dir, tmp_path):
    text = re.sub(r"<[^>]+>", "", report.html.read_text(encoding="utf-8"))
    assert "为最突出的问题（与" in text and "（依据：" in text and "排名区间分别为" in text
    data = tmp_path / "data"
    data.mkdir()
    for name in ("community_indicators.csv", "truth.json"):
        (data / name).symlink_to(demo_dir / name)
    out = build_report(data, period=PERIOD, out=tmp_path / "reports", sections=["community"], lang="en")
    html = out.html.read_text(encoding="utf-8")
    assert "(based on: " in re.sub(r"<[^>]+>", "", html) and 'id="fig-community-typology"' not in html
    assert 'id="fig-community-typology"' in report.html.read_text(encoding="utf-8")
