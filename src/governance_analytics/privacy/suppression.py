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

*Protection level.* The heuristic above looks at one relation at a time, and a hidden cell that
bridges two groups of hidden cells can still follow exactly from the relations together. So the
suppression step ends with an audit of its own pattern. Following the *protection level* of
Hundepool et al. (2012, ch. 4) — the interval a reader can derive for a sensitive cell must be at
least so wide — a sensitive cell (a small count, published or not; a count withheld because it is
withheld in another table) counts as protected only when

1. *required:* given everything published **and what the markers reveal** (``"<t"`` is 1 … t − 1,
   ``"×"`` at least t, a cell the table does not show at least 0), its feasible interval is at
   least 1 wide — it is not a single value (for ``t = 2`` a ``"<2"`` is 1 by itself: waived); and
2. *protection level, where achievable:* a small cell's interval given the published figures alone
   (every unknown ≥ 0, as τ-ARGUS audits) is at least ``threshold`` wide. Only the width is asked
   for, not where ``x`` lies in the interval.

While (1) fails, the smallest non-zero published cell of the cell's relations (parts before totals)
is withheld too and the audit repeated; when its relations have none left, the nearest relations
reached through other hidden cells are searched; when none is left anywhere a
:class:`DisclosureWarning` is issued. (2) is pursued the same way but with parts of the cell's own
relations only, and only when withholding all of them would reach the width; otherwise (1) is what
the cell gets. Withholding more never narrows an interval, so a protected cell stays protected; the
loop ends, and it is deterministic.

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
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from governance_analytics.privacy.audit import _protect_by_audit
from governance_analytics.privacy.relations import DEFAULT_THRESHOLD, Cell, Constraint, DisclosureWarning

__all__ = ["Suppressed", "blank_derived", "secondary_suppression"]


@dataclass(frozen=True)
class Suppressed:
    """A table safe to publish and where it was suppressed.

    Attributes
    ----------
    frame : the table with small counts as ``"<threshold"``, complementary ones as ``"×"``
        (:data:`~governance_analytics.privacy.relations.WITHHELD`), derived values blanked (``None``)
        and unpublished columns dropped
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


def _complement(
    constraint: Constraint,
    hidden: set[Cell],
    candidates: set[Cell],
    value: Mapping[Cell, float],
    touched: Collection[Hashable] = (),
) -> Cell | None:
    """The next cell to suppress in ``constraint``: its smallest non-zero published part, else its
    smallest non-zero published total — among them first those in rows that already hold a hidden
    cell (``touched``: rows with a withheld published cell), so that the complements fall on as few
    rows (departments, districts) as possible and the others keep their rates; ``None`` when there
    is none."""
    order = {cell: i for i, cell in enumerate(constraint.cells)}
    free = [cell for cell in constraint.cells if cell in candidates and cell not in hidden and value[cell] > 0]
    return min(
        free,
        key=lambda cell: (cell in constraint.totals, cell[0] not in touched, value[cell], order[cell]),
        default=None,
    )


def _is_protected(constraint: Constraint, hidden: set[Cell], value: Mapping[Cell, float], threshold: int) -> bool:
    inside = [value[cell] for cell in constraint.cells if cell in hidden]
    return len(inside) >= 2 and sum(inside) >= threshold


def _true_cells(mask: pd.DataFrame) -> set[Cell]:
    """The ``(row, column)`` cells where ``mask`` is true; a row label of a MultiIndex stays one tuple
    (``DataFrame.stack`` would flatten it into the cell and no constraint would match)."""
    return {(row, column) for column in mask.columns for row in mask.index[mask[column].to_numpy(dtype=bool)]}


def secondary_suppression(
    values: pd.DataFrame,
    hidden: pd.DataFrame,
    constraints: Sequence[Constraint],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    sensitive: pd.DataFrame | None = None,
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Complementary cells to suppress so that no hidden count can be worked back.

    Rule (Hundepool et al. 2012, ch. 4; ONS/Eurostat practice): in every constraint that holds a
    *sensitive* hidden cell, suppress its smallest non-zero published cell — a part before the
    constraint's total, and a cell in a row that already holds a hidden cell before one in an
    untouched row — until the constraint holds at least two hidden cells whose sum is at least
    ``threshold``; repeat over all constraints until nothing changes. Zeros are never suppressed.
    When a constraint has no published non-zero cell left, it stays as it is: with two or more
    hidden cells their sum is merely below the threshold; with one, that cell follows from the
    constraint and a :class:`DisclosureWarning` is issued.

    The pattern is then audited (:func:`audit`, with what the markers reveal) and completed until
    every sensitive cell meets the protection level of the module docstring: its interval is not a
    single value given the markers, and a small cell's interval is at least ``threshold`` wide given
    the published figures whenever that can be achieved. A cell that stays a single value raises a
    :class:`DisclosureWarning`.

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
    stacked = _true_cells
    hide = stacked(hidden)
    need = stacked(hidden if sensitive is None else sensitive & hidden)
    targets = set(need)
    candidates = stacked(~hidden if published is None else published & ~hidden)
    shown = {cell for cell in value if cell in candidates or cell in hide} if published is None else stacked(published)
    added: set[Cell] = set()
    changed = True
    while changed:
        changed = False
        for constraint in constraints:
            if not need.intersection(constraint.cells):
                continue
            while not _is_protected(constraint, hide, value, threshold):
                touched = {row for row, column in hide if (row, column) in shown}
                cell = _complement(constraint, hide, candidates, value, touched)
                if cell is None:
                    if len(hide.intersection(constraint.cells)) < 2:
                        warnings.warn(
                            f"cannot protect the relation among {list(constraint.cells)[:4]}…: its one "
                            "hidden cell follows from it and no published non-zero cell is left to "
                            "suppress",
                            DisclosureWarning,
                            stacklevel=2,
                        )
                    break
                hide.add(cell)
                need.add(cell)
                added.add(cell)
                changed = True
    added |= _protect_by_audit(
        list(constraints), value, hide, targets=targets, shown=shown, candidates=candidates, threshold=threshold
    )
    out = pd.DataFrame(False, index=values.index, columns=values.columns)
    for cell in added:
        out.at[cell] = True
    return out


def blank_derived(
    out: pd.DataFrame, hidden: pd.DataFrame, derived: Sequence[str] | Mapping[str, Sequence[str]]
) -> pd.DataFrame:
    """``out`` with every figure derived from a withheld count blanked (``None``): a ``derived``
    sequence in each row with a ``hidden`` count, a mapping ``{column: [counts]}`` where one of its
    counts is hidden."""
    sources = derived if isinstance(derived, Mapping) else {c: list(hidden.columns) for c in derived}
    for column, counts in sources.items():
        rows = hidden[list(counts)].any(axis=1) if len(counts) else pd.Series(False, index=out.index)
        out[column] = out[column].astype(object).where(~rows, None)
    return out
