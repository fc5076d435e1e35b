"""Indicators from resident messages: the share of each community's messages per category, and the
days to the government's reply (a service indicator). Public through
:mod:`governance_analytics.community.messages`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from governance_analytics.community._text import message_documents

if TYPE_CHECKING:
    from typing_extensions import TypeIs

__all__ = ["TOPIC_PROBLEMS", "pooled_shares", "problem_message_shares", "problem_shares", "reply_times"]

#: Message topic → the community-governance problem it mostly signals (editable: pass ``mapping=``).
#: Property disputes and parking point at unsorted actor relations (物业、业委会、居委会); neighbour
#: disputes and illegal building at weak self-governance; sanitation and noise at thin co-governance
#: networks; elderly care at needs outrunning services; "hard to get things done" at an
#: administration-led office. Unstable staff has no topic of its own: messages do not signal it.
TOPIC_PROBLEMS = {
    "物业管理": "tangled_actor_relations",
    "停车难": "tangled_actor_relations",
    "邻里纠纷": "weak_self_governance",
    "违章搭建": "weak_self_governance",
    "环境卫生": "uneven_co_governance",
    "噪声扰民": "uneven_co_governance",
    "养老服务": "needs_outrun_services",
    "社区服务办事难": "administration_led",
}


class Classifier(Protocol):
    """A fitted text classifier such as :class:`~governance_analytics.community.messages.MessageClassifier`."""

    classes_: np.ndarray

    def predict(self, texts: Sequence[str]) -> np.ndarray: ...

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...


def _is_classifier(value: object) -> TypeIs[Classifier]:
    """Whether ``value`` is a fitted classifier, not labels (a column name or one label per message)."""
    return hasattr(value, "predict") and not isinstance(value, (str, pd.Series))


def problem_shares(
    messages: pd.DataFrame,
    classifier_or_labels: Classifier | str | Sequence[str] | pd.Series,
    *,
    by: str | list[str] = "community_id",
    method: str = "count",
) -> pd.DataFrame:
    """Share of each group's messages in each category: an indicator of what a community complains of.

    ``share(g, c) = count(g, c) / n(g)``. With a fitted classifier, ``method="count"`` counts the
    predicted categories (classify and count); ``method="probability"`` sums the predicted
    probabilities, ``count(g, c) = Σ_i P(c | text_i)`` (probabilistic classify and count), which
    does not round each uncertain message to one category.

    Parameters
    ----------
    messages
        Canonical ``messages`` with the ``by`` column(s).
    classifier_or_labels
        A fitted classifier of texts, e.g. a :class:`~governance_analytics.community.messages.MessageClassifier`
        (applied to :func:`~governance_analytics.community.messages.message_documents`), the name of a
        column of ``messages`` holding categories, or one category per message.
    by
        Grouping column(s); messages with a missing group or category are left out.
    method
        ``"count"`` or ``"probability"`` (a classifier only).

    Returns
    -------
    DataFrame
        ``by`` column(s), ``category``, ``n_messages`` (of the group), ``count`` and ``share``: every
        group × category, zeros included, so that each group's shares sum to 1.

    References
    ----------
    Forman (2008); Bella, A., Ferri, C., Hernández-Orallo, J. & Ramírez-Quintana, M. J. (2010)
    Quantification via probability estimators, *IEEE ICDM*, 737–742.
    """
    keys = [by] if isinstance(by, str) else list(by)
    if method not in ("count", "probability"):
        raise ValueError(f"method: expected 'count' or 'probability', got {method!r}")
    if _is_classifier(classifier_or_labels):
        classes = list(classifier_or_labels.classes_)
        docs = message_documents(messages)
        if method == "probability":
            weights = pd.DataFrame(classifier_or_labels.predict_proba(docs), index=messages.index, columns=classes)
        else:
            weights = _indicators(pd.Series(classifier_or_labels.predict(docs), index=messages.index), classes)
    else:
        if method != "count":
            raise ValueError("method='probability' needs a fitted classifier")
        values = messages[classifier_or_labels] if isinstance(classifier_or_labels, str) else list(classifier_or_labels)
        if len(values) != len(messages):
            raise ValueError(f"labels: {len(values)} for {len(messages)} messages (one per message, in order)")
        labels = pd.Series(list(values), index=messages.index)
        labels = labels[labels.notna()].astype(str)
        classes = sorted(labels.unique())
        weights = _indicators(labels, classes)
    groups = messages.loc[weights.index, keys]
    ok = groups.notna().all(axis=1)
    grouped = weights[ok].groupby([groups.loc[ok, k] for k in keys], sort=True)
    wide = grouped.sum().assign(n_messages=grouped.size()).reset_index()
    long = wide.melt(id_vars=[*keys, "n_messages"], value_vars=classes, var_name="category", value_name="count")
    long["category"] = pd.Categorical(long["category"], categories=classes)
    long = long.sort_values([*keys, "category"], kind="stable").reset_index(drop=True)
    long["category"] = long["category"].astype(str)
    long["share"] = long["count"] / long["n_messages"]
    return long[[*keys, "category", "n_messages", "count", "share"]]


def pooled_shares(
    shares: pd.DataFrame, *, groups: pd.Series | None = None, by: str = "community_id", lift: bool = False
) -> pd.DataFrame:
    """Category mix of the messages of groups of communities, pooled: every message counts once.

    .. math::

        \\text{share}(G, c) = \\frac{\\sum_{g \\in G} \\text{count}(g, c)}
                                  {\\sum_{g \\in G} \\sum_{c'} \\text{count}(g, c')}, \\qquad
        \\text{lift}(G, c) = \\text{share}(G, c) / \\text{share}(\\text{all}, c),

    so a community with many messages weighs more than one with few (not the mean of the communities'
    shares). The lift says how much more (> 1) or less (< 1) often the group's residents write about
    ``c`` than the whole city's.

    Parameters
    ----------
    shares
        Output of :func:`problem_shares` (``by``, ``category``, ``count``).
    groups
        Group label per value of ``by`` (index: e.g. community ids), such as each community's dominant
        problem; every group of ``shares`` must have one (fill missing labels first). Default: one
        group, ``"all"``.
    by
        The grouping column of ``shares``.
    lift
        Return :math:`\\text{lift}(G, c)` instead of :math:`\\text{share}(G, c)`.

    Returns
    -------
    DataFrame
        One row per group (index named after ``groups``, sorted), one column per category (in the
        order of ``shares``); each row sums to 1 unless ``lift``.
    """
    missing = [c for c in (by, "category", "count") if c not in shares.columns]
    if missing:
        raise ValueError(f"pooled_shares needs a problem_shares table; missing column(s) {missing}")
    if groups is None:
        label = pd.Series("all", index=shares.index, name="group")
    else:
        label = shares[by].map(groups)
        unlabelled = shares.loc[label.isna(), by].unique()
        if len(unlabelled):
            raise ValueError(
                f"{len(unlabelled)} {by} value(s) have no group, e.g. {sorted(unlabelled)[:5]}; "
                "fill the missing labels first"
            )
        label = label.rename(groups.name if groups.name is not None else "group")
    categories = list(dict.fromkeys(shares["category"]))
    counts = shares.groupby([label, shares["category"]])["count"].sum().unstack("category")[categories]
    mix = counts.div(counts.sum(axis=1), axis=0)
    if lift:
        overall = shares.groupby("category")["count"].sum()[categories]
        mix = mix / (overall / overall.sum())
    mix.columns.name = "category"
    return mix.sort_index()


def _indicators(labels: pd.Series, classes: list[str]) -> pd.DataFrame:
    """0/1 columns, one per class, for each labelled row."""
    return pd.DataFrame({c: (labels == c).astype("int64") for c in classes}, index=labels.index)


def reply_times(
    messages: pd.DataFrame, *, by: str | list[str] | None = None, within: float | None = None
) -> pd.DataFrame:
    """Days from a message to the government's reply: median and 90th percentile, a service indicator.

    ``days = (replied_at − received_at) / 24 h`` in calendar days. Quantiles follow Hyndman & Fan's
    definition 7 (linear interpolation, the numpy and pandas default). Messages are never dropped
    silently: those without a reply time are counted in ``n_unreplied`` and those with a reply
    before their receipt (a data error) in ``n_invalid``; both are left out of the quantiles.

    With a time limit ``within`` (days), ``n_within`` counts the messages replied within it
    (``days ≤ within``) and ``share_within = n_within / (n_messages − n_invalid)``: a message not
    (yet) replied counts as not replied in time. Messages received shortly before the data were
    extracted may still be answered in time, so read the share of the latest days with care.

    Parameters
    ----------
    messages
        Canonical ``messages`` with ``received_at`` and ``replied_at``.
    by
        Grouping column(s), e.g. ``"label"`` or ``"community_id"``; ``None`` for all messages.
    within
        A reply time limit in days (the norm the city sets itself); ``None`` for none.

    Returns
    -------
    DataFrame
        ``by`` column(s) (none when ``by`` is ``None``), ``n_messages``, ``n_replied``, ``n_unreplied``,
        ``n_invalid`` (``n_messages = n_replied + n_unreplied + n_invalid``), ``median_days``,
        ``p90_days`` (missing when nothing was replied) and, with ``within``, ``n_within`` and
        ``share_within`` (missing when every message is invalid).

    References
    ----------
    Hyndman, R. J. & Fan, Y. (1996) Sample quantiles in statistical packages, *The American
    Statistician* 50(4), 361–365.
    """
    for column in ("received_at", "replied_at"):
        if column not in messages:
            raise ValueError(f"messages: column {column!r} is needed for reply times; found {list(messages.columns)}")
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    days = (messages["replied_at"] - messages["received_at"]).dt.total_seconds() / 86_400.0
    frame = messages[keys].assign(days=days.where(days >= 0), unreplied=days.isna(), invalid=days < 0, _all=0)
    out = frame.groupby(keys or ["_all"], sort=True, dropna=False).agg(
        n_messages=("days", "size"),
        n_replied=("days", "count"),
        n_unreplied=("unreplied", "sum"),
        n_invalid=("invalid", "sum"),
        median_days=("days", "median"),
        p90_days=("days", _p90),
    )
    out = out.reset_index().drop(columns=[] if keys else ["_all"])
    counts = ["n_messages", "n_replied", "n_unreplied", "n_invalid"]
    out = out.astype({c: "int64" for c in counts} | {"median_days": float, "p90_days": float})
    if within is None:
        return out
    if not within >= 0:
        raise ValueError(f"within: expected a time limit of 0 days or more, got {within!r}")
    # a missing or invalid (negative, already blanked) time is not in time
    in_time = (
        frame.assign(in_time=frame["days"] <= within)
        .groupby(keys or ["_all"], sort=True, dropna=False)["in_time"]
        .sum()
    )
    out["n_within"] = in_time.to_numpy().astype("int64")
    valid = out["n_messages"] - out["n_invalid"]
    out["share_within"] = (out["n_within"] / valid.where(valid > 0)).astype(float)
    return out


def _p90(days: pd.Series) -> float:
    return float(days.quantile(0.9)) if days.notna().any() else np.nan


def problem_message_shares(
    shares: pd.DataFrame, *, mapping: dict[str, str] | None = None, by: str | list[str] = "community_id"
) -> pd.DataFrame:
    """Share of each group's messages that signal each problem: topic shares folded by ``mapping``.

    ``share(g, p) = Σ_{c: mapping[c] = p} share(g, c)`` from a :func:`problem_shares` table whose
    categories are topics (default mapping :data:`TOPIC_PROBLEMS`); topics without a problem count in
    the denominator only. Returns one row per group, one column per problem — an indicator to set
    beside the composite index's dimensions.
    """
    mapping = TOPIC_PROBLEMS if mapping is None else mapping
    keys = [by] if isinstance(by, str) else list(by)
    problem = shares["category"].map(mapping)
    folded = shares.assign(problem=problem).dropna(subset=["problem"])
    return folded.pivot_table(index=keys, columns="problem", values="share", aggfunc="sum", fill_value=0.0)
