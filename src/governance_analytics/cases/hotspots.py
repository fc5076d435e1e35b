"""Hot spots: Getis–Ord Gi*, ArcGIS confidence bins, Benjamini–Hochberg FDR, conditional permutation.

:func:`gi_star` is the local statistic (analytic z equal to esda's ``G_Local(..., star=True)``),
:func:`gi_star_table` the table a notebook or report uses (FDR on by default, as ArcGIS's *Hot
Spot Analysis* does), :func:`hot_spots` the analyst's call on a space-time cube and its grid,
:func:`fdr` the multiple-testing correction (from :mod:`~governance_analytics.cases.multiple_testing`)
and :func:`confidence_bins` the ArcGIS ``Gi_Bin`` classes. The conditional-permutation engine shared
with :mod:`~governance_analytics.cases.lisa` lives in :mod:`~governance_analytics.cases._permutation`,
the randomisation null computed for whole counts in :mod:`~governance_analytics.cases._randomisation`.

Weights are sparse matrices from :mod:`~governance_analytics.cases.weights` (zero diagonal).

References
----------
Getis, A., Ord, J. K. (1992). The analysis of spatial association by use of distance statistics.
*Geographical Analysis* 24(3), 189–206.
Ord, J. K., Getis, A. (1995). Local spatial autocorrelation statistics: distributional issues and an
application. *Geographical Analysis* 27(4), 286–306.
Benjamini, Y., Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B* 57(1), 289–300.
Esri, *How Hot Spot Analysis (Getis-Ord Gi\\*) works*, ArcGIS Pro documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import ndtr

from governance_analytics.cases._permutation import check_inputs, conditional_lags, row_sums, with_data
from governance_analytics.cases._randomisation import randomisation_p
from governance_analytics.cases.cells import cell_ids, cell_totals, cell_weights
from governance_analytics.cases.lisa import LocalMoran, Moran, cluster_outliers, lisa_clusters, local_moran, moran
from governance_analytics.cases.multiple_testing import fdr
from governance_analytics.cases.weights import WeightsLike

if TYPE_CHECKING:
    from typing_extensions import TypeIs

__all__ = [
    "GiStar",
    "gi_star",
    "gi_star_table",
    "hot_spots",
    "hot_spot_summary",
    "BIN_LABELS",
    "confidence_bins",
    "INFERENCES",
    # importable from here too, where the study's statistics are looked for
    "cell_totals",
    "cell_weights",
    "fdr",
    "LocalMoran",
    "Moran",
    "cluster_outliers",
    "lisa_clusters",
    "local_moran",
    "moran",
]

WeightsKind = Literal["binary", "row-standardised", "general"]
Inference = Literal["normal", "permutation", "convolution"]
#: The inferences of :func:`gi_star_table`: the normal approximation (ArcGIS), sampled conditional
#: permutations, or their null computed by convolution (whole counts).
INFERENCES: tuple[Inference, ...] = ("normal", "permutation", "convolution")


def _is_inference(inference: str) -> TypeIs[Inference]:
    return inference in INFERENCES


def as_inference(inference: str) -> Inference:
    """``inference`` checked to be one of :data:`INFERENCES` (a ValueError otherwise)."""
    if not _is_inference(inference):
        raise ValueError(f"inference must be one of {INFERENCES}, got {inference!r}")
    return inference


@dataclass(frozen=True)
class GiStar:
    """Result of :func:`gi_star`; arrays in the order of the input values.

    Attributes
    ----------
    Gs : Gi* = Σ_j w*_ij y_j / Σ_j y_j (self included), as esda's ``Gs``
    EGs, VGs : expectation and variance of Gs under the normality assumption (esda's formulas)
    z : standardised Gi*, ``(Gs - EGs) / sqrt(VGs)``
    p : two-sided normal p value, ``2 · (1 - Φ(|z|))`` (esda's ``p_norm`` is the one-sided half)
    p_sim : conditional-permutation pseudo p value (folded, as esda's), ``None`` without permutations
    bin : ArcGIS ``Gi_Bin`` class in -3..3 from ``p`` and the sign of ``z`` (:func:`confidence_bins`)
    weights_kind : "binary", "row-standardised" or "general": how the self weight and variance were set
    permutations : number of permutations behind ``p_sim`` (0 for none)
    """

    Gs: np.ndarray
    EGs: np.ndarray
    VGs: np.ndarray
    z: np.ndarray
    p: np.ndarray
    p_sim: np.ndarray | None
    bin: np.ndarray
    weights_kind: WeightsKind
    permutations: int


def _star_weights(W: sparse.csr_matrix, transform: str | None) -> tuple[sparse.csr_matrix, np.ndarray, WeightsKind]:
    """Off-diagonal part of W* and its diagonal (self weights), following esda's ``star=True``.

    binary: W* = W + I. Row-standardised: the self weight is the row maximum (esda's default for a
    missing diagonal), then W* is row-standardised again. General: self weight = row maximum, no
    rescaling. Islands get a self weight of 1, so their Gi* is their own standardised value.
    """
    if transform not in (None, "b", "B", "r", "R"):
        raise ValueError(f"transform must be None, 'b' or 'r', got {transform!r}")
    n = W.shape[0]
    if transform in ("b", "B") or (transform is None and (W.data == 1.0).all()):
        if not (W.data == 1.0).all():
            W = with_data(W, np.ones(W.nnz))
        return W, np.ones(n), "binary"
    card = np.diff(W.indptr)
    nonempty = card > 0
    self_w = np.ones(n)
    self_w[nonempty] = np.maximum.reduceat(W.data, W.indptr[:-1][nonempty])
    sums = row_sums(W)
    if transform in ("r", "R") or np.allclose(sums[nonempty], 1.0, rtol=0, atol=1e-10):
        total = sums + self_w
        return with_data(W, W.data / np.repeat(total, card)), self_w / total, "row-standardised"
    return W, self_w, "general"


def gi_star(
    values,
    weights: WeightsLike,
    *,
    transform: Literal["b", "r"] | None = None,
    permutations: int = 0,
    seed: int | np.random.Generator | None = None,
) -> GiStar:
    """Getis–Ord Gi* local statistic, self included, with analytic z, two-sided p and ArcGIS bins.

    With self weights on the diagonal of W* (see ``transform``), ``x̄`` and ``s`` the mean and
    (population) standard deviation of the ``n`` values, ``W_i = Σ_j w*_ij`` and ``S_i = Σ_j w*_ij²``::

        Gi* = Σ_j w*_ij y_j / Σ_j y_j
        z_i = (Σ_j w*_ij y_j - x̄ W_i) / (s · sqrt((n V_i - W_i²) / (n - 1)))

    with ``V_i = S_i`` for binary and general weights (Ord & Getis 1995, eq. 14; binary weights
    have ``S_i = W_i``, which is esda's formula) and ``V_i = W_i`` for row-standardised weights
    (esda's convention, which treats the row-standardised W* like a neighbour count: z becomes
    ``(Σ_j w*_ij y_j - x̄) / s``). ``z`` equals ``esda.G_Local(y, w, transform="B" | "R",
    star=True).Zs``; ``p = 2 (1 - Φ(|z|))`` is two-sided (esda's ``p_norm`` is the one-sided half).

    Parameters
    ----------
    values : array of float, length n
        Non-negative quantities (case counts per cell, rates); Gi* is meant for them, though z is
        defined for any values that are not all equal.
    weights : WeightsLike
        Spatial weights (a diagonal, if any, is ignored): binary, or row-standardised
        (:func:`~governance_analytics.cases.weights.row_standardise`); a scipy sparse matrix in the
        order of the values, or a libpysal ``W`` or ``Graph`` aligned to a Series' index
        (:func:`~governance_analytics.cases.weights.as_sparse`).
    transform : {None, "b", "r"}
        ``None``: use the weights as given, recognising binary (all 1) and row-standardised (rows
        summing to 1) weights; ``"b"``: binarise first (esda ``transform="B"``); ``"r"``:
        row-standardise (esda ``transform="R"``). Self weights: 1 for binary weights (W* = W + I);
        the row maximum for the others, and row-standardised weights are standardised again with
        it, as esda does. Islands get a self weight of 1 (esda returns NaN for them under "R").
    permutations : int
        Conditional permutations for ``p_sim`` (0: none). For each unit the other n − 1 values are
        permuted with its own value held fixed; pseudo p = (min(#sim ≥ obs, #sim ≤ obs) + 1) /
        (permutations + 1), esda's folded p (ties count on both sides; esda counts them on one).
    seed : int or numpy.random.Generator, optional
        Source of the permutations.

    Returns
    -------
    GiStar
    """
    y, W = check_inputs(values, weights)
    W, self_w, kind = _star_weights(W, transform)
    n = y.size
    mean, sd = y.mean(), y.std()
    if sd == 0:
        raise ValueError("values are all equal: Gi* is undefined")
    lag = W @ y + self_w * y
    if kind == "binary":
        w_sum = np.diff(W.indptr) + 1.0
        v = w_sum
    else:
        w_sum = row_sums(W) + self_w
        v = w_sum if kind == "row-standardised" else row_sums(W, W.data * W.data) + self_w * self_w
    spread = (n * v - w_sum * w_sum) / (n - 1)
    z = (lag - mean * w_sum) / (sd * np.sqrt(spread))
    total = y.sum()
    p = 2.0 * ndtr(-np.abs(z))
    p_sim = None
    if permutations:
        sims = conditional_lags(y, W, permutations=permutations, seed=seed)
        p_sim = sims.p_sim
    return GiStar(
        Gs=lag / total,
        EGs=w_sum / n,
        VGs=spread * (sd / (n * mean)) ** 2 if mean else np.full(n, np.nan),
        z=z,
        p=p,
        p_sim=p_sim,
        bin=confidence_bins(z, p),
        weights_kind=kind,
        permutations=int(permutations),
    )


def confidence_bins(z, p) -> np.ndarray:
    """ArcGIS ``Gi_Bin``: ±3, ±2, ±1 for p < 0.01, 0.05, 0.10 (99/95/90 % confidence), sign of z; else 0.

    ``p`` is two-sided (or FDR-adjusted, as :func:`hot_spots` passes); NaN p gives 0.
    """
    z = np.asarray(z, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        level = (p < 0.10).astype(np.int8) + (p < 0.05) + (p < 0.01)
    return (np.sign(z).astype(np.int8) * level).astype(np.int8)


def gi_star_table(
    values,
    weights: WeightsLike,
    *,
    transform: Literal["b", "r"] | None = None,
    fdr_correction: bool = True,
    inference: Literal["normal", "permutation", "convolution"] = "normal",
    permutations: int = 0,
    seed: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Hot and cold spots as ArcGIS *Hot Spot Analysis (Getis-Ord Gi\\*)* reports them.

    Runs :func:`gi_star` and classes each unit into ``bin`` -3..3 (:func:`confidence_bins`) from the
    Benjamini–Hochberg adjusted p (``fdr_correction=True``, the default — ArcGIS's *Apply False
    Discovery Rate (FDR) Correction*: a unit in bin ±2 is significant at FDR 5 %) or from the raw
    two-sided p.

    ``inference="normal"`` (ArcGIS's) takes p from the normal approximation of z. On sparse counts —
    a rare case type in one quarter, where most cells hold 0 or 1 case — that approximation
    overstates significance (two cases in one neighbourhood already give z > 5);
    ``inference="permutation"`` takes ``p = min(1, 2 · p_sim)`` from conditional randomisation
    (Anselin 1995), which holds whatever the distribution, with ``permutations`` (default 9,999 —
    FDR over thousands of cells needs pseudo p values below 0.001). ``inference="convolution"``
    computes that null for whole counts and binary or row-standardised weights instead of sampling
    it (:func:`~governance_analytics.cases._randomisation.randomisation_p`): no floor of
    ``1 / (permutations + 1)``, and no seed.

    Returns
    -------
    pandas.DataFrame
        One row per unit, indexed like ``values`` when it is a Series: ``gi_star``, ``z``, ``p``
        (two-sided, of the chosen inference), ``p_fdr`` (BH-adjusted ``p``, NaN when
        ``fdr_correction=False``), ``p_sim`` (if ``permutations``) and ``bin`` (int8).
    """
    if inference not in INFERENCES:
        raise ValueError(f"inference must be one of {INFERENCES}, got {inference!r}")
    if inference == "permutation" and permutations == 0:
        permutations = 9999
    index = values.index if isinstance(values, pd.Series) else None
    g = gi_star(values, weights, transform=transform, permutations=permutations, seed=seed)
    if inference == "normal":
        p = g.p
    elif inference == "permutation":
        assert g.p_sim is not None  # permutations ≥ 1 for this inference
        p = np.minimum(1.0, 2.0 * g.p_sim)
    else:
        p = _computed_p(values, weights, transform)
    p_fdr = fdr(p)[0] if fdr_correction else np.full(p.size, np.nan)
    table = pd.DataFrame({"gi_star": g.Gs, "z": g.z, "p": p, "p_fdr": p_fdr}, index=index)
    if g.p_sim is not None:
        table["p_sim"] = g.p_sim
    table["bin"] = confidence_bins(g.z, p_fdr if fdr_correction else p)
    return table


def _computed_p(values, weights, transform: str | None) -> np.ndarray:
    """Two-sided p of each unit's Gi* under conditional randomisation, computed by convolution."""
    y, W = check_inputs(values, weights)
    return randomisation_p(y, _star_weights(W, transform)[0])


def hot_spots(
    cube_or_counts: pd.DataFrame,
    grid,
    *,
    cells: pd.DataFrame | None = None,
    period=None,
    by: str | None = None,
    value: str = "n",
    weights="queen",
    alpha: float = 0.05,
    fdr: bool = True,
    inference: Literal["normal", "permutation", "convolution"] = "normal",
    permutations: int = 0,
    seed=None,
):
    """Hot and cold spots of case counts on the unit grid: the analyst's call.

    Sums ``value`` per cell over the periods in ``period`` (all when ``None``) of a cube from
    :func:`~governance_analytics.engines.aggregate_cases` (or takes a counts table with one row per
    cell), runs Gi* (:func:`gi_star_table`, Benjamini–Hochberg FDR on by default) separately for each
    value of ``by``, and returns the cells with their polygons.

    Parameters
    ----------
    cube_or_counts
        Long table with ``cell_id`` (then ``cells`` gives row/col) or ``row``/``col``, optionally
        ``period`` and the ``by`` key, and ``value``.
    grid
        The :class:`~governance_analytics.grid.UnitGrid` of the cells.
    period
        A :class:`~governance_analytics.periods.Period` or its label (``"2025-Q4"``).
    weights
        ``"queen"`` or ``"rook"`` contiguity among the cells present, ``("distance", metres)`` (a
        fixed distance band between cell centres), ``("knn", k)``, a sparse matrix in the order of
        the returned cells, or a libpysal ``W`` or ``Graph`` whose ids are the cells' ``cell_id`` (or
        ``(row, col)`` pairs without one), aligned to each class's cells.
    alpha
        Significance level of the ``significant`` column (on FDR-adjusted p when ``fdr``).
    inference, permutations, seed
        ``"normal"`` (ArcGIS), ``"permutation"`` or ``"convolution"`` (for sparse counts), see
        :func:`gi_star_table`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per cell (and ``by`` value): location columns, ``by``, ``value``, ``z``, ``p``,
        ``p_fdr``, ``bin`` (-3..3, ArcGIS Gi_Bin on the adjusted p when ``fdr``), ``significant``,
        ``label`` (``hot spot 99%`` … ``not significant`` … ``cold spot 99%``) and ``geometry``.
    """
    totals = cell_totals(cube_or_counts, cells=cells, period=period, value=value, by=by)
    parts = []
    for _, part in totals.groupby(by, sort=True, dropna=False) if by else [(None, totals)]:
        part = part.reset_index(drop=True)
        W = cell_weights(part["row"].to_numpy(), part["col"].to_numpy(), grid, weights, ids=cell_ids(part))
        stats = gi_star_table(
            part[value].astype(float), W, fdr_correction=fdr, inference=inference, permutations=permutations, seed=seed
        )
        parts.append(pd.concat([part, stats.drop(columns="gi_star")], axis=1))
    out = pd.concat(parts, ignore_index=True)
    out["significant"] = (out["p_fdr"] if fdr else out["p"]) < alpha
    out["label"] = out["bin"].map(BIN_LABELS)
    return grid.polygons(out)


def hot_spot_summary(spots: pd.DataFrame, *, by: str, value: str = "n") -> pd.DataFrame:
    """Per ``by`` value of a :func:`hot_spots` result: cells in significant hot and cold spots, the
    cases in hot-spot cells and their share of all the class's cases.

    Returns
    -------
    DataFrame
        Indexed by ``by``: ``n_hot_cells``, ``n_cold_cells``, ``n_cases``, ``n_in_hot``,
        ``share_in_hot``; sorted by ``n_hot_cells``, largest first.
    """
    hot = spots["significant"] & (spots["bin"] > 0)
    cold = spots["significant"] & (spots["bin"] < 0)
    grouped = spots.assign(_hot=hot, _cold=cold, _in_hot=spots[value].where(hot, 0)).groupby(by)
    table = pd.DataFrame(
        {
            "n_hot_cells": grouped["_hot"].sum(),
            "n_cold_cells": grouped["_cold"].sum(),
            "n_cases": grouped[value].sum(),
            "n_in_hot": grouped["_in_hot"].sum(),
        }
    ).astype("int64")
    table["share_in_hot"] = table["n_in_hot"] / table["n_cases"].where(table["n_cases"] > 0)
    return table.sort_values(["n_hot_cells", "n_cases"], ascending=False)


#: ArcGIS Gi_Bin → label.
BIN_LABELS = {
    3: "hot spot 99%",
    2: "hot spot 95%",
    1: "hot spot 90%",
    0: "not significant",
    -1: "cold spot 90%",
    -2: "cold spot 95%",
    -3: "cold spot 99%",
}
