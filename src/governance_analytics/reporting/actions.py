"""Recommendations from explicit, documented rules: which finding triggers which action, zh and en.

Every recommendation in the report comes from one rule here and cites the finding that triggered it
(:class:`~governance_analytics.reporting.content.Recommendation`). A rule has a key, the condition that
triggers it (``when``, checked by the section that states the finding) and the action. The emerging
hot spot rules follow the logic of the categories (ArcGIS Pro's definitions) and of 精细化 grid
management: act where a problem is new or growing, sustain what works where it is fading, review
where it persists despite effort. The community rules map each of the six problems of the seed to
the kind of help it needs. The resident-message rules act where residents write more about a topic
than before (assign it and answer in time) or wait too long for an answer (speed replies up).
Drawing on a result, never computing a statistic."""

from __future__ import annotations

from typing import Any

import pandas as pd

from governance_analytics.reporting import i18n
from governance_analytics.reporting.content import Recommendation

__all__ = [
    "COMMUNITY_ACTIONS",
    "EMERGING_ACTIONS",
    "RULES",
    "emerging_actions",
    "impact_action",
    "recommend",
    "rules_table",
]

#: Emerging hot spot category (hot side) → suggested action; cold spots and no pattern need none.
EMERGING_ACTIONS = {
    "new hot spot": {
        "zh": "立即核查成因，派监督员定点巡查，防止问题固化",
        "en": "Investigate the cause now and patrol the spot before the problem settles",
    },
    "consecutive hot spot": {
        "zh": "列入重点整治清单，明确责任部门和整改时限",
        "en": "Put it on the priority list with a responsible department and a deadline",
    },
    "intensifying hot spot": {
        "zh": "问题在加剧：增派力量、联合执法，并评估现有措施",
        "en": "Growing: add resources, joint enforcement, and review current measures",
    },
    "persistent hot spot": {
        "zh": "长期存在：从源头治理（规划、设施、疏导点），而非反复处置",
        "en": "Long-standing: tackle the source (planning, facilities, designated areas) rather than repeat handling",
    },
    "diminishing hot spot": {
        "zh": "正在减弱：保持现有措施并总结经验推广",
        "en": "Fading: keep the measures in place and spread what worked",
    },
    "sporadic hot spot": {
        "zh": "时有时无：加强动态监测和快速响应",
        "en": "On and off: monitor closely and respond fast",
    },
    "oscillating hot spot": {
        "zh": "冷热交替：查明周期性诱因（季节、活动、施工）",
        "en": "Swinging between cold and hot: find the periodic trigger (season, events, works)",
    },
    "historical hot spot": {
        "zh": "已不再是热点：定期回访，防止反弹",
        "en": "No longer hot: revisit periodically to prevent a relapse",
    },
}


def emerging_actions(result: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Cells per hot-side category of an :func:`~governance_analytics.cases.emerging.emerging_hot_spots`
    result, with the suggested action, in the order of :data:`EMERGING_ACTIONS`."""
    counts = result["category"].value_counts()
    rows = [
        {"category": i18n.label(c, lang), "n_cells": int(counts.get(c, 0)), "action": a[lang]}
        for c, a in EMERGING_ACTIONS.items()
        if counts.get(c, 0)
    ]
    return pd.DataFrame(rows, columns=["category", "n_cells", "action"])


def impact_action(
    ci: tuple[float, float], ci_matched: tuple[float, float] | None, pretrend_p: float, *, alpha: float = 0.05
) -> str:
    """The key of the :data:`RULES` entry saying what to do about a pilot, from its rate-ratio
    intervals and pre-trend test.

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
    "weak_self_governance": {
        "zh": "培育居民议事会和自治骨干，重要事项交由居民表决",
        "en": "build residents' councils and local leaders; put key decisions to a resident vote",
    },
    "tangled_actor_relations": {
        "zh": "建立街道、居委会、物业、业委会“四方”联席会议制度，推动成立业委会",
        "en": "set up four-party joint meetings (street, committee, property company, owners) and help owners form a committee",
    },
    "unstable_staff": {
        "zh": "完善社区工作者薪酬和职业晋升体系，补齐空缺岗位",
        "en": "improve community workers' pay and career ladder, fill vacancies",
    },
    "uneven_co_governance": {
        "zh": "引入社会组织和共建单位，发展志愿者队伍",
        "en": "bring in social organisations and partner units, grow the volunteer base",
    },
    "needs_outrun_services": {
        "zh": "通过政府购买服务补充养老、托育等服务供给，缩短诉求办理时间",
        "en": "buy in services (elderly care, childcare) and shorten the time to resolve requests",
    },
    "administration_led": {
        "zh": "为居委会减负：清理上级交办事项和证明盖章事项",
        "en": "lighten the committee's load: cut tasks assigned from above and certificates it must stamp",
    },
}


