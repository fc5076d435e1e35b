"""Cleaning rules for case records: each rule rejects a row with a reason or flags it.

=======================  ============================================  ===========================
rule                     what                                          outcome
=======================  ============================================  ===========================
``created_missing``      creation time missing or unparseable          reject
``created_sentinel``     creation time is a placeholder date           reject
                         (before 1980 or from 2099 on: 1900-01-01, …)
``closed_before``        closing time earlier than creation time       reject
``duplicate_id``         a case id seen before in the file             reject (the first is kept)
``sentinel_<column>``    another timestamp is a placeholder date       value cleared, flagged
``invalid_coordinates``  lon/lat outside ±180/±90                      cleared, flagged, not spatial
``zero_coordinates``     lon/lat or x/y exactly (0, 0)                 cleared, flagged, not spatial
``no_coordinates``       no usable coordinates                         flagged, not spatial
``out_of_area``          point outside the study area                  flagged, not spatial
``unknown_category``     type/class not in GB/T 30428.2 (数字城管)        kept, flagged
``pileup``               many cases at one exact point (a geocoder's   flagged, not spatial;
                         default, e.g. the city hall)                  counted everywhere else
``outside_grid``         point in no cell of the workspace's grid      flagged, not spatial
                         (set by ingest, outside the boundaries)
=======================  ============================================  ===========================

Flags are written to the ``flags`` column (semicolon-separated); ``spatial_ok`` is false for every
case a spatial statistic must leave out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from governance_analytics.schemas import CASE_CATEGORIES

__all__ = [
    "RULES",
    "rule_of",
    "rule_counts",
    "SENTINEL_BEFORE",
    "SENTINEL_FROM",
    "PILEUP_MIN_CASES",
    "PILEUP_MIN_SHARE",
    "clear_bad_coordinates",
    "reject_bad_times",
    "flag_unknown_categories",
    "area_geometry",
    "flag_spatial",
    "flag_outside_grid",
    "prior_flags",
]

#: Rule code → (outcome, description), the table in this module's docstring.
RULES = {
    "created_missing": ("reject", "creation time missing or unparseable"),
    "created_sentinel": ("reject", "creation time is a placeholder date"),
    "closed_before": ("reject", "closing time earlier than creation time"),
    "duplicate_id": ("reject", "case id seen before in the file"),
    "sentinel_<column>": ("flag", "another timestamp is a placeholder date; cleared"),
    "invalid_coordinates": ("flag", "lon/lat outside ±180/±90; cleared, not spatial"),
    "zero_coordinates": ("flag", "coordinates exactly (0, 0); cleared, not spatial"),
    "no_coordinates": ("flag", "no usable coordinates; not spatial"),
    "out_of_area": ("flag", "point outside the study area; not spatial"),
    "unknown_category": ("flag", "case type or big class not in GB/T 30428.2; kept"),
    "pileup": ("flag", "many cases at one exact point; not spatial, counted elsewhere"),
    "outside_grid": ("flag", "point in no cell of the unit grid (outside the boundaries); not spatial"),
}

_REASON_RULES = (
    ("created_at: placeholder date", "created_sentinel"),
    ("created_at: ", "created_missing"),
    ("case_id: duplicate value", "duplicate_id"),
    ("expected ", "malformed_line"),
)


def rule_of(reason: str) -> str:
    """The rule code behind a reject reason (``schema`` for other schema checks)."""
    if " is before created_at " in reason:
        return "closed_before"
    return next((code for prefix, code in _REASON_RULES if reason.startswith(prefix)), "schema")


def rule_counts(rejects: pd.DataFrame, flags: pd.Series) -> pd.DataFrame:
    """Rows per rule: rejects by the rule behind their reason, kept cases by each of their flags.

    Returns
    -------
    DataFrame
        ``rule``, ``outcome`` (``rejected`` or ``flagged``), ``n``, ``description``, largest first.
    """
    reasons = rejects["reason"] if "reason" in rejects else pd.Series(dtype=object)  # no rejects: maybe no column
    rejected = reasons.map(rule_of).value_counts().rename_axis("rule").reset_index(name="n")
    flagged = flags.dropna().str.split(";").explode().value_counts().rename_axis("rule").reset_index(name="n")
    table = pd.concat([rejected.assign(outcome="rejected"), flagged.assign(outcome="flagged")], ignore_index=True)
    generic = lambda rule: "sentinel_<column>" if rule.startswith("sentinel_") else rule  # noqa: E731
    other = {"malformed_line": "a line with the wrong number of fields", "schema": "a value breaking the schema"}
    table["description"] = [RULES.get(generic(r), (None, other.get(r, "")))[1] for r in table["rule"]]
    return table[["rule", "outcome", "n", "description"]].sort_values("n", ascending=False, ignore_index=True)


SENTINEL_BEFORE = pd.Timestamp("1980-01-01")
SENTINEL_FROM = pd.Timestamp("2099-01-01")
#: A point is a pile-up when at least this many cases share it exactly …
PILEUP_MIN_CASES = 50
#: … and they are at least this share of all located cases.
PILEUP_MIN_SHARE = 0.001

_STAGES = ("filed_at", "dispatched_at", "handled_at", "feedback_at", "closed_at", "due_at")


def _add(flags: pd.Series, mask, flag: str) -> pd.Series:
    """``flags`` (each ``a;b;`` or empty) with ``flag;`` added where ``mask`` and not there already."""
    there = (";" + flags).str.contains(f";{flag};", regex=False)
    return flags.where(~np.asarray(mask, dtype=bool) | there, flags + flag + ";")


def prior_flags(frame: pd.DataFrame) -> pd.Series:
    """The flags a table already carries (a canonical table cleaned before), in the ``a;b;`` form
    the rules add to, or empty: cleaning a clean table again adds nothing and loses nothing."""
    if "flags" not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    given = frame["flags"].astype("str").where(frame["flags"].notna(), "").str.strip().str.rstrip(";")
    return (given + ";").where(given != "", "").astype(object)


def clear_bad_coordinates(frame: pd.DataFrame, flags: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Clear lon/lat outside their ranges and (0, 0) points in lon/lat or x/y, flagging them."""
    out = frame.copy()
    for a, b in (("lon", "lat"), ("x", "y")):
        if a not in out or b not in out:
            continue
        u, v = pd.to_numeric(out[a], errors="coerce"), pd.to_numeric(out[b], errors="coerce")
        zero = (u == 0) & (v == 0)
        invalid = ((u.abs() > 180) | (v.abs() > 90)) if a == "lon" else pd.Series(False, index=out.index)
        flags = _add(flags, zero & ~flags.str.contains("zero_coordinates", regex=False), "zero_coordinates")
        flags = _add(flags, invalid & ~zero, "invalid_coordinates")
        bad = zero | invalid
        out[a] = u.where(~bad)
        out[b] = v.where(~bad)
    return out, flags


