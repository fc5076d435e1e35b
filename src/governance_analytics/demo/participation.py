"""Study 3 — who takes part in urban governance, and through which channel: a participation survey.

A finite population of adult residents is built for every community of the Demo City, each with an
age group, sex, hukou (local / migrant 外来), education, income band and years resident, and with 0/1
participation in the last 12 months in eight channels, drawn from a planted logistic model per channel
(:data:`COEFFICIENTS`) plus a community random intercept. A stratified two-stage sample is then drawn:
strata are the six districts, PSUs are communities drawn by simple random sampling without replacement
(:data:`PSUS_PER_STRATUM` per stratum), and :data:`RESPONDENTS_PER_PSU` residents are drawn by SRS
without replacement in every sampled community. The survey carries the design columns that R's
``survey::svydesign(ids=~psu, strata=~stratum, weights=~weight, fpc=~fpc)`` expects.

Two 0/1 awareness items, ``aware_rights`` (knows residents' right to take part in urban governance)
and ``aware_rules`` (knows the rules and procedures for taking part), are drawn last, after the sample,
with planted probabilities by education and hukou (:data:`AWARENESS_RATES`). They are drawn
independently of participation given education and hukou, so every earlier column is unchanged by
them and, in a model that already adjusts for education and hukou, awareness has no planted effect
on participation (odds ratio 1): in the Demo City awareness is an outcome of its own (the fourth
problem, 参与法制滞后 — residents do not know their rights and the rules), not a cause.

The truth records the planted log odds ratios and odds ratios, and the *finite-population* values
(exact, from the generated population): participation rate per channel overall, by hukou and by
district, the population counts, the realised design, and under ``awareness`` the planted awareness
probabilities and the population's awareness rates overall, by hukou and by education.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from governance_analytics.demo._geography import DemoGeography
from governance_analytics.schemas import PARTICIPATION_CHANNELS

__all__ = [
    "generate",
    "CHANNELS",
    "CHANNEL_LABELS",
    "COEFFICIENTS",
    "REFERENCE_LEVELS",
    "AGE_GROUPS",
    "SEXES",
    "HUKOU",
    "EDUCATION",
    "INCOME_BANDS",
    "ADULT_SHARE",
    "PSUS_PER_STRATUM",
    "RESPONDENTS_PER_PSU",
    "AWARENESS_ITEMS",
    "AWARENESS_RATES",
]

#: Share of a community's population aged 18+: the survey's finite population (one simulated
#: resident per adult, no down-scaling).
ADULT_SHARE = 0.84
PSUS_PER_STRATUM = 5
RESPONDENTS_PER_PSU = 100

AGE_GROUPS = ("18-29", "30-44", "45-59", "60+")
_AGE_BOUNDS = ((18, 29), (30, 44), (45, 59), (60, 85))
SEXES = ("male", "female")
HUKOU = ("local", "migrant")
EDUCATION = ("below_secondary", "secondary", "college", "postgraduate")
INCOME_BANDS = ("low", "lower_middle", "upper_middle", "high")

#: Reference (baseline) level of each categorical attribute in :data:`COEFFICIENTS`.
REFERENCE_LEVELS = {
    "age_group": "18-29",
    "sex": "male",
    "hukou": "local",
    "education": "below_secondary",
    "income_band": "low",
}

#: Participation columns and their channel (zh, en): the survey schema's.
CHANNEL_LABELS = PARTICIPATION_CHANNELS
CHANNELS = tuple(CHANNEL_LABELS)

# Community composition (between-community variation of the population).
_AGE_BASE = np.array([0.20, 0.30, 0.27, 0.23])
_AGE_TILT_SD = 0.35  # sd of a community's log-odds tilt towards older age groups
_CORE_AGE_TILT = 0.25  # core districts are older
_MIGRANT_SHARE = {"core": 0.22, "central": 0.32}  # mean adult migrant share by zone
_MIGRANT_LOGIT_SD = 0.45
_MIGRANT_BY_AGE = np.array([0.6, 0.3, -0.3, -1.2])  # log-odds shift of being a migrant, by age group
_EDU_CUTS = np.array([-0.9, 0.6, 2.6])  # latent ordinal cut points (logistic noise)
_EDU_BY_AGE = np.array([0.9, 0.6, 0.0, -0.9])
_EDU_MIGRANT = -0.4
_EDU_COMMUNITY_SD = 0.4
_INCOME_CUTS = np.array([-0.8, 0.7, 2.2])
_INCOME_BY_EDU = np.array([0.0, 0.6, 1.3, 2.0])
_INCOME_BY_AGE = np.array([-0.3, 0.3, 0.3, -0.6])
_YEARS_MIGRANT = (1.3, 3.2)  # gamma (shape, scale) of a migrant's years resident
_YEARS_LOCAL_SHARE = (2.0, 1.5)  # beta (a, b): a local's years resident as a share of their age

#: Sd of the community random intercepts (log-odds): one shared by all channels ("civic culture")
#: and one per channel; the coefficients below are conditional on them.
COMMUNITY_SD_SHARED = 0.25
COMMUNITY_SD_CHANNEL = 0.15


def _c(
    intercept, female=0.0, age=(0.0, 0.0, 0.0), migrant=0.0, edu=(0.0, 0.0, 0.0), income=(0.0, 0.0, 0.0), years10=0.0
):
    """One channel's planted log odds (non-reference levels in the order of the level tuples)."""
    return {
        "intercept": intercept,
        "sex[female]": female,
        **{f"age_group[{a}]": b for a, b in zip(AGE_GROUPS[1:], age)},
        "hukou[migrant]": migrant,
        **{f"education[{e}]": b for e, b in zip(EDUCATION[1:], edu)},
        **{f"income_band[{i}]": b for i, b in zip(INCOME_BANDS[1:], income)},
        "years_resident_per_10y": years10,
    }


