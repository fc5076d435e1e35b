"""What a manager can do about each kind of emerging hot spot: documented rules, zh and en.

The rules follow the logic of the categories (ArcGIS Pro's definitions) and of 精细化 grid
management: act where a problem is new or growing, sustain what works where it is fading, review
where it persists despite effort. Drawing on a result, never computing a statistic."""

from __future__ import annotations

import pandas as pd

from governance_analytics.reporting import i18n

__all__ = ["COMMUNITY_ACTIONS", "EMERGING_ACTIONS", "emerging_actions", "impact_action"]

#: Emerging hot spot category (hot side) → suggested action; cold spots and no pattern need none.
EMERGING_ACTIONS = {
    "new hot spot": {"zh": "立即核查成因，派监督员定点巡查，防止问题固化", "en": "Investigate the cause now and patrol the spot before the problem settles"},
    "consecutive hot spot": {"zh": "列入重点整治清单，明确责任部门和整改时限", "en": "Put it on the priority list with a responsible department and a deadline"},
    "intensifying hot spot": {"zh": "问题在加剧：增派力量、联合执法，并评估现有措施", "en": "Growing: add resources, joint enforcement, and review current measures"},
    "persistent hot spot": {"zh": "长期存在：从源头治理（规划、设施、疏导点），而非反复处置", "en": "Long-standing: tackle the source (planning, facilities, designated areas) rather than repeat handling"},
    "diminishing hot spot": {"zh": "正在减弱：保持现有措施并总结经验推广", "en": "Fading: keep the measures in place and spread what worked"},
    "sporadic hot spot": {"zh": "时有时无：加强动态监测和快速响应", "en": "On and off: monitor closely and respond fast"},
    "oscillating hot spot": {"zh": "冷热交替：查明周期性诱因（季节、活动、施工）", "en": "Swinging between cold and hot: find the periodic trigger (season, events, works)"},
    "historical hot spot": {"zh": "已不再是热点：定期回访，防止反弹", "en": "No longer hot: revisit periodically to prevent a relapse"},
}


def emerging_actions(result: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Cells per hot-side category of an :func:`~governance_analytics.cases.emerging.emerging_hot_spots`
    result, with the suggested action, in the order of :data:`EMERGING_ACTIONS`."""
    counts = result["category"].value_counts()
    rows = [{"category": i18n.label(c, lang), "n_cells": int(counts.get(c, 0)), "action": a[lang]}
            for c, a in EMERGING_ACTIONS.items() if counts.get(c, 0)]
    return pd.DataFrame(rows, columns=["category", "n_cells", "action"])


def impact_action(ci: tuple[float, float], ci_matched: tuple[float, float] | None, pretrend_p: float, *,
                  alpha: float = 0.05) -> str:
    """The i18n key of what to do about a pilot, from its rate-ratio intervals and pre-trend test.

    Rules, in order: pre-trends rejected at ``alpha`` → ``impact_check`` (the comparison is not
    credible); both intervals (all comparison cells and matched cells) entirely below 1 →
    ``impact_scale``; either entirely above 1 → ``impact_harm``; otherwise ``impact_wait``.
    """
    if pretrend_p < alpha:
        return "impact_check"
    intervals = [ci] + ([ci_matched] if ci_matched is not None else [])
    if all(high < 1 for _, high in intervals):
        return "impact_scale"
    if any(low > 1 for low, _ in intervals):
        return "impact_harm"
    return "impact_wait"


#: A community's dominant problem (the six of the seed) → the kind of help it needs, zh and en.
COMMUNITY_ACTIONS = {
    "weak_self_governance": {"zh": "培育居民议事会和自治骨干，重要事项交由居民表决", "en": "build residents' councils and local leaders; put key decisions to a resident vote"},
    "tangled_actor_relations": {"zh": "建立街道、居委会、物业、业委会“四方”联席会议制度，推动成立业委会", "en": "set up four-party joint meetings (street, committee, property company, owners) and help owners form a committee"},
    "unstable_staff": {"zh": "完善社区工作者薪酬和职业晋升体系，补齐空缺岗位", "en": "improve community workers' pay and career ladder, fill vacancies"},
    "uneven_co_governance": {"zh": "引入社会组织和共建单位，发展志愿者队伍", "en": "bring in social organisations and partner units, grow the volunteer base"},
    "needs_outrun_services": {"zh": "通过政府购买服务补充养老、托育等服务供给，缩短诉求办理时间", "en": "buy in services (elderly care, childcare) and shorten the time to resolve requests"},
    "administration_led": {"zh": "为居委会减负：清理上级交办事项和证明盖章事项", "en": "lighten the committee's load: cut tasks assigned from above and certificates it must stamp"},
}