#: The other rules: key → the condition that triggers it and the action (``{placeholders}`` filled
#: from the finding's values).
RULES: dict[str, dict[str, Any]] = {  # "when": {lang: trigger}; lang: action
    "on_time_drop": {
        "when": {
            "zh": "某部门按期结案率较对比期显著下降（得分检验，两期案件数均不少于公布阈值）",
            "en": "a department's on-time closure rate fell significantly against the comparison period (score test; both periods at least the publication threshold)",
        },
        "zh": "对“{department}”本期案卷开展专项审查，查明时限延误原因并限期整改",
        "en": "Review the case files of “{department}” for this period, find the cause of the delays and set a deadline to fix it",
    },
    "review_defects": {
        "when": {
            "zh": "本期存在程序问题的案卷不少于公布阈值",
            "en": "at least the publication threshold of case files showed a procedural defect",
        },
        "zh": "对审查清单中的案卷逐件复核，重点核查“{flag}”，并将结果纳入部门考核",
        "en": "Re-examine each case file on the review list, starting with “{flag}”, and count the result in the departments' assessment",
    },
    "impact_scale": {
        "when": {
            "zh": "试点效果的两个率比置信区间均低于 1，且事前趋势检验未拒绝",
            "en": "both rate-ratio intervals of the pilot lie below 1 and pre-trends are not rejected",
        },
        "zh": "“{name}”效果显著且稳健，可在条件相近的区域推广",
        "en": "“{name}” works and the evidence is robust: extend it to similar areas",
    },
    "impact_wait": {
        "when": {"zh": "试点效果的置信区间包含 1", "en": "an interval of the pilot's rate ratio includes 1"},
        "zh": "“{name}”效果尚不确定，继续试点并积累数据后再评估",
        "en": "The effect of “{name}” is not yet clear: continue the pilot and evaluate again with more data",
    },
    "impact_check": {
        "when": {"zh": "事前趋势检验拒绝平行趋势", "en": "the pre-trend test rejects parallel trends"},
        "zh": "“{name}”试点前趋势已不同，需改进对照设计后再下结论",
        "en": "Trends differed before “{name}” began: improve the comparison before concluding",
    },
    "impact_harm": {
        "when": {"zh": "试点效果的置信区间整体高于 1", "en": "an interval of the pilot's rate ratio lies above 1"},
        "zh": "“{name}”试点网格案件不降反升，应复查措施",
        "en": "Cases rose rather than fell where “{name}” runs: review the measure",
    },
    "over_capacity": {
        "when": {"zh": "单元人口超过规划容量", "en": "a unit's population exceeds its planned capacity"},
        "zh": "“{unit}”暂停新增居住用地供应，优先补齐公共服务，并引导人口向有余量的卫星城疏解",
        "en": "In “{unit}”, pause new residential land supply, catch up on public services and steer growth to satellites with headroom",
    },
    "dormitory": {
        "when": {
            "zh": "卫星城被划为“卧城”型（就业居住比、核心区通勤依赖阈值见方法）",
            "en": "a satellite is classed as a dormitory (jobs–housing and core-dependence thresholds in the methods)",
        },
        "zh": "在“{unit}”引入产业与就业岗位，改善通勤公交",
        "en": "Attract employers and jobs to “{unit}” and improve commuter transit",
    },
    "participation_gap": {
        "when": {
            "zh": "外来人口参与率显著低于本地户籍居民（设计 t 检验）",
            "en": "migrants take part significantly less than local residents (design-based t test)",
        },
        "zh": "在外来人口集中的社区开设便捷参与渠道（线上议事、夜间会议），并吸纳其进入居民议事会",
        "en": "Open convenient channels where migrants live (online deliberation, evening meetings) and bring them into residents' councils",
    },
    "messages_rise": {
        "when": {
            "zh": "某主题的居民留言数较对比期显著增加（泊松率得分检验，两期留言数均不少于公布阈值）",
            "en": "residents' messages on a topic rose significantly against the comparison period (Poisson score test; both periods at least the publication threshold)",
        },
        "zh": "明确“{topic}”类留言的责任部门，在答复时限内逐件答复，并跟踪办理结果",
        "en": "Assign a responsible department for “{topic}” messages, answer each within the time limit and follow up on the outcome",
    },
    "messages_slow_reply": {
        "when": {
            "zh": "某主题本期留言的答复用时中位数超过答复时限（见“居民留言”的方法说明），且回复不少于公布阈值",
            "en": "the median reply time of a topic's messages exceeds the reply limit (see the resident-messages methods), with at least the publication threshold of replies",
        },
        "zh": "加快“{topic}”类留言的答复：压实首办责任，对超时留言逐件督办",
        "en": "Speed up replies to “{topic}” messages: hold the first department contacted responsible and chase every overdue message",
    },
}

