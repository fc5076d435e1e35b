"""Study 4 — the resident messages (留言) of the Demo City's communities.

``messages``
    About :data:`N_MESSAGES` resident messages in Chinese from templates with synonyms, the
    community's own place names and noise, with their true ``topic``. A community's topic mix is
    :data:`TOPIC_BASE` tilted by :data:`TOPIC_TILTS` of its dominant problem, and its volume grows by
    :data:`VOLUME_PER_SEVERITY` per unit severity. About :data:`PII_SHARE` carry a planted fake mobile
    number or 18-digit ID number, and :data:`N_FORMULA` start with ``=`` or ``+`` (formula
    injection); their ids are in the truth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["generate_messages", "TOPICS", "TOPIC_BASE", "TOPIC_TILTS"]

N_MESSAGES = 6000
MESSAGES_FROM, MESSAGES_TO = "2023-01-01", "2025-12-31"
#: Extra message volume per unit severity of a community's dominant problem.
VOLUME_PER_SEVERITY = 0.6
PII_SHARE = 0.02
N_FORMULA = 8

#: Topic mix of a community without a dominant problem.
TOPIC_BASE = {
    "物业管理": 0.18,
    "噪声扰民": 0.13,
    "停车难": 0.14,
    "环境卫生": 0.14,
    "养老服务": 0.10,
    "邻里纠纷": 0.10,
    "违章搭建": 0.08,
    "社区服务办事难": 0.13,
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
    "greet": [
        "",
        "",
        "您好，",
        "你好，",
        "尊敬的领导：",
        "领导您好！",
        "我是{comm}的居民，",
        "我是{street}{comm}的业主，",
        "市长您好，",
    ],
    "plea": [
        "希望有关部门尽快解决！",
        "请相关部门管一管。",
        "望尽快处理，谢谢！",
        "麻烦领导重视一下。",
        "盼复。",
        "希望能给个说法。",
        "已经反映过很多次了，希望这次能解决。",
        "",
    ],
    "when": [
        "每天晚上",
        "最近一个月",
        "这段时间",
        "每到周末",
        "从上个月开始",
        "夜里十一点以后",
        "早上六点多",
        "这半年来",
        "一到节假日",
    ],
    "loc": [
        "{b}号楼",
        "{b}栋{u}单元",
        "小区东门",
        "小区北门口",
        "地下车库",
        "{b}号楼楼下",
        "中心花园",
        "小区主干道",
        "农贸市场门口",
        "{b}号楼楼道",
        "小区南门外",
    ],
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
_FORMULA_PREFIXES = [
    '=HYPERLINK("http://example.invalid","点击查看")',
    "=1+1",
    "+=SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "+1 ",
    '="紧急"',
    "=2*3",
    "+++",
]
_ID_AREAS = ["990102", "990103", "990104", "990105", "990106", "990107", "340102", "340104"]


def generate_messages(comms: pd.DataFrame, plan: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Generate the ``messages`` table.

    Parameters
    ----------
    comms
        The Demo City's communities, one row each, in the order of ``plan``.
    plan
        The planted ``dominant_problem`` ('' for none) and ``severity`` per community.
    rng
        The only source of randomness.

    Returns
    -------
    messages, truth
        The ``messages`` table (with the true ``topic``) and its truth: the topic-mix parameters,
        the topic counts and the planted PII and formula message ids.
    """
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
    """One of ``options``, uniformly."""
    return options[int(rng.integers(len(options)))]


def _compose(topic: str, comm: str, street: str, rng: np.random.Generator) -> tuple[str | None, str]:
    """A title (None for about 5 %) and a text for one message from the topic's templates."""
    phrases = _TOPIC_PHRASES[topic]
    fill: dict[str, str | int] = {
        key: _pick(opts, rng) for key, opts in phrases.items() if key not in ("title", "body")
    }
    fill.update({key: _pick(opts, rng) for key, opts in _SLOTS.items()})
    fill.update(comm=comm, street=street, b=int(rng.integers(1, 40)), u=int(rng.integers(1, 7)))
    fill = {k: v.format(**fill) if isinstance(v, str) else v for k, v in fill.items()}  # {loc} → 3号楼
    sentences = [_pick(phrases["body"], rng).format(**fill)]
    if rng.random() < 0.35:
        sentences.append(_pick([s for s in phrases["body"] if s.format(**fill) != sentences[0]], rng).format(**fill))
    text = str(fill["greet"]) + "".join(sentences) + str(fill["plea"])  # texts: only b and u are numbers
    if rng.random() < 0.2:  # noise: one punctuation mark doubled, half-width or spaced
        marks = [i for i, ch in enumerate(text) if ch in "，。！" and i > 0]
        if marks:
            pos = marks[int(rng.integers(len(marks)))]
            text = text[:pos] + _pick(_NOISE, rng) + text[pos + 1 :]
    title = (
        None
        if rng.random() < 0.05
        else _pick(_TITLES, rng).format(comm=comm, street=street, t=_pick(phrases["title"], rng))
    )
    return title, text.strip()


def _plant_hazards(texts: list[str], rng: np.random.Generator) -> tuple[list[str], dict[str, list[int]]]:
    """Add fake mobile numbers and ID numbers to about PII_SHARE of the texts, and a formula prefix to
    N_FORMULA others; return the texts and the (sorted) positions of each kind."""
    n = len(texts)
    n_pii = int(round(PII_SHARE * n))
    chosen = rng.choice(n, size=n_pii + N_FORMULA, replace=False)
    phone, id_number, formula = (
        np.sort(chosen[: n_pii // 2]),
        np.sort(chosen[n_pii // 2 : n_pii]),
        np.sort(chosen[n_pii:]),
    )
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
