"""Rank-size rule (Zipf's law) and primacy of a set of cities or counties.

Sort the :math:`n` sizes in decreasing order, :math:`S_{(1)} \\ge \\dots \\ge S_{(n)}`, and regress
the log of the rank minus one half on the log of the size by ordinary least squares,

.. math::

    \\log(i - \\tfrac12) = a - \\zeta \\log S_{(i)} + e_i, \\qquad i = 1, \\dots, n.

:math:`\\zeta` is the Pareto (Zipf) exponent of the upper tail: :math:`\\zeta = 1` is Zipf's law,
:math:`\\zeta < 1` a more unequal (top-heavy) system, :math:`\\zeta > 1` a more even one. Gabaix and
Ibragimov (2011) show that the shift by 1/2 removes the leading small-sample bias of the plain
:math:`\\log i` regression, and that the OLS standard error (which treats the ranks as independent
draws) is far too small: the correct asymptotic standard error is

.. math::

    \\operatorname{se}(\\hat\\zeta) = \\hat\\zeta \\sqrt{2 / n}.

Primacy compares the largest unit with the next ones: the two-city index :math:`S_{(1)} / S_{(2)}`
and the four-city index :math:`S_{(1)} / (S_{(2)} + S_{(3)} + S_{(4)})` (Jefferson 1939; Davis 1969).
For sizes exactly on the rank-size rule :math:`S_{(i)} = S_{(1)} / i` they are 2 and 12/13 ≈ 0.92.

References
----------
Gabaix, X., Ibragimov, R. (2011). Rank − 1/2: a simple way to improve the OLS estimation of tail
exponents. *Journal of Business & Economic Statistics* 29(1), 24–39.
Gabaix, X. (1999). Zipf's law for cities: an explanation. *Quarterly Journal of Economics* 114(3),
739–767.
Jefferson, M. (1939). The law of the primate city. *Geographical Review* 29(2), 226–232.
Davis, K. (1969). *World Urbanization 1950–1970*, vol. 1. Berkeley: University of California.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["RankSize", "rank_size"]


@dataclass(frozen=True)
class RankSize:
    """Result of :func:`rank_size`.

    Attributes
    ----------
    zeta : Pareto (Zipf) exponent, minus the OLS slope of ``log(rank − 1/2)`` on ``log(size)``
    se : Gabaix–Ibragimov standard error, ``zeta · sqrt(2 / n)``
    intercept : ``a`` of the regression
    r_squared : R² of the regression (descriptive only)
    n : number of units in the regression (after ``min_size`` and ``top``)
    primacy_two : ``S1 / S2``
    primacy_four : ``S1 / (S2 + S3 + S4)`` (NaN with fewer than 4 units)
    table : the units used, largest first: index as the input's, columns ``size``, ``rank`` (1 =
        largest), ``log_size``, ``log_rank`` (``log(rank − 1/2)``), ``fitted`` (``a − zeta·log_size``)
    """

    zeta: float
    se: float
    intercept: float
    r_squared: float
    n: int
    primacy_two: float
    primacy_four: float
    table: pd.DataFrame


def rank_size(sizes, *, min_size: float | None = None, top: int | None = None) -> RankSize:
    """Zipf exponent by the rank − 1/2 regression with its Gabaix–Ibragimov standard error, and primacy.

    Fits :math:`\\log(i - 1/2) = a - \\zeta \\log S_{(i)}` by OLS over the sizes sorted in decreasing
    order (see the module docstring); :math:`\\operatorname{se} = \\zeta \\sqrt{2/n}` (Gabaix &
    Ibragimov 2011). Tied sizes take consecutive ranks.

    Parameters
    ----------
    sizes
        Populations (or any positive sizes) of the units, e.g. a Series indexed by city or county;
        a list or array works too. Missing values (NaN) are dropped.
    min_size
        Keep only units with a size at least this (truncation at a lower bound, as the tail exponent
        describes the upper tail).
    top
        Keep only the ``top`` largest units (after ``min_size``).

    Returns
    -------
    RankSize
        ``zeta``, ``se``, ``intercept``, ``r_squared``, ``n``, the two primacy indices and the table.

    Raises
    ------
    ValueError
        A size that is not positive, fewer than 3 units left, or all of them equal.
    """
    series = pd.Series(sizes, dtype="float64") if not isinstance(sizes, pd.Series) else sizes.astype("float64")
    series = series.dropna()
    if min_size is not None:
        series = series[series >= min_size]
    if (series <= 0).any() or np.isinf(series).any():
        bad = series[(series <= 0) | np.isinf(series)]
        raise ValueError(
            f"sizes must be positive and finite; {bad.index[0]!r} is {bad.iloc[0]!r} ({len(bad)} such values)"
        )
    if top is not None:
        if top < 1:
            raise ValueError(f"top must be a positive integer, got {top!r}")
        series = series.sort_values(ascending=False, kind="stable").iloc[:top]
    series = series.sort_values(ascending=False, kind="stable")
    n = len(series)
    if n < 3:
        raise ValueError(f"at least 3 units are needed for the rank-size regression, got {n}")
    size = series.to_numpy()
    if size[0] == size[-1]:
        raise ValueError("all sizes are equal: the rank-size slope is undefined")

    rank = np.arange(1, n + 1, dtype=np.float64)
    x, y = np.log(size), np.log(rank - 0.5)
    xc, yc = x - x.mean(), y - y.mean()
    slope = (xc @ yc) / (xc @ xc)
    intercept = y.mean() - slope * x.mean()
    fitted = intercept + slope * x
    r_squared = 1.0 - ((y - fitted) @ (y - fitted)) / (yc @ yc)
    zeta = -slope
    table = pd.DataFrame(
        {"size": size, "rank": rank.astype(np.int64), "log_size": x, "log_rank": y, "fitted": fitted},
        index=series.index,
    )
    return RankSize(
        zeta=float(zeta),
        se=float(zeta * np.sqrt(2.0 / n)),
        intercept=float(intercept),
        r_squared=float(r_squared),
        n=n,
        primacy_two=float(size[0] / size[1]),
        primacy_four=float(size[0] / size[1:4].sum()) if n >= 4 else float("nan"),
        table=table,
    )
