"""Write a report as one self-contained HTML file: figures inlined as data URIs, the CJK font embedded
as a subset of the characters the page uses (:mod:`~governance_analytics.reporting.render.webfont`), no
external resource."""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from governance_analytics.reporting.document import Document
from governance_analytics.reporting.render.webfont import WEB_FAMILY, embed_font

__all__ = ["write_html"]


def _html_table(frame: pd.DataFrame) -> str:
    blank = frame.isna().to_numpy()  # NaN and None (a suppressed derived value) alike
    return frame.astype(object).mask(blank, "—").to_html(index=False, escape=True, border=0)


def write_html(doc: Document, path: Path) -> Path:
    """Render ``doc`` to ``path`` (UTF-8), with the CJK font subset to the page's characters inlined."""
    env = Environment(
        loader=PackageLoader("governance_analytics.reporting.render", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.filters["html_table"] = lambda frame: Markup(_html_table(frame))  # cells escaped by pandas
    html = env.get_template("report.html.j2").render(
        lang=doc.lang,
        title=doc.title,
        generated=doc.generated,
        labels=doc.labels,
        sections=doc.sections,
        skipped=doc.skipped,
        provenance=doc.provenance,
        summary=doc.summary,
        recommendations=doc.recommendations,
        rules=doc.rules,
        methods=doc.methods,
        font_family=WEB_FAMILY,
    )
    path.write_text(embed_font(html), encoding="utf-8")
    return path
