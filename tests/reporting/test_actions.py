import pandas as pd

from governance_analytics.cases.emerging import CATEGORIES
from governance_analytics.reporting.actions import EMERGING_ACTIONS, emerging_actions


def test_every_hot_category_has_an_action_in_both_languages():
    hot = [c for c in CATEGORIES if c.endswith("hot spot")]
    assert list(EMERGING_ACTIONS) == hot
    assert all(a["zh"] and a["en"] for a in EMERGING_ACTIONS.values())


def test_counts_only_present_hot_categories():
    result = pd.DataFrame({"category": ["new hot spot"] * 3 + ["persistent hot spot", "no pattern", "new cold spot"]})
    table = emerging_actions(result, "zh")
    assert table["category"].tolist() == ["新增热点", "持续热点"] and table["n_cells"].tolist() == [3, 1]


def test_impact_action_rules():
    from governance_analytics.reporting.actions import impact_action

    assert impact_action((0.55, 0.69), (0.56, 0.74), 0.18) == "impact_scale"
    assert impact_action((0.55, 0.69), (0.80, 1.10), 0.18) == "impact_wait"  # the matched estimate is unsure
    assert impact_action((0.55, 0.69), None, 0.18) == "impact_scale"
    assert impact_action((1.05, 1.30), (0.9, 1.2), 0.40) == "impact_harm"
    assert impact_action((0.55, 0.69), (0.56, 0.74), 0.01) == "impact_check"  # pre-trends rejected first
