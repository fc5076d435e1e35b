"""The registry of report sections: each study's section module registers its builder here.

A builder takes a :class:`~governance_analytics.reporting.context.ReportContext` and returns a
:class:`Draft` — the tables its section will publish, declared to the report's ledger, and how to
finish the section once the ledger has suppressed every table of the report together — or, when it
publishes no count that another table repeats, the finished
:class:`~governance_analytics.reporting.content.Section` itself. It runs only when every input table
it ``requires`` is present. A builder that finds nothing to say for the period raises
:class:`~governance_analytics.errors.SectionSkipped` with a localised reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from governance_analytics.errors import SectionSkipped
from governance_analytics.privacy import Constraint, Publication, Suppressed
from governance_analytics.reporting import i18n
from governance_analytics.reporting.content import Section
from governance_analytics.reporting.context import ReportContext

__all__ = ["Draft", "SectionSpec", "register", "registry", "require_cases"]


@dataclass(frozen=True)
class Draft:
    """A section before disclosure control.

    Attributes
    ----------
    publications : the tables (and map cells) the section will publish, declared to the ledger
        (:class:`~governance_analytics.privacy.Publication`, keys unique in the report)
    finish : the section, given every declared table of the report as suppressed together
        (table key → :class:`~governance_analytics.privacy.suppression.Suppressed`)
    relations : relations between its tables and other parts' tables, on cells
        ``((table key, row), column)`` (:func:`~governance_analytics.privacy.equal_sums`)
    """

    publications: tuple[Publication, ...]
    finish: Callable[[Mapping[str, Suppressed]], Section]
    relations: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    """A registered section: its key, i18n title key, required inputs, position and builder."""

    key: str
    title_key: str
    requires: tuple[str, ...]
    order: int
    build: Callable[[ReportContext], Section | Draft]


def require_cases(ctx: ReportContext) -> None:
    """Raise :class:`SectionSkipped` unless a case was reported (``created_at``) in the report period."""
    if not ctx.period.contains(ctx.table("cases")["created_at"]).any():
        raise SectionSkipped(i18n.text("no_cases_in_period", ctx.lang, period=ctx.period.label))


#: Every registered section by key.
registry: dict[str, SectionSpec] = {}


def register(key: str, *, requires: tuple[str, ...], order: int, title_key: str | None = None):
    """Decorator registering a section builder under ``key``."""

    def decorate(build: Callable[[ReportContext], Section | Draft]) -> Callable[[ReportContext], Section | Draft]:
        registry[key] = SectionSpec(key, title_key or key, tuple(requires), order, build)
        return build

    return decorate
