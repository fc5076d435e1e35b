"""Coherence: Cronbach's alpha by hand and against R psych, PCA per dimension, dimension fit."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.community import CompositeIndex, coherence
from governance_analytics.community.framework import Framework


def test_cronbach_alpha_by_hand():
    # items (1,2,3,4), (2,2,4,4), (1,3,3,5): sample variances 5/3, 4/3, 8/3 (sum 17/3);
    # the sum (4,7,10,13) has variance 15; alpha = 3/2 * (1 - (17/3)/15) = 42/45
    items = np.array([[1, 2, 1], [2, 2, 3], [3, 4, 3], [4, 4, 5]], dtype=float)
    assert coherence.cronbach_alpha(items) == pytest.approx(42 / 45)
    with_missing = np.vstack([items, [np.nan, 1.0, 2.0]])
    assert coherence.cronbach_alpha(with_missing) == pytest.approx(42 / 45)  # incomplete rows dropped


def test_alpha_equals_r_psych():
    # R 4 with psych 2.2.9 (Debian r-cran-psych):
    #   x <- data.frame(a = c(2, 4, 3, 5, 1, 4, 3, 5), b = c(3, 5, 3, 4, 2, 4, 2, 5), c = c(1, 4, 4, 5, 2, 3, 3, 4))
    #   psych::alpha(x)$total[, c("raw_alpha", "std.alpha", "average_r")]
    #   0.889208633093525 0.888163288621996 0.725817258187759
    x = np.array([[2, 4, 3, 5, 1, 4, 3, 5], [3, 5, 3, 4, 2, 4, 2, 5], [1, 4, 4, 5, 2, 3, 3, 4]], dtype=float).T
    assert coherence.cronbach_alpha(x) == pytest.approx(0.889208633093525, abs=1e-12)
    assert coherence.standardised_alpha(x) == pytest.approx(0.888163288621996, abs=1e-12)
    fw = Framework(pd.DataFrame({"indicator": ["a", "b", "c"], "dimension": "d", "direction": 1}))
    table = coherence.reliability(pd.DataFrame(x, columns=["a", "b", "c"]), framework=fw)
    assert table.loc["d", "mean_r"] == pytest.approx(0.725817258187759, abs=1e-12)


@pytest.fixture(scope="module")
def result(demo_city):
    indicators = demo_city.tables["community_indicators"]
    ref = indicators[indicators["year"] == 2023]
    return CompositeIndex().fit(ref).evaluate(ref)


def test_demo_city_dimensions_are_coherent(result):
    reliability = coherence.reliability(result.indicator_scores)
    assert list(reliability.index) == list(result.scores.columns[:6])
    assert (reliability["alpha"] > 0.5).all()  # the 0/1 owners' committee indicator keeps one dimension lowest
    summary, loadings = coherence.dimension_pca(result.indicator_scores)
    assert (summary["n_eigen_above_1"] == 1).all() and (summary["explained_1"] > 0.55).all()
    assert (loadings["loading_1"] > 0).all()
    assert_allclose(loadings.groupby("dimension")["pca_weight"].sum(), 1.0)
    assert_allclose(summary["eigenvalue_1"] / summary["n_indicators"], summary["explained_1"])
    fit = coherence.dimension_fit(result.indicator_scores, result.scores)
    assert (fit["flag"] == "").all() and (fit["r_own"] > fit["r_other_max"]).all()


def test_correlations_include_dimensions(result):
    corr = coherence.correlations(result.indicator_scores, result.scores[["unstable_staff"]], method="spearman")
    assert corr.shape == (20, 20) and corr.loc["staff_turnover_rate", "unstable_staff"] > 0.7
