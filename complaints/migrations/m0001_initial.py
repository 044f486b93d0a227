"""Initial schema: sources, complaints, decisions, remedies, actions, cases, case_links, themes,
corrections, rejects, changes, audit_log, api_keys; FTS5 over complaint and decision text."""

SCHEMA = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    profile TEXT NOT NULL,
    kind TEXT NOT NULL,                 -- complaints | cases | decisions
    rows_read INTEGER NOT NULL DEFAULT 0,
    inserted INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);
CREATE INDEX sources_sha256 ON sources(sha256);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    complaint_ref TEXT NOT NULL UNIQUE,   -- natural key (prefixed by the profile where needed)
    source_id INTEGER REFERENCES sources(id),
    organisation TEXT,                    -- council or landlord the complaint is about
    received_on TEXT,                     -- ISO date
    stage TEXT,                           -- '1' | '2' | 'ombudsman'
    procedure TEXT,                       -- 'corporate' | 'statutory' (children's social care)
    status TEXT,                          -- open | closed | ...
    outcome TEXT,                         -- upheld | partly upheld | not upheld | withdrawn
    responded_on TEXT,
    decided_on TEXT,                      -- ombudsman decision date, where one exists
    team TEXT,
    service_area TEXT,
    category TEXT,                        -- publisher's own category, if the export carries one
    complainant_name TEXT,
    child_name TEXT,
    child_dob TEXT,
    postcode TEXT,
    case_ref TEXT,
    ombudsman_ref TEXT,
    escalated_from TEXT,                  -- complaint_ref of the earlier stage this one escalates
    remedy_amount REAL,
    text TEXT,
    extra TEXT,                           -- JSON of the export's other columns
    row_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX complaints_received_on ON complaints(received_on);
CREATE INDEX complaints_decided_on ON complaints(decided_on);
CREATE INDEX complaints_case_ref ON complaints(case_ref);
CREATE INDEX complaints_ombudsman_ref ON complaints(ombudsman_ref);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    case_ref TEXT NOT NULL UNIQUE,
    source_id INTEGER REFERENCES sources(id),
    child_forename TEXT,
    child_surname TEXT,
    date_of_birth TEXT,
    postcode TEXT,
    school TEXT,
    caseworker TEXT,
    team TEXT,
    request_received_on TEXT,
    plan_issued_on TEXT,
    last_annual_review_on TEXT,
    direct_payment_status TEXT,
    extra TEXT,
    row_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_dob ON cases(date_of_birth);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    ombudsman_ref TEXT NOT NULL UNIQUE,   -- 'NN NNN NNN'
    source_id INTEGER REFERENCES sources(id),
    council TEXT,
    category TEXT,                        -- e.g. 'Education > Special educational needs'
    outcome TEXT,                         -- upheld | not upheld | closed after initial enquiries | ...
    decision_date TEXT,
    summary TEXT,
    text TEXT,
    sections TEXT,                        -- JSON: {heading: text}
    remedy_total REAL,                    -- NULL when no money remedy was stated
    needs_review INTEGER NOT NULL DEFAULT 0,
    review_reason TEXT,
    remedy_before_ombudsman INTEGER NOT NULL DEFAULT 0,  -- council had already offered a satisfactory remedy
    complaint_id INTEGER REFERENCES complaints(id),
    row_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX decisions_decision_date ON decisions(decision_date);

CREATE TABLE remedies (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER REFERENCES decisions(id) ON DELETE CASCADE,
    complaint_id INTEGER REFERENCES complaints(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                   -- money | apology | reassessment | procedure_review | training | service_improvement | other
    amount_gbp REAL,
    purpose TEXT,                         -- distress | lost_provision | time_and_trouble | reimbursement | other
    payee TEXT,
    basis TEXT,                           -- the arithmetic or wording behind the amount
    span_start INTEGER,
    span_end INTEGER,
    due_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX remedies_decision ON remedies(decision_id);
CREATE INDEX remedies_complaint ON remedies(complaint_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                   -- remedy | service_improvement
    description TEXT NOT NULL,
    due_on TEXT,
    done_on TEXT,
    evidence TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX actions_decision ON actions(decision_id);

CREATE TABLE case_links (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER REFERENCES complaints(id) ON DELETE CASCADE,
    decision_id INTEGER REFERENCES decisions(id) ON DELETE CASCADE,
    case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
    target_complaint_id INTEGER REFERENCES complaints(id),  -- decision -> council complaint links
    score REAL,
    method TEXT NOT NULL,                 -- exact_ref | fellegi_sunter | ombudsman_ref | ...
    status TEXT NOT NULL,                 -- auto | review | none | confirmed | rejected
    agreements TEXT,                      -- JSON: which fields agreed or disagreed
    reviewed_by TEXT,
    reviewed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX case_links_complaint ON case_links(complaint_id);
CREATE INDEX case_links_case ON case_links(case_id);
CREATE INDEX case_links_status ON case_links(status);

CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER REFERENCES complaints(id) ON DELETE CASCADE,
    decision_id INTEGER REFERENCES decisions(id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    score REAL,
    assigned INTEGER NOT NULL DEFAULT 1,  -- 1 when the theme is given to the record
    method TEXT NOT NULL,                 -- rules | model | combined | correction
    evidence TEXT,                        -- JSON list of matched phrases
    model_version TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX themes_complaint ON themes(complaint_id, theme);
CREATE INDEX themes_decision ON themes(decision_id, theme);
CREATE INDEX themes_theme ON themes(theme);

CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER REFERENCES complaints(id) ON DELETE CASCADE,
    decision_id INTEGER REFERENCES decisions(id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
    officer TEXT NOT NULL,
    reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX corrections_complaint ON corrections(complaint_id);

CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES sources(id),
    file_name TEXT NOT NULL,
    line_no INTEGER,
    raw TEXT,                             -- the row as read, JSON
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX rejects_source ON rejects(source_id);

CREATE TABLE changes (                    -- a re-ingested row that changed an existing record
    id INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    record_key TEXT NOT NULL,
    source_id INTEGER REFERENCES sources(id),
    before TEXT,
    after TEXT,
    changed_at TEXT NOT NULL
);

CREATE TABLE audit_log (                  -- append-only; pseudonymous ids only, never text or names
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT,
    action TEXT NOT NULL,                 -- read_full | correct_theme | review_link | ingest | create_key | ...
    entity TEXT,
    entity_id TEXT,
    detail TEXT
);

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    name TEXT,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'officer', 'admin')),
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- The themes a record carries now: the classifier's assignments, overridden by the latest officer
-- correction for the same record and theme. Reports, API and training all read this one definition.
-- (The latest corrections are found once with GROUP BY, not per row: this view sits under every aggregate.)
CREATE VIEW complaint_themes AS
WITH latest AS (
    SELECT complaint_id, theme, action FROM corrections
    WHERE id IN (SELECT max(id) FROM corrections WHERE complaint_id IS NOT NULL GROUP BY complaint_id, theme)
)
SELECT t.complaint_id, t.theme FROM themes t
LEFT JOIN latest l ON l.complaint_id = t.complaint_id AND l.theme = t.theme
WHERE t.complaint_id IS NOT NULL AND t.assigned = 1 AND l.action IS NOT 'remove'
UNION ALL
SELECT l.complaint_id, l.theme FROM latest l
WHERE l.action = 'add' AND NOT EXISTS (SELECT 1 FROM themes t WHERE t.complaint_id = l.complaint_id
                                       AND t.theme = l.theme AND t.assigned = 1);

CREATE VIEW decision_themes AS
WITH latest AS (
    SELECT decision_id, theme, action FROM corrections
    WHERE id IN (SELECT max(id) FROM corrections WHERE decision_id IS NOT NULL GROUP BY decision_id, theme)
)
SELECT t.decision_id, t.theme FROM themes t
LEFT JOIN latest l ON l.decision_id = t.decision_id AND l.theme = t.theme
WHERE t.decision_id IS NOT NULL AND t.assigned = 1 AND l.action IS NOT 'remove'
UNION ALL
SELECT l.decision_id, l.theme FROM latest l
WHERE l.action = 'add' AND NOT EXISTS (SELECT 1 FROM themes t WHERE t.decision_id = l.decision_id
                                       AND t.theme = l.theme AND t.assigned = 1);

CREATE VIRTUAL TABLE complaints_fts USING fts5(text, content='complaints', content_rowid='id');
CREATE TRIGGER complaints_fts_ai AFTER INSERT ON complaints BEGIN
    INSERT INTO complaints_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER complaints_fts_ad AFTER DELETE ON complaints BEGIN
    INSERT INTO complaints_fts(complaints_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER complaints_fts_au AFTER UPDATE OF text ON complaints BEGIN
    INSERT INTO complaints_fts(complaints_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO complaints_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE decisions_fts USING fts5(summary, text, content='decisions', content_rowid='id');
CREATE TRIGGER decisions_fts_ai AFTER INSERT ON decisions BEGIN
    INSERT INTO decisions_fts(rowid, summary, text) VALUES (new.id, new.summary, new.text);
END;
CREATE TRIGGER decisions_fts_ad AFTER DELETE ON decisions BEGIN
    INSERT INTO decisions_fts(decisions_fts, rowid, summary, text) VALUES ('delete', old.id, old.summary, old.text);
END;
CREATE TRIGGER decisions_fts_au AFTER UPDATE OF summary, text ON decisions BEGIN
    INSERT INTO decisions_fts(decisions_fts, rowid, summary, text) VALUES ('delete', old.id, old.summary, old.text);
    INSERT INTO decisions_fts(rowid, summary, text) VALUES (new.id, new.summary, new.text);
END;
"""


def upgrade(db):
    """Create the initial tables, indexes and full-text indexes."""
    from complaints.store import run_script

    run_script(db, SCHEMA)
