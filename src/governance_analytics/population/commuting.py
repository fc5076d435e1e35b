"""Commuting dependence of satellite towns on the core: jobs–housing, self-containment, core dependence.

From an origin–destination table of employed residents (``commuting_od``: ``origin`` = unit of
residence, ``destination`` = place of work, ``year``, ``workers``), per unit of residence :math:`i`
and year, with :math:`T_{ij}` the workers living in :math:`i` and working in :math:`j`:

===========================  ============================================  ======================================
measure                      formula                                       reads
===========================  ============================================  ======================================
employed residents           :math:`R_i = \\sum_j T_{ij}`                   workers living in the unit
jobs                         :math:`J_i = \\sum_k \\sum_{j \\in i} T_{kj}`    workers working in the unit
``jobs_housing_ratio``       :math:`J_i / R_i`                             职住比; 1 = as many jobs as workers
``self_containment``         :math:`\\sum_{j \\in i} T_{ij} / R_i`           share of residents working locally
``job_containment``          :math:`\\sum_{j \\in i} T_{ij} / J_i`           share of local jobs held by residents
``core_dependence``          :math:`\\sum_{j \\in core} T_{ij} / R_i`        share of residents working in the core
===========================  ============================================  ======================================

Self-containment and self-sufficiency (job containment) are the measures of Cervero (1995) for new
towns; the jobs–housing ratio is Cervero's (1989) balance measure, here per employed resident (so
balance is 1). The core is a set of destinations chosen by the user (units of zone ``"core"``,
Beijing's 城六区, Hong Kong's nine urban districts ...). :func:`pooled_core_dependence` gives the core
dependence of a group of units, their residents pooled.

Residence and work geographies need not match. Hong Kong's census, for instance, counts residents in
18 districts but places of work in 9 urban districts, 12 new towns, "other areas in the New
Territories" and "no fixed place". ``workplace_unit`` says which unit of residence each place of
work lies in (``{"Sha Tin New Town": "Sha Tin", "Ma On Shan New Town": "Sha Tin", ...}``); a
destination that is neither mapped nor itself a unit of residence is *unlocated*: its workers count
as employed residents of their origin but as nobody's local jobs, so self-containment and the
jobs–housing ratio are then lower bounds. ``exclude`` drops destinations (e.g. "no fixed place of
work") from every count, and the result reports how many workers that removed.

References: Cervero, R. (1989) Jobs-housing balancing and regional mobility, *Journal of the American
Planning Association* 55(2): 136–150. Cervero, R. (1995) Planned communities, self-containment and
commuting: a cross-national perspective, *Urban Studies* 32(7): 1135–1161.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

__all__ = [
    "SATELLITE_TYPES",
    "SatelliteThresholds",
    "classify_satellites",
    "commuting_profile",
    "core_dependence",
    "jobs_housing_ratio",
    "known_totals",
    "pooled_core_dependence",
    "self_containment",
]

#: Satellite types of :func:`classify_satellites`, in the order the rules are tried (a unit without
#: employed residents is ``"unclassified"``).
SATELLITE_TYPES = ("independent", "dormitory", "balanced")

_OD_COLUMNS = ("origin", "destination", "year", "workers")


@dataclass(frozen=True)
class SatelliteThresholds:
    """Cut-offs of :func:`classify_satellites` (fractions; ratios per employed resident).

    These are this package's defaults — the rules the Demo City plants — not a published standard.
    For orientation: Cervero (1989) counted jobs per *household* and took roughly 0.75–1.5 as
    balanced; per employed resident, as here, exact balance is 1, and the dormitory cut-off 0.8 is a
    deficit of one job in five. Cervero (1995) compares new towns by self-containment without a fixed
    cut-off; 0.7 asks that seven in ten employed residents work locally. Change them and say so — the
    result of :func:`classify_satellites` carries the values used.

    Attributes
    ----------
    self_containment
        Independent needs at least this share of employed residents working locally (0.7) ...
    independent_jobs_housing
        ... and at least this many jobs per employed resident (0.9).
    dormitory_jobs_housing
        Dormitory: fewer jobs per employed resident than this (0.8, a job deficit) ...
    core_dependence
        ... or at least this share of employed residents working in the core (0.5).
    """

    self_containment: float = 0.7
    independent_jobs_housing: float = 0.9
    dormitory_jobs_housing: float = 0.8
    core_dependence: float = 0.5


def _check_od(od: pd.DataFrame) -> pd.DataFrame:
    """The four OD columns with numeric non-negative ``workers``; ``ValueError`` naming what is wrong."""
    missing = [c for c in _OD_COLUMNS if c not in od.columns]
    if missing:
        raise ValueError(f"commuting OD table needs column(s) {missing}; it has {list(od.columns)}")
    workers = pd.to_numeric(od["workers"], errors="coerce")
    bad = workers.isna() | (workers < 0)
    if bad.any():
        raise ValueError(
            f"commuting OD table: column 'workers' must be counts >= 0; bad row(s) {od.index[bad][:10].tolist()}"
        )
    dup = od.duplicated(["origin", "destination", "year"], keep=False)
    if dup.any():
        raise ValueError(
            "commuting OD table: more than one row per (origin, destination, year), "
            f"e.g. rows {od.index[dup][:4].tolist()}"
        )
    return pd.DataFrame(
        {
            "origin": od["origin"].astype(str),
            "destination": od["destination"].astype(str),
            "year": od["year"],
            "workers": workers,
        }
    )


def _labels(value: Iterable[str] | None, name: str, known: set[str]) -> set[str]:
    """A set of destination labels, every one of which must occur in the table."""
    labels = {value} if isinstance(value, str) else set(value or ())
    unknown = sorted(labels - known)
    if unknown:
        raise ValueError(f"{name}: destination label(s) {unknown} do not occur in the OD table")
    return labels


def _located(od: pd.DataFrame, workplace_unit: Mapping[str, str] | None) -> pd.Series:
    """Unit of residence each row's place of work lies in; NA where unlocated."""
    origins = set(od["origin"])
    mapping = dict(workplace_unit or {})
    _labels(mapping.keys(), "workplace_unit", set(od["destination"]))
    outside = sorted(set(mapping.values()) - origins)
    if outside:
        raise ValueError(f"workplace_unit maps places of work to {outside}, which are not units of residence (origins)")
    unit = od["destination"].replace(mapping) if mapping else od["destination"]
    return unit.where(unit.isin(origins))


