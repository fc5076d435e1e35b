"""What a reader knows of withheld cells, shared by the disclosure tests of ``privacy`` and of the report."""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance_analytics.privacy import WITHHELD


def marker_bounds(tables: pd.DataFrame, threshold: int) -> dict:
    """What the markers tell a reader: "<t" is 1..t−1, "×" at least t."""
    bounds: dict[tuple, tuple[float, float]] = {}
    for cell, value in tables.stack().items():
        if value == f"<{threshold}":
            bounds[cell] = (1, threshold - 1)
        elif value == WITHHELD:
            bounds[cell] = (threshold, np.inf)
    return bounds
