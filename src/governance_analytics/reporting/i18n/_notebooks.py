"""Phrases and figure labels of the numbered notebooks (03 participation, 04 community), so that a
notebook holds narration and calls, not its own translations."""

TEXT: dict[str, dict[str, str]] = {
    "nb03_rates": {
        "zh": "各渠道参与率（按户籍，95% 置信区间）",
        "en": "Participation by channel and hukou (95% intervals)",
    },
    "nb03_rate": {"zh": "参与率", "en": "share of adults"},
    "nb03_local": {"zh": "本地户籍", "en": "local hukou"},
    "nb03_migrant": {"zh": "外来人口", "en": "migrants"},
    "nb03_ladder": {"zh": "居民达到的最高参与层级（Arnstein 阶梯）", "en": "Highest rung of Arnstein's ladder reached"},
    "nb03_share": {"zh": "成年居民比例", "en": "share of adults"},
    "nb03_forest": {
        "zh": "谁更可能参与：任一渠道参与的优势比",
        "en": "Who takes part: odds ratios of taking part in any channel",
    },
    "nb03_or": {"zh": "优势比（对数刻度，95% 置信区间）", "en": "odds ratio (log scale, 95% interval)"},
    "nb03_less": {"zh": "参与可能性更低", "en": "less likely to take part"},
    "nb03_more": {"zh": "参与可能性更高", "en": "more likely"},
    "nb03_committee": {
        "zh": "社区居委会中居民委员的比例（南京规则：公众委员不少于一半）",
        "en": "Resident members on residents' committees (Nanjing rule: public members at least half)",
    },
    "nb03_committee_y": {"zh": "比例", "en": "share"},
    "nb04_heatmap": {
        "zh": "各社区六类问题得分（{year}，越高问题越突出）",
        "en": "Six problem scores per community ({year}; higher = worse)",
    },
    "nb04_score": {"zh": "问题得分", "en": "problem score"},
    "nb04_ranks": {
        "zh": "社区问题指数排名的不确定性（{n} 次抽样）",
        "en": "Uncertainty of the problem-index ranks ({n} draws)",
    },
    "nb04_rank": {"zh": "排名（1 = 问题最突出）", "en": "rank (1 = worst problems)"},
    "nb04_nominal": {"zh": "基准排名", "en": "nominal"},
    "nb04_median": {"zh": "中位排名", "en": "median"},
    "nb04_interval": {"zh": "5–95% 区间", "en": "5–95 %"},
    "nb04_sobol": {
        "zh": "建模选择对排名的影响（Sobol' 指数，平均排名变动）",
        "en": "Which modelling choices move the ranks (Sobol' indices, mean rank shift)",
    },
    "nb04_sobol_x": {"zh": "指数", "en": "index"},
    "nb04_first": {"zh": "一阶", "en": "first order"},
    "nb04_total": {"zh": "总效应", "en": "total"},
    "nb04_silhouette": {"zh": "类型数与平均轮廓系数", "en": "Mean silhouette by number of types"},
    "nb04_k": {"zh": "类型数 k", "en": "number of types k"},
    "nb04_sil": {"zh": "平均轮廓系数", "en": "mean silhouette"},
    "nb04_chosen": {"zh": "选定", "en": "chosen"},
    "nb04_profiles": {"zh": "各类社区的问题画像（标准化均值）", "en": "Problem profiles of the types (mean z)"},
    "nb04_map": {"zh": "社区类型分布图（{year}）", "en": "Community types ({year})"},
}

#: Label maps the notebooks' figures take (``{}``: the figure's own English labels).
LABELS: dict[str, dict[str, dict[str, str]]] = {
    "ladder_tiers": {
        "zh": {"none": "未参与", "nonparticipation": "非参与", "tokenism": "象征性参与", "citizen_power": "公民权力"},
        "en": {},
    },
    "committee_lines": {
        "zh": {
            "share_meeting_rule": "达标的居委会比例",
            "public_share": "居民委员占全部委员比例",
            "threshold": "规则：公众委员 ≥ 1/2",
        },
        "en": {},
    },
    "choice_factors": {
        "zh": {
            "impute": "缺失值插补",
            "winsorise": "异常值处理",
            "normalise": "标准化方法",
            "weights": "权重",
            "aggregate": "加总方法",
        },
        "en": {},
    },
}
