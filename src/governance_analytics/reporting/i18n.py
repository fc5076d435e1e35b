"""Display labels and report phrases in Chinese (default) and English.

Column names and codes stay English snake_case in the package; data values from Chinese standards
(case classes, channels, departments) stay Chinese. Here both get their display form per language.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "text", "label", "number", "percent", "points", "p_value", "date"]

LANGUAGES = ("zh", "en")

_TEXT: dict[str, dict[str, str]] = {
    # report frame
    "report_title": {"zh": "{city}城市治理分析报告（{period}）", "en": "{city} urban governance report, {period}"},
    "generated": {"zh": "生成时间", "en": "Generated"},
    "findings": {"zh": "主要发现", "en": "Key findings"},
    "contents": {"zh": "目录", "en": "Contents"},
    "methods": {"zh": "方法与定义", "en": "Methods and definitions"},
    "provenance": {"zh": "数据来源与可复现信息", "en": "Provenance"},
    "skipped": {"zh": "未生成的部分", "en": "Sections not produced"},
    "skipped_missing": {"zh": "{section}：缺少输入数据 {tables}。", "en": "{section}: input {tables} not present."},
    "suppressed_note": {"zh": "为保护隐私，小于 {threshold} 的计数不予公布（显示为“<{threshold}”）。",
                        "en": "Counts below {threshold} are not published (shown as “<{threshold}”) to protect privacy."},
    "source": {"zh": "来源", "en": "Source"},
    # provenance fields
    "file": {"zh": "文件", "en": "File"},
    "table": {"zh": "数据表", "en": "Table"},
    "sha256": {"zh": "SHA-256", "en": "SHA-256"},
    "n_read": {"zh": "读取行数", "en": "Rows read"},
    "n_accepted": {"zh": "接受行数", "en": "Rows accepted"},
    "n_rejected": {"zh": "拒收行数", "en": "Rows rejected"},
    "parameter": {"zh": "参数", "en": "Parameter"},
    "value": {"zh": "取值", "en": "Value"},
    "package": {"zh": "软件包", "en": "Package"},
    "version": {"zh": "版本", "en": "Version"},
    # overview section
    "overview": {"zh": "数据概览", "en": "Data overview"},
    "overview_intro": {
        "zh": "案件数据覆盖 {first} 至 {last}（{months} 个月），共 {n} 件；{located} 有坐标，{in_grid} 已落入单元网格。",
        "en": "Case records cover {first} to {last} ({months} months): {n} cases, {located} with coordinates, {in_grid} assigned to a unit-grid cell.",
    },
    "finding_total": {
        "zh": "{period}共上报案件 {n} 件，较{compare}（{n_compare} 件）{direction} {pct}{significance}。",
        "en": "{n} cases were reported in {period}, {direction} {pct} on {compare} ({n_compare}){significance}.",
    },
    "finding_top_class": {
        "zh": "{period}案件最多的大类是“{category}”（{type}），{n} 件，占 {share}。",
        "en": "The largest class in {period} was “{category}” ({type}): {n} cases, {share} of all.",
    },
    "finding_biggest_rise": {
        "zh": "增幅最大的大类是“{category}”（{type}），由 {n_compare} 件增至 {n} 件（{pct}{significance}）。",
        "en": "The largest rise was in “{category}” ({type}), from {n_compare} to {n} cases ({pct}{significance}).",
    },
    "finding_top_channel": {
        "zh": "“{channel}”是最主要的上报渠道，占 {share}。",
        "en": "“{channel}” was the main reporting channel, with {share} of cases.",
    },
    "finding_rejects": {
        "zh": "输入数据共读取 {n_read} 行，接受 {n_accepted} 行，拒收 {n_rejected} 行（原因见数据来源部分）。",
        "en": "{n_read} input rows were read: {n_accepted} accepted and {n_rejected} rejected (reasons in the provenance section).",
    },
    "up": {"zh": "增加", "en": "up"},
    "down": {"zh": "减少", "en": "down"},
    "significant": {"zh": "，差异显著（{p}）", "en": "; significant, {p}"},
    "not_significant": {"zh": "，差异不显著（{p}）", "en": "; not significant, {p}"},
    "fig_monthly": {"zh": "每月上报案件数（按案件类型）", "en": "Cases reported per month, by case type"},
    "fig_classes": {"zh": "{period}各大类案件数", "en": "Cases by class, {period}"},
    "fig_density": {"zh": "{period}案件密度（500 米网格块）", "en": "Case density, {period} (500 m blocks)"},
    "fig_density_legend": {"zh": "案件数", "en": "Cases"},
    "fig_density_suppressed": {"zh": "少于 {threshold} 件", "en": "fewer than {threshold}"},
    "tab_classes": {"zh": "各大类案件数：本期与对比期", "en": "Cases by class: this period and comparison"},
    "tab_channels": {"zh": "各上报渠道案件数", "en": "Cases by reporting channel"},
    "tab_inputs": {"zh": "输入数据核对（读取 = 接受 + 拒收）", "en": "Inputs reconciled (read = accepted + rejected)"},
    "tab_rejects": {"zh": "拒收原因", "en": "Reasons for rejection"},
    "month": {"zh": "月份", "en": "Month"},
    "cases_n": {"zh": "案件数", "en": "Cases"},
    "method_period_change": {
        "zh": "本期与对比期案件数的比较：按日均案件数的泊松比率检验（score 检验，statsmodels test_poisson_2indep），以两期天数为暴露量。",
        "en": "Change between periods: test of two Poisson rates per day (score test, statsmodels test_poisson_2indep) with the periods' lengths in days as exposures.",
    },
    "method_density": {
        "zh": "案件密度：按上报坐标所在万米单元网格（100 米）计数，再汇总为 500 米网格块；计数小于公布阈值的网格块不显示数值。",
        "en": "Case density: cases counted by the 100 m unit-grid cell of their coordinates, summed to 500 m blocks; blocks below the publication threshold are shown without a value.",
    },
}

_TEXT.update({
    "gi_bin_3": {"zh": "热点（99% 置信度）", "en": "Hot spot, 99% confidence"},
    "gi_bin_2": {"zh": "热点（95% 置信度）", "en": "Hot spot, 95% confidence"},
    "gi_bin_1": {"zh": "热点（90% 置信度）", "en": "Hot spot, 90% confidence"},
    "gi_bin_0": {"zh": "不显著", "en": "Not significant"},
    "gi_bin_m1": {"zh": "冷点（90% 置信度）", "en": "Cold spot, 90% confidence"},
    "gi_bin_m2": {"zh": "冷点（95% 置信度）", "en": "Cold spot, 95% confidence"},
    "gi_bin_m3": {"zh": "冷点（99% 置信度）", "en": "Cold spot, 99% confidence"},
    "lisa_HH": {"zh": "高-高聚集", "en": "High-High"},
    "lisa_LH": {"zh": "低-高异常", "en": "Low-High"},
    "lisa_LL": {"zh": "低-低聚集", "en": "Low-Low"},
    "lisa_HL": {"zh": "高-低异常", "en": "High-Low"},
    "lisa_ns": {"zh": "不显著", "en": "Not significant"},
})

_TEXT.update({
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
        "zh": "“{category}”类出现 {cells} 个{kind}网格。建议：{action}。",
        "en": "“{category}” shows {cells} cells as {kind}. Suggested: {action}.",
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
})

_TEXT.update({
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
        "zh": "“{department}”按期结案率由 {rate_compare} 降至 {rate}（{p}）。建议：对其本期案卷开展专项审查，查明时限延误原因。",
        "en": "“{department}”: on-time closure fell from {rate_compare} to {rate} ({p}). Suggested: review its case files for this period and find the cause of the delays.",
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
        "zh": "“{name}”（{start}起）：试点网格的“{category}”案件较对比网格{direction} {pct}（率比 {rr}，95% CI {low}–{high}；匹配对照组 {rr_matched}），事前趋势检验 {pretrend}。建议：{action}。",
        "en": "“{name}” (from {start}): “{category}” cases in the pilot cells were {direction} {pct} against comparison cells (rate ratio {rr}, 95% CI {low}–{high}; matched comparison {rr_matched}); pre-trend test {pretrend}. Suggested: {action}.",
    },
    "impact_scale": {"zh": "效果显著且稳健，可在条件相近的区域推广", "en": "the effect is clear and robust; extend it to similar areas"},
    "impact_wait": {"zh": "效果尚不确定，继续试点并积累数据后再评估", "en": "the effect is not yet clear; continue the pilot and evaluate again with more data"},
    "impact_check": {"zh": "试点前趋势已不同，需改进对照设计后再下结论", "en": "trends differed before the start; improve the comparison before concluding"},
    "impact_harm": {"zh": "案件不降反升，应复查措施", "en": "cases rose rather than fell; review the measure"},
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
    "points": {"zh": "{value} 个百分点", "en": "{value} percentage points"},
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
})

_TEXT.update({
    "population": {"zh": "人口压力与卫星城疏解", "en": "Population pressure and satellite towns"},
    "population_intro": {
        "zh": "{start}—{end}年各区、卫星城和外围县的人口变化：中心城区人口是否向卫星城疏解，卫星城是独立新城还是“卧城”，各单元人口与规划容量的关系。",
        "en": "Population change {start}–{end} in the districts, satellite towns and outer counties: is the core's population dispersing to the satellites, are the satellites towns or dormitories, and how close is each unit to its planned capacity.",
    },
    "finding_core_share": {
        "zh": "{end}年核心区人口占全市 {share}，较{start}年{direction} {points}；疏解指数 {index}（核心区占比相对下降的比例），处于“{stage}”阶段。",
        "en": "In {end} the core held {share} of the metropolitan population, {direction} {points} since {start}; dispersal index {index} (relative fall of the core's share), stage “{stage}”.",
    },
    "finding_fastest_zone": {
        "zh": "增长最快的是{zone}，{start}—{end}年均增长 {cagr}。",
        "en": "The fastest-growing zone was the {zone}, at {cagr} a year over {start}–{end}.",
    },
    "finding_over_capacity": {
        "zh": "“{unit}”{year}年人口 {population}，为规划容量的 {ratio}，已超出规划。建议：暂停新增居住用地供应，优先补齐公共服务，并引导人口向有余量的卫星城疏解。",
        "en": "“{unit}” had {population} residents in {year}, {ratio} of its planned capacity. Suggested: pause new residential land supply, catch up on public services, and steer growth to satellites with headroom.",
    },
    "finding_dormitory": {
        "zh": "“{unit}”是“卧城”型卫星城：本地就业岗位仅为就业居民的 {ratio}，{dependence} 的就业居民到中心城区上班。建议：引入产业与就业岗位，改善通勤公交。",
        "en": "“{unit}” is a dormitory satellite: local jobs are only {ratio} of its employed residents and {dependence} of them work in the core. Suggested: attract employers and jobs, and improve commuter transit.",
    },
    "fig_zone_shares": {"zh": "各圈层人口占全市比重", "en": "Share of the metropolitan population by zone"},
    "tab_zones": {"zh": "各圈层人口与增长（{start}—{end}）", "en": "Population and growth by zone, {start}–{end}"},
    "tab_pressure": {"zh": "各单元人口密度与容量压力（{year}年）", "en": "Density and pressure against capacity by unit, {year}"},
    "tab_satellites": {"zh": "卫星城职住关系与类型（{year}年）", "en": "Satellite towns: jobs, commuting and type, {year}"},
    "method_population": {
        "zh": "人口密度 = 常住人口 / 土地面积；年均增长率 = (P_末/P_初)^(1/年数) − 1；疏解指数 = 1 − 核心区末期占比 / 初期占比；发展阶段按 van den Berg 等（1982）以核心与外围人口绝对变化划分；容量压力 = 人口 / 规划容量。",
        "en": "Density = residents / land area; growth = (P_end/P_start)^(1/years) − 1; dispersal index = 1 − core share at the end / at the start; stages of van den Berg et al. (1982) from the absolute changes of core and ring; pressure = population / planned capacity.",
    },
    "method_satellites": {
        "zh": "卫星城类型：自足率 ≥ {sc} 且职住比 ≥ {jh_ind} 为独立型；职住比 < {jh_dorm} 或到中心城区就业比例 ≥ {dep} 为卧城型；其余为平衡型（职住比、自足率按 Cervero 1989、1995 定义）。",
        "en": "Satellite types: independent if self-containment ≥ {sc} and jobs–housing ≥ {jh_ind}; dormitory if jobs–housing < {jh_dorm} or core dependence ≥ {dep}; balanced otherwise (jobs–housing and self-containment as Cervero 1989, 1995).",
    },
})

_TEXT.update({
    "participation": {"zh": "公众参与", "en": "Public participation"},
    "participation_intro": {
        "zh": "抽样调查（{n} 名受访者，{psus} 个初级抽样单元）的设计加权估计：各渠道参与率、参与层级（阿恩斯坦阶梯）、参与的四个问题指标及户籍差异，均附 95% 置信区间。",
        "en": "Design-weighted estimates from the survey ({n} respondents, {psus} primary sampling units): participation by channel, the level reached on Arnstein's ladder, the four-problem indicators and the hukou gap, each with its 95% confidence interval.",
    },
    "finding_enthusiasm": {
        "zh": "{rate}（95% CI {low}–{high}）的居民在过去一年通过至少一个渠道参与城市治理；只有 {power} 达到“公民权力”层级（合作及以上），多数停留在告知、咨询等象征性参与。",
        "en": "{rate} (95% CI {low}–{high}) of residents took part through at least one channel in the past year; only {power} reached citizen power (partnership or above) — most stopped at informing and consultation.",
    },
    "finding_gap": {
        "zh": "外来人口的参与率为 {group}，比本地户籍居民（{reference}）低 {points}（{p}）。建议：在外来人口集中的社区开设便捷参与渠道（线上议事、夜间会议），并吸纳其进入居民议事会。",
        "en": "Migrants took part at {group}, {points} below local residents ({reference}; {p}). Suggested: open convenient channels where migrants live (online deliberation, evening meetings) and bring them into residents' councils.",
    },
    "finding_awareness": {
        "zh": "仅 {rights} 的居民知道自己有权参与城市治理，{rules} 了解参与的规则和程序。建议：加强参与权利与程序的宣传，公开议事规则。",
        "en": "Only {rights} of residents know they have the right to take part, and {rules} know the rules and procedures. Suggested: publicise participation rights and procedures, and publish the rules of deliberation.",
    },
    "fig_channel_rates": {"zh": "各渠道参与率（95% 置信区间）", "en": "Participation by channel (95% confidence intervals)"},
    "fig_ladder": {"zh": "居民达到的最高参与层级", "en": "Highest rung of participation reached"},
    "share": {"zh": "比例", "en": "Share"},
    "tab_channels_rates": {"zh": "各渠道参与率", "en": "Participation by channel"},
    "tab_indicators": {"zh": "公众参与四个问题的指标", "en": "Indicators of the four participation problems"},
    "method_survey": {
        "zh": "调查估计按复杂抽样设计（分层、整群、有限总体校正）作泰勒线性化方差估计，结果与 R survey 包一致；比例的置信区间用 logit 方法，自由度为设计自由度；子总体（如户籍）估计不删减样本。",
        "en": "Survey estimates use the complex design (strata, clusters, finite population correction) with Taylor-linearised variances, equal to R's survey package; proportions' intervals by the logit method with the design degrees of freedom; domains (e.g. hukou) are estimated without subsetting the sample.",
    },
})

_TEXT.update({
    "community": {"zh": "社区治理问题诊断", "en": "Community-governance diagnostics"},
    "community_intro": {
        "zh": "{year}年 {n} 个社区在六类社区治理问题上的综合指数（以{reference}年为基准，OECD/JRC 合成指标方法），每个社区的主要问题、排名的不确定性和社区类型。",
        "en": "A composite index of the six community-governance problems for {n} communities in {year} (scaled on {reference}, OECD/JRC composite-indicator method), each community's dominant problem, the uncertainty of its rank, and community types.",
    },
    "finding_dominant": {
        "zh": "{n} 个社区以“{problem}”为最突出的问题。建议：{action}。",
        "en": "{n} communities have “{problem}” as their dominant problem. Suggested: {action}.",
    },
    "finding_worst": {
        "zh": "问题综合指数最高的社区是{names}；考虑建模选择的不确定性后，其排名区间分别为{intervals}。",
        "en": "The highest problem indices were in {names}; allowing for the modelling choices their rank intervals are {intervals}.",
    },
    "finding_types": {
        "zh": "按六类问题得分聚类（{method}，轮廓系数选定 {k} 类），最大的一类是“{name}”（{size} 个社区）。",
        "en": "Clustering on the six problem scores ({method}, {k} types chosen by silhouette) gives “{name}” as the largest type ({size} communities).",
    },
    "fig_rank_intervals": {"zh": "问题综合指数排名及其 5–95% 区间（1 = 问题最重）", "en": "Problem-index ranks with 5–95% intervals (1 = worst)"},
    "fig_typology": {"zh": "社区类型分布", "en": "Community types"},
    "tab_dominant": {"zh": "各主要问题的社区数与建议措施", "en": "Communities by dominant problem, with the help suggested"},
    "tab_worst": {"zh": "问题综合指数最高的社区", "en": "Communities with the highest problem index"},
    "tab_types": {"zh": "社区类型", "en": "Community types"},
    "method_composite": {
        "zh": "综合指数：指标按 COINr 规则缩尾（偏度 ≥ 2 且峰度 ≥ 3.5），均值插补，以基准年最小—最大标准化，维度内等权算术平均，六个维度等权合成，分数越高问题越重；排名区间为对标准化、权重、合成方法等选择的蒙特卡洛模拟（{n} 次）的 5–95% 分位数；主要问题为高于各社区平均 0.5 个标准差以上的最高维度。",
        "en": "Composite index: indicators winsorised by COINr's rule (skew ≥ 2 and kurtosis ≥ 3.5), mean-imputed, min-max normalised on the reference year, equal weights within and across the six dimensions, higher = worse; rank intervals are the 5–95% quantiles over a Monte Carlo ({n} draws) of the normalisation, weighting and aggregation choices; the dominant problem is the highest dimension at least 0.5 sd above the average community.",
    },
})

#: English codes in the data (zones, satellite types, stages of urban development) in Chinese.
_CODES_ZH = {
    "core": "核心区", "central": "中心城区", "satellite": "卫星城", "outer": "外围县",
    "dormitory": "卧城型", "balanced": "平衡型", "independent": "独立型",
    "urbanisation: absolute centralisation": "城市化：绝对集中", "urbanisation: relative centralisation": "城市化：相对集中",
    "suburbanisation: relative decentralisation": "郊区化：相对分散",
    "suburbanisation: absolute decentralisation": "郊区化：绝对分散",
    "disurbanisation: absolute decentralisation": "逆城市化：绝对分散",
    "disurbanisation: relative decentralisation": "逆城市化：相对分散",
    "reurbanisation: relative centralisation": "再城市化：相对集中", "reurbanisation: absolute centralisation": "再城市化：绝对集中",
    "no change": "无变化",
}

#: Emerging hot spot categories (ArcGIS Pro's names, kept in English in the data) in Chinese.
_EMERGING_ZH = {
    "new": "新增", "consecutive": "连续", "intensifying": "加剧", "persistent": "持续", "diminishing": "减弱",
    "sporadic": "零星", "oscillating": "振荡", "historical": "历史",
}

_COLUMNS: dict[str, dict[str, str]] = {
    "case_type": {"zh": "案件类型", "en": "Case type"},
    "category": {"zh": "大类", "en": "Class"},
    "subcategory": {"zh": "小类", "en": "Subclass"},
    "channel": {"zh": "上报渠道", "en": "Channel"},
    "department": {"zh": "处置部门", "en": "Department"},
    "district": {"zh": "区", "en": "District"},
    "n": {"zh": "本期案件数", "en": "Cases"},
    "n_compare": {"zh": "对比期案件数", "en": "Cases (comparison)"},
    "change": {"zh": "变化", "en": "Change"},
    "rate_ratio": {"zh": "日均比率", "en": "Daily rate ratio"},
    "p_value": {"zh": "p 值", "en": "p value"},
    "share": {"zh": "占比", "en": "Share"},
    "reason": {"zh": "原因", "en": "Reason"},
    "cell_id": {"zh": "网格编码", "en": "Cell"},
    "n_hot_cells": {"zh": "热点网格数", "en": "Hot-spot cells"},
    "n_cold_cells": {"zh": "冷点网格数", "en": "Cold-spot cells"},
    "n_cases": {"zh": "案件数", "en": "Cases"},
    "n_in_hot": {"zh": "热点网格内案件数", "en": "Cases in hot-spot cells"},
    "share_in_hot": {"zh": "热点网格内占比", "en": "Share in hot-spot cells"},
    "n_reported": {"zh": "上报数", "en": "Reported"},
    "n_filed": {"zh": "立案数", "en": "Filed"},
    "n_due": {"zh": "应结案数", "en": "Due"},
    "n_no_due": {"zh": "无时限案件数", "en": "Without due time"},
    "n_closed": {"zh": "结案数", "en": "Closed"},
    "n_closed_on_time": {"zh": "按期结案数", "en": "Closed on time"},
    "n_open": {"zh": "未结案数", "en": "Open"},
    "filing_rate": {"zh": "立案率", "en": "Filing rate"},
    "closure_rate": {"zh": "结案率", "en": "Closure rate"},
    "on_time_closure_rate": {"zh": "按期结案率", "en": "On-time closure rate"},
    "rework_rate": {"zh": "返工率", "en": "Rework rate"},
    "no_rework_rate": {"zh": "未返工率", "en": "No-rework rate"},
    "compliance_rate": {"zh": "案卷合规率", "en": "Compliance rate"},
    "n_files": {"zh": "审查案卷数", "en": "Files reviewed"},
    "n_flagged": {"zh": "问题案卷数", "en": "Files flagged"},
    "score": {"zh": "考核得分", "en": "Score"},
    "rank": {"zh": "排名", "en": "Rank"},
    "weight": {"zh": "权重", "en": "Weight"},
    "median_h": {"zh": "中位办结小时数", "en": "Median hours to closure"},
    "hazard_ratio": {"zh": "风险比", "en": "Hazard ratio"},
    "hr_ci": {"zh": "风险比 95% CI", "en": "Hazard ratio 95% CI"},
    "rank_interval": {"zh": "排名区间", "en": "Rank interval"},
    "n_cases_filed": {"zh": "立案案件数", "en": "Filed cases"},
    "flag": {"zh": "问题类型", "en": "Defect"},
    "comparison": {"zh": "对照组", "en": "Comparison"},
    "rate_ratio_ci": {"zh": "率比 95% CI", "en": "Rate ratio 95% CI"},
    "effect": {"zh": "效果", "en": "Effect"},
    "n_treated": {"zh": "试点网格数", "en": "Pilot cells"},
    "n_comparison": {"zh": "对照网格数", "en": "Comparison cells"},
    "rel_period": {"zh": "相对月份", "en": "Relative month"},
    "ci": {"zh": "95% CI", "en": "95% CI"},
    "zone": {"zh": "圈层", "en": "Zone"},
    "unit_name": {"zh": "单元", "en": "Unit"},
    "population": {"zh": "常住人口", "en": "Residents"},
    "population_start": {"zh": "期初人口", "en": "Population, start"},
    "population_end": {"zh": "期末人口", "en": "Population, end"},
    "share_end": {"zh": "期末占比", "en": "Share, end"},
    "share_change": {"zh": "占比变化", "en": "Share change"},
    "cagr": {"zh": "年均增长率", "en": "Annual growth"},
    "density": {"zh": "人口密度（人/平方公里）", "en": "Density (per km²)"},
    "planned_capacity": {"zh": "规划容量", "en": "Planned capacity"},
    "pressure_index": {"zh": "容量压力", "en": "Pressure index"},
    "over_capacity": {"zh": "超出规划", "en": "Over capacity"},
    "jobs_housing_ratio": {"zh": "职住比", "en": "Jobs–housing ratio"},
    "self_containment": {"zh": "就业自足率", "en": "Self-containment"},
    "core_dependence": {"zh": "到中心城区就业比例", "en": "Working in the core"},
    "type": {"zh": "类型", "en": "Type"},
    "participation_channel": {"zh": "参与渠道", "en": "Channel"},
    "dominant_problem": {"zh": "主要问题", "en": "Dominant problem"},
    "n_communities": {"zh": "社区数", "en": "Communities"},
    "suggested_help": {"zh": "建议措施", "en": "Suggested help"},
    "community": {"zh": "社区", "en": "Community"},
    "index": {"zh": "问题综合指数", "en": "Problem index"},
    "indicator": {"zh": "指标", "en": "Indicator"},
    "estimate": {"zh": "估计值", "en": "Estimate"},
    "ci_low": {"zh": "95% CI 下限", "en": "95% CI low"},
    "ci_high": {"zh": "95% CI 上限", "en": "95% CI high"},
    "deff": {"zh": "设计效应", "en": "Design effect"},
}

_VALUES: dict[str, str] = {
    # case types and big classes (GB/T 30428.2)
    "部件": "component", "事件": "event",
    "公用设施": "public utilities", "道路交通": "roads and traffic", "市容环境": "city appearance",
    "园林绿化": "parks and greenery", "房屋土地": "buildings and land", "其他设施": "other facilities",
    "宣传广告": "advertising", "施工管理": "construction", "突发事件": "emergencies",
    "街面秩序": "street order", "其他事件": "other events",
    # channels
    "监督员巡查": "inspector patrol", "12345热线": "12345 hotline", "市民APP": "resident app",
    "视频智能识别": "video AI", "领导交办": "assigned by leaders", "媒体曝光": "media",
    # departments
    "市政设施管理处": "Municipal Facilities Office", "交通运输局": "Transport Bureau",
    "环境卫生管理处": "Sanitation Office", "园林绿化局": "Parks and Greening Bureau",
    "住房和城乡建设局": "Housing and Construction Bureau", "城市管理综合执法大队": "Urban Management Enforcement",
    "应急管理局": "Emergency Management Bureau", "街道办事处": "Street Office",
    # zones (English codes in the data)
    "core": "core districts", "central": "central districts", "satellite": "satellite towns", "outer": "outer counties",
}


def text(key: str, lang: str, **values) -> str:
    """The phrase ``key`` in ``lang``, formatted with ``values``."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} not supported; expected one of {LANGUAGES}")
    return _TEXT[key][lang].format(**values)


