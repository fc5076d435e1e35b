"""Core against outer growth of every prefecture (地级) between two censuses, with boundary changes flagged.

A prefecture-level city has a core — its urban districts (市辖区) — and an outer ring of counties and
county-level cities. Whether the ring outgrows the core is the satellite-city question at national
scale. Per prefecture, with :math:`P` the residents of the part in the two census years
:math:`t_0, t_1`:

.. math::

    g_{core} = (P_{core,1} / P_{core,0})^{1/(t_1 - t_0)} - 1, \\qquad
    g_{outer} = (P_{outer,1} / P_{outer,0})^{1/(t_1 - t_0)} - 1, \\qquad
    \\text{gap} = g_{outer} - g_{core},

the core's share :math:`s = P_{core} / P_{total}` in each year, its change, and the dispersal index
:math:`D = 1 - s_1 / s_0` of :func:`governance_analytics.population.pressure.dispersal_index`.

Boundaries move between censuses
--------------------------------
Between 2010 and 2020 about a hundred counties became districts (撤县设区, 撤市设区), districts merged
(崇文 into 东城), prefectures were renamed, recoded (毕节地区 522400 → 毕节市 520500), created (三沙,
儋州) or dissolved (巢湖 2011, 莱芜 2019), and development zones began to be tabulated apart. Comparing
each year's own districts would count a converted county's residents as outer in 2010 and core in
2020 — "core growth" made by a decree. So the comparison is made **on the 2020 definition**:

1. every 2010 unit is traced to the 2020 unit it became (:func:`trace_counties`; rules in
   :mod:`._prefecture_trace`): by code and name, by name in the same prefecture (藁城市 → 藁城区), by
   name in the province (a move), by code under a new name (a rename), or by a given successor;
2. its 2010 residents count in the part (core / outer) and prefecture of that 2020 unit;
3. a 2010 *district* that cannot be traced is taken to have merged into the core of its prefecture
   (districts merge into districts: 崇文, 宣武, 伊春's fifteen);
4. a development zone (tabulated apart in 2020, inside its parent units in 2010) counts where
   ``development_zones`` says — by default in the core, as most national-level zones lie in or
   against the urban districts; its 2020 population is reported (``zones_2020``) so the reader can
   judge how much rides on that choice.

A prefecture is **comparable** — and ranked — only if every 2010 unit outside its core was traced,
no unit outside the core is new in 2020, and any new district is matched by an untraced 2010
district (a merger or split inside the core). Otherwise the residents of an untraced county (绍兴县,
whose successor 柯桥区 has a new code and a new name) or of a new unit (龙港市, carved from 苍南县)
cannot be placed, and the prefecture is flagged, not ranked. The own-year comparison is reported
beside (``core_2010_own``, ``core_cagr_own``) with the list of conversions, so the effect of the
harmonisation is visible.

References: 国家统计局 *中国县域统计年鉴 / 2010年人口普查分县资料* and *中国人口普查分县资料—2020*;
GB/T 2260 codes of administrative divisions; on growth of core and ring, van den Berg, L. et al.
(1982) *Urban Europe: A Study of Growth and Decline*, Pergamon; on China's county-to-district
conversions, Chung, J. H. & Lam, T. (eds.) (2010) *China's Local Administration*, Routledge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from governance_analytics.population._prefecture_trace import (
    match_prefectures,
    trace_units,
)

__all__ = ["CoreOuterSummary", "core_outer_growth", "core_outer_summary", "trace_counties"]

_REQUIRED = [
    "year",
    "code",
    "province_code",
    "province",
    "prefecture_code",
    "prefecture",
    "county",
    "unit_type",
    "is_urban_district",
    "population",
]
_ZONE_POLICIES = ("core", "outer", "exclude")


def _check(table: pd.DataFrame, name: str) -> pd.DataFrame:
    missing = [c for c in _REQUIRED if c not in table.columns]
    if missing:
        raise ValueError(f"{name} needs the columns of read_county_census(...).counties; missing {missing}")
    years = table["year"].unique()
    if len(years) != 1:
        raise ValueError(f"{name} must hold one census year; it holds {sorted(years)}")
    out = table[_REQUIRED].reset_index(drop=True).copy()
    out["code"] = out["code"].astype("string")
    out["population"] = pd.to_numeric(out["population"]).astype("Int64")
    return out


def _part(units: pd.DataFrame, development_zones: str) -> pd.Series:
    """``core`` (市辖区), ``zone`` (development zone, placed by the policy) or ``outer``."""
    part = pd.Series(np.where(units["is_urban_district"].astype(bool), "core", "outer"), index=units.index)
    zone = units["unit_type"] == "development_zone"
    part[zone] = {"core": "core", "outer": "outer", "exclude": "zone"}[development_zones]
    return part


def trace_counties(
    census_2010: pd.DataFrame, census_2020: pd.DataFrame, *, successors: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Each unit of the earlier census and the unit of the later census it became.

    Parameters
    ----------
    census_2010, census_2020
        ``counties`` tables of :func:`governance_analytics.io.read_county_census` (earlier, later).
    successors
        Known successions the name rules cannot find, earlier code → later code (e.g.
        ``{"330621": "330603"}``, 绍兴县 → 柯桥区); each is used before any rule.

    Returns
    -------
    DataFrame
        One row per earlier unit: ``code_2010``, ``county_2010``, ``prefecture_code_2010``,
        ``prefecture_2010``, ``unit_type_2010``, ``district_2010`` (市辖区), ``population_2010``;
        the later unit's ``code_2020``, ``county_2020``, ``prefecture_code_2020``, ``prefecture_2020``,
        ``unit_type_2020``, ``district_2020`` (missing when untraced); ``how`` it was traced (rules in
        :mod:`._prefecture_trace`); ``prefecture_match`` (the later prefecture matched to the
        earlier one: same code or same name stem); ``change``: ``untraced``, or labels joined by
        ``+`` among ``converted`` (not a district then, a district now: 撤县设区), ``moved``
        (another prefecture), ``renamed``, ``recoded``; ``unchanged`` otherwise. (Column suffixes
        say earlier/later whatever the years.)
    """
    old, new = _check(census_2010, "census_2010"), _check(census_2020, "census_2020")
    prefectures = match_prefectures(old, new)
    trace = trace_units(old, new, prefectures=prefectures, successors=successors)
    out = pd.DataFrame(
        {
            "code_2010": old["code"],
            "county_2010": old["county"],
            "prefecture_code_2010": old["prefecture_code"],
            "prefecture_2010": old["prefecture"],
            "unit_type_2010": old["unit_type"],
            "district_2010": old["is_urban_district"].astype(bool),
            "population_2010": old["population"],
        }
    )
    pos = trace["successor"]
    ok = pos.notna()
    take = new.iloc[pos[ok].astype(int).to_numpy()]
    for col, src in (
        ("code_2020", "code"),
        ("county_2020", "county"),
        ("prefecture_code_2020", "prefecture_code"),
        ("prefecture_2020", "prefecture"),
        ("unit_type_2020", "unit_type"),
    ):
        out[col] = pd.Series(pd.NA, index=out.index, dtype="string")
        out.loc[ok, col] = take[src].astype("string").to_numpy()
    out["district_2020"] = pd.Series(pd.NA, index=out.index, dtype="boolean")
    out.loc[ok, "district_2020"] = take["is_urban_district"].astype(bool).to_numpy()
    out["successor"] = pos
    out["how"] = trace["how"]
    out["prefecture_match"] = old["prefecture_code"].map(prefectures).astype("string")

    def differ(a: object, b: object) -> bool:
        if pd.isna(a) or pd.isna(b):
            return not (pd.isna(a) and pd.isna(b))
        return a != b

    def change(row: Any) -> str:  # a row of itertuples: a namedtuple of the frame's columns
        if pd.isna(row.successor):
            return "untraced"
        labels = []
        if row.district_2020 and not row.district_2010:
            labels.append("converted")
        if differ(row.prefecture_code_2020, row.prefecture_match):
            labels.append("moved")
        if differ(row.county_2020, row.county_2010):
            labels.append("renamed")
        if differ(row.code_2020, row.code_2010):
            labels.append("recoded")
        return "+".join(labels) or "unchanged"

    out["change"] = pd.array([change(r) for r in out.itertuples(index=False)], dtype="string")
    return out


