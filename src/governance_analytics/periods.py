"""Reporting periods: ``2025``, ``2025-H1``, ``2025-Q1``, ``2025-03`` and their comparison periods."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["Period", "latest_period", "parse_period"]

_PATTERNS = (
    (re.compile(r"^(\d{4})$"), "Y"),
    (re.compile(r"^(\d{4})-?H([12])$", re.I), "H"),
    (re.compile(r"^(\d{4})-?Q([1-4])$", re.I), "Q"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "M"),
)
_MONTHS = {"Y": 12, "H": 6, "Q": 3, "M": 1}


#: The engines' step frequencies as pandas periods (a week runs Monday to Sunday).
_STEP_PERIODS = {"D": "D", "W": "W-SUN", "MS": "M", "QS": "Q", "YS": "Y"}


@dataclass(frozen=True)
class Period:
    """A calendar period ``[start, end)`` of whole months, with its label (e.g. ``2025-Q1``)."""

    label: str
    start: pd.Timestamp
    months: int

    @property
    def end(self) -> pd.Timestamp:
        """First instant after the period."""
        return self.start + pd.DateOffset(months=self.months)

    @property
    def last_instant(self) -> pd.Timestamp:
        """The period's last instant, ``end`` − 1 µs: the "as of" of a report on the period (a case
        closed at that instant is closed within it)."""
        return self.end - pd.Timedelta(microseconds=1)

    @property
    def last_day(self) -> pd.Timestamp:
        """Midnight starting the period's last day (its year is the year a period ending on
        1 January still belongs to)."""
        return self.end - pd.Timedelta(days=1)

    def step_start(self, freq: str) -> pd.Timestamp:
        """Start of the step of frequency ``freq`` (the engines' ``"D"``, ``"W"`` (from Monday), ``"MS"``,
        ``"QS"``, ``"YS"``) that holds the period's last day: the last step of a cube ending with the period."""
        if freq not in _STEP_PERIODS:
            raise ValueError(f"step frequency {freq!r} not understood; expected one of {sorted(_STEP_PERIODS)}")
        return self.last_day.to_period(_STEP_PERIODS[freq]).start_time

    def last_step(self, freq: str) -> Period:
        """The step of a month-based frequency (``"MS"``, ``"QS"``, ``"YS"``) holding the period's last
        day, as a period: the final step of a cube ending with the period (the period itself when it
        is one step long)."""
        months = {"MS": 1, "QS": 3, "YS": 12}
        if freq not in months:
            raise ValueError(
                f"step frequency {freq!r} is not a whole number of months; expected one of {sorted(months)}"
            )
        return _make(self.step_start(freq), months[freq])

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return _make(self.start - pd.DateOffset(months=self.months), self.months)

    def same_last_year(self) -> Period:
        """The same period one year earlier."""
        return _make(self.start - pd.DateOffset(years=1), self.months)

    def contains(self, timestamps: pd.Series) -> pd.Series:
        """Boolean mask of ``timestamps`` falling in ``[start, end)``."""
        return (timestamps >= self.start) & (timestamps < self.end)

    def __str__(self) -> str:
        return self.label


def _label(start: pd.Timestamp, months: int) -> str:
    if months == 12:
        return f"{start.year}"
    if months == 6:
        return f"{start.year}-H{(start.month - 1) // 6 + 1}"
    if months == 3:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def _make(start: pd.Timestamp, months: int) -> Period:
    return Period(_label(start, months), pd.Timestamp(start), months)


def parse_period(text: str) -> Period:
    """Parse ``2025``, ``2025-H1``, ``2025-Q1`` or ``2025-03`` into a :class:`Period`.

    Raises
    ------
    ValueError
        Stating the accepted forms.
    """
    text = str(text).strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year, part = int(match.group(1)), int(match.group(2)) if match.lastindex == 2 else 1
        if kind == "M" and not 1 <= part <= 12:
            break
        first_month = {"Y": 1, "H": 6 * (part - 1) + 1, "Q": 3 * (part - 1) + 1, "M": part}[kind]
        return _make(pd.Timestamp(year=year, month=first_month, day=1), _MONTHS[kind])
    raise ValueError(f"period {text!r} not understood; expected 2025, 2025-H1, 2025-Q1 or 2025-03")


def latest_period(timestamps: pd.Series, *, months: int = 3) -> Period:
    """The period of ``months`` (1, 3, 6 or 12) holding the latest of ``timestamps``: the quarter of the
    last case, by default — what a notebook shows when no period is asked for."""
    if months not in _MONTHS.values():
        raise ValueError(f"months must be one of {sorted(_MONTHS.values())}, got {months}")
    last = pd.Timestamp(timestamps.max())
    if pd.isna(last):
        raise ValueError("no timestamp to place a period on")
    start = pd.Timestamp(year=last.year, month=(last.month - 1) // months * months + 1, day=1)
    return _make(start, months)
