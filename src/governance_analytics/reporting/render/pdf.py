"""Write a report as an A4 PDF with the CJK font embedded (subset), so Chinese text is real text.

Chinese has no spaces between words, so Chinese reports wrap lines at any character (fpdf2's
``WrapMode.CHAR``); English ones at spaces."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.enums import WrapMode
from fpdf.fonts import FontFace

from governance_analytics.reporting.document import Document
from governance_analytics.reporting.render.fonts import cjk_font_path

__all__ = ["write_pdf"]

_FONT = "cjk"
_MAX_TABLE_ROWS = 60


class _ReportPDF(FPDF):
    def __init__(self, title: str, lang: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report_title = title
        self.wrap = WrapMode.CHAR if lang == "zh" else WrapMode.WORD
        self.add_font(_FONT, "", str(cjk_font_path()))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)
        self.set_creator("governance-analytics")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(_FONT, size=8)
        self.set_text_color(120)
        self.cell(0, 8, f"{self.report_title}  ·  {self.page_no()}", align="C")
        self.set_text_color(0)


def _heading(pdf: _ReportPDF, text: str, size: float) -> None:
    pdf.set_font(_FONT, size=size)
    pdf.set_text_color(31, 95, 168)
    pdf.multi_cell(0, size * 0.55, text, align="L", new_x="LMARGIN", new_y="NEXT", wrapmode=pdf.wrap)
    pdf.set_text_color(0)
    pdf.ln(1.5)


def _paragraph(pdf: _ReportPDF, text: str, size: float = 10, bullet: bool = False) -> None:
    pdf.set_font(_FONT, size=size)
    pdf.multi_cell(
        0, size * 0.5, ("• " if bullet else "") + text, align="L", new_x="LMARGIN", new_y="NEXT", wrapmode=pdf.wrap
    )
    pdf.ln(1)


def _table(pdf: _ReportPDF, frame: pd.DataFrame, size: float = 7.5) -> None:
    frame = frame.head(_MAX_TABLE_ROWS)
    pdf.set_font(_FONT, size=size)
    with pdf.table(
        headings_style=FontFace(fill_color=(238, 242, 247)),
        line_height=size * 0.55,
        text_align="LEFT",
        first_row_as_headings=True,
        wrapmode=pdf.wrap,
    ) as table:
        table.row([str(c) for c in frame.columns])
        for values in frame.itertuples(index=False):
            table.row(
                [
                    "—" if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and pd.isna(v)) else str(v)
                    for v in values
                ]
            )
    pdf.ln(2)


def _summary(pdf: _ReportPDF, doc: Document) -> None:
    """The executive summary: key findings, then each recommendation with the finding behind it."""
    _heading(pdf, doc.labels["summary"], 13)
    for finding in doc.summary or [doc.labels["summary_none"]]:
        _paragraph(pdf, finding, bullet=bool(doc.summary))
    if doc.recommendations:
        _heading(pdf, doc.labels["recommendations"], 11)
        recommendations = doc.summary_tables()[1].frame
        _table(pdf, recommendations.iloc[:, :2], size=8)  # the action and its finding


def write_pdf(doc: Document, path: Path) -> Path:
    """Render ``doc`` to ``path``: title page line, sections, methods, provenance."""
    pdf = _ReportPDF(doc.title, doc.lang)
    pdf.add_page()
    _heading(pdf, doc.title, 16)
    _paragraph(pdf, f"{doc.labels['generated']}: {doc.generated}", size=9)
    _summary(pdf, doc)
    for section in doc.sections:
        _heading(pdf, section.title, 13)
        _paragraph(pdf, section.intro)
        if section.findings:
            _heading(pdf, doc.labels["findings"], 11)
            for finding in section.findings:
                _paragraph(pdf, finding, bullet=True)
        if section.omitted:
            _heading(pdf, doc.labels["omitted"], 11)
            for reason in section.omitted:
                _paragraph(pdf, reason, bullet=True)
        if section.recommendations:
            _heading(pdf, doc.labels["recommendations"], 11)
            for r in section.recommendations:
                _paragraph(pdf, doc.labels["cites"].format(action=r.action, finding=r.finding), bullet=True)
        for figure in section.figures:
            pdf.image(io.BytesIO(figure.png), w=pdf.epw * 0.9, x=pdf.l_margin)
            _paragraph(pdf, figure.title, size=8)
        for tab in section.tables:
            _heading(pdf, tab.title, 10)
            _table(pdf, tab.frame)
            if tab.note:
                _paragraph(pdf, tab.note, size=7.5)
    if doc.skipped:
        _heading(pdf, doc.labels["skipped"], 13)
        for note in doc.skipped:
            _paragraph(pdf, note, bullet=True)
    _heading(pdf, doc.labels["methods"], 13)
    for method in doc.methods:
        _paragraph(pdf, method, size=9, bullet=True)
    for section in doc.sections:
        for method in section.methods:
            _paragraph(pdf, method, size=9, bullet=True)
    if doc.rules is not None:
        _heading(pdf, doc.rules.title, 10)
        _table(pdf, doc.rules.frame, size=6.5)
        _paragraph(pdf, doc.rules.note, size=7.5)
    _heading(pdf, doc.labels["provenance"], 13)
    for tab in doc.provenance:
        _heading(pdf, tab.title, 10)
        _table(pdf, tab.frame, size=6.5)
    pdf.output(str(path))
    return path
