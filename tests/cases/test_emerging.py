import esda
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from libpysal.weights import lat2SW, lat2W
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats

from governance_analytics.cases.emerging import (
    CATEGORIES,
    classify_emerging,
    emerging_hot_spots,
    mann_kendall,
    space_time_gi_star,
)
from governance_analytics.cases.hotspots import fdr
from governance_analytics.engines import aggregate_cases
from governance_analytics.grid import UnitGrid

# --------------------------------------------------------------------------------------------------
# Mann-Kendall


def test_mann_kendall_hand_worked_without_ties():
    # 1 3 2 5 4: concordant pairs 8, discordant (3,2) and (5,4) → S = 6
    # Var(S) = n(n−1)(2n+5)/18 = 5·4·15/18 = 50/3; Z = (6 − 1)/√(50/3) = 1.2247449; p = 0.2206714
    s, z, p = mann_kendall(np.array([1.0, 3.0, 2.0, 5.0, 4.0]))
    assert s == 6
    assert z == pytest.approx(1.2247449, abs=1e-7)
    assert p == pytest.approx(0.2206714, abs=1e-7)


def test_mann_kendall_hand_worked_with_ties_and_decrease():
    # 3 2 2 1: S = −5 (the tied pair scores 0); one tie group of t = 2:
    # Var(S) = (4·3·13 − 2·1·9)/18 = 138/18; Z = (−5 + 1)/√(138/18) = −1.4446302
    s, z, p = mann_kendall(np.array([[3.0, 2.0, 2.0, 1.0]]))
    assert s[0] == -5
    assert z[0] == pytest.approx(-1.4446302, abs=1e-7)
    assert p[0] == pytest.approx(2 * stats.norm.sf(1.4446302), abs=1e-7)


def test_mann_kendall_all_tied_and_nan_rows():
    s, z, p = mann_kendall(np.array([[2.0, 2.0, 2.0], [1.0, np.nan, 3.0]]))
    assert (s[0], z[0], p[0]) == (0.0, 0.0, 1.0)
    assert np.isnan(s[1]) and np.isnan(z[1]) and np.isnan(p[1])


def test_mann_kendall_agrees_with_scipy_kendalltau():
    # scipy's asymptotic Kendall test of (t, y) has the same S and tie-corrected Var(S), without the
    # continuity correction: z_scipy = S / √Var(S), tau_b · √(n0 (n0 − n2)) = S
    rng = np.random.default_rng(7)
    y = rng.normal(size=(40, 15)).cumsum(axis=1)
    y[::3] = np.round(y[::3])  # rows with ties
    s, z, p = mann_kendall(y)
    t = np.arange(y.shape[1])
    n0 = 15 * 14 / 2
    for row, s_i, z_i in zip(y, s, z):
        res = stats.kendalltau(t, row, method="asymptotic")
        _, counts = np.unique(row, return_counts=True)
        n2 = (counts * (counts - 1) / 2).sum()
        assert s_i == pytest.approx(res.statistic * np.sqrt(n0 * (n0 - n2)))
        z_scipy = stats.norm.isf(res.pvalue / 2) * np.sign(s_i)
        var = (s_i / z_scipy) ** 2
        assert z_i == pytest.approx((s_i - np.sign(s_i)) / np.sqrt(var), rel=1e-6)
    assert_allclose(p, 2 * stats.norm.sf(np.abs(z)))


# --------------------------------------------------------------------------------------------------
# space-time Gi*


