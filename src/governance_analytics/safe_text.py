"""Text safe to write: personal numbers masked, spreadsheet formulas defused.

Published outputs carry no personal data (DESIGN.md, invariant 3), and no file the suite writes
holds a cell a spreadsheet would run. Every writer applies the rules here — the report's HTML, PDF
and workbook (through :mod:`governance_analytics.privacy` and the Excel writer),
``convert``'s Parquet and ``rejects.csv``.

**Personal numbers and e-mail addresses** (:func:`scrub_pii`). Recognised, in half- or full-width
characters (``１３８１２３４５６７８`` is read as ``13812345678``):

- e-mail addresses ``name@host.domain`` (RFC 5322's common form: letters, digits and ``. _ % + -``
  before the ``@``, a dotted host name after it) → ``[邮箱]``;
- mainland resident ID numbers: 18 characters (17 digits and a check digit or ``X``, also written
  6-8-4 with spaces or hyphens) and the first-generation 15 digits (area code, ``YYMMDD`` birth date,
  3-digit sequence) → ``[身份证号]``;
- Hong Kong identity card numbers ``A123456(7)`` (one or two letters, six digits, the check digit or
  ``A`` in brackets) → ``[身份证号]``;
- mainland mobile numbers ``1[3-9]`` + 9 digits, optionally after ``+86``, ``0086`` or ``86`` and
  with spaces or hyphens as 3-4-4 → ``[电话]``;
- mainland landlines: ``0`` + a 2–3 digit area code, then a separator or the code in brackets, and
  7–8 digits (``0551-12345678``, ``(0551)12345678``), or after ``+86``/``0086`` without the ``0``
  (``+86 10 12345678``) → ``[电话]``;
- North American numbers written with separators: ``(617) 555-0100``, ``617-555-0100``,
  ``617.555.0100``, optionally after ``+1`` or ``1-`` → ``[电话]``;
- Hong Kong numbers: 8 digits beginning ``2``–``9``, optionally split 4-4 by a space and after
  ``+852`` → ``[电话]`` (not split by a hyphen, which writes year and quantity ranges such as
  ``2021-2025``; not after letters, as in a code ``ZJ20250103``).

No number is taken from inside a longer run of digits, nor from the decimals of a number
(``116.40738123``). Over-masking is preferred to a leak: an 8-digit amount or a date written
``20250103`` is masked too. Names and addresses are not recognised (house numbers: see
:func:`governance_analytics.community.messages.scrub_addresses`).

**Formulas** (:func:`needs_quote_prefix`, :func:`defuse_formula`). A cell whose text begins with one
of :data:`FORMULA_PREFIXES` (or their full-width forms ``＝ ＋ － ＠``, which an East Asian input
method may type) is a formula to a spreadsheet. The workbook writer marks such cells as text
(``quotePrefix``); a CSV file has no cell formats, so :func:`defuse_formula` prefixes the text with an
apostrophe, as OWASP recommends — except a plain number (``-73.98``), which a spreadsheet reads as
that number.

References
----------
GB 11643-1999 公民身份号码; GB 11643-1989 (the 15-digit number); 香港身份證 (Registration of Persons
Ordinance, Cap. 177): letter(s), six digits, check digit; ITU-T E.164 and the North American
Numbering Plan (NPA-NXX-XXXX); OWASP, "CSV Injection",
https://owasp.org/www-community/attacks/CSV_Injection.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "defuse_formula", "mask_text_columns", "needs_quote_prefix", "scrub_pii"]

#: Full-width digits, letters, signs, brackets and the ideographic space → their ASCII forms (one
#: character for one, so positions are kept).
_HALF_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(ord("A") + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(ord("a") + i) for i in range(26)},
        "＋": "+",
        "－": "-",
        "（": "(",
        "）": ")",
        "．": ".",
        "＠": "@",
        "\u3000": " ",
    }
)

_START = r"(?<![0-9A-Za-z])"  # an ID number is not inside a run of digits or letters
_END = r"(?![0-9A-Za-z])"
_NUM_START = r"(?<!\d)(?<!\d\.)"  # a phone number is not inside digits, nor the decimals of a number
_NUM_END = r"(?!\d)(?!\.\d)"
_DATE6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # YYMMDD

_PERSONAL_NUMBER = re.compile(
    "|".join(
        [
            r"(?P<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})",
            rf"(?P<id18>{_START}\d{{6}}[ -]?\d{{8}}[ -]?\d{{3}}[\dXx]{_END})",
            rf"(?P<id15>{_START}[1-9]\d{{5}}{_DATE6}\d{{3}}{_END})",
            rf"(?P<hkid>{_START}[A-Z]{{1,2}}\d{{6}} ?\([0-9A]\))",
            rf"(?P<mobile>{_NUM_START}(?:\(?(?:\+|00)?86\)?[ -]?)?1[3-9]\d(?:[ -]?\d{{4}}){{2}}{_NUM_END})",
            rf"(?P<landline>{_NUM_START}(?:(?:\+|00)86[ -]?)?(?:0\d{{2,3}}[ -]|\(0\d{{2,3}}\)[ -]?)\d{{7,8}}{_NUM_END}"
            rf"|{_NUM_START}(?:\+|00)86[ -]?[1-9]\d{{1,2}}[ -]?\d{{7,8}}{_NUM_END})",
            rf"(?P<us>{_NUM_START}(?:(?:\+|00)?1[ .-]?)?(?:\([2-9]\d{{2}}\) ?|[2-9]\d{{2}}[ .-])[2-9]\d{{2}}[ .-]\d{{4}}{_NUM_END})",  # noqa: E501  (one record, as the file holds it)
            rf"(?P<hk>{_NUM_START}(?<![A-Za-z])(?:\(?(?:\+|00)852\)?[ -]?)?[2-9]\d{{3}} ?\d{{4}}{_NUM_END})",
        ]
    )
)
_ID_KINDS = frozenset({"id18", "id15", "hkid"})


def scrub_pii(
    text: str | None, *, phone: str = "[电话]", id_number: str = "[身份证号]", email: str = "[邮箱]"
) -> str | None:
    """``text`` with phone and ID numbers and e-mail addresses replaced by placeholders (see the module
    notes for the formats).

    Parameters
    ----------
    text
        Any text; ``None`` and non-strings pass through unchanged.
    phone, id_number, email
        The placeholders.

    Examples
    --------
    >>> scrub_pii("电话＋８６１３８１２３４５６７８，身份证110105800101123，HK: A123456(7)、9123 4567")
    '电话[电话]，身份证[身份证号]，HK: [身份证号]、[电话]'
    """
    if not isinstance(text, str) or not any(ch.isdigit() or ch in "@＠" for ch in text):
        return text
    plain = text.translate(_HALF_WIDTH)
    parts, end = [], 0
    for match in _PERSONAL_NUMBER.finditer(plain):
        kind = match.lastgroup
        parts += [text[end : match.start()], email if kind == "email" else id_number if kind in _ID_KINDS else phone]
        end = match.end()
    return "".join(parts) + text[end:] if parts else text


#: Leading characters that make a spreadsheet read a cell's text as a formula (OWASP).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_FULL_WIDTH_PREFIXES = ("＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def needs_quote_prefix(text: str) -> bool:
    """Whether ``text`` begins with a character that would make it a formula (see the module notes)."""
    return text.startswith(FORMULA_PREFIXES + _FULL_WIDTH_PREFIXES)


def defuse_formula(text):
    """``text`` with an apostrophe in front when a spreadsheet would read it as a formula; a plain
    number (``-73.98``, ``+1``) and anything not a string are returned unchanged.

    >>> [defuse_formula(t) for t in ("@SUM(A1:A2)", "=1+1", "-73.98", "a=b", None)]
    ["'@SUM(A1:A2)", "'=1+1", '-73.98', 'a=b', None]
    """
    if isinstance(text, str) and needs_quote_prefix(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(values) or values.dtype == object


def _masked(values: pd.Series, rule) -> pd.Series:
    """``values`` with ``rule`` applied to each distinct string that it changes, dtype kept."""
    changed = {}
    for text in values.dropna().unique():
        if isinstance(text, str):
            new = rule(text)
            if new != text:
                changed[text] = new
    if not changed:
        return values
    return values.map(lambda v: changed.get(v, v) if isinstance(v, str) else v).astype(values.dtype)


def mask_text_columns(frame: pd.DataFrame, *, keep=(), formulas: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`scrub_pii` applied to every text column but those in ``keep``
    (identifier codes, whose digits are not personal) and, with ``formulas``, every text cell and
    column name defused by :func:`defuse_formula` (for a CSV file).

    Rows and columns are neither added nor removed; nothing is mutated.
    """
    out = frame.copy()
    for column in frame.columns:
        if _is_text(frame[column]) and column not in keep:
            out[column] = _masked(frame[column], scrub_pii)
        if formulas and _is_text(frame[column]):
            out[column] = _masked(out[column], defuse_formula)
    if formulas:
        out.columns = [defuse_formula(scrub_pii(c)) if isinstance(c, str) else c for c in out.columns]
    return out
