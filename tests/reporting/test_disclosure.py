"""Disclosure control: primary and secondary suppression on hand-worked tables, the LP audit and the
protection level it enforces, an audit of the report's own tables (with the links between them) on
the Demo City, and findings that state no figure a table withholds."""

import re
import warnings
from types import SimpleNamespace

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
from governance_analytics.reporting import i18n

#: The module's tests share expensive module fixtures: one pytest-xdist worker runs them all, so each is built once.
pytestmark = pytest.mark.xdist_group("test_disclosure")


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
    marked = audit(safe.frame, constraints, bounds=_marker_bounds(safe.frame, 10))
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
    assert audit(safe.frame, constraints, bounds=_marker_bounds(safe.frame, 10))["protected"].all()


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


def test_density_blocks_get_a_complementary_blank():
    from governance_analytics.reporting.sections.overview import _map_publication

    def withheld(blocks):
        return suppress_tables([_map_publication(blocks)], threshold=10)["density"].hidden["n"].tolist()

    blocks = pd.DataFrame({"row": [0, 0, 1, 1, 2], "col": [0, 1, 0, 1, 0], "n": [4, 0, 15, 12, 200]})
    # the blocks add up to the period total: a lone blank 4 would be the total minus the rest
    assert withheld(blocks) == [True, False, False, True, False]
    assert withheld(blocks.assign(n=[4, 0, 6, 12, 200])) == [True, False, True, False, False]  # 4 + 6 hide each other


# --- audit of the report's own tables --------------------------------------------------------------

PERIOD = "2025-Q4"


#: Modules that publish tables, and the section each builds.
PUBLISHERS = {
    "governance_analytics.reporting.sections.overview": "overview",
    "governance_analytics.reporting.sections.handling": "handling",
    "governance_analytics.reporting.display": "handling",
}  # display_table: the scores table


#: Builds by threshold: the module fixture below is parametrised, and pytest may set a parameter up
#: again after the other's tests; a build is made once.
_BUILDS: dict[int, tuple] = {}


@pytest.fixture(scope="module", params=[10, 700], ids=["threshold10", "threshold700"])
def built(request, demo_dir):
    """The overview, hot-spot and handling sections at ``threshold``, and every table they published:
    (section, the frame as declared, its derived columns, the suppressed table)."""
    if request.param not in _BUILDS:
        _BUILDS[request.param] = _build(request.param, demo_dir)
    return _BUILDS[request.param]


#: The tables the parts declare to the ledger, and the section each belongs to (the density map's
#: blocks are cells of a map, not rows a finding names).
LEDGER_TABLES = {
    "classes": "overview",
    "channels": "overview",
    "hot_spots": "hotspots",
    "kpis": "handling",
    "ranking": "handling",
    "compliance": "handling",
}


def _build(threshold: int, demo_dir):
    import importlib

    from governance_analytics.periods import parse_period
    from governance_analytics.report_settings import ReportConfig
    from governance_analytics.reporting import builder, display
    from governance_analytics.specs import HotspotSpec, StudySpecs

    published = []  # (section, the frame as declared, its derived columns, the suppressed table)

    def recording(section):
        def publish(frame, **options):
            result = display_publish(frame, **options)
            rates = [*options.get("percent", ()), *options.get("derived", ())]
            published.append((section, frame, rates, result.suppressed))
            return result

        return publish

    def ledger(publications, relations=(), *, threshold):
        result = settle(publications, relations, threshold=threshold)
        published.extend(
            (LEDGER_TABLES[p.key], p.frame, list(p.derived), result[p.key])
            for p in publications
            if p.key in LEDGER_TABLES
        )
        return result

    display_publish, settle = display.publish_table, builder.suppress_tables
    with warnings.catch_warnings(), pytest.MonkeyPatch.context() as patch:
        warnings.simplefilter("error", DisclosureWarning)  # every relation could be protected
        for module, section in PUBLISHERS.items():
            patch.setattr(importlib.import_module(module), "publish_table", recording(section))
        patch.setattr(builder, "suppress_tables", ledger)
        # disclosure does not hang on the precision of the hot spots' pseudo p-values: fewer permutations
        fewer = StudySpecs(hotspots=HotspotSpec(permutations=999, emerging_permutations=4999))
        # the document as the report builds it, not written out (the tests read its tables)
        settings = ReportConfig(threshold=threshold, sections=("overview", "hotspots", "handling"))
        ctx, _ = builder.report_context(demo_dir, period=parse_period(PERIOD), settings=settings, studies=fewer)
        report = SimpleNamespace(document=builder.assemble(ctx, {}, sections=settings.sections))
    assert {p[0] for p in published} == {"overview", "hotspots", "handling"}  # the recording saw them all
    return report, threshold, published


