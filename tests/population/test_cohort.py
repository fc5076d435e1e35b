"""Cohort-component projection: hand-worked toy populations, an explicit Leslie matrix, a real county."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.population.cohort import (
    SEX_RATIO_AT_BIRTH,
    SEX_RATIO_AT_BIRTH_CHINA_2020,
    cohort_component,
    leslie_matrix,
    survival_ratios,
)

# --------------------------------------------------------------------------------------------------
# Cohort-component: hand-worked Leslie steps
# --------------------------------------------------------------------------------------------------

AGES3 = [0, 5, 10]


def _toy(**kw):
    base = pd.DataFrame({"female": [100.0, 80.0, 60.0]}, index=AGES3)
    survival = pd.DataFrame({"female": [0.9, 0.8, 0.5]}, index=AGES3)
    return cohort_component(
        base,
        base_year=2020,
        survival=survival,
        fertility=pd.Series({5: 0.1}),
        birth_survival=0.95,
        sex_ratio_at_birth=1.0,
        **kw,
    )


def test_cohort_three_groups_hand_worked():
    # step 1: 5-9 = 100·0.9 = 90; 10+ = 80·0.8 + 60·0.5 = 94; births = 5·0.1·(80 + 90)/2 = 42.5, girls
    # (SRB 1) 21.25, surviving 21.25·0.95 = 20.1875. Step 2: 5-9 = 18.16875, 10+ = 72 + 47 = 119,
    # births = 0.5·(90 + 18.16875)/2 = 27.0421875, girls 13.52109375 → 12.8450390625
    result = _toy(steps=2)
    assert result.population(2025)["female"].tolist() == pytest.approx([20.1875, 90.0, 94.0])
    assert result.population(2030)["female"].tolist() == pytest.approx([12.8450390625, 18.16875, 119.0])
    first = result.components.iloc[0]
    assert (first["births"], first["births_male"]) == pytest.approx((21.25, 21.25))  # girls enter; boys counted
    # deaths 100·0.1 + 80·0.2 + 60·0.5 + 21.25·0.05 = 57.0625; 240 + 21.25 − 57.0625 = 204.1875
    assert first["deaths"] == pytest.approx(57.0625) and first["population_end"] == pytest.approx(204.1875)
    # Leslie first row: 5/2·F_5·S_0·b/(1+SRB) = 0.106875 and 5/2·F_5·b/(1+SRB) = 0.11875
    assert result.matrix.to_numpy() == pytest.approx(
        np.array([[0.106875, 0.11875, 0.0], [0.9, 0.0, 0.0], [0.0, 0.8, 0.5]])
    )
    assert result.table["age_group"].tolist()[:3] == ["0-4", "5-9", "10+"]
    assert "TFR = 5 · ΣF = 0.500" in result.text and "Closed population" in result.text


def test_cohort_migration_hand_worked():
    # I = (10, 0, −4): start = (105, 80, 58); 5-9 = 105·0.9 = 94.5; 10+ = 64 + 58·0.5 − 2 = 91;
    # births = 5·0.1·(80 + 94.5)/2 = 43.625, girls 21.8125·0.95 + 10/2 = 25.721875
    migration = pd.DataFrame({"female": [10.0, 0.0, -4.0]}, index=AGES3)
    result = _toy(migration=migration)
    assert result.population(2025)["female"].tolist() == pytest.approx([25.721875, 94.5, 91.0])
    row = result.components.iloc[0]
    assert row["net_migration"] == 6.0
    assert row["population_end"] == pytest.approx(row["population_start"] + row["births"] - row["deaths"] + 6.0)
    # the same migrants as annual rates of the start population (I = 5 · m · N) give the same step
    rates = migration / 5 / pd.DataFrame({"female": [100.0, 80.0, 60.0]}, index=AGES3)
    assert _toy(migration_rate=rates).population(2025)["female"].tolist() == pytest.approx([25.721875, 94.5, 91.0])
    assert "half join their age group at the start" in result.text


def _two_sex_inputs():
    ages = [0, 5, 10, 15, 20]
    base = pd.DataFrame({"female": [50.0, 48, 45, 40, 70], "male": [53.0, 50, 46, 39, 60]}, index=ages)
    survival = pd.DataFrame(
        {"female": [0.99, 0.995, 0.99, 0.97, 0.6], "male": [0.985, 0.99, 0.98, 0.95, 0.5]}, index=ages
    )
    fertility = pd.Series({10: 0.02, 15: 0.08, 20: 0.03})
    return base, survival, fertility, {"female": 0.98, "male": 0.975}


def test_cohort_zero_fertility_and_no_deaths_just_ages():
    base, survival, _, _ = _two_sex_inputs()
    result = cohort_component(
        base, base_year=2000, survival=survival * 0 + 1, fertility=pd.Series(dtype=float), birth_survival=1.0, steps=1
    )
    end = result.population(2005)
    assert end.loc[0].tolist() == [0.0, 0.0]
    assert end.loc[[5, 10, 15]].to_numpy().tolist() == base.loc[[0, 5, 10]].to_numpy().tolist()
    assert end.loc[20].tolist() == (base.loc[15] + base.loc[20]).tolist()
    assert end.to_numpy().sum() == base.to_numpy().sum()
    assert result.components.loc[0, ["births", "deaths"]].tolist() == [0.0, 0.0]


def test_cohort_equals_an_explicit_leslie_matrix_power():
    base, survival, fertility, b = _two_sex_inputs()
    srb = 1.06
    # the matrix written out in numpy (women rows 0-4, men rows 5-9), independently of the package
    sf, sm = survival["female"].to_numpy(), survival["male"].to_numpy()
    f = fertility.reindex(base.index, fill_value=0.0).to_numpy()
    nxt = np.array([1, 2, 3, 4, 4])  # the group each lands in after five years
    births_row = 2.5 * (f + f[nxt] * sf)  # births per woman in each group over the interval
    a = np.zeros((10, 10))
    for i in range(5):
        a[nxt[i], i] += sf[i]
        a[5 + nxt[i], 5 + i] += sm[i]
    a[0, :5] = births_row / (1 + srb) * b["female"]
    a[5, :5] = births_row * srb / (1 + srb) * b["male"]
    result = cohort_component(
        base, base_year=2000, survival=survival, fertility=fertility, birth_survival=b, sex_ratio_at_birth=srb, steps=3
    )
    start = np.concatenate([base["female"], base["male"]])
    for k in (1, 2, 3):
        end = result.population(2000 + 5 * k)
        np.testing.assert_allclose(
            np.concatenate([end["female"], end["male"]]), np.linalg.matrix_power(a, k) @ start, rtol=1e-12
        )
    np.testing.assert_allclose(leslie_matrix(survival, fertility, birth_survival=b, sex_ratio_at_birth=srb), a)
    comp = result.components
    np.testing.assert_allclose(
        comp["population_end"], comp["population_start"] + comp["births"] - comp["deaths"], rtol=1e-12
    )
    assert comp["births_male"].to_numpy() == pytest.approx(srb * comp["births_female"].to_numpy())


def test_cohort_inputs_are_checked():
    base, survival, fertility, b = _two_sex_inputs()
    with pytest.raises(ValueError, match=r"survival: values must lie in \[0.0, 1.0\]"):
        cohort_component(base, base_year=2000, survival=survival * 1.1, fertility=fertility, birth_survival=b)
    with pytest.raises(ValueError, match="differ from the base population"):
        cohort_component(base, base_year=2000, survival=survival.iloc[:4], fertility=fertility, birth_survival=b)
    with pytest.raises(ValueError, match="columns must be 'female'"):
        cohort_component(base[["male"]], base_year=2000, survival=survival, fertility=fertility, birth_survival=b)
    with pytest.raises(ValueError, match="equal widths"):
        cohort_component(
            base.set_axis([0, 5, 10, 20, 25]), base_year=2000, survival=survival, fertility=fertility, birth_survival=b
        )
    with pytest.raises(ValueError, match="not age groups of the base population"):
        cohort_component(base, base_year=2000, survival=survival, fertility=pd.Series({12: 0.1}), birth_survival=b)
    with pytest.raises(ValueError, match="net out-migration exceeds"):
        cohort_component(
            base, base_year=2000, survival=survival, fertility=fertility, birth_survival=b, migration=-3 * base
        )


def test_survival_ratios_hand_worked():
    # 5L0 = 490 000, 5L5 = 480 000, 5L10 = 460 000, T15 = 300 000 (radix 100 000)
    nlx = pd.Series([490_000.0, 480_000.0, 460_000.0, 300_000.0], index=[0, 5, 10, 15])
    ratios, births = survival_ratios(nlx, radix=100_000)
    # open group 15+ as in the table: the last closed and the open group share T15 / T10 = 300/760
    assert ratios.tolist() == pytest.approx([480 / 490, 460 / 480, 300 / 760, 300 / 760])
    assert births == pytest.approx(490_000 / 500_000)
    # open group 10+ for the projection, the table going further: 5L10/5L5 into it, T15/T10 within it
    ratios, _ = survival_ratios(nlx, radix=100_000, open_age=10)
    assert ratios.index.tolist() == [0, 5, 10]
    assert ratios.tolist() == pytest.approx([480 / 490, 460 / 480, 300 / 760])


# --------------------------------------------------------------------------------------------------
# Real data: a county of the 2020 census
# --------------------------------------------------------------------------------------------------

COUNTY = 130123  # 正定县, 河北省石家庄市
GROUPS = ["0岁", "1到4岁", *(f"{a}到{a + 4}岁" for a in range(5, 85, 5)), "85岁以上"]


@pytest.fixture(scope="module")
def census_2020(census_county_2020):
    columns = [
        "区划代码",
        "区县",
        "人口数_合计",
        "人口数_男",
        "人口数_女",
        *(f"{sex}_{g}" for g in GROUPS for sex in ("男", "女")),
    ]
    return census_county_2020[columns]


def _county_base(census: pd.DataFrame, code: int) -> pd.DataFrame:
    """Five-year groups 0-4 … 80-84, 85+ by sex: the census's 0 and 1-4 added into 0-4."""
    row = census[census["区划代码"] == code].iloc[0]
    out = {}
    for sex, label in (("female", "女"), ("male", "男")):
        counts = [float(row[f"{label}_{g}"]) for g in GROUPS]
        out[sex] = [counts[0] + counts[1], *counts[2:]]
    return pd.DataFrame(out, index=range(0, 90, 5))


