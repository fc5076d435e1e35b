"""Cohort-component projection by age group and sex: survivors move up, births from fertility, migrants join.

:func:`cohort_component` projects an age-sex structure by five-year (or n-year) age groups: survivors
move up one group, births come from age-specific fertility, net migrants join half at the start and
half at the end of each interval. :func:`leslie_matrix` is the same step as a matrix (closed
population) and :func:`survival_ratios` turns a life table's person-years into the survival ratios.
Every result carries its assumptions as text (``result.text``, also ``print(result)``).

References
----------
Preston, S. H., Heuveline, P., Guillot, M. (2001). *Demography: Measuring and Modeling Population
Processes*. Blackwell. Ch. 6 (population projection).
Leslie, P. H. (1945). On the use of matrices in certain population mathematics. Biometrika 33(3),
183–212.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from governance_analytics.population import _cohort

__all__ = [
    "SEX_RATIO_AT_BIRTH",
    "SEX_RATIO_AT_BIRTH_CHINA_2020",
    "CohortProjection",
    "cohort_component",
    "leslie_matrix",
    "survival_ratios",
]

#: Default sex ratio at birth (boys per girl): the conventional value of PHG's (2001, ch. 6) examples.
SEX_RATIO_AT_BIRTH = 1.05
#: China's sex ratio at birth in the 2020 census, 111.3 boys per 100 girls (国家统计局, 第七次全国人口普查
#: 主要数据, 2021-05-11: "出生人口性别比为111.3，较2010年下降6.8").
SEX_RATIO_AT_BIRTH_CHINA_2020 = 1.113


@dataclass(frozen=True, eq=False)
class CohortProjection:
    """Result of :func:`cohort_component`.

    Attributes
    ----------
    table : long table ``year``, ``sex``, ``age`` (lower bound), ``age_group`` ("0-4", …, "85+"),
        ``population``; the base year included
    components : one row per interval: ``start_year``, ``end_year``, ``population_start``, ``births``
        (entering the projected population: both sexes, or girls only when women only),
        ``births_female``, ``births_male``, ``deaths`` (implied by the survival ratios, infants
        included), ``net_migration``, ``population_end`` — the balancing equation
        end = start + births − deaths + net migration holds row by row
    matrix : the projection (Leslie) matrix of one interval without migration, rows and columns
        (sex, age)
    base_year, width, steps, sex_ratio_at_birth : as used (width = age-group width = step length)
    assumptions : the assumptions, one sentence each
    """

    table: pd.DataFrame
    components: pd.DataFrame
    matrix: pd.DataFrame
    base_year: int
    width: int
    steps: int
    sex_ratio_at_birth: float
    assumptions: tuple[str, ...]

    def population(self, year: int) -> pd.DataFrame:
        """The population of ``year`` in the base table's shape: index age, one column per sex."""
        part = self.table[self.table["year"] == year]
        if part.empty:
            raise KeyError(f"no projected population for {year}; years are {sorted(self.table['year'].unique())}")
        return part.pivot(index="age", columns="sex", values="population")[list(part["sex"].unique())]

    @property
    def text(self) -> str:
        """The assumptions as printable text."""
        return "\n".join(["Cohort-component projection", "Assumptions:", *(f"  - {a}" for a in self.assumptions)])

    def __str__(self) -> str:
        return self.text


def leslie_matrix(
    survival: pd.DataFrame,
    fertility: pd.Series,
    *,
    birth_survival: float | Mapping[str, float],
    sex_ratio_at_birth: float = SEX_RATIO_AT_BIRTH,
) -> pd.DataFrame:
    """The projection matrix A of one interval of :func:`cohort_component` without migration.

    :math:`N(t + n) = A\\,N(t)` with N stacked women then men by age group. Women's block: first row
    :math:`\\frac{n}{2}\\,(F_x + F_{x+n} S_x)\\,\\frac{1}{1 + SRB}\\,b_f` (births to women of group x
    now and, after surviving, in the next group, averaged over the interval; Leslie 1945; PHG 2001,
    ch. 6), sub-diagonal :math:`S_x`, the open group's row holding the last two groups' ratios. Men's
    block: male survival, fed by the women's first row with :math:`\\frac{SRB}{1 + SRB}\\,b_m`.

    Parameters are those of :func:`cohort_component`; ``survival`` sets the age groups and sexes.

    Returns
    -------
    DataFrame
        Square, rows and columns a MultiIndex (``sex``, ``age``).
    """
    ages, width = _cohort.check_ages(survival.index, what="survival")
    sexes = _cohort.sex_columns(survival)
    inputs = _cohort.prepare(survival, fertility, ages, sexes, birth_survival, sex_ratio_at_birth)
    matrix = _cohort.leslie(width=width, **inputs)
    index = pd.MultiIndex.from_product([sexes, ages], names=["sex", "age"])
    return pd.DataFrame(matrix, index=index, columns=index)


