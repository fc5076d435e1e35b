"""Survival figures render (Chinese labels included) from the analysis tables, and reject other tables."""

import warnings

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.survival import compare_departments, kaplan_meier
from governance_analytics.reporting.figures.survival import km_figure, rank_figure

DURATIONS = pd.DataFrame(
    {
        "duration_h": [1.0, 2.0, 2.0, 5.0, 8.0, 3.0, 4.0, 6.0, 9.0, 12.0, 0.5, 1.5, 2.5, 3.5, 7.0],
        "closed": [True, True, False, True, True, True, True, False, True, True, True, True, True, False, True],
        "department": ["应急管理局"] * 5 + ["住房和城乡建设局"] * 5 + ["街道办事处"] * 5,
    }
)


def test_km_figure_renders_with_chinese_labels():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph would warn
        for table in (
            kaplan_meier(DURATIONS, by="department"),
            kaplan_meier(DURATIONS, by="department", times=np.linspace(0, 15, 31)),
            kaplan_meier(DURATIONS),
        ):
            png = km_figure(table, title="结案时间", xlabel="小时", ylabel="未结案比例", labels={"应急管理局": "应急"})
            assert png[:4] == b"\x89PNG"


def test_rank_figure_renders():
    table = compare_departments(DURATIONS, n_draws=200).table
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = rank_figure(table, title="部门排名", xlabel="名次（1 = 最快）")
    assert png[:4] == b"\x89PNG"


def test_wrong_tables_are_errors():
    with pytest.raises(ValueError, match="kaplan_meier"):
        km_figure(DURATIONS, title="", xlabel="", ylabel="")
    with pytest.raises(ValueError, match="compare_departments"):
        rank_figure(DURATIONS, title="", xlabel="")
