"""Hot spots and emerging hot spots of the period, by big class.

Numbers come from :mod:`governance_analytics.cases.hotspots` and :mod:`~governance_analytics.cases.emerging`;
this module chooses what to show, words it, draws it and suppresses small counts.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from governance_analytics.cases.emerging import category_counts
from governance_analytics.cases.hotspot_study import HotspotStudy, hotspot_study
from governance_analytics.errors import SectionSkipped
from governance_analytics.grid import UnitGrid
from governance_analytics.privacy import Publication, Suppressed, known_total, reveals_small, row_totals
from governance_analytics.reporting import i18n
from governance_analytics.reporting.actions import recommend
from governance_analytics.reporting.content import Figure, Recommendation, Section, Table
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.display import publication, show_table
from governance_analytics.reporting.figures.class_maps import EMERGING_COLOURS, emerging_map, hot_spot_map
from governance_analytics.reporting.figures.interactive import as_iframe, interactive_class_map
from governance_analytics.reporting.sections._period_counts import category_of, class_counts, class_relations
from governance_analytics.reporting.sections._registry import Draft, register, require_cases

ALERT = ("new hot spot", "intensifying hot spot", "consecutive hot spot")


#: The most class names a reason lists before it counts the rest.
NAMED = 5


def _names(classes: list[str], lang: str) -> str:
    """The classes' names; past :data:`NAMED` of them, the first few and how many more."""
    joined = ("、" if lang == "zh" else ", ").join(i18n.label(c, lang) for c in classes[:NAMED])
    if len(classes) <= NAMED:
        return joined
    return i18n.text("names_and_more", lang, names=joined, n=len(classes), k=len(classes) - NAMED)


def _omitted(study: HotspotStudy, lang: str) -> list[str]:
    """The reasons for what the study left out: small classes, constant classes, too few steps."""
    spec, out = study.spec, []
    if study.too_few:
        out.append(i18n.text("omit_hot_few", lang, classes=_names(study.too_few, lang), n=spec.min_cases))
    if study.flat:
        out.append(i18n.text("omit_hot_flat", lang, classes=_names(study.flat, lang)))
    if 2 <= study.n_steps < spec.min_steps:
        out.append(i18n.text("omit_emerging_steps", lang, n=spec.min_steps, k=study.n_steps))
    if study.thin:
        out.append(i18n.text("omit_emerging_thin", lang, classes=_names(study.thin, lang), n=spec.min_cases_per_step))
    return out


def _scales_table(study: HotspotStudy, lang: str) -> Table:
    """Each analysed class's distance band and the rule that chose it (the report states why)."""
    scales = study.scales.loc[study.classes]
    frame = pd.DataFrame(
        {
            i18n.label("category", lang): [i18n.label(c, lang) for c in scales.index],
            i18n.text("scale_band", lang): scales["band_m"].round().astype("int64").to_numpy(),
            i18n.text("scale_rule", lang): [
                i18n.text(f"rule_{r}", lang, k="" if pd.isna(k) else int(k))
                for r, k in zip(scales["rule"], scales["k"])
            ],
        }
    )
    return Table("scales", i18n.text("tab_scales", lang), frame)


#: The hot-spot table's key in the report's ledger.
HOT_TABLE = "hot_spots"


def _hot_publication(summary: pd.DataFrame, off_grid: pd.Series) -> Publication:
    """Hot and cold cells and the cases in hot cells per big class, declared. Case counts add up to
    the period's total (stated in the overview); each class's cases = in hot cells + elsewhere on the
    grid (not shown); and each class's cases + those off the grid (``off_grid``, not shown) = its
    cases in the overview's class table (:func:`_relations`)."""
    shown = summary.assign(n_outside=summary["n_cases"] - summary["n_in_hot"], n_off_grid=off_grid)
    constraints = [
        known_total(shown, column="n_cases", value=shown["n_cases"].sum()),
        *row_totals(shown, total="n_cases", parts=["n_in_hot", "n_outside"]),
    ]
    return publication(
        HOT_TABLE,
        shown,
        percent=["share_in_hot"],
        counts=["n_cases", "n_in_hot"],
        derived={"share_in_hot": ["n_cases", "n_in_hot"]},
        constraints=constraints,
        unpublished=["n_outside", "n_off_grid"],
    )


def _related_columns(off_grid: pd.Series) -> dict[str, list[str]]:
    """The columns of each class's hot-spot row that add up to its class count: its cases where every
    case is on the grid (the same figure twice: no slack, so that the audit sees the equality), its
    cases and those off the grid otherwise; none for a class whose cases on the grid outnumber its
    period count (bins that differ from the class table's: no relation to state)."""
    return {c: ["n_cases"] if gap == 0 else ["n_cases", "n_off_grid"] for c, gap in off_grid.items() if gap >= 0}


