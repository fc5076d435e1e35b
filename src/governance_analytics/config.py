"""A city's workspace settings: ``city.yml`` — what a city sets once, read into typed objects.

.. code-block:: yaml

    city: {zh: 洛杉矶, en: Los Angeles}
    timezone: America/Los_Angeles
    crs: auto                        # or EPSG:32611; auto = the UTM zone of the data
    boundaries:                      # optional
      file: raw/nc-boundary-2019.json
      name: name                     # the unit's name; id: and parent: optional
      level: community               # district | street | community
    grid: {cell_size: 100}           # or {file: raw/grid_cells.csv}
    sources:
      cases:
        files: [raw/export.csv]
        format: auto                 # or a mapping: {case_id: SRNumber, created_at: CreatedDate, ...}
        constants: {case_type: 事件}
        values: {category: {Bulky Items: 市容环境}}
      messages: {file: raw/messages.csv, columns: {message_id: 留言编号, received_at: 留言时间, text: 留言详情}}
    studies:
      hotspots: {band_m: 300, min_cases: 30, min_steps: 10}
      handling: {min_cases: 10}
      messages: {reply_limit_days: 15}
    report: {lang: zh, compare: previous, threshold: 10, alpha: 0.05}

:func:`load_city` checks every key: an unknown or ill-typed one is an error that names the file and
the key. Relative paths are relative to the folder holding ``city.yml``. :func:`init_workspace`
writes a commented ``city.yml`` and the folders ``raw/``, ``data/`` and ``reports/``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

from governance_analytics.io.case_formats import FORMATS
from governance_analytics.io.yaml_safe import load_yaml
from governance_analytics.report_settings import ReportConfig, read_settings, settings_from_mapping
from governance_analytics.schemas import SCHEMAS
from governance_analytics.specs import (
    CommunitySpec,
    HandlingSpec,
    HotspotSpec,
    MessagesSpec,
    ParticipationSpec,
    PopulationSpec,
    StudySpecs,
)

__all__ = [
    "CITY_FILE",
    "BoundarySpec",
    "CityConfig",
    "GridSpec",
    "HotspotSpec",
    "MessagesSpec",
    "SourceSpec",
    "StudySpecs",
    "init_workspace",
    "load_city",
    "load_report_settings",
]

#: The workspace's settings file.
CITY_FILE = "city.yml"
#: Administrative levels a boundary file can hold, coarsest first.
LEVELS = ("district", "street", "community")


class _Checked:
    """Errors name the file and the key: ``city.yml: sources.cases.format: …``."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, message: str) -> ValueError:
        return ValueError(f"{self.path}: {key}: {message}")

    def mapping(self, value, key: str, known: tuple[str, ...] | None = None) -> dict:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.fail(key, f"expected `name: value` settings, got {value!r}")
        if known is not None:
            unknown = sorted(set(value) - set(known))
            if unknown:
                raise self.fail(key, f"unknown setting(s) {unknown}; expected some of {list(known)}")
        return dict(value)

    @overload
    def text(self, value, key: str, *, optional: Literal[False]) -> str: ...
    @overload
    def text(self, value, key: str, *, optional: bool = True) -> str | None: ...
    def text(self, value, key: str, *, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected text, got {value!r}")
        return value

    @overload
    def number(self, value, key: str, *, low: float = 0.0, whole: Literal[True]) -> int: ...
    @overload
    def number(self, value, key: str, *, low: float = 0.0, whole: bool = False) -> float | int: ...
    def number(self, value, key: str, *, low: float = 0.0, whole: bool = False) -> float | int:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or value <= low
            or (whole and value != int(value))
        ):
            kind = "a whole number" if whole else "a number"
            raise self.fail(key, f"expected {kind} above {low:g}, got {value!r}")
        return int(value) if whole else float(value)

    def file(self, value, key: str) -> Path:
        name = self.text(value, key, optional=False)
        return (self.path.parent / name).resolve() if not Path(name).is_absolute() else Path(name)


