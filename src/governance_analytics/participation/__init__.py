"""Study 3 — public participation: design-based survey estimation.

``survey_design`` (:class:`~governance_analytics.participation.survey_design.SurveyDesign`: weights,
strata, multistage clusters, fpc, lonely PSUs; means, totals, ratios, proportions and domains by
Taylor linearisation, equal to R ``survey``), ``replicate_design``
(:class:`~governance_analytics.participation.replicate_design.ReplicateDesign`: JK1, JKn, bootstrap,
BRR and Fay replicate weights), ``survey_logit`` (design-weighted logistic regression, R ``svyglm``).
Private helpers: ``_design_variance`` (multistage variance), ``_estimation`` (the shared estimators),
``_intervals`` (t and proportion intervals), ``_replicate_weights`` (jackknife and bootstrap weights).
"""

from governance_analytics.participation import replicate_design, survey_design, survey_logit
from governance_analytics.participation.replicate_design import ReplicateDesign
from governance_analytics.participation.survey_design import SurveyDesign
from governance_analytics.participation.survey_logit import DesignLogit

__all__ = ["DesignLogit", "ReplicateDesign", "SurveyDesign", "replicate_design", "survey_design", "survey_logit"]
