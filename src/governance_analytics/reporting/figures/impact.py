"""Charts of intervention impact: event-study coefficients and interrupted time series, as PNG bytes.

Drawing only: the coefficients, intervals and lines come from
:func:`governance_analytics.cases.impact.event_study` (``.table``) and
:func:`governance_analytics.cases.impact.interrupted_time_series` (``.lines``)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from governance_analytics.reporting.figures.charts import PALETTE, _axes, to_png

__all__ = ["event_study_figure", "its_figure"]

#: Default legend labels of :func:`its_figure` (pass ``labels`` for Chinese ones).
ITS_LABELS = {
    "observed": "observed",
    "fitted": "segmented regression",
    "counterfactual": "without the change",
    "start": "start",
}


def _tick_label(k: int, *, low: int, high: int, binned: bool) -> str:
    if binned and k == low:
        return f"≤{k}"
    if binned and k == high:
        return f"≥{k}"
    return str(k)


def event_study_figure(table: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, ratio: bool = False) -> bytes:
    """Event-study coefficients with their confidence intervals against the period relative to the start.

    Parameters
    ----------
    table
        ``EventStudyResult.table``: ``rel_period``, ``estimate``, ``ci_low``, ``ci_high`` (and
        ``reference``, ``binned`` when present: the reference period is drawn hollow, binned
        endpoints are labelled ≤k / ≥k).
    title, xlabel, ylabel
        Display texts (already translated).
    ratio
        Draw ``rate_ratio``, ``rate_ratio_low``, ``rate_ratio_high`` on a log axis with the no-effect
        line at 1 instead of the coefficients with the line at 0.

    Returns
    -------
    bytes
        PNG. The dashed vertical line between periods −1 and 0 marks the start.
    """
    table = table.sort_values("rel_period")
    columns = ("rate_ratio", "rate_ratio_low", "rate_ratio_high") if ratio else ("estimate", "ci_low", "ci_high")
    missing = [c for c in ("rel_period", *columns) if c not in table]
    if missing:
        raise ValueError(f"table lacks column(s) {missing}; expected an event-study table")
    x = table["rel_period"].to_numpy()
    y, low, high = (table[c].to_numpy(dtype=float) for c in columns)
    reference = table["reference"].to_numpy(bool) if "reference" in table else np.zeros(len(table), bool)
    fig, ax = _axes()
    ax.axhline(1.0 if ratio else 0.0, color="#555555", linewidth=0.8)
    ax.axvline(-0.5, color=PALETTE[3], linewidth=1.0, linestyle="--")
    shown = ~reference & np.isfinite(low) & np.isfinite(high)
    ax.errorbar(
        x[shown],
        y[shown],
        yerr=[y[shown] - low[shown], high[shown] - y[shown]],
        fmt="o",
        color=PALETTE[0],
        ecolor=PALETTE[0],
        elinewidth=1.0,
        capsize=2,
        markersize=4,
    )
    ax.plot(x[reference], y[reference], "o", markerfacecolor="white", markeredgecolor=PALETTE[0], markersize=5)
    if ratio:
        from matplotlib.ticker import FixedLocator, NullFormatter, StrMethodFormatter

        ax.set_yscale("log")
        bottom, top = ax.get_ylim()
        ticks = [v for v in (0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0) if bottom <= v <= top]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    binned = bool(table["binned"].any()) if "binned" in table else False
    ax.set_xticks(x, [_tick_label(int(k), low=int(x.min()), high=int(x.max()), binned=binned) for k in x], fontsize=7)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return to_png(fig)


def its_figure(
    lines: pd.DataFrame, *, start, title: str, xlabel: str, ylabel: str, labels: Mapping[str, str] | None = None
) -> bytes:
    """An interrupted time series: observed points, the segmented regression and its counterfactual.

    Parameters
    ----------
    lines
        ``ItsResult.lines``: ``observed``, ``fitted``, ``counterfactual`` (NaN before the start),
        indexed by period.
    start
        The intervention's start (a label of the index, or any value between two labels).
    title, xlabel, ylabel
        Display texts (already translated).
    labels
        Legend texts for ``observed``, ``fitted``, ``counterfactual`` and ``start``
        (default :data:`ITS_LABELS`, English).

    Returns
    -------
    bytes
        PNG. The fitted line is drawn as two segments, so the level change shows as a jump.
    """
    missing = [c for c in ("observed", "fitted", "counterfactual") if c not in lines]
    if missing:
        raise ValueError(f"lines lacks column(s) {missing}; expected ItsResult.lines")
    names = {**ITS_LABELS, **(labels or {})}
    index = lines.index
    start = pd.Timestamp(start) if isinstance(index, pd.DatetimeIndex) else start
    after = np.asarray(index >= start)
    fig, ax = _axes()
    ax.plot(index, lines["observed"].astype(float), "o", color="#777777", markersize=3, label=names["observed"])
    fitted = lines["fitted"].astype(float)
    ax.plot(index[~after], fitted[~after], color=PALETTE[0], linewidth=1.8, label=names["fitted"])
    ax.plot(index[after], fitted[after], color=PALETTE[0], linewidth=1.8)
    ax.plot(
        index,
        lines["counterfactual"].astype(float),
        color=PALETTE[1],
        linewidth=1.5,
        linestyle="--",
        label=names["counterfactual"],
    )
    ax.axvline(start, color=PALETTE[3], linewidth=1.0, linestyle=":", label=names["start"])
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=8, ncols=2)
    return to_png(fig)