def _frame(report, section: str, key: str, rows: list[str]) -> pd.DataFrame:
    sec = next(s for s in report.document.sections if s.key == section)
    frame = next(t for t in sec.tables if t.key == key).frame
    return frame.assign(**{r: frame[r].fillna("") for r in rows}).set_index(rows)  # a total row spans its labels


def _lifecycle(kpi: pd.DataFrame, label) -> list[Constraint]:
    """What a reader knows from the KPI definitions (cases.lifecycle): each count is the next one
    plus a rest not shown, due = on time + not on time, filed = closed + open + closed without a due
    time, last row = column sums."""
    steps = [
        ("n_reported", "n_filed", "not_filed"),
        ("n_filed", "n_due", "filed_not_due"),
        ("n_due", "n_closed", "due_open"),
        ("n_closed", "n_closed_on_time", "closed_late"),
        ("n_due", "n_closed_on_time", "due_not_on_time"),
    ]
    out = [c for whole, part, rest in steps for c in row_totals(kpi, total=label(whole), parts=[label(part), rest])]
    out += row_totals(kpi, total=label("n_filed"), parts=[label("n_closed"), label("n_open"), "closed_no_due"])
    counts = [label(c) for c in ("n_reported", "n_filed", "n_due", "n_closed", "n_closed_on_time", "n_open")]
    return out + column_totals(
        kpi, columns=counts + [rest for *_, rest in steps] + ["closed_no_due"], total=kpi.index[-1]
    )


def _in(table: str, constraints: list[Constraint]) -> list[Constraint]:
    """``constraints`` with each row label prefixed by ``table`` (several tables in one frame)."""
    return [Constraint(tuple((((table, row), column), a) for (row, column), a in c.terms), c.rhs) for c in constraints]


def _same(a: tuple, b: tuple) -> Constraint:
    """Cell ``a`` equals cell ``b``: the same count published in two tables."""
    return Constraint(((a, 1.0), (b, -1.0)))


def _handling_structure(report, demo_city, label) -> tuple[pd.DataFrame, list[Constraint]]:
    """The KPI, ranking and compliance tables as one published frame, with their relations and the
    links between them (a department's filed and closed cases appear in the KPI and ranking tables,
    its cases reported in the KPI and compliance tables; the finding states all flagged files)."""
    from governance_analytics.cases.review import compliance
    from governance_analytics.periods import parse_period

    department = label("department")
    kpi = _frame(report, "handling", "kpis", [department])
    ranking = _frame(report, "handling", "ranking", [department])
    review = _frame(report, "handling", "compliance", [department])
    tables = pd.concat({"kpis": kpi, "ranking": ranking, "compliance": review})
    constraints = _in("kpis", _lifecycle(kpi, label))
    constraints += _in("ranking", row_totals(ranking, total=label("n_cases_filed"), parts=[label("n_closed"), "open"]))
    constraints += _in(
        "compliance", row_totals(review, total=label("n_files"), parts=[label("n_flagged"), "compliant"])
    )
    for d in ranking.index:
        constraints += [
            _same((("ranking", d), label("n_cases_filed")), (("kpis", d), label("n_filed"))),
            _same((("ranking", d), label("n_closed")), (("kpis", d), label("n_closed"))),
        ]
    constraints += [
        _same((("compliance", d), label("n_files")), (("kpis", d), label("n_reported"))) for d in review.index
    ]
    period = parse_period(PERIOD)
    cases = demo_city.tables["cases"]
    flagged = compliance(cases[period.contains(cases["created_at"])], as_of=period.end - pd.Timedelta(microseconds=1))
    constraints += _in("compliance", [known_total(review, column=label("n_flagged"), value=flagged["n_flagged"].sum())])
    return tables, constraints


