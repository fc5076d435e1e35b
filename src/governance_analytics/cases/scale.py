"""The scale of clustering: incremental spatial autocorrelation and the optimized hot spot analysis.

ArcGIS's *Optimized Hot Spot Analysis* picks the neighbourhood itself: it runs *Incremental Spatial
Autocorrelation* — global Moran's I over increasing fixed distance bands — and uses the first
distance at which the z score peaks, the scale at which clustering is most pronounced. Here:

- the bands start at the largest nearest-neighbour distance (every unit has a neighbour) and grow
  by the mean nearest-neighbour distance, ``n_bands`` times (ArcGIS's defaults);
- the *first peak* is the first band whose z is larger than both its neighbours' (a local maximum);
  with none, the band of the largest z is used, and the choice says which rule applied.

References
----------
Esri, *How Incremental Spatial Autocorrelation works* and *How Optimized Hot Spot Analysis works*,
ArcGIS Pro documentation.
Cliff, A. D., Ord, J. K. (1981). *Spatial Processes: Models and Applications*. Pion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from governance_analytics.cases.lisa import moran
from governance_analytics.cases.weights import distance_band_weights

__all__ = ["ScaleChoice", "incremental_spatial_autocorrelation", "choose_distance", "optimized_hot_spots"]


@dataclass(frozen=True)
class ScaleChoice:
    """The distance band chosen and the evidence for it.

    Attributes
    ----------
    distance : the chosen band (metres)
    rule : ``"first peak"`` or ``"maximum z"`` (no local maximum among the bands)
    table : the incremental spatial autocorrelation table (one row per band)
    """

    distance: float
    rule: str
    table: pd.DataFrame


def incremental_spatial_autocorrelation(values, x, y, *, distances=None, n_bands: int = 10) -> pd.DataFrame:
    """Global Moran's I (row-standardised distance-band weights) at increasing distances.

    Returns
    -------
    DataFrame
        ``distance``, ``mean_neighbours``, ``moran_i``, ``expected_i``, ``z``, ``p`` (normal
        approximation, two-sided), one row per band.
    """
    values = np.asarray(values, dtype=float)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if distances is None:
        nn = cKDTree(np.column_stack([x, y])).query(np.column_stack([x, y]), k=2)[0][:, 1]
        distances = nn.max() + nn.mean() * np.arange(n_bands)
    rows = []
    for d in np.asarray(distances, dtype=float):
        W = distance_band_weights(x, y, d)
        result = moran(values, W, transform="r")
        rows.append({"distance": d, "mean_neighbours": W.nnz / values.size, "moran_i": result.I,
                     "expected_i": result.EI, "z": result.z_norm, "p": result.p_norm})
    return pd.DataFrame(rows)


def choose_distance(table: pd.DataFrame) -> ScaleChoice:
    """The first peak of z over the bands of :func:`incremental_spatial_autocorrelation`."""
    z = table["z"].to_numpy()
    peaks = [i for i in range(1, len(z) - 1) if z[i] > z[i - 1] and z[i] > z[i + 1]]
    if peaks:
        return ScaleChoice(float(table["distance"].iloc[peaks[0]]), "first peak", table)
    return ScaleChoice(float(table["distance"].iloc[int(np.nanargmax(z))]), "maximum z", table)


def optimized_hot_spots(cube_or_counts: pd.DataFrame, grid, *, cells: pd.DataFrame | None = None, period=None,
                        value: str = "n", n_bands: int = 10, alpha: float = 0.05, fdr: bool = True):
    """Hot spots at the scale chosen by incremental spatial autocorrelation.

    Returns
    -------
    (GeoDataFrame, ScaleChoice)
        The result of :func:`~governance_analytics.cases.hotspots.hot_spots` with ``("distance",
        chosen)`` weights, and the choice with its table, to report.
    """
    from governance_analytics.cases.hotspots import cell_totals, hot_spots

    totals = cell_totals(cube_or_counts, cells=cells, period=period, value=value)
    x, y = grid.centres(totals["row"].to_numpy(), totals["col"].to_numpy())
    choice = choose_distance(incremental_spatial_autocorrelation(totals[value].to_numpy(), x, y, n_bands=n_bands))
    result = hot_spots(cube_or_counts, grid, cells=cells, period=period, value=value,
                       weights=("distance", choice.distance), alpha=alpha, fdr=fdr)
    return result, choice
