"""The period-count tables that several report parts publish or repeat — a class's, a channel's or a
topic's count in the period and the comparison period, with the total row — and the relation between
the overview's class table and a table that repeats its counts by big class (the hot-spot table's)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from governance_analytics.cases import summary
from governance_analytics.privacy import Constraint, Publication, Suppressed, column_totals, equal_sums, suppress_tables
from governance_analytics.reporting import i18n
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.display import Published, publication, show_table

__all__ = [
    "CLASS_TABLE",
    "category_of",
    "class_counts",
    "has_comparison",
    "records_begin",
    "class_publication",
    "class_relations",
    "p_text",
    "pct_change",
    "period_count_publication",
    "published_with_total",
    "show_period_counts",
    "significance",
    "with_total",
]


def with_total(table: pd.DataFrame, total: pd.DataFrame, ctx: ReportContext) -> pd.DataFrame:
    """``table`` with the period's total (:func:`summary.period_counts` without groups) as its last
    row, labelled 合计 / Total, so the additive structure the disclosure control protects is visible."""
    label = i18n.text("total_row", ctx.lang)
    names = table.index.names
    index = (
        pd.MultiIndex.from_tuples([(label,) + ("",) * (len(names) - 1)], names=names)
        if len(names) > 1
        else pd.Index([label], name=names[0])
    )
    return pd.concat([table, total.set_axis(index)])


def p_text(p: float) -> str:
    """A p-value as a table shows it: three decimals, ``<0.001`` below, ``—`` when there is none."""
    return "—" if pd.isna(p) else f"{p:.3f}" if p >= 0.001 else "<0.001"


def pct_change(n: int, n_compare: int, ctx: ReportContext) -> tuple[str, str]:
    """The direction (up/down) and the size of the change from ``n_compare`` to ``n``, as worded for
    ``ctx.lang``; the size is "—" without a comparison count."""
    direction = i18n.text("up" if n >= n_compare else "down", ctx.lang)
    return direction, i18n.percent(abs(n / n_compare - 1), ctx.lang) if n_compare else "—"


def significance(p: float, ctx: ReportContext) -> str:
    """The significance clause of a change at ``ctx.alpha`` ("" without a test)."""
    if pd.isna(p):
        return ""
    return i18n.text("significant" if p < ctx.alpha else "not_significant", ctx.lang, p=i18n.p_value(p))


def records_begin(ctx: ReportContext) -> pd.Timestamp:
    """First day of the month of the first case report (:func:`summary.coverage`)."""
    return summary.coverage(ctx.table("cases")).first_report.to_period("M").start_time


def has_comparison(total: pd.DataFrame, ctx: ReportContext) -> bool:
    """Whether the comparison period is covered by the case records, so that a change can be stated:
    it holds cases (``total``: :func:`summary.period_counts` without groups) and does not start before
    the records begin — a period before them counts 0, or part of a period, which is no comparison."""
    return bool(total.iloc[0]["n_compare"] > 0) and ctx.compare.start >= records_begin(ctx)


#: The columns of a period-count table that compare with the comparison period.
COMPARISON_COLUMNS = ["n_compare", "change", "rate_ratio", "p_value"]


def period_count_publication(key: str, shown: pd.DataFrame, ctx: ReportContext, *, counts: list[str]) -> Publication:
    """A period-count table whose last row is the total (``counts``: the period's and the comparison
    period's count columns present; ``share``, ``change``, ``rate_ratio`` and ``p_value`` derived from
    them where present), declared with the column totals as its relations."""
    return publication(
        key,
        shown,
        percent=["share"],
        counts=counts,
        derived=[c for c in ("change", "rate_ratio", "p_value") if c in shown],
        rounded={"rate_ratio": 3} if "rate_ratio" in shown else {},
        constraints=column_totals(shown, columns=counts, total=shown.index[-1]),
    )


def class_publication(key: str, table: pd.DataFrame, total: pd.DataFrame, ctx: ReportContext) -> Publication:
    """``table`` (:func:`summary.period_counts` by class, channel …) with its total row, declared:
    no count may be worked back from the total row (whose count a finding also states). Without a
    comparison (:func:`has_comparison`) the comparison columns are left out: a change against a
    period the records do not cover would be the period's own count, "significant" against zero."""
    shown = with_total(table, total, ctx).assign(p_value=lambda f: f["p_value"].map(p_text))
    if not has_comparison(total, ctx):
        return period_count_publication(key, shown.drop(columns=COMPARISON_COLUMNS), ctx, counts=["n"])
    return period_count_publication(key, shown, ctx, counts=["n", "n_compare"])


def show_period_counts(suppressed: Suppressed, ctx: ReportContext) -> Published:
    """A suppressed period-count table as the report shows it."""
    return show_table(suppressed, lang=ctx.lang, threshold=ctx.threshold, percent=["share"])


def published_with_total(table: pd.DataFrame, ctx: ReportContext, *, counts: list[str]) -> Published:
    """A period-count table (:func:`period_count_publication`) that repeats no other table's counts,
    suppressed on its own and shown."""
    declared = period_count_publication("table", table, ctx, counts=counts)
    return show_period_counts(suppress_tables([declared], threshold=ctx.threshold)["table"], ctx)


#: The key under which the overview declares its table of cases by class.
CLASS_TABLE = "classes"


def class_counts(ctx: ReportContext) -> pd.DataFrame:
    """The period counts of the class table (rows: big class, or case type and big class)."""
    cases = ctx.table("cases")
    return summary.period_counts(cases, ctx.period, ctx.compare, by=summary.class_keys(cases))


def category_of(row) -> str:
    """The big class (``category``) of a class-table row."""
    return row[-1] if isinstance(row, tuple) else row


def class_relations(key: str, parts: Mapping[str, Sequence[str]], class_rows: pd.Index) -> list[Constraint]:
    """For each big class (``parts``' keys) of table ``key``: its ``parts`` columns sum to the class
    table's period counts of that big class over case types (``class_rows``: the class table's rows,
    :func:`class_counts`), a relation between the two tables for the ledger."""
    return [
        equal_sums(
            parts=[(key, category, column) for column in columns],
            totals=[(CLASS_TABLE, row, "n") for row in class_rows if category_of(row) == category],
        )
        for category, columns in parts.items()
    ]
