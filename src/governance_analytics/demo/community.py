"""Study 4 — which communities suffer which community-governance problem.

Every community of the Demo City is given a planted *dominant problem* — one of the six classic
problems of community governance in :data:`PROBLEMS`, or none (about :data:`NONE_SHARE` of the
communities) — and a severity in :data:`SEVERITY_RANGE`. A latent level per community, problem and
year (higher is worse) is the sum of a background level, the dominant problem's shift
(``severity × DOMINANT_SHIFT``) and a yearly drift; it drives three tables. This module plants the
problems and generates the indicators; the resident messages come from
:mod:`~governance_analytics.demo._messages` and the committee members from
:mod:`~governance_analytics.demo._members`.

``community_indicators``
    One row per community and year (:data:`YEARS`) with two to four indicators per problem
    (:data:`INDICATORS`: problem, direction, labels; :data:`INDICATOR_UNITS`). The dominant problem
    shows in its indicators by a clear margin, with noise; about :data:`MISSING_SHARE` of the values are
    missing and about :data:`OUTLIER_SHARE` are gross entry errors (×10 for counts and rates, a
    percentage typed for a share), so that imputation and winsorising have something to do.
``messages``
    Resident messages (留言) whose topic mix is tilted by the community's dominant problem.
``committee_members``
    Position holders whose yearly exit hazard rises with the ``unstable_staff`` latent level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from governance_analytics.demo._geography import DemoGeography
from governance_analytics.demo._members import ROLES, generate_members
from governance_analytics.demo._messages import TOPIC_BASE, TOPIC_TILTS, TOPICS, generate_messages

__all__ = [
    "generate",
    "PROBLEMS",
    "PROBLEM_LABELS",
    "INDICATORS",
    "INDICATOR_UNITS",
    "TOPICS",
    "TOPIC_BASE",
    "TOPIC_TILTS",
    "ROLES",
    "YEARS",
]

YEARS = (2023, 2024, 2025)

#: The six problems: name → (zh, en).
PROBLEM_LABELS = {
    "weak_self_governance": ("居委会自治能力不足", "residents' committee lacks self-governing capacity"),
    "tangled_actor_relations": (
        "多元主体关系未理顺",
        "relations among government, committee, property company and owners not sorted out",
    ),
    "unstable_staff": ("社区工作者队伍不稳定", "unstable community staff"),
    "uneven_co_governance": ("共治网络发展不均衡", "co-governance networks unevenly developed"),
    "needs_outrun_services": ("需求多元超出服务供给", "complex community, diverse needs outrunning services"),
    "administration_led": ("行政化工作方式", "administration-led working style"),
}
PROBLEMS = tuple(PROBLEM_LABELS)

# ------------------------------------------------------------------------------ planted parameters
#: Share of communities without a dominant problem; the others are split evenly over the six.
NONE_SHARE = 0.20
#: Severity of a dominant problem, uniform on this range (0 for communities without one).
SEVERITY_RANGE = (0.5, 1.0)
#: Shift of the dominant problem's latent level per unit severity, in units of the latent scale.
DOMINANT_SHIFT = 2.5
#: Sd of every community's background latent level per problem, and of its yearly drift.
BACKGROUND_SD = 0.5
DRIFT_SD = 0.15
MISSING_SHARE = 0.02
OUTLIER_SHARE = 0.005

HIGHER_WORSE, HIGHER_BETTER = "higher_is_worse", "higher_is_better"

# name: (problem, direction, zh, en, unit, kind, base, loading, noise sd, decimals)
# kind: "share" (logit link), "rate" (log link, continuous), "count" (log link, Poisson), "binary".
# The link-scale value is link(base) ± loading × latent + N(0, noise sd): + if higher is worse.
_SPECS = {
    "resident_vote_share": (
        "weak_self_governance",
        HIGHER_BETTER,
        "居民表决事项占比",
        "share of committee decisions taken by resident vote",
        "share",
        "share",
        0.35,
        0.6,
        0.2,
        3,
    ),
    "resident_meetings_per_year": (
        "weak_self_governance",
        HIGHER_BETTER,
        "居民（代表）会议次数",
        "residents' (representatives') meetings per year",
        "per year",
        "count",
        10.0,
        0.35,
        0.15,
        0,
    ),
    "resident_proposals_per_1000": (
        "weak_self_governance",
        HIGHER_BETTER,
        "每千人居民议事提案数",
        "resident proposals per 1,000 residents per year",
        "per 1,000 residents",
        "rate",
        2.0,
        0.4,
        0.2,
        2,
    ),
    "property_disputes_per_1000": (
        "tangled_actor_relations",
        HIGHER_WORSE,
        "每千人物业纠纷数",
        "property-management disputes per 1,000 residents per year",
        "per 1,000 residents",
        "rate",
        3.0,
        0.4,
        0.2,
        2,
    ),
    "owners_committee_exists": (
        "tangled_actor_relations",
        HIGHER_BETTER,
        "是否成立业主委员会",
        "an owners' committee exists (0/1)",
        "0/1",
        "binary",
        0.6,
        1.2,
        0.0,
        0,
    ),
    "joint_meeting_count": (
        "tangled_actor_relations",
        HIGHER_BETTER,
        "“四方”联席会议次数",
        "joint meetings of street, committee, property company and owners per year",
        "per year",
        "count",
        12.0,
        0.35,
        0.15,
        0,
    ),
    "staff_turnover_rate": (
        "unstable_staff",
        HIGHER_WORSE,
        "社区工作者年流失率",
        "share of community staff leaving in the year",
        "share",
        "share",
        0.10,
        0.55,
        0.2,
        3,
    ),
    "staff_vacancy_rate": (
        "unstable_staff",
        HIGHER_WORSE,
        "岗位空缺率",
        "share of budgeted posts vacant at year end",
        "share",
        "share",
        0.06,
        0.55,
        0.2,
        3,
    ),
    "mean_staff_tenure_years": (
        "unstable_staff",
        HIGHER_BETTER,
        "社区工作者平均任职年限",
        "mean tenure of community staff",
        "years",
        "rate",
        6.0,
        0.3,
        0.15,
        1,
    ),
    "social_orgs_per_1000": (
        "uneven_co_governance",
        HIGHER_BETTER,
        "每千人社会组织数",
        "registered or filed social organisations per 1,000 residents",
        "per 1,000 residents",
        "rate",
        1.2,
        0.4,
        0.2,
        2,
    ),
    "volunteers_per_1000": (
        "uneven_co_governance",
        HIGHER_BETTER,
        "每千人注册志愿者数",
        "active registered volunteers per 1,000 residents",
        "per 1,000 residents",
        "rate",
        40.0,
        0.4,
        0.2,
        1,
    ),
    "partner_units_count": (
        "uneven_co_governance",
        HIGHER_BETTER,
        "共建单位数",
        "partner units (共建单位: agencies, firms, schools) in joint projects",
        "count",
        "count",
        15.0,
        0.35,
        0.15,
        0,
    ),
    "service_requests_per_capita": (
        "needs_outrun_services",
        HIGHER_WORSE,
        "人均服务需求件数",
        "service requests per resident per year",
        "per resident",
        "rate",
        0.25,
        0.35,
        0.15,
        3,
    ),
    "unresolved_request_share": (
        "needs_outrun_services",
        HIGHER_WORSE,
        "未解决诉求占比",
        "share of requests unresolved at year end",
        "share",
        "share",
        0.12,
        0.55,
        0.2,
        3,
    ),
    "elderly_share": (
        "needs_outrun_services",
        HIGHER_WORSE,
        "60岁以上人口占比",
        "share of residents aged 60+",
        "share",
        "share",
        0.20,
        0.35,
        0.1,
        3,
    ),
    "migrant_share": (
        "needs_outrun_services",
        HIGHER_WORSE,
        "流动人口占比",
        "share of residents without local hukou",
        "share",
        "share",
        0.28,
        0.35,
        0.1,
        3,
    ),
    "assigned_task_share": (
        "administration_led",
        HIGHER_WORSE,
        "上级交办事项占比",
        "share of the committee's tasks assigned from above",
        "share",
        "share",
        0.55,
        0.55,
        0.2,
        3,
    ),
    "certification_count": (
        "administration_led",
        HIGHER_WORSE,
        "需出具证明盖章事项数",
        "kinds of certificates and stamps (盖章/证明) the committee must still issue",
        "count",
        "count",
        30.0,
        0.3,
        0.1,
        0,
    ),
    "upward_reports_per_month": (
        "administration_led",
        HIGHER_WORSE,
        "每月上报台账报表数",
        "reports and ledgers sent upwards per month",
        "per month",
        "rate",
        12.0,
        0.35,
        0.15,
        1,
    ),
}

#: Indicator name → (problem, direction, zh_label, en_label); direction is ``"higher_is_worse"`` or
#: ``"higher_is_better"``.
INDICATORS: dict[str, tuple[str, str, str, str]] = {k: v[:4] for k, v in _SPECS.items()}
#: Indicator name → unit.
INDICATOR_UNITS: dict[str, str] = {k: v[4] for k, v in _SPECS.items()}

#: Structural offsets on the link scale for core-zone communities (older, fewer migrants).
_CORE_OFFSETS = {"elderly_share": 0.25, "migrant_share": -0.25}


def generate(geo: DemoGeography, rng: np.random.Generator) -> tuple[dict[str, pd.DataFrame], dict]:
    """Generate the community-governance tables.

    Parameters
    ----------
    geo
        The Demo City's geography; every community gets a planted dominant problem.
    rng
        The only source of randomness.

    Returns
    -------
    tables, truth
        ``{"community_indicators", "messages", "committee_members"}`` and the truth: dominant problem
        (``None`` for none) and severity per community, indicator directions, the planted missing and
        outlier cells, the topic-mix parameters, the planted PII and formula message ids, and the
        staff-hazard and residence parameters.

    Notes
    -----
    Planted: each community's dominant problem raises its latent level by ``severity ×
    DOMINANT_SHIFT`` (background sd :data:`BACKGROUND_SD`), which moves the problem's indicators in
    their documented bad direction; tilts its message topics by :data:`TOPIC_TILTS`; and, for
    ``unstable_staff``, raises the staff's yearly exit hazard (logit + ``HAZARD_LOADING`` × level).
    """
    comms = geo.communities.reset_index(drop=True)
    plan = _plant(comms, rng)
    latent = _latent(plan, rng)
    indicators, cells = _indicators(comms, latent, rng)
    messages, message_truth = generate_messages(comms, plan, rng)
    members, member_truth = generate_members(comms, plan, latent[:, PROBLEMS.index("unstable_staff"), :], YEARS, rng)
    truth = {
        "problems": {p: list(lab) for p, lab in PROBLEM_LABELS.items()},
        "dominant_problem": dict(
            zip(plan["community_id"], plan["dominant_problem"].where(plan["dominant_problem"] != "", None))
        ),
        "severity": dict(zip(plan["community_id"], plan["severity"].astype(float))),
        "latent_model": {
            "dominant_shift_per_severity": DOMINANT_SHIFT,
            "background_sd": BACKGROUND_SD,
            "drift_sd": DRIFT_SD,
            "none_share": NONE_SHARE,
            "severity_range": list(SEVERITY_RANGE),
        },
        "indicators": {
            k: {"problem": v[0], "direction": v[1], "zh": v[2], "en": v[3], "unit": INDICATOR_UNITS[k]}
            for k, v in INDICATORS.items()
        },
        **cells,
        "messages": message_truth,
        "committee_members": member_truth,
    }
    return {"community_indicators": indicators, "messages": messages, "committee_members": members}, truth


# ----------------------------------------------------------------------------------- planted truth
def _plant(comms: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Dominant problem ('' for none) and severity per community, balanced over the six problems."""
    n = len(comms)
    n_none = int(round(NONE_SHARE * n))
    labels = np.array([""] * n_none + [PROBLEMS[i % len(PROBLEMS)] for i in range(n - n_none)], dtype=object)
    labels = labels[rng.permutation(n)]
    severity = np.where(labels != "", np.round(rng.uniform(*SEVERITY_RANGE, n), 3), 0.0)
    return pd.DataFrame(
        {"community_id": comms["community_id"].to_numpy(), "dominant_problem": labels.astype(str), "severity": severity}
    )


