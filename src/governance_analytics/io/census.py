"""Read China's county-level census tables (2010 and 2020) into a tidy table of county-level units.

>>> result = read_county_census("census_county_2020_v1.xlsx", year=2020)   # doctest: +SKIP
>>> result.counties, result.subtotals, result.summary()                     # doctest: +SKIP

The tables (github.com/leiii/census, from the 6th and 7th census county yearbooks) list every
county-level unit with the national, province and prefecture totals mixed in. The reader walks the
sheet top to bottom the way a reader of the yearbook does: a province row opens a province, a
prefecture row a prefecture, and each unit belongs to the last of them. It keeps the units
(``counties``) and drops every other row with a ``level`` and a ``reason``
(``rows read = rows kept + rows dropped``); the subtotal rows among the dropped ones are the
independent check of the units (:meth:`CensusReadResult.subtotal_check`).

Rows and what becomes of them
-----------------------------
=====================================  ===========================================  ==============
row                                    how it is recognised                          result
=====================================  ===========================================  ==============
national total (2020)                  name 全国, no code                            ``national``
province                               code ``xx0000``                               ``province``
prefecture (地级: 市, 地区, 州, 盟)       code ``xxxx00`` followed by its units         ``prefecture``
block of a municipality                2010: 市辖区 / 县 without code; 2020:          ``group``
                                       ``xx0100`` / ``xx0200`` in 北京 天津 上海 重庆
province-administered units            省直辖县级行政区划 / 自治区直辖县级行政区划     ``group``
blank row, text without figures        nothing but blanks, or no code and no figures ``blank`` /
                                       (2010: 南沙群岛, 中沙群岛, a footer)              ``no_data``
county-level unit                      any other row                                  kept
=====================================  ===========================================  ==============

A prefecture-level city without county-level divisions (不设区的地级市: 东莞, 中山, 嘉峪关, and 三亚
in 2010) is its own single unit: in 2020 its prefecture row has no unit under it and is kept as the
unit; in 2010 the prefecture row is followed by one 市辖区 row, which is kept as the unit under the
prefecture's name and code (``unit_type = "whole_prefecture"``). A municipality (直辖市) is its own
prefecture (``prefecture_code`` ``110000`` …); province-administered units (仙桃, 济源, 石河子 …) form
the pseudo-prefecture 省直辖县级行政区划 with the GB/T 2260 code ``xx9000``.

Urban districts (市辖区)
------------------------
``is_urban_district`` is true for a unit that is a 区 *by code, by name and by its prefecture*: its
name ends in 区, its code lies in a district block of GB/T 2260 — last two digits 01–20, or 51–70
where a city ran out of numbers (伊春's 金林区 230751), or, in a municipality, middle digits ``01``
(重庆's 500151–500156, 上海's 310151 崇明区) — and its prefecture is a city (市) or a municipality:
a 地区, 州 or 盟 has no 市辖区. Every test is needed:

- codes 01–20 of a 地区, 州 or 盟 are county-level cities (乌兰浩特市 152201): not districts;
- names ending in 区 that are not districts: development zones coded 71–79 (兰州新区 620171, 苏州工业园区
  320571) and uncoded zones (吉林高新技术产业开发区), the forest district 神农架林区 (429021) and
  2010's 万山特区 (522230) in the county block, the 区 of 大兴安岭地区 (加格达奇区 … 232761–232764 in
  2020, uncoded in 2010; a 地区 is not a city);
- one known exception the rule counts as a district: 六枝特区 (520203), a 特区 coded in the district block.

Whole-prefecture units count as urban districts (the city is all city). ``unit_type`` says which
kind each unit is: ``district``, ``county`` (县, 旗, 自治县, 林区, 特区 in the county block),
``county_city`` (县级市), ``development_zone`` (coded 71–79, or uncoded with a zone word in the name:
开发区, 园区, 产业园, 保税区, 示范区, 新区, 管理区 …), ``whole_prefecture``, ``other`` (uncoded: 行委, 群岛,
加格达奇 …).

Figures: ``population`` (resident population, 常住人口), ``male``, ``female``, ``urban``, ``rural``
(城镇/乡村人口). The 2010 table leaves 乡村人口 blank for all-urban districts: a blank urban or rural
figure is read as 0 when the other one equals the population, and stays missing otherwise.

References: National Bureau of Statistics, *Tabulation on the 2010 Population Census of the
People's Republic of China by County* and *China Population Census Yearbook 2020 by County*; Dong,
L., Du, R. & Liu, Y. (2022) Mapping evolving population geography in China, SSRN 4049338
(the machine-readable tables); GB/T 2260 *Codes for the administrative divisions of the PRC*.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from governance_analytics.io._census_layout import (
    AGE_GROUPS,
    LAYOUTS,
    CensusLayout,
    age_columns,
    clean_header,
    clean_name,
)
from governance_analytics.io.conform import ReadResult, SchemaViolation
from governance_analytics.io.tables import read_raw, read_table

__all__ = ["AGE_GROUPS", "CensusReadResult", "read_county_age_sex", "read_county_census", "read_district_census"]

MUNICIPALITIES = ("11", "12", "31", "50")
UNIT_TYPES = ("district", "county", "county_city", "development_zone", "whole_prefecture", "other")
SUBTOTAL_LEVELS = ("national", "province", "prefecture", "group")
_FIGURES = ("population", "male", "female", "urban", "rural")
_MUNICIPAL_BLOCKS = {"市辖区", "县"}
_DIRECT_GROUPS = {"省直辖县级行政区划", "自治区直辖县级行政区划"}
_ZONE_WORDS = re.compile(
    "开发区|园区|产业园|工业园|保税区|示范区|新区|管理区|实验区|聚集区|管委会|食品区|风景名胜区|新城|工业区"
)


@dataclass(frozen=True)
class CensusReadResult(ReadResult):
    """A :class:`ReadResult` of a county census table: ``counties`` (= ``data``), ``rejects`` (every
    dropped row with ``row``, ``level`` and ``reason``; the subtotals among them in ``subtotals``),
    ``n_read`` and the census ``year``."""

    year: int = 0

    @property
    def counties(self) -> pd.DataFrame:
        return self.data

    @property
    def subtotals(self) -> pd.DataFrame:
        """The dropped national, province, prefecture and group rows, with their figures."""
        return self.rejects[self.rejects["level"].isin(SUBTOTAL_LEVELS)].reset_index(drop=True)

    def subtotal_check(self) -> pd.DataFrame:
        """Every subtotal row against the sum of the units it covers.

        A national row covers every unit, a province row the units with its ``province_code``, a
        prefecture or group row the units whose ``subtotal_row`` is its row.

        Returns
        -------
        DataFrame
            ``row``, ``level``, ``code``, ``name``, ``population`` (as stated), ``units_sum``,
            ``n_units``, ``difference`` (``units_sum - population``).
        """
        units = self.counties
        rows = []
        for sub in self.subtotals.itertuples(index=False):
            if sub.level == "national":
                covered = units
            elif sub.level == "province":
                covered = units[units["province_code"] == sub.code]
            else:
                covered = units[units["subtotal_row"] == sub.row]
            rows.append(
                {
                    "row": sub.row,
                    "level": sub.level,
                    "code": sub.code,
                    "name": sub.name,
                    "population": sub.population,
                    "units_sum": int(covered["population"].sum()),
                    "n_units": len(covered),
                }
            )
        table = pd.DataFrame(rows)
        table["difference"] = table["units_sum"] - table["population"].astype("Int64")
        return table


# ---------------------------------------------------------------------------------------- parsing


def _code(value: object) -> str | None:
    """A 6-digit code as text (``110101``), from text or a float read by Excel (``110101.0``)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    text = re.sub(r"\.0+$", "", text)
    return text or None


