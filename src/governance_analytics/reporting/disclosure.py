"""Statistical disclosure control for published tables and maps.

No published count may fall below the threshold (default 10): a small count could single out a
resident or a household. Zeros are published.

*Primary suppression.* Counts from 1 to ``threshold − 1`` are replaced by ``"<threshold"``.

*Secondary (complementary) suppression.* A hidden count must not be recoverable from the figures
around it. The table's additive structure is written as linear :class:`Constraint` s — a total row
is the sum of the other rows in each count column (:func:`column_totals`), a total column the sum of
its part columns (:func:`row_totals`), a column sums to a total published elsewhere in the report
(:func:`known_total`). Cells that a constraint needs but the table does not show (e.g. "due but not
yet closed" = n_due − n_closed) are *unpublished* cells: a small one is protected like a small
published count, a large one is unknown to the reader. In every constraint holding a suppressed
cell, the smallest non-zero published cells (parts before the constraint's total) are suppressed
too, until the constraint holds at least two hidden cells whose sum is at least the threshold; this
is repeated over all constraints until nothing changes. Complementary cells are shown as ``"×"``.
Every figure derived from a hidden count in the same row (a change, a share, a rate) is blanked.

*Audit.* :func:`audit` computes, by linear programming, the interval in which each hidden cell must
lie given everything published (τ-ARGUS "audit"); a cell is protected when that interval is not a
single value.

References
----------
Hundepool, A., Domingo-Ferrer, J., Franconi, L., Giessing, S., Schulte Nordholt, E., Spicer, K. and
de Wolf, P.-P. (2012). *Statistical Disclosure Control*. Wiley, ch. 4 (magnitude and frequency
tables; primary and complementary suppression; auditing a suppression pattern). The rule above is
the simple hierarchical practice of ONS and Eurostat for frequency tables: at least two suppressed
cells in every margin relation, together not smaller than the threshold.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linprog

__all__ = [
    "DEFAULT_THRESHOLD", "WITHHELD", "Cell", "Constraint", "DisclosureWarning", "Suppressed", "audit",
    "column_totals", "is_small", "known_total", "row_totals", "secondary_suppression", "suppress_counts",
]

DEFAULT_THRESHOLD = 10
#: Marker of a count withheld so that a small one cannot be worked back (complementary suppression).
WITHHELD = "×"

#: A table cell: (row label, column label).
Cell = tuple[Hashable, Hashable]


class DisclosureWarning(UserWarning):
    """A constraint could not be protected: its single hidden cell follows from it, and it has no
    published non-zero cell left to suppress."""


def is_small(counts, threshold: int = DEFAULT_THRESHOLD) -> np.ndarray:
    """True where ``0 < count < threshold``."""
    counts = np.asarray(counts, dtype=float)
    return (counts > 0) & (counts < threshold)


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


def row_totals(frame: pd.DataFrame, *, total: Hashable, parts: Sequence[Hashable],
               rows: Iterable[Hashable] | None = None) -> list[Constraint]:
    """Column ``total`` is the sum of columns ``parts``, in each row (default every row)."""
    rows = frame.index if rows is None else rows
    return [Constraint(tuple([((r, c), 1.0) for c in parts] + [((r, total), -1.0)])) for r in rows]


def known_total(frame: pd.DataFrame, *, column: Hashable, value: float,
                rows: Iterable[Hashable] | None = None) -> Constraint:
    """Column ``column`` sums, over ``rows`` (default every row), to ``value`` published elsewhere."""
    rows = frame.index if rows is None else rows
    return Constraint(tuple(((r, column), 1.0) for r in rows), float(value))


@dataclass(frozen=True)
class Suppressed:
    """A table safe to publish and where it was suppressed.

    Attributes
    ----------
    frame : the table with small counts as ``"<threshold"``, complementary ones as :data:`WITHHELD`,
        derived values blanked (``None``) and unpublished columns dropped
    primary, secondary : boolean masks over the count columns (same labels as the input): counts
        withheld as small, and counts withheld so that those cannot be worked back
    """

    frame: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame

    @property
    def n_primary(self) -> int:
        """Cells withheld as small."""
        return int(self.primary.to_numpy().sum())

    @property
    def n_secondary(self) -> int:
        """Cells withheld as complements."""
        return int(self.secondary.to_numpy().sum())

    @property
    def n_suppressed(self) -> int:
        """All withheld cells."""
        return self.n_primary + self.n_secondary

    @property
    def hidden(self) -> pd.DataFrame:
        """Mask of every withheld count."""
        return self.primary | self.secondary


def _cell_values(values: pd.DataFrame, constraints: Sequence[Constraint]) -> dict[Cell, float]:
    cells = {cell for c in constraints for cell in c.cells}
    missing = [cell for cell in cells if cell[0] not in values.index or cell[1] not in values.columns]
    if missing:
        raise KeyError(f"constraint cells not in the table: {sorted(map(str, missing))[:5]}")
    return {cell: float(values.at[cell]) for cell in cells}


def _complement(constraint: Constraint, hidden: set[Cell], candidates: set[Cell],
                value: Mapping[Cell, float]) -> Cell | None:
    """The next cell to suppress in ``constraint``: its smallest non-zero published part, else its
    smallest non-zero published total; ``None`` when there is none."""
    order = {cell: i for i, cell in enumerate(constraint.cells)}
    free = [cell for cell in constraint.cells if cell in candidates and cell not in hidden and value[cell] > 0]
    return min(free, key=lambda cell: (cell in constraint.totals, value[cell], order[cell]), default=None)


def _is_protected(constraint: Constraint, hidden: set[Cell], value: Mapping[Cell, float], threshold: int) -> bool:
    inside = [value[cell] for cell in constraint.cells if cell in hidden]
    return len(inside) >= 2 and sum(inside) >= threshold


def secondary_suppression(values: pd.DataFrame, hidden: pd.DataFrame, constraints: Sequence[Constraint], *,
                          threshold: int = DEFAULT_THRESHOLD, sensitive: pd.DataFrame | None = None,
                          published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Complementary cells to suppress so that no hidden count can be worked back.

    Rule (Hundepool et al. 2012, ch. 4; ONS/Eurostat practice): in every constraint that holds a
    *sensitive* hidden cell, suppress its smallest non-zero published cell — a part before the
    constraint's total — until the constraint holds at least two hidden cells whose sum is at least
    ``threshold``; repeat over all constraints until nothing changes. Zeros are never suppressed.
    When a constraint has no published non-zero cell left, it stays as it is: with two or more
    hidden cells their sum is merely below the threshold; with one, that cell follows from the
    constraint and a :class:`DisclosureWarning` is issued.

    Parameters
    ----------
    values
        Counts, one column per count (published or not), indexed like the table.
    hidden
        Boolean mask (same shape) of cells the reader cannot see.
    constraints
        The table's additive relations (:class:`Constraint`).
    threshold
        Smallest count that may be published.
    sensitive
        Mask of hidden cells whose value must not be worked back (default: every hidden cell).
        Large unpublished cells are hidden but not sensitive: they only add uncertainty.
    published
        Mask of cells that may be chosen as complements (default: every cell not hidden).

    Returns
    -------
    DataFrame
        Boolean mask of the complementary cells (not including ``hidden``).
    """
    value = _cell_values(values, constraints)
    stacked = lambda mask: {cell for cell, flag in mask.stack().items() if flag}  # noqa: E731
    hide = stacked(hidden)
    need = stacked(hidden if sensitive is None else sensitive & hidden)
    candidates = stacked(~hidden if published is None else published & ~hidden)
    added: set[Cell] = set()
    changed = True
    while changed:
        changed = False
        for constraint in constraints:
            if not need.intersection(constraint.cells):
                continue
            while not _is_protected(constraint, hide, value, threshold):
                cell = _complement(constraint, hide, candidates, value)
                if cell is None:
                    if len(hide.intersection(constraint.cells)) < 2:
                        warnings.warn(f"cannot protect the relation among {list(constraint.cells)[:4]}…: its one "
                                      "hidden cell follows from it and no published non-zero cell is left to "
                                      "suppress", DisclosureWarning, stacklevel=2)
                    break
                hide.add(cell)
                need.add(cell)
                added.add(cell)
                changed = True
    out = pd.DataFrame(False, index=values.index, columns=values.columns)
    for cell in added:
        out.at[cell] = True
    return out


