"""Disclosure control on hand-worked tables: primary and secondary suppression, linked tables in one
ledger, the LP audit and the protection level it enforces."""

import numpy as np
import pandas as pd
import pytest

from governance_analytics.privacy import (
    WITHHELD,
    Constraint,
    DisclosureWarning,
    Publication,
    audit,
    column_totals,
    equal_sums,
    is_small,
    known_total,
    row_totals,
    suppress_counts,
    suppress_tables,
)
from tests.readers import marker_bounds


def test_small_counts_suppressed_and_derived_blanked():
    table = pd.DataFrame({"group": ["a", "b", "c"], "n": [25, 3, 0], "n_compare": [12, 40, 0], "change": [13, -37, 0]})
    safe = suppress_counts(table, ["n", "n_compare"], derived=["change"], threshold=10)
    assert safe.frame["n"].tolist() == [25, "<10", 0]
    assert safe.frame["n_compare"].tolist() == [12, 40, 0]
    assert safe.frame["change"].tolist() == [13, None, 0]  # -37 would reveal n = 3
    assert safe.n_suppressed == 1
    assert table["n"].tolist() == [25, 3, 0]  # input untouched


def test_is_small_threshold_is_configurable():
    assert is_small([0, 1, 4, 5, 9], threshold=5).tolist() == [False, True, True, False, False]


# --- secondary suppression: hand-worked examples ------------------------------------------------


def _cells(mask: pd.DataFrame) -> set:
    return {cell for cell, flag in mask.stack().items() if flag}


def _grid() -> tuple[pd.DataFrame, list[Constraint]]:
    """3 × 3 interior with a total column and a total row; one small cell, (r1, b) = 3."""
    table = pd.DataFrame(
        {"a": [20, 15, 25, 60], "b": [3, 12, 18, 33], "c": [30, 40, 50, 120], "total": [53, 67, 93, 213]},
        index=["r1", "r2", "r3", "all"],
    )
    constraints = column_totals(table, columns=["a", "b", "c", "total"], total="all") + row_totals(
        table, total="total", parts=["a", "b", "c"]
    )
    return table, constraints


def test_three_by_three_table_gets_a_rectangle_of_complements():
    table, constraints = _grid()
    safe = suppress_counts(table, ["a", "b", "c", "total"], constraints=constraints, threshold=10)
    # row r1 holds only (r1, b): its smallest part is a = 20 → (r1, a).
    # column b holds only (r1, b): its smallest other cell is r2 = 12 → (r2, b).
    # column a now holds only (r1, a): smallest other is r2 = 15 → (r2, a).
    # row r2 then holds (r2, a) and (r2, b), 27 ≥ 10: nothing changes any more.
    assert _cells(safe.primary) == {("r1", "b")}
    assert _cells(safe.secondary) == {("r1", "a"), ("r2", "a"), ("r2", "b")}
    assert (safe.n_primary, safe.n_secondary, safe.n_suppressed) == (1, 3, 4)
    assert safe.frame.loc["r1"].tolist() == [WITHHELD, "<10", 30, 53]
    assert safe.frame.loc["r3"].tolist() == [25, 18, 50, 93]  # totals stay published
    # with x = (r1, b): (r1, a) = 23 − x, (r2, b) = 15 − x, (r2, a) = 12 + x, all ≥ 0 → 0 ≤ x ≤ 15
    intervals = audit(safe.frame, constraints).set_index(["row", "column"])
    expected = {("r1", "b"): (0, 15), ("r2", "b"): (0, 15), ("r1", "a"): (8, 23), ("r2", "a"): (12, 27)}
    for cell, (low, high) in expected.items():
        assert intervals.loc[cell, ["low", "high"]].tolist() == pytest.approx([low, high])
    assert intervals["protected"].all()


