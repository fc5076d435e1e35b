"""Uncertainty and sensitivity analysis of the composite over its modelling choices.

Every step of a composite indicator is a choice (Handbook step 7): how to impute, whether to
winsorise, how to normalise, weight and aggregate. Following Saisana, Saltelli and Tarantola (2005)
and COINr's ``get_sensitivity``, each choice is an input factor and the ranks of the communities are
the output:

:func:`rank_uncertainty` (uncertainty analysis)
    ``n`` Monte Carlo draws, each choice drawn uniformly from its alternatives (:data:`DEFAULT_CHOICES`)
    and the nominal weights perturbed by ``1 + U(-f, f)`` (``weight_noise``); per community the
    nominal rank, the median rank and the 5–95 % rank interval, and how often its highest-scoring
    dimension is the nominal one.
:func:`choice_sensitivity` (sensitivity analysis)
    Sobol' first-order :math:`S_i = V[E(Y|X_i)]/V(Y)` and total :math:`S_{Ti} = E[V(Y|X_{\\sim i})]/V(Y)`
    indices of the choices on :math:`\\bar R_S = \\frac1M \\sum_c |\\mathrm{rank}_c -
    \\mathrm{rank}_c^{\\text{nominal}}|`, the mean absolute rank shift (Saisana et al. 2005),
    estimated with SALib: Saltelli's sampling (``SALib.sample.sobol``, scrambled Sobol' sequence,
    :math:`N(k+2)` runs for :math:`k` factors) and Jansen/Saltelli estimators with bootstrap intervals
    (``SALib.analyze.sobol``).

**Discrete factors.** SALib samples each factor uniformly on [0, 1]; a factor with :math:`L`
alternatives takes alternative :math:`\\lfloor uL \\rfloor` (the last for :math:`u = 1`), so every
alternative has probability :math:`1/L` and the factors stay independent, which is all the Sobol'
decomposition needs (the "trigger" factors of Saisana et al. 2005). The weight perturbation enters as
one factor choosing among ``n_weight_sets`` pre-drawn perturbations (set 0 unperturbed), as COINr's
``get_noisy_weights`` does. :math:`S_{Ti} - S_i` is the share of variance due to interactions; with
few runs the estimates can fall slightly outside [0, 1] — read them with their intervals.

References: Saisana, M., Saltelli, A. and Tarantola, S. (2005) Uncertainty and sensitivity analysis
techniques as tools for the quality assessment of composite indicators, *JRSS A* 168(2), 307–323;
Saltelli, A. et al. (2010) *Computer Physics Communications* 181, 259–270; Herman, J. and Usher, W.
(2017) SALib, *JOSS* 2(9), 97; OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, step 7.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from governance_analytics.community.composite import CompositeIndex
from governance_analytics.community.framework import Framework, default_framework

__all__ = [
    "DEFAULT_CHOICES",
    "RankUncertainty",
    "SobolResult",
    "choice_sensitivity",
    "levels_from_uniform",
    "rank_uncertainty",
    "sobol_indices",
    "sobol_unit_cube",
]

#: Alternatives per choice (the first is the nominal); keys are :class:`CompositeIndex` parameters.
DEFAULT_CHOICES: Mapping[str, tuple] = {
    "impute": ("mean", "median"),
    "winsorise": (5, None),
    "normalise": ("minmax", "zscore", "rank"),
    "weights": ("equal", "pca", "bod"),
    "aggregate": ("arithmetic", "geometric"),
}
WEIGHT_SET = "weight_set"


@dataclass(frozen=True)
class RankUncertainty:
    """Monte Carlo result: ``summary`` per community (``nominal_rank``, ``median_rank``, ``rank_q05``,
    ``rank_q95``, ``mean_rank``, ``interval_width``, ``nominal_dominant``, ``dominant_stability``);
    ``ranks`` (draws × communities); ``draws`` (the choices of each draw)."""

    summary: pd.DataFrame
    ranks: pd.DataFrame
    draws: pd.DataFrame


@dataclass(frozen=True)
class SobolResult:
    """Sobol' indices per factor (``indices``: ``S1``, ``S1_conf``, ``ST``, ``ST_conf``), the model
    output of every run (``outputs``), the runs' factor values (``samples``) and ``n_base``."""

    indices: pd.DataFrame
    outputs: np.ndarray
    samples: pd.DataFrame
    n_base: int


def levels_from_uniform(u: np.ndarray, n_levels: int) -> np.ndarray:
    """Alternative ``floor(u · n_levels)`` (capped at ``n_levels − 1``) of uniforms ``u`` in [0, 1]."""
    return np.minimum((np.asarray(u, dtype=float) * n_levels).astype(int), n_levels - 1)


