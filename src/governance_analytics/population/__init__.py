"""Study 2 — satellite-city population pressure: is the core's crowding relieved by satellite towns?

``pressure`` (density, growth, zone shares, population centre, pressure against capacity, dispersal
疏解), ``commuting`` (jobs–housing, self-containment, dependence on the core, satellite types),
``prefectures`` (core-versus-outer growth of every prefecture city from the county censuses),
``interaction`` (gravity and radiation models of commuting, CPC and SRMSE, scenario flows),
``urbanisation`` (the Degree of Urbanisation on a 1 km² grid), ``rank_size`` (Zipf exponent and
primacy), ``projection`` (geometric, logistic, damped-trend projections), ``cohort`` (cohort-component
projection by age and sex), ``scenarios`` (move the core's residents to satellites: pressure and
commuting after)."""

from governance_analytics.population import (
    cohort,
    commuting,
    interaction,
    prefectures,
    pressure,
    projection,
    rank_size,
    scenarios,
    urbanisation,
)

__all__ = [
    "pressure",
    "commuting",
    "prefectures",
    "interaction",
    "urbanisation",
    "rank_size",
    "projection",
    "cohort",
    "scenarios",
]
