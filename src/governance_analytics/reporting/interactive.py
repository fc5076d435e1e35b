"""Interactive maps (folium / Leaflet) that work offline: Leaflet's JavaScript and CSS are inlined
from the ``xstatic-leaflet`` package instead of fetched from a CDN, and no tile layer is requested.

Drawing only: the classes mapped are computed in :mod:`governance_analytics.cases`."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import pandas as pd

__all__ = ["leaflet_assets", "interactive_class_map", "as_iframe"]


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS (the version folium expects), read from ``xstatic-leaflet``."""
    import xstatic.pkg.leaflet as leaflet

    base = Path(leaflet.BASE_DIR)
    return (base / "leaflet.js").read_text(encoding="utf-8"), (base / "leaflet.css").read_text(encoding="utf-8")


def interactive_class_map(cells, column: str, *, colours: dict, labels: dict, title: str,
                          tooltip: dict[str, str] | None = None, skip: tuple = ()) -> str:
    """A self-contained HTML page: ``cells`` (a GeoDataFrame of polygons, any CRS) coloured by
    ``column``, with a legend of ``labels``, a tooltip of ``tooltip`` (column → display name), and
    no external request. Classes in ``skip`` (e.g. "not significant") are left off the map."""
    import folium
    from branca.element import Element

    shown = cells[~cells[column].isin(skip)].to_crs("EPSG:4326")
    data = pd.DataFrame({"label": shown[column].map(labels), "colour": shown[column].map(colours)}, index=shown.index)
    for name, display in (tooltip or {}).items():
        data[display] = shown[name].astype(str)
    layer = shown[["geometry"]].join(data)
    # no attribution control: its "Leaflet" link is the one external URL the page would show
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=True, attribution_control=False)
    fmap.default_js, fmap.default_css = [], []  # nothing from a CDN: Leaflet is inlined below
    folium.GeoJson(
        layer.to_json(),
        style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#555555", "weight": 0.3,
                                  "fillOpacity": 0.85},
        tooltip=folium.GeoJsonTooltip(fields=["label", *(tooltip or {}).values()], aliases=["", *(tooltip or {}).values()]),
    ).add_to(fmap)
    xmin, ymin, xmax, ymax = cells.to_crs("EPSG:4326").total_bounds
    fmap.fit_bounds([[ymin, xmin], [ymax, xmax]])
    present = [c for c in colours if c in set(shown[column]) and c not in skip]
    legend = "".join(f'<div><span style="display:inline-block;width:12px;height:12px;background:{colours[c]};'
                     f'margin-right:6px"></span>{html.escape(str(labels[c]))}</div>' for c in present)
    fmap.get_root().html.add_child(Element(
        f'<div style="position:absolute;top:10px;right:10px;z-index:1000;background:white;padding:6px 10px;'
        f'font:12px sans-serif;border:1px solid #999"><b>{html.escape(title)}</b>{legend}</div>'))
    js, css = leaflet_assets()
    page = fmap.get_root().render()
    return page.replace("<head>", f"<head><style>{css}</style><script>{js}</script>", 1)


def as_iframe(page: str, *, height: int = 480) -> str:
    """Embed a page in another HTML document as an ``<iframe srcdoc>`` (no file, no request)."""
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:1px solid #ccc" '
            f'sandbox="allow-scripts"></iframe>')