def survival_ratios(person_years: pd.Series, *, radix: float, open_age: int | None = None) -> tuple[pd.Series, float]:
    """Survival ratios of a projection by n-year age groups from a life table's person-years.

    With :math:`{}_nL_x` the person-years lived in [x, x + n) and :math:`T_x` those above x (the last
    entry of ``person_years`` is the open interval's :math:`T`), for the projection's open group A+ (PHG 2001,
    ch. 6):

    * :math:`S_x = {}_nL_{x+n} / {}_nL_x` for the closed groups below A − n;
    * if the life table goes beyond A: :math:`S_{A-n} = {}_nL_A / {}_nL_{A-n}` and
      :math:`S_A = T_{A+n} / T_A`;
    * if it stops at A (open there too): :math:`S_{A-n} = S_A = T_A / T_{A-n}` (the last closed and the
      open group survive together);
    * births survive to ages 0 to n − 1 with :math:`{}_nL_0 / (n\\,l_0)`.

    Parameters
    ----------
    person_years
        :math:`{}_nL_x` by age group, index the lower bounds (0, 5, …; an abridged table's 1L0 and 4L1
        added into 5L0 first), the last one open-ended.
    radix
        :math:`l_0` of the life table (e.g. 100 000).
    open_age
        Lower bound A of the projection's open group; default the life table's.

    Returns
    -------
    ratios, birth_survival
        A Series of S indexed by the projection's age groups 0 … A, and the births' survival.
    """
    ages, width = _cohort.check_ages(person_years.index, what="person_years")
    values = person_years.to_numpy(float)
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ValueError("person_years: values must be positive")
    if not radix > 0:
        raise ValueError(f"radix must be positive, got {radix}")
    top = int(ages[-1]) if open_age is None else int(open_age)
    if top not in ages or top == 0:
        raise ValueError(f"open_age must be one of the life table's age groups after 0, got {open_age}")
    k = int(np.flatnonzero(ages == top)[0])
    total = np.cumsum(values[::-1])[::-1]  # T_x
    ratios = np.empty(k + 1)
    ratios[: k - 1] = values[1:k] / values[: k - 1]
    if k == len(ages) - 1:
        ratios[k - 1] = ratios[k] = total[k] / total[k - 1]
    else:
        ratios[k - 1] = values[k] / values[k - 1]
        ratios[k] = total[k + 1] / total[k]
    births = float(values[0] / (width * radix))
    return pd.Series(ratios, index=pd.Index(ages[: k + 1], name="age"), name="survival"), births


