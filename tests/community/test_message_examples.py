"""Typical messages (closest to their topic's TF-IDF centroid), address masking for showing a message,
and the share of messages answered within a time limit — hand-worked and on the Demo City."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.feature_extraction.text import TfidfVectorizer

from governance_analytics.community._text import JiebaTokenizer
from governance_analytics.community.messages import (
    message_documents,
    scrub_addresses,
    scrub_pii,
    typical_messages,
)

TEXTS = [
    ("电梯", "电梯坏了三天，物业一直不修电梯，电梯井还漏水"),
    ("电梯", "电梯又坏了，物业拖着不修，老人上下楼很困难"),
    ("电梯", "小区停车位不够，晚上回来找不到停车位"),
    ("电梯", "电梯坏了"),
    ("噪声", "广场舞音响开得太大，晚上噪音吵得睡不着觉"),
    ("噪声", "楼上装修噪音很大，每天早上吵得睡不着觉"),
    (None, "没有主题的留言，不参与选择，也不计入任何一组"),
    ("噪声", "广场舞音响开得太大，晚上噪音吵得睡不着觉"),
]


@pytest.fixture()
def messages() -> pd.DataFrame:
    return pd.DataFrame(
        {"topic": [t for t, _ in TEXTS], "title": None, "text": [x for _, x in TEXTS]},
        index=[f"m{i}" for i in range(len(TEXTS))],
    )


def test_typical_messages_are_closest_to_their_centroid(messages):
    chosen = typical_messages(messages, by="topic", n=2, min_chars=10)
    assert list(chosen.columns) == ["topic", "rank", "position", "similarity", "n_messages"]
    # independently: cosine of each labelled message with the mean TF-IDF vector of its topic
    kept = messages[messages["topic"].notna()]
    tfidf = TfidfVectorizer(
        tokenizer=JiebaTokenizer(min_chars=2), token_pattern=None, lowercase=False, sublinear_tf=True
    )
    vectors = tfidf.fit_transform(message_documents(kept).tolist()).toarray()
    for topic, rows in chosen.groupby("topic"):
        members = np.flatnonzero(kept["topic"].to_numpy() == topic)
        centroid = vectors[members].mean(axis=0)
        cosine = vectors[members] @ centroid / np.linalg.norm(centroid)
        by_position = dict(zip([messages.index.get_loc(kept.index[i]) for i in members], cosine))
        assert_allclose(rows["similarity"], [by_position[p] for p in rows["position"]])
        eligible = {p: s for p, s in by_position.items() if len(TEXTS[p][1]) >= 10}
        assert rows["similarity"].iloc[0] == pytest.approx(max(eligible.values()))
        assert rows["n_messages"].eq(len(members)).all()
    elevator = chosen[chosen["topic"] == "电梯"]["position"].tolist()
    assert set(elevator) == {0, 1}  # the two lift messages, not parking (off-topic) nor "电梯坏了" (too short)
    noise = chosen[chosen["topic"] == "噪声"]["position"].tolist()
    assert len(noise) == 2 and sorted(noise) != [4, 7]  # a repeated text is shown once
    assert 6 not in chosen["position"].tolist()  # no topic, never chosen


def test_typical_messages_deterministic_short_groups_and_errors(messages):
    first = typical_messages(messages, by="topic", n=3)
    pd.testing.assert_frame_equal(first, typical_messages(messages, by="topic", n=3))
    # the tie between the identical texts 4 and 7 goes to the earlier message
    assert 7 not in first["position"].tolist() and 4 in first["position"].tolist()
    tiny = messages.assign(text=["短"] * len(messages))  # none long enough: every message is a candidate
    picked = typical_messages(tiny, by="topic", n=1)  # no word at all: every similarity 0, the first message wins
    assert dict(zip(picked["topic"], picked["position"])) == {"电梯": 0, "噪声": 4}
    assert picked["topic"].tolist() == sorted(picked["topic"])
    assert typical_messages(messages.assign(topic=None), by="topic").empty
    with pytest.raises(ValueError, match="at least 1"):
        typical_messages(messages, by="topic", n=0)
    with pytest.raises(ValueError, match="no column 'label'"):
        typical_messages(messages, by="label")


def test_typical_messages_of_the_demo_city_are_on_topic(demo_city):
    messages = demo_city.tables["messages"]
    quarter = messages[messages["received_at"].between("2025-10-01", "2025-12-31 23:59:59")]
    chosen = typical_messages(quarter, by="topic", n=2)
    assert chosen.groupby("topic").size().eq(2).all() and set(chosen["topic"]) == set(quarter["topic"])
    texts = quarter["text"].to_numpy()
    assert all(len(texts[p]) >= 20 for p in chosen["position"])
    on_topic = {"物业管理": "物业", "停车难": "车", "噪声扰民": "噪", "养老服务": "老"}
    for topic, word in on_topic.items():
        positions = chosen.loc[chosen["topic"] == topic, "position"]
        assert all(word in texts[p] for p in positions), topic


@pytest.mark.parametrize(
    "text, expected",
    [
        ("32号楼楼下污水横流", "×号楼楼下污水横流"),
        ("27栋4单元的电梯三天两头坏", "×栋×单元的电梯三天两头坏"),
        ("幸福路88号3单元502室", "幸福路×号×单元×室"),
        ("住在三号楼五单元", "住在×号楼×单元"),
        ("一楼住户把绿地围起来了", "一楼住户把绿地围起来了"),  # a floor in words names no home
        ("打12345热线没人管，最近一个月都这样", "打12345热线没人管，最近一个月都这样"),
        ("车牌皖A12345的车堵了消防通道", "车牌[车牌]的车堵了消防通道"),
        ("粤B·D12345 常年占道", "[车牌] 常年占道"),
        (None, None),
    ],
)
def test_scrub_addresses(text, expected):
    assert scrub_addresses(text) == expected


def test_scrubbing_for_display_keeps_the_placeholders():
    text = "我住12号楼，电话13912345678，身份证11010519800101123X"
    assert scrub_addresses(scrub_pii(text)) == "我住×号楼，电话[电话]，身份证[身份证号]"
