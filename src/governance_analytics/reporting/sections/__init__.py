"""The report's sections: study areas register a builder here, the report builder runs them in order.

A builder takes a :class:`~governance_analytics.reporting.context.ReportContext` and returns a
:class:`~governance_analytics.reporting.content.Section`; it runs only when every input table it
``requires`` is present, otherwise the report says which input was missing. A builder that finds
nothing to say for the period (no cases in it, a single census year) raises :class:`SectionSkipped`
with a localised reason, and the report lists the section as not produced, with that reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from governance_analytics.reporting.content import Section
from governance_analytics.reporting.context import ReportContext

__all__ = ["SectionSkipped", "SectionSpec", "register", "registered", "require_cases"]


class SectionSkipped(Exception):
    """Raised by a section builder that has nothing to say for the period; ``reason`` is one line in
    the report's language (e.g. 本期没有案件记录), shown in the report's list of sections not produced."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SectionSpec:
    """A registered section: its key, i18n title key, required inputs, position and builder."""

    key: str
    title_key: str
    requires: tuple[str, ...]
    order: int
    build: Callable[[ReportContext], Section]


def require_cases(ctx: ReportContext) -> None:
    """Raise :class:`SectionSkipped` unless a case was reported (``created_at``) in the report period."""
    from governance_analytics.reporting import i18n

    if not ctx.period.contains(ctx.table("cases")["created_at"]).any():
        raise SectionSkipped(i18n.text("no_cases_in_period", ctx.lang, period=ctx.period.label))


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
        messages,
        overview,
        participation,
        population,
    )

    return sorted(_REGISTRY.values(), key=lambda spec: spec.order)