def _blank_derived(out: pd.DataFrame, hidden: pd.DataFrame,
                   derived: Sequence[str] | Mapping[str, Sequence[str]]) -> pd.DataFrame:
    sources = derived if isinstance(derived, Mapping) else {c: list(hidden.columns) for c in derived}
    for column, counts in sources.items():
        rows = hidden[list(counts)].any(axis=1) if len(counts) else pd.Series(False, index=out.index)
        out[column] = out[column].astype(object).where(~rows, None)
    return out


def suppress_counts(frame: pd.DataFrame, counts: Sequence[str], *,
                    derived: Sequence[str] | Mapping[str, Sequence[str]] = (),
                    constraints: Sequence[Constraint] = (), unpublished: Sequence[str] = (),
                    linked: Iterable[Cell] = (), threshold: int = DEFAULT_THRESHOLD) -> Suppressed:
    """Primary and secondary suppression of the ``counts`` columns of ``frame``.

    Parameters
    ----------
    frame
        The table, indexed by its row labels (the labels the constraints use).
    counts
        Published count columns.
    derived
        Columns computed from the counts: a sequence is blanked in every row with a withheld count;
        a mapping ``{column: [counts it is computed from]}`` is blanked where one of those is withheld.
    constraints
        The additive relations a reader knows (:func:`column_totals`, :func:`row_totals`,
        :func:`known_total`); without any, only primary suppression is done.
    unpublished
        Columns of ``frame`` that constraints use but the report does not show; dropped from the
        result. A small one is protected like a small published count.
    linked
        Cells withheld because the same count is withheld in another table (counted as secondary).
    threshold
        Smallest count that may be published.

    Returns
    -------
    Suppressed
        The safe table and the masks of primary and secondary suppression (see
        :func:`secondary_suppression` for the rule).
    """
    counts, unpublished = list(counts), list(unpublished)
    values = frame[counts + unpublished].apply(pd.to_numeric).fillna(0)
    small = pd.DataFrame(is_small(values, threshold), index=values.index, columns=values.columns)
    hidden = small.copy()
    hidden[unpublished] = values[unpublished] > 0
    for cell in linked:
        hidden.at[cell] = True
    sensitive = hidden.copy()  # a large unpublished cell only adds uncertainty
    sensitive[unpublished] = small[unpublished]
    published = pd.DataFrame(True, index=values.index, columns=values.columns)
    published[unpublished] = False
    extra = secondary_suppression(values, hidden, list(constraints), threshold=threshold, sensitive=sensitive,
                                  published=published)
    primary = small[counts]
    secondary = ((hidden | extra) & ~small)[counts]
    out = frame.drop(columns=unpublished)
    for column in counts:
        shown = out[column].astype(object).where(~primary[column], f"<{threshold}")
        out[column] = shown.where(~secondary[column], WITHHELD)
    return Suppressed(_blank_derived(out, primary | secondary, derived), primary, secondary)


