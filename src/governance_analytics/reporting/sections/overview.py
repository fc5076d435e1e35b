"""Data overview: coverage of the case records, counts by class, channel and month, a density map.

Every number here comes from :mod:`governance_analytics.cases.summary`; this module words, draws and
suppresses.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from governance_analytics.cases import summary
from governance_analytics.grid import UnitGrid
from governance_analytics.privacy import Publication, Suppressed, is_small, known_total
from governance_analytics.reporting import i18n
from governance_analytics.reporting.content import Figure, Section, Table
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.display import Published, publish_table
from governance_analytics.reporting.figures.charts import bar_chart, line_chart
from governance_analytics.reporting.figures.maps import grid_count_map
from governance_analytics.reporting.sections._period_counts import (
    CLASS_TABLE,
    class_counts,
    class_publication,
    has_comparison,
    pct_change,
    records_begin,
    show_period_counts,
    significance,
)
from governance_analytics.reporting.sections._registry import Draft, register, require_cases
from governance_analytics.workspace import case_rule_counts

MAP_BLOCK = 5


def _class_words(key, lang: str) -> dict[str, str]:
    """The class (and its case type, where the data record it) of a row of the class table."""
    if isinstance(key, tuple):
        return {"category": i18n.label(key[1], lang), "type": i18n.label(key[0], lang)}
    return {"category": i18n.label(key, lang)}


def _findings(
    ctx: ReportContext,
    total: pd.DataFrame,
    classes: pd.DataFrame,
    channels: pd.DataFrame | None,
    withheld: dict[str, pd.Series],
) -> tuple[list[str], list[str]]:
    """The section's findings and those of them for the executive summary (the ones with a comparison).
    ``withheld`` holds, per table (``classes``, ``channels``), its rows with a withheld count
    (:func:`_withheld_rows`): a finding states a class's or channel's count or share only where its
    table publishes them, or the share and the published total would give a withheld count back."""
    lang, t = ctx.lang, ctx.threshold
    hidden_classes = withheld["classes"].loc[classes.index].to_numpy()
    row = total.iloc[0]
    comparable = has_comparison(total, ctx)
    if comparable:
        direction, pct = pct_change(row["n"], row["n_compare"], ctx)
        found = [
            i18n.text(
                "finding_total",
                lang,
                period=ctx.period.label,
                compare=ctx.compare.label,
                n=i18n.number(row["n"], lang),
                n_compare=i18n.number(row["n_compare"], lang),
                direction=direction,
                pct=pct,
                significance=significance(row["p_value"], ctx),
            )
        ]
    else:  # before the records begin (or a gap in them): the total, and why there is no change
        found = [
            i18n.text(
                "finding_total_no_compare",
                lang,
                period=ctx.period.label,
                compare=ctx.compare.label,
                n=i18n.number(row["n"], lang),
                first=i18n.date(records_begin(ctx), lang),
            )
        ]
    summary = list(found) if comparable else []
    typed = "" if classes.index.nlevels > 1 else "_no_type"
    top = classes.iloc[0]
    if top["n"] >= t and not hidden_classes[0]:
        found.append(
            i18n.text(
                f"finding_top_class{typed}",
                lang,
                period=ctx.period.label,
                **_class_words(top.name, lang),
                n=i18n.number(top["n"], lang),
                share=i18n.percent(top["share"], lang),
            )
        )
    publishable = classes[(classes["n"] >= t) & (classes["n_compare"] >= t) & ~hidden_classes]
    rising = publishable[publishable["p_value"] < ctx.alpha].sort_values("rate_ratio", ascending=False)
    if comparable and len(rising) and rising.iloc[0]["rate_ratio"] > 1:
        r = rising.iloc[0]
        found.append(
            i18n.text(
                f"finding_biggest_rise{typed}",
                lang,
                **_class_words(r.name, lang),
                n=i18n.number(r["n"], lang),
                n_compare=i18n.number(r["n_compare"], lang),
                pct=pct_change(r["n"], r["n_compare"], ctx)[1],
                significance=significance(r["p_value"], ctx),
            )
        )
        summary.append(found[-1])
    top_channel = channels.iloc[0] if channels is not None else None
    top_withheld = channels is not None and withheld["channels"].loc[channels.index].to_numpy()[0]
    if top_channel is not None and top_channel["n"] >= t and not top_withheld:
        found.append(
            i18n.text(
                "finding_top_channel",
                lang,
                channel=i18n.label(top_channel.name, lang),
                share=i18n.percent(top_channel["share"], lang),
            )
        )
    ingested = (ctx.metadata.get("ingest") or {}).get("sources")
    if ingested:  # read from a workspace: the rows of the city's own files, as ingest read them
        n_read, n_rejected = sum(r["n_read"] for r in ingested), sum(r["n_rejected"] for r in ingested)
    else:
        read = [r for name, r in ctx.inputs.items() if not (name == "grid_cells" and ctx.metadata.get("grid"))]
        n_read, n_rejected = sum(r.n_read for r in read), sum(r.n_rejected for r in read)
    found.append(
        i18n.text(
            "finding_rejects",
            lang,
            n_read=i18n.number(n_read, lang),
            n_accepted=i18n.number(n_read - n_rejected, lang),
            n_rejected=i18n.number(n_rejected, lang),
        )
    )
    return found, summary


def _withheld_rows(published: Published) -> pd.Series:
    """Rows of a published table with a withheld count (their share, change and test are blank too)."""
    return published.suppressed.hidden.any(axis=1)


def _tables(ctx: ReportContext, published: dict[str, Published]) -> list[Table]:
    """The class and channel tables (where the data record channels), each with its disclosure note."""
    out = []
    for key, title in ((CLASS_TABLE, "tab_classes"), ("channels", "tab_channels")):
        if key in published:
            frame = published[key].frame.copy()
            levels = published[key].suppressed.frame.index.nlevels
            frame.iloc[-1, 1:levels] = None  # the total row's label spans the label columns
            out.append(Table(key, i18n.text(title, ctx.lang), frame, published[key].note))
    return out


def _density_blocks(ctx: ReportContext, cases: pd.DataFrame) -> tuple[UnitGrid, pd.DataFrame] | None:
    """The grid and the period's case counts on blocks of ``MAP_BLOCK`` × ``MAP_BLOCK`` cells (``None``
    without a grid or a located case)."""
    if not (ctx.has("grid_cells") and cases["cell_id"].notna().any()):
        return None
    cells = ctx.table("grid_cells")
    grid = UnitGrid.from_cells(cells, crs=ctx.metadata.get("crs"))
    return grid, summary.cell_counts(cases, cells, grid, period=ctx.period, block=MAP_BLOCK)


def _map_publication(blocks: pd.DataFrame) -> Publication:
    """The density map's blocks as published cells: they add up to the period's located cases (a
    total a reader may know), so a blank block must not be the total minus the others."""
    constraint = known_total(blocks, column="n", value=blocks["n"].sum())
    return Publication("density", blocks, ("n",), (constraint,))


def _figures(
    ctx: ReportContext,
    cases: pd.DataFrame,
    classes: pd.DataFrame,
    safe: Suppressed,
    density: tuple[UnitGrid, pd.DataFrame, pd.Series] | None,
) -> list[Figure]:
    """The monthly line chart, the class bars (withheld as in the class table, ``safe``) and the
    density map (``density``: the grid, the blocks and the blocks withheld)."""
    lang, t = ctx.lang, ctx.threshold
    typed = classes.index.nlevels > 1
    monthly = summary.monthly_counts(cases, by="case_type" if typed else None)
    monthly = monthly.where(monthly >= t)
    title = i18n.text("fig_monthly" if typed else "fig_monthly_all", lang)
    figures = [
        Figure(
            "monthly",
            title,
            line_chart(
                monthly,
                title=title,
                ylabel=i18n.text("cases_n", lang),
                labels={c: i18n.label(c, lang) for c in monthly.columns}
                if typed
                else {"n": i18n.text("cases_n", lang)},
            ),
        )
    ]
    bars = classes["n"].where(~safe.hidden["n"].loc[classes.index])  # as withheld in the class table
    suppressed = i18n.text("bars_withheld", lang) if safe.n_secondary else f"<{t}"
    bars.index = [
        (
            f"{i18n.label(k[1], lang)}（{i18n.label(k[0], lang)}）"
            if lang == "zh"
            else f"{i18n.label(k[1], lang)} ({i18n.label(k[0], lang)})"
        )
        if typed
        else i18n.label(k, lang)
        for k in classes.index
    ]
    title = i18n.text("fig_classes", lang, period=ctx.period.label)
    figures.append(
        Figure(
            "classes",
            title,
            bar_chart(bars, title=title, xlabel=i18n.text("cases_n", lang), suppressed_label=suppressed),
        )
    )
    if density is not None:
        grid, blocks, withheld = density
        title = i18n.text("fig_density", lang, period=ctx.period.label)
        grey = "fig_density_withheld" if (withheld & ~is_small(blocks["n"], t)).any() else "fig_density_suppressed"
        png = grid_count_map(
            blocks,
            block_size=grid.cell_size * MAP_BLOCK,
            threshold=t,
            title=title,
            legend=i18n.text("fig_density_legend", lang),
            withheld=withheld.to_numpy(),
            suppressed_label=i18n.text(grey, lang, threshold=t),
        )
        figures.append(Figure("density", title, png))
    return figures


def _quality(ctx: ReportContext) -> Table:
    """Every cleaning rule that touched a case record, with its count and what was done
    (:func:`~governance_analytics.workspace.case_rule_counts`); small counts shown as ``<threshold``."""
    lang, rows = ctx.lang, []
    for rule, outcome, n in case_rule_counts(ctx.inputs, ctx.metadata).itertuples(index=False):
        if rule.startswith("sentinel_"):
            problem = i18n.text("rule_sentinel", lang, column=i18n.label(rule.removeprefix("sentinel_"), lang))
        else:
            problem = i18n.text(f"rule_{rule}", lang)
        done = (
            "done_rejected"
            if outcome == "rejected"
            else "done_cleared"
            if rule.startswith("sentinel_") or rule in ("zero_coordinates", "invalid_coordinates")
            else "done_kept"
            if rule == "unknown_category"
            else "done_not_spatial"
        )
        rows.append({"problem": problem, "n": int(n), "done": i18n.text(done, lang)})
    frame = pd.DataFrame(rows, columns=["problem", "n", "done"]).rename(
        columns={"problem": i18n.text("quality_problem", lang), "done": i18n.text("quality_done", lang)}
    )
    published = publish_table(frame.set_index(frame.columns[0]), lang=lang, threshold=ctx.threshold, counts=["n"])
    grid = ctx.metadata.get("grid")
    notes = (
        [i18n.text("quality_grid_built", lang, size=grid["cell_size"], n=i18n.number(grid["n_cells"], lang))]
        if grid
        else []
    )
    notes += [published.note] if published.note else []
    notes += [] if rows else [i18n.text("quality_none", lang)]
    return Table("quality", i18n.text("tab_quality", lang), published.frame, " ".join(notes))


@register("overview", requires=("cases",), order=0)
def build(ctx: ReportContext) -> Draft:
    """The data overview section: its class and channel tables and the density map's blocks are
    declared to the ledger (the hot-spot table repeats the class counts)."""
    require_cases(ctx)  # nothing to count, map or rate without a case in the period
    cases, lang = ctx.table("cases"), ctx.lang
    cov = summary.coverage(cases)
    total = summary.period_counts(cases, ctx.period, ctx.compare)
    classes = class_counts(ctx)
    has_channels = "channel" in cases and cases["channel"].notna().any()
    channels = summary.period_counts(cases, ctx.period, ctx.compare, by="channel") if has_channels else None
    omitted = [] if has_channels else [i18n.text("omit_channels", lang)]
    if not cases["cell_id"].notna().any():
        omitted.append(i18n.text("omit_density", lang))
    intro = i18n.text(
        "overview_intro",
        lang,
        first=i18n.date(cov.first_report, lang),
        last=i18n.date(cov.last_report, lang),
        months=cov.n_months,
        n=i18n.number(cov.n_cases, lang),
        located=i18n.percent(cov.share_located, lang),
        in_grid=i18n.percent(cov.share_in_grid, lang),
    )
    counted = [class_publication(CLASS_TABLE, classes, total, ctx)]
    counted += [class_publication("channels", channels, total, ctx)] if channels is not None else []
    mapped = _density_blocks(ctx, cases)
    if mapped is not None and mapped[1]["n"].sum() < ctx.threshold:  # a map of nothing but small counts
        omitted.append(i18n.text("omit_density_few", lang, n=ctx.threshold))
        mapped = None
    declared = counted + ([_map_publication(mapped[1])] if mapped is not None else [])

    def finish(ledger: Mapping[str, Suppressed]) -> Section:
        published = {p.key: show_period_counts(ledger[p.key], ctx) for p in counted}
        withheld = {key: _withheld_rows(p) for key, p in published.items()}
        found, highlights = _findings(ctx, total, classes, channels, withheld)
        density = (*mapped, ledger["density"].hidden["n"]) if mapped is not None else None
        return Section(
            "overview",
            i18n.text("overview", lang),
            intro,
            found,
            _figures(ctx, cases, classes, published[CLASS_TABLE].suppressed, density),
            [*_tables(ctx, published), _quality(ctx)],
            [i18n.text("method_period_change", lang), i18n.text("method_density", lang)],
            summary=highlights,
            omitted=omitted,
        )

    return Draft(tuple(declared), finish)
