"""Normalisation, aggregation, weighting, BoD and treatment against the Handbook's formulas, by hand.

The 3 × 3 example (units A, B, C):

    x1 (higher is better) = 2, 4, 8
    x2 (higher is better) = 10, 20, 60
    x3 (higher is worse)  = 1, 3, 2

Every expected value below is worked from the formulas of the OECD/JRC Handbook (2008), step 5
(normalisation) and step 6 (weighting and aggregation), and written as the arithmetic that gives it.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from governance_analytics.community import (
    aggregation,
    normalisation,
    treatment,
    weighting,
)
from governance_analytics.community.bod import Frontier, benefit_of_the_doubt

X = np.array([[2.0, 10.0, 1.0], [4.0, 20.0, 3.0], [8.0, 60.0, 2.0]])
DIRECTION = np.array([1, 1, -1])
O = normalisation.orient(X, DIRECTION)

MINMAX = np.array(
    [
        [(2 - 2) / 6 * 100, (10 - 10) / 50 * 100, (3 - 1) / 2 * 100],  # x3: (max - x) / (max - min)
        [(4 - 2) / 6 * 100, (20 - 10) / 50 * 100, (3 - 3) / 2 * 100],
        [(8 - 2) / 6 * 100, (60 - 10) / 50 * 100, (3 - 2) / 2 * 100],
    ]
)


def test_minmax_by_hand():
    assert_allclose(normalisation.minmax(O), MINMAX)
    # on [1, 100]: 1 + 99 * share
    assert_allclose(normalisation.minmax(O, scale=(1, 100)), 1 + 0.99 * MINMAX)
    # a later value outside the reference range falls outside [0, 100]
    assert_allclose(normalisation.minmax(np.array([[11.0, 10.0, -1.0]]), reference=O), [[150.0, 0.0, 100.0]])


def test_zscore_by_hand():
    # x1: mean 14/3, sample variance ((8/3)^2 + (2/3)^2 + (10/3)^2) / 2 = 28/3
    z1 = (np.array([2, 4, 8]) - 14 / 3) / np.sqrt(28 / 3)
    # x2: mean 30, variance (400 + 100 + 900) / 2 = 700
    z2 = (np.array([10, 20, 60]) - 30) / np.sqrt(700)
    # x3 oriented (-1, -3, -2): mean -2, variance (1 + 1 + 0) / 2 = 1
    z3 = np.array([1.0, -1.0, 0.0])
    expected = np.column_stack([z1, z2, z3])
    assert_allclose(normalisation.zscore(O), expected)
    assert_allclose(normalisation.zscore(O, scale=(10, 2)), 10 + 2 * expected)
    assert_allclose(expected[:, 0], [-0.8728715609, -0.2182178902, 1.0910894512], rtol=1e-9)


def test_rank_by_hand():
    # ranks 1, 2, 3 -> 100 (r - 1/2) / n; x3 oriented (-1, -3, -2) has ranks 3, 1, 2
    expected = np.array([[50 / 3, 50 / 3, 250 / 3], [50.0, 50.0, 50 / 3], [250 / 3, 250 / 3, 50.0]])
    assert_allclose(normalisation.percentile_rank(O), expected)
    # ties share the mid rank; a new value is placed among the reference values
    assert_allclose(normalisation.percentile_rank(np.array([1.0, 1.0, 2.0, 3.0])), [25.0, 25.0, 62.5, 87.5])
    assert_allclose(
        normalisation.percentile_rank(np.array([3.0, 0.0]), reference=np.array([1.0, 2.0, 3.0, 4.0])), [62.5, 0.0]
    )


def test_distance_to_target_by_hand():
    # x1 target 6: (x - worst) / (target - worst) = (x - 2) / 4, capped at 1
    # x3 target 1.5 (higher worse): oriented -x, target -1.5, worst -3: (-x + 3) / 1.5
    values, target = O[:, [0, 2]], np.array([6.0, -1.5])
    expected = np.array([[0.0, 100.0], [(4 - 2) / 4 * 100, 0.0], [100.0, (-2 + 3) / 1.5 * 100]])
    assert_allclose(normalisation.distance_to_target(values, target), expected)
    assert_allclose(normalisation.distance_to_target(values, target, cap=False)[2, 0], (8 - 2) / 4 * 100)
    with pytest.raises(ValueError, match="target"):
        normalisation.distance_to_target(values, np.array([1.0, -1.5]))


def test_reflection_equals_opposite_orientation():
    for method in ("minmax", "zscore", "rank"):
        forward = normalisation.normalise(O, method=method)
        backward = normalisation.normalise(-O, method=method)
        assert_allclose(normalisation.reflect(forward, method=method), backward, atol=1e-12)


def test_aggregation_by_hand():
    equal = np.full(3, 1 / 3)
    assert_allclose(aggregation.arithmetic_mean(MINMAX, equal), [100 / 3, (100 / 3 + 20) / 3, 250 / 3])
    budget = np.array([0.5, 0.3, 0.2])
    assert_allclose(aggregation.arithmetic_mean(MINMAX, budget), [20.0, 0.5 * 100 / 3 + 0.3 * 20, 90.0])
    positive = 1 + 0.99 * MINMAX  # [1, 100]: (1, 1, 100), (34, 20.8, 1), (100, 100, 50.5)
    assert_allclose(
        aggregation.geometric_mean(positive, equal),
        [100 ** (1 / 3), (34 * 20.8) ** (1 / 3), (100 * 100 * 50.5) ** (1 / 3)],
    )
    assert_allclose(
        aggregation.geometric_mean(positive, budget), [100**0.2, 34**0.5 * 20.8**0.3, 100**0.5 * 100**0.3 * 50.5**0.2]
    )
    # a zero gives zero; weights are rescaled to sum to 1
    assert aggregation.geometric_mean(np.array([[0.0, 50.0]]), np.array([1.0, 1.0]))[0] == 0.0
    assert_allclose(aggregation.arithmetic_mean(MINMAX, 3 * budget), aggregation.arithmetic_mean(MINMAX, budget))
    with pytest.raises(ValueError, match="non-negative"):
        aggregation.geometric_mean(np.array([[-1.0, 2.0]]), np.array([0.5, 0.5]))


def test_aggregation_of_missing_scores_rescales_the_weights():
    scores = np.array([[np.nan, 40.0, 70.0], [np.nan, np.nan, np.nan]])
    weights = np.array([0.5, 0.3, 0.2])
    assert_allclose(aggregation.arithmetic_mean(scores, weights)[0], (0.3 * 40 + 0.2 * 70) / 0.5)
    assert_allclose(aggregation.geometric_mean(scores, weights)[0], 40**0.6 * 70**0.4)
    assert np.isnan(aggregation.arithmetic_mean(scores, weights)[1])
    grouped = aggregation.by_group(MINMAX, [0.5, 0.5, 1.0], [0, 0, 1], n_groups=2)
    assert_allclose(grouped, np.column_stack([(MINMAX[:, 0] + MINMAX[:, 1]) / 2, MINMAX[:, 2]]))


def test_pca_weights_equal_eigen_decomposition_and_sklearn():
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(3)
    common = rng.normal(size=200)
    data = np.column_stack([common + rng.normal(0, s, 200) for s in (0.3, 0.6, 1.0, 1.5)])
    w = weighting.pca_weights(data)
    vals, vecs = np.linalg.eigh(np.corrcoef(data, rowvar=False))
    v1 = vecs[:, np.argmax(vals)]
    assert_allclose(w, v1**2)  # squared loadings l = v sqrt(lambda), scaled to unity sum
    loadings = v1 * np.sqrt(vals.max())
    assert_allclose(w, loadings**2 / (loadings**2).sum())
    pca = PCA().fit(StandardScaler().fit_transform(data))
    assert_allclose(w, pca.components_[0] ** 2, rtol=1e-8)
    assert w[0] > w[1] > w[2] > w[3]  # the less noisy indicator weighs more
    assert_allclose(weighting.pca_weights(data[:, :1]), [1.0])


def test_noisy_weights_are_reproducible_and_bounded():
    a = weighting.noisy_weights([0.5, 0.5], noise=0.25, n=50, seed=1)
    assert_allclose(a, weighting.noisy_weights([0.5, 0.5], noise=0.25, n=50, seed=1))
    assert a.shape == (50, 2) and a.min() >= 0.375 and a.max() <= 0.625


# Benefit of the doubt, four units and two indicators:
#   A (1, .2), B (.2, 1), C (.5, .5), D (.9, .1)
# Constraints w1 + .2 w2 <= 1 (A), .2 w1 + w2 <= 1 (B), .5 (w1 + w2) <= 1 (C), .9 w1 + .1 w2 <= 1 (D).
# The feasible set has vertices (0, 0), (1, 0), (0, 1) and A ∩ B = (1/1.2, 1/1.2).
#   C: max .5 (w1 + w2) -> at A ∩ B: .5 * 2 / 1.2 = 5/6.   D: max(.9 * 1, .9/1.2 + .1/1.2) = .9.
# With relative weights in [0.4, 0.6] (bounds (0.8, 1.2) around 1/2), D takes w1 / (w1 + w2) = .6:
#   objective (.54 + .04) s against A's constraint (.6 + .08) s <= 1, so CI_D = .58 / .68 = 29/34.
BOD_Y = np.array([[1.0, 0.2], [0.2, 1.0], [0.5, 0.5], [0.9, 0.1]])


@pytest.mark.parametrize("method", ["vertices", "linprog"])
def test_bod_by_hand(method):
    free = benefit_of_the_doubt(BOD_Y, bounds=None, method=method)
    assert_allclose(free.scores, [1.0, 1.0, 5 / 6, 0.9])
    bounded = benefit_of_the_doubt(BOD_Y, bounds=(0.8, 1.2), method=method)
    assert_allclose(bounded.scores, [1.0, 1.0, 5 / 6, 29 / 34])
    assert_allclose(bounded.relative_weights[3], [0.6, 0.4])
    assert_allclose(bounded.relative_weights[2], [0.5, 0.5])


def test_bod_vertices_equal_linear_programmes():
    rng = np.random.default_rng(5)
    ref = rng.random((60, 4))
    later = rng.random((10, 4)) * 1.2  # another year may lie beyond the frontier
    for bounds in (None, (0.5, 2.0)):
        for nominal in (None, [0.4, 0.3, 0.2, 0.1]):
            a = Frontier(ref, nominal=nominal, bounds=bounds).score(later)
            b = Frontier(ref, nominal=nominal, bounds=bounds, method="linprog").score(later)
            assert_allclose(a.scores, b.scores, atol=1e-9)
    assert benefit_of_the_doubt(ref).scores.max() == pytest.approx(1.0)
    assert benefit_of_the_doubt(ref).scores.min() >= 0


def test_bod_single_indicator_is_the_share_of_the_best():
    y = np.array([[0.2], [0.5], [0.8]])
    assert_allclose(benefit_of_the_doubt(y).scores, [0.25, 0.625, 1.0])


@pytest.mark.parametrize("n", [4, 5, 12, 200])
def test_skewness_and_kurtosis_equal_scipy_on_skewed_samples_of_any_scale(n):
    rng = np.random.default_rng(n)
    for scale in (1e-3, 1.0, 1e6):
        ok = scale * rng.lognormal(sigma=1.5, size=n)
        x = np.append(ok, np.nan)  # a missing value is ignored
        assert treatment.skewness(x) == pytest.approx(stats.skew(ok, bias=False), rel=1e-12)
        assert treatment.kurtosis(x) == pytest.approx(stats.kurtosis(ok, bias=False), rel=1e-12, abs=1e-12)


def test_skewness_and_kurtosis_are_type_2():
    x = np.r_[np.arange(1, 11), 30, 100.0]
    assert treatment.skewness(x) == pytest.approx(stats.skew(x, bias=False))
    assert treatment.kurtosis(x) == pytest.approx(stats.kurtosis(x, bias=False))
    assert np.isnan(treatment.skewness([1.0, 2.0]))


def test_winsorise_follows_coinr_rule():
    # COINr's example x <- c(1:10, 30, 100): skew 3.06, kurtosis 9.74 fails the rule; replacing 100 by the
    # next value (30) gives skew 1.71 < 2, which passes — one point treated.
    x = np.r_[np.arange(1, 11), 30, 100.0]
    assert treatment.fails_rule(x)
    res = treatment.winsorise(x)
    assert_allclose(res.values, np.r_[np.arange(1, 11), 30, 30.0])
    assert res.n_treated == 1 and res.high[11] and res.upper == 30.0 and res.lower == -np.inf and res.passes
    assert res.skew_after == pytest.approx(stats.skew(res.values, bias=False))
    # the bounds carry over to other data; then the rule goes on within that data
    other = treatment.winsorise(np.r_[np.arange(1, 11), 30, 55.0], bounds=(res.lower, res.upper))
    assert other.values[-1] == 30.0 and other.high[-1] and other.n_treated == 1
    again = treatment.winsorise(np.r_[np.arange(1, 11), 5, 55.0], bounds=(res.lower, res.upper))
    assert_allclose(again.values[-1], 10.0)  # clipped to 30, which still fails here: the rule goes on
    # an indicator that passes is left alone; a 0/1 indicator is never treated
    assert treatment.winsorise(np.arange(20.0)).n_treated == 0
    binary = np.r_[np.zeros(5), np.ones(95)]
    assert treatment.fails_rule(binary) and treatment.winsorise(binary).n_treated == 0


def test_winsorise_stops_at_max_points():
    x = np.r_[np.zeros(30), np.arange(1.0, 31.0) / 10, 50, 60, 70, 80, 90, 100.0]
    res = treatment.winsorise(x, max_points=3)
    assert res.n_treated == 3 and not res.passes
    assert_allclose(np.sort(res.values)[-4:], [70.0, 70.0, 70.0, 70.0])


def test_imputation_values():
    v = np.array([[1.0, np.nan], [2.0, 4.0], [6.0, 5.0]])
    assert_allclose(treatment.imputation_values(v, method="mean"), [3.0, 4.5])
    assert_allclose(treatment.imputation_values(v, method="median"), [2.0, 4.5])
    with pytest.raises(ValueError, match="impute"):
        treatment.imputation_values(v, method="knn")


def test_a_sample_constant_up_to_rounding_has_no_skew_and_is_not_winsorised():
    x = np.array([0.3, 0.3, 0.3, 0.1 + 0.2])  # 0.1 + 0.2 is 0.30000000000000004
    assert np.ptp(x) > 0
    assert treatment.skewness(x) == 0.0 and treatment.kurtosis(x) == 0.0
    assert not treatment.fails_rule(x)
    assert treatment.winsorise(x).n_treated == 0
