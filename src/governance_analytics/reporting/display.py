"""A result table made ready to publish: labels translated, shares formatted, small counts suppressed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from governance_analytics.reporting import i18n
from governance_analytics.reporting.disclosure import WITHHELD, Cell, Constraint, Suppressed, suppress_counts

__all__ = ["Published", "disclosure_note", "display_table", "publish_table"]


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
    linked: Iterable[Cell] = (),
) -> Published:
    """Round ``rounded`` columns to their digits (0 → whole numbers); suppress ``counts`` with
    :func:`~governance_analytics.reporting.disclosure.suppress_counts` (primary, and secondary over
    ``constraints``; ``unpublished`` and ``linked`` as there) and blank the values derived from a
    withheld count — ``percent`` and ``derived`` columns in its row when ``derived`` is a sequence,
    the mapped columns when it is a mapping; then reset the index, translate text values and headers
    (:func:`i18n.label`) and show ``percent`` columns as ``91.2%``."""
    table = frame.copy()
    for column, digits in (rounded or {}).items():
        table[column] = table[column].round(digits) if digits else table[column].round().astype("Int64")
    blank = derived if isinstance(derived, Mapping) else [*percent, *derived]
    safe = suppress_counts(
        table,
        list(counts),
        derived=blank,
        constraints=constraints,
        unpublished=unpublished,
        linked=linked,
        threshold=threshold,
    )
    table = safe.frame.reset_index()
    for column in table.columns:
        if pd.api.types.is_string_dtype(table[column]) or table[column].dtype == object:
            table[column] = _cells(table[column], lambda v: i18n.label(v, lang) if isinstance(v, str) else v)
    for column in percent:  # a withheld share stays blank (None); an undefined one shows "—"
        table[column] = _cells(
            table[column], lambda v: v if v is None else "—" if pd.isna(v) else i18n.percent(v, lang)
        )
    note = disclosure_note(safe, lang=lang, threshold=threshold)
    return Published(table.rename(columns=lambda c: i18n.label(c, lang)), note, safe)


def display_table(
    frame: pd.DataFrame,
    *,
    lang: str,
    threshold: int,
    percent: Sequence[str] = (),
    counts: Sequence[str] = (),
    derived: Sequence[str] | Mapping[str, Sequence[str]] = (),
    rounded: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """The display-ready table of :func:`publish_table` (without its note), for tables whose counts
    have no additive relation to protect."""
    return publish_table(
        frame, lang=lang, threshold=threshold, percent=percent, counts=counts, derived=derived, rounded=rounded
    ).frame
