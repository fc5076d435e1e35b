"""Disclosure control: primary and secondary suppression on hand-worked tables, the LP audit, and an
audit of the report's own tables (with the links between them) on the Demo City."""

import warnings

import numpy as np
import pandas as pd
import pytest

from governance_analytics.reporting import i18n
from governance_analytics.reporting.disclosure import (
    WITHHELD,
    Constraint,
    DisclosureWarning,
    audit,
    column_totals,
    is_small,
    known_total,
    row_totals,
    suppress_counts,
)


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
    table = pd.DataFrame({"a": [20, 15, 25, 60], "b": [3, 12, 18, 33], "c": [30, 40, 50, 120],
                          "total": [53, 67, 93, 213]}, index=["r1", "r2", "r3", "all"])
    constraints = (column_totals(table, columns=["a", "b", "c", "total"], total="all")
                   + row_totals(table, total="total", parts=["a", "b", "c"]))
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
    bounds = {**{cell: (1, 9) for cell in _cells(safe.primary)}, **{cell: (10, np.inf) for cell in _cells(safe.secondary)}}
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


def test_only_complement_is_a_total():
    table = pd.DataFrame({"a": [3, 12, 15], "b": [20, 0, 20], "total": [23, 12, 35]}, index=["r1", "r2", "all"])
    constraints = (column_totals(table, columns=["a", "b", "total"], total="all")
                   + row_totals(table, total="total", parts=["a", "b"]))
    safe = suppress_counts(table, ["a", "b", "total"], constraints=constraints, threshold=10)
    # column a: (r1, a) = 3 needs a part → (r2, a) = 12;  row r1: → its part (r1, b) = 20;
    # row r2: (r2, a) is hidden and its other part is 0, so only its total is left → (r2, total);
    # column b: (r1, b) hidden, (r2, b) = 0 → again only the total → (all, b);
    # column total: (r2, total) hidden → the part (r1, total) = 23 before the grand total 35;
    # row all: (all, b) hidden → the part (all, a) = 15 before the grand total.
    assert _cells(safe.primary) == {("r1", "a")}
    assert _cells(safe.secondary) == {("r2", "a"), ("r1", "b"), ("r2", "total"), ("all", "b"), ("r1", "total"),
                                      ("all", "a")}
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


@pytest.mark.parametrize(("threshold", "primary", "secondary"), [
    (5, {"x"}, {"y"}),          # 3 is small; its smallest companion 7 joins it: 10 ≥ 5
    (10, {"x", "y"}, set()),    # 3 and 7 are both small and already add up to 10
    (12, {"x", "y"}, {"z"}),    # 3 + 7 = 10 < 12: the next smallest part, 30, joins them
])
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
    safe = suppress_counts(frame, ["reported", "filed"], constraints=constraints, unpublished=["not_filed"], threshold=10)
    assert list(safe.frame.columns) == ["reported", "filed"]
    assert safe.frame.loc["A"].tolist() == [50, WITHHELD] and safe.frame.loc["B"].tolist() == [80, 44]
    assert (safe.n_primary, safe.n_secondary) == (0, 1)
    assert audit(safe.frame, constraints).set_index(["row", "column"]).loc[("A", "not_filed"), "protected"]


def test_linked_cells_are_withheld_and_counted_as_secondary():
    table = pd.DataFrame({"n": [30, 40, 70]}, index=["A", "B", "all"])
    safe = suppress_counts(table, ["n"], constraints=column_totals(table, columns=["n"], total="all"),
                           linked=[("A", "n")], threshold=10)
    # A is withheld in another table; B then goes too, or A = all − B
    assert _cells(safe.secondary) == {("A", "n"), ("B", "n")} and safe.n_primary == 0


def test_derived_mapping_blanks_only_what_a_withheld_count_feeds():
    table = pd.DataFrame({"n_due": [40, 50], "n_closed": [5, 45], "n_open": [35, 5],
                          "closure_rate": [0.125, 0.9], "open_share": [0.875, 0.1]}, index=["A", "B"])
    safe = suppress_counts(table, ["n_due", "n_closed", "n_open"], threshold=10,
                           derived={"closure_rate": ["n_closed", "n_due"], "open_share": ["n_open"]})
    assert safe.frame["closure_rate"].tolist() == [None, 0.9]
    assert safe.frame["open_share"].tolist() == [0.875, None]


def test_audit_rejects_values_that_break_the_constraints():
    table = pd.DataFrame({"n": [30, np.nan, 70]}, index=["A", "B", "all"])
    with pytest.raises(ValueError, match="do not satisfy"):
        audit(table.assign(n=[30, np.nan, 20]), column_totals(table, columns=["n"], total="all"))


