"""View `complaint_cases` redefined as the one rule for the case a complaint is linked to now, read by the
weekly pack, the complaint and case pages and the API: the best trusted link (confirmed before automatic,
then score), else the case whose reference the complaint quotes, unless an officer rejected exactly that link."""

SQL = """
DROP VIEW IF EXISTS complaint_cases;
CREATE VIEW complaint_cases AS
SELECT c.id AS complaint_id, l.case_id, l.id AS link_id, l.status, l.score, l.method
FROM complaints c
JOIN case_links l ON l.id = (
    SELECT l2.id FROM case_links l2
    WHERE l2.complaint_id = c.id AND l2.decision_id IS NULL AND l2.case_id IS NOT NULL
      AND l2.status IN ('confirmed', 'auto')
    ORDER BY l2.status = 'confirmed' DESC, l2.score DESC, l2.id DESC LIMIT 1)
UNION ALL
SELECT c.id, k.id, NULL, 'recorded', 1.0, 'recorded_ref'
FROM complaints c
JOIN cases k ON k.case_ref = c.case_ref
WHERE NOT EXISTS (SELECT 1 FROM case_links l WHERE l.complaint_id = c.id AND l.decision_id IS NULL
                  AND l.case_id IS NOT NULL AND l.status IN ('confirmed', 'auto'))
  AND NOT EXISTS (SELECT 1 FROM case_links r WHERE r.complaint_id = c.id AND r.case_id = k.id
                  AND r.status = 'rejected');
"""


def upgrade(db):
    """Replace the complaint_cases view with the single linked-case rule."""
    from complaints.store import run_script

    run_script(db, SQL)
