-- The question allowance is an abuse counter, not a learner's data (review9 R48): it is kept
-- per platform user under a digest of (platform, user id), so `/mca forget` (which deletes the
-- learner) cannot refill it. Allowances in flight restart full once, at this migration.
CREATE TABLE question_allowance (
    subject    TEXT PRIMARY KEY,
    tokens     REAL NOT NULL,
    updated_at REAL NOT NULL
);

DROP TABLE learner_allowance;
