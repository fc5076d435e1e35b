"""Community governance: indicators, messages and committee members carry the planted problems."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from governance_analytics import schemas
from governance_analytics.demo import community
from governance_analytics.demo._geography import build_geography

SEED = 11
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
TABLES = ("community_indicators", "messages", "committee_members")


@pytest.fixture(scope="module")
def geo():
    return build_geography(np.random.default_rng(1))


@pytest.fixture(scope="module")
def generated(geo):
    return community.generate(geo, np.random.default_rng(SEED))


@pytest.fixture(scope="module")
def tables(generated):
    return generated[0]


@pytest.fixture(scope="module")
def truth(generated):
    return generated[1]


@pytest.fixture(scope="module")
def dominant(truth) -> pd.Series:
    return pd.Series(truth["dominant_problem"]).fillna("none")


def test_tables_validate_with_schema_columns_first(tables):
    assert set(tables) == set(TABLES)
    for name in TABLES:
        schema = schemas.SCHEMAS[name]
        schema.validate(tables[name])
        required = [c for c, column in schema.columns.items() if column.required]  # optional ones may be absent
        assert list(tables[name].columns[: len(required)]) == required, name
    ind = tables["community_indicators"]
    assert set(ind.columns[2:]) == set(community.INDICATORS)
    assert all(ind[c].dtype == np.float64 for c in community.INDICATORS)
    members = tables["committee_members"]
    assert members["is_resident"].dtype == np.int64 and members["start_year"].dtype == np.int64


def test_same_seed_same_tables_and_truth(geo, tables, truth):
    tables2, truth2 = community.generate(geo, np.random.default_rng(SEED))
    for name in TABLES:
        pd.testing.assert_frame_equal(tables2[name], tables[name])
    assert truth2 == truth
    json.dumps(truth)  # plain python types only


def test_planted_problems_are_balanced(geo, truth, dominant):
    assert set(dominant.index) == set(geo.communities["community_id"])
    counts = dominant.value_counts()
    assert 0.15 <= counts["none"] / len(dominant) <= 0.25
    problem_counts = counts.drop("none")
    assert set(problem_counts.index) == set(community.PROBLEMS) and problem_counts.max() - problem_counts.min() <= 1
    severity = pd.Series(truth["severity"])
    assert (severity[dominant == "none"] == 0).all()
    assert severity[dominant != "none"].between(*community.SEVERITY_RANGE).all()


def test_indicator_directions_documented(tables, truth):
    for name, (problem, direction, zh, en) in community.INDICATORS.items():
        assert problem in community.PROBLEMS and direction in ("higher_is_worse", "higher_is_better")
        assert zh and en and truth["indicators"][name]["direction"] == direction
    per_problem = pd.Series([v[0] for v in community.INDICATORS.values()]).value_counts()
    assert set(per_problem.index) == set(community.PROBLEMS) and per_problem.between(2, 4).all()
    ind = tables["community_indicators"]
    assert len(ind) == ind["community_id"].nunique() * 3 and sorted(ind["year"].unique()) == [2023, 2024, 2025]


def problem_scores(ind: pd.DataFrame) -> pd.DataFrame:
    """Mean signed z-score (higher is worse) of each problem's indicators, from the median over years."""
    med = ind.drop(columns="year").groupby("community_id").median()
    z = (med - med.mean()) / med.std()
    for name, (_, direction, *_) in community.INDICATORS.items():
        if direction == "higher_is_better":
            z[name] = -z[name]
    return pd.DataFrame(
        {p: z[[k for k, v in community.INDICATORS.items() if v[0] == p]].mean(axis=1) for p in community.PROBLEMS}
    )


def test_worst_dimension_is_the_planted_dominant_problem(tables, dominant):
    scores = problem_scores(tables["community_indicators"])
    worst = scores.idxmax(axis=1)
    has = dominant[dominant != "none"]
    hit = (worst.reindex(has.index) == has).mean()
    assert hit >= 0.8
    # communities without a dominant problem are less extreme than those with one
    top = scores.max(axis=1)
    assert top[dominant[dominant == "none"].index].mean() < top[has.index].mean() - 0.3


