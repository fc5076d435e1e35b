"""Propose how an unknown case export maps to the canonical ``cases`` table: ``governance-analytics map``.

:func:`propose_mapping` reads an export's header and its first rows and proposes, for each canonical
column, the export's column that most likely holds it:

- a **recognised format** (:func:`~governance_analytics.io.case_formats.detect_format`) gives its
  own columns, date format and status words;
- otherwise each column is matched by its **name** against the words a city's systems use for it
  (:data:`NAME_HINTS`, English and Chinese, compared by
  :func:`~governance_analytics.io.case_formats.header_key`), and the match is kept only where the
  **values** agree: timestamps must parse with one format (every sampled value; a day/month order
  that both fit is reported as ambiguous, not guessed), coordinates must be numbers in range, an id
  must be unique in the sample;
- a ``(lat, lon)`` text column becomes ``point``; the status column's values are listed with the
  canonical status each most likely means.

The proposal is a starting point to edit (:meth:`MappingProposal.write` writes it as YAML, never over
an existing file), not a guess the readers act on: a mapping names its columns and its date formats,
and :func:`~governance_analytics.io.read_cases` checks both.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from governance_analytics.io.case_formats import detect_format, find_column, header_key
from governance_analytics.io.tables import read_raw
from governance_analytics.schema_docs import COLUMN_DOCS, describe_tables, required_columns

__all__ = ["DATE_FORMATS", "NAME_HINTS", "MappingProposal", "describe_tables", "propose_mapping"]

#: Words in column names that point to each canonical column (matched without case and separators).
NAME_HINTS: dict[str, tuple[str, ...]] = {
    "case_id": (
        "case id",
        "caseid",
        "case number",
        "request id",
        "service request id",
        "sr number",
        "srnumber",
        "ticket",
        "unique key",
        "case enquiry id",
        "id",
        "案件编号",
        "案卷编号",
        "工单编号",
        "工单号",
        "编号",
    ),
    "created_at": (
        "created date",
        "createddate",
        "created",
        "opened",
        "open date",
        "open dt",
        "reported",
        "requested datetime",
        "received",
        "date",
        "上报时间",
        "受理时间",
        "创建时间",
        "发现时间",
        "登记时间",
    ),
    "closed_at": (
        "closed date",
        "closeddate",
        "closed",
        "closed dt",
        "resolved",
        "completed",
        "结案时间",
        "办结时间",
        "完成时间",
    ),
    "due_at": (
        "due date",
        "due",
        "target date",
        "target dt",
        "due dt",
        "sla date",
        "deadline",
        "应结案时间",
        "处置截止时间",
    ),
    "category": (
        "category",
        "request type",
        "requesttype",
        "complaint type",
        "service name",
        "type",
        "problem",
        "大类",
        "案件大类",
        "问题类型",
        "诉求类型",
        "类别",
    ),
    "subcategory": ("subcategory", "descriptor", "request details", "sub type", "subtype", "小类", "案件小类"),
    "department": ("department", "agency", "owner", "responsible agency", "queue", "处置部门", "责任部门", "承办单位"),
    "channel": ("channel", "source", "request source", "origin", "上报渠道", "问题来源", "案件来源"),
    "district": ("district", "borough", "council district", "supervisor district", "ward", "所属区", "区县"),
    "street": ("所属街道", "街道", "subdistrict"),
    "community": ("community", "neighborhood", "neighbourhood", "ncname", "community board", "所属社区", "社区"),
    "lat": ("latitude", "lat", "纬度"),
    "lon": ("longitude", "lon", "lng", "long", "经度"),
    "status": ("status", "案件状态", "状态"),
}

#: Timestamp layouts tried on a column's values, in this order; the first that reads every sampled
#: value wins. Day-first and month-first layouts that both read every value are ambiguous.
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日",
)
_DATES = ("created_at", "closed_at", "due_at")
_POINT = re.compile(r"^\s*\(?\s*-?\d+\.\d+\s*,\s*-?\d+\.\d+\s*\)?\s*$")
_CLOSED = re.compile(r"clos|resolv|complet|done|结案|办结|完成|已处理", re.I)
_NOT_FILED = re.compile(r"cancel|void|reject|duplicate|作废|不予|无效|撤销", re.I)


@dataclass(frozen=True)
class MappingProposal:
    """A proposed mapping of an export to the canonical ``cases`` table (see the module notes)."""

    source: str
    format: str | None
    columns: dict[str, str]
    date_formats: dict[str, str]
    status: dict[str, str] = field(default_factory=dict)
    point: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)

    def mapping(self) -> dict:
        """The mapping as :func:`~governance_analytics.io.read_cases` takes it."""
        columns = {
            c: ({"column": s, "format": self.date_formats[c]} if c in self.date_formats else s)
            for c, s in self.columns.items()
        }
        out: dict[str, dict | str] = {"columns": columns}
        if self.status:
            out["status"] = dict(self.status)
        if self.point:
            out["point"] = self.point
        return out

    def report(self) -> str:
        """Canonical columns (required ones marked), their meaning and the proposed column, as text."""
        head = (
            f"{self.source}: recognised as the {self.format} format"
            if self.format
            else f"{self.source}: no built-in format; proposed from the columns' names and values"
        )
        required = set(required_columns("cases"))
        lines = [head, "", f"{'canonical column':<16} {'req':<4} {'export column':<28} meaning / evidence"]
        for column, meaning in COLUMN_DOCS["cases"].items():
            if column in ("spatial_ok", "flags", "x", "y", "cell_id", "n_rework"):
                continue
            given = self.columns.get(column, "(point)" if column in ("lat", "lon") and self.point else "—")
            note = self.notes.get(column, meaning)
            lines.append(f"{column:<16} {'yes' if column in required else '':<4} {given:<28} {note}")
        missing = [c for c in ("case_id", "created_at", "category") if c not in self.columns]
        if missing:
            lines += [
                "",
                f"Not found: {', '.join(missing)} — map them by hand (category may be a constant: "
                "constants: {category: <the export's one request type>})",
            ]
        if self.status:
            lines += ["", "Status values → canonical status (check them):"]
            lines += [f"  {value!r}: {code}" for value, code in self.status.items()]
        if self.unused:
            lines += ["", f"Columns not mapped: {', '.join(self.unused)}"]
        return "\n".join(lines)

    def write(self, path: str | os.PathLike) -> Path:
        """Write :meth:`mapping` as YAML to ``path`` (refusing an existing file)."""
        import yaml

        from governance_analytics.safe_write import output_file

        path = Path(path)
        with output_file(path) as partial:
            partial.write_text(
                f"# proposed by governance-analytics map from {Path(self.source).name}; check it\n"
                + yaml.safe_dump(self.mapping(), allow_unicode=True, sort_keys=False),
                encoding="utf-8",
            )
        return path


def _date_format(values: pd.Series) -> tuple[str | None, str]:
    """The layout of :data:`DATE_FORMATS` that reads every value, and a note (ambiguity, none)."""
    sample = values.dropna().astype("str").str.strip()
    sample = sample[sample != ""]
    if sample.empty:
        return None, "no values in the sample"
    fits = [f for f in DATE_FORMATS if pd.to_datetime(sample, format=f, errors="coerce").notna().all()]
    if not fits:
        return None, "values do not read as dates with one format"
    day_first = [f for f in fits if f.startswith("%d/")]
    month_first = [f for f in fits if f.startswith("%m/")]
    if day_first and month_first:
        return month_first[0], f"AMBIGUOUS: both {month_first[0]!r} and {day_first[0]!r} read every value; choose one"
    return fits[0], f"dates as {fits[0]!r}"


def _named(column: str, available: list[str], taken: set[str]) -> str | None:
    """The first free column whose name matches a hint of ``column``: exactly, then by containment."""
    free = [c for c in available if c not in taken]
    exact = find_column(NAME_HINTS[column], free)
    if exact is not None:
        return exact
    keys = {c: header_key(c) for c in free}
    for hint in NAME_HINTS[column]:
        key = header_key(hint)
        if len(key) >= 4:  # short hints (id, lat) only match whole names
            found = next((c for c, k in keys.items() if key in k), None)
            if found is not None:
                return found
    return None


def _status_codes(values: pd.Series) -> dict[str, str]:
    distinct = values.dropna().astype("str").value_counts().index[:30]
    return {v: "closed" if _CLOSED.search(v) else "not_filed" if _NOT_FILED.search(v) else "open" for v in distinct}


def propose_mapping(
    path: str | os.PathLike, *, sample_rows: int = 2000, sheet: str | int | None = None
) -> MappingProposal:
    """Propose a mapping of the export at ``path`` (for a workbook: its ``sheet``, see
    :func:`~governance_analytics.io.read_raw`) to the canonical ``cases`` table (module notes)."""
    raw, _, _, _ = read_raw(path, sheet=sheet)
    sample = raw.head(sample_rows)
    available = list(raw.columns)
    try:
        fmt = detect_format(available, path)
    except ValueError:
        fmt = None
    columns: dict[str, str] = {}
    notes: dict[str, str] = {}
    formats: dict[str, str] = {}
    if fmt is not None:
        columns = fmt.source_columns(available)
        point = next((c for c in fmt.point if c in available), None) if fmt.point else None
        for canon in _DATES:
            if canon in columns and (layout := fmt.format_of(canon)):
                formats[canon] = layout
        status = (
            {v: fmt.status[v] for v in sample[columns["status"]].dropna().unique()[:30] if v in fmt.status}
            if "status" in columns
            else {}
        )  # values it does not list: closed when closed_at is set, else open
        used = set(columns.values()) | ({point} if point else set())
        return MappingProposal(
            str(path), fmt.name, columns, formats, status, point, unused=[c for c in available if c not in used]
        )
    taken: set[str] = set()
    for canon in NAME_HINTS:
        found = _named(canon, available, taken)
        if found is None:
            continue
        values = sample[found]
        if canon in _DATES:
            layout, note = _date_format(values)
            if layout is None:
                continue
            formats[canon] = layout
            notes[canon] = f"{COLUMN_DOCS['cases'][canon]}; {note}"
        elif canon in ("lat", "lon"):
            numbers = pd.to_numeric(values, errors="coerce").dropna()
            limit = 90 if canon == "lat" else 180
            if numbers.empty or numbers.abs().max() > limit:
                continue
        elif canon == "case_id" and values.dropna().duplicated().any():
            notes["case_id"] = f"{COLUMN_DOCS['cases']['case_id']}; WARNING: repeated values in {found!r}"
        columns[canon] = found
        taken.add(found)
    point = None
    if "lat" not in columns:
        point = next(
            (
                c
                for c in available
                if c not in taken
                and sample[c].dropna().astype("str").str.match(_POINT).mean() > 0.9
                and sample[c].notna().any()
            ),
            None,
        )
        taken |= {point} if point else set()
    status = _status_codes(sample[columns["status"]]) if "status" in columns else {}
    return MappingProposal(
        str(path), None, columns, formats, status, point, notes, [c for c in available if c not in taken]
    )
