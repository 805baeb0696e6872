-- The inbox: every platform event the bot acknowledges, written in the ack path; the row is
-- deleted once the event's turn is stored (or its handler is done), so a row still here after a
-- crash is replayed. Leases (owner + expiry) on inbox rows and on outbox turns let one process
-- of many take a dead process's work, and never a live one's.
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    key         TEXT NOT NULL UNIQUE,
    payload     TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until REAL NOT NULL DEFAULT 0,
    created_at  REAL NOT NULL
);
CREATE INDEX inbox_by_lease ON inbox (platform, lease_until);

ALTER TABLE outbox ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until REAL NOT NULL DEFAULT 0;

-- Which inbox event holds a Slack message claim, so replaying that event claims it again.
ALTER TABLE slack_claims ADD COLUMN holder TEXT NOT NULL DEFAULT '';
