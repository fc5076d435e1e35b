"""The scale of clustering: incremental spatial autocorrelation and the optimized hot spot analysis.

ArcGIS's *Optimized Hot Spot Analysis* picks the neighbourhood itself: it runs *Incremental Spatial
Autocorrelation* — global Moran's I over increasing fixed distance bands — and uses the first
distance at which the z score peaks, the scale at which clustering is most pronounced. Here:

- the bands start at the largest nearest-neighbour distance (every unit has a neighbour) and grow
  by the mean nearest-neighbour distance, ``n_bands`` times, both over the units that are not
  locational outliers (ArcGIS's defaults; :func:`default_bands`);
- the *first peak* is the first band whose z is larger than both its neighbours' (a local maximum);
- with no peak — z still rising at the last band, as it does on the many cells of a real city —
  never the largest band tried: ArcGIS's fallback, the average distance at which every unit has
  ``K`` neighbours, ``K = 5 %`` of the units, kept between 3 and 30, and no larger than the
  standard distance of the units;
- the band is at least 0.1 % of the largest side of the extent (ArcGIS's minimum radius);
- the choice says which rule applied and why, for the report.

For incidents (points) the aggregation cell is chosen from the points too (:func:`cell_size`): twice
the median distance between a location and its nearest other location, locational outliers set
aside, rounded to a tidy size — at the points' own spacing neighbouring incidents share cells, so
that counts are not all 0 and 1. (ArcGIS derives its fishnet size from nearest-neighbour distances
without locational outliers too; its exact constant is not published.)

References
----------
Esri, *How Incremental Spatial Autocorrelation works* and *How Optimized Hot Spot Analysis works*,
ArcGIS Pro documentation.
Cliff, A. D., Ord, J. K. (1981). *Spatial Processes: Models and Applications*. Pion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from governance_analytics.cases.lisa import moran
from governance_analytics.cases.weights import distance_band_weights

__all__ = [
    "ScaleChoice",
    "cell_size",
    "choose_distance",
    "default_bands",
    "incremental_spatial_autocorrelation",
    "knn_distance",
    "optimized_hot_spots",
    "optimized_incident_hot_spots",
]


@dataclass(frozen=True)
class ScaleChoice:
    """The distance band chosen and the evidence for it.

    Attributes
    ----------
    distance : the chosen band (metres)
    rule : ``"first peak"``, ``"k nearest neighbours"`` (no peak) or ``"minimum radius"``
    table : the incremental spatial autocorrelation table (one row per band)
    k : the number of neighbours of the fallback (``None`` when a peak was found)
    """

    distance: float
    rule: str
    table: pd.DataFrame
    k: int | None = None


#: Bounds of the fallback's number of neighbours (ArcGIS's).
K_MIN, K_MAX = 3, 30
#: Share of the units the fallback's number of neighbours is set to.
K_SHARE = 0.05
#: The band is never below this share of the extent's largest side.
MIN_RADIUS_SHARE = 0.001


def default_bands(x, y, n_bands: int = 10) -> np.ndarray:
    """ArcGIS's bands: from the distance at which every unit has a neighbour, by steps of the mean
    nearest-neighbour distance — both over the units that are not locational outliers (a
    nearest-neighbour distance more than 3 standard deviations above the mean), so that one remote
    cell cannot push every band beyond the scale of the city's clusters."""
    points = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    nn = cKDTree(points).query(points, k=2)[0][:, 1]
    typical = nn[nn <= nn.mean() + 3 * nn.std()]
    return typical.max() + typical.mean() * np.arange(n_bands)


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
        distances = default_bands(x, y, n_bands)
    rows = []
    for d in np.asarray(distances, dtype=float):
        W = distance_band_weights(x, y, d)
        result = moran(values, W, transform="r")
        rows.append(
            {
                "distance": d,
                "mean_neighbours": W.nnz / values.size,
                "moran_i": result.I,
                "expected_i": result.EI,
                "z": result.z_norm,
                "p": result.p_norm,
            }
        )
    return pd.DataFrame(rows)


def _standard_distance(x: np.ndarray, y: np.ndarray) -> float:
    """``sqrt(Σ (x − x̄)² / n + Σ (y − ȳ)² / n)``: the points' spread about their mean centre."""
    return float(np.sqrt(x.var() + y.var()))


def knn_distance(x, y) -> tuple[float, int]:
    """ArcGIS's fallback band: the average distance from each point to its ``K``-th nearest neighbour,
    ``K = 5 %`` of the points kept in ``[3, 30]``, capped at the standard distance; and ``K``."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    k = int(min(max(int(K_SHARE * x.size), K_MIN), K_MAX, x.size - 1))
    points = np.column_stack([x, y])
    distances = cKDTree(points).query(points, k=k + 1)[0][:, k]
    return float(min(distances.mean(), _standard_distance(x, y))), k


def choose_distance(table: pd.DataFrame, x=None, y=None) -> ScaleChoice:
    """The scale of :func:`incremental_spatial_autocorrelation`'s table (see the module notes): the
    first peak of z; with none, :func:`knn_distance` of the units at ``x``, ``y``; at least 0.1 % of
    the extent's largest side."""
    z = table["z"].to_numpy()
    peaks = [i for i in range(1, len(z) - 1) if z[i] > z[i - 1] and z[i] > z[i + 1]]
    if peaks:
        choice = ScaleChoice(float(table["distance"].iloc[peaks[0]]), "first peak", table)
    elif x is not None:
        distance, k = knn_distance(x, y)
        choice = ScaleChoice(distance, "k nearest neighbours", table, k)
    else:
        raise ValueError("no peak of z among the bands: give the units' x, y for the nearest-neighbour fallback")
    if x is not None:
        minimum = MIN_RADIUS_SHARE * max(np.ptp(np.asarray(x, dtype=float)), np.ptp(np.asarray(y, dtype=float)))
        if choice.distance < minimum:
            return ScaleChoice(minimum, "minimum radius", table, choice.k)
    return choice


