"""Maps of classified grid cells — hot spot confidence bins, LISA clusters, emerging hot spot
categories — in the conventions analysts know (ArcGIS Pro's colours), with legends in zh or en.

Drawing only: the classes are computed in :mod:`governance_analytics.cases`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance_analytics.reporting import i18n
from governance_analytics.reporting.figures.charts import to_png
from governance_analytics.reporting.render.fonts import use_cjk_font

__all__ = [
    "HOT_SPOT_COLOURS",
    "LISA_COLOURS",
    "EMERGING_COLOURS",
    "class_map",
    "hot_spot_map",
    "lisa_map",
    "emerging_map",
]

#: Gi* confidence bin → colour (ArcGIS Pro Hot Spot Analysis renderer).
HOT_SPOT_COLOURS = {3: "#d62f27", 2: "#ed7551", 1: "#fab984", 0: "#eeeeee", -1: "#c0ccbe", -2: "#849eba", -3: "#4575b5"}
#: LISA cluster (``lisa_clusters``: HH, LH, LL, HL where significant, ns otherwise) → colour (GeoDa's).
LISA_COLOURS = {"HH": "#e31a1c", "LH": "#a6cee3", "LL": "#1f78b4", "HL": "#fb9a99", "ns": "#eeeeee"}
#: Emerging hot spot category → colour: reds for hot, blues for cold, light grey for no pattern.
EMERGING_COLOURS = {
    "new hot spot": "#fee0d2",
    "consecutive hot spot": "#fcbba1",
    "intensifying hot spot": "#ef3b2c",
    "persistent hot spot": "#cb181d",
    "diminishing hot spot": "#fc9272",
    "sporadic hot spot": "#fb6a4a",
    "oscillating hot spot": "#a50f15",
    "historical hot spot": "#67000d",
    "new cold spot": "#deebf7",
    "consecutive cold spot": "#c6dbef",
    "intensifying cold spot": "#4292c6",
    "persistent cold spot": "#2171b5",
    "diminishing cold spot": "#9ecae1",
    "sporadic cold spot": "#6baed6",
    "oscillating cold spot": "#08519c",
    "historical cold spot": "#08306b",
    "no pattern": "#eeeeee",
}


def class_map(
    cells: pd.DataFrame,
    column: str,
    *,
    colours: dict,
    labels: dict,
    cell_size: float,
    title: str,
    present_only: bool = True,
) -> bytes:
    """Draw ``cells`` (``row``, ``col``, ``column``) on their grid, one colour per class, with a legend
    of ``labels[class]`` (classes absent from the map are left out of the legend when ``present_only``)."""
    use_cjk_font()
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    classes = list(colours)
    code = cells[column].map({c: i for i, c in enumerate(classes)})
    if code.isna().any():
        raise ValueError(f"{column}: unknown classes {sorted(set(cells[column][code.isna()]))}; expected {classes}")
    rows, cols = cells["row"].to_numpy(), cells["col"].to_numpy()
    image = np.full((rows.max() - rows.min() + 1, cols.max() - cols.min() + 1), np.nan)
    image[rows - rows.min(), cols - cols.min()] = code.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(6.8, 5.6))
    extent = (0, image.shape[1] * cell_size / 1000, 0, image.shape[0] * cell_size / 1000)
    ax.imshow(
        image,
        origin="lower",
        extent=extent,
        cmap=ListedColormap(list(colours.values())),
        vmin=-0.5,
        vmax=len(classes) - 0.5,
        interpolation="nearest",
    )
    shown = [c for c in classes if not present_only or (cells[column] == c).any()]
    ax.legend(
        handles=[Patch(facecolor=colours[c], edgecolor="#999999", label=labels[c]) for c in shown],
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize=8,
        frameon=False,
    )
    ax.set_xlabel("km")
    ax.set_ylabel("km")
    ax.set_title(title, fontsize=11, loc="left")
    return to_png(fig)


def hot_spot_map(cells: pd.DataFrame, *, cell_size: float, title: str, lang: str) -> bytes:
    """Gi* confidence bins (``bin`` in -3..3) in ArcGIS's red–grey–blue."""
    labels = {b: i18n.text(f"gi_bin_{b}".replace("-", "m"), lang) for b in HOT_SPOT_COLOURS}
    return class_map(cells, "bin", colours=HOT_SPOT_COLOURS, labels=labels, cell_size=cell_size, title=title)


def lisa_map(cells: pd.DataFrame, *, cell_size: float, title: str, lang: str) -> bytes:
    """LISA cluster map of ``cluster`` (HH, LH, LL, HL where significant, ns otherwise)."""
    labels = {q: i18n.text(f"lisa_{q}", lang) for q in LISA_COLOURS}
    return class_map(cells, "cluster", colours=LISA_COLOURS, labels=labels, cell_size=cell_size, title=title)


def emerging_map(cells: pd.DataFrame, *, cell_size: float, title: str, lang: str) -> bytes:
    """Emerging hot spot categories (``category``, the 17 names of ArcGIS Pro)."""
    labels = {c: i18n.label(c, lang) for c in EMERGING_COLOURS}
    return class_map(cells, "category", colours=EMERGING_COLOURS, labels=labels, cell_size=cell_size, title=title)
