-- Each Discord shard's gateway session (id, resume URL, last durable sequence number) under a
-- lease, for RESUME after a restart. Twin of ../0600_discord_sessions.sql.
CREATE TABLE discord_sessions (
    shard_id    INTEGER PRIMARY KEY,
    session_id  TEXT NOT NULL,
    resume_url  TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until DOUBLE PRECISION NOT NULL DEFAULT 0,
    updated_at  DOUBLE PRECISION NOT NULL
);
