"""The report pipeline end to end on the Demo City: HTML, PDF and Excel, atomic.

The full report is built once per session by the CLI (``cli_report``, tests/reporting/conftest.py);
that two runs give identical workbooks cell by cell is checked by test_report_notebook.py, whose run
is a second, separate process on the same inputs."""

import base64
import json
import re
import warnings

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from governance_analytics import cli
from governance_analytics.cases import summary
from governance_analytics.io.workspace_record import sha256
from governance_analytics.periods import parse_period
from governance_analytics.reporting import build_report, builder

PERIOD = "2025-Q4"


class _Written:
    """The paths of the full report the CLI wrote once per session (``cli_report`` in conftest.py)."""

    def __init__(self, directory):
        self.directory = directory
        self.html, self.pdf, self.xlsx = (directory / name for name in ("report.html", "report.pdf", "tables.xlsx"))


@pytest.fixture(scope="module")
def report_zh(cli_report):
    return _Written(cli_report)


def _pdf_text(path) -> str:
    """The PDF's text without whitespace, as PDFium (Chrome's PDF engine) extracts it. (pypdf 7
    misreads fpdf2's embedded Encoding CMap once a subset has more than 256 glyphs; poppler's
    pdftotext and PDFium read the same files cleanly.)"""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return re.sub(r"\s+", "", text)


def test_outputs_in_city_period_directory(report_zh):
    assert report_zh.directory.parts[-2:] == ("demo-city", PERIOD)
    for path in (report_zh.html, report_zh.pdf, report_zh.xlsx):
        assert path.exists() and path.stat().st_size > 1000
    assert [p.name for p in report_zh.directory.parent.iterdir() if p.name.startswith(".")] == []


