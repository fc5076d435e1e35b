"""Readers and writers: tables in any common encoding, validated into canonical schemas.

Every reader returns a :class:`ReadResult` whose accepted rows and rejected rows (each with a
reason) add up to the rows read.
"""

from governance_analytics.io.cases import CaseReadResult, read_cases
from governance_analytics.io.census import (
    CensusReadResult,
    read_county_age_sex,
    read_county_census,
)
from governance_analytics.io.conform import ReadResult, SchemaViolation, conform
from governance_analytics.io.encoding import EncodingProblem, detect_encoding
from governance_analytics.io.messages import read_messages
from governance_analytics.io.tables import UnreadableFile, read_raw, read_table

__all__ = [
    "CaseReadResult",
    "CensusReadResult",
    "EncodingProblem",
    "ReadResult",
    "SchemaViolation",
    "UnreadableFile",
    "conform",
    "detect_encoding",
    "read_cases",
    "read_county_age_sex",
    "read_county_census",
    "read_messages",
    "read_raw",
    "read_table",
]
