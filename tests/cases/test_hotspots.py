import json
import warnings
from pathlib import Path

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from libpysal import examples
from libpysal.weights import Queen, lat2W, w_subset
from libpysal.weights import W as PysalW
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats
from statsmodels.stats.multitest import multipletests

from governance_analytics.cases import hotspots as hs
from governance_analytics.cases import lisa
from governance_analytics.cases import weights as cw
from governance_analytics.cases._permutation import conditional_lags

#: esda's permutation results on columbus, stored under their calls (``tests/cases/esda_reference.py``:
#: esda compiles its permutation code with numba on first use, about 40 s of every fresh test run)
ESDA = json.loads((Path(__file__).parents[1] / "data" / "esda_columbus_permutations.json").read_text())

# a 20 × 15 grid minus a band and a corner, leaving one detached cell (an island)
_R, _C = np.divmod(np.arange(300), 15)
_KEEP = ((_C < 6) | (_C > 8)) & ~((_R > 15) & (_C > 10))
_KEEP[17 * 15 + 14] = True
MASKED = np.flatnonzero(_KEEP)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal's island notes, esda's star/crand notices
        yield


@pytest.fixture(scope="module")
def columbus():
    return gpd.read_file(examples.get_path("columbus.shp"))


def _cases(columbus):
    """(label, values, our binary weights, a fresh-libpysal-W factory) for the equality tests."""
    rng = np.random.default_rng(11)
    grid_y = rng.poisson(4.0, 300).astype(float)
    grid_y[:40] += 6  # a planted cluster in the first rows
    queen = cw.polygon_weights(columbus)
    return [
        (
            "columbus HOVAL",
            columbus["HOVAL"].to_numpy(),
            queen,
            lambda: Queen.from_dataframe(columbus, use_index=False),
        ),
        (
            "columbus CRIME",
            columbus["CRIME"].to_numpy(),
            queen,
            lambda: Queen.from_dataframe(columbus, use_index=False),
        ),
        ("grid 20x15", grid_y, cw.grid_weights(20, 15), lambda: lat2W(20, 15, rook=False)),
        (
            "masked grid + island",
            grid_y[MASKED],
            cw.lattice_weights(_R[MASKED], _C[MASKED]),
            lambda: w_subset(lat2W(20, 15, rook=False), MASKED.tolist(), silence_warnings=True),
        ),
    ]


def test_gi_star_z_equals_esda(columbus):
    for label, y, W, lib in _cases(columbus):
        isl = cw.islands(W)
        for t in ("B", "R"):
            ref = esda.G_Local(y, lib(), transform=t, star=True, permutations=0)
            given = W if t == "B" else cw.row_standardise(W)  # weights as given: kind recognised
            for ours in (hs.gi_star(y, given), hs.gi_star(y, W, transform=t.lower())):
                assert ours.weights_kind == ("binary" if t == "B" else "row-standardised"), label
                ok = np.ones(y.size, bool)
                if t == "R":
                    ok[isl] = False  # esda: NaN for islands under "R"; ours: the island's own z
                assert_allclose(ours.z[ok], ref.Zs[ok], rtol=0, atol=1e-9, err_msg=f"{label} {t}")
                assert_allclose(ours.Gs[ok], ref.Gs[ok], rtol=1e-12, err_msg=label)
                assert_allclose(ours.EGs[ok], ref.EGs[ok], rtol=1e-12, err_msg=label)
                assert_allclose(ours.VGs[ok], ref.VGs[ok], rtol=1e-9, err_msg=label)
                assert_allclose(ours.p[ok], 2 * ref.p_norm[ok], rtol=1e-9)  # esda's p_norm is one-sided
                assert_allclose(ours.z[isl], (y[isl] - y.mean()) / y.std(), rtol=1e-12)


def test_gi_star_esda_docstring_values():
    # esda's G_Local docstring: points within 15 of each other, binary and row-standardised Gi*
    points = [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)]
    y = np.array([2, 3, 3.2, 5, 8, 7])
    x = np.array(points, dtype=float)
    W = cw.distance_band_weights(x[:, 0], x[:, 1], 15)
    binary = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]
    rowstd = [-0.62488094, -0.09144599, 0.41150696, -0.09144599, 0.24690418, 1.28024388]
    assert_allclose(hs.gi_star(y, W).z, binary, atol=1e-8)
    assert_allclose(hs.gi_star(y, W, transform="r").z, rowstd, atol=1e-8)
    assert_array_equal(hs.gi_star(y, W).bin, [0, 0, 0, 0, 0, 2])  # z = 2.02: p = 0.043 → 95 %


