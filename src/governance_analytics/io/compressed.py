"""Compressed exports (``.gz``, ``.zip``) read as the table they hold.

Portals and mail systems compress big exports. A gzip file (``export.csv.gz``, or a ``.csv`` whose
bytes are gzip: magic ``1f 8b``) is decompressed; a ZIP archive (``.zip``, magic ``PK``) must hold
exactly one table file (folders and macOS ``__MACOSX`` entries aside), else the error lists what it
holds. The table is decompressed into a private temporary folder, read, and removed.

Reference: RFC 1952 (gzip), PKWARE APPNOTE 6.3 (ZIP).
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["compression_of", "decompressed"]

_GZIP, _ZIP = b"\x1f\x8b", (b"PK\x03\x04", b"PK\x05\x06")  # a ZIP with members, an empty ZIP
_WORKBOOKS = (".xlsx", ".xlsm")


def compression_of(path: Path) -> str | None:
    """``"gzip"``, ``"zip"`` or ``None``, from the file's first bytes (a workbook, itself a ZIP, is ``None``)."""
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic.startswith(_GZIP):
        return "gzip"
    if magic in _ZIP and path.suffix.lower() not in _WORKBOOKS:
        return "zip"
    return None


def _inner_name(path: Path) -> str:
    """The name of the file a gzip holds: ``export.csv.gz`` → ``export.csv``; ``export.csv`` (gzip
    inside) → ``export.csv``."""
    return path.stem if path.suffix.lower() == ".gz" else path.name


def _member(archive: zipfile.ZipFile, label: str) -> zipfile.ZipInfo:
    members = [
        m
        for m in archive.infolist()
        if not m.is_dir() and not m.filename.startswith("__MACOSX/") and not Path(m.filename).name.startswith(".")
    ]
    if len(members) != 1:
        held = ", ".join(m.filename for m in members) or "nothing"
        raise ValueError(f"{label}: a ZIP archive must hold one table file; it holds {held}")
    return members[0]


@contextmanager
def decompressed(path: Path) -> Iterator[tuple[Path, str]]:
    """The plain file to read for ``path`` and how errors name it (``path``, or ``path → member``).

    Raises
    ------
    ValueError
        Naming the file: a truncated or damaged archive, or a ZIP without exactly one table.
    """
    kind = compression_of(path)
    if kind is None:
        yield path, str(path)
        return
    with tempfile.TemporaryDirectory(prefix="governance-analytics-") as folder:
        try:
            if kind == "gzip":
                label, plain = str(path), Path(folder) / _inner_name(path)
                with gzip.open(path, "rb") as source, plain.open("wb") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
            else:
                with zipfile.ZipFile(path) as archive:
                    member = _member(archive, str(path))
                    label, plain = f"{path} → {member.filename}", Path(folder) / Path(member.filename).name
                    with archive.open(member) as source, plain.open("wb") as target:
                        shutil.copyfileobj(source, target, 1 << 20)
        except (EOFError, OSError, zlib.error, zipfile.BadZipFile) as err:
            raise ValueError(f"{path}: a damaged or truncated {kind} file ({err})") from None
        except (RuntimeError, NotImplementedError) as err:  # a password, or Deflate64 (Windows Explorer)
            raise ValueError(f"{path}: cannot be unpacked ({err}); unpack it yourself and give the table") from None
        yield plain, label