def _marker_bounds(tables: pd.DataFrame, threshold: int) -> dict:
    """What the markers tell a reader: "<t" is 1..t−1, "×" at least t."""
    bounds: dict[tuple, tuple[float, float]] = {}
    for cell, value in tables.stack().items():
        if value == f"<{threshold}":
            bounds[cell] = (1, threshold - 1)
        elif value == WITHHELD:
            bounds[cell] = (threshold, np.inf)
    return bounds


def _assert_safe(intervals: pd.DataFrame, tables: pd.DataFrame, threshold: int) -> int:
    """Every withheld cell has an interval of positive width; a rest that is not shown may be pinned
    only when it is not small. Returns the number of withheld cells audited."""
    markers = (f"<{threshold}", WITHHELD)
    shown = np.array(
        [c in tables.columns and tables.at[r, c] in markers for r, c in zip(intervals["row"], intervals["column"])],
        dtype=bool,
    )
    assert intervals.loc[shown, "protected"].all(), intervals[shown & ~intervals["protected"]]
    pinned = intervals[~shown & ~intervals["protected"]]
    assert not ((pinned["low"] >= 0.5) & (pinned["low"] < threshold - 0.5)).any(), pinned
    return int(shown.sum())


def test_every_withheld_cell_of_the_handling_tables_has_a_wide_interval(built, demo_city):
    report, threshold, _ = built
    tables, constraints = _handling_structure(report, demo_city, lambda c: i18n.label(c, report.document.lang))
    withheld = (tables == f"<{threshold}").to_numpy().sum() + (tables == WITHHELD).to_numpy().sum()
    assert withheld > 0  # the Demo City has small backlogs: the audit is not empty
    assert _assert_safe(audit(tables, constraints), tables, threshold) == withheld
    assert (
        _assert_safe(audit(tables, constraints, bounds=_marker_bounds(tables, threshold)), tables, threshold)
        == withheld
    )


def test_every_withheld_cell_of_the_overview_tables_has_a_wide_interval(built, demo_city):
    from governance_analytics.cases import summary
    from governance_analytics.periods import parse_period

    report, threshold, _ = built
    lang = report.document.lang
    label = lambda c: i18n.label(c, lang)  # noqa: E731
    section = next(s for s in report.document.sections if s.key == "overview")
    period = parse_period(PERIOD)
    audited = 0
    for key, rows in (("classes", ["case_type", "category"]), ("channels", ["channel"])):
        table = _frame(report, "overview", key, [label(r) for r in rows])
        last = table.index[-1]
        assert (last[0] if isinstance(last, tuple) else last) == i18n.text("total_row", lang)
        # the total row is the column sum, and its count is the one stated in the first finding
        constraints = column_totals(table, columns=[label("n"), label("n_compare")], total=last)
        audited += _assert_safe(audit(table, constraints), table, threshold)
        _assert_safe(audit(table, constraints, bounds=_marker_bounds(table, threshold)), table, threshold)
        counts = summary.period_counts(demo_city.tables["cases"], period, period.previous(), by=rows)
        n_small, n_more = ((table == marker).to_numpy().sum() for marker in (f"<{threshold}", WITHHELD))
        assert n_small == is_small(counts[["n", "n_compare"]], threshold).sum()
        note = next(t for t in section.tables if t.key == key).note
        assert (f"本表有 {n_small} 个小于 {threshold} 的计数已隐去" in note) == (n_small > 0)
        assert (f"另有 {n_more} 个单元格" in note) == (n_more > 0)
        shown = table.iloc[:-1][[label("n"), label("n_compare")]]
        published = shown.map(lambda v: isinstance(v, (int, np.integer))).to_numpy()
        expected = counts[["n", "n_compare"]].to_numpy()
        assert (shown.to_numpy()[published] == expected[published]).all()  # what is shown is the count
        if threshold == 10:  # no class or channel of the Demo City is below 10: every count is shown
            assert published.all() and n_small == n_more == audited == 0
            assert "本表无需隐去任何计数" in note
    if threshold > 10:  # at 700 the smallest classes and channels are withheld, and audited
        assert audited > 0


