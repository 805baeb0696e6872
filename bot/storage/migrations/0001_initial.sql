-- Learners, their threads, the messages of each thread, and sandbox reports of a turn.
CREATE TABLE learners (
    id           INTEGER PRIMARY KEY,
    platform     TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    locale       TEXT,
    language     TEXT,
    competence   TEXT NOT NULL DEFAULT '{}',
    created_at   REAL NOT NULL,
    UNIQUE (platform, external_id)
);

CREATE TABLE threads (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    external_id TEXT NOT NULL,
    community   TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL DEFAULT '',
    learner_id  INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    language    TEXT,
    role        TEXT NOT NULL DEFAULT 'mentor',
    topics      TEXT NOT NULL DEFAULT '[]',
    summary     TEXT NOT NULL DEFAULT '',
    created_at  REAL NOT NULL,
    updated_at  REAL NOT NULL,
    UNIQUE (platform, external_id)
);

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    thread_id  INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author     TEXT NOT NULL CHECK (author IN ('learner', 'mentor')),
    text       TEXT NOT NULL,
    language   TEXT,
    engine     TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX messages_by_thread ON messages (thread_id, id);

CREATE TABLE sandbox_reports (
    id         INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    report     TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX sandbox_reports_by_message ON sandbox_reports (message_id);
