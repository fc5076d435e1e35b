"""Every error the package raises on purpose, and its one warning, in one place.

Each error derives from :class:`GovernanceAnalyticsError`, so that a caller (the command line, a
scheduled job) can tell a problem with a city's data or settings from a bug with one ``except``. The
errors about input also derive from :class:`ValueError`, as Python's convention for a bad value asks,
so that code written against ``ValueError`` keeps working.
"""

from __future__ import annotations

__all__ = [
    "GovernanceAnalyticsError",
    "SchemaViolation",
    "UnreadableFile",
    "AmbiguousDates",
    "EncodingProblem",
    "OutputRefused",
    "SectionSkipped",
    "DisclosureWarning",
]


class GovernanceAnalyticsError(Exception):
    """Base of the package's errors: the input, the settings or the target cannot be used as they
    are. The message names the file, the row or column, and what was expected."""


class SchemaViolation(GovernanceAnalyticsError, ValueError):
    """A table that cannot be brought to its canonical schema as a whole."""


class UnreadableFile(GovernanceAnalyticsError, ValueError):
    """A file that cannot be read as a table at all."""


class AmbiguousDates(GovernanceAnalyticsError, ValueError):
    """A date column whose day/month order cannot be told, or that does not fit its declared format."""


class EncodingProblem(GovernanceAnalyticsError, ValueError):
    """A file whose text encoding cannot be told or does not decode."""


class OutputRefused(GovernanceAnalyticsError, ValueError):
    """The target of a write is not ours to replace (it names the path and why)."""


class SectionSkipped(GovernanceAnalyticsError):
    """Raised by a report section's builder that has nothing to say for the period; ``reason`` is one
    line in the report's language (e.g. 本期没有案件记录), shown in the report's list of sections not
    produced."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class DisclosureWarning(UserWarning):
    """A hidden cell could not be protected: it follows from the published figures (a single
    value), and no published non-zero cell is left to suppress around it."""
