"""The publication ledger: every table a report publishes, suppressed together.

A report publishes the same count in more than one place — a class's cases in the overview's class
table and, located on the grid, in the hot-spot table; a department's filed cases in the KPI table
and in the time-to-closure ranking. Suppressing each table on its own lets a reader take a count
withheld in one table from the other. So each report part *declares* what it will publish — a
:class:`Publication`: the table, its count columns, the additive relations inside it and the cells
it needs but does not show — together with the relations *between* its tables and other tables
(:func:`equal_sums`, or any :class:`~governance_analytics.privacy.relations.Constraint` whose cells
are ``((table, row), column)``), and :func:`suppress_tables` protects all of them in one pass: the
tables become blocks of one table, the relations become its constraints, and the rule and the audit
of :func:`~governance_analytics.privacy.suppression.secondary_suppression` run once over the whole
(Hundepool et al. 2012, ch. 4.4, "linked tables": suppressing linked tables separately does not
protect them; the common cells must be protected jointly).

References
----------
Hundepool, A., Domingo-Ferrer, J., Franconi, L., Giessing, S., Schulte Nordholt, E., Spicer, K. and
de Wolf, P.-P. (2012). *Statistical Disclosure Control*. Wiley, ch. 4.4 (linked tables).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

import pandas as pd

from governance_analytics.privacy.relations import DEFAULT_THRESHOLD, WITHHELD, Cell, Constraint, is_small
from governance_analytics.privacy.suppression import Suppressed, blank_derived, secondary_suppression

__all__ = ["Publication", "equal_sums", "suppress_counts", "suppress_tables"]

#: A cell of a declared table: ((table key, row label), column label).
TableCell = tuple[tuple[str, Hashable], Hashable]


@dataclass(frozen=True)
class Publication:
    """A table a report part will publish, declared before anything is suppressed.

    Attributes
    ----------
    key : the table's name, unique in the report (relations between tables refer to it)
    frame : the table, indexed by its row labels
    counts : the published count columns
    constraints : the additive relations a reader knows inside the table
        (:func:`~governance_analytics.privacy.relations.column_totals`, ``row_totals``, ``known_total``)
    unpublished : columns the relations use but the report does not show (dropped when published);
        a small one is protected like a small published count
    derived : columns computed from the counts — a sequence is blanked in every row with a withheld
        count; a mapping ``{column: [counts it is computed from]}`` where one of those is withheld
    """

    key: str
    frame: pd.DataFrame
    counts: tuple[str, ...]
    constraints: tuple[Constraint, ...] = ()
    unpublished: tuple[str, ...] = ()
    derived: Sequence[str] | Mapping[str, Sequence[str]] = field(default=())


def equal_sums(
    *, parts: Iterable[tuple[str, Hashable, Hashable]], totals: Iterable[tuple[str, Hashable, Hashable]]
) -> Constraint:
    """The relation "the cells ``parts`` sum to what the cells ``totals`` sum to" between declared
    tables, each cell given as ``(table key, row label, column label)``. One part and one total: the
    same count published twice. Complements are chosen among the parts before the totals."""
    terms = [(((key, row), column), 1.0) for key, row, column in parts]
    terms += [(((key, row), column), -1.0) for key, row, column in totals]
    return Constraint(tuple(terms))


def _values(publication: Publication) -> pd.DataFrame:
    columns = [*publication.counts, *publication.unpublished]
    return publication.frame[columns].apply(pd.to_numeric).fillna(0).astype(float)


class _JointRows:
    """The rows of every declared table numbered in one joint table; a relation finds a row by its
    ``(table key, row label)``, which must then be unique in its table."""

    def __init__(self, publications: Sequence[Publication]) -> None:
        keys = [p.key for p in publications]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"tables declared twice to the ledger: {repeated}")
        self.keys = set(keys)
        self._columns = {p.key: {*p.counts, *p.unpublished} for p in publications}
        self.positions: dict[str, range] = {}
        self._by_label: dict[tuple[str, Hashable], int] = {}
        self._repeated: set[tuple[str, Hashable]] = set()
        start = 0
        for publication in publications:
            self.positions[publication.key] = range(start, start + len(publication.frame))
            for at, label in zip(self.positions[publication.key], publication.frame.index):
                if (publication.key, label) in self._by_label:
                    self._repeated.add((publication.key, label))
                self._by_label[(publication.key, label)] = at
            start += len(publication.frame)
        self.n = start

    def cell(self, cell: TableCell) -> Cell:
        """The joint table's cell of ``((table key, row label), column)``."""
        (key, label), column = cell
        if (key, label) in self._repeated:
            raise ValueError(f"relation cell {cell}: table {key!r} has more than one row {label!r}")
        if (key, label) not in self._by_label:
            raise KeyError(f"relation cell {cell}: table {key!r} has no row {label!r}")
        if column not in self._columns[key]:
            raise KeyError(f"relation cell {cell}: table {key!r} declares no count column {column!r}")
        return self._by_label[(key, label)], column


