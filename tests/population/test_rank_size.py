"""Rank-size: hand-worked values, a Pareto sample's exponent and standard error recovered, equality with
statsmodels OLS, and one province's counties from the 2020 census."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.population.rank_size import rank_size


def test_hand_worked_three_cities():
    # sizes 4, 2, 1: x = log size = 2L, L, 0 (L = log 2), y = log(rank - 1/2) = log .5, log 1.5, log 2.5;
    # slope = Σ(x - x̄)(y - ȳ) / Σ(x - x̄)² = L·log(0.5/2.5) / (2L²) = -log 5 / (2 log 2)
    result = rank_size(pd.Series([1.0, 4.0, 2.0], index=["c", "a", "b"]))
    zeta = np.log(5) / (2 * np.log(2))
    assert result.zeta == pytest.approx(zeta, rel=1e-12)
    assert result.se == pytest.approx(zeta * np.sqrt(2 / 3), rel=1e-12)
    # a = ȳ - slope·x̄ = log(0.5·1.5·2.5)/3 + zeta·log 2
    assert result.intercept == pytest.approx(np.log(1.875) / 3 + zeta * np.log(2), rel=1e-12)
    assert result.n == 3 and result.primacy_two == 2.0 and np.isnan(result.primacy_four)
    assert result.table.index.tolist() == ["a", "b", "c"] and result.table["rank"].tolist() == [1, 2, 3]


def test_sizes_exactly_on_the_rank_half_line():
    # S_i = 10⁶ / (i - 1/2): log(i - 1/2) = log 10⁶ - log S_i exactly, so zeta = 1 and R² = 1
    sizes = 1e6 / (np.arange(1, 6) - 0.5)
    result = rank_size(sizes)
    assert result.zeta == pytest.approx(1.0, rel=1e-12) and result.r_squared == pytest.approx(1.0)
    assert result.intercept == pytest.approx(np.log(1e6), rel=1e-12)
    assert result.se == pytest.approx(np.sqrt(2 / 5))
    # primacy: S1/S2 = 1.5/0.5; S1/(S2+S3+S4) = (1/0.5) / (1/1.5 + 1/2.5 + 1/3.5) = 105/71
    assert result.primacy_two == pytest.approx(3.0)
    assert result.primacy_four == pytest.approx(105 / 71)


def test_pareto_sample_exponent_recovered():
    rng = np.random.default_rng(20110124)
    zeta = 1.3
    sizes = 10_000 * (rng.pareto(zeta, 3_000) + 1.0)  # P(S > s) = (s / 10⁴)^-1.3
    result = rank_size(sizes)
    assert result.se == pytest.approx(result.zeta * np.sqrt(2 / 3_000))
    assert abs(result.zeta - zeta) < 3 * result.se


def test_standard_error_matches_sampling_spread_ols_does_not():
    # over repeated Pareto(1) samples of 100, the spread of zeta is zeta·sqrt(2/n) ≈ 0.141 (Gabaix &
    # Ibragimov 2011, Prop. 2), about ten times the OLS standard error
    rng = np.random.default_rng(7)
    fits = [rank_size(rng.pareto(1.0, 100) + 1.0) for _ in range(1_000)]
    zetas = np.array([f.zeta for f in fits])
    assert np.std(zetas) == pytest.approx(np.mean([f.se for f in fits]), rel=0.1)
    table = fits[0].table
    residual = table["log_rank"] - table["fitted"]
    spread = ((table["log_size"] - table["log_size"].mean()) ** 2).sum()
    se_ols = np.sqrt(residual @ residual / (len(table) - 2) / spread)
    assert se_ols < 0.3 * np.std(zetas)


def test_equals_statsmodels_ols_on_transformed_data():
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    sizes = pd.Series(np.exp(rng.normal(11, 1.2, 60)), index=[f"u{i}" for i in range(60)])
    result = rank_size(sizes)
    ordered = sizes.sort_values(ascending=False)
    fit = sm.OLS(np.log(np.arange(1, 61) - 0.5), sm.add_constant(np.log(ordered.to_numpy()))).fit()
    assert result.intercept == pytest.approx(fit.params[0], rel=1e-10)
    assert result.zeta == pytest.approx(-fit.params[1], rel=1e-10)
    assert result.r_squared == pytest.approx(fit.rsquared, rel=1e-10)
    np.testing.assert_allclose(result.table["fitted"], fit.fittedvalues, rtol=1e-10)
    assert result.table.index.tolist() == ordered.index.tolist()


def test_truncation_and_top():
    sizes = pd.Series([900.0, 400.0, 300.0, 100.0, 50.0, 10.0, np.nan], index=list("abcdefg"))
    assert rank_size(sizes).n == 6  # NaN dropped
    assert rank_size(sizes, min_size=100).table.index.tolist() == ["a", "b", "c", "d"]  # at least 100
    assert rank_size(sizes, top=3).table.index.tolist() == ["a", "b", "c"]
    assert rank_size(sizes, min_size=50, top=4).n == 4
    full = rank_size(sizes, top=4)
    assert full.primacy_two == 900 / 400 and full.primacy_four == pytest.approx(900 / 800)
    with pytest.raises(ValueError, match="at least 3 units"):
        rank_size(sizes, min_size=400)
    with pytest.raises(ValueError, match="positive"):
        rank_size([5.0, 3.0, 0.0])
    assert rank_size([5.0, 3.0, 0.0, 2.0], min_size=1).n == 3  # truncation removes the zero first
    with pytest.raises(ValueError, match="all sizes are equal"):
        rank_size([2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="top must be"):
        rank_size(sizes, top=0)


# --------------------------------------------------------------------------------------------------
# real data: one province's county-level units, 2020 census
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def county_census(census_county_2020):
    """The 2020 county table's code, province, county and total population columns (Chinese headers)."""
    return census_county_2020[["区划代码", "省", "区县", "人口数_合计"]]


