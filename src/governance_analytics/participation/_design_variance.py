"""Design structure and Taylor-linearisation variance of estimated totals (R ``survey``'s ``svyrecvar``).

For influence values :math:`z_i` (already multiplied by the weight) the variance of :math:`\\sum_i z_i`
is built stage by stage. At a stage, within stratum :math:`h` with :math:`n_h` sampled units out of
:math:`N_h` and unit totals :math:`z_{hi} = \\sum_{j \\in i} z_j`,

.. math::

    v_h = (1 - f_h) \\frac{n_h}{n_h - 1} \\sum_{i=1}^{n_h} (z_{hi} - \\bar z_h)^2,
    \\qquad f_h = n_h / N_h \\;(f_h = 0 \\text{ without fpc}),

and the stage's variance is :math:`\\sum_h v_h`. When the population sizes of every stage are known,
the next stage adds, within each sampled unit, the same quantity computed on its sub-units, multiplied
by the sampling fraction :math:`n_h / N_h` of every stage above (the unbiased multistage estimator,
Särndal, Swensson & Wretman 1992, §4.3). Without fpc only the first stage counts ("ultimate cluster",
with-replacement first stage).

A stratum with a single sampled unit ("lonely PSU") is handled as R's ``options(survey.lonely.psu=)``
in survey 4.1: ``"fail"`` (error), ``"remove"`` and ``"certainty"`` (no contribution), ``"adjust"``
(the unit's total is centred at zero — for a mean, whose influence values are centred, that is the
grand mean — instead of at the stratum mean), ``"average"`` (the stratum is dropped and the sum over
the other strata of the same group is scaled up by strata/non-lonely strata). A stratum with
:math:`f_h = 1` (all units taken) contributes nothing at its stage and is never lonely.

Domain estimation passes influence values that are zero outside the domain and a ``present`` mask;
strata without a present row are skipped, exactly as R does after ``subset()``.

Reference: Lumley, T. (2010) *Complex Surveys: A Guide to Analysis Using R*, Wiley, §2–3 and
Appendix C; R package ``survey`` 4.1, ``svyrecvar``/``multistage``/``onestage``/``onestrat``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["LONELY_PSU", "DesignStructure", "LonelyPSU", "Stage", "build_structure"]

LonelyPSU = Literal["fail", "remove", "certainty", "adjust", "average"]
LONELY_PSU: tuple[str, ...] = ("fail", "remove", "certainty", "adjust", "average")

#: R's tolerance below which a stratum counts as fully sampled (``onestrat``: ``all(f < 1e-7)``).
_SELF_REPRESENTING = 1e-7


@dataclass(frozen=True)
class Stage:
    """One sampling stage, as integer codes per row (all arrays have one entry per row)."""

    cluster: np.ndarray  # unit of this stage, nested in the units above
    stratum: np.ndarray  # stratum of the unit (from the second stage on, nested in the parent unit)
    parent: np.ndarray  # unit of the stage above (zeros at the first stage)
    n_sampled: np.ndarray  # units sampled in the row's stratum at this stage
    popsize: np.ndarray | None  # units in the population of the row's stratum (None: no fpc)
    stratum_labels: tuple[str, ...]  # display label of each stratum code


@dataclass(frozen=True)
class DesignStructure:
    """The stages of a design and the lonely-PSU rule; computes design variances of totals."""

    stages: tuple[Stage, ...]
    lonely_psu: str

    def variance(self, z: np.ndarray, present: np.ndarray) -> np.ndarray:
        """Covariance matrix of the totals of the columns of ``z`` (module docstring formula).

        Parameters
        ----------
        z
            Influence values, shape ``(n,)`` or ``(n, k)``; zero on rows outside ``present``.
        present
            Rows that belong to the (sub)population being estimated.
        """
        z = np.asarray(z, dtype=float)
        z = z[:, None] if z.ndim == 1 else z
        total = np.zeros((z.shape[1], z.shape[1]))
        multiplier = np.ones(len(z))
        for s, stage in enumerate(self.stages):
            if s > 0:
                above = self.stages[s - 1]
                if above.popsize is None:
                    break
                multiplier = multiplier * above.n_sampled / above.popsize
            total = total + self._stage_variance(z, stage, s + 1, present, multiplier)
        return total

    def _stage_variance(
        self, z: np.ndarray, stage: Stage, number: int, present: np.ndarray, multiplier: np.ndarray
    ) -> np.ndarray:
        k = z.shape[1]
        n_clusters = int(stage.cluster.max()) + 1
        totals = np.zeros((n_clusters, k))
        np.add.at(totals, stage.cluster, z)
        first = _first_rows(stage.cluster, n_clusters)
        c_stratum = stage.stratum[first]
        n_strata = int(stage.stratum.max()) + 1
        s_first = _first_rows(stage.stratum, n_strata)
        n_h = stage.n_sampled[s_first]
        if stage.popsize is None:
            f = np.ones(n_strata)
        else:
            pop = stage.popsize[s_first]
            with np.errstate(divide="ignore", invalid="ignore"):
                f = np.where(np.isinf(pop), 1.0, (pop - n_h) / pop)
        counted = np.bincount(stage.stratum[present], minlength=n_strata) > 0
        self_rep = f < _SELF_REPRESENTING
        lonely = (n_h == 1) & ~self_rep & counted
        if lonely.any() and self.lonely_psu == "fail":
            label = stage.stratum_labels[int(np.flatnonzero(lonely)[0])]
            raise ValueError(
                f"stratum {label} has only one PSU at stage {number}; choose lonely_psu= "
                f"from {LONELY_PSU[1:]} (R's options(survey.lonely.psu=))"
            )
        missing = lonely & (self.lonely_psu == "average")  # R: NA, left out and made up for below
        group = stage.parent[s_first]
        n_groups = int(group.max()) + 1
        n_counted = np.bincount(group[counted], minlength=n_groups)
        n_ok = np.bincount(group[counted & ~missing], minlength=n_groups)
        with np.errstate(divide="ignore", invalid="ignore"):
            group_factor = n_counted / n_ok
        sums = np.zeros((n_strata, k))
        np.add.at(sums, c_stratum, totals)
        centred = totals - (sums / np.maximum(n_h, 1)[:, None])[c_stratum]
        if self.lonely_psu == "adjust":
            centred = np.where(lonely[c_stratum][:, None], totals, centred)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(n_h > 1, f * n_h / (n_h - 1), f)
        scale = scale * group_factor[group] * multiplier[s_first]
        use = counted & ~self_rep & ~missing
        keep = use[c_stratum]
        rows = centred[keep] * np.sqrt(scale[c_stratum][keep])[:, None]
        out = rows.T @ rows
        nan_groups = (n_ok == 0) & (n_counted > 0)
        if nan_groups.any():  # every stratum of a group was lonely under "average": R returns NaN
            out = out * np.nan
        return out

    def degrees_of_freedom(self, rows: np.ndarray) -> int:
        """R's ``degf``: first-stage units minus first-stage strata among ``rows``."""
        first = self.stages[0]
        return int(len(np.unique(first.cluster[rows])) - len(np.unique(first.stratum[rows])))


