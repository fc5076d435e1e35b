import warnings

import numpy as np
import pandas as pd
import pytest

from governance_analytics.reporting.figures.impact import event_study_figure, its_figure


def _event_table() -> pd.DataFrame:
    k = np.arange(-4, 4)
    estimate = np.where(k >= 0, -0.4, 0.02 * k)
    estimate[k == -1] = 0.0
    return pd.DataFrame(
        {
            "rel_period": k,
            "estimate": estimate,
            "ci_low": estimate - 0.15,
            "ci_high": estimate + 0.15,
            "reference": k == -1,
            "binned": (k == -4) | (k == 3),
            "rate_ratio": np.exp(estimate),
            "rate_ratio_low": np.exp(estimate - 0.15),
            "rate_ratio_high": np.exp(estimate + 0.15),
        }
    ).assign(ci_low=lambda t: t["ci_low"].where(~t["reference"]), ci_high=lambda t: t["ci_high"].where(~t["reference"]))


def test_figures_render_png_with_chinese_text():
    index = pd.date_range("2024-01-01", periods=24, freq="MS")
    fitted = np.r_[np.linspace(40, 46, 12), np.linspace(30, 33, 12)]
    lines = pd.DataFrame(
        {
            "observed": fitted + np.sin(np.arange(24)),
            "fitted": fitted,
            "counterfactual": np.r_[np.full(12, np.nan), np.linspace(46.5, 52, 12)],
        },
        index=index,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph would warn
        pngs = [
            event_study_figure(_event_table(), title="事件研究", xlabel="相对月份", ylabel="系数"),
            event_study_figure(_event_table(), title="事件研究", xlabel="相对月份", ylabel="率比", ratio=True),
            its_figure(
                lines,
                start="2025-01-01",
                title="中断时间序列",
                xlabel="月份",
                ylabel="案件数",
                labels={"observed": "实际", "fitted": "分段回归", "counterfactual": "反事实", "start": "开始"},
            ),
        ]
    for png in pngs:
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_figures_reject_tables_without_their_columns():
    with pytest.raises(ValueError, match="event-study table"):
        event_study_figure(pd.DataFrame({"rel_period": [0]}), title="", xlabel="", ylabel="")
    with pytest.raises(ValueError, match="ItsResult.lines"):
        its_figure(pd.DataFrame({"observed": [1.0]}), start=0, title="", xlabel="", ylabel="")