def test_zhejiang_counties_zeta_equals_plain_numpy(county_census):
    table = county_census
    code = table["区划代码"]
    province = table[code == 330000]
    # county-level units: a code, not a province (xx0000) or prefecture (xxxx00) subtotal; uncoded rows
    # are development zones reported beside the counties
    in_zhejiang = table["省"] == "浙江省"
    counties = table[in_zhejiang & code.notna() & (code % 100 != 0)]
    zones = table[in_zhejiang & code.isna()]
    assert len(counties) == 90  # Zhejiang's 90 county-level divisions (2020)
    assert counties["人口数_合计"].sum() + zones["人口数_合计"].sum() == province["人口数_合计"].item() == 64_567_588

    result = rank_size(counties.set_index("区县")["人口数_合计"])
    # independent computation: numpy's least-squares line through (log size, log(rank - 1/2))
    size = np.sort(counties["人口数_合计"].to_numpy(float))[::-1]
    slope, intercept = np.polyfit(np.log(size), np.log(np.arange(1, size.size + 1) - 0.5), 1)
    assert result.n == 90
    assert result.zeta == pytest.approx(-slope, rel=1e-10)
    assert result.intercept == pytest.approx(intercept, rel=1e-10)
    assert result.se == pytest.approx(-slope * np.sqrt(2 / 90), rel=1e-10)
    assert result.primacy_two == pytest.approx(size[0] / size[1])
    assert result.primacy_four == pytest.approx(size[0] / size[1:4].sum())
    assert result.table.index[0] == "余杭区"  # the most populous county-level unit in 2020
    # counties above 500,000 residents only
    upper = rank_size(counties.set_index("区县")["人口数_合计"], min_size=500_000)
    tail = size[size >= 500_000]
    slope, _ = np.polyfit(np.log(tail), np.log(np.arange(1, tail.size + 1) - 0.5), 1)
    assert upper.n == tail.size and upper.zeta == pytest.approx(-slope, rel=1e-10)
