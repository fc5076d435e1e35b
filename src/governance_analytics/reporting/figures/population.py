"""Maps for study 2 (population): a choropleth of district polygons and the Degree of Urbanisation grid.

Drawing only: densities, shares and settlement classes are computed in
:mod:`governance_analytics.population`; these functions colour what they are given and return PNG
bytes (:func:`~governance_analytics.reporting.figures.to_png`). Titles, legends and labels may be
Chinese: the CJK font of :mod:`~governance_analytics.reporting.render.fonts` is registered first.

A choropleth colours each polygon by a value on one continuous scale (linear, or logarithmic for
densities spanning orders of magnitude), draws polygons without a value in grey with a legend entry
saying why, and can print a label at each polygon's representative point. Settlement classes follow
the colours of the GHSL Degree of Urbanisation maps (European Commission JRC): urban centre dark red,
urban cluster orange, rural green.

Reference: Eurostat et al. (2021) *Applying the Degree of Urbanisation: A methodological manual to
define cities, towns and rural areas for international comparisons*, Publications Office of the EU.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from governance_analytics.reporting.figures.charts import to_png
from governance_analytics.reporting.figures.class_maps import class_map
from governance_analytics.reporting.render.fonts import use_cjk_font

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["SETTLEMENT_COLOURS", "SETTLEMENT_LABELS", "choropleth", "settlement_map"]

#: Degree of Urbanisation grid classes (``population.urbanisation.SETTLEMENT_CLASSES``) → colour.
SETTLEMENT_COLOURS = {"urban_centre": "#b2182b", "urban_cluster": "#f4a582", "rural": "#d9f0d3"}
#: Their names, Chinese and English.
SETTLEMENT_LABELS = {
    "zh": {"urban_centre": "城市中心", "urban_cluster": "城镇集群", "rural": "农村网格"},
    "en": {"urban_centre": "Urban centre", "urban_cluster": "Urban cluster", "rural": "Rural grid cell"},
}
_MISSING = "#c8c8c8"


def choropleth(
    frame: gpd.GeoDataFrame,
    column: str,
    *,
    title: str,
    legend: str,
    label_column: str | None = None,
    label_min_share: float = 0.0,
    missing_label: str | None = None,
    log: bool = False,
    cmap: str = "YlOrRd",
    vmin: float | None = None,
    vmax: float | None = None,
) -> bytes:
    """Polygons of ``frame`` coloured by ``column``, with a colour bar titled ``legend``.

    Parameters
    ----------
    frame
        A GeoDataFrame (any CRS; a geographic one is drawn with the usual aspect correction).
    column
        Numeric column to colour by; missing values are drawn grey.
    title, legend
        Figure title and colour-bar label (Chinese allowed).
    label_column
        Column whose text is printed at each polygon's representative point (e.g. district names).
    label_min_share
        Label only polygons covering at least this share of the drawn area (measured in an
        equal-area projection when the CRS is geographic), so small central districts do not print
        over each other; 0 labels every polygon.
    missing_label
        Legend text for the grey polygons (e.g. "无陆地面积"); default no legend entry.
    log
        Logarithmic colour scale (values must then be positive).
    cmap, vmin, vmax
        Matplotlib colour map and scale limits (default the data's range).

    Returns
    -------
    bytes
        PNG.

    Raises
    ------
    ValueError
        ``frame`` has no geometry or no ``column``, ``column`` is not numeric, or ``log`` is asked for
        non-positive values.
    """
    if not hasattr(frame, "geometry"):
        raise ValueError("choropleth: frame must be a GeoDataFrame with a geometry column")
    for name in (column, label_column):
        if name is not None and name not in frame.columns:
            raise ValueError(f"choropleth: no column {name!r}; columns are {list(frame.columns)}")
    values = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    bad = values.isna() & frame[column].notna()
    if bad.any():
        raise ValueError(f"choropleth: column {column!r} must be numeric; e.g. {frame.loc[bad, column].iloc[0]!r}")
    shown = values.dropna()
    if log and (shown <= 0).any():
        raise ValueError(f"choropleth: a log scale needs positive values; {column!r} has {shown.min()}")

    use_cjk_font()
    import matplotlib.pyplot as plt
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import LogNorm, Normalize
    from matplotlib.patches import Patch

    low = vmin if vmin is not None else (float(shown.min()) if len(shown) else 0.0)
    high = vmax if vmax is not None else (float(shown.max()) if len(shown) else 1.0)
    high = high if high > low else low + 1.0
    norm = LogNorm(vmin=low, vmax=high) if log else Normalize(vmin=low, vmax=high)
    colours = colormaps[cmap]

    fig, ax = plt.subplots(figsize=(6.8, 6.0))
    has = values.notna().to_numpy()
    if has.any():
        frame[has].plot(ax=ax, color=[colours(norm(v)) for v in values[has]], edgecolor="white", linewidth=0.5)
    if (~has).any():
        frame[~has].plot(ax=ax, color=_MISSING, edgecolor="white", linewidth=0.5, hatch="///")
    if label_column is not None:
        big = np.ones(len(frame), dtype=bool)
        if label_min_share > 0:
            geometry = frame.geometry
            if geometry.crs is not None and geometry.crs.is_geographic:
                geometry = geometry.to_crs("ESRI:54009")  # Mollweide, equal-area: shares of area are right
            area = geometry.area
            big = (area >= label_min_share * area.sum()).to_numpy()
        points = frame.geometry[big].representative_point()
        for point, text in zip(points, frame.loc[big, label_column].astype(str), strict=True):
            ax.annotate(text, (point.x, point.y), ha="center", va="center", fontsize=6.5, color="#222222")
    fig.colorbar(ScalarMappable(norm=norm, cmap=colours), ax=ax, shrink=0.7, label=legend)
    if missing_label and (~has).any():
        ax.legend(
            handles=[Patch(facecolor=_MISSING, edgecolor="white", hatch="///", label=missing_label)],
            loc="lower left",
            fontsize=8,
            frameon=False,
        )
    ax.set_axis_off()
    ax.set_title(title, fontsize=11, loc="left")
    return to_png(fig)


def settlement_map(
    cells: pd.DataFrame, *, cell_size: float, title: str, lang: str = "zh", column: str = "settlement"
) -> bytes:
    """The Degree of Urbanisation classes of one year's grid cells.

    Parameters
    ----------
    cells
        ``row``, ``col`` and ``column`` (``urban_centre``, ``urban_cluster``, ``rural``), e.g. one
        year of ``degree_of_urbanisation(...).cells``.
    cell_size
        Cell side in metres (the axes are in km).
    title
        Figure title.
    lang
        Legend language, ``"zh"`` or ``"en"``.

    Raises
    ------
    ValueError
        A class outside the three, or cells of more than one year.
    """
    if lang not in SETTLEMENT_LABELS:
        raise ValueError(f"settlement_map: lang must be one of {sorted(SETTLEMENT_LABELS)}, not {lang!r}")
    if "year" in cells.columns and cells["year"].nunique() > 1:
        raise ValueError(f"settlement_map: draw one year at a time; cells hold {sorted(np.unique(cells['year']))}")
    return class_map(
        cells,
        column,
        colours=SETTLEMENT_COLOURS,
        labels=SETTLEMENT_LABELS[lang],
        cell_size=cell_size,
        title=title,
        present_only=False,
    )
