"""Moran's I: the local statistic (LISA) with quadrants and conditional randomisation, and the global one.

:func:`local_moran` equals esda's ``Moran_Local`` (``Is`` and ``q`` exactly; the pseudo p values
agree in distribution, drawn from a different random stream), :func:`moran` equals esda's ``Moran``,
and :func:`lisa_clusters` is the high-level call (ArcGIS *Cluster and Outlier Analysis*: a table, FDR
on by default). Weights are sparse matrices from :mod:`~governance_analytics.cases.weights`, or a
libpysal ``W`` or ``Graph``.

References
----------
Anselin, L. (1995). Local indicators of spatial association — LISA. *Geographical Analysis* 27(2),
93–115.
Cliff, A. D., Ord, J. K. (1981). *Spatial Processes: Models and Applications*. Pion.
Sokal, R. R., Oden, N. L., Thomson, B. A. (1998). Local spatial autocorrelation in a biological model.
*Geographical Analysis* 30(4), 331–354.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import ndtr

from governance_analytics.cases._permutation import check_inputs, conditional_lags, with_data
from governance_analytics.cases.cells import cell_ids, cell_totals, cell_weights
from governance_analytics.cases.multiple_testing import fdr
from governance_analytics.cases.weights import WeightsLike, row_standardise

__all__ = ["cluster_outliers", "LocalMoran", "local_moran", "lisa_clusters", "Moran", "moran", "QUADRANTS"]

#: esda's quadrant codes: value high/low × spatial lag high/low.
QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}

Transform = Literal["r", "b"] | None


def _transform(W: sparse.csr_matrix, transform: Transform) -> sparse.csr_matrix:
    if transform in ("r", "R"):
        return row_standardise(W)
    if transform in ("b", "B"):
        return with_data(W, np.ones(W.nnz))
    if transform is None:
        return W
    raise ValueError(f"transform must be 'r', 'b' or None, got {transform!r}")


@dataclass(frozen=True)
class LocalMoran:
    """Result of :func:`local_moran`; arrays in the order of the input values.

    Attributes
    ----------
    Is : local Moran's I_i = (n - 1) z_i Σ_j w_ij z_j / Σ_j z_j²
    q : quadrant, esda's codes 1 HH, 2 LH, 3 LL, 4 HL (z_i > 0 is "high", the lag > 0 is "high")
    z : the standardised values, (y - ȳ) / s (population s)
    lag : the spatial lag Σ_j w_ij z_j
    EI, VI : analytic moments under total randomisation (Anselin 1995; Sokal et al. 1998, A3–A4*)
    p_sim : folded pseudo p from conditional randomisation (None without permutations)
    EI_sim, seI_sim, z_sim : mean, standard deviation and z of I_i over the permutations
    p_z_sim : one-sided normal p of ``z_sim`` (esda's convention; double it for two-sided)
    permutations : number of permutations
    """

    Is: np.ndarray
    q: np.ndarray
    z: np.ndarray
    lag: np.ndarray
    EI: np.ndarray
    VI: np.ndarray
    p_sim: np.ndarray | None
    EI_sim: np.ndarray | None
    seI_sim: np.ndarray | None
    z_sim: np.ndarray | None
    p_z_sim: np.ndarray | None
    permutations: int


def local_moran(
    values,
    weights: WeightsLike,
    *,
    transform: Transform = "r",
    permutations: int = 999,
    seed: int | np.random.Generator | None = None,
) -> LocalMoran:
    """Anselin's Local Moran's I with quadrants and conditional-randomisation inference.

    With ``z = (y - ȳ) / s`` and the (row-standardised) weights w::

        I_i = (n - 1) · z_i · Σ_j w_ij z_j / Σ_j z_j²

    exactly as ``esda.Moran_Local(y, w, transformation=transform)``: same ``Is``, same ``q``.

    Conditional randomisation (Anselin 1995): for each unit, hold z_i and draw its neighbours' values
    from the other n − 1 units, ``permutations`` times; pseudo p = (min(#I_sim ≥ I_i, #I_sim ≤ I_i)
    + 1) / (permutations + 1) — esda's folded p, with ties counted on both sides (esda counts them
    only as ≥, which makes tied units look significant). A unit with ``z_i = 0`` or no neighbours
    (island: lag 0, I_i = 0, quadrant LL or HL as esda) gets p_sim = 1. All units share one set of
    draws, as esda's; see ``conditional_lags`` in :mod:`~governance_analytics.cases._permutation`.

    Parameters
    ----------
    values : array of float, length n
    weights : WeightsLike
        n × n spatial weights (a diagonal is ignored): a scipy sparse matrix in the order of the
        values, or a libpysal ``W`` or ``Graph`` aligned to a Series' index
        (:func:`~governance_analytics.cases.weights.as_sparse`).
    transform : {"r", "b", None}
        Row-standardise (default, as esda), binarise, or use the weights as given.
    permutations : int
        Number of conditional permutations (0: analytic moments only).
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    LocalMoran
    """
    y, W = check_inputs(values, weights)
    W = _transform(W, transform)
    n = y.size
    sd = y.std()
    if sd == 0:
        raise ValueError("values are all equal: Moran's I is undefined")
    z = (y - y.mean()) / sd
    den = (z * z).sum()
    lag = W @ z
    factor = (n - 1) * z / den
    Is = factor * lag
    high, lag_high = z > 0, lag > 0
    q = np.where(high, np.where(lag_high, 1, 4), np.where(lag_high, 2, 3)).astype(np.int8)

    # total randomisation moments, esda's formulas (Sokal et al. 1998, A3 and A4*)
    m2 = den / n
    b2 = (z**4).sum() / n / m2**2
    wi = np.asarray(W.sum(axis=1)).ravel()
    wi2 = np.asarray(W.multiply(W).sum(axis=1)).ravel()
    EI = -wi / (n - 1)
    VI = wi2 * (n - b2) / (n - 1) + (wi**2 - wi2) * (2 * b2 - n) / ((n - 1) * (n - 2)) - EI**2

    p_sim = EI_sim = seI_sim = z_sim = p_z_sim = None
    if permutations:
        sims = conditional_lags(z, W, permutations=permutations, seed=seed)
        p_sim = np.where(factor == 0, 1.0, sims.p_sim)
        EI_sim = factor * sims.mean
        seI_sim = np.abs(factor) * sims.sd
        with np.errstate(divide="ignore", invalid="ignore"):
            z_sim = np.where(seI_sim > 0, (Is - EI_sim) / seI_sim, np.nan)
        p_z_sim = ndtr(-np.abs(z_sim))
    return LocalMoran(Is, q, z, lag, EI, VI, p_sim, EI_sim, seI_sim, z_sim, p_z_sim, int(permutations))


def lisa_clusters(
    values,
    weights: WeightsLike,
    *,
    permutations: int = 999,
    seed: int | np.random.Generator | None = None,
    alpha: float = 0.05,
    fdr_correction: bool = True,
) -> pd.DataFrame:
    """Clusters (HH, LL) and outliers (HL, LH) as ArcGIS *Cluster and Outlier Analysis* reports them.

    Runs :func:`local_moran` (row-standardised weights) and labels a unit with its quadrant when
    its pseudo p — Benjamini–Hochberg adjusted when ``fdr_correction`` (default) — is at most
    ``alpha``, else ``"ns"`` (not significant).

    Returns
    -------
    pandas.DataFrame
        One row per unit, indexed like ``values`` when it is a Series: ``Is``, ``z_sim``,
        ``p_sim``, ``p_fdr`` (NaN when ``fdr_correction=False``), ``quadrant`` ("HH", "LH", "LL",
        "HL") and ``cluster`` (quadrant or "ns").
    """
    if permutations < 1:
        raise ValueError("lisa_clusters needs permutations ≥ 1 for its pseudo p values")
    index = values.index if isinstance(values, pd.Series) else None
    lm = local_moran(values, weights, permutations=permutations, seed=seed)
    assert lm.p_sim is not None  # permutations ≥ 1
    p_fdr = fdr(lm.p_sim, alpha=alpha)[0] if fdr_correction else np.full(lm.Is.size, np.nan)
    quadrant = np.array([QUADRANTS[k] for k in (1, 2, 3, 4)])[lm.q - 1]
    significant = (p_fdr if fdr_correction else lm.p_sim) <= alpha
    return pd.DataFrame(
        {
            "Is": lm.Is,
            "z_sim": lm.z_sim,
            "p_sim": lm.p_sim,
            "p_fdr": p_fdr,
            "quadrant": quadrant,
            "cluster": np.where(significant, quadrant, "ns"),
        },
        index=index,
    )


@dataclass(frozen=True)
class Moran:
    """Result of :func:`moran` (global Moran's I), esda ``Moran``'s attributes.

    Attributes
    ----------
    I : Moran's I = n / S0 · Σ_ij w_ij z_i z_j / Σ_i z_i², z = y - ȳ
    EI : -1 / (n - 1)
    VI_norm, seI_norm, z_norm, p_norm : moments, z and p under the normality assumption
    VI_rand, seI_rand, z_rand, p_rand : the same under the randomisation assumption
    two_tailed : p_norm and p_rand are two-sided (2 · (1 - Φ(|z|))) when True, as esda's default;
        else one-sided in the direction of z
    p_sim : folded pseudo p from random permutations (None without); EI_sim, seI_sim, z_sim
    permutations : number of permutations
    """

    I: float  # noqa: E741 — the statistic's own name, as esda
    EI: float
    VI_norm: float
    seI_norm: float
    z_norm: float
    p_norm: float
    VI_rand: float
    seI_rand: float
    z_rand: float
    p_rand: float
    two_tailed: bool
    p_sim: float | None
    EI_sim: float | None
    seI_sim: float | None
    z_sim: float | None
    permutations: int


def moran(
    values,
    weights: WeightsLike,
    *,
    transform: Transform = "r",
    permutations: int = 0,
    seed: int | np.random.Generator | None = None,
    two_tailed: bool = True,
) -> Moran:
    """Global Moran's I with normal and randomisation inference (Cliff & Ord 1981), as esda ``Moran``.

    With ``S0 = Σ_ij w_ij``, ``S1 = ½ Σ_ij (w_ij + w_ji)²``, ``S2 = Σ_i (w_i· + w_·i)²``::

        VI_norm = (n² S1 - n S2 + 3 S0²) / ((n² - 1) S0²) - EI²

    and ``VI_rand`` with the kurtosis term. ``p_norm`` is two-sided by default (esda's
    ``two_tailed=True``). Permutations shuffle all values; pseudo p is folded as for
    :func:`local_moran`. Islands contribute nothing to the cross-products.
    """
    y, W = check_inputs(values, weights)
    W = _transform(W, transform)
    n = y.size
    z = y - y.mean()
    z2ss = (z * z).sum()
    if z2ss == 0:
        raise ValueError("values are all equal: Moran's I is undefined")
    s0 = W.sum()
    if s0 == 0:
        raise ValueError("the weights have no neighbours at all")
    sym = W + W.T
    s1 = 0.5 * sym.multiply(sym).sum()
    s2 = ((np.asarray(W.sum(axis=1)).ravel() + np.asarray(W.sum(axis=0)).ravel()) ** 2).sum()
    I = n / s0 * (z @ (W @ z)) / z2ss  # noqa: E741
    EI = -1.0 / (n - 1)
    VI_norm = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n - 1) * (n + 1) * s0 * s0) - EI * EI
    k = ((z**4).sum() / n) / (z2ss / n) ** 2
    A = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0)
    B = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)
    VI_rand = (A - B) / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - EI * EI
    z_norm = (I - EI) / np.sqrt(VI_norm)
    z_rand = (I - EI) / np.sqrt(VI_rand)

    def pval(zv: float) -> float:
        one = float(ndtr(-abs(zv)))
        return 2.0 * one if two_tailed else one

    p_sim = EI_sim = seI_sim = z_sim = None
    if permutations:
        rng = np.random.default_rng(seed)
        sims = np.empty(permutations)
        block = max(1, (1 << 24) // n)
        for a in range(0, permutations, block):
            b = min(permutations, a + block)
            Z = rng.permuted(np.tile(z, (b - a, 1)), axis=1)
            sims[a:b] = n / s0 * np.einsum("ij,ji->i", Z, W @ Z.T) / z2ss
        ge = np.count_nonzero(sims >= I)
        le = np.count_nonzero(sims <= I)
        p_sim = (min(ge, le) + 1.0) / (permutations + 1.0)
        EI_sim, seI_sim = float(sims.mean()), float(sims.std())
        z_sim = (I - EI_sim) / seI_sim if seI_sim > 0 else float("nan")
    return Moran(
        float(I), EI, float(VI_norm), float(np.sqrt(VI_norm)), float(z_norm), pval(z_norm),
        float(VI_rand), float(np.sqrt(VI_rand)), float(z_rand), pval(z_rand), two_tailed,
        p_sim, EI_sim, seI_sim, z_sim, int(permutations),
    )  # fmt: skip


def cluster_outliers(
    cube_or_counts: pd.DataFrame,
    grid,
    *,
    cells: pd.DataFrame | None = None,
    period=None,
    value: str = "n",
    weights="queen",
    permutations: int = 9999,
    seed=None,
    alpha: float = 0.05,
    fdr_correction: bool = True,
):
    """Cluster and outlier analysis (Local Moran's I) of case counts on the unit grid: the analyst's call.

    Sums ``value`` per cell over ``period`` (see :func:`~governance_analytics.cases.cells.cell_totals`)
    and runs :func:`lisa_clusters`. With thousands of cells, Benjamini–Hochberg needs pseudo p values
    smaller than 999 permutations can give (their floor is 0.001), hence 9,999 by default.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per cell: location columns, ``value``, the columns of :func:`lisa_clusters` and
        ``geometry``.
    """
    totals = cell_totals(cube_or_counts, cells=cells, period=period, value=value)
    W = cell_weights(totals["row"].to_numpy(), totals["col"].to_numpy(), grid, weights, ids=cell_ids(totals))
    table = lisa_clusters(
        totals[value].astype(float), W, permutations=permutations, seed=seed, alpha=alpha, fdr_correction=fdr_correction
    )
    return grid.polygons(pd.concat([totals, table.reset_index(drop=True)], axis=1))