def test_html_has_sections_and_embedded_figures_and_no_external_url(report_zh):
    import html as html_lib

    from governance_analytics.reporting.figures.interactive import leaflet_assets

    html = report_zh.html.read_text(encoding="utf-8")
    # the inlined Leaflet library names URLs inside its code (never fetched): scan the rest
    html = html.replace(html_lib.escape(leaflet_assets()[0], quote=True), "")
    for section in ("overview", "hotspots", "methods", "provenance"):
        assert f'<section id="{section}">' in html
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) >= 3
    assert all(base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n" for data in images)
    # nothing is fetched: no src/href/url() pointing outside (Leaflet's inlined code names URLs in
    # comments and attribution text, which loads nothing)
    assert not re.search(r"""(src|href)\s*=\s*(["']|&quot;)\s*(https?:)?//""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html) and "@import" not in html
    assert not re.search(r"<(script|link)\b[^>]*\b(src|href)=", html)
    assert "示范市城市治理分析报告（2025-Q4）" in html


def test_pdf_has_pages_and_extractable_chinese(report_zh):
    reader = PdfReader(report_zh.pdf)
    assert len(reader.pages) >= 2
    text = _pdf_text(report_zh.pdf)
    for phrase in (
        "示范市城市治理分析报告（2025-Q4）",
        "数据概览",
        "案件热点与时空热点",
        "主要发现",
        "方法与定义",
        "数据来源与可复现信息",
    ):
        assert phrase in text
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    descendants = [d.get_object() for f in fonts for d in f.get("/DescendantFonts", [])]
    assert any("/FontFile3" in d["/FontDescriptor"] or "/FontFile2" in d["/FontDescriptor"] for d in descendants)


def test_figures_render_chinese_without_missing_glyphs():
    from matplotlib import ft2font

    from governance_analytics.reporting.figures.charts import bar_chart
    from governance_analytics.reporting.render.fonts import cjk_font_path

    font = ft2font.FT2Font(str(cjk_font_path()))
    assert all(font.get_char_index(ord(ch)) != 0 for ch in "示范市城市治理案件密度街面秩序占道经营")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" for tofu
        png = bar_chart(pd.Series([12, 30], index=["街面秩序", "市容环境"]), title="案件数（示范市）", xlabel="案件数")
    assert png[:4] == b"\x89PNG"


def test_excel_tables_equal_package_results(report_zh, demo_city):
    book = openpyxl.load_workbook(report_zh.xlsx)
    assert {"overview.classes", "overview.channels", "provenance.inputs"} <= set(book.sheetnames)
    sheet = book["overview.classes"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    frame = pd.DataFrame(rows[1:], columns=rows[0]).dropna(subset=["大类"])  # drop the note below the table
    period = parse_period(PERIOD)
    expected = summary.period_counts(demo_city.tables["cases"], period, period.previous(), by=["case_type", "category"])
    got = frame.set_index(["案件类型", "大类"])["本期案件数"]
    assert got.to_dict() == expected["n"].to_dict()


def test_no_small_count_published(report_zh):
    book = openpyxl.load_workbook(report_zh.xlsx)
    for name in ("overview.classes", "overview.channels"):
        rows = list(book[name].iter_rows(min_row=2, values_only=True))
        header = rows[0]
        for column in ("本期案件数", "对比期案件数"):
            j = header.index(column)
            values = [r[j] for r in rows[1:] if isinstance(r[j], (int, float))]
            assert values and all(v == 0 or v >= 10 for v in values)


def test_provenance_records_hashes_counts_and_seed(report_zh, planted_dir):
    record = json.loads((report_zh.directory / "provenance.json").read_text(encoding="utf-8"))
    assert record["seed"] == 20250101 and record["period"] == PERIOD and record["compare"] == "2025-Q3"
    cases = record["inputs"]["cases"]
    assert cases["sha256"] == sha256(planted_dir / "cases.csv")
    assert cases["n_read"] == cases["n_accepted"] + cases["n_rejected"]
    assert "pandas" in record["versions"] and "governance-analytics" in record["versions"]


def test_english_report(demo_dir, tmp_path):
    out = build_report(
        demo_dir, period=PERIOD, lang="en", compare="same-last-year", out=tmp_path, sections=["overview"]
    )
    html = out.html.read_text(encoding="utf-8")
    assert "Demo City urban governance report, 2025-Q4" in html and "Key findings" in html
    assert "on 2024-Q4" in html  # compared with the same quarter last year
    assert "Dataoverview" in _pdf_text(out.pdf)


def test_failed_run_leaves_no_partial_report(demo_dir, tmp_path, monkeypatch):
    def broken(doc, path):
        path.write_bytes(b"%PDF-partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr(builder, "write_pdf", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build_report(demo_dir, period=PERIOD, out=tmp_path, sections=["overview"])
    assert list(tmp_path.rglob("*")) == []  # neither the report nor the folder the run made for it


def test_a_report_replaces_only_an_earlier_report(demo_dir, tmp_path, monkeypatch, capsys):
    """Issue 14: a file beside the report's folder and one in a pre-existing target both survive."""
    target = tmp_path / "demo-city" / PERIOD
    target.mkdir(parents=True)
    (tmp_path / "demo-city" / "mine.txt").write_text("mine")
    (target / "draft.docx").write_text("the planner's own draft")

    def no_work(*args, **kwargs):
        raise AssertionError("the target is refused before the report is assembled")

    with monkeypatch.context() as patch:
        patch.setattr(builder, "assemble", no_work)
        assert cli.main(["report", "--data", str(demo_dir), "--period", PERIOD, "--out", str(tmp_path)]) == 2
    assert "is not an earlier report output" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["draft.docx"]

    (target / "draft.docx").unlink()
    first = build_report(demo_dir, period=PERIOD, out=tmp_path, sections=["overview"])
    second = build_report(demo_dir, period=PERIOD, out=tmp_path, sections=["overview"])
    assert first.directory == second.directory == target and (target / "report.pdf").exists()
    assert sorted(p.name for p in (tmp_path / "demo-city").iterdir()) == ["2025-Q4", "mine.txt"]  # no staging left
    (target / "notes.txt").write_text("mine too")
    with pytest.raises(ValueError, match="notes.txt"):
        build_report(demo_dir, period=PERIOD, out=tmp_path, sections=["overview"])
    assert (target / "notes.txt").read_text() == "mine too" and (
        tmp_path / "demo-city" / "mine.txt"
    ).read_text() == "mine"


def test_missing_inputs_skip_sections_with_a_note(demo_dir, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "communities.csv").write_bytes((demo_dir / "communities.csv").read_bytes())
    out = build_report(data, period=PERIOD, out=tmp_path / "reports")
    html = out.html.read_text(encoding="utf-8")
    assert "数据概览：缺少输入数据 cases。" in html


def test_empty_directory_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no input tables.*cases.csv"):
        build_report(tmp_path, period=PERIOD, out=tmp_path / "r")


def test_cli_report_prints_reconciliation_and_paths(demo_dir, demo_city, tmp_path, capsys):
    config = tmp_path / "report.yml"
    config.write_text("sections: [overview]\n", encoding="utf-8")
    assert (
        cli.main(
            ["report", "--data", str(demo_dir), "--period", PERIOD, "--config", str(config), "--out", str(tmp_path)]
        )
        == 0
    )
    out = capsys.readouterr().out
    n = f"{len(demo_city.tables['cases']):,}"
    assert re.search(rf"cases\s+{n} =\s+{n} \+\s+0\n", out)
    assert str(tmp_path / "demo-city" / PERIOD / "report.pdf") in out


def test_cli_errors_and_help(tmp_path, capsys):
    assert cli.main(["report", "--data", str(tmp_path), "--period", "2025-Q9"]) == 2
    assert "expected 2025, 2025-H1, 2025-Q1 or 2025-03" in capsys.readouterr().err
    for command in ("report", "demo-data"):
        with pytest.raises(SystemExit) as exit_:
            cli.main([command, "--help"])
        assert exit_.value.code == 0
