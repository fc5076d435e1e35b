"""Repeat problems and the unresolved register: hand-made cases, and the Demo City's hot spots."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.cases.registers import repeat_cases, repeat_sites, unresolved_register

T = pd.Timestamp


@pytest.fixture
def cases():
    return pd.DataFrame(
        {
            "case_id": list("abcdefg"),
            "category": ["垃圾", "垃圾", "垃圾", "占道", "垃圾", "垃圾", "垃圾"],
            "cell_id": ["c1", "c1", "c1", "c1", "c2", "c2", None],
            "x": [0.0, 10.0, 0.0, 0.0, 80.0, 500.0, 5.0],
            "y": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5.0],
            "created_at": [
                T("2025-01-01"),
                T("2025-01-20"),
                T("2025-03-01"),
                T("2025-01-05"),
                T("2025-01-10"),
                T("2025-01-15"),
                T("2025-01-25"),
            ],
        }
    )


def test_same_cell_within_window(cases):
    found = repeat_cases(cases, window="30D").set_axis(cases["case_id"])
    # b repeats a (19 days, same cell and class); c is 40 days after b; d is another class; f repeats
    # e (5 days, cell c2); g has no cell
    assert found[found].index.tolist() == ["b", "f"]
    assert repeat_cases(cases, window="45D").set_axis(cases["case_id"])[["b", "c"]].all()


def test_within_radius(cases):
    found = repeat_cases(cases, window="30D", radius_m=100).set_axis(cases["case_id"])
    # e is 70 m from b but earlier (b repeats a); e repeats a (9 days, 80 m); g (25 Jan) repeats b, e
    # within 100 m; f is 420 m from everything
    assert found[found].index.tolist() == ["b", "e", "g"]


def test_radius_agrees_with_brute_force():
    rng = np.random.default_rng(5)
    n = 400
    frame = pd.DataFrame(
        {
            "category": rng.choice(["a", "b"], n),
            "x": rng.uniform(0, 1000, n),
            "y": rng.uniform(0, 1000, n),
            "created_at": T("2025-01-01") + pd.to_timedelta(rng.uniform(0, 200, n), "D"),
            "cell_id": "z",
        }
    )
    found = repeat_cases(frame, window="20D", radius_m=120)
    t = frame["created_at"].to_numpy()
    d = np.hypot(
        frame["x"].to_numpy()[:, None] - frame["x"].to_numpy(), frame["y"].to_numpy()[:, None] - frame["y"].to_numpy()
    )
    lag = t[:, None] - t[None, :]
    same = frame["category"].to_numpy()[:, None] == frame["category"].to_numpy()
    brute = ((d <= 120) & same & (lag > pd.Timedelta(0)) & (lag <= pd.Timedelta("20D"))).any(axis=1)
    assert found.tolist() == brute.tolist()


def test_repeat_sites_counts(cases):
    sites = repeat_sites(cases, window="45D", min_repeats=1)
    assert sites[["cell_id", "category", "n_cases", "n_repeats"]].values.tolist() == [
        ["c1", "垃圾", 3, 2],
        ["c2", "垃圾", 2, 1],
    ]


def test_unresolved_register_oldest_first():
    frame = pd.DataFrame(
        {
            "case_id": ["new", "old", "closed", "not_filed"],
            "reporter_phone": ["13800000000"] * 4,
            "created_at": [T("2025-03-08"), T("2025-03-01"), T("2025-03-01"), T("2025-03-01")],
            "filed_at": [T("2025-03-08"), T("2025-03-01"), T("2025-03-01"), pd.NaT],
            "closed_at": [pd.NaT, pd.NaT, T("2025-03-02"), pd.NaT],
            "due_at": [T("2025-03-12"), T("2025-03-04"), T("2025-03-03"), pd.NaT],
        }
    )
    register = unresolved_register(frame, as_of="2025-03-10")
    assert register["case_id"].tolist() == ["old", "new"]
    assert register["age_days"].tolist() == [9.0, 2.0]
    assert register["overdue_days"].iloc[0] == 6.0 and np.isnan(register["overdue_days"].iloc[1])
    assert "reporter_phone" not in register


def test_demo_city_repeat_sites_are_the_planted_hot_spots(demo_city):
    cases = demo_city.tables["cases"]
    truth = demo_city.truth["cases"]
    persistent = {c for h in truth["hotspots"] if h["kind"] == "persistent" for c in h["cell_ids"]}
    street_order = cases[(cases["category"] == "街面秩序") & (cases["cell_id"] != truth["pileup"]["cell_id"])]
    top = repeat_sites(street_order, window="30D").head(20)
    # the two persistent 占道经营 hot spots add two cases per cell-month on top of the background, so
    # street-order problems recur most in their cells
    assert top["cell_id"].isin(persistent).mean() >= 0.9
