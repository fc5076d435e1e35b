"""Study 1 — case hotspots.

``summary`` (coverage, counts, period change), ``weights`` (spatial weights, linear time on grids),
``hotspots`` (Getis–Ord Gi*, FDR, the analyst's ``hot_spots``), ``lisa`` (Local and global Moran's I),
``emerging`` (emerging hot spot analysis on the space-time cube), ``lifecycle`` (handling KPIs)."""

from governance_analytics.cases import emerging, hotspots, lifecycle, lisa, summary, weights

__all__ = ["summary", "weights", "hotspots", "lisa", "emerging", "lifecycle"]
