"""The conclusions the study notebooks end with, worded from the study objects in zh or en.

A notebook's closing sentences are findings like the report's: each number comes from the package's
results and each direction (gained or lost, outgrew or not) from the numbers, never from the text. So
they are written here, tested, and the notebooks (02 population pressure, 03 participation) call
them; the phrases are in :mod:`governance_analytics.reporting.i18n`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from governance_analytics.population.prefectures import CoreOuterSummary
from governance_analytics.population.pressure import Dispersal
from governance_analytics.population.scenarios import DispersalScenario
from governance_analytics.reporting import i18n

__all__ = [
    "commuting_dependence",
    "core_dispersal",
    "fixed_boundaries",
    "participation_conclusions",
    "relief_scenario",
]


def _signed(key_up: str, key_down: str, value: float, lang: str) -> str:
    return i18n.text(key_up if value >= 0 else key_down, lang)


def _pct(share: float, lang: str, digits: int = 1) -> str:
    return i18n.percent(abs(share), lang, digits)


def _often(gap: pd.Series, lang: str) -> str:
    """ "more" or "less": a group's rate (``rate_group``) against the reference group's."""
    return _signed("nb03_more_often", "nb03_less_often", gap["rate_group"] - gap["rate_reference"], lang)


def _signed_points(diff: float, lang: str) -> str:
    """A difference of two shares in percentage points with its sign: ``+2.0 个百分点``, ``−2.0 …``."""
    return ("+" if diff >= 0 else "−") + i18n.points(diff, lang)


def _joined(items: Sequence[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def core_dispersal(beijing: Dispersal, shanghai: Dispersal, gained: Mapping[str, Sequence[str]], lang: str) -> str:
    """Did the cores of Beijing and Shanghai lose residents to the rest of the city (2010–2020)?

    The verdict is "dispersed" only when Beijing's core lost residents while the rest of the city
    gained, and Shanghai's core lost residents too; every count and share is unsigned, its direction
    worded from its sign. ``gained``: the
    districts that gained the most residents, by city (``"Beijing"``, ``"Shanghai"``).
    """
    dispersed = beijing.core_change < 0 < beijing.rest_change and shanghai.core_change_pct < 0
    return i18n.text(
        "nb02_core",
        lang,
        core_direction=_signed("nb02_gained", "nb02_lost", beijing.core_change, lang),
        core_change=i18n.number(abs(beijing.core_change), lang),
        core_pct=f"{beijing.core_change_pct:+.1%}",
        metro_direction=_signed("nb02_grew", "nb02_shrank", beijing.metro_change, lang),
        metro_change=i18n.number(abs(beijing.metro_change), lang),
        rest_direction=_signed("nb02_gained", "nb02_lost", beijing.rest_change, lang),
        rest_change=i18n.number(abs(beijing.rest_change), lang),
        sh_direction=_signed("nb02_rose", "nb02_fell", shanghai.core_change_pct, lang),
        sh_pct=_pct(shanghai.core_change_pct, lang),
        verdict=i18n.text("nb02_dispersed" if dispersed else "nb02_not_dispersed", lang),
        gained_bj=_joined(gained["Beijing"], lang),
        gained_sh=_joined(gained["Shanghai"], lang),
    )


def commuting_dependence(dependence: float, types: pd.Series, lang: str) -> str:
    """The share of a new-town ring's workers who commute to the core, and how many of its districts
    are dormitories or independent (``types``: :func:`~governance_analytics.population.commuting.classify_satellites`'s
    ``type`` per district)."""
    return i18n.text(
        "nb02_hk",
        lang,
        dependence=_pct(dependence, lang),
        n_dormitory=int((types == "dormitory").sum()),
        n_independent=int((types == "independent").sum()),
        n=len(types),
    )


def fixed_boundaries(national: CoreOuterSummary, lang: str) -> str:
    """Whether prefectures' rings outgrew their cores (the ring outgrew the core when it grew faster
    in more than half of the ranked prefectures), and what counting converted counties as core growth
    would report instead of growth on fixed boundaries."""
    return i18n.text(
        "nb02_national",
        lang,
        outgrew=i18n.text("nb02_outgrew" if national.share_outer_faster > 0.5 else "nb02_not_outgrew", lang),
        share=_pct(national.share_outer_faster, lang, 0),
        n=i18n.number(national.n_ranked, lang),
        core=f"{national.median_core_cagr:+.2%}",
        ring=f"{national.median_outer_cagr:+.2%}",
        own=f"{national.converted_core_cagr_own:+.2%}",
        fixed=f"{national.converted_core_cagr:+.2%}",
    )


def relief_scenario(
    city: str,
    types: pd.Series,
    unit_names: Mapping[str, str],
    scenario: DispersalScenario,
    variants: Mapping[float, DispersalScenario],
    *,
    share: float,
    lang: str,
) -> str:
    """What moving ``share`` of the core's residents to the satellites does: the units relieved, and
    commuting into the core and the mean trip before the move, with no jobs following (``variants[0.0]``)
    and with half the core's jobs following (``variants[0.5]``). ``types``: the satellites' types."""
    before, none, half = scenario.summary, variants[0.0].summary, variants[0.5].summary
    dormitories = [unit_names[u] for u in types.index[types == "dormitory"]]
    relieved = scenario.units.loc[scenario.relieved, "unit_name"].tolist()
    return i18n.text(
        "nb02_scenario",
        lang,
        city=city,
        n_dormitory=len(dormitories),
        n_satellites=len(types),
        dormitories=_joined(dormitories, lang) or "—",
        share=_pct(share, lang, 0),
        moved=i18n.number(before["persons_moved"], lang),
        relief=i18n.text("nb02_relieved", lang, units=_joined(relieved, lang))
        if relieved
        else i18n.text("nb02_not_relieved", lang),
        into_before=i18n.number(before["commuters_into_core_before"], lang),
        into_none=i18n.number(none["commuters_into_core_after"], lang),
        km_before=f"{before['mean_commute_km_before']:.1f}",
        km_none=f"{none['mean_commute_km_after']:.1f}",
        into_half=i18n.number(half["commuters_into_core_after"], lang),
        km_half=f"{half['mean_commute_km_after']:.1f}",
    )


def participation_conclusions(
    *,
    indicators: pd.Series,
    by_hukou: pd.Series,
    gains: pd.DataFrame,
    gaps: pd.DataFrame,
    education: pd.DataFrame,
    committees: pd.DataFrame,
    channel_labels: Mapping[str, str],
    lang: str,
) -> list[str]:
    """The five readings of the participation study for the Demo City's questionnaire.

    Parameters
    ----------
    indicators, by_hukou
        Estimates of the participation indicators, overall and by ``(hukou, indicator)``.
    gains
        :func:`~governance_analytics.participation.contrasts.channel_gains` by hukou (target local).
    gaps
        Channel rates of migrants against locals, by ``(channel, group)`` (``rate_group``,
        ``rate_reference``).
    education
        Odds ratios of the education levels (``odds_ratio`` by level).
    committees
        The committee check by year (``share_meeting_rule``, ``seats_short``); the last year is read.
    channel_labels
        Display name of each channel.
    """
    pct = lambda x: _pct(x, lang, 0)  # noqa: E731
    top = gains.sort_values("gain", ascending=False).index[:3]
    meeting, last = gains.loc["p_meeting"], committees.iloc[-1]
    hotline, online = gaps.loc[("p_hotline", "migrant")], gaps.loc[("p_online", "migrant")]
    odds = float(education.loc["postgraduate", "odds_ratio"])
    enthusiasm = {group: by_hukou[(group, "enthusiasm")] for group in ("local", "migrant")}
    largest = [
        i18n.text("nb03_gain", lang, channel=channel_labels[c], gain=_signed_points(gains.loc[c, "gain"], lang))
        for c in top
    ]
    return [
        i18n.text(
            "nb03_conclusion_migrants",
            lang,
            direction=_signed(
                "nb03_higher",
                "nb03_lower",
                by_hukou[("migrant", "enthusiasm")] - by_hukou[("local", "enthusiasm")],
                lang,
            ),
            migrant=pct(enthusiasm["migrant"]),
            local=pct(enthusiasm["local"]),
            target=_pct(meeting["rate_target"], lang),
            rate=_pct(meeting["rate"], lang),
            gain=_signed_points(meeting["gain"], lang),
            low=f"{100 * meeting['ci_low']:.1f}",
            high=f"{100 * meeting['ci_high']:.1f}",
            largest=_joined(largest, lang),
        ),
        i18n.text(
            "nb03_conclusion_channels",
            lang,
            hotline_direction=_often(hotline, lang),
            online_direction=_often(online, lang),
            hotline=pct(hotline["rate_group"]),
            hotline_local=pct(hotline["rate_reference"]),
            online=pct(online["rate_group"]),
            online_local=pct(online["rate_reference"]),
        ),
        i18n.text(
            "nb03_conclusion_rules",
            lang,
            rules=pct(indicators["aware_rules"]),
            rules_migrant=pct(by_hukou[("migrant", "aware_rules")]),
            rights=pct(indicators["aware_rights"]),
            odds=f"{odds:.1f}",
            odds_direction=i18n.text("nb03_rise" if odds > 1 else "nb03_fall", lang),
        ),
        i18n.text(
            "nb03_conclusion_level",
            lang,
            level=_pct(indicators["level_participants"], lang),
            single=pct(1 - indicators["multi_channel_share"]),
        ),
        i18n.text(
            "nb03_conclusion_committees",
            lang,
            year=committees.index[-1],
            share=pct(last["share_meeting_rule"]),
            seats=int(last["seats_short"]),
        ),
    ]
