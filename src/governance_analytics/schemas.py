"""Canonical tables: one pandera schema each.

Every reader ends in one of these tables and every analysis starts from one. Column names are
English snake_case; timestamps are naive ``datetime64[us]`` in the city's local time; coordinates
are kept both as lon/lat (WGS84) and as projected ``x``/``y`` in metres.

The schemas are data, not code paths: :func:`governance_analytics.io.conform` coerces a raw table to
one of them, sends rows that break a row-level check to the rejects table with a reason, and raises a
:class:`~governance_analytics.io.SchemaViolation` naming the file and column when a whole column is
missing or unusable.

References
----------
GB/T 30428.1-2013 数字化城市管理信息系统 第1部分：单元网格; GB/T 30428.2-2013 第2部分：管理部件和事件;
CJ/T 214-2007 城市市政综合监管信息系统 管理部件和事件分类、编码及数据要求.
"""

from __future__ import annotations

import pandera.pandas as pa

__all__ = [
    "CASE_TYPES",
    "CASE_CATEGORIES",
    "CASE_STATUSES",
    "ZONES",
    "PARTICIPATION_CHANNELS",
    "SCHEMAS",
    "cases",
    "grid_cells",
    "communities",
    "population_units",
    "commuting_od",
    "unit_distances",
    "population_grid",
    "survey",
    "community_indicators",
    "messages",
    "committee_members",
    "interventions",
]

#: Case types of the national standard: 部件 (component) and 事件 (event).
CASE_TYPES = ("部件", "事件")

