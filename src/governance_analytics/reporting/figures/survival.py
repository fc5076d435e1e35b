"""Charts of time to closure: Kaplan–Meier curves and a caterpillar plot of ranks, as PNG bytes.

Drawing only: the tables come from :mod:`governance_analytics.cases.survival`
(:func:`~governance_analytics.cases.survival.kaplan_meier` and the ``table`` of
:func:`~governance_analytics.cases.survival.compare_departments`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance_analytics.cases.survival import KM_COLUMNS
from governance_analytics.reporting.figures.charts import PALETTE, _axes, to_png

__all__ = ["km_figure", "rank_figure"]

_RANK_COLUMNS = ("rank_median", "rank_low", "rank_high")


def _name(label, labels: dict | None) -> str:
    text = " / ".join(map(str, label)) if isinstance(label, tuple) else str(label)
    return (labels or {}).get(label, (labels or {}).get(text, text))


def _colours(n: int) -> list:
    """The house palette, or matplotlib's tab10/tab20 when there are more groups than it has colours."""
    if n <= len(PALETTE):
        return PALETTE[:n]
    from matplotlib import colormaps

    cmap = colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]


def km_figure(
    km_table: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    labels: dict[str, str] | None = None,
    band: bool = True,
) -> bytes:
    """Step curves of the share still open per group, with their pointwise confidence bands.

    Parameters
    ----------
    km_table
        Output of :func:`~governance_analytics.cases.survival.kaplan_meier`: group columns (any columns
        besides ``time_h``, ``survival``, ``std_err``, ``ci_low``, ``ci_high``, ``n_at_risk``,
        ``n_events``), one curve per group. Rows with NaN survival (past a group's last observation)
        are not drawn.
    title, xlabel, ylabel
        Display texts (already translated).
    labels
        Display label per group value (a tuple's ``" / "``-joined text for several group columns).
    band
        Draw the confidence band (``ci_low`` to ``ci_high``) under each curve.

    Returns
    -------
    bytes
        PNG.
    """
    missing = [c for c in ("time_h", "survival", "ci_low", "ci_high") if c not in km_table]
    if missing:
        raise ValueError(f"km_table: missing column(s) {missing}; pass the output of kaplan_meier")
    keys = [c for c in km_table.columns if c not in KM_COLUMNS]
    fig, ax = _axes()
    groups = km_table.groupby(keys if len(keys) > 1 else keys[0], sort=False) if keys else [("all", km_table)]
    colours = _colours(len(groups))
    for i, (label, curve) in enumerate(groups):
        curve = curve[curve["survival"].notna()].sort_values("time_h")
        colour = colours[i]
        t = curve["time_h"].to_numpy(dtype=float)
        ax.step(
            t,
            curve["survival"].to_numpy(dtype=float),
            where="post",
            color=colour,
            linewidth=1.5,
            label=_name(label, labels),
        )
        if band:
            ax.fill_between(
                t,
                curve["ci_low"].to_numpy(dtype=float),
                curve["ci_high"].to_numpy(dtype=float),
                step="post",
                color=colour,
                alpha=0.15,
                linewidth=0,
            )
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    if keys:
        ax.legend(frameon=False, fontsize=8, ncols=2 if len(groups) > 4 else 1)
    return to_png(fig)


def rank_figure(ranks_table: pd.DataFrame, *, title: str, xlabel: str, labels: dict[str, str] | None = None) -> bytes:
    """Caterpillar plot: each group's median rank (dot) and rank interval (bar), best rank on top.

    Parameters
    ----------
    ranks_table
        Indexed by group with ``rank_median``, ``rank_low``, ``rank_high`` (e.g. the ``table`` of
        :func:`~governance_analytics.cases.survival.compare_departments`; rank 1 = fastest closure).
    title, xlabel
        Display texts (already translated).
    labels
        Display label per group.

    Returns
    -------
    bytes
        PNG.
    """
    missing = [c for c in _RANK_COLUMNS if c not in ranks_table]
    if missing:
        raise ValueError(f"ranks_table: missing column(s) {missing}; pass compare_departments(...).table")
    table = ranks_table.sort_values(["rank_median", "rank_low", "rank_high"])
    median, low, high = (table[c].to_numpy(dtype=float) for c in _RANK_COLUMNS)
    pos = np.arange(len(table))
    fig, ax = _axes(height=0.34 * len(table) + 1.0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.errorbar(
        median,
        pos,
        xerr=[median - low, high - median],
        fmt="o",
        color=PALETTE[0],
        ecolor=PALETTE[0],
        elinewidth=2.0,
        capsize=3,
        markersize=5,
    )
    ax.set_yticks(pos, [_name(label, labels) for label in table.index], fontsize=8)
    ax.invert_yaxis()
    ax.set_xticks(np.arange(1, len(table) + 1))
    ax.set_xlim(0.5, len(table) + 0.5)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    return to_png(fig)
