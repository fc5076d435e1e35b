"""The resident-messages section: on the Demo City its topic table is plain pandas counts of the
messages, no small count is published, findings carry numbers and comparisons; on a planted copy
(formula-like texts, phone and ID numbers, a topic that doubled, reply times with a slow topic) no
personal number reaches any output, formulas stay text and each recommendation cites its finding;
without labels or replies the section still builds, with notes."""

from __future__ import annotations

import html
import json
import re
import time
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from governance_analytics.io import read_table
from governance_analytics.periods import parse_period
from governance_analytics.privacy import audit, column_totals
from governance_analytics.reporting import build_report
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.sections import messages as section
from governance_analytics.safe_text import needs_quote_prefix

from .conftest import PLANTED_NUMBERS, searchable

PERIOD, COMPARE = "2025-Q4", "2025-Q3"
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
# the formula-like start of a planted text: a HYPERLINK call, a quoted string, or operators and operands
FORMULA_START = re.compile(r'^(=HYPERLINK\("[^"]*","[^"]*"\)|="[^"]*"|[=+\-@][0-9A-Za-z+\-=*/().:]*)')
COUNTS = ("本期留言数", "对比期留言数")


# ----------------------------------------------------------------------------------- helpers
def _sheet(path: Path, name: str) -> pd.DataFrame:
    """A report table as written to the workbook (row 1: title, row 2: header)."""
    rows = list(openpyxl.load_workbook(path)[name].iter_rows(min_row=2, values_only=True))
    body = [r for r in rows[1:] if any(v is not None for v in r)]
    frame = pd.DataFrame(body, columns=rows[0])
    return frame[frame.iloc[:, 0].notna() & frame.iloc[:, 1:].notna().any(axis=1)]  # the note row is not data


def _pdf_text(path: Path) -> str:
    """The PDF's text without whitespace, as PDFium extracts it (see test_report.py)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    return re.sub(r"\s+", "", "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


def _renditions(out) -> dict[str, str]:
    """The report's HTML (as written and unescaped), PDF text, workbook cells and XML parts."""
    raw = out.html.read_text(encoding="utf-8")
    found = {"html": raw, "html (unescaped)": html.unescape(raw), "pdf": _pdf_text(out.pdf)}
    book = openpyxl.load_workbook(out.xlsx)
    found["xlsx (cells)"] = "\n".join(
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    )
    with zipfile.ZipFile(out.xlsx) as z:
        found |= {f"xlsx:{part}": z.read(part).decode("utf-8", errors="replace") for part in z.namelist()}
    return found


def _city(root: Path, demo_dir: Path, messages: pd.DataFrame) -> Path:
    """A data directory holding ``messages`` and the Demo City's communities and manifest."""
    root.mkdir(parents=True)
    for name in ("truth.json", "communities.csv"):
        (root / name).symlink_to((demo_dir / name).resolve())
    messages.to_csv(root / "messages.csv", index=False)
    return root


def _in(period: str, received: pd.Series) -> pd.Series:
    p = parse_period(period)
    return (received >= p.start) & (received < p.end)


# ----------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def report(demo_dir, tmp_path_factory):
    start = time.perf_counter()
    out = build_report(demo_dir, period=PERIOD, out=tmp_path_factory.mktemp("reports"), sections=["messages"])
    print(
        f"\nbuild_report(demo city, sections=['messages']): {time.perf_counter() - start:.1f} s "
        "(reading every Demo City input and writing HTML/PDF/XLSX included)"
    )
    return out


@pytest.fixture(scope="module")
def section_of(report):
    assert [s.key for s in report.document.sections] == ["messages"]
    return report.document.sections[0]


@pytest.fixture(scope="module")
def truth(demo_dir) -> dict:
    return json.loads((demo_dir / "truth.json").read_text(encoding="utf-8"))["community"]["messages"]


