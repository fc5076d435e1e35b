import pandas as pd
import pytest

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


def test_recommend_fills_the_rule_and_cites_the_finding():
    from governance_analytics.reporting.actions import COMMUNITY_ACTIONS, recommend

    r = recommend("on_time_drop", "“园林绿化局”按期结案率下降", "zh", department="园林绿化局")
    assert r.action == "对“园林绿化局”本期案卷开展专项审查，查明时限延误原因并限期整改"
    assert (r.finding, r.rule) == ("“园林绿化局”按期结案率下降", "on_time_drop")
    assert recommend("emerging:new hot spot", "f", "en").action == EMERGING_ACTIONS["new hot spot"]["en"]
    assert recommend("community:unstable_staff", "f", "zh").action == COMMUNITY_ACTIONS["unstable_staff"]["zh"]
    with pytest.raises(KeyError, match="no recommendation rule 'emerging:hot'"):
        recommend("emerging:hot", "f", "zh")
    with pytest.raises(KeyError, match="no recommendation rule 'patrol'"):
        recommend("patrol", "f", "zh")


def test_rules_table_documents_every_rule_in_both_languages():
    from governance_analytics.reporting.actions import COMMUNITY_ACTIONS, RULES, rules_table

    for lang in ("zh", "en"):
        table = rules_table(lang)
        assert len(table) == len(EMERGING_ACTIONS) + len(COMMUNITY_ACTIONS) + len(RULES)
        assert table["rule"].is_unique and table[["when", "action"]].map(bool).all().all()
    assert rules_table("zh").set_index("rule").loc["on_time_drop", "when"] == RULES["on_time_drop"]["when"]["zh"]