def test_overview_withholds_a_lone_small_channel_and_states_no_share_of_it():
    """Hotline 200, app 5, total 205 at threshold 10: the channel table withholds both (the total is
    published), so no finding may give the hotline's share — 97.6 % of 205 is 200, and app 5."""
    from governance_analytics.io.conform import ReadResult
    from governance_analytics.periods import parse_period
    from governance_analytics.reporting.builder import build_section
    from governance_analytics.reporting.context import ReportContext

    period = parse_period(PERIOD)
    rows = [
        ("12345热线", "市容环境", "2025-10-15", 200),
        ("市民APP", "街面秩序", "2025-11-15", 5),
        ("12345热线", "市容环境", "2025-08-15", 150),
        ("市民APP", "街面秩序", "2025-08-20", 40),
    ]
    cases = pd.DataFrame(
        [
            {
                "channel": channel,
                "case_type": "事件",
                "category": category,
                "created_at": pd.Timestamp(day),
                "lon": 104.0,
                "lat": 30.6,
                "cell_id": "c1",
            }
            for channel, category, day, n in rows
            for _ in range(n)
        ]
    )
    inputs = {"cases": ReadResult(cases, pd.DataFrame(), len(cases), "test")}
    section = build_section("overview", ReportContext(inputs, period, period.previous(), threshold=10))
    for key in ("channels", "classes"):  # hotline = 市容环境 200, app = 街面秩序 5
        table = next(t for t in section.tables if t.key == key).frame
        assert table.iloc[:2]["本期案件数"].tolist() == [WITHHELD, "<10"] and table.iloc[-1]["本期案件数"] == 205
        constraints = column_totals(table, columns=["本期案件数", "对比期案件数"], total=table.index[-1])
        intervals = audit(table, constraints)
        assert len(intervals) == 2 and intervals["protected"].all()  # 0 … 205 each
        assert audit(table, constraints, bounds=_marker_bounds(table, 10))["protected"].all()
    text = " ".join(section.findings + section.summary)
    assert "205" in text  # the period's total is stated …
    assert "最主要的上报渠道" not in text and "案件最多的大类" not in text  # … but no share of a withheld row
    assert "97.6%" not in text and "2.4%" not in text


def test_hot_class_share_is_not_stated_where_it_gives_a_small_rest_back():
    """120 cases of a class, 115 in hot cells: 5 elsewhere (not shown) is small, so the hot-spot table
    withholds a count of that row, and the finding may not say "95.8 %" (0.958 × 120 = 115)."""
    from governance_analytics.periods import parse_period
    from governance_analytics.reporting.context import ReportContext
    from governance_analytics.reporting.display import show_table
    from governance_analytics.reporting.sections.hotspots import _findings, _hot_publication

    def hot_published(summary, ctx):  # the hot-spot table on its own, every case on the grid
        off_grid = pd.Series(0, index=summary.index)
        safe = suppress_tables([_hot_publication(summary, off_grid)], threshold=10)["hot_spots"]
        return show_table(safe, lang=ctx.lang, threshold=10, percent=["share_in_hot"])

    period = parse_period(PERIOD)
    ctx = ReportContext({}, period, period.previous(), threshold=10)
    summary = pd.DataFrame(
        {"n_hot_cells": [12, 8, 0], "n_cold_cells": [0, 3, 0], "n_cases": [120, 300, 50], "n_in_hot": [115, 100, 0]},
        index=pd.Index(["A", "B", "C"], name="category"),
    )
    summary["share_in_hot"] = summary["n_in_hot"] / summary["n_cases"]
    published = hot_published(summary, ctx)
    assert published.frame.loc[0, "热点网格内案件数"] == WITHHELD and published.frame.loc[0, "热点网格内占比"] is None
    found, _, _ = _findings(ctx, summary, pd.DataFrame(index=summary.index), published.suppressed.hidden.any(axis=1))
    assert found == []
    # the same class with 100 of 120 in hot cells: nothing small, the share is published and stated
    summary.loc["A", ["n_in_hot", "share_in_hot"]] = [100, 100 / 120]
    published = hot_published(summary, ctx)
    found, _, _ = _findings(ctx, summary, pd.DataFrame(index=summary.index), published.suppressed.hidden.any(axis=1))
    assert len(found) == 1 and "83.3%" in found[0]


