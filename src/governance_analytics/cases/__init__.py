"""Study 1 — case hotspots, handling performance, case-file review and policy impact.

Where problems concentrate: ``summary`` (coverage, counts, period change), ``weights`` (spatial
weights, linear time on grids), ``hotspots`` (Getis–Ord Gi*, FDR, the analyst's ``hot_spots``),
``lisa`` (local and global Moran's I), ``scale`` (optimized hot spots), ``emerging`` (emerging hot
spots on the space-time cube), ``hotspot_study`` (the period's hot-spot run the report and notebook
01 share).

How well they are handled: ``lifecycle`` (KPIs), ``trends`` (backlog, KPI p-charts), ``survival``
(time to closure, departments ranked with uncertainty), ``review`` (case-file review),
``registers`` (repeat problems, unresolved register), ``assessment`` (team scores).

Whether an intervention worked: ``impact`` (difference-in-differences, event study, matched
comparison; interrupted time series from ``its``), ``evaluation`` (a recorded intervention end to end)."""

from governance_analytics.cases import (
    assessment,
    emerging,
    evaluation,
    hotspot_study,
    hotspots,
    impact,
    its,
    lifecycle,
    lisa,
    registers,
    review,
    scale,
    summary,
    survival,
    trends,
    weights,
)

__all__ = [
    "summary",
    "weights",
    "hotspots",
    "hotspot_study",
    "lisa",
    "scale",
    "emerging",
    "lifecycle",
    "trends",
    "survival",
    "review",
    "registers",
    "assessment",
    "impact",
    "its",
    "evaluation",
]
