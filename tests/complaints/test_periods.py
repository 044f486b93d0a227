"""Year labels on the days either side of each basis's year boundary, in Python and in SQL alike."""

import sqlite3

import pytest

from complaints.periods import PeriodError, year_bounds, year_label, year_labels_between, year_sql

CASES = [
    ("2024-03-31", "financial", "2023/24"),
    ("2024-04-01", "financial", "2024/25"),
    ("2023-08-31", "academic", "2022/23"),
    ("2023-09-01", "academic", "2023/24"),
    ("2023-12-31", "calendar", "2023"),
    ("2024-01-01", "calendar", "2024"),
    ("2000-02-01", "financial", "1999/00"),
    ("1999-06-01", "financial", "1999/00"),
    ("2024-04-01T09:30:00", "financial", "2024/25"),
    (None, "financial", None),
    ("", "academic", None),
]


@pytest.mark.parametrize("day, basis, label", CASES)
def test_year_label_in_python_and_sql_agree(day, basis, label):
    assert year_label(day, basis) == label
    conn = sqlite3.connect(":memory:")
    assert conn.execute(f"SELECT {year_sql('?', basis)}".replace("?", ":d"), {"d": day}).fetchone()[0] == label


def test_bounds_and_ranges_of_labels():
    assert [str(d) for d in year_bounds("2023/24")] == ["2023-04-01", "2024-03-31"]
    assert [str(d) for d in year_bounds("2023/24", "academic")] == ["2023-09-01", "2024-08-31"]
    assert [str(d) for d in year_bounds("2024", "calendar")] == ["2024-01-01", "2024-12-31"]
    assert year_labels_between("2019/20", "2021-22") == ["2019/20", "2020/21", "2021/22"]


@pytest.mark.parametrize("label, basis", [("2023/25", "financial"), ("23/24", "financial"), ("2023/24", "calendar"), ("2023", "academic"),
                                          ("2023", "weekly")])
def test_bad_labels_name_the_fix(label, basis):
    with pytest.raises(PeriodError, match="2023|basis"):
        year_bounds(label, basis)


from datetime import date, timedelta  # noqa: E402

from hypothesis import given, strategies as st  # noqa: E402


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["financial", "calendar", "academic"]))
def test_any_date_gets_the_same_label_in_python_and_sql_and_lies_inside_its_year(day, basis):
    label = year_label(day, basis)
    conn = sqlite3.connect(":memory:")
    assert conn.execute(f"SELECT {year_sql(':d', basis)}", {"d": day.isoformat()}).fetchone()[0] == label
    first, last = year_bounds(label, basis)
    assert first <= day <= last and last - first < timedelta(days=366)
