"""Read CSV, XLSX and Parquet tables — UTF-8, UTF-8 with BOM or GBK/GB18030 — into canonical schemas."""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pacompute
import pyarrow.csv as pacsv
from pyarrow import ArrowInvalid

from governance_analytics.errors import UnreadableFile
from governance_analytics.io.compressed import decompressed
from governance_analytics.io.conform import ReadResult, SchemaViolation, conform, resolve_schema
from governance_analytics.io.encoding import EncodingProblem, check_encoding, decode_error, detect_encoding
from governance_analytics.io.workbooks import read_workbook

__all__ = [
    "read_table",
    "read_raw",
    "check_repeated",
    "named_columns",
    "sniff_delimiter",
    "unclosed_quote",
    "unique_names",
    "UnreadableFile",
]

csv.field_size_limit(sys.maxsize)  # a long value (or a quote that never closes) is not cut at 128 KiB

#: Cell texts read as missing; "NA" is what R writes, "NULL"/"null" what databases export.
NA_VALUES = ["", "NA", "N/A", "NaN", "nan", "NULL", "null", "None"]
_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".parquet": "parquet",
    ".pq": "parquet",
}


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


def unique_names(names: list[str]) -> list[str]:
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
            convert_options=pacsv.ConvertOptions(
                default_column_type=pyarrow.string(), null_values=NA_VALUES, strings_can_be_null=True
            ),
        )
    except ArrowInvalid:
        return None
    rows = _start_lines(table, _line_count(data, encoding))
    if rows is None:
        return None
    frame = table.rename_columns([f"c{i}" for i in range(table.num_columns)]).to_pandas()
    frame.columns = table.column_names
    return frame, rows


def unclosed_quote(lines, sep: str) -> int | None:
    """The line where a quoted value opens and never closes, or ``None``: such a value would take the
    rest of the file (parsers, pyarrow's and Python's, accept it at the end of the file). Checked when
    the file holds an odd number of quote characters; a quote inside an unquoted value (``12" pipe``)
    is legal, so parity alone is not proof."""
    reader, last = csv.reader(lines, delimiter=sep, strict=True), 0
    while True:
        try:
            if next(reader, None) is None:
                return None
        except csv.Error as err:
            if "unexpected end of data" in str(err):
                return last + 1
        last = reader.line_num


def _read_exact(data: bytes, sep: str, encoding: str) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """Python's ``csv`` reader, record by record: line numbers counted as read, blank lines skipped,
    records with more or fewer fields than the header returned separately (with their line number
    and reason)."""
    reader = csv.reader(io.StringIO(data.decode(encoding), newline=""), delimiter=sep)
    header, last = None, 0
    records, starts, bad = [], [], []
    na = frozenset(NA_VALUES)
    for fields in reader:
        start, last = last + 1, reader.line_num
        if not fields or fields == [""]:
            continue
        if header is None:
            header = fields
        elif len(fields) != len(header):
            bad.append(
                {"raw": sep.join(fields), "row": start, "reason": f"expected {len(header)} fields, found {len(fields)}"}
            )
        else:
            records.append([None if v in na else v for v in fields])
            starts.append(start)
    if header is None:
        raise pd.errors.EmptyDataError("holds no header row (only blank lines)")
    frame = pd.DataFrame(records, columns=header, dtype="str")
    return frame, pd.Series(starts, dtype="int64"), pd.DataFrame(bad, columns=["raw", "row", "reason"])


