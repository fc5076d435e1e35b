"""Policy impact: DiD and event studies equal explicit-dummy statsmodels fits (and linearmodels), the
Newey–West ITS equals a hand-written Bartlett sandwich, and the Demo City pilot is recovered."""

import itertools

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from numpy.testing import assert_allclose
from scipy.spatial.distance import cdist

from governance_analytics.cases.impact import (
    complete_panel,
    did,
    event_study,
    interrupted_time_series,
    matched_comparison,
    newey_west_lags,
)
from governance_analytics.engines import aggregate_cases
from governance_analytics.grid import UnitGrid

# --------------------------------------------------------------------------------------------------
# helpers: small synthetic panels and the explicit-dummy reference fits


def _panel(
    n_units: int, n_periods: int, *, seed: int, n_treated: int, start: int, effect: float, poisson: bool
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    units = [f"u{i:03d}" for i in range(n_units)]
    periods = pd.date_range("2024-01-01", periods=n_periods, freq="MS")
    alpha = rng.normal(0.0, 0.5, n_units)
    gamma = rng.normal(0.0, 0.3, n_periods)
    treated_post = (np.arange(n_units)[:, None] < n_treated) & (np.arange(n_periods)[None, :] >= start)
    if poisson:
        y = rng.poisson(np.exp(1.0 + alpha[:, None] + gamma[None, :] + np.log(effect) * treated_post))
    else:
        y = alpha[:, None] + gamma[None, :] + effect * treated_post + rng.normal(size=(n_units, n_periods))
    return pd.DataFrame({"cell_id": np.repeat(units, n_periods), "period": np.tile(periods, n_units), "n": y.ravel()})


def _dummies(panel: pd.DataFrame, regressors: pd.DataFrame) -> pd.DataFrame:
    """Constant, the regressors, unit dummies and period dummies (first of each dropped)."""
    fe = pd.get_dummies(
        panel[["cell_id"]].assign(p=panel["period"].astype(str)), columns=["cell_id", "p"], drop_first=True, dtype=float
    )
    return sm.add_constant(pd.concat([regressors.reset_index(drop=True), fe.reset_index(drop=True)], axis=1))


def _nested_factor(n_obs: int, k_full: int, k: int) -> float:
    """SE factor from statsmodels' explicit-dummy CRV1 (K counts the G unit effects) to ours (K does
    not count effects nested in the clusters): sqrt((N − K_full) / (N − K))."""
    return np.sqrt((n_obs - k_full) / (n_obs - k))


def _treated_post(panel: pd.DataFrame, treated: list[str], start: str) -> pd.DataFrame:
    return pd.DataFrame({"treated_post": (panel["cell_id"].isin(treated) & (panel["period"] >= start)).astype(float)})


# --------------------------------------------------------------------------------------------------
# panel completion


def test_complete_panel_adds_the_zero_rows_and_did_insists_on_them():
    panel = pd.DataFrame(
        {
            "cell_id": ["a", "a", "b"],
            "n": [3, 1, 2],
            "period": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-02-01"]),
        }
    )
    full = complete_panel(panel, units=["a", "b", "c"])
    assert len(full) == 6 and full["n"].dtype == np.int64
    assert full.set_index(["cell_id", "period"])["n"].to_dict() == {
        ("a", pd.Timestamp("2024-01-01")): 3,
        ("a", pd.Timestamp("2024-02-01")): 1,
        ("b", pd.Timestamp("2024-01-01")): 0,
        ("b", pd.Timestamp("2024-02-01")): 2,
        ("c", pd.Timestamp("2024-01-01")): 0,
        ("c", pd.Timestamp("2024-02-01")): 0,
    }
    with pytest.raises(ValueError, match="complete_panel"):
        did(panel, treated=["a"], start="2024-02-01", model="linear")
    with pytest.raises(ValueError, match="not in the panel"):
        did(full, treated=["z"], start="2024-02-01")
    with pytest.raises(ValueError, match="pre- or post-period"):
        did(full, treated=["a"], start="2024-01-01")


# --------------------------------------------------------------------------------------------------
# linear two-way fixed effects


def test_linear_did_with_two_periods_is_the_difference_of_mean_differences():
    panel = _panel(40, 2, seed=1, n_treated=15, start=1, effect=2.0, poisson=False)
    treated = [f"u{i:03d}" for i in range(15)]
    res = did(panel, treated=treated, start="2024-02-01", model="linear")
    wide = panel.pivot(index="cell_id", columns="period", values="n")
    change = wide.iloc[:, 1] - wide.iloc[:, 0]
    textbook = change[change.index.isin(treated)].mean() - change[~change.index.isin(treated)].mean()
    assert res.estimate == pytest.approx(textbook, abs=1e-12)
    assert (res.n_treated, res.n_comparison, res.n_periods, res.n_obs) == (15, 25, 2, 80)


def test_linear_did_equals_ols_with_explicit_dummies_and_cluster_se():
    panel = _panel(30, 7, seed=2, n_treated=10, start=4, effect=0.8, poisson=False)
    treated, start = [f"u{i:03d}" for i in range(10)], "2024-05-01"
    res = did(panel, treated=treated, start=start, model="linear", alpha=0.1)
    X = _dummies(panel, _treated_post(panel, treated, start))
    groups = pd.factorize(panel["cell_id"])[0]
    ref = sm.OLS(panel["n"].to_numpy(float), X).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    assert res.estimate == pytest.approx(ref.params["treated_post"], rel=1e-10)
    se = ref.bse["treated_post"] * _nested_factor(len(panel), X.shape[1], 1 + 6)
    assert res.se == pytest.approx(se, rel=1e-10)
    # t with G − 1 = 29 df, as statsmodels uses for clusters
    from scipy import stats

    half = stats.t.ppf(0.95, 29) * se
    assert_allclose(res.ci, (res.estimate - half, res.estimate + half), rtol=1e-10)
    pre_mean = panel.loc[panel["cell_id"].isin(treated) & (panel["period"] < start), "n"].mean()
    assert res.percent == pytest.approx(100 * res.estimate / pre_mean)
    assert np.isnan(res.rate_ratio)


def test_linear_did_matches_linearmodels_panelols():
    # Reference computed once in a throwaway venv with linearmodels 7.1 (not a project dependency):
    #   PanelOLS(df["y"], df[["D"]], entity_effects=True, time_effects=True).fit(
    #       cov_type="clustered", cluster_entity=True, debiased=True, group_debias=True)
    # on exactly this deterministic panel → params["D"] = 2.2374999999999994,
    # std_errors["D"] = 0.7709490918356765. linearmodels counts all 17 parameters (constant, 11
    # entity and 4 time effects, D) in N − K; ours counts K = 5 (D and 4 period effects).
    rows = []
    for i in range(12):
        for t in range(5):
            d = float(i < 4 and t >= 3)
            rows.append(
                (
                    f"u{i:02d}",
                    pd.Timestamp(2024, 1 + t, 1),
                    ((7 * i + 3 * t + i * t) % 11) / 2 + 0.8 * d + 0.3 * i - 0.2 * t,
                )
            )
    panel = pd.DataFrame(rows, columns=["cell_id", "period", "y"])
    res = did(panel, treated=[f"u{i:02d}" for i in range(4)], start="2024-04-01", outcome="y", model="linear")
    assert res.estimate == pytest.approx(2.2374999999999994, rel=1e-12)
    assert res.se == pytest.approx(0.7709490918356765 * np.sqrt((60 - 17) / (60 - 5)), rel=1e-10)


# --------------------------------------------------------------------------------------------------
# Poisson (PPML) two-way fixed effects


def test_poisson_did_equals_glm_with_explicit_dummies_and_cluster_se():
    panel = _panel(40, 6, seed=3, n_treated=12, start=3, effect=0.6, poisson=True)
    panel.loc[panel["cell_id"] == "u039", "n"] = 0  # an all-zero unit: no information, left out
    treated, start = [f"u{i:03d}" for i in range(12)], "2024-04-01"
    res = did(panel, treated=treated, start=start)
    kept = panel[panel["cell_id"] != "u039"].reset_index(drop=True)
    X = _dummies(kept, _treated_post(kept, treated, start))
    ref = sm.GLM(kept["n"].to_numpy(float), X, family=sm.families.Poisson()).fit(
        tol=1e-13, cov_type="cluster", cov_kwds={"groups": pd.factorize(kept["cell_id"])[0]}, use_t=True
    )
    assert res.estimate == pytest.approx(ref.params["treated_post"], rel=1e-8)
    assert res.se == pytest.approx(ref.bse["treated_post"] * _nested_factor(len(kept), X.shape[1], 1 + 5), rel=1e-7)
    assert (res.n_treated, res.n_comparison, res.n_dropped, res.n_obs) == (12, 27, 1, 39 * 6)
    assert res.rate_ratio == pytest.approx(np.exp(res.estimate))
    assert res.percent == pytest.approx(100 * (np.exp(res.estimate) - 1))


def test_poisson_did_intervals_cover_a_known_rate_ratio():
    # one larger panel: the 95 % interval covers the planted 0.7 …
    big = _panel(400, 12, seed=4, n_treated=100, start=6, effect=0.7, poisson=True)
    res = did(big, treated=[f"u{i:03d}" for i in range(100)], start="2024-07-01")
    assert res.rate_ratio_ci[0] < 0.7 < res.rate_ratio_ci[1]
    # … and over 200 small panels the cluster-robust 95 % interval covers it about 95 % of the time
    # (binomial 99.9 % range for 200 draws at 0.95: 0.90 to 0.99)
    treated = [f"u{i:03d}" for i in range(20)]
    intervals = [
        did(
            _panel(60, 8, seed=100 + s, n_treated=20, start=4, effect=0.7, poisson=True),
            treated=treated,
            start="2024-05-01",
        ).rate_ratio_ci
        for s in range(200)
    ]
    assert 0.90 <= np.mean([low < 0.7 < high for low, high in intervals]) <= 0.99


# --------------------------------------------------------------------------------------------------
# event study


def _event_dummies(panel: pd.DataFrame, treated: list[str], t0: int, window: tuple[int, int], reference: int):
    rel = np.clip(panel["period"].rank(method="dense").astype(int).to_numpy() - 1 - t0, *window)
    is_treated = panel["cell_id"].isin(treated).to_numpy()
    ks = [k for k in range(window[0], window[1] + 1) if k != reference]
    return pd.DataFrame({f"event[{k:+d}]": (is_treated & (rel == k)).astype(float) for k in ks}), ks


@pytest.mark.parametrize("model", ["linear", "poisson"])
def test_event_study_equals_explicit_dummy_fit_with_binned_endpoints(model):
    panel = _panel(
        36, 10, seed=5, n_treated=12, start=5, effect=0.7 if model == "poisson" else 1.0, poisson=model == "poisson"
    )
    treated, window = [f"u{i:03d}" for i in range(12)], (-3, 2)
    res = event_study(panel, treated=treated, start="2024-06-01", model=model, window=window)
    events, ks = _event_dummies(panel, treated, 5, window, -1)
    X = _dummies(panel, events)
    groups = pd.factorize(panel["cell_id"])[0]
    kw = {"cov_type": "cluster", "cov_kwds": {"groups": groups}, "use_t": True}
    y = panel["n"].to_numpy(float)
    if model == "linear":
        ref = sm.OLS(y, X).fit(**kw)
    else:
        ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13, **kw)
    table = res.table.set_index("rel_period")
    names = list(events.columns)
    assert_allclose(table.loc[ks, "estimate"], ref.params[names], rtol=1e-7, atol=1e-10)
    factor = _nested_factor(len(panel), X.shape[1], len(ks) + 9)
    assert_allclose(table.loc[ks, "se"], ref.bse[names] * factor, rtol=1e-6)
    # reference row; endpoints pool relative periods −5..−3 and 2..4
    assert table.loc[-1, "estimate"] == 0 and table.loc[-1, "reference"]
    assert table["n_rel_periods"].to_dict() == {-3: 3, -2: 1, -1: 1, 0: 1, 1: 1, 2: 3}
    # pre-trend: F = W / q with W from the (rescaled) reference covariance of the leads
    leads = ["event[-3]", "event[-2]"]
    b, V = ref.params[leads].to_numpy(), ref.cov_params().loc[leads, leads].to_numpy() * factor**2
    from scipy import stats

    W = b @ np.linalg.solve(V, b)
    assert res.pretrend.chi2 == pytest.approx(W, rel=1e-6)
    assert (res.pretrend.df, res.pretrend.df_denom) == (2, 35)
    assert res.pretrend.p_value == pytest.approx(stats.f.sf(W / 2, 2, 35), rel=1e-5)


