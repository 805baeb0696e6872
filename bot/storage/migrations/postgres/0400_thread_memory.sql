-- Thread memory: what a mentoring thread has established, one JSON document per thread
-- (bot/mentor/facts.ThreadMemory); deleted with its thread.
CREATE TABLE thread_memory (
    thread_id  BIGINT PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    memory     TEXT NOT NULL DEFAULT '{}',
    updated_at DOUBLE PRECISION NOT NULL
);
