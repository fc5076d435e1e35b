"""Column layouts of the county-level census tables of 2010 and 2020 (github.com/leiii/census).

The two files share no header: 2010 names a row by ``地区`` alone and marks its subtotals by
position; 2020 has ``省`` / ``市`` / ``区县`` columns and codes most subtotal rows. This module says
which column holds what, and reads the five-year age groups out of either header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["AGE_GROUPS", "LAYOUTS", "CensusLayout", "age_columns", "clean_header", "clean_name"]

#: Age groups of both censuses, youngest first: 0, 1–4, then five-year groups to 80–84, and 85+.
AGE_GROUPS = ("0", "1-4") + tuple(f"{a}-{a + 4}" for a in range(5, 85, 5)) + ("85+",)


@dataclass(frozen=True)
class CensusLayout:
    """Where a census year's table keeps each field (``None``: not in that year's table)."""

    year: int
    name: str  # unit name (地区 / 区县)
    code: str  # 区划代码
    population: str
    male: str
    female: str
    urban: str
    rural: str
    province: str | None = None  # 2020 only: 省
    prefecture: str | None = None  # 2020 only: 市

    @property
    def required(self) -> list[str]:
        fields = [self.name, self.code, self.population, self.male, self.female, self.urban, self.rural]
        return fields + [c for c in (self.province, self.prefecture) if c is not None]


LAYOUTS = {
    2010: CensusLayout(
        2010,
        name="地区",
        code="区划代码",
        population="合计",
        male="男",
        female="女",
        urban="城镇人口",
        rural="乡村人口",
    ),
    2020: CensusLayout(
        2020,
        name="区县",
        code="区划代码",
        population="人口数_合计",
        male="人口数_男",
        female="人口数_女",
        urban="城镇人口",
        rural="乡村人口",
        province="省",
        prefecture="市",
    ),
}

_AGE_2010 = re.compile(r"^(\d+)(?:-(\d+))?岁(及以上)?[（(](男|女)[）)]$")
_AGE_2020 = re.compile(r"^(男|女)_(\d+)(?:到(\d+))?岁(以上)?$")
_SEX = {"男": "male", "女": "female"}


def clean_header(column: object) -> str:
    """A header without any whitespace (the 2010 file breaks long headers over lines)."""
    return re.sub(r"\s+", "", str(column))


def clean_name(value: object) -> str | None:
    """A unit name without surrounding blanks, with the look-alike 巿 (U+5DFF, 'luxuriant') read as 市.

    The 2010 table writes 和田巿 and 罗定巿 with U+5DFF; every other city name uses 市 (U+5E02)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    text = str(value).strip().replace("\u5dff", "市")
    return text or None


def _group(low: str, high: str | None, open_ended: bool) -> str:
    if open_ended:
        return f"{low}+"
    return low if high is None else f"{low}-{high}"


def age_columns(columns: list[str], *, year: int) -> dict[str, tuple[str, str]]:
    """Header → ``(sex, age_group)`` for the 38 age-by-sex columns of a census year's table.

    Raises ``ValueError`` naming the groups not found (a table without the age block)."""
    pattern = _AGE_2010 if year == 2010 else _AGE_2020
    found: dict[str, tuple[str, str]] = {}
    for column in columns:
        match = pattern.match(column)
        if not match:
            continue
        if year == 2010:
            low, high, plus, sex = match.groups()
        else:
            sex, low, high, plus = match.groups()
        found[column] = (_SEX[sex], _group(low, high, bool(plus)))
    wanted = {(s, g) for s in _SEX.values() for g in AGE_GROUPS}
    missing = sorted(wanted - set(found.values()), key=lambda sg: (sg[0], AGE_GROUPS.index(sg[1])))
    if missing:
        raise ValueError(f"age-by-sex column(s) not found for {missing[:6]}{' ...' if len(missing) > 6 else ''}")
    return found
