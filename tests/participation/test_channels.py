"""Rates by channel and group, and the design-based gaps between groups (Demo City and hand checks).

The estimators underneath are R-checked elsewhere (``SurveyDesign.proportion``: test_survey_design;
``compare_groups``: test_contrasts); here: the table's shape and labels, that its numbers are those
estimators' numbers, and that on the Demo City the gaps planted between locals and migrants are
found and the finite-population gaps are covered.
"""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.demo import participation as demo_participation
from governance_analytics.participation import SurveyDesign
from governance_analytics.participation.channels import (
    CHANNEL_LABELS,
    CHANNELS,
    channel_gains,
    channel_gaps,
    channel_rates,
)
from governance_analytics.participation.contrasts import compare_groups


@pytest.fixture(scope="module")
def design(demo_city) -> SurveyDesign:
    return SurveyDesign(demo_city.tables["survey"], weight="weight", strata="stratum", psu="psu", fpc="fpc")


@pytest.fixture(scope="module")
def rates(design) -> pd.DataFrame:
    return channel_rates(design, by=["hukou", "district", "age_group", "education", "income_band"])


def test_channel_labels_are_the_issue_channels_and_the_demo_survey_s():
    assert CHANNELS == (
        "p_hearing",
        "p_consultation",
        "p_notice",
        "p_hotline",
        "p_online",
        "p_volunteer",
        "p_meeting",
        "p_committee",
    )
    assert dict(CHANNEL_LABELS) == demo_participation.CHANNEL_LABELS
    zh = [v[0] for v in CHANNEL_LABELS.values()]
    for term in ("听证", "征求意见", "公示", "12345", "网上", "志愿", "居民会议", "委员会"):
        assert any(term in z for z in zh), term


def test_one_table_of_all_channels_overall_and_by_group(rates, design, demo_city):
    survey = demo_city.tables["survey"]
    n_levels = 1 + sum(survey[c].nunique() for c in ["hukou", "district", "age_group", "education", "income_band"])
    assert len(rates) == 8 * n_levels
    assert rates.index.names == ["group", "level", "channel"]
    assert list(rates.columns) == ["label_zh", "label_en", "estimate", "se", "ci_low", "ci_high", "deff", "df", "n"]
    overall = rates.loc["all"].loc["all"]
    assert list(overall.index) == list(CHANNELS) and (overall["n"] == 3000).all()
    assert overall.loc["p_hotline", "label_zh"] == "12345热线"
    # the numbers are SurveyDesign.proportion's (R svyciprop, logit interval)
    ref = design.proportion("p_meeting", by="hukou").xs("p_meeting", level="variable").droplevel("level")
    assert_allclose(
        rates.loc[("hukou", "migrant", "p_meeting"), ["estimate", "se", "ci_low", "ci_high"]].astype(float),
        ref.loc["migrant", ["estimate", "se", "ci_low", "ci_high"]].astype(float),
        rtol=1e-12,
    )
    assert (rates["ci_low"] < rates["estimate"]).all() and (rates["estimate"] < rates["ci_high"]).all()
    # domains of the full design: every group's df is that of its PSUs (districts are strata: 5 PSUs - 1)
    assert (rates.loc["district"]["df"] == 4).all() and (rates.loc["hukou"]["df"] == 24).all()


def test_population_rates_by_channel_are_covered(rates, demo_city):
    population = demo_city.truth["participation"]["population"]
    hits = []
    for channel in CHANNELS:
        for group, key in (("all", None), ("hukou", "rate_by_hukou"), ("district", "rate_by_district")):
            truth = {"all": population["rate"][channel]} if key is None else population[key][channel]
            for level, value in truth.items():
                row = rates.loc[(group, level, channel)]
                hits.append(row["ci_low"] <= value <= row["ci_high"])
    assert len(hits) == 8 * (1 + 2 + 6) and np.mean(hits) >= 0.9


