"""What each column of each canonical table means, for people mapping their own files to them.

:data:`COLUMN_DOCS` holds one line per column of every schema in
:data:`governance_analytics.schemas.SCHEMAS` (a test keeps the two in step); :func:`describe_tables`
renders them as the Markdown of ``docs/canonical_tables.md`` and of ``governance-analytics map --tables``.
"""

from __future__ import annotations

from governance_analytics.schemas import SCHEMAS

__all__ = ["COLUMN_DOCS", "describe_tables", "required_columns"]

COLUMN_DOCS: dict[str, dict[str, str]] = {
    "cases": {
        "case_id": "the case's id in the source system (案件编号, Unique Key, SRNumber); unique",
        "case_type": "部件 (component) or 事件 (event), GB/T 30428.2; empty in exports without it (US 311)",
        "category": "big class (大类) or request type; a constant when the export has one type only",
        "subcategory": "small class (小类), descriptor or request detail",
        "channel": "how the case was reported (12345热线, app, patrol, Call, Mobile App …)",
        "department": "department or agency that handles it (处置部门, Agency, Owner)",
        "district": "district (区/县), borough or council district",
        "street": "street office (街道)",
        "community": "community (社区), neighbourhood or neighbourhood council",
        "cell_id": "unit-grid cell code (万米单元网格); filled from x/y by ingest when missing",
        "lon": "longitude, WGS84 degrees",
        "lat": "latitude, WGS84 degrees",
        "x": "easting in metres in the workspace's projected CRS; computed from lon/lat",
        "y": "northing in metres; computed from lon/lat",
        "created_at": "when the case was reported (上报时间, Created Date); local time",
        "filed_at": "when it was filed (立案时间); exports without filing file on report",
        "dispatched_at": "when it was dispatched to a department (派遣时间)",
        "handled_at": "when the department finished handling it (处置时间)",
        "feedback_at": "when handling was reported back (反馈时间)",
        "closed_at": "when it was verified and closed (结案时间, Closed Date)",
        "due_at": "the time it was due to be closed (应结案时间), or filing time + time limit",
        "n_rework": "times it was sent back for rework (返工次数)",
        "status": "closed, open or not_filed; from the export's status words, else closed when closed_at is set",
        "spatial_ok": "written by the cleaning rules: coordinates usable for spatial statistics",
        "flags": "written by the cleaning rules: what they flagged, separated by ;",
    },
    "grid_cells": {
        "cell_id": "15-digit GB/T 30428.1 code (or R<row>C<col> for a grid drawn from the cases)",
        "row": "row on the regular grid, from the south",
        "col": "column on the regular grid, from the west",
        "x": "centre easting, metres",
        "y": "centre northing, metres",
        "district": "district the cell belongs to",
        "street": "street office the cell belongs to",
        "community": "community the cell belongs to",
    },
    "communities": {
        "community_id": "community code (12-digit 统计用区划代码 or the city's own)",
        "community": "community name",
        "street": "street office",
        "district": "district",
        "zone": "core, central, satellite or outer",
        "x": "centroid easting, metres",
        "y": "centroid northing, metres",
        "area_km2": "land area, km²",
        "population": "resident population",
    },
    "population_units": {
        "unit_id": "code of the district, satellite town or county",
        "unit_name": "its name",
        "zone": "core, central, satellite or outer",
        "year": "census or estimate year",
        "population": "resident population (常住人口)",
        "area_km2": "land area, km² (one source for every unit)",
        "planned_capacity": "population the plan provides for (规划人口), if known",
        "lon": "centre longitude",
        "lat": "centre latitude",
        "employed_residents": "known employed residents (census), if the commuting table may miss flows (optional)",
        "jobs": "known jobs located in the unit (economic census), likewise (optional)",
    },
    "commuting_od": {
        "origin": "unit of residence (unit_id)",
        "destination": "unit of work (unit_id)",
        "year": "year of the count",
        "workers": "employed residents commuting from origin to destination",
    },
    "unit_distances": {
        "origin": "a unit (unit_id)",
        "destination": "another unit (unit_id)",
        "distance": "distance between them, km (road or transit); without this table, straight lines",
    },
    "population_grid": {
        "cell_id": "1 km grid cell code",
        "year": "year",
        "row": "grid row",
        "col": "grid column",
        "x": "centre easting, metres",
        "y": "centre northing, metres",
        "population": "residents in the cell",
    },
    "survey": {
        "respondent_id": "respondent id (no name)",
        "stratum": "sampling stratum",
        "psu": "primary sampling unit (cluster)",
        "weight": "sampling weight",
        "fpc": "number of PSUs in the stratum (R survey's fpc convention), if sampled without replacement",
        "district": "district of residence",
        "community_id": "community of residence",
    },
    "community_indicators": {
        "community_id": "community code",
        "year": "year of the indicators (the indicator columns follow, one per indicator)",
    },
    "messages": {
        "message_id": "message id",
        "received_at": "when the message was received",
        "community_id": "community it concerns, if known",
        "title": "subject line",
        "text": "the message text",
        "replied_at": "when the government replied, if known",
    },
    "committee_members": {
        "member_id": "position id (no name)",
        "community_id": "community",
        "role": "role (书记, 主任, 委员, 社工 …)",
        "start_year": "first year in post",
        "end_year": "last year in post, empty if serving",
    },
    "interventions": {
        "intervention": "name of the pilot or campaign",
        "cell_id": "a treated cell",
        "start": "when it began there",
        "case_type": "case type it targets, if one",
        "category": "class it targets, if one",
        "description": "what was done",
    },
}


def required_columns(table: str) -> list[str]:
    """The columns of ``table`` that must hold a value in every row (the rest may be empty)."""
    return [c for c, col in SCHEMAS[table].columns.items() if col.required and not col.nullable]


def describe_tables(tables=None) -> str:
    """Every canonical table (or those in ``tables``) and its columns, as Markdown; required columns
    (a value in every row) are marked ``yes``."""
    lines = [
        "# Canonical tables",
        "",
        "Every reader ends in one of these tables and every analysis starts from one "
        "(`governance_analytics.schemas`). Map a file's columns to them in `city.yml` "
        "(`sources: <table>: columns:`), or for case exports with `governance-analytics map EXPORT.csv`.",
        "",
    ]
    for name in tables or SCHEMAS:
        schema = SCHEMAS[name]
        required = set(required_columns(name))
        lines += [f"## `{name}`", "", schema.description, "", "| column | required | meaning |", "|---|---|---|"]
        lines += [
            f"| `{column}` | {'yes' if column in required else ''} | {COLUMN_DOCS[name][column]} |"
            for column in schema.columns
        ]
        lines.append("")
    return "\n".join(lines)
