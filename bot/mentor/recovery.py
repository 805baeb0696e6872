"""Nothing accepted is lost: the outbox of platform turns, and recovery after a crash.

Persist-then-reply stores a learner turn as 'pending' before any work. A platform that can
post later (Slack, Discord) registers the turn in the outbox right then (`Outbox.accept`),
records every platform message carrying part of the reply (`record_part`), and marks the turn
delivered once the whole reply is posted (`delivered`). When the process dies in between, the
next start (`Recovery.run`) finds, per platform it serves:

- turns still 'pending': answered now (`MentorService.answer_pending`), then delivered;
- turns answered but not delivered: the stored reply is delivered.

Delivery goes through the platform's `Redeliverer.redeliver`, which is idempotent: it edits
the messages already recorded for the turn, and posts the missing parts with a marker the
platform can find again (Slack message metadata, Discord's `nonce` + `enforce_nonce`), so a
crash between posting and recording does not post the answer twice.

Several processes may share one store: each undelivered turn is leased to one process (see
bot/storage/leases.py). A start takes only the turns whose holder is gone (lease expired, or
the holder is a dead process on this machine); the reaper (bot/mentor/reaper.py) does the same
while the bot runs, so a dead process's turns are taken over by a live one.

Console and CLI turns cannot be delivered later (the terminal that asked is gone): they are
left 'pending' (the question is kept in the thread's history) and, like any turn older than
`lifecycle.recovery_max_age_s`, marked 'failed' by the next `mca-bot run`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import structlog

from bot.lifecycle.settings import LifecycleSettings
from bot.storage.outbox import Outbox, Unfinished
from bot.storage.store import ThreadRecord

if TYPE_CHECKING:
    from bot.mentor.service import MentorService

__all__ = ["MAX_ATTEMPTS", "Outbox", "Recovery", "Redeliverer", "Unfinished"]
"""Outbox and Unfinished live in bot/storage/outbox.py; platforms import them from here."""

log = structlog.get_logger()


@runtime_checkable
class Redeliverer(Protocol):
    """What a platform implements so recovered replies reach the thread they came from."""

    name: str

    async def wait_ready(self) -> None:
        """Return once the platform can post (logged in, connected)."""
        ...

    async def redeliver(
        self, thread: ThreadRecord, *, turn_id: int, reply_id: int, markdown: str
    ) -> None:
        """Show the whole reply in `thread`, exactly once (idempotent; see the module doc)."""
        ...


MAX_ATTEMPTS = 3
"""A turn whose recovery failed this many times (across restarts) is given up (marked failed)."""
CONCURRENT_TURNS = 32
"""Recovered turns answered at once: a dead process's burst is taken over in parallel, as it
arrived, not one LLM call after another (turns of one thread still go in order)."""


class Recovery:
    """On start: answer and deliver what a crash left behind, per platform served."""

    def __init__(
        self, *, mentor: MentorService, outbox: Outbox, settings: LifecycleSettings
    ) -> None:
        self.mentor = mentor
        self.outbox = outbox
        self.settings = settings

    async def snapshot(
        self,
        platforms: Sequence[str],
        *,
        dead: Sequence[str] = (),
        ours: bool = True,
        alive: Sequence[str] = (),
    ) -> dict[str, list[Unfinished]]:
        """Take (lease) what to recover: turns whose holder is gone; stale ones are marked failed.

        `ours` (a start, or a test): also the turns this process holds; the reaper passes False
        so it never takes a turn this process is answering live; nor one `alive` holds.
        """
        expired = await self.outbox.expire(time.time() - self.settings.recovery_max_age_s)
        if expired:
            log.warning("recovery.turns_expired", count=expired)
        todo = {
            name: await self.outbox.take(name, dead=dead, ours=ours, alive=alive)
            for name in platforms
        }
        for name, items in todo.items():
            if items:
                pending = sum(1 for i in items if i.reply_id is None)
                log.info(
                    "recovery.found",
                    platform=name,
                    unanswered=pending,
                    undelivered=len(items) - pending,
                )
        return todo

    async def run(self, platform: Redeliverer, todo: Sequence[Unfinished]) -> int:
        """Answer/deliver the turns once the platform is ready; returns how many were finished.

        Threads are recovered side by side (`CONCURRENT_TURNS` turns at once), each thread's
        turns in order: taking over a killed process's burst costs about one turn's time, not
        one turn's time per turn.
        """
        if not todo:
            return 0
        await platform.wait_ready()
        threads: dict[int, list[Unfinished]] = {}
        for item in todo:
            threads.setdefault(item.thread_id, []).append(item)
        gate = asyncio.Semaphore(CONCURRENT_TURNS)

        async def in_order(items: list[Unfinished]) -> int:
            finished = 0
            for item in items:
                if not self.mentor.drain.accepting:
                    break
                async with gate:
                    finished += await self._one(platform, item)
            return finished

        finished = sum(await asyncio.gather(*(in_order(items) for items in threads.values())))
        if not self.mentor.drain.accepting and finished < len(todo):
            log.info("recovery.stopped_by_shutdown", left=len(todo) - finished)
        log.info("recovery.done", platform=platform.name, finished=finished, total=len(todo))
        return finished

    async def _one(self, platform: Redeliverer, item: Unfinished) -> bool:
        attempts = await self.outbox.attempted(item.turn_id, platform.name)
        if attempts > MAX_ATTEMPTS:
            log.error("recovery.gave_up", turn=item.turn_id, attempts=attempts - 1)
            if item.reply_id is None:
                await self.mentor.store.mark_turn(item.turn_id, "failed")
            return False
        store = self.mentor.store
        try:
            async with self.mentor.drain.track():
                thread = await store.get_thread_by_id(item.thread_id)
                if thread is None:  # forgotten meanwhile: nothing to deliver
                    return False
                reply_id, text = item.reply_id, item.reply_text
                if reply_id is None or text is None:
                    reply = await self.mentor.answer_pending(
                        thread, turn_id=item.turn_id, text=item.text, language=item.language
                    )
                    reply_id, text = reply.reply_id, reply.text
                await platform.redeliver(
                    thread, turn_id=item.turn_id, reply_id=reply_id, markdown=text
                )
                await self.outbox.delivered(item.turn_id)
        except Exception:
            log.exception("recovery.turn_failed", turn=item.turn_id, platform=platform.name)
            return False
        log.info(
            "recovery.turn_delivered",
            turn=item.turn_id,
            platform=platform.name,
            answered_now=item.reply_id is None,
        )
        return True
