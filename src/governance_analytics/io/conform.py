"""Conform a raw table to a canonical schema: coerce, check, and split accepted rows from rejects.

Invariant: ``len(data) + len(rejects) == n_read``, and every rejected row carries a ``reason``.
Row-level problems (an unparseable date, a value outside its range, a duplicate id) reject the row;
table-level problems (a required column missing) raise :class:`SchemaViolation` naming the file and
the column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from governance_analytics import schemas
from governance_analytics.errors import SchemaViolation
from governance_analytics.io.dates import AmbiguousDates, local_times

__all__ = ["ReadResult", "SchemaViolation", "conform", "resolve_schema"]


@dataclass(frozen=True)
class ReadResult:
    """What a reader returns.

    Attributes
    ----------
    data : DataFrame
        Accepted rows, in the canonical schema.
    rejects : DataFrame
        Rejected rows as read (raw values), with ``row`` (line or sheet row number in the file, where
        known) and ``reason``.
    n_read : int
        Data rows read from the source; always ``len(data) + len(rejects)``.
    source : str
        The file (or description) the rows came from.
    encoding : str or None
        Text encoding used, for text files.
    """

    data: pd.DataFrame
    rejects: pd.DataFrame
    n_read: int
    source: str
    encoding: str | None = None

    def __post_init__(self) -> None:
        if len(self.data) + len(self.rejects) != self.n_read:
            raise AssertionError(
                f"{self.source}: {self.n_read} rows read but {len(self.data)} accepted + {len(self.rejects)} rejected"
            )

    @property
    def n_accepted(self) -> int:
        return len(self.data)

    @property
    def n_rejected(self) -> int:
        return len(self.rejects)

    def summary(self) -> str:
        """``'<source>: N read = A accepted + R rejected'``."""
        return f"{self.source}: {self.n_read} read = {self.n_accepted} accepted + {self.n_rejected} rejected"


def resolve_schema(schema: str | pa.DataFrameSchema) -> pa.DataFrameSchema:
    """A schema object from a canonical table name or the schema itself."""
    if isinstance(schema, pa.DataFrameSchema):
        return schema
    try:
        return schemas.SCHEMAS[schema]
    except KeyError:
        raise KeyError(f"unknown canonical table {schema!r}; expected one of {sorted(schemas.SCHEMAS)}") from None


def _kind(column: pa.Column) -> str:
    dtype = str(column.dtype).lower()
    if "datetime" in dtype:
        return "datetime"
    if "bool" in dtype:
        return "bool"
    if "int" in dtype:
        return "int"
    if "float" in dtype:
        return "float"
    return "str"


_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False, "是": True, "否": False}


def _as_bool(values: pd.Series) -> pd.Series:
    """``True``/``False``, ``1``/``0``, ``yes``/``no``, ``是``/``否`` (any case) to a nullable boolean."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    return values.astype("str").str.strip().str.lower().map(_BOOLEANS).where(values.notna()).astype("boolean")


def _infer(values: pd.Series) -> pd.Series:
    """Type a column the schema does not declare: numeric when every value is a number (int64 when
    all are whole and present), otherwise as read."""
    if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
        return values
    numbers = pd.to_numeric(values, errors="coerce")
    if values.notna().sum() == 0 or (numbers.isna() != values.isna()).any():
        return values
    if numbers.notna().all() and (np.floor(numbers) == numbers).all():
        return numbers.astype("int64")
    return numbers.astype(float)


def _coerce(
    frame: pd.DataFrame, schema: pa.DataFrameSchema, tz: str, date_formats: dict[str, str]
) -> tuple[pd.DataFrame, pd.Series]:
    """Cast each schema column; returns the cast frame and per-row reasons for failed casts."""
    out = frame.copy()
    reasons = pd.Series("", index=frame.index, dtype=object)
    expected = {"datetime": "a date-time", "int": "an integer", "float": "a number", "bool": "true or false"}
    for name in out.columns.difference(list(schema.columns)):
        out[name] = _infer(out[name])
    for name, column in schema.columns.items():
        if name not in out:
            continue
        raw = out[name]
        kind = _kind(column)
        if kind == "str":
            out[name] = raw.astype("str").str.strip().where(raw.notna())
            continue
        if kind == "datetime":
            cast = local_times(raw, tz, date_formats.get(name), column=name).astype(schemas.TIMESTAMP)
        elif kind == "bool":
            cast = _as_bool(raw)
        else:
            cast = pd.to_numeric(raw, errors="coerce")
            if kind == "int":
                whole = cast.isna() | (np.floor(cast) == cast)
                cast = cast.where(whole).astype("Int64")
        failed = cast.isna() & raw.notna()
        reasons[failed] += [f"{name}: expected {expected[kind]}, got {v!r}; " for v in raw[failed]]
        out[name] = cast
    return out, reasons