def sobol_unit_cube(
    func: Callable[[np.ndarray], np.ndarray],
    names: Sequence[str],
    *,
    n_base: int = 256,
    seed: int = 0,
    num_resamples: int = 200,
    conf_level: float = 0.95,
) -> SobolResult:
    """Sobol' first-order and total indices of ``func`` on the unit cube (SALib).

    Parameters
    ----------
    func
        Maps an array (runs × factors) of points in [0, 1]^k to one output per run.
    names
        Factor names.
    n_base
        Base sample size :math:`N` (a power of 2); :math:`N(k + 2)` runs.
    seed
        Seeds the scrambled Sobol' sequence and the bootstrap.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    if n_base < 2 or n_base & (n_base - 1):
        raise ValueError(f"n_base must be a power of 2, got {n_base}")
    problem = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    x = sobol_sample.sample(problem, n_base, calc_second_order=False, scramble=True, seed=seed)
    y = np.asarray(func(x), dtype=float)
    si = sobol_analyze.analyze(
        problem, y, calc_second_order=False, num_resamples=num_resamples, conf_level=conf_level, seed=seed
    )
    indices = pd.DataFrame(
        {k: si[k] for k in ("S1", "S1_conf", "ST", "ST_conf")}, index=pd.Index(list(names), name="factor")
    )
    return SobolResult(indices, y, pd.DataFrame(x, columns=list(names)), n_base)


def sobol_indices(
    model: Callable[[dict], float],
    choices: Mapping[str, Sequence],
    *,
    n_base: int = 256,
    seed: int = 0,
    num_resamples: int = 200,
) -> SobolResult:
    """Sobol' indices of discrete ``choices`` (name → alternatives) on ``model(choice dict) → float``;
    uniforms are mapped to alternatives by :func:`levels_from_uniform` and runs of an identical
    combination are computed once. ``samples`` holds the chosen alternatives."""
    names = list(choices)
    cache: dict[tuple, float] = {}

    def func(x: np.ndarray) -> np.ndarray:
        levels = np.column_stack([levels_from_uniform(x[:, j], len(choices[n])) for j, n in enumerate(names)])
        out = np.empty(len(x))
        for r, row in enumerate(map(tuple, levels)):
            if row not in cache:
                cache[row] = float(model({n: choices[n][i] for n, i in zip(names, row)}))
            out[r] = cache[row]
        return out

    res = sobol_unit_cube(func, names, n_base=n_base, seed=seed, num_resamples=num_resamples)
    chosen = pd.DataFrame(
        {
            n: pd.Series(
                [choices[n][i] for i in levels_from_uniform(res.samples[n].to_numpy(), len(choices[n]))], dtype=object
            )
            for n in names
        }
    )
    return SobolResult(res.indices, res.outputs, chosen, n_base)


class _Runner:
    """Scores the composite under a choice dict, re-using the treatment and normalisation per
    (impute, winsorise, normalise, aggregate) and re-learning only the weights per run."""

    def __init__(
        self,
        reference: pd.DataFrame,
        data: pd.DataFrame,
        framework: Framework,
        weight_sets: np.ndarray,
        base: Mapping[str, Any],
    ) -> None:
        self.reference, self.framework, self.base = reference, framework, dict(base)
        self.values = framework.values(data)
        self.groups = [np.arange(len(data))]
        self.names = framework.indicator_names + framework.dimension_names
        self.weight_sets = weight_sets
        self.cache: dict[tuple, tuple[CompositeIndex, np.ndarray]] = {}

    def __call__(self, choice: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        """Index and dimension scores (problem orientation) of the data under ``choice``."""
        options = {**self.base, **{k: v for k, v in choice.items() if k != WEIGHT_SET}}
        key = tuple(options.get(k) for k in ("impute", "winsorise", "normalise", "aggregate", "scale"))
        if key not in self.cache:
            est = CompositeIndex(self.framework, **{k: v for k, v in options.items() if k != "weights"})
            est.fit(self.reference)
            self.cache[key] = (est, est._prepared(self.values, self.groups))
        est, prepared = self.cache[key]
        factors = dict(zip(self.names, self.weight_sets[int(choice.get(WEIGHT_SET, 0))]))
        est = est._reweighted(weights=str(options.get("weights", "equal")), weight_factors=factors)
        dims, index, _ = est._aggregate(prepared)
        return est._report(index, level="index"), est._report(dims, level="dimension")


def _setup(
    reference: pd.DataFrame,
    data: pd.DataFrame | None,
    framework: Framework | None,
    choices: Mapping[str, Sequence] | None,
    weight_noise: float,
    n_weight_sets: int,
    seed: int,
) -> tuple[pd.DataFrame, Framework, dict[str, tuple], _Runner, np.ndarray]:
    fw = framework if framework is not None else default_framework()
    data = reference if data is None else data
    if "year" in data.columns and data["year"].nunique() > 1:
        raise ValueError("rank uncertainty compares ranks within one year; select one year of data")
    options = {k: tuple(v) for k, v in (DEFAULT_CHOICES if choices is None else choices).items()}
    unknown = [k for k in options if k not in CompositeIndex().get_params()]
    if unknown or any(len(v) == 0 for v in options.values()):
        raise ValueError(f"choices must map CompositeIndex parameters to non-empty alternatives; unknown {unknown}")
    n_names = len(fw.indicator_names) + len(fw.dimension_names)
    rng = np.random.default_rng(seed)
    sets = np.ones((max(n_weight_sets, 1), n_names))
    if weight_noise > 0 and n_weight_sets > 1:
        sets[1:] = 1.0 + rng.uniform(-weight_noise, weight_noise, size=(n_weight_sets - 1, n_names))
        options[WEIGHT_SET] = tuple(range(n_weight_sets))
    base = {k: v[0] for k, v in options.items() if k != WEIGHT_SET}
    runner = _Runner(reference, data, fw, sets, base)
    nominal_index, _ = runner({})
    return data, fw, options, runner, nominal_index


def _ranks(index: np.ndarray) -> np.ndarray:
    """Rank 1 = highest (worst) index; ties share the average rank; NaN stays NaN."""
    out = np.full(index.shape, np.nan)
    ok = ~np.isnan(index)
    out[ok] = rankdata(-index[ok], method="average")
    return out


def rank_uncertainty(
    reference: pd.DataFrame,
    *,
    data: pd.DataFrame | None = None,
    framework: Framework | None = None,
    choices: Mapping[str, Sequence] | None = None,
    weight_noise: float = 0.25,
    n_weight_sets: int = 100,
    n: int = 500,
    seed: int = 0,
    id_column: str = "community_id",
) -> RankUncertainty:
    """Monte Carlo rank intervals of each community over the modelling choices.

    Parameters
    ----------
    reference
        The reference year's indicator table (every draw is fitted on it).
    data
        The year to rank (default ``reference``), one year.
    framework
        Default :func:`default_framework`.
    choices
        :class:`CompositeIndex` parameter → alternatives, the first nominal (default
        :data:`DEFAULT_CHOICES`).
    weight_noise, n_weight_sets
        Weight perturbation ``1 + U(-f, f)`` per indicator and dimension weight, drawn as
        ``n_weight_sets`` sets (set 0 unperturbed); ``weight_noise=0`` switches it off.
    n
        Number of draws.
    seed
        Seeds the weight sets and the draws.

    Returns
    -------
    RankUncertainty
    """
    data, fw, options, runner, nominal_index = _setup(
        reference, data, framework, choices, weight_noise, n_weight_sets, seed
    )
    rng = np.random.default_rng([seed, 1])
    draws = pd.DataFrame(
        {k: pd.Series([v[i] for i in rng.integers(0, len(v), size=n)], dtype=object) for k, v in options.items()}
    )
    ranks = np.empty((n, len(data)))
    dominant = np.empty((n, len(data)), dtype=int)
    for d, choice in enumerate(draws.to_dict("records")):
        index, dims = runner(choice)
        ranks[d] = _ranks(index)
        dominant[d] = _standardised_argmax(dims)
    _, nominal_dims = runner({})
    nominal_dom = _standardised_argmax(nominal_dims)
    ids = pd.Index(data[id_column].to_numpy() if id_column in data.columns else data.index, name=id_column)
    summary = pd.DataFrame(
        {
            "nominal_rank": _ranks(nominal_index),
            "median_rank": np.median(ranks, axis=0),
            "rank_q05": np.quantile(ranks, 0.05, axis=0),
            "rank_q95": np.quantile(ranks, 0.95, axis=0),
            "mean_rank": ranks.mean(axis=0),
            "nominal_dominant": np.array(fw.dimension_names, dtype=object)[nominal_dom],
            "dominant_stability": (dominant == nominal_dom).mean(axis=0),
        },
        index=ids,
    )
    summary.insert(5, "interval_width", summary["rank_q95"] - summary["rank_q05"])
    return RankUncertainty(summary, pd.DataFrame(ranks, columns=ids), draws)


def _standardised_argmax(dims: np.ndarray) -> np.ndarray:
    """Per row, the dimension with the highest score standardised over the rows (as
    :func:`~governance_analytics.community.profiles.dominant_problem` does)."""
    sd = np.nanstd(dims, axis=0, ddof=1)
    z = (dims - np.nanmean(dims, axis=0)) / np.where(sd > 0, sd, 1.0)
    return np.argmax(np.where(np.isnan(z), -np.inf, z), axis=1)


def choice_sensitivity(
    reference: pd.DataFrame,
    *,
    data: pd.DataFrame | None = None,
    framework: Framework | None = None,
    choices: Mapping[str, Sequence] | None = None,
    weight_noise: float = 0.25,
    n_weight_sets: int = 100,
    n_base: int = 256,
    seed: int = 0,
    num_resamples: int = 200,
) -> SobolResult:
    """Sobol' indices of the modelling choices on the mean absolute rank shift against the nominal
    ranking (module docstring; parameters as :func:`rank_uncertainty`, ``n_base`` a power of 2)."""
    _, _, options, runner, nominal_index = _setup(
        reference, data, framework, choices, weight_noise, n_weight_sets, seed
    )
    nominal = _ranks(nominal_index)

    def shift(choice: dict) -> float:
        return float(np.nanmean(np.abs(_ranks(runner(choice)[0]) - nominal)))

    return sobol_indices(shift, options, n_base=n_base, seed=seed, num_resamples=num_resamples)
