"""Projections: hand-worked trends and Leslie steps, statsmodels equality, the Demo City, the 2020 county census."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.population.projection import project, years_to_capacity


def _units(rows):
    """A minimal population_units-like table from (unit_id, year, population[, capacity]) tuples."""
    columns = ["unit_id", "year", "population", "planned_capacity"][: len(rows[0])]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------------------
# Geometric and logistic: hand-worked
# --------------------------------------------------------------------------------------------------


def test_geometric_hand_worked():
    # A: 100 → 121 in two years, r = 10 %/yr, so 121 · 1.1 = 133.1 (2021) and 121 · 1.1³ = 161.051 (2023);
    # B: 400 → 324, r = −10 %/yr, so 291.6 and 236.196
    units = _units([("A", 2018, 100), ("A", 2020, 121), ("B", 2018, 400), ("B", 2020, 324)])
    result = project(units, method="geometric", years=[2021, 2023])
    table = result.table.set_index(["unit_id", "year"])
    assert table["population"].to_numpy() == pytest.approx([133.1, 161.051, 291.6, 236.196])
    assert table[["lower", "upper"]].isna().all().all()
    assert result.parameters["rate"].to_numpy() == pytest.approx([0.1, -0.1])
    assert result.base_years == (2018, 2020)
    text = str(result)
    assert "r = (P_2020 / P_2018)^(1/2) − 1" in text and "A: P_2020 = 121, r = +10.00 %/yr" in text
    assert "Deterministic" in text


def test_geometric_least_squares_equals_log_linear_ols():
    units = _units([("A", 2000, 1000), ("A", 2010, 1300), ("A", 2020, 1600)])
    result = project(units, method="geometric", fit="least_squares", years=[2030])
    slope = np.polyfit([2000, 2010, 2020], np.log([1000, 1300, 1600]), 1)[0]
    assert result.parameters.loc[0, "rate"] == pytest.approx(np.expm1(slope))
    # the path starts from the observed jump-off population, not the fitted line
    assert result.table.loc[0, "population"] == pytest.approx(1600 * np.exp(10 * slope))
    assert result.parameters.loc[0, "n_obs"] == 3 and "least-squares slope of ln P" in result.text


def test_geometric_scenario_rate_and_missing_base_year():
    units = _units([("A", 2010, 100), ("A", 2020, 200), ("B", 2020, 50)])
    scenario = project(units, method="geometric", base_years=(2020, 2020), rate={"A": 0.02, "B": -0.01}, horizon=2)
    assert scenario.table["population"].to_numpy() == pytest.approx([204.0, 208.08, 49.5, 49.005])
    assert "set for each unit (a scenario, not fitted)" in scenario.text
    fitted = project(units, method="geometric", horizon=1)  # B has no 2010: not projected, and said so
    b = fitted.parameters.set_index("unit_id").loc["B"]
    assert b["status"] == "not projected" and "first base year 2010" in b["note"]
    assert fitted.table.set_index("unit_id").loc[["B"], "population"].isna().all()
    assert "Not projected: B (no population in the first base year 2010)" in fitted.text


def test_logistic_hand_worked():
    # K = 1000, P_2010 = 200, P_2020 = 500: logit 200 = ln(200/800) = −ln 4, logit 500 = 0, so r = ln 4 / 10;
    # P_2025 = 1000 / (1 + 1 · e^{−ln 2}) = 1000 / 1.5, P_2030 = 1000 / (1 + 1/4) = 800
    units = _units([("A", 2010, 200, 1000), ("A", 2020, 500, 1000)])
    result = project(units, method="logistic", years=[2025, 2030])
    assert result.parameters.loc[0, "rate"] == pytest.approx(np.log(4) / 10)
    assert result.table["population"].to_numpy() == pytest.approx([1000 / 1.5, 800.0])
    assert result.parameters.loc[0, "capacity"] == 1000
    text = result.text
    assert "K = the unit's planned_capacity in the jump-off year" in text
    assert "r = [ln(P_2020 / (K − P_2020)) − ln(P_2010 / (K − P_2010))] / 10" in text
    assert "A: P_2020 = 500, K = 1,000, r = +13.86 %/yr" in text


def test_logistic_least_squares_equals_logit_ols():
    units = _units([("A", 2000, 300, 1000), ("A", 2010, 420, 1000), ("A", 2020, 600, 1000)])
    result = project(units, method="logistic", fit="least_squares", years=[2040])
    p = np.array([300, 420, 600])
    r = np.polyfit([2000, 2010, 2020], np.log(p / (1000 - p)), 1)[0]
    assert result.parameters.loc[0, "rate"] == pytest.approx(r)
    assert result.table.loc[0, "population"] == pytest.approx(1000 / (1 + (400 / 600) * np.exp(-20 * r)))


def test_logistic_never_exceeds_capacity():
    rows = []
    for uid, (p0, p1, k) in enumerate([(100, 990, 1000), (10, 20, 10_000), (900, 500, 1000), (1, 999, 1000)]):
        rows += [(str(uid), 2000, p0, k), (str(uid), 2010, p1, k)]
    units = _units([*rows, ("over", 2000, 900, 1000), ("over", 2010, 1000, 1000)])
    result = project(units, method="logistic", years=range(2011, 2400))
    table = result.table.merge(result.parameters[["unit_id", "capacity"]], on="unit_id")
    projected = table.dropna(subset=["population"])
    assert (projected["population"] <= projected["capacity"]).all() and (projected["population"] > 0).all()
    # strictly below at first (decades on, the double nearest P is K itself)
    early = projected[projected["year"] <= 2025]
    assert (early["population"] < early["capacity"]).all()
    growing = projected[projected["unit_id"].isin(["0", "1", "3"])]
    assert (growing.groupby("unit_id")["population"].diff().dropna() >= 0).all()
    # a unit at its capacity in a base year has no logistic path: NaN rows, a note and a line of text
    over = result.parameters.set_index("unit_id").loc["over"]
    assert over["status"] == "not projected" and over["note"] == "population at or above K in 2010"
    assert table.loc[table["unit_id"] == "over", "population"].isna().all()
    assert "Not projected: over (population at or above K in 2010)" in result.text


def test_bad_input_is_refused():
    units = _units([("A", 2010, 100, 150), ("A", 2020, 120, 150)])
    with pytest.raises(ValueError, match="method must be one of"):
        project(units, method="linear")
    with pytest.raises(ValueError, match="more than one row for unit A in 2020"):
        project(pd.concat([units, units.tail(1)]))
    with pytest.raises(ValueError, match="after the jump-off year 2020"):
        project(units, years=[2020, 2025])
    with pytest.raises(ValueError, match="no capacity column 'cap'"):
        project(units, method="logistic", capacity="cap")
    with pytest.raises(ValueError, match="population must be positive"):
        project(_units([("A", 2010, 0), ("A", 2020, 5)]))
    with pytest.raises(ValueError, match="rate is a scenario"):
        project(units, method="damped", rate=0.01)


# --------------------------------------------------------------------------------------------------
# Damped trend: equality with statsmodels
# --------------------------------------------------------------------------------------------------


def _ets(values, first_year, steps, alpha):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = pd.Series(values, index=pd.period_range(str(first_year), periods=len(values), freq="Y"))
    fit = ETSModel(y, error="add", trend="add", damped_trend=True).fit(disp=False)
    return fit, fit.get_prediction(start=len(y), end=len(y) + steps - 1).summary_frame(alpha=alpha)


def test_damped_equals_statsmodels_on_the_annual_run(demo_city):
    units = demo_city.tables["population_units"]
    result = project(units, method="damped", horizon=5, alpha=0.1)
    unit = units[units["unit_id"] == "990111"].set_index("year")["population"]
    fit, frame = _ets(unit.loc[2020:2025].to_numpy(float), 2020, 5, 0.1)  # census years 2000, 2010 dropped
    mine = result.table[result.table["unit_id"] == "990111"]
    assert mine["year"].tolist() == [2026, 2027, 2028, 2029, 2030]
    np.testing.assert_allclose(mine["population"], frame["mean"], rtol=1e-9)
    np.testing.assert_allclose(mine["lower"], frame["pi_lower"], rtol=1e-9)
    np.testing.assert_allclose(mine["upper"], frame["pi_upper"], rtol=1e-9)
    params = result.parameters.set_index("unit_id").loc["990111"]
    fitted = dict(zip(fit.param_names, fit.params, strict=True))
    assert params["damping_trend"] == pytest.approx(fitted["damping_trend"])
    assert (params["start_year"], params["base_year"], params["n_obs"]) == (2020, 2025, 6)
    assert (result.table["lower"] < result.table["population"]).all()
    assert (result.table["population"] < result.table["upper"]).all()
    text = result.text
    assert "ETSModel(error='add', trend='add', damped_trend=True)" in text and "(2020–2025)" in text
    assert "90% prediction intervals" in text and "Few observations (as few as 6" in text


def test_damped_interpolated_equals_statsmodels_on_a_log_linear_series(demo_city):
    units = demo_city.tables["population_units"]
    result = project(units, method="damped", gaps="interpolate", base_years=(2010, 2025), years=[2027])
    unit = units[(units["unit_id"] == "990121") & units["year"].between(2010, 2025)]
    years = np.arange(2010, 2026)
    filled = np.exp(np.interp(years, unit["year"], np.log(unit["population"].to_numpy(float))))
    assert filled[5] == pytest.approx(np.sqrt(filled[0] * filled[10]))  # 2015: geometric mean of 2010 and 2020
    _, frame = _ets(filled, 2010, 2, 0.05)
    mine = result.table.set_index(["unit_id", "year"]).loc[("990121", 2027)]
    assert mine["population"] == pytest.approx(frame["mean"].iloc[1], rel=1e-9)
    assert mine["upper"] == pytest.approx(frame["pi_upper"].iloc[1], rel=1e-9)
    assert "interpolated log-linearly" in result.text


def test_damped_with_too_few_years_is_not_projected(demo_city):
    units = demo_city.tables["population_units"]
    result = project(units, method="damped", base_years=(2000, 2023), horizon=2)
    assert set(result.parameters["status"]) == {"not projected"}
    assert result.parameters["note"].eq("4 annual observations, fewer than 6").all()
    assert result.table["population"].isna().all()


# --------------------------------------------------------------------------------------------------
# Demo City: planted growth and capacity
# --------------------------------------------------------------------------------------------------


def test_demo_city_planted_rates_reproduce_2025(demo_city):
    units = demo_city.tables["population_units"]
    truth = demo_city.truth["population"]
    planted = {u: t["growth_rate"] for u, t in truth["units"].items()}
    sd = truth["population_noise_sd"]
    observed = units[units["year"] == 2025].set_index("unit_id")["population"]

    # 2025 is the noise-free anchor and 2020 carries log-noise sd: P_2020 (1 + g)^5 misses 2025 by that noise only
    scenario = project(units, method="geometric", base_years=(2020, 2020), rate=planted, years=[2025])
    ratio = scenario.table.set_index("unit_id")["population"] / observed
    assert np.abs(np.log(ratio)).max() < 4 * sd

    # fitted 2010–2020: r within the noise of the planted rate, 2025 within 1.5 e_2020 − 0.5 e_2010
    fitted = project(units, method="geometric", base_years=(2010, 2020), years=[2025])
    rates = fitted.parameters.set_index("unit_id")["rate"]
    assert np.abs(np.log1p(rates) - np.log1p(pd.Series(planted))).max() < 4 * np.sqrt(2) * sd / 10
    ratio = fitted.table.set_index("unit_id")["population"] / observed
    assert np.abs(np.log(ratio)).max() < 4 * np.sqrt(1.5**2 + 0.5**2) * sd


def test_demo_city_units_over_capacity_are_flagged(demo_city):
    units = demo_city.tables["population_units"]
    over_2025 = set(demo_city.truth["population"]["over_capacity_2025"])
    result = project(units, method="geometric", base_years=(2010, 2020), years=range(2021, 2026))
    table = years_to_capacity(result)
    assert set(table.loc[table["over_at_end"], "unit_id"]) == over_2025 == {"990104", "990111"}
    reached = table.set_index("unit_id")
    # both cross their capacity between 2020 and 2025 (planted capacity factors 0.96 and 0.93)
    assert reached.loc[sorted(over_2025), "first_year"].between(2021, 2025).all()
    # 中山区 (990103) sat just above its capacity in 2020 and shrinks below it: reached at once, not at the end
    assert reached.loc["990103", "years_to_capacity"] == 0 and not reached.loc["990103", "over_at_end"]
    assert table["base_ratio"].to_numpy() == pytest.approx(
        (reached["base_population"] / reached["capacity"]).to_numpy()
    )
