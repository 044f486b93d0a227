-- The week 2024-W42 (Monday 14 to Sunday 20 October 2024) for the weekly review pack tests.
-- Synthetic: every name, reference and sentence is invented. Deadlines worked out by hand:
--   W0 corporate 1, received Mon 2 Sep -> 5+10 working days -> Mon 23 Sep; answered 20 Sep (on time)
--   W3 statutory 1, received Mon 23 Sep -> 10 working days -> Mon 7 Oct; unanswered: 13 days, 9 working days late
--   W4 corporate 1, received Thu 26 Sep -> Thu 17 Oct; answered Wed 16 Oct (due this week, on time)
--   W5 corporate 1, received Fri 27 Sep -> Fri 18 Oct; unanswered (due this week, overdue by Sunday: 2 days, 0 working)
--   W6 corporate 1, received Tue 1 Oct -> Tue 22 Oct (due next week, due soon)
--   W1 corporate 1, received Mon 14 Oct -> Mon 4 Nov
INSERT INTO complaints (id, complaint_ref, received_on, stage, procedure, status, outcome, responded_on, decided_on,
                        team, service_area, case_ref, ombudsman_ref, escalated_from, remedy_amount,
                        complainant_name, postcode, text, row_hash, created_at, updated_at) VALUES
 (1, 'W0', '2024-09-02', '1', 'corporate', 'closed', 'upheld', '2024-09-20', NULL, 'SEN casework', 'Education', 'K-1', NULL, NULL, NULL,
  'Hal Pretend', 'ZZ9 9ZZ', 'The speech therapy in the plan has stopped.', 'w0', 't', 't'),
 (2, 'W1', '2024-10-14', '1', 'corporate', 'open', NULL, NULL, NULL, 'SEN casework', 'Education', 'K-1', NULL, NULL, NULL,
  '=HYPERLINK("http://example.invalid","click")', 'ZZ9 9ZZ',
  'No school place yet. <script>alert("pwned")</script> Please help.', 'w1', 't', 't'),
 (3, 'W2', '2024-10-16', '2', 'corporate', 'open', NULL, NULL, NULL, 'SEN casework', 'Education', 'K-1', NULL, 'W0', NULL,
  'Hal Pretend', 'ZZ9 9ZZ', 'Stage one did not fix the therapy and nobody calls back.', 'w2', 't', 't'),
 (4, 'W3', '2024-09-23', '1', 'statutory', 'open', NULL, NULL, NULL, 'Disabled children', 'Social care', NULL, NULL, NULL, NULL,
  'Gil Fictional', 'ZZ1 1ZZ', 'The carers budget has not been paid.', 'w3', 't', 't'),
 (5, 'W4', '2024-09-26', '1', 'corporate', 'closed', 'not upheld', '2024-10-16', NULL, 'SEN casework', 'Education', NULL, NULL, NULL, NULL,
  'Ivy Notreal', 'ZZ2 2ZZ', 'Letters are not answered.', 'w4', 't', 't'),
 (6, 'W5', '2024-09-27', '1', 'corporate', 'open', NULL, NULL, NULL, 'Disabled children', 'Social care', 'K-2', NULL, NULL, NULL,
  'gil fictional ', 'zz11zz', '@SUM(A1:A9) the short breaks stopped.', 'w5', 't', 't'),
 (7, 'W6', '2024-10-01', '1', 'corporate', 'open', NULL, NULL, NULL, 'Transport team', 'Education', NULL, NULL, NULL, NULL,
  'Jo Imaginary', 'ZZ3 3ZZ', 'The bus is late every day.', 'w6', 't', 't'),
 (8, 'W7', '2024-10-17', 'ombudsman', 'corporate', 'open', NULL, NULL, NULL, 'SEN casework', 'Education', NULL, '24 010 020', 'W4', NULL,
  'Ivy Notreal', 'ZZ2 2ZZ', 'Taken to the ombudsman.', 'w7', 't', 't'),
 (9, 'W8', '2024-03-04', 'ombudsman', 'corporate', 'closed', 'upheld', NULL, '2024-10-15', 'SEN casework', 'Education', 'K-1', '24 003 003', NULL, NULL,
  'Hal Pretend', 'ZZ9 9ZZ', 'Earlier ombudsman complaint about missing provision.', 'w8', 't', 't');

INSERT INTO themes (complaint_id, theme, assigned, method, created_at) VALUES
 (1, 'provision_insufficiency', 1, 'rules', 't'),
 (2, 'provision_insufficiency', 1, 'rules', 't'),
 (3, 'provision_insufficiency', 1, 'rules', 't'), (3, 'communication', 1, 'rules', 't'),
 (4, 'payment_delay', 1, 'rules', 't'),
 (5, 'communication', 1, 'rules', 't'),
 (6, 'provision_insufficiency', 1, 'rules', 't'),
 (7, 'transport', 1, 'rules', 't'),
 (8, 'communication', 1, 'rules', 't'),
 (9, 'provision_insufficiency', 1, 'rules', 't');

INSERT INTO cases (id, case_ref, child_forename, child_surname, date_of_birth, request_received_on, plan_issued_on,
                   last_annual_review_on, direct_payment_status, row_hash, created_at, updated_at) VALUES
 (1, 'K-1', 'Kit', 'Pretend', '2013-05-05', '2020-11-01', '2021-05-01', '2023-09-01', 'none', 'k1', 't', 't'),
 (2, 'K-2', 'Lou', 'Fictional', '2016-06-06', '2024-04-01', NULL, NULL, 'awaiting first payment', 'k2', 't', 't');

-- W3 has no case reference but matching confirmed it to K-2; W5 quotes K-2 but an officer rejected that link;
-- W6 has only a link awaiting review, which is not trusted yet.
INSERT INTO case_links (complaint_id, case_id, score, method, status, created_at, updated_at) VALUES
 (4, 2, 0.97, 'fellegi_sunter', 'confirmed', 't', 't'),
 (6, 2, 1.0, 'exact_ref', 'rejected', 't', 't'),
 (7, 1, 0.61, 'fellegi_sunter', 'review', 't', 't');

INSERT INTO decisions (id, ombudsman_ref, council, category, outcome, decision_date, summary, remedy_total,
                       remedy_before_ombudsman, complaint_id, created_at, updated_at) VALUES
 (1, '24 003 003', 'Demo Borough Council', 'Education > Special educational needs', 'upheld', '2024-10-15',
  'The Council did not secure the speech therapy in the plan.', 750, 0, 9, 't', 't'),
 (2, '24 002 002', 'Demo Borough Council', 'Education > School transport', 'not upheld', '2024-10-11',
  'No fault in the transport decision.', NULL, 0, NULL, 't', 't');

INSERT INTO remedies (decision_id, complaint_id, kind, amount_gbp, purpose, basis, due_on, created_at) VALUES
 (1, 9, 'money', 500, 'distress', 'for distress', '2024-11-15', 't'),
 (1, 9, 'money', 250, 'time_and_trouble', 'for time and trouble', '2024-11-15', 't');

INSERT INTO actions (decision_id, kind, description, due_on, done_on, created_at, updated_at) VALUES
 (1, 'remedy', 'Apologise in writing', '2024-11-15', NULL, 't', 't'),
 (1, 'service_improvement', 'Remind officers to check provision at each review', '2025-01-15', NULL, 't', 't');
