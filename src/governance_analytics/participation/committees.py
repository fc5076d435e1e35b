"""Committee composition against a public-membership rule, year by year.

Nanjing's urban governance committee (城市治理委员会), created by the 《南京市城市治理条例》 (adopted
2012-10-31, in force 2013-03-01), must have public members (公众委员: experts, residents' and social
organisations' representatives) making up at least half of its members: "公众委员比例不低于 50%"
(domain source, F 3.1.1); the committee's 章程 puts it as 公务委员不超过委员总数的1/2, 公众委员不少于委员
总数的1/2 (People's Daily, 2013-05-27: the first committee had 45 public members among 83). The rule is
checked here for any roster and any year:

.. math::

    \\text{members}_{c,t} = \\#\\{j \\in c : s_j \\le t \\le e_j\\}, \\qquad
    \\text{share}_{c,t} = \\text{public}_{c,t} / \\text{members}_{c,t}, \\qquad
    \\text{meets\\_rule} \\iff \\text{public}_{c,t} \\ge \\rho \\cdot \\text{members}_{c,t},

with :math:`s_j, e_j` the first and last year of member :math:`j`'s term (an open term counts to
the present) and :math:`\\rho = 1/2` (:data:`NANJING_PUBLIC_SHARE`), compared in exact arithmetic so
that 3 of 6 meets the rule. The shortfall is the number of seats that would have to pass from
official to public members for the committee to comply at its present size:
:math:`\\max(0, \\lceil \\rho\\,\\text{members} \\rceil - \\text{public})`.

Who counts as "public" is the caller's choice (a 0/1 column or a boolean Series). In the Demo City's
``committee_members`` table — the residents' committees and staff of each community, not a city
committee — the stand-in used by the notebook is: elected committee posts (书记, 主任, 副主任, 委员; paid
社区工作者 staff excluded) with ``is_resident == 1`` (lives in the community) as the public member.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

import numpy as np
import pandas as pd

__all__ = ["NANJING_PUBLIC_SHARE", "committee_composition", "compliance_by_group", "compliance_over_time"]

#: 《南京市城市治理条例》 (2012): public members at least half of the urban governance committee.
NANJING_PUBLIC_SHARE = 0.5


def committee_composition(
    roster: pd.DataFrame,
    *,
    public: str | pd.Series,
    years: Iterable[int] | None = None,
    committee: str = "community_id",
    start: str = "start_year",
    end: str = "end_year",
    threshold: float = NANJING_PUBLIC_SHARE,
) -> pd.DataFrame:
    """Members, public members and the public-share rule per committee and year.

    Parameters
    ----------
    roster
        One row per member (term): the committee, first and last year of the term (missing last
        year: still serving). Not modified.
    public
        Column of ``roster`` (0/1 or boolean) or a boolean Series aligned with it: is the member
        from the public.
    years
        Years to report; a member counts in year :math:`t` when ``start <= t <= end``. Default: every
        year from the roster's first start year to its last start or end year.
    committee, start, end
        Column names.
    threshold
        Minimum public share :math:`\\rho` (default 1/2, the Nanjing rule).

    Returns
    -------
    DataFrame
        Index ``committee`` (named after the column), ``year``; columns ``members``,
        ``public_members``, ``public_share`` (NaN for an empty committee), ``meets_rule`` (boolean, NA
        when empty) and ``shortfall`` (seats to move to public members).
    """
    for column in (committee, start, end):
        if column not in roster.columns:
            raise KeyError(f"roster column {column!r} is missing (columns: {list(roster.columns)})")
    if years is None:
        bounds = pd.concat([roster[start], roster[end]]).dropna()
        years = range(int(bounds.min()), int(bounds.max()) + 1) if len(bounds) else range(0)
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if isinstance(public, str) and public not in roster.columns:
        raise KeyError(f"public-member column {public!r} is not in the roster")
    flag = roster[public] if isinstance(public, str) else pd.Series(public)
    if len(flag) != len(roster):
        raise ValueError(f"public has {len(flag)} values for {len(roster)} roster rows")
    if flag.isna().any():
        raise ValueError(f"the public-member flag is missing for {int(flag.isna().sum())} roster rows")
    is_public = flag.astype(bool).to_numpy()
    years = sorted({int(y) for y in years})
    first = pd.to_numeric(roster[start]).to_numpy(dtype=float)
    last = pd.to_numeric(roster[end]).astype("Float64").to_numpy(dtype=float, na_value=np.inf)
    if np.isnan(first).any():
        raise ValueError(f"column {start!r} has missing start years")
    bad = last < first
    if bad.any():
        raise ValueError(
            f"{int(bad.sum())} roster rows end before they start (first at row {int(np.flatnonzero(bad)[0])})"
        )
    names = roster[committee].to_numpy()
    codes, committees = pd.factorize(names, sort=True)
    rows = []
    for year in years:
        serving = (first <= year) & (year <= last)
        members = np.bincount(codes[serving], minlength=len(committees))
        publics = np.bincount(codes[serving & is_public], minlength=len(committees))
        rows.append(pd.DataFrame({committee: committees, "year": year, "members": members, "public_members": publics}))
    out = pd.concat(rows, ignore_index=True)
    rho = Fraction(threshold).limit_denominator(10_000)
    out["public_share"] = (out["public_members"] / out["members"].where(out["members"] > 0)).astype(float)
    meets = out["public_members"] * rho.denominator >= out["members"] * rho.numerator
    out["meets_rule"] = pd.array(meets, dtype="boolean")
    out.loc[out["members"] == 0, "meets_rule"] = pd.NA
    need = out["members"].map(lambda m: math.ceil(Fraction(int(m)) * rho))
    out["shortfall"] = (need - out["public_members"]).clip(lower=0).astype(np.int64)
    return out.set_index([committee, "year"]).sort_index()


def compliance_over_time(composition: pd.DataFrame) -> pd.DataFrame:
    """Summary per year of :func:`committee_composition` (empty committees left out).

    Returns
    -------
    DataFrame
        Index ``year``; columns ``committees``, ``meeting_rule``, ``share_meeting_rule``, ``members``,
        ``public_members``, ``public_share`` (pooled: public members / members),
        ``median_public_share`` (of the committees), ``seats_short`` (sum of shortfalls).
    """
    active = composition[composition["members"] > 0]
    grouped = active.groupby(level="year")
    out = pd.DataFrame(
        {
            "committees": grouped.size(),
            "meeting_rule": grouped["meets_rule"].sum().astype(np.int64),
            "members": grouped["members"].sum(),
            "public_members": grouped["public_members"].sum(),
            "median_public_share": grouped["public_share"].median(),
            "seats_short": grouped["shortfall"].sum(),
        }
    )
    out.insert(2, "share_meeting_rule", out["meeting_rule"] / out["committees"])
    out.insert(5, "public_share", out["public_members"] / out["members"])
    return out


def compliance_by_group(composition: pd.DataFrame, groups: pd.Series, *, year: int | None = None) -> pd.DataFrame:
    """Which kinds of committee fall short of the rule in one year: :func:`committee_composition`
    summarised by an attribute of the committee (its community's type, district, dominant problem).

    For the committees :math:`c` of group :math:`g` with at least one member in ``year``:

    .. math::

        \\text{failing}_g = \\#\\{c : \\neg\\text{meets\\_rule}_c\\}, \\qquad
        \\text{share\\_failing}_g = \\text{failing}_g / \\text{committees}_g, \\qquad
        \\overline{\\text{share}}_g = \\frac{1}{\\text{committees}_g} \\sum_c \\text{share}_c, \\qquad
        \\text{seats\\_short}_g = \\sum_c \\text{shortfall}_c .

    Parameters
    ----------
    composition
        Output of :func:`committee_composition` (index committee, ``year``).
    groups
        Group label per committee (index: the committee ids). Every committee of ``year`` must have
        one; fill a missing label first (e.g. ``.fillna("none")``).
    year
        The year to summarise; default the latest in ``composition``.

    Returns
    -------
    DataFrame
        Index named after ``groups`` (``group`` if unnamed), sorted; columns ``committees``,
        ``failing``, ``share_failing``, ``mean_public_share`` (mean over the committees, not pooled:
        each committee counts once) and ``seats_short`` (public seats to add for every committee of
        the group to comply). Empty committees are left out.
    """
    years = composition.index.get_level_values("year")
    year = int(years.max()) if year is None else int(year)
    if year not in set(years):
        raise ValueError(f"year {year} is not in the composition; years: {sorted(set(years))}")
    table = composition.xs(year, level="year")
    table = table[table["members"] > 0]
    label = groups.reindex(table.index)
    unlabelled = label.index[label.isna()]
    if len(unlabelled):
        raise ValueError(
            f"{len(unlabelled)} committee(s) have no group, e.g. {sorted(unlabelled)[:5]}; "
            "fill the missing labels first"
        )
    name = groups.name if groups.name is not None else "group"
    grouped = table.groupby(label.rename(name).to_numpy())
    out = pd.DataFrame(
        {
            "committees": grouped.size(),
            "failing": grouped["meets_rule"].agg(lambda m: int((~m.astype(bool)).sum())),
            "mean_public_share": grouped["public_share"].mean(),
            "seats_short": grouped["shortfall"].sum(),
        }
    )
    out.insert(2, "share_failing", out["failing"] / out["committees"])
    out.index.name = name
    return out.astype({"committees": np.int64, "failing": np.int64, "seats_short": np.int64}).sort_index()
