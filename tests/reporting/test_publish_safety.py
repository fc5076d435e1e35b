"""Safe to publish (issue 9): no personal data in any output file, no cell a spreadsheet would run.

Personal values are planted in the input (``PLANTED_PERSONAL`` in every case row, the Demo City's
fake phone and ID numbers in its messages) and searched for in every file the CLI wrote: the HTML
(as written and unescaped), the PDF's text, every cell and every XML part of the workbook, and the
provenance record. Formula-like texts are planted in case descriptions and messages; the workbook
must hold no formula and quote-prefix every cell that begins like one.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.escape import unescape

from governance_analytics import schemas
from governance_analytics.io import ReadResult, read_messages, read_table
from governance_analytics.privacy import (
    is_personal_column,
    personal_columns,
    publishable_inputs,
)
from governance_analytics.reporting import builder
from governance_analytics.reporting.content import Section, Table
from governance_analytics.reporting.document import Document
from governance_analytics.reporting.render.excel import write_excel
from governance_analytics.safe_text import FORMULA_PREFIXES, needs_quote_prefix

from .conftest import (
    PERIOD,
    PLANTED_FORMULAS,
    PLANTED_LABEL,
    PLANTED_NEIGHBOUR,
    PLANTED_NUMBERS,
    PLANTED_PERSONAL,
    searchable,
)

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


# ----------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def message_numbers(demo_dir) -> dict[str, list[str]]:
    """The phone and ID numbers planted in the Demo City's messages (ids in its truth manifest)."""
    truth = json.loads((demo_dir / "truth.json").read_text(encoding="utf-8"))["community"]["messages"]
    texts = pd.read_csv(demo_dir / "messages.csv", dtype=str).set_index("message_id")["text"]
    phones = [n for t in texts.loc[truth["pii_phone_ids"]] for n in PHONE.findall(t)]
    ids = [n for t in texts.loc[truth["pii_id_number_ids"]] for n in ID_NUMBER.findall(t)]
    assert len(phones) >= len(truth["pii_phone_ids"]) > 0 and len(ids) >= len(truth["pii_id_number_ids"]) > 0
    return {"phone": phones, "id_number": ids}


@pytest.fixture(scope="module")
def forbidden(message_numbers) -> list[str]:
    """Every planted personal value, upper-cased (an ID number may end in x or X)."""
    values = [*PLANTED_PERSONAL.values(), *message_numbers["phone"], *message_numbers["id_number"]]
    return sorted({v.upper() for v in values})


def _pdf_text(path: Path) -> str:
    """The PDF's text without whitespace, as PDFium extracts it (see test_report.py)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    return re.sub(r"\s+", "", "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


def _cells(path: Path) -> list[tuple[str, openpyxl.cell.Cell]]:
    """Every non-empty cell of a workbook with its sheet name."""
    book = openpyxl.load_workbook(path)
    return [(ws.title, c) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _text(cell) -> str:
    """A cell's value as text, with the ``_xHHHH_`` escapes of OOXML (``_x000D_`` = CR) decoded."""
    return unescape(cell.value) if isinstance(cell.value, str) else str(cell.value)


def _renditions(directory: Path) -> dict[str, str]:
    """Every output file's text, in every form a reader could see it."""
    out = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        name = str(path.relative_to(directory))
        if path.suffix == ".pdf":
            out[name + " (text)"] = _pdf_text(path)
        elif path.suffix == ".xlsx":
            out[name + " (cells)"] = "\n".join(_text(c) for _, c in _cells(path))
            with zipfile.ZipFile(path) as z:
                for part in z.namelist():
                    out[f"{name}:{part}"] = z.read(part).decode("utf-8", errors="replace")
        else:
            raw = path.read_bytes().decode("utf-8", errors="replace")
            out[name] = raw
            if path.suffix in (".html", ".htm"):
                out[name + " (unescaped)"] = html.unescape(raw)
    return out


# ----------------------------------------------------------------------------------- (a) no personal data
@pytest.fixture(scope="session")  # once per run (a module fixture is set up again when xdist interleaves modules)
def renditions(cli_report) -> dict[str, str]:
    return _renditions(cli_report)


def test_every_output_file_is_searched(cli_report, renditions):
    names = {p.name for p in cli_report.iterdir()}
    assert {"report.html", "report.pdf", "tables.xlsx", "provenance.json"} <= names
    assert (
        len(renditions["report.pdf (text)"]) > 1000 and len(renditions["tables.xlsx (cells)"]) > 1000
    )  # text was extracted