@dataclass(frozen=True)
class SourceSpec:
    """Where one canonical table comes from.

    Attributes
    ----------
    table : the canonical table (``cases``, ``survey``, …)
    files : the file(s), read in turn and stacked
    format : for cases, a format of :data:`~governance_analytics.io.case_formats.FORMATS` or ``auto``
    mapping : canonical column → the file's column (for cases, a whole
        :func:`~governance_analytics.io.case_formats.from_mapping` mapping is allowed)
    constants : canonical column → value, for columns the export lacks
    values : canonical column → {file value → canonical value}
    encoding, sheet : as in :func:`~governance_analytics.io.read_table`
    area : the study area box (lon_min, lat_min, lon_max, lat_max) for the ``out_of_area`` rule
    stream : for a CSV case export, whether it is streamed block by block through ``convert`` (big
        exports) rather than read whole; ``"auto"``: from :data:`~governance_analytics.io.ingest.STREAM_BYTES` on
    """

    table: str
    files: tuple[Path, ...]
    format: str = "auto"
    mapping: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    encoding: str | None = None
    sheet: str | int | None = None
    area: tuple[float, float, float, float] | None = None
    stream: bool | str = "auto"


@dataclass(frozen=True)
class BoundarySpec:
    """Administrative polygons: the file and the columns naming each unit."""

    file: Path
    name: str
    level: str = "district"
    id: str | None = None
    parent: str | None = None


@dataclass(frozen=True)
class GridSpec:
    """The unit grid: a cell size (cells built from the boundaries, or from the cases' robust extent
    when there are none), or the city's own ``grid_cells`` file."""

    cell_size: float = 100.0
    file: Path | None = None


@dataclass(frozen=True)
class CityConfig:
    """Everything ``city.yml`` sets (see the module docstring); ``root`` is the workspace folder."""

    root: Path
    city: dict[str, str]
    timezone: str | None = None
    crs: str | None = None
    boundaries: BoundarySpec | None = None
    grid: GridSpec = field(default_factory=GridSpec)
    sources: dict[str, SourceSpec] = field(default_factory=dict)
    studies: StudySpecs = field(default_factory=StudySpecs)
    report: ReportConfig = field(default_factory=ReportConfig)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"


_TOP = ("city", "timezone", "crs", "boundaries", "grid", "sources", "studies", "report")
_SOURCE = (
    "file",
    "files",
    "format",
    "mapping",
    "columns",
    "constants",
    "values",
    "encoding",
    "sheet",
    "area",
    "stream",
)


def _source(check: _Checked, table: str, raw) -> SourceSpec:
    key = f"sources.{table}"
    spec = check.mapping(raw, key, _SOURCE)
    if table not in SCHEMAS:
        raise check.fail("sources", f"unknown table {table!r}; expected some of {list(SCHEMAS)}")
    named = spec.get("files", spec.get("file"))
    names = named if isinstance(named, list) else [named]
    if named is None or not names:
        raise check.fail(key, "expected file: PATH or files: [PATH, ...]")
    files = tuple(check.file(n, f"{key}.files") for n in names)
    fmt = spec.get("format", "auto")
    mapping = spec.get("mapping", spec.get("columns")) or {}
    if isinstance(fmt, Mapping):  # format given as a mapping
        mapping = dict(fmt)
        fmt = "auto"
    if fmt != "auto" and fmt not in FORMATS:
        raise check.fail(f"{key}.format", f"unknown format {fmt!r}; expected auto, {', '.join(FORMATS)} or a mapping")
    if table != "cases" and fmt != "auto":
        raise check.fail(f"{key}.format", "formats are for case exports; map other tables with columns:")
    area = spec.get("area")
    if area is not None:
        parts = [float(v) for v in str(area).split(",")] if isinstance(area, str) else list(area)
        if len(parts) != 4:
            raise check.fail(f"{key}.area", f"expected lon_min,lat_min,lon_max,lat_max, got {area!r}")
        area = tuple(parts)
    stream = spec.get("stream", "auto")
    if stream not in (True, False, "auto"):
        raise check.fail(f"{key}.stream", f"expected true, false or auto, got {stream!r}")
    if stream is True and table != "cases":
        raise check.fail(f"{key}.stream", "only case exports are streamed")
    return SourceSpec(
        table,
        files,
        fmt,
        check.mapping(mapping, f"{key}.mapping"),
        check.mapping(spec.get("constants"), f"{key}.constants"),
        check.mapping(spec.get("values"), f"{key}.values"),
        check.text(spec.get("encoding"), f"{key}.encoding"),
        spec.get("sheet"),
        area,
        stream,
    )