def _off_grid(summary: pd.DataFrame, classes: pd.DataFrame) -> pd.Series:
    """Each analysed class's cases of the period that are not on the grid: its count in the class
    table (over case types) less its cases on the grid."""
    n = classes["n"]
    by_category = n.groupby([category_of(row) for row in n.index]).sum()
    return by_category.reindex(summary.index, fill_value=0) - summary["n_cases"]


def _emerging_table(study: HotspotStudy, ctx: ReportContext) -> Table:
    lang = ctx.lang
    counts = category_counts(study.emerging)
    counts = counts[[c for c in counts.columns if c != "no pattern"]]
    frame = counts.rename(index=lambda c: i18n.label(c, lang), columns=lambda c: i18n.label(c, lang))
    frame = frame.rename_axis(i18n.label("category", lang)).reset_index()
    reconciled = sum(study.reconciled.values())
    note = (
        i18n.text("note_emerging_agree", lang, n=i18n.number(reconciled, lang), step=study.final_step)
        if reconciled
        else ""
    )
    step = i18n.text(f"step_{study.freq}", lang)
    return Table("emerging", i18n.text("tab_emerging", lang, step=step), frame, note)


def _findings(
    ctx: ReportContext, summary: pd.DataFrame, counts: pd.DataFrame, withheld: pd.Series
) -> tuple[list[str], list[str], list[Recommendation]]:
    """Findings; the emerging-hot-spot ones (a comparison over quarters) also go to the executive
    summary, each with the action of its category's rule. The top class's share in hot cells is
    stated only where the hot-spot table publishes its counts (``withheld``: rows with a withheld
    count) and the share would not reveal a small count — cases in hot cells, the class's cases or
    the rest elsewhere: with the class's cases published, the share gives the others back."""
    lang, found, alerts, actions = ctx.lang, [], [], []
    top = summary.iloc[0]
    if (
        top["n_hot_cells"] > 0
        and top["n_in_hot"] >= ctx.threshold
        and not withheld.get(top.name, True)
        and not reveals_small(top["n_in_hot"], top["n_cases"], ctx.threshold)
    ):
        found.append(
            i18n.text(
                "finding_hot_class",
                lang,
                period=ctx.period.label,
                category=i18n.label(top.name, lang),
                cells=i18n.number(top["n_hot_cells"], lang),
                share=i18n.percent(top["share_in_hot"], lang),
            )
        )
    for category in ALERT:
        if category in counts.columns and counts[category].max() > 0:
            key = counts[category].idxmax()
            alerts.append(
                i18n.text(
                    "finding_emerging",
                    lang,
                    category=i18n.label(key, lang),
                    kind=i18n.label(category, lang),
                    cells=i18n.number(counts.loc[key, category], lang),
                )
            )
            actions.append(recommend(f"emerging:{category}", alerts[-1], lang))
    return found + alerts, alerts, actions


def _figures(
    ctx: ReportContext,
    grid: UnitGrid,
    spots: pd.DataFrame,
    top: str,
    results: dict[str, pd.DataFrame],
    alert_class: str | None,
    step: str = "QS",
) -> list[Figure]:
    """The hot-spot map of the top class and, with ``results``, the emerging map of ``alert_class``."""
    lang = ctx.lang
    title = i18n.text("fig_hot_spots", lang, category=i18n.label(top, lang), period=ctx.period.label)
    figures = [
        Figure(
            "hot_spots",
            title,
            hot_spot_map(spots[spots["category"] == top], cell_size=grid.cell_size, title=title, lang=lang),
        )
    ]
    if alert_class is None:
        return figures
    title = i18n.text(
        "fig_emerging", lang, category=i18n.label(alert_class, lang), step=i18n.text(f"step_{step}", lang)
    )
    emerging = results[alert_class]
    page = interactive_class_map(
        grid.polygons(emerging),
        "category",
        colours=EMERGING_COLOURS,
        labels={c: i18n.label(c, lang) for c in EMERGING_COLOURS},
        title=title,
        tooltip={"cell_id": i18n.label("cell_id", lang)},
        skip=("no pattern",),
    )
    figures.append(
        Figure(
            "emerging",
            title,
            emerging_map(emerging, cell_size=grid.cell_size, title=title, lang=lang),
            html=as_iframe(page),
        )
    )
    return figures