def _dense_gi_star(x: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    """Textbook Gi* over a dense (n·T × n·T) space-time weights matrix, bin index i·T + t."""
    n, n_times = x.shape
    ws = w + np.eye(n)
    big = np.zeros((n * n_times, n * n_times))
    for i in range(n):
        for t in range(n_times):
            for j in range(n):
                for s in range(max(0, t - k), t + 1):
                    big[i * n_times + t, j * n_times + s] = ws[i, j]
    v = x.ravel()
    big_n = v.size
    mean, sd = v.mean(), np.sqrt((v**2).mean() - v.mean() ** 2)
    w_sum, w_sq = big.sum(axis=1), (big**2).sum(axis=1)
    with np.errstate(invalid="ignore"):  # 0/0 where the neighbourhood is the whole cube
        z = (big @ v - mean * w_sum) / (sd * np.sqrt((big_n * w_sq - w_sum**2) / (big_n - 1)))
    return z.reshape(n, n_times)


@pytest.mark.parametrize("k", [0, 1, 2, 5])
def test_space_time_gi_star_matches_dense_computation(k):
    rng = np.random.default_rng(k)
    x = rng.poisson(4.0, size=(9, 4)).astype(float)
    x[4, 3] += 12  # a hot bin in the centre, last step
    w = lat2SW(3, 3, criterion="queen")
    z, p = space_time_gi_star(x, w, time_window=k)
    expected = _dense_gi_star(x, w.toarray(), k)
    assert_allclose(z, expected, rtol=1e-12, atol=1e-12)
    assert_allclose(p, 2 * stats.norm.sf(np.abs(expected)))


def test_space_time_gi_star_single_step_equals_esda_g_local_star():
    rng = np.random.default_rng(3)
    y = rng.poisson(5, 25).astype(float)
    g = esda.G_Local(y, lat2W(5, 5, rook=False), transform="B", star=True, permutations=0)
    z, p = space_time_gi_star(y[:, None], lat2SW(5, 5, criterion="queen"), time_window=0)
    assert_allclose(z[:, 0], g.Zs, atol=1e-12)
    assert_allclose(p[:, 0], 2 * g.p_norm, atol=1e-12)  # esda's p_norm is one-sided


def test_space_time_gi_star_ignores_a_given_diagonal_and_accepts_dense_weights():
    rng = np.random.default_rng(0)
    x = rng.poisson(3.0, size=(9, 5))
    w = lat2SW(3, 3, criterion="queen")
    z, _ = space_time_gi_star(x, w)
    z_diag, _ = space_time_gi_star(x, w.toarray() + 5 * np.eye(9))
    assert_allclose(z_diag, z)


def test_space_time_gi_star_constant_cube_and_bad_input():
    z, p = space_time_gi_star(np.ones((9, 3)), lat2SW(3, 3))
    assert np.isnan(z).all() and np.isnan(p).all()
    with pytest.raises(ValueError, match="shape"):
        space_time_gi_star(np.ones((8, 3)), lat2SW(3, 3))
    with pytest.raises(ValueError, match="missing"):
        space_time_gi_star(np.full((9, 3), np.nan), lat2SW(3, 3))
    with pytest.raises(ValueError, match="time_window"):
        space_time_gi_star(np.ones((9, 3)), lat2SW(3, 3), time_window=-1)


# --------------------------------------------------------------------------------------------------
# classify_emerging, case by case
#
# A location's series is written as a string, one symbol per time step: "H" significant hot bin,
# "C" significant cold bin, "." not significant; and a trend of z: "up", "down" or "flat".


def _series(pattern: str, trend: str = "flat") -> tuple[np.ndarray, np.ndarray]:
    """z and p of a pattern: |z| = 2 plus a ramp that makes z rise ("up"), fall ("down") or zigzag
    without a trend ("flat"), keeping each bin's sign; p = 0.01 for H and C, 0.6 for "."."""
    sign = np.array([{"H": 1.0, "C": -1.0, ".": 0.0}[c] for c in pattern])
    t = np.arange(len(pattern))
    rise, fall = 0.5 * t, 0.5 * (len(pattern) - 1 - t)
    if trend == "flat":
        z = sign * (2.0 + 0.3 * (t % 2))
    else:  # hot bins grow with z, cold bins shrink in magnitude as z rises
        z = np.where(sign > 0, 2.0 + (rise if trend == "up" else fall), 0.0)
        z = np.where(sign < 0, -2.0 - (fall if trend == "up" else rise), z)
    return z, np.where(sign != 0, 0.01, 0.6)


def _classify(pattern: str, trend: str = "flat", **kw) -> str:
    z, p = _series(pattern, trend)
    return classify_emerging(z[None, :], p[None, :], **kw)[0]


def _mirror(pattern: str, trend: str) -> tuple[str, str]:
    swap = {"H": "C", "C": "H", ".": "."}
    return "".join(swap[c] for c in pattern), {"up": "down", "down": "up", "flat": "flat"}[trend]


HOT_CASES = [
    # new: significant hot at the final step only
    ("...........H", "flat", "new hot spot"),
    ("CC.........H", "flat", "new hot spot"),  # cold history: new wins over oscillating
    # consecutive: a final run of >= 2 hot bins, never hot before it, < 90 % hot
    ("..........HH", "flat", "consecutive hot spot"),
    ("...HHHHHHHHH", "up", "consecutive hot spot"),  # 9/12 = 75 %: trend irrelevant
    ("C.......HHHH", "flat", "consecutive hot spot"),  # cold history: consecutive wins over oscillating
    ("..HHHHHHHH", "flat", "consecutive hot spot"),  # 8/10 = 80 %
    # >= 90 % hot, final hot: trend decides
    ("HHHHHHHHHHHH", "up", "intensifying hot spot"),
    (".HHHHHHHHHHH", "up", "intensifying hot spot"),  # 11/12
    ("HHHHHHHHHHHH", "flat", "persistent hot spot"),
    ("HHHH.HHHHHHH", "flat", "persistent hot spot"),
    ("HHHHHHHHHHHH", "down", "diminishing hot spot"),
    (".HHHHHHHHH", "flat", "persistent hot spot"),  # exactly 90 % (9/10): a run, but not < 90 %
    ("H.HHHHHHHHH.HHHHHHHH", "flat", "persistent hot spot"),  # exactly 90 % (18/20)
    ("H.HHHHHHHH..HHHHHHHH", "flat", "sporadic hot spot"),  # 17/20 = 85 %
    # < 90 % hot, final hot, hot before the final run
    ("H..H..H....H", "flat", "sporadic hot spot"),
    ("H.........HH", "flat", "sporadic hot spot"),  # hot before the final run: not consecutive
    ("HHHHHHHHH..H", "flat", "sporadic hot spot"),  # 10/12 = 83 %
    ("HHHHHHHHHH.H", "flat", "persistent hot spot"),  # 11/12 = 92 %, final hot
    ("C..H..H....H", "flat", "oscillating hot spot"),
    ("H..C.......H", "flat", "oscillating hot spot"),
    # final not significant
    ("HHHHHHHHHHH.", "flat", "historical hot spot"),  # 11/12
    ("HHHHHHHHH.", "down", "historical hot spot"),  # exactly 90 % (9/10)
    ("HHHHHHHHHH..", "flat", "no pattern"),  # 10/12 = 83 %
    ("H.H.........", "flat", "no pattern"),
]


@pytest.mark.parametrize(("pattern", "trend", "expected"), HOT_CASES)
def test_classify_hot_cases(pattern, trend, expected):
    assert _classify(pattern, trend) == expected


@pytest.mark.parametrize(("pattern", "trend", "expected"), HOT_CASES)
def test_classify_cold_mirrors(pattern, trend, expected):
    cold_pattern, cold_trend = _mirror(pattern, trend)
    assert _classify(cold_pattern, cold_trend) == expected.replace("hot spot", "cold spot")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("HHHHHHHHHHHC", "new cold spot"),  # >= 90 % hot, turns cold: the final state decides
        ("HHHHHHHHHHCC", "consecutive cold spot"),
        ("HHHHHHHHHCHC", "oscillating cold spot"),
        ("............", "no pattern"),
        ("C", "new cold spot"),  # a single time step
    ],
)
def test_classify_ties_between_families(pattern, expected):
    assert _classify(pattern) == expected


