"""Study 3 — public participation: design-based survey estimation and the participation analysis.

Estimation: ``survey_design`` (:class:`~governance_analytics.participation.survey_design.SurveyDesign`:
weights, strata, multistage clusters, fpc, lonely PSUs; means, totals, ratios, proportions and domains
by Taylor linearisation, equal to R ``survey``), ``replicate_design``
(:class:`~governance_analytics.participation.replicate_design.ReplicateDesign`: JK1, JKn, bootstrap,
BRR and Fay replicate weights), ``survey_logit`` (design-weighted logistic regression, R ``svyglm``),
``contrasts`` (domain means with their joint covariance, contrasts, group differences and Wald tests:
R ``svyby(covmat = TRUE)``, ``svycontrast``, ``svyttest``, ``regTermTest``).

Analysis (issue 7): ``channels`` (rates by channel, overall and by group, and the gaps between
groups), ``ladder`` (Arnstein's ladder: editable channel → rung mapping, highest rung per resident,
distribution over rungs and tiers), ``indicators`` (the four problems — enthusiasm, level, channel
diversity, awareness — as indicators with intervals), ``determinants`` (odds ratios of taking part
and Wald tests per covariate), ``committees`` (public share of committee members against Nanjing's
at-least-half rule, by year).

Private helpers: ``_design_variance`` (multistage variance), ``_estimation`` (the shared estimators),
``_intervals`` (t and proportion intervals), ``_replicate_weights`` (jackknife and bootstrap weights),
``_smooth`` (smooth functions of totals by linearisation, designs with extra columns).
"""

from governance_analytics.participation import (
    channels,
    committees,
    contrasts,
    determinants,
    indicators,
    ladder,
    replicate_design,
    survey_design,
    survey_logit,
)
from governance_analytics.participation.replicate_design import ReplicateDesign
from governance_analytics.participation.survey_design import SurveyDesign
from governance_analytics.participation.survey_logit import DesignLogit

__all__ = [
    "DesignLogit",
    "ReplicateDesign",
    "SurveyDesign",
    "channels",
    "committees",
    "contrasts",
    "determinants",
    "indicators",
    "ladder",
    "replicate_design",
    "survey_design",
    "survey_logit",
]