def _frame(source: str | os.PathLike | pd.DataFrame) -> tuple[pd.DataFrame, str]:
    if isinstance(source, pd.DataFrame):
        return source.copy(), "<DataFrame>"
    frame, _, _, _ = read_raw(source)
    return frame, str(source)


def _check_columns(frame: pd.DataFrame, layout: CensusLayout, source: str) -> None:
    missing = [c for c in layout.required if c not in frame.columns]
    if missing:
        raise SchemaViolation(
            f"{Path(source).name if source != '<DataFrame>' else source}: not a {layout.year} county census table: "
            f"missing column(s) {missing}; expected {layout.required} (is it the other census year?)"
        )


def _numbers(frame: pd.DataFrame, layout: CensusLayout) -> tuple[pd.DataFrame, pd.Series]:
    """The five figures as nullable integers, and a per-row note naming unreadable cells."""
    out = pd.DataFrame(index=frame.index)
    bad = pd.Series("", index=frame.index, dtype=object)
    for field in _FIGURES:
        raw = frame[getattr(layout, field)]
        value = pd.to_numeric(raw, errors="coerce")
        unreadable = value.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
        bad[unreadable] = bad[unreadable] + f"{getattr(layout, field)}=" + raw[unreadable].astype(str) + "; "
        out[field] = value.round().astype("Int64")
    for this, other in (("urban", "rural"), ("rural", "urban")):
        fill = out[this].isna() & out[other].notna() & (out[other] == out["population"])
        out.loc[fill, this] = 0
    return out, bad