def test_classify_all_17_categories_in_one_call():
    twelve = [case for case in HOT_CASES if len(case[0]) == 12]
    cases = [(p, t) for p, t, _ in twelve] + [_mirror(p, t) for p, t, _ in twelve]
    expected = [e for _, _, e in twelve] + [e.replace("hot spot", "cold spot") for _, _, e in twelve]
    z, p = map(np.array, zip(*(_series(*c) for c in cases)))
    got = classify_emerging(z, p)
    assert got.dtype == object and got.tolist() == expected and set(got) == set(CATEGORIES)
    assert len(CATEGORIES) == 17 and len(set(CATEGORIES)) == 17
    assert CATEGORIES[:8] == (
        "new hot spot",
        "consecutive hot spot",
        "intensifying hot spot",
        "persistent hot spot",
        "diminishing hot spot",
        "sporadic hot spot",
        "oscillating hot spot",
        "historical hot spot",
    )
    assert CATEGORIES[8:16] == tuple(c.replace("hot", "cold") for c in CATEGORIES[:8])
    assert CATEGORIES[16] == "no pattern"


def test_classify_significance_levels_and_missing_p():
    z, p = _series("HHHHHHHHHHHH", "up")
    assert classify_emerging(z[None], p[None], trend_alpha=1e-9)[0] == "persistent hot spot"
    assert classify_emerging(z[None], p[None], alpha=0.01)[0] == "no pattern"  # p = 0.01 is not < 0.01
    p_nan = p.copy()
    p_nan[:] = np.nan
    assert classify_emerging(z[None], p_nan[None])[0] == "no pattern"
    with pytest.raises(ValueError, match="shape"):
        classify_emerging(z[None], p[None, :-1])


