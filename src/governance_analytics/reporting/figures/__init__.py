"""The report's and the notebooks' figures, one module per study, as PNG bytes (and self-contained
HTML for the interactive maps).

:mod:`~governance_analytics.reporting.figures.charts` holds the shared line and bar charts and the
PNG writer; :mod:`~.kpi`, :mod:`~.survival` and :mod:`~.impact` draw case handling,
:mod:`~.population`, :mod:`~.participation` and :mod:`~.community` the other studies;
:mod:`~.maps` and :mod:`~.class_maps` draw grids and classed maps, :mod:`~.interactive` the
interactive ones. Drawing only: every value plotted is computed in the package and already safe to
publish.
"""

from governance_analytics.reporting.figures.charts import PALETTE, bar_chart, line_chart, to_png

__all__ = ["PALETTE", "bar_chart", "line_chart", "to_png"]
