"""safe_text: every phone and ID number format is masked, nothing else is; formulas are defused for CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from governance_analytics.safe_text import defuse_formula, mask_text_columns, needs_quote_prefix, scrub_pii


@pytest.mark.parametrize(
    "text, expected",
    [
        # mainland ID numbers: 18 characters, 15 digits (area, YYMMDD, sequence), spaced 6-8-4, full width
        ("身份证110105198001011234", "身份证[身份证号]"),
        ("旧身份证110105800101123。", "旧身份证[身份证号]。"),
        ("110105 19800101 123X", "[身份证号]"),
        ("１１０１０５１９８００１０１１２３Ｘ号", "[身份证号]号"),
        # Hong Kong identity card, half- and full-width brackets
        ("HKID A123456(7)", "HKID [身份证号]"),
        ("证件XY987654（A）", "证件[身份证号]"),
        # mainland mobiles with a country code, no separators, or full-width
        ("+8613812345678", "[电话]"),
        ("008613812345678", "[电话]"),
        ("(+86)138-1234-5678", "[电话]"),
        ("１３８１２３４５６７８", "[电话]"),
        ("＋８６　１３８　１２３４　５６７８", "[电话]"),
        # mainland landlines, also international without the leading 0
        ("0551-12345678", "[电话]"),
        ("+86 10 12345678", "[电话]"),
        ("0086-551-12345678", "[电话]"),
        # Hong Kong phones
        ("电话91234567", "电话[电话]"),
        ("Tel: 2345 6789", "Tel: [电话]"),
        ("+852 9123 4567", "[电话]"),
        # North American phones
        ("(617) 555-0100", "[电话]"),
        ("call 617-555-0100 now", "call [电话] now"),
        ("617.555.0100", "[电话]"),
        ("+1 617 555 0100", "[电话]"),
        ("1-800-555-0199", "[电话]"),
    ],
)
def test_each_format_is_masked(text, expected):
    assert scrub_pii(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2019年5月9日交了3500元，打12345热线",
        "订单号1234567890123456789012",  # 22 digits: no ID number inside a longer run
        "坐标116.40738123,39.90419876",  # decimals of coordinates are not phone numbers
        "-122.41941234",
        "110105801301123",  # 15 digits whose "month" is 13: not a first-generation ID number
        "1234567",  # 7 digits
        "2025-01-03 08:15",
        "12345678",  # 8 digits starting with 1: neither a Hong Kong number nor a mobile
        "A123456",  # no check digit in brackets
        "(0551)123",
        "第3号楼502室",
        "规划 2021-2025 年",  # a year range, not a Hong Kong number
        "面积 3000-5000平方米",  # a quantity range
        "编号ZJ20250103",  # a code with letters before its digits
    ],
)
def test_what_is_not_a_personal_number_is_left(text):
    assert scrub_pii(text) == text


def test_boundaries_of_the_id_patterns():
    """An 18-character ID number is not taken from inside a run of letters and digits, nor a 15-digit
    one from a longer run: the boundary is 'no letter or digit', on both sides."""
    assert scrub_pii("X110105198001011234") == "X110105198001011234"
    assert scrub_pii("110105198001011234Y") == "110105198001011234Y"
    assert scrub_pii("1101058001011234") == "1101058001011234"  # 16 digits
    assert scrub_pii("号110105800101123号") == "号[身份证号]号"


def test_placeholders_and_non_strings():
    assert scrub_pii("A123456(7) 91234567", phone="P", id_number="I") == "I P"
    assert scrub_pii(None) is None and scrub_pii(13812345678) == 13812345678


@pytest.mark.parametrize(
    "text, expected",
    [
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝SUM(A1)", "'＝SUM(A1)"),
        ("-73.98", "-73.98"),
        ("+1", "+1"),
        ("-1e5", "-1e5"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
    ],
)
def test_defuse_formula(text, expected):
    assert defuse_formula(text) == expected
    assert needs_quote_prefix(text) is text.startswith(("=", "+", "-", "@", "\t", "\r", "＝"))


def test_mask_text_columns_keeps_identifiers_shape_and_input():
    frame = pd.DataFrame(
        {"case_id": ["110105800101123", "=x"], "text": ["电话91234567", "@SUM(A1)"], "n": [1, 2], "=head": ["a", None]}
    )
    before = frame.copy()
    masked = mask_text_columns(frame, keep=["case_id"])
    assert masked["case_id"].tolist() == ["110105800101123", "=x"] and masked["text"].tolist() == [
        "电话[电话]",
        "@SUM(A1)",
    ]
    safe = mask_text_columns(frame, formulas=True)
    assert safe.columns.tolist() == ["case_id", "text", "n", "'=head"]
    assert safe["case_id"].tolist() == ["[身份证号]", "'=x"] and safe["text"].tolist() == ["电话[电话]", "'@SUM(A1)"]
    assert safe["n"].tolist() == [1, 2] and safe["'=head"].iloc[0] == "a" and pd.isna(safe["'=head"].iloc[1])
    pd.testing.assert_frame_equal(frame, before)