def sniff_delimiter(data: bytes | mmap.mmap, suffix: str) -> str:
    """``\t`` for ``.tsv``; else the header line's delimiter: a comma, or the one of ``;``, tab and
    ``|`` that it holds when it holds no comma (Excel in many European locales saves with ``;``)."""
    if suffix == ".tsv":
        return "\t"
    end = data.find(b"\n")
    line = bytes(data[: end if end >= 0 else min(len(data), 1 << 16)])
    if b"," in line:
        return ","
    counts = {sep: line.count(sep.encode()) for sep in (";", "\t", "|")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _read_csv(path: Path, encoding: str | None, label: str) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, str]:
    """All cells as text, the line number of each record's first line, and the malformed records (with
    ``row`` and ``reason``).

    A value may span lines when quoted (a multi-line 诉求内容, a stray carriage return): the record
    stays one record and keeps the line number it starts on. The pyarrow parser reads a well-formed
    file (several times faster than the Python reader); a file it cannot parse, or whose lines its
    records do not account for (blank lines), is read by Python's ``csv`` reader, which counts lines
    as it goes, so that the line numbers of rejects are right either way (RFC 4180, section 2.6:
    fields holding line breaks are quoted). A quote that opens a value and never closes is an error
    (:func:`unclosed_quote`)."""
    encoding = check_encoding(encoding) if encoding else detect_encoding(path)
    try:
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                raise UnreadableFile(f"{label}: is empty (0 bytes); expected a header row and data rows")
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                sep = sniff_delimiter(data, path.suffix.lower())
                odd_quotes = int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) == 34)) % 2 == 1
                fast = _read_fast(path, data, sep, encoding)
        if odd_quotes:
            with path.open(encoding=encoding, newline="") as lines:
                line = unclosed_quote(lines, sep)
            if line is not None:
                raise UnreadableFile(
                    f"{label}: line {line}: a quoted value opens and never closes, so the rest of "
                    "the file would be one value; close the quote or remove it"
                )
        if fast is not None:
            return *fast, pd.DataFrame(columns=["raw", "row", "reason"]), encoding
        try:
            return *_read_exact(path.read_bytes(), sep, encoding), encoding
        except pd.errors.EmptyDataError as err:
            raise UnreadableFile(f"{label}: {err}") from None
    except UnicodeDecodeError as err:
        raise decode_error(label, encoding, err) from None


def _read_dataset(path: Path) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, None]:
    """A folder of Parquet files, partitioned Hive-style (``year=2025/part-0.parquet``, as ``convert``
    and ``ingest`` write them), as one table; the partition keys (derived columns) are left out."""
    files = sorted(path.rglob("*.parquet"))
    if not files:
        raise UnreadableFile(
            f"{path}: a folder without Parquet files; expected a table file or a folder of "
            "Parquet files (year=YYYY/*.parquet)"
        )
    keys = {part.split("=", 1)[0] for f in files for part in f.relative_to(path).parts[:-1] if "=" in part}
    try:
        frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    except (ValueError, OSError) as err:
        raise UnreadableFile(f"{path}: cannot be read as Parquet ({err})") from err
    frame = frame.drop(columns=[k for k in keys if k in frame])
    return frame, pd.Series(range(1, len(frame) + 1)), pd.DataFrame(), None


