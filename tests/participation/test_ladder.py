"""Arnstein's ladder: the rungs, the editable mapping, each respondent's highest rung, and the
distribution across rungs and tiers (R survey and Demo City checks).

R reference (``participation_reference.R``): on apiclus1 four Yes/No items play channels x1..x4 mapped
to informing (3), consultation (4), placation (5), partnership (6):
    top <- pmax(3 * x1, 4 * x2, 5 * x3, 6 * x4); svymean(~factor(top), dclus1)
"""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.participation import SurveyDesign
from governance_analytics.participation.ladder import (
    ARNSTEIN_RUNGS,
    ARNSTEIN_TIERS,
    DEFAULT_MAPPING,
    MAPPING_RATIONALE,
    highest_rung,
    ladder_distribution,
    ladder_mapping,
    rungs_table,
)

API_MAPPING = {"x1": "informing", "x2": "consultation", "x3": "placation", "x4": "partnership"}


def _api_channels(data: pd.DataFrame) -> pd.DataFrame:
    return data.assign(
        x1=(data["sch.wide"] == "Yes").astype(int),
        x2=(data["comp.imp"] == "Yes").astype(int),
        x3=(data["awards"] == "Yes").astype(int),
        x4=(data["yr.rnd"] == "Yes").astype(int),
    )


def test_eight_rungs_in_three_tiers():
    assert [r.number for r in ARNSTEIN_RUNGS] == list(range(1, 9))
    assert [r.key for r in ARNSTEIN_RUNGS] == [
        "manipulation",
        "therapy",
        "informing",
        "consultation",
        "placation",
        "partnership",
        "delegated_power",
        "citizen_control",
    ]
    assert [r.tier for r in ARNSTEIN_RUNGS] == ["nonparticipation"] * 2 + ["tokenism"] * 3 + ["citizen_power"] * 3
    assert list(ARNSTEIN_TIERS) == ["nonparticipation", "tokenism", "citizen_power"]
    table = rungs_table()
    assert table.loc[6, "label_zh"] == "合作伙伴" and table.loc[4, "tier_zh"] == "象征性参与"


def test_default_mapping_covers_the_eight_channels_with_a_reason_each():
    assert set(DEFAULT_MAPPING) == set(MAPPING_RATIONALE) and len(DEFAULT_MAPPING) == 8
    table = ladder_mapping()
    assert table.set_index("channel").loc["p_notice", "rung"] == "informing"
    assert table.set_index("channel").loc["p_hearing", "rung"] == "consultation"
    assert table.set_index("channel").loc["p_committee", "tier"] == "citizen_power"
    assert (table["rationale"].str.len() > 40).all()
    # editable: a new table each call, edited and passed back
    table.loc[table["channel"] == "p_volunteer", "rung"] = "therapy"
    edited = ladder_mapping(table)
    assert edited.set_index("channel").loc["p_volunteer", "rung_number"] == 2
    assert edited.set_index("channel").loc["p_volunteer", "rationale"] == ""  # not the default's reason
    assert ladder_mapping().set_index("channel").loc["p_volunteer", "rung"] == "placation"
    with pytest.raises(ValueError, match="not a rung"):
        ladder_mapping({"p_notice": "shouting"})
    with pytest.raises(ValueError, match="empty"):
        ladder_mapping({})


def test_highest_rung_hand_worked():
    survey = pd.DataFrame(
        {"a": [0, 1, 1, 0, np.nan, 0], "b": [0, 0, 1, 0, 0, np.nan], "c": [0, 0, 0, 1, 1, 0]},
        index=[10, 11, 12, 13, 14, 15],
    )
    out = highest_rung(survey, {"a": "informing", "b": 4, "c": "partnership"})
    assert list(out.index) == [10, 11, 12, 13, 14, 15]
    # none; informing; consultation beats informing; partnership; c=1 decides despite a missing a;
    # a missing b (consultation) above a reached nothing: unknown
    assert out["highest_rung_number"].tolist()[:5] == [0, 3, 4, 6, 6] and out["highest_rung_number"].isna().iat[5]
    assert out["highest_rung"].tolist()[:5] == ["none", "informing", "consultation", "partnership", "partnership"]
    assert out["highest_tier"].tolist()[:5] == ["none", "tokenism", "tokenism", "citizen_power", "citizen_power"]
    with pytest.raises(KeyError, match="not in the survey"):
        highest_rung(survey, {"zz": "informing"})
    assert survey["a"].isna().sum() == 1  # input not modified


