"""A report assembled and ready to write: the same object feeds the HTML, PDF and Excel writers."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from governance_analytics.reporting.content import Recommendation, Section, Table

__all__ = ["Document"]


@dataclass(frozen=True)
class Document:
    """Title, language, run time, frame labels, sections, skipped-section notes and provenance tables.

    ``summary`` and ``recommendations`` make the executive summary: the sections' key findings (each
    with its number and its comparison) and every recommendation with the finding that triggered it.
    ``methods`` are the report-wide methods (disclosure control) that open the methods appendix, before
    the sections' own; ``rules`` is the table of recommendation rules shown there.
    """

    title: str
    lang: str
    generated: str
    labels: dict[str, str]
    sections: list[Section]
    skipped: list[str]
    provenance: list[Table]
    summary: list[str] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    rules: Table | None = None
    methods: list[str] = field(default_factory=list)

    def summary_tables(self) -> list[Table]:
        """The executive summary as tables: key findings, and recommendations with their findings."""
        findings = pd.DataFrame({self.labels["finding"]: self.summary})
        actions = pd.DataFrame(
            {
                self.labels["recommendation"]: [r.action for r in self.recommendations],
                self.labels["based_on"]: [r.finding for r in self.recommendations],
                self.labels["rule"]: [r.rule for r in self.recommendations],
            }
        )
        return [
            Table("findings", self.labels["summary"], findings),
            Table("recommendations", self.labels["recommendations"], actions),
        ]

    def tables(self) -> list[tuple[str, Table]]:
        """Every table with a sheet-friendly key: summary, sections, rules, provenance."""
        out = [(f"summary.{t.key}", t) for t in self.summary_tables()]
        out += [(f"{s.key}.{t.key}", t) for s in self.sections for t in s.tables]
        out += [("methods.rules", self.rules)] if self.rules is not None else []
        return out + [(f"provenance.{t.key}", t) for t in self.provenance]
