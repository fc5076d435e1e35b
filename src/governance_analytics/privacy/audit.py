"""The audit of a suppression pattern by linear programming, and the protection it drives: the
interval in which each hidden cell must lie given everything published (τ-ARGUS "audit"; Hundepool
et al. 2012, ch. 4). See :mod:`governance_analytics.privacy.suppression`."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from governance_analytics.privacy.relations import Cell, Constraint, DisclosureWarning, is_small

__all__ = ["audit"]


class _Pattern:
    """The linear programmes of a suppression pattern as a reader sees it: unknowns are the hidden
    cells and the cells never shown, everything else is fixed at its value; with the markers
    (``markers=True``: ``"<t"`` is 1 … t − 1, ``"×"`` at least t, a cell not shown ≥ 0) or without
    (every unknown ≥ 0).

    ``seen`` (per tier, cell → lowest and highest value met) collects every solution found: each is a
    feasible table, so a cell met at two values a and b has an interval at least |a − b| wide. A
    pattern that withholds more keeps those tables feasible (the newly withheld cell at its value), so
    ``seen`` is shared by the patterns of one suppression and most cells never need their own LPs.
    An interval is computed on the cell's own block of the programme (unknowns linked through
    relations), in closed form when that block is a single relation (a map's blocks and their total).
    """

    def __init__(
        self,
        constraints: Sequence[Constraint],
        value: Mapping[Cell, float],
        unknown: set[Cell],
        shown: set[Cell],
        threshold: int,
        seen: dict[bool, dict[Cell, list[float]]],
    ):
        relations = [c for c in constraints if unknown.intersection(c.cells)]
        self.cells = list(dict.fromkeys(cell for c in relations for cell in c.cells if cell in unknown))
        self.position = {cell: j for j, cell in enumerate(self.cells)}
        self.a_eq = np.zeros((len(relations), len(self.cells)))
        self.b_eq = np.array([c.rhs for c in relations], dtype=float)
        for i, constraint in enumerate(relations):
            for cell, a in constraint.terms:
                if cell in self.position:
                    self.a_eq[i, self.position[cell]] += a
                else:
                    self.b_eq[i] -= a * value[cell]
        # a count shown as "×" is never small; a zero shown as "×" (withheld because linked) only ≥ 0
        self.limits: dict[bool, list[tuple[float, float | None]]] = {
            False: [(0.0, None)] * len(self.cells),
            True: [
                (
                    (1.0, threshold - 1.0)
                    if is_small(value[cell], threshold)
                    else (min(float(threshold), value[cell]), None)
                )
                if cell in shown
                else (0.0, None)
                for cell in self.cells
            ],
        }
        self.seen = seen
        root = list(range(len(self.cells)))  # blocks of unknowns linked through relations (union-find)

        def find(j: int) -> int:
            while root[j] != j:
                root[j] = root[root[j]]
                j = root[j]
            return j

        for row in self.a_eq:
            linked = np.flatnonzero(row)
            for j in linked[1:]:
                root[find(j)] = find(linked[0])
        blocks: dict[int, list[int]] = {}
        for j in range(len(self.cells)):
            blocks.setdefault(find(j), []).append(j)
        self.block = {j: columns for columns in blocks.values() for j in columns}

    def _solve(self, objective: np.ndarray, markers: bool, columns: Sequence[int] | None = None) -> float:
        at = np.arange(len(self.cells)) if columns is None else np.asarray(columns, dtype=np.intp)
        rows = np.flatnonzero(np.abs(self.a_eq[:, at]).sum(axis=1))
        limits = [self.limits[markers][j] for j in at]
        result = linprog(
            objective, A_eq=self.a_eq[np.ix_(rows, at)], b_eq=self.b_eq[rows], bounds=limits, method="highs"
        )
        if result.status == 2:
            raise ValueError("the published values do not satisfy the constraints (infeasible audit)")
        if result.status == 3:
            return -np.inf
        if result.status != 0:
            raise RuntimeError(f"audit linear programme failed: {result.message}")
        self._record(at.tolist(), result.x, markers)
        return result.fun

    def _record(self, columns: Sequence[int], xs: Sequence[float], markers: bool) -> None:
        seen = self.seen[markers]
        for j, x in zip(columns, xs):
            low, high = seen.setdefault(self.cells[j], [x, x])
            seen[self.cells[j]] = [min(low, x), max(high, x)]

    def _single(self, j: int, columns: list[int], markers: bool) -> tuple[float, float] | None:
        """Closed-form interval of unknown ``j`` when its block is one relation Σ a·x = b."""
        rows = np.flatnonzero(np.abs(self.a_eq[:, columns]).sum(axis=1))
        if len(rows) != 1:
            return None
        a, b = self.a_eq[rows[0]], self.b_eq[rows[0]]
        low_sum = high_sum = 0.0  # range of Σ a·x over the other unknowns of the relation
        for k in columns:
            if k == j or not a[k]:
                continue
            low, upper = self.limits[markers][k]
            high = np.inf if upper is None else upper
            terms = (a[k] * low, a[k] * high)
            low_sum, high_sum = low_sum + min(terms), high_sum + max(terms)
        ends = sorted(((b - high_sum) / a[j], (b - low_sum) / a[j]))
        low, upper = self.limits[markers][j]
        return max(ends[0], low), min(ends[1], np.inf if upper is None else upper)

    def explore(self, markers: bool) -> None:
        """Solve a few LPs whose objectives push the unknowns in opposite directions, so that ``seen``
        already proves most cells protected (deterministic sign patterns, no random draw)."""
        n = len(self.cells)
        if not n:
            return
        for base in (np.where(np.arange(n) % 2, 1.0, -1.0), np.sign(np.sin(12.9898 * np.arange(n) + 1.0)) + 0.0):
            for sign in (1.0, -1.0):
                self._solve(sign * base, markers)

    def spread(self, cell: Cell, markers: bool) -> float:
        """Width of the values ``cell`` was met at (a lower bound of its interval's width)."""
        low, high = self.seen[markers].get(cell, (0.0, 0.0))
        return high - low

    def interval(self, cell: Cell, *, markers: bool) -> tuple[float, float]:
        """Feasible ``(low, high)`` of ``cell``."""
        j = self.position[cell]
        columns = self.block[j]
        single = self._single(j, columns, markers)
        if single is not None:
            return single
        objective = np.zeros(len(columns))
        objective[columns.index(j)] = 1.0
        return self._solve(objective, markers, columns), -self._solve(-objective, markers, columns)

    def protected(self, cell: Cell, width: float, *, markers: bool) -> tuple[bool, float, float]:
        """Whether ``cell``'s interval is at least ``width`` wide, and the interval (``nan`` when the
        solutions met already prove it)."""
        if self.spread(cell, markers) >= width - 1e-6:
            return True, np.nan, np.nan
        low, high = self.interval(cell, markers=markers)
        return high - low >= width - 1e-6, low, high


def _nearest_complement(
    cell: Cell,
    constraints: Sequence[Constraint],
    hide: set[Cell],
    unknown: set[Cell],
    candidates: set[Cell],
    value: Mapping[Cell, float],
    *,
    escalate: bool,
) -> Cell | None:
    """The cell to withhold next for ``cell``: the smallest non-zero published cell (parts before
    totals) of the relations holding it; with ``escalate``, when they have none, of the relations
    reached from those through other unknown cells, nearest first — without, only their parts.
    ``None`` when none is left."""
    frontier, reached, used = {cell}, {cell}, set()
    while frontier:
        level = [i for i, c in enumerate(constraints) if i not in used and frontier.intersection(c.cells)]
        if not level:
            return None
        used.update(level)
        free = [
            (other in constraints[i].totals, value[other], i, j, other)
            for i in level
            for j, other in enumerate(constraints[i].cells)
            if other in candidates
            and other not in hide
            and value[other] > 0
            and (escalate or other not in constraints[i].totals)
        ]
        if free:
            return min(free)[-1]
        if not escalate:
            return None
        frontier = {other for i in level for other in constraints[i].cells if other in unknown} - reached
        reached |= frontier
    return None


def _protect_by_audit(
    constraints: list[Constraint],
    value: Mapping[Cell, float],
    hide: set[Cell],
    *,
    targets: set[Cell],
    shown: set[Cell],
    candidates: set[Cell],
    threshold: int,
) -> set[Cell]:
    """Cells to withhold besides ``hide`` until every target meets the protection level (module
    docstring): (1) audited with the markers, an interval at least 1 wide — else the nearest
    published cell is withheld, a total if need be, and a :class:`DisclosureWarning` issued when none
    is left; (2) a small target's interval from the published figures alone at least ``threshold``
    wide — pursued, by withholding parts of its own relations one at a time (smallest first), only
    when withholding all of them would achieve it. ``shown`` are the cells the table shows (as a
    number or a marker); the others are unknown to the reader whatever their value. ``hide`` is
    extended in place."""
    order = {cell: k for k, cell in enumerate(dict.fromkeys(cell for c in constraints for cell in c.cells))}
    pending = sorted((cell for cell in targets if cell in order), key=order.__getitem__)
    added: set[Cell] = set()
    seen: dict[bool, dict[Cell, list[float]]] = {True: {}, False: {}}
    achievable: set[Cell] = set()
    pattern = None
    while pending:
        cell = pending[0]
        unknown = hide | {c for c in order if c not in shown}
        if pattern is None:
            pattern = _Pattern(constraints, value, unknown, shown, threshold, seen)
            if not seen[True]:
                pattern.explore(markers=True)
                pattern.explore(markers=False)
        small = bool(is_small(value[cell], threshold))
        # "<2" is 1 by itself: the markers leave no width to ask for
        required = min(1.0, threshold - 2.0) if small and cell in shown else 1.0
        ok, low, high = pattern.protected(cell, required, markers=True)
        if ok and small:
            wide = pattern.protected(cell, float(threshold), markers=False)[0]
        else:
            wide = True
        if ok and not wide and cell not in achievable:
            parts = {
                other
                for c in constraints
                if cell in c.cells
                for other in c.cells
                if other in candidates and other not in hide and value[other] > 0 and other not in c.totals
            }
            best = _Pattern(constraints, value, unknown | parts, shown, threshold, {True: {}, False: {}})
            low0, high0 = best.interval(cell, markers=False) if parts else (0.0, 0.0)
            if high0 - low0 < threshold - 1e-6:
                wide = True  # not achievable by withholding its relations' parts: (1) is what it gets
            achievable.add(cell)
        if ok and wide:
            pending.pop(0)
            continue
        complement = _nearest_complement(cell, constraints, hide, unknown, candidates, value, escalate=not ok)
        if complement is None:
            if not ok:
                warnings.warn(
                    f"cannot protect cell {cell}: given the published figures and the markers it lies "
                    f"in [{low:g}, {high:g}], and no published non-zero cell is left to suppress around it",
                    DisclosureWarning,
                    stacklevel=3,
                )
            pending.pop(0)
            continue
        hide.add(complement)
        added.add(complement)
        pattern = None
    return added


def _numeric(published: pd.DataFrame) -> pd.DataFrame:
    return published.apply(lambda column: pd.to_numeric(column, errors="coerce"))


def audit(
    published: pd.DataFrame,
    constraints: Sequence[Constraint],
    *,
    bounds: Mapping[Cell, tuple[float, float]] | None = None,
) -> pd.DataFrame:
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
    given = [(bounds or {}).get(cell, (0.0, np.inf)) for cell in unknown]
    limits = [(low, None if np.isinf(high) else high) for low, high in given]
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