@pytest.fixture(scope="module")
def raw_messages(demo_dir) -> pd.DataFrame:
    return pd.read_csv(demo_dir / "messages.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def planted_numbers(truth, raw_messages) -> list[str]:
    """The fake phone and ID numbers in the Demo City's messages (ids in its truth manifest)."""
    texts = raw_messages.set_index("message_id")["text"]
    phones = [n for t in texts.loc[truth["pii_phone_ids"]] for n in PHONE.findall(t)]
    ids = [n for t in texts.loc[truth["pii_id_number_ids"]] for n in ID_NUMBER.findall(t)]
    assert len(phones) >= len(truth["pii_phone_ids"]) > 0 and len(ids) >= len(truth["pii_id_number_ids"]) > 0
    return sorted({n.upper() for n in phones + ids}) + list(PLANTED_NUMBERS.values())


@pytest.fixture(scope="module")
def formula_starts(truth, raw_messages) -> list[str]:
    texts = raw_messages.set_index("message_id")["text"]
    matches = [FORMULA_START.match(texts[i]) for i in truth["formula_ids"]]
    starts = [m.group(1) for m in matches if m is not None]
    assert len(starts) == len(matches)
    assert all(needs_quote_prefix(s) for s in starts) and len(set(starts)) >= 4
    return starts


@pytest.fixture(scope="module")
def planted_messages(raw_messages, planted_numbers, formula_starts) -> pd.DataFrame:
    """The Demo City's messages with, in the report period, every text starting with a planted
    formula and a phone or ID number; 违章搭建 messages of the period tripled (a significant rise);
    reply times of 1–9 days, 物业管理 15 days slower."""
    m = raw_messages.copy()
    received = pd.to_datetime(m["received_at"])
    now = _in(PERIOD, received)
    numbers = [f"联系电话{n}，" if len(n) == 11 else f"身份证号{n}，" for n in planted_numbers]
    m.loc[now, "text"] = [
        formula_starts[i % len(formula_starts)] + numbers[i % len(numbers)] + text
        for i, text in enumerate(m.loc[now, "text"])
    ]
    days = 1 + np.arange(len(m)) % 9 + np.where(m["topic"] == "物业管理", 15, 0)
    m["replied_at"] = (received + pd.to_timedelta(days, unit="D")).dt.strftime("%Y-%m-%d %H:%M:%S")
    rising = m[now & (m["topic"] == "违章搭建")]
    copies = [rising.assign(message_id=rising["message_id"] + f"-{k}") for k in (1, 2)]
    return pd.concat([m, *copies], ignore_index=True)


@pytest.fixture(scope="module")
def planted(planted_messages, demo_dir, tmp_path_factory):
    data = _city(tmp_path_factory.mktemp("planted") / "city", demo_dir, planted_messages)
    return build_report(data, period=PERIOD, out=tmp_path_factory.mktemp("reports"), sections=["messages"])


# ----------------------------------------------------------------------------------- Demo City
def test_topic_table_equals_plain_pandas_counts(report, section_of, demo_city):
    messages = demo_city.tables["messages"]
    now = messages.loc[_in(PERIOD, messages["received_at"]), "topic"].value_counts()
    before = messages.loc[_in(COMPARE, messages["received_at"]), "topic"].value_counts()
    sheet = _sheet(report.xlsx, "messages.topics").set_index("留言主题")
    table = section_of.tables[0]
    assert table.key == "topics" and list(table.frame.columns[:4]) == ["留言主题", "社区治理问题", *COUNTS]
    topics = sheet.drop(index="合计")
    assert topics["本期留言数"].to_dict() == now.to_dict()
    assert topics["对比期留言数"].to_dict() == before.reindex(topics.index, fill_value=0).to_dict()
    assert sheet.loc["合计", list(COUNTS)].tolist() == [now.sum(), before.sum()] == [478, 488]
    assert topics["本期留言数"].is_monotonic_decreasing
    assert topics.loc["物业管理", "社区治理问题"] == "多元主体关系未理顺"


def test_no_small_count_is_published(section_of, report):
    for table in section_of.tables:
        for column in set(COUNTS) & set(table.frame.columns):
            values = pd.to_numeric(table.frame[column], errors="coerce").dropna()
            assert not ((values >= 1) & (values < 10)).any(), (table.key, column)
    for name in openpyxl.load_workbook(report.xlsx).sheetnames:
        sheet = _sheet(report.xlsx, name)
        for column in set(COUNTS) & set(sheet.columns):
            values = pd.to_numeric(sheet[column], errors="coerce").dropna()
            assert not ((values >= 1) & (values < 10)).any(), (name, column)


def test_small_counts_withheld_with_everything_derived_from_them(demo_dir, raw_messages, tmp_path):
    """With a threshold of 50, three topics of the period (43, 40, 27 messages) and two of the
    comparison period (46, 40) are withheld; they cannot be worked back from the total, and the
    problem shares, figures and examples built on them are withheld too."""
    data = _city(tmp_path / "city", demo_dir, raw_messages)
    out = build_report(data, period=PERIOD, out=tmp_path / "reports", sections=["messages"], threshold=50)
    tables = {t.key: t for t in out.document.sections[0].tables}
    topics = tables["topics"].frame.set_index("留言主题")
    assert topics.loc[["养老服务", "邻里纠纷", "违章搭建"], "本期留言数"].eq("<50").all()
    assert topics.loc[["邻里纠纷", "违章搭建"], "对比期留言数"].eq("<50").all()
    for column in COUNTS:
        values = pd.to_numeric(topics[column], errors="coerce").dropna()
        assert not ((values >= 1) & (values < 50)).any()
    counts = topics[list(COUNTS)]
    protected = audit(counts, column_totals(counts, columns=list(COUNTS), total="合计"))
    assert len(protected) == 5 and protected["protected"].all()
    problems = tables["problems"].frame.set_index("社区治理问题")
    assert problems.loc[["居委会自治能力不足", "需求多元超出服务供给"], "占比"].isna().all()
    assert problems.loc["居委会自治能力不足", "对比期占比"] is None
    assert problems.loc["多元主体关系未理顺", "占比"] == "37.0%"
    shown = set(tables["examples"].frame["留言主题"]) | set(tables["keywords"].frame["留言主题"])
    assert shown == {"物业管理", "噪声扰民", "社区服务办事难"}
    found = " ".join(out.document.sections[0].findings)
    assert all(f"{n} 条" not in found for n in (43, 40, 27, 46))


def test_findings_carry_numbers_and_comparisons(section_of):
    print("\n" + "\n".join(section_of.findings))
    assert len(section_of.findings) >= 3
    for finding in section_of.findings:
        assert re.search(r"\d", finding) and COMPARE in finding, finding
    assert section_of.summary == section_of.findings
    assert (
        section_of.findings[0] == "2025-Q4共收到居民留言 478 条，较2025-Q3（488 条）减少 2.0%，差异不显著（p=0.748）。"
    )
    assert any("“物业管理”，118 条" in f for f in section_of.findings)
    assert any("指向“多元主体关系未理顺”" in f for f in section_of.findings)
    assert section_of.recommendations == []  # nothing rose significantly; the Demo City has no reply times
    assert "没有答复时间" in section_of.intro


def test_keywords_and_typical_messages_of_the_leading_topics(section_of, demo_city):
    tables = {t.key: t.frame for t in section_of.tables}
    assert tables["keywords"]["留言主题"].tolist() == ["物业管理", "噪声扰民", "社区服务办事难"]
    assert all(len(k.split("、")) == 5 for k in tables["keywords"]["关键词"])
    examples = tables["examples"]
    assert examples["留言主题"].tolist() == ["物业管理"] * 2 + ["噪声扰民"] * 2 + ["社区服务办事难"] * 2
    texts = examples["典型留言（节选）"]
    assert texts.str.len().le(80).all() and texts.str.len().ge(20).all() and texts.is_unique
    assert not texts.str.contains(r"M\d{6}|\d+\s*(?:号楼|栋|单元|室)").any()  # no message id, no house number
    messages = demo_city.tables["messages"]
    period = messages[_in(PERIOD, messages["received_at"])]
    for topic, text in zip(examples["留言主题"], texts):  # each is (an excerpt of) a message of its topic
        body = text.rstrip("…").replace("×", "")
        assert (
            period.loc[period["topic"] == topic, "text"]
            .map(lambda t: re.sub(r"\d", "", " ".join(t.split())).startswith(re.sub(r"\d", "", body)))
            .any()
        ), text


def test_section_build_time(demo_dir):
    inputs = {name: read_table(demo_dir / f"{name}.csv", schema=name) for name in ("messages", "communities")}
    period = parse_period(PERIOD)
    ctx = ReportContext(inputs, period, period.previous())
    start = time.perf_counter()
    built = section.build(ctx)
    elapsed = time.perf_counter() - start
    print(f"\nmessages section build on the Demo City: {elapsed:.2f} s")
    assert built.key == "messages" and elapsed < 10


# ----------------------------------------------------------------------------------- planted copy
def test_no_personal_number_in_any_output(planted, report, planted_numbers, planted_messages):
    texts = planted_messages.loc[_in(PERIOD, pd.to_datetime(planted_messages["received_at"])), "text"]
    assert texts.map(lambda t: any(n in t for n in planted_numbers)).all()  # every message of the period holds one
    examples = {t.key: t for t in planted.document.sections[0].tables}["examples"].frame["典型留言（节选）"]
    assert examples.str.contains(r"\[电话\]|\[身份证号\]").all()  # the examples are those texts, masked
    assert {n for n in PLANTED_NUMBERS.values() if texts.str.contains(n, regex=False).any()} == set(
        PLANTED_NUMBERS.values()
    )
    for out in (planted, report):
        for name, text in _renditions(out).items():
            found = searchable(text)
            assert not [n for n in planted_numbers if searchable(n) in found], name


def test_formula_like_messages_are_shown_as_text(planted, formula_starts):
    examples = {t.key: t for t in planted.document.sections[0].tables}["examples"].frame["典型留言（节选）"]
    assert examples.map(needs_quote_prefix).all()
    with zipfile.ZipFile(planted.xlsx) as z:
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and FORMULA_ELEMENT.search(z.read(n))]
    cells = [
        c
        for row in openpyxl.load_workbook(planted.xlsx)["messages.examples"].iter_rows(min_row=3)
        for c in row
        if isinstance(c.value, str) and c.value in set(examples)
    ]
    assert len(cells) == len(examples)
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    page = planted.html.read_text(encoding="utf-8")
    assert html.escape(examples.iloc[0], quote=False) in page or html.escape(examples.iloc[0]) in page
    assert 'href="http://example.invalid"' not in page


