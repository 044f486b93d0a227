-- A small hand-checked council for the report tests: 11 complaints across the 31 March / 1 April and
-- 31 August / 1 September boundaries, two ombudsman decisions linked to complaints and two that are not,
-- themes with an officer correction, remedies and actions. Every figure in the golden files is worked
-- out by hand from these rows (see tests/complaints/test_aggregate.py for the working).
-- Synthetic: every name, reference and sentence below is invented.

INSERT INTO complaints (id, complaint_ref, received_on, stage, procedure, status, outcome, responded_on, decided_on,
                        team, service_area, case_ref, ombudsman_ref, escalated_from, remedy_amount,
                        complainant_name, text, row_hash, created_at, updated_at) VALUES
 (1, 'C1', '2023-03-31', '1', 'corporate', 'closed', 'upheld', '2023-04-14', NULL, 'SEN casework', 'Education', 'CASE-1', NULL, NULL, 100,
  'Ann Example', 'Nobody returned my calls about the draft plan.', 'h1', 't', 't'),
 (2, 'C2', '2023-04-01', '1', 'corporate', 'closed', 'not upheld', '2023-04-20', NULL, 'SEN casework', 'Education', 'CASE-2', NULL, NULL, NULL,
  'Bea Sample', 'The assessment decision is late and no one tells me why.', 'h2', 't', 't'),
 (3, 'C3', '2023-08-31', '1', 'statutory', 'closed', 'Partly Upheld', '2023-09-29', NULL, 'Disabled children', 'Social care', NULL, NULL, NULL, 250,
  'Cal Test', 'The direct payment for carers has not been paid since June.', 'h3', 't', 't'),
 (4, 'C4', '2023-09-01', '2', 'corporate', 'closed', 'upheld', '2023-10-13', NULL, 'SEN casework', 'Education', 'CASE-2', NULL, 'C2', 500,
  'Bea Sample', 'Still no decision and the speech therapy in the plan is not happening.', 'h4', 't', 't'),
 (5, 'C5', '2023-12-20', '1', 'corporate', 'closed', 'withdrawn', NULL, NULL, 'Transport team', 'Education', NULL, NULL, NULL, NULL,
  'Dee Person', 'Withdrawn by the family.', 'h5', 't', 't'),
 (6, 'C6', '2023-12-22', '1', 'corporate', 'closed', 'upheld', '2024-01-10', NULL, 'Transport team', 'Education', NULL, NULL, NULL, NULL,
  'Eve Madeup', 'The taxi did not come for a week in December.', 'h6', 't', 't'),
 (7, 'C7', '2024-02-05', 'ombudsman', 'corporate', 'closed', 'upheld', NULL, '2024-06-10', 'SEN casework', 'Education', 'CASE-2', '23 012 345', 'C4', 900,
  'Bea Sample', 'The family took the plan delays to the ombudsman.', 'h7', 't', 't'),
 (8, 'C8', '2024-03-28', '1', 'corporate', 'open', NULL, NULL, NULL, 'SEN casework', 'Education', NULL, NULL, NULL, NULL,
  'Fay Invented', 'My stage one complaint has had no reply.', 'h8', 't', 't'),
 (9, 'C9', '2024-04-02', '1', 'statutory', 'closed', 'not upheld', '2024-04-12', NULL, 'Disabled children', 'Social care', NULL, NULL, NULL, NULL,
  'Cal Test', 'The personal budget payment arrived late again.', 'h9', 't', 't'),
 (10, 'C10', '2024-05-01', '2', 'statutory', 'closed', 'upheld', '2024-06-28', NULL, 'Disabled children', 'Social care', NULL, NULL, 'C9', 300,
  'Cal Test', 'Payments are still late and letters go unanswered.', 'h10', 't', 't'),
 (11, 'C11', '2024-10-15', 'ombudsman', 'corporate', 'closed', NULL, NULL, '2025-01-20', 'Transport team', 'Education', NULL, '24 001 002', 'C6', NULL,
  'Eve Madeup', 'Transport was withdrawn without notice.', 'h11', 't', 't');

