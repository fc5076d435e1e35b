"""Emerging hot spots that hold on sparse counts (issue 16): calibrated under nulls with nothing to find,
only locations with data, permutation p-values of the space-time Gi*, the temporal test against
shuffled time steps, and Mann–Kendall with Hamed–Rao's correction equal to pymannkendall."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymannkendall as pmk
import pytest
from libpysal.weights import lat2SW
from numpy.testing import assert_allclose, assert_array_equal

from governance_analytics.cases._emerging_inference import (
    shuffle_steps,
    space_time_pseudo_p,
    space_time_weights,
)
from governance_analytics.cases.emerging import CATEGORIES, emerging_hot_spots, space_time_gi_star
from governance_analytics.cases.mann_kendall import mann_kendall

TREND = [c for c in CATEGORIES if c.split(" ")[0] in ("new", "consecutive", "intensifying", "diminishing")]


def _cube(counts: np.ndarray, side: int) -> pd.DataFrame:
    steps = counts.shape[1]
    rows, cols = np.divmod(np.arange(side * side), side)
    return pd.DataFrame(
        {
            "row": np.repeat(rows, steps),
            "col": np.repeat(cols, steps),
            "period": np.tile(np.arange(steps), side * side),
            "n": counts.ravel(),
        }
    )


# ----------------------------------------------------------------------------------- calibration
@pytest.mark.parametrize("side, steps, mean", [(40, 24, 0.3), (40, 24, 0.05), (30, 12, 2.0), (20, 40, 0.1)])
def test_under_independent_poisson_counts_almost_no_cell_gets_a_pattern(side, steps, mean):
    """No structure in space or time: with FDR on every bin (the default, as ArcGIS), at most 5 % of
    the cells with data get any category; without it, ArcGIS's bare rules give several percent."""
    w = lat2SW(side, side, criterion="queen")
    with_fdr, without = [], []
    for seed in range(2):
        cube = _cube(np.random.default_rng(seed).poisson(mean, size=(side * side, steps)), side)
        for shares, options in ((with_fdr, {}), (without, {"fdr": False})):
            out = emerging_hot_spots(cube, w, **options)
            shares.append((out.loc[out["analysed"], "category"] != "no pattern").mean())
    assert max(with_fdr) <= 0.05, with_fdr
    assert min(without) > max(with_fdr)  # the correction is what calibrates it


@pytest.mark.parametrize("inference", ["permutation", "convolution"])
def test_randomisation_inference_is_calibrated_too(inference):
    side, steps = 30, 24
    cube = _cube(np.random.default_rng(7).poisson(0.2, size=(side * side, steps)), side)
    out = emerging_hot_spots(
        cube, lat2SW(side, side, criterion="queen"), inference=inference, permutations=9999, seed=1
    )
    assert (out.loc[out["analysed"], "category"] != "no pattern").mean() <= 0.05


def test_trend_fdr_adjusts_the_locations_whose_category_hangs_on_the_trend():
    from governance_analytics.cases.emerging import _trend_fdr

    steps = 10
    z = np.ones((5, steps))
    z[3] = -1.0
    p = np.full((5, steps), 0.01)
    p[1, 0] = 0.5  # 9 of 10 significant hot, the final among them: exactly 90 %, so it hangs
    p[2, :2] = 0.5  # 8 of 10: sporadic or consecutive whatever the trend
    p[4, -1] = 0.5  # 9 of 10 but not the final: historical
    trend_p = np.array([0.01, 0.04, 0.001, 0.03, 0.002])
    # locations 0, 1 and 3 hang: BH over 0.01, 0.04, 0.03 (m = 3) → 0.03, 0.04, 0.04 (monotone from the top)
    assert_allclose(_trend_fdr(z, p, trend_p, 0.05), [0.03, 0.04, 0.001, 0.04, 0.002])
    cold_two = np.where(np.arange(steps) < 2, 0.5, 0.01)  # 8 of 10 cold: does not hang
    assert_allclose(_trend_fdr(-np.ones((1, steps)), cold_two[None], np.array([0.02]), 0.05), [0.02])


def test_trend_fdr_keeps_chance_trends_of_persistent_spots_out():
    """Many persistent spots and no trend anywhere: Mann-Kendall at 0.05 alone calls about 1 in 20
    intensifying or diminishing; with FDR across them (almost) none is."""
    side, steps = 30, 12
    rng = np.random.default_rng(3)
    lam = np.full((side, side, steps), 1.0)
    for r in range(0, side, 6):
        for c in range(0, side, 6):
            lam[r : r + 3, c : c + 3] = 15.0  # 25 blocks of 3 × 3 cells, hot in every step, no trend
    cube = _cube(rng.poisson(lam).reshape(side * side, steps), side)
    w = lat2SW(side, side, criterion="queen")
    trends = [f"{k} {f} spot" for k in ("intensifying", "diminishing") for f in ("hot", "cold")]
    plain = emerging_hot_spots(cube, w, fdr=True, inference="convolution", alpha=0.05, trend_alpha=0.05)
    adjusted = emerging_hot_spots(
        cube, w, fdr=True, inference="convolution", alpha=0.05, trend_alpha=0.05, trend_fdr=True
    )
    hot = plain["category"].isin([*trends, "persistent hot spot", "persistent cold spot"])
    assert (plain["category"] == "persistent hot spot").sum() >= 80
    assert plain["category"].isin(trends).sum() > adjusted["category"].isin(trends).sum()
    assert adjusted["category"].isin(trends).sum() <= 0.01 * hot.sum()
    assert_array_equal(adjusted.loc[~hot, "category"], plain.loc[~hot, "category"])


