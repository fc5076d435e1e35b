"""Read CSV, XLSX and Parquet tables — UTF-8, UTF-8 with BOM or GBK/GB18030 — into canonical schemas."""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pyarrow import ArrowInvalid

from governance_analytics.io.conform import ReadResult, SchemaViolation, conform
from governance_analytics.io.encoding import EncodingProblem, detect_encoding

__all__ = ["read_table", "read_raw", "UnreadableFile"]

#: Cell texts read as missing; "NA" is what R writes, "NULL"/"null" what databases export.
NA_VALUES = ["", "NA", "N/A", "NaN", "nan", "NULL", "null", "None"]
_FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet", ".pq": "parquet"}


class UnreadableFile(ValueError):
    """A file that cannot be read as a table at all."""


def _read_csv(path: Path, encoding: str | None) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """All cells as text; lines with the wrong number of fields come back separately.

    The pyarrow parser reads well-formed files (four times faster than pandas' C parser here); a
    file it cannot parse is re-read line by line so that malformed lines become rejects."""
    encoding = encoding or detect_encoding(path)
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    options = dict(sep=sep, dtype=str, keep_default_na=False, na_values=NA_VALUES, encoding=encoding)
    try:
        return pd.read_csv(path, **options, engine="pyarrow"), pd.DataFrame(), encoding
    except UnicodeDecodeError as err:
        if encoding == "utf-8":  # the sample was UTF-8 but a later line is not: GB18030 it is
            return _read_csv(path, "gb18030")
        raise EncodingProblem(f"{path}: does not decode as {encoding} ({err.reason} at byte {err.start}); "
                              "expected UTF-8, UTF-8 with BOM, GBK or GB18030") from None
    except (pd.errors.ParserError, ValueError, ArrowInvalid):
        bad: list[list[str]] = []
        frame = pd.read_csv(path, **options, engine="python", on_bad_lines=lambda fields: bad.append(fields))
        width = len(frame.columns)
        rejects = pd.DataFrame({"raw": [sep.join(f) for f in bad],
                                "reason": [f"expected {width} fields, found {len(f)}" for f in bad]})
        return frame, rejects, encoding


def read_raw(path: str | os.PathLike, *, encoding: str | None = None, sheet: str | int = 0) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, str | None]:
    """Read a table file as it is.

    Returns
    -------
    frame, rows, malformed, encoding
        The parsed rows; their row numbers in the file (CSV: line number with the header on line 1;
        XLSX: sheet row); lines that could not be split into the header's fields (with ``reason``);
        and the text encoding used (``None`` for binary formats).

    Raises
    ------
    UnreadableFile, EncodingProblem
        Naming the file and what was expected.
    """
    path = Path(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file")
    if fmt is None:
        raise UnreadableFile(f"{path}: unknown table format {path.suffix!r}; expected one of {sorted(_FORMATS)}")
    try:
        if fmt == "csv":
            frame, malformed, encoding = _read_csv(path, encoding)
        elif fmt == "xlsx":
            frame, malformed, encoding = pd.read_excel(path, sheet_name=sheet, dtype=str, na_values=NA_VALUES, keep_default_na=False), pd.DataFrame(), None
        else:
            frame, malformed, encoding = pd.read_parquet(path), pd.DataFrame(), None
    except (EncodingProblem, UnreadableFile):
        raise
    except (ValueError, OSError, csv.Error, KeyError) as err:
        raise UnreadableFile(f"{path}: cannot be read as {fmt} ({err})") from err
    frame.columns = [str(c).strip() for c in frame.columns]
    rows = pd.Series(range(2, len(frame) + 2)) if fmt != "parquet" else pd.Series(range(1, len(frame) + 1))
    return frame, rows, malformed, encoding


def read_table(
    path: str | os.PathLike,
    *,
    schema: str | pa.DataFrameSchema | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    sheet: str | int = 0,
    tz: str = "Asia/Shanghai",
) -> ReadResult:
    """Read a CSV/XLSX/Parquet file, optionally into a canonical table.

    Parameters
    ----------
    path
        ``.csv``/``.tsv``/``.txt``, ``.xlsx`` or ``.parquet``.
    schema
        Canonical table name (see :data:`governance_analytics.schemas.SCHEMAS`) or a pandera schema;
        ``None`` reads the table as it is (every row accepted).
    columns
        Mapping from canonical column names to the file's column names, e.g.
        ``{"case_id": "案件编号", "created_at": "上报时间"}``.
    encoding
        Text encoding of a CSV; detected when ``None`` (UTF-8, UTF-8 with BOM, GBK/GB18030).
    sheet
        Sheet name or index of an XLSX workbook.
    tz
        The city's time zone for time-zone-aware timestamps.

    Returns
    -------
    ReadResult
        ``data`` (accepted rows), ``rejects`` (with ``row`` and ``reason``) and ``n_read`` with
        ``n_read == len(data) + len(rejects)``.
    """
    frame, rows, malformed, used = read_raw(path, encoding=encoding, sheet=sheet)
    source = str(path)
    if columns:
        absent = sorted(set(columns.values()) - set(frame.columns))
        if absent:
            raise SchemaViolation(f"{source}: mapped column(s) {absent} not found; the file has {list(frame.columns)}")
        frame = frame.rename(columns={v: k for k, v in columns.items()})
    if schema is None:
        checked = ReadResult(frame, pd.DataFrame(columns=["row", "reason"]), len(frame), source)
    else:
        checked = conform(frame, schema, source=source, rows=rows, tz=tz)
    rejects = pd.concat([checked.rejects, malformed.assign(row=pd.NA)], ignore_index=True) if len(malformed) else checked.rejects
    return ReadResult(checked.data, rejects, checked.n_read + len(malformed), source, used)
