"""The indicator framework as data: indicator → dimension → index, with direction, weights and labels.

A composite indicator starts from a *theoretical framework* (OECD/JRC Handbook on Constructing
Composite Indicators, 2008, step 1): which indicators measure which dimension, whether a higher value
is better or worse, and how much each counts. :class:`Framework` holds it as two tables, so that a
city can edit it in a spreadsheet and the analysis can check it:

``indicators`` (index ``indicator``)
    ``dimension``, ``direction`` (+1 = higher is better, −1 = higher is worse), ``weight`` (the expert
    *budget* within the dimension, any non-negative numbers; rescaled to sum to 1), ``label_zh``,
    ``label_en``, ``unit`` and ``target`` (optional, in the indicator's own unit, used by
    distance-to-target normalisation).
``dimensions`` (index ``dimension``)
    ``weight`` (budget of the dimension in the index), ``label_zh``, ``label_en``.

:func:`default_framework` gives the six community-governance problems of the domain source (seed,
section F) as the dimensions, each with the indicators the issue suggests (share of committee decisions
taken by resident vote, staff turnover, vacancies, social organisations and volunteers per 1,000
residents, service requests per capita and the unresolved share, share of tasks assigned from above,
…), equal budgets and no targets. The composite built on it is a *problem* index: see
:class:`~governance_analytics.community.composite.CompositeIndex` for the orientation.

References: OECD/JRC (2008) *Handbook on Constructing Composite Indicators: Methodology and User
Guide*, OECD Publishing, Paris, step 1; Becker, W. et al. (2022) COINr: an R package for developing
composite indicators, *Journal of Open Source Software* 7(78), 4567 (``iMeta``: ``iCode``, ``Parent``,
``Direction``, ``Weight``, ``Target``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

__all__ = [
    "HIGHER_BETTER",
    "HIGHER_WORSE",
    "PROBLEMS",
    "SIX_PROBLEMS",
    "SUGGESTED_INDICATORS",
    "Framework",
    "default_framework",
    "read_framework",
    "study_framework",
]

HIGHER_BETTER, HIGHER_WORSE = 1, -1
_DIRECTION_WORDS = {
    "higher_is_better": HIGHER_BETTER,
    "higher_is_worse": HIGHER_WORSE,
    "better": HIGHER_BETTER,
    "worse": HIGHER_WORSE,
    "+1": HIGHER_BETTER,
    "1": HIGHER_BETTER,
    "-1": HIGHER_WORSE,
}

#: The six problems of community governance (seed, F): key → (zh, en).
PROBLEMS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "weak_self_governance": ("居委会自治能力不足", "residents' committee lacks self-governing capacity"),
        "tangled_actor_relations": (
            "多元主体关系未理顺",
            "relations among government, committee, property company and owners not sorted out",
        ),
        "unstable_staff": ("社区工作者队伍不稳定", "unstable community staff"),
        "uneven_co_governance": ("共治网络发展不均衡", "co-governance networks unevenly developed"),
        "needs_outrun_services": ("需求多元超出服务供给", "complex community, diverse needs outrunning services"),
        "administration_led": ("行政化工作方式", "administration-led working style"),
    }
)
SIX_PROBLEMS: tuple[str, ...] = tuple(PROBLEMS)

#: Suggested indicators: name → (dimension, direction, zh, en, unit).
SUGGESTED_INDICATORS: Mapping[str, tuple[str, int, str, str, str]] = MappingProxyType(
    {
        "resident_vote_share": (
            "weak_self_governance",
            HIGHER_BETTER,
            "居民表决事项占比",
            "share of committee decisions taken by resident vote",
            "share",
        ),
        "resident_meetings_per_year": (
            "weak_self_governance",
            HIGHER_BETTER,
            "居民（代表）会议次数",
            "residents' (representatives') meetings per year",
            "per year",
        ),
        "resident_proposals_per_1000": (
            "weak_self_governance",
            HIGHER_BETTER,
            "每千人居民议事提案数",
            "resident proposals per 1,000 residents per year",
            "per 1,000 residents",
        ),
        "property_disputes_per_1000": (
            "tangled_actor_relations",
            HIGHER_WORSE,
            "每千人物业纠纷数",
            "property-management disputes per 1,000 residents per year",
            "per 1,000 residents",
        ),
        "owners_committee_exists": (
            "tangled_actor_relations",
            HIGHER_BETTER,
            "是否成立业主委员会",
            "an owners' committee exists (0/1)",
            "0/1",
        ),
        "joint_meeting_count": (
            "tangled_actor_relations",
            HIGHER_BETTER,
            "“四方”联席会议次数",
            "joint meetings of street, committee, property company and owners per year",
            "per year",
        ),
        "staff_turnover_rate": (
            "unstable_staff",
            HIGHER_WORSE,
            "社区工作者年流失率",
            "share of community staff leaving in the year",
            "share",
        ),
        "staff_vacancy_rate": (
            "unstable_staff",
            HIGHER_WORSE,
            "岗位空缺率",
            "share of budgeted posts vacant at year end",
            "share",
        ),
        "mean_staff_tenure_years": (
            "unstable_staff",
            HIGHER_BETTER,
            "社区工作者平均任职年限",
            "mean tenure of community staff",
            "years",
        ),
        "social_orgs_per_1000": (
            "uneven_co_governance",
            HIGHER_BETTER,
            "每千人社会组织数",
            "registered or filed social organisations per 1,000 residents",
            "per 1,000 residents",
        ),
        "volunteers_per_1000": (
            "uneven_co_governance",
            HIGHER_BETTER,
            "每千人注册志愿者数",
            "active registered volunteers per 1,000 residents",
            "per 1,000 residents",
        ),
        "partner_units_count": (
            "uneven_co_governance",
            HIGHER_BETTER,
            "共建单位数",
            "partner units (共建单位: agencies, firms, schools) in joint projects",
            "count",
        ),
        "service_requests_per_capita": (
            "needs_outrun_services",
            HIGHER_WORSE,
            "人均服务需求件数",
            "service requests per resident per year",
            "per resident",
        ),
        "unresolved_request_share": (
            "needs_outrun_services",
            HIGHER_WORSE,
            "未解决诉求占比",
            "share of requests unresolved at year end",
            "share",
        ),
        "elderly_share": (
            "needs_outrun_services",
            HIGHER_WORSE,
            "60岁以上人口占比",
            "share of residents aged 60+",
            "share",
        ),
        "migrant_share": (
            "needs_outrun_services",
            HIGHER_WORSE,
            "流动人口占比",
            "share of residents without local hukou",
            "share",
        ),
        "assigned_task_share": (
            "administration_led",
            HIGHER_WORSE,
            "上级交办事项占比",
            "share of the committee's tasks assigned from above",
            "share",
        ),
        "certification_count": (
            "administration_led",
            HIGHER_WORSE,
            "需出具证明盖章事项数",
            "kinds of certificates and stamps (盖章/证明) the committee must still issue",
            "count",
        ),
        "upward_reports_per_month": (
            "administration_led",
            HIGHER_WORSE,
            "每月上报台账报表数",
            "reports and ledgers sent upwards per month",
            "per month",
        ),
    }
)

_INDICATOR_COLUMNS = ["dimension", "direction", "weight", "label_zh", "label_en", "unit", "target"]
_DIMENSION_COLUMNS = ["weight", "label_zh", "label_en"]


def _direction(value: object, indicator: str) -> int:
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _DIRECTION_WORDS:
            return _DIRECTION_WORDS[key]
    elif value is not None and not (isinstance(value, float) and np.isnan(value)) and value in (1, -1):
        return int(value)
    raise ValueError(
        f"framework: indicator {indicator!r} has direction {value!r}; expected +1 (higher is better), "
        f"-1 (higher is worse), 'higher_is_better' or 'higher_is_worse'"
    )


def _weights(values: pd.Series, what: str) -> pd.Series:
    weights = pd.to_numeric(values, errors="coerce").astype(float)
    bad = weights.index[~np.isfinite(weights.to_numpy()) | (weights.to_numpy() < 0)]
    if len(bad):
        raise ValueError(
            f"framework: {what} {list(bad)} have weights {values[bad].tolist()}; expected finite numbers >= 0"
        )
    return weights


@dataclass(frozen=True, eq=False)
class Framework:
    """Indicators, their dimensions, directions, weights and labels, validated.

    Parameters
    ----------
    indicators
        One row per indicator, index or column ``indicator``; columns ``dimension`` and ``direction``
        are required, ``weight`` (default 1), ``label_zh``/``label_en`` (default the name), ``unit``
        and ``target`` (default NaN) optional.
    dimensions
        One row per dimension, index or column ``dimension``, optional columns ``weight`` (default 1),
        ``label_zh``, ``label_en``; default: the dimensions of ``indicators`` in order of appearance,
        equal weights, labels from :data:`PROBLEMS` where known.

    Raises
    ------
    ValueError
        On a duplicate indicator, an unknown direction, a negative or missing weight, a dimension
        whose budgets are all zero, or a dimension without indicators.
    """

    indicators: pd.DataFrame
    # None (the default) asks for the dimension table derived from the indicators; __post_init__
    # always leaves a validated table here, so users of a Framework read a DataFrame
    dimensions: pd.DataFrame = None

    def __post_init__(self) -> None:
        table = self.indicators.copy()
        if "indicator" in table.columns:
            table = table.set_index("indicator")
        table.index = table.index.astype(str).rename("indicator")
        if table.index.has_duplicates:
            twice = sorted(set(table.index[table.index.duplicated()]))
            raise ValueError(f"framework: indicator(s) {twice} listed twice")
        missing = [c for c in ("dimension", "direction") if c not in table.columns]
        if missing:
            raise ValueError(f"framework: the indicator table lacks column(s) {missing}")
        if len(table) == 0:
            raise ValueError("framework: no indicators")
        table["dimension"] = table["dimension"].astype(str)
        table["direction"] = [_direction(v, i) for i, v in zip(table.index, table["direction"])]
        table["weight"] = _weights(table["weight"], "indicators") if "weight" in table.columns else 1.0
        for lang in ("zh", "en"):
            column = f"label_{lang}"
            table[column] = table[column].astype(str) if column in table.columns else table.index.to_numpy()
        table["unit"] = table["unit"].astype(str) if "unit" in table.columns else ""
        table["target"] = (
            pd.to_numeric(table["target"], errors="raise").astype(float) if "target" in table.columns else np.nan
        )
        order = list(dict.fromkeys(table["dimension"]))
        dims = self._dimension_table(order)
        unused = [d for d in dims.index if d not in order]
        if unused:
            raise ValueError(f"framework: dimension(s) {unused} have no indicators")
        budget = table.groupby("dimension", sort=False)["weight"].sum()
        empty = list(budget.index[budget.to_numpy() <= 0])
        if empty:
            raise ValueError(f"framework: all indicator weights are zero in dimension(s) {empty}")
        if float(dims["weight"].sum()) <= 0:
            raise ValueError("framework: all dimension weights are zero")
        table = table.iloc[np.argsort([list(dims.index).index(d) for d in table["dimension"]], kind="stable")]
        object.__setattr__(self, "indicators", table[_INDICATOR_COLUMNS])
        object.__setattr__(self, "dimensions", dims)

    def _dimension_table(self, order: list[str]) -> pd.DataFrame:
        if self.dimensions is None:
            dims = pd.DataFrame(index=pd.Index(order, name="dimension"))
        else:
            dims = self.dimensions.copy()
            if "dimension" in dims.columns:
                dims = dims.set_index("dimension")
            dims.index = dims.index.astype(str).rename("dimension")
            if dims.index.has_duplicates:
                raise ValueError("framework: a dimension is listed twice in the dimension table")
            unknown = [d for d in order if d not in dims.index]
            if unknown:
                raise ValueError(
                    f"framework: indicators refer to dimension(s) {unknown} missing from the dimension table"
                )
        dims["weight"] = _weights(dims["weight"], "dimensions") if "weight" in dims.columns else 1.0
        for i, lang in enumerate(("zh", "en")):
            column = f"label_{lang}"
            default = [PROBLEMS[d][i] if d in PROBLEMS else d for d in dims.index]
            dims[column] = dims[column].astype(str) if column in dims.columns else default
        return dims[_DIMENSION_COLUMNS]

    # ------------------------------------------------------------------------------------ views
    @property
    def indicator_names(self) -> list[str]:
        """Indicator names, grouped by dimension in the dimension table's order."""
        return list(self.indicators.index)

    @property
    def dimension_names(self) -> list[str]:
        """Dimension names in order."""
        assert self.dimensions is not None  # set by __post_init__
        return list(self.dimensions.index)

    @property
    def membership(self) -> np.ndarray:
        """Integer array: the position in :attr:`dimension_names` of each indicator's dimension."""
        names = self.dimension_names
        return np.array([names.index(d) for d in self.indicators["dimension"]], dtype=int)

    def budget_weights(self) -> tuple[pd.Series, pd.Series]:
        """The expert budgets rescaled: indicator weights summing to 1 within each dimension, and
        dimension weights summing to 1 over the index."""
        assert self.dimensions is not None  # set by __post_init__
        w = self.indicators["weight"]
        within = w / w.groupby(self.indicators["dimension"]).transform("sum")
        dims = self.dimensions["weight"] / self.dimensions["weight"].sum()
        return within.rename("weight"), dims.rename("weight")

    def equal_weights(self) -> tuple[pd.Series, pd.Series]:
        """Equal weights: 1/k within a dimension of k indicators, 1/D over D dimensions."""
        assert self.dimensions is not None  # set by __post_init__
        size = self.indicators.groupby("dimension")["dimension"].transform("size")
        dims = pd.Series(1.0 / len(self.dimensions), index=self.dimensions.index, name="weight")
        return (1.0 / size).astype(float).rename("weight"), dims

    def values(self, table: pd.DataFrame) -> np.ndarray:
        """The indicator columns of ``table`` as a float array (rows × indicators, framework order).

        Raises
        ------
        ValueError
            Naming the indicator columns that are missing or not numeric.
        """
        missing = [c for c in self.indicator_names if c not in table.columns]
        if missing:
            raise ValueError(f"indicator table lacks column(s) {missing} required by the framework")
        bad = [
            c for c in self.indicator_names if not pd.api.types.is_numeric_dtype(table[c]) and not table[c].isna().all()
        ]
        if bad:
            raise ValueError(f"indicator column(s) {bad} are not numeric")
        return table[self.indicator_names].to_numpy(dtype=float, na_value=np.nan)

    def select(self, dimensions: Iterable[str]) -> Framework:
        """A framework with only the given dimensions (and their indicators)."""
        assert self.dimensions is not None  # set by __post_init__
        keep = list(dimensions)
        unknown = [d for d in keep if d not in self.dimensions.index]
        if unknown:
            raise ValueError(f"framework has no dimension(s) {unknown}")
        rows = self.indicators[self.indicators["dimension"].isin(keep)]
        return Framework(rows, self.dimensions.loc[keep])


