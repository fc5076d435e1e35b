"""Write every report table to an Excel workbook, one sheet each, formatted for printing.

Formula injection
-----------------
A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel
and WPS read as a formula when it is typed — a resident's message or a case description such as
``=HYPERLINK(...)`` could otherwise run when a planner opens or edits the workbook. Two rules keep
every such cell text:

1. strings are written as strings, never as formulas, numbers or links (``strings_to_formulas``,
   ``strings_to_numbers`` and ``strings_to_urls`` off), so the file holds no ``<f>`` element;
2. a string that begins with one of
   :data:`~governance_analytics.safe_text.FORMULA_PREFIXES` (or, as a precaution, their full-width
   forms ``＝ ＋ － ＠``, which an East Asian input method may type) gets a cell format with
   ``quote_prefix`` set — the cell-level form of the leading apostrophe — so that it stays text even
   after a user edits the cell and presses Enter. The text itself is not changed.

References
----------
OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection (the six leading
characters; neutralise by making the cell text). ECMA-376 Part 1 (SpreadsheetML), the ``quotePrefix``
attribute of a cell format (``xf``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from governance_analytics.reporting.document import Document
from governance_analytics.safe_text import needs_quote_prefix

__all__ = ["write_excel"]


def _sheet_name(key: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", key)[:31]
    name, i = base, 1
    while name.lower() in used:
        suffix = f"~{i}"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    used.add(name.lower())
    return name


class _Formats:
    """The workbook's cell formats, each in a plain and a quote-prefixed version."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        styles: dict[str, dict[str, object] | None] = {
            "title": {"bold": True, "font_size": 12},
            "head": {"bold": True, "bg_color": "#EEF2F7", "border": 1, "text_wrap": True},
            "body": {"border": 1},
            "note": None,
        }
        self._plain = {k: book.add_format(v) if v else None for k, v in styles.items()}
        self._quoted = {k: book.add_format({**(v or {}), "quote_prefix": True}) for k, v in styles.items()}

    def write(self, sheet: Worksheet, row: int, col: int, value: object, style: str) -> None:
        """Write ``value``: a string as text (quote-prefixed when it looks like a formula), else as is."""
        if isinstance(value, str):
            fmt = self._quoted[style] if needs_quote_prefix(value) else self._plain[style]
            sheet.write_string(row, col, value, fmt)
        else:
            sheet.write(row, col, value, self._plain[style])


def _cell(value):
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value if isinstance(value, (int, float, str)) else str(value)


def write_excel(doc: Document, path: Path) -> Path:
    """Write the tables of ``doc`` to ``path``: a title row, a bold header repeated on every printed
    page, frozen panes, column widths fitted to content, landscape A4 fitted to the page width; every
    string as text, quote-prefixed when it begins like a formula (see the module notes)."""
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    book.set_properties({"title": doc.title, "creator": "governance-analytics"})
    formats = _Formats(book)
    used: set[str] = set()
    for key, tab in doc.tables():
        sheet = book.add_worksheet(_sheet_name(key, used))
        frame = tab.frame
        formats.write(sheet, 0, 0, tab.title, "title")
        for j, column in enumerate(frame.columns):
            formats.write(sheet, 1, j, str(column), "head")
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(500)])
            sheet.set_column(j, j, min(60, max(8, 1.6 * width)))
        for i, values in enumerate(frame.itertuples(index=False), start=2):
            for j, value in enumerate(values):
                formats.write(sheet, i, j, _cell(value), "body")
        if tab.note:
            formats.write(sheet, len(frame) + 3, 0, tab.note, "note")
        sheet.freeze_panes(2, 0)
        sheet.repeat_rows(1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
    book.close()
    return path
