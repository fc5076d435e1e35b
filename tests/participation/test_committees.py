"""Committee composition against Nanjing's public-member rule: hand-made rosters and the Demo City."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.participation.committees import (
    NANJING_PUBLIC_SHARE,
    committee_composition,
    compliance_by_group,
    compliance_over_time,
)


def _roster() -> pd.DataFrame:
    """Committee A: 2 officials all along, public members 2020-2022 (one open term) — 2/4 in 2021.
    Committee B: 3 officials, 2 public from 2021: 2/5 fails; in 2023 a third official leaves: 2/4 meets."""
    rows = [
        ("A", 2018, 2025, 0),
        ("A", 2018, None, 0),
        ("A", 2020, 2021, 1),
        ("A", 2021, None, 1),
        ("B", 2019, None, 0),
        ("B", 2019, None, 0),
        ("B", 2019, 2022, 0),
        ("B", 2021, None, 1),
        ("B", 2021, None, 1),
    ]
    frame = pd.DataFrame(rows, columns=["committee", "start_year", "end_year", "public"])
    return frame.astype({"end_year": "Int64"})


def test_hand_made_roster():
    roster = _roster()
    before = roster.copy()
    comp = committee_composition(roster, public="public", years=range(2019, 2024), committee="committee")
    pd.testing.assert_frame_equal(roster, before)  # nothing mutated
    assert comp.index.names == ["committee", "year"] and len(comp) == 10
    a = comp.xs("A")
    assert a["members"].tolist() == [2, 3, 4, 3, 3]
    assert a["public_members"].tolist() == [0, 1, 2, 1, 1]
    assert a["meets_rule"].tolist() == [False, False, True, False, False]  # 2 of 4 is exactly half: meets
    assert a["shortfall"].tolist() == [1, 1, 0, 1, 1]  # ceil(3/2) - 1 = 1
    b = comp.xs("B")
    assert b["members"].tolist() == [3, 3, 5, 5, 4] and b["public_members"].tolist() == [0, 0, 2, 2, 2]
    assert b["meets_rule"].tolist() == [False, False, False, False, True]
    assert b.loc[2021, "public_share"] == pytest.approx(0.4) and b.loc[2021, "shortfall"] == 1
    summary = compliance_over_time(comp)
    assert summary.loc[2021, "committees"] == 2 and summary.loc[2021, "meeting_rule"] == 1
    assert summary.loc[2021, "public_share"] == pytest.approx(4 / 9)
    assert summary.loc[2023, "share_meeting_rule"] == pytest.approx(0.5)
    assert summary["seats_short"].tolist() == [3, 3, 1, 2, 1]  # B needs 2 public seats of 3 in 2019-20


def test_compliance_by_group_hand_worked():
    """A and C in group x, B in y. In 2021 A has 2 public of 4 (meets), B 2 of 5 (fails, 1 seat short),
    C 2 of 3 (meets); C serves 2021 only, so it is empty (and left out) in 2022 and 2023."""
    extra = pd.DataFrame({"committee": "C", "start_year": 2021, "end_year": 2021, "public": [1, 1, 0]})
    roster = pd.concat([_roster(), extra.astype({"end_year": "Int64"})], ignore_index=True)
    comp = committee_composition(roster, public="public", years=range(2019, 2024), committee="committee")
    groups = pd.Series({"A": "x", "B": "y", "C": "x"}, name="kind")
    y2021 = compliance_by_group(comp, groups, year=2021)
    assert y2021.index.name == "kind" and y2021.index.tolist() == ["x", "y"]
    assert y2021.columns.tolist() == ["committees", "failing", "share_failing", "mean_public_share", "seats_short"]
    assert y2021.loc["x"].tolist() == pytest.approx([2, 0, 0.0, (1 / 2 + 2 / 3) / 2, 0])
    assert y2021.loc["y"].tolist() == pytest.approx([1, 1, 1.0, 2 / 5, 1])
    y2022 = compliance_by_group(comp, groups, year=2022)  # A: 1 public of 3 -> ceil(3/2) - 1 = 1 seat short
    assert y2022.loc["x"].tolist() == pytest.approx([1, 1, 1.0, 1 / 3, 1])
    latest = compliance_by_group(comp, groups)  # 2023: B has 2 public of 4 and meets the rule
    assert latest.loc["x", "failing"] == 1 and latest.loc["y"].tolist() == pytest.approx([1, 0, 0.0, 0.5, 0])
    with pytest.raises(ValueError, match=r"no group, e.g. \['B'\]"):
        compliance_by_group(comp, groups.drop("B"), year=2021)
    with pytest.raises(ValueError, match="year 2030"):
        compliance_by_group(comp, groups, year=2030)


def test_empty_years_and_custom_threshold():
    roster = _roster()
    comp = committee_composition(roster, public=roster["public"] == 1, years=[2017, 2021], committee="committee")
    empty = comp.loc[("A", 2017)]
    assert empty["members"] == 0 and np.isnan(empty["public_share"]) and pd.isna(empty["meets_rule"])
    assert compliance_over_time(comp).index.tolist() == [2021]  # empty committees are not counted
    two_thirds = committee_composition(roster, public="public", years=[2021], committee="committee", threshold=2 / 3)
    assert not two_thirds.loc[("A", 2021), "meets_rule"] and two_thirds.loc[("A", 2021), "shortfall"] == 1


def test_nanjing_first_committee_met_the_rule():
    """People's Daily (2013-05-27): the first 城市治理委员会 had 45 public members among 83."""
    roster = pd.DataFrame(
        {"committee_id": "南京市城市治理委员会", "start_year": 2013, "end_year": 2016, "public": [1] * 45 + [0] * 38}
    )
    comp = committee_composition(roster, public="public", years=[2013], committee="committee_id")
    row = comp.iloc[0]
    assert NANJING_PUBLIC_SHARE == 0.5
    assert row["members"] == 83 and row["public_share"] == pytest.approx(45 / 83) and row["meets_rule"]
    fewer = roster.assign(public=[1] * 41 + [0] * 42)
    assert (
        committee_composition(fewer, public="public", years=[2013], committee="committee_id").iloc[0]["shortfall"] == 1
    )  # ceil(83 / 2) = 42 public seats needed