#: Big classes (大类) per case type, GB/T 30428.2 / CJ/T 214.
CASE_CATEGORIES = {
    "部件": ("公用设施", "道路交通", "市容环境", "园林绿化", "房屋土地", "其他设施"),
    "事件": ("市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "其他事件"),
}

#: Case status: reported but not filed (不予立案), filed and still open, closed (结案).
CASE_STATUSES = ("not_filed", "open", "closed")

#: Zones of a metropolitan area, from the centre outwards.
ZONES = ("core", "central", "satellite", "outer")

#: Participation items of the ``survey`` table: column → (Chinese, English) channel, the eight channels
#: of study 3 (hearings, consultations, notices, 12345, online, volunteering, meetings, committees).
PARTICIPATION_CHANNELS = {
    "p_hearing": ("听证会", "public hearing"),
    "p_consultation": ("征求意见", "consultation / comment on plans"),
    "p_notice": ("公示", "read public notices"),
    "p_hotline": ("12345热线", "12345 hotline"),
    "p_online": ("网上平台", "online platform"),
    "p_volunteer": ("志愿服务", "volunteering"),
    "p_meeting": ("居民会议", "residents' meeting"),
    "p_committee": ("治理委员会", "governance committee member"),
}

TIMESTAMP = "datetime64[us]"


def _timestamp(*, nullable: bool = True) -> pa.Column:
    return pa.Column(TIMESTAMP, nullable=nullable)


def _text(*, nullable: bool = False, unique: bool = False, **kw) -> pa.Column:
    # the first of duplicated values is accepted; later ones are rejected as duplicates
    return pa.Column(str, nullable=nullable, unique=unique, report_duplicates="exclude_first", **kw)


def _count(*, nullable: bool = False) -> pa.Column:
    return pa.Column("int64", pa.Check.ge(0), nullable=nullable)


_LON = pa.Column(float, pa.Check.in_range(-180.0, 180.0), nullable=True)
_LAT = pa.Column(float, pa.Check.in_range(-90.0, 90.0), nullable=True)

cases = pa.DataFrameSchema(
    {
        "case_id": _text(unique=True),
        "case_type": _text(nullable=True, checks=pa.Check.isin(CASE_TYPES)),
        "category": _text(),
        "subcategory": _text(nullable=True),
        "channel": _text(nullable=True),
        "department": _text(nullable=True),
        "district": _text(nullable=True),
        "street": _text(nullable=True),
        "community": _text(nullable=True),
        "cell_id": _text(nullable=True),
        "lon": _LON,
        "lat": _LAT,
        "x": pa.Column(float, nullable=True),
        "y": pa.Column(float, nullable=True),
        "created_at": _timestamp(nullable=False),
        "filed_at": _timestamp(),
        "dispatched_at": _timestamp(),
        "handled_at": _timestamp(),
        "feedback_at": _timestamp(),
        "closed_at": _timestamp(),
        "due_at": _timestamp(),
        "n_rework": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "status": _text(checks=pa.Check.isin(CASE_STATUSES)),
        "spatial_ok": pa.Column(bool, required=False),
        "flags": _text(nullable=True, required=False),
    },
    name="cases",
    description=(
        "Grid-management / hotline cases: one row per case, lifecycle 上报→立案→派遣→处置→反馈→核查结案. "
        "Optional after cleaning: spatial_ok (coordinates usable for spatial statistics) and flags "
        "(semicolon-separated cleaning flags)."
    ),
)

grid_cells = pa.DataFrameSchema(
    {
        "cell_id": _text(unique=True),
        "row": _count(),
        "col": _count(),
        "x": pa.Column(float),
        "y": pa.Column(float),
        "district": _text(nullable=True),
        "street": _text(nullable=True),
        "community": _text(nullable=True),
    },
    name="grid_cells",
    description="万米单元网格 cells: 15-digit code, row/col on the regular grid, centre x/y in metres.",
)

communities = pa.DataFrameSchema(
    {
        "community_id": _text(unique=True),
        "community": _text(),
        "street": _text(),
        "district": _text(),
        "zone": _text(checks=pa.Check.isin(ZONES)),
        "x": pa.Column(float),
        "y": pa.Column(float),
        "area_km2": pa.Column(float, pa.Check.gt(0)),
        "population": _count(),
    },
    name="communities",
    description="Residents' committee areas (社区) with their street (街道) and district (区).",
)

population_units = pa.DataFrameSchema(
    {
        "unit_id": _text(),
        "unit_name": _text(),
        "zone": _text(checks=pa.Check.isin(ZONES)),
        "year": pa.Column("int64", pa.Check.in_range(1900, 2100)),
        "population": _count(),
        "area_km2": pa.Column(float, pa.Check.gt(0)),
        "planned_capacity": _count(nullable=True),
        "lon": _LON,
        "lat": _LAT,
        # known totals from a census or a labour survey, where the commuting table may miss flows
        "employed_residents": pa.Column("int64", pa.Check.ge(0), nullable=True, required=False),
        "jobs": pa.Column("int64", pa.Check.ge(0), nullable=True, required=False),
    },
    report_duplicates="exclude_first",
    unique=["unit_id", "year"],
    name="population_units",
    description="Resident population of districts, satellite towns and counties by year; optionally the "
    "known numbers of employed residents and of jobs.",
)

commuting_od = pa.DataFrameSchema(
    {
        "origin": _text(),
        "destination": _text(),
        "year": pa.Column("int64", pa.Check.in_range(1900, 2100)),
        "workers": _count(),
    },
    report_duplicates="exclude_first",
    unique=["origin", "destination", "year"],
    name="commuting_od",
    description="Employed residents by unit of residence (origin) and unit of work (destination).",
)

population_grid = pa.DataFrameSchema(
    {
        "cell_id": _text(),
        "year": pa.Column("int64", pa.Check.in_range(1900, 2100)),
        "row": _count(),
        "col": _count(),
        "x": pa.Column(float),
        "y": pa.Column(float),
        "population": pa.Column(float, pa.Check.ge(0)),
    },
    report_duplicates="exclude_first",
    unique=["cell_id", "year"],
    name="population_grid",
    description="Residents per 1 km² grid cell (centre x/y in metres), the input of the Degree of Urbanisation.",
)

survey = pa.DataFrameSchema(
    {
        "respondent_id": _text(unique=True),
        "stratum": _text(),
        "psu": _text(),
        "weight": pa.Column(float, pa.Check.gt(0)),
        "fpc": pa.Column(float, pa.Check.gt(0), nullable=True),
        "district": _text(),
        "community_id": _text(),
    },
    strict=False,
    name="survey",
    description=(
        "Participation survey microdata: design columns (stratum, psu, weight, fpc = number of PSUs in "
        "the stratum, R survey's convention) plus respondent attributes, 0/1 participation items (p_*) and "
        "0/1 awareness items (aware_rights, aware_rules)."
    ),
)

community_indicators = pa.DataFrameSchema(
    {
        "community_id": _text(),
        "year": pa.Column("int64", pa.Check.in_range(1900, 2100)),
    },
    report_duplicates="exclude_first",
    unique=["community_id", "year"],
    strict=False,
    name="community_indicators",
    description="Indicators of the six community-governance problems, one row per community and year.",
)

messages = pa.DataFrameSchema(
    {
        "message_id": _text(unique=True),
        "received_at": _timestamp(nullable=False),
        "community_id": _text(nullable=True),
        "title": _text(nullable=True),
        "text": _text(),
        # the government's reply, where the export has it: typed so that reply times can be measured
        "replied_at": pa.Column(TIMESTAMP, nullable=True, required=False),
    },
    strict=False,
    name="messages",
    description="Resident messages to the city (留言): free Chinese text, optionally with a label and the reply time.",
)

committee_members = pa.DataFrameSchema(
    {
        "member_id": _text(unique=True),
        "community_id": _text(),
        "role": _text(),
        "start_year": pa.Column("int64", pa.Check.in_range(1950, 2100)),
        "end_year": pa.Column("Int64", pa.Check.in_range(1950, 2100), nullable=True),
    },
    strict=False,
    name="committee_members",
    description="Governance-committee and community staff positions (no names): role, tenure, attributes.",
)

interventions = pa.DataFrameSchema(
    {
        "intervention": _text(),
        "cell_id": _text(),
        "start": _timestamp(nullable=False),
        "case_type": _text(nullable=True, checks=pa.Check.isin(CASE_TYPES)),
        "category": _text(nullable=True),
        "description": _text(nullable=True),
    },
    unique=["intervention", "cell_id"],
    report_duplicates="exclude_first",
    name="interventions",
    description=(
        "Where and when an intervention (a pilot, a campaign) began: one row per treated cell, with the "
        "case class it targets — what the city knows, not its effect, for policy-impact evaluation."
    ),
)

#: Every canonical table by name.
unit_distances = pa.DataFrameSchema(
    {
        "origin": _text(),
        "destination": _text(),
        "distance": pa.Column(float, pa.Check.ge(0)),
    },
    report_duplicates="exclude_first",
    unique=["origin", "destination"],
    name="unit_distances",
    description="Distances (km) between population units, e.g. by road or transit, where a city has them; "
    "without it they are straight lines between the units' centres.",
)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    s.name: s
    for s in (
        cases,
        grid_cells,
        communities,
        population_units,
        commuting_od,
        unit_distances,
        population_grid,
        survey,
        community_indicators,
        messages,
        committee_members,
        interventions,
    )
}
