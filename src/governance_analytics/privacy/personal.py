"""Publishable inputs: personal columns dropped by name, phone and ID numbers scrubbed from free text.

Published outputs carry no personal data (DESIGN.md, invariant 3). The canonical tables hold none,
but their schemas are not strict: whatever else an export carries — the reporter's name and phone,
an ID number, an exact address, a free-text description — is read along with them. Before any
report section sees the inputs, :func:`publishable_inputs`

1. drops every column whose *name* says it holds personal data (:func:`is_personal_column`: the
   explicit word lists :data:`PERSONAL_WORDS_ZH`, :data:`PERSONAL_WORDS_EN`,
   :data:`PERSONAL_PHRASES_EN` and, for ``name``, :data:`NAME_OWNERS_EN`), except a canonical column
   of the table's schema, which is never personal by design (``committee_members``, for instance,
   keeps the ``sex``/``age_group``/``education`` attributes its analysis needs, and no names);
2. replaces phone and ID numbers in every remaining text column — free text (message titles and
   texts, descriptions) and the labels a report shows (department, channel, intervention and place
   names), since any of them can carry a number typed in by hand — with placeholders
   (:func:`governance_analytics.safe_text.scrub_pii`: mainland, Hong Kong and North American
   formats, in half- or full-width digits); identifier columns (``*_id``), whose
   codes are digits by design and never shown, are left as they are.

The same is done to the rejects, which hold raw rows (and reasons quoting raw values), although no
section shows them — only their count. Rows are neither added nor removed, so ``n_read``, accepted
and rejected counts are unchanged. A personal value in a column with an innocent name, or a name or
address written into free text, is not recognised: the rule is by name and by number pattern.

References
----------
《中华人民共和国个人信息保护法》 (Personal Information Protection Law, 2021), art. 4 and 28 (personal
and sensitive personal information: identity document numbers, precise whereabouts);
GB/T 35273-2020 信息安全技术 个人信息安全规范, annex A (examples of personal information: name,
ID number, phone number, address, e-mail, account names);
GB/T 37964-2019 信息安全技术 个人信息去标识化指南 (removing direct identifiers before release).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

import pandas as pd

from governance_analytics import schemas
from governance_analytics.io import ReadResult
from governance_analytics.safe_text import mask_text_columns

__all__ = [
    "NAME_OWNERS_EN",
    "PERSONAL_PHRASES_EN",
    "PERSONAL_WORDS_EN",
    "PERSONAL_WORDS_ZH",
    "is_personal_column",
    "personal_columns",
    "publishable_inputs",
    "scrub_free_text",
]

#: Chinese fragments of a personal column's name, matched anywhere in it: names (姓名, 联系人), the
#: persons who report or complain (上报人, 举报人, 投诉人 …), contact details (电话, 手机, 联系方式,
#: 邮箱, 微信, QQ), identity documents (身份证, 公民身份号码, 证件号, 护照), exact addresses (地址,
#: 住址, 门牌, 房号), accounts (用户, 账号, as in the 留言用户 of a message board) and 车牌 (a plate
#: identifies its owner).
PERSONAL_WORDS_ZH: tuple[str, ...] = (
    "姓名",
    "名字",
    "联系人",
    "上报人",
    "举报人",
    "投诉人",
    "反映人",
    "来电人",
    "报案人",
    "求助人",
    "当事人",
    "申请人",
    "户主",
    "电话",
    "手机",
    "联系方式",
    "邮箱",
    "电子邮件",
    "微信",
    "QQ",
    "身份证",
    "身份号码",
    "证件号",
    "护照",
    "地址",
    "住址",
    "门牌",
    "房号",
    "用户",
    "账号",
    "车牌",
)

#: English words of a personal column's name, matched against the words of the name (split at
#: ``_``, spaces, punctuation and camelCase), so that ``tel`` matches ``reporter_tel`` but not
#: ``hotel_count``.
PERSONAL_WORDS_EN: frozenset[str] = frozenset(
    {
        "surname",
        "fullname",
        "firstname",
        "lastname",
        "username",
        "nickname",
        "reporter",
        "complainant",
        "informant",
        "caller",
        "petitioner",
        "whistleblower",
        "contact",
        "phone",
        "telephone",
        "tel",
        "mobile",
        "cellphone",
        "fax",
        "email",
        "mail",
        "wechat",
        "weixin",
        "qq",
        "address",
        "addr",
        "passport",
        "ssn",
        "idcard",
        "identity",
    }
)

#: English word pairs of a personal column's name (``id_number``, ``user_id``, ``house_no`` …).
PERSONAL_PHRASES_EN: tuple[tuple[str, str], ...] = (
    ("id", "number"),
    ("id", "no"),
    ("id", "card"),
    ("national", "id"),
    ("citizen", "id"),
    ("user", "id"),
    ("house", "number"),
    ("house", "no"),
    ("door", "number"),
    ("room", "number"),
    ("license", "plate"),
    ("plate", "number"),
    ("plate", "no"),
)

#: Words that make ``name`` a person's name (``resident_name``, ``first_name``); ``name`` alone is one
#: too, while ``unit_name``, ``street_name`` or ``community_name`` name places.
NAME_OWNERS_EN: frozenset[str] = frozenset(
    {
        "first",
        "last",
        "full",
        "real",
        "given",
        "family",
        "sur",
        "nick",
        "user",
        "person",
        "resident",
        "citizen",
        "member",
        "owner",
        "staff",
        "worker",
        "applicant",
        "respondent",
        "reporter",
        "complainant",
        "contact",
        "caller",
        "party",
        "householder",
    }
)

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _english_words(name: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(name)]


def is_personal_column(name: str) -> bool:
    """Whether a column's name says it holds personal data (see the module notes for the lists).

    >>> [is_personal_column(c) for c in ("上报人电话", "reporterPhone", "id_number", "unit_name", "hotel")]
    [True, True, True, False, False]
    """
    if any(word.lower() in name.lower() for word in PERSONAL_WORDS_ZH):
        return True
    words = _english_words(name)
    if PERSONAL_WORDS_EN.intersection(words):
        return True
    pairs = set(zip(words, words[1:]))
    if pairs.intersection(PERSONAL_PHRASES_EN):
        return True
    return words in (["name"], ["names"]) or any(a in NAME_OWNERS_EN and b in ("name", "names") for a, b in pairs)


def personal_columns(frame: pd.DataFrame, *, table: str) -> list[str]:
    """Columns of ``frame`` to drop before publishing: personal by name and not canonical in ``table``."""
    canonical = set(schemas.SCHEMAS[table].columns) if table in schemas.SCHEMAS else set()
    return [c for c in frame.columns if str(c) not in canonical and is_personal_column(str(c))]


def _identifiers(frame: pd.DataFrame, table: str) -> list[str]:
    """Canonical ``*_id`` columns of ``table``: codes made of digits by design (a 15-digit cell code
    would look like an old ID number), never shown as text."""
    canonical = schemas.SCHEMAS[table].columns if table in schemas.SCHEMAS else {}
    return [c for c in frame.columns if str(c).endswith("_id") and c in canonical]


def scrub_free_text(frame: pd.DataFrame, *, table: str, every_text: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` with phone and ID numbers replaced in every text column but the canonical
    identifiers of ``table`` — or, with ``every_text``, in every text column (for rejects, whose
    columns hold raw values)."""
    return mask_text_columns(frame, keep=() if every_text else _identifiers(frame, table))


def _publishable(frame: pd.DataFrame, table: str, *, every_text: bool = False) -> pd.DataFrame:
    kept = frame.drop(columns=personal_columns(frame, table=table))
    return scrub_free_text(kept, table=table, every_text=every_text)


def publishable_inputs(inputs: Mapping[str, ReadResult]) -> dict[str, ReadResult]:
    """The read inputs made safe to publish: personal columns dropped, free text scrubbed.

    Parameters
    ----------
    inputs
        Canonical table name → what its reader returned.

    Returns
    -------
    dict
        New :class:`~governance_analytics.io.ReadResult` objects (of the same class, nothing mutated)
        whose ``data`` and ``rejects`` lack the personal columns and have phone and ID numbers replaced
        by ``[电话]`` / ``[身份证号]`` in their free text; ``n_read``, ``source`` and the accepted and
        rejected counts are unchanged.
    """
    return {
        name: dataclasses.replace(
            result, data=_publishable(result.data, name), rejects=_publishable(result.rejects, name, every_text=True)
        )
        for name, result in inputs.items()
    }
