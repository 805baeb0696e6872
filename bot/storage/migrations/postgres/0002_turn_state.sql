-- Persist-then-reply: a learner turn is 'pending' until its reply is stored; platform message
-- ids let reactions find their turn; feedback stores 👍/👎 per learner and reply.
ALTER TABLE messages ADD COLUMN status TEXT NOT NULL DEFAULT 'answered'
    CHECK (status IN ('pending', 'answered', 'failed'));
ALTER TABLE messages ADD COLUMN reply_to BIGINT REFERENCES messages (id) ON DELETE CASCADE;
ALTER TABLE messages ADD COLUMN external_id TEXT;
CREATE INDEX messages_pending ON messages (status) WHERE status = 'pending';
CREATE INDEX messages_by_external ON messages (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX messages_by_reply_to ON messages (reply_to) WHERE reply_to IS NOT NULL;

CREATE TABLE feedback (
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    learner_id BIGINT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
    created_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (message_id, learner_id)
);
