"""The randomisation null computed by convolution (issue 16): equal to enumerating every draw, within
Monte Carlo error of conditional permutations, without their floor on p, and the Gi* and the
space-time Gi* that use it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from libpysal.weights import lat2SW
from numpy.testing import assert_allclose

from governance_analytics.cases._emerging_inference import space_time_pseudo_p, space_time_weights
from governance_analytics.cases._permutation import check_inputs, conditional_lags
from governance_analytics.cases._randomisation import P_FLOOR, randomisation_p
from governance_analytics.cases.emerging import emerging_hot_spots, space_time_gi_star
from governance_analytics.cases.hotspots import gi_star_table
from governance_analytics.cases.multiple_testing import fdr


def _enumerated(y: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Two-sided p by listing every ordered k-tuple of draws, with replacement, from all n values."""
    out = np.ones(len(y))
    for i, row in enumerate(W):
        k = int(np.count_nonzero(row))
        if not k:
            continue
        s = y[row != 0].sum()
        sums = np.array([sum(t) for t in itertools.product(y, repeat=k)])
        out[i] = min(1.0, 2 * min((sums >= s).mean(), (sums <= s).mean()))
    return out


def test_equals_enumerating_every_draw():
    y = np.array([0, 0, 1, 3, 0, 2, 5])
    W = np.zeros((7, 7))
    for i, j in [(0, 1), (0, 2), (1, 3), (3, 4), (3, 5), (4, 5), (5, 6)]:
        W[i, j] = W[j, i] = 1.0  # unit 2 has one neighbour, 3 and 5 three, 6 one
    assert_allclose(randomisation_p(y, sp.csr_matrix(W)), _enumerated(y, W), rtol=1e-12)
    # row-standardised weights give the same p (the lag is the sum times one weight)
    rows = W / W.sum(axis=1, keepdims=True)
    assert_allclose(randomisation_p(y, sp.csr_matrix(rows)), _enumerated(y, W), rtol=1e-12)


def test_hand_worked_two_neighbours():
    # values 0, 0, 0, 4: a pair of draws sums to 0 (9/16), 4 (6/16) or 8 (1/16). Unit 0's two
    # neighbours hold 0 and 4: P(S >= 4) = 7/16, P(S <= 4) = 15/16, p = 2 · 7/16 = 0.875
    y = np.array([0, 0, 0, 4])
    W = sp.csr_matrix(np.array([[0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 0], [1, 0, 0, 0]], float))
    p = randomisation_p(y, W)
    assert p[0] == pytest.approx(0.875)
    assert p[1] == 1.0  # two neighbours holding 0: P(S <= 0) = 9/16, p = min(1, 18/16)
    assert p[2] == 1.0  # one neighbour holding 0: P(S <= 0) = 3/4, p = min(1, 3/2)
    # one neighbour holding 4: P(S >= 4) = 1/4, p = 1/2
    assert randomisation_p(y, sp.csr_matrix(np.array([[0, 0, 0, 1]] * 4, float)))[2] == pytest.approx(0.5)


def test_within_monte_carlo_error_of_conditional_permutations():
    rng = np.random.default_rng(0)
    y, W = check_inputs(rng.poisson(0.3, 2400).astype(float), lat2SW(40, 60, criterion="queen"))
    perms = 49_999
    sampled = np.minimum(1.0, 2 * conditional_lags(y, W, permutations=perms, seed=1).p_sim)
    computed = randomisation_p(y, W)
    # two-sided p doubles the Monte Carlo error; drawing with replacement from all n values instead of
    # without from the other n − 1 shifts p by O(k / n)
    assert np.abs(computed - sampled).max() < 2 * 4 * np.sqrt(0.25 / perms) + 8 / 2400
    assert np.corrcoef(computed, sampled)[0, 1] > 0.999


