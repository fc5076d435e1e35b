"""Trace county-level units from one census to the next: name stems, prefecture and unit matching.

Between two censuses units are renamed (襄樊→襄阳), recoded when they change kind (藁城市 130182 →
藁城区 130109, 撤县设区), moved to another prefecture (简阳市 from 资阳 to 成都), merged (崇文区 into
东城区) or split. A unit of the earlier table is traced to a unit of the later one by, in order:

1. a successor given by the caller (``successors``: earlier code → later code);
2. the same code and the same name stem;
3. the same stem in the matched prefecture (a change of kind: 藁城市 → 藁城区);
4. the same code under another name (a rename: 襄阳区 → 襄州区; 綦江区 keeps 万盛区's code);
5. a stem of two or more characters, unique among the province's *new* codes, for a unit whose code
   is gone (a move: 简阳市 512081 from 资阳 to 成都 510185) — generic names (城区, 矿区, 郊区, 桥东区)
   are never matched across prefectures;
6. a one-character stem that begins exactly one new name in the matched prefecture (蓟县 → 蓟州区,
   梅县 → 梅县区), the later unit's code being new.

A unit none of these finds is *untraced*. The stem drops the kind (区, 县, 市, 旗, 自治县, 林区, 特区 …)
and the names of the nationalities of an autonomous county (丰宁满族自治县 → 丰宁).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

__all__ = ["match_prefectures", "stem", "trace_units"]

_KIND = re.compile(r"(自治县|自治旗|特区|林区|地区|自治州|盟|区|县|市|旗)$")
_NATIONALITIES = sorted(
    [
        "蒙古",
        "回",
        "藏",
        "维吾尔",
        "苗",
        "彝",
        "壮",
        "布依",
        "朝鲜",
        "满",
        "侗",
        "瑶",
        "白",
        "土家",
        "哈尼",
        "哈萨克",
        "傣",
        "黎",
        "傈僳",
        "佤",
        "畲",
        "高山",
        "拉祜",
        "水",
        "东乡",
        "纳西",
        "景颇",
        "柯尔克孜",
        "土",
        "达斡尔",
        "仫佬",
        "羌",
        "布朗",
        "撒拉",
        "毛南",
        "仡佬",
        "锡伯",
        "阿昌",
        "普米",
        "塔吉克",
        "怒",
        "乌孜别克",
        "俄罗斯",
        "鄂温克",
        "德昂",
        "保安",
        "裕固",
        "京",
        "塔塔尔",
        "独龙",
        "鄂伦春",
        "赫哲",
        "门巴",
        "珞巴",
        "基诺",
        "各",
    ],
    key=len,
    reverse=True,
)


def stem(name: str | None) -> str | None:
    """The place part of a unit name: ``藁城市`` → ``藁城``, ``琼中黎族苗族自治县`` → ``琼中``."""
    if name is None or name is pd.NA:
        return None
    text = _KIND.sub("", str(name))
    stripped = True
    while stripped:
        stripped = False
        for people in _NATIONALITIES:
            for tail in (people + "族", people):
                if text.endswith(tail) and len(text) - len(tail) >= 2:
                    text, stripped = text[: -len(tail)], True
                    break
            if stripped:
                break
    return text


def match_prefectures(earlier: pd.DataFrame, later: pd.DataFrame) -> dict[str, str | None]:
    """Earlier prefecture code → later prefecture code: same code, else the one prefecture of the same
    province with the same stem (毕节地区 522400 → 毕节市 520500); ``None`` when neither (巢湖 341400)."""
    old = earlier.drop_duplicates("prefecture_code")
    new = later.drop_duplicates("prefecture_code")
    new_codes = set(new["prefecture_code"])
    new_stems = new.assign(stem=new["prefecture"].map(stem))
    out: dict[str, str | None] = {}
    for row in old.itertuples(index=False):
        if row.prefecture_code in new_codes:
            out[row.prefecture_code] = row.prefecture_code
            continue
        same = new_stems[
            (new_stems["province_code"] == row.province_code) & (new_stems["stem"] == stem(row.prefecture))
        ]
        out[row.prefecture_code] = same["prefecture_code"].iloc[0] if len(same) == 1 else None
    return out


def trace_units(
    earlier: pd.DataFrame,
    later: pd.DataFrame,
    *,
    prefectures: Mapping[str, str | None],
    successors: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The later unit (position in ``later``) each earlier unit became, and how it was found.

    Returns
    -------
    DataFrame
        Indexed like ``earlier``: ``successor`` (integer position in ``later``, ``<NA>`` if
        untraced) and ``how`` (``given``, ``code``, ``stem_prefecture``, ``code_renamed``,
        ``stem_province``, ``prefix``, or ``<NA>``).
    """
    later = later.reset_index(drop=True)
    new_stem = later["county"].map(stem)
    by_code = {c: i for i, c in later["code"].items() if c is not None and c is not pd.NA}
    earlier_codes = set(earlier["code"].dropna())
    fresh = ~later["code"].isin(earlier_codes)
    given = dict(successors or {})
    unknown = sorted(set(given.values()) - set(by_code))
    if unknown:
        raise ValueError(f"successors: later code(s) {unknown} are not in the later table")
    found: list[int | None] = []
    how: list[str | None] = []
    for row in earlier.itertuples(index=False):
        code = None if row.code is pd.NA else row.code
        name_stem = stem(row.county)
        target = prefectures.get(row.prefecture_code)
        pick, why = None, None
        if code is not None and code in given:
            pick, why = by_code[given[code]], "given"
        elif code is not None and code in by_code and new_stem[by_code[code]] == name_stem:
            pick, why = by_code[code], "code"
        else:
            hits = later.index[(later["prefecture_code"] == target) & (new_stem == name_stem)]
            if len(hits) == 1:
                pick, why = int(hits[0]), "stem_prefecture"
            elif code is not None and code in by_code:
                pick, why = by_code[code], "code_renamed"
            elif name_stem and len(name_stem) >= 2 and (code is None or code not in by_code):
                hits = later.index[(later["province_code"] == row.province_code) & fresh & (new_stem == name_stem)]
                if len(hits) == 1:
                    pick, why = int(hits[0]), "stem_province"
            if pick is None and name_stem and len(name_stem) == 1:
                hits = later.index[
                    (later["prefecture_code"] == target) & fresh & new_stem.str.startswith(name_stem, na=False)
                ]
                if len(hits) == 1:
                    pick, why = int(hits[0]), "prefix"
        found.append(pick)
        how.append(why)
    return pd.DataFrame(
        {"successor": pd.array(found, dtype="Int64"), "how": pd.array(how, dtype="string")}, index=earlier.index
    )
