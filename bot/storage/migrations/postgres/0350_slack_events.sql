-- Slack event and message keys, each claimed once across every process (the primary key
-- decides); old keys are pruned by age.
CREATE TABLE slack_claims (
    key        TEXT PRIMARY KEY,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX slack_claims_by_age ON slack_claims (created_at);