# --------------------------------------------------------------------------------------------------
# matched comparison


def test_matched_comparison_is_optimal_mahalanobis_matching():
    rng = np.random.default_rng(6)
    n_units, n_periods = 9, 6
    level, trend = rng.uniform(1, 8, n_units)[:, None], rng.normal(0, 1, n_units)[:, None]
    y = rng.poisson(level * np.linspace(0.7, 1.3, n_periods) ** trend)
    units = [f"c{i}" for i in range(n_units)]
    panel = pd.DataFrame(
        {
            "cell_id": np.repeat(units, n_periods),
            "period": np.tile(pd.date_range("2024-01-01", periods=n_periods, freq="MS"), n_units),
            "n": y.ravel(),
        }
    )
    treated = units[:3]
    out = matched_comparison(panel, treated=treated, start="2024-05-01", k=1)
    pre = y[:, :4].astype(float)
    features = np.column_stack([pre.mean(axis=1), np.polyfit(np.arange(4), pre.T, 1)[0]])
    assert_allclose(out.set_index("treated").loc[treated, "treated_pre_slope"], features[:3, 1], atol=1e-12)
    D = cdist(features[:3], features[3:], "mahalanobis", VI=np.linalg.inv(np.cov(features, rowvar=False)))
    best = min(itertools.permutations(range(6), 3), key=lambda c: sum(D[i, j] for i, j in enumerate(c)))
    assert out["comparison"].tolist() == [units[3 + j] for j in best]
    assert_allclose(out["distance"], [D[i, j] for i, j in enumerate(best)], rtol=1e-10)
    # with replacement: each treated unit's two nearest candidates, ranked
    near = matched_comparison(panel, treated=treated, start="2024-05-01", k=2, replace=True)
    for i, u in enumerate(treated):
        rows = near[near["treated"] == u]
        assert rows["comparison"].tolist() == [units[3 + j] for j in np.argsort(D[i])[:2]]
        assert rows["match"].tolist() == [1, 2]
    with pytest.raises(ValueError, match="exceeds"):
        matched_comparison(panel, treated=treated, start="2024-05-01", k=3)


