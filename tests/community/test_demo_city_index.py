"""The evidence of issue 8 on the Demo City: outliers caught, dominant problems found, types recovered.

The Demo City plants a dominant problem in 80 % of its 162 communities (22 or 21 per problem, severity
uniform on [0.5, 1]: a latent shift of 1.25–2.5 against a background sd of 0.5) and none in the rest,
2 % missing cells and 13 gross entry errors. Figures at the Demo City's default seed (fit on 2023):

* dominant problem identified for 88.5 % of the 130 communities that have one in 2023 (85.4 % in 2024
  and 83.1 % in 2025, scored on the 2023 scale); every alternative normalisation, weighting and
  aggregation stays at or above 81 %;
* k-means on the standardised dimension scores picks k = 6 by silhouette (0.20), ARI 0.355 against the
  seven planted types (six problems and none); Ward picks k = 7, ARI 0.379; on z-score normalised
  scores k-means reaches ARI 0.485. Chance gives ARI 0 ± 0.008 (200 permutations), and even the rule
  that knows the structure — the dominant problem above 0.75 sd, else none — reaches only 0.58,
  because low-severity communities overlap the background: the threshold 0.3 asks for well above
  chance and more than half of that ceiling.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from governance_analytics.community import CompositeIndex, Typology, dominant_problem


@pytest.fixture(scope="module")
def city(demo_city):
    indicators = demo_city.tables["community_indicators"]
    truth = pd.Series(demo_city.truth["community"]["dominant_problem"], dtype=object)
    return indicators, indicators[indicators["year"] == 2023], truth


def _accuracy(found: pd.Series, truth: pd.Series) -> float:
    truth = truth.reindex(found.index)
    has = truth.notna()
    return float((found[has] == truth[has]).mean())


def test_every_planted_entry_error_is_winsorised(city, demo_city):
    indicators, ref, _ = city
    treated = CompositeIndex().fit(ref).evaluate(indicators).treated
    winsorised = treated[treated["treatment"].str.startswith("winsorised")]
    planted = pd.DataFrame(demo_city.truth["community"]["outlier_cells"], columns=["community_id", "year", "indicator"])
    caught = planted.merge(winsorised, on=["community_id", "year", "indicator"])
    assert len(caught) == len(planted) == 13
    assert (caught["treated_value"] < caught["value"] / 3).all()  # brought back from ×10 / ×100
    imputed = treated[treated["treatment"].str.startswith("imputed")]
    assert len(imputed) == len(demo_city.truth["community"]["missing_cells"])


def test_dominant_problem_is_identified_for_at_least_80_percent(city):
    indicators, ref, truth = city
    est = CompositeIndex().fit(ref)
    result = est.evaluate(indicators)
    reference = result.scores.xs(2023, level="year")
    found = {}
    for year in (2023, 2024, 2025):
        scores = result.scores.xs(year, level="year")
        table = dominant_problem(
            scores, indicator_scores=result.indicator_scores.xs(year, level="year"), reference=reference
        )
        found[year] = _accuracy(table["dominant_problem"], truth)
    assert min(found.values()) >= 0.8, found
    evidence = dominant_problem(reference, indicator_scores=result.indicator_scores.xs(2023, level="year"))
    right = evidence["dominant_problem"] == truth.reindex(evidence.index)
    # the driving indicator belongs to the dominant dimension, and correct calls are mostly clear ones
    members = est.framework_.indicators["dimension"]
    assert (members[evidence["top_indicator"]].to_numpy() == evidence["candidate"].to_numpy()).all()
    assert evidence.loc[right, "clear"].mean() > 0.75


@pytest.mark.filterwarnings("ignore:.*below the reference year's lowest:RuntimeWarning")
@pytest.mark.parametrize(
    "options",
    [
        {"normalise": "zscore"},
        {"normalise": "rank"},
        {"normalise": "target"},
        {"weights": "pca"},
        {"weights": "bod"},
        {"aggregate": "geometric"},
    ],
)
def test_dominant_problem_holds_under_the_alternatives(city, options):
    _, ref, truth = city
    scores = CompositeIndex(**options).fit_transform(ref).xs(2023, level="year")
    assert _accuracy(dominant_problem(scores)["dominant_problem"], truth) >= 0.8


def test_clustering_recovers_the_planted_types(city):
    _, ref, truth = city
    planted = truth.fillna("none")
    scores = CompositeIndex().fit_transform(ref).xs(2023, level="year")
    kmeans = Typology().fit(scores)
    ari = adjusted_rand_score(planted.reindex(scores.index), kmeans.labels_)
    assert ari >= 0.3
    ward = Typology(method="ward").fit(scores)
    assert adjusted_rand_score(planted.reindex(scores.index), ward.labels_) >= 0.3
    # every type is named after one planted problem, and its largest planted group is that problem
    crosstab = pd.crosstab(kmeans.labels_, planted.reindex(scores.index))
    leads = kmeans.types_["lead"]
    assert leads.notna().all() and leads.nunique() == 6
    assert (crosstab.drop(columns="none").idxmax(axis=1) == leads).all()
    zscore = CompositeIndex(normalise="zscore").fit_transform(ref).xs(2023, level="year")
    assert adjusted_rand_score(planted.reindex(zscore.index), Typology().fit(zscore).labels_) >= 0.45


def test_types_of_later_years_are_predicted_on_the_reference_scale(city):
    indicators, ref, _ = city
    est = CompositeIndex().fit(ref)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        later = est.transform(indicators[indicators["year"] == 2025]).xs(2025, level="year")
    typology = Typology().fit(est.transform(ref).xs(2023, level="year"))
    predicted = typology.predict(later)
    assert predicted.between(0, typology.n_clusters_ - 1).all()
    same = (predicted == typology.labels_.reindex(predicted.index)).mean()
    assert same > 0.6 and np.isfinite(same)