def named_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Column names stripped of spaces and made unique (``备注``, ``备注.1``); the names that occur
    more than once are kept in ``frame.attrs["repeated"]``, so that a reader that uses one can refuse
    to guess which."""
    names = [str(c).strip() for c in frame.columns]
    frame.columns = unique_names(names)
    frame.attrs["repeated"] = sorted({n for n in names if names.count(n) > 1})
    return frame


def check_repeated(frame: pd.DataFrame, used, source: str) -> None:
    """A column the read uses that the file names twice is an error: which one is meant cannot be told."""
    clash = sorted(set(frame.attrs.get("repeated", ())) & set(used))
    if clash:
        raise SchemaViolation(
            f"{source}: column(s) {clash} appear more than once in the header; rename the copies "
            "so that each column has its own name"
        )


def _read_file(
    path: Path, label: str, fmt: str, encoding: str | None, sheet
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, str | None]:
    if fmt == "csv":
        return _read_csv(path, encoding, label)
    if fmt == "xls":
        raise UnreadableFile(f"{label}: the old binary Excel format (.xls) is not read; save it as .xlsx or CSV")
    if fmt == "xlsx":
        frame, rows = read_workbook(path, sheet=sheet, label=label)
        return frame.mask(frame.isin(NA_VALUES)), rows, pd.DataFrame(columns=["raw", "row", "reason"]), None
    frame = pd.read_parquet(path)
    return frame, pd.Series(range(1, len(frame) + 1)), pd.DataFrame(columns=["raw", "row", "reason"]), None


def read_raw(
    path: str | os.PathLike, *, encoding: str | None = None, sheet: str | int | None = None
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, str | None]:
    """Read a table file (or a folder of Parquet files) as it is.

    Parameters
    ----------
    path
        CSV (``.csv``, ``.tsv``, ``.txt``; comma, or the header's ``;``, tab or ``|``), ``.xlsx``,
        ``.parquet``, any of these gzip- or ZIP-compressed (:mod:`.compressed`), or a folder of Parquet
        files.
    encoding
        Text encoding of a CSV; detected when ``None`` (:mod:`.encoding`).
    sheet
        A workbook's sheet (name or 0-based index), ``"all"``, or ``None`` for the only sheet with data
        (:mod:`.workbooks`).

    Returns
    -------
    frame, rows, malformed, encoding
        The parsed rows; their row numbers in the file (CSV: line number of the record's first line,
        with the header on line 1, so a record whose quoted value spans lines keeps the number of the
        line it starts on; XLSX: sheet row); records that could not be split into the header's fields
        (``raw``, ``row`` and ``reason``); and the text encoding used (``None`` for binary formats).

    Raises
    ------
    UnreadableFile, EncodingProblem
        Naming the file and what was expected.
    """
    path = Path(path)
    if path.is_dir():
        return _read_dataset(path)
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file")
    try:
        with decompressed(path) as (plain, label):
            fmt = _FORMATS.get(plain.suffix.lower())
            if fmt is None:
                raise UnreadableFile(
                    f"{label}: unknown table format {plain.suffix!r}; expected one of "
                    f"{sorted(set(_FORMATS) - {'.xls'})} (or .gz, .zip)"
                )
            frame, rows, malformed, encoding = _read_file(plain, label, fmt, encoding, sheet)
    except (EncodingProblem, UnreadableFile):
        raise
    except (ValueError, OSError, csv.Error, KeyError, ArrowInvalid) as err:
        said = str(err)  # the compressed and workbook readers' errors name the file already
        raise UnreadableFile(said if said.startswith(str(path)) else f"{path}: cannot be read ({said})") from None
    return named_columns(frame), rows, malformed, encoding


def _mapped(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with each canonical column taken from its file column: renamed, or copied when one
    file column gives several canonical ones (a school's code as both its id and its PSU)."""
    sources = pd.Series(columns)
    renamed = frame.rename(columns={v: k for k, v in sources[~sources.duplicated()].items()})
    copies = {k: frame[v] for k, v in sources[sources.duplicated()].items()}
    return renamed.assign(**copies) if copies else renamed


def read_table(
    path: str | os.PathLike,
    *,
    schema: str | pa.DataFrameSchema | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    tz: str = "Asia/Shanghai",
    constants: Mapping[str, object] | None = None,
    values: Mapping[str, Mapping] | None = None,
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
        Sheet name or index of an XLSX workbook, ``"all"``, or ``None`` for the only sheet with data.
    tz
        The city's time zone for time-zone-aware timestamps.
    constants
        Canonical column → value, for columns the file lacks (filling the missing values of a column
        it has).
    values
        Column → {file value → value}, e.g. ``{"p_meeting": {"是": 1, "否": 0}}`` (values not listed
        are kept).

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
        check_repeated(frame, columns.values(), source)
        clash = sorted(k for k, v in columns.items() if k != v and k in frame)
        if clash:
            raise SchemaViolation(
                f"{source}: column(s) {clash} are in the file and are also mapped from other columns "
                f"({', '.join(f'{k} ← {columns[k]!r}' for k in clash)}); map one or rename the other"
            )
        frame = _mapped(frame, columns)
    for column, mapping in (values or {}).items():
        if column not in frame:
            raise SchemaViolation(
                f"{source}: a value map is given for column {column!r}, which the table does not have"
            )
        as_text = {str(a): b for a, b in mapping.items()}
        frame[column] = frame[column].map(lambda v: as_text.get(str(v), v) if pd.notna(v) else v)
    if schema is not None:
        check_repeated(frame, resolve_schema(schema).columns, source)
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
