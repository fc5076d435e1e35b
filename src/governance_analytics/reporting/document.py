"""A report assembled and ready to write: the same object feeds the HTML, PDF and Excel writers."""

from __future__ import annotations

from dataclasses import dataclass

from governance_analytics.reporting.content import Section, Table

__all__ = ["Document"]


@dataclass(frozen=True)
class Document:
    """Title, language, run time, frame labels, sections, skipped-section notes and provenance tables."""

    title: str
    lang: str
    generated: str
    labels: dict[str, str]
    sections: list[Section]
    skipped: list[str]
    provenance: list[Table]

    def tables(self) -> list[tuple[str, Table]]:
        """Every table with a sheet-friendly key, sections first, provenance last."""
        out = [(f"{s.key}.{t.key}", t) for s in self.sections for t in s.tables]
        return out + [(f"provenance.{t.key}", t) for t in self.provenance]
