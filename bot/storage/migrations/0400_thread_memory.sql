-- Thread memory: what a mentoring thread has established (numbers the learner reported, stack,
-- context already given, the code under discussion, the last sandbox line, knowledge units and
-- hypotheses already used), as one JSON document per thread (bot/mentor/facts.ThreadMemory).
-- Deleted with its thread, so /mca forget removes it and a new thread starts empty.
CREATE TABLE thread_memory (
    thread_id  INTEGER PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    memory     TEXT NOT NULL DEFAULT '{}',
    updated_at REAL NOT NULL
);
