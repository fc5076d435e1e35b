"""The framework as data: validation, weights, and the default six problems against the Demo City."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.community.framework import (
    HIGHER_BETTER,
    HIGHER_WORSE,
    PROBLEMS,
    SIX_PROBLEMS,
    Framework,
    default_framework,
)
from governance_analytics.demo import community as demo_community


def _table(**changes) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "indicator": ["a", "b", "c"],
            "dimension": ["d1", "d1", "d2"],
            "direction": ["higher_is_better", -1, 1],
            "weight": [50.0, 30.0, 20.0],
        }
    )
    return table.assign(**changes)


def test_framework_normalises_directions_and_weights():
    fw = Framework(_table())
    assert fw.indicator_names == ["a", "b", "c"] and fw.dimension_names == ["d1", "d2"]
    assert list(fw.indicators["direction"]) == [HIGHER_BETTER, HIGHER_WORSE, HIGHER_BETTER]
    within, dims = fw.budget_weights()
    assert_allclose(within, [50 / 80, 30 / 80, 1.0])
    assert_allclose(dims, [0.5, 0.5])
    equal, _ = fw.equal_weights()
    assert_allclose(equal, [0.5, 0.5, 1.0])
    assert list(fw.membership) == [0, 0, 1]
    assert list(fw.indicators["label_en"]) == ["a", "b", "c"] and fw.indicators["target"].isna().all()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"direction": ["up", 1, 1]}, "direction"),
        ({"weight": [-1.0, 1.0, 1.0]}, "weights"),
        ({"weight": [0.0, 0.0, 1.0]}, "all indicator weights are zero"),
        ({"indicator": ["a", "a", "c"]}, "listed twice"),
    ],
)
def test_framework_rejects_bad_tables(changes, message):
    with pytest.raises(ValueError, match=message):
        Framework(_table(**changes))


def test_framework_checks_dimension_table_and_data():
    with pytest.raises(ValueError, match="missing from the dimension table"):
        Framework(_table(), pd.DataFrame({"dimension": ["d1"], "weight": [1.0]}))
    with pytest.raises(ValueError, match="have no indicators"):
        Framework(_table(), pd.DataFrame({"dimension": ["d1", "d2", "d3"]}))
    with pytest.raises(ValueError, match="lacks column"):
        Framework(_table().drop(columns="direction"))
    fw = Framework(_table())
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['c'\]"):
        fw.values(pd.DataFrame({"a": [1.0], "b": [2.0]}))
    with pytest.raises(ValueError, match="not numeric"):
        fw.values(pd.DataFrame({"a": ["x"], "b": [2.0], "c": [1.0]}))
    assert fw.select(["d2"]).indicator_names == ["c"]


def test_default_framework_is_the_six_problems_of_the_demo_city():
    fw = default_framework()
    assert fw.dimension_names == list(SIX_PROBLEMS) == list(demo_community.PROBLEMS)
    assert {k: tuple(v) for k, v in PROBLEMS.items()} == demo_community.PROBLEM_LABELS
    assert fw.indicator_names == list(demo_community.INDICATORS)
    for name, (problem, direction, zh, en) in demo_community.INDICATORS.items():
        row = fw.indicators.loc[name]
        assert row["dimension"] == problem and row["label_zh"] == zh and row["label_en"] == en
        assert row["direction"] == (HIGHER_WORSE if direction == demo_community.HIGHER_WORSE else HIGHER_BETTER)
        assert row["unit"] == demo_community.INDICATOR_UNITS[name]
    # the examples are among them
    for name in (
        "resident_vote_share",
        "staff_turnover_rate",
        "staff_vacancy_rate",
        "social_orgs_per_1000",
        "volunteers_per_1000",
        "service_requests_per_capita",
        "unresolved_request_share",
        "assigned_task_share",
    ):
        assert name in fw.indicator_names
    assert np.isclose(fw.budget_weights()[1].sum(), 1.0)


def _own_list(tmp_path, rows: str):
    path = tmp_path / "indicators.csv"
    path.write_text("indicator,dimension,direction,weight,label_zh\n" + rows, encoding="utf-8")
    return path


def test_a_citys_own_indicator_list_is_read_from_a_file(tmp_path):
    from governance_analytics.community.framework import read_framework

    path = _own_list(
        tmp_path,
        "vote_share,weak_self_governance,higher_is_better,2,居民表决比例\n"
        "turnover,unstable_staff,-1,1,流失率\nvacancy,unstable_staff,higher_is_worse,1,空岗率\n",
    )
    framework = read_framework(path)
    assert list(framework.indicators.index) == ["vote_share", "turnover", "vacancy"]
    assert framework.indicators["direction"].tolist() == [1, -1, -1]
    assert framework.dimension_names == ["weak_self_governance", "unstable_staff"]
    assert framework.dimensions.loc["unstable_staff", "label_zh"] == "社区工作者队伍不稳定"  # the six problems' labels


@pytest.mark.parametrize(
    "rows, message",
    [
        ("a,weak_self_governance,sideways,1,x\n", "direction"),
        ("a,weak_self_governance,1,heavy,x\n", "weight: expected a number, got 'heavy'"),
        ("a,weak_self_governance,1,1,x\na,unstable_staff,1,1,y\n", "listed twice"),
    ],
)
def test_a_bad_indicator_list_is_an_error_naming_the_file(tmp_path, rows, message):
    from governance_analytics.community.framework import read_framework

    path = _own_list(tmp_path, rows)
    with pytest.raises(ValueError, match=message) as raised:
        read_framework(path)
    assert str(path) in str(raised.value)


def test_the_city_yml_framework_reaches_the_study(tmp_path):
    from governance_analytics.community.framework import study_framework
    from governance_analytics.config import load_city

    _own_list(tmp_path, "vote_share,weak_self_governance,1,1,居民表决比例\n")
    (tmp_path / "city.yml").write_text(
        "city: {zh: 某市, en: Some City}\nstudies: {community: {framework: indicators.csv, reference_year: 2024}}\n",
        encoding="utf-8",
    )
    spec = load_city(tmp_path / "city.yml").studies.community
    assert spec.framework == (tmp_path / "indicators.csv").resolve() and spec.reference_year == 2024
    assert list(study_framework(spec).indicators.index) == ["vote_share"]
    assert len(study_framework(type(spec)()).indicators) == 19  # no list named: the default
