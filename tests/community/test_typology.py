"""Dominant problem and typologies on constructed data with a known answer."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.community import Typology, default_framework, dominant_problem
from governance_analytics.community.profiles import problem_summary, profile_names, standardise

DIMS = default_framework().dimension_names


def _planted(n_per: int = 20, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """Communities in six well separated groups, each high on one dimension, plus a group high on none."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for g in range(7):
        block = rng.normal(50, 4, size=(n_per, 6))
        if g < 6:
            block[:, g] += 30
        rows.append(block)
        truth += [DIMS[g] if g < 6 else "none"] * n_per
    index = pd.Index([f"c{i:03d}" for i in range(7 * n_per)], name="community_id")
    return pd.DataFrame(np.vstack(rows), index=index, columns=DIMS), pd.Series(truth, index=index)


def test_dominant_problem_finds_the_planted_dimension_with_evidence():
    scores, truth = _planted()
    indicators = pd.DataFrame(0.0, index=scores.index, columns=default_framework().indicator_names)
    indicators["staff_vacancy_rate"] = scores["unstable_staff"]  # the unstable_staff group is driven by vacancies
    out = dominant_problem(scores, indicator_scores=indicators, threshold=1.0)
    planted = truth != "none"
    assert (out.loc[planted, "dominant_problem"] == truth[planted]).all()
    assert out.loc[~planted, "dominant_problem"].isna().all()  # nothing stands 1 sd out
    assert (out.loc[planted, "clear"]).all() and (out.loc[planted, "gap"] > 1).all()
    staff = truth == "unstable_staff"
    assert (out.loc[staff, "top_indicator"] == "staff_vacancy_rate").all()
    assert (out.loc[staff, "label_zh"] == "社区工作者队伍不稳定").all()
    z = standardise(scores)
    assert_allclose(out["z"], z.max(axis=1))
    assert_allclose(out["score"], scores.to_numpy()[np.arange(len(scores)), z.to_numpy().argmax(axis=1)])


def test_dominant_problem_standardises_on_a_reference():
    scores, _ = _planted()
    later = scores + 100  # everything worse by the same amount
    against_itself = dominant_problem(later)
    against_reference = dominant_problem(later, reference=scores)
    assert_allclose(against_itself["z"], dominant_problem(scores)["z"])
    assert (against_reference["z"] > 5).all()


def test_problem_summary_counts_drivers_topics_and_names_by_hand():
    a, b = DIMS[0], DIMS[1]
    dominant = pd.DataFrame(
        {
            "dominant_problem": [a, a, a, b, None],
            "clear": [True, False, True, True, False],
            "z": [1.0, 3.0, 2.0, 0.8, 0.2],
            "top_indicator": ["x2", "x1", "x2", "y1", "y1"],
        },
        index=["k1", "k2", "k3", "k4", "k5"],
    )
    names = pd.Series({"k1": "东社区", "k2": "西社区", "k3": "南社区", "k4": "北社区", "k5": "中社区"})
    # lift exactly at the boundary (1.2) counts; 1.19 does not
    lift = pd.DataFrame({"交通": [1.2, 0.9, 1.0], "环境": [1.1, 1.19, 1.0]}, index=[a, b, "none"])
    out = problem_summary(dominant, names=names, lift=lift, n_named=2)
    assert list(out.index) == [*DIMS, "none"]
    assert out["communities"].tolist() == [3, 1, 0, 0, 0, 0, 1] and out["clear"].tolist() == [2, 1, 0, 0, 0, 0, 0]
    assert out.loc[a, "driving_indicator"] == "x2" and out.loc[b, "driving_indicator"] == "y1"  # x2 drives two of three
    assert pd.isna(out.loc["none", "driving_indicator"])
    assert out.loc[a, "written_more"] == "交通" and out.loc[a, "lift"] == 1.2
    assert pd.isna(out.loc[b, "written_more"]) and pd.isna(out.loc["none", "written_more"])  # 1.19 and 1.0: no excess
    assert out.loc[a, "highest"] == "西社区、南社区" and out.loc[b, "highest"] == "北社区"  # by z, the highest first
    assert pd.isna(out.loc["none", "highest"])


@pytest.mark.parametrize("method", ["kmeans", "ward"])
def test_typology_recovers_well_separated_types_and_names_them(method):
    from sklearn.metrics import adjusted_rand_score

    scores, truth = _planted()
    typology = Typology(method=method, seed=1).fit(scores)
    assert typology.n_clusters_ == 7
    assert typology.silhouette_.loc[7, "chosen"] and typology.silhouette_["silhouette"].idxmax() == 7
    assert adjusted_rand_score(truth, typology.labels_) == pytest.approx(1.0)
    types = typology.types_
    assert sorted(types["key"]) == sorted([*DIMS, "none"])
    assert (types["size"] == 20).all() and types["size"].sum() == len(scores)
    staff = types.set_index("key").loc["unstable_staff"]
    assert staff["name_zh"] == "社区工作者队伍不稳定型" and staff["name_en"] == "unstable community staff"
    assert_allclose(typology.predict(scores), typology.labels_)


def test_profile_names_cover_two_terms_low_and_repeats():
    z = pd.DataFrame(
        [[1.2, 0.8, 0, 0, 0, 0], [-1, -1, -1, -1, -1, -1], [0.9, 0, 0, 0, 0, 0], [1.0, 0, 0, 0, 0, 0]], columns=DIMS
    )
    names = profile_names(z)
    assert names.loc[0, "key"] == "weak_self_governance+tangled_actor_relations"
    assert names.loc[0, "name_zh"] == "居委会自治能力不足、多元主体关系未理顺型"
    assert names.loc[1, "key"] == "low" and pd.isna(names.loc[1, "lead"])
    assert names.loc[3, "key"] == "weak_self_governance (2)"


def test_typology_rejects_bad_input():
    scores, _ = _planted()
    with pytest.raises(ValueError, match="method"):
        Typology(method="dbscan").fit(scores)
    with pytest.raises(ValueError, match="missing"):
        Typology().fit(scores.assign(unstable_staff=np.nan))
    with pytest.raises(ValueError, match="not fitted"):
        Typology().predict(scores)
