"""Read resident messages (留言) into the canonical ``messages`` table, without the writer's identity.

>>> result = read_messages("citizen_messages_labelled.csv")            # doctest: +SKIP
>>> result.messages, result.rejects, result.summary()                   # doctest: +SKIP

Formats
-------
``"tipdm"``
    The message-board export of the 2020 TipDM Cup (泰迪杯) problem C, 智慧政务中的文本挖掘应用:
    留言编号, 留言用户, 留言主题, 留言时间 (``2020/1/6 12:09:38``), 留言详情, and where present
    一级分类 (the department class), 答复意见 and 答复时间 (the government's reply).
``"canonical"``
    A file that already has the canonical column names (``message_id``, ``received_at``, ``text`` …),
    such as the Demo City's ``messages.csv``; other columns (``topic``, ``label``) are kept.

Personal data
-------------
留言用户 (the writer's user id) is personal data. It is dropped: it is not in the canonical table, not
in the rejects, and where it is quoted in a text — replies open with 网友“A000110735”：您好 — it is
replaced by ``[用户]``. Lines the CSV parser could not split are rejected without their raw text for
the same reason. ``MessageReadResult.dropped`` names the dropped columns. Phone and ID numbers inside
the texts stay (they are needed to read the message); mask them before showing a text
(:func:`governance_analytics.community.messages.scrub_pii`).

Cleaning
--------
Texts lose leading and trailing whitespace, including the full-width indentation (``\\u3000``); a run
of whitespace holding a line break or tab (the export's stray ``\\n\\t\\t…``) becomes one line break;
other runs of spaces become one space. A text that is then empty is missing, and a message without
text is rejected. A ``message_id`` given twice with different labels is rejected both times (which
label is right cannot be told); other repeated ids keep their first row (the house rule).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from governance_analytics import schemas
from governance_analytics.io.conform import ReadResult, SchemaViolation, conform
from governance_analytics.io.tables import read_raw

__all__ = ["MESSAGE_FORMATS", "MessageReadResult", "read_messages"]

USER_PLACEHOLDER = "[用户]"
_EXTRA = ("label", "reply_text", "replied_at")
_TEXTS = ("title", "text", "reply_text")


@dataclass(frozen=True)
class _Format:
    """Canonical column → the file's column; the personal columns to drop; date formats to try first."""

    columns: Mapping[str, str]
    required: tuple[str, ...]
    personal: tuple[str, ...] = ()
    date_format: str | None = None


#: The known message exports.
MESSAGE_FORMATS: dict[str, _Format] = {
    "tipdm": _Format(
        columns={
            "message_id": "留言编号",
            "title": "留言主题",
            "received_at": "留言时间",
            "text": "留言详情",
            "label": "一级分类",
            "reply_text": "答复意见",
            "replied_at": "答复时间",
        },
        required=("message_id", "received_at", "text"),
        personal=("留言用户",),
        date_format="%Y/%m/%d %H:%M:%S",
    ),
    "canonical": _Format(
        columns={c: c for c in (*schemas.messages.columns, *_EXTRA)},
        required=("message_id", "received_at", "text"),
    ),
}

# the canonical table, with the optional label and reply columns typed and checked too
_SCHEMA = schemas.messages.add_columns(
    {
        "label": pa.Column(str, nullable=True, required=False),
        "reply_text": pa.Column(str, nullable=True, required=False),
        "replied_at": pa.Column(schemas.TIMESTAMP, nullable=True, required=False),
    }
)


@dataclass(frozen=True)
class MessageReadResult(ReadResult):
    """A :class:`ReadResult` of messages: ``messages`` (= ``data``), ``rejects`` (raw rows without the
    personal columns, with ``row`` and ``reason``), ``n_read``, the ``format`` read and the columns
    ``dropped`` as personal data."""

    format: str = ""
    dropped: tuple[str, ...] = ()

    @property
    def messages(self) -> pd.DataFrame:
        return self.data


def clean_text(values: pd.Series) -> pd.Series:
    """Texts without the export's whitespace runs (see the module notes); empty → missing."""
    text = values.astype("str").where(values.notna())
    text = text.str.replace(r"\s*[\r\n\t]\s*", "\n", regex=True).str.replace(r"[ \u00a0\u3000]+", " ", regex=True)
    text = text.str.strip()
    return text.where(text != "")


def _mask_users(frame: pd.DataFrame, users: pd.Series) -> pd.DataFrame:
    """Replace each row's own user id where its texts quote it."""
    out = frame.copy()
    for column in _TEXTS:
        if column not in out:
            continue
        out[column] = [
            t.replace(u, USER_PLACEHOLDER) if isinstance(t, str) and isinstance(u, str) and u.strip() else t
            for t, u in zip(out[column], users)
        ]
    return out


