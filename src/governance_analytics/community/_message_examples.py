"""Typical messages of a group (a topic, a community): the messages that read most like the group as
a whole, chosen by a fixed rule so that a report shows the same examples every time it is built.
Public through :mod:`governance_analytics.community.messages`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from governance_analytics.community._text import JiebaTokenizer, message_documents

__all__ = ["typical_messages"]


def typical_messages(messages: pd.DataFrame, *, by: str, n: int = 2, min_chars: int = 20) -> pd.DataFrame:
    """The ``n`` messages of each group closest to the group's TF-IDF centroid.

    Every message (``title`` and ``text``, :func:`~._text.message_documents`) is a TF-IDF vector
    over the words of all the messages given (jieba words of two or more characters, stop words and
    numbers left out; ``tf = 1 + log(count)``, ``idf = ln((1 + N) / (1 + df)) + 1``; rows
    L2-normalised). A group's centroid is the mean of its messages' vectors, and a message's
    ``similarity`` is the cosine between its vector and its group's centroid: the message that
    shares most of the words the group's messages use, weighted by how distinctive they are — the
    centroid rule of multi-document summarisation. Candidates are the messages whose ``text`` has at
    least ``min_chars`` characters (all the group's messages when none has); a text identical to one
    already chosen is skipped. Ties are broken by the order of ``messages``, so the choice is
    deterministic.

    Parameters
    ----------
    messages
        Canonical ``messages`` (``title``, ``text``) with the ``by`` column; messages with a missing
        group are left out.
    by
        Grouping column, e.g. ``"topic"``.
    n
        Messages per group (fewer when a group has fewer distinct candidates).
    min_chars
        Shortest ``text`` worth showing as an example.

    Returns
    -------
    DataFrame
        ``by``, ``rank`` (1 = closest to the centroid), ``position`` (of the message in ``messages``),
        ``similarity``, ``n_messages`` (of the group); groups sorted by ``by``.

    References
    ----------
    Radev, D. R., Jing, H., Styś, M. & Tam, D. (2004) Centroid-based summarization of multiple
    documents, *Information Processing & Management* 40, 919–938. Manning, Raghavan & Schütze (2008)
    *Introduction to Information Retrieval*, sections 6.3 (cosine similarity) and 14.2 (centroids).
    """
    if n < 1:
        raise ValueError(f"n: expected at least 1 message per group, got {n}")
    if by not in messages:
        raise ValueError(f"messages: no column {by!r} to group by; found {list(messages.columns)}")
    columns = [by, "rank", "position", "similarity", "n_messages"]
    positions = np.flatnonzero(messages[by].notna().to_numpy())
    if not len(positions):
        return pd.DataFrame(columns=columns)
    kept = messages.iloc[positions]
    docs = message_documents(kept).tolist()
    vectorizer = TfidfVectorizer(
        tokenizer=JiebaTokenizer(min_chars=2), token_pattern=None, lowercase=False, sublinear_tf=True
    )
    try:
        vectors = vectorizer.fit_transform(docs).tocsr()
    except ValueError:  # no message has a word: every similarity is 0
        vectors = None
    texts = kept["text"].astype("str").where(kept["text"].notna(), "").str.strip().to_numpy()
    groups = kept[by].to_numpy()
    rows = []
    for group in sorted(pd.unique(groups)):
        members = np.flatnonzero(groups == group)
        if vectors is None:
            similarity = np.zeros(len(members))
        else:
            centroid = np.asarray(vectors[members].mean(axis=0)).ravel()
            norm = np.linalg.norm(centroid)
            similarity = vectors[members] @ centroid / norm if norm > 0 else np.zeros(len(members))
        long_enough = np.array([len(t) >= min_chars for t in texts[members]])
        candidates = np.flatnonzero(long_enough) if long_enough.any() else np.arange(len(members))
        order = candidates[np.lexsort((candidates, -similarity[candidates]))]
        chosen, seen = [], set()
        for i in order:
            if texts[members[i]] in seen:
                continue
            seen.add(texts[members[i]])
            chosen.append(i)
            if len(chosen) == n:
                break
        rows += [
            {
                by: group,
                "rank": rank,
                "position": int(positions[members[i]]),
                "similarity": float(similarity[i]),
                "n_messages": len(members),
            }
            for rank, i in enumerate(chosen, start=1)
        ]
    return pd.DataFrame(rows, columns=columns)
