"""Participation rates by channel — overall and by group — and the design-based gaps between groups.

The eight channels of issue 7 and their survey columns (0/1: took part in the last 12 months):

=================  ============  ======================================  =========================
column             zh            en                                      what it records
=================  ============  ======================================  =========================
``p_hearing``      听证会        public hearing                          attended a public hearing
``p_consultation`` 征求意见      consultation / comment on plans         commented on a draft
``p_notice``       公示          read public notices                     read a public notice
``p_hotline``      12345热线     12345 hotline                           called / wrote to 12345
``p_online``       网上平台      online platform                         used an online platform
``p_volunteer``    志愿服务      volunteering                            volunteered
``p_meeting``      居民会议      residents' meeting                      attended a residents' meeting
``p_committee``    治理委员会    governance committee member             sat on a governance committee
=================  ============  ======================================  =========================

(:data:`CHANNEL_LABELS`; the Demo City's survey uses the same columns and labels.) A rate is the
design-based proportion of the adult population who used the channel, with R ``svyciprop``'s logit
interval by default (:meth:`SurveyDesign.proportion`). A gap is the difference of two groups' rates
with its standard error from the joint linearisation of both domains
(:func:`~governance_analytics.participation.contrasts.compare_groups`): the groups share PSUs, so their
estimates are correlated and the gap's SE is not :math:`\\sqrt{se_a^2 + se_b^2}`.

What a gap is worth: :func:`channel_gains` estimates how much a channel's population rate would rise
if every group took part at a target group's rate, :math:`\\Delta = \\bar y_{target} - \\bar y =
\\sum_g (\\hat N_g / \\hat N)(\\bar y_{target} - \\bar y_g)` (direct standardisation to the target's
rate), with its linearised SE — a smooth function of four totals (R ``svycontrast(svytotal(~y_t + d_t
+ y + one), quote(y_t / d_t - y / one))``).

Reference: Lumley, T. (2010) *Complex Surveys*, Wiley, §2.3 (domains), §5.2 (comparing domains).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd

from governance_analytics.participation._estimation import DesignEstimators
from governance_analytics.participation._intervals import wald
from governance_analytics.participation._smooth import function_of_totals
from governance_analytics.participation.contrasts import compare_groups
from governance_analytics.schemas import PARTICIPATION_CHANNELS

__all__ = [
    "ANY_CHANNEL",
    "CHANNELS",
    "CHANNEL_LABELS",
    "channel_gains",
    "channel_gaps",
    "channel_rates",
    "with_any_channel",
]

#: Survey column → (Chinese, English) label of the eight participation channels (the survey schema's).
CHANNEL_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(dict(PARTICIPATION_CHANNELS))
CHANNELS: tuple[str, ...] = tuple(CHANNEL_LABELS)

#: The column saying whether a respondent took part through any channel.
ANY_CHANNEL = "participated_any"


def with_any_channel(survey: pd.DataFrame, channels: Sequence[str] = CHANNELS) -> pd.DataFrame:
    """``survey`` with :data:`ANY_CHANNEL` — 1 when the respondent took part through at least one of
    ``channels``, 0 when through none, missing when every channel answer is missing — added where the
    survey lacks it (a survey that has it keeps its own).

    Raises
    ------
    ValueError
        Naming the channel columns the survey lacks.
    """
    missing = [c for c in channels if c not in survey]
    if missing:
        raise ValueError(f"survey: no channel column(s) {missing}; the survey has {list(survey.columns)}")
    if ANY_CHANNEL in survey:
        return survey
    answers = survey[list(channels)].apply(pd.to_numeric, errors="coerce")
    return survey.assign(**{ANY_CHANNEL: (answers.max(axis=1) > 0).astype(float).where(answers.notna().any(axis=1))})


_RATE_COLUMNS = ["label_zh", "label_en", "estimate", "se", "ci_low", "ci_high", "deff", "df", "n"]


def _labels(channels: Sequence[str], labels: Mapping[str, tuple[str, str]] | None) -> dict[str, tuple[str, ...]]:
    # channel → (Chinese, English); ``tuple`` also takes a label given as a list
    labels = CHANNEL_LABELS if labels is None else labels
    return {c: tuple(labels.get(c, (c, c))) for c in channels}


def channel_rates(
    design: DesignEstimators,
    *,
    channels: Sequence[str] = CHANNELS,
    by: str | Sequence[str] = (),
    labels: Mapping[str, tuple[str, str]] | None = None,
    method: str = "logit",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Participation rate of every channel, for the whole population and for the groups of each ``by``.

    Parameters
    ----------
    design
        Survey design whose data hold the 0/1 channel columns.
    channels
        The channel columns, in display order (default :data:`CHANNELS`).
    by
        Grouping column(s) (``"hukou"``, ``["district", "age_group"]``): each adds one block of rows,
        one per group and channel; groups are domains of the full design (never a subset of rows).
    labels
        Column → (zh, en) display labels; default :data:`CHANNEL_LABELS` (unknown columns: their name).
    method
        Interval method of :meth:`SurveyDesign.proportion` (``"logit"``, ``"beta"``, ...).
    alpha
        Intervals are :math:`1-\\alpha`.

    Returns
    -------
    DataFrame
        One row per (group, level, channel); index ``group`` (``"all"`` for the population, else the
        ``by`` column), ``level`` (``"all"``, else the group's value), ``channel``; columns
        ``label_zh``, ``label_en``, ``estimate`` (the rate), ``se``, ``ci_low``, ``ci_high``,
        ``deff``, ``df``, ``n`` (respondents in the group).
    """
    names = _labels(channels, labels)
    groups = [by] if isinstance(by, str) else list(by)
    blocks = []
    for group in [None, *groups]:
        for channel in channels:
            # a 0/1 (or boolean) column gives one row per group: the proportion of 1 (True)
            table = design.proportion(channel, by=group, method=method, alpha=alpha).reset_index()
            table = table.assign(
                group="all" if group is None else group,
                level=("all" if group is None else table[group].astype(str)),
                channel=channel,
                label_zh=names[channel][0],
                label_en=names[channel][1],
            )
            blocks.append(table[["group", "level", "channel", *_RATE_COLUMNS]])
    return pd.concat(blocks, ignore_index=True).set_index(["group", "level", "channel"])


