-- Course: practice submissions (attempts gate the hint ladder), session progress, session
-- threads (the mentor knows the session there), weekly announcement claims (exactly once).
CREATE TABLE course_submissions (
    id           INTEGER PRIMARY KEY,
    learner_id   INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    task_id      TEXT NOT NULL,
    code         TEXT NOT NULL,
    passed       INTEGER NOT NULL CHECK (passed IN (0, 1)),
    verdict      TEXT NOT NULL,
    created_at   REAL NOT NULL
);
CREATE INDEX course_submissions_by_learner ON course_submissions (learner_id, task_id, id);

CREATE TABLE course_sessions (
    learner_id   INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    session      INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('opened', 'handed_in', 'done')),
    covered      TEXT NOT NULL DEFAULT '[]',
    updated_at   REAL NOT NULL,
    PRIMARY KEY (learner_id, session)
);

CREATE TABLE course_threads (
    platform     TEXT NOT NULL,
    thread       TEXT NOT NULL,
    learner_id   INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    session      INTEGER NOT NULL,
    created_at   REAL NOT NULL,
    PRIMARY KEY (platform, thread)
);

CREATE TABLE course_announcements (
    platform     TEXT NOT NULL,
    channel      TEXT NOT NULL,
    week         TEXT NOT NULL,
    task_id      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('claimed', 'posted')),
    owner        TEXT NOT NULL,
    claimed_at   REAL NOT NULL,
    posted_at    REAL,
    UNIQUE (platform, channel, week)
);
