"""Each community's dominant problem, with the evidence for it, and readable names for profiles.

Dimension scores of different problems are not on a common footing (a 60 on one problem can be
ordinary, on another exceptional), so a community's problems are compared on scores *standardised
over the communities*: :math:`z_{cd} = (s_{cd} - \\bar s_d) / \\mathrm{sd}(s_d)`, the mean and sd of
dimension :math:`d` taken over a reference set (default: the communities given; pass the reference
year's scores to judge later years on the same footing). The dominant problem is the dimension with
the largest :math:`z_{cd}`, provided it reaches ``threshold`` sd above the average community
(otherwise none); it is *clear* when it leads the runner-up by at least ``margin`` sd. The evidence
reported is the score, :math:`z`, the gap to the runner-up and the indicator of that dimension with
the highest standardised indicator score (the one driving it).

The same standardisation names a cluster's profile (:func:`profile_names`): the dimensions whose
mean :math:`z` is at least ``threshold`` give the name, the largest first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance_analytics.community.framework import Framework, default_framework

__all__ = ["dominant_problem", "problem_summary", "profile_names", "standardise"]


def standardise(scores: pd.DataFrame, *, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """``(scores − mean) / sd`` column by column, mean and sample sd from ``reference`` (default
    ``scores``)."""
    ref = scores if reference is None else reference[scores.columns]
    sd = ref.std(ddof=1).replace(0.0, np.nan)
    return (scores - ref.mean()) / sd


def dominant_problem(
    scores: pd.DataFrame,
    *,
    framework: Framework | None = None,
    indicator_scores: pd.DataFrame | None = None,
    reference: pd.DataFrame | None = None,
    reference_indicators: pd.DataFrame | None = None,
    threshold: float = 0.5,
    margin: float = 0.5,
) -> pd.DataFrame:
    """The dominant problem of each community and the evidence for it.

    Parameters
    ----------
    scores
        Dimension scores, higher = worse (``CompositeIndex.transform``; other columns are ignored).
    framework
        Gives the dimensions and their labels; default :func:`default_framework`.
    indicator_scores
        Indicator scores (higher = worse, ``CompositeResult.indicator_scores``), for the driving indicator.
    reference, reference_indicators
        Where the means and sds for standardising come from (default the data themselves).
    threshold
        Least standardised score (in sd) of a dominant problem; below it the community has none.
    margin
        Least lead (in sd) over the runner-up for the dominance to count as ``clear``.

    Returns
    -------
    pandas.DataFrame
        Same index as ``scores``: ``dominant_problem`` (NaN for none), ``candidate`` (the top
        dimension even below the threshold), ``label_zh``, ``label_en``, ``score``, ``z``,
        ``runner_up``, ``runner_up_z``, ``gap``, ``clear``, ``top_indicator``, ``top_indicator_z``.
    """
    fw = framework if framework is not None else default_framework()
    dims = fw.dimension_names
    z = standardise(scores[dims], reference=None if reference is None else reference[dims])
    values = z.to_numpy(dtype=float)
    filled = np.where(np.isnan(values), -np.inf, values)
    order = np.argsort(-filled, axis=1, kind="stable")
    rows = np.arange(len(z))
    top, second = order[:, 0], order[:, 1] if len(dims) > 1 else order[:, 0]
    top_z, second_z = values[rows, top], values[rows, second] if len(dims) > 1 else np.full(len(z), np.nan)
    candidate = np.array(dims, dtype=object)[top]
    dominant = np.array([c if z >= threshold else None for c, z in zip(candidate, top_z)], dtype=object)
    out = pd.DataFrame(
        {
            "dominant_problem": pd.Series(dominant, index=scores.index, dtype=object),
            "candidate": candidate,
            "label_zh": fw.dimensions.loc[candidate, "label_zh"].to_numpy(),
            "label_en": fw.dimensions.loc[candidate, "label_en"].to_numpy(),
            "score": scores[dims].to_numpy(dtype=float)[rows, top],
            "z": top_z,
            "runner_up": np.array(dims, dtype=object)[second] if len(dims) > 1 else None,
            "runner_up_z": second_z,
        },
        index=scores.index,
    )
    out["gap"] = out["z"] - out["runner_up_z"]
    out["clear"] = out["dominant_problem"].notna() & (out["gap"] >= margin)
    out["top_indicator"], out["top_indicator_z"] = None, np.nan
    if indicator_scores is not None:
        names = fw.indicator_names
        ref = None if reference_indicators is None else reference_indicators[names]
        iz = standardise(indicator_scores[names], reference=ref).reindex(scores.index)
        members = fw.indicators["dimension"]
        tops, top_values = [], []
        for pos, dim in enumerate(candidate):
            row = iz.iloc[pos][list(members.index[members == dim])]
            best = row.idxmax() if row.notna().any() else None
            tops.append(best)
            top_values.append(float(row[best]) if best is not None else np.nan)
        out["top_indicator"], out["top_indicator_z"] = pd.Series(tops, index=out.index, dtype=object), top_values
    return out


def profile_names(
    profile_z: pd.DataFrame, *, framework: Framework | None = None, threshold: float = 0.5, max_terms: int = 2
) -> pd.DataFrame:
    """Readable names of profiles (rows: types; columns: dimensions; values: mean standardised scores).

    A type is named after its dimensions with mean :math:`z \\ge` ``threshold`` (at most ``max_terms``,
    the largest first): ``"unstable_staff"`` / "社区工作者队伍不稳定型" / "unstable community staff";
    with none it is ``"none"`` — "无突出问题型" / "no marked problem" — or, when every dimension is
    below ``−threshold``, ``"low"`` — "各方面问题较轻型" / "few problems on every dimension". Names
    that repeat get " (2)", " (3)" appended.

    Returns
    -------
    pandas.DataFrame
        Index as ``profile_z``: ``key``, ``name_zh``, ``name_en``, ``lead`` (the leading dimension or NaN).
    """
    fw = framework if framework is not None else default_framework()
    dims = [d for d in fw.dimension_names if d in profile_z.columns]
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for _, z in profile_z[dims].iterrows():
        high = z[z >= threshold].sort_values(ascending=False).index[:max_terms].tolist()
        if high:
            key = "+".join(high)
            zh = "、".join(fw.dimensions.loc[d, "label_zh"] for d in high) + "型"
            en = " and ".join(fw.dimensions.loc[d, "label_en"] for d in high)
        elif (z < -threshold).all():
            key, zh, en = "low", "各方面问题较轻型", "few problems on every dimension"
        else:
            key, zh, en = "none", "无突出问题型", "no marked problem"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            suffix = f" ({seen[key]})"
            key, zh, en = key + suffix, zh + suffix, en + suffix
        rows.append({"key": key, "name_zh": zh, "name_en": en, "lead": high[0] if high else None})
    return pd.DataFrame(rows, index=profile_z.index)


def problem_summary(
    dominant: pd.DataFrame,
    *,
    framework: Framework | None = None,
    names: pd.Series | None = None,
    lift: pd.DataFrame | None = None,
    min_lift: float = 1.2,
    n_named: int = 3,
) -> pd.DataFrame:
    """How many communities need help with each problem, and what points to it: the table a
    programme is sized from.

    Parameters
    ----------
    dominant
        Output of :func:`dominant_problem` (one row per community).
    framework
        Gives the dimensions (default :func:`default_framework`).
    names
        Community names by the index of ``dominant`` (default: the index itself).
    lift
        Message topics' lift by dominant problem (``pooled_shares(..., groups=dominant problem or
        "none", lift=True)``: rows problems, columns topics).
    min_lift
        Least lift of the topic reported as the one residents write about more: 1.2 = a fifth more
        often than the city's residents (a smaller excess is within the noise of a few hundred messages).
    n_named
        Communities named per problem, the highest standardised score first.

    Returns
    -------
    pandas.DataFrame
        One row per dimension of the framework, then ``"none"``: ``communities`` (with that dominant
        problem), ``clear`` (of them, clearly so), ``driving_indicator`` (the indicator that drives
        the most of them; ties: the framework's order), ``written_more`` (the topic with the largest
        lift, if at least ``min_lift``; else NaN), ``lift`` (its lift) and ``highest`` (the
        ``n_named`` communities with the highest :math:`z`, joined by "、").
    """
    fw = framework if framework is not None else default_framework()
    rows = [*fw.dimension_names, "none"]
    problem = dominant["dominant_problem"].astype(object).where(dominant["dominant_problem"].notna(), "none")
    named = dominant.index.to_series() if names is None else names.reindex(dominant.index)
    order = {name: k for k, name in enumerate(fw.indicator_names)}
    out = pd.DataFrame(index=pd.Index(rows, name="dominant_problem"))
    out["communities"] = problem.value_counts().reindex(rows, fill_value=0)
    out["clear"] = problem[dominant["clear"].astype(bool)].value_counts().reindex(rows, fill_value=0)
    drivers = (
        dominant["top_indicator"]
        .groupby(problem)
        .agg(lambda s: min(s.dropna(), key=lambda i: (-int((s == i).sum()), order.get(i, len(order))), default=None))
    )
    out["driving_indicator"] = drivers.reindex(rows).where(out.index != "none")
    if lift is not None and not lift.empty:
        top = lift.reindex(rows).dropna(how="all")
        best = top.max(axis=1)
        out["written_more"] = top.idxmax(axis=1).where(best >= min_lift).reindex(rows)
        out["lift"] = best.where(best >= min_lift).reindex(rows)
    else:
        out["written_more"], out["lift"] = None, np.nan
    ranked = dominant.assign(name=named, problem=problem).sort_values("z", ascending=False, kind="stable")
    out["highest"] = (
        ranked[ranked["problem"] != "none"].groupby("problem")["name"].agg(lambda s: "、".join(s.head(n_named)))
    ).reindex(rows)
    return out
