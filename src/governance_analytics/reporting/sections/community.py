"""Community governance: which communities suffer which of the six problems, how sure we are, and types.

Numbers come from :mod:`governance_analytics.community` (``composite``, ``profiles``, ``uncertainty``,
``typology``); this module chooses what to show, words it and draws it. The index is fitted on the
first year of indicators and applied to the latest year at or before the period's end, so a later
report scores communities on the same scale. Community figures are about committees and their
areas, not persons, so no count needs suppressing here.
"""

from __future__ import annotations

import warnings

import pandas as pd

from governance_analytics.community.composite import CompositeIndex
from governance_analytics.community.framework import study_framework
from governance_analytics.community.profiles import dominant_problem
from governance_analytics.community.typology import Typology
from governance_analytics.community.uncertainty import rank_uncertainty
from governance_analytics.errors import SectionSkipped
from governance_analytics.reporting import i18n
from governance_analytics.reporting.actions import COMMUNITY_ACTIONS, recommend
from governance_analytics.reporting.content import Figure, Recommendation, Section, Table
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.figures.community import rank_interval_figure, typology_map
from governance_analytics.reporting.sections._registry import register

N_DRAWS = 200
N_WORST = 3


def _years(indicators: pd.DataFrame, ctx: ReportContext) -> tuple[int, int]:
    years = sorted(indicators["year"].unique())
    usable = [y for y in years if y <= ctx.period.last_day.year]  # years up to the period's last day
    if not usable:  # every year of indicators is later than the period: nothing to say about it
        raise SectionSkipped(i18n.text("community_no_year", ctx.lang, first=int(years[0]), period=ctx.period.label))
    reference = ctx.studies.community.reference_year
    if reference is not None and reference not in years:
        raise ValueError(
            f"studies.community.reference_year: {reference} is not a year of the community indicators "
            f"({', '.join(map(str, years))})"
        )
    return (reference if reference is not None else years[0]), usable[-1]


def _problem_name(problem: str, framework, lang: str) -> str:
    dims = framework.dimensions
    return dims.loc[problem, f"label_{lang}"] if problem in dims.index else problem


def _dominant(
    scores: pd.DataFrame, reference: pd.DataFrame, framework, reference_year: int, ctx: ReportContext
) -> tuple[list[str], list[Recommendation], Table]:
    """The two most common dominant problems (against the reference year), each with its rule's action."""
    lang = ctx.lang
    dims = [d for d in framework.dimensions.index if d in scores.columns]
    found = dominant_problem(scores[dims], reference=reference[dims])
    counts = found["dominant_problem"].value_counts()
    shown = [p for p in counts.head(2).index if p in COMMUNITY_ACTIONS]
    findings = [
        i18n.text(
            "finding_dominant",
            lang,
            n=int(counts[p]),
            problem=_problem_name(p, framework, lang),
            reference=reference_year,
        )
        for p in shown
    ]
    actions = [recommend(f"community:{p}", f, lang) for p, f in zip(shown, findings)]
    table = pd.DataFrame(
        {
            i18n.label("dominant_problem", lang): [_problem_name(p, framework, lang) for p in counts.index],
            i18n.label("n_communities", lang): counts.to_numpy(),
            i18n.label("suggested_help", lang): [COMMUNITY_ACTIONS.get(p, {}).get(lang, "—") for p in counts.index],
        }
    )
    return findings, actions, Table("dominant", i18n.text("tab_dominant", lang), table)


def _worst(ranks: pd.DataFrame, scores: pd.DataFrame, names: pd.Series, ctx: ReportContext) -> tuple[list[str], Table]:
    lang = ctx.lang
    top = ranks.sort_values("nominal_rank").head(10)
    label = lambda c: names.get(c, c)  # noqa: E731
    worst = top.head(N_WORST)
    sep = "、" if lang == "zh" else ", "
    finding = i18n.text(
        "finding_worst",
        lang,
        names=sep.join(f"“{label(c)}”" for c in worst.index),
        intervals=sep.join(f"{int(r.rank_q05)}–{int(r.rank_q95)}" for r in worst.itertuples()),
    )
    table = pd.DataFrame(
        {
            i18n.label("community", lang): [label(c) for c in top.index],
            i18n.label("index", lang): scores.loc[top.index, "index"].round(1).to_numpy(),
            i18n.label("rank", lang): top["nominal_rank"].astype(int).to_numpy(),
            i18n.label("rank_interval", lang): [f"{int(a)}–{int(b)}" for a, b in zip(top["rank_q05"], top["rank_q95"])],
        }
    )
    return [finding], Table("worst", i18n.text("tab_worst", lang), table)


@register("community", requires=("community_indicators",), order=50)
def build(ctx: ReportContext) -> Section:
    """The community-governance section."""
    lang, indicators = ctx.lang, ctx.table("community_indicators")
    framework = study_framework(ctx.studies.community)
    reference_year, year = _years(indicators, ctx)
    reference, current = indicators[indicators["year"] == reference_year], indicators[indicators["year"] == year]
    model = CompositeIndex(framework).fit(reference)
    scores = model.transform(current).droplevel("year")
    reference_scores = model.transform(reference).droplevel("year")
    communities = ctx.table("communities") if ctx.has("communities") else None
    names = communities.set_index("community_id")["community"] if communities is not None else pd.Series(dtype=str)
    found, actions, dominant_table = _dominant(scores, reference_scores, framework, reference_year, ctx)
    summary = list(found)
    with warnings.catch_warnings():  # geometric draws floor a few later-year scores: expected, documented there
        warnings.simplefilter("ignore", RuntimeWarning)
        uncertainty = rank_uncertainty(reference, data=current, framework=framework, n=N_DRAWS, seed=ctx.seed)
    worst_found, worst_table = _worst(uncertainty.summary, scores, names, ctx)
    found += worst_found
    dims = [d for d in framework.dimensions.index if d in scores.columns]
    typology = Typology(framework, seed=ctx.seed).fit(scores[dims])
    types = typology.types_
    largest = types["size"].idxmax()
    found.append(
        i18n.text(
            "finding_types",
            lang,
            method="k-means",
            k=int(typology.n_clusters_),
            name=types.loc[largest, f"name_{lang}"],
            size=int(types.loc[largest, "size"]),
        )
    )
    title = i18n.text("fig_rank_intervals", lang)
    figures = [
        Figure(
            "rank_intervals",
            title,
            rank_interval_figure(
                uncertainty.summary,
                title=title,
                ylabel=i18n.label("rank", lang),
                nominal_label=i18n.text("rank_nominal", lang),
                median_label=i18n.text("rank_median", lang),
                interval_label=i18n.text("rank_interval_5_95", lang),
                labels=names.to_dict(),
            ),
        )
    ]
    if communities is not None:
        title = i18n.text("fig_typology", lang)
        figures.append(
            Figure(
                "typology",
                title,
                typology_map(communities, typology.labels_, title=title, type_labels=types[f"name_{lang}"].to_dict()),
            )
        )
    type_table = pd.DataFrame(
        {
            i18n.label("type", lang): types[f"name_{lang}"].to_numpy(),
            i18n.label("n_communities", lang): types["size"].to_numpy(),
        }
    )
    tables = [dominant_table, worst_table, Table("types", i18n.text("tab_types", lang), type_table)]
    intro = i18n.text("community_intro", lang, year=year, n=len(scores), reference=reference_year)
    return Section(
        "community",
        i18n.text("community", lang),
        intro,
        found,
        figures,
        tables,
        [i18n.text("method_composite", lang, n=N_DRAWS)],
        summary=summary,
        recommendations=actions,
    )
