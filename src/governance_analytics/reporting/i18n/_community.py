"""Phrases of the community-governance section."""

TEXT: dict[str, dict[str, str]] = {
    "community": {"zh": "社区治理问题诊断", "en": "Community-governance diagnostics"},
    "rank_nominal": {"zh": "名义排名", "en": "nominal"},
    "rank_median": {"zh": "中位排名", "en": "median"},
    "rank_interval_5_95": {"zh": "5%–95% 排名区间", "en": "5–95 %"},
    "community_intro": {
        "zh": "{year}年 {n} 个社区在六类社区治理问题上的综合指数（以{reference}年为基准，OECD/JRC 合成指标方法），每个社区的主要问题、排名的不确定性和社区类型。",
        "en": "A composite index of the six community-governance problems for {n} communities in {year} (scaled on {reference}, OECD/JRC composite-indicator method), each community's dominant problem, the uncertainty of its rank, and community types.",
    },
    "community_no_year": {
        "zh": "社区指标数据始于{first}年，晚于本期（{period}）",
        "en": "the community indicators begin in {first}, after the period ({period})",
    },
    "finding_dominant": {
        "zh": "{n} 个社区以“{problem}”为最突出的问题（与{reference}年全市基准相比）。",
        "en": "{n} communities have “{problem}” as their dominant problem (against the {reference} city-wide reference).",
    },
    "finding_worst": {
        "zh": "问题综合指数最高的社区是{names}；考虑建模选择的不确定性后，其排名区间分别为{intervals}。",
        "en": "The highest problem indices were in {names}; allowing for the modelling choices their rank intervals are {intervals}.",
    },
    "finding_types": {
        "zh": "按六类问题得分聚类（{method}，轮廓系数选定 {k} 类），最大的一类是“{name}”（{size} 个社区）。",
        "en": "Clustering on the six problem scores ({method}, {k} types chosen by silhouette) gives “{name}” as the largest type ({size} communities).",
    },
    "fig_rank_intervals": {
        "zh": "问题综合指数排名及其 5–95% 区间（1 = 问题最重）",
        "en": "Problem-index ranks with 5–95% intervals (1 = worst)",
    },
    "fig_typology": {"zh": "社区类型分布", "en": "Community types"},
    "tab_dominant": {
        "zh": "各主要问题的社区数与建议措施",
        "en": "Communities by dominant problem, with the help suggested",
    },
    "tab_worst": {"zh": "问题综合指数最高的社区", "en": "Communities with the highest problem index"},
    "tab_types": {"zh": "社区类型", "en": "Community types"},
    "method_composite": {
        "zh": "综合指数：指标按 COINr 规则缩尾（偏度 ≥ 2 且峰度 ≥ 3.5），均值插补，以基准年最小—最大标准化，维度内等权算术平均，六个维度等权合成，分数越高问题越重；排名区间为对标准化、权重、合成方法等选择的蒙特卡洛模拟（{n} 次）的 5–95% 分位数；主要问题为高于各社区平均 0.5 个标准差以上的最高维度。",
        "en": "Composite index: indicators winsorised by COINr's rule (skew ≥ 2 and kurtosis ≥ 3.5), mean-imputed, min-max normalised on the reference year, equal weights within and across the six dimensions, higher = worse; rank intervals are the 5–95% quantiles over a Monte Carlo ({n} draws) of the normalisation, weighting and aggregation choices; the dominant problem is the highest dimension at least 0.5 sd above the average community.",
    },
}
