"""The report's sections: study areas register a builder here, the report builder runs them in order.

A builder takes a :class:`~governance_analytics.reporting.context.ReportContext` and returns a
:class:`~governance_analytics.reporting.content.Section`; it runs only when every input table it
``requires`` is present, otherwise the report says which input was missing. A builder that finds
nothing to say for the period (no cases in it, a single census year) raises :class:`SectionSkipped`
with a localised reason, and the report lists the section as not produced, with that reason.
"""

from __future__ import annotations

from governance_analytics.errors import SectionSkipped
from governance_analytics.reporting.sections import (  # they register themselves
    community,
    handling,
    hotspots,
    messages,
    overview,
    participation,
    population,
)
from governance_analytics.reporting.sections._registry import Draft, SectionSpec, register, registry, require_cases

__all__ = [
    "Draft",
    "SectionSkipped",
    "SectionSpec",
    "register",
    "registered",
    "require_cases",
    "community",
    "handling",
    "hotspots",
    "messages",
    "overview",
    "participation",
    "population",
]


def registered() -> list[SectionSpec]:
    """Every registered section, in report order."""
    return sorted(registry.values(), key=lambda spec: spec.order)
