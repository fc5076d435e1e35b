"""evaluate_intervention: the panel it builds, its errors, and the Demo City pilot recovered end to end."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.evaluation import InterventionEvaluation, evaluate_intervention, intervention_panel

T = pd.Timestamp


def test_panel_counts_with_zeros():
    cases = pd.DataFrame(
        {
            "cell_id": ["a", "a", "b", "z", None],
            "created_at": [T("2025-01-03"), T("2025-01-20"), T("2025-03-01"), T("2025-02-01"), T("2025-02-02")],
        }
    )
    panel = intervention_panel(cases, cells=["a", "b", "c"])
    wide = panel.pivot(index="cell_id", columns="period", values="n")
    assert wide.columns.tolist() == [T("2025-01-01"), T("2025-02-01"), T("2025-03-01")]
    assert wide.loc["a"].tolist() == [2, 0, 0] and wide.loc["b"].tolist() == [0, 0, 1] and wide.loc["c"].sum() == 0
    assert len(intervention_panel(cases, cells=["a"], end="2025-02-01")) == 1  # January only


def test_monthly_counts_by_group_hand_worked():
    # a: 2 in January, 1 in March; b: 1 in February; c: 1 in January, 2 in February
    cases = pd.DataFrame(
        {
            "cell_id": ["a", "a", "a", "b", "c", "c", "c"],
            "created_at": [
                T("2025-01-05"),
                T("2025-01-25"),
                T("2025-03-09"),
                T("2025-02-14"),
                T("2025-01-01"),
                T("2025-02-02"),
                T("2025-02-27"),
            ],
        }
    )
    panel = intervention_panel(cases, cells=["a", "b", "c"])
    result = InterventionEvaluation(
        "x",
        T("2025-02-01"),
        None,
        None,
        ["a"],
        panel,
        None,
        None,
        pd.DataFrame({"treated": ["a"], "comparison": ["b"]}),
        None,
    )
    months = [T("2025-01-01"), T("2025-02-01"), T("2025-03-01")]
    treated = result.monthly_counts()
    assert treated.index.tolist() == months and treated.index.name == "period" and treated.name == "n"
    assert treated.tolist() == [2, 0, 1]
    assert result.monthly_counts(group="comparison").tolist() == [1, 3, 0]  # b + c
    assert result.monthly_counts(group="matched").tolist() == [0, 1, 0]  # b only
    with pytest.raises(ValueError, match="group must be"):
        result.monthly_counts(group="pilot")
    unmatched = InterventionEvaluation("x", T("2025-02-01"), None, None, ["a"], panel, None, None, None, None)
    with pytest.raises(ValueError, match="match_k=0"):
        unmatched.monthly_counts(group="matched")


def test_unknown_or_ambiguous_intervention():
    table = pd.DataFrame(
        {
            "intervention": ["x", "y"],
            "cell_id": ["a", "b"],
            "start": [T("2025-01-01")] * 2,
            "case_type": [None, None],
            "category": [None, None],
        }
    )
    cases = pd.DataFrame(
        {"cell_id": ["a"], "created_at": [T("2025-01-01")], "case_type": ["事件"], "category": ["市容环境"]}
    )
    with pytest.raises(ValueError, match="several interventions"):
        evaluate_intervention(cases, table)
    with pytest.raises(ValueError, match="not recorded"):
        evaluate_intervention(cases, table, name="w")


def test_demo_city_pilot_recovered(demo_city):
    planted = demo_city.truth["cases"]["pilot"]
    result = evaluate_intervention(
        demo_city.tables["cases"], demo_city.tables["interventions"], cells=demo_city.tables["grid_cells"]["cell_id"]
    )
    multiplier = planted["effect_multiplier"]
    assert (result.case_type, result.category) == (planted["case_type"], planted["category"])
    assert len(result.treated) == planted["n_cells"] and result.start == T(planted["start"])
    for estimate in (result.did, result.matched):
        low, high = estimate.rate_ratio_ci
        assert low < multiplier < high and high < 1  # covers the truth and excludes no effect
    assert result.event_study.pretrend.p_value > 0.05
    assert len(result.matches) == planted["n_cells"] and not set(result.matches["comparison"]) & set(result.treated)
    assert np.isfinite(result.did.se)
    # the treated cells' monthly series, counted independently from the raw cases
    cases = demo_city.tables["cases"]
    targeted = cases[
        (cases["case_type"] == planted["case_type"])
        & (cases["category"] == planted["category"])
        & cases["cell_id"].isin(result.treated)
    ]
    direct = targeted["created_at"].dt.to_period("M").value_counts()
    series = result.monthly_counts()
    assert series.sum() == len(targeted)
    assert series.to_dict() == {p.start_time: direct.get(p, 0) for p in series.index.to_period("M")}