def _conflicting_labels(frame: pd.DataFrame) -> pd.Series:
    """Reasons for the rows whose id recurs with a different label ('' for the others)."""
    reasons = pd.Series("", index=frame.index, dtype=object)
    if "label" not in frame:
        return reasons
    ids = frame["message_id"].astype("str").str.strip()
    labels = frame["label"].astype("str").str.strip().where(frame["label"].notna())
    n_labels = labels.groupby(ids).transform(lambda s: s.dropna().nunique())
    bad = n_labels > 1
    for key, group in labels[bad].groupby(ids[bad]):
        reasons[group.index] = (
            f"message_id: {key!r} appears {len(group)} times with different labels "
            f"({', '.join(sorted(group.dropna().unique()))}); none is kept"
        )
    return reasons


def read_messages(
    path: str | os.PathLike,
    *,
    format: str = "tipdm",
    encoding: str | None = None,
    tz: str = "Asia/Shanghai",
) -> MessageReadResult:
    """Read a message export into the canonical ``messages`` table.

    Parameters
    ----------
    path
        CSV or XLSX (UTF-8, UTF-8 with BOM, GBK/GB18030).
    format
        ``"tipdm"`` or ``"canonical"`` (see the module notes).
    encoding
        Text encoding; detected when ``None``.
    tz
        The city's time zone, for timestamps that carry a UTC offset.

    Returns
    -------
    MessageReadResult
        ``messages``: ``message_id``, ``received_at``, ``community_id`` (missing in a TipDM export),
        ``title``, ``text``, and where the file has them ``label`` (一级分类), ``reply_text`` and
        ``replied_at``; ``rejects`` with ``row`` (file row, header = 1) and ``reason``;
        ``n_read == len(messages) + len(rejects)``. The user column is dropped (``dropped``).

    Raises
    ------
    SchemaViolation
        When a column the format needs is missing, naming the file and the columns.
    """
    if format not in MESSAGE_FORMATS:
        raise ValueError(f"unknown message format {format!r}; expected one of {sorted(MESSAGE_FORMATS)}")
    spec = MESSAGE_FORMATS[format]
    path = Path(path)
    source = str(path)
    raw, rows, malformed, used = read_raw(path, encoding=encoding)
    missing = [spec.columns[c] for c in spec.required if spec.columns[c] not in raw]
    if missing:
        raise SchemaViolation(
            f"{source}: missing column(s) {missing} of the {format} message format; found {list(raw.columns)}"
        )
    personal = tuple(c for c in spec.personal if c in raw)
    frame = pd.DataFrame({canon: raw[col] for canon, col in spec.columns.items() if col in raw}, index=raw.index)
    if format == "canonical":
        others = [c for c in raw.columns if c not in frame]
        frame = pd.concat([frame, raw[others]], axis=1)
    if "community_id" not in frame:
        frame["community_id"] = None
    for column in _TEXTS:
        if column in frame:
            frame[column] = clean_text(frame[column])
    if personal:
        frame = _mask_users(frame, raw[personal[0]])
    canonical = [c for c in schemas.messages.columns if c not in _EXTRA]  # the optional replied_at goes last
    order = [c for c in (*canonical, *_EXTRA) if c in frame]
    frame = frame[order + [c for c in frame.columns if c not in order]]

    conflict = _conflicting_labels(frame)
    keep = conflict == ""
    dates = {c: spec.date_format for c in ("received_at", "replied_at")} if spec.date_format else None
    checked = conform(frame[keep], _SCHEMA, source=source, rows=rows[keep], tz=tz, date_formats=dates)

    shown = raw.drop(columns=list(personal)).set_axis(rows.to_numpy())
    rejected = np.concatenate([rows[~keep].to_numpy(), checked.rejects["row"].to_numpy()])
    reasons = np.concatenate([conflict[~keep].to_numpy(), checked.rejects["reason"].to_numpy()])
    rejects = shown.loc[rejected].reset_index(drop=True).assign(row=rejected, reason=reasons)
    if len(malformed):
        extra = malformed if "row" in malformed else malformed.assign(row=pd.NA)  # XLSX has none
        if personal:
            extra = extra.assign(
                raw=None, reason=extra["reason"] + "; the raw line is withheld (it may hold the user id)"
            )
        rejects = pd.concat([rejects, extra], ignore_index=True)
    return MessageReadResult(
        checked.data, rejects, len(raw) + len(malformed), source, used, format=format, dropped=personal
    )
