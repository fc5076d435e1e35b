"""Phrases of the case sections: hot spots, case handling, review and policy impact."""

TEXT: dict[str, dict[str, str]] = {
    "hotspots": {"zh": "案件热点与时空热点", "en": "Hot spots and emerging hot spots"},
    "hotspots_intro": {
        "zh": "{period}各大类案件的热点分析（Getis-Ord Gi*，{band} 米距离带，FDR 校正），以及案件最多的 {n} 个大类按季度的时空热点分析。",
        "en": "Hot spots of each big class in {period} (Getis-Ord Gi*, {band} m distance band, FDR-corrected), and emerging hot spots of the {n} largest classes on the quarterly cube.",
    },
    "finding_hot_class": {
        "zh": "{period}，“{category}”类案件在 {cells} 个网格形成显著热点（FDR 5%），这些网格集中了该类 {share} 的案件。",
        "en": "In {period}, “{category}” cases formed significant hot spots in {cells} cells (FDR 5%), holding {share} of the class's cases.",
    },
    "finding_emerging": {
        "zh": "“{category}”类出现 {cells} 个{kind}网格（与以往各季度相比）。",
        "en": "“{category}” shows {cells} cells as {kind} (against the earlier quarters).",
    },
    "emerging_no_history": {
        "zh": "{period}是案件数据的第一个季度，没有更早的季度可比，不判断新增、持续等时空热点类型。",
        "en": "{period} is the first quarter of the case records: with no earlier quarter to compare with, no emerging hot spot (new, persistent, …) is reported.",
    },
    "fig_hot_spots": {"zh": "“{category}”类案件热点（{period}）", "en": "Hot spots of “{category}” cases, {period}"},
    "fig_emerging": {"zh": "“{category}”类案件时空热点（按季度）", "en": "Emerging hot spots of “{category}” cases (quarterly)"},
    "tab_hot_spots": {"zh": "各大类热点网格（{period}）", "en": "Hot-spot cells by class, {period}"},
    "tab_emerging": {"zh": "时空热点类型的网格数（按季度，案件最多的大类）", "en": "Cells per emerging hot spot category (quarterly, largest classes)"},
    "method_gi_star": {
        "zh": "热点分析：每个网格以 {band} 米内的网格为邻域计算 Getis-Ord Gi*（含自身，Ord & Getis 1995），以 9,999 次条件置换检验（Anselin 1995，适用于稀疏计数）得双侧 p 值，Benjamini–Hochberg FDR 校正；置信度分级按 ArcGIS（99%/95%/90%）。",
        "en": "Hot spots: Getis-Ord Gi* of each cell with the cells within {band} m as its neighbourhood (self included, Ord & Getis 1995), two-sided p from 9,999 conditional permutations (Anselin 1995; valid for sparse counts), Benjamini–Hochberg FDR; confidence bins as in ArcGIS (99/95/90%).",
    },
    "method_emerging": {
        "zh": "时空热点分析：按季度的时空立方体上计算时空 Gi*（每个网格及其八邻域网格，本季度与上一季度），对每个网格的 z 序列做 Mann–Kendall 趋势检验，按 ArcGIS Pro 的 17 类规则分类。",
        "en": "Emerging hot spots: space-time Gi* on the quarterly cube (queen neighbours, this quarter and the previous one), Mann–Kendall trend of each cell's z series, ArcGIS Pro's 17 categories.",
    },
    "handling": {"zh": "案件办理绩效、案卷审查与政策评估", "en": "Case handling, case-file review and policy impact"},
    "handling_intro": {
        "zh": "{period}各处置部门的办理绩效（立案率、结案率、按期结案率、返工率），案件办结时间的生存分析，存在程序问题的案卷，以及试点措施的效果评估。",
        "en": "Handling performance of each department in {period} (filing, closure, on-time closure and rework rates), survival analysis of time to closure, case files with procedural defects, and the evaluation of a pilot.",
    },
    "method_kpis": {
        "zh": "绩效指标（GB/T 30428.4）：立案率 = 立案数 / 上报数；应结案数 = 截至统计时点已到期的立案案件数 + 已结案但未到期的案件数（无处置时限的案件不计入）；结案率 = 结案数 / 应结案数；按期结案率 = 在时限内结案的案件数 / 应结案数；返工率 = 至少返工一次的结案案件数 / 结案数。",
        "en": "KPIs (GB/T 30428.4): filing rate = filed / reported; cases due = filed cases whose due time has passed by the reference time plus cases closed before their due time (cases without a due time are left out); closure rate = closed / due; on-time closure rate = closed by the due time / due; rework rate = closed cases sent back at least once / closed cases.",
    },
    "method_control_chart": {
        "zh": "控制图：按期结案率按月计算（以到期月份归属），以报告期之前各月的合并比率为中心线，控制限为中心线 ± 3 倍标准误（Shewhart p 图，Montgomery 2013 §7.2）；超出控制限的月份视为需要解释的信号。",
        "en": "Control chart: monthly on-time closure rate (cases placed by their due month), centre line the pooled rate of the months before the period, limits ± 3 standard errors (Shewhart p-chart, Montgomery 2013 §7.2); a month outside its limits is a signal to explain.",
    },
    "method_review": {
        "zh": "案卷审查规则：缺少环节时间（有后续环节而缺立案、派遣或处置时间）；环节顺序颠倒；未经处理反馈即核查结案；超过处置时限；返工超过 {max_rework} 次；上报后 {minutes} 分钟内即结案。无任何问题的案卷为合规案卷。",
        "en": "Case-file review rules: a missing stage time (filing, dispatch or handling absent while a later stage is recorded); stages out of order; closure with no handling feedback to verify; beyond the time limit; reworked more than {max_rework} times; closed within {minutes} minutes of the report. A file with none of these is compliant.",
    },
    "method_score": {
        "zh": "考核得分 = 100 × 各指标加权平均，权重：{weights}（权重由各城市自定，此处为公开的默认值）。",
        "en": "Assessment score = 100 × weighted mean of the indicators, weights: {weights} (a published default; each city sets its own).",
    },
    "finding_on_time": {
        "zh": "{period}按期结案率 {rate}，较{compare}（{rate_compare}）{direction} {points}{significance}。",
        "en": "The on-time closure rate in {period} was {rate}, {direction} {points} on {compare} ({rate_compare}){significance}.",
    },
    "finding_department_drop": {
        "zh": "“{department}”按期结案率由{compare}的 {rate_compare} 降至 {rate}，下降 {points}（{p}）。",
        "en": "“{department}”: on-time closure fell {points}, from {rate_compare} in {compare} to {rate} ({p}).",
    },
    "finding_control": {
        "zh": "“{department}”有 {months} 个月的按期结案率低于控制下限（以往水平 {centre}），属于需要解释的异常变化。",
        "en": "“{department}” had {months} month(s) with on-time closure below its lower control limit (past level {centre}): a change that needs explaining.",
    },
    "finding_closure_time": {
        "zh": "立案至结案的中位时间为 {median} 小时（95% CI {low}–{high}）；{within} 的案件在 24 小时内结案。",
        "en": "The median time from filing to closure was {median} hours (95% CI {low}–{high}); {within} of cases closed within 24 hours.",
    },
    "finding_fastest_slowest": {
        "zh": "考虑不确定性后（Cox 模型排名区间），办结最快的是“{fast}”（排名 {fast_rank}），最慢的是“{slow}”（排名 {slow_rank}）。",
        "en": "Allowing for uncertainty (Cox model rank intervals), “{fast}” closed cases fastest (rank {fast_rank}) and “{slow}” slowest (rank {slow_rank}).",
    },
    "finding_review": {
        "zh": "本期 {n} 件案卷（占 {share}）存在程序问题，最常见的是“{flag}”（{k} 件）。",
        "en": "{n} case files ({share}) showed a procedural defect this period; the most common was “{flag}” ({k}).",
    },
    "finding_impact": {
        "zh": "“{name}”（{start}起）：试点网格的“{category}”案件较对比网格{direction} {pct}（率比 {rr}，95% CI {low}–{high}；匹配对照组 {rr_matched}），事前趋势检验 {pretrend}。",
        "en": "“{name}” (from {start}): “{category}” cases in the pilot cells were {direction} {pct} against comparison cells (rate ratio {rr}, 95% CI {low}–{high}; matched comparison {rr_matched}); pre-trend test {pretrend}.",
    },
    "fig_km": {"zh": "各部门案件未结案比例随时间变化（Kaplan–Meier，{period}）", "en": "Share of cases still open over time by department (Kaplan–Meier, {period})"},
    "fig_km_x": {"zh": "立案后小时数", "en": "Hours since filing"},
    "fig_km_y": {"zh": "未结案比例", "en": "Share still open"},
    "fig_ranks": {"zh": "各部门办结速度排名及其区间（1 = 最快）", "en": "Departments ranked by speed of closure, with intervals (1 = fastest)"},
    "fig_ranks_x": {"zh": "排名", "en": "Rank"},
    "fig_control": {"zh": "“{department}”按期结案率控制图", "en": "Control chart of on-time closure, “{department}”"},
    "fig_control_limits": {"zh": "控制限", "en": "Control limits"},
    "fig_control_centre": {"zh": "中心线", "en": "Centre line"},
    "fig_event_study": {"zh": "“{name}”事件研究：相对实施月份的率比", "en": "Event study of “{name}”: rate ratio by month relative to the start"},
    "fig_event_x": {"zh": "相对实施的月份", "en": "Months relative to the start"},
    "fig_event_y": {"zh": "率比（对数坐标）", "en": "Rate ratio (log scale)"},
    "tab_kpis": {"zh": "各部门办理绩效（{period} 上报的案件，截至期末）", "en": "Handling KPIs by department (cases reported in {period}, as at its end)"},
    "tab_ranking": {"zh": "各部门办结速度：Cox 模型风险比与排名区间", "en": "Speed of closure by department: Cox hazard ratios and rank intervals"},
    "tab_compliance": {"zh": "各部门案卷合规率", "en": "Case-file compliance by department"},
    "tab_flags": {"zh": "案卷问题类型", "en": "Case-file defects by type"},
    "tab_scores": {"zh": "各部门考核得分", "en": "Assessment scores by department"},
    "tab_impact": {"zh": "政策效果评估：双重差分（泊松双向固定效应）", "en": "Policy impact: difference-in-differences (Poisson two-way fixed effects)"},
    "tab_event_study": {"zh": "事件研究系数", "en": "Event-study coefficients"},
    "all_departments": {"zh": "全部", "en": "All"},
    "comparison_all": {"zh": "全部未试点网格", "en": "All untreated cells"},
    "comparison_matched": {"zh": "匹配对照网格", "en": "Matched cells"},
    "weights_note": {"zh": "权重：{weights}", "en": "Weights: {weights}"},
    "method_survival": {
        "zh": "办结时间：以立案为起点、核查结案为终点，期末仍未结案的案件作为删失观测（Kaplan–Meier 估计，log-log 置信带；中位时间的置信区间按 Brookmeyer–Crowley）；部门比较用 Cox 比例风险模型（Efron 处理结，风险比 > 1 表示结案更快），排名区间由系数的多元正态抽样得到（Goldstein & Spiegelhalter 1996）。",
        "en": "Time to closure: from filing to verified closure, cases still open at the period's end censored (Kaplan–Meier, log-log bands; Brookmeyer–Crowley interval of the median); departments compared by a Cox proportional-hazards model (Efron ties; hazard ratio > 1 = faster closure), rank intervals from multivariate-normal draws of the coefficients (Goldstein & Spiegelhalter 1996).",
    },
    "method_did": {
        "zh": "政策效果：试点网格与对照网格逐月案件数的双重差分，泊松双向固定效应（网格与月份固定效应），标准误按网格聚类；匹配对照组按其他类别案件在试点前的水平与趋势（马氏距离）最优匹配；事件研究检验试点前各月系数是否联合为零。",
        "en": "Policy impact: difference-in-differences of monthly case counts in pilot versus comparison cells, Poisson two-way fixed effects (cell and month), standard errors clustered by cell; matched comparison cells chosen by the pre-period level and trend of the other case classes (Mahalanobis, optimal matching); the event study tests that the pre-period coefficients are jointly zero.",
    },
    "flag_missing_stage": {"zh": "缺少环节时间", "en": "Missing stage time"},
    "flag_out_of_order": {"zh": "环节顺序颠倒", "en": "Stages out of order"},
    "flag_closed_without_verification": {"zh": "未经反馈核查即结案", "en": "Closed without verification"},
    "flag_overdue": {"zh": "超期", "en": "Overdue"},
    "flag_repeated_rework": {"zh": "多次返工", "en": "Repeated rework"},
    "flag_implausibly_fast": {"zh": "结案过快", "en": "Implausibly fast closure"},
}
