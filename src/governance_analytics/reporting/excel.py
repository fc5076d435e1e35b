"""Write every report table to an Excel workbook, one sheet each, formatted for printing.

Strings are always written as text (``strings_to_formulas=False``), so a cell starting with ``=``,
``+``, ``-`` or ``@`` is never evaluated as a formula by Excel or WPS."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import xlsxwriter

from governance_analytics.reporting.document import Document

__all__ = ["write_excel"]


def _sheet_name(key: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", key)[:31]
    name, i = base, 1
    while name.lower() in used:
        suffix = f"~{i}"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    used.add(name.lower())
    return name


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value if isinstance(value, (int, float, str)) else str(value)


def write_excel(doc: Document, path: Path) -> Path:
    """Write the tables of ``doc`` to ``path``: a title row, a bold header repeated on every printed
    page, frozen panes, column widths fitted to content, landscape A4 fitted to the page width."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                           "strings_to_numbers": False})
    book.set_properties({"title": doc.title, "creator": "governance-analytics"})
    title_fmt = book.add_format({"bold": True, "font_size": 12})
    head_fmt = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1, "text_wrap": True})
    body_fmt = book.add_format({"border": 1})
    used: set[str] = set()
    for key, tab in doc.tables():
        sheet = book.add_worksheet(_sheet_name(key, used))
        frame = tab.frame
        sheet.write_string(0, 0, tab.title, title_fmt)
        for j, column in enumerate(frame.columns):
            sheet.write_string(1, j, str(column), head_fmt)
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(500)])
            sheet.set_column(j, j, min(60, max(8, 1.6 * width)))
        for i, values in enumerate(frame.itertuples(index=False), start=2):
            for j, value in enumerate(values):
                sheet.write(i, j, _cell(value), body_fmt)
        if tab.note:
            sheet.write_string(len(frame) + 3, 0, tab.note)
        sheet.freeze_panes(2, 0)
        sheet.repeat_rows(1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
    book.close()
    return path
