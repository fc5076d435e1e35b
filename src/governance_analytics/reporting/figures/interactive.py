"""Interactive maps (folium / Leaflet) that work offline: Leaflet's JavaScript and CSS are inlined
from the ``xstatic-leaflet`` package instead of fetched from a CDN, no tile layer is requested, and
the legend and tooltips use the embedded CJK font (:mod:`~governance_analytics.reporting.render.webfont`),
so Chinese shows where no Chinese font is installed. Element ids, random in folium, are numbered
in order, so the same map gives the same page.

Drawing only: the classes mapped are computed in :mod:`governance_analytics.cases`."""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path
from typing import cast

import pandas as pd

from governance_analytics.reporting.render.webfont import WEB_FAMILY, embed_font

__all__ = ["leaflet_assets", "interactive_class_map", "as_iframe"]


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS (the version folium expects), read from ``xstatic-leaflet``."""
    import xstatic.pkg.leaflet as leaflet

    base = Path(leaflet.BASE_DIR)
    return (base / "leaflet.js").read_text(encoding="utf-8"), (base / "leaflet.css").read_text(encoding="utf-8")


_FONT = f"'{WEB_FAMILY}', sans-serif"
_LEGEND_PX = 240  # room kept free on the right for the legend when fitting the map
#: Leaflet's own stylesheet sets ``.leaflet-container`` (tooltips, scale) to Helvetica/Arial and
#: the zoom buttons (+, −) to a monospace font: all use the embedded font instead.
_FONT_CSS = f".leaflet-container, .leaflet-control-zoom-in, .leaflet-control-zoom-out {{ font-family: {_FONT}; }}"


def _legend(colours: dict, labels: dict, present: list, title: str) -> str:
    rows = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;background:{colours[c]};'
        f'margin-right:6px"></span>{html.escape(str(labels[c]))}</div>'
        for c in present
    )
    return (
        f'<div style="position:absolute;top:10px;right:10px;z-index:1000;background:white;padding:6px 10px;'
        f'font:12px {_FONT};border:1px solid #999"><b>{html.escape(title)}</b>{rows}</div>'
    )


def _metric_scale():
    """Leaflet's scale bar in metres only (folium's ``control_scale`` adds miles too)."""
    from branca.element import MacroElement
    from jinja2 import Template

    scale = MacroElement()
    scale._template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )
    return scale


def _numbered_ids(page: str, root) -> str:
    """``page`` with branca's random element ids (``os.urandom``) replaced by their order of appearance."""
    elements, ids = [root], []
    while elements:
        element = elements.pop()
        ids.append(element._id)
        elements.extend(element._children.values())
    found = sorted((page.find(i), i) for i in set(ids) if i in page)
    for number, (_, old) in enumerate(found):
        page = page.replace(old, f"{number:032x}")
    return page


def _fit_when_sized(map_name: str, bounds: list[list[float]]) -> str:
    """Script fitting the map to ``bounds`` once its frame has a size: a page embedded in an
    ``<iframe>`` may run before the frame is laid out (a busy browser), and Leaflet cannot fit a
    zero-sized map; it fits again when the frame is resized."""
    return f"""
    window.addEventListener('load', function () {{  // after the map's own script has made the map
      var map = {map_name}, bounds = {json.dumps(bounds)};
      var options = {{paddingTopLeft: [10, 10], paddingBottomRight: [{_LEGEND_PX}, 10]}};
      function fit() {{
        if (map._loaded) map.invalidateSize(); else map._sizeChanged = true;  // no view yet: just re-measure
        var size = map.getSize();
        if (size.x <= {_LEGEND_PX} + 20 || size.y <= 20) return false;
        map.fitBounds(bounds, options);
        return true;
      }}
      if (!fit()) {{ var timer = setInterval(function () {{ if (fit()) clearInterval(timer); }}, 100); }}
      window.addEventListener('resize', fit);
    }});
    """


def _offline_page(fmap) -> str:
    """The map's page with deterministic ids, Leaflet inlined and the CJK font embedded."""
    root = fmap.get_root()
    page = _numbered_ids(root.render(), root)
    js, css = leaflet_assets()
    page = page.replace("</head>", f"<style>{css}</style><script>{js}</script><style>{_FONT_CSS}</style>\n</head>", 1)
    return embed_font(page)


def interactive_class_map(
    cells,
    column: str,
    *,
    colours: dict,
    labels: dict,
    title: str,
    tooltip: dict[str, str] | None = None,
    skip: tuple = (),
) -> str:
    """A self-contained HTML page: ``cells`` (a GeoDataFrame of polygons, any CRS) coloured by
    ``column``, with a legend of ``labels``, a tooltip of ``tooltip`` (column → display name), and
    no external request. Classes in ``skip`` (e.g. "not significant") are left off the map."""
    import folium
    from branca.element import Element, Figure

    shown = cells[~cells[column].isin(skip)].to_crs("EPSG:4326")
    data = pd.DataFrame({"label": shown[column].map(labels), "colour": shown[column].map(colours)}, index=shown.index)
    for name, display in (tooltip or {}).items():
        data[display] = shown[name].astype(str)
    layer = shown[["geometry"]].join(data)
    # no attribution control: its "Leaflet" link is the one external URL the page would show
    # fractional zoom (zoomSnap) so the area fills the frame; a metric scale bar only (added below)
    fmap = folium.Map(tiles=None, prefer_canvas=True, attribution_control=False, zoom_snap=0.25)
    fmap.default_js, fmap.default_css = [], []  # nothing from a CDN: Leaflet is inlined below
    fields = ["label", *(tooltip or {}).values()]
    folium.GeoJson(
        layer.to_json(),
        style_function=lambda f: {
            "fillColor": f["properties"]["colour"],
            "color": "#555555",
            "weight": 0.3,
            "fillOpacity": 0.85,
        },
        # a tooltip needs a feature to read its fields from: a map of no shown cell has none
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=["", *fields[1:]]) if len(layer) else None,
    ).add_to(fmap)
    xmin, ymin, xmax, ymax = cells.to_crs("EPSG:4326").total_bounds
    root = cast(Figure, fmap.get_root())  # a map's root is its page
    root.script.add_child(Element(_fit_when_sized(fmap.get_name(), [[ymin, xmin], [ymax, xmax]])))
    _metric_scale().add_to(fmap)
    present = [c for c in colours if c in set(shown[column]) and c not in skip]
    root.html.add_child(Element(_legend(colours, labels, present, title)))
    return _offline_page(fmap)


def as_iframe(page: str, *, height: int = 480) -> str:
    """Embed a page in another HTML document as an ``<iframe srcdoc>`` (no file, no request)."""
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:1px solid #ccc" '
        f'sandbox="allow-scripts"></iframe>'
    )
