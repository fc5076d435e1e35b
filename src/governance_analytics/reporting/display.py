"""A result table made ready to publish: declared to the ledger (:func:`publication`), and once
suppressed, shown with its labels translated, shares formatted and its disclosure note (:func:`show_table`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from governance_analytics.privacy import WITHHELD, Constraint, Publication, Suppressed, suppress_tables
from governance_analytics.reporting import i18n

__all__ = ["Published", "disclosure_note", "display_table", "publication", "publish_table", "show_table"]


@dataclass(frozen=True)
class Published:
    """A display-ready table, its disclosure note and where it was suppressed (input labels)."""

    frame: pd.DataFrame
    note: str
    suppressed: Suppressed


def disclosure_note(suppressed: Suppressed, *, lang: str, threshold: int) -> str:
    """The table note: the threshold rule, then how many cells were withheld as small and how many
    more so that those cannot be worked back from totals."""
    parts = [i18n.text("suppressed_note", lang, threshold=threshold)]
    if suppressed.n_primary:
        parts.append(i18n.text("disclosure_primary", lang, n=suppressed.n_primary, threshold=threshold))
    if suppressed.n_secondary:
        parts.append(i18n.text("disclosure_secondary", lang, n=suppressed.n_secondary, mark=WITHHELD))
    if not suppressed.n_suppressed:
        parts.append(i18n.text("disclosure_none", lang))
    return ("" if lang == "zh" else " ").join(parts)


def _cells(column: pd.Series, function) -> pd.Series:
    """``function`` applied to each value, the result kept as objects (``Series.map`` would turn a
    column of whole numbers and blanks into floats and NaN)."""
    return pd.Series([function(v) for v in column], index=column.index, dtype=object)


def publication(
    key: str,
    frame: pd.DataFrame,
    *,
    counts: Sequence[str] = (),
    percent: Sequence[str] = (),
    derived: Sequence[str] | Mapping[str, Sequence[str]] = (),
    rounded: Mapping[str, int] | None = None,
    constraints: Sequence[Constraint] = (),
    unpublished: Sequence[str] = (),
) -> Publication:
    """``frame`` declared for the ledger (:class:`~governance_analytics.privacy.Publication`):
    ``rounded`` columns rounded to their digits (0 → whole numbers) first; the ``percent`` columns
    are derived from the counts of their row, like a ``derived`` sequence (a ``derived`` mapping
    names its own sources)."""
    table = frame.copy()
    for column, digits in (rounded or {}).items():
        table[column] = table[column].round(digits) if digits else table[column].round().astype("Int64")
    blank = derived if isinstance(derived, Mapping) else [*percent, *derived]
    return Publication(key, table, tuple(counts), tuple(constraints), tuple(unpublished), blank)


def show_table(suppressed: Suppressed, *, lang: str, threshold: int, percent: Sequence[str] = ()) -> Published:
    """A suppressed table as the report shows it: index reset, text values and headers translated
    (:func:`i18n.label`), ``percent`` columns as ``91.2%``, with its disclosure note."""
    table = suppressed.frame.reset_index()
    for column in table.columns:
        if pd.api.types.is_string_dtype(table[column]) or table[column].dtype == object:
            table[column] = _cells(table[column], lambda v: i18n.label(v, lang) if isinstance(v, str) else v)
    for column in percent:  # a withheld share stays blank (None); an undefined one shows "—"
        table[column] = _cells(
            table[column], lambda v: v if v is None else "—" if pd.isna(v) else i18n.percent(v, lang)
        )
    note = disclosure_note(suppressed, lang=lang, threshold=threshold)
    return Published(table.rename(columns=lambda c: i18n.label(c, lang)), note, suppressed)


def publish_table(
    frame: pd.DataFrame,
    *,
    lang: str,
    threshold: int,
    percent: Sequence[str] = (),
    counts: Sequence[str] = (),
    derived: Sequence[str] | Mapping[str, Sequence[str]] = (),
    rounded: Mapping[str, int] | None = None,
    constraints: Sequence[Constraint] = (),
    unpublished: Sequence[str] = (),
) -> Published:
    """A table that shares no count with another, suppressed on its own and shown: the
    :func:`publication` of ``frame`` through :func:`~governance_analytics.privacy.suppress_counts`
    (primary, and secondary over ``constraints``), then :func:`show_table`."""
    declared = publication(
        "table",
        frame,
        counts=counts,
        percent=percent,
        derived=derived,
        rounded=rounded,
        constraints=constraints,
        unpublished=unpublished,
    )
    safe = suppress_tables([declared], threshold=threshold)["table"]
    return show_table(safe, lang=lang, threshold=threshold, percent=percent)


def display_table(frame: pd.DataFrame, **options: Any) -> pd.DataFrame:
    """The display-ready table of :func:`publish_table` (same options), without its note: for tables
    whose counts have no additive relation to protect."""
    return publish_table(frame, **options).frame
