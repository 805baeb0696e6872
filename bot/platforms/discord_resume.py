"""Nothing dispatched to a killed process is lost: its shards' sessions are resumed and drained.

While the bot runs, each shard's ledger says up to which sequence number its events are durable;
`SessionKeeper.run` saves that (with the session id and resume URL) every `flush_s`, one
transaction for all changed shards, and renews the shards' lease. At the next start the
process takes its shards' stored sessions (`start`, under the lease: a live process's session
is never taken), connects as usual, and once ready drains each old session on a second socket
(bot/platforms/discord_gateway.py): Discord replays what it dispatched after the durable
sequence number, the handlers keep and answer it, and the inbox's claims skip what was kept
before. A session Discord no longer knows is logged in one line and replaced by the new one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import discord
import structlog

from bot.platforms.discord_gateway import drain, track
from bot.platforms.discord_ledger import Ledger
from bot.platforms.discord_store import CLAIM_PREFIX
from bot.storage.discord_sessions import GatewaySessions, StoredSession

log = structlog.get_logger()

FLUSH_S = 0.5
"""How often changed shards' durable sequence numbers are saved (a lag only replays more)."""
CLAIM_TTL_S = 86400.0
"""Claims of kept events outlive any resumable session (Discord keeps one for minutes)."""


class SessionKeeper:
    """The gateway sessions of this process's shards: saved while running, drained at start."""

    def __init__(
        self,
        sessions: GatewaySessions,
        shard_ids: list[int],
        *,
        sharded: bool,
        flush_s: float = FLUSH_S,
        drain_within_s: float = 30.0,
    ) -> None:
        self._sessions = sessions
        self._sharded = sharded
        self._flush_s = flush_s
        self._drain_within_s = drain_within_s
        self.ledgers = {shard: Ledger() for shard in shard_ids}
        self._draining: set[int] = set()
        """Shards whose stored session is not drained yet: their row keeps the old session."""
        self._last_prune = 0.0

    def ledger_of(self, shard: int | None) -> Ledger | None:
        """The ledger of a live socket's shard (an unsharded socket is shard 0)."""
        return self.ledgers.get(shard or 0)

    async def start(self, client: discord.Client) -> list[StoredSession]:
        """Count this client's events; lease our shards' stored sessions (the ones to drain)."""
        track(client, self.ledger_of)
        stored = await self._sessions.take(list(self.ledgers))
        self._draining = {s.shard_id for s in stored}
        return stored

    async def drain_all(
        self,
        client: discord.Client,
        stored: list[StoredSession],
        ready: Callable[[], Awaitable[object]],
    ) -> None:
        """Once the live session is ready, drain every stored session (each shard at once)."""
        if not stored:
            return
        await ready()
        await asyncio.gather(*(self._drain_one(client, s) for s in stored))

    async def _drain_one(self, client: discord.Client, stored: StoredSession) -> None:
        started = time.monotonic()
        try:
            done = await drain(client, stored, sharded=self._sharded, within_s=self._drain_within_s)
        except Exception:  # never let the drain take the live connection down
            log.exception("discord.session_drain_failed", shard=stored.shard_id)
        else:
            took_ms = round((time.monotonic() - started) * 1000, 1)
            if done.resumed:
                log.info(
                    "discord.session_resumed",
                    shard=stored.shard_id,
                    after_seq=stored.seq,
                    events=done.events,
                    took_ms=took_ms,
                )
            else:
                log.warning(
                    "discord.session_not_resumed",
                    shard=stored.shard_id,
                    reason=done.reason,
                    took_ms=took_ms,
                    hint="events sent to the old session while the bot was down are lost",
                )
        finally:
            self._draining.discard(stored.shard_id)
            if not self.ledgers[stored.shard_id].session_id:  # no live session to save instead
                await self._sessions.forget([stored.shard_id])
            await self.flush()

    async def flush(self) -> None:
        """Save every changed shard's session and durable sequence number (one transaction)."""
        changed = [
            (shard, ledger)
            for shard, ledger in self.ledgers.items()
            if ledger.changed and ledger.session_id and shard not in self._draining
        ]
        if not changed:
            return
        rows = [StoredSession(s, lg.session_id, lg.resume_url, lg.durable()) for s, lg in changed]
        for _, ledger in changed:
            ledger.saved()
        try:
            await self._sessions.save(rows)
        except BaseException:
            for _, ledger in changed:
                ledger.changed = True
            raise

    async def run(self) -> None:
        """Save changes every `flush_s`, renew the lease, prune old claims; until cancelled."""
        lease_s = self._sessions.owner.lease_s
        renewed = time.monotonic()
        while True:
            await asyncio.sleep(self._flush_s)
            try:
                await self.flush()
                if time.monotonic() - renewed > lease_s / 3:
                    renewed = time.monotonic()
                    await self._sessions.renew()
                if time.time() - self._last_prune > CLAIM_TTL_S / 24:
                    self._last_prune = time.time()
                    await self._sessions.prune_claims(CLAIM_PREFIX, CLAIM_TTL_S)
            except Exception:  # the store is down: the next tick tries again
                log.warning("discord.session_save_failed", exc_info=True)

    async def close(self) -> None:
        """A graceful stop: save the durable sequence numbers and let the lease go at once.

        The sockets were closed with 4000 (`hand_over`), so Discord keeps the sessions
        resumable; the next process takes them without waiting for the lease to expire.
        """
        try:
            await self.flush()
            await self._sessions.release(list(self.ledgers))
        except Exception:  # the store is down: the lease expires instead
            log.warning("discord.session_release_failed", exc_info=True)
