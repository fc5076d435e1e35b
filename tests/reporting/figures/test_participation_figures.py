import logging
import warnings

import numpy as np
import pandas as pd
import pytest

from governance_analytics.reporting.figures.participation import (
    TERM_LABELS,
    channel_rates_figure,
    committee_figure,
    ladder_figure,
    odds_ratio_forest,
)

PNG = b"\x89PNG\r\n\x1a\n"


def _odds_ratios() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "variable": ["hukou", "education", "education", "years_resident"],
            "level": ["migrant", "postgraduate", "secondary", "per 10"],
            "reference": ["local", "below_secondary", "below_secondary", ""],
            "odds_ratio": [0.5, 3.0, 1.4, 1.3],
            "or_ci_low": [0.38, 1.8, 0.95, 1.2],
            "or_ci_high": [0.66, 5.0, 2.1, 1.45],
        }
    )


def _rates() -> pd.DataFrame:
    rows = []
    for group, level in [("all", "all"), ("hukou", "local"), ("hukou", "migrant")]:
        for k, (channel, zh) in enumerate(
            [("p_notice", "公示"), ("p_hotline", "12345热线"), ("p_meeting", "居民会议")]
        ):
            p = 0.1 + 0.15 * k + (0.05 if level == "migrant" else 0.0)
            rows.append(
                {
                    "group": group,
                    "level": level,
                    "channel": channel,
                    "label_zh": zh,
                    "label_en": channel,
                    "estimate": p,
                    "ci_low": p - 0.03,
                    "ci_high": p + 0.03,
                }
            )
    return pd.DataFrame(rows).set_index(["group", "level", "channel"])


def test_figures_render_png_with_chinese_text(caplog):
    ladder = pd.DataFrame(
        {
            "label_zh": ["未参与", "告知", "咨询", "合作伙伴"],
            "tier": ["none", "tokenism", "tokenism", "citizen_power"],
            "estimate": [0.2, 0.3, 0.48, 0.02],
            "ci_low": [0.17, 0.27, 0.44, np.nan],
            "ci_high": [0.23, 0.33, 0.52, np.nan],
        },
        index=pd.Index(["none", "a", "b", "c"], name="category"),
    )
    summary = pd.DataFrame(
        {"share_meeting_rule": [0.7, 0.75, 0.8], "public_share": [0.58, 0.6, 0.61]},
        index=pd.Index([2023, 2024, 2025], name="year"),
    )
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING):
        warnings.simplefilter("error")  # a missing CJK glyph would warn
        pngs = [
            odds_ratio_forest(
                _odds_ratios(),
                title="参与的优势比",
                xlabel="优势比（对数刻度）",
                labels=TERM_LABELS["zh"],
                level_order={"education": ["secondary", "postgraduate"]},
                lower_label="更少参与",
                higher_label="更多参与",
            ),
            odds_ratio_forest(_odds_ratios(), title="Odds ratios", xlabel="odds ratio", labels=TERM_LABELS["en"]),
            channel_rates_figure(_rates(), title="各渠道参与率", xlabel="参与率", label_column="label_zh"),
            channel_rates_figure(
                _rates(),
                title="按户籍",
                xlabel="参与率",
                group="hukou",
                label_column="label_zh",
                level_labels={"local": "本地", "migrant": "外来"},
            ),
            ladder_figure(
                ladder,
                title="最高参与层级",
                xlabel="成年人比例",
                label_column="label_zh",
                tier_labels={"none": "未参与", "tokenism": "象征性参与", "citizen_power": "公民权力"},
            ),
            committee_figure(
                summary,
                title="委员会构成",
                ylabel="比例",
                labels={
                    "share_meeting_rule": "达标委员会比例",
                    "public_share": "公众委员比例",
                    "threshold": "规则：公众委员 ≥ 1/2",
                },
            ),
        ]
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    for png in pngs:
        assert png[:8] == PNG and len(png) > 5000


def test_figures_reject_tables_without_their_columns():
    with pytest.raises(ValueError, match="odds-ratio table"):
        odds_ratio_forest(pd.DataFrame({"variable": ["x"]}), title="", xlabel="")
    with pytest.raises(ValueError, match="channel_rates table"):
        channel_rates_figure(pd.DataFrame({"estimate": [0.1]}), title="", xlabel="")
    with pytest.raises(ValueError, match="no rows for group"):
        channel_rates_figure(_rates(), title="", xlabel="", group="district")
    with pytest.raises(ValueError, match="ladder_distribution table"):
        ladder_figure(pd.DataFrame({"estimate": [0.1]}), title="", xlabel="")
    with pytest.raises(ValueError, match="compliance_over_time"):
        committee_figure(pd.DataFrame({"public_share": [0.5]}), title="", ylabel="")
