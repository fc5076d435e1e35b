"""Arnstein's ladder of citizen participation: map activities to rungs, find each resident's highest rung,
and estimate how the population is distributed across the highest rung (or tier) reached.

Arnstein (1969) orders participation by how much power it gives citizens over the outcome:

==  ===================  ========  =================  ==========
#   rung                 中文      tier               中文
==  ===================  ========  =================  ==========
1   manipulation         操纵      nonparticipation   非参与
2   therapy              治疗      nonparticipation   非参与
3   informing            告知      tokenism           象征性参与
4   consultation         咨询      tokenism           象征性参与
5   placation            安抚      tokenism           象征性参与
6   partnership          合作伙伴  citizen power      公民权力
7   delegated power      授权      citizen power      公民权力
8   citizen control      公民控制  citizen power      公民权力
==  ===================  ========  =================  ==========

The default mapping of the survey's eight channels (:data:`DEFAULT_MAPPING`, reasons in
:data:`MAPPING_RATIONALE`) puts reading notices at *informing*; hearings, consultations, the 12345
hotline and online platforms at *consultation*; residents' meetings and volunteering at *placation*;
a seat on a governance committee at *partnership*. No survey activity is placed at the two
nonparticipation rungs (they describe what powerholders do to residents, not an activity residents
report) nor at delegated power or citizen control (no channel hands residents a majority or full
control). The mapping is a judgement: pass your own (``{"p_volunteer": "therapy", ...}`` or an edited
:func:`ladder_mapping` table) to every function here.

A resident's *highest rung* is the highest rung among the channels they used; residents who used
none are in the category ``"none"`` (未参与), below the ladder. The distribution over highest rungs is a
set of design-based proportions (:meth:`SurveyDesign.proportion` of the category), so the shares sum to
one and each has R ``svyciprop``'s interval.

References: Arnstein, S. R. (1969) "A Ladder of Citizen Participation", *Journal of the American
Institute of Planners* 35(4), 216–224; the domain source (seed, F 3.2.2): 公众参与 "仍然停留在公示、
发表意见、咨询、听证等较低层次" — participation still stays at notices, comments, consultation and
hearings, the tokenism rungs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from governance_analytics.participation._estimation import DesignEstimators
from governance_analytics.participation._smooth import with_columns

__all__ = [
    "ARNSTEIN_RUNGS",
    "ARNSTEIN_TIERS",
    "DEFAULT_MAPPING",
    "MAPPING_RATIONALE",
    "NONE",
    "Rung",
    "highest_rung",
    "ladder_distribution",
    "ladder_mapping",
    "resolve_mapping",
    "rungs_table",
]


@dataclass(frozen=True)
class Rung:
    """One rung of Arnstein's ladder."""

    number: int
    key: str
    label_en: str
    label_zh: str
    tier: str


#: Arnstein's tiers, bottom up: key → (zh, en).
ARNSTEIN_TIERS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "nonparticipation": ("非参与", "nonparticipation"),
        "tokenism": ("象征性参与", "tokenism"),
        "citizen_power": ("公民权力", "citizen power"),
    }
)

#: The eight rungs, bottom (1) to top (8).
ARNSTEIN_RUNGS: tuple[Rung, ...] = (
    Rung(1, "manipulation", "manipulation", "操纵", "nonparticipation"),
    Rung(2, "therapy", "therapy", "治疗", "nonparticipation"),
    Rung(3, "informing", "informing", "告知", "tokenism"),
    Rung(4, "consultation", "consultation", "咨询", "tokenism"),
    Rung(5, "placation", "placation", "安抚", "tokenism"),
    Rung(6, "partnership", "partnership", "合作伙伴", "citizen_power"),
    Rung(7, "delegated_power", "delegated power", "授权", "citizen_power"),
    Rung(8, "citizen_control", "citizen control", "公民控制", "citizen_power"),
)
_BY_KEY = {r.key: r for r in ARNSTEIN_RUNGS}
_BY_NUMBER = {r.number: r for r in ARNSTEIN_RUNGS}

#: Category of residents who used no channel (below the ladder): key, zh, en.
NONE = ("none", "未参与", "did not take part")

#: Default channel → rung (reasons in :data:`MAPPING_RATIONALE`).
DEFAULT_MAPPING: Mapping[str, str] = MappingProxyType(
    {
        "p_notice": "informing",
        "p_hearing": "consultation",
        "p_consultation": "consultation",
        "p_hotline": "consultation",
        "p_online": "consultation",
        "p_meeting": "placation",
        "p_volunteer": "placation",
        "p_committee": "partnership",
    }
)