def _first_rows(codes: np.ndarray, n_codes: int) -> np.ndarray:
    """Position of the first row of every code 0..n_codes-1."""
    first = np.full(n_codes, -1, dtype=np.int64)
    order = np.arange(len(codes) - 1, -1, -1)
    first[codes[order]] = order
    return first


def _codes(*columns: np.ndarray) -> np.ndarray:
    """Integer codes of the distinct combinations of the given per-row columns."""
    if len(columns) == 1:
        return pd.factorize(pd.Series(columns[0]), use_na_sentinel=False)[0].astype(np.int64)
    frame = pd.DataFrame({str(i): c for i, c in enumerate(columns)})
    return frame.groupby(list(frame.columns), sort=False, dropna=False).ngroup().to_numpy(np.int64)


def _names(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _column(data: pd.DataFrame, name: str, role: str) -> pd.Series:
    if name not in data.columns:
        raise KeyError(f"{role} column {name!r} is not in the data (columns: {list(data.columns)})")
    column = data[name]
    if column.isna().any():
        bad = np.flatnonzero(column.isna().to_numpy())
        raise ValueError(f"{role} column {name!r} has {len(bad)} missing values (first at row {bad[0]})")
    return column


def build_structure(
    data: pd.DataFrame,
    *,
    psu: str | Sequence[str] | None,
    strata: str | Sequence[str] | None,
    fpc: str | Sequence[str] | None,
    nest: bool,
    lonely_psu: str,
) -> DesignStructure:
    """Stages of R's ``svydesign(ids=, strata=, fpc=, nest=)`` from the data's design columns.

    As R: later-stage units are nested in the units above; a later stage's strata are its own
    strata column (or the last one given) within the parent unit; ``fpc`` values all > 1 are
    population counts of units in the stratum, all <= 1 sampling fractions.
    """
    if lonely_psu not in LONELY_PSU:
        raise ValueError(f"lonely_psu must be one of {LONELY_PSU}, got {lonely_psu!r}")
    n = len(data)
    psu_names, strata_names, fpc_names = _names(psu), _names(strata), _names(fpc)
    ids = [_column(data, c, "psu").to_numpy() for c in psu_names] or [np.arange(n)]
    strata_cols = [_column(data, c, "strata").astype(str).to_numpy() for c in strata_names]
    if fpc_names and len(fpc_names) != len(ids):
        raise ValueError(
            f"give one fpc column per sampling stage: {len(ids)} stage(s) {psu_names or ['rows']} but fpc={fpc_names}"
        )
    fpc_cols = [pd.to_numeric(_column(data, c, "fpc")).to_numpy(float) for c in fpc_names]
    stratum0 = strata_cols[0] if strata_cols else np.full(n, "1", dtype=object)

    cluster0 = _codes(stratum0, ids[0]) if nest and strata_cols else _codes(ids[0])
    if strata_cols and not nest:
        spread = pd.DataFrame({"c": cluster0, "s": stratum0}).groupby("c")["s"].nunique()
        if (spread > 1).any():
            bad = ids[0][np.flatnonzero(cluster0 == spread.index[spread > 1][0])[0]]
            raise ValueError(
                f"PSU {bad!r} of column {psu_names[0]!r} appears in more than one stratum: PSUs must "
                f"be nested in strata (pass nest=True if PSU ids repeat across strata)"
            )
    if len(np.unique(cluster0)) == 1:
        raise ValueError("the design has only one primary sampling unit: no variance can be estimated")

    stages: list[Stage] = []
    parent = np.zeros(n, dtype=np.int64)
    cluster = cluster0
    for s in range(len(ids)):
        if s > 0:
            keys = [stratum0, *ids[: s + 1]] if nest and strata_cols else ids[: s + 1]
            parent, cluster = cluster, _codes(*keys)
        own = strata_cols[min(s, len(strata_cols) - 1)] if strata_cols else np.full(n, "1", dtype=object)
        if s == 0:
            stratum = _codes(own)
            labels_src = own
        else:
            stratum = _codes(own, parent)
            labels_src = np.array([f"{a} in unit {b}" for a, b in zip(own, ids[s - 1])], dtype=object)
        n_strata = int(stratum.max()) + 1
        per_stratum = pd.Series(cluster).groupby(stratum).nunique().reindex(range(n_strata)).to_numpy(float)
        n_sampled = per_stratum[stratum]
        first = _first_rows(stratum, n_strata)
        labels = tuple(repr(str(labels_src[i])) for i in first)
        popsize = None
        if fpc_cols:
            popsize = _popsize(fpc_cols, s, fpc_names[s], n_sampled, stratum, labels)
        stages.append(
            Stage(
                cluster=cluster,
                stratum=stratum,
                parent=parent,
                n_sampled=n_sampled,
                popsize=popsize,
                stratum_labels=labels,
            )
        )
    structure = DesignStructure(stages=tuple(stages), lonely_psu=lonely_psu)
    if lonely_psu == "fail":
        structure.variance(np.zeros(n), np.ones(n, dtype=bool))  # raises, naming the first lonely stratum
    return structure


def _popsize(
    fpc_cols: list[np.ndarray], s: int, name: str, n_sampled: np.ndarray, stratum: np.ndarray, labels: tuple[str, ...]
) -> np.ndarray:
    """Population count of units per row at stage ``s`` from counts (> 1) or fractions (<= 1), as R's ``as.fpc``."""
    values = np.concatenate(fpc_cols)
    if np.any(values < 0):
        raise ValueError(f"fpc column {name!r} has negative values")
    is_count = bool(np.any(values > 1))
    if is_count and not np.all(values >= 1):
        raise ValueError(
            "fpc values must all be population counts (>= 1) or all sampling fractions (<= 1); "
            f"column {name!r} mixes them"
        )
    fpc = fpc_cols[s]
    with np.errstate(divide="ignore"):
        popsize = fpc.copy() if is_count else n_sampled / fpc
    varies = pd.Series(popsize).groupby(stratum).nunique() > 1
    if varies.any():
        raise ValueError(
            f"fpc column {name!r} varies within stratum {labels[int(varies.index[varies][0])]} "
            f"at stage {s + 1}: it must be the stratum's population count (or fraction)"
        )
    short = popsize < n_sampled - 1e-9
    if short.any():
        i = int(np.flatnonzero(short)[0])
        raise ValueError(
            f"fpc column {name!r} implies more than 100 % sampling in stratum "
            f"{labels[stratum[i]]} at stage {s + 1}: population {popsize[i]:g}, "
            f"sample {n_sampled[i]:g}"
        )
    return popsize
