"""Date-times as exports write them, read without guessing: one order per column, the declared format held to.

Government exports write dates in many ways: ISO 8601 (``2025-03-01 08:30:00``), with a UTC offset
(``2025-03-01T08:30:00Z``), slashed day-first (``01/03/2025``, UK, Hong Kong) or month-first
(``03/01/2025``, US portals), with Chinese units (``2025年3月1日 8时30分``). A parser that guesses per
value reads ``03/01`` as 1 March and ``13/01`` as 13 January in the same column. Here:

- **One order per column.** Slashed, dotted or hyphenated dates with the year last are day-first if a
  first field exceeds 12, month-first if a second field does. A column where both happen mixes the two
  orders; a column where neither happens and the two fields differ cannot be told: both are
  :class:`AmbiguousDates` errors naming the column and a value, and asking for the format.
- **A declared format is held to.** A value that does not fit it is read only if it is ISO 8601
  (which cannot be misread); otherwise it is missing, and the row is rejected with its reason. A
  format that fits no value at all is an error.
- Chinese units (年 月 日 时 分 秒) are read as the ISO form they spell.

Values carrying a UTC offset or ``Z`` are converted to the city's time zone; the others are taken as
local time already. The result is naive local time.

References
----------
ISO 8601-1:2019; Python ``strftime`` directives; the ``dayfirst`` option of ``dateutil.parser``,
which this module decides once per column instead of per value.
"""

from __future__ import annotations

import re

import pandas as pd

from governance_analytics import schemas
from governance_analytics.errors import AmbiguousDates

__all__ = ["AmbiguousDates", "day_first", "local_times"]

#: A UTC offset or ``Z`` after a time of day (``13-01-2025`` ends in digits after a hyphen, but is no offset).
#: ASCII white space, not ``\\s``: pandas then runs pyarrow's vectorised regex, not Python's once per value.
_OFFSET = r"\d:\d\d(?::\d\d(?:\.\d+)?)?[ \t\n\r\f\v]*(?:Z|[+-]\d\d:?\d\d)$"
_YEAR_LAST = r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?!\d)"
_CHINESE = [
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), r"\1-\2-\3"),
    (
        re.compile(r"(\d{1,2})\s*[时點点]\s*(\d{1,2})\s*分?(?:\s*(\d{1,2})\s*秒)?"),
        lambda m: f"{m[1]}:{m[2]}:{m[3] or '00'}",
    ),
]


def day_first(text: pd.Series, *, column: str = "date") -> bool | None:
    """Whether the slashed dates in ``text`` put the day first: ``True``, ``False``, or ``None`` when
    the column has no such dates or none whose order matters (every day equal to its month).

    Raises
    ------
    AmbiguousDates
        When some values are day-first and others month-first, or when no value decides the order.
    """
    parts = text.dropna().astype("str").str.extract(_YEAR_LAST).dropna().astype(int)
    if parts.empty:
        return None
    first, second = parts[0] > 12, parts[1] > 12
    if first.any() and second.any():
        raise AmbiguousDates(
            f"column {column}: mixes day-first ({text[first[first].index[0]]!r}) and month-first "
            f"({text[second[second].index[0]]!r}) dates; fix the export or declare the format"
        )
    if first.any() or second.any():
        return bool(first.any())
    differ = parts[0] != parts[1]
    if differ.any():
        raise AmbiguousDates(
            f"column {column}: dates such as {text[differ[differ].index[0]]!r} may be day-first or "
            "month-first and no value tells which; declare the format (e.g. '%d/%m/%Y' or "
            "'%m/%d/%Y')"
        )
    return None


def _spelled_out(text: pd.Series) -> pd.Series:
    """Chinese units written as ISO separators: ``2025年3月1日 8时30分`` → ``2025-3-1 8:30:00``."""
    if not text.str.contains("年|时", na=False).any():
        return text
    for pattern, repl in _CHINESE:
        text = text.str.replace(pattern, repl, regex=True)
    return text


def _parse(text: pd.Series, *, utc: bool, fmt: str | None, column: str) -> pd.Series:
    """The declared format, strictly; else ISO 8601 (fast), then any other layout in the column's order."""
    if fmt:
        parsed = pd.to_datetime(text, errors="coerce", format=fmt, utc=utc)
        iso = parsed.isna() & text.notna()
        if iso.any():  # ISO 8601 is unambiguous: no guess
            parsed[iso] = pd.to_datetime(text[iso], errors="coerce", format="ISO8601", utc=utc)
        if parsed.isna().all() and text.notna().any():
            raise AmbiguousDates(
                f"column {column}: the declared format {fmt!r} fits none of its values "
                f"(first: {text.dropna().iloc[0]!r})"
            )
        return parsed
    parsed = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=utc)
    retry = parsed.isna() & text.notna()
    if retry.any():
        rest = _spelled_out(text[retry])
        order = day_first(rest, column=column)
        parsed[retry] = pd.to_datetime(rest, errors="coerce", format="mixed", dayfirst=bool(order), utc=utc)
    return parsed


def local_times(values: pd.Series, tz: str, fmt: str | None = None, *, column: str = "date") -> pd.Series:
    """``values`` as naive local date-times in ``tz`` (see the module notes); unreadable values are NaT.

    Parameters
    ----------
    values
        Text, or date-times already (aware ones are converted to ``tz``).
    tz
        The city's time zone.
    fmt
        The declared ``strftime`` format, held to.
    column
        The column's name, for errors.

    Raises
    ------
    AmbiguousDates
        See :func:`day_first`; or when ``fmt`` fits no value.
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert(tz).dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    text = values.astype("str").where(values.notna())
    aware = text.str.contains(_OFFSET, na=False)
    out = pd.Series(pd.NaT, index=values.index, dtype=schemas.TIMESTAMP)
    if (~aware).any():
        out[~aware] = _parse(text[~aware], utc=False, fmt=fmt, column=column).astype(schemas.TIMESTAMP)
    if aware.any():
        parsed = _parse(text[aware], utc=True, fmt=None, column=column)
        out[aware] = parsed.dt.tz_convert(tz).dt.tz_localize(None).astype(schemas.TIMESTAMP)
    return out
