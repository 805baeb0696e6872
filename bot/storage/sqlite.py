"""The SQLite database (the embedded default): one aiosqlite connection in WAL mode.

Migrations are `migrations/*.sql` (their PostgreSQL twins in `migrations/postgres/`), applied
in name order, each in one transaction with its id recorded, so a crash mid-migration leaves
the previous version intact. Rooms own number ranges: 0001-0099 storage, 0100 engine/mentor,
0200 course, 0300 platforms. A new migration needs both files (tests/storage checks).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Iterable,
    Iterator,
    Sequence,
)
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import aiosqlite
import structlog
from tenacity import AsyncRetrying, retry_if_exception, stop_after_delay, wait_random_exponential

from bot.errors import StorageError
from bot.storage.database import (
    Params,
    Row,
    Tx,
    Written,
    available_migrations,
    split_sql,
)

log = structlog.get_logger()
T = TypeVar("T")

DISK_FULL_BYTES = 64 * 1024
"""Less free space than this after an I/O error: the disk is full."""


def describe_sqlite_error(path: Path | str, exc: BaseException) -> str:
    """A message an operator can act on, for the ways a database file goes wrong."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text:
        return (
            f"The database file {path} is not a valid SQLite database ({exc}). "
            "Nothing was changed: move it aside or restore a backup, then start again."
        )
    if "readonly" in text or "read-only" in text:
        return f"The database file {path} is read-only ({exc}); nothing was written."
    if "full" in text or ("disk i/o error" in text and _disk_full(Path(path))):
        return f"The disk holding {path} is full ({exc}); the last change was not saved."
    if "locked" in text or "busy" in text:
        return f"The database file {path} is locked by another process ({exc}); try again."
    if "unable to open" in text:
        return f"Cannot open the database file {path} ({exc})."
    return f"Database error on {path}: {exc}."


class SqliteDatabase:
    """An open SQLite database. Use `await SqliteDatabase.open(path)` and `await db.close()`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()
        """One connection serves every coroutine: transactions must not interleave."""
        self.trips = 0
        """Calls that went to the database thread (statements, and whole transactions of
        `run`): logged at close, the bench's trips per turn beside PostgreSQL's statements."""

    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        migrate: bool = True,
        migrations: Sequence[tuple[str, str]] | None = None,
        busy_timeout_s: float = 5.0,
    ) -> SqliteDatabase:
        """Open (creating the folder), switch to WAL and apply pending migrations.

        `busy_timeout_s`: how long a statement waits for another process's lock before the
        write fails with a StorageError ("locked by another process").
        """
        await asyncio.to_thread(_prepare_folder, path)
        try:
            conn = await aiosqlite.connect(path, timeout=busy_timeout_s, isolation_level=None)
        except sqlite3.Error as exc:
            raise StorageError(describe_sqlite_error(path, exc)) from None
        conn.row_factory = aiosqlite.Row
        db = cls(conn, path)
        try:
            await db._configure(busy_timeout_s)
            if migrate:
                await db.migrate(migrations)
        except sqlite3.Error as exc:
            await conn.close()
            raise StorageError(describe_sqlite_error(path, exc)) from None
        except BaseException:
            await conn.close()
            raise
        return db

    @property
    def dialect(self) -> Literal["sqlite"]:
        """Always 'sqlite'."""
        return "sqlite"

    @property
    def target(self) -> str:
        """The database file."""
        return str(self.path)

    async def _configure(self, busy_timeout_s: float) -> None:
        # quick_check first: a corrupt or foreign file must fail before we write anything.
        row = await (await self._conn.execute("PRAGMA quick_check")).fetchone()
        if row is None or row[0] != "ok":
            raise sqlite3.DatabaseError(
                f"database disk image is malformed: {row[0] if row else ''}"
            )
        # Switching to WAL needs a moment's exclusive lock and SQLite answers "database is
        # locked" at once, without its busy timeout, while another process opens the same
        # new file (two bots sharing a data folder starting together): retry it for as long.
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(_locked),
            wait=wait_random_exponential(multiplier=0.01, max=0.2),
            stop=stop_after_delay(busy_timeout_s),
            reraise=True,
        ):
            with attempt:
                await self._conn.execute("PRAGMA journal_mode=WAL")
        await self._conn.execute("PRAGMA synchronous=NORMAL")
        await self._conn.execute("PRAGMA foreign_keys=ON")
        await self._conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")

    async def applied_migrations(self) -> list[str]:
        """Ids of the migrations already applied."""
        await self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at REAL)"
        )
        rows = await (await self._conn.execute("SELECT id FROM schema_migrations")).fetchall()
        return sorted(str(r[0]) for r in rows)

    async def migrate(self, migrations: Sequence[tuple[str, str]] | None = None) -> list[str]:
        """Apply every pending migration, each atomically; return the ids applied."""
        pending = migrations if migrations is not None else available_migrations("sqlite")
        done = set(await self.applied_migrations())
        applied = []
        for mig_id, sql in pending:
            if mig_id in done:
                continue
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                done_meanwhile = await self._conn.execute_fetchall(
                    "SELECT 1 FROM schema_migrations WHERE id = ?", (mig_id,)
                )
                if done_meanwhile:  # another process sharing the file applied it first
                    await self._conn.execute("ROLLBACK")
                    continue
                for statement in split_sql(sql):
                    await self._conn.execute(statement)
                await self._conn.execute(
                    "INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)",
                    (mig_id, time.time()),
                )
                await self._conn.execute("COMMIT")
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            log.info("storage.migrated", migration=mig_id)
            applied.append(mig_id)
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; sqlite errors mapped.

        Serialized by a lock: coroutines share the connection, and SQLite has one writer anyway.
        Each statement is its own trip with the lock held, so the bot's writes use `execute`
        (one statement) or `run` (several, in one trip); this is for scripts and tests.
        """
        async with self._write_lock:
            with _mapped_errors(self.path):
                await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield _AioTx(self._conn)
                await self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                await self._rollback()
                raise StorageError(describe_sqlite_error(self.path, exc)) from None
            except BaseException:
                await self._rollback()
                raise

    async def run(self, body: Callable[[Tx], Awaitable[T]]) -> T:
        """A whole transaction in one trip to the database thread: BEGIN IMMEDIATE, `body`, COMMIT.

        Every trip waits for the event loop while the write lock is held, so under load a
        transaction of five trips held the lock for five loop turns and every writer queued
        behind it (issue 8 measured ~60 ms of lock wait per write at 500 threads). `body`
        awaits only its Tx, whose statements run synchronously: the whole body runs where
        every aiosqlite call runs, in the connection's own thread. Rolled back on any error.
        """
        self.trips += 1
        async with self._write_lock:
            with _mapped_errors(self.path):
                return await _in_connection_thread(self._conn, _in_transaction, body)

    async def execute(self, sql: str, params: Params = ()) -> Written:
        """One write statement, atomic on its own: a single trip to the database thread.

        With autocommit a lone statement is its own transaction, so the three trips of
        BEGIN/statement/COMMIT (each waiting for a busy event loop while the write lock is
        held) shrink to one. The lock still keeps it out of another coroutine's transaction.
        """
        self.trips += 1
        async with self._write_lock:
            with _mapped_errors(self.path):
                cur = await self._conn.execute(sql, tuple(params))
            return Written(rowcount=int(cur.rowcount))

    async def returning(self, sql: str, params: Params = ()) -> list[Row]:
        """One write statement with RETURNING (atomic on its own, one trip): its rows."""
        self.trips += 1
        async with self._write_lock:
            with _mapped_errors(self.path):
                return list(await self._conn.execute_fetchall(sql, tuple(params)))

    async def _rollback(self) -> None:
        try:
            await self._conn.execute("ROLLBACK")
        except sqlite3.Error:  # the transaction may already be gone (e.g. disk full)
            log.warning("storage.rollback_failed", path=str(self.path))

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a read query."""
        self.trips += 1
        with _mapped_errors(self.path):  # one trip to the database thread (execute + fetch)
            return list(await self._conn.execute_fetchall(sql, tuple(params)))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a read query for one row."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def ping(self) -> None:
        """Return once the database answers (readiness); StorageError when it cannot."""
        await self.fetchone("SELECT 1")

    async def close(self) -> None:
        """Checkpoint and close."""
        log.info("storage.trips", trips=self.trips)
        try:
            await self._conn.close()
        except sqlite3.Error as exc:
            log.warning("storage.close_failed", error=str(exc))


@contextlib.contextmanager
def _mapped_errors(path: Path) -> Iterator[None]:
    """sqlite3 errors leave as a StorageError that says what happened to `path`."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StorageError(describe_sqlite_error(path, exc)) from None


