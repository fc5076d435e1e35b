"""The registry of report sections: each study's section module registers its builder here.

A builder takes a :class:`~governance_analytics.reporting.context.ReportContext` and returns a
:class:`~governance_analytics.reporting.content.Section`; it runs only when every input table it
``requires`` is present. A builder that finds nothing to say for the period raises
:class:`~governance_analytics.errors.SectionSkipped` with a localised reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from governance_analytics.errors import SectionSkipped
from governance_analytics.reporting import i18n
from governance_analytics.reporting.content import Section
from governance_analytics.reporting.context import ReportContext

__all__ = ["SectionSpec", "register", "registry", "require_cases"]


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
    if not ctx.period.contains(ctx.table("cases")["created_at"]).any():
        raise SectionSkipped(i18n.text("no_cases_in_period", ctx.lang, period=ctx.period.label))


#: Every registered section by key.
registry: dict[str, SectionSpec] = {}


def register(key: str, *, requires: tuple[str, ...], order: int, title_key: str | None = None):
    """Decorator registering a section builder under ``key``."""

    def decorate(build: Callable[[ReportContext], Section]) -> Callable[[ReportContext], Section]:
        registry[key] = SectionSpec(key, title_key or key, tuple(requires), order, build)
        return build

    return decorate
