"""Two-way fixed-effects machinery behind :mod:`governance_analytics.cases.impact`: the balanced panel
and the partialled (Frisch–Waugh–Lovell) linear and Poisson fits. The impact module's docstring
states the model, the fitting method and the small-sample convention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

Model = Literal["poisson", "linear"]


@dataclass(frozen=True)
class Panel:
    units: pd.Index
    periods: pd.Index
    y: np.ndarray  # (G, T)
    treated: np.ndarray  # (G,) bool
    t0: int


def check_columns(panel: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in panel.columns]
    if missing:
        raise ValueError(f"panel lacks column(s) {missing}; expected unit, time and outcome columns {list(columns)}")


def ids(values, name: str) -> pd.Index:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a collection of unit ids, got {type(values).__name__}")
    ids = pd.Index(list(values)).unique()
    if not len(ids):
        raise ValueError(f"{name} is empty")
    return ids


def position(index: pd.Index, start) -> int:
    """Position of the first label at or after ``start``."""
    if isinstance(index, pd.DatetimeIndex):
        start = pd.Timestamp(start)
    return int(index.searchsorted(start, side="left"))


def build_panel(panel: pd.DataFrame, *, treated, comparison, start, unit: str, time: str, outcome: str) -> Panel:
    check_columns(panel, (unit, time, outcome))
    duplicated = panel.duplicated([unit, time])
    if duplicated.any():
        first = panel.loc[duplicated, [unit, time]].iloc[0].tolist()
        raise ValueError(
            f"panel has repeated ({unit}, {time}) rows, first {first}; expected one row per unit and period"
        )
    if panel[outcome].isna().any():
        raise ValueError(f"panel column {outcome!r} has missing values; expected a complete outcome")
    wide = panel.pivot(index=unit, columns=time, values=outcome).sort_index().sort_index(axis=1)
    holes = wide.isna().to_numpy()
    if holes.any():
        g, t = np.argwhere(holes)[0]
        raise ValueError(
            f"panel is not balanced: {int(holes.sum())} unit × period rows are missing (first {unit}="
            f"{wide.index[g]!r}, {time}={wide.columns[t]!r}); a count panel needs its zeros — add them "
            "with complete_panel()"
        )
    treated_ids = ids(treated, "treated")
    unknown = treated_ids.difference(wide.index)
    if len(unknown):
        raise ValueError(f"{len(unknown)} treated unit(s) are not in the panel, e.g. {unknown[0]!r}")
    if comparison is None:
        comparison_ids = wide.index.difference(treated_ids)
    else:
        comparison_ids = ids(comparison, "comparison")
        unknown, overlap = comparison_ids.difference(wide.index), comparison_ids.intersection(treated_ids)
        if len(unknown):
            raise ValueError(f"{len(unknown)} comparison unit(s) are not in the panel, e.g. {unknown[0]!r}")
        if len(overlap):
            raise ValueError(f"{len(overlap)} unit(s) are both treated and comparison, e.g. {overlap[0]!r}")
    if not len(comparison_ids):
        raise ValueError("no comparison units: every unit of the panel is treated")
    wide = wide[wide.index.isin(treated_ids.union(comparison_ids))]
    t0 = position(wide.columns, start)
    if not 0 < t0 < wide.shape[1]:
        raise ValueError(
            f"start {start!r} leaves no pre- or post-period; the periods run from "
            f"{wide.columns[0]} to {wide.columns[-1]}"
        )
    return Panel(wide.index, wide.columns, wide.to_numpy(dtype=float), wide.index.isin(treated_ids), t0)


def within(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``values`` (G, T[, K]) minus their ``weights``-weighted mean within each unit (row)."""
    w = weights if values.ndim == 2 else weights[..., None]
    return values - (w * values).sum(axis=1, keepdims=True) / w.sum(axis=1, keepdims=True)