# --------------------------------------------------------------------------------------------------
# interrupted time series


def test_newey_west_lag_rule():
    assert [newey_west_lags(n) for n in (24, 36, 100, 500)] == [2, 3, 4, 5]


def test_its_hac_se_equals_a_hand_written_bartlett_sandwich():
    rng = np.random.default_rng(7)
    n, t0 = 30, 18
    e = np.zeros(n)
    for t in range(1, n):
        e[t] = 0.5 * e[t - 1] + rng.normal()
    t = np.arange(n, dtype=float)
    y = 10 + 0.2 * t - 3 * (t >= t0) + 0.1 * (t - t0) * (t >= t0) + e
    series = pd.Series(y, index=pd.date_range("2022-01-01", periods=n, freq="MS"))
    res = interrupted_time_series(series, start=series.index[t0])
    assert res.maxlags == 3  # floor(4 · (30/100)^(2/9)) = floor(3.06)
    X = np.column_stack([np.ones(n), t, t >= t0, (t - t0) * (t >= t0)]).astype(float)
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    u = y - X @ beta
    scores = X * u[:, None]
    L = 3
    S = scores.T @ scores
    for lag in range(1, L + 1):
        w = 1 - lag / (L + 1)
        gamma = scores[lag:].T @ scores[:-lag]
        S += w * (gamma + gamma.T)
    bread = np.linalg.inv(X.T @ X)
    V = bread @ S @ bread * n / (n - 4)  # statsmodels' use_correction=True: T / (T − k), as Stata's newey
    assert_allclose(res.table["estimate"], beta, rtol=1e-10)
    assert_allclose(res.table["se"], np.sqrt(np.diag(V)), rtol=1e-10)


