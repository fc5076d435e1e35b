"""Means, totals, ratios, proportions and their domains, shared by linearised and replicate designs.

Every statistic is a smooth function of weighted sums, written twice: as ``theta(W)``, its value
for each column of a weight matrix (replicate designs re-evaluate it per replicate), and as its
influence values at the full-sample weights (linearised designs take the design variance of their
total). For domain (subpopulation) :math:`D` with indicator :math:`d_i` and weights :math:`w_i`:

=========  =============================================  ==================================================
statistic  estimate                                        influence value :math:`z_i`
=========  =============================================  ==================================================
total      :math:`\\hat Y = \\sum w_i d_i y_i`              :math:`w_i d_i y_i`
mean       :math:`\\bar y = \\hat Y / \\hat N_D`,            :math:`w_i d_i (y_i - \\bar y) / \\hat N_D`
           :math:`\\hat N_D = \\sum w_i d_i`
ratio      :math:`\\hat R = \\hat Y / \\hat X`                :math:`w_i d_i (y_i - \\hat R x_i) / \\hat X`
=========  =============================================  ==================================================

Domains are never estimated by dropping rows: rows outside the domain keep their PSU and stratum and
contribute zero, so the domain's variance has the right number of PSUs (R ``svyby``, which
subsets the design object, not the data; Lumley 2010, §2.3.1). Missing values with ``na_rm=True``
are treated the same way (R's ``na.rm=TRUE``).

The design effect ``deff`` is R's ``deff=TRUE``: the design variance over the variance under simple
random sampling *without* replacement of the same number of rows :math:`n` from a population of
:math:`\\hat N = \\sum w_i` (Kish 1965):

.. math::

    V_{srs}(\\bar y) = s^2_w \\frac{\\hat N - n}{\\hat N n}, \\quad
    V_{srs}(\\hat Y) = \\hat N^2 V_{srs}(\\bar y), \\quad
    s^2_w = \\frac{n}{n-1} \\frac{\\sum w_i (y_i - \\bar y)^2}{\\sum w_i},

taken over the domain's rows; for a ratio :math:`y_i` is replaced by its linearised residual
:math:`(y_i - \\hat R x_i)/\\hat X` and the total formula used (R ``svyratio``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy.special import expit
from scipy.special import logit as _logit

from governance_analytics.participation._intervals import PROPORTION_METHODS, proportion_interval, wald
from governance_analytics.participation.survey_logit import DesignLogit, fit_logit

__all__ = ["ESTIMATE_COLUMNS", "DesignEstimators", "Influence", "Theta"]

#: theta(W) -> (m, k): the statistics for each of the m weight columns of W (n, m).
Theta = Callable[[np.ndarray], np.ndarray]
#: influence(estimate (k,)) -> (n, k) influence values at the full-sample weights.
Influence = Callable[[np.ndarray], np.ndarray]

#: Columns of every estimate table.
ESTIMATE_COLUMNS = ["estimate", "se", "ci_low", "ci_high", "deff", "df", "n"]


def _names(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class DesignEstimators:
    """Estimators common to :class:`~governance_analytics.participation.survey_design.SurveyDesign`
    and :class:`~governance_analytics.participation.replicate_design.ReplicateDesign`.

    Subclasses set ``data`` (DataFrame, RangeIndex), ``weights`` (ndarray) and ``df`` (design degrees
    of freedom) and implement :meth:`_estimate` (estimate and covariance of a statistic) and
    :meth:`_domain_df` (degrees of freedom of a subpopulation's design, R's ``degf(subset(...))``).
    """

    data: pd.DataFrame
    weights: np.ndarray
    df: float

    # ------------------------------------------------------------------------------------- hooks
    def _estimate(self, theta: Theta, influence: Influence, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def _domain_df(self, rows: np.ndarray) -> float:
        raise NotImplementedError

    def _model_df(self, rows: np.ndarray) -> float:
        """Degrees of freedom of the design a model is fitted on (rows with complete data)."""
        return self._domain_df(rows)

    # ---------------------------------------------------------------------------------- helpers
    def _numeric(self, names: list[str]) -> np.ndarray:
        out = np.empty((len(self.data), len(names)))
        for j, name in enumerate(names):
            column = self._get(name)
            if column.dtype == bool or str(column.dtype) == "boolean":
                column = column.astype("Float64")
            if not pd.api.types.is_numeric_dtype(column):
                raise TypeError(f"column {name!r} is not numeric ({column.dtype}); use proportion() for categories")
            out[:, j] = pd.to_numeric(column).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        return out

    def _get(self, name: str) -> pd.Series:
        if name not in self.data.columns:
            raise KeyError(f"column {name!r} is not in the survey data")
        return self.data[name]

    def _domains(self, by: str | Sequence[str] | None) -> tuple[list[str], list[tuple[tuple, np.ndarray]]]:
        """Domain keys and row masks: every observed combination of ``by`` (rows with a missing key excluded)."""
        keys = _names(by)
        n = len(self.data)
        if not keys:
            return keys, [((), np.ones(n, dtype=bool))]
        for k in keys:
            self._get(k)
        groups = self.data.groupby(keys, sort=True, dropna=True, observed=True).indices
        out = []
        for key, idx in groups.items():
            mask = np.zeros(n, dtype=bool)
            mask[idx] = True
            out.append((key if isinstance(key, tuple) else (key,), mask))
        return keys, out

    def _ok_rows(self, values: np.ndarray, domain: np.ndarray, names: list[str], na_rm: bool, key: tuple) -> np.ndarray:
        missing = np.isnan(values).any(axis=1)
        if not na_rm and (missing & domain).any():
            where = f" in domain {key}" if key else ""
            counts = {n: int((np.isnan(values[:, j]) & domain).sum()) for j, n in enumerate(names)}
            counts = {n: c for n, c in counts.items() if c}
            raise ValueError(
                f"missing values{where}: {counts}; pass na_rm=True to leave those rows out of the "
                "estimate (they stay in the design, as R's na.rm=TRUE)"
            )
        return domain & ~missing

    def _deff(self, v: np.ndarray, y: np.ndarray, ok: np.ndarray, kind: str) -> np.ndarray:
        """R's ``deff=TRUE`` (module docstring); ``y`` (n, k) on the domain rows ``ok``."""
        w = self.weights[ok]
        yy = y[ok]
        nobs = int(np.count_nonzero(w))
        psum = float(w.sum())
        if nobs < 2 or psum < nobs:
            return np.full(yy.shape[1], np.nan)
        mean = (w @ yy) / psum
        s2 = (w @ (yy - mean) ** 2) / psum * nobs / (nobs - 1)
        vsrs = s2 * (psum - nobs) / (psum * nobs)
        if kind == "total":
            vsrs = vsrs * psum**2
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.diag(v) / vsrs

    def _table(self, records: list[dict], index_names: list[str]) -> pd.DataFrame:
        frame = pd.DataFrame.from_records(records)
        frame = frame.set_index(index_names) if index_names else frame
        return frame[ESTIMATE_COLUMNS]

    def _ci_df(self, df: float | None, domain: np.ndarray, keyed: bool) -> float:
        if df is not None:
            return float(df)
        return float(self._domain_df(domain)) if keyed else float(self.df)

    # ------------------------------------------------------------------------------- statistics
    def mean(
        self,
        var: str | Sequence[str],
        *,
        by: str | Sequence[str] | None = None,
        na_rm: bool = False,
        alpha: float = 0.05,
        df: float | None = None,
    ) -> pd.DataFrame:
        """Design-based mean of numeric column(s), overall or per domain (R ``svymean``, ``svyby``).

        Parameters
        ----------
        var
            Numeric column(s) (booleans count as 0/1).
        by
            Domain column(s): one estimate per observed combination (rows with a missing key are in
            no domain). Domains keep the full design (see the module docstring).
        na_rm
            Leave rows with a missing value in any of ``var`` out of the estimate (casewise, as R's
            ``na.rm=TRUE``); without it missing values raise an error.
        alpha
            The interval is :math:`1-\\alpha`.
        df
            Degrees of freedom of the t quantile. Default: the design's (the domain's design for
            ``by``, R ``degf(subset(design, ...))``); ``math.inf`` gives R ``confint()``'s normal
            interval.

        Returns
        -------
        DataFrame
            Index ``variable`` (preceded by the ``by`` columns), columns ``estimate``, ``se``,
            ``ci_low``, ``ci_high``, ``deff`` (R's ``deff=TRUE``), ``df`` (used for the interval)
            and ``n`` (sample rows used).
        """
        names = _names(var)
        values = self._numeric(names)
        keys, domains = self._domains(by)
        records = []
        for key, domain in domains:
            ok = self._ok_rows(values, domain, names, na_rm, key)
            y = np.where(ok[:, None], values, 0.0)
            est, cov = self._estimate(*_mean_parts(y, ok, self.weights), ok)
            deff = self._deff(cov, y, ok, "mean")
            records += self._records(keys, key, names, est, cov, deff, ok, self._ci_df(df, domain, bool(keys)), alpha)
        return self._table(records, [*keys, "variable"])

    def total(
        self,
        var: str | Sequence[str],
        *,
        by: str | Sequence[str] | None = None,
        na_rm: bool = False,
        alpha: float = 0.05,
        df: float | None = None,
    ) -> pd.DataFrame:
        """Design-based (Horvitz–Thompson) total of numeric column(s) (R ``svytotal``, ``svyby``).

        Parameters and returned columns as :meth:`mean`.
        """
        names = _names(var)
        values = self._numeric(names)
        keys, domains = self._domains(by)
        records = []
        for key, domain in domains:
            ok = self._ok_rows(values, domain, names, na_rm, key)
            y = np.where(ok[:, None], values, 0.0)
            est, cov = self._estimate(*_total_parts(y, self.weights), ok)
            deff = self._deff(cov, y, ok, "total")
            records += self._records(keys, key, names, est, cov, deff, ok, self._ci_df(df, domain, bool(keys)), alpha)
        return self._table(records, [*keys, "variable"])

    def ratio(
        self,
        num: str | Sequence[str],
        den: str | Sequence[str],
        *,
        by: str | Sequence[str] | None = None,
        na_rm: bool = False,
        alpha: float = 0.05,
        df: float | None = None,
    ) -> pd.DataFrame:
        """Ratio of two totals :math:`\\hat Y / \\hat X`, by linearisation (R ``svyratio``).

        Every numerator is divided by every denominator; the ``variable`` index reads ``"num/den"``.
        With ``na_rm`` a row missing any numerator or denominator is left out of all of them.
        Other parameters and returned columns as :meth:`mean`.
        """
        nums, dens = _names(num), _names(den)
        values = self._numeric(nums + dens)
        keys, domains = self._domains(by)
        records = []
        for key, domain in domains:
            ok = self._ok_rows(values, domain, nums + dens, na_rm, key)
            vals = np.where(ok[:, None], values, 0.0)
            pairs = [(i, len(nums) + j) for i in range(len(nums)) for j in range(len(dens))]
            ys = vals[:, [p[0] for p in pairs]]
            xs = vals[:, [p[1] for p in pairs]]
            est, cov = self._estimate(*_ratio_parts(ys, xs, self.weights), ok)
            residual = (ys - est * xs) / (self.weights @ xs)
            deff = self._deff(cov, residual, ok, "total")
            names = [f"{nums[i]}/{dens[j - len(nums)]}" for i, j in pairs]
            records += self._records(keys, key, names, est, cov, deff, ok, self._ci_df(df, domain, bool(keys)), alpha)
        return self._table(records, [*keys, "variable"])

    def proportion(
        self,
        var: str,
        *,
        level: object | None = None,
        by: str | Sequence[str] | None = None,
        method: str = "logit",
        na_rm: bool = False,
        alpha: float = 0.05,
        df: float | None = None,
    ) -> pd.DataFrame:
        """Proportion of the population in a category, with R ``svyciprop``'s intervals.

        Parameters
        ----------
        var
            A 0/1 or boolean column (proportion of 1/True), or a categorical column (one row per
            observed level, in sorted order).
        level
            Estimate only the proportion with ``var == level``.
        method
            Interval: ``"logit"`` (default, as R), ``"beta"`` (Korn–Graubard), ``"mean"`` (Wald),
            ``"xlogit"``, ``"asin"`` — formulas in :mod:`~governance_analytics.participation._intervals`.
        df
            Degrees of freedom, default the design's (domain's) as R's ``svyciprop(df=degf(design))``.

        Returns
        -------
        DataFrame
            Index ``variable``, ``level`` (preceded by the ``by`` columns); columns as :meth:`mean`
            (``se`` and ``deff`` are the proportion's, whatever the interval method).
        """
        if method not in PROPORTION_METHODS:
            raise ValueError(f"method must be one of {PROPORTION_METHODS}, got {method!r}")
        column = self._get(var)
        levels = self._levels(column, var, level)
        missing = column.isna().to_numpy()
        indicators = np.column_stack([(column == lv).fillna(False).to_numpy(dtype=bool) for lv in levels]).astype(float)
        indicators[missing] = np.nan
        keys, domains = self._domains(by)
        records = []
        for key, domain in domains:
            ok = self._ok_rows(indicators[:, :1], domain, [var], na_rm, key)
            y = np.where(ok[:, None], indicators, 0.0)
            parts = _mean_parts(y, ok, self.weights)
            est, cov = self._estimate(*parts, ok)
            se_logit = None
            if method == "logit":  # R: the SE of svyglm(y ~ 1)'s intercept, i.e. of logit(p) (replicates: refitted)
                _, cov_logit = self._estimate(*_logit_parts(*parts), ok)
                se_logit = np.sqrt(np.diag(cov_logit))
            deff = self._deff(cov, y, ok, "mean")
            dfu = self._ci_df(df, domain, bool(keys))
            n_rows = int(domain.sum())
            for j, lv in enumerate(levels):
                low, high = proportion_interval(
                    float(est[j]),
                    float(cov[j, j]),
                    method=method,
                    alpha=alpha,
                    df=dfu,
                    n_rows=n_rows,
                    se_logit=None if se_logit is None else float(se_logit[j]),
                )
                records.append(
                    {
                        **dict(zip(keys, key)),
                        "variable": var,
                        "level": lv,
                        "estimate": float(est[j]),
                        "se": float(np.sqrt(cov[j, j])),
                        "ci_low": low,
                        "ci_high": high,
                        "deff": float(deff[j]),
                        "df": dfu,
                        "n": int(ok.sum()),
                    }
                )
        return self._table(records, [*keys, "variable", "level"])

    @staticmethod
    def _levels(column: pd.Series, name: str, level: object | None) -> list:
        if level is not None:
            return [level]
        values = column.dropna()
        if column.dtype == bool or str(column.dtype) == "boolean":
            return [True]
        if pd.api.types.is_numeric_dtype(column):
            if not values.isin([0, 1]).all():
                raise ValueError(f"column {name!r} is numeric but not 0/1: pass level= to pick the category")
            return [1]
        if isinstance(column.dtype, pd.CategoricalDtype):
            return [c for c in column.cat.categories if (values == c).any()]
        return sorted(values.unique().tolist())

    def _records(
        self,
        keys: list[str],
        key: tuple,
        names: list[str],
        est: np.ndarray,
        cov: np.ndarray,
        deff: np.ndarray,
        ok: np.ndarray,
        dfu: float,
        alpha: float,
    ) -> list[dict]:
        out = []
        for j, name in enumerate(names):
            se = float(np.sqrt(cov[j, j])) if cov[j, j] >= 0 else float("nan")
            low, high = wald(float(est[j]), se, alpha=alpha, df=dfu)
            out.append(
                {
                    **dict(zip(keys, key)),
                    "variable": name,
                    "estimate": float(est[j]),
                    "se": se,
                    "ci_low": low,
                    "ci_high": high,
                    "deff": float(deff[j]),
                    "df": dfu,
                    "n": int(ok.sum()),
                }
            )
        return out

    # ------------------------------------------------------------------------------------ model
    def logit(self, formula: str, *, alpha: float = 0.05, df: float | None = None) -> DesignLogit:
        """Design-weighted logistic regression with design-based standard errors (R ``svyglm``,
        ``family=quasibinomial()``).

        Parameters
        ----------
        formula
            Patsy formula with a 0/1 or boolean response, e.g.
            ``"p_meeting ~ C(hukou, Treatment('local')) + I(years_resident / 10)"``.
        alpha
            Intervals are :math:`1-\\alpha`.
        df
            Degrees of freedom for intervals and tests; default the residual df, design df + 1 −
            coefficients (R ``confint.svyglm``).

        Returns
        -------
        DesignLogit
            Coefficients with SE, t, p, intervals and odds ratios; covariance; degrees of freedom.
            Formulas in :mod:`~governance_analytics.participation.survey_logit`.
        """
        return fit_logit(self, formula, alpha=alpha, df=df)


