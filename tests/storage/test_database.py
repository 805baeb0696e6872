"""The database's transactions, on SQLite and PostgreSQL: atomic, errors mapped, nothing lost."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage.database import Database, Tx
from bot.storage.sql_store import SqlStore
from bot.storage.sqlite import SqliteDatabase


@pytest.fixture
def db(database: Database) -> Database:
    """Every test here runs on SQLite and on PostgreSQL (conftest `database`)."""
    return database


async def _thread(store: SqlStore) -> int:
    learner = await store.upsert_learner("t", "u1", display_name="Ana")
    thread = await store.create_thread(platform="t", external_id="th1", learner_id=learner.id)
    return thread.id


async def test_failed_statement_rolls_back_every_statement(db: Database) -> None:
    """A turn write that fails halfway leaves nothing behind, and says why."""
    store = SqlStore(db)
    thread_id = await _thread(store)

    async def half() -> None:
        async with db.transaction() as tx:
            await tx.execute(
                "INSERT INTO messages (thread_id, author, text, status, created_at)"
                " VALUES (?, 'learner', 'kept?', 'pending', 0)",
                (thread_id,),
            )
            await tx.execute("INSERT INTO no_such_table VALUES (1)")

    with pytest.raises(StorageError, match="no_such_table"):
        await half()
    assert await store.count_messages(thread_id) == 0


async def test_transaction_error_in_body_rolls_back(db: Database) -> None:
    """An exception between statements of a transaction undoes the earlier ones."""
    store = SqlStore(db)
    thread_id = await _thread(store)

    async def write_then_fail() -> None:
        async with db.transaction() as tx:
            await tx.execute(
                "INSERT INTO messages (thread_id, author, text, status, created_at)"
                " VALUES (?, 'learner', 'x', 'pending', 0)",
                (thread_id,),
            )
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await write_then_fail()
    assert await store.count_messages(thread_id) == 0


async def test_transaction_reads_see_own_writes_and_rowcount(db: Database) -> None:
    """Inside a transaction, a read sees its writes; rowcount and RETURNING ids are reported."""
    store = SqlStore(db)
    thread_id = await _thread(store)
    async with db.transaction() as tx:
        made = await tx.fetchone(
            "INSERT INTO messages (thread_id, author, text, status, created_at)"
            " VALUES (?, 'learner', 'x', 'pending', 0) RETURNING id",
            (thread_id,),
        )
        assert made is not None
        changed = await tx.execute(
            "UPDATE messages SET text = 'y' WHERE thread_id = ?", (thread_id,)
        )
        assert changed == 1
        row = await tx.fetchone("SELECT text FROM messages WHERE id = ?", (made["id"],))
        assert row is not None
        assert row["text"] == "y"


async def test_concurrent_turn_writes_are_all_kept(db: Database) -> None:
    """Many turns written at once (one hop each) are all stored, replies linked to turns."""
    store = SqlStore(db)
    thread_id = await _thread(store)

    async def turn(n: int) -> None:
        turn_id = await store.add_learner_turn(thread_id, f"q{n}", language="en")
        await store.add_reply(
            thread_id=thread_id, reply_to=turn_id, text=f"a{n}", language="en",
            engine="offline", role="mentor", topics=("t",),
        )  # fmt: skip

    await asyncio.gather(*(turn(n) for n in range(60)))
    assert await store.count_messages(thread_id) == 120
    assert await store.pending_turns() == []


async def test_locked_database_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    """Another process holding the write lock: a StorageError naming the lock, nothing written."""
    path = tmp_path / "locked.sqlite3"
    db = await SqliteDatabase.open(path)
    store = SqlStore(db)
    thread_id = await _thread(store)
    await db.fetchall("PRAGMA busy_timeout=50")  # fail fast instead of waiting 5 s
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError, match="locked"):
            await store.add_learner_turn(thread_id, "lost?", language="en")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert await store.count_messages(thread_id) == 0
    await db.close()


async def test_lone_write_is_not_swept_into_a_failing_transaction(db: Database) -> None:
    """A one-statement write (one trip) waits for an open transaction; its rollback keeps it."""
    store = SqlStore(db)
    thread_id = await _thread(store)
    inside = asyncio.Event()

    async def failing() -> None:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO messages (thread_id, author, text, status, created_at)"
                " VALUES (?, 'learner', 'doomed', 'pending', 0)",
                (thread_id,),
            )
            inside.set()
            await asyncio.sleep(0.05)  # the lone write arrives while this is open
            raise RuntimeError("boom")

    task = asyncio.create_task(failing())
    await inside.wait()
    turn_id = await store.add_learner_turn(thread_id, "kept", language="en")
    with pytest.raises(RuntimeError):
        await task
    kept = await store.recent_messages(thread_id, 10)
    assert [(m.id, m.text) for m in kept] == [(turn_id, "kept")]


async def test_repeated_upserts_return_the_stored_rows(db: Database) -> None:
    """Learner and thread upserts return the row (one trip): first values kept, ids stable."""
    store = SqlStore(db)
    first = await store.upsert_learner("t", "u9", display_name="Ana", locale="pt-BR")
    again = await store.upsert_learner("t", "u9")  # no name, no locale: both kept
    renamed = await store.upsert_learner("t", "u9", display_name="Ana B.")
    assert (again.id, again.display_name, again.locale) == (first.id, "Ana", "pt-BR")
    assert (renamed.id, renamed.display_name, renamed.locale) == (first.id, "Ana B.", "pt-BR")
    made = await store.create_thread(
        platform="t", external_id="th9", learner_id=first.id, channel="c1", language="pt"
    )
    same = await store.create_thread(
        platform="t", external_id="th9", learner_id=first.id, channel="c2", language="en"
    )
    assert (same.id, same.channel, same.language) == (made.id, "c1", "pt")
    assert await store.get_thread("t", "th9") == made


async def test_run_is_one_atomic_transaction(db: Database) -> None:
    """Database.run: the body's writes land together, or none do (body error or SQL error)."""
    store = SqlStore(db)
    thread_id = await _thread(store)

    async def insert(tx: Tx, text: str) -> int:
        row = await tx.fetchone(
            "INSERT INTO messages (thread_id, author, text, status, created_at)"
            " VALUES (?, 'learner', ?, 'pending', 0) RETURNING id",
            (thread_id, text),
        )
        assert row is not None
        return int(row["id"])

    async def two(tx: Tx) -> tuple[int, int]:
        return await insert(tx, "one"), await insert(tx, "two")

    async def then_fails(tx: Tx) -> None:
        await insert(tx, "lost 1")
        raise ValueError("learner code said no")

    async def then_bad_sql(tx: Tx) -> None:
        await insert(tx, "lost 2")
        await tx.execute("INSERT INTO no_such_table VALUES (1)")

    first, second = await db.run(two)
    with pytest.raises(ValueError, match="said no"):
        await db.run(then_fails)
    with pytest.raises(StorageError):
        await db.run(then_bad_sql)
    kept = await store.recent_messages(thread_id, 10)
    assert [(m.id, m.text) for m in kept] == [(first, "one"), (second, "two")]
    # and the connection is usable (not left inside a transaction) after each failure
    assert await store.add_learner_turn(thread_id, "after", language="en") > second


async def test_sqlite_body_that_awaits_anything_but_its_tx_is_refused(tmp_path: Path) -> None:
    """A SQLite transaction body runs in the connection thread: awaiting the loop fails, rolled back."""
    db = await SqliteDatabase.open(tmp_path / "db.sqlite3")
    store = SqlStore(db)
    thread_id = await _thread(store)

    async def sleeps(tx: Tx) -> None:
        await tx.execute(
            "INSERT INTO messages (thread_id, author, text, status, created_at)"
            " VALUES (?, 'learner', 'lost', 'pending', 0)",
            (thread_id,),
        )
        await asyncio.sleep(0)  # gives the event loop a turn: not possible in that thread

    try:
        with pytest.raises(RuntimeError, match="awaited something other than its Tx"):
            await db.run(sleeps)
        assert await store.count_messages(thread_id) == 0
    finally:
        await db.close()
