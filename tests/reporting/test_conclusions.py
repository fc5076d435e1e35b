"""The notebooks' closing sentences: numbers from the study objects, directions from the numbers."""

import dataclasses

import pandas as pd

from governance_analytics.population.prefectures import CoreOuterSummary
from governance_analytics.population.pressure import Dispersal
from governance_analytics.reporting import conclusions


def _dispersal(core: tuple[int, int], rest: tuple[int, int]) -> Dispersal:
    share0, share1 = core[0] / (core[0] + rest[0]), core[1] / (core[1] + rest[1])
    return Dispersal(
        start=2010,
        end=2020,
        core=("core",),
        core_units=("a",),
        core_start=core[0],
        core_end=core[1],
        rest_start=rest[0],
        rest_end=rest[1],
        core_share_start=share0,
        core_share_end=share1,
        share_change=share1 - share0,
        index=1 - share1 / share0,
        core_change_pct=core[1] / core[0] - 1,
        absorbed_outside=float("nan"),
        core_cagr=0.0,
        rest_cagr=0.0,
        stage=4,
        stage_label="",
    )


GAINED = {"Beijing": ["昌平区", "大兴区"], "Shanghai": ["浦东新区"]}


def test_a_core_that_lost_residents_to_a_growing_rest_dispersed():
    beijing, shanghai = _dispersal((1_000_000, 900_000), (2_000_000, 2_300_000)), _dispersal((500, 450), (10, 10))
    text = conclusions.core_dispersal(beijing, shanghai, GAINED, "en")
    assert "central districts lost 100,000 residents (-10.0%)" in text
    assert "the city grew by 200,000; the other ten districts gained 300,000" in text
    assert "Shanghai's central districts fell by 10.0%" in text
    assert "Both cores did disperse" in text and "昌平区, 大兴区; 浦东新区" in text
    zh = conclusions.core_dispersal(beijing, shanghai, GAINED, "zh")
    assert "常住人口减少 100,000 人（-10.0%）" in zh and "两市核心区人口都在向外疏解" in zh and "昌平区、大兴区" in zh


def test_a_core_that_grew_did_not_disperse_and_is_not_said_to_have_lost():
    beijing, shanghai = _dispersal((1_000_000, 1_050_000), (2_000_000, 1_990_000)), _dispersal((500, 520), (10, 10))
    text = conclusions.core_dispersal(beijing, shanghai, GAINED, "en")
    assert "central districts gained 50,000 residents (+5.0%)" in text
    assert "the city grew by 40,000; the other ten districts lost 10,000" in text
    assert "Shanghai's central districts rose by 4.0%" in text
    assert "The cores did not both disperse" in text and "lost 50,000" not in text
    # Beijing's core dispersing while Shanghai's grew: not both
    lost = _dispersal((1_000_000, 900_000), (2_000_000, 2_300_000))
    assert "The cores did not both disperse" in conclusions.core_dispersal(lost, shanghai, GAINED, "en")
    # the rest growing while the core also grew is no dispersal either
    grew_both = _dispersal((1_000_000, 1_050_000), (2_000_000, 2_100_000))
    assert "did not both disperse" in conclusions.core_dispersal(grew_both, shanghai, GAINED, "en")


def test_commuting_dependence_counts_the_types():
    types = pd.Series(["dormitory", "dormitory", "balanced", "independent"], index=list("abcd"))
    text = conclusions.commuting_dependence(0.4567, types, "en")
    assert "45.7% of the New Territories' workers" in text
    assert "2 of its 4 districts are dormitories and 1 independent" in text


def test_the_ring_outgrew_the_core_only_in_more_than_half_of_the_prefectures():
    national = CoreOuterSummary(300, 280, 250, 0.3, 0.012, 0.004, 40, 120, 0.011, 0.035)
    text = conclusions.fixed_boundaries(national, "en")
    assert text.startswith("3. Nationally the ring did not outgrow the core")
    assert "in 30% of 250 comparable prefectures" in text and "+1.20% a year in the core, +0.40% in the ring" in text
    assert "would report +3.50% a year instead of +1.10%" in text
    assert "外围并未增长快于核心" in conclusions.fixed_boundaries(national, "zh")
    half = dataclasses.replace(national, share_outer_faster=0.5)  # exactly half: not more than half
    assert "did not outgrow" in conclusions.fixed_boundaries(half, "en")
    most = dataclasses.replace(national, share_outer_faster=0.51)
    assert "the ring outgrew the core" in conclusions.fixed_boundaries(most, "en")