def test_its_recovers_level_and_slope_changes_and_the_counterfactual():
    rng = np.random.default_rng(8)
    n, t0 = 60, 36
    index = pd.date_range("2020-01-01", periods=n, freq="MS")
    t = np.arange(n, dtype=float)
    season = 2.0 * np.cos(2 * np.pi * (index.month.to_numpy() - 7) / 12)
    y = 50 + 0.3 * t - 6 * (t >= t0) - 0.4 * (t - t0) * (t >= t0) + season + rng.normal(0, 0.5, n)
    res = interrupted_time_series(pd.Series(y, index=index), start="2023-01-01", season=12)
    table = res.table
    assert table.loc["level_change", "ci_low"] < -6 < table.loc["level_change", "ci_high"]
    assert table.loc["slope_change", "ci_low"] < -0.4 < table.loc["slope_change", "ci_high"]
    assert table.loc["level_change", "estimate"] == pytest.approx(-6, abs=0.6)
    assert table.loc["slope_change", "estimate"] == pytest.approx(-0.4, abs=0.06)
    # the counterfactual continues the pre-period line (with its seasons) after the start, NaN before
    b = res.result.params
    season_terms = res.result.model.exog[:, 4:] @ b.iloc[4:].to_numpy()
    expected = b["baseline_level"] + b["pre_slope"] * t + season_terms
    assert res.lines["counterfactual"].iloc[:t0].isna().all()
    assert_allclose(res.lines["counterfactual"].iloc[t0:], expected[t0:], rtol=1e-12)
    assert_allclose(res.lines["fitted"], res.result.fittedvalues, rtol=1e-12)