# --------------------------------------------------------------------------------------------------
# emerging_hot_spots: a synthetic cube with planted patterns, table mechanics, the Demo City

N_SIDE, N_STEPS, BACKGROUND, BLOCK = 30, 24, 10.0, 6


def _planted_blocks() -> dict[str, tuple[slice, slice, np.ndarray]]:
    t = np.arange(N_STEPS)
    a, b, c = slice(3, 3 + BLOCK), slice(12, 12 + BLOCK), slice(21, 21 + BLOCK)
    bg = BACKGROUND
    return {
        "persistent hot spot": (a, a, np.full(N_STEPS, 3 * bg)),
        "new hot spot": (a, c, np.r_[np.full(N_STEPS - 1, bg), 4 * bg]),
        "intensifying hot spot": (c, a, bg * (2.5 + 2.5 * t / (N_STEPS - 1))),
        "diminishing hot spot": (c, c, bg * (5.0 - 2.5 * t / (N_STEPS - 1))),
        "persistent cold spot": (b, b, np.full(N_STEPS, 0.2 * bg)),
    }


def _synthetic_cube(seed: int = 2) -> pd.DataFrame:
    lam = np.full((N_SIDE, N_SIDE, N_STEPS), BACKGROUND)
    for block_rows, block_cols, series in _planted_blocks().values():
        lam[block_rows, block_cols, :] = series
    counts = np.random.default_rng(seed).poisson(lam)
    rows, cols = np.divmod(np.arange(N_SIDE * N_SIDE), N_SIDE)
    return pd.DataFrame(
        {
            "row": np.repeat(rows, N_STEPS),
            "col": np.repeat(cols, N_STEPS),
            "period": np.tile(pd.date_range("2024-01-01", periods=N_STEPS, freq="MS").to_numpy(), N_SIDE * N_SIDE),
            "n": counts.reshape(-1).astype("int64"),
        }
    )


def test_emerging_hot_spots_recovers_planted_patterns():
    # Replicate cubes, because the share of a persistent block recovered varies a lot from cube to
    # cube: with time_window = 1 consecutive Gi* z-scores share half their bins (lag-1 correlation
    # ~0.5), and the Mann-Kendall test, which assumes independence, then finds a "significant" trend
    # in ~15 % of trendless z series instead of 5 % — so ~15 % of persistent cells come out as
    # intensifying or diminishing, in spatially clustered patches. Averaged over replicates each
    # planted pattern is recovered on >= 80 % of its cells; the emerging patterns in every replicate.
    w = lat2SW(N_SIDE, N_SIDE, criterion="queen")
    shares = []
    for seed in range(20):
        out = emerging_hot_spots(_synthetic_cube(seed), w, fdr=False)  # ArcGIS's rules before its FDR
        category = out["category"].to_numpy().reshape(N_SIDE, N_SIDE)
        shares.append(
            {name: float(np.mean(category[rows, cols] == name)) for name, (rows, cols, _) in _planted_blocks().items()}
        )
    assert list(out.columns) == [
        "row",
        "col",
        "analysed",
        "category",
        "n_significant_hot",
        "n_significant_cold",
        "trend_z",
        "trend_p",
        "final_z",
        "final_p",
        "temporal_p",
    ]
    assert len(out) == N_SIDE**2 and (out["row"] * N_SIDE + out["col"]).tolist() == list(range(N_SIDE**2))
    shares = pd.DataFrame(shares)
    assert (shares.mean() >= 0.8).all(), shares.mean().to_dict()
    emerging = ["new hot spot", "intensifying hot spot", "diminishing hot spot"]
    assert (shares[emerging].min() >= 0.8).all(), shares[emerging].min().to_dict()


