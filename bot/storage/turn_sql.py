"""The SQL of a turn's reads and writes, and of forgetting a learner: the statements SqlStore runs."""

from __future__ import annotations

from bot.storage.allowances import ADD_TOKENS
from bot.storage.outbox import SET_EXTERNAL_ID

SAVE_MEMORY = (
    "INSERT INTO thread_memory (thread_id, memory, updated_at) VALUES (?, ?, ?)"
    " ON CONFLICT (thread_id) DO UPDATE SET memory = excluded.memory,"
    " updated_at = excluded.updated_at"
)
"""(thread id, memory JSON, time): replace a thread's memory."""


INSERT_REPLY = (
    "INSERT INTO messages (thread_id, author, text, language, engine, status,"
    " reply_to, created_at) VALUES (?, 'mentor', ?, ?, ?, 'answered', ?, ?) RETURNING id"
)
"""(thread id, text, language, engine, turn id, time): store a mentor reply."""
MARK_ANSWERED = "UPDATE messages SET status = 'answered' WHERE id = ?"
"""(turn id): the learner turn a reply answers."""
UPDATE_THREAD = "UPDATE threads SET language = ?, role = ?, topics = ?, updated_at = ? WHERE id = ?"
"""(language, role, topics JSON, time, thread id): the thread after a reply."""
ADD_REPLY_PG = (
    f"WITH reply AS ({INSERT_REPLY}), turn AS ({MARK_ANSWERED}), thread AS ({UPDATE_THREAD})"  # noqa: S608  # constants
    " SELECT id FROM reply"
)
"""PostgreSQL: the reply, its turn answered and its thread updated in one statement (data-
modifying CTEs all run, atomically, whether or not the final SELECT reads them)."""
ADD_REPLY_WITH_MEMORY_PG = (
    f"WITH reply AS ({INSERT_REPLY}), turn AS ({MARK_ANSWERED}), thread AS ({UPDATE_THREAD}),"  # noqa: S608  # constants
    f" memory AS ({SAVE_MEMORY}) SELECT id FROM reply"
)
"""ADD_REPLY_PG with the thread's memory replaced too (SAVE_MEMORY's parameters last)."""
ADD_REPLY_SPENDING_PG = ADD_REPLY_PG.replace(" SELECT id", f", spent AS ({ADD_TOKENS}) SELECT id")
"""ADD_REPLY_PG with the turn's LLM tokens added to its community's use (ADD_TOKENS' last)."""
ADD_REPLY_WITH_MEMORY_SPENDING_PG = ADD_REPLY_WITH_MEMORY_PG.replace(
    " SELECT id", f", spent AS ({ADD_TOKENS}) SELECT id"
)
"""ADD_REPLY_WITH_MEMORY_PG and the token spend: the end of a turn in one statement."""


RECORD_REPLY_PART = (
    "INSERT INTO discord_message_parts (part_id, message_id) VALUES (?, ?)"
    " ON CONFLICT (part_id) DO NOTHING"
)
"""(platform message id, reply id): one message carrying part of a reply."""
RECORD_REPLY_PARTS_PG = (
    f"WITH located AS ({SET_EXTERNAL_ID}) INSERT INTO discord_message_parts"  # noqa: S608
    " (part_id, message_id) SELECT part, ?::bigint FROM unnest(?::text[]) AS p (part)"
    " ON CONFLICT (part_id) DO NOTHING"
)
"""PostgreSQL: (first part id, reply id, reply id, [part ids]): the reply's platform id and
every part in one statement."""


TURN_OF_EVENT = (
    "WITH turn AS (INSERT INTO messages (thread_id, author, text, language, status,"
    " created_at, learner_id) VALUES (?, 'learner', ?, ?, 'pending', ?,"
    " COALESCE(?, (SELECT learner_id FROM threads WHERE id = ?))) RETURNING id),"
    " kept AS (DELETE FROM inbox WHERE key = ? RETURNING platform),"
    " leased AS (INSERT INTO outbox (turn_id, platform, created_at, updated_at, lease_owner,"
    " lease_until) SELECT turn.id, kept.platform, ?, ?, ?, ? FROM turn, kept"
    " ON CONFLICT (turn_id) DO NOTHING)"
    " SELECT id FROM turn"
)
"""PostgreSQL only (SQLite has no INSERT in WITH): a learner turn whose inbox row (key)
becomes the turn, leased to us in the outbox, in one statement (bot/storage/inbox.py)."""


UPSERT_LEARNER = (
    "INSERT INTO learners (platform, external_id, display_name, locale, created_at)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, external_id) DO UPDATE SET"
    " display_name = CASE WHEN excluded.display_name != '' THEN"
    " excluded.display_name ELSE learners.display_name END,"
    " locale = COALESCE(excluded.locale, learners.locale) RETURNING *"
)
"""(platform, external id, display name, locale, time): find or create a learner."""
TURN_START_PG = (
    f"WITH learner AS ({UPSERT_LEARNER}) SELECT row_to_json(l)::text AS learner,"  # noqa: S608
    " row_to_json(t)::text AS thread, m.memory AS memory FROM learner l"
    " LEFT JOIN threads t ON t.platform = ? AND t.external_id = ?"
    " LEFT JOIN thread_memory m ON m.thread_id = t.id"
)
"""PostgreSQL: UPSERT_LEARNER's parameters, then (platform, thread id): the learner, the
thread (or NULL) and its memory (or NULL), each row as JSON, in one statement."""


FORGET_COUNTS = (
    "SELECT (SELECT COUNT(*) FROM threads WHERE learner_id = ?) AS threads,"
    " (SELECT COUNT(*) FROM messages m JOIN threads t ON t.id = m.thread_id"
    "  WHERE t.learner_id = ?) AS own,"
    " (SELECT COUNT(*) FROM messages m JOIN threads t ON t.id = m.thread_id"
    "  WHERE m.learner_id = ? AND t.learner_id != ?) AS elsewhere,"
    " (SELECT COUNT(*) FROM messages r JOIN messages m ON m.id = r.reply_to"
    "  JOIN threads t ON t.id = m.thread_id"
    "  WHERE m.learner_id = ? AND t.learner_id != ?) AS replies,"
    " (SELECT COUNT(*) FROM course_submissions WHERE learner_id = ?)"
    " + (SELECT COUNT(*) FROM course_sessions WHERE learner_id = ?)"
    " + (SELECT COUNT(*) FROM course_threads WHERE learner_id = ?) AS course,"
    " (SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.turn_id"
    "  JOIN threads t ON t.id = m.thread_id"
    "  WHERE o.delivered = 0 AND (t.learner_id = ? OR m.learner_id = ?)) AS deliveries"
)
"""(learner id, once per ?): what forgetting them removes, counted before it goes."""
FORGET_OTHER_MEMORY = (
    "DELETE FROM thread_memory WHERE thread_id IN (SELECT m.thread_id FROM messages m"
    " JOIN threads t ON t.id = m.thread_id WHERE m.learner_id = ? AND t.learner_id != ?)"
)
"""(learner id, learner id): the memory of other learners' threads they wrote in (partly
built from their words)."""
FORGET_OTHER_SUMMARY = (
    "UPDATE threads SET summary = '' WHERE id IN (SELECT m.thread_id FROM messages m"
    " JOIN threads t ON t.id = m.thread_id WHERE m.learner_id = ? AND t.learner_id != ?)"
)
"""(learner id, learner id): the running summary of those threads, for the same reason."""
