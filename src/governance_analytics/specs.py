"""One typed spec per study: the settings a city fixes once in ``city.yml``'s ``studies:`` block.

The report and the notebooks run each study with the same spec (from
:func:`governance_analytics.config.load_city`, or the defaults here), so that a notebook's number and
the report's number for the same city and period are the same number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from governance_analytics.schemas import PARTICIPATION_CHANNELS

__all__ = [
    "CommunitySpec",
    "HandlingSpec",
    "HotspotSpec",
    "MessagesSpec",
    "ParticipationSpec",
    "PopulationSpec",
    "StudySpecs",
]


@dataclass(frozen=True)
class HotspotSpec:
    """Study 1, hot spots.

    Attributes
    ----------
    band_m : distance band of the Gi* neighbourhood, metres (300: three 100 m cells, the reach of a
        grid-management patrol), or ``"auto"``: chosen per class from the data as ArcGIS's Optimized
        Hot Spot Analysis does (first peak of incremental spatial autocorrelation, else the average
        distance to the k nearest neighbours) — on a whole city's class that is often the scale of
        districts, half a kilometre or more
    min_cases : fewest cases of a class on the grid in the period for it to be analysed
    min_steps : fewest time steps for emerging hot spots (ArcGIS Pro's minimum is 10)
    min_cases_per_step : fewest cases of a class per time step, on average, for emerging hot spots
    n_emerging : the largest classes given an emerging hot-spot analysis
    inference : the null of the Gi* and of the space-time Gi* alike: ``"convolution"``, conditional
        randomisation computed for whole counts (no floor on p, which the FDR over every bin of a
        cube needs), or ``"permutation"``, the same null sampled
    permutations : conditional permutations of Gi*'s pseudo p-values (with ``"permutation"``)
    emerging_permutations : conditional permutations of the space-time Gi* (with
        ``"permutation"``; the FDR over every bin of the cube needs many)
    temporal_test : time-step shuffles testing the trend categories (0: none)
    alpha : significance level (on FDR-adjusted p)
    """

    band_m: float | str = 300.0
    min_cases: int = 30
    min_steps: int = 10
    min_cases_per_step: int = 10
    n_emerging: int = 3
    inference: str = "convolution"
    permutations: int = 9999
    emerging_permutations: int = 49_999
    temporal_test: int = 19
    alpha: float = 0.05

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha: expected a number between 0 and 1, got {self.alpha!r}")
        if self.band_m != "auto" and (
            isinstance(self.band_m, bool) or not isinstance(self.band_m, (int, float)) or self.band_m <= 0
        ):
            raise ValueError(f"band_m: expected metres above 0 or 'auto', got {self.band_m!r}")
        if self.inference not in ("convolution", "permutation"):
            raise ValueError(f"inference: expected 'convolution' or 'permutation', got {self.inference!r}")


@dataclass(frozen=True)
class HandlingSpec:
    """Study 1, case handling.

    Attributes
    ----------
    min_cases : fewest closed cases of the period for time to closure, and per department for the
        ranking of departments (the report never uses fewer than its disclosure threshold)
    alpha : significance level of intervals and the ranking
    """

    min_cases: int = 10
    alpha: float = 0.05

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha: expected a number between 0 and 1, got {self.alpha!r}")


@dataclass(frozen=True)
class CommunitySpec:
    """Study 4, community-governance problems.

    Attributes
    ----------
    framework : the city's own indicator list — a CSV or XLSX file with one row per indicator and the
        columns ``indicator`` (a column of the ``community_indicators`` table), ``dimension`` (a
        problem, e.g. ``unstable_staff``) and ``direction`` (``1``/``higher_is_better`` or
        ``-1``/``higher_is_worse``), optionally ``weight``, ``label_zh``, ``label_en``, ``unit``,
        ``target`` (:func:`~governance_analytics.community.framework.read_framework`); ``None``: the
        six problems with their suggested indicators
        (:func:`~governance_analytics.community.framework.default_framework`)
    reference_year : the year the index is fitted on (default: the first year of the indicators)
    """

    framework: Path | None = None
    reference_year: int | None = None


@dataclass(frozen=True)
class PopulationSpec:
    """Study 2, satellite-city population pressure.

    Attributes
    ----------
    core_zones : the zones whose units make up the core commuters are counted into
    self_containment, independent_jobs_housing, dormitory_jobs_housing, core_dependence : the cut-offs
        of the satellite types (:class:`~governance_analytics.population.commuting.SatelliteThresholds`)
    scenario_share, scenario_jobs_share : the dispersal scenario's share of the core's residents moved
        to the satellites, and of its jobs that follow them
    horizon : the year projections reach
    """

    core_zones: tuple[str, ...] = ("core", "central")
    self_containment: float = 0.7
    independent_jobs_housing: float = 0.9
    dormitory_jobs_housing: float = 0.8
    core_dependence: float = 0.5
    scenario_share: float = 0.1
    scenario_jobs_share: float = 0.1
    horizon: int = 2035

    def __post_init__(self) -> None:
        for name in ("self_containment", "core_dependence", "scenario_share", "scenario_jobs_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name}: expected a share between 0 and 1, got {getattr(self, name)!r}")
        if not self.core_zones:
            raise ValueError("core_zones: expected at least one zone")

    @property
    def thresholds(self):
        """The satellite types' cut-offs as :class:`~governance_analytics.population.commuting.SatelliteThresholds`."""
        from governance_analytics.population.commuting import SatelliteThresholds

        return SatelliteThresholds(
            self.self_containment, self.independent_jobs_housing, self.dormitory_jobs_housing, self.core_dependence
        )


@dataclass(frozen=True)
class ParticipationSpec:
    """Study 3, participation: the city's own questionnaire.

    Attributes
    ----------
    channels : the 0/1 channel columns of the survey, each with its (Chinese, English) label; default
        the eight channels of the survey schema (:data:`~governance_analytics.schemas.PARTICIPATION_CHANNELS`)
    ladder : channel → rung of Arnstein's ladder (a key of
        :data:`~governance_analytics.participation.ladder.RUNGS` or its number); ``None``: the package's
        mapping of the eight default channels — a city with other channels names its own, or the
        ladder and the level indicators are left out
    awareness : the 0/1 awareness items (default: ``aware_rights`` and ``aware_rules`` where present)
    groups : the columns rates are broken down by, where present
    covariates : the determinants' covariates, where present
    """

    channels: dict = field(default_factory=lambda: dict(PARTICIPATION_CHANNELS))
    ladder: dict | None = None
    awareness: tuple[str, ...] | None = None
    groups: tuple[str, ...] = ("hukou", "district", "age_group", "education", "income_band")
    covariates: tuple[str, ...] = ("age_group", "sex", "hukou", "education", "income_band", "years_resident")

    @property
    def has_ladder(self) -> bool:
        """Whether every channel has a rung: its own ladder, or the default channels' mapping."""
        return set(self.channels) <= set(self.ladder if self.ladder is not None else PARTICIPATION_CHANNELS)


@dataclass(frozen=True)
class MessagesSpec:
    """Resident messages: the reply-time limit (days) a reply is judged on time against."""

    reply_limit_days: float = 15.0


@dataclass(frozen=True)
class StudySpecs:
    """The specs of every study (defaults where ``city.yml`` is silent)."""

    hotspots: HotspotSpec = field(default_factory=HotspotSpec)
    handling: HandlingSpec = field(default_factory=HandlingSpec)
    community: CommunitySpec = field(default_factory=CommunitySpec)
    population: PopulationSpec = field(default_factory=PopulationSpec)
    participation: ParticipationSpec = field(default_factory=ParticipationSpec)
    messages: MessagesSpec = field(default_factory=MessagesSpec)
