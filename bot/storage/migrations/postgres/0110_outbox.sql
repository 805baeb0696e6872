-- Outbox: a learner turn on a platform that can be answered later (Slack, Discord) is
-- registered here as soon as it is stored; `delivered` turns 1 once the whole reply is on the
-- platform. `outbox_parts` remembers each platform message that carries part of a reply.
CREATE TABLE outbox (
    turn_id    BIGINT PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    platform   TEXT NOT NULL,
    delivered  INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
    attempts   INTEGER NOT NULL DEFAULT 0,
    created_at DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX outbox_undelivered ON outbox (platform) WHERE delivered = 0;

CREATE TABLE outbox_parts (
    turn_id     BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    part        INTEGER NOT NULL CHECK (part >= 0),
    external_id TEXT NOT NULL,
    PRIMARY KEY (turn_id, part)
);
