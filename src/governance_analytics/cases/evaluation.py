"""Evaluate a recorded intervention end to end: its panel, difference-in-differences, matched
comparison and event study, in one call.

An intervention is described by the canonical ``interventions`` table (one row per treated cell, with
its start and the case class it targets). :func:`evaluate_intervention` builds the cell × month count
panel of that class over every cell, and runs on it

1. Poisson two-way fixed-effects difference-in-differences against every untreated cell
   (:func:`~governance_analytics.cases.impact.did`);
2. the same against a matched comparison group — cells nearest to the treated ones on the pre-period
   level and trend of the *other* case classes (:func:`~governance_analytics.cases.impact.matched_comparison`
   explains why not the analysed class itself: regression to the mean);
3. the event study with its pre-trend test (:func:`~governance_analytics.cases.impact.event_study`).

The two estimates agreeing, and the leads not rejecting, is the evidence a decision to scale a pilot
should rest on.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from governance_analytics.cases.impact import DidResult, EventStudyResult, did, event_study, matched_comparison

__all__ = ["InterventionEvaluation", "intervention_panel", "evaluate_intervention"]


@dataclass(frozen=True)
class InterventionEvaluation:
    """Result of :func:`evaluate_intervention`.

    Attributes
    ----------
    name, start, case_type, category : the intervention as recorded
    treated : its cells
    panel : cell × month counts of the targeted class (``cell_id``, ``period``, ``n``)
    did : against every untreated cell
    matched : against the matched comparison group (``None`` when ``match_k=0``)
    matches : the matched pairs (``treated``, ``comparison``, ``distance``, …)
    event_study : leads and lags with the pre-trend test

    Methods
    -------
    monthly_counts : the targeted class's monthly cases summed over the treated, comparison or
        matched cells
    """

    name: str
    start: pd.Timestamp
    case_type: str | None
    category: str | None
    treated: list[str]
    panel: pd.DataFrame
    did: DidResult
    matched: DidResult | None
    matches: pd.DataFrame | None
    event_study: EventStudyResult

    def monthly_counts(self, *, group: str = "treated") -> pd.Series:
        """Monthly cases of the targeted class summed over one group of cells: the series an
        interrupted time series (:func:`~governance_analytics.cases.its.interrupted_time_series`) or a
        before/after chart is drawn from.

        .. math:: y_t = \\sum_{i \\in G} n_{i,t}

        with :math:`n_{i,t}` the count of cell :math:`i` in month :math:`t` (:attr:`panel`) and
        :math:`G` the group.

        Parameters
        ----------
        group
            ``"treated"`` (the intervention's cells, default), ``"comparison"`` (every other cell of
            the panel) or ``"matched"`` (the matched comparison cells, each counted once).

        Returns
        -------
        Series
            Index ``period`` (month start, every month of the panel, zeros included), name ``n``.
        """
        cells = self.panel["cell_id"]
        if group == "treated":
            members = cells.isin(self.treated)
        elif group == "comparison":
            members = ~cells.isin(self.treated)
        elif group == "matched":
            if self.matches is None:
                raise ValueError("no matched comparison: the evaluation was run with match_k=0")
            members = cells.isin(self.matches["comparison"])
        else:
            raise ValueError(f"group must be 'treated', 'comparison' or 'matched', not {group!r}")
        months = pd.Index(sorted(self.panel["period"].unique()), name="period")
        return self.panel[members].groupby("period")["n"].sum().reindex(months, fill_value=0).rename("n")


def _in_class(cases: pd.DataFrame, case_type: str | None, category: str | None) -> pd.Series:
    mask = pd.Series(True, index=cases.index)
    if pd.notna(case_type):
        mask &= cases["case_type"] == case_type
    if pd.notna(category):
        mask &= cases["category"] == category
    return mask


def intervention_panel(cases: pd.DataFrame, *, cells, end=None) -> pd.DataFrame:
    """Cases per cell × calendar month, zeros included, for every cell in ``cells``.

    Months run from the first report in ``cases`` to ``end`` (exclusive; default the last report).
    Cases outside ``cells`` or without a cell are not counted.
    """
    cells = pd.Index(pd.unique(pd.Series(list(cells))), name="cell_id")
    end = pd.Timestamp(end) if end is not None else cases["created_at"].max() + pd.Timedelta(microseconds=1)
    cases = cases[cases["created_at"] < end]
    months = pd.period_range(cases["created_at"].min(), end - pd.Timedelta(microseconds=1), freq="M")
    month = cases["created_at"].dt.to_period("M")
    counts = cases[cases["cell_id"].isin(cells)].groupby([cases["cell_id"], month]).size()
    full = pd.MultiIndex.from_product([cells, months], names=["cell_id", "period"])
    panel = counts.reindex(full, fill_value=0).rename("n").reset_index()
    panel["period"] = panel["period"].dt.start_time
    return panel


def evaluate_intervention(
    cases: pd.DataFrame,
    interventions: pd.DataFrame,
    *,
    name: str | None = None,
    cells=None,
    end=None,
    window: tuple[int, int] = (-12, 12),
    match_k: int = 1,
    alpha: float = 0.05,
) -> InterventionEvaluation:
    """Difference-in-differences, matched comparison and event study of one recorded intervention.

    Parameters
    ----------
    cases
        Canonical ``cases`` table with ``cell_id``.
    interventions
        Canonical ``interventions`` table.
    name
        Which intervention (default: the only one; an error lists them when there are several).
    cells
        Every cell of the study area (default the cells found in ``cases``): the comparison pool.
    end
        Use cases reported before this time only (e.g. the end of a reporting period).
    window
        Event-study window in months relative to the start.
    match_k
        Matched comparison cells per treated cell; 0 skips matching.
    alpha
        1 − confidence level.
    """
    names = interventions["intervention"].unique().tolist()
    if name is None and len(names) != 1:
        raise ValueError(f"several interventions are recorded ({names}); pass name= one of them")
    name = name if name is not None else names[0]
    if name not in names:
        raise ValueError(f"intervention {name!r} is not recorded; expected one of {names}")
    rows = interventions[interventions["intervention"] == name]
    start = pd.Timestamp(rows["start"].min())
    case_type, category = rows["case_type"].iloc[0], rows["category"].iloc[0]
    cells = cases["cell_id"].dropna().unique() if cells is None else cells
    treated = sorted(rows["cell_id"].unique())
    target = _in_class(cases, case_type, category)
    panel = intervention_panel(cases[target], cells=cells, end=end)
    estimate = did(panel, treated=treated, start=start, alpha=alpha)
    matched = matches = None
    if match_k:
        others = intervention_panel(cases[~target], cells=cells, end=end)
        matches = matched_comparison(others, treated=treated, start=start, k=match_k)
        matched = did(panel, treated=treated, start=start, comparison=matches["comparison"], alpha=alpha)
    events = event_study(panel, treated=treated, start=start, window=window, alpha=alpha)
    return InterventionEvaluation(
        name,
        start,
        None if pd.isna(case_type) else case_type,
        None if pd.isna(category) else category,
        treated,
        panel,
        estimate,
        matched,
        matches,
        events,
    )