# ----------------------------------------------------------------------------------- locations with data
def test_a_location_without_data_is_never_classified_nor_a_neighbour():
    side, steps = 12, 10
    counts = np.random.default_rng(3).poisson(1.0, size=(side * side, steps))
    counts[5 * side + 5] = 0  # a cell with no case in any step, inside a planted hot block
    counts.reshape(side, side, steps)[3:8, 3:8, :] += 6
    counts[5 * side + 5] = 0
    out = emerging_hot_spots(_cube(counts, side), lat2SW(side, side, criterion="queen"), fdr=False)
    empty = out.iloc[5 * side + 5]
    assert not empty["analysed"] and empty["category"] == "no pattern" and np.isnan(empty["final_z"])
    assert out.drop(index=5 * side + 5)["analysed"].all()
    # the others' statistics are those of a cube without that cell (it is no one's neighbour)
    keep = np.arange(side * side) != 5 * side + 5
    w = lat2SW(side, side, criterion="queen").tocsr()[keep][:, keep]
    z, _ = space_time_gi_star(counts[keep], w)
    assert_allclose(out.loc[keep, "final_z"], z[:, -1])


# ----------------------------------------------------------------------------------- permutation p
def test_space_time_weights_are_the_bins_neighbourhoods():
    w = lat2SW(2, 2, criterion="rook")  # 0–1, 0–2, 1–3, 2–3
    st = space_time_weights(w, 3, time_window=1).toarray()
    # bin (0, t=2) neighbours: itself at t=1, and locations 1, 2 at t=1, 2
    neighbours = {(j, s) for j in range(4) for s in range(3) if st[0 * 3 + 2, j * 3 + s]}
    assert neighbours == {(0, 1), (1, 1), (1, 2), (2, 1), (2, 2)}
    assert np.diag(st).sum() == 0 and st[0 * 3 + 0].sum() == 2  # the first step has no earlier one


def test_permutation_p_agrees_with_a_brute_force_monte_carlo():
    """Each bin's neighbourhood drawn from the other bins, its own value held fixed, by a plain loop
    with independent draws: the shared-draw pseudo p-values agree within Monte Carlo error."""
    side, steps, perms = 5, 6, 4000
    rng = np.random.default_rng(11)
    x = rng.poisson(1.0, size=(side * side, steps)).astype(float)
    x[[0, 1, 2, 5, 6, 7, 10, 11, 12]] += 5  # a strong 3 × 3 block around location 6
    w = lat2SW(side, side, criterion="queen")
    p = space_time_pseudo_p(x, w, permutations=perms, seed=2)
    st = space_time_weights(w, steps).tocsr()
    flat, ref = x.ravel(), np.empty(x.size)
    for i in range(flat.size):
        cols = st.indices[st.indptr[i] : st.indptr[i + 1]]
        others = np.delete(flat, i)
        sims = np.array([rng.choice(others, size=len(cols), replace=False).sum() for _ in range(perms)])
        obs = flat[cols].sum()
        ref[i] = min(1.0, 2 * (min((sims >= obs).sum(), (sims <= obs).sum()) + 1) / (perms + 1))  # two-sided
    assert np.abs(p.ravel() - ref).max() < 2 * 4 * np.sqrt(0.25 / perms) + 1e-9
    # the centre of the block, whose whole neighbourhood is strong, in every step after the first; a
    # bin's own value is held fixed (as esda's conditional randomisation does for Gi*)
    assert p.ravel()[6 * steps + 1 : 7 * steps].max() < 0.01


# ----------------------------------------------------------------------------------- the temporal test
def test_shuffled_steps_keep_both_margins():
    counts = np.random.default_rng(0).poisson(0.7, size=(50, 8))
    shuffled = shuffle_steps(counts, np.random.default_rng(1))
    assert_array_equal(shuffled.sum(axis=1), counts.sum(axis=1))
    assert_array_equal(shuffled.sum(axis=0), counts.sum(axis=0))
    assert not np.array_equal(shuffled, counts)


