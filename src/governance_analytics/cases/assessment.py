"""Team assessment (考核): a transparent score per department or team from its KPIs.

The score is a weighted mean of indicators that are all shares where higher is better,

.. math::

    S_g = 100 \\cdot \\sum_k w_k \\, I_{gk} \\Big/ \\sum_k w_k,

with the indicators and default weights of :data:`DEFAULT_WEIGHTS`: 按期结案率 (on-time closure) 0.4,
结案率 (closure) 0.2, 1 − 返工率 (no rework) 0.2 and the case-file compliance rate 0.2. The weights
are a documented starting point, not a national standard: GB/T 30428.4-2016 lists these indicators
but leaves their weights to the city, so pass your own and publish them beside the scores.
A group whose indicator is undefined (no case due, say) is scored on the indicators it has, with the
weights renormalised, and ``n_indicators`` says how many were used.

Reference: GB/T 30428.4-2016 数字化城市管理信息系统 第4部分：绩效评价.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["DEFAULT_WEIGHTS", "INDICATORS", "team_scores"]

#: Indicator → weight.
DEFAULT_WEIGHTS = {"on_time_closure_rate": 0.4, "closure_rate": 0.2, "no_rework_rate": 0.2, "compliance_rate": 0.2}

#: Indicator → how it is read from the KPI and compliance tables.
INDICATORS = {
    "on_time_closure_rate": "on_time_closure_rate",
    "closure_rate": "closure_rate",
    "no_rework_rate": "1 - rework_rate",
    "compliance_rate": "compliance_rate",
}


def _indicators(kpi_table: pd.DataFrame, compliance_table: pd.DataFrame | None) -> pd.DataFrame:
    table = pd.DataFrame(index=kpi_table.index)
    table["on_time_closure_rate"] = kpi_table["on_time_closure_rate"]
    table["closure_rate"] = kpi_table["closure_rate"]
    table["no_rework_rate"] = 1 - kpi_table["rework_rate"]
    if compliance_table is not None:
        table["compliance_rate"] = compliance_table["compliance_rate"].reindex(table.index)
    return table


def team_scores(
    kpi_table: pd.DataFrame,
    *,
    compliance_table: pd.DataFrame | None = None,
    weights: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Score and rank groups on their KPIs, the weights shown in the table.

    Parameters
    ----------
    kpi_table
        Output of :func:`governance_analytics.cases.lifecycle.kpis` with ``by=`` the teams.
    compliance_table
        Output of :func:`governance_analytics.cases.review.compliance` with the same ``by``; without
        it the compliance indicator is left out.
    weights
        Indicator → weight (non-negative); default :data:`DEFAULT_WEIGHTS` restricted to the
        indicators available.

    Returns
    -------
    DataFrame
        Per group: each indicator, ``score`` (0–100), ``n_indicators`` and ``rank`` (1 = best, ties
        share the lower rank), sorted by rank. ``attrs["weights"]`` holds the weights used.
    """
    indicators = _indicators(kpi_table, compliance_table)
    weights = dict(weights or {k: w for k, w in DEFAULT_WEIGHTS.items() if k in indicators})
    unknown = set(weights) - set(indicators)
    if unknown:
        raise ValueError(
            f"weights name indicators that are not available: {sorted(unknown)}; expected some of {sorted(indicators)}"
        )
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError(f"weights must be non-negative with a positive sum, got {weights}")
    values = indicators[list(weights)]
    w = pd.Series(weights)
    used = values.notna()
    table = indicators.copy()
    table["score"] = 100 * (values.fillna(0) * w).sum(axis=1) / (used * w).sum(axis=1).where(lambda s: s > 0)
    table["n_indicators"] = used.sum(axis=1)
    table["rank"] = table["score"].rank(ascending=False, method="min").astype("Int64")
    table.attrs["weights"] = weights
    return table.sort_values("rank", kind="stable")