def test_no_floor_where_permutations_have_one():
    grid = np.zeros((20, 20))
    grid[:3, :3] = 6  # a 3 × 3 block holding every case of a 20 × 20 grid
    y = grid.ravel()
    W = sp.csr_matrix(lat2SW(20, 20, criterion="queen"))
    centre = 21  # row 1, col 1: its 8 neighbours hold the 8 other sixes
    p = randomisation_p(y, W)
    sampled = np.minimum(1.0, 2 * conditional_lags(*check_inputs(y, W), permutations=999, seed=0).p_sim)
    assert sampled[centre] == pytest.approx(2 / 1000)  # the floor: no permutation was as extreme
    # P(S ≥ 48) = P(all 8 draws are sixes) = (9/400)^8; FFT's precision holds to about 1e-16
    assert p[centre] == pytest.approx(2 * (9 / 400) ** 8, rel=1e-3) and p[centre] > P_FLOOR


def test_refuses_what_it_cannot_compute():
    W = sp.csr_matrix(lat2SW(3, 3, criterion="rook"))
    with pytest.raises(ValueError, match="whole, non-negative counts"):
        randomisation_p(np.linspace(0, 1, 9), W)
    with pytest.raises(ValueError, match="whole, non-negative counts"):
        randomisation_p(np.r_[-1, np.ones(8)], W)
    general = W.copy()
    general.data = np.arange(1, general.nnz + 1, dtype=float)
    with pytest.raises(ValueError, match="one weight within each row"):
        randomisation_p(np.ones(9), general)


def test_a_unit_without_neighbours_gets_one():
    W = sp.csr_matrix(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], float))
    assert randomisation_p(np.array([1, 2, 5]), W)[2] == 1.0


def test_gi_star_table_takes_the_computed_null():
    rng = np.random.default_rng(4)
    counts = rng.poisson(0.4, 900).astype(float)
    w = lat2SW(30, 30, criterion="queen")
    computed = gi_star_table(counts, w, inference="convolution")
    sampled = gi_star_table(counts, w, inference="permutation", permutations=49_999, seed=2)
    assert_allclose(computed["z"], sampled["z"])
    assert np.abs(computed["p"] - sampled["p"]).max() < 2 * 4 * np.sqrt(0.25 / 49_999) + 9 / 900
    assert_allclose(computed["p_fdr"], fdr(computed["p"])[0])
    assert "p_sim" not in computed
    with pytest.raises(ValueError, match="inference must be one of"):
        gi_star_table(counts, w, inference="exact")


def test_emerging_hot_spots_take_the_computed_null_of_the_space_time_gi_star():
    side, steps = 12, 10
    rng = np.random.default_rng(8)
    counts = rng.poisson(0.5, size=(side * side, steps))
    counts.reshape(side, side, steps)[3:6, 3:6, -2:] += 5
    counts[:, 0] += 1  # every location has data, so that all are analysed
    rows, cols = np.divmod(np.arange(side * side), side)
    import pandas as pd

    cube = pd.DataFrame(
        {
            "row": np.repeat(rows, steps),
            "col": np.repeat(cols, steps),
            "period": np.tile(np.arange(steps), side * side),
            "n": counts.ravel(),
        }
    )
    w = lat2SW(side, side, criterion="queen")
    out = emerging_hot_spots(cube, w, inference="convolution", fdr=False, alpha=0.05)
    z, _ = space_time_gi_star(counts, w)
    p = randomisation_p(counts.ravel(), space_time_weights(w, steps)).reshape(counts.shape)
    assert_allclose(out["final_p"], p[:, -1])
    assert_allclose(out["final_z"], z[:, -1])
    sampled = space_time_pseudo_p(counts, w, permutations=19_999, seed=1)
    assert np.abs(p - sampled).max() < 2 * 4 * np.sqrt(0.25 / 19_999) + 20 / counts.size
    block = [r * side + c for r in range(3, 6) for c in range(3, 6)]
    assert out.loc[4 * side + 4, "category"] == "consecutive hot spot"
    assert (out.loc[block, "category"] == "consecutive hot spot").mean() >= 2 / 3