#: Why each channel sits on its default rung (after Arnstein 1969).
MAPPING_RATIONALE: Mapping[str, str] = MappingProxyType(
    {
        "p_notice": "Reading a public notice (公示) is a one-way flow of information from officials to residents "
        "with no channel for feedback: Arnstein's informing.",
        "p_hearing": "Arnstein names public hearings among the methods of consultation: residents are heard, "
        "with no assurance that their views will change the decision.",
        "p_consultation": "Commenting on a draft plan (征求意见) is consultation in Arnstein's sense: views are "
        "invited, the decision stays with officials.",
        "p_hotline": "A call to 12345 voices a complaint or request; the government decides what to do with it "
        "— consultation, not shared power.",
        "p_online": "Messages and comments on an online platform are voice without a share in the decision: "
        "consultation.",
        "p_meeting": "A residents' meeting (居民会议) lets residents advise and plan, while the street office and "
        "departments keep the right to judge the advice: Arnstein's placation.",
        "p_volunteer": "Volunteers help deliver programmes others designed and gain some say in them, without "
        "power over them: placation (the most debatable mapping; therapy is an alternative).",
        "p_committee": "A seat on a governance committee where residents and officials share planning and "
        "decisions (Nanjing's 城市治理委员会, at least half public members) is Arnstein's partnership: a joint "
        "policy board; officials keep their seats, so not delegated power.",
    }
)


def rungs_table() -> pd.DataFrame:
    """The eight rungs as a table: index ``number``; columns ``key``, ``label_en``, ``label_zh``, ``tier``,
    ``tier_en``, ``tier_zh``."""
    rows = [
        {
            "number": r.number,
            "key": r.key,
            "label_en": r.label_en,
            "label_zh": r.label_zh,
            "tier": r.tier,
            "tier_en": ARNSTEIN_TIERS[r.tier][1],
            "tier_zh": ARNSTEIN_TIERS[r.tier][0],
        }
        for r in ARNSTEIN_RUNGS
    ]
    return pd.DataFrame(rows).set_index("number")


def _rung_of(value: object, channel: str) -> Rung:
    if isinstance(value, Rung):
        return value
    if isinstance(value, (int, np.integer)) and int(value) in _BY_NUMBER:
        return _BY_NUMBER[int(value)]
    key = str(value).strip().lower().replace(" ", "_")
    if key not in _BY_KEY:
        raise ValueError(
            f"channel {channel!r} is mapped to {value!r}, not a rung of Arnstein's ladder: use one of "
            f"{[r.key for r in ARNSTEIN_RUNGS]} or 1-8"
        )
    return _BY_KEY[key]


def resolve_mapping(mapping: Mapping[str, object] | pd.DataFrame | None) -> dict[str, Rung]:
    """Channel → :class:`Rung` from a mapping (rung keys, numbers 1–8 or :class:`Rung`) or a table with
    columns ``channel`` and ``rung`` (:func:`ladder_mapping`'s); ``None`` is :data:`DEFAULT_MAPPING`."""
    if mapping is None:
        mapping = DEFAULT_MAPPING
    if isinstance(mapping, pd.DataFrame):
        if not {"channel", "rung"} <= set(mapping.columns):
            raise ValueError(f"a mapping table needs columns 'channel' and 'rung', got {list(mapping.columns)}")
        mapping = dict(zip(mapping["channel"], mapping["rung"]))
    if not mapping:
        raise ValueError("the mapping is empty: map at least one channel to a rung")
    return {str(ch): _rung_of(v, str(ch)) for ch, v in mapping.items()}


def ladder_mapping(mapping: Mapping[str, object] | pd.DataFrame | None = None) -> pd.DataFrame:
    """The channel → rung mapping as an editable table (a new DataFrame each call).

    Parameters
    ----------
    mapping
        Channel → rung key (or number 1–8); default :data:`DEFAULT_MAPPING`. Edit the returned
        table's ``rung`` column and pass the table back to :func:`highest_rung` or
        :func:`ladder_distribution`.

    Returns
    -------
    DataFrame
        Columns ``channel``, ``rung`` (key), ``rung_number``, ``label_zh``, ``label_en``, ``tier``,
        ``rationale`` (:data:`MAPPING_RATIONALE` where the default applies, else empty).
    """
    rungs = resolve_mapping(mapping)
    rows = []
    for channel, rung in rungs.items():
        default = DEFAULT_MAPPING.get(channel) == rung.key
        rows.append(
            {
                "channel": channel,
                "rung": rung.key,
                "rung_number": rung.number,
                "label_zh": rung.label_zh,
                "label_en": rung.label_en,
                "tier": rung.tier,
                "rationale": MAPPING_RATIONALE.get(channel, "") if default else "",
            }
        )
    return pd.DataFrame(rows)


