"""Arithmetic of the cohort-component projection behind
:func:`governance_analytics.population.projection.cohort_component`.

Populations are arrays of shape (n_sexes, n_ages): row 0 women, row 1 (if present) men; column i the
age group starting at ``i * width``, the last one open-ended. Formulas: Preston, Heuveline & Guillot
(2001), *Demography*, ch. 6 (see the public module).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = [
    "SEXES",
    "Step",
    "age_labels",
    "as_array",
    "assumptions",
    "check_ages",
    "fertility_array",
    "leslie",
    "long_table",
    "prepare",
    "sex_columns",
    "sex_values",
    "step",
]

#: Sexes in the order of the arrays' rows; women first (the female-dominant projection).
SEXES = ("female", "male")


def age_labels(ages: np.ndarray, width: int) -> list[str]:
    """``0-4``, ``5-9``, …, ``85+`` for lower bounds ``ages`` (the last group open-ended)."""
    return [f"{a}-{a + width - 1}" for a in ages[:-1]] + [f"{ages[-1]}+"]


def check_ages(index: pd.Index, *, what: str) -> tuple[np.ndarray, int]:
    """Lower bounds of equal-width age groups starting at 0 (the last open); returns (ages, width)."""
    try:
        ages = np.asarray(index, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{what}: the index must hold the age groups' lower bounds (0, 5, 10, …), got {list(index)[:4]}"
        ) from None
    if len(ages) < 2 or ages[0] != 0 or np.any(ages != np.round(ages)):
        raise ValueError(
            f"{what}: age groups must start at 0 and be whole years (at least two groups), got {list(index)}"
        )
    widths = np.diff(ages)
    if np.any(widths != widths[0]) or widths[0] <= 0:
        raise ValueError(
            f"{what}: age groups must have equal widths in increasing order "
            f"(the last one open-ended), got {list(index)}"
        )
    return ages.astype(int), int(widths[0])


def as_array(
    frame: pd.DataFrame,
    ages: np.ndarray,
    sexes: tuple[str, ...],
    *,
    what: str,
    low: float | None = None,
    high: float | None = None,
) -> np.ndarray:
    """``frame`` (index ages, columns sexes) as a (n_sexes, n_ages) float array, range-checked."""
    missing = [s for s in sexes if s not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; expected {list(sexes)}")
    if not np.array_equal(np.asarray(frame.index, dtype=float), ages):
        raise ValueError(f"{what}: age groups {list(frame.index)} differ from the base population's {list(ages)}")
    values = frame[list(sexes)].to_numpy(float).T
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{what}: missing or infinite values")
    if (low is not None and np.any(values < low)) or (high is not None and np.any(values > high)):
        raise ValueError(f"{what}: values must lie in [{low}, {high}], got {values.min():g} … {values.max():g}")
    return values


def sex_values(value: float | Mapping[str, float], sexes: tuple[str, ...], *, what: str) -> np.ndarray:
    """One number per sex from a scalar or a mapping sex → number."""
    if isinstance(value, Mapping):
        missing = [s for s in sexes if s not in value]
        if missing:
            raise ValueError(f"{what}: missing value(s) for {missing}")
        return np.array([float(value[s]) for s in sexes])
    return np.full(len(sexes), float(value))


class Step:
    """One projection interval: the end population and its components of change."""

    __slots__ = ("births", "deaths", "net_migration", "population")

    def __init__(self, population: np.ndarray, births: np.ndarray, deaths: float, net_migration: float):
        self.population = population  # (n_sexes, n_ages) at the end of the interval
        self.births = births  # (n_sexes,) births during the interval by sex of the child
        self.deaths = deaths  # implied by the survival ratios
        self.net_migration = net_migration


def _destinations(n_ages: int) -> np.ndarray:
    """Group index at t + n of each group at t: one up, the last two into the open group."""
    return np.minimum(np.arange(n_ages) + 1, n_ages - 1)


def step(
    population: np.ndarray,
    *,
    survival: np.ndarray,
    fertility: np.ndarray,
    birth_survival: np.ndarray,
    female_share: float,
    width: int,
    migrants: np.ndarray | None,
) -> Step:
    """Project ``population`` one interval of ``width`` years (PHG 2001, ch. 6).

    Half of each group's net migrants ``migrants`` join it at the start (then survive and age with
    it), half at the end. Survivors: group x → x + n with ratio S_x; the last closed group and the
    open group both land in the open group. Births :math:`B = n \\sum_x F_x (W_x^{start} + W_x^{end})/2`
    (W women, start including the first half of migrants, end the projected group), split
    ``female_share`` : 1 − ``female_share`` and surviving to 0–(n−1) with ``birth_survival``.
    """
    n_sexes, n_ages = population.shape
    half = np.zeros_like(population) if migrants is None else migrants / 2.0
    start = population + half
    dest = _destinations(n_ages)
    end = np.zeros_like(population)
    for s in range(n_sexes):
        np.add.at(end[s], dest, start[s] * survival[s])
    end += half
    births_total = width * float(np.sum(fertility * (start[0] + end[0]) / 2.0))
    births = births_total * np.array([female_share, 1.0 - female_share])[:n_sexes]
    end[:, 0] += births * birth_survival
    deaths = float(np.sum(start * (1.0 - survival)) + np.sum(births * (1.0 - birth_survival)))
    return Step(end, births, deaths, 0.0 if migrants is None else float(migrants.sum()))


def leslie(
    *, survival: np.ndarray, fertility: np.ndarray, birth_survival: np.ndarray, female_share: float, width: int
) -> np.ndarray:
    """The (n_sexes·n_ages)² projection matrix of :func:`step` without migration.

    Block (women, women): first row :math:`\\frac{n}{2}(F_x + F_{d(x)} S_x)\\, s_f\\, b_f` with
    d(x) the destination group, :math:`s_f` the female share of births and :math:`b_f` their
    survival; sub-diagonal S_x, the open group's row holding both S_{A-n} and S_A. Block (men, women):
    the first row with the male share and male birth survival. Block (men, men): male survival.
    """
    n_sexes, n_ages = survival.shape
    dest = _destinations(n_ages)
    matrix = np.zeros((n_sexes * n_ages, n_sexes * n_ages))
    maternity = width / 2.0 * (fertility + fertility[dest] * survival[0])
    shares = np.array([female_share, 1.0 - female_share])[:n_sexes]
    for s in range(n_sexes):
        block = slice(s * n_ages, (s + 1) * n_ages)
        matrix[block, block][dest, np.arange(n_ages)] = survival[s]
        matrix[s * n_ages, :n_ages] += maternity * shares[s] * birth_survival[s]
    return matrix


def sex_columns(base: pd.DataFrame) -> tuple[str, ...]:
    """The sexes of ``base`` in :data:`SEXES` order: ``female`` and optionally ``male``."""
    unknown = [c for c in base.columns if c not in SEXES]
    if "female" not in base.columns or unknown:
        raise ValueError(f"base: columns must be 'female' and optionally 'male', got {list(base.columns)}")
    return tuple(s for s in SEXES if s in base.columns)


def fertility_array(fertility: pd.Series, ages: np.ndarray) -> np.ndarray:
    """Annual fertility rates per age group of ``ages`` (0 where ``fertility`` has none)."""
    index = np.asarray(fertility.index, dtype=float)
    unknown = sorted(set(index) - set(ages.astype(float)))
    if unknown:
        raise ValueError(f"fertility: age groups {unknown} are not age groups of the base population {list(ages)}")
    values = pd.Series(fertility.to_numpy(float), index=index).reindex(ages.astype(float), fill_value=0.0)
    if not np.all(np.isfinite(values)) or (values < 0).any():
        raise ValueError("fertility: rates must be finite and non-negative (births per woman per year)")
    return values.to_numpy()


def prepare(
    survival: pd.DataFrame,
    fertility: pd.Series,
    ages: np.ndarray,
    sexes: tuple[str, ...],
    birth_survival: float | Mapping[str, float],
    sex_ratio_at_birth: float,
) -> dict:
    """Checked arrays for :func:`step` and :func:`leslie`: survival, fertility, birth_survival, female_share."""
    if not sex_ratio_at_birth > 0:
        raise ValueError(f"sex_ratio_at_birth must be positive (boys per girl), got {sex_ratio_at_birth}")
    births = sex_values(birth_survival, sexes, what="birth_survival")
    if np.any((births <= 0) | (births > 1)):
        raise ValueError(f"birth_survival must lie in (0, 1], got {births.tolist()}")
    return {
        "survival": as_array(survival, ages, sexes, what="survival", low=0.0, high=1.0),
        "fertility": fertility_array(fertility, ages),
        "birth_survival": births,
        "female_share": 1.0 / (1.0 + sex_ratio_at_birth),
    }


def long_table(
    frames: list[np.ndarray], *, ages: np.ndarray, width: int, sexes: tuple[str, ...], base_year: int
) -> pd.DataFrame:
    """Populations of successive intervals as a long table year, sex, age, age_group, population."""
    labels = age_labels(ages, width)
    parts = []
    for k, values in enumerate(frames):
        for s, sex in enumerate(sexes):
            parts.append(
                pd.DataFrame(
                    {
                        "year": base_year + k * width,
                        "sex": sex,
                        "age": ages,
                        "age_group": labels,
                        "population": values[s],
                    }
                )
            )
    return pd.concat(parts, ignore_index=True).astype({"year": "int64", "age": "int64"})


def assumptions(
    *,
    ages: np.ndarray,
    width: int,
    sexes: tuple[str, ...],
    base_year: int,
    steps: int,
    survival: np.ndarray,
    fertility: np.ndarray,
    birth_survival: np.ndarray,
    female_share: float,
    sex_ratio_at_birth: float,
    source: str,
    counts: np.ndarray | None,
    rates: np.ndarray | None,
) -> tuple[str, ...]:
    """The assumptions of a cohort-component projection as sentences."""
    who = (
        "women and men" if len(sexes) == 2 else "women only (female-dominant, single-sex: boys born are not projected)"
    )
    out = [
        (
            f"Cohort-component projection (Preston, Heuveline & Guillot 2001, ch. 6) of {who} in {len(ages)} age "
            f"groups of {width} years, open group {ages[-1]}+, from {base_year} to {base_year + steps * width} in "
            f"{steps} step(s) of {width} years."
        )
    ]
    for s, sex in enumerate(sexes):
        out.append(
            f"Survival ({sex}): the given ratios S_x stay constant, from {survival[s].min():.4f} to "
            f"{survival[s].max():.4f} (the last closed and the open group both into the open group "
            f"{ages[-1]}+); births survive to ages 0–{width - 1} with {birth_survival[s]:.4f}."
        )
    fertile = ages[fertility > 0]
    if len(fertile):
        out.append(
            f"Fertility: the given rates of women aged {fertile[0]}–{fertile[-1] + width - 1} stay constant "
            f"(TFR = {width} · ΣF = {width * fertility.sum():.3f}); births in an interval = "
            f"{width} · Σ F_x (W_x(t) + W_x(t+{width})) / 2."
        )
    else:
        out.append("Fertility: none (no births).")
    out.append(
        f"Sex ratio at birth {sex_ratio_at_birth:g} boys per girl{source}: girls are {female_share:.4f} of births."
    )
    if counts is not None:
        out.append(
            f"Net migration: the given counts per {width}-year interval (in all {counts.sum():+,.0f}), the "
            "same every interval; half join their age group at the start of the interval, half at the end."
        )
    elif rates is not None:
        out.append(
            f"Net migration: the given annual rates × {width} years × the group's population at the start "
            "of each interval; half join their age group at the start of the interval, half at the end."
        )
    else:
        out.append("Closed population: no migration.")
    return tuple(out)