_CHECK_TEXT = {
    "not_nullable": "value is required",
    "field_uniqueness": "duplicate value (the first is kept)",
    "multiple_fields_uniqueness": "duplicate combination (the first is kept)",
}


def _check(frame: pd.DataFrame, schema: pa.DataFrameSchema, source: str) -> pd.Series:
    """Per-row reasons from the schema's checks (nullability, ranges, categories, uniqueness)."""
    reasons = pd.Series("", index=frame.index, dtype=object)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        row_level = cases["index"].notna()
        table_level = cases[~row_level & ~cases["check"].astype(str).str.startswith("dtype")]
        if len(table_level):
            first = table_level.iloc[0]
            raise SchemaViolation(
                f"{source}: column {first['column']!r} fails {first['check']} "
                f"({first['failure_case']}) for the {schema.name} table"
            ) from None
        cases = cases[row_level]
        check = cases["check"].astype(str).map(lambda c: _CHECK_TEXT.get(c, f"fails {c}"))
        got = (", got " + cases["failure_case"].map(repr)).where(cases["check"].astype(str) != "not_nullable", "")
        text = cases["column"].astype(str) + ": " + check + got + "; "
        joined = text.groupby(cases["index"].to_numpy()).sum()
        reasons[joined.index] += joined.to_numpy()
    return reasons


def conform(
    frame: pd.DataFrame,
    schema: str | pa.DataFrameSchema,
    *,
    source: str = "<table>",
    rows: pd.Series | None = None,
    tz: str = "Asia/Shanghai",
    date_formats: dict[str, str] | None = None,
) -> ReadResult:
    """Bring ``frame`` to a canonical schema, rejecting the rows that cannot be.

    Parameters
    ----------
    frame
        The raw table (strings or typed values), column names already canonical.
    schema
        Canonical table name (a key of :data:`governance_analytics.schemas.SCHEMAS`) or a pandera schema.
    source
        Name used in messages and ``ReadResult.source``: usually the file path.
    rows
        Row numbers in the source file, aligned with ``frame``, reported with the rejects.
    tz
        The city's time zone: time-zone-aware timestamps are converted to it, then made naive.
    date_formats
        ``strptime`` formats of date columns, held to: a value that does not fit is rejected (see
        :mod:`governance_analytics.io.dates`).

    Raises
    ------
    SchemaViolation
        When a required column is missing, a whole-table check fails, or a date column's day/month
        order cannot be told or its declared format fits no value. (A column that may be empty
        may also be absent: it is added, empty.)
    """
    schema = resolve_schema(schema)
    optional = [name for name, col in schema.columns.items() if col.required and col.nullable and name not in frame]
    if optional:  # a column that may be empty may be absent: empty in every row
        frame = frame.assign(**{name: pd.Series(None, index=frame.index, dtype=object) for name in optional})
    missing = [name for name, col in schema.columns.items() if col.required and name not in frame]
    if missing:
        raise SchemaViolation(
            f"{source}: missing column(s) {missing} required by the {schema.name} table; found {list(frame.columns)}"
        )
    frame = frame.reset_index(drop=True)
    rows = pd.Series(np.arange(1, len(frame) + 1) if rows is None else np.asarray(rows), index=frame.index)
    try:
        cast, reasons = _coerce(frame, schema, tz, date_formats or {})
    except AmbiguousDates as err:
        raise SchemaViolation(f"{source}: {err}") from None
    castable = reasons == ""
    reasons[castable] += _check(cast[castable], schema, source)
    bad = reasons != ""
    accepted = cast[~bad].reset_index(drop=True)
    for name, column in schema.columns.items():
        if name in accepted and not column.nullable and _kind(column) in ("int", "bool"):
            accepted[name] = accepted[name].astype("int64" if _kind(column) == "int" else bool)
    rejects = frame[bad].assign(row=rows[bad], reason=reasons[bad].str.rstrip("; ")).reset_index(drop=True)
    return ReadResult(accepted, rejects, len(frame), source)