def test_confidence_bins_hand_checked():
    z = np.array([3.0, -2.0, 1.7, -1.0, 2.58, 2.57, -1.645, -1.65, 0.0])
    p = 2 * stats.norm.sf(np.abs(z))  # 0.0027 0.0455 0.0891 0.317 0.00988 0.01017 0.09997 0.0989 1
    assert_array_equal(hs.confidence_bins(z, p), [3, -2, 1, 0, 3, 2, -1, -1, 0])
    assert hs.confidence_bins(z, p).dtype == np.int8
    assert_array_equal(hs.confidence_bins([2.0, -5.0], [np.nan, 0.2]), [0, 0])


def test_gi_star_general_weights_ord_getis():
    # inverse-distance weights: Ord & Getis (1995) with self weight = the row maximum
    rng = np.random.default_rng(5)
    x, y = rng.random((2, 40)) * 10
    v = rng.gamma(2.0, 3.0, 40)
    W = cw.distance_band_weights(x, y, 3.0, binary=False)
    g = hs.gi_star(v, W)
    assert g.weights_kind == "general"
    D = W.toarray()
    np.fill_diagonal(D, np.where(D.max(axis=1) > 0, D.max(axis=1), 1.0))
    n, wi, s1 = v.size, D.sum(axis=1), (D**2).sum(axis=1)
    z = (D @ v - v.mean() * wi) / (v.std() * np.sqrt((n * s1 - wi**2) / (n - 1)))
    assert_allclose(g.z, z, rtol=1e-12)


def test_gi_star_permutations_reproducible_and_like_esda(columbus):
    y = columbus["CRIME"].to_numpy()
    W = cw.polygon_weights(columbus)
    a = hs.gi_star(y, W, permutations=999, seed=42)
    b = hs.gi_star(y, W, permutations=999, seed=np.random.default_rng(42))
    c = hs.gi_star(y, W, permutations=999, seed=43)
    assert_array_equal(a.p_sim, b.p_sim)
    assert not np.array_equal(a.p_sim, c.p_sim)
    assert hs.gi_star(y, W).p_sim is None
    ref = ESDA["G_Local CRIME"]
    assert np.corrcoef(hs.gi_star(y, W, permutations=9999, seed=1).p_sim, ref["p_sim"])[0, 1] > 0.98
    assert a.p_sim.min() >= 1 / 1000 and a.p_sim.max() <= 0.5 + 1 / 1000


def test_fdr_equals_statsmodels():
    rng = np.random.default_rng(0)
    p = np.concatenate([rng.uniform(size=400), rng.uniform(0, 0.002, 40), [0.01, 0.01, 0.01, 1.0, 0.0]])
    rng.shuffle(p)
    for alpha in (0.01, 0.05, 0.10):
        reject, adjusted = multipletests(p, alpha, method="fdr_bh")[:2]
        ours, rej = hs.fdr(p, alpha=alpha)
        assert_allclose(ours, adjusted, rtol=1e-15)
        assert_array_equal(rej, reject)
    # hand-checked: m = 4, p·m/rank = 0.04, 0.04, 0.04, 0.8 → monotone from the top
    assert_allclose(hs.fdr([0.01, 0.02, 0.03, 0.8])[0], [0.04, 0.04, 0.04, 0.8])
    # NaN (e.g. no test possible) stays NaN and is not counted in m
    adj, rej = hs.fdr([0.01, np.nan, 0.02])
    assert_allclose(adj, [0.02, np.nan, 0.02]) and rej.tolist() == [True, False, True]


def test_gi_star_table_fdr_by_default():
    rng = np.random.default_rng(2)
    y = rng.poisson(5.0, 900).astype(float)
    y[rng.random(900) < 0.02] += 25  # scattered spikes: some raw-p "hot spots" FDR removes
    y.reshape(30, 30)[10:15, 10:15] += 8  # a real cluster
    values = pd.Series(y, index=pd.Index([f"c{i:03d}" for i in range(900)], name="cell_id"))
    W = cw.grid_weights(30, 30)
    table = hs.gi_star_table(values, W)
    assert table.index.equals(values.index)
    assert list(table.columns) == ["gi_star", "z", "p", "p_fdr", "bin"]
    raw = hs.gi_star_table(values, W, fdr_correction=False)
    assert table["p_fdr"].ge(table["p"]).all() and raw["p_fdr"].isna().all()
    assert (table["bin"] != 0).sum() < (raw["bin"] != 0).sum()
    assert_array_equal(table["bin"], hs.confidence_bins(table["z"], hs.fdr(table["p"])[0]))
    assert (table["bin"].to_numpy().reshape(30, 30)[11:14, 11:14] == 3).all()  # the cluster's core