# --- findings state no figure a table withholds ---------------------------------------------------------


def _true_values(frame: pd.DataFrame, rates: list[str], safe) -> dict:
    """Row label → the figures a table withholds in that row (counts withheld, shares and rates
    blanked: ``rates``, the columns derived from its counts), at their true values (``frame``, as
    declared): a rate blanked before publishing (the KPI table's, when it would reveal a small
    count) is recomputed from its counts."""
    from governance_analytics.reporting.sections.handling import KPI_SOURCES

    out = {}
    for row in frame.index:
        values = [(frame.at[row, c], "n") for c in safe.hidden.columns if safe.hidden.at[row, c]]
        for column in dict.fromkeys(rates):
            if column not in safe.frame.columns or pd.notna(safe.frame.at[row, column]):
                continue
            value = frame.at[row, column]
            sources = KPI_SOURCES.get(column, ())
            if pd.isna(value) and len(sources) == 2 and frame.at[row, sources[1]]:
                value = frame.at[row, sources[0]] / frame.at[row, sources[1]]
            if pd.notna(value):
                values.append((value, "%"))
        if values:
            out[row] = values
    return out


def _states(sentence: str, value: float, kind: str, lang: str) -> bool:
    text = i18n.number(value, lang) if kind == "n" else i18n.percent(value, lang)
    return re.search(rf"(?<![\d.,]){re.escape(text)}(?![\d])", sentence) is not None


def test_no_finding_states_a_figure_that_a_table_withholds(built):
    """Every table's withheld rows (a count withheld, a share or rate blanked): no finding, summary
    sentence or recommendation that names the row states one of its withheld figures; for a total
    row (all departments, 合计), no sentence of its section does."""
    report, threshold, published = built
    lang = report.document.lang
    sentences = {
        section.key: [
            *section.findings,
            *section.summary,
            *(t for r in section.recommendations for t in (r.finding, r.action)),
        ]
        for section in report.document.sections
    }
    totals = {i18n.text("total_row", lang), i18n.text("all_departments", lang)}
    withheld_rows = 0
    for section, frame, rates, safe in published:
        for row, values in _true_values(frame, rates, safe).items():
            withheld_rows += 1
            parts = [p for p in (row if isinstance(row, tuple) else (row,)) if p]
            if any(p in totals for p in parts):
                named = sentences[section]
            else:
                labels = [i18n.label(p, lang) for p in parts]
                named = [
                    s
                    for texts in sentences.values()
                    for s in texts
                    if all(f"“{x}”" in s or f"（{x}）" in s for x in labels)
                ]
            for sentence in named:
                stated = [v for v, kind in values if _states(sentence, v, kind, lang)]
                assert not stated, (section, row, stated, sentence)
    assert withheld_rows > 0  # at 10 too: the KPI, ranking and flag tables withhold some rows