def test_reader_who_knows_the_markers_still_cannot_pin_the_small_cell():
    table, constraints = _grid()
    safe = suppress_counts(table, ["a", "b", "c", "total"], constraints=constraints, threshold=10)
    # "<10" means 1..9; "×" means at least 10 (every small count is a primary one)
    bounds = {
        **{cell: (1, 9) for cell in _cells(safe.primary)},
        **{cell: (10, np.inf) for cell in _cells(safe.secondary)},
    }
    intervals = audit(safe.frame, constraints, bounds=bounds).set_index(["row", "column"])
    # x ≥ 1; (r2, b) = 15 − x ≥ 10 → x ≤ 5
    assert intervals.loc[("r1", "b"), ["low", "high"]].tolist() == pytest.approx([1, 5])
    assert intervals["protected"].all()


def test_primary_suppression_alone_is_caught_by_the_audit():
    table, constraints = _grid()
    only_primary = suppress_counts(table, ["a", "b", "c", "total"], threshold=10)
    assert only_primary.n_secondary == 0
    intervals = audit(only_primary.frame, constraints).set_index(["row", "column"])
    assert intervals.loc[("r1", "b"), ["low", "high"]].tolist() == pytest.approx([3, 3])
    assert not intervals["protected"].any()


def _bridge() -> tuple[pd.DataFrame, list[Constraint]]:
    """4 × 4 interior with a total column and a total row: two blocks of small cells, (r1–r2, a–b) and
    (r3–r4, c–d), bridged by the small (r2, c) = 7."""
    table = pd.DataFrame(
        [[5, 6, 60, 70], [6, 5, 7, 80], [40, 45, 5, 6], [50, 55, 6, 5]],
        index=["r1", "r2", "r3", "r4"],
        columns=["a", "b", "c", "d"],
    )
    table = table.assign(total=table.sum(axis=1))
    table.loc["all"] = table.sum()
    constraints = column_totals(table, columns=list(table.columns), total="all") + row_totals(
        table, total="total", parts=["a", "b", "c", "d"]
    )
    return table, constraints


def test_a_small_cell_bridging_two_blocks_is_protected_by_the_audit():
    table, constraints = _bridge()
    counts = list(table.columns)
    # every relation already holds two small cells adding up to ≥ 10, so the relation-by-relation
    # rule adds nothing; yet row r1 gives (r1, a) + (r1, b) = 11, columns a and b then give
    # (r2, a) + (r2, b) = 22 − 11 = 11, and row r2 gives (r2, c) = 98 − 80 − 11 = 7
    heuristic = suppress_counts(table, counts, threshold=10)
    pinned = audit(heuristic.frame, constraints).set_index(["row", "column"])
    assert pinned.loc[("r2", "c"), ["low", "high"]].tolist() == pytest.approx([7, 7])
    assert pinned.drop(index=[("r2", "c")])["protected"].all()
    safe = suppress_counts(table, counts, constraints=constraints, threshold=10)
    assert _cells(safe.primary) == _cells(heuristic.primary) and safe.n_primary == 9
    # (r2, c)'s relations have the parts (r2, d) = 80 and (r1, c) = 60: the smaller one is withheld
    assert _cells(safe.secondary) == {("r1", "c")}
    intervals = audit(safe.frame, constraints).set_index(["row", "column"])
    assert intervals["protected"].all()
    assert intervals.loc[("r2", "c"), ["low", "high"]].tolist() == pytest.approx([0, 18])
    small = intervals.loc[sorted(_cells(safe.primary))]
    assert ((small["high"] - small["low"]) >= 10).all()  # the protection level: the threshold's width
    marked = audit(safe.frame, constraints, bounds=marker_bounds(safe.frame, 10))
    assert marked["protected"].all()
    again = suppress_counts(table, counts, constraints=constraints, threshold=10)  # deterministic
    assert (again.frame == safe.frame).to_numpy().all()


