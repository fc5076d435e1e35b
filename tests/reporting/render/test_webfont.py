"""The embedded CJK web font: the characters a page needs, a deterministic subset that covers them,
and no character of the report (or of any phrase it may print) missing from the font."""

import base64
import html
import io
import re

import numpy as np
import pytest
from fontTools.ttLib import TTFont

from governance_analytics.grid import UnitGrid
from governance_analytics.reporting import i18n
from governance_analytics.reporting.figures.interactive import interactive_class_map
from governance_analytics.reporting.render import webfont
from governance_analytics.reporting.render.webfont import (
    WEB_FAMILY,
    embed_font,
    font_subset,
    missing_characters,
    page_characters,
)

FONT_FACE = re.compile(r'@font-face\{font-family:"([^"]+)";[^}]*src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)')


def _embedded(page: str) -> tuple[str, set[str]]:
    """Family and covered characters of the one font embedded in ``page``."""
    ((family, data),) = FONT_FACE.findall(page)
    with TTFont(io.BytesIO(base64.b64decode(data))) as font:
        assert font.flavor == "woff"
        return family, {chr(code) for code in font.getBestCmap()}


def test_page_characters_include_escapes_and_references_but_no_controls():
    page = (
        '<p>示范市&amp;&#x4E2D;&#22269;&mdash;</p>\n\t<script>{"k": "\\u70ed\\u70b9", "e": "\\ud83d\\ude00"}</script>'
    )
    chars = page_characters(page)
    assert {"示", "范", "市", "中", "国", "—", "热", "点", "\U0001f600", "&"} <= chars
    assert not {"\n", "\t", "\ud83d"} & chars  # controls and lone surrogates left out
    assert {"A", "z", "0", " ", "~"} <= chars  # printable ASCII always


def test_subset_is_deterministic_woff_covering_exactly_the_characters():
    chars = set("热点案件数 Hot spots 0-9 ·（）")
    webfont._subset.cache_clear()
    first = font_subset(chars)
    webfont._subset.cache_clear()
    assert font_subset(chars) == first  # same characters, same bytes (no timestamp of the run)
    assert first[:4] == b"wOFF"
    with TTFont(io.BytesIO(first)) as font:
        assert {chr(code) for code in font.getBestCmap()} == chars
        assert font["name"].getDebugName(13)  # licence text kept (SIL Open Font License)


def test_missing_characters_are_named():
    assert missing_characters("城市治理\U000f0000\u200b") == ["\U000f0000"]  # private use: no glyph; ZWSP: format


def test_embed_font_goes_before_head_end_keeping_the_charset_early():
    page = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>报告</title></head><body>热点</body></html>'
    out = embed_font(page)
    assert out.index('<meta charset="utf-8">') < out.index("@font-face") < out.index("</head>")
    family, covered = _embedded(out)
    assert family == WEB_FAMILY and {"报", "告", "热", "点"} <= covered
    with pytest.raises(ValueError, match="no </head>"):
        embed_font("<p>热点</p>")


def test_map_page_embeds_a_font_for_its_escaped_geojson_labels():
    grid = UnitGrid(523000.0, 3523000.0, 100.0, n_rows=2, n_cols=2, crs="EPSG:32650")
    cells = grid.all_cells()
    cells["bin"] = np.array([1, 1, 0, 2])
    labels = {0: "无", 1: "持续热点", 2: "震荡冷点"}
    page = interactive_class_map(
        grid.polygons(cells),
        "bin",
        colours={0: "#eee", 1: "#d62f27", 2: "#4575b5"},
        labels=labels,
        title="新兴热点",
        tooltip={"row": "网格行号"},
        skip=(0,),
    )
    family, covered = _embedded(page)
    assert family == WEB_FAMILY and set("持续热点震荡冷点新兴网格行号") <= covered
    assert f"'{WEB_FAMILY}', sans-serif" in page  # legend, tooltips and controls use it
    again = interactive_class_map(
        grid.polygons(cells),
        "bin",
        colours={0: "#eee", 1: "#d62f27", 2: "#4575b5"},
        labels=labels,
        title="新兴热点",
        tooltip={"row": "网格行号"},
        skip=(0,),
    )
    assert again == page  # folium's random element ids numbered: same map, same page


def test_every_phrase_and_label_the_report_can_print_is_in_the_font():
    strings = [v for phrase in i18n._TEXT.values() for v in phrase.values()]
    strings += [v for label in i18n._COLUMNS.values() for v in label.values()]
    strings += [*i18n._VALUES, *i18n._VALUES.values(), *i18n._CODES_ZH, *i18n._CODES_ZH.values()]
    assert missing_characters(page_characters("".join(strings))) == []


@pytest.mark.slow
def test_report_page_and_map_frames_have_no_character_missing(cli_report):
    """Every character of the CLI's report and of each map frame is in the font embedded in it."""
    page = (cli_report / "report.html").read_text(encoding="utf-8")
    frames = [html.unescape(frame) for frame in re.findall(r'<iframe srcdoc="([^"]*)"', page)]
    assert frames
    for doc in (re.sub(r'<iframe srcdoc="[^"]*"', "<iframe", page), *frames):
        needed = page_characters(FONT_FACE.sub("", doc))
        assert missing_characters(needed) == []  # the font has every one
        family, covered = _embedded(doc)
        assert family == WEB_FAMILY
        assert needed - covered == set()  # and the subset kept every one