def test_recommendations_cite_their_findings(planted):
    built = planted.document.sections[0]
    print("\n" + "\n".join(built.findings))
    rules = {r.rule: r for r in built.recommendations}
    assert set(rules) == {"messages_rise", "messages_slow_reply"}
    rise, slow = rules["messages_rise"], rules["messages_slow_reply"]
    assert rise.finding == "“违章搭建”类留言 81 条，较2025-Q3（40 条）增加 102.5%，差异显著（p<0.001）。"
    assert "“违章搭建”" in rise.action and "“物业管理”" in slow.action
    assert slow.finding.startswith("“物业管理”类留言答复用时中位数 ") and "超过 15 天的答复时限" in slow.finding
    for r in built.recommendations:
        assert r.finding in built.findings and r.finding in built.summary and r.finding in planted.document.summary
    replies = {t.key: t for t in built.tables}["replies"].frame.set_index("留言主题")
    assert replies.loc["物业管理", "答复用时中位数（天）"] > 15 > replies.loc["合计", "答复用时中位数（天）"]
    assert replies.loc["物业管理", "时限内答复比例"] == "0.0%"
    rules_sheet = _sheet(planted.xlsx, "methods.rules")  # the rules are documented in the appendix
    assert {"messages_rise", "messages_slow_reply"} <= set(rules_sheet.iloc[:, 0])


