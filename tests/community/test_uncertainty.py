"""Uncertainty and sensitivity: the SALib wiring on known answers, and the Monte Carlo on the Demo City."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.community.uncertainty import (
    choice_sensitivity,
    levels_from_uniform,
    rank_uncertainty,
    sobol_indices,
    sobol_unit_cube,
)


def test_levels_from_uniform_are_equiprobable():
    u = np.array([0.0, 0.249, 0.25, 0.5, 0.99, 1.0])
    assert list(levels_from_uniform(u, 4)) == [0, 0, 1, 2, 3, 3]


def test_ishigami_through_the_wiring_matches_the_analytic_indices():
    from SALib.test_functions import Ishigami

    def ishigami(u: np.ndarray) -> np.ndarray:
        return Ishigami.evaluate(-np.pi + 2 * np.pi * u)

    res = sobol_unit_cube(ishigami, ["x1", "x2", "x3"], n_base=2048, seed=1)
    # a = 7, b = 0.1: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2; S1 = .3139, .4424, 0; ST = .5576, .4424, .2437
    assert_allclose(res.indices["S1"], [0.3139, 0.4424, 0.0], atol=0.04)
    assert_allclose(res.indices["ST"], [0.5576, 0.4424, 0.2437], atol=0.04)
    assert len(res.outputs) == 2048 * 5


def test_additive_discrete_model_has_known_indices():
    # Y = A + B with A uniform on {0, 1} (variance 1/4) and B uniform on {0, 1, 2, 3} (variance 5/4):
    # additive, so S1 = ST = 1/6 and 5/6 and the first-order indices sum to 1
    choices = {"A": (0, 1), "B": (0, 1, 2, 3)}
    res = sobol_indices(lambda c: c["A"] + c["B"], choices, n_base=1024, seed=2)
    assert_allclose(res.indices["S1"], [1 / 6, 5 / 6], atol=0.03)
    assert_allclose(res.indices["ST"], [1 / 6, 5 / 6], atol=0.03)
    assert res.indices["S1"].sum() == pytest.approx(1.0, abs=0.03)
    assert set(res.samples["B"]) == {0, 1, 2, 3}


def test_inert_choice_has_zero_indices():
    res = sobol_indices(lambda c: float(c["A"]), {"A": (0, 1, 2), "noise": ("x", "y")}, n_base=256, seed=0)
    assert res.indices.loc["noise", "ST"] == pytest.approx(0.0, abs=1e-12)
    assert res.indices.loc["A", "ST"] == pytest.approx(1.0, abs=0.05)


@pytest.fixture(scope="module")
def reference(demo_city) -> pd.DataFrame:
    indicators = demo_city.tables["community_indicators"]
    return indicators[indicators["year"] == 2023]


def test_rank_uncertainty_is_reproducible_with_the_seed(reference):
    a = rank_uncertainty(reference, n=40, seed=7)
    b = rank_uncertainty(reference, n=40, seed=7)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    pd.testing.assert_frame_equal(a.draws, b.draws)
    c = rank_uncertainty(reference, n=40, seed=8)
    assert not a.draws.equals(c.draws)
    s = a.summary
    assert len(s) == len(reference) and s.index.name == "community_id"
    assert (s["rank_q05"] <= s["median_rank"]).all() and (s["median_rank"] <= s["rank_q95"]).all()
    assert s["nominal_rank"].min() == 1 and s["nominal_rank"].max() == len(reference)
    assert s["dominant_stability"].between(0, 1).all()
    assert set(a.draws.columns) == {"impute", "winsorise", "normalise", "weights", "aggregate", "weight_set"}


def test_without_alternatives_the_ranks_do_not_move(reference):
    fixed = rank_uncertainty(reference, n=5, seed=0, choices={"normalise": ("minmax",)}, weight_noise=0)
    s = fixed.summary
    assert (s["rank_q05"] == s["nominal_rank"]).all() and (s["rank_q95"] == s["nominal_rank"]).all()
    assert (s["dominant_stability"] == 1).all()


def test_choice_sensitivity_names_normalisation_as_the_main_driver(reference):
    res = choice_sensitivity(reference, n_base=64, seed=3, weight_noise=0)
    assert list(res.indices.index) == ["impute", "winsorise", "normalise", "weights", "aggregate"]
    assert len(res.outputs) == 64 * 7 and (res.outputs >= 0).all()
    assert res.indices["ST"].idxmax() == "normalise"
    assert res.indices.loc["impute", "ST"] < 0.05  # 2 % of cells missing: the imputation hardly matters
