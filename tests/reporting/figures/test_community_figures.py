import logging
import warnings

import numpy as np
import pandas as pd
import pytest

from governance_analytics.community.framework import PROBLEMS
from governance_analytics.reporting.figures.community import (
    dimension_heatmap,
    rank_interval_figure,
    sensitivity_figure,
    silhouette_figure,
    type_profile_figure,
    typology_map,
)

PNG = b"\x89PNG\r\n\x1a\n"
DIMS = list(PROBLEMS)
ZH = {k: v[0] for k, v in PROBLEMS.items()}


def _inputs():
    rng = np.random.default_rng(0)
    ids = [f"c{i:02d}" for i in range(30)]
    median = rng.permutation(30) + 1.0
    summary = pd.DataFrame(
        {
            "nominal_rank": median,
            "median_rank": median,
            "rank_q05": np.maximum(median - 5, 1),
            "rank_q95": np.minimum(median + 5, 30),
        },
        index=pd.Index(ids, name="community_id"),
    )
    scores = pd.DataFrame(rng.uniform(0, 100, (30, 6)), index=summary.index, columns=DIMS)
    types = pd.Series(np.arange(30) % 4, index=summary.index, name="type")
    profile = pd.DataFrame(rng.normal(0, 1, (4, 6)), index=pd.Index(range(4), name="type"), columns=DIMS)
    silhouette = pd.DataFrame(
        {"silhouette": [0.15, 0.2, 0.18], "chosen": [False, True, False]}, index=pd.Index([2, 3, 4], name="k")
    )
    communities = pd.DataFrame({"community_id": ids, "x": rng.uniform(0, 1e4, 30), "y": rng.uniform(0, 1e4, 30)})
    indices = pd.DataFrame(
        {"S1": [0.5, 0.1], "S1_conf": [0.1, 0.05], "ST": [0.7, 0.2], "ST_conf": [0.1, 0.05]},
        index=pd.Index(["normalise", "weights"], name="factor"),
    )
    return summary, scores, types, profile, silhouette, communities, indices


def test_figures_render_png_with_chinese_text(caplog):
    summary, scores, types, profile, silhouette, communities, indices = _inputs()
    names = {0: "社区工作者队伍不稳定型", 1: "无突出问题型", 2: "行政化工作方式型", 3: "共治网络发展不均衡型"}
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING):
        warnings.simplefilter("error")  # a missing CJK glyph would warn
        pngs = [
            rank_interval_figure(
                summary,
                title="排名不确定性",
                ylabel="排名",
                nominal_label="基准",
                median_label="中位数",
                labels={"c01": "友谊一社区"},
            ),
            rank_interval_figure(summary.iloc[:0].reindex(summary.index), title="empty", ylabel="rank"),
            type_profile_figure(
                profile,
                title="类型画像",
                dimension_labels=ZH,
                type_labels=names,
                sizes={0: 8, 1: 8, 2: 7, 3: 7},
                size_label="{n} 个社区",
            ),
            dimension_heatmap(
                scores,
                title="问题得分",
                dimension_labels=ZH,
                colorbar_label="得分（越高越严重）",
                types=types,
                type_labels=names,
            ),
            dimension_heatmap(scores, title="scores", dimension_labels={}, colorbar_label="score"),
            typology_map(communities, types, title="社区类型分布", type_labels=names),
            silhouette_figure(
                silhouette, title="轮廓系数", xlabel="类型数 k", ylabel="平均轮廓系数", chosen_label="选定"
            ),
            sensitivity_figure(
                indices,
                title="Sobol 指数",
                xlabel="指数",
                factor_labels={"normalise": "标准化方法"},
                first_label="一阶",
                total_label="总效应",
            ),
        ]
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    assert all(p.startswith(PNG) and len(p) > 3000 for p in pngs)


def test_figures_reject_wrong_tables():
    summary, *_ = _inputs()
    with pytest.raises(ValueError, match="rank-uncertainty summary"):
        rank_interval_figure(summary.drop(columns="rank_q95"), title="t", ylabel="r")
    with pytest.raises(ValueError, match="communities table"):
        typology_map(pd.DataFrame({"community_id": ["a"]}), pd.Series([0], index=["a"]), title="t")