def channel_gaps(
    design: DesignEstimators,
    *,
    by: str,
    reference: object | None = None,
    channels: Sequence[str] = CHANNELS,
    labels: Mapping[str, tuple[str, str]] | None = None,
    adjust: str | None = "holm",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Difference between each group's and the reference group's rate, per channel, with design-based tests.

    Parameters
    ----------
    design
        Survey design with the channel columns.
    by
        Grouping column (``"hukou"``, ``"district"``, ...).
    reference
        Group compared with; default the first in sorted order (``"local"`` for hukou).
    channels, labels
        As :func:`channel_rates`.
    adjust
        Multiple-testing adjustment of the p-values over all rows (``statsmodels``'
        ``multipletests`` method: ``"holm"`` (default), ``"bonferroni"``, ``"fdr_bh"``, ...; ``None``
        for none).
    alpha
        Intervals are :math:`1-\\alpha` (not adjusted).

    Returns
    -------
    DataFrame
        Index ``channel``, ``level`` (the non-reference groups); columns ``label_zh``, ``label_en``,
        ``reference``, ``rate_group``, ``rate_reference``, ``difference`` (group − reference, in
        proportion points), ``se``, ``t``, ``df`` (design df + 1 − groups, R ``svyttest``), ``p_value``,
        ``p_adjusted``, ``ci_low``, ``ci_high``.
    """
    names = _labels(channels, labels)
    blocks = []
    for channel in channels:
        table = compare_groups(design, channel, by=by, reference=reference, alpha=alpha).reset_index()
        table = table.rename(
            columns={by: "level", "estimate_group": "rate_group", "estimate_reference": "rate_reference"}
        )
        table.insert(0, "channel", channel)
        table.insert(2, "label_zh", names[channel][0])
        table.insert(3, "label_en", names[channel][1])
        blocks.append(table)
    out = pd.concat(blocks, ignore_index=True)
    if adjust is None:
        out["p_adjusted"] = out["p_value"]
    else:
        from statsmodels.stats.multitest import multipletests

        out["p_adjusted"] = multipletests(out["p_value"].to_numpy(), method=adjust)[1]
    columns = [
        "label_zh",
        "label_en",
        "reference",
        "rate_group",
        "rate_reference",
        "difference",
        "se",
        "t",
        "df",
        "p_value",
        "p_adjusted",
        "ci_low",
        "ci_high",
    ]
    return out.set_index(["channel", "level"])[columns]


def channel_gains(
    design: DesignEstimators,
    *,
    by: str,
    target: object,
    channels: Sequence[str] = CHANNELS,
    labels: Mapping[str, tuple[str, str]] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Gain in each channel's population rate if every group of ``by`` took part at the ``target`` group's rate.

    Parameters
    ----------
    design
        Survey design with the 0/1 channel columns (complete: no missing answers).
    by
        Grouping column (``"hukou"``).
    target
        The group whose rate everyone is raised (or lowered) to (``"local"``).
    channels, labels
        As :func:`channel_rates`.
    alpha
        Intervals are :math:`1-\\alpha`, t with the design df.

    Returns
    -------
    DataFrame
        Index ``channel``; columns ``label_zh``, ``label_en``, ``rate`` (population), ``rate_target``
        (the target group's), ``gain`` (``rate_target - rate``; negative where the target group takes
        part less), ``se``, ``ci_low``, ``ci_high``, ``df``.
    """
    names = _labels(channels, labels)
    group = design._get(by)
    if not (group == target).any():
        raise KeyError(f"{target!r} is not a group of {by!r}")
    d = (group == target).to_numpy(dtype=float)
    one = np.ones(len(d))

    def value(T: np.ndarray) -> np.ndarray:
        return np.column_stack([T[:, 0] / T[:, 1] - T[:, 2] / T[:, 3]])

    def gradient(T: np.ndarray) -> np.ndarray:
        return np.array([[1 / T[1]], [-T[0] / T[1] ** 2], [-1 / T[3]], [T[2] / T[3] ** 2]])

    rows = []
    values = design._numeric(list(channels))
    if np.isnan(values).any():
        raise ValueError("channel columns have missing values; channel_gains needs complete answers")
    for j, channel in enumerate(channels):
        y = values[:, j]
        est, cov = function_of_totals(
            design,
            np.column_stack([y * d, d, y, one]),
            value=value,
            gradient=gradient,
            present=np.ones(len(d), dtype=bool),
        )
        se = float(np.sqrt(cov[0, 0]))
        low, high = wald(float(est[0]), se, alpha=alpha, df=design.df)
        rate = float(design.weights @ y / design.weights.sum())
        rows.append(
            {
                "channel": channel,
                "label_zh": names[channel][0],
                "label_en": names[channel][1],
                "rate": rate,
                "rate_target": rate + float(est[0]),
                "gain": float(est[0]),
                "se": se,
                "ci_low": low,
                "ci_high": high,
                "df": float(design.df),
            }
        )
    return pd.DataFrame(rows).set_index("channel")
