"""The four problems of public participation as survey indicators, each with a design-based interval.

The domain source (seed, F 3.2) names four problems: low enthusiasm (参与热情不高), low level
(参与层次较低), a single channel (参与途径单一) and lagging law (参与法制滞后). With :math:`y_{ic}` the 0/1
use of channel :math:`c` (:math:`K` channels), :math:`m_i = \\sum_c y_{ic}` the channels used,
:math:`a_i = 1[m_i \\ge 1]` (took part at all), :math:`r^*_i` the highest rung reached
(:func:`~governance_analytics.participation.ladder.highest_rung`) and :math:`g_i = 1[r^*_i \\ge 6]`
(reached citizen power, above tokenism), and :math:`\\hat T(x) = \\sum_i w_i x_i`:

=======================  ===========  ===============================================================
indicator                problem      definition
=======================  ===========  ===============================================================
``enthusiasm``           enthusiasm   :math:`\\hat T(a) / \\hat N` — share of adults who took part
``level_all``            level        :math:`\\hat T(g) / \\hat N` — share of all adults above tokenism
``level_participants``   level        :math:`\\hat T(g) / \\hat T(a)` — the same among participants
``channels_per_part``    diversity    :math:`\\hat T(m) / \\hat T(a)` — mean channels per participant
``multi_channel_share``  diversity    :math:`\\hat T(1[m \\ge 2]) / \\hat T(a)` — participants using 2+ channels
``channel_entropy``      diversity    :math:`H = -\\sum_c s_c \\ln s_c`, :math:`s_c = \\hat T(y_c) / \\hat T(m)`
``channel_evenness``     diversity    :math:`J = H / \\ln K` (Pielou), 0 = one channel, 1 = all equal
``<awareness item>``     awareness    :math:`\\hat T(v) / \\hat N` for each 0/1 awareness item :math:`v`
=======================  ===========  ===============================================================

The entropy is that of the population's *channel mix*: :math:`s_c` is channel :math:`c`'s share of all
uses of any channel (Shannon 1948), so it measures whether participation is spread over the channels
or concentrated in one, the "single channel" problem at the level of the city; the per-person side is
``channels_per_part`` and ``multi_channel_share``. Every indicator is a smooth function of estimated
totals; its standard error is by linearisation (replicates for replicate designs), equal to R
``svyciprop``/``svyratio``/``svycontrast(svytotal(...), expression)``. Intervals are t with the
(domain's) design df: on the logit scale for proportions (R ``svyciprop(method = "xlogit")``, the same as
``"logit"`` for a linearised design), symmetric for the mean and the entropy. Groups (``by``) are
domains of the full design.

References: Shannon, C. E. (1948) *Bell System Technical Journal* 27, 379–423; Pielou, E. C. (1966)
*Journal of Theoretical Biology* 13, 131–144; Woodruff (1971), *JASA* 66, 411–414.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd

from governance_analytics.participation._estimation import DesignEstimators
from governance_analytics.participation._smooth import function_of_totals, interval
from governance_analytics.participation.channels import CHANNELS
from governance_analytics.participation.ladder import ARNSTEIN_RUNGS, highest_rung, resolve_mapping

__all__ = ["AWARENESS_ITEMS", "INDICATORS", "PROBLEMS", "participation_indicators"]

#: The four problems: key → (zh, en).
PROBLEMS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "enthusiasm": ("参与热情不高", "low enthusiasm"),
        "level": ("参与层次较低", "low level"),
        "diversity": ("参与途径单一", "a single channel"),
        "awareness": ("参与法制滞后", "lagging law: rights and rules not known"),
    }
)

#: Indicator key → (problem, zh, en) of the channel-based indicators (module docstring table).
INDICATORS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "enthusiasm": ("enthusiasm", "参与率（任一渠道）", "took part in any channel"),
        "level_all": ("level", "达到公民权力层级（全体）", "reached citizen power (all adults)"),
        "level_participants": ("level", "达到公民权力层级（参与者）", "reached citizen power (participants)"),
        "channels_per_part": ("diversity", "参与者平均渠道数", "channels per participant"),
        "multi_channel_share": ("diversity", "使用两个及以上渠道的参与者比例", "participants using 2+ channels"),
        "channel_entropy": ("diversity", "渠道结构熵", "entropy of the channel mix (nats)"),
        "channel_evenness": ("diversity", "渠道均衡度", "evenness of the channel mix (H / ln K)"),
    }
)

#: Default awareness items: column → (zh, en).
AWARENESS_ITEMS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "aware_rights": ("知道居民有权参与城市治理", "knows residents' right to take part"),
        "aware_rules": ("了解参与的规则和程序", "knows the rules and procedures"),
    }
)

_CITIZEN_POWER = min(r.number for r in ARNSTEIN_RUNGS if r.tier == "citizen_power")  # partnership, rung 6
_COLUMNS = ["problem", "label_zh", "label_en", "estimate", "se", "ci_low", "ci_high", "df", "n"]


def participation_indicators(
    design: DesignEstimators,
    *,
    channels: Sequence[str] = CHANNELS,
    mapping: Mapping[str, object] | pd.DataFrame | None = None,
    awareness: Sequence[str] | Mapping[str, tuple[str, str]] | None = None,
    by: str | None = None,
    na_rm: bool = False,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """The four problems' indicators (module docstring), overall or per group.

    Parameters
    ----------
    design
        Survey design whose data hold the 0/1 channel columns (and awareness items).
    channels
        Channel columns: :math:`K` = their number. Default the eight of
        :data:`~governance_analytics.participation.channels.CHANNELS`.
    mapping
        Channel → Arnstein rung for the level indicators (default
        :data:`~governance_analytics.participation.ladder.DEFAULT_MAPPING`); channels it does not
        map count for participation but not for the level.
    awareness
        0/1 awareness columns (or column → (zh, en)); default the :data:`AWARENESS_ITEMS` present in
        the data, ``()`` for none.
    by
        Domain column: one block of indicators per group.
    na_rm
        Leave rows with a missing channel (or, per item, awareness) answer out of the estimates
        (they stay in the design); otherwise missing values raise an error.
    alpha
        Intervals are :math:`1-\\alpha`.

    Returns
    -------
    DataFrame
        Index (``by`` and) ``indicator``; columns ``problem``, ``label_zh``, ``label_en``,
        ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``df``, ``n`` (respondents used).
    """
    channels = list(channels)
    if len(channels) < 2:
        raise ValueError("give at least two channels (the entropy's ln K would be 0)")
    Y = design._numeric(channels)
    complete = ~np.isnan(Y).any(axis=1)
    if not na_rm and not complete.all():
        raise ValueError(
            f"{int((~complete).sum())} respondents have a missing channel answer; pass na_rm=True to "
            "leave them out of the estimates (they stay in the design)"
        )
    rungs = {c: r.number for c, r in resolve_mapping(mapping).items() if c in channels}
    top = (
        highest_rung(design.data[channels], rungs)["highest_rung_number"]
        if rungs
        else pd.Series(0, index=design.data.index)
    )
    items = _awareness(design, awareness)
    Y = np.nan_to_num(Y)
    m = Y.sum(axis=1)
    a = (m >= 1).astype(float)
    g = (top.fillna(0).to_numpy(dtype=float) >= _CITIZEN_POWER).astype(float)
    multi = (m >= 2).astype(float)

    records = []
    for key, domain in _domains(design, by):
        rows = domain & complete
        dfu = float(design._domain_df(domain))
        one = rows.astype(float)
        base = {by: key} if by is not None else {}
        blocks = {
            "enthusiasm": _ratio(design, a * one, one, rows),
            "level_all": _ratio(design, g * one, one, rows),
            "level_participants": _ratio(design, g * one, a * one, rows),
            "channels_per_part": _ratio(design, m * one, a * one, rows),
            "multi_channel_share": _ratio(design, multi * one, a * one, rows),
        }
        H, J = _entropy(design, Y * one[:, None], rows)
        blocks["channel_entropy"], blocks["channel_evenness"] = H, J
        proportions = {"enthusiasm", "level_all", "level_participants", "multi_channel_share"}
        for name, (est, var) in blocks.items():
            problem, zh, en = INDICATORS[name]
            records.append(
                _record(
                    base,
                    name,
                    problem,
                    zh,
                    en,
                    est,
                    var,
                    proportion=name in proportions,
                    alpha=alpha,
                    df=dfu,
                    n=int(rows.sum()),
                )
            )
        for item, (zh, en) in items.items():
            v = design._numeric([item])[:, 0]
            ok = domain & ~np.isnan(v)
            if not na_rm and (domain & np.isnan(v)).any():
                raise ValueError(f"awareness item {item!r} has missing values; pass na_rm=True")
            est, var = _ratio(design, np.where(ok, v, 0.0), ok.astype(float), ok)
            records.append(
                _record(
                    base, item, "awareness", zh, en, est, var, proportion=True, alpha=alpha, df=dfu, n=int(ok.sum())
                )
            )
    frame = pd.DataFrame.from_records(records)
    return frame.set_index([*([by] if by is not None else []), "indicator"])[_COLUMNS]


def _awareness(
    design: DesignEstimators, awareness: Sequence[str] | Mapping[str, tuple[str, str]] | None
) -> dict[str, tuple[str, ...]]:  # (Chinese, English); ``tuple`` also takes a label given as a list
    if awareness is None:
        return {k: v for k, v in AWARENESS_ITEMS.items() if k in design.data.columns}
    if isinstance(awareness, Mapping):
        return {str(k): tuple(v) for k, v in awareness.items()}
    return {k: AWARENESS_ITEMS.get(k, (k, k)) for k in awareness}


def _domains(design: DesignEstimators, by: str | None) -> list[tuple[object, np.ndarray]]:
    n = len(design.data)
    if by is None:
        return [(None, np.ones(n, dtype=bool))]
    column = design._get(by)
    return [(lv, (column == lv).to_numpy()) for lv in sorted(column.dropna().unique().tolist())]


def _ratio(design: DesignEstimators, y: np.ndarray, x: np.ndarray, rows: np.ndarray) -> tuple[float, float]:
    """:math:`\\hat T(y) / \\hat T(x)` and its linearised variance (R ``svyratio``)."""

    def value(T: np.ndarray) -> np.ndarray:
        return T[:, :1] / T[:, 1:]

    def gradient(T: np.ndarray) -> np.ndarray:
        return np.array([[1 / T[1]], [-T[0] / T[1] ** 2]])

    with np.errstate(divide="ignore", invalid="ignore"):
        est, cov = function_of_totals(design, np.column_stack([y, x]), value=value, gradient=gradient, present=rows)
    return float(est[0]), float(cov[0, 0])


def _entropy(
    design: DesignEstimators, Y: np.ndarray, rows: np.ndarray
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Shannon entropy of the channel shares and its evenness, with linearised variances.

    :math:`\\partial H / \\partial T_c = -(\\ln s_c + H) / S`, :math:`S = \\sum_c T_c` (channels with
    :math:`s_c = 0` contribute :math:`0 \\ln 0 = 0` and a zero derivative).
    """
    K = Y.shape[1]

    def value(T: np.ndarray) -> np.ndarray:
        s = T / T.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            h = -np.sum(np.where(s > 0, s * np.log(s), 0.0), axis=1, keepdims=True)
        return np.hstack([h, h / np.log(K)])

    def gradient(T: np.ndarray) -> np.ndarray:
        S = T.sum()
        s = T / S
        h = value(T[None, :])[0, 0]
        with np.errstate(divide="ignore"):
            d = np.where(s > 0, -(np.log(np.where(s > 0, s, 1.0)) + h) / S, 0.0)
        return np.column_stack([d, d / np.log(K)])

    est, cov = function_of_totals(design, Y, value=value, gradient=gradient, present=rows)
    return (float(est[0]), float(cov[0, 0])), (float(est[1]), float(cov[1, 1]))


def _record(
    base: dict,
    name: str,
    problem: str,
    zh: str,
    en: str,
    est: float,
    var: float,
    *,
    proportion: bool,
    alpha: float,
    df: float,
    n: int,
) -> dict:
    low, high = interval(est, var, proportion=proportion, alpha=alpha, df=df)
    return {
        **base,
        "indicator": name,
        "problem": problem,
        "label_zh": zh,
        "label_en": en,
        "estimate": est,
        "se": float(np.sqrt(var)) if var >= 0 else float("nan"),
        "ci_low": low,
        "ci_high": high,
        "df": df,
        "n": n,
    }