def test_english_report_translates_topics(planted_messages, demo_dir, tmp_path):
    data = _city(tmp_path / "city", demo_dir, planted_messages)
    out = build_report(data, period=PERIOD, out=tmp_path / "reports", sections=["messages"], lang="en")
    built = out.document.sections[0]
    assert built.title == "Resident messages"
    topics = {t.key: t for t in built.tables}["topics"].frame
    assert "property management" in set(topics["Topic"]) and "Total" in set(topics["Topic"])
    assert any(f.startswith("“illegal building” messages rose") for f in built.findings)
    assert {r.rule for r in built.recommendations} == {"messages_rise", "messages_slow_reply"}


def test_section_scrubs_texts_again(planted_messages, tmp_path):
    """Defence in depth: given inputs that did not pass the privacy step, the section still shows
    no phone or ID number."""
    path = tmp_path / "messages.csv"
    planted_messages.to_csv(path, index=False)
    raw = read_table(path, schema="messages")
    assert raw.data["text"].str.contains(PHONE.pattern).any()
    period = parse_period(PERIOD)
    built = section.build(ReportContext({"messages": raw}, period, period.previous()))
    shown = "\n".join([*built.findings, *(t.frame.to_csv() for t in built.tables)]).upper()
    assert "[电话]" in shown or "[身份证号]" in shown
    assert not PHONE.search(shown) and not ID_NUMBER.search(shown)


# ----------------------------------------------------------------------------------- missing columns
def test_without_labels_or_replies_the_section_still_builds(raw_messages, demo_dir, tmp_path):
    data = _city(tmp_path / "city", demo_dir, raw_messages.drop(columns="topic"))
    out = build_report(data, period=PERIOD, out=tmp_path / "reports", sections=["messages"])
    built = out.document.sections[0]
    assert built.key == "messages" and "没有主题标注列" in built.intro and "没有答复时间" in built.intro
    assert built.findings == ["2025-Q4共收到居民留言 478 条，较2025-Q3（488 条）减少 2.0%，差异不显著（p=0.748）。"]
    assert built.tables == [] and built.figures == [] and built.recommendations == []
    assert "没有主题标注列" in out.html.read_text(encoding="utf-8")
