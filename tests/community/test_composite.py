"""CompositeIndex: the pipeline on the hand-worked 3 × 3 example, fit/transform, options and errors."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone

from governance_analytics.community import CompositeIndex, Framework
from governance_analytics.community.bod import benefit_of_the_doubt

# the 3 × 3 example of test_methods: x1, x2 higher is better, x3 higher is worse
TOY = pd.DataFrame(
    {
        "community_id": ["A", "B", "C"],
        "year": 2023,
        "x1": [2.0, 4.0, 8.0],
        "x2": [10.0, 20.0, 60.0],
        "x3": [1.0, 3.0, 2.0],
    }
)
ONE_DIMENSION = Framework(
    pd.DataFrame(
        {
            "indicator": ["x1", "x2", "x3"],
            "dimension": "d",
            "direction": [1, 1, -1],
            "weight": [0.5, 0.3, 0.2],
            "target": [6.0, np.nan, 1.5],
        }
    )
)
TWO_DIMENSIONS = Framework(
    pd.DataFrame({"indicator": ["x1", "x2", "x3"], "dimension": ["d1", "d1", "d2"], "direction": [1, 1, -1]})
)
MINMAX_MEAN = np.array([100 / 3, (100 / 3 + 20) / 3, 250 / 3])  # equal weights, see test_methods


def _toy(**options) -> CompositeIndex:
    return CompositeIndex(ONE_DIMENSION, winsorise=None, impute=None, **options).fit(TOY)


def test_pipeline_reproduces_the_hand_worked_index():
    performance = _toy(problem_orientation=False).transform(TOY)
    assert_allclose(performance["d"], MINMAX_MEAN)
    assert_allclose(performance["index"], MINMAX_MEAN)  # one dimension: the index is that dimension
    problem = _toy().transform(TOY)
    assert_allclose(problem["index"], 100 - MINMAX_MEAN)  # higher = worse problem
    assert list(problem["rank"]) == [2, 1, 3]  # B has the worst problem score
    assert problem.index.names == ["community_id", "year"]
    budget = _toy(weights="budget", problem_orientation=False).transform(TOY)
    assert_allclose(budget["index"], [20.0, 0.5 * 100 / 3 + 0.3 * 20, 90.0])
    geometric = _toy(aggregate="geometric", problem_orientation=False).transform(TOY)  # min-max on [1, 100]
    assert_allclose(geometric["index"], [100 ** (1 / 3), (34 * 20.8) ** (1 / 3), (100 * 100 * 50.5) ** (1 / 3)])
    assert_allclose(_toy(aggregate="geometric").transform(TOY)["index"], 101 - geometric["index"])


def test_distance_to_target_uses_framework_targets_and_the_quantile_fallback():
    est = _toy(normalise="target", problem_orientation=False)
    scores = est.evaluate(TOY).indicator_scores
    assert_allclose(scores["x1"], [0.0, 50.0, 100.0])
    assert_allclose(scores["x3"], [100.0, 0.0, 100 / 1.5])
    # x2 has no target: the 0.9 quantile of the reference values (numpy linear: 20 + 0.8 * 40 = 52)
    assert est.normalisation_.loc["x2", "target"] == pytest.approx(52.0)
    assert_allclose(scores["x2"], [0.0, 10 / 42 * 100, 100.0])
    problem = _toy(normalise="target").evaluate(TOY).indicator_scores
    assert_allclose(problem["x1"], [100.0, 50.0, 0.0])  # the remaining gap to the target


def test_bod_in_the_pipeline_equals_the_frontier_on_unit_scores():
    est = CompositeIndex(TWO_DIMENSIONS, winsorise=None, impute=None, weights="bod", problem_orientation=False).fit(TOY)
    result = est.evaluate(TOY)
    unit = np.array([[0.0, 0.0], [1 / 3, 0.2], [1.0, 1.0]])  # x1, x2 min-max on [0, 1]
    assert_allclose(result.scores["d1"], 100 * benefit_of_the_doubt(unit).scores)
    assert_allclose(result.scores["d2"], [100.0, 0.0, 50.0])  # one indicator: its share of the best
    assert result.bod_weights is not None
    assert_allclose(result.bod_weights[["x1", "x2"]].sum(axis=1).iloc[1:], 1.0)
    problem = CompositeIndex(TWO_DIMENSIONS, winsorise=None, impute=None, weights="bod").fit(TOY).transform(TOY)
    assert_allclose(problem["d1"], 100 - result.scores["d1"])


@pytest.fixture(scope="module")
def indicators(demo_city) -> pd.DataFrame:
    return demo_city.tables["community_indicators"]


@pytest.mark.filterwarnings("ignore:.*below the reference year's lowest:RuntimeWarning")
def test_transform_of_the_reference_year_equals_fit_transform(indicators):
    ref = indicators[indicators["year"] == 2023]
    for options in (
        {},
        {"normalise": "rank", "weights": "pca"},
        {"weights": "bod"},
        {"aggregate": "geometric", "normalise": "zscore"},
    ):
        est = CompositeIndex(**options)
        fitted = est.fit_transform(ref)
        all_years = est.transform(indicators)
        pd.testing.assert_frame_equal(all_years.xs(2023, level="year", drop_level=False), fitted)
        ranks = all_years["rank"].groupby(level="year")
        assert ranks.min().tolist() == [1] * 3 and ranks.count().tolist() == [len(ref)] * 3  # ranks within a year


def test_later_years_keep_the_reference_scale(indicators):
    ref, later = indicators[indicators["year"] == 2023], indicators[indicators["year"] == 2025]
    est = CompositeIndex(problem_orientation=False).fit(ref)
    scores = est.evaluate(later).indicator_scores
    table = est.normalisation_
    x = later.set_index(["community_id", "year"])["staff_turnover_rate"]  # higher is worse
    lo, hi = table.loc["staff_turnover_rate", ["min", "max"]]
    treated = x.clip(upper=est.winsorised_.loc["staff_turnover_rate", "upper"]).fillna(
        table.loc["staff_turnover_rate", "imputed_with"]
    )
    assert_allclose(scores["staff_turnover_rate"], 100 * (hi - treated) / (hi - lo))
    refit = CompositeIndex(problem_orientation=False).fit(later).evaluate(later).indicator_scores
    assert not np.allclose(refit.to_numpy(), scores.to_numpy())  # refitting would move the scale
    assert scores.to_numpy().min() < 0 or scores.to_numpy().max() > 100  # outside the reference range


def test_geometric_aggregation_raises_later_scores_below_the_reference_to_its_lowest(indicators):
    ref, later = indicators[indicators["year"] == 2023], indicators[indicators["year"] == 2025]
    est = CompositeIndex(aggregate="geometric", problem_orientation=False).fit(ref)
    with pytest.warns(RuntimeWarning, match="below the reference year's lowest"):
        scores = est.transform(later)
    assert scores["index"].notna().all() and (scores["index"] > 0).all()


def test_fit_reports_treatment_and_weights(indicators):
    ref = indicators[indicators["year"] == 2023]
    est = CompositeIndex(weights="pca").fit(ref)
    report = est.winsorised_
    assert {"skew_before", "kurtosis_before", "failed", "n_low", "n_high", "lower", "upper", "passes"} <= set(report)
    assert report.loc[report["failed"], "passes"].all()
    assert_allclose(est.weights_.groupby("dimension")["weight"].sum(), 1.0)
    assert est.dimension_weights_.sum() == pytest.approx(1.0)
    treated = est.evaluate(ref).treated
    assert set(treated["treatment"].str.split(" ").str[0]) <= {"winsorised", "imputed"}
    assert treated["value"].isna().sum() == ref[est.framework_.indicator_names].isna().sum().sum()
    assert "|skewness| >= 2 and kurtosis >= 3.5" in treated.loc[treated["value"].notna(), "treatment"].iloc[0]


def test_weight_factors_and_sklearn_clone(indicators):
    ref = indicators[indicators["year"] == 2023]
    est = CompositeIndex(weight_factors={"staff_turnover_rate": 2.0, "unstable_staff": 3.0}).fit(ref)
    w = est.weights_.loc[["staff_turnover_rate", "staff_vacancy_rate", "mean_staff_tenure_years"], "weight"]
    assert_allclose(w, [0.5, 0.25, 0.25])
    assert est.dimension_weights_["unstable_staff"] == pytest.approx(3 / 8)
    copy = clone(est)
    assert copy.get_params()["weight_factors"] == est.get_params()["weight_factors"]
    assert not hasattr(copy, "weights_")


def test_missing_values_without_imputation_are_aggregated_over_available_indicators():
    toy = TOY.assign(x2=[10.0, np.nan, 60.0])
    est = CompositeIndex(ONE_DIMENSION, winsorise=None, impute=None, problem_orientation=False).fit(toy)
    scores = est.evaluate(toy)
    assert np.isnan(scores.indicator_scores.loc[("B", 2023), "x2"])
    assert scores.scores.loc[("B", 2023), "d"] == pytest.approx((100 / 3 + 0.0) / 2)
    with pytest.raises(ValueError, match="complete data"):
        CompositeIndex(ONE_DIMENSION, winsorise=None, impute=None, weights="bod").fit(toy)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"impute": "knn"}, "impute"),
        ({"normalise": "log"}, "normalise"),
        ({"weights": "ahp"}, "weights"),
        ({"aggregate": "median"}, "aggregate"),
        ({"winsorise": 0}, "winsorise"),
        ({"aggregate": "geometric", "scale": (0.0, 100.0)}, "positive"),
    ],
)
def test_bad_options_raise(options, message):
    with pytest.raises(ValueError, match=message):
        CompositeIndex(ONE_DIMENSION, **options).fit(TOY)


def test_fit_needs_one_year_and_a_fitted_estimator(indicators):
    with pytest.raises(ValueError, match="one reference year"):
        CompositeIndex().fit(indicators)
    with pytest.raises(ValueError, match="not fitted"):
        CompositeIndex().transform(indicators)