def test_missing_and_outlier_cells(tables, truth):
    ind = tables["community_indicators"].set_index(["community_id", "year"])
    values = ind[list(community.INDICATORS)]
    share = values.isna().to_numpy().mean()
    assert 0.01 < share < 0.03
    planted = {(c, y, k) for c, y, k in truth["missing_cells"]}
    observed = {(c, y, k) for (c, y), row in values.isna().iterrows() for k in row.index[row.to_numpy()]}
    assert observed == planted
    assert 0 < len(truth["outlier_cells"]) < 0.01 * values.size
    flagged = pd.DataFrame(False, index=values.index, columns=values.columns)
    for c, y, k in truth["outlier_cells"]:
        flagged.at[(c, y), k] = True
    clean = values.mask(flagged)
    for c, y, k in truth["outlier_cells"]:  # gross entry errors: beyond anything winsorising keeps
        assert ind.at[(c, y), k] > max(4 * clean[k].median(), clean[k].quantile(0.99)), (c, y, k)


def test_messages_volume_dates_and_topics(geo, tables):
    msg = tables["messages"]
    assert 5500 <= len(msg) <= 6500
    assert msg["received_at"].min() >= pd.Timestamp("2023-01-01") and msg["received_at"].max() < pd.Timestamp(
        "2026-01-01"
    )
    assert msg["received_at"].is_monotonic_increasing
    assert set(msg["community_id"]) <= set(geo.communities["community_id"])
    assert set(msg["topic"]) == set(community.TOPICS)
    assert msg["text"].str.contains(r"[\u4e00-\u9fff]").all() and msg["text"].nunique() > 0.9 * len(msg)
    assert 0.01 < msg["title"].isna().mean() < 0.1


@pytest.mark.parametrize(
    ("problem", "topic"),
    [
        ("needs_outrun_services", "养老服务"),
        ("tangled_actor_relations", "物业管理"),
        ("administration_led", "社区服务办事难"),
    ],
)
def test_topic_mix_follows_dominant_problem(tables, dominant, problem, topic):
    msg = tables["messages"]
    share = (
        msg.assign(dom=msg["community_id"].map(dominant)).groupby("dom")["topic"].apply(lambda t: (t == topic).mean())
    )
    assert share[problem] > 1.5 * share["none"]


def test_planted_phone_and_id_numbers(tables, truth):
    msg = tables["messages"].set_index("message_id")
    phones = set(msg.index[msg["text"].str.contains(PHONE)])
    ids = set(msg.index[msg["text"].str.contains(ID_NUMBER)])
    assert phones == set(truth["messages"]["pii_phone_ids"])
    assert ids == set(truth["messages"]["pii_id_number_ids"])
    assert 0.015 < (len(phones) + len(ids)) / len(msg) < 0.025 and not phones & ids
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for text in msg.loc[sorted(ids), "text"]:
        number = ID_NUMBER.search(text).group()
        assert number[-1] == "10X98765432"[sum(int(d) * w for d, w in zip(number, weights)) % 11]


def test_formula_injection_texts(tables, truth):
    msg = tables["messages"]
    starts = set(msg.loc[msg["text"].str.match(r"[=+\-@]"), "message_id"])
    assert starts == set(truth["messages"]["formula_ids"])
    assert 3 <= len(starts) <= 20


def test_committee_members_tenure_and_turnover(geo, tables, dominant):
    m = tables["committee_members"]
    assert set(m["role"]) == set(community.ROLES)
    assert set(m["community_id"]) == set(geo.communities["community_id"])
    ended = m["end_year"].notna()
    assert (m.loc[ended, "end_year"] >= m.loc[ended, "start_year"]).all()
    assert (m["start_year"] <= 2025).all() and (m.loc[ended, "end_year"] >= 2016).all()
    assert 0.2 < ended.mean() < 0.9
    # exits in 2023–2025 per position held then: higher where staff is the dominant problem
    held = m[(m["start_year"] <= 2025) & (m["end_year"].isna() | (m["end_year"] >= 2023))]
    exits = held["end_year"].between(2023, 2025).fillna(False).astype(bool).groupby(held["community_id"]).mean()
    by_problem = exits.groupby(dominant.reindex(exits.index)).mean()
    assert by_problem["unstable_staff"] > 1.5 * by_problem.drop("unstable_staff").max()
    resident = m.groupby("community_id")["is_resident"].mean().groupby(dominant).mean()
    assert resident["administration_led"] < resident["none"] - 0.05
