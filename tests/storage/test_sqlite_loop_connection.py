"""SQLite statements run on the event loop's own connection; a lock held elsewhere still waits."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.storage import sqlite as sqlite_module
from bot.storage.sql_store import SqlStore
from bot.storage.sqlite import SqliteDatabase


async def _thread(store: SqlStore) -> int:
    learner = await store.upsert_learner("t", "u1", display_name="Ana")
    thread = await store.create_thread(platform="t", external_id="th1", learner_id=learner.id)
    return thread.id


async def test_write_waits_for_another_process_lock_then_is_kept(tmp_path: Path) -> None:
    """A write meeting another process's write lock waits for it (as before) and is stored."""
    path = tmp_path / "shared.sqlite3"
    db = await SqliteDatabase.open(path)
    store = SqlStore(db)
    thread_id = await _thread(store)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    write = asyncio.create_task(store.add_learner_turn(thread_id, "kept", language="en"))
    await asyncio.sleep(0.2)
    assert not write.done()  # waiting in the database thread, the loop free meanwhile
    other.execute("ROLLBACK")
    other.close()
    turn_id = await asyncio.wait_for(write, 5)
    kept = await store.recent_messages(thread_id, 10)
    assert [(m.id, m.text) for m in kept] == [(turn_id, "kept")]
    await db.close()


async def test_a_read_sees_what_another_connection_just_wrote(tmp_path: Path) -> None:
    """Rows another process commits are read at once (no stale snapshot on the loop's side)."""
    path = tmp_path / "shared.sqlite3"
    db = await SqliteDatabase.open(path)
    store = SqlStore(db)
    thread_id = await _thread(store)
    assert await store.count_messages(thread_id) == 0
    other = sqlite3.connect(path, isolation_level=None)
    other.execute(
        "INSERT INTO messages (thread_id, author, text, status, created_at)"
        " VALUES (?, 'learner', 'from elsewhere', 'pending', 0)",
        (thread_id,),
    )
    other.close()
    assert await store.count_messages(thread_id) == 1
    await db.close()


async def test_the_wal_stays_bounded_under_many_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loop's connection never checkpoints itself, yet the WAL is reused, not grown."""
    monkeypatch.setattr(sqlite_module, "CHECKPOINT_EVERY_WRITES", 50)
    path = tmp_path / "wal.sqlite3"
    db = await SqliteDatabase.open(path)
    store = SqlStore(db)
    thread_id = await _thread(store)
    text = "x" * 8000  # two pages a row: 1,000 rows are ~16 MB of WAL without checkpoints
    for n in range(1000):
        await store.add_learner_turn(thread_id, f"{n} {text}", language="en")
        if n % 50 == 0:
            await asyncio.sleep(0.01)  # the checkpoint runs in the database thread meanwhile
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size < 4 * 1024 * 1024
    assert await store.count_messages(thread_id) == 1000
    await db.close()
