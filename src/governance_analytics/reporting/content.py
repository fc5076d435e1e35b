"""What a report section produces: findings, figures and tables, already localised and safe to publish."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Figure", "Table", "Recommendation", "Section"]


@dataclass(frozen=True)
class Figure:
    """A chart or map as PNG bytes with its title, and optionally an interactive HTML version (a
    self-contained ``<iframe>``) that the HTML report shows instead of the picture."""

    key: str
    title: str
    png: bytes
    html: str | None = None


@dataclass(frozen=True)
class Table:
    """A display-ready table (localised column labels, suppressed counts) with its title and note."""

    key: str
    title: str
    frame: pd.DataFrame
    note: str = ""


@dataclass(frozen=True)
class Recommendation:
    """A suggested action, the finding that triggered it and the rule that links them.

    ``rule`` names the documented rule in :mod:`governance_analytics.reporting.actions` (for example
    ``"emerging:new hot spot"``) so that a reader can look up why the action follows from the finding.
    """

    action: str
    finding: str
    rule: str


@dataclass(frozen=True)
class Section:
    """One study area's part of the report.

    ``findings`` are sentences each carrying its number and its comparison; ``summary`` are the
    findings promoted to the report's executive summary (each carries a comparison); ``recommendations``
    are actions from documented rules, each citing its finding; ``methods`` are the definitions and
    references behind them, collected into the report's appendix; ``omitted`` are the parts the data
    could not support, each a one-line reason (a ranking with one department, on-time rates without
    due times), shown in the section.
    """

    key: str
    title: str
    intro: str
    findings: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