#: Planted log odds ratios per channel. Terms ``column[level]`` are treatment-coded against
#: :data:`REFERENCE_LEVELS`; ``years_resident_per_10y`` is per 10 years of residence. Key effects:
#: local hukou OR = 2 for residents' meetings (migrant log OR = -ln 2); migrants use the 12345 hotline
#: more (OR 1.8); online participation rises steeply with education (postgraduate OR ≈ 5) and falls
#: with age; meetings rise with age (60+ OR ≈ 2.7); committee membership is rare and mostly local.
COEFFICIENTS: dict[str, dict[str, float]] = {
    "p_hearing": _c(-4.3, age=(0.2, 0.4, 0.5), migrant=-0.7, edu=(0.3, 0.6, 0.9), income=(0.1, 0.2, 0.4), years10=0.1),
    "p_consultation": _c(
        -2.7, age=(0.2, 0.4, 0.5), migrant=-0.5, edu=(0.2, 0.5, 0.7), income=(0.1, 0.2, 0.3), years10=0.15
    ),
    "p_notice": _c(-0.7, age=(0.2, 0.4, 0.5), migrant=-0.4, edu=(0.3, 0.5, 0.6), income=(0.1, 0.15, 0.2), years10=0.1),
    "p_hotline": _c(-1.6, female=0.1, age=(0.2, 0.2, 0.1), migrant=0.6, edu=(0.1, 0.2, 0.2)),
    "p_online": _c(-2.2, age=(-0.1, -0.6, -1.4), migrant=0.1, edu=(0.6, 1.2, 1.6), income=(0.1, 0.2, 0.3)),
    "p_volunteer": _c(-2.5, female=0.3, age=(0.1, 0.4, 0.7), migrant=-0.3, edu=(0.2, 0.4, 0.4), years10=0.1),
    "p_meeting": _c(
        -2.5, female=0.1, age=(0.3, 0.7, 1.0), migrant=-float(np.log(2.0)), edu=(0.0, 0.0, -0.1), years10=0.2
    ),
    "p_committee": _c(-5.9, female=0.2, age=(0.4, 0.9, 1.0), migrant=-1.4, edu=(0.4, 0.7, 0.8), years10=0.3),
}

#: The awareness items (0/1) and what they ask (zh, en).
AWARENESS_ITEMS = {
    "aware_rights": ("知道居民有权参与城市治理", "knows residents' right to take part in urban governance"),
    "aware_rules": ("了解参与的规则和程序", "knows the rules and procedures for taking part"),
}

#: Planted probability of each awareness item by hukou and education (:data:`EDUCATION` order):
#: rising with education, lower for migrants, and the rules known less than the right.
AWARENESS_RATES: dict[str, dict[str, tuple[float, float, float, float]]] = {
    "aware_rights": {"local": (0.35, 0.50, 0.65, 0.75), "migrant": (0.20, 0.32, 0.48, 0.60)},
    "aware_rules": {"local": (0.15, 0.25, 0.38, 0.48), "migrant": (0.07, 0.13, 0.24, 0.32)},
}

