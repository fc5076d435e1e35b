import pandas as pd
import pytest

from governance_analytics.periods import parse_period


@pytest.mark.parametrize(
    "text, start, end, label",
    [
        ("2025-Q1", "2025-01-01", "2025-04-01", "2025-Q1"),
        ("2025q4", "2025-10-01", "2026-01-01", "2025-Q4"),
        ("2025-03", "2025-03-01", "2025-04-01", "2025-03"),
        ("2025-H2", "2025-07-01", "2026-01-01", "2025-H2"),
        ("2024", "2024-01-01", "2025-01-01", "2024"),
    ],
)
def test_parse(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (pd.Timestamp(start), pd.Timestamp(end), label)


def test_comparison_periods():
    q1 = parse_period("2025-Q1")
    assert q1.previous().label == "2024-Q4"
    assert q1.same_last_year().label == "2024-Q1"
    assert parse_period("2025-01").previous().label == "2024-12"


def test_contains_is_half_open():
    q1 = parse_period("2025-Q1")
    ts = pd.Series(
        pd.to_datetime(["2024-12-31 23:59:59", "2025-01-01 00:00:00", "2025-03-31 23:59:59", "2025-04-01 00:00:00"])
    )
    assert q1.contains(ts).tolist() == [False, True, True, False]


@pytest.mark.parametrize("bad", ["2025-Q5", "2025-13", "Q1 2025", "25"])
def test_bad_period_says_what_is_expected(bad):
    with pytest.raises(ValueError, match="expected 2025, 2025-H1, 2025-Q1 or 2025-03"):
        parse_period(bad)


def test_the_last_instant_and_day_and_the_step_holding_it():
    q4 = parse_period("2025-Q4")
    assert q4.last_instant == pd.Timestamp("2025-12-31 23:59:59.999999")
    assert q4.contains(pd.Series([q4.last_instant, q4.end])).tolist() == [True, False]
    assert q4.last_day == pd.Timestamp("2025-12-31") and q4.last_day.year == 2025  # a period ending on 1 Jan
    assert q4.step_start("QS") == pd.Timestamp("2025-10-01") and q4.step_start("MS") == pd.Timestamp("2025-12-01")
    assert q4.step_start("YS") == pd.Timestamp("2025-01-01") and q4.step_start("D") == pd.Timestamp("2025-12-31")
    assert q4.step_start("W") == pd.Timestamp("2025-12-29")  # 31 Dec 2025 is a Wednesday: its week from Monday
    h1 = parse_period("2025-H1")
    assert h1.step_start("QS") == pd.Timestamp("2025-04-01") and h1.last_day == pd.Timestamp("2025-06-30")
    with pytest.raises(ValueError, match="step frequency 'Q'"):
        q4.step_start("Q")


def test_the_last_step_as_a_period():
    year, q4 = parse_period("2025"), parse_period("2025-Q4")
    assert year.last_step("QS") == q4 and year.last_step("MS") == parse_period("2025-12")
    assert q4.last_step("QS") == q4 and year.last_step("YS") == year  # one step long: itself
    assert parse_period("2025-H1").last_step("QS") == parse_period("2025-Q2")
    with pytest.raises(ValueError, match="not a whole number of months"):
        q4.last_step("W")