def test_participation_conclusions_word_the_direction_of_each_gap():
    by_hukou = pd.Series(
        {
            ("migrant", "enthusiasm"): 0.30,
            ("local", "enthusiasm"): 0.50,
            ("migrant", "aware_rules"): 0.20,
        }
    )
    indicators = pd.Series(
        {"aware_rules": 0.35, "aware_rights": 0.6, "level_participants": 0.123, "multi_channel_share": 0.4}
    )
    gains = pd.DataFrame(
        {
            "rate": [0.2, 0.1],
            "rate_target": [0.25, 0.12],
            "gain": [0.05, 0.02],
            "ci_low": [0.03, 0.0],
            "ci_high": [0.07, 0.04],
        },
        index=["p_meeting", "p_hotline"],
    )
    gaps = pd.DataFrame(
        {"rate_group": [0.4, 0.1], "rate_reference": [0.3, 0.2]},
        index=pd.MultiIndex.from_tuples([("p_hotline", "migrant"), ("p_online", "migrant")]),
    )
    education = pd.DataFrame({"odds_ratio": [2.34]}, index=["postgraduate"])
    committees = pd.DataFrame({"share_meeting_rule": [0.4, 0.55], "seats_short": [30, 12]}, index=[2023, 2024])
    labels = {"p_meeting": "residents' meetings", "p_hotline": "the 12345 hotline"}

    def worded(by_hukou: pd.Series, lang: str) -> list[str]:
        return conclusions.participation_conclusions(
            indicators=indicators,
            by_hukou=by_hukou,
            gains=gains,
            gaps=gaps,
            education=education,
            committees=committees,
            channel_labels=labels,
            lang=lang,
        )

    lines = worded(by_hukou, "en")
    assert "They take part less in any channel (30% vs 50% of locals)" in lines[0]
    assert "would reach 25.0% of adults instead of 20.0% (+5.0 percentage points, interval 3.0 to 7.0)" in lines[0]
    assert "residents' meetings (+5.0 percentage points), the 12345 hotline (+2.0 percentage points)" in lines[0]
    assert "the odds of taking part rise with education" in lines[2]
    assert "the 12345 hotline more (40% vs 30%) and online platforms less (10% vs 20%)" in lines[1]
    assert "Only 35% of adults" in lines[2] and "(20% of migrants)" in lines[2] and "OR 2.3" in lines[2]
    assert "12.3% of participants reach citizen power" in lines[3] and "60% of participants use a single" in lines[3]
    assert "In 2024 55% of residents' committees" in lines[4] and "12 seats" in lines[4]
    flipped = by_hukou.copy()
    flipped[("migrant", "enthusiasm")] = 0.6
    assert "参与率较高（60%，本地户籍为 50%）" in worded(flipped, "zh")[0]
    # a negative gain and an odds ratio below 1 are worded as such
    gains.loc["p_meeting", ["rate_target", "gain", "ci_low", "ci_high"]] = [0.18, -0.02, -0.031, -0.009]
    education.loc["postgraduate", "odds_ratio"] = 0.8
    lines = worded(by_hukou, "en")
    assert "instead of 20.0% (−2.0 percentage points, interval -3.1 to -0.9)" in lines[0]
    assert "the odds of taking part fall with education" in lines[2]
    assert "参与的可能性随学历下降" in worded(by_hukou, "zh")[2]


def _scenario(over_after: list[bool], into_after: float, km_after: float):
    from governance_analytics.population.scenarios import DispersalScenario

    units = pd.DataFrame(
        {"unit_name": ["东城", "西城"], "over_capacity_before": [True, True], "over_capacity_after": over_after},
        index=pd.Index(["u1", "u2"], name="unit_id"),
    )
    summary = {
        "persons_moved": 120_000.0,
        "commuters_into_core_before": 50_000.0,
        "commuters_into_core_after": into_after,
        "mean_commute_km_before": 9.0,
        "mean_commute_km_after": km_after,
    }
    return DispersalScenario(units, None, summary, ())


def test_relief_scenario_names_the_units_relieved_and_says_so_when_there_is_none():
    types = pd.Series(["dormitory", "balanced", "dormitory"], index=["s1", "s2", "s3"])
    names = {"s1": "甲镇", "s2": "乙镇", "s3": "丙镇"}
    variants = {0.0: _scenario([False, True], 61_000.0, 10.4), 0.5: _scenario([False, True], 42_000.0, 9.6)}
    text = conclusions.relief_scenario(
        "Demo City", types, names, _scenario([False, True], 0.0, 0.0), variants, share=0.1, lang="en"
    )
    assert text.startswith("4. In Demo City 2 of 3 satellites are dormitories (甲镇, 丙镇).")
    assert "Moving 10% of the core's residents (120,000 persons) to the satellites relieves the core: 东城" in text
    assert "commuters into the core go from 50,000 to 61,000 and the mean trip from 9.0 to 10.4 km" in text
    assert "commuters into the core number 42,000 and the mean trip is 9.6 km" in text
    none = conclusions.relief_scenario(
        "Demo City", types.iloc[1:2], names, _scenario([True, True], 0.0, 0.0), variants, share=0.1, lang="en"
    )
    assert "0 of 1 satellites are dormitories (—)" in none
    assert "but takes no unit back under its planned capacity" in none and "relieves" not in none
    assert "但没有一个单元因此回到规划容量以内" in conclusions.relief_scenario(
        "示范市", types, names, _scenario([True, True], 0.0, 0.0), variants, share=0.1, lang="zh"
    )
