"""View `complaint_cases`: the case each complaint is linked to now (confirmed by an officer, else automatic)."""

SQL = """
CREATE VIEW complaint_cases AS
SELECT l.complaint_id, l.case_id, l.id AS link_id, l.status, l.score, l.method
FROM case_links l
WHERE l.decision_id IS NULL AND l.case_id IS NOT NULL AND l.status IN ('confirmed', 'auto')
  AND l.id = (SELECT l2.id FROM case_links l2
              WHERE l2.complaint_id = l.complaint_id AND l2.decision_id IS NULL AND l2.case_id IS NOT NULL
                AND l2.status IN ('confirmed', 'auto')
              ORDER BY l2.status = 'confirmed' DESC, l2.id DESC LIMIT 1);
"""


def upgrade(db):
    """Create the complaint_cases view (reports and the weekly pack read linked cases through it)."""
    from complaints.store import run_script

    run_script(db, SQL)