def reject_bad_times(cases: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Reasons for rows to reject (empty string: keep) and the cases with placeholder stage times
    cleared and flagged."""
    created = cases["created_at"]
    sentinel = lambda ts: (ts < SENTINEL_BEFORE) | (ts >= SENTINEL_FROM)  # noqa: E731
    reasons = pd.Series("", index=cases.index, dtype=object)
    bad_created = sentinel(created)
    reasons[bad_created] = "created_at: placeholder date " + created[bad_created].astype(str)
    out = cases.copy()
    for column in _STAGES:
        placeholder = sentinel(out[column]).fillna(False)
        out["flags"] = _add(out["flags"], placeholder, f"sentinel_{column}")
        out[column] = out[column].where(~placeholder)
    before = (out["closed_at"] < created) & (reasons == "")
    reasons[before] = (
        "closed_at " + out.loc[before, "closed_at"].astype(str) + " is before created_at " + created[before].astype(str)
    )
    return reasons, out


def flag_unknown_categories(cases: pd.DataFrame) -> pd.Series:
    """Flags with ``unknown_category`` added where (case type, big class) is not in GB/T 30428.2."""
    known = [f"{t}|{c}" for t, classes in CASE_CATEGORIES.items() for c in classes]
    pairs = cases["case_type"].fillna("") + "|" + cases["category"].fillna("")
    return _add(cases["flags"], ~pairs.isin(known), "unknown_category")


def area_geometry(area) -> shapely.Geometry:
    """The study area as one WGS84 geometry: a ``(lon_min, lat_min, lon_max, lat_max)`` box, a shapely
    geometry in lon/lat, or a GeoSeries/GeoDataFrame in any CRS."""
    if isinstance(area, tuple) and len(area) == 4:
        return shapely.box(*area)
    if hasattr(area, "to_crs"):
        return area.to_crs("EPSG:4326").union_all()
    if isinstance(area, shapely.Geometry):
        return area
    raise TypeError(
        f"area must be a (lon_min, lat_min, lon_max, lat_max) tuple, a shapely geometry or a "
        f"GeoDataFrame, got {type(area).__name__}"
    )


def flag_spatial(
    cases: pd.DataFrame,
    *,
    area=None,
    pileup_min_cases: int | None = PILEUP_MIN_CASES,
    pileup_min_share: float = PILEUP_MIN_SHARE,
) -> pd.DataFrame:
    """Add ``no_coordinates``, ``out_of_area`` and ``pileup`` flags and the ``spatial_ok`` column
    (``pileup_min_cases=None``: no pile-up detection)."""
    out = cases.copy()
    lon, lat = out["lon"], out["lat"]
    located = lon.notna() & lat.notna()
    if not located.any():
        located = out["x"].notna() & out["y"].notna()
        lon, lat = out["x"], out["y"]
    cleared = out["flags"].str.contains("_coordinates", regex=False)
    out["flags"] = _add(out["flags"], ~located & ~cleared, "no_coordinates")
    ok = located.copy()
    if area is not None and out["lon"].notna().any():
        inside = shapely.contains_xy(
            area_geometry(area), out["lon"].fillna(0).to_numpy(), out["lat"].fillna(0).to_numpy()
        )
        outside = located & ~inside
        out["flags"] = _add(out["flags"], outside, "out_of_area")
        ok &= ~outside
    pile = pd.Series(False, index=out.index)
    if pileup_min_cases is not None:
        counts = pd.Series(1, index=out.index)[ok].groupby([lon[ok].round(7), lat[ok].round(7)]).transform("size")
        threshold = max(pileup_min_cases, pileup_min_share * int(ok.sum()))
        pile = (counts >= threshold).reindex(out.index, fill_value=False)
    out["flags"] = _add(out["flags"], pile, "pileup")
    before = out["spatial_ok"].fillna(True).astype(bool) if "spatial_ok" in out else True  # cleaned before
    out["spatial_ok"] = (ok & ~pile & before).astype(bool)
    return out


def flag_outside_grid(cases: pd.DataFrame, in_grid: pd.Series) -> pd.DataFrame:
    """``cases`` with the usable cases (``spatial_ok``) that lie in no cell (``in_grid`` false) flagged
    ``outside_grid`` and no longer ``spatial_ok``."""
    out = cases.copy()
    outside = out["spatial_ok"].astype(bool) & ~in_grid.astype(bool)
    flags = prior_flags(out)
    out["flags"] = _add(flags, outside, "outside_grid").str.rstrip(";").replace("", None)
    out["spatial_ok"] = out["spatial_ok"].astype(bool) & ~outside
    return out