def test_no_planted_personal_value_in_any_output(renditions, forbidden):
    assert len(forbidden) > 100
    found = set()
    for name, text in renditions.items():
        upper = text.upper()
        found |= {(name, value) for value in forbidden if value in upper}
    assert not found


@pytest.mark.parametrize("kind", PLANTED_NUMBERS)
def test_no_planted_number_format_in_any_output(renditions, kind):
    """Every format of :data:`PLANTED_NUMBERS`, planted in every free-text input, is found in no
    output file, in whatever width or spacing it would come out."""
    value = searchable(PLANTED_NUMBERS[kind])
    assert [name for name, text in renditions.items() if value in searchable(text)] == []


@pytest.mark.parametrize(
    "table, columns", [("cases", ["description"]), ("messages", ["title", "text"]), ("interventions", ["description"])]
)
def test_planted_number_formats_are_in_every_free_text_input(planted_dir, table, columns):
    frame = pd.read_csv(planted_dir / f"{table}.csv", dtype=str, keep_default_na=False)
    for column in columns:
        found = {
            kind for kind, value in PLANTED_NUMBERS.items() if frame[column].str.contains(value, regex=False).any()
        }
        assert found == set(PLANTED_NUMBERS), (table, column)


def test_the_users_file_beside_the_report_survives(cli_report):
    assert (cli_report.parent / PLANTED_NEIGHBOUR).read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in cli_report.parent.iterdir()) == sorted([PLANTED_NEIGHBOUR, PERIOD])  # no staging left


def test_planted_values_are_in_the_input(planted_dir, forbidden, message_numbers):
    """The search above looks for values that really are in the input it was given."""
    cases = pd.read_csv(planted_dir / "cases.csv", dtype=str, nrows=50, keep_default_na=False)
    for column, value in PLANTED_PERSONAL.items():
        assert (cases[column] == value).all()
    assert {d.rsplit(" 联系", 1)[0] for d in cases["description"]} == set(PLANTED_FORMULAS)
    messages = (planted_dir / "messages.csv").read_text(encoding="utf-8")
    assert all(n in messages for n in message_numbers["phone"] + message_numbers["id_number"])


class _Stop(Exception):
    pass


@pytest.fixture(scope="module")
def section_inputs(planted_dir, tmp_path_factory) -> dict[str, ReadResult]:
    """The inputs ``build_report`` hands to the sections (captured where it calls ``assemble``)."""
    seen = {}

    def capture(ctx, *args, **kwargs):
        seen["inputs"] = ctx.inputs
        raise _Stop

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(builder, "assemble", capture)
        with pytest.raises(_Stop):
            builder.build_report(planted_dir, period=PERIOD, out=tmp_path_factory.mktemp("unused"))
    return seen["inputs"]


def test_sections_see_no_personal_column_and_no_number(section_inputs, forbidden):
    assert "cases" in section_inputs and "messages" in section_inputs
    pattern = "|".join(re.escape(v) for v in forbidden)
    for name, result in section_inputs.items():
        for part in (result.data, result.rejects):
            assert not set(PLANTED_PERSONAL) & set(part.columns), name
            assert not [
                c for c in part.columns if is_personal_column(str(c)) and c not in schemas.SCHEMAS[name].columns
            ]
            for column in part.columns:
                text = part[column].astype("str").str.upper()
                assert not text.str.contains(pattern, regex=True).any(), (name, column)


def test_sections_see_scrubbed_messages_and_no_case_descriptions(section_inputs, demo_dir, message_numbers):
    messages = section_inputs["messages"].data.set_index("message_id")["text"]
    truth = json.loads((demo_dir / "truth.json").read_text(encoding="utf-8"))["community"]["messages"]
    assert messages.loc[truth["pii_phone_ids"]].str.contains("[电话]", regex=False).all()
    assert messages.loc[truth["pii_id_number_ids"]].str.contains("[身份证号]", regex=False).all()
    # cases are read with the case reader, which keeps the canonical columns only: the descriptions
    # (and the personal columns beside them) never reach a section
    assert "description" not in section_inputs["cases"].data
    assert section_inputs["cases"].n_rejected == 0