def _cagr(p0: pd.Series, p1: pd.Series, years: int) -> pd.Series:
    p0, p1 = p0.astype("float64"), p1.astype("float64")
    return (p1 / p0.where(p0 > 0)) ** (1.0 / years) - 1.0


def _names(frame: pd.DataFrame, name: str, kind: str, population: str) -> pd.Series:
    """Per prefecture: ``'name (kind, population); ...'``."""
    if frame.empty:
        return pd.Series(dtype="string")
    text = frame[name].astype(str) + " (" + frame[kind].astype(str) + ", " + frame[population].map("{:,}".format) + ")"
    return text.groupby(frame["_prefecture"]).agg("; ".join)


def core_outer_growth(
    census_2010: pd.DataFrame,
    census_2020: pd.DataFrame,
    *,
    min_population: int = 500_000,
    development_zones: str = "core",
    successors: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Growth of every prefecture's core (市辖区) and outer ring between two censuses, on the later
    census's definition of core, ranked by how much the ring outgrew the core.

    Parameters
    ----------
    census_2010, census_2020
        ``counties`` tables of :func:`governance_analytics.io.read_county_census` (earlier, later).
    min_population
        Rank only prefectures with at least this many residents in the later year (small cores give
        noisy rates). Default 500,000.
    development_zones
        Where a development zone's residents count: ``"core"`` (default), ``"outer"``, or
        ``"exclude"`` (in neither part; still in the total).
    successors
        Known successions, earlier code → later code (see :func:`trace_counties`).

    Returns
    -------
    DataFrame
        One row per later prefecture (index ``prefecture_code``), sorted by ``rank`` then code:
        ``province``, ``prefecture``, ``prefecture_code_2010``, ``prefecture_2010`` (the matched
        earlier prefecture); ``core_2010``, ``core_2020``, ``outer_2010``, ``outer_2020`` (on the
        later definition), ``zones_2020`` (development-zone residents, whatever the policy),
        ``total_2010`` (earlier residents of the units placed here), ``total_2020``; ``core_cagr``,
        ``outer_cagr``, ``growth_gap`` (:math:`g_{outer} - g_{core}`), ``core_share_2010``,
        ``core_share_2020``, ``core_share_change``, ``dispersal_index`` (:math:`1 - s_1/s_0`);
        ``core_2010_own`` (the earlier census's own districts) and ``core_cagr_own`` (their growth to
        the later census's districts, zones left out); ``n_districts_2010``, ``n_districts_2020``,
        ``core_codes_changed`` (the district codes differ), ``converted`` (counties that became
        districts), ``units_gained`` / ``units_lost`` (units that moved in from / out to another
        prefecture; counted where they are now in both years), ``untraced_2010`` (earlier units
        outside the core that were not traced), ``new_2020`` (later units without a predecessor,
        zones aside), ``flags``, ``comparable``, and ``rank`` (1 = largest ``growth_gap``; ranked:
        comparable, both parts populated in both years, ``total_2020 >= min_population``). Column
        suffixes say earlier/later whatever the years.
    """
    if development_zones not in _ZONE_POLICIES:
        raise ValueError(f"development_zones must be one of {_ZONE_POLICIES}, not {development_zones!r}")
    old, new = _check(census_2010, "census_2010"), _check(census_2020, "census_2020")
    years = int(new["year"].iloc[0]) - int(old["year"].iloc[0])
    if years <= 0:
        raise ValueError("census_2020 must be the later census")
    trace = trace_counties(old, new, successors=successors)
    new_part = _part(new, development_zones)
    old_part = _part(old, development_zones)

    # earlier units: the part and prefecture of their successor; untraced ones stay where they were
    traced = trace["successor"].notna()
    succ = trace["successor"]
    placed_part = old_part.copy()
    placed_part[traced] = new_part.iloc[succ[traced].astype(int).to_numpy()].to_numpy()
    placed_pref = trace["prefecture_match"].astype(object).copy()
    placed_pref[traced] = trace.loc[traced, "prefecture_code_2020"].astype(object)
    old = old.assign(_part=placed_part, _prefecture=placed_pref)
    new = new.assign(_part=new_part, _prefecture=new["prefecture_code"])

    def by_part(units: pd.DataFrame, part: str) -> pd.Series:
        return units[units["_part"] == part].groupby("_prefecture")["population"].sum()

    table = new.groupby("prefecture_code").agg(
        province=("province", "first"), prefecture=("prefecture", "first"), total_2020=("population", "sum")
    )
    reverse = trace.drop_duplicates("prefecture_code_2010").dropna(subset=["prefecture_match"])
    reverse = reverse.set_index("prefecture_match")
    table["prefecture_code_2010"] = reverse["prefecture_code_2010"].reindex(table.index).astype("string")
    table["prefecture_2010"] = reverse["prefecture_2010"].reindex(table.index).astype("string")
    idx = table.index
    for part in ("core", "outer"):
        table[f"{part}_2010"] = by_part(old, part).reindex(idx, fill_value=0).astype("int64")
        table[f"{part}_2020"] = by_part(new, part).reindex(idx, fill_value=0).astype("int64")
    zones = new["unit_type"] == "development_zone"
    table["zones_2020"] = (
        new[zones].groupby("_prefecture")["population"].sum().reindex(idx, fill_value=0).astype("int64")
    )
    table["total_2010"] = old.groupby("_prefecture")["population"].sum().reindex(idx, fill_value=0).astype("int64")
    table = table[
        [
            "province",
            "prefecture",
            "prefecture_code_2010",
            "prefecture_2010",
            "core_2010",
            "core_2020",
            "outer_2010",
            "outer_2020",
            "zones_2020",
            "total_2010",
            "total_2020",
        ]
    ]

    table["core_cagr"] = _cagr(table["core_2010"], table["core_2020"], years)
    table["outer_cagr"] = _cagr(table["outer_2010"], table["outer_2020"], years)
    table["growth_gap"] = table["outer_cagr"] - table["core_cagr"]
    table["core_share_2010"] = table["core_2010"] / table["total_2010"].where(table["total_2010"] > 0)
    table["core_share_2020"] = table["core_2020"] / table["total_2020"].where(table["total_2020"] > 0)
    table["core_share_change"] = table["core_share_2020"] - table["core_share_2010"]
    table["dispersal_index"] = 1.0 - table["core_share_2020"] / table["core_share_2010"].where(
        table["core_share_2010"] > 0
    )

    # the earlier census's own definition, for the matched earlier prefecture
    own = old.assign(_own=trace["prefecture_match"])
    districts_old = own[trace["district_2010"]]
    table["core_2010_own"] = (
        districts_old.groupby("_own")["population"].sum().reindex(idx, fill_value=0).astype("int64")
    )
    districts_new = new[new["is_urban_district"].astype(bool)]
    core_2020_own = districts_new.groupby("_prefecture")["population"].sum().reindex(idx, fill_value=0)
    table["core_cagr_own"] = _cagr(table["core_2010_own"], core_2020_own, years)
    codes_old = districts_old.groupby("_own")["code"].agg(lambda c: frozenset(c.dropna()))
    codes_new = districts_new.groupby("_prefecture")["code"].agg(lambda c: frozenset(c.dropna()))
    table["n_districts_2010"] = districts_old.groupby("_own").size().reindex(idx, fill_value=0).astype("int64")
    table["n_districts_2020"] = districts_new.groupby("_prefecture").size().reindex(idx, fill_value=0).astype("int64")
    empty: frozenset[str] = frozenset()
    table["core_codes_changed"] = [codes_old.get(p, empty) != codes_new.get(p, empty) for p in idx]

    conv = trace[trace["change"].str.contains("converted", na=False)].assign(_prefecture=trace["prefecture_code_2020"])
    conv_text = (conv["county_2010"] + "→" + conv["county_2020"]).groupby(conv["_prefecture"]).agg("; ".join)
    table["converted"] = conv_text.reindex(idx).astype("string")

    moved = trace[trace["change"].str.contains("moved", na=False)]
    gained = (
        (moved["county_2020"] + " from " + moved["prefecture_2010"])
        .groupby(moved["prefecture_code_2020"])
        .agg("; ".join)
    )
    lost = (moved["county_2010"] + " to " + moved["prefecture_2020"]).groupby(moved["prefecture_match"]).agg("; ".join)
    table["units_gained"] = gained.reindex(idx).astype("string")
    table["units_lost"] = lost.reindex(idx).astype("string")

    # what cannot be placed
    untraced = old[~traced & (old["_part"] != "core")].assign(kind=trace.loc[~traced, "unit_type_2010"])
    table["untraced_2010"] = _names(untraced, "county", "kind", "population").reindex(idx).astype("string")
    has_successor = set(succ.dropna().astype(int))
    fresh = new[~new.index.isin(has_successor) & ~zones]
    fresh_core = fresh[fresh["_part"] == "core"]
    merged_core = old[~traced & (old["_part"] == "core")].groupby("_prefecture").size()
    unexplained = fresh_core[~fresh_core["_prefecture"].isin(merged_core.index)]
    new_units = pd.concat([fresh[fresh["_part"] != "core"], unexplained]).assign(kind=lambda f: f["unit_type"])
    table["new_2020"] = _names(new_units, "county", "kind", "population").reindex(idx).astype("string")

    table["comparable"] = table["untraced_2010"].isna() & table["new_2020"].isna() & table["prefecture_2010"].notna()
    table["flags"] = _flags(table)
    rankable = (
        table["comparable"]
        & (table[["core_2010", "core_2020", "outer_2010", "outer_2020"]] > 0).all(axis=1)
        & (table["total_2020"] >= min_population)
    )
    table["rank"] = table["growth_gap"].where(rankable).rank(ascending=False, method="min").astype("Int64")
    table.index.name = "prefecture_code"
    return table.sort_values(["rank", "prefecture_code"], na_position="last")


def _flags(table: pd.DataFrame) -> pd.Series:
    """What a reader of each row should know, ``; ``-joined."""
    notes = []
    for row in table.itertuples():
        these = []
        if pd.isna(row.prefecture_2010):
            these.append("no earlier prefecture")
        elif row.prefecture_2010 != row.prefecture or row.prefecture_code_2010 != row.Index:
            these.append(f"was {row.prefecture_2010} {row.prefecture_code_2010}")
        if not pd.isna(row.untraced_2010):
            these.append("untraced earlier units")
        if not pd.isna(row.new_2020):
            these.append("new units")
        if not pd.isna(row.units_gained):
            these.append("units gained")
        if not pd.isna(row.units_lost):
            these.append("units lost")
        if not pd.isna(row.converted):
            these.append("counties converted to districts")
        elif row.core_codes_changed:
            these.append("district codes changed")
        if row.total_2020 and row.zones_2020 / row.total_2020 >= 0.01:
            these.append(f"development zones {row.zones_2020 / row.total_2020:.0%} of residents")
        if row.core_2020 == 0:
            these.append("no core")
        if row.outer_2020 == 0:
            these.append("no outer ring")
        notes.append("; ".join(these))
    return pd.Series(notes, index=table.index, dtype="string")


@dataclass(frozen=True)
class CoreOuterSummary:
    """The national picture of a :func:`core_outer_growth` table (:func:`core_outer_summary`).

    Attributes
    ----------
    n_prefectures, n_comparable, n_ranked
        Prefectures in the table; comparable on the later boundaries; ranked (comparable, both parts
        populated, at least ``min_population`` residents).
    share_outer_faster
        Share of the ranked prefectures whose ring outgrew the core, :math:`\\#\\{g_{outer} > g_{core}\\}
        / n_{ranked}` (NaN when none is ranked).
    median_core_cagr, median_outer_cagr
        Medians over the ranked prefectures of :math:`g_{core}` and :math:`g_{outer}` (a year).
    n_converting, n_units_converted
        Prefectures where counties became districts (撤县设区), and the units converted in them.
    converted_core_cagr, converted_core_cagr_own
        Median core growth of the converting prefectures (all of them, ranked or not) on the later
        census's districts (``core_cagr``) and counting each census's own districts
        (``core_cagr_own``): the gap between the two is the growth a conversion makes by decree.
    """

    n_prefectures: int
    n_comparable: int
    n_ranked: int
    share_outer_faster: float
    median_core_cagr: float
    median_outer_cagr: float
    n_converting: int
    n_units_converted: int
    converted_core_cagr: float
    converted_core_cagr_own: float


def core_outer_summary(table: pd.DataFrame) -> CoreOuterSummary:
    """Summarise a :func:`core_outer_growth` table: how often the ring outgrew the core, and what the
    conversions of counties to districts do to the core's growth.

    .. math::

        \\text{share} = \\frac{1}{n} \\sum_{p \\in \\text{ranked}} 1[\\text{gap}_p > 0], \\qquad
        \\text{gap}_p = g_{outer,p} - g_{core,p},

    with the medians of :math:`g_{core}` and :math:`g_{outer}` over the same :math:`n` ranked
    prefectures (a tie, gap 0, is not "outgrew"). The conversions are the ``converted`` entries
    (``county→district``, ``; ``-joined).

    Parameters
    ----------
    table
        Output of :func:`core_outer_growth` (its ``rank``, ``comparable``, ``growth_gap``,
        ``core_cagr``, ``outer_cagr``, ``core_cagr_own`` and ``converted`` columns).

    Returns
    -------
    CoreOuterSummary
        Frozen result; see its attributes.
    """
    needed = ["rank", "comparable", "growth_gap", "core_cagr", "outer_cagr", "core_cagr_own", "converted"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(f"core_outer_summary needs a core_outer_growth table; missing {missing}")
    ranked = table[table["rank"].notna()]
    converting = table[table["converted"].notna()]
    n_units = int(converting["converted"].str.split("; ").str.len().sum()) if len(converting) else 0
    return CoreOuterSummary(
        n_prefectures=len(table),
        n_comparable=int(table["comparable"].astype(bool).sum()),
        n_ranked=len(ranked),
        share_outer_faster=float((ranked["growth_gap"] > 0).mean()) if len(ranked) else float("nan"),
        median_core_cagr=float(ranked["core_cagr"].median()),
        median_outer_cagr=float(ranked["outer_cagr"].median()),
        n_converting=len(converting),
        n_units_converted=n_units,
        converted_core_cagr=float(converting["core_cagr"].median()),
        converted_core_cagr_own=float(converting["core_cagr_own"].median()),
    )
