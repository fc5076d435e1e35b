"""Case export formats: how each system names its columns and codes its values.

A :class:`CaseFormat` maps canonical ``cases`` columns to the columns of one kind of export, with
the date format it writes, its status codes and its default time zone. Built in: the canonical table
itself (a ``cases.csv`` written by this package, or by hand with the canonical column names), NYC Open
Data 311 (the portal's CSV and the API's snake_case export), Open311 GeoReport v2, the Chinese 数字城管
export (GB/T 30428-style headers), Los Angeles MyLA311 and San Francisco SF311. Any other city is
described by a mapping (a dict or a YAML file), see :func:`from_mapping`.

Column names are matched exactly first, then ignoring case, spaces, dots, hyphens and underscores, so
that ``Created Date``, ``created_date`` and ``Created.Date`` (a header R rewrote) are one column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

__all__ = [
    "CaseFormat",
    "CANONICAL",
    "NYC311",
    "NYC311_API",
    "OPEN311",
    "GBT",
    "LA311",
    "SF311",
    "FORMATS",
    "MAPPING_KEYS",
    "detect_format",
    "find_column",
    "from_mapping",
    "header_key",
]


@dataclass(frozen=True)
class CaseFormat:
    """How one kind of export encodes the canonical ``cases`` columns.

    Attributes
    ----------
    name : format name
    columns : canonical column → candidate source column names, first match wins
    date_format : ``strptime`` format of its timestamps (``None``: ISO 8601 or inferred)
    date_formats : per-column formats overriding ``date_format``
    status : source status value → canonical status (``closed``, ``open``, ``not_filed``); values
        not listed become ``closed`` when the case has a closing time, else ``open``
    tz : the city's time zone, used for timestamps carrying an offset
    missing : source values that mean "not known" in every column (e.g. ``Unspecified``)
    due_hours : candidate columns giving the time limit in hours, for ``due_at`` = filing (or
        creation) time + limit when no due time is given
    point : candidate columns holding both coordinates as text ``(lat, lon)`` (SF311's ``Point``),
        used where no ``lat``/``lon`` columns are found
    constants : canonical column → value, for columns the export lacks (``case_type: 事件``)
    values : canonical column → {export value → canonical value}, e.g. the city's categories → the
        classes used in the report; values not listed are kept as they are
    """

    name: str
    columns: dict[str, tuple[str, ...]]
    date_format: str | None = None
    date_formats: dict[str, str] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    tz: str | None = None
    missing: tuple[str, ...] = ()
    due_hours: tuple[str, ...] = ()
    point: tuple[str, ...] = ()
    constants: dict[str, object] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def source_columns(self, available) -> dict[str, str]:
        """Canonical column → the source column present in ``available``: the first candidate found
        by its exact name, else the first found by its :func:`header_key`."""
        return {
            canon: found
            for canon, names in self.columns.items()
            if (found := find_column(names, available)) is not None
        }

    def format_of(self, column: str) -> str | None:
        """The date format of canonical ``column``."""
        return self.date_formats.get(column, self.date_format)


def header_key(name: str) -> str:
    """A column name without case, spaces, dots, hyphens and underscores: ``Created.Date``,
    ``created_date`` and ``Created Date`` all give ``createddate``."""
    return re.sub(r"[\s._\-]+", "", str(name)).casefold()


def find_column(candidates, available) -> str | None:
    """The column of ``available`` that is the first of ``candidates`` by exact name, else by
    :func:`header_key`; ``None`` when none is there."""
    available = list(available)
    exact = next((c for c in candidates if c in available), None)
    if exact is not None:
        return exact
    keys: dict[str, str] = {}
    for column in available:
        keys.setdefault(header_key(column), column)
    return next((keys[header_key(c)] for c in candidates if header_key(c) in keys), None)


NYC311 = CaseFormat(
    name="nyc311",
    columns={
        "case_id": ("Unique Key",),
        "created_at": ("Created Date",),
        "closed_at": ("Closed Date",),
        "due_at": ("Due Date",),
        "feedback_at": ("Resolution Action Updated Date",),
        "category": ("Complaint Type",),
        "subcategory": ("Descriptor",),
        "department": ("Agency",),
        "district": ("Borough",),
        "community": ("Community Board",),
        "channel": ("Open Data Channel Type",),
        "lat": ("Latitude",),
        "lon": ("Longitude",),
        "status": ("Status",),
    },
    date_format="%m/%d/%Y %I:%M:%S %p",
    status={
        "Closed": "closed",
        "Open": "open",
        "Assigned": "open",
        "Pending": "open",
        "Started": "open",
        "In Progress": "open",
        "Email Sent": "open",
        "Unassigned": "open",
    },
    tz="America/New_York",
    missing=("Unspecified", "0 Unspecified", "N/A"),
)

OPEN311 = CaseFormat(
    name="open311",
    columns={
        "case_id": ("service_request_id",),
        "created_at": ("requested_datetime",),
        "closed_at": ("closed_datetime",),
        "due_at": ("expected_datetime",),
        "category": ("service_name",),
        "subcategory": ("service_code",),
        "department": ("agency_responsible",),
        "lat": ("lat",),
        "lon": ("long",),
        "status": ("status",),
    },
    status={"closed": "closed", "open": "open"},
)

GBT = CaseFormat(
    name="gbt",
    columns={
        "case_id": ("案件编号", "案卷编号", "案件号", "任务号", "工单编号"),
        "case_type": ("案件类型", "案件类别"),
        "category": ("大类", "案件大类", "大类名称"),
        "subcategory": ("小类", "案件小类", "小类名称"),
        "channel": ("问题来源", "案件来源", "上报渠道", "信息来源"),
        "department": ("处置部门", "责任部门", "处置单位", "责任单位"),
        "district": ("所属区", "所属区县", "区县", "区"),
        "street": ("所属街道", "街道"),
        "community": ("所属社区", "社区"),
        "cell_id": ("所属网格", "单元网格", "单元网格编码", "网格编码"),
        "lon": ("经度",),
        "lat": ("纬度",),
        "x": ("X坐标", "横坐标"),
        "y": ("Y坐标", "纵坐标"),
        "created_at": ("上报时间", "发现时间", "受理时间", "登记时间"),
        "filed_at": ("立案时间",),
        "dispatched_at": ("派遣时间",),
        "handled_at": ("处置时间", "处置完成时间", "处理时间"),
        "feedback_at": ("反馈时间", "处置反馈时间"),
        "closed_at": ("结案时间", "核查结案时间", "办结时间"),
        "due_at": ("应结案时间", "处置截止时间", "应处置时间"),
        "n_rework": ("返工次数", "回退次数"),
        "status": ("案件状态", "状态"),
    },
    status={
        "已结案": "closed",
        "结案": "closed",
        "已办结": "closed",
        "办结": "closed",
        "已核查结案": "closed",
        "不予立案": "not_filed",
        "未立案": "not_filed",
        "作废": "not_filed",
        "无效": "not_filed",
    },
    tz="Asia/Shanghai",
    due_hours=("处置时限", "处置时限(小时)", "处置时限（小时）", "时限(小时)"),
)

#: NYC Open Data 311 as its API (``resource/erm2-nwe9.csv``) exports it: snake_case headers
#: (``unique_key``, ``created_date``: matched by :func:`header_key`) and ISO 8601 timestamps.
NYC311_API = CaseFormat(
    name="nyc311_api",
    columns={k: tuple(v.lower().replace(" ", "_") for v in names) for k, names in NYC311.columns.items()},
    status=NYC311.status,
    tz=NYC311.tz,
    missing=NYC311.missing,
)

#: Los Angeles MyLA311 (data.lacity.org, "MyLA311 Service Request Data"), 33 columns.
LA311 = CaseFormat(
    name="la311",
    columns={
        "case_id": ("SRNumber",),
        "created_at": ("CreatedDate",),
        "closed_at": ("ClosedDate",),
        "category": ("RequestType",),
        "department": ("Owner",),
        "channel": ("RequestSource",),
        "district": ("CD",),
        "community": ("NCName",),
        "lat": ("Latitude",),
        "lon": ("Longitude",),
        "status": ("Status",),
    },
    date_format="%m/%d/%Y %I:%M:%S %p",
    status={"Closed": "closed", "Open": "open", "Pending": "open", "Forward": "open", "Cancelled": "not_filed"},
    tz="America/Los_Angeles",
)

#: San Francisco SF311 (DataSF "Case Data from San Francisco 311", ``vw6y-z8j6``), coordinates as the
#: text ``(lat, lon)`` in ``Point``.
SF311 = CaseFormat(
    name="sf311",
    columns={
        "case_id": ("CaseID",),
        "created_at": ("Opened",),
        "closed_at": ("Closed",),
        "category": ("Category",),
        "subcategory": ("Request Type",),
        "department": ("Responsible Agency",),
        "district": ("Supervisor District",),
        "community": ("Neighborhood",),
        "channel": ("Source",),
        "status": ("Status",),
    },
    date_format="%m/%d/%Y %I:%M:%S %p",
    status={"Closed": "closed", "Open": "open"},
    tz="America/Los_Angeles",
    point=("Point",),
)


def _canonical() -> CaseFormat:
    from governance_analytics.schemas import cases

    return CaseFormat(name="canonical", columns={c: (c,) for c in cases.columns})


#: The canonical ``cases`` table itself (its own column names): read with the same cleaning rules.
CANONICAL = _canonical()

FORMATS = {f.name: f for f in (CANONICAL, NYC311, NYC311_API, OPEN311, GBT, LA311, SF311)}
#: The order in which :func:`detect_format` tries the formats: exact names first (the canonical
#: table before any export), then matched by :func:`header_key`.
_DETECTION = (CANONICAL, NYC311, NYC311_API, GBT, LA311, SF311, OPEN311)


def detect_format(columns, path: str | os.PathLike = "") -> CaseFormat:
    """The built-in format whose required columns (id and creation time) ``columns`` has.

    Raises
    ------
    ValueError
        Naming the file and the columns each format expects, when none fits.
    """
    if str(path).lower().endswith(".json"):
        return OPEN311
    columns = list(columns)
    for exact in (True, False):
        for fmt in _DETECTION:
            wanted = [fmt.columns["case_id"], fmt.columns["created_at"]]
            if all(
                (next((c for c in names if c in columns), None) if exact else find_column(names, columns)) is not None
                for names in wanted
            ):
                return fmt
    expected = "; ".join(
        f"{f.name}: {f.columns['case_id'][0]} + {f.columns['created_at'][0]}" for f in FORMATS.values()
    )
    raise ValueError(
        f"{path}: cannot tell the export format from its columns {list(columns)[:8]}...; "
        f"expected one of ({expected}), or pass mapping=..."
    )


#: The settings a mapping may hold besides its columns.
MAPPING_KEYS = ("columns", "date_format", "status", "tz", "missing", "constants", "values", "point")


def _read_mapping(mapping: Mapping | str | os.PathLike) -> tuple[dict, str]:
    """The mapping as a dict, and where it came from (for errors)."""
    if not isinstance(mapping, (str, os.PathLike)):
        return dict(mapping), "mapping"
    from governance_analytics.io.yaml_safe import load_yaml

    loaded = load_yaml(mapping)
    if not isinstance(loaded, dict):
        raise ValueError(f"{mapping}: expected a YAML mapping of canonical columns to the file's columns")
    return loaded, str(mapping)


def from_mapping(mapping: Mapping | str | os.PathLike, *, tz: str | None = None) -> CaseFormat:
    """A :class:`CaseFormat` from a mapping of canonical columns to the file's columns.

    ``mapping`` is a dict, or the path of a YAML file holding one, in either form::

        {"case_id": "CASE_ENQUIRY_ID", "created_at": "OPEN_DT"}

        columns:
          case_id: CASE_ENQUIRY_ID
          created_at: {column: OPEN_DT, format: "%Y-%m-%d %H:%M:%S"}
        date_format: "%m/%d/%Y %H:%M"        # optional, for every date column
        status: {Closed: closed, Open: open}  # optional
        tz: America/New_York                   # optional
        missing: [Unspecified, N/A]           # optional: values meaning "not known"
        constants: {case_type: 事件}           # optional: columns the export lacks
        values: {category: {Bulky Items: 市容环境}}   # optional: export value → canonical value
        point: Location                        # optional: a "(lat, lon)" text column

    Every column a mapping names must be in the file (:func:`~governance_analytics.io.read_cases`
    checks it: a misspelt name is an error, not an empty column).
    """
    spec, source = _read_mapping(mapping)
    columns = spec.pop("columns", None)
    if columns is None:
        settings = {k: spec.pop(k) for k in list(spec) if k in MAPPING_KEYS}
        columns, spec = spec, settings
    unknown_keys = sorted(set(spec) - set(MAPPING_KEYS))
    if unknown_keys:
        raise ValueError(f"{source}: unknown setting(s) {unknown_keys}; expected some of {list(MAPPING_KEYS)}")
    from governance_analytics.schemas import cases

    for key in ("columns", "constants", "values"):
        block = columns if key == "columns" else spec.get(key) or {}
        if not isinstance(block, Mapping):
            raise ValueError(f"{source}: {key}: expected canonical column → value, got {block!r}")
        unknown = sorted(set(block) - set(cases.columns))
        if unknown:
            raise ValueError(
                f"{source}: {key}: unknown canonical column(s) {unknown}; expected some of {list(cases.columns)}"
            )
    names: dict[str, tuple[str, ...]] = {}
    formats: dict[str, str] = {}
    for canon, given in columns.items():
        if isinstance(given, Mapping):
            if "column" not in given:
                raise ValueError(
                    f"{source}: columns: {canon}: expected {{column: ..., format: ...}}, got {dict(given)!r}"
                )
            names[canon] = (str(given["column"]),)
            if "format" in given:
                formats[canon] = str(given["format"])
        else:
            names[canon] = (str(given),)
    values = {str(c): {str(k): str(v) for k, v in (m or {}).items()} for c, m in (spec.get("values") or {}).items()}
    point = spec.get("point")
    return CaseFormat(
        name="mapping",
        columns=names,
        date_format=spec.get("date_format"),
        date_formats=formats,
        status={str(k): str(v) for k, v in (spec.get("status") or {}).items()},
        tz=tz or spec.get("tz"),
        missing=tuple(str(v) for v in spec.get("missing", ())),
        point=(str(point),) if point else (),
        constants=dict(spec.get("constants") or {}),
        values=values,
    )


def canonical_case_type(values: pd.Series) -> pd.Series:
    """``部件类``/``部件``/``component`` → ``部件``; ``事件类``/``事件``/``event`` → ``事件``; others as given."""
    text = values.astype("str").str.strip().where(values.notna())
    text = text.str.replace(r"类$", "", regex=True)
    return text.replace({"component": "部件", "event": "事件", "Component": "部件", "Event": "事件"})