@dataclass
class _State:
    province: str | None = None
    province_code: str | None = None
    prefecture: str | None = None
    prefecture_code: str | None = None
    subtotal_row: int | None = None

    @property
    def municipal(self) -> bool:
        return self.province_code is not None and self.province_code[:2] in MUNICIPALITIES


def _unit_type(name: str, code: str | None, state: _State) -> str:
    if code is None:
        return "development_zone" if _ZONE_WORDS.search(name) else "other"
    last = int(code[4:]) if code[4:].isdigit() else -1
    if 71 <= last <= 79:
        return "development_zone"
    if state.municipal:
        in_block = code[2:4] == "01"
    else:
        in_block = (1 <= last <= 20 or 51 <= last <= 70) and (state.prefecture or "").endswith("市")
    if in_block and name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "county_city"
    return "county"


def _has_units_below(names: list[str | None], codes: list[str | None], has_figures: np.ndarray, i: int) -> bool:
    """Whether the row after prefecture row ``i`` is one of its units: an uncoded unit, or a coded one in
    the prefecture's code block (not the next subtotal, nor a province-administered city)."""
    j = i + 1
    if j >= len(names) or not has_figures[j]:
        return False
    code, name = codes[j], names[j]
    if code is not None:
        return not code.endswith("00") and code[:4] == (codes[i] or "")[:4]
    return name not in _DIRECT_GROUPS


