"""The spans a city's population is compared over, and the years a projection is fitted between."""

import pytest

from governance_analytics.population.pressure import census_spans
from governance_analytics.population.projection import base_years


@pytest.mark.parametrize(
    "years, spans",
    [
        ([2000, 2010, 2020, 2021, 2022, 2025], [(2000, 2010), (2010, 2020), (2020, 2025)]),
        ([2020, 2010], [(2010, 2020)]),
        ([2010, 2020, 2020], [(2010, 2020)]),
        ([2016, 2021], [(2016, 2021)]),  # no census year: first to last
        ([2015, 2020, 2023], [(2020, 2023)]),  # one census year, then the latest
        ([2020], []),
    ],
)
def test_census_spans(years, spans):
    assert census_spans(years) == spans


@pytest.mark.parametrize(
    "years, base",
    [
        ([2000, 2010, 2020, 2025], (2010, 2025)),
        ([2010, 2020], (2010, 2020)),
        ([1990, 2000], (1990, 2000)),  # nothing from 2010 on: all the years
        ([2000, 2025], (2000, 2025)),  # only 2025 from 2010 on: the whole range
        ([2020], None),
    ],
)
def test_base_years(years, base):
    assert base_years(years) == base
