"""Read CSV, XLSX and Parquet tables — UTF-8, UTF-8 with BOM or GBK/GB18030 — into canonical schemas."""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pacompute
import pyarrow.csv as pacsv
from pyarrow import ArrowInvalid

from governance_analytics.io.conform import ReadResult, SchemaViolation, conform
from governance_analytics.io.encoding import EncodingProblem, detect_encoding

__all__ = ["read_table", "read_raw", "UnreadableFile"]

#: Cell texts read as missing; "NA" is what R writes, "NULL"/"null" what databases export.
NA_VALUES = ["", "NA", "N/A", "NaN", "nan", "NULL", "null", "None"]
_FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet", ".pq": "parquet"}


class UnreadableFile(ValueError):
    """A file that cannot be read as a table at all."""


def _line_count(data: bytes | mmap.mmap, encoding: str) -> int:
    """Physical lines of a file up to its last non-blank one: ``\\r\\n``, ``\\n`` and a lone ``\\r``
    each end a line; blank lines at the end of the file are not counted. (In UTF-8 and GB18030 the
    bytes of ``\\r``, ``\\n`` and ``"`` never occur inside a multi-byte character.)"""
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):  # a line break is not one byte
        text = bytes(data).decode(encoding).rstrip("\r\n")
        return text.count("\n") + text.count("\r") - text.count("\r\n") + bool(text)
    end = len(data)
    while end and data[end - 1] in (10, 13):
        end -= 1
    octets = np.frombuffer(data, dtype=np.uint8, count=end)
    lines = int(np.count_nonzero(octets == 10)) + bool(end)
    if data.find(b"\r", 0, end) >= 0:
        lines += int(np.count_nonzero(octets == 13)) - int(np.count_nonzero((octets[:-1] == 13) & (octets[1:] == 10)))
    return lines


def _breaks_per_row(table: pyarrow.Table) -> np.ndarray:
    """Line breaks inside each row's (quoted) values."""
    def count(column, pattern: str):
        return pacompute.fill_null(pacompute.count_substring(column, pattern), 0)

    total = np.zeros(table.num_rows, dtype=np.int64)
    for column in table.columns:
        total += count(column, "\n").to_numpy()
        cr = count(column, "\r")
        if pacompute.sum(cr).as_py():  # \r\n is one line break, a lone \r is one too
            total += cr.to_numpy() - count(column, "\r\n").to_numpy()
    return total


def _start_lines(table: pyarrow.Table, lines: int) -> pd.Series | None:
    """Line number of each record's first line (header on line 1), or ``None`` when the records do not
    account for every line of the file (blank lines: then the exact reader must count)."""
    header = sum(name.count("\n") + name.count("\r") - name.count("\r\n") for name in table.column_names)
    if lines == 1 + header + table.num_rows:  # one line per record: the common case, no per-value count
        return pd.Series(np.arange(2 + header, 2 + header + table.num_rows))
    inside = _breaks_per_row(table)
    if lines != 1 + header + table.num_rows + int(inside.sum()):
        return None
    return pd.Series(2 + header + np.arange(table.num_rows) + np.cumsum(inside) - inside)


