"""The reaper: while the bot runs, renew our leases and finish what dead processes left.

Every `lifecycle.reaper_interval_s` it renews the leases this process holds (the heartbeat
that tells other processes it is alive), then takes what nobody alive holds: inbox events
acknowledged but never turned into a turn (replayed once through the platform's own handler)
and turns unanswered or undelivered (answered and delivered by `Recovery`). The first pass
runs at start-up, before any new event is taken; see bot/storage/leases.py for who counts as
gone, and bot/storage/inbox.py for the inbox.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import structlog

from bot.mentor.recovery import MAX_ATTEMPTS, Recovery, Redeliverer
from bot.storage.inbox import Inbox, InboxEvent

log = structlog.get_logger()


@runtime_checkable
class Replayer(Protocol):
    """A platform whose acknowledged events can be handled again from their inbox row."""

    name: str

    async def wait_ready(self) -> None:
        """Return once the platform can post."""
        ...

    async def replay(self, event: InboxEvent) -> None:
        """Run the event's handler as if it had just arrived (it ends the inbox row)."""
        ...


class Reaper:
    """Heartbeat, inbox replay and turn takeover for the platforms this process serves."""

    def __init__(
        self,
        *,
        recovery: Recovery,
        inbox: Inbox,
        platforms: Sequence[Redeliverer],
        interval_s: float,
    ) -> None:
        self.recovery = recovery
        self.inbox = inbox
        self.outbox = recovery.outbox
        self.platforms = {p.name: p for p in platforms}
        self.interval_s = interval_s
        self._work: set[asyncio.Task[Any]] = set()

    async def run(self, stop: asyncio.Event) -> None:
        """Every interval until `stop` (or cancelled): a sweep; the heartbeat runs beside it.

        The start-up sweep is the caller's (`await sweep()` before the platforms take events).
        """
        heartbeat = asyncio.create_task(self._heartbeat(stop), name="reaper-heartbeat")
        try:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.interval_s)
                if stop.is_set():
                    break
                try:
                    await self.sweep()
                except Exception:  # a database hiccup: the next sweep tries again
                    log.exception("reaper.sweep_failed")
        finally:
            heartbeat.cancel()
            for task in self._work:
                task.cancel()
            await asyncio.gather(heartbeat, *self._work, return_exceptions=True)

    async def sweep(self) -> int:
        """Take what nobody alive holds and start on it; returns how many items were taken.

        Never what this process holds: its live turns and events are renewed, not taken;
        except its own events and turns the database failed (`Inbox.orphans`, `Outbox.orphans`).
        """
        owner = self.outbox.owner
        holders = set(await self.inbox.owners()) | set(await self.outbox.owners())
        dead, alive = owner.dead(holders), owner.alive(holders)
        replayers = {n: p for n, p in self.platforms.items() if isinstance(p, Replayer)}
        events = await self.inbox.take(list(replayers), dead=dead, alive=alive)
        orphans = list(self.inbox.orphans)
        if orphans:  # ours, failed by the database: it answers again, so they go again
            events += [e for e in await self.inbox.mine(orphans) if e.platform in replayers]
            self.inbox.orphans.difference_update(orphans)
        for event in events:
            self._spawn(self._replay(replayers[event.platform], event))
        todo = await self.recovery.snapshot(
            list(self.platforms), dead=dead, ours=False, alive=alive
        )
        stranded = list(self.outbox.orphans)
        if stranded:  # our turns whose answer the database failed: answered now it is back
            for name in self.platforms:
                todo[name] = [*todo.get(name, []), *await self.outbox.mine(name, stranded)]
            self.outbox.orphans.difference_update(stranded)
        for name, turns in todo.items():
            if turns:
                self._spawn(self.recovery.run(self.platforms[name], turns))
        taken = len(events) + sum(len(t) for t in todo.values())
        if taken:
            log.info("reaper.taken", events=len(events), turns=taken - len(events), dead=dead)
        return taken

    async def _replay(self, platform: Replayer, event: InboxEvent) -> None:
        if event.attempts > MAX_ATTEMPTS:
            log.error("reaper.event_given_up", key=event.key, attempts=event.attempts - 1)
            await self.inbox.done(event.key)
            return
        await platform.wait_ready()
        try:
            await platform.replay(event)
        except Exception:
            log.exception("reaper.replay_failed", key=event.key, platform=platform.name)
            return
        log.info("reaper.event_replayed", key=event.key, platform=platform.name)

    async def _heartbeat(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval_s)
            try:
                await self.inbox.renew()
                await self.outbox.renew()
            except Exception:  # the next beat tries again; the lease outlasts a few misses
                log.warning("reaper.heartbeat_failed", exc_info=True)

    def _spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._work.add(task)
        task.add_done_callback(self._work.discard)