def _on_time_rates(cases: pd.DataFrame, label: str) -> tuple[str, str, str]:
    """On-time closure rates as the report writes them: "园林绿化局" in ``label`` and the quarter
    before, and the whole city in ``label`` (cases reported in the quarter, as of its end)."""
    from governance_analytics.cases.lifecycle import kpis
    from governance_analytics.periods import parse_period

    def rates(period, by):
        part = cases[period.contains(cases["created_at"])]
        return kpis(part, by=by, as_of=period.end - pd.Timedelta(microseconds=1))["on_time_closure_rate"]

    period = parse_period(label)
    department = rates(period, "department")["园林绿化局"]
    before = rates(period.previous(), "department")["园林绿化局"]
    return f"{100 * department:.1f}%", f"{100 * before:.1f}%", f"{100 * rates(period, None).iloc[0]:.1f}%"


def test_on_time_findings_state_a_rate_only_where_the_kpi_table_does(built, demo_city):
    """The review's case: the planted slowdown of "园林绿化局" against the city. At 10 the KPI table
    publishes both rates and the findings state them; at 700 it withholds them, and so do the findings."""
    report, threshold, _ = built
    now, before, city = _on_time_rates(demo_city.tables["cases"], PERIOD)
    text = " ".join(s for section in report.document.sections for s in section.findings)
    kpi = _frame(report, "handling", "kpis", [i18n.label("department", "zh")])
    department = f"“园林绿化局”按期结案率由2025-Q3的 {before} 降至 {now}"
    if threshold == 10:
        assert kpi.loc["园林绿化局", "按期结案率"] == now and department in text
        assert kpi.loc["全部", "按期结案率"] == city and f"按期结案率 {city}" in text
    else:
        assert kpi.loc["园林绿化局", "按期结案数"] == f"<{threshold}" and now not in text
        assert kpi.loc["全部", "应结案数"] == WITHHELD and city not in text
        assert "“园林绿化局”按期结案率由" not in text


def test_scores_are_blank_where_an_indicator_is_withheld(built):
    report, threshold, _ = built
    department = i18n.label("department", "zh")
    kpi = _frame(report, "handling", "kpis", [department])
    review = _frame(report, "handling", "compliance", [department])
    scores = next(
        t for t in next(s for s in report.document.sections if s.key == "handling").tables if t.key == "scores"
    ).frame
    indicators = pd.concat([kpi[["按期结案率", "结案率", "返工率"]], review[["案卷合规率"]]], axis=1)
    shown = scores["考核得分"].notna().to_numpy()
    for name, score in zip(scores[department], scores["考核得分"]):
        published = all(isinstance(v, str) and v.endswith("%") for v in indicators.loc[name])
        assert published or score is None, (name, score)
    # blank rows come last; the others are ranked 1 … among themselves, in score order
    assert not (~shown[:-1] & shown[1:]).any()
    ranks = scores.loc[shown, "排名"].tolist()
    assert ranks == sorted(ranks) and (not ranks or ranks[0] == 1)
    assert scores.loc[shown, "考核得分"].is_monotonic_decreasing
    if threshold == 10:  # the Demo City withholds a closure rate of two departments at 10
        assert 0 < shown.sum() < len(scores)


def test_hot_spot_rows_relate_to_the_class_table_by_their_cases_on_and_off_the_grid():
    from governance_analytics.reporting.sections.hotspots import _off_grid, _related_columns

    summary = pd.DataFrame({"n_cases": [40, 30, 25]}, index=pd.Index(["A", "B", "C"], name="category"))
    classes = pd.DataFrame(  # A over two case types; B with 3 cases off the grid; C counted 1 fewer
        {"n": [15, 25, 33, 24]},
        index=pd.MultiIndex.from_tuples([("事件", "A"), ("部件", "A"), ("事件", "B"), ("事件", "C")]),
    )
    off = _off_grid(summary, classes)
    assert off.tolist() == [0, 3, -1]
    assert _related_columns(off) == {"A": ["n_cases"], "B": ["n_cases", "n_off_grid"]}  # C: none to state
