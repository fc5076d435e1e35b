import pandas as pd

from governance_analytics.reporting.disclosure import is_small, suppress_counts


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
