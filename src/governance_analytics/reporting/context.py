"""Everything a section needs to build itself: the inputs, the period, the language, the rules."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from governance_analytics.io import ReadResult
from governance_analytics.periods import Period
from governance_analytics.privacy import DEFAULT_THRESHOLD
from governance_analytics.specs import StudySpecs

__all__ = ["ReportContext"]


@dataclass(frozen=True)
class ReportContext:
    """Inputs and settings of one report run.

    Attributes
    ----------
    inputs : canonical table name → what its reader returned (accepted rows, rejects, counts)
    period, compare : the reporting period and the period it is compared with
    lang : ``"zh"`` or ``"en"``
    city : display names of the city by language
    threshold : smallest count that may be published
    alpha : significance level used in findings
    seed : seed of every random step (permutation tests), so a report is reproducible
    interventions : names of the interventions to evaluate (``None``: all in the data)
    metadata : anything else known about the data (e.g. the grid's CRS)
    studies : each study's settings (:class:`~governance_analytics.specs.StudySpecs`), as the notebooks use them
    """

    inputs: dict[str, ReadResult]
    period: Period
    compare: Period
    lang: str = "zh"
    city: dict[str, str] = field(default_factory=lambda: {"zh": "示范市", "en": "Demo City"})
    threshold: int = DEFAULT_THRESHOLD
    alpha: float = 0.05
    seed: int = 0
    interventions: tuple[str, ...] | None = None
    metadata: dict = field(default_factory=dict)
    studies: StudySpecs = field(default_factory=StudySpecs)

    def table(self, name: str) -> pd.DataFrame:
        """Accepted rows of the input table ``name``."""
        return self.inputs[name].data

    def has(self, *names: str) -> bool:
        """Whether every named input is present and non-empty."""
        return all(name in self.inputs and len(self.inputs[name].data) for name in names)