def highest_rung(survey: pd.DataFrame, mapping: Mapping[str, object] | pd.DataFrame | None = None) -> pd.DataFrame:
    """The highest rung each respondent reached through the channels they used.

    .. math:: r^*_i = \\max\\{\\, r(c) : y_{ic} = 1 \\,\\} \\quad (0 \\text{ if they used none}),

    with :math:`r(c)` the rung number of channel :math:`c` under ``mapping``. A missing answer on a
    channel placed above the rung reached leaves :math:`r^*_i` unknown (missing).

    Parameters
    ----------
    survey
        One row per respondent with the mapped 0/1 channel columns; not modified.
    mapping
        Channel → rung (see :func:`ladder_mapping`); default :data:`DEFAULT_MAPPING`.

    Returns
    -------
    DataFrame
        Same index as ``survey``; columns ``highest_rung_number`` (Int64, 0–8), ``highest_rung`` (rung
        key or ``"none"``) and ``highest_tier`` (tier key or ``"none"``).
    """
    rungs = resolve_mapping(mapping)
    missing = [c for c in rungs if c not in survey.columns]
    if missing:
        raise KeyError(f"mapped channel column(s) {missing} are not in the survey")
    values = np.column_stack(
        [pd.to_numeric(survey[c]).astype("Float64").to_numpy(float, na_value=np.nan) for c in rungs]
    )
    numbers = np.array([r.number for r in rungs.values()])
    used = np.nan_to_num(values, nan=0.0) > 0
    top = np.where(used, numbers, 0).max(axis=1)
    unknown = (np.isnan(values) & (numbers[None, :] > top[:, None])).any(axis=1)
    number = pd.array(np.where(unknown, 0, top), dtype="Int64")
    number[unknown] = pd.NA
    key = {0: NONE[0], **{r.number: r.key for r in ARNSTEIN_RUNGS}}
    tier = {0: NONE[0], **{r.number: r.tier for r in ARNSTEIN_RUNGS}}
    out = pd.DataFrame({"highest_rung_number": number}, index=survey.index)
    out["highest_rung"] = out["highest_rung_number"].map(key).astype(object)
    out["highest_tier"] = out["highest_rung_number"].map(tier).astype(object)
    return out


def ladder_distribution(
    design: DesignEstimators,
    mapping: Mapping[str, object] | pd.DataFrame | None = None,
    *,
    level: str = "rung",
    by: str | Sequence[str] | None = None,
    method: str = "logit",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Share of the population whose highest rung (or tier) is each category, with design-based intervals.

    Parameters
    ----------
    design
        Survey design whose data hold the mapped channel columns.
    mapping
        Channel → rung; default :data:`DEFAULT_MAPPING`.
    level
        ``"rung"`` (``none`` and the eight rungs) or ``"tier"`` (``none`` and the three tiers).
    by
        Domain column(s), as :meth:`SurveyDesign.proportion`.
    method, alpha
        Interval method and level of :meth:`SurveyDesign.proportion`.

    Returns
    -------
    DataFrame
        Index (the ``by`` columns and) ``category`` in ladder order; columns ``label_zh``, ``label_en``,
        ``tier``, ``channels`` (number of channels mapped to the category; 0 means it is empty by
        construction), ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``deff``, ``df``, ``n``.
        Categories nobody reached have estimate 0 and no interval.
    """
    if level not in ("rung", "tier"):
        raise ValueError(f"level must be 'rung' or 'tier', got {level!r}")
    rungs = resolve_mapping(mapping)
    top = highest_rung(design.data, rungs)
    column = f"highest_{level}"
    if level == "rung":
        cats = [(NONE[0], NONE[1], NONE[2], NONE[0])] + [
            (r.key, r.label_zh, r.label_en, r.tier) for r in ARNSTEIN_RUNGS
        ]
        mapped = {r.key: sum(v.key == r.key for v in rungs.values()) for r in ARNSTEIN_RUNGS}
    else:
        cats = [(NONE[0], NONE[1], NONE[2], NONE[0])] + [(k, zh, en, k) for k, (zh, en) in ARNSTEIN_TIERS.items()]
        mapped = {k: sum(v.tier == k for v in rungs.values()) for k in ARNSTEIN_TIERS}
    mapped[NONE[0]] = 0
    augmented = with_columns(design, {column: top[column].to_numpy()})
    with np.errstate(divide="ignore", invalid="ignore"):  # a category nobody in a domain reached: p = 0
        table = augmented.proportion(
            column, by=by, method=method, na_rm=bool(top[column].isna().any()), alpha=alpha
        ).reset_index()
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    table = table.rename(columns={"level": "category"}).drop(columns="variable")
    frames = []
    groups = table.groupby(keys, sort=False) if keys else [((), table)]
    for key, part in groups:
        part = part.set_index("category").reindex([c[0] for c in cats])
        part["estimate"] = part["estimate"].fillna(0.0)
        part["se"] = part["se"].fillna(0.0)
        for k, v in zip(keys, key if isinstance(key, tuple) else (key,)):
            part[k] = v
        part["df"] = part["df"].fillna(part["df"].max())
        part["n"] = part["n"].fillna(part["n"].max()).astype(int)
        frames.append(part.reset_index())
    out = pd.concat(frames, ignore_index=True)
    info = pd.DataFrame(cats, columns=["category", "label_zh", "label_en", "tier"]).assign(
        channels=lambda t: t["category"].map(mapped).astype(int)
    )
    out = out.merge(info, on="category", how="left")
    columns = ["label_zh", "label_en", "tier", "channels", "estimate", "se", "ci_low", "ci_high", "deff", "df", "n"]
    return out.set_index([*keys, "category"])[columns]
