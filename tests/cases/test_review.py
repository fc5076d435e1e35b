"""Case-file review: each rule on hand-made files, and the Demo City's planted defects found exactly."""

import pandas as pd
import pytest

from governance_analytics.cases.review import FLAGS, compliance, review_flags, review_list

T = pd.Timestamp
STAMPS = ["created_at", "filed_at", "dispatched_at", "handled_at", "feedback_at", "closed_at"]


def _file(case_id, times, due=None, rework=0, dept="A"):
    row = dict(zip(STAMPS, [T(t) if t else pd.NaT for t in times]))
    return {"case_id": case_id, "department": dept, "due_at": T(due) if due else pd.NaT, "n_rework": rework, **row}


@pytest.fixture
def files():
    day = "2025-03-01"
    rows = [
        _file(
            "ok",
            [f"{day} 08:00", f"{day} 09:00", f"{day} 10:00", f"{day} 12:00", f"{day} 13:00", f"{day} 15:00"],
            due="2025-03-02",
        ),
        _file(
            "no_dispatch",
            [f"{day} 08:00", f"{day} 09:00", None, f"{day} 12:00", f"{day} 13:00", f"{day} 15:00"],
            due="2025-03-02",
        ),
        _file(
            "swapped",
            [f"{day} 08:00", f"{day} 09:00", f"{day} 12:00", f"{day} 10:00", f"{day} 13:00", f"{day} 15:00"],
            due="2025-03-02",
        ),
        _file(
            "no_feedback",
            [f"{day} 08:00", f"{day} 09:00", f"{day} 10:00", f"{day} 12:00", None, f"{day} 15:00"],
            due="2025-03-02",
        ),
        _file(
            "late",
            [f"{day} 08:00", f"{day} 09:00", f"{day} 10:00", f"{day} 12:00", f"{day} 13:00", "2025-03-03 15:00"],
            due="2025-03-02",
            dept="B",
        ),
        _file(
            "open_late", [f"{day} 08:00", f"{day} 09:00", f"{day} 10:00", None, None, None], due="2025-03-02", dept="B"
        ),
        _file(
            "reworked",
            [f"{day} 08:00", f"{day} 09:00", f"{day} 10:00", f"{day} 12:00", f"{day} 13:00", f"{day} 15:00"],
            due="2025-03-02",
            rework=2,
            dept="B",
        ),
        _file(
            "fast",
            [f"{day} 08:00", f"{day} 08:02", f"{day} 08:04", f"{day} 08:06", f"{day} 08:08", f"{day} 08:10"],
            due="2025-03-02",
            dept="B",
        ),
        # the review is at 2025-03-05: the closure after it is not yet on record, so nothing is wrong
        _file(
            "later",
            [f"{day} 08:00", f"{day} 09:00", f"{day} 10:00", f"{day} 12:00", f"{day} 13:00", "2025-03-09"],
            due="2025-03-10",
            dept="B",
        ),
    ]
    return pd.DataFrame(rows)


def test_each_rule_on_hand_made_files(files):
    flags = review_flags(files, as_of="2025-03-05").set_index(files["case_id"])
    expected = {
        "no_dispatch": "missing_stage",
        "swapped": "out_of_order",
        "no_feedback": "closed_without_verification",
        "late": "overdue",
        "open_late": "overdue",
        "reworked": "repeated_rework",
        "fast": "implausibly_fast",
    }
    for case_id, flag in expected.items():
        assert flags.loc[case_id, list(FLAGS)].tolist() == [name == flag for name in FLAGS], case_id
    assert flags.loc[["ok", "later"], "n_flags"].tolist() == [0, 0]


def test_thresholds_are_options(files):
    flags = review_flags(files, as_of="2025-03-05", max_rework=2, min_close_minutes=5).set_index(files["case_id"])
    assert not flags.loc["reworked", "repeated_rework"] and not flags.loc["fast", "implausibly_fast"]


def test_list_explains_and_compliance_counts(files):
    listed = review_list(files, as_of="2025-03-05").set_index("case_id")
    assert set(listed.index) == {"no_dispatch", "swapped", "no_feedback", "late", "open_late", "reworked", "fast"}
    assert listed.loc["late", "flags"] == "overdue" and listed.loc["late", "explanation"] == FLAGS["overdue"]
    table = compliance(files, as_of="2025-03-05")
    assert table.loc["A", ["n_files", "n_flagged"]].tolist() == [4, 3]
    assert table.loc["B", ["n_files", "n_flagged", "overdue"]].tolist() == [5, 4, 2]
    assert table.loc["A", "compliance_rate"] == pytest.approx(1 / 4)


def test_stage_the_export_does_not_record_is_not_missing(files):
    # a US 311 export has no filing or dispatch stage at all: that is not a defect in every file
    us311 = files.assign(filed_at=pd.NaT, dispatched_at=pd.NaT)
    flags = review_flags(us311, as_of="2025-03-05").set_index(files["case_id"])
    assert not flags["missing_stage"].any()
    assert flags.loc["no_feedback", "closed_without_verification"]
    assert not flags.loc["swapped", "out_of_order"]  # without its dispatch time, handling at 10:00 is in order


def test_demo_city_planted_defects_found_exactly(demo_city):
    cases = demo_city.tables["cases"]
    planted = demo_city.truth["cases"]["procedural_defects"]
    flags = review_flags(cases).set_index(cases["case_id"])
    for flag, case_ids in planted.items():
        # every planted file is caught, and the structural rules raise nothing else: the generator
        # breaks no other record (overdue and rework also occur naturally, so they are not planted)
        assert set(flags.index[flags[flag]]) == set(case_ids), flag
