"""Discord's own rows: which Discord messages carry a reply, and which threads are the bot's."""

from __future__ import annotations

from collections.abc import Sequence

from bot.storage.database import Tx
from bot.storage.store import SET_EXTERNAL_ID, Store, ThreadRecord

PLATFORM = "discord"


class DiscordStore:
    """Queries over the shared Store's database that only the Discord platform needs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._db = store.db

    async def bot_thread(self, channel_id: int) -> ThreadRecord | None:
        """The mentoring thread behind a Discord thread, or None when the bot did not start it."""
        return await self.store.get_thread(PLATFORM, str(channel_id))

    async def learner_id(self, user_id: int) -> int | None:
        """Our id of a Discord user who has asked before (None for everyone else)."""
        row = await self._db.fetchone(
            "SELECT id FROM learners WHERE platform = ? AND external_id = ?",
            (PLATFORM, str(user_id)),
        )
        return int(row["id"]) if row else None

    async def is_thread_owner(self, thread: ThreadRecord, user_id: int) -> bool:
        """Only the learner who opened a thread continues it with plain messages."""
        return await self.learner_id(user_id) == thread.learner_id

    async def record_parts(self, reply_id: int, part_ids: Sequence[int]) -> None:
        """Remember the Discord messages of a reply (the first one is its external id)."""
        if not part_ids or not reply_id:
            return

        async def write(tx: Tx) -> None:  # one write for the id and every part
            await tx.execute(SET_EXTERNAL_ID, (str(part_ids[0]), reply_id))
            await tx.executemany(
                "INSERT INTO discord_message_parts (part_id, message_id) VALUES (?, ?)"
                " ON CONFLICT (part_id) DO NOTHING",
                [(str(p), reply_id) for p in part_ids],
            )

        await self._db.run(write)

    async def add_feedback(self, part_id: int, user_id: int, value: int) -> bool:
        """Store 👍/👎 from a known learner on any part of a reply; False when it is not one."""
        row = await self._db.fetchone(
            "SELECT m.external_id FROM discord_message_parts p JOIN messages m"
            " ON m.id = p.message_id WHERE p.part_id = ?",
            (str(part_id),),
        )
        learner = await self.learner_id(user_id)
        if row is None or row["external_id"] is None or learner is None:
            return False
        return await self.store.add_feedback(str(row["external_id"]), learner, value)
