"""Study 4 — which communities suffer which community-governance problem.

Every community of the Demo City is given a planted *dominant problem* — one of the six classic
problems of community governance in :data:`PROBLEMS`, or none (about :data:`NONE_SHARE` of the
communities) — and a severity in :data:`SEVERITY_RANGE`. A latent level per community, problem and
year (higher is worse) is the sum of a background level, the dominant problem's shift
(``severity × DOMINANT_SHIFT``) and a yearly drift; it drives three tables:

``community_indicators``
    One row per community and year (:data:`YEARS`) with two to four indicators per problem
    (:data:`INDICATORS`: problem, direction, labels; :data:`INDICATOR_UNITS`). The dominant problem
    shows in its indicators by a clear margin, with noise; about :data:`MISSING_SHARE` of the values are
    missing and about :data:`OUTLIER_SHARE` are gross entry errors (×10 for counts and rates, a
    percentage typed for a share), so that imputation and winsorising have something to do.
``messages``
    About :data:`N_MESSAGES` resident messages (留言) in Chinese from templates with synonyms, the
    community's own place names and noise, with their true ``topic``. A community's topic mix is
    :data:`TOPIC_BASE` tilted by :data:`TOPIC_TILTS` of its dominant problem. About
    :data:`PII_SHARE` carry a planted fake mobile number or 18-digit ID number, and a handful start
    with ``=`` or ``+`` (formula injection); their ids are in the truth.
``committee_members``
    One row per position holder (no names) since :data:`MEMBERS_FROM`, with role, tenure and
    attributes. The yearly exit hazard rises with the ``unstable_staff`` latent level; residents are
    rarer among the staff of administration-led and weakly self-governing communities.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from governance_analytics.demo._geography import DemoGeography

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
    "tangled_actor_relations": ("多元主体关系未理顺", "relations among government, committee, property company and owners not sorted out"),
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
    "resident_vote_share": ("weak_self_governance", HIGHER_BETTER, "居民表决事项占比", "share of committee decisions taken by resident vote", "share", "share", 0.35, 0.6, 0.2, 3),
    "resident_meetings_per_year": ("weak_self_governance", HIGHER_BETTER, "居民（代表）会议次数", "residents' (representatives') meetings per year", "per year", "count", 10.0, 0.35, 0.15, 0),
    "resident_proposals_per_1000": ("weak_self_governance", HIGHER_BETTER, "每千人居民议事提案数", "resident proposals per 1,000 residents per year", "per 1,000 residents", "rate", 2.0, 0.4, 0.2, 2),
    "property_disputes_per_1000": ("tangled_actor_relations", HIGHER_WORSE, "每千人物业纠纷数", "property-management disputes per 1,000 residents per year", "per 1,000 residents", "rate", 3.0, 0.4, 0.2, 2),
    "owners_committee_exists": ("tangled_actor_relations", HIGHER_BETTER, "是否成立业主委员会", "an owners' committee exists (0/1)", "0/1", "binary", 0.6, 1.2, 0.0, 0),
    "joint_meeting_count": ("tangled_actor_relations", HIGHER_BETTER, "“四方”联席会议次数", "joint meetings of street, committee, property company and owners per year", "per year", "count", 12.0, 0.35, 0.15, 0),
    "staff_turnover_rate": ("unstable_staff", HIGHER_WORSE, "社区工作者年流失率", "share of community staff leaving in the year", "share", "share", 0.10, 0.55, 0.2, 3),
    "staff_vacancy_rate": ("unstable_staff", HIGHER_WORSE, "岗位空缺率", "share of budgeted posts vacant at year end", "share", "share", 0.06, 0.55, 0.2, 3),
    "mean_staff_tenure_years": ("unstable_staff", HIGHER_BETTER, "社区工作者平均任职年限", "mean tenure of community staff", "years", "rate", 6.0, 0.3, 0.15, 1),
    "social_orgs_per_1000": ("uneven_co_governance", HIGHER_BETTER, "每千人社会组织数", "registered or filed social organisations per 1,000 residents", "per 1,000 residents", "rate", 1.2, 0.4, 0.2, 2),
    "volunteers_per_1000": ("uneven_co_governance", HIGHER_BETTER, "每千人注册志愿者数", "active registered volunteers per 1,000 residents", "per 1,000 residents", "rate", 40.0, 0.4, 0.2, 1),
    "partner_units_count": ("uneven_co_governance", HIGHER_BETTER, "共建单位数", "partner units (共建单位: agencies, firms, schools) in joint projects", "count", "count", 15.0, 0.35, 0.15, 0),
    "service_requests_per_capita": ("needs_outrun_services", HIGHER_WORSE, "人均服务需求件数", "service requests per resident per year", "per resident", "rate", 0.25, 0.35, 0.15, 3),
    "unresolved_request_share": ("needs_outrun_services", HIGHER_WORSE, "未解决诉求占比", "share of requests unresolved at year end", "share", "share", 0.12, 0.55, 0.2, 3),
    "elderly_share": ("needs_outrun_services", HIGHER_WORSE, "60岁以上人口占比", "share of residents aged 60+", "share", "share", 0.20, 0.35, 0.1, 3),
    "migrant_share": ("needs_outrun_services", HIGHER_WORSE, "流动人口占比", "share of residents without local hukou", "share", "share", 0.28, 0.35, 0.1, 3),
    "assigned_task_share": ("administration_led", HIGHER_WORSE, "上级交办事项占比", "share of the committee's tasks assigned from above", "share", "share", 0.55, 0.55, 0.2, 3),
    "certification_count": ("administration_led", HIGHER_WORSE, "需出具证明盖章事项数", "kinds of certificates and stamps (盖章/证明) the committee must still issue", "count", "count", 30.0, 0.3, 0.1, 0),
    "upward_reports_per_month": ("administration_led", HIGHER_WORSE, "每月上报台账报表数", "reports and ledgers sent upwards per month", "per month", "rate", 12.0, 0.35, 0.15, 1),
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
    messages, message_truth = _messages(comms, plan, rng)
    members = _members(comms, plan, latent, rng)
    truth = {
        "problems": {p: list(lab) for p, lab in PROBLEM_LABELS.items()},
        "dominant_problem": dict(zip(plan["community_id"], plan["dominant_problem"].where(plan["dominant_problem"] != "", None))),
        "severity": dict(zip(plan["community_id"], plan["severity"].astype(float))),
        "latent_model": {"dominant_shift_per_severity": DOMINANT_SHIFT, "background_sd": BACKGROUND_SD, "drift_sd": DRIFT_SD,
                         "none_share": NONE_SHARE, "severity_range": list(SEVERITY_RANGE)},
        "indicators": {k: {"problem": v[0], "direction": v[1], "zh": v[2], "en": v[3], "unit": INDICATOR_UNITS[k]} for k, v in INDICATORS.items()},
        **cells,
        "messages": message_truth,
        "committee_members": _members_truth(),
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
    return pd.DataFrame({"community_id": comms["community_id"].to_numpy(), "dominant_problem": labels.astype(str), "severity": severity})


def _latent(plan: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Latent level (higher is worse), shape (community, problem, year)."""
    n = len(plan)
    dominant = plan["dominant_problem"].to_numpy()[:, None] == np.array(PROBLEMS)[None, :]
    level = rng.normal(0.0, BACKGROUND_SD, (n, len(PROBLEMS))) + DOMINANT_SHIFT * plan["severity"].to_numpy()[:, None] * dominant
    drift = np.cumsum(rng.normal(0.0, DRIFT_SD, (n, len(PROBLEMS), len(YEARS))), axis=2)
    return level[:, :, None] + drift