# ----------------------------------------------------------------------------------- (b) no formula
def test_workbook_has_no_formula_and_quotes_formula_like_cells(cli_report):
    with zipfile.ZipFile(cli_report / "tables.xlsx") as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        assert not [n for n in sheets if FORMULA_ELEMENT.search(z.read(n))]
    for sheet, cell in _cells(cli_report / "tables.xlsx"):
        if isinstance(cell.value, str) and _text(cell).startswith(FORMULA_PREFIXES):
            assert cell.data_type == "s" and cell.quotePrefix, (sheet, cell.coordinate, cell.value)


# ----------------------------------------------------------------------------------- (c) the privacy rule
def _result(frame: pd.DataFrame, rejects: pd.DataFrame | None = None) -> ReadResult:
    rejects = pd.DataFrame(columns=["row", "reason"]) if rejects is None else rejects
    return ReadResult(frame, rejects, len(frame) + len(rejects), "<test>")


@pytest.mark.parametrize(
    "name, personal",
    [
        ("reporter_name", True),
        ("reporterPhone", True),
        ("上报人", True),
        ("举报人电话", True),
        ("投诉人", True),
        ("联系人", True),
        ("联系方式", True),
        ("手机号码", True),
        ("id_number", True),
        ("IDNumber", True),
        ("身份证号", True),
        ("证件号码", True),
        ("address", True),
        ("Incident Address", True),
        ("详细地址", True),
        ("住址", True),
        ("门牌号", True),
        ("email", True),
        ("邮箱", True),
        ("wechat", True),
        ("微信号", True),
        ("留言用户", True),
        ("name", True),
        ("first_name", True),
        ("resident_name", True),
        ("contact_tel", True),
        ("unit_name", False),
        ("street_name", False),
        ("community_name", False),
        ("hotel_count", False),
        ("description", False),
        ("topic", False),
        ("sex", False),
        ("age_group", False),
        ("is_resident", False),
        ("education", False),
        ("hukou", False),
        ("resident_vote_share", False),
        ("名称", False),
    ],
)
def test_is_personal_column(name, personal):
    assert is_personal_column(name) is personal


def test_personal_columns_dropped_and_canonical_columns_kept():
    frame = pd.DataFrame(
        {
            "case_id": ["c1"],
            "street": ["望江街道"],
            "community": ["望江一社区"],
            "cell_id": ["13812345678"],
            "reporter_name": ["欧阳小明"],
            "上报人电话": ["13987654321"],
            "身份证号": ["11010519800101123X"],
            "详细地址": ["幸福路88号"],
            "email": ["a@b.cn"],
            "description": ["漏水"],
        }
    )
    assert personal_columns(frame, table="cases") == ["reporter_name", "上报人电话", "身份证号", "详细地址", "email"]
    out = publishable_inputs({"cases": _result(frame)})["cases"].data
    assert list(out.columns) == ["case_id", "street", "community", "cell_id", "description"]
    assert out["cell_id"].item() == "13812345678"  # a canonical code column is neither dropped nor scrubbed


def test_canonical_columns_are_never_dropped():
    for name, schema in schemas.SCHEMAS.items():
        frame = pd.DataFrame(columns=list(schema.columns))
        assert personal_columns(frame, table=name) == [], name
    members = pd.DataFrame(
        {
            "member_id": ["m1"],
            "community_id": ["c"],
            "role": ["书记"],
            "start_year": [2020],
            "end_year": [None],
            "sex": ["female"],
            "age_group": ["35-44"],
            "is_resident": [1],
            "education": ["college"],
            "name": ["欧阳小明"],
        }
    )
    out = publishable_inputs({"committee_members": _result(members)})["committee_members"].data
    assert list(out.columns) == list(members.columns[:-1])  # attributes the analysis needs are kept, the name is not


def test_demo_city_inputs_lose_no_column(demo_dir):
    """The Demo City holds no personal column: publishing it drops nothing the analysis uses."""
    for name in ("committee_members", "survey", "community_indicators", "messages", "interventions", "communities"):
        result = read_table(demo_dir / f"{name}.csv", schema=name)
        assert list(publishable_inputs({name: result})[name].data.columns) == list(result.data.columns), name