# --------------------------------------------------------------------------------------------------
# Demo City: the street-sweeper pilot


@pytest.fixture(scope="module")
def pilot(demo_city):
    """Cubes of the pilot's class and of every other class, the pilot's cells, start and multiplier.

    The generator (demo/cases.py) multiplies the Poisson intensity of the whole big class
    事件/市容环境 (PILOT_CLASS) in the pilot street's cells by PILOT_EFFECT from PILOT_START, before the
    subcategory (暴露垃圾 among six) is drawn: the planted effect is on the class, which is what is
    analysed here. (暴露垃圾 alone carries the same multiplier but fewer cases, and the intensifying
    暴露垃圾 hot spot adds extra cases of that subcategory only.)
    """
    truth = demo_city.truth["cases"]
    planted = truth["pilot"]
    cells, cases = demo_city.tables["grid_cells"], demo_city.tables["cases"]
    grid = UnitGrid.from_cells(cells, crs=demo_city.truth["crs"])
    in_class = (cases["case_type"] == planted["case_type"]) & (cases["category"] == planted["category"])
    first, last = truth["period"]
    cube = aggregate_cases(cases[in_class], grid=grid, cells=cells, start=first, end=last)
    others = aggregate_cases(cases[~in_class], grid=grid, cells=cells, start=first, end=last)
    treated = cells.loc[cells["street"] == planted["street"], "cell_id"].tolist()
    assert len(treated) == planted["n_cells"]
    return cube, others, treated, planted["start"], planted["effect_multiplier"]


