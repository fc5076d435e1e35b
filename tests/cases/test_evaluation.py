"""evaluate_intervention: the panel it builds, its errors, and the Demo City pilot recovered end to end."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.evaluation import evaluate_intervention, intervention_panel

T = pd.Timestamp


def test_panel_counts_with_zeros():
    cases = pd.DataFrame({"cell_id": ["a", "a", "b", "z", None],
                          "created_at": [T("2025-01-03"), T("2025-01-20"), T("2025-03-01"), T("2025-02-01"), T("2025-02-02")]})
    panel = intervention_panel(cases, cells=["a", "b", "c"])
    wide = panel.pivot(index="cell_id", columns="period", values="n")
    assert wide.columns.tolist() == [T("2025-01-01"), T("2025-02-01"), T("2025-03-01")]
    assert wide.loc["a"].tolist() == [2, 0, 0] and wide.loc["b"].tolist() == [0, 0, 1] and wide.loc["c"].sum() == 0
    assert len(intervention_panel(cases, cells=["a"], end="2025-02-01")) == 1  # January only


def test_unknown_or_ambiguous_intervention():
    table = pd.DataFrame({"intervention": ["x", "y"], "cell_id": ["a", "b"], "start": [T("2025-01-01")] * 2,
                          "case_type": [None, None], "category": [None, None]})
    cases = pd.DataFrame({"cell_id": ["a"], "created_at": [T("2025-01-01")], "case_type": ["事件"], "category": ["市容环境"]})
    with pytest.raises(ValueError, match="several interventions"):
        evaluate_intervention(cases, table)
    with pytest.raises(ValueError, match="not recorded"):
        evaluate_intervention(cases, table, name="w")


def test_demo_city_pilot_recovered(demo_city):
    planted = demo_city.truth["cases"]["pilot"]
    result = evaluate_intervention(demo_city.tables["cases"], demo_city.tables["interventions"],
                                   cells=demo_city.tables["grid_cells"]["cell_id"])
    multiplier = planted["effect_multiplier"]
    assert (result.case_type, result.category) == (planted["case_type"], planted["category"])
    assert len(result.treated) == planted["n_cells"] and result.start == T(planted["start"])
    for estimate in (result.did, result.matched):
        low, high = estimate.rate_ratio_ci
        assert low < multiplier < high and high < 1  # covers the truth and excludes no effect
    assert result.event_study.pretrend.p_value > 0.05
    assert len(result.matches) == planted["n_cells"] and not set(result.matches["comparison"]) & set(result.treated)
    assert np.isfinite(result.did.se)
