"""Public participation: rates by channel, the ladder, the four-problem indicators, the hukou gap.

Numbers come from :mod:`governance_analytics.participation` (design-based, equal to R ``survey``);
this module chooses what to show, words it and draws it. Every published figure is a weighted
estimate with its interval; the unweighted respondent count behind each is at least the disclosure
threshold, or the figure is not shown.
"""

from __future__ import annotations

import pandas as pd

from governance_analytics.errors import SectionSkipped
from governance_analytics.participation import SurveyDesign
from governance_analytics.participation.channels import channel_rates, with_any_channel
from governance_analytics.participation.contrasts import compare_groups
from governance_analytics.participation.indicators import participation_indicators
from governance_analytics.participation.ladder import ARNSTEIN_TIERS, NONE, ladder_distribution, ladder_mapping
from governance_analytics.participation.survey_design import canonical_design
from governance_analytics.reporting import i18n
from governance_analytics.reporting.actions import recommend
from governance_analytics.reporting.content import Figure, Recommendation, Section, Table
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.display import display_table
from governance_analytics.reporting.figures.participation import channel_rates_figure, ladder_figure
from governance_analytics.reporting.sections._registry import register


def _estimates(table: pd.DataFrame, ctx: ReportContext, label: str) -> pd.DataFrame:
    """Label, estimate and interval as percentages, hidden where fewer than ``threshold`` respondents."""
    shown = table.assign(**{label: table[f"label_{ctx.lang}"]})
    shown = shown[[label, "estimate", "ci_low", "ci_high", "n"]].set_index(label)
    small = shown["n"] < ctx.threshold
    shown.loc[small, ["estimate", "ci_low", "ci_high"]] = float("nan")
    return display_table(
        shown.drop(columns="n"), lang=ctx.lang, threshold=ctx.threshold, percent=["estimate", "ci_low", "ci_high"]
    )


def _tier_labels(lang: str) -> dict[str, str]:
    """Arnstein's tiers and "none" in ``lang``, for the ladder's legend."""
    position = 0 if lang == "zh" else 1
    return {NONE[0]: NONE[1 + position], **{key: names[position] for key, names in ARNSTEIN_TIERS.items()}}


def _findings(
    ctx: ReportContext, design: SurveyDesign, indicators: pd.DataFrame
) -> tuple[list[str], list[str], list[Recommendation]]:
    """Findings; the migrant–local gap (a comparison) also goes to the summary, with its rule's action."""
    lang, survey = ctx.lang, ctx.table("survey")
    summary, actions = [], []
    enthusiasm, power = indicators.loc["enthusiasm"], indicators.loc["level_all"]
    found = [
        i18n.text(
            "finding_enthusiasm",
            lang,
            rate=i18n.percent(enthusiasm["estimate"], lang),
            low=i18n.percent(enthusiasm["ci_low"], lang),
            high=i18n.percent(enthusiasm["ci_high"], lang),
            power=i18n.percent(power["estimate"], lang),
        )
    ]
    if (
        "hukou" in survey
        and {"local", "migrant"} <= set(survey["hukou"])
        and (survey["hukou"] == "migrant").sum() >= ctx.threshold
    ):
        gap = compare_groups(design, "participated_any", by="hukou", reference="local").loc["migrant"]
        if gap["p_value"] < ctx.alpha and gap["difference"] < 0:
            found.append(
                i18n.text(
                    "finding_gap",
                    lang,
                    group=i18n.percent(gap["estimate_group"], lang),
                    reference=i18n.percent(gap["estimate_reference"], lang),
                    points=i18n.points(gap["difference"], lang),
                    p=i18n.p_value(gap["p_value"]),
                )
            )
            summary.append(found[-1])
            actions.append(recommend("participation_gap", found[-1], lang))
    if {"aware_rights", "aware_rules"} <= set(indicators.index):
        found.append(
            i18n.text(
                "finding_awareness",
                lang,
                rights=i18n.percent(indicators.loc["aware_rights", "estimate"], lang),
                rules=i18n.percent(indicators.loc["aware_rules", "estimate"], lang),
            )
        )
    return found, summary, actions


@register("participation", requires=("survey",), order=40)
def build(ctx: ReportContext) -> Section:
    """The public-participation section."""
    lang, spec = ctx.lang, ctx.studies.participation
    channels = list(spec.channels)
    missing = [c for c in channels if c not in ctx.table("survey")]
    if missing:
        raise SectionSkipped(i18n.text("skip_no_channels", lang, columns=", ".join(missing)))
    survey = with_any_channel(ctx.table("survey"), channels)
    design = canonical_design(survey)
    rates = channel_rates(design, channels=channels, labels=spec.channels)
    label = f"label_{lang}"
    figures = [
        Figure(
            "channel_rates",
            i18n.text("fig_channel_rates", lang),
            channel_rates_figure(rates, title=i18n.text("fig_channel_rates", lang), xlabel="%", label_column=label),
        )
    ]
    tables = [Table("channels", i18n.text("tab_channels_rates", lang), _estimates(rates, ctx, "participation_channel"))]
    intro = i18n.text(
        "participation_intro",
        lang,
        n=i18n.number(len(survey), lang),
        psus=i18n.number(survey["psu"].nunique() if "psu" in survey else len(survey), lang),
    )
    if not spec.has_ladder:  # the level indicators and the ladder need every channel's rung
        return Section(
            "participation",
            i18n.text("participation", lang),
            intro,
            [],
            figures,
            tables,
            [i18n.text("method_survey", lang)],
            omitted=[i18n.text("omit_ladder", lang)],
        )
    awareness = (
        list(spec.awareness)
        if spec.awareness is not None
        else [c for c in ("aware_rights", "aware_rules") if c in survey]
    )
    indicators = participation_indicators(design, channels=channels, mapping=spec.ladder, awareness=awareness)
    ladder = ladder_distribution(design, ladder_mapping(spec.ladder), level="tier")
    figures.append(
        Figure(
            "ladder",
            i18n.text("fig_ladder", lang),
            ladder_figure(
                ladder,
                title=i18n.text("fig_ladder", lang),
                xlabel=i18n.text("share", lang),
                label_column=label,
                tier_labels=_tier_labels(lang),
            ),
        )
    )
    tables.append(
        Table(
            "indicators",
            i18n.text("tab_indicators", lang),
            _estimates(indicators[~indicators.index.isin(["channels_per_part", "channel_entropy"])], ctx, "indicator"),
        )
    )
    found, summary, actions = _findings(ctx, design, indicators)
    return Section(
        "participation",
        i18n.text("participation", lang),
        intro,
        found,
        figures,
        tables,
        [i18n.text("method_survey", lang)],
        summary=summary,
        recommendations=actions,
    )
