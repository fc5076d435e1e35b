"""Data overview: coverage of the case records, counts by class, channel and month, a density map.

Every number here comes from :mod:`governance_analytics.cases.summary`; this module words, draws and
suppresses.
"""

from __future__ import annotations

import pandas as pd

from governance_analytics.cases import summary
from governance_analytics.grid import UnitGrid
from governance_analytics.reporting import i18n
from governance_analytics.reporting.content import Figure, Section, Table
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.disclosure import suppress_counts
from governance_analytics.reporting.figures import bar_chart, line_chart
from governance_analytics.reporting.maps import grid_count_map
from governance_analytics.reporting.sections import register

MAP_BLOCK = 5


def _significance(p: float, ctx: ReportContext) -> str:
    key = "significant" if p < ctx.alpha else "not_significant"
    return i18n.text(key, ctx.lang, p=i18n.p_value(p))


def _pct_change(n: int, n_compare: int, ctx: ReportContext) -> tuple[str, str]:
    direction = i18n.text("up" if n >= n_compare else "down", ctx.lang)
    return direction, i18n.percent(abs(n / n_compare - 1), ctx.lang) if n_compare else "—"


def _findings(ctx: ReportContext, total: pd.DataFrame, classes: pd.DataFrame, channels: pd.DataFrame) -> list[str]:
    lang, t = ctx.lang, ctx.threshold
    row = total.iloc[0]
    direction, pct = _pct_change(row["n"], row["n_compare"], ctx)
    found = [i18n.text("finding_total", lang, period=ctx.period.label, compare=ctx.compare.label, n=i18n.number(row["n"], lang),
                       n_compare=i18n.number(row["n_compare"], lang), direction=direction, pct=pct,
                       significance=_significance(row["p_value"], ctx))]
    top = classes.iloc[0]
    if top["n"] >= t:
        found.append(i18n.text("finding_top_class", lang, period=ctx.period.label, category=i18n.label(top.name[1], lang),
                               type=i18n.label(top.name[0], lang), n=i18n.number(top["n"], lang), share=i18n.percent(top["share"], lang)))
    publishable = classes[(classes["n"] >= t) & (classes["n_compare"] >= t)]
    rising = publishable[publishable["p_value"] < ctx.alpha].sort_values("rate_ratio", ascending=False)
    if len(rising) and rising.iloc[0]["rate_ratio"] > 1:
        r = rising.iloc[0]
        found.append(i18n.text("finding_biggest_rise", lang, category=i18n.label(r.name[1], lang), type=i18n.label(r.name[0], lang),
                               n=i18n.number(r["n"], lang), n_compare=i18n.number(r["n_compare"], lang),
                               pct=_pct_change(r["n"], r["n_compare"], ctx)[1], significance=_significance(r["p_value"], ctx)))
    top_channel = channels.iloc[0]
    if top_channel["n"] >= t:
        found.append(i18n.text("finding_top_channel", lang, channel=i18n.label(top_channel.name, lang),
                               share=i18n.percent(top_channel["share"], lang)))
    n_read = sum(r.n_read for r in ctx.inputs.values())
    n_rejected = sum(r.n_rejected for r in ctx.inputs.values())
    found.append(i18n.text("finding_rejects", lang, n_read=i18n.number(n_read, lang),
                           n_accepted=i18n.number(n_read - n_rejected, lang), n_rejected=i18n.number(n_rejected, lang)))
    return found


def _display(table: pd.DataFrame, ctx: ReportContext) -> pd.DataFrame:
    """Suppress small counts, format, and label columns and values for ``ctx.lang``."""
    table = table.reset_index()
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(lambda v: i18n.label(v, ctx.lang))
    table["share"] = table["share"].map(lambda s: i18n.percent(s, ctx.lang))
    table["rate_ratio"] = table["rate_ratio"].round(3)
    table["p_value"] = table["p_value"].map(lambda p: f"{p:.3f}" if p >= 0.001 else "<0.001")
    safe = suppress_counts(table, ["n", "n_compare"], derived=["change", "rate_ratio", "p_value", "share"], threshold=ctx.threshold)
    return safe.frame.rename(columns=lambda c: i18n.label(c, ctx.lang))


def _figures(ctx: ReportContext, cases: pd.DataFrame, classes: pd.DataFrame) -> list[Figure]:
    lang, t = ctx.lang, ctx.threshold
    suppressed = f"<{t}"
    monthly = summary.monthly_counts(cases, by="case_type")
    monthly = monthly.where(monthly >= t)
    figures = [Figure("monthly", i18n.text("fig_monthly", lang),
                      line_chart(monthly, title=i18n.text("fig_monthly", lang), ylabel=i18n.text("cases_n", lang),
                                 labels={c: i18n.label(c, lang) for c in monthly.columns}))]
    bars = classes["n"].where(classes["n"] >= t)
    bars.index = [f"{i18n.label(c, lang)}（{i18n.label(k, lang)}）" if lang == "zh" else f"{i18n.label(c, lang)} ({i18n.label(k, lang)})"
                  for k, c in classes.index]
    title = i18n.text("fig_classes", lang, period=ctx.period.label)
    figures.append(Figure("classes", title, bar_chart(bars, title=title, xlabel=i18n.text("cases_n", lang), suppressed_label=suppressed)))
    if ctx.has("grid_cells"):
        cells = ctx.table("grid_cells")
        grid = UnitGrid.from_cells(cells, crs=ctx.metadata.get("crs"))
        blocks = summary.cell_counts(cases, cells, grid, period=ctx.period, block=MAP_BLOCK)
        title = i18n.text("fig_density", lang, period=ctx.period.label)
        png = grid_count_map(blocks, block_size=grid.cell_size * MAP_BLOCK, threshold=t, title=title,
                             legend=i18n.text("fig_density_legend", lang),
                             suppressed_label=i18n.text("fig_density_suppressed", lang, threshold=t))
        figures.append(Figure("density", title, png))
    return figures


@register("overview", requires=("cases",), order=0)
def build(ctx: ReportContext) -> Section:
    """The data overview section."""
    cases, lang = ctx.table("cases"), ctx.lang
    cov = summary.coverage(cases)
    total = summary.period_counts(cases, ctx.period, ctx.compare)
    classes = summary.period_counts(cases, ctx.period, ctx.compare, by=["case_type", "category"])
    channels = summary.period_counts(cases, ctx.period, ctx.compare, by="channel")
    intro = i18n.text("overview_intro", lang, first=i18n.date(cov.first_report, lang), last=i18n.date(cov.last_report, lang),
                      months=cov.n_months, n=i18n.number(cov.n_cases, lang), located=i18n.percent(cov.share_located, lang),
                      in_grid=i18n.percent(cov.share_in_grid, lang))
    note = i18n.text("suppressed_note", lang, threshold=ctx.threshold)
    tables = [Table("classes", i18n.text("tab_classes", lang), _display(classes, ctx), note),
              Table("channels", i18n.text("tab_channels", lang), _display(channels, ctx), note)]
    return Section("overview", i18n.text("overview", lang), intro, _findings(ctx, total, classes, channels),
                   _figures(ctx, cases, classes), tables,
                   [i18n.text("method_period_change", lang), i18n.text("method_density", lang)])