_ATTRIBUTES = ("age_group", "sex", "hukou", "education", "income_band", "years_resident")
_LEVELS = {"age_group": AGE_GROUPS, "sex": SEXES, "hukou": HUKOU, "education": EDUCATION, "income_band": INCOME_BANDS}


def generate(geo: DemoGeography, rng: np.random.Generator) -> tuple[dict[str, pd.DataFrame], dict]:
    """Generate the participation survey.

    Parameters
    ----------
    geo
        The Demo City's geography; its communities are the PSUs and its districts the strata.
    rng
        The only source of randomness.

    Returns
    -------
    tables, truth
        ``{"survey": df}`` (``survey`` schema: design columns, then the attributes
        ``age_group, sex, hukou, education, income_band, years_resident``, the 0/1 columns
        :data:`CHANNELS`, ``participated_any`` and the awareness items :data:`AWARENESS_ITEMS`), and
        the truth: planted coefficients and odds ratios per channel, finite-population participation
        rates overall / by hukou / by district, population counts, the design, and the awareness
        items' planted probabilities and population rates.

    Notes
    -----
    Planted: participation in each channel follows ``logit P = COEFFICIENTS[channel] · x + u_c``
    with community effects ``u_c`` (sd :data:`COMMUNITY_SD_SHARED` shared by the channels plus
    :data:`COMMUNITY_SD_CHANNEL` per channel); e.g. local hukou OR = 2 for residents' meetings.
    The finite-population rates in the truth are exact for the generated population, so a
    design-based estimate from the survey should cover them. The awareness items are drawn after
    every other draw (``P = AWARENESS_RATES[item][hukou][education]``), so adding them changed no
    earlier column or truth value.
    """
    comms = geo.communities.reset_index(drop=True)
    pop = _population(comms, rng)
    chosen = _sample(comms, pop["community"], rng)
    awareness = _awareness(pop, rng)  # last: earlier draws are those of the generator without awareness
    survey = _survey_table(comms, {**pop, **awareness}, chosen)
    truth = {
        "coefficients": COEFFICIENTS,
        "odds_ratios": {
            ch: {t: float(np.exp(b)) for t, b in terms.items() if t != "intercept"}
            for ch, terms in COEFFICIENTS.items()
        },
        "reference_levels": REFERENCE_LEVELS,
        "community_sd": {"shared": COMMUNITY_SD_SHARED, "channel": COMMUNITY_SD_CHANNEL},
        "population": _population_truth(comms, pop),
        "design": _design_truth(comms, pop["community"], chosen, survey),
        "awareness": _awareness_truth(pop, awareness),
    }
    return {"survey": survey}, truth