def test_an_interval_narrower_than_the_threshold_gets_one_more_complement():
    table = pd.DataFrame({"a": [30, 15, 12], "b": [5, 30, 0], "c": [30, 12, 3]}, index=["r0", "r1", "r2"])
    table = table.assign(total=table.sum(axis=1))
    table.loc["all"] = table.sum()
    constraints = column_totals(table, columns=list(table.columns), total="all") + row_totals(
        table, total="total", parts=["a", "b", "c"]
    )
    # relation by relation: column b → (r1, b) (its only non-zero part: zeros are never withheld);
    # column c → (r1, c) (12 before 30, both in rows already touched); row r0 → (r0, a) (ties with
    # c, first); row r2 → (r2, a). With x = (r0, b) every hidden cell is 35 − x, 7 + x or 8 − x: x
    # lies in [0, 8] — not pinned, but narrower than the threshold
    heuristic = table.astype(object)
    for cell in [("r0", "b"), ("r2", "c")]:
        heuristic.loc[cell] = "<10"
    for cell in [("r1", "b"), ("r1", "c"), ("r0", "a"), ("r2", "a")]:
        heuristic.loc[cell] = WITHHELD
    narrow = audit(heuristic, constraints).set_index(["row", "column"])
    assert narrow.loc[("r0", "b"), ["low", "high"]].tolist() == pytest.approx([0, 8]) and narrow["protected"].all()
    safe = suppress_counts(table, ["a", "b", "c", "total"], constraints=constraints, threshold=10)
    assert (safe.frame == heuristic).drop(index="r0", columns="c").to_numpy().all()
    # the audit adds the smallest non-zero part of (r0, b)'s relations: (r0, c) = 30 ((r2, b) is 0)
    assert safe.frame.at["r0", "c"] == WITHHELD and safe.n_secondary == 5
    intervals = audit(safe.frame, constraints).set_index(["row", "column"])
    assert intervals.loc[("r0", "b"), ["low", "high"]].tolist() == pytest.approx([0, 35])
    assert intervals.loc[("r2", "c"), ["low", "high"]].tolist() == pytest.approx([0, 15])
    assert audit(safe.frame, constraints, bounds=marker_bounds(safe.frame, 10))["protected"].all()


def test_only_complement_is_a_total():
    table = pd.DataFrame({"a": [3, 12, 15], "b": [20, 0, 20], "total": [23, 12, 35]}, index=["r1", "r2", "all"])
    constraints = column_totals(table, columns=["a", "b", "total"], total="all") + row_totals(
        table, total="total", parts=["a", "b"]
    )
    safe = suppress_counts(table, ["a", "b", "total"], constraints=constraints, threshold=10)
    # column a: (r1, a) = 3 needs a part → (r2, a) = 12;  row r1: → its part (r1, b) = 20;
    # row r2: (r2, a) is hidden and its other part is 0, so only its total is left → (r2, total);
    # column b: (r1, b) hidden, (r2, b) = 0 → again only the total → (all, b);
    # column total: (r2, total) hidden → the part (r1, total) = 23 before the grand total 35;
    # row all: (all, b) hidden → the part (all, a) = 15 before the grand total.
    assert _cells(safe.primary) == {("r1", "a")}
    assert _cells(safe.secondary) == {
        ("r2", "a"),
        ("r1", "b"),
        ("r2", "total"),
        ("all", "b"),
        ("r1", "total"),
        ("all", "a"),
    }
    assert safe.frame.loc["r2", "b"] == 0 and safe.frame.loc["all", "total"] == 35
    # with x = (r1, a) and y = (r2, a) free (x + y ≤ 35) every hidden cell is x, y, x + y or 35 minus
    # one of those: each can be anything from 0 to 35
    intervals = audit(safe.frame, constraints)
    assert intervals[["low", "high"]].to_numpy() == pytest.approx(np.tile([0, 35], (7, 1)))


def test_parts_are_preferred_to_the_total_and_zeros_never_chosen():
    table = pd.DataFrame({"p1": [3], "p2": [0], "p3": [0], "p4": [25], "p5": [40], "total": [68]}, index=["r"])
    constraints = row_totals(table, total="total", parts=["p1", "p2", "p3", "p4", "p5"])
    safe = suppress_counts(table, ["p1", "p2", "p3", "p4", "p5", "total"], constraints=constraints, threshold=10)
    assert _cells(safe.secondary) == {("r", "p4")}
    assert safe.frame.loc["r"].tolist() == ["<10", 0, 0, WITHHELD, 40, 68]
    # zeros alone never protect: a small cell whose only companions are zeros cannot be protected
    lonely = pd.DataFrame({"n": [4, 0, 0]}, index=["A", "B", "C"])
    with pytest.warns(DisclosureWarning):
        stuck = suppress_counts(lonely, ["n"], constraints=[known_total(lonely, column="n", value=4)], threshold=10)
    assert stuck.frame["n"].tolist() == ["<10", 0, 0]
    assert not audit(stuck.frame, [known_total(lonely, column="n", value=4)])["protected"].any()