def _check(ctx: ReportContext) -> None:
    """Skip the section, with its reason, unless cases of the period lie on the grid."""
    require_cases(ctx)
    if not ctx.has("grid_cells"):
        raise SectionSkipped(i18n.text("no_grid", ctx.lang))
    cases = ctx.table("cases")
    if not cases.loc[ctx.period.contains(cases["created_at"]), "cell_id"].notna().any():
        raise SectionSkipped(i18n.text("no_located_cases", ctx.lang, period=ctx.period.label))


@register("hotspots", requires=("cases",), order=10)
def build(ctx: ReportContext) -> Draft:
    """The hot spot section: the words, maps and tables of
    :func:`~governance_analytics.cases.hotspot_study.hotspot_study`; its table is declared to the
    ledger with its relation to the overview's class table."""
    _check(ctx)
    lang, spec = ctx.lang, ctx.studies.hotspots
    grid = UnitGrid.from_cells(ctx.table("grid_cells"), crs=ctx.metadata.get("crs"))
    study = hotspot_study(
        ctx.table("cases"), ctx.table("grid_cells"), grid, period=ctx.period, spec=spec, seed=ctx.seed
    )
    summary = study.summary  # present whenever a class was analysed
    if not study.classes or summary is None:
        raise SectionSkipped(i18n.text("no_class_for_hot_spots", lang, n=spec.min_cases, period=ctx.period.label))
    classes = class_counts(ctx)
    off_grid = _off_grid(summary, classes)
    declared = _hot_publication(summary, off_grid.clip(lower=0))
    relations = class_relations(HOT_TABLE, _related_columns(off_grid), classes.index)

    def finish(ledger: Mapping[str, Suppressed]) -> Section:
        return _section(ctx, study, summary, grid, ledger[HOT_TABLE], off_grid)

    return Draft((declared,), finish, tuple(relations))


def _hot_note(published_note: str, hot: Suppressed, off_grid: pd.Series, *, threshold: int, lang: str) -> str:
    """The hot-spot table's note, saying why a class's cases are withheld where it is for the few of
    them off the grid (without coordinates): the class table's count less this one would give that
    small number back — a "×" with no "<t" beside it puzzles a reader otherwise."""
    few_off = (off_grid > 0) & (off_grid < threshold)
    if not (hot.hidden["n_cases"] & few_off.reindex(hot.hidden.index, fill_value=False)).any():
        return published_note
    return " ".join([published_note, i18n.text("note_hot_off_grid", lang, threshold=threshold)])


def _section(
    ctx: ReportContext,
    study: HotspotStudy,
    summary: pd.DataFrame,
    grid: UnitGrid,
    hot: Suppressed,
    off_grid: pd.Series,
) -> Section:
    """The section, given the study's hot-spot ``summary`` as the ledger suppressed it (``hot``) and
    each class's cases off the grid."""
    lang, spec = ctx.lang, study.spec
    published = show_table(hot, lang=lang, threshold=ctx.threshold, percent=["share_in_hot"])
    hot_table = Table(
        HOT_TABLE,
        i18n.text("tab_hot_spots", lang, period=ctx.period.label),
        published.frame,
        _hot_note(published.note, hot, off_grid, threshold=ctx.threshold, lang=lang),
    )
    found, highlights, actions = _findings(ctx, summary, study.emerging_counts, hot.hidden.any(axis=1))
    tables = [hot_table, _scales_table(study, lang)]
    alert_class = None
    if study.has_emerging:
        counts = study.emerging_counts
        patterned = counts.drop(columns="no pattern", errors="ignore").sum(axis=1)
        alert = counts[[c for c in ALERT if c in counts.columns]].sum(axis=1)
        if patterned.max() == 0:  # calibrated: on data with no emerging pattern, none is claimed
            found.append(i18n.text("emerging_none", lang, classes=_names(list(counts.index), lang)))
        else:
            alert_class = alert.idxmax() if alert.max() > 0 else patterned.idxmax()
            tables.append(_emerging_table(study, ctx))
    elif study.n_steps < 2:  # the records' first step: nothing can emerge against no earlier step
        found.append(i18n.text("emerging_no_history", lang, period=ctx.period.label))
    figures = _figures(ctx, grid, study.spots, summary.index[0], study.emerging, alert_class, study.freq)
    return Section(
        "hotspots",
        i18n.text("hotspots", lang),
        i18n.text(
            "hotspots_intro",
            lang,
            period=ctx.period.label,
            n=spec.n_emerging,
            step=i18n.text(f"step_{study.freq}", lang),
        ),
        found,
        figures,
        tables,
        [
            i18n.text(
                "method_gi_star", lang, inference=i18n.text(f"inference_{spec.inference}", lang, n=spec.permutations)
            ),
            i18n.text("method_emerging", lang),
        ],
        summary=highlights,
        recommendations=actions,
        omitted=_omitted(study, lang),
    )
