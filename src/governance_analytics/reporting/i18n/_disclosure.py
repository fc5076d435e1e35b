"""Phrases of statistical disclosure control: table notes, the total row, the methods sentence."""

TEXT: dict[str, dict[str, str]] = {
    "total_row": {"zh": "合计", "en": "Total"},
    "disclosure_primary": {
        "zh": "本表有 {n} 个小于 {threshold} 的计数已隐去。",
        "en": "Counts withheld as below {threshold}: {n}.",
    },
    "disclosure_secondary": {
        "zh": "另有 {n} 个单元格（显示为“{mark}”）本身不小，但为防止由合计或表中其他数字推算出被隐去的小计数，一并隐去。",
        "en": "Further cells withheld (shown as “{mark}”) so that the small counts cannot be worked back from totals "
        "or other published figures: {n}.",
    },
    "disclosure_none": {"zh": "本表无需隐去任何计数。", "en": "No count in this table needed withholding."},
    "bars_withheld": {"zh": "不公布", "en": "withheld"},
    "fig_density_withheld": {
        "zh": "少于 {threshold} 件，或为防推算而隐去",
        "en": "fewer than {threshold}, or withheld so it cannot be worked back",
    },
    "method_disclosure": {
        "zh": "统计披露控制：小于 {threshold} 的计数不予公布，显示为“<{threshold}”（一次隐去）；由已公布的计数相减即可得到的"
        "小计数（如应结案数减结案数）同样受保护。表中的加总关系——合计行、合计列、报告其他部分公布的总数，以及同一行内的"
        "加减关系——逐条写成线性约束；凡含有隐去单元格的约束，依次再隐去其中最小的非零单元格（先隐去内部单元格，"
        "后隐去合计），直到该约束至少含两个隐去单元格、且其和不小于 {threshold}，再对全部约束反复检查，直至不再变化"
        "（二次隐去，显示为“×”；Hundepool 等，2012，《Statistical Disclosure Control》第 4 章；英国国家统计局与欧盟"
        "统计局的通行做法）。由隐去计数算出的比率、份额和变化同样不予公布；密度图中的空白网格块按同一规则处理。",
        "en": "Statistical disclosure control: counts below {threshold} are not published and are shown as "
        "“<{threshold}” (primary suppression); a small count that is the difference of published counts (such "
        "as cases due minus cases closed) is protected in the same way. The additive structure of each table — "
        "total rows, total columns, totals published elsewhere in the report and additive relations within a "
        "row — is written as linear constraints; in every constraint that holds a withheld cell, its smallest "
        "non-zero cell (parts before totals) is withheld as well until the constraint holds at least two "
        "withheld cells adding up to at least {threshold}, and all constraints are checked again until nothing "
        "changes (secondary suppression, shown as “×”; Hundepool et al. 2012, Statistical Disclosure Control, "
        "ch. 4; the practice of ONS and Eurostat). Rates, shares and changes computed from a withheld count are "
        "not published either, and blank blocks of the density map follow the same rule.",
    },
}
