"""The `discord_sessions` table: each shard's gateway session, under a lease, for RESUME.

A process takes the rows of its shards at start (`take`): free ones, its own, a dead process's
(same machine, PID gone) or an expired lease; a live process's row is never taken, so two
processes never resume one session. `save` writes many shards in one transaction and renews
the lease with it; `renew` is the heartbeat when nothing changed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from bot.storage.database import Database, Tx, marks
from bot.storage.leases import LeaseOwner

SAVE = (
    "INSERT INTO discord_sessions"
    " (shard_id, session_id, resume_url, seq, lease_owner, lease_until, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shard_id) DO UPDATE SET"
    " session_id = excluded.session_id, resume_url = excluded.resume_url, seq = excluded.seq,"
    " lease_owner = excluded.lease_owner, lease_until = excluded.lease_until,"
    " updated_at = excluded.updated_at"
    " WHERE discord_sessions.lease_owner = excluded.lease_owner"
    " OR discord_sessions.lease_until < excluded.updated_at"
)
"""(shard, session, url, seq, owner, until, now): only the lease holder (or a free row) writes."""


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A shard's session as the last process left it."""

    shard_id: int
    session_id: str
    resume_url: str
    seq: int


class GatewaySessions:
    """Read, lease and write the shards' gateway sessions."""

    def __init__(self, db: Database, owner: LeaseOwner) -> None:
        self._db = db
        self.owner = owner

    async def take(self, shard_ids: Sequence[int]) -> list[StoredSession]:
        """Lease our shards' rows unless a live process holds them; the sessions to resume."""
        if not shard_ids:
            return []
        rows = await self._db.fetchall(
            f"SELECT DISTINCT lease_owner FROM discord_sessions WHERE shard_id IN ({marks(len(shard_ids))})",  # noqa: S608  # only ? marks are joined in
            tuple(shard_ids),
        )
        dead = self.owner.dead(str(r[0]) for r in rows)
        now = time.time()
        gone = f" OR lease_owner IN ({marks(len(dead))})" if dead else ""
        taken = await self._db.returning(
            "UPDATE discord_sessions SET lease_owner = ?, lease_until = ?"  # noqa: S608  # only ? marks are joined in
            f" WHERE shard_id IN ({marks(len(shard_ids))})"
            f" AND (lease_owner = ? OR lease_until < ?{gone})"
            " RETURNING shard_id, session_id, resume_url, seq",
            (self.owner.id, now + self.owner.lease_s, *shard_ids, self.owner.id, now, *dead),
        )
        return sorted(
            (
                StoredSession(
                    int(r["shard_id"]), str(r["session_id"]), str(r["resume_url"]), int(r["seq"])
                )
                for r in taken
                if r["session_id"]
            ),
            key=lambda s: s.shard_id,
        )

    async def save(self, sessions: Sequence[StoredSession]) -> int:
        """Write these shards' sessions (one transaction); returns how many rows were ours.

        One shard is one statement (on PostgreSQL one round trip, not BEGIN, it and COMMIT).
        """
        if not sessions:
            return 0
        now = time.time()
        until = now + self.owner.lease_s
        if len(sessions) == 1:  # a process's usual one shard: one statement, atomic alone
            s = sessions[0]
            row = (s.shard_id, s.session_id, s.resume_url, s.seq, self.owner.id, until, now)
            return (await self._db.execute(SAVE, row)).rowcount

        async def write(tx: Tx) -> int:
            written = 0
            for s in sessions:
                row = (s.shard_id, s.session_id, s.resume_url, s.seq, self.owner.id, until, now)
                written += await tx.execute(SAVE, row)
            return written

        return await self._db.run(write)

    async def renew(self) -> int:
        """Heartbeat: push out our leases; returns how many rows we hold."""
        written = await self._db.execute(
            "UPDATE discord_sessions SET lease_until = ? WHERE lease_owner = ?",
            (time.time() + self.owner.lease_s, self.owner.id),
        )
        return written.rowcount

    async def release(self, shard_ids: Sequence[int]) -> None:
        """Let our leases on these shards go now (a graceful stop): the sessions stay stored."""
        if not shard_ids:
            return
        await self._db.execute(
            f"UPDATE discord_sessions SET lease_until = 0 WHERE lease_owner = ? AND shard_id IN ({marks(len(shard_ids))})",  # noqa: S608  # only ? marks are joined in
            (self.owner.id, *shard_ids),
        )

    async def forget(self, shard_ids: Sequence[int]) -> None:
        """These shards' sessions are over (closed, or refused by Discord): nothing to resume."""
        if not shard_ids:
            return
        await self._db.execute(
            f"DELETE FROM discord_sessions WHERE lease_owner = ? AND shard_id IN ({marks(len(shard_ids))})",  # noqa: S608  # only ? marks are joined in
            (self.owner.id, *shard_ids),
        )

    async def prune_claims(self, prefix: str, older_than_s: float) -> int:
        """Drop claims of kept events (`prefix`...) older than any replay could be."""
        written = await self._db.execute(
            "DELETE FROM slack_claims WHERE key LIKE ? AND created_at < ?",
            (prefix + "%", time.time() - older_than_s),
        )
        return written.rowcount

    async def stored(self) -> list[StoredSession]:
        """Every stored session (for tests and operators)."""
        rows = await self._db.fetchall(
            "SELECT shard_id, session_id, resume_url, seq FROM discord_sessions ORDER BY shard_id"
        )
        return [StoredSession(int(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]