def _latent(plan: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Latent level (higher is worse), shape (community, problem, year)."""
    n = len(plan)
    dominant = plan["dominant_problem"].to_numpy()[:, None] == np.array(PROBLEMS)[None, :]
    level = (
        rng.normal(0.0, BACKGROUND_SD, (n, len(PROBLEMS)))
        + DOMINANT_SHIFT * plan["severity"].to_numpy()[:, None] * dominant
    )
    drift = np.cumsum(rng.normal(0.0, DRIFT_SD, (n, len(PROBLEMS), len(YEARS))), axis=2)
    return level[:, :, None] + drift


# ------------------------------------------------------------------------------------- indicators
def _indicators(comms: pd.DataFrame, latent: np.ndarray, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """The ``community_indicators`` table and the truth of its planted missing and outlier cells."""
    n, n_years = len(comms), len(YEARS)
    core = (comms["zone"].to_numpy() == "core")[:, None]
    df = pd.DataFrame(
        {
            "community_id": np.repeat(comms["community_id"].to_numpy(), n_years),
            "year": np.tile(np.array(YEARS, dtype=np.int64), n),
        }
    )
    for name, (problem, direction, *_, kind, base, loading, sd, decimals) in _SPECS.items():
        sign = 1.0 if direction == HIGHER_WORSE else -1.0
        lat = latent[:, PROBLEMS.index(problem), :]
        offset = _CORE_OFFSETS.get(name, 0.0) * core
        df[name] = _draw(kind, base, sign * loading * lat + offset, sd, rng).round(decimals).ravel()
    return _spoil(df, rng)


def _draw(kind: str, base: float, shift: np.ndarray, sd: float, rng: np.random.Generator) -> np.ndarray:
    """Indicator values (community × year) of one kind around ``base`` moved by ``shift`` on the link scale."""
    noise = rng.normal(0.0, sd, shift.shape)
    if kind == "share":
        return expit(logit(base) + shift + noise)
    if kind == "rate":
        return base * np.exp(shift + noise)
    if kind == "count":
        return rng.poisson(base * np.exp(shift + noise)).astype(float)
    # binary: a community-level state, fixed over the years (set up before the first year or never)
    exists = rng.random(shift.shape[0]) < expit(logit(base) + shift.mean(axis=1))
    return np.repeat(exists[:, None], shift.shape[1], axis=1).astype(float)


def _spoil(df: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Blank about MISSING_SHARE of the indicator cells and turn about OUTLIER_SHARE into entry errors."""
    names = list(_SPECS)
    values = df[names].to_numpy(copy=True)
    missing = rng.random(values.shape) < MISSING_SHARE
    spoilable = np.array([_SPECS[k][5] != "binary" for k in names])
    typical = values >= np.median(values, axis=0)  # so that every entry error is a gross one
    outlier = (rng.random(values.shape) < OUTLIER_SHARE) & spoilable[None, :] & ~missing & typical
    is_share = np.array([_SPECS[k][5] == "share" for k in names])[None, :]
    factor = np.where(is_share, 100.0, 10.0)  # a share typed as a percentage; an extra digit
    values = np.where(outlier, np.round(values * factor, 3), values)
    values[missing] = np.nan
    df[names] = values

    def cells(mask: np.ndarray) -> list[list]:
        r, c = np.nonzero(mask)
        return [[str(df["community_id"].iat[i]), int(df["year"].iat[i]), names[j]] for i, j in zip(r, c)]

    return df, {"missing_cells": cells(missing), "outlier_cells": cells(outlier)}
