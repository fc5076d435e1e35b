"""The bad-input corpus: malformed and hostile inputs, each with the outcome the suite must give.

Every case is a set of files, one way of reading them (the Python readers, the settings loader, or
the command line) and its expected outcome:

- :class:`Error` — a clear error: a ``ValueError`` whose one-line message names the file (or
  setting) and matches the patterns; on the command line, exit status 2, one ``error:`` line and no
  traceback;
- :class:`Read` — a correct read: rows read = accepted + rejected with the counts given, every
  reason pattern matching a reject's reason, and the values given read exactly;
- :class:`Ran` — a command that succeeds (exit 0) and prints the patterns.

``python tests/bad_inputs/corpus.py OUT`` writes every case's files into ``OUT/<case>/`` with
``OUT/expected.json`` (the way each is read and its outcome), to try them by hand or with another
tool. ``tests/bad_inputs/test_corpus.py`` runs them all.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["CORPUS", "Case", "Error", "Read", "Ran", "write"]


@dataclass(frozen=True)
class Error:
    patterns: tuple[str, ...]
    names: str | None = None  # what the message must name (default: the case's first file)

    def __init__(self, *patterns: str, names: str | None = None):
        object.__setattr__(self, "patterns", patterns)
        object.__setattr__(self, "names", names)


@dataclass(frozen=True)
class Read:
    n_read: int
    n_accepted: int
    reasons: tuple[str, ...] = ()
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Ran:
    patterns: tuple[str, ...]

    def __init__(self, *patterns: str):
        object.__setattr__(self, "patterns", patterns)


@dataclass(frozen=True)
class Case:
    """One bad input: ``files`` (name → bytes), ``how`` it is read, and the outcome ``expect``ed.

    ``how`` is ``("cases", FILE, options)`` (:func:`~governance_analytics.io.read_cases`),
    ``("table", FILE, schema, options)`` (:func:`~governance_analytics.io.read_table`), ``("yaml",
    FILE)``, ``("city", FILE)`` (:func:`~governance_analytics.config.load_city`), ``("inputs",
    FOLDER)`` (the report's :func:`~governance_analytics.workspace.load_inputs`) or ``("cli", *ARGS)``
    with ``{d}`` for the case's folder.
    """

    name: str
    kind: str
    files: dict
    how: tuple
    expect: Error | Read | Ran


# --------------------------------------------------------------------------------------------- data
HEADER = ["case_id", "created_at", "category", "closed_at", "lon", "lat"]
ROWS = [
    ["C001", "2025-03-01 08:00:00", "市容环境", "2025-03-02 09:00:00", "121.4701", "31.2301"],
    ["C002", "2025-03-02 10:30:00", "宣传广告", "", "121.4712", "31.2315"],
    ["C003", "2025-03-05 14:00:00", "街面秩序", "2025-03-06 16:00:00", "121.4725", "31.2322"],
    ["C004", "2025-03-08 09:15:00", "市容环境", "2025-03-08 18:00:00", "121.4733", "31.2330"],
    ["C005", "2025-03-09 11:45:00", "施工管理", "", "121.4748", "31.2341"],
]
LATIN = [
    ["C001", "2025-03-01", "Müller's café", "", "-0.1276", "51.5072"],
    ["C002", "2025-03-02", "Zoë – naïve façade", "", "-0.1280", "51.5080"],
    ["C003", "2025-03-03", "crème brûlée €5", "", "-0.1290", "51.5090"],
]


def table(rows=ROWS, header=HEADER, *, sep=",", newline="\n", encoding="utf-8") -> bytes:
    """A CSV file's bytes (values quoted only where they must be)."""
    out = io.StringIO()
    import csv

    writer = csv.writer(out, delimiter=sep, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def text(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def with_dates(dates: list[str], closed: list[str] | None = None) -> bytes:
    rows = [[r[0], d, r[2], (closed or [""] * 5)[i], r[4], r[5]] for i, (r, d) in enumerate(zip(ROWS, dates))]
    return table(rows)


def workbook(sheets: dict[str, list[list]], formats: dict[str, str] | None = None) -> bytes:
    """An .xlsx file's bytes: sheet name → rows (the first is the header); ``formats``: cell → number format."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell, fmt in (formats or {}).items():
            if cell.startswith(f"{name}!"):
                sheet[cell.split("!", 1)[1]].number_format = fmt
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


SURVEY = ["respondent_id", "stratum", "psu", "weight", "district", "community_id"]


def survey(weights: list[str]) -> bytes:
    return table([[f"R{i}", "S1", f"P{i}", w, "D1", "K1"] for i, w in enumerate(weights)], SURVEY)


def cases(file="export.csv", **options):
    return ("cases", file, options)


def cli(*args):
    return ("cli", *args)


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)
CITY = "city: {zh: 某市, en: Some City}\ntimezone: Asia/Shanghai\n"
GOOD = table()
CHINESE = [
    [r[0], r[1], c, r[3], r[4], r[5]]
    for r, c in zip(ROWS, ["市容环境", "宣传广告", "𠮷祥路面破损", "街面秩序", "施工管理"])
]

# ------------------------------------------------------------------------------------------- corpus
CORPUS: list[Case] = [
    # encodings
    Case(
        "utf8",
        "encoding",
        {"export.csv": GOOD},
        cases(),
        Read(5, 5, values={"category": ["市容环境", "宣传广告", "街面秩序", "市容环境", "施工管理"]}),
    ),
    Case(
        "utf8_bom",
        "encoding",
        {"export.csv": codecs.BOM_UTF8 + GOOD},
        cases(),
        Read(5, 5, values={"case_id": [f"C00{i}" for i in range(1, 6)]}),
    ),
    Case(
        "utf8_bom_convert",
        "encoding",
        {"export.csv": codecs.BOM_UTF8 + GOOD},
        cli("convert", "{d}/export.csv", "--out", "{d}/out"),
        Ran(r"5 = 5 \+ 0"),
    ),
    Case(
        "gbk",
        "encoding",
        {"export.csv": table(encoding="gbk")},
        cases(),
        Read(5, 5, values={"category": ["市容环境", "宣传广告", "街面秩序", "市容环境", "施工管理"]}),
    ),
    Case(
        "gb18030_four_byte",
        "encoding",
        {"export.csv": table(CHINESE, encoding="gb18030")},
        cases(),
        Read(5, 5, values={"category": ["市容环境", "宣传广告", "𠮷祥路面破损", "街面秩序", "施工管理"]}),
    ),
    Case(
        "gb18030_declared_gbk",
        "encoding",
        {"export.csv": table(CHINESE, encoding="gb18030")},
        cases(encoding="gbk"),
        Error("does not decode as gbk", "gb18030"),
    ),
    Case(
        "gb18030_declared_gbk_convert",
        "encoding",
        {"export.csv": table(CHINESE, encoding="gb18030")},
        cli("convert", "{d}/export.csv", "--out", "{d}/out", "--encoding", "gbk"),
        Error("gbk", "gb18030"),
    ),
    Case(
        "utf16_bom",
        "encoding",
        {"export.csv": table(encoding="utf-16")},
        cases(),
        Read(5, 5, values={"category": ["市容环境", "宣传广告", "街面秩序", "市容环境", "施工管理"]}),
    ),
    Case(
        "cp1252_accent_at_the_end",
        "encoding",
        {"export.csv": table(LATIN[:1], encoding="cp1252") + "Café".encode("cp1252")},
        cases(),
        Read(2, 1, reasons=("expected 6 fields, found 1",)),
    ),
    Case(
        "cp1252",
        "encoding",
        {"export.csv": table(LATIN, encoding="cp1252")},
        cases(),
        Read(3, 3, values={"category": ["Müller's café", "Zoë – naïve façade", "crème brûlée €5"]}),
    ),
    Case(
        "latin1_letters_after_accents",
        "encoding",
        {
            "export.csv": table(
                [
                    LATIN[0],
                    ["C009", "2025-03-04", "Dvořák Straße", "", "-0.13", "51.51"][:2]
                    + ["Straße Ärger", "", "-0.13", "51.51"],
                ],
                encoding="cp1252",
            )
        },
        cases(),
        Read(2, 2, values={"category": ["Müller's café", "Straße Ärger"]}),
    ),
    Case("utf16_no_bom", "encoding", {"export.csv": table(encoding="utf-16-le")}, cases(), Error("NUL bytes")),
    Case("binary_garbage", "encoding", {"export.csv": bytes(range(256)) * 40}, cases(), Error("NUL bytes")),
    Case(
        "unknown_encoding_name",
        "encoding",
        {"export.csv": GOOD},
        cases(encoding="klingon"),
        Error("unknown text encoding 'klingon'", names="klingon"),
    ),
    Case(
        "unknown_encoding_name_cli",
        "encoding",
        {"export.csv": GOOD},
        cli("convert", "{d}/export.csv", "--out", "{d}/out", "--encoding", "klingon"),
        Error("unknown text encoding", names="klingon"),
    ),
    # compression
    Case("gzip_suffix", "compressed", {"export.csv.gz": gz(GOOD)}, cases("export.csv.gz"), Read(5, 5)),
    Case("gzip_bytes_named_csv", "compressed", {"export.csv": gz(GOOD)}, cases(), Read(5, 5)),
    Case(
        "gzip_convert",
        "compressed",
        {"export.csv.gz": gz(GOOD)},
        cli("convert", "{d}/export.csv.gz", "--out", "{d}/out"),
        Ran(r"5 = 5 \+ 0"),
    ),
    Case(
        "gzip_truncated",
        "compressed",
        {"export.csv.gz": gz(GOOD * 50)[:200]},
        cases("export.csv.gz"),
        Error("damaged or truncated gzip"),
    ),
    Case("zip_one_table", "compressed", {"export.zip": zipped({"export.csv": GOOD})}, cases("export.zip"), Read(5, 5)),
    Case(
        "zip_two_tables",
        "compressed",
        {"export.zip": zipped({"a.csv": GOOD, "b.csv": GOOD})},
        cases("export.zip"),
        Error("one table file", "a.csv, b.csv"),
    ),
    Case("zip_empty", "compressed", {"export.zip": zipped({})}, cases("export.zip"), Error("holds nothing")),
    Case(
        "zip_macos_extras",
        "compressed",
        {"export.zip": zipped({"export.csv": GOOD, "__MACOSX/._export.csv": b"x"})},
        cases("export.zip"),
        Read(5, 5),
    ),
    Case(
        "zip_encrypted",
        "compressed",
        {
            "export.zip": bytes.fromhex(
                "504b0304140001000800000021000000000000000000000000000a0000006578706f72742e637376"
            )
            + b"\x00" * 12
        },
        cases("export.zip"),
        Error("export.zip"),
    ),
    Case(
        "zip_truncated",
        "compressed",
        {"export.zip": zipped({"export.csv": GOOD * 50})[:100]},
        cases("export.zip"),
        Error("damaged or truncated zip"),
    ),
    Case(
        "zip_holds_unknown_format",
        "compressed",
        {"export.zip": zipped({"export.dat": GOOD})},
        cases("export.zip"),
        Error("unknown table format '.dat'"),
    ),
    # structure of a CSV
    Case("empty_file", "structure", {"export.csv": b""}, cases(), Error(r"empty \(0 bytes\)")),
    Case(
        "empty_file_convert",
        "structure",
        {"export.csv": b""},
        cli("convert", "{d}/export.csv", "--out", "{d}/out"),
        Error("empty"),
    ),
    Case("empty_file_map", "structure", {"export.csv": b""}, cli("map", "{d}/export.csv"), Error("empty")),
    Case("blank_lines_only", "structure", {"export.csv": b"\n\n\r\n"}, cases(), Error("no header row")),
    Case("header_only", "structure", {"export.csv": text([",".join(HEADER)])}, cases(), Read(0, 0)),
    Case(
        "header_only_convert",
        "structure",
        {"export.csv": text([",".join(HEADER)])},
        cli("convert", "{d}/export.csv", "--out", "{d}/out"),
        Error("a header and no data rows"),
    ),
    Case(
        "unterminated_quote_middle",
        "structure",
        {
            "export.csv": text(
                [
                    ",".join(HEADER),
                    "C001,2025-03-01 08:00:00,市容环境,,121.47,31.23",
                    'C002,2025-03-02 08:00:00,"宣传广告,,121.47,31.23',
                    "C003,2025-03-03 08:00:00,街面秩序,,121.47,31.23",
                    "C004,2025-03-04 08:00:00,街面秩序,,121.47,31.23",
                ]
            )
        },
        cases(),
        Error("line 3", "never closes"),
    ),
    Case(
        "unterminated_quote_last_value",
        "structure",
        {
            "export.csv": text(
                [
                    ",".join(HEADER),
                    "C001,2025-03-01 08:00:00,市容环境,,121.47,31.23",
                    'C002,2025-03-02 08:00:00,宣传广告,,121.47,"31.23',
                    "C003,2025-03-03 08:00:00,街面秩序,,121.47,31.23",
                ]
            )
        },
        cases(),
        Error("line 3", "never closes"),
    ),
    Case(
        "unterminated_quote_long_rest",
        "structure",
        {
            "export.csv": (
                ",".join(HEADER)
                + "\n"
                + "C001,2025-03-01 08:00:00,市容环境,,121.47,31.23\n"
                + 'C002,2025-03-02 08:00:00,"宣传广告,,121.47,31.23\n'
                + "".join(f"C{i:04d},2025-03-03 08:00:00,街面秩序,,121.47,31.23\n" for i in range(3, 3000))
            )
            .rstrip("\n")
            .encode()
        },
        cases(),
        Error("line 3", "never closes"),
    ),
    Case(
        "unterminated_quote_convert",
        "structure",
        {
            "export.csv": text(
                [
                    ",".join(HEADER),
                    "C001,2025-03-01 08:00:00,市容环境,,121.47,31.23",
                    'C002,2025-03-02 08:00:00,宣传广告,,121.47,"31.23',
                    "C003,2025-03-03 08:00:00,街面秩序,,121.47,31.23",
                ]
            )
        },
        cli("convert", "{d}/export.csv", "--out", "{d}/out"),
        Error("line 3", "never closes"),
    ),
    Case(
        "stray_quote_inside_value",
        "structure",
        {
            "export.csv": text(
                [
                    ",".join(HEADER),
                    'C001,2025-03-01 08:00:00,12" pipe burst,,121.47,31.23',
                    "C002,2025-03-02 08:00:00,宣传广告,,121.47,31.23",
                ]
            )
        },
        cases(),
        Read(2, 2, values={"category": ['12" pipe burst', "宣传广告"]}),
    ),
    Case(
        "text_after_closing_quote",
        "structure",
        {
            "export.csv": text(
                [
                    ",".join(HEADER),
                    'C001,2025-03-01 08:00:00,"市容"环境,,121.47,31.23',
                    "C002,2025-03-02 08:00:00,宣传广告,,121.47,31.23",
                ]
            )
        },
        cases(),
        Read(2, 2, values={"category": ["市容环境", "宣传广告"]}),
    ),
    Case(
        "short_row",
        "structure",
        {
            "export.csv": text(
                [
                    ",".join(HEADER),
                    "C001,2025-03-01 08:00:00,市容环境,,121.47,31.23",
                    "C002,2025-03-02 08:00:00,宣传广告",
                ]
            )
        },
        cases(),
        Read(2, 1, reasons=("expected 6 fields, found 3",)),
    ),
    Case(
        "short_row_convert",
        "structure",
        {
            "export.csv": text(
                [
                    ",".join(HEADER),
                    "C001,2025-03-01 08:00:00,市容环境,,121.47,31.23",
                    "C002,2025-03-02 08:00:00,宣传广告",
                ]
            )
        },
        cli("convert", "{d}/export.csv", "--out", "{d}/out"),
        Ran(r"2 = 1 \+ 1"),
    ),
    Case(
        "long_row",
        "structure",
        {"export.csv": text([",".join(HEADER), "C001,2025-03-01 08:00:00,市容环境,,121.47,31.23,extra,more"])},
        cases(),
        Read(1, 0, reasons=("expected 6 fields, found 8",)),
    ),
    Case(
        "blank_lines_between",
        "structure",
        {
            "export.csv": text(
                [",".join(HEADER), ",".join(ROWS[0]), "", ",".join(ROWS[1]), "", "C003,never,街面秩序,,121.47,31.23"]
            )
        },
        cases(),
        Read(3, 2, reasons=("created_at",)),
    ),
    Case("crlf", "structure", {"export.csv": table(newline="\r\n")}, cases(), Read(5, 5)),
    Case("lone_cr", "structure", {"export.csv": table(newline="\r")}, cases(), Read(5, 5)),
    Case(
        "quoted_newlines",
        "structure",
        {
            "export.csv": table(
                [[r[0], r[1], "路面\n破损" if i == 1 else r[2], r[3], r[4], r[5]] for i, r in enumerate(ROWS)]
            )
        },
        cases(),
        Read(5, 5, values={"category": ["市容环境", "路面\n破损", "街面秩序", "市容环境", "施工管理"]}),
    ),
    Case("semicolons", "structure", {"export.csv": table(sep=";")}, cases(), Read(5, 5)),
    Case("tabs_in_csv", "structure", {"export.csv": table(sep="\t")}, cases(), Read(5, 5)),
    Case("tsv", "structure", {"export.tsv": table(sep="\t")}, cases("export.tsv"), Read(5, 5)),
    Case("pipes", "structure", {"export.txt": table(sep="|")}, cases("export.txt"), Read(5, 5)),
    Case("header_spaces", "structure", {"export.csv": table(header=[f" {h} " for h in HEADER])}, cases(), Read(5, 5)),
    Case(
        "repeated_used_header",
        "structure",
        {"export.csv": table([r + [r[1]] for r in ROWS], HEADER + ["created_at"])},
        cases(),
        Error(r"\['created_at'\] appear more than once"),
    ),
    Case(
        "repeated_used_header_convert",
        "structure",
        {"export.csv": table([r + [r[1]] for r in ROWS], HEADER + ["created_at"])},
        cli("convert", "{d}/export.csv", "--out", "{d}/out"),
        Error("appear more than once"),
    ),
    Case(
        "repeated_unused_header",
        "structure",
        {"export.csv": table([r + ["a", "b"] for r in ROWS], HEADER + ["备注", "备注"])},
        cases(),
        Read(5, 5),
    ),
    Case(
        "title_line_above_header",
        "structure",
        {"export.csv": "某市数字城管案件导出（2025年3月）\n".encode() + GOOD},
        cases(),
        Error("cannot tell the export format"),
    ),
    Case(
        "trailing_empty_columns",
        "structure",
        {"export.csv": table([r + ["", ""] for r in ROWS], HEADER + ["", ""])},
        cases(),
        Read(5, 5),
    ),
    Case(
        "html_error_page",
        "structure",
        {"export.csv": b"<html><body>502 Bad Gateway</body></html>\n"},
        cases(),
        Error("cannot tell the export format"),
    ),
    Case(
        "json_saved_as_csv",
        "structure",
        {"export.csv": b'[{"case_id": "C001"}]\n'},
        cases(),
        Error("cannot tell the export format"),
    ),
    Case("no_such_file", "structure", {}, cases("absent.csv"), Error("no such file", names="absent.csv")),
    Case("unknown_suffix", "structure", {"export.dat": GOOD}, cases("export.dat"), Error("unknown table format")),
    Case(
        "corrupt_parquet",
        "structure",
        {"export.parquet": b"PAR1 not really"},
        cases("export.parquet"),
        Error("cannot be read"),
    ),
    Case(
        "empty_folder",
        "structure",
        {"folder/.keep": b""},
        ("table", "folder", None, {}),
        Error("without Parquet files", names="folder"),
    ),
    # workbooks
    Case(
        "xlsx_one_sheet",
        "workbook",
        {"export.xlsx": workbook({"案件": [HEADER, *ROWS]})},
        cases("export.xlsx"),
        Read(5, 5),
    ),
    Case(
        "xlsx_data_on_two_sheets",
        "workbook",
        {"export.xlsx": workbook({"2024": [HEADER, *ROWS[:2]], "2025": [HEADER, *ROWS[2:]]})},
        cases("export.xlsx"),
        Error("data on 2 sheets", "'2024', '2025'", "sheet: all"),
    ),
    Case(
        "xlsx_sheet_named",
        "workbook",
        {"export.xlsx": workbook({"2024": [HEADER, *ROWS[:2]], "2025": [HEADER, *ROWS[2:]]})},
        cases("export.xlsx", sheet="2025"),
        Read(3, 3, values={"case_id": ["C003", "C004", "C005"]}),
    ),
    Case(
        "xlsx_all_sheets",
        "workbook",
        {
            "export.xlsx": workbook(
                {"2024": [HEADER, *ROWS[:2]], "2025": [HEADER, ROWS[2], [*ROWS[3][:1], "never", *ROWS[3][2:]], ROWS[4]]}
            )
        },
        cases("export.xlsx", sheet="all"),
        Read(5, 4, reasons=("created_at",)),
    ),
    Case(
        "xlsx_all_sheets_differ",
        "workbook",
        {"export.xlsx": workbook({"a": [HEADER, ROWS[0]], "b": [HEADER[:3], ROWS[1][:3]]})},
        cases("export.xlsx", sheet="all"),
        Error("different columns"),
    ),
    Case(
        "xlsx_data_on_two_sheets_map",
        "workbook",
        {"export.xlsx": workbook({"2024": [HEADER, *ROWS[:2]], "2025": [HEADER, *ROWS[2:]]})},
        cli("map", "{d}/export.xlsx"),
        Error("data on 2 sheets", "sheet"),
    ),
    Case(
        "xlsx_sheet_named_map",
        "workbook",
        {"export.xlsx": workbook({"2024": [HEADER, *ROWS[:2]], "2025": [HEADER, *ROWS[2:]]})},
        cli("map", "{d}/export.xlsx", "--sheet", "2025"),
        Ran("created_at"),
    ),
    Case(
        "xlsx_rows_below_empty_rows",
        "workbook",
        {"export.xlsx": workbook({"案件": [[], [], HEADER, ROWS[0], [ROWS[1][0], "never", *ROWS[1][2:]]]})},
        cases("export.xlsx"),
        Read(2, 1, values={"case_id": ["C001"]}),
    ),
    Case(
        "xlsx_no_such_sheet",
        "workbook",
        {"export.xlsx": workbook({"案件": [HEADER, *ROWS]})},
        cases("export.xlsx", sheet="2026"),
        Error("no sheet '2026'"),
    ),
    Case(
        "xlsx_empty_first_sheet",
        "workbook",
        {"export.xlsx": workbook({"说明": [], "案件": [HEADER, *ROWS]})},
        cases("export.xlsx"),
        Read(5, 5),
    ),
    Case(
        "xlsx_truncated",
        "workbook",
        {"export.xlsx": workbook({"案件": [HEADER, *ROWS]})[:300]},
        cases("export.xlsx"),
        Error("not a complete .xlsx workbook"),
    ),
    Case(
        "xlsx_not_a_zip",
        "workbook",
        {"export.xlsx": GOOD},
        cases("export.xlsx"),
        Error("not a complete .xlsx workbook"),
    ),
    Case(
        "xls_old_format",
        "workbook",
        {"export.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100},
        cases("export.xls"),
        Error(r"\.xls\) is not read"),
    ),
    Case(
        "xlsx_ids_with_leading_zeros",
        "workbook",
        {
            "export.xlsx": workbook(
                {"案件": [HEADER, *[[int(r[0][1:]), *r[1:4], float(r[4]), float(r[5])] for r in ROWS]]},
                formats={f"案件!A{i}": "00000" for i in range(2, 7)},
            )
        },
        cases("export.xlsx"),
        Read(5, 5, values={"case_id": ["00001", "00002", "00003", "00004", "00005"]}),
    ),
    Case(
        "xlsx_whole_numbers_as_floats",
        "workbook",
        {"export.xlsx": workbook({"案件": [HEADER, *[[float(i), *r[1:]] for i, r in enumerate(ROWS, 101)]]})},
        cases("export.xlsx"),
        Read(5, 5, values={"case_id": ["101", "102", "103", "104", "105"]}),
    ),
    Case(
        "xlsx_real_dates",
        "workbook",
        {
            "export.xlsx": workbook(
                {"案件": [HEADER, *[[r[0], __import__("datetime").datetime.fromisoformat(r[1]), *r[2:]] for r in ROWS]]}
            )
        },
        cases("export.xlsx"),
        Read(5, 5, values={"created_at": [r[1] for r in ROWS]}),
    ),
    # dates
    Case(
        "day_first",
        "dates",
        {
            "export.csv": with_dates(
                ["03/01/2025 08:00", "13/01/2025 09:00", "25/02/2025 10:00", "01/03/2025 11:00", "02/03/2025 12:00"]
            )
        },
        cases(),
        Read(
            5,
            5,
            values={
                "created_at": [
                    "2025-01-03 08:00:00",
                    "2025-01-13 09:00:00",
                    "2025-02-25 10:00:00",
                    "2025-03-01 11:00:00",
                    "2025-03-02 12:00:00",
                ]
            },
        ),
    ),
    Case(
        "month_first",
        "dates",
        {"export.csv": with_dates(["03/01/2025", "01/13/2025", "02/25/2025", "03/02/2025", "12/31/2024"])},
        cases(),
        Read(
            5,
            5,
            values={
                "created_at": [
                    "2025-03-01 00:00:00",
                    "2025-01-13 00:00:00",
                    "2025-02-25 00:00:00",
                    "2025-03-02 00:00:00",
                    "2024-12-31 00:00:00",
                ]
            },
        ),
    ),
    Case(
        "day_and_month_first_mixed",
        "dates",
        {"export.csv": with_dates(["13/01/2025", "01/13/2025", "02/02/2025", "03/03/2025", "04/04/2025"])},
        cases(),
        Error("created_at", "mixes day-first", "month-first"),
    ),
    Case(
        "day_month_order_undecidable",
        "dates",
        {"export.csv": with_dates(["03/01/2025", "04/02/2025", "05/03/2025", "06/04/2025", "07/05/2025"])},
        cases(),
        Error("created_at", "may be day-first or month-first", "declare the format"),
    ),
    Case(
        "declared_format_holds",
        "dates",
        {"export.csv": with_dates(["03/01/2025", "04/02/2025", "05/03/2025", "06/04/2025", "07/05/2025"])},
        cases(
            mapping={
                "columns": {
                    "case_id": "case_id",
                    "created_at": "created_at",
                    "category": "category",
                    "closed_at": "closed_at",
                    "lon": "lon",
                    "lat": "lat",
                },
                "date_format": "%d/%m/%Y",
            }
        ),
        Read(
            5,
            5,
            values={
                "created_at": [
                    "2025-01-03 00:00:00",
                    "2025-02-04 00:00:00",
                    "2025-03-05 00:00:00",
                    "2025-04-06 00:00:00",
                    "2025-05-07 00:00:00",
                ]
            },
        ),
    ),
    Case(
        "declared_format_not_guessed_over",
        "dates",
        {"export.csv": with_dates(["03/01/2025", "04/02/2025", "13/31/2025", "06/04/2025", "2025-05-07"])},
        cases(
            mapping={
                "columns": {
                    "case_id": "case_id",
                    "created_at": "created_at",
                    "category": "category",
                    "closed_at": "closed_at",
                    "lon": "lon",
                    "lat": "lat",
                },
                "date_format": "%d/%m/%Y",
            }
        ),
        Read(5, 4, reasons=("created_at: expected a date-time, got '13/31/2025'",)),
    ),
    Case(
        "declared_format_fits_nothing",
        "dates",
        {"export.csv": with_dates(["03/01/2025"] * 5)},
        cases(
            mapping={
                "columns": {
                    "case_id": "case_id",
                    "created_at": "created_at",
                    "category": "category",
                    "closed_at": "closed_at",
                    "lon": "lon",
                    "lat": "lat",
                },
                "date_format": "%Y年%m月%d日",
            }
        ),
        Error("declared format", "fits none"),
    ),
    Case(
        "chinese_dates",
        "dates",
        {
            "export.csv": with_dates(
                [
                    "2025年3月1日 8时30分",
                    "2025年3月2日",
                    "2025年3月5日 14:00",
                    "2025年3月8日 9时15分20秒",
                    "2025年3月9日",
                ]
            )
        },
        cases(),
        Read(
            5,
            5,
            values={
                "created_at": [
                    "2025-03-01 08:30:00",
                    "2025-03-02 00:00:00",
                    "2025-03-05 14:00:00",
                    "2025-03-08 09:15:20",
                    "2025-03-09 00:00:00",
                ]
            },
        ),
    ),
    Case(
        "dashed_day_first",
        "dates",
        {"export.csv": with_dates(["13-01-2025", "01-03-2025", "02-03-2025", "25-02-2025", "03-03-2025"])},
        cases(),
        Read(
            5,
            5,
            values={
                "created_at": [
                    "2025-01-13 00:00:00",
                    "2025-03-01 00:00:00",
                    "2025-03-02 00:00:00",
                    "2025-02-25 00:00:00",
                    "2025-03-03 00:00:00",
                ]
            },
        ),
    ),
    Case(
        "chinese_dates_with_seconds",
        "dates",
        {"export.csv": with_dates(["2025年3月1日 08:30:15"] * 5)},
        cases(),
        Read(5, 5, values={"created_at": ["2025-03-01 08:30:15"] * 5}),
    ),
    Case(
        "placeholder_date",
        "dates",
        {"export.csv": with_dates(["1900-01-01", *[r[1] for r in ROWS[1:]]])},
        cases(),
        Read(5, 4, reasons=("placeholder date",)),
    ),
    Case(
        "closed_before_created",
        "dates",
        {"export.csv": with_dates([r[1] for r in ROWS], ["2025-02-01 00:00:00", "", "", "", ""])},
        cases(),
        Read(5, 4, reasons=("is before created_at",)),
    ),
    Case(
        "unreadable_date",
        "dates",
        {"export.csv": with_dates(["yesterday", *[r[1] for r in ROWS[1:]]])},
        cases(),
        Read(5, 4, reasons=("created_at: expected a date-time",)),
    ),
    Case(
        "utc_offsets_without_time_zone",
        "dates",
        {"export.csv": with_dates([f"2025-03-0{i}T08:00:00Z" for i in range(1, 6)])},
        cases(),
        Error("UTC offsets", "tz="),
    ),
    Case(
        "utc_offsets_with_time_zone",
        "dates",
        {"export.csv": with_dates([f"2025-03-0{i}T08:00:00Z" for i in range(1, 6)])},
        cases(tz="Asia/Shanghai"),
        Read(5, 5, values={"created_at": [f"2025-03-0{i} 16:00:00" for i in range(1, 6)]}),
    ),
    # values
    Case(
        "mapped_column_missing",
        "values",
        {"export.csv": GOOD},
        cases(
            mapping={
                "columns": {
                    "case_id": "case_id",
                    "created_at": "created_at",
                    "category": "category",
                    "closed_at": "closed_date",
                }
            }
        ),
        Error("closed_at ← 'closed_date'", "does not have"),
    ),
    Case(
        "mapped_over_a_canonical_column",
        "values",
        {"export.csv": table([r + [r[1]] for r in ROWS], HEADER + ["上报时间"])},
        cases(mapping={"columns": {"case_id": "case_id", "created_at": "上报时间", "category": "category"}}),
        Error(r"\['created_at'\] are in the file and are also mapped"),
    ),
    Case(
        "table_mapped_over_a_canonical_column",
        "values",
        {"survey.csv": table([[f"R{i}", "S1", f"P{i}", "1.5", "D1", "K1", "2"] for i in range(3)], SURVEY + ["权重"])},
        ("table", "survey.csv", "survey", {"columns": {"weight": "权重"}}),
        Error(r"\['weight'\] are in the file and are also mapped"),
    ),
    Case(
        "table_mapped_column_missing",
        "values",
        {"survey.csv": survey(["1", "2"])},
        ("table", "survey.csv", "survey", {"columns": {"weight": "权数"}}),
        Error(r"\['权数'\] not found"),
    ),
    Case(
        "duplicate_case_ids",
        "values",
        {"export.csv": table([ROWS[0], ROWS[1], ROWS[0]])},
        cases(),
        Read(3, 2, reasons=("duplicate value",)),
    ),
    Case(
        "missing_category",
        "values",
        {"export.csv": table([ROWS[0], [*ROWS[1][:2], "", *ROWS[1][3:]]])},
        cases(),
        Read(2, 1, reasons=("category",)),
    ),
    Case(
        "ids_with_leading_zeros_csv",
        "values",
        {"export.csv": table([["00123", *ROWS[0][1:]], ["0042", *ROWS[1][1:]]])},
        cases(),
        Read(2, 2, values={"case_id": ["00123", "0042"]}),
    ),
    Case(
        "ids_like_numbers_in_exponent",
        "values",
        {"export.csv": table([["1.23E+17", *ROWS[0][1:]]])},
        cases(),
        Read(1, 1, values={"case_id": ["1.23E+17"]}),
    ),
    Case(
        "survey_weight_text",
        "values",
        {"survey.csv": survey(["1.5", "n/a", "2"])},
        ("table", "survey.csv", "survey", {}),
        Read(3, 2, reasons=("weight: expected a number, got 'n/a'",)),
    ),
    Case(
        "survey_weight_thousands_separator",
        "values",
        {"survey.csv": survey(["1.5", "1,234", "2"])},
        ("table", "survey.csv", "survey", {}),
        Read(3, 2, reasons=("weight: expected a number, got '1,234'",)),
    ),
    Case(
        "impossible_date",
        "values",
        {"export.csv": with_dates(["2025-02-30 08:00:00", *[r[1] for r in ROWS[1:]]])},
        cases(),
        Read(5, 4, reasons=("created_at: expected a date-time, got '2025-02-30 08:00:00'",)),
    ),
    Case(
        "survey_weight_negative",
        "values",
        {"survey.csv": survey(["1.5", "-2", "2"])},
        ("table", "survey.csv", "survey", {}),
        Read(3, 2, reasons=("weight",)),
    ),
    Case(
        "zero_coordinates",
        "values",
        {"export.csv": table([[*ROWS[0][:4], "0", "0"], ROWS[1]])},
        cases(),
        Read(2, 2, values={"spatial_ok": ["False", "True"]}),
    ),
    Case(
        "swapped_coordinates",
        "values",
        {"export.csv": table([[*ROWS[0][:4], "31.23", "121.47"], ROWS[1]])},
        cases(),
        Read(2, 2, values={"spatial_ok": ["False", "True"]}),
    ),
    Case(
        "report_reads_with_cleaning_rules",
        "values",
        {"data/cases.csv": with_dates([r[1] for r in ROWS], ["2025-02-01 00:00:00", "", "", "", ""])},
        ("inputs", "data"),
        Read(5, 4, reasons=("is before created_at",)),
    ),
    # settings files
    Case(
        "yaml_syntax_error",
        "settings",
        {"mapping.yml": b"columns:\n  case_id: [unclosed\n"},
        ("yaml", "mapping.yml"),
        Error("not valid YAML at line"),
    ),
    Case(
        "yaml_python_tag",
        "settings",
        {"mapping.yml": b"columns: !!python/object/apply:os.system ['echo hi']\n"},
        ("yaml", "mapping.yml"),
        Error("not valid YAML", "python/object"),
    ),
    Case(
        "yaml_python_tag_cli",
        "settings",
        {"export.csv": GOOD, "mapping.yml": b"columns: !!python/object/apply:os.system ['echo hi']\n"},
        cli("convert", "{d}/export.csv", "--out", "{d}/out", "--mapping", "{d}/mapping.yml"),
        Error("not valid YAML", names="mapping.yml"),
    ),
    Case(
        "yaml_billion_laughs",
        "settings",
        {"city.yml": (CITY + LAUGHS).encode()},
        ("city", "city.yml"),
        Error("expands to", "aliases"),
    ),
    Case(
        "yaml_duplicate_key",
        "settings",
        {"city.yml": (CITY + "timezone: Europe/London\n").encode()},
        ("city", "city.yml"),
        Error("'timezone' is given twice"),
    ),
    Case(
        "yaml_yes_no_keys",
        "settings",
        {"mapping.yml": b"values: {status: {Yes: closed, No: open}}\n"},
        ("yaml", "mapping.yml"),
        Read(0, 0, values={"yaml": [{"values": {"status": {"Yes": "closed", "No": "open"}}}]}),
    ),
    Case(
        "yaml_too_big",
        "settings",
        {"city.yml": CITY.encode() + b"#" * (1 << 20) + b"\n"},
        ("city", "city.yml"),
        Error("too large"),
    ),
    Case(
        "yaml_not_utf8",
        "settings",
        {"city.yml": CITY.encode("gbk")},
        ("city", "city.yml"),
        Error("not UTF-8", "save it as UTF-8"),
    ),
    Case(
        "city_unknown_key",
        "settings",
        {"city.yml": (CITY + "colour: red\n").encode()},
        ("city", "city.yml"),
        Error("unknown setting", "colour"),
    ),
    Case(
        "city_wrong_type",
        "settings",
        {"city.yml": (CITY + "grid: {cell_size: big}\n").encode()},
        ("city", "city.yml"),
        Error("grid.cell_size", "number"),
    ),
    Case(
        "city_unknown_table",
        "settings",
        {"city.yml": (CITY + "sources: {casez: {file: a.csv}}\n").encode()},
        ("city", "city.yml"),
        Error("unknown table 'casez'"),
    ),
    Case(
        "mapping_empty",
        "settings",
        {"export.csv": GOOD, "mapping.yml": b"# nothing yet\n"},
        cli("convert", "{d}/export.csv", "--out", "{d}/out", "--mapping", "{d}/mapping.yml"),
        Error("mapping", names="mapping.yml"),
    ),
    Case(
        "city_yml_tabs",
        "settings",
        {"city.yml": b"city:\n\tzh: x\n"},
        ("city", "city.yml"),
        Error("not valid YAML at line 2"),
    ),
    Case(
        "mapping_is_a_list",
        "settings",
        {"export.csv": GOOD, "mapping.yml": b"- case_id\n- created_at\n"},
        cli("convert", "{d}/export.csv", "--out", "{d}/out", "--mapping", "{d}/mapping.yml"),
        Error("mapping", names="mapping.yml"),
    ),
    # command line and outputs
    Case(
        "out_is_a_file",
        "outputs",
        {"export.csv": GOOD, "taken.txt": b"mine"},
        cli("convert", "{d}/export.csv", "--out", "{d}/taken.txt"),
        Error("is a file", names="taken.txt"),
    ),
    Case(
        "out_is_a_users_folder",
        "outputs",
        {"export.csv": GOOD, "Documents/thesis.docx": b"mine"},
        cli("convert", "{d}/export.csv", "--out", "{d}/Documents"),
        Error("is not an earlier convert output", names="Documents"),
    ),
    Case(
        "out_under_a_file",
        "outputs",
        {"export.csv": GOOD, "taken.txt": b"mine"},
        cli("convert", "{d}/export.csv", "--out", "{d}/taken.txt/out"),
        Error("is a file", names="taken.txt"),
    ),
    Case(
        "report_bad_period",
        "outputs",
        {"data/cases.csv": GOOD},
        cli("report", "--data", "{d}/data", "--period", "2025-Q5", "--out", "{d}/reports"),
        Error("2025-Q5", names="2025-Q5"),
    ),
    Case(
        "report_no_data_folder",
        "outputs",
        {},
        cli("report", "--data", "{d}/nothing", "--period", "2025-Q1", "--out", "{d}/reports"),
        Error("nothing"),
    ),
    Case("ingest_no_city_file", "outputs", {}, cli("ingest", "{d}/city.yml"), Error("no such file", names="city.yml")),
    Case(
        "ingest_source_missing",
        "outputs",
        {"city.yml": (CITY + "sources: {cases: {file: raw/absent.csv}}\n").encode()},
        cli("ingest", "{d}/city.yml"),
        Error("no such file", names="absent.csv"),
    ),
    # masking
    Case(
        "masked_in_rejects",
        "masking",
        {
            "export.csv": table(
                [ROWS[0], [ROWS[1][0], "never", '=HYPERLINK("http://x") 13812345678 a.b@example.com', *ROWS[1][3:]]]
            )
        },
        cli("convert", "{d}/export.csv", "--out", "{d}/out"),
        Ran(r"2 = 1 \+ 1"),
    ),
]


def write(case: Case, folder: Path) -> None:
    """The case's files under ``folder``."""
    for name, data in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _expected(case: Case) -> dict:
    return {
        "kind": case.kind,
        "how": [str(x) if not isinstance(x, (dict, str)) else x for x in case.how],
        "expect": {type(case.expect).__name__: asdict(case.expect)},
    }


def main(out: str) -> None:
    root = Path(out)
    for case in CORPUS:
        write(case, root / case.name)
    (root / "expected.json").write_text(
        json.dumps({c.name: _expected(c) for c in CORPUS}, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print(f"{len(CORPUS)} cases written to {root}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bad-inputs")
