"""Figures draw the numbers they are given: the plotted data checked, not only that a PNG came out.

Each figure function ends in ``to_png(fig)``; the tests replace that call in the figure's module to
keep the matplotlib figure and read back its lines, bars and error bars. A Kaplan–Meier plot of 1 − S,
bars in the wrong order or error bars around the wrong centre fail here.
"""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.reporting.figures import charts, impact, kpi, survival


@pytest.fixture
def drawn(monkeypatch):
    """The figures drawn during the test, in order (``to_png`` of every figure module captured)."""
    figures = []

    def keep(fig):
        figures.append(fig)
        return b"png"

    for module in (charts, impact, kpi, survival):
        monkeypatch.setattr(module, "to_png", keep)
    yield figures
    import matplotlib.pyplot as plt

    for fig in figures:
        plt.close(fig)


def test_km_curves_are_the_survival_steps_of_each_group(drawn):
    km = pd.DataFrame(
        {
            "department": ["A"] * 3 + ["B"] * 3,
            "time_h": [0.0, 5.0, 10.0, 0.0, 2.0, 8.0],
            "survival": [1.0, 0.6, 0.2, 1.0, 0.9, np.nan],  # B past its last observation: not drawn
            "ci_low": [1.0, 0.5, 0.1, 1.0, 0.8, np.nan],
            "ci_high": [1.0, 0.7, 0.3, 1.0, 0.95, np.nan],
        }
    )
    survival.km_figure(km, title="t", xlabel="h", ylabel="open", labels={"A": "甲", "B": "乙"})
    (ax,) = drawn[0].axes
    a, b = ax.lines
    assert a.get_label() == "甲" and b.get_label() == "乙"
    assert_allclose(a.get_xdata(), [0, 5, 10]) and assert_allclose(a.get_ydata(), [1.0, 0.6, 0.2])  # S, not 1 − S
    assert_allclose(b.get_ydata(), [1.0, 0.9]) and a.get_drawstyle() == "steps-post"
    band = {tuple(v) for v in ax.collections[0].get_paths()[0].vertices.round(9)}  # A's band: ci_low … ci_high
    assert {(5.0, 0.5), (5.0, 0.7), (10.0, 0.1), (10.0, 0.3)} <= band and (5.0, 0.4) not in band


def test_rank_figure_puts_the_best_median_rank_on_top_with_its_interval(drawn):
    ranks = pd.DataFrame(
        {"rank_median": [3.0, 1.0, 2.0], "rank_low": [2.0, 1.0, 1.0], "rank_high": [3.0, 2.0, 3.0]},
        index=["slow", "fast", "middle"],
    )
    survival.rank_figure(ranks, title="t", xlabel="rank")
    (ax,) = drawn[0].axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["fast", "middle", "slow"]
    assert ax.yaxis_inverted()  # position 0 (the best) at the top
    points = ax.lines[0]
    assert_allclose(points.get_xdata(), [1.0, 2.0, 3.0]) and assert_allclose(points.get_ydata(), [0, 1, 2])
    segments = ax.collections[0].get_segments()  # the horizontal interval bars
    assert_allclose([s[:, 0] for s in segments], [(1.0, 2.0), (1.0, 3.0), (2.0, 3.0)])


def test_control_chart_draws_rates_and_centre_in_percent_and_marks_the_signals(drawn):
    chart = pd.DataFrame(
        {
            "rate": [0.9, 0.8, 0.95],
            "centre": [0.88, 0.88, 0.88],
            "lcl": [0.8, 0.82, 0.81],
            "ucl": [0.96, 0.94, 0.95],
            "signal": ["", "below", ""],
        },
        index=pd.Index([1, 2, 3], name="period"),
    )
    kpi.control_chart_figure(chart, title="t", ylabel="%")
    (ax,) = drawn[0].axes
    centre, rate = ax.lines
    assert_allclose(rate.get_ydata(), [90, 80, 95]) and assert_allclose(centre.get_ydata(), [88, 88, 88])
    signals = ax.collections[-1].get_offsets()
    assert_allclose(signals, [[2, 80]])  # only the period below its limit


def test_bar_chart_draws_the_largest_on_top_and_a_withheld_value_as_no_bar(drawn):
    values = pd.Series([50.0, np.nan, 20.0], index=["A", "B", "C"])
    charts.bar_chart(values, title="t", xlabel="n", suppressed_label="<10")
    (ax,) = drawn[0].axes
    widths = [p.get_width() for p in ax.patches]
    assert widths == [20.0, 0.0, 50.0]  # drawn bottom up: the first value (largest) on top
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C", "B", "A"]
    assert [t.get_text() for t in ax.texts] == [" <10"]


def test_line_chart_draws_each_column_with_gaps_for_withheld_months(drawn):
    table = pd.DataFrame({"a": [12.0, np.nan, 15.0], "b": [30.0, 31.0, 29.0]}, index=[1, 2, 3])
    charts.line_chart(table, title="t", ylabel="n", labels={"a": "甲"})
    (ax,) = drawn[0].axes
    a, b = ax.lines
    assert a.get_label() == "甲" and b.get_label() == "b"
    assert_allclose(a.get_ydata(), [12.0, np.nan, 15.0]) and assert_allclose(b.get_ydata(), [30, 31, 29])


def test_event_study_draws_estimates_around_zero_and_the_reference_hollow(drawn):
    table = pd.DataFrame(
        {
            "rel_period": [1, -2, -1, 0],
            "estimate": [-0.3, 0.05, 0.0, -0.2],
            "ci_low": [-0.5, -0.1, np.nan, -0.35],
            "ci_high": [-0.1, 0.2, np.nan, -0.05],
            "reference": [False, False, True, False],
        }
    )
    impact.event_study_figure(table, title="t", xlabel="k", ylabel="β")
    (ax,) = drawn[0].axes
    zero, start, estimates, *caps, reference = ax.lines  # the error bars' caps between
    assert_allclose(zero.get_ydata(), [0, 0]) and assert_allclose(start.get_xdata(), [-0.5, -0.5])
    assert_allclose(estimates.get_xdata(), [-2, 0, 1]) and assert_allclose(estimates.get_ydata(), [0.05, -0.2, -0.3])
    assert_allclose(reference.get_xdata(), [-1]) and reference.get_markerfacecolor() == "white"
    segments = ax.collections[0].get_segments()
    assert_allclose([s[:, 1] for s in segments], [(-0.1, 0.2), (-0.35, -0.05), (-0.5, -0.1)])
