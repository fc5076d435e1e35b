"""Study 4 — the residents' committee members and community staff of the Demo City.

``committee_members``
    One row per position holder (no names) since :data:`MEMBERS_FROM`, with role, tenure and
    attributes. The yearly exit hazard rises with the ``unstable_staff`` latent level
    (:data:`HAZARD_LOADING`), with extra exits before the :data:`ELECTION_YEARS`; residents are rarer
    among the staff of administration-led and weakly self-governing communities
    (:data:`RESIDENT_PENALTY`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

__all__ = ["generate_members", "ROLES"]

ROLES = ("书记", "主任", "副主任", "委员", "社区工作者")
#: Positions per community: role → (min, max) seats, or None for staff sized by population.
_SEATS = {"书记": (1, 1), "主任": (1, 1), "副主任": (1, 2), "委员": (2, 4), "社区工作者": None}
RESIDENTS_PER_STAFF = 1500
STAFF_RANGE = (5, 20)
#: Members serving at any time from this year to the last simulated year are listed; the
#: history is simulated from HISTORY_FROM so that early holders have realistic start years.
MEMBERS_FROM, HISTORY_FROM = 2016, 2006
ELECTION_YEARS = (2016, 2021)  # residents' committee elections: extra exits at the end of the year before
#: Yearly exit hazard per role at latent level 0; logit(hazard) rises by HAZARD_LOADING per unit of
#: the community's ``unstable_staff`` latent level (before the first simulated year: its mean, i.e.
#: background plus dominant shift).
BASE_HAZARD = {"书记": 0.07, "主任": 0.07, "副主任": 0.09, "委员": 0.09, "社区工作者": 0.11}
HAZARD_LOADING = 0.8
ELECTION_EXIT = 0.25
#: Probability a holder lives in the community, per role; logit lowered by RESIDENT_PENALTY × severity
#: in administration-led and weakly self-governing communities.
BASE_RESIDENT = {"书记": 0.45, "主任": 0.6, "副主任": 0.6, "委员": 0.75, "社区工作者": 0.35}
RESIDENT_PENALTY = {"administration_led": 1.2, "weak_self_governance": 0.8}
_MEMBER_AGE = ("18-34", "35-44", "45-54", "55+")
_MEMBER_AGE_P = {
    "书记": (0.05, 0.35, 0.45, 0.15),
    "主任": (0.1, 0.4, 0.4, 0.1),
    "副主任": (0.2, 0.4, 0.3, 0.1),
    "委员": (0.2, 0.3, 0.3, 0.2),
    "社区工作者": (0.5, 0.3, 0.15, 0.05),
}
_MEMBER_EDU = ("below_secondary", "secondary", "college", "postgraduate")
_MEMBER_EDU_P = {
    "书记": (0.0, 0.1, 0.8, 0.1),
    "主任": (0.0, 0.15, 0.8, 0.05),
    "副主任": (0.02, 0.2, 0.75, 0.03),
    "委员": (0.05, 0.35, 0.58, 0.02),
    "社区工作者": (0.0, 0.15, 0.8, 0.05),
}
_FEMALE_P = {"书记": 0.45, "主任": 0.5, "副主任": 0.6, "委员": 0.6, "社区工作者": 0.7}


def generate_members(
    comms: pd.DataFrame, plan: pd.DataFrame, unstable: np.ndarray, years: tuple[int, ...], rng: np.random.Generator
) -> tuple[pd.DataFrame, dict]:
    """Generate the ``committee_members`` table: one row per holder of a position since MEMBERS_FROM.

    Parameters
    ----------
    comms
        The Demo City's communities, one row each, in the order of ``plan``.
    plan
        The planted ``dominant_problem`` ('' for none) and ``severity`` per community.
    unstable
        The ``unstable_staff`` latent level (higher is worse), shape (community, year of ``years``).
    years
        The years of the latent level; members are simulated up to the last of them.
    rng
        The only source of randomness.

    Returns
    -------
    members, truth
        The ``committee_members`` table and its truth: the staff-hazard and residence parameters.
    """
    slot_comm, slot_role = _slots(comms, rng)
    first, last = years[0], years[-1]
    history = np.arange(HISTORY_FROM, last + 1)
    level = np.repeat(unstable.mean(axis=1, keepdims=True), len(history), axis=1)  # before ``years``: the mean level
    level[:, history >= first] = unstable
    base = np.array([BASE_HAZARD[r] for r in ROLES])[slot_role]
    hazard = expit(logit(base)[:, None] + HAZARD_LOADING * level[slot_comm])  # slot × year
    elected = slot_role != ROLES.index("社区工作者")

    rows: list[tuple[int | np.integer, int | np.integer, int | np.integer]] = []  # (slot, start, end or -1)
    start = HISTORY_FROM - rng.integers(0, 10, len(slot_comm))
    for k, year in enumerate(history):
        h = hazard[:, k] + np.where(elected & (year + 1 in ELECTION_YEARS), ELECTION_EXIT, 0.0)
        leave = (rng.random(len(slot_comm)) < h) & (start <= year)
        for s in np.flatnonzero(leave):
            rows.append((s, start[s], year))
        start = np.where(leave, year + 1, start)
    rows += [(s, start[s], -1) for s in range(len(slot_comm)) if start[s] <= last]
    rows = [r for r in rows if r[2] == -1 or r[2] >= MEMBERS_FROM]
    rows.sort(key=lambda r: (slot_comm[r[0]], r[0], r[1]))
    slot, start_year, end_year = (np.array(v, dtype=np.int64) for v in zip(*rows))
    return _member_table(comms, plan, slot_comm[slot], slot_role[slot], start_year, end_year, rng), _truth()


def _slots(comms: pd.DataFrame, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Community index and role index of every position."""
    n_staff = np.clip(np.round(comms["population"].to_numpy() / RESIDENTS_PER_STAFF), *STAFF_RANGE).astype(int)
    comm, role = [], []
    for c in range(len(comms)):
        for r, role_name in enumerate(ROLES):
            span = _SEATS[role_name]
            seats = n_staff[c] if span is None else int(rng.integers(span[0], span[1] + 1))
            comm += [c] * seats
            role += [r] * seats
    return np.array(comm), np.array(role)


