"""Slack's own persistent state: claimed event ids and messages (answer each exactly once)."""

from __future__ import annotations

from bot.storage.claims import Claims
from bot.storage.store import Store


class SlackClaims(Claims):
    """Slack's event ids and learner messages, each answered once (bot/storage/claims.py)."""


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