def _tidy(size: float) -> float:
    """The largest of 10, 20, 25, 50 × 10^k metres not above ``size`` (at least 10 m)."""
    size = max(float(size), 10.0)
    magnitude = 10.0 ** np.floor(np.log10(size))
    return float(max(step * magnitude for step in (1.0, 2.0, 2.5, 5.0) if step * magnitude <= size + 1e-9))


def cell_size(x, y) -> float:
    """Aggregation cell size for incidents at ``(x, y)`` (metres; see the module notes): twice the
    median nearest-neighbour distance among distinct locations, those whose nearest-neighbour
    distance is a locational outlier (above the upper quartile + 3 interquartile ranges) set aside,
    rounded down to a tidy size."""
    points = np.unique(np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)]), axis=0)
    points = points[np.isfinite(points).all(axis=1)]
    if len(points) < 3:
        raise ValueError("at least 3 distinct locations are needed to choose a cell size")
    nn = cKDTree(points).query(points, k=2)[0][:, 1]
    q1, q3 = np.quantile(nn, [0.25, 0.75])
    typical = nn[nn <= q3 + 3 * (q3 - q1)]
    return _tidy(2 * np.median(typical))


def optimized_hot_spots(
    cube_or_counts: pd.DataFrame,
    grid,
    *,
    cells: pd.DataFrame | None = None,
    period=None,
    value: str = "n",
    n_bands: int = 10,
    alpha: float = 0.05,
    fdr: bool = True,
):
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
    choice = choose_distance(incremental_spatial_autocorrelation(totals[value].to_numpy(), x, y, n_bands=n_bands), x, y)
    result = hot_spots(
        cube_or_counts,
        grid,
        cells=cells,
        period=period,
        value=value,
        weights=("distance", choice.distance),
        alpha=alpha,
        fdr=fdr,
    )
    return result, choice


def optimized_incident_hot_spots(
    cases: pd.DataFrame,
    *,
    crs: str | None,
    period=None,
    size: float | None = None,
    n_bands: int = 10,
    alpha: float = 0.05,
    inference: Literal["normal", "permutation", "convolution"] = "permutation",
    seed=None,
):
    """ArcGIS's Optimized Hot Spot Analysis of incidents: the cell size from the points
    (:func:`cell_size`, or ``size``), the incidents counted in the cells they occupy (no bounding
    polygon: :func:`~governance_analytics.grid.extent.cells_with_cases`), the distance band from
    incremental spatial autocorrelation (:func:`choose_distance`), Gi* with FDR.

    Parameters
    ----------
    cases
        Canonical cases with ``x``, ``y`` (metres), ``created_at`` and optionally ``spatial_ok``.
    crs
        The CRS of ``x``/``y``.
    period
        Only the cases reported in this period (a :class:`~governance_analytics.periods.Period` or label).
    size
        Cell size (metres); default :func:`cell_size` of the cases' locations.
    inference, seed
        ``"permutation"`` (sparse counts) or ``"normal"`` p-values of Gi*, see
        :func:`~governance_analytics.cases.hotspots.hot_spots`.

    Returns
    -------
    (GeoDataFrame, ScaleChoice, float)
        The hot spots, the band chosen with its evidence, and the cell size used.
    """
    from governance_analytics.cases.hotspots import hot_spots
    from governance_analytics.grid.extent import cells_with_cases
    from governance_analytics.periods import Period, parse_period

    usable = cases["x"].notna() & cases["y"].notna()
    if "spatial_ok" in cases:
        usable &= cases["spatial_ok"].fillna(False).astype(bool)
    points = cases[usable]
    if period is not None:
        period = period if isinstance(period, Period) else parse_period(period)
        points = points[period.contains(points["created_at"])]
    size = size or cell_size(points["x"], points["y"])
    grid, cells, _ = cells_with_cases(points, crs=crs, cell_size=size)
    row, col = grid.locate(points["x"].to_numpy(), points["y"].to_numpy())
    counts = pd.DataFrame({"row": row, "col": col})[row >= 0].value_counts().rename("n").reset_index()
    counts = cells[["cell_id", "row", "col"]].merge(counts, on=["row", "col"], how="left").fillna({"n": 0})
    x, y = grid.centres(counts["row"].to_numpy(), counts["col"].to_numpy())
    choice = choose_distance(incremental_spatial_autocorrelation(counts["n"].to_numpy(), x, y, n_bands=n_bands), x, y)
    result = hot_spots(counts, grid, weights=("distance", choice.distance), alpha=alpha, inference=inference, seed=seed)
    return result, choice, size
