"""Compliance figures computed by hand on a small fixture (today = 30 June 2024)."""

from __future__ import annotations

import pytest

from complaints.compliance import (action_status, compliance_by_year, decision_compliance, list_actions,
                                   mark_action_done)
from complaints.periods import year_label
from complaints.errors import DecisionError, NotFoundError
from complaints.store import utc_now

TODAY = "2024-06-30"
# ref, decided, outcome, remedy_before_ombudsman, [(description, due, done)]
FIXTURE = [
    ("23 100 001", "2023-05-10", "upheld", 0, [("A apologise", "2023-06-10", "2023-06-01"),   # on time
                                              ("B pay £300", "2023-08-10", "2023-09-01"),    # late
                                              ("C review procedure", "2023-08-10", None)]),  # overdue
    ("23 100 002", "2024-02-01", "upheld", 1, []),
    ("23 100 003", "2024-03-20", "not upheld", 0, []),
    ("24 100 004", "2024-05-15", "upheld", 0, [("E pay £150", "2024-06-15", "2024-06-15"),   # on the due day
                                              ("F train staff", "2024-08-15", None),         # not yet due
                                              ("G write to family", None, None)]),           # no due date
]


@pytest.fixture
def filled(db):
    now = utc_now()
    for ref, decided, outcome, before, actions in FIXTURE:
        decision_id = db.execute(
            "INSERT INTO decisions (ombudsman_ref, outcome, decision_date, remedy_before_ombudsman, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", [ref, outcome, decided, before, now, now]).lastrowid
        for description, due, done in actions:
            db.execute("INSERT INTO actions (decision_id, kind, description, due_on, done_on, evidence, created_at, updated_at) "
                       "VALUES (?, 'remedy', ?, ?, ?, ?, ?, ?)", [decision_id, description, due, done, "seen" if done else None, now, now])
    return db


def test_financial_year_figures(filled):
    rows = {r["year"]: r for r in compliance_by_year(filled, today=TODAY)}
    assert set(rows) == {"2023/24", "2024/25"}
    a = rows["2023/24"]
    assert (a["decisions"], a["upheld"], a["remedy_before_ombudsman"]) == (3, 2, 1)
    assert a["remedy_before_ombudsman_rate"] == 0.5
    assert (a["recommendations"], a["due"], a["complied_on_time"], a["complied_late"], a["overdue"]) == (3, 3, 1, 1, 1)
    assert a["on_time_rate"] == pytest.approx(1 / 3, abs=1e-4)
    b = rows["2024/25"]
    assert (b["recommendations"], b["due"], b["complied_on_time"], b["not_yet_due"]) == (3, 1, 1, 2)
    assert b["on_time_rate"] == 1.0 and b["remedy_before_ombudsman_rate"] == 0.0


def test_calendar_year_basis(filled):
    rows = {r["year"]: r for r in compliance_by_year(filled, year_basis="calendar", today=TODAY)}
    assert rows["2023"]["on_time_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert (rows["2024"]["upheld"], rows["2024"]["remedy_before_ombudsman"]) == (2, 1)


def test_statuses_and_per_decision_counts(filled):
    statuses = {a["description"][0]: a["status"] for a in list_actions(filled, today=TODAY)}
    assert statuses == {"A": "done", "B": "done", "C": "overdue", "E": "done", "F": "open", "G": "open"}
    assert [a["description"][0] for a in list_actions(filled, status="overdue", today=TODAY)] == ["C"]
    per = {d["ombudsman_ref"]: d for d in decision_compliance(filled, today=TODAY)}
    assert per["23 100 001"] == {"ombudsman_ref": "23 100 001", "actions": 3, "open": 0, "overdue": 1, "done": 2, "done_on_time": 1}


def test_marking_an_overdue_action_done_counts_it_as_late(filled):
    action_id = next(a["id"] for a in list_actions(filled, today=TODAY) if a["description"].startswith("C"))
    done = mark_action_done(filled, action_id, "2024-06-20", "procedure v2 published")
    assert done["status"] == "done" and done["on_time"] is False and done["evidence"] == "procedure v2 published"
    a = {r["year"]: r for r in compliance_by_year(filled, today=TODAY)}["2023/24"]
    assert (a["complied_on_time"], a["complied_late"], a["overdue"]) == (1, 2, 0)
    assert filled.execute("SELECT count(*) FROM audit_log WHERE action = 'action_done'").fetchone()[0] == 1


def test_mark_action_done_errors(filled):
    with pytest.raises(NotFoundError):
        mark_action_done(filled, 999, "2024-06-01", "x")
    with pytest.raises(DecisionError, match="YYYY-MM-DD"):
        mark_action_done(filled, 1, "1st June", "x")
    with pytest.raises(DecisionError, match="evidence"):
        mark_action_done(filled, 1, "2024-06-01", "  ")


@pytest.mark.parametrize("due, done, today, expected", [
    ("2024-04-14", None, "2024-04-14", "open"),      # due today is not yet overdue
    ("2024-04-14", None, "2024-04-15", "overdue"),
    ("2024-04-14", "2024-05-01", "2024-06-01", "done"),
    (None, None, "2030-01-01", "open"),
])
def test_action_status(due, done, today, expected):
    assert action_status(due, done, today) == expected


@pytest.mark.parametrize("day, basis, label", [
    ("2024-03-31", "financial", "2023/24"), ("2024-04-01", "financial", "2024/25"),
    ("2024-08-31", "academic", "2023/24"), ("2024-09-01", "academic", "2024/25"), ("2024-12-31", "calendar", "2024"),
])
def test_year_labels(day, basis, label):
    from datetime import date

    assert year_label(date.fromisoformat(day), basis) == label
