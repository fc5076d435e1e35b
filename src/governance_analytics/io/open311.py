"""Open311 GeoReport v2 service requests (JSON) as a raw table of strings."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from governance_analytics.io.tables import UnreadableFile

__all__ = ["read_open311"]


def read_open311(path: str | os.PathLike, *, encoding: str | None = None) -> pd.DataFrame:
    """Read a GeoReport v2 ``requests.json`` response: a list of service requests, or an object
    holding one under ``service_requests``/``requests``.

    Every value is kept as text. GeoReport v2 has no closing time; for requests whose ``status`` is
    ``closed`` the last ``updated_datetime`` is taken as the closing time (``closed_datetime``).

    References
    ----------
    Open311 GeoReport v2, GET Service Requests (wiki.open311.org/GeoReport_v2).
    """
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding=encoding or "utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise UnreadableFile(f"{path}: cannot be read as Open311 JSON ({err})") from err
    if isinstance(payload, dict):
        payload = payload.get("service_requests", payload.get("requests"))
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        raise UnreadableFile(f"{path}: expected a JSON list of service requests (GeoReport v2)")
    frame = pd.DataFrame(payload)
    frame = frame.astype("str").where(frame.notna())
    if "status" in frame and "updated_datetime" in frame:
        closed = frame["status"].str.lower().eq("closed")
        frame["closed_datetime"] = frame["updated_datetime"].where(closed)
    return frame
