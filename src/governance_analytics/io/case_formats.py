"""Case export formats: how each system names its columns and codes its values.

A :class:`CaseFormat` maps canonical ``cases`` columns to the columns of one kind of export, with
the date format it writes, its status codes and its default time zone. Three formats are built in —
NYC Open Data 311, Open311 GeoReport v2 and the Chinese 数字城管 export (GB/T 30428-style headers) —
and any other city is described by a mapping (a dict or a YAML file), see :func:`from_mapping`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["CaseFormat", "NYC311", "OPEN311", "GBT", "FORMATS", "detect_format", "from_mapping"]


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
    """

    name: str
    columns: dict[str, tuple[str, ...]]
    date_format: str | None = None
    date_formats: dict[str, str] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    tz: str | None = None
    missing: tuple[str, ...] = ()
    due_hours: tuple[str, ...] = ()

    def source_columns(self, available) -> dict[str, str]:
        """Canonical column → the source column present in ``available``."""
        available = set(available)
        return {canon: next(c for c in names if c in available)
                for canon, names in self.columns.items() if any(c in available for c in names)}

    def format_of(self, column: str) -> str | None:
        """The date format of canonical ``column``."""
        return self.date_formats.get(column, self.date_format)


NYC311 = CaseFormat(
    name="nyc311",
    columns={
        "case_id": ("Unique Key",), "created_at": ("Created Date",), "closed_at": ("Closed Date",),
        "due_at": ("Due Date",), "feedback_at": ("Resolution Action Updated Date",),
        "category": ("Complaint Type",), "subcategory": ("Descriptor",), "department": ("Agency",),
        "district": ("Borough",), "community": ("Community Board",), "channel": ("Open Data Channel Type",),
        "lat": ("Latitude",), "lon": ("Longitude",), "status": ("Status",),
    },
    date_format="%m/%d/%Y %I:%M:%S %p",
    status={"Closed": "closed", "Open": "open", "Assigned": "open", "Pending": "open", "Started": "open",
            "In Progress": "open", "Email Sent": "open", "Unassigned": "open"},
    tz="America/New_York",
    missing=("Unspecified", "0 Unspecified", "N/A"),
)

OPEN311 = CaseFormat(
    name="open311",
    columns={
        "case_id": ("service_request_id",), "created_at": ("requested_datetime",),
        "closed_at": ("closed_datetime",), "due_at": ("expected_datetime",),
        "category": ("service_name",), "subcategory": ("service_code",), "department": ("agency_responsible",),
        "lat": ("lat",), "lon": ("long",), "status": ("status",),
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
        "lon": ("经度",), "lat": ("纬度",), "x": ("X坐标", "横坐标"), "y": ("Y坐标", "纵坐标"),
        "created_at": ("上报时间", "发现时间", "受理时间", "登记时间"),
        "filed_at": ("立案时间",), "dispatched_at": ("派遣时间",),
        "handled_at": ("处置时间", "处置完成时间", "处理时间"),
        "feedback_at": ("反馈时间", "处置反馈时间"),
        "closed_at": ("结案时间", "核查结案时间", "办结时间"),
        "due_at": ("应结案时间", "处置截止时间", "应处置时间"),
        "n_rework": ("返工次数", "回退次数"),
        "status": ("案件状态", "状态"),
    },
    status={"已结案": "closed", "结案": "closed", "已办结": "closed", "办结": "closed", "已核查结案": "closed",
            "不予立案": "not_filed", "未立案": "not_filed", "作废": "not_filed", "无效": "not_filed"},
    tz="Asia/Shanghai",
    due_hours=("处置时限", "处置时限(小时)", "处置时限（小时）", "时限(小时)"),
)

FORMATS = {f.name: f for f in (NYC311, OPEN311, GBT)}


def detect_format(columns, path: str | os.PathLike = "") -> CaseFormat:
    """The built-in format whose required columns (id and creation time) ``columns`` has.

    Raises
    ------
    ValueError
        Naming the file and the columns each format expects, when none fits.
    """
    if str(path).lower().endswith(".json"):
        return OPEN311
    for fmt in (NYC311, GBT, OPEN311):
        found = fmt.source_columns(columns)
        if {"case_id", "created_at"} <= set(found):
            return fmt
    expected = "; ".join(f"{f.name}: {f.columns['case_id'][0]} + {f.columns['created_at'][0]}" for f in FORMATS.values())
    raise ValueError(f"{path}: cannot tell the export format from its columns {list(columns)[:8]}...; "
                     f"expected one of ({expected}), or pass mapping=...")


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
    """
    if isinstance(mapping, (str, os.PathLike)):
        import yaml

        path = Path(mapping)
        mapping = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(mapping, dict):
            raise ValueError(f"{path}: expected a YAML mapping of canonical columns to the file's columns")
    spec = dict(mapping)
    columns = spec.pop("columns", None)
    if columns is None:
        columns, spec = spec, {}
    from governance_analytics.schemas import cases

    unknown = sorted(set(columns) - set(cases.columns))
    if unknown:
        raise ValueError(f"mapping names unknown canonical column(s) {unknown}; expected some of {list(cases.columns)}")
    names, formats = {}, {}
    for canon, source in columns.items():
        if isinstance(source, Mapping):
            names[canon] = (str(source["column"]),)
            if "format" in source:
                formats[canon] = str(source["format"])
        else:
            names[canon] = (str(source),)
    return CaseFormat(name="mapping", columns=names, date_format=spec.get("date_format"), date_formats=formats,
                      status={str(k): str(v) for k, v in (spec.get("status") or {}).items()},
                      tz=tz or spec.get("tz"), missing=tuple(spec.get("missing", ())))


def canonical_case_type(values: pd.Series) -> pd.Series:
    """``部件类``/``部件``/``component`` → ``部件``; ``事件类``/``事件``/``event`` → ``事件``; others as given."""
    text = values.astype("str").str.strip().where(values.notna())
    text = text.str.replace(r"类$", "", regex=True)
    return text.replace({"component": "部件", "event": "事件", "Component": "部件", "Event": "事件"})

