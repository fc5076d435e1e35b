"""Population pressure and satellite towns: zone shares and dispersal, capacity, satellite types.

Numbers come from :mod:`governance_analytics.population` (``pressure``, ``commuting``); this module
chooses what to show, words it and draws it. Population data are annual: the section reads the latest
year at or before the period's end and compares it with the latest year at least ten years earlier
(a census interval), or the first year on record.
"""

from __future__ import annotations

import pandas as pd

from governance_analytics.errors import SectionSkipped
from governance_analytics.population.commuting import (
    classify_satellites,
    commuting_profile,
    known_totals,
)
from governance_analytics.population.pressure import density, dispersal_index, pressure_index, zone_shares, zone_summary
from governance_analytics.reporting import i18n
from governance_analytics.reporting.actions import recommend
from governance_analytics.reporting.content import Figure, Recommendation, Section, Table
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.display import display_table
from governance_analytics.reporting.figures.charts import line_chart
from governance_analytics.reporting.sections._registry import register

INTERVAL = 10


def _years(units: pd.DataFrame, ctx: ReportContext) -> tuple[int, int]:
    """The start and end years compared; :class:`SectionSkipped` when no year is at or before the
    period's end, or only one is (population change needs two)."""
    years = [int(y) for y in sorted(units["year"].unique())]
    last = ctx.period.last_day.year
    usable = [y for y in years if y <= last]
    if not usable:
        raise SectionSkipped(i18n.text("population_no_year", ctx.lang, first=years[0], period=ctx.period.label))
    end = usable[-1]
    earlier = [y for y in years if y <= end - INTERVAL] or [y for y in years if y < end][:1]
    if not earlier:
        raise SectionSkipped(
            i18n.text(
                "population_one_year",
                ctx.lang,
                end=end,
                years="、".join(map(str, usable)) if ctx.lang == "zh" else ", ".join(map(str, usable)),
            )
        )
    return earlier[-1], end


def _labelled(frame: pd.DataFrame, ctx: ReportContext, **options) -> pd.DataFrame:
    return display_table(frame, lang=ctx.lang, threshold=ctx.threshold, **options)


def _zones(
    units: pd.DataFrame, start: int, end: int, ctx: ReportContext
) -> tuple[list[str], list[Table], list[Figure]]:
    lang = ctx.lang
    summary = zone_summary(units[units["year"].isin([start, end])], start=start, end=end)
    dispersal = dispersal_index(units, start=start, end=end)
    core_share = summary.loc["core"]
    found = [
        i18n.text(
            "finding_core_share",
            lang,
            end=end,
            start=start,
            share=i18n.percent(core_share["share_end"], lang),
            direction=i18n.text("up" if core_share["share_change"] >= 0 else "down", lang),
            points=i18n.points(core_share["share_change"], lang),
            index=f"{dispersal.index:.3f}",
            stage=i18n.label(dispersal.stage_label, lang),
        )
    ]
    zones = summary.drop(index="all")
    fastest = zones["cagr"].idxmax()
    found.append(
        i18n.text(
            "finding_fastest_zone",
            lang,
            zone=i18n.label(fastest, lang),
            start=start,
            end=end,
            cagr=i18n.percent(zones.loc[fastest, "cagr"], lang, digits=2),
        )
    )
    shown = summary[["population_start", "population_end", "share_end", "share_change", "cagr", "density_end"]]
    shown = shown.rename(columns={"density_end": "density"}).rename_axis("zone")
    table = Table(
        "zones",
        i18n.text("tab_zones", lang, start=start, end=end),
        _labelled(shown, ctx, percent=["share_end", "share_change", "cagr"], rounded={"density": 0}),
    )
    shares = zone_shares(units).pivot(index="year", columns="zone", values="share")
    shares = 100 * shares[[z for z in ("core", "central", "satellite", "outer") if z in shares.columns]]
    title = i18n.text("fig_zone_shares", lang)
    figure = Figure(
        "zone_shares",
        title,
        line_chart(shares, title=title, ylabel="%", labels={z: i18n.label(z, lang) for z in shares.columns}),
    )
    return found, [table], [figure]


