-- Mentor allowances: each learner's refilling question allowance ("hearts") and each
-- community's LLM token use per UTC day.
CREATE TABLE learner_allowance (
    learner_id BIGINT PRIMARY KEY REFERENCES learners (id) ON DELETE CASCADE,
    tokens     DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL
);

CREATE TABLE community_usage (
    community TEXT NOT NULL,
    day       TEXT NOT NULL,
    tokens    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (community, day)
);