def default_framework() -> Framework:
    """The six problems of community governance with their suggested indicators, equal budgets.

    Returns
    -------
    Framework
        Dimensions :data:`SIX_PROBLEMS` labelled from :data:`PROBLEMS`; indicators
        :data:`SUGGESTED_INDICATORS` with direction, labels and unit, budget 1 each, no targets.
    """
    rows = [
        {
            "indicator": name,
            "dimension": dim,
            "direction": direction,
            "weight": 1.0,
            "label_zh": zh,
            "label_en": en,
            "unit": unit,
            "target": np.nan,
        }
        for name, (dim, direction, zh, en, unit) in SUGGESTED_INDICATORS.items()
    ]
    dims = pd.DataFrame(
        {
            "dimension": list(PROBLEMS),
            "weight": 1.0,
            "label_zh": [v[0] for v in PROBLEMS.values()],
            "label_en": [v[1] for v in PROBLEMS.values()],
        }
    )
    return Framework(pd.DataFrame(rows), dims)


def read_framework(path) -> Framework:
    """A city's own indicator list from a CSV or XLSX file (one row per indicator; the columns of
    :class:`Framework`'s ``indicators``: ``indicator``, ``dimension``, ``direction``, and optionally
    ``weight``, ``label_zh``, ``label_en``, ``unit``, ``target``). Dimensions named after the six
    problems (:data:`PROBLEMS`) take their labels.

    Raises
    ------
    ValueError
        Naming the file: unreadable, or not a valid framework (see :class:`Framework`).
    """
    from governance_analytics.io.tables import read_raw

    table, _, malformed, _ = read_raw(path)
    if len(malformed):
        raise ValueError(f"{path}: line {malformed['row'].iloc[0]}: {malformed['reason'].iloc[0]}")
    for column in ("weight", "target"):
        if column in table:
            numbers = pd.to_numeric(table[column], errors="coerce")
            bad = numbers.isna() & table[column].notna()
            if bad.any():
                raise ValueError(f"{path}: {column}: expected a number, got {table.loc[bad, column].iloc[0]!r}")
            table[column] = numbers
    try:
        return Framework(table)
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from None


def study_framework(spec) -> Framework:
    """The framework of a city's community study: its own indicator list where
    :class:`~governance_analytics.specs.CommunitySpec` names one, else :func:`default_framework`."""
    return read_framework(spec.framework) if spec.framework else default_framework()
