"""The p-chart figure renders a PNG of the chart it is given."""

import io

import pandas as pd
from PIL import Image

from governance_analytics.cases.trends import p_chart
from governance_analytics.reporting.figures.kpi import control_chart_figure


def test_control_chart_png():
    periods = pd.date_range("2025-01-01", periods=6, freq="MS")
    x = pd.Series([90, 88, 91, 89, 60, 55], index=pd.Index(periods, name="period"))
    chart = p_chart(x, pd.Series(100, index=x.index), baseline=pd.Series([True] * 4 + [False] * 2, index=x.index))
    png = control_chart_figure(chart, title="按期结案率", ylabel="%")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width > 500
    assert chart["signal"].tolist()[-2:] == ["below", "below"]