_STUDIES = {
    "hotspots": HotspotSpec,
    "handling": HandlingSpec,
    "population": PopulationSpec,
    "participation": ParticipationSpec,
    "community": CommunitySpec,
    "messages": MessagesSpec,
}


def _community(check: _Checked, raw, key: str) -> CommunitySpec:
    """The community study's spec: the city's indicator list (a file) and the reference year."""
    spec = check.mapping(raw, key, tuple(f.name for f in dataclasses.fields(CommunitySpec)))
    year = spec.get("reference_year")
    return CommunitySpec(
        check.file(spec["framework"], f"{key}.framework") if spec.get("framework") else None,
        None if year is None else check.number(year, f"{key}.reference_year", whole=True),
    )


def _columns(check: _Checked, value, key: str) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise check.fail(key, f"expected a list of column names, got {value!r}")
    return tuple(names)


def _participation(check: _Checked, raw, key: str) -> ParticipationSpec:
    """The participation study's spec: the questionnaire's channel columns (with labels), their rungs on
    the ladder, the awareness items, the group and covariate columns."""
    spec = check.mapping(raw, key, tuple(f.name for f in dataclasses.fields(ParticipationSpec)))
    values: dict[str, Any] = {}  # keyword arguments of ParticipationSpec: dicts and tuples of column names
    if "channels" in spec:
        channels = spec["channels"]
        if isinstance(channels, list):
            channels = {c: None for c in _columns(check, channels, f"{key}.channels")}
        channels = check.mapping(channels, f"{key}.channels")
        if not channels:
            raise check.fail(f"{key}.channels", "expected at least one channel column")
        labels = {}
        for column, label in channels.items():
            label = [column, column] if label is None else [label, label] if isinstance(label, str) else label
            if not (isinstance(label, list) and len(label) == 2 and all(isinstance(x, str) for x in label)):
                raise check.fail(f"{key}.channels.{column}", f"expected a label or [中文, English], got {label!r}")
            labels[str(column)] = tuple(label)
        values["channels"] = labels
    if "ladder" in spec:
        values["ladder"] = {str(k): v for k, v in check.mapping(spec["ladder"], f"{key}.ladder").items()}
    for name in ("awareness", "groups", "covariates"):
        if name in spec:
            values[name] = _columns(check, spec[name], f"{key}.{name}")
    result = ParticipationSpec(**values)
    if result.ladder is not None:
        from governance_analytics.participation.ladder import resolve_mapping

        try:
            resolve_mapping(result.ladder)
        except ValueError as err:
            raise check.fail(f"{key}.ladder", str(err)) from None
    return result


def _dataclass(check: _Checked, cls, raw, key: str):
    """A study spec of numbers from ``raw``, each checked (whole numbers where the field is an int);
    a field typed ``str`` (a choice such as ``inference``) is taken as text and checked by the spec."""
    if cls is CommunitySpec:
        return _community(check, raw, key)
    if cls is ParticipationSpec:
        return _participation(check, raw, key)
    spec = check.mapping(raw, key, tuple(f.name for f in dataclasses.fields(cls)))
    if "core_zones" in spec:  # the one list among the numbers
        spec = {**spec, "core_zones": _columns(check, spec["core_zones"], f"{key}.core_zones")}
    values = {
        f.name: check.text(spec[f.name], f"{key}.{f.name}")
        if f.type in ("str", str)
        else spec[f.name]
        if (spec[f.name] == "auto" and "str" in str(f.type)) or f.name == "core_zones"
        else check.number(spec[f.name], f"{key}.{f.name}", whole=f.type in ("int", int))
        for f in dataclasses.fields(cls)
        if f.name in spec
    }
    try:
        return cls(**values)
    except ValueError as err:
        raise check.fail(key, str(err)) from None