def test_demo_pilot_rate_ratio_covers_the_planted_multiplier(pilot):
    cube, _, treated, start, multiplier = pilot
    res = did(cube, treated=treated, start=start)
    assert res.rate_ratio_ci[0] < multiplier < res.rate_ratio_ci[1]
    assert res.n_treated + res.n_comparison + res.n_dropped == cube["cell_id"].nunique()


def test_demo_pilot_rate_ratio_with_a_matched_comparison_group(pilot):
    # Matched on the pre-period level and trend of the *other* case classes (same cells, same
    # exposure, independent noise); matching on the analysed class's own sparse pre-period counts
    # would select comparison cells by their noise (regression to the mean; see matched_comparison).
    cube, others, treated, start, multiplier = pilot
    matches = matched_comparison(others, treated=treated, start=start, k=1)
    assert len(matches) == len(treated) and matches["comparison"].is_unique
    assert not set(matches["comparison"]) & set(treated)
    res = did(cube, treated=treated, start=start, comparison=matches["comparison"])
    assert res.n_comparison + res.n_treated + res.n_dropped == 2 * len(treated)
    assert res.rate_ratio_ci[0] < multiplier < res.rate_ratio_ci[1]


def test_demo_pilot_event_study_shows_no_pre_trend_and_a_drop(pilot):
    cube, _, treated, start, multiplier = pilot
    res = event_study(cube, treated=treated, start=start)
    assert res.pretrend.df == 11 and res.pretrend.p_value > 0.05
    # every coefficient is relative to period −1; the mean lag minus the mean lead cancels that
    # period's own noise and estimates log(multiplier)
    table = res.table[~res.table["reference"]]
    lags, leads = table[table["rel_period"] >= 0], table[table["rel_period"] < 0]
    assert (len(lags), len(leads)) == (13, 11)
    assert np.exp(lags["estimate"].mean() - leads["estimate"].mean()) == pytest.approx(multiplier, abs=0.15)


def test_demo_pilot_street_interrupted_time_series(pilot):
    # Monthly 市容环境 event counts of the pilot street on the log scale (OLS of log counts, month-of-
    # year dummies): the level change b2 estimates log(multiplier). (E[log y] − log E[y] ≈ −1/(2λ)
    # shifts both segments by ~0.01–0.02 at 25–50 cases a month: negligible here.)
    cube, _, treated, start, multiplier = pilot
    series = cube[cube["cell_id"].isin(treated)].groupby("period")["n"].sum()
    res = interrupted_time_series(series, start=start, season=12, log=True)
    level = res.table.loc["level_change"]
    assert level["ci_low"] < np.log(multiplier) < level["ci_high"]
    assert abs(level["estimate"] - np.log(multiplier)) < 2 * level["se"]
    assert res.maxlags == 3 and res.n_obs == 36


def test_period_effects_removed_from_the_structure_equal_the_explicit_dummy_projection():
    """The second FWL step computed from the dummies' structure equals the weighted least-squares
    projection on the explicit within-transformed period dummies, for unequal weights."""
    from governance_analytics.cases._twfe import within, without_period_effects

    rng = np.random.default_rng(3)
    n_units, n_periods, m = 7, 5, 3
    weights = rng.uniform(0.2, 3.0, (n_units, n_periods))
    values = within(rng.normal(size=(n_units, n_periods, m)), weights)
    dummies = np.broadcast_to(np.eye(n_periods)[:, 1:], (n_units, n_periods, n_periods - 1))
    D = within(dummies, weights).reshape(-1, n_periods - 1)
    Z, w = values.reshape(-1, m), weights.ravel()
    explicit = Z - D @ np.linalg.solve((D * w[:, None]).T @ D, (D * w[:, None]).T @ Z)
    assert_allclose(without_period_effects(values, weights).reshape(-1, m), explicit, atol=1e-12)
