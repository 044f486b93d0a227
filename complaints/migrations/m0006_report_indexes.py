"""Covering indexes for the aggregates: the per-complaint report columns, effective themes, decision links.

With these, a GROUP BY over every complaint reads only index pages, never the wide complaint rows
(which hold the free text)."""

SQL = """
CREATE INDEX IF NOT EXISTS complaints_report_cover ON complaints(
    received_on, stage, outcome, procedure, responded_on, decided_on, remedy_amount, team, service_area);
CREATE INDEX IF NOT EXISTS themes_complaint_assigned ON themes(complaint_id, theme, assigned);
CREATE INDEX IF NOT EXISTS decisions_complaint_report ON decisions(complaint_id, decision_date, remedy_total, outcome);
CREATE INDEX IF NOT EXISTS actions_decision_kind ON actions(decision_id, kind, due_on, done_on);
"""


def upgrade(db):
    """Add the report indexes."""
    from complaints.store import run_script

    run_script(db, SQL)