# ------------------------------------------------------------------------------------- indicators
def _indicators(comms: pd.DataFrame, latent: np.ndarray, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """The ``community_indicators`` table and the truth of its planted missing and outlier cells."""
    n, n_years = len(comms), len(YEARS)
    core = (comms["zone"].to_numpy() == "core")[:, None]
    df = pd.DataFrame({"community_id": np.repeat(comms["community_id"].to_numpy(), n_years), "year": np.tile(np.array(YEARS, dtype=np.int64), n)})
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


# --------------------------------------------------------------------------------------- messages
N_MESSAGES = 6000
MESSAGES_FROM, MESSAGES_TO = "2023-01-01", "2025-12-31"
#: Extra message volume per unit severity of a community's dominant problem.
VOLUME_PER_SEVERITY = 0.6
PII_SHARE = 0.02
N_FORMULA = 8

#: Topic mix of a community without a dominant problem.
TOPIC_BASE = {
    "物业管理": 0.18, "噪声扰民": 0.13, "停车难": 0.14, "环境卫生": 0.14,
    "养老服务": 0.10, "邻里纠纷": 0.10, "违章搭建": 0.08, "社区服务办事难": 0.13,
}
TOPICS = tuple(TOPIC_BASE)
#: Multipliers of the base weights at severity 1 for each dominant problem; at severity s a
#: multiplier m becomes 1 + s (m - 1), then the weights are normalised.
TOPIC_TILTS = {
    "weak_self_governance": {"邻里纠纷": 2.5, "违章搭建": 2.0},
    "tangled_actor_relations": {"物业管理": 4.0, "停车难": 1.6},
    "unstable_staff": {"社区服务办事难": 2.0, "环境卫生": 1.4},
    "uneven_co_governance": {"环境卫生": 2.0, "噪声扰民": 1.6},
    "needs_outrun_services": {"养老服务": 4.0, "社区服务办事难": 2.0},
    "administration_led": {"社区服务办事难": 3.0},
}
#: Hour-of-day profile of messages (relative weights, 0–23 h).
_HOURS = np.array([1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 4, 6, 6, 5, 3, 3, 5, 5, 4, 4, 4, 5, 6, 6, 4, 2], dtype=float)

_SLOTS = {
    "greet": ["", "", "您好，", "你好，", "尊敬的领导：", "领导您好！", "我是{comm}的居民，", "我是{street}{comm}的业主，", "市长您好，"],
    "plea": ["希望有关部门尽快解决！", "请相关部门管一管。", "望尽快处理，谢谢！", "麻烦领导重视一下。", "盼复。", "希望能给个说法。", "已经反映过很多次了，希望这次能解决。", ""],
    "when": ["每天晚上", "最近一个月", "这段时间", "每到周末", "从上个月开始", "夜里十一点以后", "早上六点多", "这半年来", "一到节假日"],
    "loc": ["{b}号楼", "{b}栋{u}单元", "小区东门", "小区北门口", "地下车库", "{b}号楼楼下", "中心花园", "小区主干道", "农贸市场门口", "{b}号楼楼道", "小区南门外"],
    "elder": ["八十多岁的老人", "行动不便的老人", "独居老人", "失能老人", "高龄父母"],
}
_TOPIC_PHRASES = {
    "物业管理": {
        "title": ["物业服务差", "物业不作为", "物业乱收费", "电梯维修问题", "物业管理混乱"],
        "body": [
            "{loc}的电梯三天两头坏，物业一直拖着不修。",
            "物业费年年涨，可是{svc}越来越差，业主意见很大。",
            "小区物业公司{bad}，业主多次反映都没有回应。",
            "物业和业委会互相推诿，{loc}漏水的问题一直没人管。",
            "物业擅自把{loc}的公共区域出租，收益去向不明，也不公示。",
            "{loc}的路灯坏了好久，找物业说没钱修，找社区说归物业管。",
        ],
        "svc": ["保洁", "绿化", "安保", "维修服务", "门禁管理"],
        "bad": ["服务不到位", "乱收费", "长期不作为", "态度恶劣", "账目不公开"],
    },
    "噪声扰民": {
        "title": ["噪音扰民", "夜间施工噪音", "广场舞扰民", "噪声投诉"],
        "body": [
            "{when}{loc}附近{src}，吵得根本睡不着。",
            "{loc}旁边{src}，{when}噪音特别大，老人孩子都休息不好。",
            "楼上住户{when}{indoor}，沟通多次无果。",
            "{when}都有{src}，打电话反映过也没人来管。",
        ],
        "src": ["跳广场舞音响开得很大", "工地在施工", "烧烤摊营业到半夜", "商铺喇叭循环播放", "有人装修电钻响个不停"],
        "indoor": ["装修", "拖动家具", "大声喧哗", "养的狗一直叫"],
    },
    "停车难": {
        "title": ["停车难", "僵尸车占用车位", "消防通道被占", "车位收费不合理"],
        "body": [
            "小区车位严重不足，{when}回来根本找不到停车位。",
            "{loc}长期被僵尸车占用，{issue}。",
            "外来车辆随意停放，堵住了{loc}的消防通道，万一出事怎么办？",
            "车位只租不售，物业{fee}。",
            "{loc}两边停满了车，{issue}。",
        ],
        "issue": ["其他车辆根本停不进去", "救护车都开不进来", "老人出行很不方便", "每天早上堵得出不去"],
        "fee": ["每年都涨停车费", "收费标准从来不公示", "临时停车收费过高"],
    },
    "环境卫生": {
        "title": ["垃圾清运不及时", "环境脏乱差", "垃圾分类问题", "污水外溢"],
        "body": [
            "{loc}的垃圾桶{when}都满出来了，臭气熏天。",
            "{loc}污水横流，蚊虫很多，夏天根本不敢开窗。",
            "有人在{loc}乱扔垃圾、乱堆杂物，一直没人清理。",
            "垃圾分类点设在{loc}，离住户太近，气味很大。",
            "{loc}的绿化带里全是建筑垃圾，{when}也没人处理。",
        ],
    },
    "养老服务": {
        "title": ["养老服务不足", "老年食堂问题", "加装电梯", "居家养老服务"],
        "body": [
            "{comm}老年人很多，但是社区的{esvc}{eprob}。",
            "家里有{elder}，希望社区能提供{eneed}。",
            "社区老年食堂{meal}，很多老人吃不上饭。",
            "老旧小区没有电梯，{elder}上下楼非常困难，希望尽快加装电梯。",
            "{elder}生病没人照顾，社区的{esvc}{eprob}。",
        ],
        "esvc": ["日间照料中心", "养老服务站", "老年活动室", "助餐点"],
        "eprob": ["经常不开门", "床位太少", "服务项目太少", "离得太远"],
        "eneed": ["上门助浴服务", "定期上门探访", "助餐送餐服务", "康复护理服务"],
        "meal": ["只开了半年就关了", "名额太少", "价格太高"],
    },
    "邻里纠纷": {
        "title": ["邻里纠纷", "楼道堆物", "漏水纠纷", "养狗扰民"],
        "body": [
            "邻居在{loc}{encroach}，协商多次没有结果。",
            "楼上漏水到我家，{leak}。",
            "邻居家的狗{dog}，说了也不听。",
            "对门在楼道里{hall}，影响通行。",
        ],
        "encroach": ["私自种菜", "堆放杂物", "晾晒衣物占道", "安装摄像头对着我家"],
        "leak": ["对方一直不肯维修", "找社区调解了两次还是没解决", "天花板都发霉了"],
        "dog": ["不拴绳", "随地大小便", "半夜一直叫", "咬伤了小孩"],
        "hall": ["堆满了纸箱", "停放电动车充电", "放鞋柜"],
    },
    "违章搭建": {
        "title": ["违章搭建", "私搭乱建", "楼顶违建", "违法建设"],
        "body": [
            "{loc}有住户私自搭建{struct}，存在安全隐患。",
            "一楼住户把{loc}的公共绿地围起来{enclose}。",
            "顶楼住户在楼顶加盖{struct}，楼下已经开始漏水。",
            "{loc}的违章{struct}举报很久了，到现在都没拆。",
        ],
        "struct": ["阳光房", "铁皮房", "彩钢棚", "储物间"],
        "enclose": ["做成了私家花园", "开了个小卖部", "停自己的车"],
    },
    "社区服务办事难": {
        "title": ["社区办事难", "开证明难", "办事窗口问题", "社区工作人员态度"],
        "body": [
            "去社区开{cert}，{run}。",
            "社区办事窗口{window}，{when}去了好几次都没办成。",
            "办理{affair}需要的材料太多，{run}。",
            "社区工作人员{staff}，找不到人办事。",
            "社区让我开{cert}，说是街道要求的，{run}。",
        ],
        "cert": ["居住证明", "无犯罪记录证明", "亲属关系证明", "困难证明"],
        "run": ["来回跑了三趟还没开出来", "要求盖好几个章", "说不归他们管", "让我去街道问"],
        "window": ["工作时间经常没人", "只上午开", "排队时间太长"],
        "affair": ["居住证", "养老补贴", "低保", "残疾人补贴"],
        "staff": ["经常换人", "都去开会了", "态度很差", "说不清楚流程"],
    },
}
_TITLES = ["关于{comm}{t}的问题", "{comm}{t}", "反映{street}{comm}{t}", "{t}，望解决", "{comm}{t}问题亟待解决"]
_NOISE = ["！！", "。。。", "!!!", "？？", " ", "，，", ",", ". ", "~"]
_FORMULA_PREFIXES = ['=HYPERLINK("http://example.invalid","点击查看")', "=1+1", "+=SUM(A1:A9)", "=cmd|' /C calc'!A0", "+1 ", '="紧急"', "=2*3", "+++"]
_ID_AREAS = ["990102", "990103", "990104", "990105", "990106", "990107", "340102", "340104"]


def _messages(comms: pd.DataFrame, plan: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """The ``messages`` table (with the true ``topic``) and its truth."""
    probs = _topic_probs(plan)
    volume = comms["population"].to_numpy() * (1.0 + VOLUME_PER_SEVERITY * plan["severity"].to_numpy())
    counts = rng.multinomial(N_MESSAGES, volume / volume.sum())
    c_idx = np.repeat(np.arange(len(comms)), counts)
    u = rng.random(len(c_idx))
    topic_idx = (u[:, None] > np.cumsum(probs, axis=1)[c_idx, :-1]).sum(axis=1)
    when = _timestamps(len(c_idx), rng)
    order = np.argsort(when, kind="stable")
    c_idx, topic_idx, when = c_idx[order], topic_idx[order], when[order]

    titles, texts = [], []
    for c, t in zip(c_idx, topic_idx):
        title, text = _compose(TOPICS[t], comms["community"].iat[c], comms["street"].iat[c], rng)
        titles.append(title)
        texts.append(text)
    texts, planted = _plant_hazards(texts, rng)
    n = len(texts)
    ids = np.array([f"M{i:06d}" for i in range(1, n + 1)])
    df = pd.DataFrame(
        {
            "message_id": ids,
            "received_at": when.astype("datetime64[us]"),
            "community_id": comms["community_id"].to_numpy()[c_idx],
            "title": pd.array(titles, dtype="str"),
            "text": texts,
            "topic": np.array(TOPICS)[topic_idx],
        }
    )
    truth = {
        "n": n,
        "topic_base": TOPIC_BASE,
        "topic_tilts": TOPIC_TILTS,
        "topic_rule": "weight = base × (1 + severity × (tilt − 1)) for the dominant problem's topics, normalised",
        "volume_per_severity": VOLUME_PER_SEVERITY,
        "topic_counts": {k: int(v) for k, v in zip(TOPICS, np.bincount(topic_idx, minlength=len(TOPICS)))},
        "pii_phone_ids": [str(ids[i]) for i in planted["phone"]],
        "pii_id_number_ids": [str(ids[i]) for i in planted["id_number"]],
        "formula_ids": [str(ids[i]) for i in planted["formula"]],
    }
    return df, truth


def _topic_probs(plan: pd.DataFrame) -> np.ndarray:
    """Topic probabilities per community (community × topic)."""
    base = np.array([TOPIC_BASE[t] for t in TOPICS])
    probs = np.tile(base, (len(plan), 1))
    for i, (problem, severity) in enumerate(zip(plan["dominant_problem"], plan["severity"])):
        for topic, mult in TOPIC_TILTS.get(problem, {}).items():
            probs[i, TOPICS.index(topic)] *= 1.0 + severity * (mult - 1.0)
    return probs / probs.sum(axis=1, keepdims=True)


def _timestamps(n: int, rng: np.random.Generator) -> np.ndarray:
    """Naive local receipt times: uniform days, hours by :data:`_HOURS`, uniform minutes and seconds."""
    start, end = np.datetime64(MESSAGES_FROM, "D"), np.datetime64(MESSAGES_TO, "D")
    days = start + rng.integers(0, (end - start).astype(int) + 1, n).astype("timedelta64[D]")
    hours = rng.choice(24, size=n, p=_HOURS / _HOURS.sum())
    seconds = hours * 3600 + rng.integers(0, 3600, n)
    return days.astype("datetime64[s]") + seconds.astype("timedelta64[s]")


def _pick(options: list[str], rng: np.random.Generator) -> str:
    return options[int(rng.integers(len(options)))]


def _compose(topic: str, comm: str, street: str, rng: np.random.Generator) -> tuple[str | None, str]:
    """A title (None for about 5 %) and a text for one message from the topic's templates."""
    phrases = _TOPIC_PHRASES[topic]
    fill = {key: _pick(opts, rng) for key, opts in phrases.items() if key not in ("title", "body")}
    fill.update({key: _pick(opts, rng) for key, opts in _SLOTS.items()})
    fill.update(comm=comm, street=street, b=int(rng.integers(1, 40)), u=int(rng.integers(1, 7)))
    fill = {k: v.format(**fill) if isinstance(v, str) else v for k, v in fill.items()}  # {loc} → 3号楼
    sentences = [_pick(phrases["body"], rng).format(**fill)]
    if rng.random() < 0.35:
        sentences.append(_pick([s for s in phrases["body"] if s.format(**fill) != sentences[0]], rng).format(**fill))
    text = fill["greet"] + "".join(sentences) + fill["plea"]
    if rng.random() < 0.2:  # noise: one punctuation mark doubled, half-width or spaced
        marks = [i for i, ch in enumerate(text) if ch in "，。！" and i > 0]
        if marks:
            pos = marks[int(rng.integers(len(marks)))]
            text = text[:pos] + _pick(_NOISE, rng) + text[pos + 1 :]
    title = None if rng.random() < 0.05 else _pick(_TITLES, rng).format(comm=comm, street=street, t=_pick(phrases["title"], rng))
    return title, text.strip()


def _plant_hazards(texts: list[str], rng: np.random.Generator) -> tuple[list[str], dict[str, list[int]]]:
    """Add fake mobile numbers and ID numbers to about PII_SHARE of the texts, and a formula prefix to
    N_FORMULA others; return the texts and the (sorted) positions of each kind."""
    n = len(texts)
    n_pii = int(round(PII_SHARE * n))
    chosen = rng.choice(n, size=n_pii + N_FORMULA, replace=False)
    phone, id_number, formula = np.sort(chosen[: n_pii // 2]), np.sort(chosen[n_pii // 2 : n_pii]), np.sort(chosen[n_pii:])
    texts = list(texts)
    for i in phone:
        number = f"1{_pick(['3', '5', '8', '9'], rng)}{int(rng.integers(0, 10**9)):09d}"
        texts[i] += _pick(["联系电话：{}", "我的电话是{}", "（手机{}）", "有问题请打{}联系我"], rng).format(number)
    for i in id_number:
        texts[i] += _pick(["我的身份证号：{}", "身份证号码{}。", "（身份证{}）"], rng).format(_fake_id(rng))
    for i in formula:
        texts[i] = _pick(_FORMULA_PREFIXES, rng) + texts[i]
    return texts, {"phone": phone.tolist(), "id_number": id_number.tolist(), "formula": formula.tolist()}


def _fake_id(rng: np.random.Generator) -> str:
    """An 18-digit resident-ID-like number with a valid GB 11643 check character (fictional area code)."""
    birth = np.datetime64("1950-01-01") + int(rng.integers(0, 365 * 55))
    body = f"{_pick(_ID_AREAS, rng)}{str(birth).replace('-', '')}{int(rng.integers(0, 1000)):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


# ------------------------------------------------------------------------------ committee members
ROLES = ("书记", "主任", "副主任", "委员", "社区工作者")
#: Positions per community: role → (min, max) seats, or None for staff sized by population.
_SEATS = {"书记": (1, 1), "主任": (1, 1), "副主任": (1, 2), "委员": (2, 4), "社区工作者": None}
RESIDENTS_PER_STAFF = 1500
STAFF_RANGE = (5, 20)
#: Members serving at any time from this year to the last year of :data:`YEARS` are listed; the
#: history is simulated from HISTORY_FROM so that early holders have realistic start years.
MEMBERS_FROM, HISTORY_FROM = 2016, 2006
ELECTION_YEARS = (2016, 2021)  # residents' committee elections: extra exits at the end of the year before
#: Yearly exit hazard per role at latent level 0; logit(hazard) rises by HAZARD_LOADING per unit of
#: the community's ``unstable_staff`` latent level (before 2023: its background plus dominant shift).
BASE_HAZARD = {"书记": 0.07, "主任": 0.07, "副主任": 0.09, "委员": 0.09, "社区工作者": 0.11}
HAZARD_LOADING = 0.8
ELECTION_EXIT = 0.25
#: Probability a holder lives in the community, per role; logit lowered by RESIDENT_PENALTY × severity
#: in administration-led and weakly self-governing communities.
BASE_RESIDENT = {"书记": 0.45, "主任": 0.6, "副主任": 0.6, "委员": 0.75, "社区工作者": 0.35}
RESIDENT_PENALTY = {"administration_led": 1.2, "weak_self_governance": 0.8}
_MEMBER_AGE = ("18-34", "35-44", "45-54", "55+")
_MEMBER_AGE_P = {"书记": (0.05, 0.35, 0.45, 0.15), "主任": (0.1, 0.4, 0.4, 0.1), "副主任": (0.2, 0.4, 0.3, 0.1),
                 "委员": (0.2, 0.3, 0.3, 0.2), "社区工作者": (0.5, 0.3, 0.15, 0.05)}
_MEMBER_EDU = ("below_secondary", "secondary", "college", "postgraduate")
_MEMBER_EDU_P = {"书记": (0.0, 0.1, 0.8, 0.1), "主任": (0.0, 0.15, 0.8, 0.05), "副主任": (0.02, 0.2, 0.75, 0.03),
                 "委员": (0.05, 0.35, 0.58, 0.02), "社区工作者": (0.0, 0.15, 0.8, 0.05)}
_FEMALE_P = {"书记": 0.45, "主任": 0.5, "副主任": 0.6, "委员": 0.6, "社区工作者": 0.7}


def _members(comms: pd.DataFrame, plan: pd.DataFrame, latent: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """The ``committee_members`` table: one row per holder of a position since MEMBERS_FROM."""
    slot_comm, slot_role = _slots(comms, rng)
    unstable = latent[:, PROBLEMS.index("unstable_staff"), :]
    first, last = YEARS[0], YEARS[-1]
    years = np.arange(HISTORY_FROM, last + 1)
    level = np.repeat(unstable.mean(axis=1, keepdims=True), len(years), axis=1)  # before YEARS: the mean level
    level[:, years >= first] = unstable
    base = np.array([BASE_HAZARD[r] for r in ROLES])[slot_role]
    hazard = expit(logit(base)[:, None] + HAZARD_LOADING * level[slot_comm])  # slot × year
    elected = slot_role != ROLES.index("社区工作者")

    rows = []  # (slot, start, end or -1)
    start = HISTORY_FROM - rng.integers(0, 10, len(slot_comm))
    for k, year in enumerate(years):
        h = hazard[:, k] + np.where(elected & (year + 1 in ELECTION_YEARS), ELECTION_EXIT, 0.0)
        leave = (rng.random(len(slot_comm)) < h) & (start <= year)
        for s in np.flatnonzero(leave):
            rows.append((s, start[s], year))
        start = np.where(leave, year + 1, start)
    rows += [(s, start[s], -1) for s in range(len(slot_comm)) if start[s] <= last]
    rows = [r for r in rows if r[2] == -1 or r[2] >= MEMBERS_FROM]
    rows.sort(key=lambda r: (slot_comm[r[0]], r[0], r[1]))
    slot, start_year, end_year = (np.array(v, dtype=np.int64) for v in zip(*rows))
    return _member_table(comms, plan, slot_comm[slot], slot_role[slot], start_year, end_year, rng)


def _slots(comms: pd.DataFrame, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Community index and role index of every position."""
    n_staff = np.clip(np.round(comms["population"].to_numpy() / RESIDENTS_PER_STAFF), *STAFF_RANGE).astype(int)
    comm, role = [], []
    for c in range(len(comms)):
        for r, role_name in enumerate(ROLES):
            seats = n_staff[c] if _SEATS[role_name] is None else int(rng.integers(_SEATS[role_name][0], _SEATS[role_name][1] + 1))
            comm += [c] * seats
            role += [r] * seats
    return np.array(comm), np.array(role)


def _member_table(comms, plan, c_idx, r_idx, start_year, end_year, rng) -> pd.DataFrame:
    """Decode holders into the ``committee_members`` columns with drawn attributes."""
    n = len(c_idx)
    roles = np.array(ROLES)[r_idx]
    female = rng.random(n) < np.array([_FEMALE_P[r] for r in ROLES])[r_idx]
    age = _draw_levels(np.array([_MEMBER_AGE_P[r] for r in ROLES])[r_idx], rng)
    edu = _draw_levels(np.array([_MEMBER_EDU_P[r] for r in ROLES])[r_idx], rng)
    penalty = np.array([RESIDENT_PENALTY.get(p, 0.0) for p in plan["dominant_problem"]]) * plan["severity"].to_numpy()
    p_res = expit(logit(np.array([BASE_RESIDENT[r] for r in ROLES])[r_idx]) - penalty[c_idx])
    df = pd.DataFrame(
        {
            "member_id": [f"CM{i:06d}" for i in range(1, n + 1)],
            "community_id": comms["community_id"].to_numpy()[c_idx],
            "role": roles,
            "start_year": start_year,
            "end_year": pd.array(np.where(end_year < 0, 0, end_year), dtype="Int64"),
            "sex": np.where(female, "female", "male"),
            "age_group": np.array(_MEMBER_AGE)[age],
            "is_resident": (rng.random(n) < p_res).astype(np.int64),
            "education": np.array(_MEMBER_EDU)[edu],
        }
    )
    df.loc[end_year < 0, "end_year"] = pd.NA
    return df


def _draw_levels(p: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One categorical draw per row of the probability matrix ``p``."""
    return (rng.random(len(p))[:, None] > np.cumsum(p, axis=1)[:, :-1]).sum(axis=1)


def _members_truth() -> dict:
    return {
        "members_from": MEMBERS_FROM,
        "base_hazard": BASE_HAZARD,
        "hazard_loading_on_unstable_staff": HAZARD_LOADING,
        "election_years": list(ELECTION_YEARS),
        "election_exit": ELECTION_EXIT,
        "base_resident_share": BASE_RESIDENT,
        "resident_penalty_per_severity": RESIDENT_PENALTY,
        "age_group": "age group when taking up the position",
    }