def test_emerging_hot_spots_table_agrees_with_the_array_functions():
    cube = _synthetic_cube(seed=5)
    w = lat2SW(N_SIDE, N_SIDE, criterion="queen")
    out = emerging_hot_spots(cube, w, time_window=2, alpha=0.05, fdr=False)
    x = cube["n"].to_numpy().reshape(N_SIDE**2, N_STEPS)
    assert (x.sum(axis=1) > 0).all()  # every location has data: all analysed
    z, p = space_time_gi_star(x, w, time_window=2)
    _, trend_z, trend_p = mann_kendall(z)
    assert_array_equal(out["category"].to_numpy(dtype=object), classify_emerging(z, p, alpha=0.05))
    assert_array_equal(out["n_significant_hot"], ((p < 0.05) & (z > 0)).sum(axis=1))
    assert_array_equal(out["n_significant_cold"], ((p < 0.05) & (z < 0)).sum(axis=1))
    assert_allclose(
        out[["trend_z", "trend_p", "final_z", "final_p"]].to_numpy(), np.c_[trend_z, trend_p, z[:, -1], p[:, -1]]
    )
    with_fdr = emerging_hot_spots(cube, w, time_window=2, alpha=0.05)  # ArcGIS: FDR over every bin first
    p_fdr = fdr(p)[0]
    assert_array_equal(with_fdr["category"].to_numpy(dtype=object), classify_emerging(z, p_fdr, alpha=0.05))
    assert_allclose(with_fdr["final_p"], p_fdr[:, -1])


def test_emerging_hot_spots_orders_locations_by_sorted_id_whatever_the_row_order():
    cube = _synthetic_cube(seed=1)
    w = lat2SW(N_SIDE, N_SIDE, criterion="queen")
    expected = emerging_hot_spots(cube, w)
    labelled = cube.assign(cell_id=[f"C{r:02d}{c:02d}" for r, c in zip(cube["row"], cube["col"])])
    shuffled = labelled.drop(columns=["row", "col"]).sample(frac=1.0, random_state=0)
    out = emerging_hot_spots(shuffled, w)
    assert out["cell_id"].is_monotonic_increasing
    assert_array_equal(out["category"], expected["category"])
    assert_allclose(out["final_z"], expected["final_z"])


def test_emerging_hot_spots_rejects_incomplete_or_duplicated_cubes():
    cube = _synthetic_cube()
    w = lat2SW(N_SIDE, N_SIDE, criterion="queen")
    with pytest.raises(ValueError, match="missing from the cube"):
        emerging_hot_spots(cube.iloc[1:], w)
    with pytest.raises(ValueError, match="more than once"):
        emerging_hot_spots(pd.concat([cube, cube.iloc[:1]]), w)
    with pytest.raises(ValueError, match="lacks column"):
        emerging_hot_spots(cube, w, value="n_closed")
    with pytest.raises(ValueError, match="weights has shape"):
        emerging_hot_spots(cube, lat2SW(N_SIDE, N_SIDE - 1))
    no_row = cube.astype({"row": "Int64"})
    no_row.loc[0, "row"] = pd.NA
    with pytest.raises(ValueError, match="missing row or col or period"):
        emerging_hot_spots(no_row, w)
    with pytest.raises(ValueError, match="missing values"):
        emerging_hot_spots(cube.assign(n=cube["n"].where(cube.index > 0)), w)


def _queen_weights(cells: pd.DataFrame, grid: UnitGrid) -> sp.csr_array:
    """Queen contiguity of the grid's cells, in sorted ``cell_id`` order (the cube's order)."""
    ordered = cells.sort_values("cell_id")
    index = (ordered["row"] * grid.n_cols + ordered["col"]).to_numpy()
    full = sp.csr_array(lat2SW(grid.n_rows, grid.n_cols, criterion="queen"))
    return full[index][:, index]