def _joint_constraints(
    publications: Sequence[Publication], relations: Sequence[Constraint], rows: _JointRows
) -> list[Constraint]:
    """Every table's own relations and the relations between tables, on the joint table's cells. A
    relation with a table that is not declared (a part left out of this report) is dropped: what it
    would link is not published."""
    out = [
        Constraint(tuple((rows.cell(((p.key, row), column)), a) for (row, column), a in c.terms), c.rhs)
        for p in publications
        for c in p.constraints
    ]
    for relation in relations:
        terms = [(cast(TableCell, cell), a) for cell, a in relation.terms]
        if all(cell[0][0] in rows.keys for cell, _ in terms):
            out.append(Constraint(tuple((rows.cell(cell), a) for cell, a in terms), relation.rhs))
    return out


def _check_relations(values: pd.DataFrame, constraints: Sequence[Constraint]) -> None:
    """Every relation holds on the declared values (a relation that does not would make the audit
    infeasible, and means two tables disagree on what should be one count)."""
    for constraint in constraints:
        lhs = sum(a * values.at[cell] for cell, a in constraint.terms)
        if abs(lhs - constraint.rhs) > 1e-6 * max(1.0, abs(constraint.rhs)):
            raise ValueError(f"declared tables disagree: {constraint} sums to {lhs:g}, not {constraint.rhs:g}")


def _published(publication: Publication, small: pd.DataFrame, hidden: pd.DataFrame, threshold: int) -> Suppressed:
    """The declared table with its small counts as ``"<threshold"`` and complements as
    :data:`WITHHELD`, derived values blanked and unpublished columns dropped."""
    counts = list(publication.counts)
    primary, secondary = small[counts], (hidden & ~small)[counts]
    out = publication.frame.drop(columns=list(publication.unpublished))
    for column in counts:
        shown = out[column].astype(object).where(~primary[column], f"<{threshold}")
        out[column] = shown.where(~secondary[column], WITHHELD)
    return Suppressed(blank_derived(out, primary | secondary, publication.derived), primary, secondary)


def suppress_tables(
    publications: Sequence[Publication], relations: Sequence[Constraint] = (), *, threshold: int = DEFAULT_THRESHOLD
) -> dict[str, Suppressed]:
    """Primary and secondary suppression of every declared table together.

    Parameters
    ----------
    publications
        The tables (:class:`Publication`, keys unique).
    relations
        Relations between tables, on cells ``((table key, row label), column)`` (:func:`equal_sums`).
        A relation with a table not declared is dropped.
    threshold
        Smallest count that may be published.

    Returns
    -------
    dict
        Table key → :class:`~governance_analytics.privacy.suppression.Suppressed`, its masks over the
        declared count columns: withheld as small (primary), and withheld so that no small count — in
        this table or one it is linked to — can be worked back (secondary).
    """
    rows = _JointRows(publications)
    columns = list(dict.fromkeys(c for p in publications for c in (*p.counts, *p.unpublished)))
    values = pd.DataFrame(0.0, index=range(rows.n), columns=columns)
    hidden = pd.DataFrame(False, index=values.index, columns=columns)
    sensitive, published = hidden.copy(), hidden.copy()
    for p in publications:
        at = list(rows.positions[p.key])
        own = _values(p)
        small = is_small(own, threshold)
        values.loc[at, own.columns] = own.to_numpy()
        hidden.loc[at, own.columns] = small | (own.to_numpy() > 0) * own.columns.isin(p.unpublished)
        sensitive.loc[at, own.columns] = small  # a large unpublished cell only adds uncertainty
        published.loc[at, list(p.counts)] = True
    constraints = _joint_constraints(publications, relations, rows)
    _check_relations(values, constraints)
    extra = secondary_suppression(
        values, hidden, constraints, threshold=threshold, sensitive=sensitive, published=published
    )
    out = {}
    for p in publications:
        columns = [*p.counts, *p.unpublished]
        small = pd.DataFrame(is_small(_values(p), threshold), index=p.frame.index, columns=columns)
        withheld = (hidden | extra).loc[list(rows.positions[p.key]), columns].set_axis(p.frame.index)
        out[p.key] = _published(p, small, withheld, threshold)
    return out


def suppress_counts(
    frame: pd.DataFrame,
    counts: Sequence[str],
    *,
    derived: Sequence[str] | Mapping[str, Sequence[str]] = (),
    constraints: Sequence[Constraint] = (),
    unpublished: Sequence[str] = (),
    threshold: int = DEFAULT_THRESHOLD,
) -> Suppressed:
    """Primary and secondary suppression of the ``counts`` columns of one table (a ledger of one
    :class:`Publication`; the parameters are its attributes).

    Without ``constraints`` only primary suppression is done. See
    :func:`~governance_analytics.privacy.suppression.secondary_suppression` for the rule.
    """
    publication = Publication("table", frame, tuple(counts), tuple(constraints), tuple(unpublished), derived)
    return suppress_tables([publication], threshold=threshold)["table"]
