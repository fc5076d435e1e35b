import re

import numpy as np

from governance_analytics.grid import UnitGrid
from governance_analytics.reporting.figures.class_maps import HOT_SPOT_COLOURS
from governance_analytics.reporting.figures.interactive import as_iframe, interactive_class_map


def _cells():
    grid = UnitGrid(523000.0, 3523000.0, 100.0, n_rows=4, n_cols=5, crs="EPSG:32650")
    cells = grid.all_cells()
    cells["bin"] = np.array([3, 3, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, -1, -2, 0, 0, 0, 0, -3])
    cells["n"] = np.arange(20)
    return grid.polygons(cells)


def test_offline_page_with_inlined_leaflet_and_only_significant_cells():
    page = interactive_class_map(
        _cells(),
        "bin",
        colours=HOT_SPOT_COLOURS,
        labels={b: f"bin {b}" for b in HOT_SPOT_COLOURS},
        title="热点",
        tooltip={"n": "案件数"},
        skip=(0,),
    )
    assert "L.map(" in page and "leaflet" in page.lower()
    assert not re.search(r'<script[^>]+src=|<link[^>]+href=["\']https?:', page)  # nothing fetched
    assert page.count('"type": "Feature"') + page.count('"type":"Feature"') == 7  # the 7 significant cells
    assert "热点" in page and "bin -3" in page and "bin 0" not in page


def test_a_map_with_no_cell_to_show_is_an_empty_map_not_an_error():
    cells = _cells().assign(bin=0)  # nothing significant: every cell skipped
    page = interactive_class_map(
        cells, "bin", colours=HOT_SPOT_COLOURS, labels={}, title="热点", tooltip={"n": "案件数"}, skip=(0,)
    )
    assert "L.map(" in page and '"type": "Feature"' not in page and "案件数" not in page


def test_iframe_escapes_the_page():
    frame = as_iframe('<p class="x">a & b</p>')
    assert frame.startswith("<iframe srcdoc=") and "&lt;p class=&quot;x&quot;&gt;a &amp; b&lt;/p&gt;" in frame