def test_density_blocks_get_a_complementary_blank():
    from governance_analytics.periods import parse_period
    from governance_analytics.reporting.context import ReportContext
    from governance_analytics.reporting.sections.overview import _map_withheld

    period = parse_period("2025-Q4")
    ctx = ReportContext({}, period, period.previous(), threshold=10)
    blocks = pd.DataFrame({"row": [0, 0, 1, 1, 2], "col": [0, 1, 0, 1, 0], "n": [4, 0, 15, 12, 200]})
    # the blocks add up to the period total: a lone blank 4 would be the total minus the rest
    assert _map_withheld(blocks, ctx).tolist() == [True, False, False, True, False]
    assert not _map_withheld(blocks.assign(n=[4, 0, 6, 12, 200]), ctx)[[3]].any()  # 4 + 6 already hide each other


# --- audit of the report's own tables --------------------------------------------------------------

PERIOD = "2025-Q4"


@pytest.fixture(scope="module", params=[10, 700], ids=["threshold10", "threshold700"])
def built(request, demo_dir, tmp_path_factory):
    from governance_analytics.reporting import build_report

    out = tmp_path_factory.mktemp("reports")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DisclosureWarning)  # every relation could be protected
        report = build_report(demo_dir, period=PERIOD, out=out, sections=["overview", "handling"],
                              threshold=request.param)
    return report, request.param


def _frame(report, section: str, key: str, rows: list[str]) -> pd.DataFrame:
    sec = next(s for s in report.document.sections if s.key == section)
    frame = next(t for t in sec.tables if t.key == key).frame
    return frame.assign(**{r: frame[r].fillna("") for r in rows}).set_index(rows)  # a total row spans its labels


def _lifecycle(kpi: pd.DataFrame, label) -> list[Constraint]:
    """What a reader knows from the KPI definitions (cases.lifecycle): each count is the next one
    plus a rest not shown, filed = closed + open + closed without a due time, last row = column sums."""
    steps = [("n_reported", "n_filed", "not_filed"), ("n_filed", "n_due", "filed_not_due"),
             ("n_due", "n_closed", "due_open"), ("n_closed", "n_closed_on_time", "closed_late")]
    out = [c for whole, part, rest in steps for c in row_totals(kpi, total=label(whole), parts=[label(part), rest])]
    out += row_totals(kpi, total=label("n_filed"), parts=[label("n_closed"), label("n_open"), "closed_no_due"])
    counts = [label(c) for c in ("n_reported", "n_filed", "n_due", "n_closed", "n_closed_on_time", "n_open")]
    return out + column_totals(kpi, columns=counts + [rest for *_, rest in steps] + ["closed_no_due"], total=kpi.index[-1])


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
    constraints += _in("compliance", row_totals(review, total=label("n_files"), parts=[label("n_flagged"), "compliant"]))
    for d in ranking.index:
        constraints += [_same((("ranking", d), label("n_cases_filed")), (("kpis", d), label("n_filed"))),
                        _same((("ranking", d), label("n_closed")), (("kpis", d), label("n_closed")))]
    constraints += [_same((("compliance", d), label("n_files")), (("kpis", d), label("n_reported"))) for d in review.index]
    period = parse_period(PERIOD)
    cases = demo_city.tables["cases"]
    flagged = compliance(cases[period.contains(cases["created_at"])], as_of=period.end - pd.Timedelta(microseconds=1))
    constraints += _in("compliance", [known_total(review, column=label("n_flagged"), value=flagged["n_flagged"].sum())])
    return tables, constraints


def _marker_bounds(tables: pd.DataFrame, threshold: int) -> dict:
    """What the markers tell a reader: "<t" is 1..t−1, "×" at least t."""
    bounds = {}
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
    shown = np.array([c in tables.columns and tables.at[r, c] in markers
                      for r, c in zip(intervals["row"], intervals["column"])], dtype=bool)
    assert intervals.loc[shown, "protected"].all(), intervals[shown & ~intervals["protected"]]
    pinned = intervals[~shown & ~intervals["protected"]]
    assert not ((pinned["low"] >= 0.5) & (pinned["low"] < threshold - 0.5)).any(), pinned
    return int(shown.sum())


def test_every_withheld_cell_of_the_handling_tables_has_a_wide_interval(built, demo_city):
    report, threshold = built
    tables, constraints = _handling_structure(report, demo_city, lambda c: i18n.label(c, report.document.lang))
    withheld = (tables == f"<{threshold}").to_numpy().sum() + (tables == WITHHELD).to_numpy().sum()
    assert withheld > 0  # the Demo City has small backlogs: the audit is not empty
    assert _assert_safe(audit(tables, constraints), tables, threshold) == withheld
    assert _assert_safe(audit(tables, constraints, bounds=_marker_bounds(tables, threshold)), tables, threshold) == withheld


def test_every_withheld_cell_of_the_overview_tables_has_a_wide_interval(built, demo_city):
    from governance_analytics.cases import summary
    from governance_analytics.periods import parse_period

    report, threshold = built
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
    assert audited > 0 or threshold == 10  # at 700 the smallest classes and channels are withheld
