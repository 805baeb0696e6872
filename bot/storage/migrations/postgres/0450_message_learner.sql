-- Who wrote each learner turn, so /mca forget also finds a learner's messages in threads they
-- do not own (sessions shared before ownership was enforced, course threads). Deleting the
-- learner deletes those turns (and, through reply_to, the mentor's replies to them). Turns
-- stored before this column are attributed to their thread's learner.
ALTER TABLE messages ADD COLUMN learner_id BIGINT REFERENCES learners (id) ON DELETE CASCADE;
UPDATE messages SET learner_id = (SELECT t.learner_id FROM threads t WHERE t.id = messages.thread_id)
    WHERE author = 'learner';
CREATE INDEX messages_by_learner ON messages (learner_id) WHERE learner_id IS NOT NULL;
