"""Charts of the community-governance analysis, as PNG bytes: rank intervals, type profiles, the score
heatmap, the typology map, silhouettes and Sobol' indices.

Drawing only: every value comes from :mod:`governance_analytics.community` —
:func:`~governance_analytics.community.uncertainty.rank_uncertainty` (``summary``),
:class:`~governance_analytics.community.typology.Typology` (``profile_z_``, ``labels_``,
``silhouette_``, ``types_``), :class:`~governance_analytics.community.composite.CompositeIndex`
(dimension scores) and :func:`~governance_analytics.community.uncertainty.choice_sensitivity`
(``indices``). Display texts arrive translated; dimension and type labels are mappings from keys to
display names (e.g. ``framework.dimensions["label_zh"]``, ``typology.types_["name_zh"]``). The map is
drawn on community centroids (``communities`` table ``x``, ``y``): no boundaries are needed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from governance_analytics.reporting.figures.charts import PALETTE, _axes, to_png
from governance_analytics.reporting.render.fonts import use_cjk_font

__all__ = [
    "dimension_heatmap",
    "rank_interval_figure",
    "sensitivity_figure",
    "silhouette_figure",
    "type_profile_figure",
    "typology_map",
]

_TYPE_COLOURS = [*PALETTE[:5], "#2a9d9d", "#c4a000", "#8c564b", "#e377c2", "#17becf"]


def _require(table: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks column(s) {missing}; expected {what}")


def _colour(t: int) -> str:
    return _TYPE_COLOURS[int(t) % len(_TYPE_COLOURS)]


def rank_interval_figure(
    summary: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    nominal_label: str = "nominal",
    median_label: str = "median",
    interval_label: str = "5–95 %",
    labels: Mapping[object, str] | None = None,
    max_labels: int = 40,
) -> bytes:
    """Caterpillar plot: each community's 5–95 % rank interval, median and nominal rank, communities
    ordered by median rank (rank 1, the worst problem index, on top).

    Parameters
    ----------
    summary
        ``rank_uncertainty(...).summary``: ``nominal_rank``, ``median_rank``, ``rank_q05``, ``rank_q95``.
    labels
        Display names of the communities (index → name); shown when there are at most ``max_labels``.
    """
    _require(summary, ["nominal_rank", "median_rank", "rank_q05", "rank_q95"], "a rank-uncertainty summary")
    table = summary.sort_values(["median_rank", "nominal_rank"])
    x = np.arange(len(table))
    fig, ax = _axes(width=7.5, height=4.0)
    ax.vlines(x, table["rank_q05"], table["rank_q95"], color="#9bb5d6", linewidth=2.0, label=interval_label)
    ax.plot(x, table["median_rank"], "o", color=PALETTE[0], markersize=2.8, label=median_label)
    ax.plot(x, table["nominal_rank"], "_", color=PALETTE[3], markersize=6, label=nominal_label)
    ax.invert_yaxis()
    ax.set_xlim(-1, len(table))
    if labels is not None and len(table) <= max_labels:
        ax.set_xticks(x, [labels.get(i, str(i)) for i in table.index], rotation=90, fontsize=7)
    else:
        ax.set_xticks([])
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=8, ncols=3, loc="upper right")  # rank 1 on top: that corner is empty
    return to_png(fig)


def type_profile_figure(
    profile_z: pd.DataFrame,
    *,
    title: str,
    dimension_labels: Mapping[str, str],
    type_labels: Mapping[object, str] | None = None,
    sizes: Mapping[object, int] | None = None,
    xlabel: str = "z",
    size_label: str = "n = {n}",
) -> bytes:
    """Small multiples, one panel per type: its mean standardised score per dimension as bars
    (above-average problems in colour).

    Parameters
    ----------
    profile_z
        ``Typology.profile_z_`` (types × dimensions).
    dimension_labels, type_labels
        Display names of dimensions and types.
    sizes
        Number of communities per type (``types_["size"]``), shown in each panel's title.
    """
    use_cjk_font()
    import matplotlib.pyplot as plt

    n = len(profile_z)
    cols = min(n, 3)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(
        rows, cols, figsize=(3.1 * cols, 0.35 * profile_z.shape[1] * rows + 1.0 * rows), sharex=True, squeeze=False
    )
    limit = max(1.0, float(np.nanmax(np.abs(profile_z.to_numpy()))) * 1.1)
    y = np.arange(profile_z.shape[1])[::-1]
    names = [dimension_labels.get(d, d) for d in profile_z.columns]
    for k, (t, row) in enumerate(profile_z.iterrows()):
        ax = axes[k // cols][k % cols]
        values = row.to_numpy(dtype=float)
        ax.barh(y, values, color=[_colour(k) if v > 0 else "#c8c8c8" for v in values])
        ax.axvline(0, color="#555555", linewidth=0.8)
        ax.set_xlim(-limit, limit)
        ax.set_yticks(y, names if k % cols == 0 else [""] * len(names), fontsize=7)
        head = (type_labels or {}).get(t, str(t))
        if sizes is not None and t in sizes:
            head = f"{head}\n{size_label.format(n=sizes[t])}"
        ax.set_title(head, fontsize=8, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="x", labelsize=7)
        if k // cols == rows - 1:
            ax.set_xlabel(xlabel, fontsize=8)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    fig.suptitle(title, fontsize=11, x=0.01, ha="left")
    fig.tight_layout()
    return to_png(fig)


def dimension_heatmap(
    scores: pd.DataFrame,
    *,
    title: str,
    dimension_labels: Mapping[str, str],
    colorbar_label: str,
    types: pd.Series | None = None,
    type_labels: Mapping[object, str] | None = None,
) -> bytes:
    """Heatmap of dimension scores (communities × dimensions), communities grouped by type if given
    (largest type first, then by score within the type), with the type names at the left."""
    use_cjk_font()
    import matplotlib.pyplot as plt

    table = scores.copy()
    if types is not None:
        t = types.reindex(table.index)
        key = table.mean(axis=1)
        table = table.assign(_type=t.to_numpy(), _key=-key.to_numpy()).sort_values(["_type", "_key"])
        t = table.pop("_type")
        table = table.drop(columns="_key")
    fig, ax = plt.subplots(figsize=(1.0 * table.shape[1] + 2.8, min(9.0, 0.035 * len(table) + 2.2)))
    image = ax.imshow(table.to_numpy(dtype=float), aspect="auto", cmap="OrRd", interpolation="nearest")
    ax.set_xticks(
        np.arange(table.shape[1]),
        [dimension_labels.get(c, c) for c in table.columns],
        rotation=35,
        ha="right",
        fontsize=8,
    )
    ax.set_yticks([])
    if types is not None:
        edges = np.flatnonzero(np.diff(t.to_numpy())) + 0.5
        for edge in edges:
            ax.axhline(edge, color="white", linewidth=1.5)
        starts = np.r_[0, edges + 0.5].astype(int)
        ends = np.r_[edges + 0.5, len(t)].astype(int)
        for s, e in zip(starts, ends):
            label = (type_labels or {}).get(t.iloc[s], str(t.iloc[s]))
            ax.text(-0.6, (s + e - 1) / 2, label, ha="right", va="center", fontsize=7, color=_colour(t.iloc[s]))
    cbar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label(colorbar_label, fontsize=8)
    ax.set_title(title, fontsize=11, loc="left")
    return to_png(fig)


def typology_map(
    communities: pd.DataFrame,
    types: pd.Series,
    *,
    title: str,
    type_labels: Mapping[object, str] | None = None,
    id_column: str = "community_id",
) -> bytes:
    """Community centroids (``x``, ``y`` in metres) coloured by type, one legend entry per type."""
    _require(communities, [id_column, "x", "y"], "the communities table")
    use_cjk_font()
    import matplotlib.pyplot as plt

    points = communities.set_index(id_column)[["x", "y"]].join(types.rename("_type"), how="inner")
    fig, ax = plt.subplots(figsize=(6.8, 5.8))
    for t, part in points.groupby("_type", sort=True):
        ax.scatter(
            part["x"],
            part["y"],
            s=26,
            color=_colour(t),
            edgecolor="white",
            linewidth=0.4,
            label=f"{(type_labels or {}).get(t, str(t))} ({len(part)})",
        )
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(title, fontsize=11, loc="left")
    return to_png(fig)


def silhouette_figure(
    silhouette: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, chosen_label: str = "chosen"
) -> bytes:
    """Mean silhouette by number of types (``Typology.silhouette_``), the chosen k marked."""
    _require(silhouette, ["silhouette", "chosen"], "Typology.silhouette_")
    fig, ax = _axes(width=5.5, height=3.2)
    k = silhouette.index.to_numpy()
    ax.plot(k, silhouette["silhouette"], "-o", color=PALETTE[0], markersize=4)
    best = silhouette[silhouette["chosen"]]
    ax.plot(
        best.index,
        best["silhouette"],
        "o",
        color=PALETTE[3],
        markersize=9,
        fillstyle="none",
        label=f"{chosen_label}: k = {int(best.index[0])}" if len(best) else chosen_label,
    )
    ax.set_xticks(k)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=8)
    return to_png(fig)


def sensitivity_figure(
    indices: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    factor_labels: Mapping[str, str] | None = None,
    first_label: str = "first order",
    total_label: str = "total",
) -> bytes:
    """First-order and total Sobol' indices per choice with their bootstrap intervals."""
    _require(indices, ["S1", "S1_conf", "ST", "ST_conf"], "Sobol' indices")
    table = indices.iloc[::-1]
    y = np.arange(len(table))
    fig, ax = _axes(width=6.5, height=0.45 * len(table) + 1.2)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.barh(
        y + 0.2,
        table["ST"],
        height=0.38,
        xerr=table["ST_conf"],
        color=PALETTE[0],
        label=total_label,
        error_kw={"elinewidth": 0.8, "ecolor": "#444444"},
    )
    ax.barh(
        y - 0.2,
        table["S1"],
        height=0.38,
        xerr=table["S1_conf"],
        color=PALETTE[1],
        label=first_label,
        error_kw={"elinewidth": 0.8, "ecolor": "#444444"},
    )
    ax.set_yticks(y, [(factor_labels or {}).get(f, f) for f in table.index], fontsize=8)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False, fontsize=8)
    return to_png(fig)
