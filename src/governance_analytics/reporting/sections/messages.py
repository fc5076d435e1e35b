"""Resident messages (居民留言): what residents wrote about in the period against the comparison
period, the community-governance problems it points to, how fast they were answered, the keywords
and typical messages of the leading topics.

Numbers come from the package: counts and their test from :func:`governance_analytics.cases.summary.period_counts`
(placed in periods by ``received_at``), problem shares from
:func:`~governance_analytics.community.messages.problem_shares` and
:func:`~governance_analytics.community.messages.problem_message_shares`, reply times from
:func:`~governance_analytics.community.messages.reply_times`, keywords from
:func:`~governance_analytics.community.messages.topic_keywords`, typical messages from
:func:`~governance_analytics.community.messages.typical_messages`; this module chooses what to show,
words it and withholds.

Topics are the data's labels (a ``topic`` column, else ``label``); without one the section states
the total only, with a note. Reply times need ``replied_at``.

Disclosure: messages are written by residents, so the topic table is a frequency table — small
counts are withheld and complements chosen so that they cannot be worked back from its total row
(:func:`~governance_analytics.reporting.display.publish_table`). Every other figure repeats or is
derived from those counts and is withheld with them: a problem's share where one of its topics'
counts is withheld (the problem table then tells no more than the topic table), reply figures of a
withheld topic or of fewer than ``threshold`` replies, a share replied in time that would reveal a
small count; keywords and examples only for topics published with at least ``threshold`` messages.
Examples are shown with phone, ID, house and plate numbers masked (again, though the inputs are
already scrubbed: defence in depth), never with an id.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from governance_analytics.cases import summary
from governance_analytics.community.framework import default_framework
from governance_analytics.community.messages import (
    TOPIC_PROBLEMS,
    problem_message_shares,
    problem_shares,
    reply_times,
    scrub_addresses,
    scrub_pii,
    topic_keywords,
    typical_messages,
)
from governance_analytics.privacy import is_small
from governance_analytics.reporting import i18n
from governance_analytics.reporting.actions import recommend
from governance_analytics.reporting.content import Figure, Recommendation, Section, Table
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.display import Published, publish_table
from governance_analytics.reporting.figures.charts import bar_chart
from governance_analytics.reporting.sections._period_counts import (
    p_text,
    pct_change,
    published_with_total,
    significance,
)
from governance_analytics.reporting.sections._registry import register

#: Columns that may hold a message's topic, in order of preference.
LABEL_COLUMNS = ("topic", "label")
#: Topics with keywords and typical messages; keywords per topic; examples per topic; excerpt length.
N_LEADING, N_KEYWORDS, N_EXAMPLES, EXCERPT_CHARS = 3, 5, 2, 80
#: Shortest text worth showing as an example.
MIN_EXAMPLE_CHARS = 20
#: Rising topics and slow topics stated (each with its recommendation), at most.
N_FLAGGED = 2

_SENTENCE_END = re.compile(r"[。！？!?；;]")


# --------------------------------------------------------------------------------------- helpers
def _label_column(messages: pd.DataFrame) -> str | None:
    return next((c for c in LABEL_COLUMNS if c in messages and messages[c].notna().any()), None)


def _scrubbed(messages: pd.DataFrame) -> pd.DataFrame:
    """Titles and texts with phone and ID numbers masked once more (the inputs already are)."""
    out = messages.copy()
    for column in ("title", "text"):
        if column in out:
            out[column] = out[column].map(scrub_pii, na_action="ignore")
    return out


def _excerpt(text: str, chars: int = EXCERPT_CHARS) -> str:
    """``text`` masked and cut to at most ``chars`` characters, at the last sentence end past half
    of it when there is one, marked ``…`` when cut."""
    text = " ".join((scrub_addresses(scrub_pii(text)) or "").split())
    if len(text) <= chars:
        return text
    head = text[: chars - 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head) if m.end() >= chars // 2]
    return (head[: ends[-1]] if ends else head) + "…"


def _days(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:.1f}"


def _problem_names(lang: str) -> pd.Series:
    return default_framework().dimensions[f"label_{lang}"]


def _topic(value: str, lang: str) -> str:
    return i18n.label(value, lang)


# ----------------------------------------------------------------------------------- topic table
def _topic_counts(messages: pd.DataFrame, label: str, ctx: ReportContext) -> pd.DataFrame:
    """Messages per topic in the period and the comparison period (unlabelled ones as a topic of
    their own), largest first, ties by topic."""
    counts = summary.period_counts(messages, ctx.period, ctx.compare, by=label, at="received_at")
    counts = counts.rename_axis("topic").reset_index()
    counts = counts.sort_values(["n", "topic"], ascending=[False, True], kind="stable").set_index("topic")
    return counts


def _published_topics(counts: pd.DataFrame, total: pd.DataFrame, ctx: ReportContext) -> Published:
    """The topic table with its total row, small counts withheld and complements chosen so that none
    can be worked back from the total."""
    lang = ctx.lang
    problems = _problem_names(lang)
    shown = counts.assign(problem=[problems.get(TOPIC_PROBLEMS.get(t), "") for t in counts.index])
    total_row = total.assign(problem="").set_axis(pd.Index([i18n.text("total_row", lang)], name="topic"))
    shown = pd.concat([shown, total_row])
    shown = shown.rename(columns={"n": "n_messages", "n_compare": "n_messages_compare"})
    shown = shown[["problem", "n_messages", "n_messages_compare", "change", "rate_ratio", "p_value", "share"]]
    shown["p_value"] = shown["p_value"].map(p_text)
    return published_with_total(shown, ctx, counts=["n_messages", "n_messages_compare"])


def _topic_findings(
    counts: pd.DataFrame, hidden: pd.DataFrame, unlabelled: str, ctx: ReportContext
) -> tuple[list[str], list[Recommendation]]:
    """The leading topic, and the topics whose count rose significantly (each with its rule's action);
    only counts that the table publishes are stated."""
    lang, t = ctx.lang, ctx.threshold
    shown = counts[~hidden.loc[counts.index, ["n_messages", "n_messages_compare"]].any(axis=1)]
    shown = shown[shown.index != unlabelled]
    found, actions = [], []
    if len(shown) and shown["n"].iloc[0] >= t:
        topic, row = shown.index[0], shown.iloc[0]
        found.append(
            i18n.text(
                "finding_messages_top",
                lang,
                topic=_topic(topic, lang),
                n=i18n.number(row["n"], lang),
                share=i18n.percent(row["share"], lang),
                compare=ctx.compare.label,
                n_compare=i18n.number(row["n_compare"], lang),
            )
        )
    rising = shown[
        (shown["n"] >= t) & (shown["n_compare"] >= t) & (shown["p_value"] < ctx.alpha) & (shown["rate_ratio"] > 1)
    ].sort_values("rate_ratio", ascending=False, kind="stable")
    for topic, row in rising.head(N_FLAGGED).iterrows():
        found.append(
            i18n.text(
                "finding_messages_rise",
                lang,
                topic=_topic(topic, lang),
                n=i18n.number(row["n"], lang),
                n_compare=i18n.number(row["n_compare"], lang),
                compare=ctx.compare.label,
                pct=pct_change(row["n"], row["n_compare"], ctx)[1],
                significance=significance(row["p_value"], ctx),
            )
        )
        actions.append(recommend("messages_rise", found[-1], lang, topic=_topic(topic, lang)))
    return found, actions


def _topic_figure(counts: pd.DataFrame, published: Published, ctx: ReportContext) -> Figure:
    """Period counts by topic, withheld as in the topic table."""
    lang, safe = ctx.lang, published.suppressed
    bars = counts["n"].where(~safe.hidden.loc[counts.index, "n_messages"]).astype(float)
    bars.index = [_topic(t, lang) for t in counts.index]
    title = i18n.text("fig_messages_topics", lang, period=ctx.period.label)
    suppressed = i18n.text("bars_withheld", lang) if safe.secondary["n_messages"].any() else f"<{ctx.threshold}"
    return Figure(
        "topics", title, bar_chart(bars, title=title, xlabel=i18n.text("messages_n", lang), suppressed_label=suppressed)
    )


# --------------------------------------------------------------------------------- problem table
def _problem_table(
    messages: pd.DataFrame,
    label: str,
    in_period: pd.Series,
    in_compare: pd.Series,
    hidden: pd.DataFrame,
    ctx: ReportContext,
) -> tuple[Table, str | None] | None:
    """Share of the messages pointing to each of the six problems, now and in the comparison period,
    withheld where one of the problem's topics has its count withheld; and the finding on the
    problem most pointed to. ``None`` when no topic points to a problem."""
    lang = ctx.lang
    if not set(messages.loc[in_period | in_compare, label]) & set(TOPIC_PROBLEMS):
        return None
    both = messages[in_period | in_compare].assign(
        _period=np.where(in_period[in_period | in_compare], "now", "compare")
    )
    folded = problem_message_shares(problem_shares(both, label, by="_period"), by="_period")
    names = _problem_names(lang)
    signalled = set(TOPIC_PROBLEMS.values())
    table = pd.DataFrame(index=pd.Index(names.index, name="problem"))
    for column, period in (("share", "now"), ("share_compare", "compare")):
        row = folded.loc[period] if period in folded.index else pd.Series(dtype=float)
        table[column] = [
            row.get(p, 0.0 if period in folded.index else np.nan) if p in signalled else np.nan for p in table.index
        ]
        count = "n_messages" if period == "now" else "n_messages_compare"
        withheld = {TOPIC_PROBLEMS[topic] for topic in hidden.index[hidden[count]] if topic in TOPIC_PROBLEMS}
        table[column] = table[column].astype(object).where(~table.index.isin(withheld), None)
    change = [
        None if a is None or b is None or pd.isna(a) or pd.isna(b) else f"{100 * (a - b):+.1f}"
        for a, b in zip(table["share"], table["share_compare"])
    ]
    table["share_points"] = change
    finding = None
    published = table[[isinstance(v, float) and pd.notna(v) for v in table["share"]]]
    published = published[[isinstance(v, float) and pd.notna(v) for v in published["share_compare"]]]
    if len(published) and max(published["share"]) > 0:
        top = max(published.index, key=lambda p: (published.loc[p, "share"], -list(names.index).index(p)))
        finding = i18n.text(
            "finding_messages_problem",
            lang,
            problem=names[top],
            compare=ctx.compare.label,
            share=i18n.percent(published.loc[top, "share"], lang),
            share_compare=i18n.percent(published.loc[top, "share_compare"], lang),
        )
    shown = table.rename(index=names)
    frame = publish_table(shown, lang=lang, threshold=ctx.threshold, percent=["share", "share_compare"]).frame
    quiet = [names[p] for p in names.index if p not in signalled]
    note = i18n.text("note_messages_problems", lang, problems="”“".join(quiet)) if quiet else ""
    return Table("problems", i18n.text("tab_messages_problems", lang), frame, note), finding


# ----------------------------------------------------------------------------------- reply times
def _limit(ctx: ReportContext) -> float | int:
    """The reply-time limit in days (:class:`~governance_analytics.specs.MessagesSpec`), whole when it is."""
    days = ctx.studies.messages.reply_limit_days
    return int(days) if float(days).is_integer() else days


def _reply_rows(messages: pd.DataFrame, label: str | None, total_label: str, limit: float) -> pd.DataFrame:
    """Reply times per topic and for all messages (row ``total_label``)."""
    overall = reply_times(messages, within=limit).set_axis(pd.Index([total_label], name="topic"))
    if label is None:
        return overall
    return pd.concat([reply_times(messages, by=label, within=limit).set_index(label).rename_axis("topic"), overall])


def _reply_shown(rows: pd.DataFrame, withheld: pd.Series, t: int) -> pd.DataFrame:
    """``median_days``, ``p90_days``, ``share_within`` where they may be published (else NaN/None)."""
    ok = ~withheld.reindex(rows.index, fill_value=False).to_numpy() & (rows["n_replied"] >= t).to_numpy()
    valid = rows["n_messages"] - rows["n_invalid"]
    small_share = is_small(rows["n_within"], t) | is_small(valid - rows["n_within"], t)
    out = pd.DataFrame(index=rows.index)
    out["median_days"] = rows["median_days"].where(ok)
    out["p90_days"] = rows["p90_days"].where(ok)
    out["share_within"] = (
        rows["share_within"].astype(object).where(ok & ~small_share & rows["share_within"].notna(), None)
    )
    return out


def _replies(
    period_messages: pd.DataFrame,
    compare_messages: pd.DataFrame,
    label: str | None,
    order: list,
    hidden: pd.DataFrame | None,
    ctx: ReportContext,
) -> tuple[Table, list[str], list[Recommendation]]:
    """The reply-time table (topics in the order of the topic table, then all messages), the
    overall finding and the slow topics with their rule's action."""
    lang, t = ctx.lang, ctx.threshold
    total_label = i18n.text("total_row", lang)
    no_hidden = pd.Series(False, index=pd.Index([total_label], name="topic"))
    now_hidden = hidden["n_messages"] if hidden is not None else no_hidden
    before_hidden = hidden["n_messages_compare"] if hidden is not None else no_hidden
    now = _reply_shown(_reply_rows(period_messages, label, total_label, _limit(ctx)), now_hidden, t)
    before = (
        _reply_shown(_reply_rows(compare_messages, label, total_label, _limit(ctx)), before_hidden, t)
        if len(compare_messages)
        else pd.DataFrame(index=pd.Index([], name="topic"), columns=now.columns, dtype=object)
    )
    rows = [r for r in order if r in now.index] + [total_label]
    table = pd.DataFrame(
        {
            "median_days": now["median_days"].reindex(rows),
            "median_days_compare": before["median_days"].reindex(rows),
            "share_within": now["share_within"].reindex(rows),
            "share_within_compare": before["share_within"].reindex(rows),
            "p90_days": now["p90_days"].reindex(rows),
        }
    )
    found, actions = [], []
    overall, overall_before = table.loc[total_label], before.reindex([total_label]).iloc[0]
    if pd.notna(overall["median_days"]) and overall["share_within"] is not None:
        found.append(
            i18n.text(
                "finding_messages_reply",
                lang,
                median=_days(overall["median_days"]),
                median_compare=_days(overall_before["median_days"]),
                compare=ctx.compare.label,
                share=i18n.percent(overall["share_within"], lang),
                limit=_limit(ctx),
                share_compare="—"
                if overall_before["share_within"] is None or pd.isna(overall_before["share_within"])
                else i18n.percent(overall_before["share_within"], lang),
            )
        )
    topics = table.drop(index=[total_label])
    slow = topics[topics["median_days"] > _limit(ctx)].sort_values("median_days", ascending=False, kind="stable")
    for topic, row in slow.head(N_FLAGGED).iterrows():
        found.append(
            i18n.text(
                "finding_messages_slow",
                lang,
                topic=_topic(topic, lang),
                median=_days(row["median_days"]),
                limit=_limit(ctx),
                compare=ctx.compare.label,
                median_compare=_days(row["median_days_compare"]),
            )
        )
        actions.append(recommend("messages_slow_reply", found[-1], lang, topic=_topic(topic, lang)))
    shown = table.rename_axis("topic")
    for column in ("median_days", "median_days_compare", "p90_days"):
        shown[column] = pd.to_numeric(shown[column]).round(1)
    frame = publish_table(shown, lang=lang, threshold=t, percent=["share_within", "share_within_compare"]).frame
    note = i18n.text("note_messages_replies", lang, limit=_limit(ctx), threshold=t)
    title = i18n.text("tab_messages_replies", lang, period=ctx.period.label)
    return Table("replies", title, frame, note), found, actions


# ----------------------------------------------------------------------------- keywords, examples
def _place_names(ctx: ReportContext) -> list[str]:
    if not ctx.has("communities"):
        return []
    communities = ctx.table("communities")
    return [v for c in ("community", "street", "district") if c in communities for v in communities[c].dropna()]


def _keywords_table(period_messages: pd.DataFrame, label: str, leading: list[str], ctx: ReportContext) -> Table:
    lang = ctx.lang
    keywords = topic_keywords(period_messages, by=label, n=N_KEYWORDS, min_df=1, exclude=_place_names(ctx))
    sep = "、" if lang == "zh" else ", "
    words = keywords.groupby(label)["term"].agg(sep.join) if len(keywords) else pd.Series(dtype=str)
    frame = pd.DataFrame({"topic": leading, "keywords": [words.get(t, "—") for t in leading]})
    frame = publish_table(frame.set_index("topic"), lang=lang, threshold=ctx.threshold).frame
    return Table("keywords", i18n.text("tab_messages_keywords", lang, period=ctx.period.label), frame)


def _examples_table(period_messages: pd.DataFrame, label: str, leading: list[str], ctx: ReportContext) -> Table:
    lang = ctx.lang
    subset = period_messages[period_messages[label].isin(leading)]
    chosen = typical_messages(subset, by=label, n=N_EXAMPLES, min_chars=MIN_EXAMPLE_CHARS)
    chosen = chosen.assign(order=chosen[label].map({t: i for i, t in enumerate(leading)})).sort_values(
        ["order", "rank"]
    )
    texts = subset["text"].astype("str").to_numpy()
    frame = pd.DataFrame(
        {"topic": chosen[label].to_numpy(), "example": [_excerpt(texts[p]) for p in chosen["position"]]}
    )
    frame = publish_table(frame.set_index("topic"), lang=lang, threshold=ctx.threshold).frame
    note = i18n.text("note_messages_examples", lang, min_chars=MIN_EXAMPLE_CHARS, chars=EXCERPT_CHARS)
    return Table("examples", i18n.text("tab_messages_examples", lang, period=ctx.period.label), frame, note)


def _method(lang: str, limit: float) -> str:
    names = _problem_names(lang)
    by_problem: dict[str, list[str]] = {}
    for topic, problem in TOPIC_PROBLEMS.items():
        by_problem.setdefault(problem, []).append(_topic(topic, lang))
    sep, join = ("；", "、") if lang == "zh" else ("; ", ", ")
    mapping = sep.join(f"{join.join(topics)} → {names.get(p, p)}" for p, topics in by_problem.items())
    return i18n.text("method_messages", lang, mapping=mapping, limit=limit)


# ---------------------------------------------------------------------------------------- section
@register("messages", requires=("messages",), order=55)
def build(ctx: ReportContext) -> Section:
    """The resident-messages section."""
    lang, t = ctx.lang, ctx.threshold
    messages = _scrubbed(ctx.table("messages"))
    label = _label_column(messages)
    unlabelled = i18n.text("messages_unlabelled", lang)
    if label is not None:
        messages[label] = messages[label].astype(object).where(messages[label].notna(), unlabelled)
    in_period, in_compare = ctx.period.contains(messages["received_at"]), ctx.compare.contains(messages["received_at"])
    total = summary.period_counts(messages, ctx.period, ctx.compare, at="received_at")
    row = total.iloc[0]
    direction, pct = pct_change(row["n"], row["n_compare"], ctx)
    found = [
        i18n.text(
            "finding_messages_total",
            lang,
            period=ctx.period.label,
            compare=ctx.compare.label,
            n=i18n.number(row["n"], lang),
            n_compare=i18n.number(row["n_compare"], lang),
            direction=direction,
            pct=pct,
            significance=significance(row["p_value"], ctx),
        )
    ]
    notes: list[str] = []
    figures: list[Figure] = []
    tables: list[Table] = []
    actions: list[Recommendation] = []
    hidden: pd.DataFrame | None = None
    order: list[str] = []
    if label is None:
        notes.append(i18n.text("messages_no_labels", lang))
    else:
        counts = _topic_counts(messages, label, ctx)
        published = _published_topics(counts, total, ctx)
        hidden = published.suppressed.hidden
        order = list(counts.index)
        tables.append(
            Table(
                "topics",
                i18n.text("tab_messages_topics", lang, period=ctx.period.label, compare=ctx.compare.label),
                published.frame,
                published.note,
            )
        )
        if len(counts):
            figures.append(_topic_figure(counts, published, ctx))
        topic_found, actions = _topic_findings(counts, hidden, unlabelled, ctx)
        found += topic_found
        problems = _problem_table(messages, label, in_period, in_compare, hidden, ctx)
        if problems is not None:
            tables.append(problems[0])
            found += [problems[1]] if problems[1] else []
    if "replied_at" not in messages or messages["replied_at"].isna().all():
        notes.append(i18n.text("messages_no_replies", lang))
    elif in_period.any():
        reply_table, reply_found, reply_actions = _replies(
            messages[in_period], messages[in_compare], label, order, hidden, ctx
        )
        tables.append(reply_table)
        found += reply_found
        actions += reply_actions
    if label is not None and hidden is not None:
        shown = counts[~hidden.loc[counts.index, "n_messages"] & (counts["n"] >= t) & (counts.index != unlabelled)]
        leading = list(shown.index[:N_LEADING])
        if leading:
            period_messages = messages[in_period]
            tables.append(_keywords_table(period_messages, label, leading, ctx))
            tables.append(_examples_table(period_messages, label, leading, ctx))
    intro_key = "messages_intro" if label is not None else "messages_intro_total"
    intro = " ".join([i18n.text(intro_key, lang, period=ctx.period.label, compare=ctx.compare.label), *notes])
    if lang == "zh":
        intro = intro.replace("。 ", "。")
    return Section(
        "messages",
        i18n.text("messages", lang),
        intro,
        found,
        figures,
        tables,
        [_method(lang, _limit(ctx))],
        summary=list(found),
        recommendations=actions,
    )