def test_a_real_new_hot_spot_passes_and_a_spurious_trend_is_demoted():
    side, steps = 20, 16
    rng = np.random.default_rng(5)
    counts = rng.poisson(0.5, size=(side, side, steps))
    counts[4:8, 4:8, -1] += 8  # a new hot spot: only in the final step
    flat = counts.reshape(side * side, steps)
    w = lat2SW(side, side, criterion="queen")
    out = emerging_hot_spots(_cube(flat, side), w, temporal_test=49, seed=1)
    block = np.array([r * side + c for r in range(4, 8) for c in range(4, 8)])
    assert (out.loc[block, "category"] == "new hot spot").mean() >= 0.9
    assert (out.loc[block, "temporal_p"] <= 0.05).all()
    # the same cases with their steps shuffled: no temporal pattern left, so no trend category stays
    shuffled = shuffle_steps(flat, np.random.default_rng(9))
    null = emerging_hot_spots(_cube(shuffled, side), w, temporal_test=49, seed=1)
    assert null.loc[null["analysed"], "category"].isin(TREND).mean() <= 0.05
    kept = null["temporal_p"] <= 0.05
    assert (
        null.loc[kept, "category"].isin(TREND).all()
        and null.loc[~kept & null["temporal_p"].notna(), "category"]
        .isin(["sporadic hot spot", "sporadic cold spot", "persistent hot spot", "persistent cold spot"])
        .all()
    )


def test_the_temporal_test_needs_whole_counts():
    side = 6
    cube = _cube(np.random.default_rng(0).random(size=(side * side, 10)) * 3, side)
    with pytest.raises(ValueError, match="whole counts"):
        emerging_hot_spots(cube, lat2SW(side, side), temporal_test=9, fdr=False, alpha=0.9)


def test_sf_cases_with_their_dates_shuffled_get_almost_no_trend_category(shared_data):
    """Real cases (the SF311 sample, 7.5 years, quarterly steps, 100 m cells) with dates shuffled
    across cases: at most 5 % of the cells with cases in a trend category, as the report runs it
    (:class:`~governance_analytics.specs.HotspotSpec`'s band, inference, alpha and temporal test)."""
    import governance_analytics as ga
    from governance_analytics.cases.weights import distance_band_weights
    from governance_analytics.engines import aggregate_cases
    from governance_analytics.grid.extent import cells_with_cases
    from governance_analytics.specs import HotspotSpec

    spec = HotspotSpec()
    read = ga.io.read_cases(shared_data / "cases" / "sf311_sample_2008_2016" / "sf311_sample_10000.csv")
    cases = read.cases
    grid, cells, _ = cells_with_cases(cases, crs=read.crs)
    cases = cases.assign(
        created_at=np.random.default_rng(0).permutation(cases["created_at"].to_numpy()),
        cell_id=grid.lookup(cells, cases["x"], cases["y"]),
    )
    cube = aggregate_cases(cases, grid=grid, cells=cells, freq="QS", end="2015-10-01")
    ordered = cells.sort_values("cell_id")
    band = distance_band_weights(ordered["x"].to_numpy(), ordered["y"].to_numpy(), float(spec.band_m))
    out = emerging_hot_spots(
        cube,
        band,
        cells=cells,
        alpha=spec.alpha,
        inference=spec.inference,
        temporal_test=spec.temporal_test,
        trend_correction="hamed_rao",
        trend_fdr=True,
        seed=1,
    )
    assert out["analysed"].sum() > 4000
    share = out.loc[out["analysed"], "category"].isin(TREND).mean()  # 1.0 % of 4,271 cells
    assert share <= 0.05


# ----------------------------------------------------------------------------------- Hamed–Rao
def test_hamed_rao_equals_pymannkendall():
    rng = np.random.default_rng(0)
    series = np.cumsum(rng.normal(size=(60, 14)), axis=1)  # serially correlated
    series[1] = 1.0  # all tied
    series[2, :7] = 2.0  # ties
    series[3] = rng.integers(0, 3, 14)  # counts with ties
    s, z, p = mann_kendall(series, correction="hamed_rao")
    for row, (si, zi, pi) in enumerate(zip(s, z, p)):
        ref = pmk.hamed_rao_modification_test(series[row])
        assert si == ref.s and (zi, pi) == pytest.approx((ref.z, ref.p), abs=1e-12, nan_ok=True), row
    plain = mann_kendall(series)
    assert (np.abs(z[4:]) <= np.abs(plain[1][4:]) + 1e-12).mean() > 0.8  # positive autocorrelation widens Var(S)
    with pytest.raises(ValueError, match="correction"):
        mann_kendall(series, correction="yue_wang")


def test_final_means_by_hand():
    from governance_analytics.cases._emerging_inference import _final_means

    z = np.array([[1.0, 2.0, 3.0, 6.0], [4.0, np.nan, 1.0, 1.0], [5.0, 5.0, 5.0, 5.0]])
    assert_allclose(_final_means(z, np.array([2, 3, 0])), [4.5, np.nan, np.nan])  # 3 and 6; NaN inside; none
    assert_allclose(_final_means(z, np.array([4, 2, 1])), [3.0, 1.0, 5.0])
