"""Working days skip weekends and England and Wales bank holidays; deadlines follow the configured rules."""

from datetime import date

import pytest

from complaints.clock import (ClockError, add_working_days, bank_holidays, is_working_day, load_rules,
                              response_deadline, response_state, working_days_between)


def test_easter_and_christmas_are_not_working_days():
    assert date(2024, 3, 29) in bank_holidays(2024)  # Good Friday
    assert not is_working_day("2024-04-01")  # Easter Monday
    assert not is_working_day("2023-12-26")
    assert not is_working_day("2023-05-08")  # the one-off coronation bank holiday
    assert is_working_day("2023-12-27")


@pytest.mark.parametrize("start, end, days", [
    ("2023-03-31", "2023-04-14", 8),    # Good Friday and Easter Monday 2023 skipped
    ("2023-12-22", "2024-01-10", 10),   # Christmas, Boxing Day and New Year's Day skipped
    ("2024-05-01", "2024-06-28", 40),   # both May bank holidays skipped
    ("2024-10-18", "2024-10-21", 1),    # Friday to Monday
    ("2024-10-19", "2024-10-20", 0),    # a weekend
    ("2024-10-21", "2024-10-18", -1),
])
def test_working_days_between(start, end, days):
    assert working_days_between(start, end) == days
    if days > 0 and is_working_day(end):
        assert add_working_days(start, days) == date.fromisoformat(end)


def test_add_working_days_from_a_saturday_and_backwards():
    assert add_working_days("2023-04-01", 1) == date(2023, 4, 3)
    assert add_working_days("2024-04-02", -1) == date(2024, 3, 28)  # back over Easter


def test_built_in_deadlines_per_procedure_and_stage():
    rules = load_rules()
    # corporate stage 1: acknowledgement due within 5 working days, reply 10 after it
    assert response_deadline(rules, "2023-03-31", "corporate", "1") == date(2023, 4, 25)
    assert response_deadline(rules, "2023-03-31", "corporate", "1", acknowledged_on="2023-04-03") == date(2023, 4, 19)
    assert response_deadline(rules, "2024-05-01", "statutory", "2") == add_working_days("2024-05-01", 25)
    assert response_deadline(rules, "2024-05-01", "statutory", "1") == date(2024, 5, 16)
    assert response_deadline(rules, "2024-05-01", None, "1") == response_deadline(rules, "2024-05-01", "corporate", "1")
    assert response_deadline(rules, "2024-05-01", "corporate", "ombudsman") is None


def test_states_due_due_soon_overdue_and_answered():
    deadline = date(2024, 10, 25)  # a Friday
    assert response_state(deadline, None, "2024-10-14") == "due"
    assert response_state(deadline, None, "2024-10-22") == "due_soon"  # 3 working days left
    assert response_state(deadline, None, "2024-10-25") == "due_soon"
    assert response_state(deadline, None, "2024-10-28") == "overdue"
    assert response_state(deadline, "2024-10-25", "2024-11-01") == "answered_on_time"
    assert response_state(deadline, "2024-10-28", "2024-11-01") == "answered_late"
    assert response_state(deadline, None, "2024-10-26") == "overdue"  # the Saturday after
    assert response_state(deadline, "2024-10-28", "2024-10-24") == "due_soon"  # the reply is not yet known then


def test_a_council_overrides_the_rules_by_path_with_effective_dates(tmp_path):
    path = tmp_path / "clocks.toml"
    path.write_text("""
[[rules]]
procedure = "corporate"
stage = "1"
respond_days = 15
[[rules]]
procedure = "corporate"
stage = "1"
respond_days = 10
effective_from = 2026-04-01
""")
    rules = load_rules(path)
    assert response_deadline(rules, "2026-03-02", "corporate", "1") == add_working_days("2026-03-02", 15)
    assert response_deadline(rules, "2026-04-07", "corporate", "1") == add_working_days("2026-04-07", 10)


@pytest.mark.parametrize("text, message", [("x = [", "not valid TOML"), ("", "no \\[\\[rules\\]\\]"),
                                           ("[[rules]]\nprocedure='corporate'", "lacks stage, respond_days")])
def test_bad_configuration_is_explained(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ClockError, match=message):
        load_rules(path)


def test_sql_ordinals_agree_with_the_python_count():
    from complaints.clock import working_day_ordinals

    ordinals = {day: (n, working) for day, n, working in working_day_ordinals()}
    for start, end in [("2023-03-31", "2023-04-14"), ("2023-12-22", "2024-01-10"), ("2024-10-19", "2024-10-20")]:
        assert ordinals[end][0] - ordinals[start][0] == working_days_between(start, end)
    assert ordinals["2024-12-25"][1] == 0 and ordinals["2024-12-27"][1] == 1
