-- Each Discord shard's gateway session, so a restarted process can RESUME it and receive what
-- Discord dispatched while it was down: the session id, its resume URL, the last sequence
-- number whose event is durable (kept in the inbox, or needing nothing), and a lease so only
-- one process resumes a shard's session. shard_id is 0 for an unsharded connection.
CREATE TABLE discord_sessions (
    shard_id    INTEGER PRIMARY KEY,
    session_id  TEXT NOT NULL,
    resume_url  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until REAL NOT NULL DEFAULT 0,
    updated_at  REAL NOT NULL
);
