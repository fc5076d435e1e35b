"""Embed the report's CJK font in an HTML page, so Chinese renders without any installed font.

The font of the PNG figures and the PDF (Noto Sans CJK SC, :func:`~governance_analytics.reporting.fonts.cjk_font_path`)
is subset to the characters the page contains and inlined as a base64 WOFF in an ``@font-face``
rule: no request, no system font, no boxes (tofu) where a viewer lacks Chinese fonts.

Which characters: every character of the page's source except control characters, the characters
its ``\\uXXXX`` escapes (JSON, JavaScript) and ``&…;`` references (HTML) stand for, plus printable
ASCII. The source, not only the visible text, because a Leaflet map's legend, tooltips and
controls are strings inside its JavaScript (GeoJSON properties are ``\\u``-escaped); the extra Latin
characters cost almost nothing. The subset is deterministic: the same characters give the same
bytes (the font's own ``head`` timestamp is kept, not replaced by the time of the run), so two runs
write the same page.

WOFF 1.0 (zlib; W3C Recommendation, 2012) rather than WOFF2, which would need ``brotli``. The
subsetter is fontTools' (``fontTools.subset``), keeping hinting, the default OpenType layout
features and every ``name`` record (copyright and SIL Open Font License text travel with the font).
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import string
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from governance_analytics.reporting.render.fonts import cjk_font_path

__all__ = ["WEB_FAMILY", "page_characters", "missing_characters", "font_subset", "font_face_css", "embed_font"]

#: CSS family name of the embedded subset (distinct from an installed "Noto Sans CJK SC", so the
#: page always uses its own font).
WEB_FAMILY = "GA Noto Sans CJK SC"
_ASCII = frozenset(string.printable) - frozenset(string.whitespace) | {" "}
_JS_ESCAPES = re.compile(r"(?:\\u[0-9a-fA-F]{4})+")
_REFERENCES = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def page_characters(page: str) -> frozenset[str]:
    """Characters a font may have to draw on ``page``: all but control characters, plus printable ASCII.

    Parameters
    ----------
    page
        The page's HTML source (embedded ``<iframe srcdoc>`` pages and scripts included).

    Returns
    -------
    frozenset of str
        Single characters, including those written as ``\\uXXXX`` escapes or ``&…;`` references;
        Unicode categories ``Cc`` (controls such as newline and tab) and ``Cs`` (lone surrogates) left out.
    """
    chars = set(page)
    for run in set(_JS_ESCAPES.findall(page)):
        chars.update(json.loads(f'"{run}"'))  # surrogate pairs join into one character
    for reference in set(_REFERENCES.findall(page)):
        chars.update(html.unescape(reference))
    return frozenset(ch for ch in chars if unicodedata.category(ch) not in ("Cc", "Cs")) | _ASCII


@cache
def _cmap(font_path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_characters(characters: Iterable[str], *, font_path: Path | None = None) -> list[str]:
    """Characters the font has no glyph for (they would show as boxes), sorted by code point.

    Format characters (Unicode category ``Cf``, e.g. a zero-width space) draw nothing and are not
    counted as missing.
    """
    cmap = _cmap(Path(font_path or cjk_font_path()))
    return sorted((ch for ch in set(characters) if ord(ch) not in cmap and unicodedata.category(ch) != "Cf"), key=ord)


@lru_cache(maxsize=16)
def _subset(characters: frozenset[str], font_path: Path) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]  # keep copyright and licence records
    options.recalc_timestamp = False
    with TTFont(font_path, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(ch) for ch in characters))
        subsetter.subset(font)
        font.flavor = "woff"
        buffer = io.BytesIO()
        font.save(buffer)
    return buffer.getvalue()


def font_subset(characters: Iterable[str], *, font_path: Path | None = None) -> bytes:
    """WOFF bytes of the CJK font reduced to ``characters`` (those it has; see :func:`missing_characters`).

    Parameters
    ----------
    characters
        Characters to keep (strings of any length are split into characters).
    font_path
        An OpenType font; default :func:`~governance_analytics.reporting.fonts.cjk_font_path`.

    Returns
    -------
    bytes
        A WOFF 1.0 file; the same characters give the same bytes.
    """
    chars = frozenset("".join(characters))
    return _subset(chars, Path(font_path or cjk_font_path()))


def font_face_css(characters: Iterable[str], *, family: str = WEB_FAMILY) -> str:
    """An ``@font-face`` rule for ``family`` whose source is the subset for ``characters`` as a data URI."""
    data = base64.b64encode(font_subset(characters)).decode("ascii")
    return (
        f'@font-face{{font-family:"{family}";font-style:normal;font-weight:400;'
        f'src:url(data:font/woff;base64,{data}) format("woff");}}'
    )


def embed_font(page: str, *, family: str = WEB_FAMILY) -> str:
    """``page`` with a ``<style>`` holding the ``@font-face`` rule of its characters before ``</head>``.

    Before ``</head>``, not after ``<head>``, so that a ``<meta charset>`` stays in the first 1024
    bytes where browsers look for it. The page's own CSS decides where ``family`` is used
    (``font-family: "GA Noto Sans CJK SC", …``).

    Raises
    ------
    ValueError
        If ``page`` has no ``</head>`` to put the rule before.
    """
    if "</head>" not in page:
        raise ValueError("the page has no </head> to hold the embedded font")
    css = font_face_css(page_characters(page), family=family)
    return page.replace("</head>", f"<style>{css}</style>\n</head>", 1)
