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
    "nb02_core": {
        "zh": "1. 北京城六区 2010—2020 年常住人口{core_direction} {core_change} 人（{core_pct}），全市{metro_direction} {metro_change} 人，其余十区{rest_direction} {rest_change} 人；上海中心城区常住人口{sh_direction} {sh_pct}。{verdict}（新增居民最多的区：{gained_bj}；{gained_sh}）。",
        "en": "1. Beijing's six central districts {core_direction} {core_change} residents ({core_pct}) between 2010 and 2020 while the city {metro_direction} {metro_change}; the other ten districts {rest_direction} {rest_change}. Shanghai's central districts {sh_direction} {sh_pct}. {verdict} (most new residents: {gained_bj}; {gained_sh}).",
    },
    "nb02_dispersed": {"zh": "两市核心区人口都在向外疏解", "en": "Both cores did disperse"},
    "nb02_not_dispersed": {"zh": "并非两市核心区人口都在向外疏解", "en": "The cores did not both disperse"},
    "nb02_gained": {"zh": "增加", "en": "gained"},
    "nb02_lost": {"zh": "减少", "en": "lost"},
    "nb02_grew": {"zh": "增加", "en": "grew by"},
    "nb02_shrank": {"zh": "减少", "en": "shrank by"},
    "nb02_rose": {"zh": "上升", "en": "rose by"},
    "nb02_fell": {"zh": "下降", "en": "fell by"},
    "nb02_hk": {
        "zh": "2. 香港说明了就业不随居住外迁的后果：新界有固定工作地点的就业居民中仍有 {dependence} 到市区九区上班，{n_dormitory} 个（共 {n} 个）地区是“卧城”，{n_independent} 个是独立型。规划要安排就业岗位，而不只是住房。",
        "en": "2. Hong Kong shows what follows if jobs do not move with homes: {dependence} of the New Territories' workers still commute to the urban core, {n_dormitory} of its {n} districts are dormitories and {n_independent} independent. Plan jobs, not only flats.",
    },
    "nb02_national": {
        "zh": "3. 全国范围内，外围{outgrew}核心：在 {n} 个可比的地级市中，市辖县增长快于市辖区的占 {share}（核心年均增长中位数 {core}，外围 {ring}）。撤县设区的城市若把新设的区算作核心增长，核心年均增长为 {own}，按固定边界则为 {fixed}：先按固定边界比较，再判断核心是在增长还是得到疏解。",
        "en": "3. Nationally the ring {outgrew} the core: the counties grew faster than the urban districts in {share} of {n} comparable prefectures (median {core} a year in the core, {ring} in the ring). Where counties became districts, counting them as core growth would report {own} a year instead of {fixed}: compare on fixed boundaries before claiming that a core is growing or being relieved.",
    },
    "nb02_outgrew": {"zh": "增长快于", "en": "outgrew"},
    "nb02_not_outgrew": {"zh": "并未增长快于", "en": "did not outgrow"},
    "nb02_scenario": {
        "zh": "4. {city}的 {n_satellites} 个卫星城中有 {n_dormitory} 个是“卧城”（{dormitories}）。把核心区 {share} 的居民（{moved} 人）迁往卫星城，{relief}。但若就业不随迁，进入核心区通勤的人数从 {into_before} 变为 {into_none}，平均通勤距离从 {km_before} 公里变为 {km_none} 公里；若核心区一半就业随迁，进入核心区通勤的人数为 {into_half}，平均通勤距离为 {km_half} 公里。就业应与人口同迁，先从卧城做起，并事先核对每个接收单元的规划容量。",
        "en": "4. In {city} {n_dormitory} of {n_satellites} satellites are dormitories ({dormitories}). Moving {share} of the core's residents ({moved} persons) to the satellites {relief}. With no jobs following, commuters into the core go from {into_before} to {into_none} and the mean trip from {km_before} to {km_none} km; with half the core's jobs following, commuters into the core number {into_half} and the mean trip is {km_half} km. Move jobs with the people, starting with the dormitory satellites, and check each receiving unit against its planned capacity first.",
    },
    "nb02_relieved": {
        "zh": "可使核心区减压：{units}不再超过规划容量",
        "en": "relieves the core: {units} no longer over its planned capacity",
    },
    "nb02_not_relieved": {
        "zh": "但没有一个单元因此回到规划容量以内",
        "en": "but takes no unit back under its planned capacity",
    },
    "nb03_conclusion_migrants": {
        "zh": "1. 把外来人口请进来。他们在任一渠道的参与率{direction}（{migrant}，本地户籍为 {local}）。如果外来人口与本地居民参与得一样多，居民会议将覆盖 {target} 的成年居民，而不是 {rate}（{gain}，区间 {low} 至 {high}）；增幅最大的是{largest}。",
        "en": "1. Bring migrants in. They take part {direction} in any channel ({migrant} vs {local} of locals). If migrants took part like locals, residents' meetings would reach {target} of adults instead of {rate} ({gain}, interval {low} to {high}); the largest gains are in {largest}.",
    },
    "nb03_lower": {"zh": "较低", "en": "less"},
    "nb03_higher": {"zh": "较高", "en": "more"},
    "nb03_more_often": {"zh": "更多", "en": "more"},
    "nb03_less_often": {"zh": "更少", "en": "less"},
    "nb03_gain": {"zh": "{channel}（{gain}）", "en": "{channel} ({gain})"},
    "nb03_rise": {"zh": "上升", "en": "rise"},
    "nb03_fall": {"zh": "下降", "en": "fall"},
    "nb03_conclusion_channels": {
        "zh": "2. 在他们常用的渠道里找到他们：外来人口使用 12345 热线{hotline_direction}（{hotline}，本地户籍为 {hotline_local}），使用网络平台{online_direction}（{online}，本地户籍为 {online_local}）：通过这些渠道公开征求意见和会议议程。",
        "en": "2. Meet them where they are: migrants use the 12345 hotline {hotline_direction} ({hotline} vs {hotline_local}) and online platforms {online_direction} ({online} vs {online_local}) than locals: open consultations (征求意见) and meeting agendas through those channels.",
    },
    "nb03_conclusion_rules": {
        "zh": "3. 普及参与规则。只有 {rules} 的成年居民了解参与的规则和程序（外来人口为 {rules_migrant}），{rights} 知道自己有参与的权利；参与的可能性随学历{odds_direction}（研究生对比中学以下：优势比 {odds}）。",
        "en": "3. Teach the rules. Only {rules} of adults know the rules and procedures for taking part ({rules_migrant} of migrants) and {rights} know they have the right; the odds of taking part {odds_direction} with education (postgraduate vs below secondary: OR {odds}).",
    },
    "nb03_conclusion_level": {
        "zh": "4. 提升参与层级，而不只是人数。{level} 的参与者达到公民权力层级（担任委员）；{single} 的参与者只用一个渠道。",
        "en": "4. Raise the level, not only the numbers. {level} of participants reach citizen power (a committee seat); {single} of participants use a single channel.",
    },
    "nb03_conclusion_committees": {
        "zh": "5. 让居委会的公众委员占到一半。{year} 年 {share} 的居委会符合“不少于一半”的规则；把 {seats} 个席位改由居民委员担任，所有居委会即可达标。",
        "en": "5. Give committees their public half. In {year} {share} of residents' committees meet the at-least-half rule; {seats} seats moved to resident members would make every one comply.",
    },
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
    "nb04_help": {
        "zh": {
            "problem": "最突出问题",
            "communities": "社区数",
            "clear": "其中明确的",
            "driving_indicator": "最常见的驱动指标",
            "written_more": "居民留言更多涉及",
            "highest": "z 值最高的社区",
            "help": "对应的帮扶措施",
        },
        "en": {
            "problem": "problem",
            "communities": "communities",
            "clear": "clear",
            "driving_indicator": "driving indicator (most often)",
            "written_more": "residents write more about",
            "highest": "highest z",
            "help": "the kind of help",
        },
    },
}
