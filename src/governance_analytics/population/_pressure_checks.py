"""Checks, area-source bookkeeping and small reshapes shared by the pressure measures (private).

Every public measure in :mod:`governance_analytics.population.pressure` takes a table of units by year
(the ``population_units`` layout, or any table with the columns a measure needs). These helpers turn
bad input into a clear error naming the column, year or unit, instead of a silent NaN.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

#: How a level of aggregation is spelled in the measures' ``level`` option.
LEVELS = ("unit", "zone", "total")

#: Label of the all-units row in zone-level and total-level results.
TOTAL = "all"


def require(units: pd.DataFrame, columns: Iterable[str], *, measure: str) -> None:
    """Raise ``ValueError`` naming every column ``measure`` needs that ``units`` lacks."""
    missing = [c for c in columns if c not in units.columns]
    if missing:
        raise ValueError(f"{measure} needs column(s) {missing} in the units table; it has {list(units.columns)}")
    if "unit_id" in units.columns and "year" in units.columns:
        dup = units.duplicated(["unit_id", "year"], keep=False)
        if dup.any():
            pairs = units.loc[dup, ["unit_id", "year"]].drop_duplicates().head(5).to_records(index=False).tolist()
            raise ValueError(f"{measure}: units table has more than one row per (unit_id, year), e.g. {pairs}")


def check_level(level: str) -> None:
    """Raise ``ValueError`` unless ``level`` is one of :data:`LEVELS`."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")


def year_rows(units: pd.DataFrame, year: int, *, measure: str) -> pd.DataFrame:
    """Rows of ``year``; ``ValueError`` listing the years present if there are none."""
    rows = units[units["year"] == year]
    if rows.empty:
        raise ValueError(
            f"{measure}: no rows for year {year}; years present: {sorted(units['year'].unique().tolist())}"
        )
    return rows


def paired_years(units: pd.DataFrame, start: int, end: int, *, measure: str) -> pd.DataFrame:
    """One row per unit with ``population_start`` and ``population_end`` (and ``zone`` when present).

    Raises ``ValueError`` if ``start >= end``, if a year is absent, or if a unit lacks one of the two
    years (a unit counted in one year only would bias every aggregate).
    """
    if not start < end:
        raise ValueError(f"{measure}: start ({start}) must be before end ({end})")
    first = year_rows(units, start, measure=measure).set_index("unit_id")
    last = year_rows(units, end, measure=measure).set_index("unit_id")
    only = sorted(set(first.index) ^ set(last.index))
    if only:
        raise ValueError(f"{measure}: unit(s) {only[:10]} have a population in only one of {start} and {end}")
    out = pd.DataFrame({"population_start": first["population"], "population_end": last.loc[first.index, "population"]})
    if "zone" in units.columns:
        moved = first.index[first["zone"] != last.loc[first.index, "zone"]]
        if len(moved):
            raise ValueError(f"{measure}: unit(s) {sorted(moved)[:10]} change zone between {start} and {end}")
        out.insert(0, "zone", first["zone"])
    return out.sort_index()


def check_zones(labels: pd.Series, zones: Sequence[str], *, measure: str) -> None:
    """Raise ``ValueError`` if a unit carries a zone label outside ``zones`` (nothing is dropped silently)."""
    unknown = sorted(set(labels.dropna().unique()) - set(zones))
    if unknown:
        raise ValueError(
            f"{measure}: zone label(s) {unknown} are not in zones={tuple(zones)}; pass zones= with every label used"
        )
    if labels.isna().any():
        raise ValueError(f"{measure}: {int(labels.isna().sum())} row(s) have no zone label")


def as_labels(value: str | Iterable[str]) -> tuple[str, ...]:
    """A label or an iterable of labels as a tuple."""
    return (value,) if isinstance(value, str) else tuple(value)


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator`` as floats, NaN where the denominator is zero or missing."""
    return numerator.astype("float64") / denominator.astype("float64").where(denominator > 0)


def area_sources(
    units: pd.DataFrame, *, area: str, area_source: str | None, source_column: str, allow_mixed_sources: bool
) -> pd.Series:
    """Per-row area source; ``ValueError`` if the table mixes sources and that is not allowed."""
    if source_column in units.columns:
        if area_source is not None:
            raise ValueError(
                f"density: the table records its area sources in column {source_column!r}; "
                f"do not also pass area_source={area_source!r}"
            )
        sources = units[source_column].astype("string").fillna("unknown")
    else:
        sources = pd.Series(area_source or f"column {area}", index=units.index, dtype="string")
    found = sorted(sources.unique())
    if len(found) > 1 and not allow_mixed_sources:
        raise ValueError(
            f"density: areas in {area!r} come from {len(found)} sources {found}; densities from different "
            "sources are not comparable (a polygon that includes water is not a land area). Select units "
            "with one source, supply areas from one source, or pass allow_mixed_sources=True to accept it "
            "knowingly (the result then records each source)."
        )
    return sources


def joined_sources(sources: pd.Series) -> str:
    """The one source of a group, or ``"mixed: a; b"``."""
    found = sorted(sources.unique())
    return found[0] if len(found) == 1 else "mixed: " + "; ".join(found)