def _member_table(
    comms: pd.DataFrame,
    plan: pd.DataFrame,
    c_idx: np.ndarray,
    r_idx: np.ndarray,
    start_year: np.ndarray,
    end_year: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Decode holders into the ``committee_members`` columns with drawn attributes."""
    n = len(c_idx)
    roles = np.array(ROLES)[r_idx]
    female = rng.random(n) < np.array([_FEMALE_P[r] for r in ROLES])[r_idx]
    age = _draw_levels(np.array([_MEMBER_AGE_P[r] for r in ROLES])[r_idx], rng)
    edu = _draw_levels(np.array([_MEMBER_EDU_P[r] for r in ROLES])[r_idx], rng)
    penalty = np.array([RESIDENT_PENALTY.get(p, 0.0) for p in plan["dominant_problem"]]) * plan["severity"].to_numpy()
    p_res = expit(logit(np.array([BASE_RESIDENT[r] for r in ROLES])[r_idx]) - penalty[c_idx])
    df = pd.DataFrame(
        {
            "member_id": [f"CM{i:06d}" for i in range(1, n + 1)],
            "community_id": comms["community_id"].to_numpy()[c_idx],
            "role": roles,
            "start_year": start_year,
            "end_year": pd.array(np.where(end_year < 0, 0, end_year), dtype="Int64"),
            "sex": np.where(female, "female", "male"),
            "age_group": np.array(_MEMBER_AGE)[age],
            "is_resident": (rng.random(n) < p_res).astype(np.int64),
            "education": np.array(_MEMBER_EDU)[edu],
        }
    )
    df.loc[end_year < 0, "end_year"] = pd.NA
    return df


def _draw_levels(p: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One categorical draw per row of the probability matrix ``p``."""
    return (rng.random(len(p))[:, None] > np.cumsum(p, axis=1)[:, :-1]).sum(axis=1)


def _truth() -> dict:
    """The planted staff-hazard and residence parameters."""
    return {
        "members_from": MEMBERS_FROM,
        "base_hazard": BASE_HAZARD,
        "hazard_loading_on_unstable_staff": HAZARD_LOADING,
        "election_years": list(ELECTION_YEARS),
        "election_exit": ELECTION_EXIT,
        "base_resident_share": BASE_RESIDENT,
        "resident_penalty_per_severity": RESIDENT_PENALTY,
        "age_group": "age group when taking up the position",
    }
