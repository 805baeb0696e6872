"""Keys claimed exactly once across every process (Slack event ids, learner messages).

The primary key decides: `INSERT ... ON CONFLICT DO NOTHING` changes one row for exactly one
claimant, on SQLite and PostgreSQL alike. Old keys are pruned by age.
"""

from __future__ import annotations

import time

from bot.storage.database import Database


class Claims:
    """Claim a key once (within the TTL); persisted, so a restart still answers once."""

    def __init__(self, db: Database, *, ttl_s: float) -> None:
        self._db = db
        self._ttl_s = ttl_s
        self._last_prune = 0.0

    async def claim(self, key: str, *, holder: str = "") -> bool:
        """True the first time `key` is seen (within the TTL), False on every repeat.

        `holder` (an inbox event key): the same holder claiming again also gets True, so an
        event replayed after a crash finds the claim it took before it died still its own.
        """
        now = time.time()
        if now - self._last_prune > self._ttl_s / 10:
            self._last_prune = now
            await self._db.execute(
                "DELETE FROM slack_claims WHERE created_at < ?", (now - self._ttl_s,)
            )
        written = await self._db.execute(  # one statement: the claim is atomic on its own
            "INSERT INTO slack_claims (key, created_at, holder) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO NOTHING",
            (key, now, holder),
        )
        if written.rowcount == 1:
            return True
        if not holder:
            return False
        row = await self._db.fetchone("SELECT holder FROM slack_claims WHERE key = ?", (key,))
        return row is not None and row["holder"] == holder
