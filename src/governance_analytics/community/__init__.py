"""Study 4 — community governance: the composite problem index, typologies and profiles.

The composite (issue 8) follows the OECD/JRC *Handbook on Constructing Composite Indicators* (2008)
as the JRC's COINr package implements it, as scikit-learn-style estimators:

``framework``
    :class:`~governance_analytics.community.framework.Framework` (indicator → dimension → index, as
    tables with direction, budget, labels, target) and
    :func:`~governance_analytics.community.framework.default_framework`: the six problems and their
    suggested indicators.
``treatment``, ``normalisation``, ``weighting``, ``bod``, ``aggregation``
    The steps, each a set of small functions tested against the Handbook's formulas: COINr's
    winsorising rule and imputation; min-max, z-score, percentile rank and distance to target;
    PCA and perturbed weights; benefit-of-the-doubt weights (Cherchye et al. 2007); arithmetic and
    geometric aggregation.
``composite``
    :class:`~governance_analytics.community.composite.CompositeIndex`: ``fit`` on a reference year,
    ``transform`` any year on the same scale; dimension scores oriented so that higher = worse problem.
``coherence``
    Correlations, Cronbach's alpha and PCA per dimension.
``uncertainty``
    Monte Carlo rank intervals over the modelling choices and Sobol' indices of the choices (SALib).
``profiles``, ``typology``
    Each community's dominant problem with its evidence; :class:`~governance_analytics.community.typology.Typology`
    (k-means or Ward, k by silhouette, types named by their profiles).
``messages``
    Resident messages (留言): classification, keywords per community, message-based indicators,
    typical messages of a topic.

Private helpers: ``_multivariate`` (principal components of a correlation matrix); ``_text``,
``_message_indicators`` and ``_message_examples`` (for ``messages``).
"""

from governance_analytics.community import (
    aggregation,
    bod,
    coherence,
    composite,
    framework,
    messages,
    normalisation,
    profiles,
    treatment,
    typology,
    uncertainty,
    weighting,
)
from governance_analytics.community.composite import CompositeIndex, CompositeResult
from governance_analytics.community.framework import Framework, default_framework
from governance_analytics.community.messages import MessageClassifier
from governance_analytics.community.profiles import dominant_problem
from governance_analytics.community.typology import Typology

__all__ = [
    "CompositeIndex",
    "CompositeResult",
    "Framework",
    "MessageClassifier",
    "Typology",
    "aggregation",
    "bod",
    "coherence",
    "composite",
    "default_framework",
    "dominant_problem",
    "framework",
    "messages",
    "normalisation",
    "profiles",
    "treatment",
    "typology",
    "uncertainty",
    "weighting",
]