def test_free_text_is_scrubbed_and_counts_unchanged(tmp_path):
    messages = pd.DataFrame(
        {
            "message_id": ["M1", "M2", "M3", "M4"],
            "received_at": ["2025-01-01 08:00:00"] * 3 + ["not a time"],
            "community_id": ["990102001001"] * 4,
            "title": ["电话13812345678", "漏水", "噪声", "身份证11010519800101123X"],
            "text": ["请打 +86 139-8765-4321 联系", "身份证号：11010519800101123x。", "座机(0551)12345678", "重复"],
            "note": ["回电13987654321", None, "无", "x"],
            "留言用户": ["A0001", "A0002", "A0003", "A0004"],
        }
    )
    path = tmp_path / "messages.csv"
    messages.to_csv(path, index=False)
    result = read_messages(path, format="canonical")
    before = (result.data.copy(), result.rejects.copy())
    safe = publishable_inputs({"messages": result})["messages"]
    assert type(safe) is type(result) and safe.format == "canonical"
    assert (
        (safe.n_read, safe.n_accepted, safe.n_rejected)
        == (result.n_read, result.n_accepted, result.n_rejected)
        == (4, 3, 1)
    )
    assert safe.data["text"].tolist() == ["请打 [电话] 联系", "身份证号：[身份证号]。", "座机[电话]"]
    assert safe.data["title"].tolist() == ["电话[电话]", "漏水", "噪声"]
    assert safe.data["note"].tolist()[0] == "回电[电话]"
    assert safe.data["community_id"].tolist() == ["990102001001"] * 3
    assert "留言用户" not in safe.data and "留言用户" not in safe.rejects
    assert safe.rejects["title"].item() == "身份证[身份证号]"  # rejects are raw rows: scrubbed too
    pd.testing.assert_frame_equal(result.data, before[0])  # nothing mutated
    pd.testing.assert_frame_equal(result.rejects, before[1])


def test_rejected_personal_values_are_scrubbed_from_reasons():
    rejects = pd.DataFrame(
        {
            "case_id": ["c9"],
            "created_at": ["13987654321"],
            "reporter_phone": ["13987654321"],
            "row": [9],
            "reason": ["created_at: expected a date-time, got '13987654321'"],
        }
    )
    frame = pd.DataFrame({"case_id": ["c1"], "created_at": [pd.Timestamp("2025-01-01")]})
    safe = publishable_inputs({"cases": _result(frame, rejects)})["cases"]
    assert list(safe.rejects.columns) == ["case_id", "created_at", "row", "reason"]
    assert safe.rejects["reason"].item() == "created_at: expected a date-time, got '[电话]'"
    assert safe.rejects["created_at"].item() == "[电话]" and safe.n_rejected == 1


# ----------------------------------------------------------------------------------- (c) the Excel writer
class _Labels(dict):
    def __missing__(self, key: str) -> str:
        return key


def test_excel_writer_quotes_every_formula_like_string(tmp_path):
    planted = [*PLANTED_FORMULAS, "=1+1", "-0.5", "@user", "＝SUM(A1)", "－1"]
    benign = ["正常文本", " =not first", "a=b", "—", ""]
    frame = pd.DataFrame({"=列": planted + benign, "n": range(len(planted) + len(benign))})
    table = Table("t", "+标题", frame, note="-注释")
    doc = Document("report", "zh", "now", _Labels(), [Section("s", "S", "intro", tables=[table])], [], [])
    path = write_excel(doc, tmp_path / "tables.xlsx")
    with zipfile.ZipFile(path) as z:
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and FORMULA_ELEMENT.search(z.read(n))]
    cells = {_text(c): c for sheet, c in _cells(path) if sheet == "s.t"}
    for text in [*planted, "=列", "+标题", "-注释"]:
        cell = cells[text]  # the text itself is unchanged …
        assert cell.data_type == "s" and cell.quotePrefix, text  # … and marked as text
    for text in benign[:-1] + ["n"]:
        assert not cells[text].quotePrefix, text
    assert [c.value for c in openpyxl.load_workbook(path)["s.t"]["B"][2:5]] == [0, 1, 2]  # numbers stay numbers


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("=A1", True),
        ("+1", True),
        ("-1", True),
        ("@A", True),
        ("\tx", True),
        ("\r=1", True),
        ("＝1", True),
        ("x=1", False),
        (" =1", False),
        ("", False),
    ],
)
def test_needs_quote_prefix(text, quoted):
    assert needs_quote_prefix(text) is quoted


def test_a_shown_label_comes_out_scrubbed_and_quoted(cli_report):
    """The planted department label reaches the KPI table: its phone number scrubbed, and in the
    workbook a quote-prefixed string (Excel/WPS show it as text even after an edit)."""
    shown = PLANTED_LABEL.replace("13987654321", "[电话]")
    book = openpyxl.load_workbook(cli_report / "tables.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == shown]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert shown in html.unescape((cli_report / "report.html").read_text(encoding="utf-8"))