@pytest.mark.parametrize(
    ("threshold", "primary", "secondary"),
    [
        (5, {"x"}, {"y"}),  # 3 is small; its smallest companion 7 joins it: 10 ≥ 5
        (10, {"x", "y"}, set()),  # 3 and 7 are both small and already add up to 10
        (12, {"x", "y"}, {"z"}),  # 3 + 7 = 10 < 12: the next smallest part, 30, joins them
    ],
)
def test_threshold_is_configurable(threshold, primary, secondary):
    table = pd.DataFrame({"x": [3], "y": [7], "z": [30], "total": [40]}, index=["r"])
    constraints = row_totals(table, total="total", parts=["x", "y", "z"])
    safe = suppress_counts(table, ["x", "y", "z", "total"], constraints=constraints, threshold=threshold)
    assert {c for _, c in _cells(safe.primary)} == primary
    assert {c for _, c in _cells(safe.secondary)} == secondary
    assert all(safe.frame.at["r", c] == f"<{threshold}" for c in primary)
    assert audit(safe.frame, constraints)["protected"].all()


def test_a_small_unpublished_difference_is_protected_and_a_large_one_is_not():
    # reported = filed + not filed (not shown); 50 − 44 would reveal 6 cases not filed
    table = pd.DataFrame({"reported": [50, 80], "filed": [44, 44]}, index=["A", "B"])
    frame = table.assign(not_filed=table["reported"] - table["filed"])
    constraints = row_totals(frame, total="reported", parts=["filed", "not_filed"])
    safe = suppress_counts(
        frame, ["reported", "filed"], constraints=constraints, unpublished=["not_filed"], threshold=10
    )
    assert list(safe.frame.columns) == ["reported", "filed"]
    assert safe.frame.loc["A"].tolist() == [50, WITHHELD] and safe.frame.loc["B"].tolist() == [80, 44]
    assert (safe.n_primary, safe.n_secondary) == (0, 1)
    assert audit(safe.frame, constraints).set_index(["row", "column"]).loc[("A", "not_filed"), "protected"]


def _linked_tables():
    """The class table (A 30, B 40, all 70) and a table repeating A's count beside a small one, whose
    column adds up to a total stated elsewhere (33): C's 3 is small, so A's 30 is withheld there."""
    classes = pd.DataFrame({"n": [30, 40, 70]}, index=["A", "B", "all"])
    hot = pd.DataFrame({"n_cases": [30, 3]}, index=["A", "C"])
    declared = [
        Publication("classes", classes, ("n",), tuple(column_totals(classes, columns=["n"], total="all"))),
        Publication("hot", hot, ("n_cases",), (known_total(hot, column="n_cases", value=33),)),
    ]
    return declared, [equal_sums(parts=[("hot", "A", "n_cases")], totals=[("classes", "A", "n")])]


def test_a_count_withheld_in_one_table_is_withheld_where_another_repeats_it():
    declared, relations = _linked_tables()
    alone = suppress_tables(declared, threshold=10)
    assert alone["classes"].frame["n"].tolist() == [30, 40, 70]  # on its own, A's 30 would give C's 3 back
    assert alone["hot"].frame["n_cases"].tolist() == [WITHHELD, "<10"]
    linked = suppress_tables(declared, relations, threshold=10)
    # A goes in the class table too, and then B, or A = all − B
    assert linked["classes"].frame["n"].tolist() == [WITHHELD, WITHHELD, 70]
    assert _cells(linked["classes"].secondary) == {("A", "n"), ("B", "n")} and linked["classes"].n_primary == 0
    assert linked["hot"].frame["n_cases"].tolist() == [WITHHELD, "<10"]


