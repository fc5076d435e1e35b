"""Phrases of the participation section."""

TEXT: dict[str, dict[str, str]] = {
    "participation": {"zh": "公众参与", "en": "Public participation"},
    "skip_no_channels": {
        "zh": "调查表没有参与渠道列 {columns}（在 city.yml 的 studies.participation.channels 中列出本市问卷的渠道列）",
        "en": "the survey has no channel column(s) {columns} (list your questionnaire's channel columns in city.yml, studies.participation.channels)",
    },
    "omit_ladder": {
        "zh": "未给出本市各参与渠道在阿恩斯坦阶梯上的层级（studies.participation.ladder），未分析参与层级及四个问题指标",
        "en": "no rung on Arnstein's ladder is set for the city's channels (studies.participation.ladder): no level of participation or four-problem indicators",
    },
    "participation_intro": {
        "zh": "抽样调查（{n} 名受访者，{psus} 个初级抽样单元）的设计加权估计：各渠道参与率、参与层级（阿恩斯坦阶梯）、参与的四个问题指标及户籍差异，均附 95% 置信区间。",
        "en": "Design-weighted estimates from the survey ({n} respondents, {psus} primary sampling units): participation by channel, the level reached on Arnstein's ladder, the four-problem indicators and the hukou gap, each with its 95% confidence interval.",
    },
    "finding_enthusiasm": {
        "zh": "{rate}（95% CI {low}–{high}）的居民在过去一年通过至少一个渠道参与城市治理；只有 {power} 达到“公民权力”层级（合作及以上），多数停留在告知、咨询等象征性参与。",
        "en": "{rate} (95% CI {low}–{high}) of residents took part through at least one channel in the past year; only {power} reached citizen power (partnership or above) — most stopped at informing and consultation.",
    },
    "finding_gap": {
        "zh": "外来人口的参与率为 {group}，比本地户籍居民（{reference}）低 {points}（{p}）。",
        "en": "Migrants took part at {group}, {points} below local residents ({reference}; {p}).",
    },
    "finding_awareness": {
        "zh": "仅 {rights} 的居民知道自己有权参与城市治理，{rules} 了解参与的规则和程序。建议：加强参与权利与程序的宣传，公开议事规则。",
        "en": "Only {rights} of residents know they have the right to take part, and {rules} know the rules and procedures. Suggested: publicise participation rights and procedures, and publish the rules of deliberation.",
    },
    "fig_channel_rates": {
        "zh": "各渠道参与率（95% 置信区间）",
        "en": "Participation by channel (95% confidence intervals)",
    },
    "fig_ladder": {"zh": "居民达到的最高参与层级", "en": "Highest rung of participation reached"},
    "share": {"zh": "比例", "en": "Share"},
    "tab_channels_rates": {"zh": "各渠道参与率", "en": "Participation by channel"},
    "tab_indicators": {"zh": "公众参与四个问题的指标", "en": "Indicators of the four participation problems"},
    "method_survey": {
        "zh": "调查估计按复杂抽样设计（分层、整群、有限总体校正）作泰勒线性化方差估计，结果与 R survey 包一致；比例的置信区间用 logit 方法，自由度为设计自由度；子总体（如户籍）估计不删减样本。",
        "en": "Survey estimates use the complex design (strata, clusters, finite population correction) with Taylor-linearised variances, equal to R's survey package; proportions' intervals by the logit method with the design degrees of freedom; domains (e.g. hukou) are estimated without subsetting the sample.",
    },
}