def _parse(frame: pd.DataFrame, layout: CensusLayout, source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Walk the rows: units (indexed like ``frame``) and dropped rows with level and reason."""
    figures, unreadable = _numbers(frame, layout)
    names = [clean_name(v) for v in frame[layout.name]]
    codes = [_code(v) for v in frame[layout.code]]
    has_figures = figures["population"].notna().to_numpy()
    sheet_rows = np.arange(len(frame)) + 2  # the header is sheet row 1
    state = _State()
    units: list[dict] = []
    dropped: list[dict] = []

    def drop(i: int, level: str, reason: str) -> None:
        dropped.append(
            {
                "index": frame.index[i],
                "row": int(sheet_rows[i]),
                "level": level,
                "reason": reason,
                "code": codes[i],
                "name": names[i],
                "province": state.province,
                "prefecture": state.prefecture,
            }
        )

    def keep(i: int, name: str | None, code: str | None, unit_type: str, note: str | None) -> None:
        problems = [note] if note else []
        if unreadable.iloc[i]:
            problems.append(f"unreadable figure(s): {unreadable.iloc[i].strip('; ')}")
        if code is not None and unit_type != "whole_prefecture":
            block = (state.province_code or "")[:2] if state.municipal else (state.prefecture_code or "")[:4]
            if not code.startswith(block):
                problems.append(f"code {code} lies outside the code block {block}xx of {state.prefecture}")
        units.append(
            {
                "index": frame.index[i],
                "row": int(sheet_rows[i]),
                "code": code,
                "province_code": state.province_code,
                "province": state.province,
                "prefecture_code": state.prefecture_code,
                "prefecture": state.prefecture,
                "county": name,
                "unit_type": unit_type,
                "subtotal_row": state.subtotal_row,
                "note": "; ".join(problems) if problems else None,
            }
        )

    for i in range(len(frame)):
        name, code = names[i], codes[i]
        if name is None and code is None and not has_figures[i]:
            drop(i, "blank", "blank row")
        elif name == "全国" and code is None:
            drop(i, "national", "national total")
        elif code is None and not has_figures[i]:
            drop(i, "no_data", f"no code and no figures: {name!r}")
        elif name is None:
            drop(i, "no_data", f"figures without a name (code {code})")
        elif code is not None and code.endswith("0000"):
            state = _State(province=name, province_code=code)
            drop(i, "province", f"province subtotal ({name})")
            if state.municipal:
                state.prefecture, state.prefecture_code, state.subtotal_row = name, code, int(sheet_rows[i])
        elif code is not None and code.endswith("00") and state.municipal:
            state.subtotal_row = int(sheet_rows[i])
            drop(i, "group", f"{name} block of {state.province}")
        elif code is not None and code.endswith("00"):
            state.prefecture, state.prefecture_code = name, code
            state.subtotal_row = int(sheet_rows[i])
            if _has_units_below(names, codes, has_figures, i):
                drop(i, "prefecture", f"prefecture subtotal ({name})")
            else:
                state.subtotal_row = None
                keep(
                    i,
                    name,
                    code,
                    "whole_prefecture",
                    "prefecture without county-level divisions: its own row is its one unit",
                )
        elif code is None and name in _MUNICIPAL_BLOCKS and state.municipal:
            state.subtotal_row = int(sheet_rows[i])
            drop(i, "group", f"{name} block of {state.province}")
        elif code is None and name in _MUNICIPAL_BLOCKS:
            keep(
                i,
                state.prefecture,
                state.prefecture_code,
                "whole_prefecture",
                f"the table's {name} row of {state.prefecture}, a prefecture without county-level divisions",
            )
        elif code is None and name in _DIRECT_GROUPS:
            assert state.province_code is not None  # a group row comes below its province's row
            state.prefecture, state.prefecture_code = name, f"{state.province_code[:2]}9000"
            state.subtotal_row = int(sheet_rows[i])
            drop(i, "group", f"{name} of {state.province} (pseudo-prefecture)")
        else:
            if state.province is None or state.province_code is None:  # the two are set together
                raise SchemaViolation(f"{source}: sheet row {sheet_rows[i]} ({name}) comes before any province row")
            note = None
            if (
                code is not None
                and code[2:4] == "90"
                and (state.prefecture_code or "")[2:4] != "90"
                and not state.municipal
            ):
                # a province-administered unit listed without its 省直辖县级行政区划 row (济源 in 2020)
                state.prefecture, state.prefecture_code = "省直辖县级行政区划", f"{state.province_code[:2]}9000"
                state.subtotal_row = None
                note = "no 省直辖县级行政区划 row above it: placed by its code"
            keep(i, name, code, _unit_type(name, code, state), note)

    counties = pd.DataFrame(units).set_index("index")
    counties = counties.join(figures)
    counties["is_urban_district"] = counties["unit_type"].isin(["district", "whole_prefecture"])
    rejects = pd.DataFrame(dropped).set_index("index").join(figures)
    return counties, rejects


def _tidy(counties: pd.DataFrame, year: int) -> pd.DataFrame:
    cols = [
        "year",
        "row",
        "code",
        "province_code",
        "province",
        "prefecture_code",
        "prefecture",
        "county",
        "unit_type",
        "is_urban_district",
        *_FIGURES,
        "subtotal_row",
        "note",
    ]
    out = counties.assign(year=np.int64(year))
    for c in ("code", "province_code", "prefecture_code", "province", "prefecture", "county", "unit_type", "note"):
        out[c] = out[c].astype("string")
    out["subtotal_row"] = out["subtotal_row"].astype("Int64")
    return out[cols].reset_index(drop=True)


def _layout(year: int) -> CensusLayout:
    if year not in LAYOUTS:
        raise ValueError(f"no county census layout for year {year}; known: {sorted(LAYOUTS)}")
    return LAYOUTS[year]


def _read(source: str | os.PathLike | pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    layout = _layout(year)
    frame, label = _frame(source)
    frame.columns = [clean_header(c) for c in frame.columns]
    _check_columns(frame, layout, label)
    counties, rejects = _parse(frame, layout, label)
    return frame, counties, rejects, label


def read_county_census(source: str | os.PathLike | pd.DataFrame, *, year: int) -> CensusReadResult:
    """Read a county-level census table (2010 or 2020) into one row per county-level unit.

    Parameters
    ----------
    source
        The ``.xlsx`` file (``census_county_2010_v1.xlsx`` / ``census_county_2020_v1.xlsx``), or its
        first sheet already read with :func:`pandas.read_excel` (codes may then be floats).
    year
        Census year, 2010 or 2020: it decides the column layout.

    Returns
    -------
    CensusReadResult
        ``counties``: ``year``, ``row`` (sheet row, header = 1), ``code`` (区划代码, 6-digit text;
        missing for uncoded units such as development zones), ``province_code``, ``province``,
        ``prefecture_code``, ``prefecture``, ``county`` (unit name), ``unit_type``,
        ``is_urban_district`` (市辖区, rule in the module docstring), ``population``, ``male``,
        ``female``, ``urban``, ``rural`` (nullable integers), ``subtotal_row`` (sheet row of the
        prefecture or group subtotal the unit is counted in), ``note`` (what is odd about the row:
        a code outside its prefecture's block, an unreadable figure). ``rejects``: every other row
        with ``row``, ``level`` (``national``, ``province``, ``prefecture``, ``group``, ``blank``,
        ``no_data``), ``reason``, ``code``, ``name``, the enclosing ``province``/``prefecture`` and
        the figures. ``n_read = len(counties) + len(rejects)``.

    Raises
    ------
    SchemaViolation
        The table lacks a column of that year's layout (named), or a unit comes before any province.
    UnreadableFile
        The file cannot be read as a table.
    """
    _, counties, rejects, label = _read(source, year)
    cols = ["row", "level", "reason", "code", "name", "province", "prefecture", *_FIGURES]
    dropped = rejects[cols].reset_index(drop=True)
    for c in ("code", "name", "province", "prefecture", "level", "reason"):
        dropped[c] = dropped[c].astype("string")
    return CensusReadResult(_tidy(counties, year), dropped, len(counties) + len(rejects), label, None, year=int(year))


def read_county_age_sex(source: str | os.PathLike | pd.DataFrame, *, year: int) -> pd.DataFrame:
    """Population of every county-level unit by sex and age group (0, 1–4, 5–9, …, 80–84, 85+).

    The same units as :func:`read_county_census` (same rows, same ``code``), in long form. A blank
    age cell is read as 0 when the unit's other age cells add up to its population (small units such
    as 南沙群岛 leave empty groups blank), and stays missing otherwise. The source is not corrected:
    in the 2010 table the age groups of 建昌县 (211422) add up to 30,000 more than its population and
    those of 石鼓区 (430407) to 6 fewer.

    Returns
    -------
    DataFrame
        ``year``, ``code``, ``prefecture_code``, ``county``, ``sex`` (``male``/``female``),
        ``age_group`` (ordered categorical, :data:`AGE_GROUPS`), ``population`` (nullable integer),
        one row per unit × sex × age group, in sheet order.

    Raises
    ------
    SchemaViolation
        The table lacks the age-by-sex block (the missing groups are named) or a layout column.
    """
    frame, counties, _, label = _read(source, year)
    try:
        ages = age_columns(list(frame.columns), year=year)
    except ValueError as err:
        raise SchemaViolation(f"{label}: {err}") from None
    block = frame.loc[counties.index, list(ages)].apply(pd.to_numeric, errors="coerce")
    # a blank age cell of a small unit is an empty group when the other cells add up to the population
    complete = block.sum(axis=1, min_count=1) == frame.loc[counties.index, LAYOUTS[year].population].pipe(
        pd.to_numeric, errors="coerce"
    )
    block = block.where(block.notna() | ~complete.to_numpy()[:, None], 0)
    block.columns = pd.MultiIndex.from_tuples([ages[c] for c in block.columns], names=["sex", "age_group"])
    long = block.stack(["sex", "age_group"], future_stack=True).rename("population").reset_index(["sex", "age_group"])
    position = pd.Series(np.arange(len(counties)), index=counties.index)
    out = counties[["code", "prefecture_code", "county"]].join(long, how="inner")
    out["age_group"] = pd.Categorical(out["age_group"], categories=AGE_GROUPS, ordered=True)
    out = out.assign(
        year=np.int64(year), _pos=position.reindex(out.index).to_numpy(), _sex=out["sex"].map({"male": 0, "female": 1})
    )
    out = out.sort_values(["_pos", "_sex", "age_group"], kind="stable")
    out["population"] = out["population"].round().astype("Int64")
    for c in ("code", "prefecture_code", "county", "sex"):
        out[c] = out[c].astype("string")
    return out[["year", "code", "prefecture_code", "county", "sex", "age_group", "population"]].reset_index(drop=True)


_DISTRICT_COLUMNS = {"city": "city", "adcode_2020": "unit_id", "district_zh": "unit_name", "zone": "zone_label"}
_DISTRICT_YEARS = {2010: "pop_2010_harmonised", 2020: "pop_2020"}
_AREA_COLUMNS = ["adcode_2020", "area_km2", "area_source"]


def read_district_census(path: str | os.PathLike, *, areas: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read a district census table of 2010 and 2020 (on 2020 boundaries) as ``population_units`` rows.

    The table is ``data/reference/census_bj_sh_districts_2010_2020.csv`` (Beijing's and Shanghai's
    districts; see its entry in ``data/reference/SOURCES.md``): one row per district with ``city``,
    ``adcode_2020``, ``district_zh``, ``zone`` (``"core (首都功能核心区)"``: the zone label, then its
    Chinese name), ``pop_2010_harmonised`` and ``pop_2020``. ``areas`` is an optional table keyed by
    ``adcode_2020`` with ``area_km2`` and ``area_source`` (``bj_sh_district_areas.csv``), joined one
    to one.

    Returns
    -------
    DataFrame
        One row per district and year (2010, 2020): ``city``, ``unit_id`` (the 2020 code, text),
        ``unit_name``, ``zone`` (the label's first word: ``core``, ``central``, ``outer``,
        ``Pudong``, ``suburb``), ``zone_label`` (as written), ``year``, ``population`` and, with
        ``areas``, ``area_km2`` and ``area_source``.

    Raises
    ------
    SchemaViolation
        A column is missing (named), a population is not a whole number, or a district has no area.
    """
    table = read_table(path).data
    wanted = list(_DISTRICT_COLUMNS) + list(_DISTRICT_YEARS.values())
    missing = [c for c in wanted if c not in table.columns]
    if missing:
        raise SchemaViolation(f"{path}: not a district census table: missing column(s) {missing}")
    base = table[list(_DISTRICT_COLUMNS)].rename(columns=_DISTRICT_COLUMNS)
    base["zone"] = base["zone_label"].str.split(" ").str[0].astype("str")
    if areas is not None:
        area = read_table(areas).data
        absent = [c for c in _AREA_COLUMNS if c not in area.columns]
        if absent:
            raise SchemaViolation(f"{areas}: not an area table: missing column(s) {absent}")
        area = area[_AREA_COLUMNS].rename(columns={"adcode_2020": "unit_id"})
        base = base.merge(area, on="unit_id", how="left", validate="1:1")
        if base["area_km2"].isna().any():
            raise SchemaViolation(
                f"{areas}: no area for district(s) {base.loc[base['area_km2'].isna(), 'unit_id'].tolist()}"
            )
        base["area_km2"] = pd.to_numeric(base["area_km2"]).astype("float64")
    frames = []
    for year, column in _DISTRICT_YEARS.items():
        population = pd.to_numeric(table[column], errors="coerce")
        if population.isna().any() or (population % 1 != 0).any():
            raise SchemaViolation(f"{path}: column {column!r} must hold whole numbers of residents")
        frames.append(base.assign(year=np.int64(year), population=population.astype("int64")))
    out = pd.concat(frames, ignore_index=True)
    cols = ["city", "unit_id", "unit_name", "zone", "zone_label", "year", "population"]
    return out[cols + (["area_km2", "area_source"] if areas is not None else [])]