def test_the_joint_audit_leaves_the_small_count_an_interval():
    # everything a reader sees of both tables, as one audited table: C = 33 − A, A = 70 − B
    declared, relations = _linked_tables()
    linked = suppress_tables(declared, relations, threshold=10)
    joint = pd.DataFrame(
        {"n": [linked["classes"].frame.at[r, "n"] for r in ("A", "B", "all")] + [np.nan, np.nan]},
        index=["A", "B", "all", "hot A", "hot C"],
    )
    joint = joint.assign(n=pd.to_numeric(joint["n"], errors="coerce"))
    constraints = [
        Constraint(((("A", "n"), 1.0), (("B", "n"), 1.0), (("all", "n"), -1.0))),
        Constraint(((("hot A", "n"), 1.0), (("hot C", "n"), 1.0)), 33.0),
        Constraint(((("hot A", "n"), 1.0), (("A", "n"), -1.0))),
    ]
    result = audit(joint, constraints).set_index(["row", "column"])
    low, high = result.loc[("hot C", "n"), ["low", "high"]]
    assert low == 0 and high == 33 and result.loc[("hot C", "n"), "protected"]


def test_a_relation_with_a_table_not_published_is_dropped_and_a_false_one_refused():
    declared, relations = _linked_tables()
    assert suppress_tables(declared[1:], relations, threshold=10)["hot"].frame["n_cases"].tolist() == [WITHHELD, "<10"]
    wrong = [equal_sums(parts=[("hot", "A", "n_cases")], totals=[("classes", "B", "n")])]  # 30 ≠ 40
    with pytest.raises(ValueError, match="declared tables disagree"):
        suppress_tables(declared, wrong, threshold=10)
    with pytest.raises(KeyError, match="declares no count column 'n_cases'"):
        suppress_tables(declared, [equal_sums(parts=[("classes", "A", "n_cases")], totals=[("hot", "A", "n_cases")])])
    with pytest.raises(ValueError, match="declared twice"):
        suppress_tables([declared[0], declared[0]], threshold=10)


def test_complements_fall_on_rows_already_touched():
    # open = due − closed in each row, and an "all" row. A's open (5) is small; its row takes A's
    # closed (a part before the total). The open column takes B's open (20, smaller than C's 25). In
    # the closed column C's 30 is smaller than B's 40, but B already shows a ×: B's closed goes, B's row
    # is then protected too, and C keeps all its figures (the smallest-first rule alone would have
    # withheld C's closed and then more of C's row)
    table = pd.DataFrame(
        {"due": [50, 60, 55, 165], "closed": [45, 40, 30, 115], "open": [5, 20, 25, 50]}, index=["A", "B", "C", "all"]
    )
    constraints = row_totals(table, total="due", parts=["closed", "open"]) + column_totals(
        table, columns=["open", "closed", "due"], total="all"
    )
    safe = suppress_counts(table, ["due", "closed", "open"], constraints=constraints, threshold=10)
    assert _cells(safe.primary) == {("A", "open")}
    assert _cells(safe.secondary) == {("A", "closed"), ("B", "open"), ("B", "closed")}


def test_derived_mapping_blanks_only_what_a_withheld_count_feeds():
    table = pd.DataFrame(
        {
            "n_due": [40, 50],
            "n_closed": [5, 45],
            "n_open": [35, 5],
            "closure_rate": [0.125, 0.9],
            "open_share": [0.875, 0.1],
        },
        index=["A", "B"],
    )
    safe = suppress_counts(
        table,
        ["n_due", "n_closed", "n_open"],
        threshold=10,
        derived={"closure_rate": ["n_closed", "n_due"], "open_share": ["n_open"]},
    )
    assert safe.frame["closure_rate"].tolist() == [None, 0.9]
    assert safe.frame["open_share"].tolist() == [0.875, None]


def test_audit_rejects_values_that_break_the_constraints():
    table = pd.DataFrame({"n": [30, np.nan, 70]}, index=["A", "B", "all"])
    with pytest.raises(ValueError, match="do not satisfy"):
        audit(table.assign(n=[30, np.nan, 20]), column_totals(table, columns=["n"], total="all"))