def commuting_profile(
    od: pd.DataFrame,
    *,
    core: Iterable[str] | None = None,
    workplace_unit: Mapping[str, str] | None = None,
    exclude: Iterable[str] = (),
    totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every commuting measure of the module table per unit of residence and year.

    Parameters
    ----------
    od
        ``origin``, ``destination``, ``year``, ``workers`` (the ``commuting_od`` table). Add a constant
        ``year`` to a one-period table.
    core
        Destination labels that make up the core (before ``workplace_unit`` mapping), e.g. the unit
        ids of zone ``"core"`` — or of ``("core", "central")`` for Beijing's 城六区 — or Hong Kong's
        nine urban districts. Every label must occur in the table. Without it the result has no
        ``core_workers`` and ``core_dependence``.
    workplace_unit
        Place of work → unit of residence it lies in, where the geographies differ (module docstring).
        Default: destinations and origins share unit ids.
    exclude
        Destinations dropped before counting (e.g. "no fixed place of work").
    totals
        Known totals per unit and year — ``unit_id`` (or ``unit``), ``year`` and ``employed_residents``
        and/or ``jobs``, as a ``population_units`` table may carry them from a census — for a commuting
        table that misses flows (small flows suppressed, destinations not coded). A known total
        replaces the table's own sum as :math:`R_i` or :math:`J_i` in every ratio, so that the shares
        are of all the unit's workers, not of those the table happens to hold; ``od_coverage`` =
        the table's employed residents / the known :math:`R_i` says how much it holds. The flows must
        be counts on the same scale (complete or expanded), not a raw sample.

    Returns
    -------
    DataFrame
        Index ``(year, unit)`` over the units of residence; columns ``employed_residents`` (:math:`R_i`,
        after ``exclude``), ``jobs`` (:math:`J_i`), ``local_workers``, ``core_workers``,
        ``unlocated_workers`` (residents working at an unlocated destination), ``excluded_workers``,
        ``jobs_housing_ratio``, ``self_containment``, ``job_containment``, ``core_dependence`` (and,
        with ``totals``, ``od_coverage``). A ratio whose denominator is 0 is NaN.
        ``employed_residents + excluded_workers`` is every worker of the origin in the table; every
        ``(year, origin)`` of the table has a row.
    """
    od = _check_od(od)
    destinations = set(od["destination"])
    core_set = None if core is None else _labels(core, "core", destinations)
    if core_set is not None and not core_set:
        raise ValueError("core: give at least one destination label")
    keys = ["year", "origin"]
    index = pd.MultiIndex.from_frame(od[keys].drop_duplicates().sort_values(keys))
    drop = od["destination"].isin(_labels(exclude, "exclude", destinations))
    frame = od[~drop].assign(unit=_located(od[~drop], workplace_unit))

    def total(rows: pd.DataFrame, by: list[str] = keys) -> pd.Series:
        sums = rows.groupby(by)["workers"].sum()
        sums.index = sums.index.set_names(keys)
        return sums.reindex(index, fill_value=0)

    table = pd.DataFrame(
        {
            "employed_residents": total(frame),
            "jobs": total(frame.dropna(subset=["unit"]), ["year", "unit"]),
            "local_workers": total(frame[frame["unit"] == frame["origin"]]),
        }
    )
    if core_set is not None:
        table["core_workers"] = total(frame[frame["destination"].isin(core_set)])
    table["unlocated_workers"] = total(frame[frame["unit"].isna()])
    table["excluded_workers"] = total(od[drop])
    table = table.astype("int64")
    if totals is not None:
        table = _with_known_totals(table, totals)
    residents = table["employed_residents"].astype("float64").where(table["employed_residents"] > 0)
    job_count = table["jobs"].astype("float64").where(table["jobs"] > 0)
    table["jobs_housing_ratio"] = table["jobs"] / residents
    table["self_containment"] = table["local_workers"] / residents
    table["job_containment"] = table["local_workers"] / job_count
    if core_set is not None:
        table["core_dependence"] = table["core_workers"] / residents
    table.index = table.index.set_names(["year", "unit"])
    return table.sort_index()


def known_totals(units: pd.DataFrame) -> pd.DataFrame | None:
    """The known ``employed_residents`` and ``jobs`` of a ``population_units`` table, for
    :func:`commuting_profile`'s ``totals`` — ``None`` where the table has neither."""
    known = [c for c in ("employed_residents", "jobs") if c in units and units[c].notna().any()]
    return units[["unit_id", "year", *known]] if known else None


def _with_known_totals(table: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """``table`` (index ``(year, origin)``) with the known ``employed_residents`` and ``jobs`` of
    ``totals`` in place of its own sums where known, and ``od_coverage``."""
    unit = "unit_id" if "unit_id" in totals else "unit"
    known = [c for c in ("employed_residents", "jobs") if c in totals]
    if unit not in totals or "year" not in totals or not known:
        raise ValueError(
            "totals: expected columns unit_id (or unit), year and employed_residents and/or jobs; "
            f"got {list(totals.columns)}"
        )
    given = totals.set_index(["year", unit])[known]
    given.index = given.index.set_names(table.index.names)
    given = given.reindex(table.index)
    out = table.copy()
    od_residents = out["employed_residents"].astype("float64")
    for column in known:
        out[column] = given[column].where(given[column].notna(), out[column]).astype("int64")
    residents = out["employed_residents"].astype("float64")
    coverage = od_residents / residents.where(residents > 0)
    out["od_coverage"] = (
        coverage.where(given["employed_residents"].notna()) if "employed_residents" in known else np.nan
    )
    return out


def jobs_housing_ratio(
    od: pd.DataFrame, *, workplace_unit: Mapping[str, str] | None = None, exclude: Iterable[str] = ()
) -> pd.Series:
    """Jobs per employed resident :math:`J_i / R_i` (职住比) per ``(year, unit)``; see :func:`commuting_profile`."""
    return commuting_profile(od, workplace_unit=workplace_unit, exclude=exclude)["jobs_housing_ratio"]


def self_containment(
    od: pd.DataFrame, *, workplace_unit: Mapping[str, str] | None = None, exclude: Iterable[str] = ()
) -> pd.Series:
    """Share of employed residents working in their own unit per ``(year, unit)``; see :func:`commuting_profile`."""
    return commuting_profile(od, workplace_unit=workplace_unit, exclude=exclude)["self_containment"]


def core_dependence(od: pd.DataFrame, *, core: Iterable[str], exclude: Iterable[str] = ()) -> pd.Series:
    """Share of employed residents working in the ``core`` destinations per ``(year, unit)``; see
    :func:`commuting_profile`."""
    return commuting_profile(od, core=core, exclude=exclude)["core_dependence"]


def pooled_core_dependence(profile: pd.DataFrame, *, units: Iterable[str]) -> pd.DataFrame:
    """Share of the employed residents of a group of units who work in the core, per year.

    .. math:: d_G = \\sum_{i \\in G} W_{i,core} \\Big/ \\sum_{i \\in G} R_i

    the workers of the group's units working in the core over their employed residents: the group's
    residents pooled, so a large unit weighs more (not the mean of the units' ``core_dependence``).

    Parameters
    ----------
    profile
        Output of :func:`commuting_profile` computed with ``core=`` (index ``(year, unit)``).
    units
        Units of residence forming the group (e.g. Hong Kong's New Territories districts).

    Returns
    -------
    DataFrame
        Index ``year``; ``employed_residents`` (:math:`\\sum R_i`), ``core_workers``
        (:math:`\\sum W_{i,core}`) and ``core_dependence`` (:math:`d_G`; NaN where the group has no
        employed residents).
    """
    if "core_workers" not in profile.columns:
        raise ValueError("pooled_core_dependence needs a commuting_profile table computed with core=...")
    wanted = {units} if isinstance(units, str) else set(units)
    present = profile.index.get_level_values("unit")
    unknown = sorted(wanted - set(present))
    if unknown or not wanted:
        raise ValueError(
            f"pooled_core_dependence: unit(s) {unknown} are not in the profile"
            if unknown
            else "pooled_core_dependence: give at least one unit"
        )
    sums = profile[present.isin(wanted)].groupby(level="year")[["employed_residents", "core_workers"]].sum()
    residents = sums["employed_residents"].astype("float64")
    return sums.assign(core_dependence=sums["core_workers"] / residents.where(residents > 0))


def _classify(jh: float, sc: float, dep: float, t: SatelliteThresholds) -> tuple[str, str]:
    """Type and the rule that decided it, with the values and thresholds written out."""
    if np.isnan(jh) or np.isnan(sc) or np.isnan(dep):
        return "unclassified", "no employed residents"
    if sc >= t.self_containment and jh >= t.independent_jobs_housing:
        return "independent", (
            f"self_containment {sc:.3f} >= {t.self_containment:g} and "
            f"jobs_housing_ratio {jh:.3f} >= {t.independent_jobs_housing:g}"
        )
    reasons = []
    if jh < t.dormitory_jobs_housing:
        reasons.append(f"jobs_housing_ratio {jh:.3f} < {t.dormitory_jobs_housing:g}")
    if dep >= t.core_dependence:
        reasons.append(f"core_dependence {dep:.3f} >= {t.core_dependence:g}")
    if reasons:
        return "dormitory", " and ".join(reasons)
    return "balanced", (
        f"not independent, jobs_housing_ratio {jh:.3f} >= {t.dormitory_jobs_housing:g} and "
        f"core_dependence {dep:.3f} < {t.core_dependence:g}"
    )


def classify_satellites(
    profile: pd.DataFrame,
    *,
    satellites: Iterable[str] | None = None,
    thresholds: SatelliteThresholds | Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Classify satellite towns as independent, dormitory (卧城) or balanced from their commuting.

    Rules, tried in this order (defaults of :class:`SatelliteThresholds` in brackets):

    1. **independent** — self-contained and job-sufficient: ``self_containment ≥ 0.7`` and
       ``jobs_housing_ratio ≥ 0.9``;
    2. **dormitory** — a job deficit or a commute to the core: ``jobs_housing_ratio < 0.8`` or
       ``core_dependence ≥ 0.5``;
    3. **balanced** — the rest: enough jobs (``≥ 0.8`` per employed resident), most residents not
       working in the core, but not self-contained enough to stand alone.

    A unit without employed residents is ``unclassified``.

    Parameters
    ----------
    profile
        Output of :func:`commuting_profile` (index ``(year, unit)``).
    satellites
        Units to classify (default every unit in ``profile``).
    thresholds
        :class:`SatelliteThresholds` or a mapping of some of its fields; default the defaults.

    Returns
    -------
    DataFrame
        Index ``(year, unit)``; ``jobs_housing_ratio``, ``self_containment``, ``core_dependence``,
        ``type``, ``rule`` (the condition that decided, with values and thresholds), and the four
        thresholds used as columns, so a printed table states them.
    """
    if thresholds is None:
        t = SatelliteThresholds()
    elif isinstance(thresholds, SatelliteThresholds):
        t = thresholds
    else:
        fields = set(asdict(SatelliteThresholds()))
        unknown = sorted(set(thresholds) - fields)
        if unknown:
            raise ValueError(f"classify_satellites: unknown threshold(s) {unknown}; known: {sorted(fields)}")
        t = SatelliteThresholds(**dict(thresholds))
    needed = ["jobs_housing_ratio", "self_containment", "core_dependence"]
    missing = [c for c in needed if c not in profile.columns]
    if missing:
        raise ValueError(
            f"classify_satellites needs a commuting_profile table computed with core=...; missing column(s) {missing}"
        )
    table = profile[needed].copy()
    if satellites is not None:
        wanted = {satellites} if isinstance(satellites, str) else set(satellites)
        units = table.index.get_level_values("unit")
        unknown = sorted(wanted - set(units))
        if unknown:
            raise ValueError(f"classify_satellites: unit(s) {unknown} are not in the profile")
        table = table[units.isin(wanted)]
    decided = [_classify(jh, sc, dep, t) for jh, sc, dep in table[needed].itertuples(index=False)]
    table["type"] = [d[0] for d in decided]
    table["rule"] = [d[1] for d in decided]
    for name, value in asdict(t).items():
        table[f"threshold_{name}"] = value
    return table