def test_gaps_between_migrants_and_locals(design, demo_city):
    gaps = channel_gaps(design, by="hukou", reference="local")
    assert gaps.index.names == ["channel", "level"] and len(gaps) == 8
    assert (gaps["reference"] == "local").all() and (gaps["df"] == 23).all()
    # each row is compare_groups' design-based difference
    one = compare_groups(design, "p_meeting", by="hukou", reference="local").loc["migrant"]
    assert gaps.loc[("p_meeting", "migrant"), "difference"] == pytest.approx(one["difference"])
    assert gaps.loc[("p_meeting", "migrant"), "se"] == pytest.approx(one["se"])
    assert (gaps["p_adjusted"] >= gaps["p_value"]).all()
    # planted: locals attend meetings more (OR 2), migrants call 12345 more (OR 1.8); both detected after Holm
    meeting, hotline = gaps.loc[("p_meeting", "migrant")], gaps.loc[("p_hotline", "migrant")]
    assert meeting["ci_high"] < 0 and meeting["p_adjusted"] < 0.001
    assert hotline["ci_low"] > 0 and hotline["p_adjusted"] < 0.001
    # the finite-population gaps are covered in (nearly) every channel
    by_hukou = demo_city.truth["participation"]["population"]["rate_by_hukou"]
    covered = [
        gaps.loc[(ch, "migrant"), "ci_low"]
        <= by_hukou[ch]["migrant"] - by_hukou[ch]["local"]
        <= gaps.loc[(ch, "migrant"), "ci_high"]
        for ch in CHANNELS
    ]
    assert sum(covered) >= 7


def test_any_participation_gap_is_detected_and_covered(design, demo_city):
    truth = demo_city.truth["participation"]["population"]["rate_by_hukou"]["participated_any"]
    row = compare_groups(design, "participated_any", by="hukou", reference="local").loc["migrant"]
    assert row["ci_high"] < 0  # migrants take part less
    assert row["ci_low"] <= truth["migrant"] - truth["local"] <= row["ci_high"]


def test_custom_channels_labels_and_no_adjustment(design):
    table = channel_rates(
        design, channels=["p_notice", "participated_any"], labels={"p_notice": ("公示", "notices")}, method="beta"
    )
    assert table.loc[("all", "all", "p_notice"), "label_en"] == "notices"
    assert table.loc[("all", "all", "participated_any"), "label_zh"] == "participated_any"
    gaps = channel_gaps(design, by="hukou", channels=["p_notice"], adjust=None)
    assert (gaps["p_adjusted"] == gaps["p_value"]).all()


def test_gain_if_every_group_took_part_at_the_target_rate_equals_svycontrast(apiclus):
    data = apiclus["apiclus1"].assign(x1=lambda d: (d["sch.wide"] == "Yes").astype(int))
    dclus1 = SurveyDesign(data, weight="pw", psu="dnum", fpc="fpc")
    gain = channel_gains(dclus1, by="stype", target="E", channels=["x1"]).loc["x1"]
    # c(coef(svycontrast(svytotal(~x1E + isE + x1 + one, dclus1), quote(x1E / isE - x1 / one))), SE(...))
    # with isE = stype == "E", x1E = x1 * isE, one = 1 (participation_reference.R)
    assert_allclose([gain["gain"], gain["se"]], [0.0423497267759564, 0.0249386986263425], rtol=1e-10)
    assert gain["rate_target"] == pytest.approx(dclus1.mean("x1", by="stype").loc[("E", "x1"), "estimate"])
    with pytest.raises(KeyError, match="not a group"):
        channel_gains(dclus1, by="stype", target="X", channels=["x1"])


def test_demo_city_gains_if_migrants_took_part_like_locals(design, demo_city):
    gains = channel_gains(design, by="hukou", target="local")
    assert list(gains.index) == list(CHANNELS)
    # Δ = Σ_g N_g/N (p_local - p_g) = share of migrants × (p_local - p_migrant)
    rates = channel_rates(design, by="hukou").xs("hukou")
    migrants = design.proportion("hukou", level="migrant").iloc[0]["estimate"]
    for channel in ("p_meeting", "p_hotline"):
        gap = rates.loc[("local", channel), "estimate"] - rates.loc[("migrant", channel), "estimate"]
        assert gains.loc[channel, "gain"] == pytest.approx(migrants * gap)
    assert gains.loc["p_meeting", "ci_low"] > 0 and gains.loc["p_hotline", "ci_high"] < 0
    population = demo_city.truth["participation"]["population"]
    truth = population["rate_by_hukou"]["p_meeting"]["local"] - population["rate"]["p_meeting"]
    assert gains.loc["p_meeting", "ci_low"] <= truth <= gains.loc["p_meeting", "ci_high"]
