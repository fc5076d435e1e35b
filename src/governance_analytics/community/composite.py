"""The composite problem index: an estimator fitted on a reference year and applied to any year.

:class:`CompositeIndex` follows the OECD/JRC Handbook's construction steps as COINr implements them —
treat outliers, impute, normalise, weight, aggregate indicators into dimensions and dimensions into
an index — and learns every data-dependent choice on one reference year in :meth:`CompositeIndex.fit`:
winsorising bounds, imputation values, the normalisation's reference distribution, PCA weights and
the benefit-of-the-doubt frontier. :meth:`CompositeIndex.transform` applies them unchanged to any
year, so scores of different years are on one scale and a change in score is a change in the data
(COINr instead re-normalises each year, which makes every year's scores relative to that year).

Pipeline, per indicator column (order as in COINr except that outliers are treated *before*
imputation, so that an entry error cannot pull the imputed mean):

1. **winsorise** (:mod:`~governance_analytics.community.treatment`): COINr's skewness–kurtosis rule up
   to ``winsorise`` points on the reference year, whose bounds are then applied to every year; the
   rule is re-checked within each transformed year (from those bounds, up to the same number of
   points), so an entry error in a later year is caught too. Every treated cell is reported.
2. **impute**: the reference year's mean or median (``None``: leave missing and aggregate the
   available indicators with rescaled weights).
3. **orient and normalise** (:mod:`~governance_analytics.community.normalisation`): higher is better,
   then min-max, z-score, percentile rank or distance to target against the reference year. Min-max
   scores of later years can fall outside [0, 100] (outside the reference range); that is intended.
4. **weight**: ``"equal"``; ``"budget"`` (the framework's expert budgets); ``"pca"`` (first principal
   component within each dimension, :mod:`~governance_analytics.community.weighting`) with budget
   dimension weights; ``"bod"`` (benefit of the doubt, :mod:`~governance_analytics.community.bod`,
   around the budget weights; replaces the aggregation).
5. **aggregate** (:mod:`~governance_analytics.community.aggregation`): arithmetic or geometric, first
   indicators into dimensions, then dimensions into the index. Geometric aggregation needs positive
   scores: the default scales are positive on the reference year (else ``fit`` raises), and a later
   score below the reference year's lowest is raised to it (with a warning) rather than to zero.

**Orientation.** Aggregation is done with higher = better, as the Handbook's formulas assume (the
geometric mean penalises a *low* performance, BoD gives the benefit of the doubt to good
performance). With ``problem_orientation=True`` (default) every reported score is then mirrored within
its scale (:func:`~governance_analytics.community.normalisation.reflect`; BoD: :math:`100(1 - CI)`), so
that **a higher indicator, dimension or index score means a worse problem**, and rank 1 is the
community with the highest (worst) index. With arithmetic aggregation this equals aggregating
problem-oriented scores; with geometric aggregation and BoD it does not, deliberately.

References: OECD/JRC (2008) *Handbook on Constructing Composite Indicators: Methodology and User
Guide*, OECD Publishing, Paris; Becker, W., Caperna, G., Del Sorbo, M., Norlén, H., Papadimitriou, E.
and Saisana, M. (2022) COINr, *JOSS* 7(78), 4567.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sklearn.base import BaseEstimator

from governance_analytics.community import aggregation, normalisation
from governance_analytics.community.bod import Frontier
from governance_analytics.community.framework import Framework, default_framework
from governance_analytics.community.treatment import imputation_values, winsorise
from governance_analytics.community.weighting import grouped_pca_weights

__all__ = ["WEIGHTS", "CompositeIndex", "CompositeResult"]

WEIGHTS = ("equal", "budget", "pca", "bod")


@dataclass(frozen=True)
class CompositeResult:
    """Everything :meth:`CompositeIndex.evaluate` computes for one table.

    ``scores``: one row per input row (index ``community_id`` [, ``year``]), one column per dimension,
    ``index`` and ``rank`` (1 = highest index within the year); ``indicator_scores``: the normalised
    indicator scores, same index, reported orientation; ``treated``: one row per winsorised or imputed
    cell (``community_id``, ``year``, ``indicator``, ``value``, ``treated_value``, ``treatment``);
    ``bod_weights``: relative BoD weights per row (indicators within dimensions, dimensions in the
    index), else None.
    """

    scores: pd.DataFrame
    indicator_scores: pd.DataFrame
    treated: pd.DataFrame
    bod_weights: pd.DataFrame | None = None


class CompositeIndex(BaseEstimator):
    """Composite indicator of the framework's dimensions (module docstring for the pipeline).

    Parameters
    ----------
    framework
        Indicators, dimensions, directions, budgets, targets; default :func:`default_framework`.
    impute
        ``"mean"``, ``"median"`` (of the reference year) or ``None``.
    winsorise
        Most points winsorised per indicator and year (COINr ``winmax``), or ``None`` for no treatment.
    skew_threshold, kurtosis_threshold
        The winsorising rule (COINr defaults 2 and 3.5).
    normalise
        ``"minmax"``, ``"zscore"``, ``"rank"`` or ``"target"``.
    scale
        The normalisation's scale, default
        :func:`~governance_analytics.community.normalisation.default_scale` (positive for geometric
        aggregation).
    target_quantile
        For ``"target"``: an indicator without a target in the framework gets this quantile of the
        reference year's oriented values (0.9: the level of the best-performing tenth).
    weights
        ``"equal"``, ``"budget"``, ``"pca"`` or ``"bod"``.
    weight_factors
        Optional multipliers of the nominal weights by indicator or dimension name (uncertainty
        analysis perturbs weights through them); weights are rescaled afterwards.
    bod_bounds
        Multipliers ``(L, U)`` of the nominal weights bounding BoD relative weights; ``None``: unbounded.
    aggregate
        ``"arithmetic"`` or ``"geometric"``.
    problem_orientation
        Report scores with higher = worse problem (default) or higher = better.
    id_column, year_column
        Columns identifying the community and the year (the year column is optional).

    Attributes
    ----------
    framework_ : Framework
    reference_year_ : int or None
    weights_ : pandas.DataFrame
        Per indicator: ``dimension`` and ``weight`` within the dimension (BoD: the nominal centre).
    dimension_weights_ : pandas.Series
    winsorised_ : pandas.DataFrame
        Per indicator: skewness and kurtosis before and after, whether the rule failed and passes
        after treatment, points treated low and high, and the bounds carried to other years.
    normalisation_ : pandas.DataFrame
        Per indicator, in its own unit after treatment: ``direction``, ``min``, ``max``, ``mean``,
        ``sd``, ``imputed_with``, ``target``.
    """

    def __init__(
        self,
        framework: Framework | None = None,
        *,
        impute: str | None = "mean",
        winsorise: int | None = 5,
        skew_threshold: float = 2.0,
        kurtosis_threshold: float = 3.5,
        normalise: str = "minmax",
        scale: tuple[float, float] | None = None,
        target_quantile: float = 0.9,
        weights: str = "equal",
        weight_factors: Mapping[str, float] | None = None,
        bod_bounds: tuple[float, float] | None = (0.5, 2.0),
        aggregate: str = "arithmetic",
        problem_orientation: bool = True,
        id_column: str = "community_id",
        year_column: str = "year",
    ) -> None:
        self.framework = framework
        self.impute = impute
        self.winsorise = winsorise
        self.skew_threshold = skew_threshold
        self.kurtosis_threshold = kurtosis_threshold
        self.normalise = normalise
        self.scale = scale
        self.target_quantile = target_quantile
        self.weights = weights
        self.weight_factors = weight_factors
        self.bod_bounds = bod_bounds
        self.aggregate = aggregate
        self.problem_orientation = problem_orientation
        self.id_column = id_column
        self.year_column = year_column

    # ----------------------------------------------------------------------------------- fitting
    def _check_params(self) -> None:
        if self.impute not in (None, "mean", "median"):
            raise ValueError(f"impute must be 'mean', 'median' or None, got {self.impute!r}")
        if self.normalise not in normalisation.METHODS:
            raise ValueError(f"normalise must be one of {normalisation.METHODS}, got {self.normalise!r}")
        if self.weights not in WEIGHTS:
            raise ValueError(f"weights must be one of {WEIGHTS}, got {self.weights!r}")
        if self.aggregate not in aggregation.METHODS:
            raise ValueError(f"aggregate must be one of {aggregation.METHODS}, got {self.aggregate!r}")
        if self.winsorise is not None and int(self.winsorise) < 1:
            raise ValueError(f"winsorise must be a positive number of points or None, got {self.winsorise!r}")

    def fit(self, X: pd.DataFrame, y: None = None) -> CompositeIndex:
        """Learn treatment bounds, imputation values, normalisation reference and weights on ``X``.

        Parameters
        ----------
        X
            The indicator table of one reference year (``community_id``, ``year``, indicator columns).
        y
            Ignored.

        Raises
        ------
        ValueError
            If ``X`` holds more than one year, lacks an indicator column, or the options conflict.
        """
        self._check_params()
        fw = self.framework if self.framework is not None else default_framework()
        if self.year_column in X.columns and X[self.year_column].nunique() > 1:
            raise ValueError(
                f"fit on one reference year; X has years {sorted(X[self.year_column].unique())} — "
                f"select one, e.g. X[X.{self.year_column} == {X[self.year_column].min()}]"
            )
        values = fw.values(X)
        self.framework_ = fw
        self.reference_year_ = int(X[self.year_column].iloc[0]) if self.year_column in X.columns and len(X) else None
        self._direction = fw.indicators["direction"].to_numpy(dtype=float)
        self._membership = fw.membership
        self._scale = (
            self.scale if self.scale is not None else normalisation.default_scale(self.normalise, self.aggregate)
        )
        m = values.shape[1]
        self._lower, self._upper = np.full(m, -np.inf), np.full(m, np.inf)
        treated, report, _ = self._treat(values, first=True)
        self.winsorised_ = pd.DataFrame(report, index=pd.Index(fw.indicator_names, name="indicator"))
        self._fill = imputation_values(treated, method=self.impute) if self.impute else None
        if self.weights == "bod" and self._fill is None and np.isnan(treated).any():
            raise ValueError("weights='bod' needs complete data: set impute='mean' or 'median'")
        filled = self._impute(treated)
        self._reference = normalisation.orient(filled, self._direction)
        self._target = self._targets(fw)
        scores = self._normalise(self._reference)
        self._ref_scores = scores
        self._floor = np.nanmin(scores, axis=0)
        if self.aggregate == "geometric" and self.weights != "bod" and np.any(self._floor <= 0):
            raise ValueError(
                f"geometric aggregation needs positive scores; normalise={self.normalise!r} with scale "
                f"{self._scale} gives scores down to {self._floor.min():.3g} on the reference year"
            )
        self._fit_weights(fw, scores)
        self.normalisation_ = pd.DataFrame(
            {
                "direction": self._direction.astype(int),
                "min": np.nanmin(filled, axis=0),
                "max": np.nanmax(filled, axis=0),
                "mean": np.nanmean(filled, axis=0),
                "sd": np.nanstd(filled, axis=0, ddof=1),
                "imputed_with": self._fill if self._fill is not None else np.nan,
                "target": self._target * self._direction if self._target is not None else np.nan,
            },
            index=self.winsorised_.index,
        )
        return self

    def _targets(self, fw: Framework) -> np.ndarray | None:
        if self.normalise != "target":
            return None
        given = fw.indicators["target"].to_numpy(dtype=float) * self._direction
        fallback = np.nanquantile(self._reference, self.target_quantile, axis=0)
        return np.where(np.isnan(given), fallback, given)

    def _fit_weights(self, fw: Framework, scores: np.ndarray) -> None:
        assert fw.dimensions is not None  # set by Framework.__post_init__
        if self.weights == "equal":
            within, dims = fw.equal_weights()
        else:
            within, dims = fw.budget_weights()
        w = within.to_numpy(dtype=float)
        if self.weights == "pca":
            w = grouped_pca_weights(scores, self._membership, n_groups=len(dims))
        d = dims.to_numpy(dtype=float)
        factors = dict(self.weight_factors or {})
        unknown = [k for k in factors if k not in fw.indicators.index and k not in fw.dimensions.index]
        if unknown:
            raise ValueError(f"weight_factors name(s) {unknown} are neither indicators nor dimensions")
        w = w * np.array([factors.get(i, 1.0) for i in fw.indicator_names])
        d = d * np.array([factors.get(k, 1.0) for k in fw.dimension_names])
        sums = np.bincount(self._membership, weights=w, minlength=len(d))
        self._w = w / sums[self._membership]
        self._d = d / d.sum()
        self.weights_ = pd.DataFrame({"dimension": fw.indicators["dimension"], "weight": self._w})
        self.dimension_weights_ = pd.Series(self._d, index=fw.dimensions.index, name="weight")
        if self.weights == "bod":
            self._lo, self._hi = np.nanmin(scores, axis=0), np.nanmax(scores, axis=0)
            unit = self._unit(scores)
            self._frontiers = [
                Frontier(unit[:, self._membership == k], nominal=self._w[self._membership == k], bounds=self.bod_bounds)
                for k in range(len(d))
            ]
            dims_ci = np.column_stack(
                [f.score(unit[:, self._membership == k]).scores for k, f in enumerate(self._frontiers)]
            )
            self._index_frontier = Frontier(dims_ci, nominal=self._d, bounds=self.bod_bounds)

    # ------------------------------------------------------------------------------- the pipeline
    def _treat(self, values: np.ndarray, *, first: bool) -> tuple[np.ndarray, list[dict], np.ndarray]:
        """Winsorised copy, per-indicator report and a code per cell (0 none, −1 low, +1 high)."""
        out = values.copy()
        codes = np.zeros(values.shape, dtype=int)
        report = []
        if self.winsorise is None:
            return out, [{"failed": False, "n_low": 0, "n_high": 0} for _ in range(values.shape[1])], codes
        for j in range(values.shape[1]):
            res = winsorise(
                values[:, j],
                max_points=int(self.winsorise),
                skew_threshold=self.skew_threshold,
                kurtosis_threshold=self.kurtosis_threshold,
                bounds=(self._lower[j], self._upper[j]),
            )
            out[:, j] = res.values
            codes[res.low, j], codes[res.high, j] = -1, 1
            if first:
                self._lower[j], self._upper[j] = res.lower, res.upper
            report.append(
                {
                    "skew_before": res.skew_before,
                    "kurtosis_before": res.kurtosis_before,
                    "failed": res.failed,
                    "n_low": int(res.low.sum()),
                    "n_high": int(res.high.sum()),
                    "lower": res.lower,
                    "upper": res.upper,
                    "skew_after": res.skew_after,
                    "kurtosis_after": res.kurtosis_after,
                    "passes": res.passes,
                }
            )
        return out, report, codes

    def _impute(self, values: np.ndarray) -> np.ndarray:
        if self._fill is None:
            return values
        return np.where(np.isnan(values), self._fill, values)

    def _normalise(self, oriented: np.ndarray) -> np.ndarray:
        return normalisation.normalise(
            oriented, method=self.normalise, reference=self._reference, scale=self._scale, target=self._target
        )

    def _unit(self, scores: np.ndarray) -> np.ndarray:
        span = np.where(self._hi > self._lo, self._hi - self._lo, 1.0)
        return np.clip((scores - self._lo) / span, 0.0, None)

    def _aggregate(self, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Dimension and index scores (higher = better) and BoD relative weights."""
        n_dims = len(self._d)
        if self.weights == "bod":
            if np.isnan(scores).any():
                raise ValueError("weights='bod' needs complete data: set impute='mean' or 'median'")
            unit = self._unit(scores)
            parts = [f.score(unit[:, self._membership == k]) for k, f in enumerate(self._frontiers)]
            dims = np.column_stack([p.scores for p in parts])
            top = self._index_frontier.score(dims)
            rel = np.zeros((len(scores), scores.shape[1] + n_dims))
            for k, p in enumerate(parts):
                rel[:, np.nonzero(self._membership == k)[0]] = p.relative_weights
            rel[:, scores.shape[1] :] = top.relative_weights
            return 100.0 * dims, 100.0 * top.scores, rel
        if self.aggregate == "geometric" and np.any(scores < self._floor):
            warnings.warn(
                f"{int(np.sum(scores < self._floor))} indicator score(s) below the reference year's lowest "
                "set to that lowest score for geometric aggregation",
                RuntimeWarning,
                stacklevel=3,
            )
            scores = np.maximum(scores, self._floor)
        dims = aggregation.by_group(scores, self._w, self._membership, n_groups=n_dims, method=self.aggregate)
        return dims, aggregation.aggregate(dims, self._d, method=self.aggregate), None

    def _report(self, scores: np.ndarray, *, level: str) -> np.ndarray:
        if not self.problem_orientation:
            return scores
        if level != "indicator" and self.weights == "bod":
            return 100.0 - scores
        return normalisation.reflect(scores, method=self.normalise, scale=self._scale)

    def _score_arrays(self, values: np.ndarray, groups: list[np.ndarray]) -> dict[str, np.ndarray | None]:
        """The pipeline on an array (rows × indicators) whose rows fall in ``groups`` (years)."""
        treated, codes = values.copy(), np.zeros(values.shape, dtype=int)
        if self.winsorise is not None:
            for rows in groups:
                treated[rows], _, codes[rows] = self._treat(values[rows], first=False)
        filled = self._impute(treated)
        scores = self._normalise(normalisation.orient(filled, self._direction))
        dims, index, rel = self._aggregate(scores)
        return {
            "treated": treated,
            "codes": codes,
            "filled": filled,
            "indicators": self._report(scores, level="indicator"),
            "dimensions": self._report(dims, level="dimension"),
            "index": self._report(index, level="index"),
            "bod": rel,
        }

    def _prepared(self, values: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
        """Normalised (higher = better) indicator scores of an array: the steps before weighting."""
        treated = values.copy()
        if self.winsorise is not None:
            for rows in groups:
                treated[rows] = self._treat(values[rows], first=False)[0]
        return self._normalise(normalisation.orient(self._impute(treated), self._direction))

    def _reweighted(self, *, weights: str, weight_factors: Mapping[str, float] | None) -> CompositeIndex:
        """A shallow copy sharing the learned treatment and normalisation, with weights re-learned."""
        other = copy.copy(self)
        other.weights, other.weight_factors = weights, weight_factors
        if weights == "bod" and self._fill is None and np.isnan(self._ref_scores).any():
            raise ValueError("weights='bod' needs complete data: set impute='mean' or 'median'")
        other._fit_weights(self.framework_, self._ref_scores)
        return other

    # ---------------------------------------------------------------------------------- applying
    def _groups(self, X: pd.DataFrame) -> list[np.ndarray]:
        if self.year_column not in X.columns:
            return [np.arange(len(X))]
        codes = pd.factorize(X[self.year_column])[0]
        return [np.nonzero(codes == g)[0] for g in range(codes.max() + 1)] if len(X) else []

    def _index(self, X: pd.DataFrame) -> pd.Index:
        keys = [c for c in (self.id_column, self.year_column) if c in X.columns]
        if not keys:
            return X.index
        return pd.MultiIndex.from_frame(X[keys]) if len(keys) > 1 else pd.Index(X[keys[0]], name=keys[0])

    def evaluate(self, X: pd.DataFrame) -> CompositeResult:
        """Scores, indicator scores, treated cells and BoD weights of ``X`` (any years) — see
        :class:`CompositeResult`."""
        if not hasattr(self, "framework_"):
            raise ValueError("this CompositeIndex is not fitted yet; call fit on a reference year first")
        fw = self.framework_
        values = fw.values(X)
        groups = self._groups(X)
        out = self._score_arrays(values, groups)
        index = self._index(X)
        scores = pd.DataFrame(out["dimensions"], index=index, columns=fw.dimension_names)
        scores["index"] = out["index"]
        rank = np.full(len(X), np.nan)
        for rows in groups:
            v = scores["index"].to_numpy()[rows]
            ok = ~np.isnan(v)
            rank[rows[ok]] = rankdata(-v[ok], method="min")
        scores["rank"] = pd.array(np.where(np.isnan(rank), pd.NA, rank), dtype="Int64")
        indicators = pd.DataFrame(out["indicators"], index=index, columns=fw.indicator_names)
        bod = (
            None
            if out["bod"] is None
            else pd.DataFrame(out["bod"], index=index, columns=fw.indicator_names + fw.dimension_names)
        )
        return CompositeResult(scores, indicators, self._treated_cells(X, values, out), bod)

    def _treated_cells(self, X: pd.DataFrame, values: np.ndarray, out: dict) -> pd.DataFrame:
        names = self.framework_.indicator_names
        codes, missing = out["codes"], np.isnan(values)
        rows, cols = np.nonzero((codes != 0) | (missing & ~np.isnan(out["filled"])))
        rule = f"|skewness| >= {self.skew_threshold:g} and kurtosis >= {self.kurtosis_threshold:g}"
        labels = {-1: f"winsorised low ({rule}; bound {{b:.6g}})", 1: f"winsorised high ({rule}; bound {{b:.6g}})"}
        treatment = [
            labels[codes[r, c]].format(b=out["treated"][r, c]) if codes[r, c] else f"imputed ({self.impute})"
            for r, c in zip(rows, cols)
        ]
        table = pd.DataFrame(
            {
                self.id_column: X[self.id_column].to_numpy()[rows] if self.id_column in X.columns else X.index[rows],
                self.year_column: X[self.year_column].to_numpy()[rows] if self.year_column in X.columns else pd.NA,
                "indicator": [names[c] for c in cols],
                "value": values[rows, cols],
                "treated_value": out["filled"][rows, cols],
                "treatment": treatment,
            }
        )
        return table.reset_index(drop=True)

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        """Dimension scores, ``index`` and ``rank`` of ``X`` (:attr:`CompositeResult.scores`)."""
        return self.evaluate(X).scores

    def fit_transform(self, X: pd.DataFrame, y: None = None) -> pd.DataFrame:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)