_GROUPS = {"emerging": EMERGING_ACTIONS, "community": COMMUNITY_ACTIONS}

#: How the rules table names what a recommendation fills in.
_PLACEHOLDERS = {
    "zh": {"department": "该部门", "flag": "最常见的问题", "name": "该试点", "unit": "该单元", "topic": "该主题"},
    "en": {
        "department": "the department",
        "flag": "the most common defect",
        "name": "the pilot",
        "unit": "the unit",
        "topic": "the topic",
    },
}


def _action(rule: str) -> dict[str, str]:
    group, _, key = rule.partition(":")
    if key:
        if group not in _GROUPS or key not in _GROUPS[group]:
            raise KeyError(f"no recommendation rule {rule!r}")
        return _GROUPS[group][key]
    if rule not in RULES:
        raise KeyError(f"no recommendation rule {rule!r}; known: {sorted(RULES)}")
    return RULES[rule]


def recommend(rule: str, finding: str, lang: str, **values) -> Recommendation:
    """The action of ``rule`` in ``lang`` (its placeholders filled from ``values``), citing ``finding``.

    ``rule`` is a key of :data:`RULES`, ``"emerging:<category>"`` (:data:`EMERGING_ACTIONS`) or
    ``"community:<problem>"`` (:data:`COMMUNITY_ACTIONS`).
    """
    return Recommendation(_action(rule)[lang].format(**values), finding, rule)


def rules_table(lang: str) -> pd.DataFrame:
    """Every rule with its trigger and its action (what it fills in named in words), for the methods appendix."""
    when_emerging = {
        "zh": "“{category}”类出现该类时空热点网格",
        "en": "a class shows cells of this emerging hot spot category",
    }
    when_community = {"zh": "社区以该问题为最突出问题", "en": "communities have this as their dominant problem"}
    rows = [
        (
            f"emerging:{c}",
            f"{i18n.label(c, lang)}：{when_emerging[lang]}" if lang == "zh" else f"{c}: {when_emerging[lang]}",
            a[lang],
        )
        for c, a in EMERGING_ACTIONS.items()
    ]
    rows += [(f"community:{p}", when_community[lang], a[lang]) for p, a in COMMUNITY_ACTIONS.items()]
    rows += [(key, rule["when"][lang], rule[lang].format(**_PLACEHOLDERS[lang])) for key, rule in RULES.items()]
    return pd.DataFrame(rows, columns=["rule", "when", "action"])