def _numeric(published: pd.DataFrame) -> pd.DataFrame:
    return published.apply(lambda column: pd.to_numeric(column, errors="coerce"))


def audit(published: pd.DataFrame, constraints: Sequence[Constraint], *,
          bounds: Mapping[Cell, tuple[float, float]] | None = None) -> pd.DataFrame:
    """Feasible interval of every cell a reader cannot see (τ-ARGUS "audit").

    Each unknown cell — a constraint cell shown as a marker, blank or absent from the table — is
    minimised and maximised by linear programming (``scipy.optimize.linprog``, HiGHS) subject to
    every constraint, the published cells fixed at their values, and every unknown ≥ 0 (or within
    ``bounds``). A cell is protected when its interval is not a single value (Hundepool et al. 2012,
    §4.3).

    Parameters
    ----------
    published
        The table as published (markers such as ``"<10"`` and ``"×"`` count as unknown), indexed by
        the row labels the constraints use.
    constraints
        The additive relations a reader knows.
    bounds
        Optional ``(low, high)`` per unknown cell that the reader also knows (``np.inf`` for none).

    Returns
    -------
    DataFrame
        One row per unknown cell: ``row``, ``column``, ``low``, ``high``, ``protected``.

    Raises
    ------
    ValueError
        When the published values do not satisfy the constraints.
    """
    numbers = _numeric(published)

    def known(cell: Cell) -> bool:
        return cell[0] in numbers.index and cell[1] in numbers.columns and pd.notna(numbers.at[cell])

    unknown = list(dict.fromkeys(cell for c in constraints for cell in c.cells if not known(cell)))
    position = {cell: j for j, cell in enumerate(unknown)}
    a_eq = np.zeros((len(constraints), len(unknown)))
    b_eq = np.array([c.rhs for c in constraints], dtype=float)
    for i, constraint in enumerate(constraints):
        for cell, a in constraint.terms:
            if cell in position:
                a_eq[i, position[cell]] += a
            else:
                b_eq[i] -= a * float(numbers.at[cell])
    limits = [(bounds or {}).get(cell, (0.0, np.inf)) for cell in unknown]
    limits = [(low, None if np.isinf(high) else high) for low, high in limits]
    rows = []
    for cell, j in position.items():
        low, high = (_extreme(sign, j, a_eq, b_eq, limits) for sign in (1.0, -1.0))
        rows.append({"row": cell[0], "column": cell[1], "low": low, "high": high, "protected": high - low > 1e-6})
    return pd.DataFrame(rows, columns=["row", "column", "low", "high", "protected"])


def _extreme(sign: float, j: int, a_eq: np.ndarray, b_eq: np.ndarray, limits: list) -> float:
    """min (sign 1) or max (sign −1) of unknown ``j``."""
    objective = np.zeros(a_eq.shape[1])
    objective[j] = sign
    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=limits, method="highs")
    if result.status == 2:
        raise ValueError("the published values do not satisfy the constraints (infeasible audit)")
    if result.status == 3:
        return np.inf
    if result.status != 0:
        raise RuntimeError(f"audit linear programme failed: {result.message}")
    return sign * result.fun