def cohort_component(
    base: pd.DataFrame,
    *,
    base_year: int,
    survival: pd.DataFrame,
    fertility: pd.Series,
    birth_survival: float | Mapping[str, float],
    sex_ratio_at_birth: float = SEX_RATIO_AT_BIRTH,
    migration: pd.DataFrame | None = None,
    migration_rate: pd.DataFrame | None = None,
    steps: int = 1,
) -> CohortProjection:
    """Cohort-component projection by age group and sex (Preston, Heuveline & Guillot 2001, ch. 6).

    One interval of n years (the age groups' width), for each sex and age group x (A+ open):

    .. math::

        N_{x+n}(t+n) &= \\left(N_x(t) + \\tfrac12 I_x\\right) S_x + \\tfrac12 I_{x+n}, \\qquad
        N_{A}(t+n) = \\left(N_{A-n}(t) + \\tfrac12 I_{A-n}\\right) S_{A-n}
                    + \\left(N_A(t) + \\tfrac12 I_A\\right) S_A + \\tfrac12 I_A,

        B &= n \\sum_x F_x \\,\\frac{W_x(t) + \\tfrac12 I^W_x + W_x(t+n)}{2}, \\qquad
        N_0(t+n) = B\\,\\frac{1}{1+SRB}\\,b_f + \\tfrac12 I_0 \\;\\text{(girls; boys with } \\tfrac{SRB}{1+SRB}\\,b_m),

    with S the survival ratios, F the age-specific fertility rates of women W, b the births' survival
    to ages 0 to n − 1, SRB the sex ratio at birth and I the net migrants of the interval, half of whom
    join their group at the start (exposed to death, ageing and childbearing) and half at the end.
    Without migration this is :math:`N(t+n) = A\\,N(t)` with A from :func:`leslie_matrix`.

    Parameters
    ----------
    base
        Population at ``base_year``: index the age groups' lower bounds (0, 5, …, 85; equal widths,
        the last open-ended), columns ``female`` and (optionally) ``male``. Women only is the
        single-sex, female-dominant projection: the boys born are counted in ``components`` only.
    base_year
        Year of ``base``; the projection reports ``base_year + n``, ``+ 2n``, ….
    survival
        :math:`S_x`, shaped like ``base``: the share of group x alive n years later (in group x + n;
        the last closed and the open group both into the open group). Constant over the steps. From a
        life table with :func:`survival_ratios`. No default: the mortality assumed is the user's.
    fertility
        Age-specific fertility rates: births (both sexes) per woman per year, indexed by age group
        (groups left out have 0), e.g. ages 15 to 45. Constant over the steps; no default.
    birth_survival
        :math:`b = {}_nL_0 / (n\\,l_0)`, one number or one per sex.
    sex_ratio_at_birth
        Boys per girl; default 1.05 (:data:`SEX_RATIO_AT_BIRTH`); China's 2020 census:
        :data:`SEX_RATIO_AT_BIRTH_CHINA_2020` (1.113).
    migration, migration_rate
        Net migrants per interval shaped like ``base`` (counts, the same every interval), or annual net
        migration rates (I = n · rate · N(t) at each interval's start); at most one. Default closed.
    steps
        Number of intervals.

    Returns
    -------
    CohortProjection
        ``table``, ``components``, ``matrix``, ``assumptions``; ``population(year)`` gives one year.
    """
    ages, width = _cohort.check_ages(base.index, what="base")
    sexes = _cohort.sex_columns(base)
    population = _cohort.as_array(base, ages, sexes, what="base", low=0.0)
    inputs = _cohort.prepare(survival, fertility, ages, sexes, birth_survival, sex_ratio_at_birth)
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if migration is not None and migration_rate is not None:
        raise ValueError("give net migration as counts (migration) or as rates (migration_rate), not both")
    counts = None if migration is None else _cohort.as_array(migration, ages, sexes, what="migration")
    rates = None if migration_rate is None else _cohort.as_array(migration_rate, ages, sexes, what="migration_rate")

    frames, components = [population], []
    for k in range(steps):
        migrants = counts if rates is None else width * rates * population
        result = _cohort.step(population, width=width, migrants=migrants, **inputs)
        if np.any(result.population < 0):
            raise ValueError(
                f"net out-migration exceeds the population in the interval starting "
                f"{base_year + k * width}: a projected group would be negative"
            )
        girls = result.births[0]
        boys = result.births[1] if len(sexes) == 2 else girls * sex_ratio_at_birth  # women only: not projected
        components.append(
            {
                "start_year": base_year + k * width,
                "end_year": base_year + (k + 1) * width,
                "population_start": population.sum(),
                "births": result.births.sum(),
                "births_female": girls,
                "births_male": boys,
                "deaths": result.deaths,
                "net_migration": result.net_migration,
                "population_end": result.population.sum(),
            }
        )
        population = result.population
        frames.append(population)
    table = _cohort.long_table(frames, ages=ages, width=width, sexes=sexes, base_year=base_year)
    matrix = leslie_matrix(survival, fertility, birth_survival=birth_survival, sex_ratio_at_birth=sex_ratio_at_birth)
    source = {
        SEX_RATIO_AT_BIRTH: " (the conventional default)",
        SEX_RATIO_AT_BIRTH_CHINA_2020: " (China, 2020 census)",
    }.get(sex_ratio_at_birth, "")
    assumptions = _cohort.assumptions(
        ages=ages,
        width=width,
        sexes=sexes,
        base_year=base_year,
        steps=steps,
        sex_ratio_at_birth=sex_ratio_at_birth,
        source=source,
        counts=counts,
        rates=rates,
        **inputs,
    )
    components = pd.DataFrame(components).astype({"start_year": "int64", "end_year": "int64"})
    return CohortProjection(
        table=table,
        components=components,
        matrix=matrix,
        base_year=base_year,
        width=width,
        steps=steps,
        sex_ratio_at_birth=sex_ratio_at_birth,
        assumptions=assumptions,
    )