def test_demo_city_planted_hot_spots_recovered(demo_city):
    # One analysis per planted subcategory on the quarterly cube (12 steps), as a planner asks "where
    # are 占道经营 cases emerging?", with the report's inference (hotspot_study): a 300 m band,
    # the computed randomisation null and FDR over the bins, Hamed-Rao trends with FDR across the locations
    # whose category hangs on them, and the temporal test. The cold park is found in the cube of all
    # cases. Gi* is a statistic of the neighbourhood, so
    # - recall counts a planted hot cell, and a park cell whose whole band lies in the park;
    # - a hot discovery is false when its band reaches no planted cell of its subcategory, a cold one
    #   when its band's expected count (the manifest's) is not below the city's mean.
    from scipy.spatial import cKDTree

    from governance_analytics.cases.weights import distance_band_weights
    from governance_analytics.specs import HotspotSpec

    spec = HotspotSpec()
    cells, cases = demo_city.tables["grid_cells"], demo_city.tables["cases"]
    truth = demo_city.truth["cases"]
    grid = UnitGrid.from_cells(cells)
    ordered = cells.sort_values("cell_id").reset_index(drop=True)
    xy = ordered[["x", "y"]].to_numpy()
    band = distance_band_weights(xy[:, 0], xy[:, 1], spec.band_m)
    first, last = truth["period"]
    park = ordered["cell_id"].isin(truth["coldspot"]["cell_ids"]).to_numpy()
    core = park & (cKDTree(xy[~park]).query(xy)[0] > spec.band_m)
    expected = pd.Series(truth["expected_cases"]).reindex(ordered["cell_id"]).to_numpy()
    truly_cold = (band @ expected + expected) / (np.asarray(band.sum(axis=1)).ravel() + 1) < expected.mean()
    spots = {s["subcategory"]: [] for s in truth["hotspots"]} | {None: []}
    for spot in truth["hotspots"]:
        spots[spot["subcategory"]].append(spot)
    recalled, discoveries = {}, {}
    for subcategory, planted in spots.items():
        chosen = cases if subcategory is None else cases[cases["subcategory"] == subcategory]
        cube = aggregate_cases(chosen, grid=grid, cells=cells, freq="QS", start=first, end=last)
        out = emerging_hot_spots(
            cube,
            band,
            alpha=spec.alpha,
            inference=spec.inference,
            temporal_test=spec.temporal_test,
            trend_correction="hamed_rao",
            trend_fdr=True,
            seed=1,
        )
        category, analysed = out["category"].to_numpy(), out["analysed"].to_numpy()
        if subcategory is None:
            recalled["persistent cold spot"] = category[core & analysed] == "persistent cold spot"
            cold = pd.Series(category).str.endswith("cold spot").to_numpy()
            discoveries["cold"] = truly_cold[cold]
            continue
        ids = ordered["cell_id"].isin([c for s in planted for c in s["cell_ids"]]).to_numpy()
        for spot in planted:
            inside = ordered["cell_id"].isin(spot["cell_ids"]).to_numpy()
            recalled.setdefault(spot["expected_category"], [])
            recalled[spot["expected_category"]] = np.r_[
                recalled[spot["expected_category"]], category[inside & analysed] == spot["expected_category"]
            ]
        near = (band @ ids.astype(float) > 0) | ids
        hot = pd.Series(category).str.endswith("hot spot").to_numpy()
        discoveries[subcategory] = near[hot]
    assert set(recalled) == {
        "persistent hot spot",
        "new hot spot",
        "consecutive hot spot",
        "intensifying hot spot",
        "diminishing hot spot",
        "persistent cold spot",
    }
    recall = {name: float(np.mean(found)) for name, found in recalled.items()}
    false_discovery = {name: 1 - float(np.mean(true)) for name, true in discoveries.items()}
    assert min(recall.values()) >= 0.9, recall
    assert max(false_discovery.values()) <= 0.1, false_discovery
    assert len(recalled["persistent cold spot"]) > 60 and len(discoveries["cold"]) > 1000


def test_queen_weights_from_cells_equal_explicit_weights(demo_city):
    cells, cases = demo_city.tables["grid_cells"], demo_city.tables["cases"]
    grid = UnitGrid.from_cells(cells)
    cube = aggregate_cases(cases[cases["subcategory"] == "施工扰民"], grid=grid, cells=cells, freq="QS")
    explicit = emerging_hot_spots(cube, _queen_weights(cells, grid))
    by_name = emerging_hot_spots(cube, "queen", cells=cells)
    pd.testing.assert_frame_equal(by_name.drop(columns=["row", "col"]), explicit)
    assert by_name[["row", "col"]].notna().all().all()
    with pytest.raises(ValueError, match="needs the cells' row/col"):
        emerging_hot_spots(cube, "queen")


def test_category_counts_table():
    from governance_analytics.cases.emerging import category_counts

    a = pd.DataFrame({"category": ["new hot spot", "no pattern", "no pattern"]})
    b = pd.DataFrame({"category": ["persistent cold spot"]})
    table = category_counts({"a": a, "b": b})
    assert list(table.columns) == ["new hot spot", "persistent cold spot", "no pattern"]
    assert table.loc["a"].tolist() == [1, 0, 2] and table.loc["b"].tolist() == [0, 1, 0]
