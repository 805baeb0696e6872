"""The SQLite database: one connection in WAL mode on its own thread, migrations, mapped errors.

Migrations are the `*.sql` files beside this module, applied in name order, each in one
transaction with its id recorded, so a crash mid-migration leaves the previous version intact.
Rooms own number ranges: 0001-0099 storage, 0100 engine/mentor, 0200 course, 0300 platforms.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import structlog

from bot.errors import StorageError

log = structlog.get_logger()


def available_migrations() -> list[tuple[str, str]]:
    """(id, sql) for every migration shipped with the bot, in order."""
    folder = resources.files("bot.storage") / "migrations"
    items = [(f.name.removesuffix(".sql"), f.read_text("utf-8")) for f in folder.iterdir()]
    return sorted(i for i in items if not i[0].startswith("_") and i[0][0].isdigit())


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
    if "full" in text:
        return f"The disk holding {path} is full ({exc}); the last change was not saved."
    if "locked" in text or "busy" in text:
        return f"The database file {path} is locked by another process ({exc}); try again."
    if "unable to open" in text:
        return f"Cannot open the database file {path} ({exc})."
    return f"Database error on {path}: {exc}."


T = TypeVar("T")


@dataclass(slots=True)
class Result:
    """What a statement returned, read in the SQLite thread (so fetching costs no extra hop)."""

    rows: list[sqlite3.Row]
    lastrowid: int | None
    rowcount: int
    _next: int = 0

    async def fetchone(self) -> sqlite3.Row | None:
        """The next row, or None."""
        if self._next >= len(self.rows):
            return None
        self._next += 1
        return self.rows[self._next - 1]

    async def fetchall(self) -> list[sqlite3.Row]:
        """The remaining rows."""
        rest, self._next = self.rows[self._next :], len(self.rows)
        return rest


def _run(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> Result:
    cur = conn.execute(sql, params)
    try:
        rows = cur.fetchall() if cur.description else []
        return Result(rows, cur.lastrowid, cur.rowcount)
    finally:
        cur.close()


class Transaction:
    """The statements of one `Database.transaction()`; each call is one hop to SQLite's thread.

    BEGIN IMMEDIATE travels with the first statement and COMMIT is one more hop, so a
    one-statement transaction costs two hops (it cost four with a cursor per statement).
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> Result:
        """Run one statement inside the transaction."""
        return await self._db._call(self._execute, sql, tuple(params))

    async def executemany(self, sql: str, seq: Iterable[Iterable[Any]]) -> Result:
        """Run one statement for each parameter tuple."""
        return await self._db._call(self._executemany, sql, [tuple(p) for p in seq])

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """A read inside the transaction."""
        return (await self.execute(sql, params)).rows

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        """A read of one row inside the transaction."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    def _begin(self, conn: sqlite3.Connection) -> None:
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")

    def _execute(self, conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> Result:
        self._begin(conn)
        return _run(conn, sql, params)

    def _executemany(
        self, conn: sqlite3.Connection, sql: str, seq: list[tuple[Any, ...]]
    ) -> Result:
        self._begin(conn)
        cur = conn.executemany(sql, seq)
        try:
            return Result([], cur.lastrowid, cur.rowcount)
        finally:
            cur.close()


class Database:
    """An open SQLite database. Use `await Database.open(path)` and `await db.close()`.

    One sqlite3 connection lives in one dedicated thread; every call is one hop to it (a read
    with its rows, a statement, or a whole transaction function with `run`), so the event loop
    never blocks on the disk or on another process's lock.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, executor: ThreadPoolExecutor) -> None:
        self._conn = conn
        self._executor = executor
        self.path = path
        self._write_lock = asyncio.Lock()
        """One connection serves every coroutine: transactions must not interleave."""

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(connection, *args) in the SQLite thread: one hop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn, self._conn, *args)

    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        migrate: bool = True,
        migrations: Sequence[tuple[str, str]] | None = None,
    ) -> Database:
        """Open (creating the folder), switch to WAL and apply pending migrations."""
        await asyncio.to_thread(_prepare_folder, path)
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        loop = asyncio.get_running_loop()
        try:
            conn = await loop.run_in_executor(executor, _connect, path)
        except sqlite3.Error as exc:
            executor.shutdown(wait=False)
            raise StorageError(describe_sqlite_error(path, exc)) from None
        db = cls(conn, path, executor)
        try:
            await db._call(_configure)
            if migrate:
                await db.migrate(migrations)
        except sqlite3.Error as exc:
            await db.close()
            raise StorageError(describe_sqlite_error(path, exc)) from None
        except BaseException:
            await db.close()
            raise
        return db

    async def applied_migrations(self) -> list[str]:
        """Ids of the migrations already applied."""
        return await self._call(_applied)

    async def migrate(self, migrations: Sequence[tuple[str, str]] | None = None) -> list[str]:
        """Apply every pending migration, each atomically; return the ids applied."""
        pending = migrations if migrations is not None else available_migrations()
        done = set(await self.applied_migrations())
        applied = []
        for mig_id, sql in pending:
            if mig_id in done:
                continue
            await self._call(_apply_migration, mig_id, sql)
            log.info("storage.migrated", migration=mig_id)
            applied.append(mig_id)
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; sqlite errors mapped.

        Serialized by a lock: coroutines share the connection, and SQLite has one writer anyway.
        """
        async with self._write_lock:
            try:
                yield Transaction(self)
                await self._call(_commit)
            except sqlite3.Error as exc:
                await self._rollback()
                raise StorageError(describe_sqlite_error(self.path, exc)) from None
            except BaseException:
                await self._rollback()
                raise

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """fn(connection) inside BEGIN IMMEDIATE ... COMMIT, all in ONE hop to SQLite's thread.

        For a turn's hot writes: `fn` is plain sqlite3 code (it must not await or block on
        anything but SQLite). Rolled back on any error; sqlite errors become StorageError.
        """
        async with self._write_lock:
            try:
                return await self._call(_atomic, fn)
            except sqlite3.Error as exc:
                raise StorageError(describe_sqlite_error(self.path, exc)) from None

    async def _rollback(self) -> None:
        try:
            await self._call(_rollback)
        except sqlite3.Error:  # the transaction may already be gone (e.g. disk full)
            log.warning("storage.rollback_failed", path=str(self.path))

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Run a read query (one hop, rows included)."""
        try:
            return (await self._call(_run, sql, tuple(params))).rows
        except sqlite3.Error as exc:
            raise StorageError(describe_sqlite_error(self.path, exc)) from None

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        """Run a read query for one row."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def close(self) -> None:
        """Checkpoint and close."""
        try:
            await self._call(_close)
        except sqlite3.Error as exc:
            log.warning("storage.close_failed", error=str(exc))
        finally:
            self._executor.shutdown(wait=False)


# In the SQLite thread ------------------------------------------------------------------------
def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    # quick_check first: a corrupt or foreign file must fail before we write anything.
    row = conn.execute("PRAGMA quick_check").fetchone()
    if row is None or row[0] != "ok":
        raise sqlite3.DatabaseError(f"database disk image is malformed: {row[0] if row else ''}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")


def _applied(conn: sqlite3.Connection) -> list[str]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at REAL)"
    )
    return sorted(str(r[0]) for r in conn.execute("SELECT id FROM schema_migrations"))


def _apply_migration(conn: sqlite3.Connection, mig_id: str, sql: str) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _split_sql(sql):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)", (mig_id, time.time())
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _atomic(conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = fn(conn)
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    return result


def _commit(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("COMMIT")


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _close(conn: sqlite3.Connection) -> None:
    conn.close()


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


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (ours contain no semicolons inside strings)."""
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
