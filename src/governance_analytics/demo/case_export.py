"""The Demo City's cases as a raw 数字城管 export, with planted defects for every cleaning rule.

The export has the Chinese headers of a grid-management system (the first name of each column in
:data:`governance_analytics.io.case_formats.GBT`), its status words (已结案, 处置中, 不予立案) and is
written in GBK, as such systems write it. It plants defects that the reader must catch, each recorded
with the case ids it touched:

========================  =====  ==========================================
defect                    rows   expected outcome of ``read_cases``
========================  =====  ==========================================
``duplicate_id``          20     rejected (the first copy is kept)
``created_sentinel``      10     rejected (上报时间 1900-01-01)
``created_unparseable``   10     rejected (上报时间 "待补录")
``closed_before``         10     rejected (结案时间 a day before 上报时间)
``zero_coordinates``      15     kept, flagged, not spatial
``no_coordinates``        15     kept, flagged, not spatial
``sentinel_closed_at``    10     kept, 结案时间 cleared, flagged
``unknown_category``      12     kept, flagged (大类 其它)
``out_of_area``           5      kept, flagged when the area is given
========================  =====  ==========================================

The city-hall pile-up of the canonical cases is in the export too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance_analytics.demo.cases import COLUMNS
from governance_analytics.io.case_formats import GBT

__all__ = ["DEFECTS", "STATUS_WORDS", "gbt_export"]

DEFECTS = {
    "duplicate_id": 20,
    "created_sentinel": 10,
    "created_unparseable": 10,
    "closed_before": 10,
    "zero_coordinates": 15,
    "no_coordinates": 15,
    "sentinel_closed_at": 10,
    "unknown_category": 12,
    "out_of_area": 5,
}
STATUS_WORDS = {"closed": "已结案", "open": "处置中", "not_filed": "不予立案"}
_TIME = "%Y-%m-%d %H:%M:%S"


def _plain(cases: pd.DataFrame) -> pd.DataFrame:
    """Canonical cases as the export's text columns (still canonical names)."""
    out = cases[list(COLUMNS)].copy()
    for column in ("created_at", "filed_at", "dispatched_at", "handled_at", "feedback_at", "closed_at", "due_at"):
        out[column] = out[column].dt.strftime(_TIME)
    out["status"] = out["status"].map(STATUS_WORDS)
    return out


def _plant(out: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    closed = np.flatnonzero((out["status"] == "已结案").to_numpy())
    picks = rng.choice(closed, size=sum(DEFECTS.values()), replace=False)
    planted, start = {}, 0
    for defect, n in DEFECTS.items():
        rows, start = picks[start : start + n], start + n
        planted[defect] = sorted(out["case_id"].iloc[rows].tolist())
        col = out.columns.get_loc
        if defect == "created_sentinel":
            out.iloc[rows, col("created_at")] = "1900-01-01 00:00:00"
        elif defect == "created_unparseable":
            out.iloc[rows, col("created_at")] = "待补录"
        elif defect == "closed_before":
            created = pd.to_datetime(out["created_at"].iloc[rows], format=_TIME)
            out.iloc[rows, col("closed_at")] = (created - pd.Timedelta(days=1)).dt.strftime(_TIME).to_numpy()
        elif defect == "zero_coordinates":
            out.iloc[rows, [col("lon"), col("lat"), col("x"), col("y")]] = 0.0
        elif defect == "no_coordinates":
            out.iloc[rows, [col("lon"), col("lat"), col("x"), col("y")]] = None
        elif defect == "sentinel_closed_at":
            out.iloc[rows, col("closed_at")] = "1900-01-01 00:00:00"
        elif defect == "unknown_category":
            out.iloc[rows, col("category")] = "其它"
        elif defect == "out_of_area":
            out.iloc[rows, col("lon")] = out["lon"].iloc[rows].astype(float) + 2.0
            out.iloc[rows, [col("x"), col("y")]] = None
    duplicates = out[out["case_id"].isin(planted["duplicate_id"])]
    return pd.concat([out, duplicates], ignore_index=True), planted


def gbt_export(cases: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """The canonical ``cases`` as a 数字城管 export with Chinese headers and planted defects.

    Returns
    -------
    export, truth
        The export (text, Chinese headers) and, per defect, the case ids it was planted in.
    """
    out, planted = _plant(_plain(cases), rng)
    headers = {canon: GBT.columns[canon][0] for canon in COLUMNS}
    truth = {"n_rows": int(len(out)), "defects": planted, "status_words": STATUS_WORDS}
    return out.rename(columns=headers), truth