def load_report_settings(path: str | os.PathLike) -> ReportConfig:
    """The report's settings from ``report.yml``, or from the ``report:`` block and the city's names
    of a workspace's ``city.yml``; errors name the file and the setting."""
    raw = read_settings(path)
    if "sources" in raw or "report" in raw:  # a workspace's city.yml
        return load_city(path).report
    return settings_from_mapping(raw, source=str(path))


def load_city(path: str | os.PathLike) -> CityConfig:
    """Read ``city.yml`` (see the module docstring); errors name the file and the key."""
    path = Path(path)
    if path.is_dir():
        path = path / CITY_FILE
    raw = load_yaml(path)
    check = _Checked(path)
    spec = check.mapping(raw, "(top level)", _TOP)
    names = spec.get("city")
    if isinstance(names, str):
        names = {"zh": names, "en": names}
    if not (isinstance(names, Mapping) and all(isinstance(names.get(k), str) and names[k] for k in ("zh", "en"))):
        raise check.fail("city", f"expected the city's names {{zh: ..., en: ...}}, got {names!r}")
    crs = spec.get("crs", "auto")
    crs = None if crs in (None, "auto") else check.text(crs, "crs")
    if crs is not None:
        import pyproj

        try:
            if not pyproj.CRS.from_user_input(crs).is_projected:
                raise check.fail("crs", f"{crs} is not a projected CRS in metres; use auto or e.g. EPSG:32650")
        except pyproj.exceptions.CRSError:
            raise check.fail("crs", f"unknown CRS {crs!r}; use auto or e.g. EPSG:32650") from None
    timezone = check.text(spec.get("timezone"), "timezone")
    if timezone is not None:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise check.fail("timezone", f"unknown time zone {timezone!r}; expected e.g. Asia/Shanghai") from None
    boundaries = None
    if spec.get("boundaries") is not None:
        b = check.mapping(spec["boundaries"], "boundaries", ("file", "name", "level", "id", "parent"))
        level = b.get("level", "district")
        if level not in LEVELS:
            raise check.fail("boundaries.level", f"expected one of {LEVELS}, got {level!r}")
        boundaries = BoundarySpec(
            check.file(b.get("file"), "boundaries.file"),
            check.text(b.get("name"), "boundaries.name", optional=False),
            level,
            check.text(b.get("id"), "boundaries.id"),
            check.text(b.get("parent"), "boundaries.parent"),
        )
    g = check.mapping(spec.get("grid"), "grid", ("cell_size", "file"))
    grid = GridSpec(
        check.number(g.get("cell_size", 100.0), "grid.cell_size"),
        check.file(g["file"], "grid.file") if g.get("file") else None,
    )
    sources = {
        table: _source(check, table, raw_source)
        for table, raw_source in check.mapping(spec.get("sources"), "sources").items()
    }
    studies_raw = check.mapping(spec.get("studies"), "studies", tuple(_STUDIES))
    studies = StudySpecs(
        **{name: _dataclass(check, _STUDIES[name], value, f"studies.{name}") for name, value in studies_raw.items()}
    )
    report = settings_from_mapping(check.mapping(spec.get("report"), "report"), source=f"{path}: report")
    report = report.updated(city=dict(names))
    return CityConfig(path.parent.resolve(), dict(names), timezone, crs, boundaries, grid, sources, studies, report)


