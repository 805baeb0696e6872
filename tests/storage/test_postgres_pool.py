"""The PostgreSQL pool says where a burst queued: statements waiting for a connection."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from bot.storage import postgres
from bot.storage.connect import open_database
from bot.storage.database import Tx
from bot.storage.pool_waits import SLOW_ACQUIRE_S
from bot.storage.postgres import PostgresDatabase
from tests.postgres_cluster import Cluster

HOLD_S = 5 * SLOW_ACQUIRE_S


async def test_a_statement_waiting_for_a_busy_pool_is_counted_and_logged(
    postgres_cluster: Cluster,
) -> None:
    """With every connection held, the next statement's wait is counted as slow and logged."""
    url = postgres_cluster.fresh_database()
    db = await PostgresDatabase.open(url, max_size=1)
    holding = asyncio.Event()

    async def hold(tx: Tx) -> None:
        await tx.fetchone("SELECT 1")
        holding.set()
        await asyncio.sleep(HOLD_S)

    try:
        held = asyncio.create_task(db.run(hold))
        await holding.wait()
        await db.fetchone("SELECT 1")
        await held
    finally:
        with capture_logs() as logs:
            await db.close()
        postgres_cluster.drop(url)
    assert db.waits.slow >= 1
    assert db.waits.longest_s >= HOLD_S / 2
    assert db.waits.peak_size == 1
    [event] = [e for e in logs if e["event"] == "storage.pool_waits"]
    assert event["slow"] == db.waits.slow


async def test_the_running_bot_opens_its_whole_pool_at_start(
    postgres_cluster: Cluster, tmp_path: Path
) -> None:
    """A warm pool holds all its connections before the first statement; a cold one grows."""
    url = postgres_cluster.fresh_database()
    unused = tmp_path / "unused.sqlite3"  # SQLite's file: not opened with a URL
    warm = await open_database(url=url, path=unused, pool_size=3, warm_pool=True)
    cold = await open_database(url=url, path=unused, pool_size=3)
    try:
        assert isinstance(warm, PostgresDatabase)
        assert isinstance(cold, PostgresDatabase)
        assert warm._pool.get_size() == 3
        assert cold._pool.get_size() == 1
    finally:
        await warm.close()
        await cold.close()
        postgres_cluster.drop(url)


async def test_readiness_ping_needs_no_connection_right_after_an_answer(
    postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement just answered proves the server answers: /healthz's ping queues for nothing.

    Without a recent answer the ping asks the server, so it waits for the one busy connection.
    """
    url = postgres_cluster.fresh_database()
    db = await PostgresDatabase.open(url, max_size=1)
    holding, release = asyncio.Event(), asyncio.Event()

    async def hold(tx: Tx) -> None:
        await tx.fetchone("SELECT 1")
        holding.set()
        await release.wait()

    try:
        monkeypatch.setattr(postgres, "ANSWERED_S", 3600.0)
        await db.fetchone("SELECT 1")
        held = asyncio.create_task(db.run(hold))
        await holding.wait()
        await asyncio.wait_for(db.ping(), 10)  # the only connection is busy: no trip made

        monkeypatch.setattr(postgres, "ANSWERED_S", 0.0)
        asking = asyncio.create_task(db.ping())
        done, _ = await asyncio.wait({asking}, timeout=0.3)
        assert not done, "with no recent answer the ping must ask the server"
        release.set()
        await held
        await asyncio.wait_for(asking, 10)
    finally:
        release.set()
        await db.close()
        postgres_cluster.drop(url)


async def test_a_waiting_statement_gets_the_connection_before_a_busy_caller_takes_it_back(
    postgres_cluster: Cluster,
) -> None:
    """Connections go to callers in arrival order: back-to-back statements starve no one."""
    url = postgres_cluster.fresh_database()
    db = await PostgresDatabase.open(url, max_size=1)
    done: list[int] = []
    first = asyncio.Event()

    async def busy() -> None:
        for n in range(50):
            await db.fetchone("SELECT ?::int", (n,))
            done.append(n)
            first.set()

    try:
        running = asyncio.create_task(busy())
        await first.wait()
        await db.fetchone("SELECT 1")  # queued behind the busy caller's next statement only
        served_after = len(done)
        await running
    finally:
        await db.close()
        postgres_cluster.drop(url)
    assert served_after <= 3, f"the waiter was served after {served_after} of 50 statements"