def without_period_effects(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``values`` (G, T, m), within-transformed by unit with ``weights`` (G, T), less their weighted
    least-squares projection on the within-transformed dummies of periods 1 … T−1 (the second step of
    Frisch–Waugh–Lovell), computed from the dummies' structure instead of a (G·T) × (T−1) matrix.

    With :math:`W_i = \\sum_t w_{it}` and :math:`a_{it} = w_{it} / W_i`, the within-transformed dummy
    of period :math:`s` is :math:`\\tilde d_{it,s} = 1\\{t = s\\} - a_{is}`, so

    .. math::

        (\\tilde D' W \\tilde D)_{sr} = 1\\{s = r\\} \\sum_i w_{is} - \\sum_i w_{is} w_{ir} / W_i, \\qquad
        (\\tilde D' W Z)_{s} = \\sum_i w_{is} Z_{is}

    (the weighted unit means of :math:`Z` are zero), and the fitted values are
    :math:`(\\tilde D C)_{it} = C_t - \\sum_s a_{is} C_s` with :math:`C_0 = 0`.
    """
    share = weights / weights.sum(axis=1, keepdims=True)
    cross = np.diag(weights.sum(axis=0)) - share.T @ weights
    coef = np.linalg.solve(cross[1:, 1:], np.einsum("it,itm->tm", weights, values)[1:])
    by_period = np.concatenate([np.zeros((1, values.shape[2])), coef])
    return values - (by_period[None, :, :] - (share[:, 1:] @ coef)[:, None, :])


def ppml_irls(y: np.ndarray, X: np.ndarray, *, tol: float = 1e-12, max_iter: int = 200) -> np.ndarray:
    """Fitted means of the Poisson model E[y_it] = exp(α_i + x_it'β) by IRLS with the unit effects
    α_i absorbed by weighted within transformation (Correia, Guimarães & Zylkin 2020)."""
    k = X.shape[2]
    mu = (y + y.mean()) / 2.0
    eta, beta = np.log(mu), np.zeros(k)
    for _ in range(max_iter):
        z = eta + (y - mu) / mu
        zd, Xd = within(z, mu), within(X, mu)
        wX = (Xd * mu[..., None]).reshape(-1, k)
        new = np.linalg.solve(wX.T @ Xd.reshape(-1, k), wX.T @ zd.ravel())
        eta = z - (zd - Xd @ new)
        mu = np.exp(eta)
        if np.max(np.abs(new - beta) / (1.0 + np.abs(new))) < tol:
            return mu
        beta = new
    raise RuntimeError(f"the Poisson fit did not converge in {max_iter} iterations")


def fit_twfe(p: Panel, X: np.ndarray, names: list[str], *, model: Model):
    """Fit y ~ unit FE + period FE + X (module docstring); returns (statsmodels result, mask of the
    units kept). ``X`` is (G, T, K): the treatment regressors named ``names``."""
    import statsmodels.api as sm

    if model not in ("poisson", "linear"):
        raise ValueError(f"model must be 'poisson' or 'linear', got {model!r}")
    y, units, periods = p.y, np.ones(len(p.units), bool), np.ones(len(p.periods), bool)
    if model == "poisson":
        if (y < 0).any():
            raise ValueError("a Poisson model needs non-negative outcomes")
        units, periods = y.sum(axis=1) > 0, y.sum(axis=0) > 0
        y, X = y[np.ix_(units, periods)], X[np.ix_(units, periods)]
        for j, name in enumerate(names):
            if not (y * X[..., j]).sum() > 0:
                raise ValueError(
                    f"no events where {name} = 1: its rate ratio is 0 and the Poisson estimate does not exist"
                )
    n_units, n_periods = y.shape
    n_obs, k = n_units * n_periods, len(names)
    dummies = np.broadcast_to(np.eye(n_periods)[:, 1:], (n_units, n_periods, n_periods - 1))
    if model == "linear":
        weights = np.ones_like(y)
        endog = within(y, weights)
    else:
        # The Poisson estimate depends on the data only through the totals of the units sharing a
        # regressor pattern (the likelihood concentrated over the unit effects is multinomial;
        # Hausman, Hall & Griliches 1984): fit on those totals, then share each pattern's fitted
        # means among its units in proportion to their totals, μ_it = n_i · μ_gt / n_g.
        group = pd.factorize(pd.Series([row.tobytes() for row in X.reshape(n_units, -1)]))[0]
        first = np.unique(group, return_index=True)[1]
        totals = np.zeros((len(first), n_periods))
        np.add.at(totals, group, y)
        full = np.concatenate([X[first], dummies[: len(first)]], axis=2)
        fitted = ppml_irls(totals, full)
        weights = y.sum(axis=1, keepdims=True) * (fitted / fitted.sum(axis=1, keepdims=True))[group]
        endog = within(np.log(weights) + (y - weights) / weights, weights)
    # Frisch–Waugh–Lovell: unit effects by the within transformation, then period effects by a
    # weighted regression on the within-transformed period dummies.
    w = weights.ravel()
    within_units = np.concatenate([endog[..., None], within(X, weights)], axis=2)
    stacked = without_period_effects(within_units, weights).reshape(n_obs, k + 1)
    n_params = k + n_periods - 1  # unit effects are nested in the clusters: not counted
    scaling = n_units / (n_units - 1) * (n_obs - 1) / (n_obs - n_params)
    exog = pd.DataFrame(stacked[:, 1:], columns=names)
    fit = sm.WLS(stacked[:, 0], exog, weights=w, hasconst=False).fit(
        cov_type="cluster",
        use_t=True,
        cov_kwds={"groups": np.repeat(np.arange(n_units), n_periods), "use_correction": False},
    )
    # statsmodels' CRV1 factor would count only the columns of this partialled regression (and its
    # ``scaling_factor`` keyword is ignored for clusters), so the factor is applied here, before any
    # statistic is computed (they are cached on first use) and recorded with the covariance options.
    fit._results.cov_params_default = fit._results.cov_params_default * scaling
    fit._results.cov_kwds["scaling_factor"] = scaling
    return fit, units