_TEMPLATE = """\
# governance-analytics city workspace — edit this file, then run:
#   governance-analytics ingest {file}
#   governance-analytics report --city {file} --period 2025-Q1
# Paths are relative to this folder. Put the city's exports in raw/.
# Every canonical table and column: docs/canonical_tables.md (or `governance-analytics map --tables`).

city: {{zh: {zh}, en: {en}}}       # display names; the English one names the report folder
timezone: {timezone}                # the city's time zone, for timestamps with UTC offsets
crs: auto                           # projected CRS in metres (e.g. EPSG:32650); auto = UTM zone of the data

# boundaries:                       # optional: district, street or community polygons (GeoJSON, GPKG, SHP)
#   file: raw/boundaries.geojson
#   name: name                      # column with each unit's name
#   id: code                        # optional: its code (6-digit GB/T 2260 code for districts)
#   parent: district                # optional: column naming the unit above
#   level: community                # district | street | community

grid:
  cell_size: 100                    # metres (万米单元网格: 100 m); without boundaries, cells are drawn
                                    # over the cases' robust extent, where cases are
  # file: raw/grid_cells.csv        # or the city's own grid_cells table

sources:
  cases:
    files: [raw/cases.csv]          # the case export(s); formats: auto, {formats}
    format: auto                    # or a mapping from `governance-analytics map raw/cases.csv`
    # constants: {{case_type: 事件}}  # columns the export lacks
    # values: {{category: {{Bulky Items: 市容环境}}}}   # the city's values → the classes to report
  # messages: {{file: raw/messages.csv, columns: {{message_id: 留言编号, received_at: 留言时间, text: 留言详情}}}}
  # survey: {{file: raw/survey.csv}}
  # commuting_od: {{file: raw/od.csv, columns: {{origin: home, destination: work, n: workers}}}}

studies:
  hotspots: {{band_m: 300, min_cases: 30, min_steps: 10, alpha: 0.05}}   # band_m: metres, or auto (from the data)
  handling: {{min_cases: 10, alpha: 0.05}}   # fewest closed cases for time to closure and per ranked department
  # population: {{core_zones: [core, central], dormitory_jobs_housing: 0.8, scenario_share: 0.1, horizon: 2035}}
  # your indicator list (columns indicator, dimension, direction):
  # community: {{framework: raw/indicators.csv, reference_year: 2023}}
  # participation:                   # your questionnaire: 0/1 channel columns with labels, their rungs, groups
  #   channels: {{q_meeting: [居民会议, residents' meeting], q_hotline: [12345热线, 12345 hotline]}}
  #   ladder: {{q_meeting: consultation, q_hotline: informing}}
  #   groups: [hukou, district]
  messages: {{reply_limit_days: 15}}

report:
  lang: zh                          # zh | en
  compare: previous                 # previous | same-last-year
  threshold: 10                     # smallest count that may be published
  alpha: 0.05                       # significance level of findings
"""


def init_workspace(
    directory: str | os.PathLike, *, city: dict[str, str] | None = None, timezone: str = "Asia/Shanghai"
) -> Path:
    """Create a workspace: ``city.yml`` (commented, to edit) and the folders ``raw/``, ``data/`` and
    ``reports/``. An existing ``city.yml`` is never overwritten (:class:`ValueError`). Returns the
    path of ``city.yml``."""
    from governance_analytics.safe_write import output_file

    root = Path(directory)
    target = root / CITY_FILE
    if target.exists():
        raise ValueError(f"{target}: already exists; edit it, or choose another folder")
    names = city or {"zh": root.resolve().name, "en": root.resolve().name}
    with output_file(target) as partial:
        partial.write_text(
            _TEMPLATE.format(
                file=target,
                zh=json.dumps(names["zh"], ensure_ascii=False),
                en=json.dumps(names["en"], ensure_ascii=False),
                timezone=timezone,
                formats=", ".join(FORMATS),
            ),
            encoding="utf-8",
        )
    for folder in ("raw", "data", "reports"):
        (root / folder).mkdir(exist_ok=True)
    return target