def _locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


class _SyncTx:
    """A Tx over the plain sqlite3 connection, in its own thread: each await returns at once."""

    for_update = ""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return int(self.conn.execute(sql, tuple(params)).rowcount)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        self.conn.executemany(sql, [tuple(r) for r in rows])

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(self.conn.execute(sql, tuple(params)).fetchall())

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = self.conn.execute(sql, tuple(params)).fetchone()
        return row


class _AioTx:
    """A Tx over the aiosqlite connection: one trip per statement (scripts and tests)."""

    for_update = ""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return int((await self.conn.execute(sql, tuple(params))).rowcount)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self.conn.executemany(sql, [tuple(r) for r in rows])

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self.conn.execute_fetchall(sql, tuple(params)))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


def _finish(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends (a body awaiting only a `_SyncTx`) to its result."""
    try:
        coro.send(None)
    except StopIteration as done:
        return cast(T, done.value)
    coro.close()
    raise RuntimeError("a SQLite transaction body awaited something other than its Tx")


def _in_transaction(conn: sqlite3.Connection, body: Callable[[Tx], Awaitable[T]]) -> T:
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = _finish(cast(Coroutine[Any, Any, T], body(_SyncTx(conn))))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # a failed COMMIT (disk full) may have ended it already
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
    return result


async def _in_connection_thread(
    aio: aiosqlite.Connection,
    fn: Callable[[sqlite3.Connection, Callable[[Tx], Awaitable[T]]], T],
    body: Callable[[Tx], Awaitable[T]],
) -> T:
    """Run `fn(sqlite3 connection, body)` in aiosqlite's thread, in one trip.

    aiosqlite has no public call for this; `_execute` is the queue every public method uses
    (stable across its releases) and `_conn` its sqlite3 connection. tests/storage covers
    both, so an aiosqlite change that breaks them fails the suite, not production.
    """
    result: T = await aio._execute(  # type: ignore[no-untyped-call]
        lambda: fn(aio._conn, body)
    )
    return result


def _disk_full(path: Path) -> bool:
    """Whether the filesystem holding `path` has (almost) no room left.

    SQLite reports a full disk as a plain I/O error when it cannot even grow its WAL index.
    """
    try:
        usage = shutil.disk_usage(path.parent)
    except OSError:
        return False
    return usage.free < DISK_FULL_BYTES


def _prepare_folder(path: Path) -> None:
    """Create the data folder; refuse a read-only one up front (WAL writes beside the file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"Cannot create the data folder {path.parent}: {exc.strerror}."
        ) from None
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise StorageError(
            f"The database file {path} or its folder is read-only; nothing was written."
        )
