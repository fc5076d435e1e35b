"""The period-count tables that several report parts publish or repeat — a class's, a channel's or a
topic's count in the period and the comparison period, with the total row — and the one suppression
of the class table that the overview publishes and the hot-spot part repeats."""

from __future__ import annotations

import pandas as pd

from governance_analytics.cases import summary
from governance_analytics.reporting import i18n
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.disclosure import column_totals
from governance_analytics.reporting.display import Published, publish_table

__all__ = [
    "p_text",
    "pct_change",
    "published_counts",
    "published_with_total",
    "significance",
    "withheld_categories",
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


def published_counts(table: pd.DataFrame, total: pd.DataFrame, ctx: ReportContext) -> Published:
    """``table`` with its total row, small counts suppressed and complements withheld so that none
    can be worked back from the total row (whose count is also stated in a finding); formatted and
    labelled for ``ctx.lang``."""
    shown = with_total(table, total, ctx).assign(p_value=lambda f: f["p_value"].map(p_text))
    return published_with_total(shown, ctx, counts=["n", "n_compare"])


def published_with_total(shown: pd.DataFrame, ctx: ReportContext, *, counts: list[str]) -> Published:
    """A period-count table whose last row is the total (``counts``: the period's and the comparison
    period's count columns; ``share``, ``change``, ``rate_ratio`` and ``p_value`` derived from them),
    published with the column totals as its relations."""
    return publish_table(
        shown,
        lang=ctx.lang,
        threshold=ctx.threshold,
        percent=["share"],
        counts=counts,
        derived=["change", "rate_ratio", "p_value"],
        rounded={"rate_ratio": 3},
        constraints=column_totals(shown, columns=counts, total=shown.index[-1]),
    )


def withheld_categories(ctx: ReportContext) -> set[str]:
    """Big classes (``category``) with a period count withheld in the class table; a table elsewhere
    that repeats those counts (summed over case types, as the hot-spot table does) withholds them too."""
    cases = ctx.table("cases")
    classes = summary.period_counts(cases, ctx.period, ctx.compare, by=summary.class_keys(cases))
    total = summary.period_counts(cases, ctx.period, ctx.compare)
    hidden = published_counts(classes, total, ctx).suppressed.hidden["n"]
    return {key[-1] if isinstance(key, tuple) else key for key, flag in hidden.loc[classes.index].items() if flag}
