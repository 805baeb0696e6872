-- Discord: every message that carries part of a mentor reply (a long reply is split), so a
-- reaction on any part finds the reply; deleted with the reply (and so with the learner).
CREATE TABLE discord_message_parts (
    part_id    TEXT PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE
);
CREATE INDEX discord_message_parts_by_message ON discord_message_parts (message_id);
