"""Read any city's case export into the canonical ``cases`` table, with rejects and cleaning flags.

>>> result = read_cases("311_Service_Requests.csv")                    # doctest: +SKIP
>>> result.cases, result.rejects, result.n_read                         # doctest: +SKIP

Steps: read the raw rows as text (CSV/XLSX in any common encoding, or Open311 JSON); recognise the
format (NYC 311, Open311, 数字城管) or apply a mapping; rename, decode status and case type, derive
the due time from a time limit; clear impossible coordinates; conform to the schema (row-level
problems rejected with a reason); apply the cleaning rules of :mod:`.case_cleaning`; project
coordinates to metres; flag what spatial statistics must leave out.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from governance_analytics import schemas
from governance_analytics.grid import to_lonlat, to_projected, utm_crs
from governance_analytics.io import case_cleaning as rules
from governance_analytics.io.case_formats import (
    FORMATS,
    CaseFormat,
    canonical_case_type,
    detect_format,
    find_column,
    from_mapping,
)
from governance_analytics.io.conform import ReadResult, SchemaViolation, conform
from governance_analytics.io.open311 import read_open311
from governance_analytics.io.tables import check_repeated, read_raw

__all__ = ["CaseReadResult", "read_cases", "cases_from_raw"]

_ESSENTIAL = ("case_id", "created_at", "category")
_DATES = ("created_at", "filed_at", "dispatched_at", "handled_at", "feedback_at", "closed_at", "due_at")
_OFFSET = r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d)\s*$"  # after a time: 13-01-2025 is no offset


@dataclass(frozen=True)
class CaseReadResult(ReadResult):
    """A :class:`ReadResult` for cases: ``cases`` (= ``data``), ``rejects`` (raw rows with ``row`` and
    ``reason``), ``n_read``, plus the ``format`` recognised and the projected ``crs`` of ``x``/``y``."""

    format: str = ""
    crs: str | None = None

    @property
    def cases(self) -> pd.DataFrame:
        return self.data

    def rule_counts(self) -> pd.DataFrame:
        """Rows rejected or flagged by each cleaning rule (see :func:`.case_cleaning.rule_counts`)."""
        return rules.rule_counts(self.rejects, self.cases["flags"])


def _spec(
    fmt: str,
    mapping,
    columns,
    path: Path,
    tz: str | None,
    *,
    constants: Mapping | None = None,
    values: Mapping | None = None,
) -> CaseFormat:
    """The format of the export: the mapping's, the one named, or the one recognised from the columns;
    with ``constants`` and ``values`` added to its own."""
    if mapping is not None:
        spec = from_mapping(mapping, tz=tz)
    elif fmt == "auto":
        spec = detect_format(columns, path)
    elif fmt not in FORMATS:
        raise ValueError(f"unknown case format {fmt!r}; expected 'auto', {', '.join(map(repr, FORMATS))} or a mapping")
    else:
        spec = FORMATS[fmt]
    if constants or values:
        spec = dataclasses.replace(
            spec,
            constants={**spec.constants, **dict(constants or {})},
            values={
                **spec.values,
                **{str(k): {str(a): str(b) for a, b in (v or {}).items()} for k, v in (values or {}).items()},
            },
        )
    return spec


def _read_source(
    path: Path, spec_name: str, encoding: str | None, sheet
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, str | None]:
    if spec_name == "open311" or path.suffix.lower() == ".json":
        frame = read_open311(path, encoding=encoding)
        return frame, pd.Series(np.arange(1, len(frame) + 1)), pd.DataFrame(), encoding or "utf-8"
    return read_raw(path, encoding=encoding, sheet=sheet)


_POINT = r"^\s*\(?\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)?\s*$"


def _check_mapped_columns(raw: pd.DataFrame, spec: CaseFormat, found: dict[str, str], source: str) -> None:
    """A mapping names columns the file must have: a misspelt name is an error, not an empty column."""
    absent = {canon: names[0] for canon, names in spec.columns.items() if canon not in found}
    if absent:
        raise SchemaViolation(
            f"{source}: the mapping names column(s) the file does not have: "
            f"{', '.join(f'{c} ← {n!r}' for c, n in absent.items())}; the file's columns are "
            f"{list(raw.columns)}"
        )
    clash = sorted(c for c, col in found.items() if c != col and c in raw.columns)
    if clash:
        raise SchemaViolation(
            f"{source}: column(s) {clash} are in the file and are also mapped from other columns "
            f"({', '.join(f'{c} ← {found[c]!r}' for c in clash)}); map one or rename the other"
        )


def _to_canonical(raw: pd.DataFrame, spec: CaseFormat, source: str) -> pd.DataFrame:
    """Rename to canonical columns, add constants, decode missing markers, value maps, the ``(lat,
    lon)`` point, status, case type and the time limit."""
    found = spec.source_columns(raw.columns)
    check_repeated(raw, found.values(), source)
    if spec.name == "mapping":
        _check_mapped_columns(raw, spec, found, source)
    missing = [c for c in _ESSENTIAL if c not in found and c not in spec.constants]
    if missing:
        wanted = {c: spec.columns.get(c, ("(not in the mapping)",))[0] for c in missing}
        hint = (
            " (a column of the export, or a constant for all its cases: `constants: {category: 311}`)"
            if "category" in missing
            else ""
        )
        raise SchemaViolation(
            f"{source}: missing column(s) {wanted} for {', '.join(missing)} ({spec.name} format){hint}"
        )
    frame = pd.DataFrame({canon: raw[col] for canon, col in found.items()}, index=raw.index)
    if spec.missing:
        frame = frame.mask(frame.isin(spec.missing))
    for column, value in spec.constants.items():
        frame[column] = frame[column].fillna(value) if column in frame else value
    for column, mapping in spec.values.items():
        if column in frame and column != "status":
            frame[column] = frame[column].map(lambda v: mapping.get(str(v), v) if pd.notna(v) else v)
    point = find_column(spec.point, raw.columns) if spec.point else None
    if point is not None and not {"lat", "lon"} <= set(found):
        parts = raw[point].astype("str").str.extract(_POINT)
        frame["lat"], frame["lon"] = parts[0].where(raw[point].notna()), parts[1].where(raw[point].notna())
    for column in schemas.cases.columns:
        if column not in frame and schemas.cases.columns[column].required:
            frame[column] = None
    frame["case_type"] = canonical_case_type(frame["case_type"])
    limit = next((raw[c] for c in spec.due_hours if c in raw), None)
    if limit is not None and frame["due_at"].isna().all():
        start = pd.to_datetime(
            frame["filed_at"].fillna(frame["created_at"]), errors="coerce", format=spec.format_of("filed_at") or "mixed"
        )
        due = start + pd.to_timedelta(pd.to_numeric(limit, errors="coerce"), unit="h")
        frame["due_at"] = due.dt.strftime("%Y-%m-%d %H:%M:%S").where(due.notna())
    codes = {**spec.status, **spec.values.get("status", {})}
    status = frame["status"].map(codes) if codes else pd.Series(None, index=frame.index, dtype=object)
    if spec.name == "canonical":  # already canonical: kept where valid
        status = status.where(status.notna(), frame["status"].where(frame["status"].isin(schemas.CASE_STATUSES)))
    frame["status"] = status.where(status.notna(), np.where(frame["closed_at"].notna(), "closed", "open"))
    return frame


def _check_tz(frame: pd.DataFrame, tz: str | None, source: str) -> None:
    if tz is None and frame["created_at"].astype("str").str.contains(_OFFSET, na=False).any():
        raise ValueError(
            f"{source}: timestamps carry UTC offsets; pass tz='Area/City' (the city's time zone, "
            "e.g. 'America/Chicago') to convert them to local time"
        )


def _project(cases: pd.DataFrame, crs: str | None, *, keep_xy: bool = False) -> tuple[pd.DataFrame, str | None]:
    """Fill x/y (metres) from lon/lat, or lon/lat from x/y when the CRS of x/y is known; ``keep_xy``
    (a canonical table, whose x/y are in ``crs`` already) keeps x/y where given."""
    out = cases.copy()
    has_lonlat = out["lon"].notna() & out["lat"].notna()
    if keep_xy and crs is not None:
        has_lonlat &= ~(out["x"].notna() & out["y"].notna())
    if has_lonlat.any():
        crs = crs or utm_crs(float(out.loc[has_lonlat, "lon"].median()), float(out.loc[has_lonlat, "lat"].median()))
        x, y = to_projected(out.loc[has_lonlat, "lon"], out.loc[has_lonlat, "lat"], crs)
        out.loc[has_lonlat, "x"], out.loc[has_lonlat, "y"] = np.round(x, 1), np.round(y, 1)
    has_xy = out["x"].notna() & out["y"].notna() & ~has_lonlat
    if has_xy.any() and crs is not None:
        lon, lat = to_lonlat(out.loc[has_xy, "x"], out.loc[has_xy, "y"], crs)
        out.loc[has_xy, "lon"], out.loc[has_xy, "lat"] = np.round(lon, 6), np.round(lat, 6)
    return out, crs


def read_cases(
    path: str | os.PathLike,
    *,
    format: str = "auto",
    mapping: Mapping | str | os.PathLike | None = None,
    encoding: str | None = None,
    tz: str | None = None,
    area=None,
    crs: str | None = None,
    sheet: str | int | None = None,
    pileup_min_cases: int = rules.PILEUP_MIN_CASES,
    pileup_min_share: float = rules.PILEUP_MIN_SHARE,
    constants: Mapping | None = None,
    values: Mapping | None = None,
) -> CaseReadResult:
    """Read a case export into the canonical ``cases`` table.

    Parameters
    ----------
    path
        CSV/XLSX (UTF-8, UTF-8 with BOM, GBK/GB18030) or Open311 JSON.
    format
        ``"auto"`` (from the columns, or ``.json`` → Open311), ``"nyc311"``, ``"open311"`` or ``"gbt"``.
    mapping
        Canonical column → the file's column, as a dict or a YAML file (see
        :func:`~governance_analytics.io.case_formats.from_mapping`); overrides ``format``.
    encoding
        Text encoding; detected when ``None``.
    tz
        The city's time zone, for timestamps with a UTC offset (default: the format's own).
    area
        Study area for the ``out_of_area`` rule: a lon/lat box, a shapely geometry in lon/lat, or a
        GeoDataFrame.
    crs
        Projected CRS of ``x``/``y``: computed from lon/lat in this CRS (default: the UTM zone of the
        data), or, for exports with only x/y, used to compute lon/lat.
    pileup_min_cases, pileup_min_share
        A point with at least this many cases, and this share of located cases, is a pile-up.
    constants, values
        Added to the format's own: canonical column → value for columns the export lacks
        (``{"case_type": "事件"}``), and canonical column → {export value → canonical value}
        (``{"category": {"Bulky Items": "市容环境"}}``).

    Returns
    -------
    CaseReadResult
        ``cases`` (the ``cases`` schema plus ``spatial_ok`` and ``flags``), ``rejects`` (the raw rows
        with ``row`` and ``reason``) and ``n_read``; ``len(cases) + len(rejects) == n_read``.
    """
    path = Path(path)
    peek = "open311" if path.suffix.lower() == ".json" else format
    raw, rows, malformed, used = _read_source(path, peek, encoding, sheet)
    spec = _spec(format, mapping, raw.columns, path, tz, constants=constants, values=values)
    cases, rejects, crs = cases_from_raw(
        raw,
        rows,
        spec,
        source=str(path),
        tz=tz,
        area=area,
        crs=crs,
        pileup_min_cases=pileup_min_cases,
        pileup_min_share=pileup_min_share,
    )
    if len(malformed):
        malformed = malformed if "row" in malformed else malformed.assign(row=pd.NA)  # XLSX has none
        rejects = pd.concat([rejects, malformed], ignore_index=True)
    return CaseReadResult(cases, rejects, len(raw) + len(malformed), str(path), used, format=spec.name, crs=crs)


def cases_from_raw(
    raw: pd.DataFrame,
    rows: pd.Series,
    spec: CaseFormat,
    *,
    source: str,
    tz: str | None = None,
    area=None,
    crs: str | None = None,
    pileup_min_cases: int | None = rules.PILEUP_MIN_CASES,
    pileup_min_share: float = rules.PILEUP_MIN_SHARE,
    keep_source_row: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    """Canonical cases and raw rejects from raw rows of a known format (the body of :func:`read_cases`,
    also run chunk by chunk by :func:`~governance_analytics.io.convert.convert_cases`).

    ``pileup_min_cases=None`` skips pile-up detection (a whole-file rule); ``keep_source_row`` keeps
    the file row number of each case in ``source_row``.
    """
    tz = tz or spec.tz
    frame = _to_canonical(raw, spec, source)
    _check_tz(frame, tz, source)
    frame, flags = rules.clear_bad_coordinates(frame, rules.prior_flags(frame))
    frame["flags"] = flags
    frame["source_row"] = rows.to_numpy()
    formats = {c: layout for c in _DATES if (layout := spec.format_of(c))}
    checked = conform(frame, "cases", source=source, rows=rows, tz=tz or "UTC", date_formats=formats)

    reasons, cases = rules.reject_bad_times(checked.data)
    if spec.name == "gbt":
        cases["flags"] = rules.flag_unknown_categories(cases)
    by_row = raw.set_axis(rows.to_numpy())
    rejected = pd.concat([checked.rejects["row"], cases.loc[reasons != "", "source_row"]], ignore_index=True).to_numpy()
    why = pd.concat([checked.rejects["reason"], reasons[reasons != ""]], ignore_index=True).to_numpy()
    rejects = by_row.loc[rejected].reset_index(drop=True).assign(row=rejected, reason=why)

    cases = cases[reasons == ""]
    cases, crs = _project(cases, crs, keep_xy=spec.name == "canonical")
    cases = rules.flag_spatial(cases, area=area, pileup_min_cases=pileup_min_cases, pileup_min_share=pileup_min_share)
    cases["flags"] = cases["flags"].str.rstrip(";").replace("", None)
    columns = list(schemas.cases.columns) + (["source_row"] if keep_source_row else [])
    return cases[columns].reset_index(drop=True), rejects, crs
