"""Migrations on both stores: from empty, from the previous version, atomic, data preserved."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage.database import Database, Dialect, available_migrations
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SqliteDatabase
from tests.conftest import STORES
from tests.postgres_cluster import Cluster

TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgres": "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
}


@pytest.fixture(params=STORES)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Dialect, str]]:
    """(dialect, where): a new SQLite file, or a new empty PostgreSQL database."""
    if request.param == "sqlite":
        yield "sqlite", str(tmp_path / "new.sqlite3")
        return
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.fresh_database(migrated=False)
    yield "postgres", url
    cluster.drop(url)


async def _open(
    where: tuple[Dialect, str], migrations: Sequence[tuple[str, str]] | None = None
) -> Database:
    dialect, target = where
    if dialect == "sqlite":
        return await SqliteDatabase.open(Path(target), migrations=migrations)
    return await PostgresDatabase.open(target, migrations=migrations)


def test_both_dialects_ship_the_same_ordered_migrations() -> None:
    """One ordered list: every migration id exists for SQLite and for PostgreSQL."""
    sqlite_ids = [m for m, _ in available_migrations("sqlite")]
    assert sqlite_ids == [m for m, _ in available_migrations("postgres")]
    assert sqlite_ids == sorted(sqlite_ids)


async def test_migrations_from_empty_create_every_table(empty: tuple[Dialect, str]) -> None:
    """A new database gets every migration, recorded by id."""
    db = await _open(empty)
    try:
        applied = await db.applied_migrations()
        tables = {r[0] for r in await db.fetchall(TABLES[db.dialect])}
    finally:
        await db.close()
    assert applied == [mig_id for mig_id, _ in available_migrations(empty[0])]
    assert {"learners", "threads", "messages", "sandbox_reports", "feedback"} <= tables


async def test_migration_from_previous_version_keeps_data(empty: tuple[Dialect, str]) -> None:
    """A database at the previous version upgrades in place and keeps its turns."""
    migrations = available_migrations(empty[0])
    old = await _open(empty, migrations[:-1])
    async with old.transaction() as conn:
        await conn.execute(
            "INSERT INTO learners (id, platform, external_id, created_at) VALUES (1, 'console', 'ana', 0)"
        )
        await conn.execute(
            "INSERT INTO threads (id, platform, external_id, learner_id, created_at, updated_at)"
            " VALUES (1, 'console', 't1', 1, 0, 0)"
        )
        await conn.execute(
            "INSERT INTO messages (thread_id, author, text, created_at) VALUES (1, 'learner', 'hello', 0)"
        )
    await old.close()

    db = await _open(empty)
    try:
        rows = await db.fetchall("SELECT text FROM messages")
        assert [r["text"] for r in rows] == ["hello"]
        assert await db.applied_migrations() == [m for m, _ in migrations]
    finally:
        await db.close()


async def test_failed_migration_leaves_the_previous_version_intact(tmp_path: Path) -> None:
    """A broken migration rolls back whole: no half-applied schema, not recorded."""
    path = tmp_path / "db.sqlite3"
    good = available_migrations()
    broken = [*good, ("9999_broken", "CREATE TABLE extra (id INTEGER);\nTHIS IS NOT SQL;")]
    with pytest.raises(StorageError):
        await SqliteDatabase.open(path, migrations=broken)
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        ids = [r[0] for r in conn.execute("SELECT id FROM schema_migrations ORDER BY id")]
    assert "extra" not in tables
    assert ids == [m for m, _ in good]


async def test_database_runs_in_wal_mode(tmp_path: Path) -> None:
    """WAL lets readers and the writer work at once (two bot processes, backups)."""
    db = await SqliteDatabase.open(tmp_path / "wal.sqlite3")
    try:
        row = await db.fetchone("PRAGMA journal_mode")
    finally:
        await db.close()
    assert row is not None
    assert row[0] == "wal"


async def test_concurrent_transactions_do_not_interleave(tmp_path: Path) -> None:
    """Many coroutines writing at once all commit (one shared connection, no nesting error)."""
    import asyncio  # noqa: PLC0415

    db = await SqliteDatabase.open(tmp_path / "busy.sqlite3")

    async def write(n: int) -> None:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO learners (platform, external_id, created_at) VALUES ('t', ?, 0)",
                (str(n),),
            )
            await asyncio.sleep(0)

    try:
        await asyncio.gather(*(write(n) for n in range(50)))
        row = await db.fetchone("SELECT COUNT(*) FROM learners")
    finally:
        await db.close()
    assert row is not None
    assert row[0] == 50


async def test_two_processes_opening_a_new_file_at_once_both_start(tmp_path: Path) -> None:
    """Two bots sharing one data dir start together: both open, each migration applied once.

    (The race is timing-dependent: 50 fresh files make a regression show in nearly every run.)
    """
    expected = [m for m, _ in available_migrations()]
    for n in range(50):
        path = tmp_path / f"shared-{n}.sqlite3"
        first, second = await asyncio.gather(
            SqliteDatabase.open(path), SqliteDatabase.open(path)
        )
        try:
            applied = await first.fetchall("SELECT id FROM schema_migrations ORDER BY id")
            assert [r["id"] for r in applied] == expected
            assert await second.applied_migrations() == expected
        finally:
            await first.close()
            await second.close()


async def test_failed_postgres_migration_leaves_the_previous_version_intact(
    postgres_cluster: Cluster,
) -> None:
    """PostgreSQL's DDL is transactional: a broken migration keeps nothing, and is one line."""
    url = postgres_cluster.fresh_database(migrated=False)
    good = available_migrations("postgres")
    broken = [*good, ("9999_broken", "CREATE TABLE extra (id INTEGER);\nTHIS IS NOT SQL;")]
    try:
        with pytest.raises(StorageError, match="Migration 9999_broken failed") as failed:
            await PostgresDatabase.open(url, migrations=broken)
        assert "\n" not in str(failed.value)
        db = await PostgresDatabase.open(url, migrate=False)
        try:
            tables = {r[0] for r in await db.fetchall(TABLES["postgres"])}
            assert await db.applied_migrations() == [m for m, _ in good]
        finally:
            await db.close()
        assert "extra" not in tables
    finally:
        postgres_cluster.drop(url)


async def test_two_processes_migrating_postgres_at_once_apply_each_once(
    postgres_cluster: Cluster,
) -> None:
    """Two bots starting together on one empty server: both open, each migration applied once."""
    url = postgres_cluster.fresh_database(migrated=False)
    expected = [m for m, _ in available_migrations("postgres")]
    try:
        first, second = await asyncio.gather(PostgresDatabase.open(url), PostgresDatabase.open(url))
        try:
            rows = await first.fetchall("SELECT id FROM schema_migrations ORDER BY id")
            assert [r["id"] for r in rows] == expected
            assert await second.applied_migrations() == expected
        finally:
            await first.close()
            await second.close()
    finally:
        postgres_cluster.drop(url)
