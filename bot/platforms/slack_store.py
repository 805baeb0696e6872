"""Slack's own persistent state: claimed event ids and messages (answer each exactly once)."""

from __future__ import annotations

import time

from bot.storage.database import Database
from bot.storage.store import Store


class SlackClaims:
    """Claim a key once (an event id, a learner message); persisted in SQLite, pruned by age."""

    def __init__(self, db: Database, *, ttl_s: float) -> None:
        self._db = db
        self._ttl_s = ttl_s
        self._last_prune = 0.0

    async def claim(self, key: str) -> bool:
        """True the first time `key` is seen (within the TTL), False on every repeat."""
        now = time.time()
        if now - self._last_prune > self._ttl_s / 10:
            self._last_prune = now
            await self._db.execute(
                "DELETE FROM slack_claims WHERE created_at < ?", (now - self._ttl_s,)
            )
        written = await self._db.execute(  # one statement: the claim is atomic on its own
            "INSERT INTO slack_claims (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (key, now),
        )
        return written.rowcount == 1


async def is_bot_thread(store: Store, channel: str, thread_ts: str) -> bool:
    """Whether the bot mentors in this Slack thread (it is in the threads table)."""
    thread = await store.get_thread("slack", thread_ts)
    return thread is not None and thread.channel in ("", channel)


async def thread_owner(store: Store, channel: str, thread_ts: str) -> str | None:
    """The Slack user whose mentoring thread this is; None when it is not a bot thread."""
    thread = await store.get_thread("slack", thread_ts)
    if thread is None or thread.channel not in ("", channel):
        return None
    learner = await store.get_learner(thread.learner_id)
    return learner.external_id if learner is not None else None
