"""Discord's own rows: which Discord messages carry a reply, and which threads are the bot's."""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

import discord
import structlog

from bot.platforms.discord_ledger import ARRIVAL
from bot.storage.inbox import Inbox
from bot.storage.store import Store, ThreadRecord

PLATFORM = "discord"
CLAIM_PREFIX = "discord:"
"""Claims of kept Discord events (in the claims table): a replayed event is answered once."""
INTERACTION_PREFIX = "interaction:"
"""The inbox key of an `/mca ask` command or form: this prefix and the interaction id."""
ACK_WINDOW_S = 3.0
"""Discord takes an interaction's first response within 3 s of its creation, never later."""

log = structlog.get_logger()


def expired_ask(key: str) -> bool:
    """An interaction too old to acknowledge (its id carries its creation time)."""
    if not key.startswith(INTERACTION_PREFIX):
        return False
    created = discord.utils.snowflake_time(int(key.removeprefix(INTERACTION_PREFIX)))
    return time.time() - created.timestamp() > ACK_WINDOW_S


class GatewayInbox:
    """The inbox as Discord keeps events: deduplicated for good, and counted for RESUME.

    An inbox row ends with its turn, so a gateway event Discord replays on RESUME after its
    answer would look new: each event also claims its key, in the same transaction, and a
    repeat is refused for the claim's lifetime. The event being kept stays open in its
    shard's ledger until the write ends (bot/platforms/discord_ledger.py).
    """

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox

    async def accept(self, platform: str, key: str, payload: dict[str, Any]) -> bool:
        """Keep an event before any work; False when it was kept before (a replay, a repeat).

        An ask replayed from a dead process's session after Discord's 3 s is not kept either:
        Discord already told the learner the app did not respond, and refuses any answer.
        """
        arrival = ARRIVAL.get()
        if arrival is not None and arrival.ledger.replay and expired_ask(key):
            log.info("discord.replayed_ask_expired", key=key)
            return False
        if arrival is not None:
            arrival.keep_started()  # before the first await: the ledger sees it in time
        try:
            return await self._inbox.accept(platform, key, payload, claim=CLAIM_PREFIX + key)
        finally:
            if arrival is not None:
                arrival.keep_ended()

    def handling(self, key: str) -> AbstractAsyncContextManager[None]:
        """Run an event's handler inside its row (Inbox.handling)."""
        return self._inbox.handling(key)

    async def update(self, key: str, payload: dict[str, Any]) -> None:
        """Rewrite a row's payload (Inbox.update)."""
        await self._inbox.update(key, payload)

    async def done(self, key: str) -> None:
        """The event needs nothing more (Inbox.done)."""
        await self._inbox.done(key)


class DiscordStore:
    """What only the Discord platform asks of the shared Store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.inbox = GatewayInbox(store.inbox)
        """Learners' messages kept from arrival until their turn is stored."""

    async def bot_thread(self, channel_id: int) -> ThreadRecord | None:
        """The mentoring thread behind a Discord thread, or None when the bot did not start it."""
        return await self.store.get_thread(PLATFORM, str(channel_id))

    async def learner_id(self, user_id: int) -> int | None:
        """Our id of a Discord user who has asked before (None for everyone else)."""
        return await self.store.learner_id(PLATFORM, str(user_id))

    async def is_thread_owner(self, thread: ThreadRecord, user_id: int) -> bool:
        """Only the learner who opened a thread continues it with plain messages."""
        return await self.learner_id(user_id) == thread.learner_id

    async def record_parts(self, reply_id: int, part_ids: Sequence[int]) -> None:
        """Remember the Discord messages of a reply (the first one is its external id)."""
        await self.store.record_reply_parts(reply_id, [str(p) for p in part_ids])

    async def add_feedback(self, part_id: int, user_id: int, value: int) -> bool:
        """Store 👍/👎 from a known learner on any part of a reply; False when it is not one."""
        external_id = await self.store.reply_external_id(str(part_id))
        learner = await self.learner_id(user_id)
        if external_id is None or learner is None:
            return False
        return await self.store.add_feedback(external_id, learner, value)
