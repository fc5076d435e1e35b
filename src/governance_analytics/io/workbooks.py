"""Excel workbooks (``.xlsx``) read cell by cell as text, every sheet accounted for.

- **No sheet left unread by accident.** With no sheet named, a workbook whose data is on one sheet is
  read from it; a workbook with data on several sheets is an error listing them, unless the sheet is
  named or ``sheet="all"`` stacks every sheet (all with the same header). Rows are then numbered
  ``Sheet!row``.
- **Cells as the workbook shows them.** A number whose cell format pads with zeros (``00000``: ids such
  as ``00123`` stored as numbers) keeps its zeros; a whole number stored as a float is written without
  ``.0``; dates are ISO 8601. Empty rows before the header and after the last data row are left out,
  empty rows between data rows are kept (a reader rejects them with a reason); row numbers are the
  sheet's.
- A truncated or damaged file, or the old binary ``.xls``, is an :class:`~.tables.UnreadableFile`
  naming the file.

Reference: ECMA-376 Part 1 (SpreadsheetML), §18.8.31 number formats.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pandas as pd

from governance_analytics.errors import UnreadableFile

__all__ = ["read_workbook"]

_ZERO_PADDED = re.compile(r"^0+$")


def _text(value, number_format: str | None) -> str | None:
    """A cell's value as the text the workbook shows."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            width = len(number_format) if number_format and _ZERO_PADDED.match(number_format) else 0
            return str(int(value)).zfill(width)
        return repr(float(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _sheet_rows(sheet) -> tuple[list[str], list[list[str | None]], list[int]]:
    """Header, data rows (as text) and their sheet row numbers; wholly empty rows left out."""
    header, rows, numbers = None, [], []
    if not hasattr(sheet, "iter_rows"):  # a chart sheet holds no cells
        return [], [], []
    if hasattr(sheet, "reset_dimensions"):  # read-only: the file's own <dimension> may be wrong (A1)
        sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
        values = [_text(c.value, getattr(c, "number_format", None)) for c in cells]
        if header is None:
            header = values if any(v is not None for v in values) else None
        else:
            rows.append(values)
            numbers.append(number)
    if header is None:
        return [], [], []
    while rows and not any(v is not None for v in rows[-1]):  # trailing empty rows are no data
        rows.pop()
        numbers.pop()
    width = max([len(header), *(max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in rows)])
    names = [(h or "").strip() or f"Unnamed: {i}" for i, h in enumerate(header + [None] * (width - len(header)))]
    while (
        names
        and names[-1].startswith("Unnamed: ")
        and all(len(r) < len(names) or r[len(names) - 1] is None for r in rows)
    ):
        names.pop()
    rows = [(r + [None] * len(names))[: len(names)] for r in rows]
    return names, rows, numbers


def _load(path: Path, label: str):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, AttributeError, TypeError) as err:
        raise UnreadableFile(
            f"{label}: not a complete .xlsx workbook ({type(err).__name__}: {err}); "
            "open it in Excel and save it again, or export CSV"
        ) from None


def read_workbook(
    path: Path, *, sheet: str | int | None = None, label: str | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """The cells of one sheet (or of all, ``sheet="all"``) as text, and each row's number.

    Parameters
    ----------
    path
        The ``.xlsx`` file.
    sheet
        A sheet's name or 0-based index; ``None`` for the only sheet holding data; ``"all"`` for every
        sheet holding data, stacked (they must share one header).
    label
        How errors name the file (default: ``path``).

    Raises
    ------
    ValueError
        Naming the file: a damaged workbook, an unknown sheet, data on several sheets with none
        chosen, or sheets to stack with different headers.
    """
    label = label or str(path)
    book = _load(path, label)
    try:
        names = book.sheetnames
        if sheet is None or sheet == "all":
            read = {name: _sheet_rows(book[name]) for name in names}
            filled = [name for name, (header, _, _) in read.items() if header]
            if sheet is None and len(filled) > 1:
                raise UnreadableFile(
                    f"{label}: data on {len(filled)} sheets ({', '.join(map(repr, filled))}); name the "
                    "sheet to read (sheet: NAME), or sheet: all to stack them"
                )
            chosen = filled or names[:1]
        else:
            if isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names):
                chosen = [names[sheet]]
            elif sheet in names:
                chosen = [sheet]
            else:
                raise UnreadableFile(f"{label}: no sheet {sheet!r}; the workbook has {names}")
            read = {chosen[0]: _sheet_rows(book[chosen[0]])}
    finally:
        book.close()
    header = read[chosen[0]][0]
    for name in chosen[1:]:
        if read[name][0] != header:
            raise UnreadableFile(
                f"{label}: sheets {chosen[0]!r} and {name!r} have different columns "
                f"({header} and {read[name][0]}); name the sheet to read"
            )
    frame = pd.DataFrame([row for name in chosen for row in read[name][1]], columns=header, dtype="str")
    if sheet == "all":
        rows = pd.Series([f"{name}!{n}" for name in chosen for n in read[name][2]], dtype=object)
    else:
        rows = pd.Series(read[chosen[0]][2], dtype="int64")
    return frame, rows
