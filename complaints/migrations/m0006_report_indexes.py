"""Covering indexes for the aggregates: the per-complaint report columns, effective themes, decision links.

With these, a GROUP BY over every complaint reads only index pages, never the wide complaint rows
(which hold the free text)."""

SQL = """
-- Column order matters: complaints.aggregate groups by a prefix of it (see aggregate.RAW) so SQLite never sorts.
CREATE INDEX IF NOT EXISTS complaints_report_cover ON complaints(
    received_on, decided_on, stage, outcome, procedure, team, service_area, responded_on, remedy_amount);
CREATE INDEX IF NOT EXISTS themes_complaint_assigned ON themes(complaint_id, theme, assigned);
CREATE INDEX IF NOT EXISTS decisions_complaint_report ON decisions(complaint_id, decision_date, remedy_total, outcome);
CREATE INDEX IF NOT EXISTS actions_decision_kind ON actions(decision_id, kind, due_on, done_on);
"""


def upgrade(db):
    """Add the report indexes."""
    from complaints.store import run_script

    run_script(db, SQL)
