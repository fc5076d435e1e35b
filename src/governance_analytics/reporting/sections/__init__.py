"""The report's sections: study areas register a builder here, the report builder runs them in order.

A builder takes a :class:`~governance_analytics.reporting.context.ReportContext` and returns a
:class:`~governance_analytics.reporting.content.Section`; it runs only when every input table it
``requires`` is present, otherwise the report says which input was missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from governance_analytics.reporting.content import Section
from governance_analytics.reporting.context import ReportContext

__all__ = ["SectionSpec", "register", "registered"]


@dataclass(frozen=True)
class SectionSpec:
    """A registered section: its key, i18n title key, required inputs, position and builder."""

    key: str
    title_key: str
    requires: tuple[str, ...]
    order: int
    build: Callable[[ReportContext], Section]


_REGISTRY: dict[str, SectionSpec] = {}


def register(key: str, *, requires: tuple[str, ...], order: int, title_key: str | None = None):
    """Decorator registering a section builder under ``key``."""

    def decorate(build: Callable[[ReportContext], Section]) -> Callable[[ReportContext], Section]:
        _REGISTRY[key] = SectionSpec(key, title_key or key, tuple(requires), order, build)
        return build

    return decorate


def registered() -> list[SectionSpec]:
    """Every registered section, in report order."""
    from governance_analytics.reporting.sections import (  # noqa: F401  (they register themselves)
        community,
        handling,
        hotspots,
        overview,
        participation,
        population,
    )

    return sorted(_REGISTRY.values(), key=lambda spec: spec.order)
