"""Building blocks of disclosure control: the threshold, the markers, what counts as small, and the
additive relations (:class:`Constraint`) a reader of a table knows. See
:mod:`governance_analytics.privacy.suppression`."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from governance_analytics.errors import DisclosureWarning
from governance_analytics.report_settings import DEFAULT_THRESHOLD

__all__ = [
    "DEFAULT_THRESHOLD",
    "WITHHELD",
    "Cell",
    "Constraint",
    "DisclosureWarning",
    "column_totals",
    "is_small",
    "known_total",
    "reveals_small",
    "row_totals",
]

#: Marker of a count withheld so that a small one cannot be worked back (complementary suppression).
WITHHELD = "×"

#: A table cell: (row label, column label).
Cell = tuple[Hashable, Hashable]


def is_small(counts, threshold: int = DEFAULT_THRESHOLD) -> np.ndarray:
    """True where ``0 < count < threshold``."""
    counts = np.asarray(counts, dtype=float)
    return (counts > 0) & (counts < threshold)


def reveals_small(numerator, denominator, threshold: int = DEFAULT_THRESHOLD) -> np.ndarray:
    """True where a published share ``numerator / denominator`` would let a reader work back a count
    in 1 … threshold − 1: the numerator, the denominator or their difference (those that failed)."""
    numerator, denominator = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    return (
        is_small(numerator, threshold) | is_small(denominator, threshold) | is_small(denominator - numerator, threshold)
    )


@dataclass(frozen=True)
class Constraint:
    """An additive relation a reader of the report knows: Σ coefficient × cell = ``rhs``.

    A total is written with coefficient −1 and its parts with +1 (``rhs`` 0); a sum published
    elsewhere in the report (a finding, another table) is ``rhs``.
    """

    terms: tuple[tuple[Cell, float], ...]
    rhs: float = 0.0

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The cells of the relation, in order."""
        return tuple(cell for cell, _ in self.terms)

    @property
    def totals(self) -> frozenset[Cell]:
        """The relation's total(s): cells with a negative coefficient."""
        return frozenset(cell for cell, a in self.terms if a < 0)


def column_totals(frame: pd.DataFrame, *, columns: Sequence[Hashable], total: Hashable) -> list[Constraint]:
    """Row ``total`` is the sum of the other rows of ``frame``, in each of ``columns``."""
    parts = [r for r in frame.index if r != total]
    return [Constraint(tuple([((r, c), 1.0) for r in parts] + [((total, c), -1.0)])) for c in columns]


def row_totals(
    frame: pd.DataFrame, *, total: Hashable, parts: Sequence[Hashable], rows: Iterable[Hashable] | None = None
) -> list[Constraint]:
    """Column ``total`` is the sum of columns ``parts``, in each row (default every row)."""
    rows = frame.index if rows is None else rows
    return [Constraint(tuple([((r, c), 1.0) for c in parts] + [((r, total), -1.0)])) for r in rows]


def known_total(
    frame: pd.DataFrame, *, column: Hashable, value: float, rows: Iterable[Hashable] | None = None
) -> Constraint:
    """Column ``column`` sums, over ``rows`` (default every row), to ``value`` published elsewhere."""
    rows = frame.index if rows is None else rows
    return Constraint(tuple(((r, column), 1.0) for r in rows), float(value))