# --------------------------------------------------------------------------------------- population
def _population(comms: pd.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The finite population: one entry per adult resident, as integer codes into the level tuples."""
    n_comm = len(comms)
    sizes = np.round(comms["population"].to_numpy() * ADULT_SHARE).astype(np.int64)
    community = np.repeat(np.arange(n_comm), sizes)
    n = len(community)
    core = (comms["zone"].to_numpy() == "core").astype(float)

    age_tilt = rng.normal(0.0, _AGE_TILT_SD, n_comm) + _CORE_AGE_TILT * core
    age_p = _AGE_BASE * np.exp(np.outer(age_tilt, np.arange(4) - 1.5))
    age = _categorical(age_p / age_p.sum(1, keepdims=True), community, rng)

    sex = (rng.random(n) < 0.51).astype(np.int8)
    share = np.where(core > 0, _MIGRANT_SHARE["core"], _MIGRANT_SHARE["central"])
    mig_logit = np.log(share / (1 - share)) + rng.normal(0.0, _MIGRANT_LOGIT_SD, n_comm)
    migrant = (rng.random(n) < expit(mig_logit[community] + _MIGRANT_BY_AGE[age])).astype(np.int8)

    edu_level = rng.normal(0.0, _EDU_COMMUNITY_SD, n_comm)
    edu_latent = edu_level[community] + _EDU_BY_AGE[age] + _EDU_MIGRANT * migrant + rng.logistic(size=n)
    education = np.searchsorted(_EDU_CUTS, edu_latent).astype(np.int8)
    inc_latent = _INCOME_BY_EDU[education] + _INCOME_BY_AGE[age] + rng.logistic(size=n)
    income = np.searchsorted(_INCOME_CUTS, inc_latent).astype(np.int8)

    lo, hi = np.array(_AGE_BOUNDS).T
    age_years = lo[age] + np.floor(rng.random(n) * (hi[age] - lo[age] + 1))
    local_years = np.round(age_years * rng.beta(*_YEARS_LOCAL_SHARE, n))
    migrant_years = np.round(rng.gamma(*_YEARS_MIGRANT, n))
    years = np.minimum(np.where(migrant == 1, migrant_years, local_years), age_years).astype(np.int64)

    pop = {
        "community": community,
        "age_group": age,
        "sex": sex,
        "hukou": migrant,
        "education": education,
        "income_band": income,
        "years_resident": years,
    }
    shared = rng.normal(0.0, COMMUNITY_SD_SHARED, n_comm)
    for channel in CHANNELS:
        effect = shared + rng.normal(0.0, COMMUNITY_SD_CHANNEL, n_comm)
        eta = _linear_predictor(COEFFICIENTS[channel], pop) + effect[community]
        pop[channel] = (rng.random(n) < expit(eta)).astype(np.int8)
    pop["participated_any"] = np.max(np.stack([pop[c] for c in CHANNELS]), axis=0)
    return pop


def _awareness(pop: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The awareness items for every resident: Bernoulli(:data:`AWARENESS_RATES` by hukou and education)."""
    out = {}
    for item, rates in AWARENESS_RATES.items():
        p = np.array([rates[h] for h in HUKOU])[pop["hukou"], pop["education"]]
        out[item] = (rng.random(len(p)) < p).astype(np.int8)
    return out


def _categorical(p: np.ndarray, group: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One draw per element of ``group`` from the row ``p[group]`` of category probabilities."""
    cum = np.cumsum(p, axis=1)[:, :-1]
    u = rng.random(len(group))
    return (u[:, None] > cum[group]).sum(axis=1).astype(np.int8)


def _linear_predictor(coef: dict[str, float], pop: dict[str, np.ndarray]) -> np.ndarray:
    """Log odds of the planted model for every resident (without the community effect)."""
    eta = np.full(len(pop["community"]), coef["intercept"])
    for column, levels in _LEVELS.items():
        table = np.array([0.0] + [coef[f"{column}[{lv}]"] for lv in levels[1:]])
        eta += table[pop[column]]
    return eta + coef["years_resident_per_10y"] * pop["years_resident"] / 10.0


# ------------------------------------------------------------------------------------------- sample
def _sample(comms: pd.DataFrame, community: np.ndarray, rng: np.random.Generator) -> dict[int, np.ndarray]:
    """Stage 1: SRSWOR of communities within each district; stage 2: SRSWOR of residents.

    Returns, for every sampled community index, the sorted population indices of its respondents.
    """
    starts = np.searchsorted(community, np.arange(len(comms)))
    sizes = np.bincount(community, minlength=len(comms))
    chosen: dict[int, np.ndarray] = {}
    for district in _strata(comms):
        members = np.flatnonzero(comms["district"].to_numpy() == district)
        for c in np.sort(rng.choice(members, size=min(PSUS_PER_STRATUM, len(members)), replace=False)):
            take = min(RESPONDENTS_PER_PSU, int(sizes[c]))
            chosen[int(c)] = starts[c] + np.sort(rng.choice(sizes[c], size=take, replace=False))
    return chosen


def _strata(comms: pd.DataFrame) -> list[str]:
    """Districts in order of first appearance (the geography's district order)."""
    return list(dict.fromkeys(comms["district"]))


def _survey_table(comms: pd.DataFrame, pop: dict[str, np.ndarray], chosen: dict[int, np.ndarray]) -> pd.DataFrame:
    """Respondent rows with design columns, decoded attributes and participation items."""
    n_psu_h = comms.groupby("district").size()
    sizes = np.bincount(pop["community"], minlength=len(comms))
    sampled_h = pd.Series([comms["district"].iat[c] for c in chosen]).value_counts()
    idx = np.concatenate(list(chosen.values()))
    c_idx = pop["community"][idx]
    district = comms["district"].to_numpy()[c_idx]
    w1 = n_psu_h.reindex(district).to_numpy() / sampled_h.reindex(district).to_numpy()
    m = np.array([len(chosen[c]) for c in c_idx])
    w2 = sizes[c_idx] / m
    community_id = comms["community_id"].to_numpy()[c_idx]
    df = pd.DataFrame(
        {
            "respondent_id": [f"R{i:05d}" for i in range(1, len(idx) + 1)],
            "stratum": district,
            "psu": community_id,
            "weight": (w1 * w2).astype(float),
            "fpc": n_psu_h.reindex(district).to_numpy().astype(float),
            "district": district,
            "community_id": community_id,
        }
    )
    for column, levels in _LEVELS.items():
        df[column] = np.array(levels, dtype=object)[pop[column][idx]]
        df[column] = df[column].astype(str)
    df["years_resident"] = pop["years_resident"][idx].astype(np.int64)
    for column in (*CHANNELS, "participated_any", *AWARENESS_ITEMS):
        df[column] = pop[column][idx].astype(np.int64)
    return df[
        [
            "respondent_id",
            "stratum",
            "psu",
            "weight",
            "fpc",
            "district",
            "community_id",
            *_ATTRIBUTES,
            *CHANNELS,
            "participated_any",
            *AWARENESS_ITEMS,
        ]
    ]


# -------------------------------------------------------------------------------------------- truth
def _population_truth(comms: pd.DataFrame, pop: dict[str, np.ndarray]) -> dict:
    """Exact finite-population counts and participation rates (overall, by hukou, by district)."""
    items = (*CHANNELS, "participated_any")
    district_idx = pd.Categorical(comms["district"], categories=_strata(comms)).codes[pop["community"]]

    def rates(group: np.ndarray, labels) -> dict:
        n = np.bincount(group, minlength=len(labels))
        return {
            ch: {str(lab): float(v) for lab, v in zip(labels, np.bincount(group, pop[ch], minlength=len(labels)) / n)}
            for ch in items
        }

    return {
        "unit": "adult residents (18+), one simulated resident per adult",
        "adult_share": ADULT_SHARE,
        "size": int(len(pop["community"])),
        "size_by_district": {d: int(v) for d, v in zip(_strata(comms), np.bincount(district_idx))},
        "size_by_hukou": {h: int(v) for h, v in zip(HUKOU, np.bincount(pop["hukou"], minlength=2))},
        "rate": {ch: float(pop[ch].mean()) for ch in items},
        "rate_by_hukou": rates(pop["hukou"], HUKOU),
        "rate_by_district": rates(district_idx, _strata(comms)),
    }


def _awareness_truth(pop: dict[str, np.ndarray], awareness: dict[str, np.ndarray]) -> dict:
    """Planted awareness probabilities and the population's exact awareness rates."""

    def rates(group: np.ndarray, labels: tuple[str, ...]) -> dict:
        n = np.bincount(group, minlength=len(labels))
        return {
            item: {lab: float(v) for lab, v in zip(labels, np.bincount(group, values, minlength=len(labels)) / n)}
            for item, values in awareness.items()
        }

    return {
        "items": {item: {"zh": zh, "en": en} for item, (zh, en) in AWARENESS_ITEMS.items()},
        "planted_rate": {
            item: {h: dict(zip(EDUCATION, map(float, p))) for h, p in by_hukou.items()}
            for item, by_hukou in AWARENESS_RATES.items()
        },
        "effect_on_participation": "none: drawn independently of participation given education and hukou "
        "(conditional odds ratio 1)",
        "rate": {item: float(values.mean()) for item, values in awareness.items()},
        "rate_by_hukou": rates(pop["hukou"], HUKOU),
        "rate_by_education": rates(pop["education"], EDUCATION),
    }


def _design_truth(
    comms: pd.DataFrame, community: np.ndarray, chosen: dict[int, np.ndarray], survey: pd.DataFrame
) -> dict:
    """The realised two-stage design."""
    sizes = np.bincount(community, minlength=len(comms))
    ids = comms["community_id"].to_numpy()
    return {
        "description": "stratified two-stage sample: strata = districts; PSUs = communities by SRS without "
        "replacement; residents by SRS without replacement within each sampled community; "
        "weight = product of inverse inclusion probabilities; fpc = number of communities in the stratum",
        "strata": _strata(comms),
        "psus_in_stratum": {d: int(n) for d, n in comms.groupby("district", sort=False).size().items()},
        "psus_sampled_per_stratum": PSUS_PER_STRATUM,
        "respondents_per_psu": RESPONDENTS_PER_PSU,
        "sampled_psus": {d: [str(ids[c]) for c in chosen if comms["district"].iat[c] == d] for d in _strata(comms)},
        "psu_population": {str(ids[c]): int(sizes[c]) for c in chosen},
        "n_respondents": int(len(survey)),
    }
