import numpy as np
import pandas as pd
import pytest
from scipy import stats

from governance_analytics.cases import summary
from governance_analytics.grid import UnitGrid
from governance_analytics.periods import parse_period


def _cases(times, **columns):
    frame = pd.DataFrame({"created_at": pd.to_datetime(times)})
    for name, values in columns.items():
        frame[name] = values
    return frame


def test_monthly_counts_fill_empty_months():
    cases = _cases(["2025-01-05", "2025-01-20", "2025-03-02"], case_type=["事件", "部件", "事件"])
    table = summary.monthly_counts(cases, by="case_type")
    assert table.index.tolist() == list(pd.date_range("2025-01-01", periods=3, freq="MS"))
    assert table["事件"].tolist() == [1, 0, 1] and table["部件"].tolist() == [1, 0, 0]


def test_period_counts_score_test_matches_hand_computation():
    # 120 cases in 2025-Q1 (90 days) against 90 in 2024-Q4 (92 days)
    times = list(pd.date_range("2025-01-01", periods=120, freq="17h")) + list(
        pd.date_range("2024-10-01", periods=90, freq="23h")
    )
    table = summary.period_counts(_cases(times), parse_period("2025-Q1"), parse_period("2024-Q4"))
    row = table.loc["all"]
    assert (row["n"], row["n_compare"], row["change"]) == (120, 90, 30)
    assert row["rate_ratio"] == pytest.approx((120 / 90) / (90 / 92))
    # score test of equal Poisson rates (Gu et al. 2008): z = (y1/t1 − y2/t2) / sqrt(λ0 (1/t1 + 1/t2)),
    # λ0 = (y1 + y2) / (t1 + t2) pooled
    lam0 = 210 / 182
    z = (120 / 90 - 90 / 92) / np.sqrt(lam0 * (1 / 90 + 1 / 92))
    assert row["p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)


def test_period_counts_by_group_and_share():
    times = ["2025-01-02"] * 3 + ["2025-02-01"] + ["2024-11-01"] * 2
    cases = _cases(times, channel=["app", "app", "hotline", "app", "app", "hotline"])
    table = summary.period_counts(cases, parse_period("2025-Q1"), parse_period("2024-Q4"), by="channel")
    assert table["n"].to_dict() == {"app": 3, "hotline": 1}
    assert table["n_compare"].to_dict() == {"app": 1, "hotline": 1}
    assert table["share"].to_dict() == {"app": 0.75, "hotline": 0.25}


def test_period_counts_of_other_records_by_their_timestamp():
    """Resident messages are placed in a period by ``received_at``: the same counts as cases."""
    times = ["2025-01-02"] * 3 + ["2025-02-01"] + ["2024-11-01"] * 2
    cases = _cases(times, channel=["app", "app", "hotline", "app", "app", "hotline"])
    messages = cases.rename(columns={"created_at": "received_at"})
    period, compare = parse_period("2025-Q1"), parse_period("2024-Q4")
    pd.testing.assert_frame_equal(
        summary.period_counts(messages, period, compare, by="channel", at="received_at"),
        summary.period_counts(cases, period, compare, by="channel"),
    )
    with pytest.raises(KeyError, match="created_at"):
        summary.period_counts(messages, period, compare)


def test_cell_counts_blocks_sum_and_zeros():
    grid = UnitGrid(0.0, 0.0, 100.0, n_rows=4, n_cols=4, crs=None)
    cells = grid.all_cells().assign(cell_id=[f"c{i}" for i in range(16)])
    cases = _cases(["2025-01-01"] * 5 + ["2024-01-01"], cell_id=["c0", "c0", "c5", "c15", None, "c0"])
    blocks = summary.cell_counts(cases, cells, grid, period=parse_period("2025"), block=2)
    assert len(blocks) == 4 and blocks["n_cells"].tolist() == [4, 4, 4, 4]
    assert blocks.set_index(["row", "col"])["n"].to_dict() == {(0, 0): 3, (0, 1): 0, (1, 0): 0, (1, 1): 1}
    assert blocks.loc[0, ["x", "y"]].tolist() == [100.0, 100.0]


def test_coverage():
    cases = _cases(["2024-11-30", "2025-02-01"], lon=[117.0, None], lat=[31.0, None], cell_id=["a", None])
    cov = summary.coverage(cases)
    assert (cov.n_cases, cov.n_months, cov.share_located, cov.share_in_grid, cov.n_cells_with_cases) == (
        2,
        4,
        0.5,
        0.5,
        1,
    )
    with pytest.raises(ValueError, match="empty"):
        summary.coverage(cases.iloc[:0])
