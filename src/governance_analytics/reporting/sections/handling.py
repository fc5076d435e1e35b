"""Case handling of the period: KPIs, time to closure, case-file review, team scores, pilot impact.

Numbers come from :mod:`governance_analytics.cases` (``lifecycle``, ``trends``, ``survival``,
``review``, ``assessment``, ``evaluation``); this module chooses what to show, words it, draws it and
suppresses small counts.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from governance_analytics.cases.assessment import DEFAULT_WEIGHTS, team_scores
from governance_analytics.cases.evaluation import evaluate_intervention
from governance_analytics.cases.handling_study import handling_needs
from governance_analytics.cases.lifecycle import kpis
from governance_analytics.cases.review import FLAGS, compliance
from governance_analytics.cases.survival import (
    compare_departments,
    kaplan_meier,
    median_time_to_closure,
    time_to_closure,
)
from governance_analytics.cases.trends import kpi_change, kpi_control_chart
from governance_analytics.privacy import (
    Constraint,
    Publication,
    Suppressed,
    column_totals,
    equal_sums,
    known_total,
    reveals_small,
    row_totals,
)
from governance_analytics.reporting import i18n
from governance_analytics.reporting.actions import impact_action, recommend
from governance_analytics.reporting.content import Figure, Recommendation, Section, Table
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.display import Published, display_table, publication, publish_table, show_table
from governance_analytics.reporting.figures.impact import event_study_figure
from governance_analytics.reporting.figures.kpi import control_chart_figure
from governance_analytics.reporting.figures.survival import km_figure, rank_figure
from governance_analytics.reporting.sections._registry import Draft, register, require_cases

KM_HOURS = np.arange(0.0, 169.0, 2.0)  # one week, every two hours
KPI_COUNTS = ["n_reported", "n_filed", "n_due", "n_closed", "n_closed_on_time", "n_open"]
KPI_RATES = ["filing_rate", "closure_rate", "on_time_closure_rate", "rework_rate"]
#: Counts each rate is computed from (a rate is withheld with them).
KPI_SOURCES = {
    "filing_rate": ["n_filed", "n_reported"],
    "closure_rate": ["n_closed", "n_due"],
    "on_time_closure_rate": ["n_closed_on_time", "n_due"],
    "rework_rate": ["n_closed"],
}
#: (whole, published part, unpublished rest) along the lifecycle (see cases.lifecycle for definitions).
KPI_STEPS = (
    ("n_reported", "n_filed", "n_not_filed"),
    ("n_filed", "n_due", "n_filed_not_due"),
    ("n_due", "n_closed", "n_due_open"),
    ("n_closed", "n_closed_on_time", "n_closed_late"),
)
#: Due = closed on time + due but not closed on time (late, or still open): the on-time rate's
#: failures, protected as a count and not only by blanking the rate.
KPI_DUE_ON_TIME = ("n_due", "n_closed_on_time", "n_due_not_on_time")
#: KPI rates a team score is computed from (:mod:`governance_analytics.cases.assessment`).
SCORE_RATES = ["on_time_closure_rate", "closure_rate", "rework_rate"]
#: The KPI table's key in the report's ledger.
KPI_TABLE = "kpis"
#: KPI counts that another table of the section repeats: table → {KPI column: its column}.
REPEATS = {"ranking": {"n_filed": "n_cases_filed", "n_closed": "n_closed"}, "compliance": {"n_reported": "n_files"}}
MIN_POST_MONTHS = 2


def _as_of(ctx: ReportContext) -> pd.Timestamp:
    return ctx.period.last_instant


def _labelled(frame: pd.DataFrame, ctx: ReportContext, **options) -> pd.DataFrame:
    return display_table(frame, lang=ctx.lang, threshold=ctx.threshold, **options)


def _reveals_small(numerator: pd.Series, denominator: pd.Series, threshold: int) -> pd.Series:
    """Whether a published share x / n would let a reader work back a count in 1 … threshold − 1."""
    return pd.Series(reveals_small(numerator, denominator, threshold), index=numerator.index)


def _kpi_relations(shown: pd.DataFrame) -> tuple[pd.DataFrame, list[Constraint], list[str]]:
    """The KPI counts with their unpublished differences, and the additive relations a reader knows
    from the definitions in :mod:`governance_analytics.cases.lifecycle`: each count is the next one
    plus an unpublished rest (reported = filed + not filed; filed = due + filed not yet due; due =
    closed + due but open; closed = on time + late), due = on time + due but not on time, the backlog
    completes the filed cases (filed = closed + open + closed without a due time), and the last row
    (all departments) is the column sum."""
    steps = (*KPI_STEPS, KPI_DUE_ON_TIME)
    rests = {rest: shown[whole] - shown[part] for whole, part, rest in steps}
    rests["n_closed_no_due"] = shown["n_filed"] - shown["n_closed"] - shown["n_open"]
    frame = shown.assign(**rests)
    constraints = [c for whole, part, rest in steps for c in row_totals(frame, total=whole, parts=[part, rest])]
    constraints += row_totals(frame, total="n_filed", parts=["n_closed", "n_open", "n_closed_no_due"])
    if len(frame) > 1:  # department rows above the city's: they add up to it
        constraints += column_totals(frame, columns=KPI_COUNTS + list(rests), total=frame.index[-1])
    return frame, constraints, list(rests)


def _kpi_publication(period_cases: pd.DataFrame, ctx: ReportContext) -> tuple[pd.DataFrame, Publication]:
    """KPIs by department and for all, declared with the relations of :func:`_kpi_relations`; a rate
    is blanked before publishing where it would reveal a small count, and with its counts."""
    by_department = kpis(period_cases, by="department", as_of=_as_of(ctx))
    city = kpis(period_cases, as_of=_as_of(ctx)).rename(index={"all": i18n.text("all_departments", ctx.lang)})
    shown = pd.concat([by_department, city])[KPI_COUNTS + KPI_RATES].rename_axis("department")
    # a rate is withheld when it would reveal a small count: its numerator, its denominator or their
    # difference (the cases that failed) between 1 and threshold − 1
    for rate in ("filing_rate", "closure_rate", "on_time_closure_rate"):
        num, den = KPI_SOURCES[rate]
        shown[rate] = shown[rate].where(~_reveals_small(shown[num], shown[den], ctx.threshold))
    reworked = (shown["rework_rate"] * shown["n_closed"]).round()  # closed cases with rework recorded ≈ all
    shown["rework_rate"] = shown["rework_rate"].where(~_reveals_small(reworked, shown["n_closed"], ctx.threshold))
    frame, constraints, rests = _kpi_relations(shown)
    return by_department, publication(
        KPI_TABLE,
        frame,
        percent=KPI_RATES,
        counts=KPI_COUNTS,
        derived=KPI_SOURCES,
        constraints=constraints,
        unpublished=rests,
    )


def _with_repeats(key: str, frame: pd.DataFrame, kpi: Publication) -> tuple[pd.DataFrame, list[str], list[Constraint]]:
    """``frame`` (table ``key``) with what a reader knows of the KPI counts it repeats (:data:`REPEATS`):
    for each, the unpublished difference from the KPI table's count — ``_short`` where its count falls
    short of the KPI count (cases left out for bad timestamps), ``_over`` where it counts more (closed
    cases without a due time) — and the relation count + short = KPI count or count = KPI count +
    over, for the ledger. Where both tables count the same cases the relation is count = KPI count:
    the same figure twice, which the audit must see as such (a slack of 0, unknown to a reader, would
    let it take a withheld KPI count as protected while the other table prints it). The repeat is
    the part, so a complement falls on it before the KPI table."""
    out, rests, relations = frame.copy(), [], []
    for ours, theirs in REPEATS[key].items():
        gap = (kpi.frame[ours].reindex(frame.index) - frame[theirs]).fillna(0)
        short, over = f"{theirs}_short", f"{theirs}_over"
        out[short], out[over] = gap.clip(lower=0), (-gap).clip(lower=0)
        rests += [short, over]
        for row in (row for row in frame.index if row in kpi.frame.index):
            parts, totals = [(key, row, theirs)], [(KPI_TABLE, row, ours)]
            if gap[row] > 0:
                parts.append((key, row, short))
            elif gap[row] < 0:
                totals.append((key, row, over))
            relations.append(equal_sums(parts=parts, totals=totals))
    return out, rests, relations


def _on_time_published(kpi: Published, row, change: pd.Series, threshold: int) -> bool:
    """Whether a finding may state ``row``'s on-time closure rates: the KPI table publishes the rate
    and the counts behind it (none withheld, the rate not blanked as revealing a small count), and
    the comparison period's rate would not reveal a small count either (``change``: a row of
    :func:`~governance_analytics.cases.trends.kpi_change`)."""
    frame, hidden = kpi.suppressed.frame, kpi.suppressed.hidden
    if row not in frame.index or hidden.loc[row, KPI_SOURCES["on_time_closure_rate"]].any():
        return False
    if pd.isna(frame.at[row, "on_time_closure_rate"]):
        return False
    return min(change["n"], change["n_compare"]) >= threshold and not reveals_small(
        change["x_compare"], change["n_compare"], threshold
    )


def _kpi_findings(ctx: ReportContext, kpi: Published) -> tuple[list[str], list[Recommendation]]:
    """The city's on-time closure rate against the comparison period, and each department whose rate
    fell significantly (with the ``on_time_drop`` rule's action); all of them carry a comparison.
    A rate is stated only where the KPI table ``kpi`` publishes it (:func:`_on_time_published`)."""
    lang, cases = ctx.lang, ctx.table("cases")
    city = kpi_change(cases, period=ctx.period, compare=ctx.compare, alpha=ctx.alpha).loc["all"]
    found, actions = [], []
    if _on_time_published(kpi, kpi.suppressed.frame.index[-1], city, ctx.threshold):  # the last row: all departments
        key = "significant" if city["p_value"] < ctx.alpha else "not_significant"
        found.append(
            i18n.text(
                "finding_on_time",
                lang,
                period=ctx.period.label,
                compare=ctx.compare.label,
                rate=i18n.percent(city["rate"], lang),
                rate_compare=i18n.percent(city["rate_compare"], lang),
                direction=i18n.text("up" if city["diff"] >= 0 else "down", lang),
                points=i18n.points(city["diff"], lang),
                significance=i18n.text(key, lang, p=i18n.p_value(city["p_value"])),
            )
        )
    change = kpi_change(cases, period=ctx.period, compare=ctx.compare, by="department", alpha=ctx.alpha)
    dropped = change[(change["p_value"] < ctx.alpha) & (change["diff"] < 0)]
    dropped = dropped[
        np.array([_on_time_published(kpi, d, row, ctx.threshold) for d, row in dropped.iterrows()], dtype=bool)
    ]
    for department, row in dropped.sort_values("diff").iterrows():
        found.append(
            i18n.text(
                "finding_department_drop",
                lang,
                department=i18n.label(department, lang),
                rate=i18n.percent(row["rate"], lang),
                rate_compare=i18n.percent(row["rate_compare"], lang),
                compare=ctx.compare.label,
                points=i18n.points(row["diff"], lang),
                p=i18n.p_value(row["p_value"]),
            )
        )
        actions.append(recommend("on_time_drop", found[-1], lang, department=i18n.label(department, lang)))
    return found, actions


def _control(ctx: ReportContext) -> tuple[list[str], list[Figure]]:
    """Months whose on-time rate fell below the p-chart's lower limit, per department, and the chart
    of the department with most such months (needs due times before the period: see :func:`build`)."""
    lang, cases = ctx.lang, ctx.table("cases")
    chart = kpi_control_chart(
        cases[cases["created_at"] < ctx.period.end], by="department", baseline_end=ctx.period.start, as_of=_as_of(ctx)
    )
    periods = chart.index.get_level_values("period")
    below = chart[(chart["signal"] == "below") & (periods >= ctx.period.start) & (chart["n"] >= ctx.threshold)]
    counts = below.groupby(level="department").size().sort_values(ascending=False)
    found = [
        i18n.text(
            "finding_control",
            lang,
            department=i18n.label(d, lang),
            months=int(k),
            centre=i18n.percent(below.xs(d, level="department")["centre"].iloc[0], lang),
        )
        for d, k in counts.items()
    ]
    department = counts.index[0] if len(counts) else chart.groupby(level="department")["n"].sum().idxmax()
    part = chart.xs(department, level="department")
    part = part[part["n"] >= ctx.threshold]  # months with too few cases are not drawn
    title = i18n.text("fig_control", lang, department=i18n.label(department, lang))
    png = control_chart_figure(
        part,
        title=title,
        ylabel="%",
        limits_label=i18n.text("fig_control_limits", lang),
        centre_label=i18n.text("fig_control_centre", lang),
    )
    return found, [Figure("control_chart", title, png)]


def _hours(value: float) -> str:
    """Hours to one decimal; an open end of an interval (not reached in the data) as ``—``."""
    return "—" if pd.isna(value) else f"{value:.1f}"


def _survival(period_cases: pd.DataFrame, ctx: ReportContext) -> tuple[list[str], list[Figure], pd.DataFrame | None]:
    """The city's median time to closure and, with two or more departments of at least ``threshold``
    closed cases, their ranking (Cox hazard ratios with rank intervals), Kaplan–Meier curves and the
    ranking table."""
    lang = ctx.lang
    durations = time_to_closure(period_cases, as_of=_as_of(ctx)).durations
    city = median_time_to_closure(durations).iloc[0]
    durations = durations[durations["department"].notna()]
    if pd.isna(city["median_h"]):  # the survival curve never falls to one half within the period
        found = [i18n.text("finding_closure_time_open", lang, within=i18n.percent(city["closed_within_24h"], lang))]
    else:
        found = [
            i18n.text(
                "finding_closure_time",
                lang,
                median=f"{city['median_h']:.1f}",
                low=_hours(city["median_ci_low"]),
                high=_hours(city["median_ci_high"]),
                within=i18n.percent(city["closed_within_24h"], lang),
            )
        ]
    big = durations.groupby("department")["closed"].transform("sum") >= _min_cases(ctx)
    if durations.loc[big, "department"].nunique() < 2:  # checked in build(); a guard, not a path
        return found, [], None
    ranking = compare_departments(durations[big], seed=ctx.seed, alpha=ctx.alpha).table
    fast, slow = ranking.iloc[0], ranking.iloc[-1]
    interval = lambda r: f"{int(r['rank_low'])}–{int(r['rank_high'])}"  # noqa: E731
    found.append(
        i18n.text(
            "finding_fastest_slowest",
            lang,
            fast=i18n.label(fast.name, lang),
            fast_rank=interval(fast),
            slow=i18n.label(slow.name, lang),
            slow_rank=interval(slow),
        )
    )
    labels = {d: i18n.label(d, lang) for d in ranking.index}
    km = kaplan_meier(durations[big], by="department", times=KM_HOURS)
    title_km = i18n.text("fig_km", lang, period=ctx.period.label)
    title_rank = i18n.text("fig_ranks", lang)
    figures = [
        Figure(
            "km",
            title_km,
            km_figure(
                km,
                title=title_km,
                xlabel=i18n.text("fig_km_x", lang),
                ylabel=i18n.text("fig_km_y", lang),
                labels=labels,
            ),
        ),
        Figure(
            "ranks",
            title_rank,
            rank_figure(ranking, title=title_rank, xlabel=i18n.text("fig_ranks_x", lang), labels=labels),
        ),
    ]
    shown = ranking.assign(
        median_h=ranking["median_h"].round(1),
        hazard_ratio=ranking["hazard_ratio"].round(3),
        hr_ci=[
            ("—" if pd.isna(lo) else f"{lo:.3f}–{hi:.3f}")
            for lo, hi in zip(ranking["hr_ci_low"], ranking["hr_ci_high"])
        ],
        rank_interval=[f"{int(a)}–{int(b)}" for a, b in zip(ranking["rank_low"], ranking["rank_high"])],
    ).rename(columns={"n": "n_cases_filed"})[
        ["n_cases_filed", "n_closed", "median_h", "hazard_ratio", "hr_ci", "rank_interval"]
    ]
    # a median is shown only for departments with at least ``threshold`` closed cases (``big``)
    return found, figures, shown


def _ranking_publication(shown: pd.DataFrame, kpi: Publication) -> tuple[Publication, list[Constraint]]:
    """The ranking table of :func:`_survival`, declared: filed = closed + open (not shown), and its
    filed and closed cases repeat the KPI table's (:func:`_with_repeats`)."""
    counts = shown.assign(n_open=shown["n_cases_filed"] - shown["n_closed"])
    counts, rests, relations = _with_repeats("ranking", counts, kpi)
    constraints = row_totals(counts, total="n_cases_filed", parts=["n_closed", "n_open"])
    declared = publication(
        "ranking", counts, counts=["n_cases_filed", "n_closed"], constraints=constraints, unpublished=["n_open", *rests]
    )
    return declared, relations


def _review(
    table: pd.DataFrame,
    by_department: pd.DataFrame,
    ctx: ReportContext,
    kpi: Published,
    reviewed: Published,
    *,
    scores: bool = True,
) -> tuple[list[str], list[Recommendation], list[Table]]:
    """The case-file review (``table``: :func:`~governance_analytics.cases.review.compliance`, as
    published in ``reviewed``): compliance per department, flags, and (with ``scores``) team scores."""
    lang = ctx.lang
    totals = table[list(FLAGS)].sum()
    n_flagged, n_files = int(table["n_flagged"].sum()), int(table["n_files"].sum())
    found, actions = [], []
    if _states_review_totals(table, ctx.threshold):
        flag = i18n.text(f"flag_{totals.idxmax()}", lang)
        found.append(
            i18n.text(
                "finding_review",
                lang,
                n=i18n.number(n_flagged, lang),
                share=i18n.percent(n_flagged / n_files, lang),
                flag=flag,
                k=i18n.number(totals.max(), lang),
            )
        )
        actions.append(recommend("review_defects", found[-1], lang, flag=flag))
    flags = pd.DataFrame({"flag": [i18n.text(f"flag_{f}", lang) for f in FLAGS], "n_cases": totals.to_numpy()})
    tables = [
        Table("compliance", i18n.text("tab_compliance", lang), reviewed.frame, reviewed.note),
        _published_table("flags", i18n.text("tab_flags", lang), flags.set_index("flag"), ctx, counts=["n_cases"]),
    ]
    if scores:
        ranked = team_scores(by_department, compliance_table=table)
        weights = _weights_text(ranked.attrs["weights"], lang)
        # score and rank only: the indicators behind them are in the KPI and compliance tables, where
        # shares that would reveal a small count are withheld — and so is the score built from them
        tables.append(
            Table(
                "scores",
                i18n.text("tab_scores", lang),
                _labelled(_scores_frame(ranked, _withheld_indicators(by_department, table, kpi, reviewed)), ctx),
                i18n.text("weights_note", lang, weights=weights),
            )
        )
    return found, actions, tables


def _withheld_indicators(
    by_department: pd.DataFrame, review: pd.DataFrame, kpi: Published, reviewed: Published
) -> pd.Series:
    """Departments with a score indicator that is defined but withheld (blank) in the KPI table
    ``kpi`` or the compliance table ``reviewed``."""
    index = by_department.index
    rates = kpi.suppressed.frame.reindex(index)[SCORE_RATES].isna() & by_department[SCORE_RATES].notna()
    rate = reviewed.suppressed.frame["compliance_rate"].reindex(index)
    return rates.any(axis=1) | (rate.isna() & review["compliance_rate"].reindex(index).notna())


def _scores_frame(scores: pd.DataFrame, withheld: pd.Series) -> pd.DataFrame:
    """Score (one decimal) and rank of :func:`~governance_analytics.cases.assessment.team_scores`,
    blank in every row where an indicator behind the score is withheld: with the weights printed, a
    score and the other indicators would give the withheld one back. The other rows are ranked among
    themselves (1 = best, ties share the lower rank) and listed first, the blank ones after them in
    label order, so that neither a gap in the ranks nor a row's place tells where a blank score lies."""
    keep = ~withheld.reindex(scores.index, fill_value=True).astype(bool)
    score = scores["score"].where(keep)
    rank = score.rank(ascending=False, method="min")
    out = pd.DataFrame(
        {
            "score": pd.Series([round(v, 1) if pd.notna(v) else None for v in score], index=scores.index, dtype=object),
            "rank": pd.Series([int(r) if pd.notna(r) else None for r in rank], index=scores.index, dtype=object),
        }
    )
    shown = out[keep].iloc[np.argsort(rank[keep].fillna(np.inf).to_numpy(), kind="stable")]
    return pd.concat([shown, out[~keep].sort_index()])


def _published_table(key: str, title: str, frame: pd.DataFrame, ctx: ReportContext, **options) -> Table:
    """A :func:`publish_table` table with its disclosure note."""
    published = publish_table(frame, lang=ctx.lang, threshold=ctx.threshold, **options)
    return Table(key, title, published.frame, published.note)


def _states_review_totals(table: pd.DataFrame, threshold: int) -> bool:
    """Whether the review's finding is stated — and with it the files flagged and reviewed in all
    (:func:`_review`): at least ``threshold`` files flagged, and as many with the commonest flag."""
    return int(table["n_flagged"].sum()) >= threshold and int(table[list(FLAGS)].sum().max()) >= threshold


def _compliance_publication(
    table: pd.DataFrame, kpi: Publication, *, threshold: int
) -> tuple[Publication, list[Constraint]]:
    """Files reviewed and flagged per department, declared. A department's file count repeats its KPI
    count of cases reported (:func:`_with_repeats`), so all files are the KPI table's cases reported
    (withheld there or not, by the same ledger); files = flagged + compliant (not shown); and the
    review finding, where it is stated, publishes all files and all flagged."""
    shown = table[["n_files", "n_flagged", "compliance_rate"]]
    counts = shown.assign(n_compliant=shown["n_files"] - shown["n_flagged"])
    counts, rests, relations = _with_repeats("compliance", counts, kpi)
    stated = ("n_files", "n_flagged") if _states_review_totals(table, threshold) else ()
    constraints = [known_total(counts, column=c, value=counts[c].sum()) for c in stated]
    constraints += row_totals(counts, total="n_files", parts=["n_flagged", "n_compliant"])
    declared = publication(
        "compliance",
        counts,
        percent=["compliance_rate"],
        counts=["n_files", "n_flagged"],
        derived={"compliance_rate": ["n_files", "n_flagged"]},
        constraints=constraints,
        unpublished=["n_compliant", *rests],
    )
    return declared, relations


def _weights_text(weights: dict[str, float], lang: str) -> str:
    return ("，" if lang == "zh" else ", ").join(f"{i18n.label(k, lang)} {w:g}" for k, w in weights.items())


def _impact(ctx: ReportContext) -> tuple[list[str], list[Recommendation], list[Figure], list[Table]]:
    lang = ctx.lang
    found: list[str] = []
    actions: list[Recommendation] = []
    figures: list[Figure] = []
    tables: list[Table] = []
    interventions = ctx.table("interventions")
    if ctx.interventions is not None:
        interventions = interventions[interventions["intervention"].isin(ctx.interventions)]
    cells = ctx.table("grid_cells")["cell_id"] if ctx.has("grid_cells") else None
    last = ctx.period.start + pd.DateOffset(months=ctx.period.months - MIN_POST_MONTHS)
    for name, rows in interventions.groupby("intervention", sort=True):
        start = rows["start"].min()
        if start > last:
            continue
        result = evaluate_intervention(
            ctx.table("cases"), interventions, name=name, cells=cells, end=ctx.period.end, alpha=ctx.alpha
        )
        est, matched, pre = result.did, result.matched, result.event_study.pretrend
        action = impact_action(
            est.rate_ratio_ci, matched.rate_ratio_ci if matched else None, pre.p_value, alpha=ctx.alpha
        )
        found.append(
            i18n.text(
                "finding_impact",
                lang,
                name=name,
                start=i18n.date(start, lang),
                category=i18n.label(result.category or "", lang),
                direction=i18n.text("up" if est.rate_ratio >= 1 else "down", lang),
                pct=i18n.percent(abs(est.rate_ratio - 1), lang),
                rr=f"{est.rate_ratio:.2f}",
                low=f"{est.rate_ratio_ci[0]:.2f}",
                high=f"{est.rate_ratio_ci[1]:.2f}",
                rr_matched=f"{matched.rate_ratio:.2f}" if matched else "—",
                pretrend=i18n.p_value(pre.p_value),
            )
        )
        actions.append(recommend(action, found[-1], lang, name=name))
        rows_shown = [("comparison_all", est)] + ([("comparison_matched", matched)] if matched else [])
        tables.append(
            Table(
                f"impact_{len(tables)}",
                f"{i18n.text('tab_impact', lang)}：{name}"
                if lang == "zh"
                else f"{i18n.text('tab_impact', lang)}: {name}",
                pd.DataFrame(
                    [
                        {
                            i18n.label("comparison", lang): i18n.text(key, lang),
                            i18n.label("n_treated", lang): r.n_treated,
                            i18n.label("n_comparison", lang): r.n_comparison,
                            i18n.label("rate_ratio", lang): round(r.rate_ratio, 3),
                            i18n.label("rate_ratio_ci", lang): f"{r.rate_ratio_ci[0]:.3f}–{r.rate_ratio_ci[1]:.3f}",
                            i18n.label("p_value", lang): i18n.p_value(r.p_value),
                        }
                        for key, r in rows_shown
                    ]
                ),
            )
        )
        events = result.event_study.table
        tables.append(
            Table(
                f"event_study_{len(figures)}",
                i18n.text("tab_event_study", lang),
                pd.DataFrame(
                    {
                        i18n.label("rel_period", lang): events["rel_period"],
                        i18n.label("rate_ratio", lang): events["rate_ratio"].round(3),
                        i18n.label("rate_ratio_ci", lang): [
                            f"{lo:.3f}–{hi:.3f}" if pd.notna(lo) else "—"
                            for lo, hi in zip(events["rate_ratio_low"], events["rate_ratio_high"])
                        ],
                    }
                ),
            )
        )
        title = i18n.text("fig_event_study", lang, name=name)
        figures.append(
            Figure(
                f"event_study_{len(figures)}",
                title,
                event_study_figure(
                    result.event_study.table,
                    title=title,
                    xlabel=i18n.text("fig_event_x", lang),
                    ylabel=i18n.text("fig_event_y", lang),
                    ratio=True,
                ),
            )
        )
    return found, actions, figures, tables


def _min_cases(ctx: ReportContext) -> int:
    """Fewest closed cases for time to closure and per ranked department: the study's setting, and
    never fewer than the disclosure threshold."""
    return max(ctx.threshold, ctx.studies.handling.min_cases)


def _adequacy(ctx: ReportContext) -> dict[str, str | None]:
    """For each part of the section, ``None`` when the data support it, else the one-line reason
    (:func:`~governance_analytics.cases.handling_study.handling_needs`, checked before anything is
    computed; parts need at least the disclosure threshold of cases)."""
    needs = handling_needs(ctx.table("cases"), period=ctx.period, min_cases=_min_cases(ctx))
    return {
        part: None if need is None else i18n.text(need.code, ctx.lang, n=need.n)
        for part, need in needs.items()
        if part != "change"
    }


@register("handling", requires=("cases",), order=20)
def build(ctx: ReportContext) -> Draft:
    """The case-handling section; each part the data cannot support is left out with its reason. The
    KPI, ranking and compliance tables are declared to the ledger, with the counts they repeat."""
    require_cases(ctx)  # nothing to count, map or rate without a case in the period
    cases = ctx.table("cases")
    period_cases = cases[ctx.period.contains(cases["created_at"])]
    needs = _adequacy(ctx)
    by_department, kpi = _kpi_publication(period_cases, ctx)
    survival = _survival(period_cases, ctx) if needs["survival"] is None else ([], [], None)
    review = compliance(period_cases, as_of=_as_of(ctx))
    repeats = [_compliance_publication(review, kpi, threshold=ctx.threshold)]
    repeats += [_ranking_publication(survival[2], kpi)] if survival[2] is not None else []

    def finish(ledger: Mapping[str, Suppressed]) -> Section:
        published = {
            key: show_table(ledger[key], lang=ctx.lang, threshold=ctx.threshold, percent=percent)
            for key, percent in ((KPI_TABLE, KPI_RATES), ("compliance", ["compliance_rate"]), ("ranking", []))
            if key in ledger
        }
        return _section(ctx, needs, survival[:2], by_department, review, published)

    return Draft((kpi, *(p for p, _ in repeats)), finish, tuple(r for _, relations in repeats for r in relations))


#: The KPI columns that count or rate cases come due (GB/T 30428.4's 应结案 and what follows from it).
DUE_BASED = ["n_due", "n_closed", "n_closed_on_time", "closure_rate", "on_time_closure_rate"]


def _kpi_table(kpi: Published, ctx: ReportContext) -> Table:
    """The KPI table; without a case come due in the period (an export without due times, say) its
    due-based columns are all zero or undefined — they would read as "nothing closed" — and are left
    out, with the reason in the note."""
    frame, note = kpi.frame, kpi.note
    if (kpi.suppressed.frame["n_due"] == 0).all():  # zeros are never withheld
        frame = frame.drop(columns=[i18n.label(c, ctx.lang) for c in DUE_BASED])
        note = " ".join([i18n.text("note_kpis_no_due", ctx.lang), note]).strip()
    return Table(KPI_TABLE, i18n.text("tab_kpis", ctx.lang, period=ctx.period.label), frame, note)


def _section(
    ctx: ReportContext,
    needs: dict[str, str | None],
    survival: tuple[list[str], list[Figure]],
    by_department: pd.DataFrame,
    review: pd.DataFrame,
    published: dict[str, Published],
) -> Section:
    """The section, given its tables as the ledger suppressed them (``published``, by key)."""
    lang = ctx.lang
    omitted = [reason for reason in dict.fromkeys(needs.values()) if reason]
    kpi = published[KPI_TABLE]
    kpi_table = _kpi_table(kpi, ctx)
    found, actions = _kpi_findings(ctx, kpi) if needs["on_time"] is None else ([], [])
    summary = list(found)
    figures: list[Figure] = []
    tables = [kpi_table]
    if needs["control"] is None:
        control_found, figures = _control(ctx)
        found += control_found
    found += survival[0]
    figures += survival[1]
    if "ranking" in published:
        ranking = published["ranking"]
        tables.append(Table("ranking", i18n.text("tab_ranking", lang), ranking.frame, ranking.note))
    review_found, review_actions, review_tables = _review(
        review, by_department, ctx, kpi, published["compliance"], scores=needs["scores"] is None
    )
    found += review_found
    actions += review_actions
    tables += review_tables
    methods = [
        i18n.text("method_kpis", lang),
        i18n.text("method_control_chart", lang),
        i18n.text("method_survival", lang),
        i18n.text("method_review", lang, max_rework=1, minutes=30),
        i18n.text("method_score", lang, weights=_weights_text(DEFAULT_WEIGHTS, lang)),
    ]
    if ctx.has("interventions"):
        impact_found, impact_actions, impact_figures, impact_tables = _impact(ctx)
        found += impact_found
        summary += impact_found
        actions += impact_actions
        figures += impact_figures
        tables += impact_tables
        methods.append(i18n.text("method_did", lang))
    return Section(
        "handling",
        i18n.text("handling", lang),
        i18n.text("handling_intro", lang, period=ctx.period.label),
        found,
        figures,
        tables,
        methods,
        summary=summary,
        recommendations=actions,
        omitted=omitted,
    )