def _pressure(units: pd.DataFrame, end: int, ctx: ReportContext) -> tuple[list[str], list[Recommendation], list[Table]]:
    lang, frame = ctx.lang, units[units["year"] == end]
    found: list[str] = []
    actions: list[Recommendation] = []
    tables: list[Table] = []
    if "planned_capacity" not in frame or frame["planned_capacity"].isna().all():
        return found, actions, tables
    table = pressure_index(frame, year=end).set_index("unit_id")
    table["density"] = density(frame).set_index("unit_id")["density"]
    for unit, row in table[table["over_capacity"].fillna(False).astype(bool)].iterrows():
        found.append(
            i18n.text(
                "finding_over_capacity",
                lang,
                unit=row["unit_name"],
                year=end,
                population=i18n.number(row["population"], lang),
                ratio=i18n.percent(row["pressure_index"], lang),
            )
        )
        actions.append(recommend("over_capacity", found[-1], lang, unit=row["unit_name"]))
    shown = table[["unit_name", "zone", "population", "density", "planned_capacity", "pressure_index", "over_capacity"]]
    shown = shown.assign(
        over_capacity=shown["over_capacity"].map(
            {True: "是" if lang == "zh" else "yes", False: "否" if lang == "zh" else "no"}
        )
    )
    tables.append(
        Table(
            "pressure",
            i18n.text("tab_pressure", lang, year=end),
            _labelled(
                shown.reset_index(drop=True).set_index("unit_name"),
                ctx,
                percent=["pressure_index"],
                rounded={"density": 0, "planned_capacity": 0},
            ),
        )
    )
    return found, actions, tables


def _satellites(
    ctx: ReportContext, units: pd.DataFrame
) -> tuple[list[str], list[Recommendation], list[Table], list[str]]:
    lang, od = ctx.lang, ctx.table("commuting_od")
    year = int(od["year"].max())
    spec = ctx.studies.population
    core = units.loc[units["zone"].isin(spec.core_zones), "unit_id"].unique()
    satellites = units.loc[units["zone"] == "satellite", "unit_id"].unique()
    profile = commuting_profile(od[od["year"] == year], core=core, totals=known_totals(units)).xs(year, level="year")
    types = classify_satellites(profile, satellites=satellites, thresholds=spec.thresholds)
    names = units.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    found = [
        i18n.text(
            "finding_dormitory",
            lang,
            unit=names.get(unit, unit),
            ratio=f"{row['jobs_housing_ratio']:.2f}",
            dependence=i18n.percent(row["core_dependence"], lang),
        )
        for unit, row in types[types["type"] == "dormitory"].iterrows()
    ]
    dormitories = types.index[types["type"] == "dormitory"]
    actions = [recommend("dormitory", f, lang, unit=names.get(u, u)) for u, f in zip(dormitories, found)]
    shown = types[["jobs_housing_ratio", "self_containment", "core_dependence", "type"]].copy()
    shown.index = [names.get(u, u) for u in shown.index]
    table = Table(
        "satellites",
        i18n.text("tab_satellites", lang, year=year),
        _labelled(
            shown.rename_axis("unit_name"),
            ctx,
            percent=["self_containment", "core_dependence"],
            rounded={"jobs_housing_ratio": 2},
        ),
    )
    t = spec.thresholds
    method = i18n.text(
        "method_satellites",
        lang,
        sc=t.self_containment,
        jh_ind=t.independent_jobs_housing,
        jh_dorm=t.dormitory_jobs_housing,
        dep=t.core_dependence,
    )
    return found, actions, [table], [method]


@register("population", requires=("population_units",), order=30)
def build(ctx: ReportContext) -> Section:
    """The population-pressure section."""
    lang, units = ctx.lang, ctx.table("population_units")
    start, end = _years(units, ctx)
    found, tables, figures = _zones(units, start, end, ctx)
    summary = found[:1]  # the core's share, start against end
    pressure_found, actions, pressure_tables = _pressure(units, end, ctx)
    found += pressure_found
    tables += pressure_tables
    methods = [i18n.text("method_population", lang)]
    if ctx.has("commuting_od"):
        satellite_found, satellite_actions, satellite_tables, satellite_methods = _satellites(ctx, units)
        found += satellite_found
        actions += satellite_actions
        tables += satellite_tables
        methods += satellite_methods
    return Section(
        "population",
        i18n.text("population", lang),
        i18n.text("population_intro", lang, start=start, end=end),
        found,
        figures,
        tables,
        methods,
        summary=summary,
        recommendations=actions,
    )
