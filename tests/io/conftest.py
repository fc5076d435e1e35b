"""Shared fixtures of the reader tests."""

from __future__ import annotations

import pytest

import governance_analytics as ga
from governance_analytics.io import read_cases

#: The Demo City's region; its export's planted out-of-area points lie 2° east.
DEMO_AREA = (116.9, 31.6, 117.6, 32.1)


@pytest.fixture(scope="session")
def demo_export(demo_city, demo_dir):
    """The Demo City's 数字城管 (GB/T) export read whole (about 10 s, once per run: the modules that
    use it share the ``demo_export`` xdist group), and the cases' truth."""
    return read_cases(demo_dir / ga.demo.GBT_EXPORT, crs=demo_city.truth["crs"], area=DEMO_AREA), demo_city.truth[
        "cases"
    ]
