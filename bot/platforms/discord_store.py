"""Discord's own rows: which Discord messages carry a reply, and which threads are the bot's."""

from __future__ import annotations

from collections.abc import Sequence

from bot.storage.store import Store, ThreadRecord

PLATFORM = "discord"


class DiscordStore:
    """What only the Discord platform asks of the shared Store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.inbox = store.inbox
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