def test_china_2020_sex_ratio_at_birth_matches_the_census_infants(census_2020):
    national = census_2020[census_2020["区划代码"].isna() & (census_2020["区县"] == "全国")].iloc[0]
    assert national["男_0岁"] / national["女_0岁"] == pytest.approx(SEX_RATIO_AT_BIRTH_CHINA_2020, abs=0.002)
    assert SEX_RATIO_AT_BIRTH == 1.05


def test_county_census_cohort_step(census_2020):
    # subtotal rows (province, prefecture) are mixed in: the county row is found by its 区划代码
    assert (census_2020["区划代码"] == COUNTY).sum() == 1
    base = _county_base(census_2020, COUNTY)
    row = census_2020[census_2020["区划代码"] == COUNTY].iloc[0]
    assert base["female"].sum() == row["人口数_女"] and base["male"].sum() == row["人口数_男"]
    assert base.to_numpy().sum() == row["人口数_合计"] == 549_321

    # no births, no deaths: everyone moves up one group, 80-84 and 85+ merge, nobody is lost
    aged = cohort_component(
        base, base_year=2020, survival=base * 0 + 1, fertility=pd.Series(dtype=float), birth_survival=1.0
    ).population(2025)
    assert aged.loc[0].sum() == 0
    assert aged.loc[5:80].to_numpy().tolist() == base.loc[0:75].to_numpy().tolist()
    assert aged.loc[85].tolist() == (base.loc[80] + base.loc[85]).tolist()
    assert aged.to_numpy().sum() == base.to_numpy().sum()

    # illustrative rates, NOT estimates for 正定县: S = 0.995 below 60, 0.95 at 60-79, 0.55 for 80+ (both
    # sexes); births survive 0.99; ASFR 15-19 … 45-49 = .005 .06 .09 .06 .025 .005 .001 (TFR 1.23);
    # China's 2020 sex ratio at birth
    ages = base.index.to_numpy()
    s = np.where(ages < 60, 0.995, np.where(ages < 80, 0.95, 0.55))
    survival = pd.DataFrame({"female": s, "male": s}, index=ages)
    asfr = pd.Series([0.005, 0.06, 0.09, 0.06, 0.025, 0.005, 0.001], index=range(15, 50, 5))
    result = cohort_component(
        base,
        base_year=2020,
        survival=survival,
        fertility=asfr,
        birth_survival=0.99,
        sex_ratio_at_birth=SEX_RATIO_AT_BIRTH_CHINA_2020,
    )
    end = result.population(2025)
    comp = result.components.iloc[0]
    # births from the women 15-49 at the start and the end of the interval, recomputed from the table
    women = (base.loc[15:45, "female"] + end.loc[15:45, "female"]) / 2
    assert comp["births"] == pytest.approx(5 * (asfr * women).sum())
    assert comp["births_female"] / comp["births"] == pytest.approx(1 / (1 + SEX_RATIO_AT_BIRTH_CHINA_2020))
    assert end.loc[0].sum() == pytest.approx(0.99 * comp["births"])
    # the balancing equation, and the deaths it implies
    assert comp["population_end"] == pytest.approx(comp["population_start"] + comp["births"] - comp["deaths"])
    assert comp["deaths"] == pytest.approx(((1 - survival) * base).to_numpy().sum() + 0.01 * comp["births"])
    assert end.loc[85].tolist() == pytest.approx((0.55 * (base.loc[80] + base.loc[85])).tolist())
    assert "Sex ratio at birth 1.113 boys per girl (China, 2020 census)" in result.text
    assert "of women and men in 18 age groups of 5 years, open group 85+, from 2020 to 2025" in result.text