def test_bad_rosters_are_named():
    roster = _roster()
    with pytest.raises(KeyError, match="community_id"):
        committee_composition(roster, public="public", years=[2020])
    with pytest.raises(KeyError, match="public-member column"):
        committee_composition(roster, public="is_public", years=[2020], committee="committee")
    with pytest.raises(ValueError, match="end before they start"):
        committee_composition(roster.assign(end_year=2000), public="public", years=[2020], committee="committee")
    with pytest.raises(ValueError, match="missing"):
        committee_composition(
            roster.assign(public=[1, None, 1, 1, 0, 0, 0, 1, 1]), public="public", years=[2020], committee="committee"
        )
    with pytest.raises(ValueError, match="threshold"):
        committee_composition(roster, public="public", years=[2020], committee="committee", threshold=0)


def test_demo_city_composition_over_time(demo_city):
    """Residents' committees (elected posts, not 社区工作者 staff) with resident members as the public:
    the generator lowers the odds that a post holder lives in the community in administration-led and
    weakly self-governing communities, so those fail the rule more often."""
    members = demo_city.tables["committee_members"]
    elected = members[members["role"] != "社区工作者"]
    years = range(2016, 2026)
    comp = committee_composition(elected, public="is_resident", years=years)
    communities = demo_city.tables["communities"]["community_id"]
    assert set(comp.index.get_level_values("community_id")) == set(elected["community_id"])
    assert len(comp) == elected["community_id"].nunique() * len(years)
    summary = compliance_over_time(comp)
    assert summary.index.tolist() == list(years)
    assert (summary["public_share"] > 0.5).all() and (summary["share_meeting_rule"] < 1).all()
    dominant = pd.Series(demo_city.truth["community"]["dominant_problem"])
    penalised = dominant.isin(["administration_led", "weak_self_governance"])
    flag = comp.reset_index()["community_id"].map(penalised.reindex(communities.to_numpy(), fill_value=False))
    fails = ~comp["meets_rule"].astype(bool).to_numpy()
    assert fails[flag.to_numpy()].mean() > 1.5 * fails[~flag.to_numpy()].mean()
    # by planted problem in the latest year: the groups add up to the year's summary
    by_problem = compliance_by_group(comp, dominant.reindex(communities.to_numpy()).fillna("none"), year=2025)
    assert by_problem["committees"].sum() == summary.loc[2025, "committees"]
    assert (by_problem["committees"] - by_problem["failing"]).sum() == summary.loc[2025, "meeting_rule"]
    assert by_problem["seats_short"].sum() == summary.loc[2025, "seats_short"]
