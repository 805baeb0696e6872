-- Slack delivers an event again when it thinks we missed it (x-slack-retry-num), and a mention
-- in a thread arrives as both app_mention and message: each key is claimed once, persisted so
-- a restart between delivery and retry still answers once. Old keys are pruned by age.
CREATE TABLE slack_claims (
    key        TEXT PRIMARY KEY,
    created_at REAL NOT NULL
);
CREATE INDEX slack_claims_by_age ON slack_claims (created_at);
