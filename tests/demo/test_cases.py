"""The Demo City's cases hold what the generator planted, checked independently of the generator."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from governance_analytics.schemas import CASE_CATEGORIES


@pytest.fixture(scope="module")
def cases(demo_city):
    return demo_city.tables["cases"]


@pytest.fixture(scope="module")
def truth(demo_city):
    return demo_city.truth["cases"]


def test_classes_follow_the_national_standard(cases):
    pairs = set(map(tuple, cases[["case_type", "category"]].drop_duplicates().to_numpy()))
    assert pairs == {(t, c) for t, classes in CASE_CATEGORIES.items() for c in classes}


def test_lifecycle_is_ordered_and_status_consistent(cases, truth):
    planted = {c for ids in truth["procedural_defects"].values() for c in ids}
    assert len(planted) == 120  # four disjoint sets of 30 broken files for the case-file review
    closed = cases[(cases["status"] == "closed") & ~cases["case_id"].isin(planted)]
    stages = ["created_at", "filed_at", "dispatched_at", "handled_at", "feedback_at", "closed_at"]
    assert closed[stages].notna().all().all()
    for earlier, later in zip(stages, stages[1:]):
        assert (closed[later] >= closed[earlier]).all()
    not_filed = cases[cases["status"] == "not_filed"]
    assert not_filed[stages[1:] + ["due_at"]].isna().all().all()
    open_ = cases[cases["status"] == "open"]
    assert len(open_) > 0 and open_["closed_at"].isna().all()
    assert (cases["due_at"].dropna() > cases.loc[cases["due_at"].notna(), "filed_at"]).all()
    assert 0.04 < (cases["n_rework"] > 0).mean() < 0.07  # rework probability 0.05 per verification


def test_pileup_at_city_hall(cases, truth):
    at_point = (cases["x"] == truth["pileup"]["x"]) & (cases["y"] == truth["pileup"]["y"])
    assert at_point.sum() == truth["pileup"]["n_cases"] > 500
    assert (cases.loc[at_point, "channel"] == "12345热线").all()


def _monthly(frame):
    return frame.groupby(frame["created_at"].dt.to_period("M")).size()


def test_pilot_reduces_sanitation_events_by_planted_effect(cases, truth):
    pilot = truth["pilot"]
    hotspot_cells = {c for h in truth["hotspots"] for c in h["cell_ids"]}
    sanitation = cases[
        (cases["case_type"] == pilot["case_type"])
        & (cases["category"] == pilot["category"])
        & ~cases["cell_id"].isin(hotspot_cells)
    ]
    treated = sanitation["street"] == pilot["street"]
    after = sanitation["created_at"] >= pd.Timestamp(pilot["start"])
    # difference in differences of log counts, treated street vs every other street
    ratio = (sanitation[treated & after].shape[0] / sanitation[treated & ~after].shape[0]) / (
        sanitation[~treated & after].shape[0] / sanitation[~treated & ~after].shape[0]
    )
    assert ratio == pytest.approx(pilot["effect_multiplier"], abs=0.08)


@pytest.mark.parametrize("kind", ["persistent", "new", "consecutive", "intensifying", "diminishing"])
def test_hotspot_excess_recovered(cases, truth, kind):
    spot = next(h for h in truth["hotspots"] if h["kind"] == kind)
    sub = cases[cases["subcategory"] == spot["subcategory"]]
    inside = sub["cell_id"].isin(spot["cell_ids"])
    months = pd.period_range(spot["first_month"], spot["last_month"], freq="M")
    n_cells = len(spot["cell_ids"])
    per_cell_month = _monthly(sub[inside]).reindex(months, fill_value=0) / n_cells
    after = np.clip((np.arange(36) - 12) / 23, 0, 1)  # the crackdown from month 12 (2024-01), down to 0.2
    strength = {"intensifying": 0.3 + 0.7 * np.arange(36) / 35, "diminishing": 1 - 0.8 * after}.get(kind, np.ones(36))
    strength = np.where(np.arange(36) >= 36 - len(months), strength, 0.0)  # new, consecutive: from their first month
    assert_allclose(spot["strength"], strength, atol=1e-6)
    expected = spot["extra_per_cell_month"] * strength[-len(months) :]
    assert per_cell_month.mean() == pytest.approx(expected.mean(), rel=0.15)  # background adds < 5 %
    if kind in ("intensifying", "diminishing"):
        slope = np.polyfit(np.arange(len(months)), per_cell_month.to_numpy(), 1)[0]
        assert np.sign(slope) == (1 if kind == "intensifying" else -1)
    if kind == "diminishing":  # flat before the crackdown, falling after it
        start = spot["intervention_start"]
        before = per_cell_month[per_cell_month.index < pd.Period(start, "M")]
        assert abs(np.polyfit(np.arange(len(before)), before.to_numpy(), 1)[0]) < 0.05
        assert per_cell_month.iloc[-6:].mean() < 0.45 * before.mean()
    if kind in ("new", "consecutive"):
        before = sub[inside & (sub["created_at"] < pd.Timestamp(spot["first_month"]))]
        assert len(before) / n_cells / (36 - len(months)) < 0.2 * spot["extra_per_cell_month"]


def test_department_slowdown_in_last_quarter(cases, truth):
    slow = truth["slowdown"]
    dept = cases[(cases["department"] == slow["department"]) & cases["handled_at"].notna()]
    hours = (dept["handled_at"] - dept["dispatched_at"]).dt.total_seconds() / 3600
    start = pd.Timestamp(slow["start"])
    after = hours[(dept["created_at"] >= start) & (dept["created_at"] < start + pd.DateOffset(days=45))]
    before = hours[
        (dept["created_at"] >= start - pd.DateOffset(months=3)) & (dept["created_at"] < start - pd.DateOffset(days=45))
    ]
    assert after.median() / before.median() == pytest.approx(slow["handling_time_multiplier"], rel=0.25)


def test_cold_spot_has_a_tenth_of_its_surroundings(cases, truth, demo_city):
    cold = truth["coldspot"]
    cells = demo_city.tables["grid_cells"]
    distance = np.hypot(cells["x"] - cold["centre_x"], cells["y"] - cold["centre_y"])
    ring = cells.loc[(distance > cold["radius_m"] + 200) & (distance <= cold["radius_m"] + 700), "cell_id"]
    per_cell = cases["cell_id"].value_counts()
    inside = per_cell.reindex(cold["cell_ids"], fill_value=0).mean()
    around = per_cell.reindex(ring, fill_value=0).mean()
    assert len(cold["cell_ids"]) > 60
    assert inside / around == pytest.approx(cold["factor"], abs=0.06)


def test_interventions_table_records_the_pilot_not_its_effect(demo_city, truth):
    pilot = truth["pilot"]
    table = demo_city.tables["interventions"]
    cells = demo_city.tables["grid_cells"]
    expected = set(cells.loc[cells["street"] == pilot["street"], "cell_id"])
    assert set(table["cell_id"]) == expected and len(table) == pilot["n_cells"]
    assert (table["start"] == pd.Timestamp(pilot["start"])).all()
    assert set(zip(table["case_type"], table["category"])) == {(pilot["case_type"], pilot["category"])}
    assert "effect" not in " ".join(table.columns)


def test_expected_cases_match_the_cases_drawn(cases, truth):
    # the manifest's expected count per cell is the generator's intensity: the cells' counts scatter
    # around it as Poisson counts do (the pile-up moves 2 % of hotline cases to one cell: left out)
    expected = pd.Series(truth["expected_cases"])
    assert expected.sum() == pytest.approx(truth["n_cases"], rel=0.01)
    pileup = truth["pileup"]["cell_id"]
    observed = cases["cell_id"].value_counts().reindex(expected.index, fill_value=0).drop(pileup)
    expected = expected.drop(pileup)
    dispersion = ((observed - expected) ** 2 / expected).mean()  # 1 for Poisson counts
    assert dispersion == pytest.approx(1.0, abs=0.1)
    cold = truth["coldspot"]["cell_ids"]
    assert expected[cold].mean() < 0.2 * expected.mean()
