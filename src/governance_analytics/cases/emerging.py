"""Emerging hot spot analysis of the space-time cube, as in ArcGIS Pro's *Emerging Hot Spot Analysis*.

Three steps, each its own function:

1. :func:`space_time_gi_star` — the Getis-Ord Gi* z-score of every bin (location × time step) of the
   cube, over a space-time neighbourhood: the location, its spatial neighbours, and the same
   locations in the previous ``time_window`` time steps.
2. :func:`mann_kendall` — the Mann-Kendall trend test of each location's Gi* z series.
3. :func:`classify_emerging` — one of the 17 :data:`CATEGORIES` per location from the z and p series
   (new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating, historical hot
   and cold spots, and no pattern).

:func:`emerging_hot_spots` runs the three on a long cube table from
:func:`governance_analytics.engines.aggregate_cases` and returns one row per location.

As in ArcGIS, only locations with data are classified and the bins' p-values are corrected by the
False Discovery Rate; beyond ArcGIS, the bins can take conditional-permutation p-values (sparse
counts), the trend test can allow for serial correlation (Hamed & Rao 1998), and trend categories
can be tested against shuffled time steps (:mod:`~governance_analytics.cases._emerging_inference`).
The spatial weights are any scipy sparse matrix, libpysal ``W`` or ``Graph`` (contiguity, distance
band, k nearest).

References
----------
Getis, A., Ord, J. K. (1992). The analysis of spatial association by use of distance statistics.
Geographical Analysis 24(3), 189–206.
Ord, J. K., Getis, A. (1995). Local spatial autocorrelation statistics: distributional issues and an
application. Geographical Analysis 27(4), 286–306.
Mann, H. B. (1945). Nonparametric tests against trend. Econometrica 13(3), 245–259.
Kendall, M. G. (1975). *Rank Correlation Methods*, 4th ed. London: Griffin.
Hipel, K. W., McLeod, A. I. (1994). *Time Series Modelling of Water Resources and Environmental
Systems*, ch. 23. Amsterdam: Elsevier.
Esri (2024). How Emerging Hot Spot Analysis works. ArcGIS Pro 3.x tool reference, Space Time Pattern
Mining toolbox.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import ndtr

from governance_analytics.cases._emerging_inference import (
    TREND_KINDS,
    space_time_pseudo_p,
    space_time_weights,
    temporal_p,
)
from governance_analytics.cases._randomisation import randomisation_p
from governance_analytics.cases.cells import location_ids
from governance_analytics.cases.hotspots import INFERENCES
from governance_analytics.cases.mann_kendall import mann_kendall
from governance_analytics.cases.multiple_testing import fdr as bh
from governance_analytics.cases.weights import WeightsLike, as_sparse

__all__ = [
    "category_counts",
    "CATEGORIES",
    "space_time_gi_star",
    "mann_kendall",
    "classify_emerging",
    "emerging_hot_spots",
]

_KINDS = ("new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic", "oscillating", "historical")
#: The 17 categories: the eight hot spot kinds in ArcGIS's order (new, consecutive, intensifying,
#: persistent, diminishing, sporadic, oscillating, historical), the eight cold spot mirrors in the
#: same order, then ``"no pattern"``.
CATEGORIES: tuple[str, ...] = (*(f"{k} hot spot" for k in _KINDS), *(f"{k} cold spot" for k in _KINDS), "no pattern")
_NO_PATTERN = len(CATEGORIES) - 1
_NEW, _CONSECUTIVE, _INTENSIFYING, _PERSISTENT, _DIMINISHING, _SPORADIC, _OSCILLATING, _HISTORICAL = range(8)


def space_time_gi_star(
    values, weights: WeightsLike, *, time_window: int = 1, ids=None
) -> tuple[np.ndarray, np.ndarray]:
    """Getis-Ord Gi* z-score and two-sided p-value of every bin of a space-time cube.

    The neighbourhood of bin :math:`(i, t)` holds the bins :math:`(j, s)` with :math:`j = i` or
    :math:`w_{ij} \\neq 0`, and :math:`t - k \\le s \\le t` (:math:`k` = ``time_window``: the current
    step and the previous :math:`k`, as ArcGIS's *neighborhood time step*; near the start of the
    series the window is truncated to the steps that exist). The space-time weight of
    :math:`(j, s)` is :math:`w^*_{ij}`, where :math:`w^*_{ii} = 1` (self included — Gi*) and
    :math:`w^*_{ij} = w_{ij}` otherwise. As ArcGIS's default *entire cube* global window, every bin
    of the cube is compared with all :math:`N = n_\\text{locations} \\times n_\\text{times}` bins:

    .. math::

        G^*_{it} = \\frac{\\sum_{(j,s)} w^*_{ij} x_{js} - \\bar X W_{it}}
                        {S \\sqrt{\\left(N S^{(2)}_{it} - W_{it}^2\\right) / (N - 1)}},
        \\qquad
        W_{it} = m_t \\sum_j w^*_{ij}, \\quad S^{(2)}_{it} = m_t \\sum_j {w^*_{ij}}^2,

    with :math:`m_t = \\min(t, k) + 1` the number of time steps in the window, :math:`\\bar X` the
    mean and :math:`S = \\sqrt{\\sum x^2 / N - \\bar X^2}` the (population) standard deviation of all
    bins. :math:`G^*_{it}` is a z-score; :math:`p = 2\\,(1 - \\Phi(|G^*_{it}|))`.

    Parameters
    ----------
    values
        ``(n_locations, n_times)`` array, time steps in order, no missing values.
    weights
        ``(n_locations, n_locations)`` spatial weights, binary (0/1) in the usual use: a scipy
        sparse matrix or array with rows in the order of ``values``, or a libpysal ``W`` or
        ``Graph`` (aligned to ``ids``). Its diagonal is ignored and replaced by 1.
    time_window
        :math:`k \\ge 0`, the number of previous time steps in the neighbourhood (0: space only).
    ids
        The locations' ids, in the order of the rows of ``values``: a libpysal ``W`` or ``Graph`` is
        aligned to them (:func:`~governance_analytics.cases.weights.as_sparse`).

    Returns
    -------
    z, p : numpy.ndarray
        ``(n_locations, n_times)`` Gi* z-scores and two-sided normal p-values; all NaN when the cube is
        constant (:math:`S = 0`), and NaN for a bin whose neighbourhood is the whole cube.

    References
    ----------
    Ord & Getis (1995), eq. (14); Esri, *How Hot Spot Analysis (Getis-Ord Gi*) works* and *How
    Emerging Hot Spot Analysis works*.
    """
    x = np.asarray(values, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"values must be a (n_locations, n_times) array, got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("values hold missing or infinite entries; fill the cube first")
    if isinstance(time_window, bool) or not isinstance(time_window, (int, np.integer)) or time_window < 0:
        raise ValueError(f"time_window must be an integer >= 0, got {time_window!r}")
    n, n_times = x.shape
    w = _self_weighted(weights, n, ids=ids)
    k = min(int(time_window), n_times - 1)

    spatial = np.asarray(w @ x)  # Σ_j w*_ij x_js, per time step s
    local = spatial.copy()
    for lag in range(1, k + 1):  # add the previous `lag` steps
        local[:, lag:] += spatial[:, :-lag]
    steps = np.minimum(np.arange(n_times), k) + 1.0  # m_t
    w_sum = np.asarray(w.sum(axis=1)).ravel()[:, None] * steps
    w_sq = np.asarray(w.multiply(w).sum(axis=1)).ravel()[:, None] * steps

    big_n = x.size
    mean = x.mean()
    sd = np.sqrt(max(np.mean(x * x) - mean * mean, 0.0))
    if sd == 0.0 or big_n < 2:
        nan = np.full(x.shape, np.nan)
        return nan, nan.copy()
    with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 where the neighbourhood is the cube
        z = (local - mean * w_sum) / (sd * np.sqrt((big_n * w_sq - w_sum**2) / (big_n - 1)))
    return z, 2.0 * ndtr(-np.abs(z))


def _self_weighted(weights, n: int, *, ids=None) -> sp.csr_array:
    """``weights`` (aligned to ``ids``) as a CSR array with its diagonal set to 1."""
    w = sp.csr_array(as_sparse(weights, ids=ids), dtype=float)
    if w.shape != (n, n):
        raise ValueError(f"weights has shape {w.shape}; expected ({n}, {n}) for {n} locations")
    w = w - sp.diags_array(w.diagonal()) + sp.eye_array(n, format="csr")
    w.eliminate_zeros()
    return w.tocsr()


def classify_emerging(z, p, *, alpha: float = 0.10, trend_alpha: float = 0.05) -> np.ndarray:
    """Emerging hot/cold spot category of each location from its Gi* z and p series.

    A bin is a *significant hot spot* when :math:`p < \\alpha` and :math:`z > 0`, a *significant
    cold spot* when :math:`p < \\alpha` and :math:`z < 0` (NaN p: not significant). With :math:`T`
    time steps and :math:`n_H` significant hot bins, "at least 90 % of the time steps" means
    :math:`10\\,n_H \\ge 9\\,T` (so exactly 90 % counts; with :math:`T = 12` it takes 11 bins). The
    *trend* is the Mann-Kendall test (:func:`mann_kendall`) of the location's whole z series: a
    significant increase when :math:`p_{MK} < ` ``trend_alpha`` and :math:`S > 0`, a significant
    decrease when :math:`p_{MK} <` ``trend_alpha`` and :math:`S < 0`, else no discernible trend.

    Rules, applied in this order (the first that holds wins); "final" is the last time step. Cold
    spots mirror each rule with hot and cold swapped, intensifying cold meaning a significant
    *decrease* of z (ever more negative) and diminishing cold a significant *increase*.

    Final bin a significant hot spot:

    1. **new hot spot** — no earlier bin is a significant hot spot (earlier cold bins allowed).
    2. **consecutive hot spot** — the final run of significant hot bins (ending at the final step)
       is at least 2 long, no bin before that run is a significant hot spot, and fewer than 90 % of
       the bins are significant hot spots.
    3. At least 90 % of the bins significant hot spots (the final included, as it is here):
       **intensifying hot spot** with a significant increasing trend, **diminishing hot spot** with
       a significant decreasing trend, **persistent hot spot** with no discernible trend.
    4. Fewer than 90 % significant hot (on-again, off-again): **oscillating hot spot** if some
       earlier bin is a significant cold spot, else **sporadic hot spot**.

    Final bin a significant cold spot: the mirror rules 1–4 (new, consecutive, intensifying /
    diminishing / persistent, oscillating / sporadic cold spot). So a location that was hot for
    over 90 % of the steps and turns cold at the final one is a *new cold spot* (the state at the
    final step decides the family first; ArcGIS's historical category requires the final bin not
    to be hot, and the cold rules claim it first).

    Final bin not significant:

    5. **historical hot spot** — at least 90 % of the bins are significant hot spots.
    6. **historical cold spot** — at least 90 % of the bins are significant cold spots.
    7. **no pattern** — everything else (including locations never significant).

    Parameters
    ----------
    z, p
        ``(n_locations, n_times)`` Gi* z-scores and their p-values, time steps in order (from
        :func:`space_time_gi_star`).
    alpha
        Significance level of a bin (ArcGIS: 90 % confidence, 0.10).
    trend_alpha
        Significance level of the Mann-Kendall trend of the z series.

    Returns
    -------
    numpy.ndarray
        ``(n_locations,)`` object array of names from :data:`CATEGORIES`.
    """
    z, p = _check_zp(z, p)
    s, _, trend_p = mann_kendall(z)
    return np.asarray(CATEGORIES, dtype=object)[_category_codes(z, p, s, trend_p, alpha, trend_alpha)]


def _check_zp(z, p) -> tuple[np.ndarray, np.ndarray]:
    z, p = np.asarray(z, dtype=float), np.asarray(p, dtype=float)
    if z.ndim != 2 or z.shape != p.shape or z.shape[1] == 0:
        raise ValueError(f"z and p must be (n_locations, n_times) arrays of one shape, got {z.shape} and {p.shape}")
    return z, p


def _category_codes(z, p, s, trend_p, alpha: float, trend_alpha: float) -> np.ndarray:
    """Index into :data:`CATEGORIES` of each location (see :func:`classify_emerging`)."""
    sig = p < alpha
    hot, cold = sig & (z > 0), sig & (z < 0)
    trend = trend_p < trend_alpha
    rising, falling = trend & (s > 0), trend & (s < 0)
    codes = np.full(z.shape[0], _NO_PATTERN)
    for offset, this, other, up, down in ((0, hot, cold, rising, falling), (8, cold, hot, falling, rising)):
        kind = _family(this, other, up, down)
        codes = np.where(kind >= 0, offset + kind, codes)
    return codes


def _mostly(significant: np.ndarray) -> np.ndarray:
    """Locations with at least 90 % of their bins in ``significant``: ``10 n ≥ 9 T``, exact."""
    return 10 * significant.sum(axis=1) >= 9 * significant.shape[1]


def _family(this: np.ndarray, other: np.ndarray, intensifying: np.ndarray, diminishing: np.ndarray) -> np.ndarray:
    """Kind (0–7, -1 for none) of each location for one family (``this`` = its significant bins)."""
    n_times = this.shape[1]
    count = this.sum(axis=1)
    mostly = _mostly(this)
    final = this[:, -1]
    reverse = this[:, ::-1]
    run = np.where(reverse.all(axis=1), n_times, reverse.argmin(axis=1))  # final run length
    history_other = other[:, :-1].any(axis=1)
    not_significant_final = ~final & ~other[:, -1]
    conditions = [
        final & (count == 1),
        final & (run >= 2) & (count == run) & ~mostly,
        final & mostly & intensifying,
        final & mostly & diminishing,
        final & mostly,
        final & history_other,
        final,
        not_significant_final & mostly,
    ]
    kinds = [_NEW, _CONSECUTIVE, _INTENSIFYING, _DIMINISHING, _PERSISTENT, _OSCILLATING, _SPORADIC, _HISTORICAL]
    return np.select(conditions, kinds, default=-1)


def emerging_hot_spots(
    cube: pd.DataFrame,
    weights: WeightsLike | str,
    *,
    value: str = "n",
    time_window: int = 1,
    alpha: float = 0.10,
    trend_alpha: float = 0.05,
    location: str | Sequence[str] = "cell_id",
    cells: pd.DataFrame | None = None,
    fdr: bool = True,
    inference: str = "normal",
    permutations: int = 999,
    temporal_test: int = 0,
    trend_correction: str | None = None,
    trend_fdr: bool = False,
    seed=None,
) -> pd.DataFrame:
    """Emerging hot spot analysis of a long space-time cube: one category per location.

    Pivots ``cube`` to a locations × time steps array and, as ArcGIS Pro does, keeps the locations
    with data (a location whose value is 0 in every step is neither analysed nor anyone's
    neighbour: its category is ``no pattern``); computes the space-time Gi* of every bin
    (:func:`space_time_gi_star`) with normal or conditional-permutation p-values, corrects them by
    Benjamini–Hochberg FDR over all bins (``fdr``), tests each location's z series for a
    Mann-Kendall trend (:func:`mann_kendall`) and classifies it (:func:`classify_emerging`). With
    ``temporal_test`` shuffles, a trend category (new, consecutive, intensifying, diminishing) is
    kept only where it beats the null of shuffled time steps
    (:func:`~governance_analytics.cases._emerging_inference.temporal_p`, at ``trend_alpha``), and
    otherwise becomes sporadic (new, consecutive) or persistent (intensifying, diminishing) — a
    step beyond ArcGIS, whose trend categories on sparse counts are mostly noise.

    Parameters
    ----------
    cube
        Long table as from :func:`~governance_analytics.engines.aggregate_cases`: the ``location``
        column(s), ``period`` and ``value``, exactly one row per location × period (filter a cube
        with ``by`` keys to one key combination first). The time steps are the sorted distinct
        periods.
    weights
        Spatial weights among the locations: a libpysal ``W`` or ``Graph`` whose ids are the
        locations' ids (the ``location`` column's values, or tuples of them), in any order and
        aligned by id (:func:`~governance_analytics.cases.weights.as_sparse`); a scipy sparse matrix
        (or a ``W`` with libpysal's default ids ``0 … n-1``) whose row and column ``i`` is the
        ``i``-th location in sorted order of its id — the order :func:`aggregate_cases` gives
        (``cell_id`` sorted, or ``row``, ``col`` row-major, the order of ``libpysal.weights.lat2SW``);
        or ``"queen"``/``"rook"`` contiguity of the cells (with ``cells`` for a cube of ``cell_id``).
    value
        The measure to analyse.
    time_window
        Previous time steps in the neighbourhood (ArcGIS's *neighborhood time step*).
    alpha, trend_alpha
        Significance levels of a bin and of the trend (see :func:`classify_emerging`); the
        temporal test uses ``trend_alpha`` too.
    location
        Location column, or columns (e.g. ``("row", "col")``). When the default ``"cell_id"`` is
        not a column but ``row`` and ``col`` are, ``("row", "col")`` is used.
    cells
        A ``grid_cells`` table: its ``row``/``col`` are added to the result (for maps) and used for
        ``"queen"``/``"rook"`` weights.
    fdr
        Correct the bins' p-values by FDR before classifying (ArcGIS's default).
    inference, permutations
        ``"normal"`` p-values of the z-scores (ArcGIS); ``"permutation"``: pseudo p-values from
        ``permutations`` conditional permutations
        (:func:`~governance_analytics.cases._emerging_inference.space_time_pseudo_p`), valid for
        sparse counts; or ``"convolution"``: the same randomisation null computed for whole counts
        and binary or row-standardised weights
        (:func:`~governance_analytics.cases._randomisation.randomisation_p`), whose p-values have no
        floor of ``1 / (permutations + 1)`` — the FDR over every bin of a cube needs them.
    temporal_test
        Number of time-step shuffles of the temporal test (0: none; 99 gives p down to 0.01).
    trend_correction
        ``None`` or ``"hamed_rao"``: the Mann-Kendall variance corrected for serial correlation.
    trend_fdr
        Correct the trend tests' p-values by FDR across the locations whose category hangs on the
        trend — those with a significant final bin and at least 90 % significant bins of its family
        (intensifying, persistent or diminishing) — a step beyond ArcGIS, which tests every location's
        trend at ``trend_alpha`` alone, so that a few of a city's many persistent spots are called
        intensifying or diminishing by chance, in patches as large as the neighbourhood (Wilks 2016).
    seed
        Seed of the permutations and shuffles.

    Returns
    -------
    pandas.DataFrame
        One row per location, sorted by location, with columns: the location column(s) (and
        ``row``, ``col`` with ``cells``); ``analysed`` (the location has data); ``category`` (str,
        one of :data:`CATEGORIES`); ``n_significant_hot``, ``n_significant_cold`` (int64, bins with
        p below ``alpha`` — after FDR where on — and :math:`z > 0` / :math:`z < 0`); ``trend_z``,
        ``trend_p`` (Mann-Kendall Z and p of the z series, FDR-adjusted where ``trend_fdr`` adjusts
        it); ``final_z``, ``final_p`` (Gi* z and the
        p used of the final time step); ``temporal_p`` (the temporal test's p of a trend category,
        NaN otherwise or without the test).

    Raises
    ------
    ValueError
        When a column is missing, a location × period appears twice or is missing, ``value`` holds
        missing values, ``weights`` does not match the number of locations, or ``inference`` is
        unknown.
    """
    if inference not in INFERENCES:
        raise ValueError(f"inference must be one of {INFERENCES}, got {inference!r}")
    columns = _location_columns(cube, location)
    missing = [c for c in (*columns, "period", value) if c not in cube.columns]
    if missing:
        raise ValueError(f"the cube lacks column(s) {missing}; expected the location column(s), 'period' and {value!r}")
    x, locations = _pivot(cube, columns, value)
    if cells is not None and columns == ["cell_id"]:
        locations = locations.merge(cells[["cell_id", "row", "col"]], on="cell_id", how="left", validate="one_to_one")
    if isinstance(weights, str):
        if not {"row", "col"} <= set(locations.columns):
            raise ValueError(
                f"weights={weights!r} needs the cells' row/col: pass cells=grid_cells or a cube with row/col"
            )
        from governance_analytics.cases.weights import as_contiguity, lattice_weights

        weights = lattice_weights(locations["row"].to_numpy(), locations["col"].to_numpy(), kind=as_contiguity(weights))
    w = sp.csr_array(as_sparse(weights, ids=location_ids(locations, columns)), dtype=float)
    if w.shape != (len(locations), len(locations)):
        raise ValueError(
            f"weights has shape {w.shape}; expected ({len(locations)}, {len(locations)}) for {len(locations)} locations"
        )
    data = x.sum(axis=1) != 0  # ArcGIS: only locations with data in the cube
    rng = np.random.default_rng(seed)
    w_data = w[data][:, data]
    options = dict(
        time_window=time_window,
        alpha=alpha,
        trend_alpha=trend_alpha,
        fdr=fdr,
        inference=inference,
        permutations=permutations,
        trend_correction=trend_correction,
        trend_fdr=trend_fdr,
    )
    codes, z, p, trend_z, trend_p = _classified(x[data], w_data, rng=rng, **options)
    t_p = np.full(len(codes), np.nan)
    if temporal_test and len(codes):

        def series(cube: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            null_z, _ = space_time_gi_star(cube, w_data, time_window=time_window)
            return null_z, mann_kendall(null_z)[1]

        # the shuffled cubes carry the time window's serial correlation, so the test's trend
        # statistic is the plain Mann-Kendall Z: a variance correction would only add noise to it
        t_p = temporal_p(
            codes,
            _final_runs(codes, z, p, alpha),
            z,
            mann_kendall(z)[1],
            x[data],
            series,
            shuffles=int(temporal_test),
            rng=rng,
        )
        codes = _demoted(codes, t_p > trend_alpha)
    return _result(locations, data, codes, z, p, trend_z, trend_p, t_p, alpha)


def _classified(
    x: np.ndarray, w, *, rng, time_window, alpha, trend_alpha, fdr, inference, permutations, trend_correction, trend_fdr
) -> tuple[np.ndarray, ...]:
    """Category codes, Gi* z, the p used (permutation and/or FDR), trend z and trend p of a cube."""
    z, p = space_time_gi_star(x, w, time_window=time_window)
    if inference == "permutation" and np.isfinite(z).any():
        p = np.where(
            np.isfinite(z),
            space_time_pseudo_p(x, w, time_window=time_window, permutations=permutations, seed=rng),
            np.nan,
        )
    elif inference == "convolution" and np.isfinite(z).any():
        st = space_time_weights(w, x.shape[1], time_window=time_window)
        p = np.where(np.isfinite(z), randomisation_p(x.ravel(), st).reshape(x.shape), np.nan)
    if fdr:
        p = bh(p)[0]
    s, trend_z, trend_p = mann_kendall(z, correction=trend_correction)
    if trend_fdr:
        trend_p = _trend_fdr(z, p, trend_p, alpha)
    return _category_codes(z, p, s, trend_p, alpha, trend_alpha), z, p, trend_z, trend_p


def _trend_fdr(z: np.ndarray, p: np.ndarray, trend_p: np.ndarray, alpha: float) -> np.ndarray:
    """``trend_p`` with Benjamini–Hochberg's adjustment over the locations whose category hangs on
    their trend: a significant final bin and at least 90 % significant bins of its family."""
    sig = p < alpha
    hot, cold = sig & (z > 0), sig & (z < 0)
    hangs = (hot[:, -1] & _mostly(hot)) | (cold[:, -1] & _mostly(cold))
    out = trend_p.copy()
    if hangs.any():
        out[hangs] = bh(trend_p[hangs])[0]
    return out


def _final_runs(codes: np.ndarray, z: np.ndarray, p: np.ndarray, alpha: float) -> np.ndarray:
    """Length of each location's final run of significant bins of its own family (hot for hot
    categories, cold for cold ones); 0 for no pattern."""
    sig = p < alpha
    own = np.where(((codes >= 8) & (codes < 16))[:, None], sig & (z < 0), sig & (z > 0))[:, ::-1]
    return np.where(own.all(axis=1), own.shape[1], own.argmin(axis=1))


def _demoted(codes: np.ndarray, unsupported: np.ndarray) -> np.ndarray:
    """Codes with each unsupported trend category replaced by the category without the trend claim."""
    kind, family = codes % 8, codes - codes % 8
    replacement = np.array([TREND_KINDS.get(k, k) for k in range(8)])
    demote = unsupported & np.isin(kind, list(TREND_KINDS)) & (codes < _NO_PATTERN)
    return np.where(demote, family + replacement[kind], codes)


def _result(locations: pd.DataFrame, data: np.ndarray, codes, z, p, trend_z, trend_p, t_p, alpha) -> pd.DataFrame:
    """One row per location: its category and statistics; locations without data: no pattern, NaN."""
    out = locations.reset_index(drop=True)
    n, n_times = len(out), z.shape[1] if z.ndim == 2 else 0

    def spread(values, fill, dtype=float):
        full = np.full(n, fill, dtype=dtype)
        full[data] = values
        return full

    sig = p < alpha
    out["analysed"] = data
    out["category"] = pd.Series(np.asarray(CATEGORIES, dtype=object)[spread(codes, _NO_PATTERN, int)], dtype="str")
    out["n_significant_hot"] = spread((sig & (z > 0)).sum(axis=1), 0, np.int64)
    out["n_significant_cold"] = spread((sig & (z < 0)).sum(axis=1), 0, np.int64)
    out["trend_z"], out["trend_p"] = spread(trend_z, np.nan), spread(trend_p, np.nan)
    last = n_times - 1
    out["final_z"] = spread(z[:, last] if n_times else [], np.nan)
    out["final_p"] = spread(p[:, last] if n_times else [], np.nan)
    out["temporal_p"] = spread(t_p, np.nan)
    return out


def _location_columns(cube: pd.DataFrame, location: str | Sequence[str]) -> list[str]:
    if isinstance(location, str):
        if location == "cell_id" and "cell_id" not in cube.columns and {"row", "col"} <= set(cube.columns):
            return ["row", "col"]
        return [location]
    return list(location)


def _pivot(cube: pd.DataFrame, columns: list[str], value: str) -> tuple[np.ndarray, pd.DataFrame]:
    """``(n_locations, n_times)`` array of ``value`` and the sorted distinct locations."""
    values = cube[value].to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(values).any():
        raise ValueError(f"column {value!r} of the cube holds {int(np.isnan(values).sum())} missing values")
    keys = [*columns, "period"]
    if cube[keys].isna().to_numpy().any():
        raise ValueError(f"the cube has rows with a missing {' or '.join(keys)}")
    if len(columns) == 1:
        loc_code, uniques = pd.factorize(cube[columns[0]], sort=True)
        locations = pd.DataFrame({columns[0]: uniques})
    else:
        grouped = cube.groupby(columns, sort=True)
        loc_code = grouped.ngroup().to_numpy()
        locations = grouped.size().index.to_frame(index=False)
    period_code, periods = pd.factorize(cube["period"], sort=True)
    n_loc, n_times = len(locations), len(periods)
    flat = loc_code.astype(np.int64) * n_times + period_code
    seen = np.bincount(flat, minlength=n_loc * n_times)
    if (seen > 1).any():
        raise ValueError(
            f"{int((seen > 1).sum())} location × period pairs appear more than once in the cube; "
            "filter it to one row per location and period (one by-key combination)"
        )
    if (seen == 0).any():
        raise ValueError(
            f"{int((seen == 0).sum())} of {n_loc * n_times} location × period pairs are missing "
            "from the cube; expected a complete cube (aggregate_cases fills zeros)"
        )
    x = np.empty(n_loc * n_times)
    x[flat] = values
    return x.reshape(n_loc, n_times), locations


def category_counts(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Locations per category for several :func:`emerging_hot_spots` results (e.g. one per class):
    one row per key, one column per category of :data:`CATEGORIES` that occurs, zeros filled."""
    table = pd.DataFrame({key: r["category"].value_counts() for key, r in results.items()}).T.fillna(0).astype("int64")
    return table[[c for c in CATEGORIES if c in table.columns]]
