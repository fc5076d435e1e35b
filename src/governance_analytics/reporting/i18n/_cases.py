"""Phrases of the case sections: hot spots, case handling, review and policy impact."""

TEXT: dict[str, dict[str, str]] = {
    "hotspots": {"zh": "案件热点与时空热点", "en": "Hot spots and emerging hot spots"},
    "hotspots_intro": {
        "zh": "{period}各大类案件的热点分析（Getis-Ord Gi*，FDR 校正，每类的距离带见“分析尺度”表），以及案件最多的 {n} 个大类按{step}的时空热点分析。",
        "en": "Hot spots of each big class in {period} (Getis-Ord Gi*, FDR-corrected, each class at the distance band of the table of scales), and emerging hot spots of the {n} largest classes, step by {step}.",
    },
    "step_MS": {"zh": "月", "en": "month"},
    "step_QS": {"zh": "季度", "en": "quarter"},
    "tab_scales": {
        "zh": "分析尺度：各大类的距离带及其依据",
        "en": "Scale of analysis: each class's distance band and why",
    },
    "scale_band": {"zh": "距离带（米）", "en": "Distance band (m)"},
    "scale_rule": {"zh": "依据", "en": "Chosen by"},
    "rule_set": {
        "zh": "设定值 band_m（city.yml；默认 300 米，即三个网格，网格化巡查的范围）",
        "en": "the setting band_m (city.yml; by default 300 m, three cells, the reach of a grid patrol)",
    },
    "rule_first peak": {
        "zh": "空间自相关随距离增加的第一个峰值（增量空间自相关）",
        "en": "the first peak of spatial autocorrelation over growing distances (incremental spatial autocorrelation)",
    },
    "rule_k nearest neighbours": {
        "zh": "无峰值：每个网格到最近 {k} 个网格的平均距离（ArcGIS 的做法）",
        "en": "no peak: the average distance to each cell's {k} nearest cells (ArcGIS's fallback)",
    },
    "rule_minimum radius": {
        "zh": "研究区最大边长的 0.1%（最小半径）",
        "en": "0.1% of the extent's largest side (the minimum radius)",
    },
    "emerging_none": {
        "zh": "{classes}：没有网格呈现时空热点模式（新增、连续、加剧、持续等），各网格的变化与随机波动无异。",
        "en": "{classes}: no cell shows an emerging hot-spot pattern (new, consecutive, intensifying, persistent, …); the changes are within chance.",
    },
    "names_and_more": {"zh": "{names} 等 {n} 类", "en": "{names} and {k} more"},
    "omit_emerging_thin": {
        "zh": "{classes}：平均每个时间步不足 {n} 件，未做时空热点分析",
        "en": "{classes}: fewer than {n} cases per time step on average, no emerging hot-spot analysis",
    },
    "note_hot_off_grid": {
        "zh": "某类有少数（少于 {threshold} 件）案件无坐标、不在网格内时，其网格内案件数不予公布（×）：否则与分类表中该类的案件数相减即得出这一小数。",
        "en": "Where a few of a class's cases (fewer than {threshold}) have no coordinates and lie off the grid, its cases on the grid are withheld (×): subtracted from the class table's count, they would give that small number back.",
    },
    "note_emerging_agree": {
        "zh": "时空热点类型声称末期（{step}）显著、而该期热点分析（Gi*）不显著的网格（{n} 个）记为无明显模式，使两者一致。",
        "en": "Cells whose emerging category claims a significant final step ({step}) that the hot-spot analysis (Gi*) of that step does not confirm ({n}) are shown as no pattern, so that the two agree.",
    },
    "finding_hot_class": {
        "zh": "{period}，“{category}”类案件在 {cells} 个网格形成显著热点（FDR 5%），这些网格集中了该类 {share} 的案件。",
        "en": "In {period}, “{category}” cases formed significant hot spots in {cells} cells (FDR 5%), holding {share} of the class's cases.",
    },
    "finding_emerging": {
        "zh": "“{category}”类出现 {cells} 个{kind}网格（与以往各季度相比）。",
        "en": "“{category}” shows {cells} cells as {kind} (against the earlier quarters).",
    },
    "omit_no_due": {
        "zh": "数据没有应结案时间（处置时限），无法计算按期结案率及其控制图",
        "en": "the data carry no due times, so on-time closure rates and their control chart cannot be computed",
    },
    "omit_control_baseline": {
        "zh": "本期之前没有带应结案时间的案件，控制图缺少基准期",
        "en": "no case with a due time before the period: the control chart has no baseline",
    },
    "omit_survival": {
        "zh": "本期结案少于 {n} 件，未分析结案时长",
        "en": "fewer than {n} cases of the period were closed: no time-to-closure analysis",
    },
    "omit_ranking": {
        "zh": "结案 {n} 件以上的处置部门不足两个，未作部门比较与排名",
        "en": "fewer than two departments closed {n} or more cases: no department comparison or ranking",
    },
    "omit_scores": {
        "zh": "部门考核得分需要至少两个部门和应结案时间，未计算",
        "en": "team scores need two or more departments and due times: not computed",
    },
    "omit_departments": {
        "zh": "数据没有记录处置部门，指标只按全市给出",
        "en": "the data record no department: indicators for the city as a whole only",
    },
    "no_grid": {
        "zh": "数据没有单元网格，也没有带可用坐标的案件可据以生成网格",
        "en": "the data hold no unit grid and no case with usable coordinates to draw one from",
    },
    "omit_hot_few": {
        "zh": "{classes}：本期网格内案件少于 {n} 件，未做热点分析",
        "en": "{classes}: fewer than {n} cases on the grid in the period, no hot-spot analysis",
    },
    "omit_hot_flat": {
        "zh": "{classes}：各网格案件数相同，Gi* 无定义，未做热点分析",
        "en": "{classes}: the same count in every cell, Gi* is undefined, no hot-spot analysis",
    },
    "omit_emerging_steps": {
        "zh": "时空热点分析至少需要 {n} 个时间步（ArcGIS 的最低要求），案件数据只有 {k} 个，未做时空热点分析",
        "en": "emerging hot spots need at least {n} time steps (ArcGIS's minimum); the records hold {k}, so none is reported",
    },
    "no_located_cases": {
        "zh": "本期（{period}）没有落入单元网格的案件",
        "en": "no case of the period ({period}) lies on the unit grid",
    },
    "no_class_for_hot_spots": {
        "zh": "本期（{period}）没有大类在单元网格内有 {n} 件以上的案件，不做热点分析",
        "en": "no class has {n} or more cases on the unit grid in the period ({period}), so no hot-spot analysis",
    },
    "emerging_no_history": {
        "zh": "{period}是案件数据的第一个季度，没有更早的季度可比，不判断新增、持续等时空热点类型。",
        "en": "{period} is the first quarter of the case records: with no earlier quarter to compare with, no emerging hot spot (new, persistent, …) is reported.",
    },
    "fig_hot_spots": {"zh": "“{category}”类案件热点（{period}）", "en": "Hot spots of “{category}” cases, {period}"},
    "fig_emerging": {
        "zh": "“{category}”类案件时空热点（按{step}）",
        "en": "Emerging hot spots of “{category}” cases (by {step})",
    },
    "tab_hot_spots": {"zh": "各大类热点网格（{period}）", "en": "Hot-spot cells by class, {period}"},
    "tab_emerging": {
        "zh": "时空热点类型的网格数（按{step}，案件最多的大类）",
        "en": "Cells per emerging hot spot category (by {step}, largest classes)",
    },
    "method_gi_star": {
        "zh": "热点分析：每个网格以距离带内的网格为邻域计算 Getis-Ord Gi*（含自身，Ord & Getis 1995），{inference}得双侧 p 值，Benjamini–Hochberg FDR 校正；置信度分级按 ArcGIS（99%/95%/90%）。距离带按 ArcGIS 优化热点分析的规则由数据选定：增量空间自相关的第一个峰值，无峰值时取到最近 k 个网格的平均距离（k 为网格数的 5%，限于 3–30）。",
        "en": "Hot spots: Getis-Ord Gi* of each cell with the cells within the distance band as its neighbourhood (self included, Ord & Getis 1995), two-sided p {inference}, Benjamini–Hochberg FDR; confidence bins as in ArcGIS (99/95/90%). The band is chosen from the data as ArcGIS's Optimized Hot Spot Analysis does: the first peak of incremental spatial autocorrelation, else the average distance to the k nearest cells (k = 5% of the cells, within 3–30).",
    },
    "inference_convolution": {
        "zh": "按条件随机化的零分布（Anselin 1995，适用于稀疏计数；整数计数的零分布以卷积直接算出，p 值不受置换次数的下限限制）",
        "en": "from the conditional-randomisation null (Anselin 1995; valid for sparse counts), computed by convolution for whole counts, so that no number of permutations sets a floor on p",
    },
    "inference_permutation": {
        "zh": "按 {n:,} 次条件置换（Anselin 1995，适用于稀疏计数）",
        "en": "from {n:,} conditional permutations (Anselin 1995; valid for sparse counts)",
    },
    "method_emerging": {
        "zh": "时空热点分析：只分析有案件的网格（ArcGIS 的做法）；在时空立方体上以同一距离带计算时空 Gi*（本期与上一期），p 值与热点分析出自同一零分布，全部格元做 FDR 校正；对每个网格的 z 序列做 Mann–Kendall 趋势检验（Hamed–Rao 自相关校正），类型取决于趋势的网格之间再做 FDR 校正（Wilks 2016），按 ArcGIS Pro 的 17 类规则分类。超出 ArcGIS 的一步：新增、连续、加剧、减弱等趋势类型须通过时间置换检验（案件的时间在案件之间随机打乱 19 次，p≤0.05），否则记为零星或持续热点。声称末期显著的类型，须经该期热点分析（Gi*）确认。",
        "en": "Emerging hot spots: only cells with cases are analysed (as ArcGIS); space-time Gi* on the cube at the same distance band (this step and the previous one), with p-values from the same null as the hot spots and FDR over every bin; Mann–Kendall trend of each cell's z series (Hamed–Rao correction for serial correlation), with FDR across the cells whose category hangs on the trend (Wilks 2016); ArcGIS Pro's 17 categories. A step beyond ArcGIS: a trend category (new, consecutive, intensifying, diminishing) must pass a temporal test — the cases' time steps shuffled across cases 19 times, p ≤ 0.05 — else it is reported as sporadic or persistent. A category that claims a significant final step stands only where that step's hot-spot analysis (Gi*) confirms it.",
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
    "finding_closure_time_open": {
        "zh": "到期末仍有过半案件未结案，立案至结案的中位时间尚无法确定；{within} 的案件在 24 小时内结案。",
        "en": "More than half of the cases were still open at the end of the period, so the median time to closure is not yet known; {within} of cases closed within 24 hours.",
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
    "fig_km": {
        "zh": "各部门案件未结案比例随时间变化（Kaplan–Meier，{period}）",
        "en": "Share of cases still open over time by department (Kaplan–Meier, {period})",
    },
    "fig_km_x": {"zh": "立案后小时数", "en": "Hours since filing"},
    "fig_km_y": {"zh": "未结案比例", "en": "Share still open"},
    "fig_ranks": {
        "zh": "各部门办结速度排名及其区间（1 = 最快）",
        "en": "Departments ranked by speed of closure, with intervals (1 = fastest)",
    },
    "fig_ranks_x": {"zh": "排名", "en": "Rank"},
    "fig_control": {"zh": "“{department}”按期结案率控制图", "en": "Control chart of on-time closure, “{department}”"},
    "fig_control_limits": {"zh": "控制限", "en": "Control limits"},
    "fig_control_centre": {"zh": "中心线", "en": "Centre line"},
    "fig_event_study": {
        "zh": "“{name}”事件研究：相对实施月份的率比",
        "en": "Event study of “{name}”: rate ratio by month relative to the start",
    },
    "fig_event_x": {"zh": "相对实施的月份", "en": "Months relative to the start"},
    "fig_event_y": {"zh": "率比（对数坐标）", "en": "Rate ratio (log scale)"},
    "note_kpis_no_due": {
        "zh": "本期没有案件到期（数据未记录处置时限，或尚无案件到期），应结案数、结案数、按期结案数及结案率、按期结案率无从计算，未列出。",
        "en": "No case of the period has come due (the data record no due times, or none has fallen due yet), so due cases, closed cases, cases closed on time and the two closure rates cannot be computed and are not shown.",
    },
    "tab_kpis": {
        "zh": "各部门办理绩效（{period} 上报的案件，截至期末）",
        "en": "Handling KPIs by department (cases reported in {period}, as at its end)",
    },
    "tab_ranking": {
        "zh": "各部门办结速度：Cox 模型风险比与排名区间",
        "en": "Speed of closure by department: Cox hazard ratios and rank intervals",
    },
    "tab_compliance": {"zh": "各部门案卷合规率", "en": "Case-file compliance by department"},
    "tab_flags": {"zh": "案卷问题类型", "en": "Case-file defects by type"},
    "tab_scores": {"zh": "各部门考核得分", "en": "Assessment scores by department"},
    "tab_impact": {
        "zh": "政策效果评估：双重差分（泊松双向固定效应）",
        "en": "Policy impact: difference-in-differences (Poisson two-way fixed effects)",
    },
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
