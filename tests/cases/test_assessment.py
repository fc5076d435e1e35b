"""Team scores: hand-worked weighted means, weights validated, Demo City slowdown ranked last."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.assessment import DEFAULT_WEIGHTS, team_scores
from governance_analytics.cases.lifecycle import kpis
from governance_analytics.cases.review import compliance


@pytest.fixture
def kpi_table():
    return pd.DataFrame(
        {
            "on_time_closure_rate": [0.9, 0.6, np.nan],
            "closure_rate": [1.0, 0.8, np.nan],
            "rework_rate": [0.1, 0.0, 0.2],
        },
        index=pd.Index(["A", "B", "C"], name="department"),
    )


def test_hand_worked_scores(kpi_table):
    comp = pd.DataFrame({"compliance_rate": [0.5, 1.0, 1.0]}, index=kpi_table.index)
    table = team_scores(kpi_table, compliance_table=comp)
    # A: 100·(0.4·0.9 + 0.2·1.0 + 0.2·0.9 + 0.2·0.5) = 84; B: 100·(0.24 + 0.16 + 0.2 + 0.2) = 80
    # C has only no-rework 0.8 and compliance 1.0: 100·(0.2·0.8 + 0.2·1.0)/0.4 = 90, on two indicators
    assert table.loc["A", "score"] == pytest.approx(84.0)
    assert table.loc["B", "score"] == pytest.approx(80.0)
    assert table.loc["C", "score"] == pytest.approx(90.0) and table.loc["C", "n_indicators"] == 2
    assert table.index.tolist() == ["C", "A", "B"] and table["rank"].tolist() == [1, 2, 3]
    assert table.attrs["weights"] == DEFAULT_WEIGHTS


def test_custom_weights_and_errors(kpi_table):
    table = team_scores(kpi_table, weights={"on_time_closure_rate": 1.0})
    assert table.loc["B", "score"] == pytest.approx(60.0) and np.isnan(table.loc["C", "score"])
    with pytest.raises(ValueError, match="compliance_rate"):
        team_scores(kpi_table, weights={"compliance_rate": 1.0})
    with pytest.raises(ValueError, match="non-negative"):
        team_scores(kpi_table, weights={"closure_rate": -1.0})


def test_demo_city_slowed_department_ranks_last_in_the_quarter(demo_city):
    cases = demo_city.tables["cases"]
    slow = demo_city.truth["cases"]["slowdown"]

    def ranking(part):
        return team_scores(kpis(part, by="department"), compliance_table=compliance(part)).index.tolist()

    before = cases[(cases["created_at"] >= "2025-07-01") & (cases["created_at"] < slow["start"])]
    after = cases[cases["created_at"] >= slow["start"]]
    assert ranking(before)[-1] != slow["department"] and ranking(after)[-1] == slow["department"]