def test_distribution_equals_svymean_of_the_highest_rung(apiclus):
    design = SurveyDesign(_api_channels(apiclus["apiclus1"]), weight="pw", psu="dnum", fpc="fpc")
    dist = ladder_distribution(design, API_MAPPING)
    assert list(dist.index) == [
        "none",
        "manipulation",
        "therapy",
        "informing",
        "consultation",
        "placation",
        "partnership",
        "delegated_power",
        "citizen_control",
    ]
    # c(coef(svymean(~factor(top), dclus1)), SE(svymean(~factor(top), dclus1))): levels 0, 3, 4, 5, 6
    reached = ["none", "informing", "consultation", "placation", "partnership"]
    assert_allclose(
        dist.loc[reached, "estimate"],
        [0.12568306010929, 0.14207650273224, 0.0163934426229508, 0.666666666666667, 0.0491803278688525],
        rtol=1e-12,
    )
    assert_allclose(
        dist.loc[reached, "se"],
        [0.0203594772446274, 0.0169535872012547, 0.0104880133719049, 0.0505031911342306, 0.0313658530776273],
        rtol=1e-10,
    )
    assert dist["estimate"].sum() == pytest.approx(1.0)
    empty = dist.loc[["manipulation", "therapy", "delegated_power", "citizen_control"]]
    assert (empty["estimate"] == 0).all() and (empty["channels"] == 0).all() and empty["ci_low"].isna().all()
    tiers = ladder_distribution(design, API_MAPPING, level="tier")
    assert list(tiers.index) == ["none", "nonparticipation", "tokenism", "citizen_power"]
    assert tiers.loc["tokenism", "estimate"] == pytest.approx(
        dist.loc[["informing", "consultation", "placation"], "estimate"].sum()
    )
    assert tiers.loc["tokenism", "channels"] == 3


def test_demo_city_ladder(demo_city):
    survey = demo_city.tables["survey"]
    design = SurveyDesign(survey, weight="weight", strata="stratum", psu="psu", fpc="fpc")
    rate = demo_city.truth["participation"]["population"]["rate"]
    tiers = ladder_distribution(design, level="tier")
    # with the default mapping, citizen power = sat on a committee, none = took no part: both covered
    cp, none = tiers.loc["citizen_power"], tiers.loc["none"]
    assert cp["ci_low"] <= rate["p_committee"] <= cp["ci_high"]
    assert none["ci_low"] <= 1 - rate["participated_any"] <= none["ci_high"]
    assert tiers.loc["tokenism", "estimate"] > 0.7  # the "low level" problem: most stop at tokenism
    by = ladder_distribution(design, level="tier", by="hukou")
    assert by.loc[("migrant", "citizen_power"), "estimate"] < by.loc[("local", "citizen_power"), "estimate"]
    for group in ("local", "migrant"):
        assert by.xs(group)["estimate"].sum() == pytest.approx(1.0)
    # editing the mapping moves people: committees as delegated power, volunteering as therapy
    edited = ladder_distribution(
        design, {**DEFAULT_MAPPING, "p_committee": "delegated_power", "p_volunteer": "therapy"}
    )
    assert edited.loc["delegated_power", "estimate"] == pytest.approx(cp["estimate"])
    assert edited.loc["therapy", "estimate"] > 0 and edited.loc["partnership", "estimate"] == 0