def test_local_moran_equals_esda(columbus):
    for label, y, W, lib in _cases(columbus):
        for t in ("r", "b"):
            ref = esda.Moran_Local(y, lib(), transformation=t, permutations=0)
            ours = lisa.local_moran(y, W, transform=t, permutations=0)
            assert_allclose(ours.Is, ref.Is, rtol=1e-12, atol=1e-12, err_msg=label)
            assert_array_equal(ours.q, ref.q, err_msg=label)
            assert_allclose(ours.EI, ref.EI, rtol=1e-12, atol=1e-15)
            assert_allclose(ours.VI, ref.VI, rtol=1e-9)
    # columbus CRIME: known quadrant counts (HH, LH, LL, HL)
    q = lisa.local_moran(columbus["CRIME"], cw.polygon_weights(columbus), permutations=0).q
    assert (
        np.bincount(q, minlength=5)[1:].tolist()
        == np.bincount(
            esda.Moran_Local(
                columbus["CRIME"].to_numpy(), Queen.from_dataframe(columbus, use_index=False), permutations=0
            ).q,
            minlength=5,
        )[1:].tolist()
    )


def test_local_moran_p_sim_agrees_with_esda(columbus):
    W = cw.polygon_weights(columbus)
    for col in ("HOVAL", "CRIME"):
        y = columbus[col].to_numpy()
        ref = {k: np.asarray(v) for k, v in ESDA[f"Moran_Local {col}"].items() if k != "call"}
        ours = lisa.local_moran(y, W, permutations=9999, seed=7)
        assert np.corrcoef(ours.p_sim, ref["p_sim"])[0, 1] > 0.95
        a, b = ours.p_sim < 0.05, ref["p_sim"] < 0.05
        assert (a & b).sum() >= 0.8 * max(a.sum(), b.sum())
        assert_allclose(ours.EI_sim, ref["EI_sim"], atol=0.05)
        assert_allclose(ours.seI_sim, ref["seI_sim"], rtol=0.05)
    again = lisa.local_moran(y, W, permutations=999, seed=7)
    assert_array_equal(again.p_sim, lisa.local_moran(y, W, permutations=999, seed=7).p_sim)


def _exact_conditional_moments(z, W):
    """Mean and variance of I_i when i's neighbours are drawn without replacement from the other n - 1."""
    n = z.size
    m2 = (z * z).sum() / n
    wi = np.asarray(W.sum(axis=1)).ravel()
    wi2 = np.asarray(W.multiply(W).sum(axis=1)).ravel()
    factor = (n - 1) * z / (n * m2)
    var_others = (n * m2 - z**2) / (n - 1) - z**2 / (n - 1) ** 2
    return factor * wi * (-z / (n - 1)), factor**2 * var_others * ((n - 1) * wi2 - wi**2) / (n - 2)


@pytest.mark.parametrize("weights", ["queen", "inverse distance"])
def test_conditional_randomisation_has_exact_moments(columbus, weights):
    # contiguity takes the equal-weights path, inverse distance the dense (BLAS) path
    y = columbus["CRIME"].to_numpy()
    if weights == "queen":
        W = cw.polygon_weights(columbus)
    else:
        W = cw.distance_band_weights(columbus["X"], columbus["Y"], 8.0, binary=False)
    lm = lisa.local_moran(y, W, permutations=20000, seed=3)
    mean, var = _exact_conditional_moments(lm.z, cw.row_standardise(W))
    has = var > 0
    assert np.all(np.abs(lm.EI_sim - mean)[has] < 5 * np.sqrt(var[has] / 20000))
    assert_allclose(lm.seI_sim[has] ** 2, var[has], rtol=0.06)


def test_equal_weights_path_matches_dense_path(columbus):
    z = lisa.local_moran(columbus["HOVAL"], cw.polygon_weights(columbus), permutations=0).z
    R = cw.row_standardise(cw.polygon_weights(columbus))
    fast = conditional_lags(z, R, permutations=999, seed=9)
    slow = conditional_lags(z, R, permutations=999, seed=9, dense=True)
    assert_array_equal(fast.n_ge, slow.n_ge)
    assert_array_equal(fast.n_le, slow.n_le)
    assert_allclose(fast.mean, slow.mean, atol=1e-12)
    assert_allclose(fast.sd, slow.sd, atol=1e-12)


