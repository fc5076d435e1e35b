"""A result table made ready to publish: labels translated, shares formatted, small counts suppressed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from governance_analytics.reporting import i18n
from governance_analytics.reporting.disclosure import suppress_counts

__all__ = ["display_table"]


def display_table(
    frame: pd.DataFrame,
    *,
    lang: str,
    threshold: int,
    percent: Sequence[str] = (),
    counts: Sequence[str] = (),
    derived: Sequence[str] = (),
    rounded: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Reset the index; translate text values and headers (:func:`i18n.label`); show ``percent``
    columns as ``91.2%``; round ``rounded`` columns to their digits (0 → whole numbers); suppress
    ``counts`` below ``threshold`` and blank the ``percent`` and ``derived`` values of those rows
    (:func:`~governance_analytics.reporting.disclosure.suppress_counts`)."""
    table = frame.reset_index()
    for column in table.columns:
        if pd.api.types.is_string_dtype(table[column]) or table[column].dtype == object:
            table[column] = table[column].map(lambda v: i18n.label(v, lang) if isinstance(v, str) else v)
    for column in percent:
        table[column] = table[column].map(lambda v: "—" if pd.isna(v) else i18n.percent(v, lang))
    for column, digits in (rounded or {}).items():
        table[column] = table[column].round(digits) if digits else table[column].round().astype("Int64")
    if counts:
        table = suppress_counts(table, list(counts), derived=[*percent, *derived], threshold=threshold).frame
    return table.rename(columns=lambda c: i18n.label(c, lang))
