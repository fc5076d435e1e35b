"""Charts of the participation analysis, as PNG bytes: odds ratios, channel rates, the ladder, committees.

Drawing only: every value comes from :mod:`governance_analytics.participation` — ``determinants``
(:func:`~governance_analytics.participation.determinants.odds_ratio_table`), ``channels``
(:func:`~governance_analytics.participation.channels.channel_rates`), ``ladder``
(:func:`~governance_analytics.participation.ladder.ladder_distribution`) and ``committees``
(:func:`~governance_analytics.participation.committees.compliance_over_time`). Display texts arrive
translated; :data:`TERM_LABELS` holds zh/en names of the Demo City's covariates and levels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from governance_analytics.reporting.figures.charts import PALETTE, _axes, to_png

__all__ = ["TERM_LABELS", "channel_rates_figure", "committee_figure", "ladder_figure", "odds_ratio_forest"]

#: Display names of covariates and levels for :func:`odds_ratio_forest`, per language.
TERM_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "hukou": "户籍",
        "local": "本地户籍",
        "migrant": "外来人口",
        "education": "受教育程度",
        "below_secondary": "初中及以下",
        "secondary": "高中/中专",
        "college": "大专/本科",
        "postgraduate": "研究生",
        "age_group": "年龄",
        "sex": "性别",
        "male": "男",
        "female": "女",
        "income_band": "收入",
        "low": "低",
        "lower_middle": "中低",
        "upper_middle": "中高",
        "high": "高",
        "years_resident": "居住年限",
        "per 10": "每 10 年",
        "aware_rights": "知道参与权利",
        "aware_rules": "了解参与规则",
        "per unit": "每增加 1",
        "reference": "参照组",
    },
    "en": {
        "hukou": "hukou",
        "local": "local hukou",
        "migrant": "migrant",
        "education": "education",
        "below_secondary": "below secondary",
        "secondary": "secondary",
        "college": "college",
        "postgraduate": "postgraduate",
        "age_group": "age",
        "sex": "sex",
        "income_band": "income",
        "lower_middle": "lower middle",
        "upper_middle": "upper middle",
        "years_resident": "years resident",
        "per 10": "per 10 years",
        "aware_rights": "knows the right to take part",
        "aware_rules": "knows the rules",
        "per unit": "per unit",
        "reference": "reference",
    },
}
_TIER_COLOURS = {"none": "#bbbbbb", "nonparticipation": PALETTE[3], "tokenism": PALETTE[1], "citizen_power": PALETTE[2]}


def _require(table: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks column(s) {missing}; expected {what}")


def _log_ticks(ax, low: float, high: float) -> None:
    from matplotlib.ticker import FixedLocator, NullFormatter, StrMethodFormatter

    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ticks = [v for v in (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0) if low <= v <= high]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())


def odds_ratio_forest(
    table: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    labels: Mapping[str, str] | None = None,
    level_order: Mapping[str, Sequence[object]] | None = None,
    lower_label: str = "",
    higher_label: str = "",
) -> bytes:
    """Forest plot of odds ratios with their intervals on a log axis, grouped by covariate.

    Parameters
    ----------
    table
        ``odds_ratio_table(...)``: ``variable``, ``level``, ``reference``, ``odds_ratio``,
        ``or_ci_low``, ``or_ci_high``.
    title, xlabel
        Display texts (already translated).
    labels
        Display names of variables and levels (e.g. ``TERM_LABELS["zh"]``); unknown names are shown as is.
    level_order
        Order of the levels within a covariate (e.g. education from lowest to highest); default the
        table's order (patsy's: sorted).
    lower_label, higher_label
        Optional captions under the axis left and right of 1 ("less likely to take part" / "more likely").

    Returns
    -------
    bytes
        PNG. Each covariate is a block headed by its name, its reference level drawn as a hollow
        marker at 1; filled markers are intervals excluding 1; the estimate and interval are printed
        on the right.
    """
    _require(table, ["variable", "level", "reference", "odds_ratio", "or_ci_low", "or_ci_high"], "an odds-ratio table")
    names = dict(labels or {})

    def show(value: str) -> str:
        return names.get(str(value), str(value))

    rows: list[tuple[str, float, float, float, str]] = []  # label, or, low, high, kind
    for variable, part in table.groupby("variable", sort=False):
        order = [str(v) for v in (level_order or {}).get(str(variable), [])]
        if order:
            rank = {v: i for i, v in enumerate(order)}
            part = part.iloc[np.argsort([rank.get(str(v), len(rank)) for v in part["level"]], kind="stable")]
        rows.append((show(variable), np.nan, np.nan, np.nan, "header"))
        reference = str(part["reference"].iloc[0])
        if reference:
            rows.append((f"  {show(reference)} ({show('reference')})", 1.0, np.nan, np.nan, "reference"))
        for _, r in part.iterrows():
            rows.append(
                (f"  {show(r['level'])}", float(r["odds_ratio"]), float(r["or_ci_low"]), float(r["or_ci_high"]), "term")
            )
    y = np.arange(len(rows))[::-1]
    fig, ax = _axes(width=7.5, height=0.26 * len(rows) + 1.2)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.axvline(1.0, color="#555555", linewidth=0.9)
    values = np.array([v for r in rows for v in r[1:4] if np.isfinite(v)] or [1.0])
    low, high = max(values.min() / 1.4, 0.02), min(values.max() * 1.4, 50.0)
    for pos, (label, est, lo, hi, kind) in zip(y, rows):
        if kind == "term":
            excludes = lo > 1 or hi < 1
            colour = PALETTE[0] if excludes else "#888888"
            ax.plot([max(lo, low), min(hi, high)], [pos, pos], color=colour, linewidth=1.6)
            ax.plot(est, pos, "s", color=colour, markersize=5)
            ax.text(
                1.02, pos, f"{est:.2f} ({lo:.2f}–{hi:.2f})", transform=ax.get_yaxis_transform(), va="center", fontsize=7
            )
        elif kind == "reference":
            ax.plot(1.0, pos, "o", markerfacecolor="white", markeredgecolor="#555555", markersize=5)
    ax.set_yticks(y, [r[0] for r in rows], fontsize=8)
    for tick, row in zip(ax.get_yticklabels(), rows):
        tick.set_color("#000000" if row[4] == "header" else "#333333")
    _log_ticks(ax, low, high)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    if lower_label:
        ax.text(
            0.0,
            -0.09 - 0.3 / len(rows),
            f"← {lower_label}",
            transform=ax.transAxes,
            fontsize=7,
            ha="left",
            va="top",
            color="#555555",
        )
    if higher_label:
        ax.text(
            1.0,
            -0.09 - 0.3 / len(rows),
            f"{higher_label} →",
            transform=ax.transAxes,
            fontsize=7,
            ha="right",
            va="top",
            color="#555555",
        )
    return to_png(fig)


def channel_rates_figure(
    rates: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    group: str | None = None,
    label_column: str = "label_en",
    level_labels: Mapping[str, str] | None = None,
) -> bytes:
    """Participation rate per channel with intervals: the population, or one series per level of ``group``.

    Parameters
    ----------
    rates
        ``channel_rates(...)`` (index ``group``, ``level``, ``channel``).
    group
        A ``by`` column of ``rates`` to draw one coloured series per level; ``None``: the population.
    label_column
        ``"label_en"`` or ``"label_zh"``.
    level_labels
        Legend names of the levels.
    """
    _require(
        rates.reset_index(),
        ["group", "level", "channel", "estimate", "ci_low", "ci_high", label_column],
        "a channel_rates table",
    )
    frame = rates.reset_index()
    frame = frame[frame["group"] == (group or "all")]
    if frame.empty:
        raise ValueError(f"rates has no rows for group {group!r}")
    channels = list(dict.fromkeys(frame["channel"]))
    order = frame[frame["level"] == frame["level"].iloc[0]].set_index("channel")["estimate"].reindex(channels)
    channels = list(order.sort_values().index)
    levels = list(dict.fromkeys(frame["level"]))
    pos = {c: i for i, c in enumerate(channels)}
    fig, ax = _axes(height=0.38 * len(channels) + 1.0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    width = 0.6 / max(len(levels), 1)
    for k, level in enumerate(levels):
        part = frame[frame["level"] == level]
        y = np.array([pos[c] for c in part["channel"]]) + (k - (len(levels) - 1) / 2) * width
        est = part["estimate"].to_numpy(float)
        err = [est - part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float) - est]
        name = (level_labels or {}).get(str(level), str(level))
        ax.errorbar(
            est,
            y,
            xerr=err,
            fmt="o",
            color=PALETTE[k % len(PALETTE)],
            markersize=4,
            capsize=2,
            elinewidth=1.0,
            label=None if group is None else name,
        )
    labels = frame.drop_duplicates("channel").set_index("channel")[label_column]
    ax.set_yticks(range(len(channels)), [str(labels[c]) for c in channels], fontsize=8)
    ax.set_xlim(left=0)
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    if group is not None:
        ax.legend(frameon=False, fontsize=8, loc="lower right")
    return to_png(fig)


def ladder_figure(
    distribution: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    label_column: str = "label_en",
    tier_labels: Mapping[str, str] | None = None,
) -> bytes:
    """Share of the population by highest rung (or tier) reached, bottom of the ladder at the bottom.

    ``distribution``: ``ladder_distribution(...)`` without ``by`` (index ``category``); bars are
    coloured by tier, with their intervals; ``tier_labels`` names the tiers in the legend.
    """
    _require(distribution, ["tier", "estimate", "ci_low", "ci_high", label_column], "a ladder_distribution table")
    if distribution.index.nlevels != 1:
        raise ValueError("draw one distribution at a time (select one group of a by= table)")
    fig, ax = _axes(height=0.34 * len(distribution) + 1.0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    est = distribution["estimate"].to_numpy(float)
    low = np.nan_to_num(distribution["ci_low"].to_numpy(float), nan=est)
    high = np.nan_to_num(distribution["ci_high"].to_numpy(float), nan=est)
    y = np.arange(len(distribution))
    tiers = distribution["tier"].astype(str).to_numpy()
    ax.barh(y, est, color=[_TIER_COLOURS.get(t, PALETTE[0]) for t in tiers], height=0.7)
    ax.errorbar(est, y, xerr=[est - low, high - est], fmt="none", ecolor="#333333", elinewidth=0.9, capsize=2)
    for pos, value, top in zip(y, est, high):
        ax.text(max(value, top), pos, f"  {value:.1%}", va="center", fontsize=7)
    ax.set_yticks(y, distribution[label_column].astype(str).tolist(), fontsize=8)
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    names = dict(tier_labels or {})
    seen = list(dict.fromkeys(tiers))
    ax.legend(
        handles=[Patch(color=_TIER_COLOURS.get(t, PALETTE[0]), label=names.get(t, t)) for t in seen],
        frameon=False,
        fontsize=8,
        loc="lower right",
    )
    ax.set_xlim(0, min(1.0, float(np.nanmax(high)) * 1.25 + 0.02))
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    return to_png(fig)


def committee_figure(
    summary: pd.DataFrame, *, title: str, ylabel: str, threshold: float = 0.5, labels: Mapping[str, str] | None = None
) -> bytes:
    """Committees over the years: share meeting the rule and pooled public share, with the rule's line.

    ``summary``: ``compliance_over_time(...)`` (index ``year``; ``share_meeting_rule``,
    ``public_share``); ``labels`` names the two lines and the rule (keys ``share_meeting_rule``,
    ``public_share``, ``threshold``).
    """
    _require(summary, ["share_meeting_rule", "public_share"], "a compliance_over_time table")
    names = {
        "share_meeting_rule": "committees meeting the rule",
        "public_share": "public members' share",
        "threshold": "rule: public share ≥ 1/2",
        **(labels or {}),
    }
    fig, ax = _axes()
    years = summary.index.to_numpy()
    ax.plot(
        years, summary["share_meeting_rule"], "o-", color=PALETTE[0], linewidth=1.6, label=names["share_meeting_rule"]
    )
    ax.plot(years, summary["public_share"], "s--", color=PALETTE[1], linewidth=1.4, label=names["public_share"])
    ax.axhline(threshold, color=PALETTE[3], linewidth=1.0, linestyle=":", label=names["threshold"])
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, 1.0)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    return to_png(fig)