# ------------------------------------------------------------------ statistics as theta(W) and influence
def _mean_parts(y: np.ndarray, ok: np.ndarray, w: np.ndarray) -> tuple[Theta, Influence]:
    """Domain mean of the columns of ``y`` (zero outside ``ok``)."""
    d = ok.astype(float)

    def theta(W: np.ndarray) -> np.ndarray:
        return (W.T @ y) / (W.T @ d)[:, None]

    def influence(est: np.ndarray) -> np.ndarray:
        return (w * d)[:, None] * (y - est) / (w @ d)

    return theta, influence


def _total_parts(y: np.ndarray, w: np.ndarray) -> tuple[Theta, Influence]:
    """Total of the columns of ``y`` (zero outside the domain)."""

    def theta(W: np.ndarray) -> np.ndarray:
        return W.T @ y

    def influence(est: np.ndarray) -> np.ndarray:
        return w[:, None] * y

    return theta, influence


def _ratio_parts(ys: np.ndarray, xs: np.ndarray, w: np.ndarray) -> tuple[Theta, Influence]:
    """Ratios of the totals of the columns of ``ys`` to those of ``xs``."""

    def theta(W: np.ndarray) -> np.ndarray:
        return (W.T @ ys) / (W.T @ xs)

    def influence(est: np.ndarray) -> np.ndarray:
        return w[:, None] * (ys - est * xs) / (w @ xs)

    return theta, influence


def _logit_parts(theta: Theta, influence: Influence) -> tuple[Theta, Influence]:
    """:math:`\\operatorname{logit}` of a proportion: influence divided by :math:`p(1-p)`."""

    def logit_theta(W: np.ndarray) -> np.ndarray:
        return _logit(theta(W))

    def logit_influence(est: np.ndarray) -> np.ndarray:
        p = expit(est)
        return influence(p) / (p * (1 - p))

    return logit_theta, logit_influence
