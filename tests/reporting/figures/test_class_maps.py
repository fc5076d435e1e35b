import warnings

import numpy as np
import pandas as pd
import pytest

from governance_analytics.reporting import i18n
from governance_analytics.reporting.figures.class_maps import EMERGING_COLOURS, emerging_map, hot_spot_map, lisa_map


def _cells(values, column):
    row, col = np.divmod(np.arange(len(values)), 5)
    return pd.DataFrame({"row": row, "col": col, column: values})


def test_maps_render_with_chinese_legends():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph would warn
        for png in (
            hot_spot_map(_cells([3, 2, 1, 0, -1, -2, -3, 0, 0, 3], "bin"), cell_size=100, title="热点", lang="zh"),
            lisa_map(_cells(["HH", "LH", "LL", "HL", "ns"], "cluster"), cell_size=100, title="LISA", lang="zh"),
            emerging_map(_cells(list(EMERGING_COLOURS), "category"), cell_size=100, title="时空热点", lang="zh"),
        ):
            assert png[:4] == b"\x89PNG"


def test_unknown_class_is_an_error():
    with pytest.raises(ValueError, match="unknown classes"):
        hot_spot_map(_cells([4], "bin"), cell_size=100, title="", lang="en")


def test_emerging_labels_both_languages():
    assert i18n.label("intensifying hot spot", "zh") == "加剧热点"
    assert i18n.label("historical cold spot", "zh") == "历史冷点"
    assert i18n.label("no pattern", "zh") == "无明显模式"
    assert i18n.label("new hot spot", "en") == "new hot spot"
    assert len({i18n.label(c, "zh") for c in EMERGING_COLOURS}) == 17