def label(value: str, lang: str) -> str:
    """Display form of a column name or a data value: column labels per language; Chinese data
    values translated for English reports, English category names (emerging hot spots) for Chinese
    ones (unknown values pass through)."""
    if value in _COLUMNS:
        return _COLUMNS[value][lang]
    if lang == "en":
        return _VALUES.get(value, value)
    return _CODES_ZH.get(value) or _emerging_zh(value) or value


def _emerging_zh(category: str) -> str | None:
    """``new hot spot`` → ``新增热点``; ``no pattern`` → ``无明显模式``; otherwise None."""
    if category == "no pattern":
        return "无明显模式"
    words = category.split(" ", 1)
    if len(words) == 2 and words[0] in _EMERGING_ZH and words[1] in ("hot spot", "cold spot"):
        return _EMERGING_ZH[words[0]] + ("热点" if words[1] == "hot spot" else "冷点")
    return None


def number(n: float, lang: str) -> str:
    """Integer with thousands separators: ``12,345``."""
    return f"{int(round(n)):,}"


def percent(share: float, lang: str, digits: int = 1) -> str:
    """``0.912`` → ``91.2%``."""
    return f"{100 * share:.{digits}f}%"


def points(diff: float, lang: str, digits: int = 1) -> str:
    """A difference of two shares in percentage points, unsigned: ``-0.023`` → ``2.3 个百分点``."""
    return text("points", lang, value=f"{100 * abs(diff):.{digits}f}")


def p_value(p: float) -> str:
    """``p=0.012`` or ``p<0.001``."""
    return "p<0.001" if p < 0.001 else f"p={p:.3f}"


def date(ts, lang: str) -> str:
    """``2025-03-31`` in English, ``2025年3月31日`` in Chinese."""
    return f"{ts.year}年{ts.month}月{ts.day}日" if lang == "zh" else f"{ts:%Y-%m-%d}"
