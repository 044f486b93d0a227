"""Reading dates and money the way councils write them; anything inexact is refused, never guessed."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, strategies as st

from complaints.values import parse_date, parse_int, parse_money

JAN_31 = date(2024, 1, 31)


@pytest.mark.parametrize("text", [
    "31/01/2024", "31-01-2024", "31.01.2024", "31-Jan-2024", "31 Jan 2024", "31 January 2024",
    "31st January 2024", "31st of January 2024", "Wednesday 31 January 2024", "January 31, 2024",
    "2024-01-31", "2024-01-31T09:15:00", "2024-01-31 09:15", "2024-01-31T09:15:00Z", "31/01/2024 14:05",
    "31/01/24", " 31 JAN 2024 ", "45322", "45322.5",
])
def test_council_date_styles_all_read_as_the_same_day(text):
    assert parse_date(text) == JAN_31


@pytest.mark.parametrize("value", [45322, 45322.75, datetime(2024, 1, 31, 16, 30), JAN_31])
def test_spreadsheet_values_are_dates(value):
    assert parse_date(value) == JAN_31


def test_slashed_dates_are_day_first_unless_the_profile_says_mdy():
    assert parse_date("01/02/2024") == date(2024, 2, 1)
    assert parse_date("01/02/2024", "mdy") == date(2024, 1, 2)
    assert parse_date("12/25/2023", "mdy") == date(2023, 12, 25)


@pytest.mark.parametrize("text", [
    "31/02/2024", "2024-02-30", "29 February 2023", "25 Septemeber 2025", "TBC", "", "next Tuesday",
    "2024", "99999", "13/13/2024", "0", "1/2", "31 Jan",
])
def test_impossible_or_unreadable_dates_raise_naming_the_value(text):
    with pytest.raises(ValueError) as error:
        parse_date(text)
    if text:
        assert repr(text) in str(error.value)


def test_25_12_is_not_a_month_in_uk_order():
    with pytest.raises(ValueError, match="12/25/2023"):
        parse_date("12/25/2023")


def test_booleans_and_other_objects_are_not_dates():
    for value in (True, None, [2024, 1, 31], 3):
        with pytest.raises(ValueError):
            parse_date(value)


def test_unknown_date_order_is_refused():
    with pytest.raises(ValueError, match="ymd"):
        parse_date("2024-01-31", "ymd")


@pytest.mark.parametrize("text,amount", [
    ("£1,250.00", 1250.0), ("1250", 1250.0), ("1,250", 1250.0), ("£300.50", 300.5), ("£ 75", 75.0),
    ("0.5", 0.5), ("£1,000,000", 1_000_000.0), ("250 GBP", 250.0), ("-£40.00", -40.0), (" £12.3 ", 12.3),
])
def test_exact_amounts_are_read(text, amount):
    assert parse_money(text) == amount


@pytest.mark.parametrize("value,amount", [(1250, 1250.0), (300.505, 300.5), (0, 0.0)])
def test_numeric_amounts_are_read(value, amount):
    assert parse_money(value) == pytest.approx(amount)


@pytest.mark.parametrize("text,why", [
    ("about £1k", "shorthand"), ("£1k", "shorthand"), ("TBC", "no figures"), ("1250 or so", "estimate"),
    ("approx £500", "estimate"), ("1.250,00", "exact"), ("£12,50", "exact"), ("£", "no figures"),
    ("1,25,000", "exact"), ("£100 + costs", "exact"),
])
def test_inexact_amounts_are_rejected_with_a_reason(text, why):
    with pytest.raises(ValueError, match=why) as error:
        parse_money(text)
    assert repr(text) in str(error.value)


def test_non_numbers_are_not_money():
    for value in (True, float("nan"), float("inf"), None, ""):
        with pytest.raises(ValueError):
            parse_money(value)


@pytest.mark.parametrize("value,number", [("12", 12), (12, 12), (12.0, 12), ("1,200", 1200), ("7.0", 7)])
def test_whole_numbers(value, number):
    assert parse_int(value) == number


@pytest.mark.parametrize("value", ["12.5", 12.5, "twelve", True, "", None])
def test_not_whole_numbers(value):
    with pytest.raises(ValueError):
        parse_int(value)


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none(), st.booleans(),
                 st.datetimes(), st.dates()))
def test_parse_date_only_ever_raises_value_error(value):
    try:
        result = parse_date(value)
    except ValueError:
        return
    assert isinstance(result, date)


@given(st.text(alphabet="0123456789/-. :TJanFebMrchstndo", max_size=30))
def test_parse_date_on_date_like_noise_only_raises_value_error(text):
    try:
        parse_date(text)
    except ValueError:
        pass


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_dates_round_trip(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(parse_date(day.isoformat()).isoformat()) == day


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_uk_written_dates_round_trip(day):
    assert parse_date(day.strftime("%d/%m/%Y").rjust(10, "0")) == day
    assert parse_date(f"{day.day} {day.strftime('%B')} {day.year:04d}") == day
    assert parse_date(day.strftime("%m/%d/%Y"), "mdy") == day


@given(st.integers(min_value=10959, max_value=73050))
def test_excel_serials_count_days_from_the_excel_epoch(serial):
    assert parse_date(serial) == date(1899, 12, 30) + timedelta(days=serial)
    assert parse_date(str(serial)) == parse_date(serial)


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_money_only_ever_raises_value_error(value):
    try:
        result = parse_money(value)
    except ValueError:
        return
    assert isinstance(result, float)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_written_pounds_round_trip(amount):
    assert parse_money(f"£{amount:,.2f}") == float(amount)
    assert parse_money(f"{amount:.2f}") == float(amount)
