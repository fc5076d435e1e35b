"""The participation section on the Demo City: its figures are the design-based estimates, the
hukou gap the generator planted is reported, and a survey without awareness items still works."""

import re

import openpyxl
import pandas as pd
import pytest

from governance_analytics.participation import SurveyDesign
from governance_analytics.participation.channels import channel_rates
from governance_analytics.reporting import build_report

PERIOD = "2025-Q4"


def _text(path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(demo_dir, tmp_path_factory):
    return build_report(demo_dir, period=PERIOD, out=tmp_path_factory.mktemp("reports"), sections=["participation"])


def test_channel_table_equals_the_design_based_estimates(report, demo_city):
    survey = demo_city.tables["survey"]
    rates = channel_rates(SurveyDesign(survey, weight="weight", strata="stratum", psu="psu", fpc="fpc"))
    rows = list(openpyxl.load_workbook(report.xlsx)["participation.channels"].iter_rows(min_row=2, values_only=True))
    sheet = pd.DataFrame(rows[1:], columns=rows[0]).set_index("参与渠道")
    for _, row in rates.iterrows():
        assert sheet.loc[row["label_zh"], "估计值"] == f"{100 * row['estimate']:.1f}%"
        assert sheet.loc[row["label_zh"], "95% CI 下限"] == f"{100 * row['ci_low']:.1f}%"


def test_findings_report_the_planted_hukou_gap(report, demo_city):
    text = _text(report.html)
    assert "外来人口的参与率为" in text and "并吸纳其进入居民议事会（依据：外来人口的参与率为" in text
    rates = demo_city.truth["participation"]["population"]["rate_by_hukou"]["participated_any"]
    assert rates["migrant"] < rates["local"]  # what the generator planted, and what the finding says


def test_survey_without_awareness_items(demo_dir, demo_city, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    demo_city.tables["survey"].drop(columns=["aware_rights", "aware_rules"]).to_csv(data / "survey.csv", index=False)
    out = build_report(data, period=PERIOD, out=tmp_path / "reports", sections=["participation"], lang="en")
    text = _text(out.html)
    assert "took part through at least one channel" in text and "know they have the right" not in text
