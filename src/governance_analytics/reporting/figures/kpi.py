"""Charts of handling performance over time: a KPI's p-chart (control chart).

Drawing only: the rates and limits come from :func:`governance_analytics.cases.trends.p_chart`.
"""

from __future__ import annotations

import pandas as pd

from governance_analytics.reporting.figures.charts import PALETTE, _axes, to_png

__all__ = ["control_chart_figure"]


def control_chart_figure(
    chart: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    limits_label: str = "control limits",
    centre_label: str = "centre line",
) -> bytes:
    """One group's p-chart: the rate per period, its centre line, its limits as a band, signals in red.

    ``chart`` is indexed by period (or has a ``period`` index level) with the columns of
    :func:`~governance_analytics.cases.trends.p_chart`; rates are drawn in percent.
    """
    x = chart.index.get_level_values("period") if "period" in (chart.index.names or []) else chart.index
    fig, ax = _axes()
    ax.fill_between(
        x, 100 * chart["lcl"], 100 * chart["ucl"], step="mid", color="#dddddd", alpha=0.7, label=limits_label
    )
    ax.plot(x, 100 * chart["centre"], color="#6b6b6b", linewidth=1.0, linestyle="--", label=centre_label)
    ax.plot(x, 100 * chart["rate"], color=PALETTE[0], linewidth=1.4, marker="o", markersize=3)
    signal = (chart["signal"] != "").to_numpy()
    ax.scatter(x[signal], 100 * chart["rate"].to_numpy()[signal], color=PALETTE[3], zorder=3, s=24)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    return to_png(fig)