def _unique(names: list[str]) -> list[str]:
    """Column names with repeats numbered as pandas does (``a``, ``a.1``, ``a.2``)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


def _read_fast(path: Path, data: mmap.mmap, sep: str, encoding: str) -> tuple[pd.DataFrame, pd.Series] | None:
    """pyarrow's multi-threaded parser on ``path`` (whose bytes are ``data``); ``None`` when it cannot
    parse the file or its records do not account for its lines.

    Quoted values may hold line breaks (``newlines_in_values``, asked for only when the file has a
    quote character at all, as it slows the parser by about a third)."""
    try:
        table = pacsv.read_csv(
            str(path),
            read_options=pacsv.ReadOptions(encoding=encoding),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=data.find(b'"') >= 0),
            convert_options=pacsv.ConvertOptions(default_column_type=pyarrow.string(), null_values=NA_VALUES,
                                                 strings_can_be_null=True),
        )
    except ArrowInvalid:
        return None
    rows = _start_lines(table, _line_count(data, encoding))
    if rows is None:
        return None
    frame = table.to_pandas()
    frame.columns = _unique(table.column_names)
    return frame, rows


def _read_exact(data: bytes, sep: str, encoding: str) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """Python's ``csv`` reader, record by record: line numbers counted as read, blank lines skipped,
    records with more fields than the header returned separately (with their line number), short
    records padded with missing values."""
    reader = csv.reader(io.StringIO(data.decode(encoding), newline=""), delimiter=sep)
    header, last = None, 0
    records, starts, bad, bad_starts = [], [], [], []
    na = frozenset(NA_VALUES)
    for fields in reader:
        start, last = last + 1, reader.line_num
        if not fields:
            continue
        if header is None:
            header = fields
        elif len(fields) > len(header):
            bad.append(fields)
            bad_starts.append(start)
        else:
            records.append([None if v in na else v for v in fields] + [None] * (len(header) - len(fields)))
            starts.append(start)
    if header is None:
        raise pd.errors.EmptyDataError("No columns to parse from file")
    frame = pd.DataFrame(records, columns=_unique(header), dtype="str")
    malformed = pd.DataFrame({"raw": [sep.join(f) for f in bad], "row": bad_starts,
                              "reason": [f"expected {len(header)} fields, found {len(f)}" for f in bad]})
    return frame, pd.Series(starts, dtype="int64"), malformed


def _read_csv(path: Path, encoding: str | None) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, str]:
    """All cells as text, the line number of each record's first line, and the records with too many
    fields (with ``row`` and ``reason``).

    A value may span lines when quoted (a multi-line 诉求内容, a stray carriage return): the record
    stays one record and keeps the line number it starts on. The pyarrow parser reads a well-formed
    file (several times faster than the Python reader); a file it cannot parse, or whose lines its
    records do not account for (blank lines), is read by Python's ``csv`` reader, which counts lines
    as it goes, so that the line numbers of rejects are right either way (RFC 4180, section 2.6:
    fields holding line breaks are quoted)."""
    encoding = encoding or detect_encoding(path)
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                raise pd.errors.EmptyDataError("No columns to parse from file")
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                fast = _read_fast(path, data, sep, encoding)
        if fast is not None:
            return *fast, pd.DataFrame(), encoding
        return *_read_exact(path.read_bytes(), sep, encoding), encoding
    except UnicodeDecodeError as err:
        if encoding == "utf-8":  # the sample was UTF-8 but a later line is not: GB18030 it is
            return _read_csv(path, "gb18030")
        raise EncodingProblem(f"{path}: does not decode as {encoding} ({err.reason} at byte {err.start}); "
                              "expected UTF-8, UTF-8 with BOM, GBK or GB18030") from None


def _read_dataset(path: Path) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, None]:
    """A folder of Parquet files, partitioned Hive-style (``year=2025/part-0.parquet``, as ``convert``
    and ``ingest`` write them), as one table; the partition keys (derived columns) are left out."""
    files = sorted(path.rglob("*.parquet"))
    if not files:
        raise UnreadableFile(f"{path}: a folder without Parquet files; expected a table file or a folder of "
                             "Parquet files (year=YYYY/*.parquet)")
    keys = {part.split("=", 1)[0] for f in files for part in f.relative_to(path).parts[:-1] if "=" in part}
    try:
        frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    except (ValueError, OSError) as err:
        raise UnreadableFile(f"{path}: cannot be read as Parquet ({err})") from err
    frame = frame.drop(columns=[k for k in keys if k in frame])
    return frame, pd.Series(range(1, len(frame) + 1)), pd.DataFrame(), None


def read_raw(path: str | os.PathLike, *, encoding: str | None = None, sheet: str | int = 0) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, str | None]:
    """Read a table file (or a folder of Parquet files) as it is.

    Returns
    -------
    frame, rows, malformed, encoding
        The parsed rows; their row numbers in the file (CSV: line number of the record's first line,
        with the header on line 1, so a record whose quoted value spans lines keeps the number of the
        line it starts on; XLSX: sheet row); records that could not be split into the header's fields
        (with ``reason``, and for CSV ``row``); and the text encoding used (``None`` for binary formats).

    Raises
    ------
    UnreadableFile, EncodingProblem
        Naming the file and what was expected.
    """
    path = Path(path)
    if path.is_dir():
        return _read_dataset(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file")
    if fmt is None:
        raise UnreadableFile(f"{path}: unknown table format {path.suffix!r}; expected one of {sorted(_FORMATS)}")
    try:
        if fmt == "csv":
            frame, rows, malformed, encoding = _read_csv(path, encoding)
        elif fmt == "xlsx":
            frame, malformed, encoding = pd.read_excel(path, sheet_name=sheet, dtype=str, na_values=NA_VALUES, keep_default_na=False), pd.DataFrame(), None
        else:
            frame, malformed, encoding = pd.read_parquet(path), pd.DataFrame(), None
    except (EncodingProblem, UnreadableFile):
        raise
    except (ValueError, OSError, csv.Error, KeyError) as err:
        raise UnreadableFile(f"{path}: cannot be read as {fmt} ({err})") from err
    frame.columns = [str(c).strip() for c in frame.columns]
    if fmt != "csv":
        rows = pd.Series(range(2, len(frame) + 2)) if fmt == "xlsx" else pd.Series(range(1, len(frame) + 1))
    return frame, rows, malformed, encoding


def read_table(
    path: str | os.PathLike,
    *,
    schema: str | pa.DataFrameSchema | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    sheet: str | int = 0,
    tz: str = "Asia/Shanghai",
    constants: Mapping[str, object] | None = None,
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
    constants
        Canonical column → value, for columns the file lacks (filling the missing values of a column
        it has).

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
    for column, value in (constants or {}).items():
        frame[column] = frame[column].fillna(value) if column in frame else value
    if schema is None:
        checked = ReadResult(frame, pd.DataFrame(columns=["row", "reason"]), len(frame), source)
    else:
        checked = conform(frame, schema, source=source, rows=rows, tz=tz)
    if len(malformed):
        malformed = malformed if "row" in malformed else malformed.assign(row=pd.NA)
        rejects = pd.concat([checked.rejects, malformed], ignore_index=True)
    else:
        rejects = checked.rejects
    return ReadResult(checked.data, rejects, checked.n_read + len(malformed), source, used)
