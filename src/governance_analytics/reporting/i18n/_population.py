"""Phrases of the population-pressure section."""

TEXT: dict[str, dict[str, str]] = {
    "population": {"zh": "人口压力与卫星城疏解", "en": "Population pressure and satellite towns"},
    "population_intro": {
        "zh": "{start}—{end}年各区、卫星城和外围县的人口变化：中心城区人口是否向卫星城疏解，卫星城是独立新城还是“卧城”，各单元人口与规划容量的关系。",
        "en": "Population change {start}–{end} in the districts, satellite towns and outer counties: is the core's population dispersing to the satellites, are the satellites towns or dormitories, and how close is each unit to its planned capacity.",
    },
    "population_no_year": {
        "zh": "人口数据始于{first}年，晚于本期（{period}）",
        "en": "the population data begin in {first}, after the period ({period})",
    },
    "population_one_year": {
        "zh": "人口变化需要两个年份，{end}年及以前只有{years}年的数据",
        "en": "population change needs two years, but the data up to {end} hold only {years}",
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
        "zh": "“{unit}”{year}年人口 {population}，为规划容量的 {ratio}，已超出规划。",
        "en": "“{unit}” had {population} residents in {year}, {ratio} of its planned capacity.",
    },
    "finding_dormitory": {
        "zh": "“{unit}”是“卧城”型卫星城：本地就业岗位仅为就业居民的 {ratio}，{dependence} 的就业居民到中心城区上班。",
        "en": "“{unit}” is a dormitory satellite: local jobs are only {ratio} of its employed residents and {dependence} of them work in the core.",
    },
    "fig_zone_shares": {"zh": "各圈层人口占全市比重", "en": "Share of the metropolitan population by zone"},
    "tab_zones": {"zh": "各圈层人口与增长（{start}—{end}）", "en": "Population and growth by zone, {start}–{end}"},
    "tab_pressure": {
        "zh": "各单元人口密度与容量压力（{year}年）",
        "en": "Density and pressure against capacity by unit, {year}",
    },
    "tab_satellites": {
        "zh": "卫星城职住关系与类型（{year}年）",
        "en": "Satellite towns: jobs, commuting and type, {year}",
    },
    "method_population": {
        "zh": "人口密度 = 常住人口 / 土地面积；年均增长率 = (P_末/P_初)^(1/年数) − 1；疏解指数 = 1 − 核心区末期占比 / 初期占比；发展阶段按 van den Berg 等（1982）以核心与外围人口绝对变化划分；容量压力 = 人口 / 规划容量。",
        "en": "Density = residents / land area; growth = (P_end/P_start)^(1/years) − 1; dispersal index = 1 − core share at the end / at the start; stages of van den Berg et al. (1982) from the absolute changes of core and ring; pressure = population / planned capacity.",
    },
    "method_satellites": {
        "zh": "卫星城类型：自足率 ≥ {sc} 且职住比 ≥ {jh_ind} 为独立型；职住比 < {jh_dorm} 或到中心城区就业比例 ≥ {dep} 为卧城型；其余为平衡型（职住比、自足率按 Cervero 1989、1995 定义）。",
        "en": "Satellite types: independent if self-containment ≥ {sc} and jobs–housing ≥ {jh_ind}; dormitory if jobs–housing < {jh_dorm} or core dependence ≥ {dep}; balanced otherwise (jobs–housing and self-containment as Cervero 1989, 1995).",
    },
}
