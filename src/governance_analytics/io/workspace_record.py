"""The record ``ingest`` leaves in a workspace's ``data/``: ``workspace.json``.

It holds the city's names, the CRS of x/y, the unit grid's definition, per source file the rows read,
accepted and rejected with its SHA-256, and every cleaning rule's count — what the report states about
data it did not read itself (:func:`governance_analytics.io.ingest.ingest` writes it).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

__all__ = ["WORKSPACE_FILE", "read_workspace", "sha256"]

#: What ingest records about the workspace, in ``data/``.
WORKSPACE_FILE = "workspace.json"


def read_workspace(data_dir: str | os.PathLike) -> dict | None:
    """The ``workspace.json`` ingest wrote into ``data_dir``, or ``None`` when there is none."""
    path = Path(data_dir) / WORKSPACE_FILE
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ValueError(f"{path}: cannot be read as the workspace record ({err}); run ingest again") from None


def sha256(path: str | os.PathLike) -> str:
    """Hex SHA-256 of a file's bytes; of a folder of Parquet files (``cases/year=…``), the SHA-256 of
    its files' relative paths and their own SHA-256s, in path order (inputs are recorded by it)."""
    path = Path(path)
    digest = hashlib.sha256()
    if path.is_dir():
        for part in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(f"{part.relative_to(path).as_posix()}\t{sha256(part)}\n".encode())
        return digest.hexdigest()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
