"""Population maps render (Chinese included), mark missing values, and refuse tables they cannot draw."""

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from governance_analytics.population.urbanisation import degree_of_urbanisation
from governance_analytics.reporting.figures.population import (
    SETTLEMENT_LABELS,
    choropleth,
    settlement_map,
)
from governance_analytics.reporting.render.fonts import CJK_FAMILY

PNG = b"\x89PNG"


@pytest.fixture
def districts():
    """Three square 'districts' in lon/lat; 丙区 has no value (its area would include water)."""
    return gpd.GeoDataFrame(
        {"name": ["甲区", "乙区", "丙区"], "density": [25_000.0, 1_200.0, np.nan]},
        geometry=[
            box(116.30, 39.90, 116.40, 40.00),
            box(116.40, 39.90, 116.50, 40.00),
            box(116.50, 39.90, 116.60, 40.00),
        ],
        crs="EPSG:4326",
    )


def test_choropleth_renders_chinese_labels_and_missing_values(districts):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph would warn
        for log in (False, True):
            png = choropleth(
                districts,
                "density",
                title="常住人口密度（2020）",
                legend="人/平方公里",
                label_column="name",
                missing_label="无陆地面积",
                log=log,
            )
            assert png[:4] == PNG
    import matplotlib

    assert matplotlib.rcParams["font.sans-serif"][0] == CJK_FAMILY


def test_choropleth_all_missing_fixed_scale_and_few_labels(districts):
    assert choropleth(districts.assign(density=np.nan), "density", title="t", legend="l")[:4] == PNG
    assert choropleth(districts, "density", title="t", legend="l", vmin=0, vmax=30_000, cmap="Blues")[:4] == PNG
    # the labels of small polygons are left out: here none is big enough, and the map still draws
    assert choropleth(districts, "density", title="t", legend="l", label_column="name", label_min_share=0.5)[:4] == PNG


def test_choropleth_refuses_what_it_cannot_draw(districts):
    with pytest.raises(ValueError, match="no column 'population'"):
        choropleth(districts, "population", title="", legend="")
    with pytest.raises(ValueError, match="must be numeric"):
        choropleth(districts.assign(density=["a", "b", None]), "density", title="", legend="")
    with pytest.raises(ValueError, match="log scale needs positive"):
        choropleth(districts.assign(density=[0.0, 1.0, 2.0]), "density", title="", legend="", log=True)
    with pytest.raises(ValueError, match="GeoDataFrame"):
        choropleth(pd.DataFrame(districts.drop(columns="geometry")), "density", title="", legend="")


@pytest.fixture
def grid():
    """A 12 × 12 km grid with one dense core (an urban centre), a town (a cluster) and countryside."""
    rows, cols = np.meshgrid(np.arange(12), np.arange(12), indexing="ij")
    population = np.full(rows.shape, 100.0)
    population[2:7, 2:7] = 3_000.0  # 25 km² × 3 000 = 75 000: an urban centre
    population[9:11, 8:11] = 900.0  # 6 km² × 900 = 5 400: an urban cluster
    return pd.DataFrame(
        {
            "cell_id": [f"R{r}C{c}" for r, c in zip(rows.ravel(), cols.ravel(), strict=True)],
            "year": 2020,
            "row": rows.ravel(),
            "col": cols.ravel(),
            "x": 500.0 + 1000 * cols.ravel(),
            "y": 500.0 + 1000 * rows.ravel(),
            "population": population.ravel(),
        }
    )


def test_settlement_map_from_degree_of_urbanisation(grid):
    cells = degree_of_urbanisation(grid).cells
    assert set(cells["settlement"]) == {"urban_centre", "urban_cluster", "rural"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for lang in SETTLEMENT_LABELS:
            assert settlement_map(cells, cell_size=1000.0, title="城镇化程度（2020）", lang=lang)[:4] == PNG


def test_settlement_map_refuses_what_it_cannot_draw(grid):
    cells = degree_of_urbanisation(grid).cells
    with pytest.raises(ValueError, match="one year at a time"):
        settlement_map(pd.concat([cells, cells.assign(year=2010)]), cell_size=1000.0, title="")
    with pytest.raises(ValueError, match="unknown classes"):
        settlement_map(cells.assign(settlement="suburb"), cell_size=1000.0, title="")
    with pytest.raises(ValueError, match="lang must be one of"):
        settlement_map(cells, cell_size=1000.0, title="", lang="fr")
