"""Population pressure on the core and its relief: density, growth, zone shares, centre, capacity, dispersal.

Every measure works on any set of units observed in some years — Beijing's or Shanghai's 16 districts,
the Demo City, a prefecture's counties — given a table with one row per ``(unit_id, year)`` and the
columns the measure needs (the canonical ``population_units`` table has them all):

=========================  ==========================================  =======================================
measure                    formula                                     columns
=========================  ==========================================  =======================================
:func:`density`            :math:`P / A` residents per km²             population, an area column (+ source)
:func:`growth`             :math:`(P_1/P_0)^{1/(t_1-t_0)} - 1`         population (+ zone)
:func:`zone_shares`        :math:`s_{z,t} = P_{z,t} / \\sum_z P_{z,t}`  population, zone
:func:`weighted_centroid`  population-weighted mean centre on sphere   population, lon, lat
:func:`pressure_index`     :math:`P / C` (C = planned capacity)        population, planned_capacity
:func:`dispersal_index`    :math:`1 - s_{core,1} / s_{core,0}`         population, zone
:func:`top_changes`        largest :math:`P_1 - P_0` per group         a :func:`growth` table
=========================  ==========================================  =======================================

Area sources. A density is only as good as its area: an administrative polygon of a coastal district
may include tidal flats and sea (Shanghai's 浦东, 崇明, 奉贤, 宝山 and 金山 polygons sum to far more than the
official land area), while a statistical yearbook gives land area. :func:`density` takes the area
column by name and, when the table records where each area comes from (column ``area_source``),
refuses to mix sources unless told to; the result carries the source.

References: U.S. Census Bureau (2011) *Centers of Population Computation for the United States
1950–2010*; van den Berg, L., Drewett, R., Klaassen, L. H., Rossi, A. & Vijverberg, C. H. T. (1982)
*Urban Europe: A Study of Growth and Decline*, Pergamon; 北京城市总体规划（2016年—2035年）(the
城六区 resident-population reduction target, stated against a base year).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from governance_analytics.population._pressure_checks import (
    TOTAL,
    area_sources,
    as_labels,
    check_level,
    check_zones,
    joined_sources,
    paired_years,
    ratio,
    require,
    year_rows,
)
from governance_analytics.population._pressure_rank import top_changes
from governance_analytics.population._pressure_sphere import (
    bearing_deg,
    haversine_km,
    mean_centre,
)
from governance_analytics.population._pressure_stages import STAGES, stage_of
from governance_analytics.schemas import ZONES

__all__ = [
    "STAGES",
    "ZONES",
    "census_spans",
    "Dispersal",
    "density",
    "dispersal_index",
    "growth",
    "pressure_index",
    "top_changes",
    "weighted_centroid",
    "zone_shares",
    "zone_summary",
]


def _keys(level: str) -> list[str]:
    return {"unit": ["unit_id", "year"], "zone": ["zone", "year"], "total": ["year"]}[level]


def density(
    units: pd.DataFrame,
    *,
    area: str = "area_km2",
    level: str = "unit",
    area_source: str | None = None,
    source_column: str = "area_source",
    allow_mixed_sources: bool = False,
) -> pd.DataFrame:
    """Residents per km² of area, per unit, zone or the whole table, every year.

    .. math:: d = P / A, \\qquad d_{zone} = \\sum_{i \\in zone} P_i / \\sum_{i \\in zone} A_i

    A zone's or the total density is population over summed area (not a mean of unit densities); it is
    NaN when any area in the group is missing.

    Parameters
    ----------
    units
        One row per ``(unit_id, year)`` with ``population``, the area column and, for
        ``level="zone"``, ``zone``.
    area
        Name of the area column (km²): e.g. ``"area_km2"``, or a land-area column next to a polygon one.
    level
        ``"unit"``, ``"zone"`` or ``"total"``.
    area_source
        Label of where the areas come from, recorded in the result, when the table has no
        ``source_column``. Default: ``"column <area>"``.
    source_column
        Column recording each row's area source. If present and it holds more than one source, the
        call fails unless ``allow_mixed_sources``.
    allow_mixed_sources
        Accept areas from different sources; the result's ``area_source`` then says ``"mixed: ..."``
        for a group that mixes them.

    Returns
    -------
    DataFrame
        Keys (``unit_id``/``zone``/none) and ``year``; ``population``, ``area_km2`` (the chosen column),
        ``density`` (residents per km²), ``area_source``. Unit level keeps ``unit_name`` and ``zone``
        when present.
    """
    check_level(level)
    require(units, ["unit_id", "year", "population", area] + (["zone"] if level == "zone" else []), measure="density")
    sources = area_sources(
        units, area=area, area_source=area_source, source_column=source_column, allow_mixed_sources=allow_mixed_sources
    )
    frame = units.assign(area_km2=pd.to_numeric(units[area], errors="raise").astype("float64"), area_source=sources)
    bad = frame["area_km2"] <= 0
    if bad.any():
        raise ValueError(
            f"density: non-positive area in {area!r} for unit(s) {sorted(frame.loc[bad, 'unit_id'].unique())[:10]}"
        )
    if level == "unit":
        keep = [c for c in ("unit_id", "unit_name", "zone", "year") if c in frame.columns]
        out = frame[keep + ["population", "area_km2", "area_source"]].copy()
    else:
        keys = _keys(level)[:-1]
        grouped = frame.groupby(keys + ["year"], sort=True) if keys else frame.groupby("year", sort=True)
        out = grouped.agg(
            population=("population", "sum"),
            area_km2=("area_km2", lambda a: a.sum(skipna=False)),
            area_source=("area_source", joined_sources),
        ).reset_index()
    out["density"] = ratio(out["population"], out["area_km2"])
    cols = [c for c in out.columns if c not in ("density", "area_source")] + ["density", "area_source"]
    return out[cols].sort_values(_keys(level), ignore_index=True)


def growth(units: pd.DataFrame, *, start: int, end: int, level: str = "unit") -> pd.DataFrame:
    """Population change and compound annual growth rate between two years.

    .. math:: g = (P_{end} / P_{start})^{1/(end - start)} - 1

    the constant annual rate that takes :math:`P_{start}` to :math:`P_{end}` (CAGR). A zone's (or the
    total's) rate is that of its summed population. Every unit must have both years.

    Returns
    -------
    DataFrame
        Keys (``unit_id`` with ``zone`` if present / ``zone`` / none), ``start``, ``end``,
        ``population_start``, ``population_end``, ``change`` (:math:`P_{end} - P_{start}`),
        ``change_pct`` (:math:`P_{end}/P_{start} - 1`, a fraction), ``cagr`` (NaN when
        :math:`P_{start} = 0`).
    """
    check_level(level)
    require(units, ["unit_id", "year", "population"] + (["zone"] if level == "zone" else []), measure="growth")
    pairs = paired_years(units, start, end, measure="growth")
    if level == "unit":
        table = pairs.rename_axis("unit_id").reset_index()
    elif level == "zone":
        table = pairs.groupby("zone", sort=True)[["population_start", "population_end"]].sum().reset_index()
    else:
        table = pairs[["population_start", "population_end"]].sum().to_frame().T
    table.insert(len(table.columns) - 2, "start", np.int64(start))
    table.insert(len(table.columns) - 2, "end", np.int64(end))
    table["change"] = table["population_end"] - table["population_start"]
    factor = ratio(table["population_end"], table["population_start"])
    table["change_pct"] = factor - 1.0
    table["cagr"] = factor ** (1.0 / (end - start)) - 1.0
    return table.reset_index(drop=True)


def zone_shares(units: pd.DataFrame, *, zones: Sequence[str] = ZONES, base_year: int | None = None) -> pd.DataFrame:
    """Each zone's share of the metropolitan (all units') population, every year, and its change.

    .. math:: s_{z,t} = P_{z,t} \\big/ \\textstyle\\sum_{z'} P_{z',t}, \\qquad
              \\Delta s_{z,t} = s_{z,t} - s_{z,t_0}

    Parameters
    ----------
    zones
        Every zone label used, in display order (default core, central, satellite, outer). A unit with
        a label outside ``zones`` is an error, never dropped; a listed zone with no unit has share 0.
        Beijing's bulletins use core / central / other ten districts, Shanghai's central / Pudong /
        suburbs: pass those labels.
    base_year
        Year the change is measured from (:math:`t_0`); default the earliest year.

    Returns
    -------
    DataFrame
        ``year``, ``zone``, ``population``, ``share``, ``share_change`` (fraction; ×100 for
        percentage points), one row per year × zone in ``zones`` order.
    """
    require(units, ["unit_id", "year", "population", "zone"], measure="zone_shares")
    zones = as_labels(zones)
    check_zones(units["zone"], zones, measure="zone_shares")
    years = sorted(units["year"].unique().tolist())
    base = years[0] if base_year is None else base_year
    if base not in years:
        raise ValueError(f"zone_shares: base_year {base} not among the years {years}")
    wide = units.pivot_table(index="year", columns="zone", values="population", aggfunc="sum")
    wide = wide.reindex(index=years, columns=list(zones), fill_value=0).fillna(0)
    share = wide.div(wide.sum(axis=1), axis=0)
    change = share - share.loc[base]
    out = pd.DataFrame(
        {
            "year": np.repeat(np.asarray(years, dtype="int64"), len(zones)),
            "zone": np.tile(np.asarray(zones, dtype=object), len(years)),
            "population": wide.to_numpy().ravel().astype("int64"),
            "share": share.to_numpy().ravel(),
            "share_change": change.to_numpy().ravel(),
        }
    )
    return out


def weighted_centroid(
    units: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
    lon: str = "lon",
    lat: str = "lat",
) -> pd.DataFrame:
    """Population-weighted centre (人口重心) of the units per year, and its shift between listed years.

    The centre is the U.S. Census Bureau's mean centre of population on the sphere, each unit located
    at its ``lon``/``lat`` (WGS84 degrees; any one datum, e.g. GCJ-02, gives the same shifts to within
    metres) and weighted by its residents:

    .. math::

        \\bar\\phi = \\frac{\\sum_i P_i \\phi_i}{\\sum_i P_i}, \\qquad
        \\bar\\lambda = \\frac{\\sum_i P_i \\lambda_i \\cos\\phi_i}{\\sum_i P_i \\cos\\phi_i}.

    The shift from the previous listed year is the great-circle (haversine) distance on a sphere of
    radius 6371.0088 km, with the initial bearing clockwise from north. A unit's point stands for all
    its residents, so the centre moves only as populations (not settlement inside units) move.

    Parameters
    ----------
    years
        Years to compute, in order (default all, ascending): ``years=[2010, 2020]`` gives the shift
        between the two.

    Returns
    -------
    DataFrame
        ``year``, ``lon``, ``lat``, ``population``, ``shift_km`` and ``bearing_deg`` (from the previous
        row; NaN on the first).

    References
    ----------
    U.S. Census Bureau, Geography Division (2011) *Centers of Population Computation for the United
    States 1950–2010*.
    """
    require(units, ["unit_id", "year", "population", lon, lat], measure="weighted_centroid")
    years = sorted(units["year"].unique().tolist()) if years is None else [int(y) for y in years]
    rows = []
    for year in years:
        part = year_rows(units, year, measure="weighted_centroid")
        located = part[lon].notna() & part[lat].notna()
        missing = part.loc[~located & (part["population"] > 0), "unit_id"]
        if len(missing):
            raise ValueError(
                f"weighted_centroid: unit(s) {sorted(missing)[:10]} have residents in {year} but no {lon}/{lat}"
            )
        part = part[located]
        c_lon, c_lat = mean_centre(part[lon].to_numpy(), part[lat].to_numpy(), part["population"].to_numpy())
        rows.append({"year": np.int64(year), "lon": c_lon, "lat": c_lat, "population": int(part["population"].sum())})
    out = pd.DataFrame(rows)
    prev_lon, prev_lat = out["lon"].shift(), out["lat"].shift()
    out["shift_km"] = haversine_km(prev_lon, prev_lat, out["lon"], out["lat"])
    out["bearing_deg"] = np.where(out["shift_km"] > 0, bearing_deg(prev_lon, prev_lat, out["lon"], out["lat"]), np.nan)
    return out


def pressure_index(units: pd.DataFrame, *, year: int, capacity: str = "planned_capacity") -> pd.DataFrame:
    """Residents against planned capacity (规划人口规模) in ``year``: over 1 means over capacity.

    .. math:: \\pi_i = P_i / C_i, \\qquad \\text{headroom}_i = C_i - P_i

    Returns
    -------
    DataFrame
        ``unit_id`` (with ``unit_name``, ``zone`` if present), ``year``, ``population``,
        ``planned_capacity``, ``pressure_index``, ``headroom``, ``over_capacity`` (nullable boolean:
        ``pressure_index > 1``; missing where the unit has no capacity), sorted by ``pressure_index``
        descending.
    """
    require(units, ["unit_id", "year", "population", capacity], measure="pressure_index")
    part = year_rows(units, year, measure="pressure_index")
    keep = [c for c in ("unit_id", "unit_name", "zone", "year", "population") if c in part.columns]
    out = part[keep].copy()
    cap = pd.to_numeric(part[capacity], errors="raise").astype("float64")
    out["planned_capacity"] = cap
    out["pressure_index"] = ratio(out["population"], cap)
    out["headroom"] = cap - out["population"]
    out["over_capacity"] = pd.array(
        np.where(out["pressure_index"].notna(), out["pressure_index"] > 1, None), dtype="boolean"
    )
    return out.sort_values(
        ["pressure_index", "unit_id"], ascending=[False, True], na_position="last", ignore_index=True
    )


@dataclass(frozen=True)
class Dispersal:
    """How far population was dispersed (疏解) from the core between two years (:func:`dispersal_index`).

    Attributes
    ----------
    start, end
        The two years.
    core
        Zone labels that make up the core; ``core_units`` the unit ids in them.
    core_start, core_end, rest_start, rest_end
        Residents of the core and of every other unit in the table.
    core_change, rest_change, metro_change
        Absolute changes (properties): :math:`P_{core,1} - P_{core,0}`, :math:`P_{rest,1} - P_{rest,0}`
        and their sum, the metro's :math:`P_{metro,1} - P_{metro,0}` (negative: a loss).
    core_share_start, core_share_end
        The core's share of the metropolitan population, :math:`s_0`, :math:`s_1`.
    share_change
        :math:`s_1 - s_0` (fraction; ×100 for percentage points).
    index
        The dispersal index :math:`D = 1 - s_1 / s_0`: the relative fall of the core's share.
        Positive — the core holds a smaller part of the metro than before (dispersal); 0 — it grew as
        fast as the metro; negative — concentration.
    core_change_pct
        :math:`P_{core,1} / P_{core,0} - 1`: the form of 北京城市总体规划（2016年—2035年）'s 城六区
        target (resident population down against a base year).
    absorbed_outside
        Share of the metro's net growth that went outside the core, :math:`\\Delta P_{rest} / \\Delta
        P_{metro}` (above 1 when the core shrank while the metro grew); NaN unless the metro grew.
    core_cagr, rest_cagr
        Compound annual growth rates of core and rest.
    stage, stage_label
        Stage of urban development (van den Berg et al. 1982) from the absolute changes of core and
        ring (:data:`STAGES`); 4 is suburbanisation with absolute decentralisation (core shrinks, ring
        grows, metro grows).
    """

    start: int
    end: int
    core: tuple[str, ...]
    core_units: tuple[str, ...]
    core_start: int
    core_end: int
    rest_start: int
    rest_end: int
    core_share_start: float
    core_share_end: float
    share_change: float
    index: float
    core_change_pct: float
    absorbed_outside: float
    core_cagr: float
    rest_cagr: float
    stage: int
    stage_label: str

    @property
    def core_change(self) -> int:
        """Residents gained by the core, :math:`P_{core,1} - P_{core,0}` (negative: lost)."""
        return self.core_end - self.core_start

    @property
    def rest_change(self) -> int:
        """Residents gained outside the core, :math:`P_{rest,1} - P_{rest,0}`."""
        return self.rest_end - self.rest_start

    @property
    def metro_change(self) -> int:
        """Residents gained by the whole table, :math:`(P_{core,1} + P_{rest,1}) - (P_{core,0} + P_{rest,0})`."""
        return self.core_change + self.rest_change


def dispersal_index(units: pd.DataFrame, *, start: int, end: int, core: str | Iterable[str] = "core") -> Dispersal:
    """Dispersal (疏解) of population from the core between ``start`` and ``end``.

    The headline is the relative fall of the core's share of the metropolitan population,

    .. math:: D = 1 - \\frac{s_{core,end}}{s_{core,start}} = 1 - \\frac{1 + G_{core}}{1 + G_{metro}},

    with :math:`G` the growth over the period: the core's growth shortfall against the metro's. It
    separates relative decentralisation (the ring outgrows the core, :math:`D > 0` even if the core
    still grows) from absolute decentralisation (the core shrinks), the distinction of van den Berg et
    al.'s (1982) stages, which the result also reports; and it is scale-free, so Beijing's 16 districts
    and a prefecture's counties compare. Next to it: the core's own change against the base year —
    the form in which Beijing's master plan states its 城六区 target — and the share of the metro's
    growth absorbed outside the core.

    Parameters
    ----------
    core
        Zone label(s) forming the core: ``"core"`` (Beijing's 首都功能核心区, 东城 + 西城), or
        ``("core", "central")`` for Beijing's 城六区 (中心城区). The rest is every other unit in the table.

    Returns
    -------
    Dispersal
        Frozen result; see its attributes.
    """
    require(units, ["unit_id", "year", "population", "zone"], measure="dispersal_index")
    labels = as_labels(core)
    pairs = paired_years(units, start, end, measure="dispersal_index")
    in_core = pairs["zone"].isin(labels)
    if not in_core.any():
        raise ValueError(
            f"dispersal_index: no unit has a core zone label {labels}; zones present: {sorted(pairs['zone'].unique())}"
        )
    if in_core.all():
        raise ValueError("dispersal_index: every unit is in the core; dispersal needs units outside it")
    c0, c1 = (int(pairs.loc[in_core, f"population_{t}"].sum()) for t in ("start", "end"))
    r0, r1 = (int(pairs.loc[~in_core, f"population_{t}"].sum()) for t in ("start", "end"))
    s0, s1 = c0 / (c0 + r0), c1 / (c1 + r1)
    years = end - start
    metro_change = (c1 + r1) - (c0 + r0)
    stage = stage_of(c1 - c0, r1 - r0)
    return Dispersal(
        start=int(start),
        end=int(end),
        core=labels,
        core_units=tuple(sorted(pairs.index[in_core])),
        core_start=c0,
        core_end=c1,
        rest_start=r0,
        rest_end=r1,
        core_share_start=s0,
        core_share_end=s1,
        share_change=s1 - s0,
        index=1.0 - s1 / s0,
        core_change_pct=c1 / c0 - 1.0,
        absorbed_outside=(r1 - r0) / metro_change if metro_change > 0 else float("nan"),
        core_cagr=(c1 / c0) ** (1.0 / years) - 1.0,
        rest_cagr=(r1 / r0) ** (1.0 / years) - 1.0 if r0 > 0 else float("nan"),
        stage=stage,
        stage_label=STAGES[stage],
    )


def zone_summary(
    units: pd.DataFrame,
    *,
    start: int,
    end: int,
    zones: Sequence[str] = ZONES,
    area: str | None = "area_km2",
    allow_mixed_sources: bool = False,
) -> pd.DataFrame:
    """One table per zone (and ``all``) for a report: populations, shares, growth and density.

    Combines :func:`growth` (level zone and total), :func:`zone_shares` (``base_year=start``) and, if
    ``area`` is given, :func:`density` in ``end`` (same area-source rules).

    Returns
    -------
    DataFrame
        Index ``zone`` (``zones`` order, then ``all``): ``population_start``, ``population_end``,
        ``share_start``, ``share_end``, ``share_change``, ``change_pct``, ``cagr`` and, with an area,
        ``density_end`` and ``area_source``.
    """
    zones = as_labels(zones)
    window = units[units["year"].isin([start, end])]
    by_zone = growth(window, start=start, end=end, level="zone").set_index("zone")
    total = growth(window, start=start, end=end, level="total").assign(zone=TOTAL).set_index("zone")
    by_zone = by_zone.reindex(list(zones))
    by_zone[["population_start", "population_end"]] = by_zone[["population_start", "population_end"]].fillna(0)
    table = pd.concat([by_zone, total])
    shares = zone_shares(window, zones=zones, base_year=start).pivot(index="zone", columns="year", values="share")
    shares.loc[TOTAL] = 1.0
    table["share_start"] = shares[start].reindex(table.index)
    table["share_end"] = shares[end].reindex(table.index)
    table["share_change"] = table["share_end"] - table["share_start"]
    cols = ["population_start", "population_end", "share_start", "share_end", "share_change", "change_pct", "cagr"]
    table = table[cols]
    if area is not None:
        last = window[window["year"] == end]
        dens = pd.concat(
            [
                density(last, area=area, level="zone", allow_mixed_sources=allow_mixed_sources).set_index("zone"),
                density(last, area=area, level="total", allow_mixed_sources=allow_mixed_sources)
                .assign(zone=TOTAL)
                .set_index("zone"),
            ]
        )
        table["density_end"] = dens["density"].reindex(table.index)
        table["area_source"] = dens["area_source"].reindex(table.index)
    table.index.name = "zone"
    return table


def census_spans(years) -> list[tuple[int, int]]:
    """The spans a city's population is compared over: between consecutive census years (years
    ending in 0, China's decennial censuses), then from the last census to the latest year observed.

    With no census year among ``years``, the one span from the first to the last year; with fewer
    than two years, none.

    >>> census_spans([2000, 2010, 2020, 2021, 2025])
    [(2000, 2010), (2010, 2020), (2020, 2025)]
    >>> census_spans([2016, 2021])
    [(2016, 2021)]
    """
    observed = sorted({int(y) for y in years})
    if len(observed) < 2:
        return []
    census = [y for y in observed if y % 10 == 0]
    if not census:
        return [(observed[0], observed[-1])]
    spans = list(zip(census, census[1:]))
    if observed[-1] > census[-1]:
        spans.append((census[-1], observed[-1]))
    return spans or [(observed[0], observed[-1])]
