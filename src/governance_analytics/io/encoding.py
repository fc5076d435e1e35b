"""Text encodings of government exports, accepted only when the decoded text is plausible.

Chinese systems export UTF-8, UTF-8 with a byte-order mark, or GBK/GB18030; US and European portals
UTF-8 or Windows-1252. A byte string often *decodes* in an encoding it was not written in —
``Müller`` in Windows-1252 is two valid GB18030 characters — so decoding without error is not enough:

1. a byte-order mark decides (UTF-8, UTF-16);
2. UTF-8, when the sample decodes strictly (its multi-byte rules almost never fit other text);
3. GB18030 (which contains GBK and GB2312), when the sample decodes strictly **and** at least
   :data:`GB2312_SHARE` of its non-ASCII characters lie in GB2312, the 6,763 common characters and
   the full-width punctuation that real Chinese text is made of (Latin text misread as GB18030 gives
   rare characters outside GB2312);
4. Windows-1252, when the sample decodes strictly and at least :data:`LATIN_SHARE` of its non-ASCII
   characters are letters or the usual typographic marks (‘ ’ “ ” – — € …);
5. otherwise charset-normalizer's best guess, and an :class:`EncodingProblem` when it has none.

Errors name the file and the encoding tried; a GBK file that does not decode as GBK is pointed to
GB18030, its superset.

References
----------
GB 18030-2022 信息技术 中文编码字符集; GB 2312-1980; WHATWG Encoding Standard (windows-1252);
charset-normalizer (https://charset-normalizer.readthedocs.io).
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from governance_analytics.errors import EncodingProblem

__all__ = ["EncodingProblem", "GB2312_SHARE", "LATIN_SHARE", "check_encoding", "decode_error", "detect_encoding"]

_SAMPLE_BYTES = 4 << 20
#: Least share of non-ASCII characters in GB2312 for a GB18030 reading to be plausible.
GB2312_SHARE = 0.8
#: Least share of non-ASCII characters that are letters or typographic marks for Windows-1252.
LATIN_SHARE = 0.8
_TYPOGRAPHIC = set("‘’“”–—€…•°·«»§©®™×÷±£¥¢¿¡ ")
_GBK_NAMES = {"gbk", "gb2312", "cp936", "ms936", "euc_cn", "hz"}


def check_encoding(name: str) -> str:
    """The codec name Python knows ``name`` by; :class:`EncodingProblem` for an unknown name."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise EncodingProblem(f"unknown text encoding {name!r}; expected e.g. utf-8, gb18030, windows-1252") from None


def decode_error(path: str | os.PathLike, encoding: str, err: UnicodeDecodeError | None = None) -> EncodingProblem:
    """The error for a file that does not decode as ``encoding``, naming both, and GB18030 after GBK."""
    where = f" ({err.reason} at byte {err.start})" if err is not None else ""
    hint = (
        "; GBK is a subset of GB18030, which holds the rarer characters: try --encoding gb18030"
        if codecs.lookup(encoding).name.replace("-", "_") in _GBK_NAMES
        else "; expected UTF-8, UTF-8 with BOM, GBK/GB18030 or Windows-1252 (pass the encoding to say which)"
    )
    return EncodingProblem(f"{path}: does not decode as {encoding}{where}{hint}")


def _decodes(raw: bytes, encoding: str) -> str | None:
    """``raw`` decoded, or ``None``; a sample cut at :data:`_SAMPLE_BYTES` may end inside a character."""
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(raw, final=len(raw) < _SAMPLE_BYTES)
    except UnicodeDecodeError:
        return None


def _share(text: str, plausible) -> float:
    wide = [ch for ch in text if ord(ch) > 127]
    return sum(map(plausible, wide)) / len(wide) if wide else 1.0


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _latin(ch: str) -> bool:
    return ch.isalpha() or ch in _TYPOGRAPHIC


def detect_encoding(path: str | os.PathLike) -> str:
    """The text encoding of ``path``, from its first 4 MiB (see the module notes).

    Returns
    -------
    str
        ``utf-8-sig``, ``utf-16``, ``utf-8``, ``gb18030``, ``cp1252`` or charset-normalizer's name.

    Raises
    ------
    EncodingProblem
        Naming the file, when no encoding fits.
    """
    path = Path(path)
    with path.open("rb") as handle:
        raw = handle.read(_SAMPLE_BYTES)
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in raw:
        raise EncodingProblem(
            f"{path}: holds NUL bytes, so it is not a text table (a binary file, or UTF-16 "
            "without a byte-order mark: save it as UTF-8)"
        )
    if _decodes(raw, "utf-8") is not None:
        return "utf-8"
    for encoding, share, plausible in (("gb18030", GB2312_SHARE, _in_gb2312), ("cp1252", LATIN_SHARE, _latin)):
        text = _decodes(raw, encoding)
        if text is not None and _share(text, plausible) >= share:
            return encoding
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise EncodingProblem(
            f"{path}: cannot tell the text encoding; it is not UTF-8, GB18030 or Windows-1252 "
            "(pass the encoding to say which)"
        )
    return best.encoding