def test_p_sim_uniform_under_the_null():
    W = cw.grid_weights(20, 15)
    rng = np.random.default_rng(2024)
    # one null field: folded pseudo p is uniform on (0, 1/2]
    lm = lisa.local_moran(rng.normal(size=300), W, permutations=999, seed=1)
    assert stats.kstest(lm.p_sim, "uniform", args=(0, 0.5)).pvalue > 0.01
    # independent replicates at one interior cell (no dependence between the p values)
    p_cell = [lisa.local_moran(rng.normal(size=300), W, permutations=199, seed=s).p_sim[7 * 15 + 7] for s in range(300)]
    assert stats.kstest(p_cell, "uniform", args=(0, 0.5)).pvalue > 0.01
    g = [hs.gi_star(rng.gamma(3.0, size=300), W, permutations=199, seed=s).p_sim[4 * 15 + 9] for s in range(300)]
    assert stats.kstest(g, "uniform", args=(0, 0.5)).pvalue > 0.01


def test_islands_do_not_break_statistics():
    y = np.array([1.0, 2.0, 5.0, 4.0])
    W = PysalW({0: [1], 1: [0, 3], 2: [], 3: [1]}, silence_warnings=True).sparse.tocsr()
    lm = lisa.local_moran(y, W, permutations=99, seed=0)
    assert lm.Is[2] == 0 and lm.q[2] == 4 and lm.p_sim[2] == 1.0  # island: lag 0, "HL", no evidence
    g = hs.gi_star(y, W, transform="r", permutations=99, seed=0)
    assert np.isfinite(g.z).all() and g.p_sim[2] == 1.0
    assert hs.gi_star_table(y, W)["bin"].notna().all()


def test_bad_input_is_rejected():
    W = cw.grid_weights(3, 3)
    with pytest.raises(ValueError, match="all equal"):
        hs.gi_star(np.ones(9), W)
    with pytest.raises(ValueError, match="9 values|but there are"):
        hs.gi_star(np.arange(8.0), W)
    with pytest.raises(ValueError, match="finite"):
        lisa.local_moran(np.r_[np.arange(8.0), np.nan], W)


def test_lisa_clusters_table(columbus):
    values = columbus.set_index("POLYID")["CRIME"]
    table = lisa.lisa_clusters(values, cw.polygon_weights(columbus), seed=1)
    assert table.index.equals(values.index)
    assert set(table["cluster"]) <= {"HH", "LH", "LL", "HL", "ns"}
    sig = table["p_fdr"] <= 0.05
    assert_array_equal(table.loc[sig, "cluster"], table.loc[sig, "quadrant"])
    assert (table.loc[~sig, "cluster"] == "ns").all()
    assert {"HH", "LL"} <= set(table["cluster"])  # columbus crime: a high core and a low ring


def test_global_moran_equals_esda(columbus):
    for label, y, W, lib in _cases(columbus):
        for t in ("r", "b"):
            ref = esda.Moran(y, lib(), transformation=t, permutations=0)
            ours = lisa.moran(y, W, transform=t)
            for name in ("I", "EI", "VI_norm", "z_norm", "p_norm", "VI_rand", "z_rand", "p_rand"):
                assert_allclose(getattr(ours, name), getattr(ref, name), rtol=1e-10, err_msg=f"{label} {t} {name}")
    y = columbus["CRIME"].to_numpy()
    ours = lisa.moran(y, cw.polygon_weights(columbus), permutations=999, seed=0)
    assert ours.I == pytest.approx(0.500188, abs=1e-6) and ours.p_sim == pytest.approx(0.001)
    one = lisa.moran(y, cw.polygon_weights(columbus), two_tailed=False)
    assert one.p_norm == pytest.approx(ours.p_norm / 2)
    hoval = columbus["HOVAL"].to_numpy()
    ref = ESDA["Moran HOVAL"]
    ours = lisa.moran(hoval, cw.polygon_weights(columbus), permutations=9999, seed=0)
    assert ours.I == pytest.approx(ref["I"], abs=1e-12) and ours.p_sim == pytest.approx(ref["p_sim"], abs=0.01)


def test_moran_statistics_importable_from_hotspots():
    from governance_analytics.cases.hotspots import cluster_outliers, local_moran, moran

    assert local_moran is lisa.local_moran and moran is lisa.moran and cluster_outliers is lisa.cluster_outliers
