"""Text encodings of government exports: UTF-8, UTF-8 with BOM, GBK / GB18030, detected or given."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

__all__ = ["detect_encoding", "EncodingProblem"]

_SAMPLE_BYTES = 4 << 20


class EncodingProblem(ValueError):
    """A file whose text encoding cannot be told or does not decode."""


def detect_encoding(path: str | os.PathLike) -> str:
    """The text encoding of ``path``: ``utf-8-sig``, ``utf-16``, ``utf-8`` or ``gb18030``.

    A byte-order mark decides first; otherwise the first 4 MiB must decode strictly as UTF-8, else as
    GB18030 — the national standard that contains GBK and GB2312, which is what Chinese government
    systems usually export; otherwise charset-normalizer's best guess is returned.

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
    for candidate in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(candidate)(errors="strict").decode(raw, final=False)
            return candidate
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise EncodingProblem(
            f"{path}: cannot tell the text encoding; expected UTF-8, UTF-8 with BOM, GBK or GB18030 "
            "(pass encoding=... to say which)"
        )
    return best.encoding