INSERT INTO decisions (id, ombudsman_ref, council, category, outcome, decision_date, summary, text, sections, remedy_total,
                       remedy_before_ombudsman, complaint_id, created_at, updated_at) VALUES
 (1, '23 012 345', 'Demo Borough Council', 'Education > Special educational needs', 'upheld', '2024-06-10',
  'The Council delayed the needs assessment and did not deliver the speech therapy in the plan.',
  'Decision text one.', '{"What I found": "The Council took far too long to finish the needs assessment and the annual review, and speech therapy in the plan was not delivered."}',
  1200, 0, 7, 't', 't'),
 (2, '24 001 002', 'Demo Borough Council', 'Education > School transport', 'not upheld', '2025-01-20',
  'The Council applied its transport policy properly.', 'Decision text two.', NULL, NULL, 0, 11, 't', 't'),
 (3, '22 003 004', 'Demo Borough Council', 'Education > Special educational needs', 'upheld', '2023-02-15',
  'The Council delayed the annual review and the needs assessment.', 'Decision text three.',
  '{"What I found": "Delay in the annual review and in finishing the needs assessment caused uncertainty."}',
  400, 1, NULL, 't', 't'),
 (4, '24 005 006', 'Demo Borough Council', 'Education > Special educational needs', 'upheld', '2024-11-05',
  'The Council delayed the needs assessment again.', 'Decision text four.',
  '{"What I found": "The needs assessment was finished weeks late and the annual review slipped."}',
  600, 0, NULL, 't', 't');

INSERT INTO actions (id, decision_id, kind, description, due_on, done_on, created_at, updated_at) VALUES
 (1, 1, 'remedy', 'Apologise and pay Mrs X 1200 pounds', '2024-07-10', '2024-07-05', 't', 't'),
 (2, 1, 'service_improvement', 'Remind caseworkers of the 20-week timescale', '2024-09-10', NULL, 't', 't'),
 (3, 3, 'service_improvement', 'Review how annual reviews are tracked', '2023-05-15', '2023-05-20', 't', 't'),
 (4, 4, 'remedy', 'Pay Mrs Y 600 pounds', '2024-12-05', '2024-12-01', 't', 't');

-- Classifier themes (assigned=1 counts; C5's assigned=0 row does not), then an officer's correction on C8.
INSERT INTO themes (complaint_id, decision_id, theme, assigned, method, created_at) VALUES
 (1, NULL, 'communication', 1, 'rules', 't'),
 (2, NULL, 'assessment_delay', 1, 'rules', 't'), (2, NULL, 'communication', 1, 'rules', 't'),
 (3, NULL, 'payment_delay', 1, 'rules', 't'),
 (4, NULL, 'assessment_delay', 1, 'rules', 't'), (4, NULL, 'provision_insufficiency', 1, 'rules', 't'),
 (5, NULL, 'transport', 0, 'model', 't'),
 (6, NULL, 'transport', 1, 'rules', 't'),
 (7, NULL, 'assessment_delay', 1, 'rules', 't'), (7, NULL, 'provision_insufficiency', 1, 'rules', 't'),
 (8, NULL, 'communication', 1, 'model', 't'),
 (9, NULL, 'payment_delay', 1, 'rules', 't'),
 (10, NULL, 'payment_delay', 1, 'rules', 't'), (10, NULL, 'communication', 1, 'rules', 't'),
 (11, NULL, 'transport', 1, 'rules', 't'),
 (NULL, 1, 'assessment_delay', 1, 'rules', 't'), (NULL, 1, 'provision_insufficiency', 1, 'rules', 't'),
 (NULL, 2, 'transport', 1, 'rules', 't'),
 (NULL, 3, 'assessment_delay', 1, 'rules', 't'),
 (NULL, 4, 'assessment_delay', 1, 'rules', 't');

INSERT INTO corrections (complaint_id, theme, action, officer, reason, created_at) VALUES
 (8, 'communication', 'remove', 'officer-1', 'about the complaint process itself', 't'),
 (8, 'complaint_handling', 'add', 'officer-1', 'about the complaint process itself', 't');

INSERT INTO cases (id, case_ref, child_forename, child_surname, date_of_birth, request_received_on, plan_issued_on,
                   last_annual_review_on, direct_payment_status, row_hash, created_at, updated_at) VALUES
 (1, 'CASE-1', 'Alf', 'Example', '2014-01-01', '2019-01-10', '2019-06-01', '2023-02-01', 'none', 'k1', 't', 't'),
 (2, 'CASE-2', 'Bo', 'Sample', '2015-02-02', '2022-11-01', '2023-08-20', NULL, 'active', 'k2', 't', 't');
