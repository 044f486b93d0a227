"""Compliance deadlines: months, weeks, working days around England and Wales bank holidays, fixed dates."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.deadlines import add_months, add_working_days, due_date, find_deadline


@pytest.mark.parametrize("phrase, decided, due", [
    ("Within one month of the final decision", date(2024, 3, 14), date(2024, 4, 14)),
    ("within three months", date(2024, 3, 14), date(2024, 6, 14)),
    ("within a month", date(2024, 1, 31), date(2024, 2, 29)),          # clamped to the end of a leap February
    ("within four weeks of my decision", date(2024, 3, 14), date(2024, 4, 11)),
    ("within 28 days", date(2024, 3, 14), date(2024, 4, 11)),
    # 14 March 2024 + 20 working days skips Good Friday (29 March) and Easter Monday (1 April)
    ("within 20 working days", date(2024, 3, 14), date(2024, 4, 15)),
    # over Christmas: 25, 26 December and 1 January are skipped, as are weekends
    ("within 7 working days", date(2024, 12, 20), date(2025, 1, 3)),
    ("within ten working days", date(2024, 5, 1), date(2024, 5, 16)),  # early May bank holiday 6 May
    ("by 31 May 2024", date(2024, 3, 14), date(2024, 5, 31)),
    ("no later than 2 September 2024", date(2024, 3, 14), date(2024, 9, 2)),
])
def test_due_dates(phrase, decided, due):
    assert due_date(find_deadline(phrase), decided) == due


def test_no_deadline_and_no_decision_date():
    assert find_deadline("The Council will apologise.") is None
    assert due_date(find_deadline("within one month"), None) is None
    assert due_date(find_deadline("by 31 May 2024"), None) == date(2024, 5, 31)


def test_working_days_never_land_on_a_weekend_or_bank_holiday():
    import holidays

    bank = holidays.UK(subdiv="ENG", years=[2024, 2025])
    start = date(2024, 1, 1)
    for n in range(1, 60):
        day = add_working_days(start, n)
        assert day.weekday() < 5 and day not in bank


def test_add_months_across_the_year_end():
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
