"""The PostgreSQL database: an asyncpg pool, the same port and migrations as SQLite.

Selected by `MCA_DATABASE_URL=postgresql://user:pass@host:port/db`. Several bot processes on
several hosts share it: exactly-once claims rest on unique constraints, read-then-write on
`SELECT ... FOR UPDATE`, and migrations take an advisory lock so two processes starting
together apply each one once. No message or log line carries the URL's password.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import asyncpg
import structlog

from bot.errors import StorageError
from bot.storage.database import (
    Params,
    Row,
    Tx,
    Written,
    available_migrations,
    numbered_placeholders,
    redact_url,
    url_password,
)
from bot.storage.pg_url import port_problem, read_url, userinfo_problem
from bot.storage.pool_waits import PoolWaits

log = structlog.get_logger()
T = TypeVar("T")

MIGRATION_LOCK = 0x4D4341  # "MCA": the advisory lock every process takes to migrate
CONNECT_TIMEOUT_S = 10.0
POOL_MIN = 1
POOL_MAX = 10
ANSWERED_S = 1.0
"""A statement answered this recently shows the server answers (`ping` makes no trip)."""
MAX_QUERIES = 50_000
"""asyncpg's default: a connection is replaced after this many statements."""
IDLE_LIFETIME_S = 300.0
"""asyncpg's default: connections above the pool's minimum close after this long idle."""
# Prepared statements stay in each connection's cache (LRU, 100) for good: asyncpg's default
# drops each one 300 s after it was prepared, used or not, and the next use prepares it again
# (one more round trip, holding the connection). asyncpg re-prepares by itself after a
# migration changes a table (InvalidCachedStatementError).

_ENGINE_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    OSError,
    TimeoutError,
)
"""What the server, the driver or the network raise: mapped to StorageError at this edge."""
_OPEN_ERRORS: tuple[type[BaseException], ...] = (*_ENGINE_ERRORS, ValueError)
"""Opening also meets a malformed URL (asyncpg raises ValueError)."""


def describe_postgres_error(target: str, exc: BaseException, *, secret: str | None = None) -> str:
    """One line an operator can act on, for the ways a PostgreSQL server goes wrong."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if secret:
        text = text.replace(secret, "***")
    if isinstance(
        exc, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError
    ):
        return f"PostgreSQL at {target} refused the login ({text}); check MCA_DATABASE_URL."
    if isinstance(exc, ValueError):
        return (
            f"The database URL {target} is malformed ({text}); "
            "expected postgresql://user:password@host:port/database."
        )
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return f"PostgreSQL at {target}: the database does not exist ({text}); create it first."
    if isinstance(exc, TimeoutError):
        return f"PostgreSQL at {target} did not answer in time; is the server up?"
    if isinstance(exc, OSError | asyncpg.CannotConnectNowError):
        return f"Cannot reach PostgreSQL at {target} ({text}); is the server up?"
    if isinstance(exc, asyncpg.ConnectionDoesNotExistError | asyncpg.ConnectionFailureError):
        return f"The connection to PostgreSQL at {target} was lost ({text}); nothing was saved."
    if isinstance(exc, asyncpg.InsufficientPrivilegeError):
        return (
            f"PostgreSQL at {target} refused a privilege ({text}); the bot's role needs CREATE "
            "on its schema (or name a schema it owns with ?options=-csearch_path%3Dname)."
        )
    if isinstance(exc, asyncpg.DiskFullError):
        return f"PostgreSQL at {target} is out of disk space ({text}); the change was not saved."
    return f"Database error on PostgreSQL at {target}: {text}."


def driverless(url: str) -> str:
    """`postgresql+asyncpg://...` (an SQLAlchemy-style URL an operator may already have) as `postgresql://...`."""
    scheme, sep, rest = url.partition("://")
    base, plus, _driver = scheme.partition("+")
    if sep and plus and base.lower() in ("postgresql", "postgres"):
        return f"{base}://{rest}"
    return url


@functools.lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    return numbered_placeholders(sql)


def _rowcount(status: str) -> int:
    """Rows changed, from a command tag such as 'INSERT 0 1' or 'UPDATE 3'."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


async def _no_session_state(conn: Any) -> None:
    """Skip the pool's reset round trip on every release: the bot leaves no session state.

    (No LISTEN, no SET, advisory locks only transaction-scoped; a transaction is always closed
    by its context manager before the connection goes back.)
    """


class _Pool(asyncpg.Pool):  # type: ignore[misc]  # asyncpg is untyped
    """asyncpg's pool, whose release of an idle connection does not wait for the event loop.

    asyncpg releases in a task of its own (`asyncio.shield`), so a connection whose statement
    has ended went back to the pool only once the loop got round to that task: on a busy loop
    every statement held its connection one more pass of the whole ready queue, and a burst
    queued for connections that were idle (issue 18's bimodal pool waits). A connection with no
    transaction open, no cancel in flight and nothing to close has nothing to wait for: it
    goes back at once (the pool's reset is `_no_session_state`, which never suspends).
    Anything else takes asyncpg's own path.
    """

    async def release(self, connection: Any, *, timeout: float | None = None) -> None:  # noqa: ASYNC109  # asyncpg's signature
        """Put `connection` back now when it is idle; else asyncpg's shielded release."""
        con = getattr(connection, "_con", None)
        holder = getattr(connection, "_holder", None)
        if (
            con is None
            or holder is None
            or holder._pool is not self
            or con.is_closed()
            or con.is_in_transaction()
            or con._protocol._is_cancelling()
            or con._protocol.queries_count >= holder._max_queries  # closed and replaced
            or holder._generation != self._generation  # expired: closed
        ):
            await super().release(connection, timeout=timeout)
            return
        con._on_release()
        await holder.release(holder._timeout if timeout is None else timeout)


class _PgTx:
    """A Tx on one pooled connection inside its transaction."""

    for_update = " FOR UPDATE"

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return _rowcount(await self.conn.execute(_pg(sql), *params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        items = [tuple(r) for r in rows]
        if items:
            await self.conn.executemany(_pg(sql), items)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self.conn.fetch(_pg(sql), *params))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self.conn.fetchrow(_pg(sql), *params)
        return row


_OWN_FRAMES = frozenset((__file__, contextlib.__file__))
"""This module's frames, and contextlib's that run `_connection`: not a call site."""


def call_site() -> str:
    """The first caller outside this module: `module.function` (what a wait is charged to)."""
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename in _OWN_FRAMES:
        frame = frame.f_back
    module = frame.f_globals.get("__name__", "?").rpartition(".")[2]
    return f"{module}.{frame.f_code.co_qualname}"


class PostgresDatabase:
    """An open PostgreSQL database. Use `await PostgresDatabase.open(url)` and `close()`."""

    def __init__(self, pool: Any, url: str, *, schema: str | None = None) -> None:
        self._pool = pool
        self._turns = asyncio.Semaphore(pool.get_max_size())
        """Callers take connections in arrival order (asyncio's Semaphore hands a freed unit to
        its first waiter): asyncpg's queue let a task that just released a connection take it
        straight back for its next statement, and a woken waiter that found it gone went to the
        back of the line again (waits of minutes for a few callers in an overloaded burst)."""
        self._secret = url_password(url)
        self._target = redact_url(url)
        self._schema = schema
        self.waits = PoolWaits()
        self._answered_at = -ANSWERED_S
        """When a statement last ended without an error (monotonic seconds)."""

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[Any]:
        """A pooled connection, its wait and hold counted in `waits` for the caller's site.

        The hold runs until the pool has the connection back (asyncpg's release is a task of
        its own, so it includes the event loop's delay in running it).
        """
        site = call_site()
        started = time.perf_counter()
        async with self._turns, self._pool.acquire() as conn:
            got = time.perf_counter()
            at = self.waits.record(got - started, self._pool.get_size(), site)
            try:
                yield conn
            finally:
                used = time.perf_counter()
            self._answered_at = time.monotonic()
        held = time.perf_counter() - got
        at.held_s += held
        at.longest_hold_s = max(at.longest_hold_s, held)
        self.waits.releasing_s += time.perf_counter() - used

    @property
    def dialect(self) -> Literal["postgres"]:
        """Always 'postgres'."""
        return "postgres"

    @property
    def target(self) -> str:
        """The server and database, without the password."""
        return self._target

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        migrate: bool = True,
        migrations: Sequence[tuple[str, str]] | None = None,
        min_size: int = POOL_MIN,
        max_size: int = POOL_MAX,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
    ) -> PostgresDatabase:
        """Connect a pool and apply pending migrations; StorageError (one line) when unusable."""
        url = driverless(url)
        target, secret = redact_url(url), url_password(url)
        if urlsplit(url).scheme not in ("postgresql", "postgres"):
            raise StorageError(
                f"The database URL {target} is not a postgresql:// URL; "
                "unset MCA_DATABASE_URL to use the embedded SQLite database."
            )
        problem = port_problem(url) or userinfo_problem(url)
        if problem:  # one subject, in words (not int()'s ValueError text)
            raise StorageError(
                f"The database URL {target} is malformed: {problem}; "
                "expected postgresql://user:password@host:port/database."
            )
        try:
            read = read_url(url)
            pool = await _Pool(
                read.dsn,
                min_size=min_size,
                max_size=max_size,
                max_queries=MAX_QUERIES,
                max_inactive_connection_lifetime=IDLE_LIFETIME_S,
                loop=None,
                connection_class=asyncpg.Connection,
                record_class=asyncpg.Record,
                timeout=read.connect_timeout_s or connect_timeout_s,
                server_settings=read.server_settings or None,
                reset=_no_session_state,
                max_cached_statement_lifetime=0,
            )
        except _OPEN_ERRORS as exc:
            raise StorageError(describe_postgres_error(target, exc, secret=secret)) from None
        db = cls(pool, url, schema=read.first_schema)
        try:
            if migrate:
                await db.migrate(migrations)
        except BaseException:
            await db.close()
            raise
        return db

    @contextlib.contextmanager
    def _mapped_errors(self) -> Iterator[None]:
        try:
            yield
        except _ENGINE_ERRORS as exc:
            message = describe_postgres_error(self._target, exc, secret=self._secret)
            raise StorageError(message) from None

    async def execute(self, sql: str, params: Params = ()) -> Written:
        """One write statement (autocommit: its own transaction)."""
        with self._mapped_errors():
            async with self._connection() as conn:
                return Written(rowcount=_rowcount(await conn.execute(_pg(sql), *params)))

    async def returning(self, sql: str, params: Params = ()) -> list[Row]:
        """One write statement with RETURNING: its rows."""
        return await self.fetchall(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query."""
        with self._mapped_errors():
            async with self._connection() as conn:
                return list(await conn.fetch(_pg(sql), *params))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query for one row."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def ping(self) -> None:
        """Return once the server answers; a statement answered within ANSWERED_S is the answer.

        /healthz asks every second. Under a burst its `SELECT 1` queued behind the turns for a
        connection, past the readiness timeout, and HAProxy took a busy but healthy process out
        of rotation: the other process got every Slack turn (issue 18's bimodal burst).
        """
        if time.monotonic() - self._answered_at < ANSWERED_S:
            return
        await self.fetchone("SELECT 1")

    async def run(self, body: Callable[[Tx], Awaitable[T]]) -> T:
        """`body` in one transaction on one pooled connection (no lock shared with others)."""
        with self._mapped_errors():
            async with self._connection() as conn, conn.transaction():
                return await body(_PgTx(conn))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """`async with db.transaction() as tx:` (scripts and tests)."""
        with self._mapped_errors():
            async with self._connection() as conn, conn.transaction():
                yield _PgTx(conn)

    async def applied_migrations(self) -> list[str]:
        """Ids of the migrations already applied."""
        with self._mapped_errors():
            async with self._connection() as conn:
                exists = await conn.fetchval("SELECT to_regclass('schema_migrations')")
                if exists is None:
                    return []
                rows = await conn.fetch("SELECT id FROM schema_migrations")
        return sorted(str(r[0]) for r in rows)

    async def migrate(self, migrations: Sequence[tuple[str, str]] | None = None) -> list[str]:
        """Apply every pending migration, each in one transaction under the advisory lock.

        PostgreSQL's DDL is transactional, so a failed migration leaves the previous version;
        the lock makes a second process wait and then find the migration applied. A schema
        the URL names is created first when it is missing and the role may.
        """
        pending = migrations if migrations is not None else available_migrations("postgres")
        await self._ensure_schema(self._schema)
        applied: list[str] = []
        for mig_id, sql in pending:
            try:
                async with self._connection() as conn, conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS schema_migrations"
                        " (id TEXT PRIMARY KEY, applied_at DOUBLE PRECISION)"
                    )
                    if await conn.fetchval("SELECT 1 FROM schema_migrations WHERE id = $1", mig_id):
                        continue
                    await conn.execute(sql)
                    await conn.execute(
                        "INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)",
                        mig_id,
                        time.time(),
                    )
            except _ENGINE_ERRORS as exc:
                detail = describe_postgres_error(self._target, exc, secret=self._secret)
                raise StorageError(
                    f"Migration {mig_id} failed, nothing of it kept: {detail}"
                ) from None
            log.info("storage.migrated", migration=mig_id)
            applied.append(mig_id)
        return applied

    async def _ensure_schema(self, schema: str | None) -> None:
        """A schema to create tables in, or one line saying why there is none.

        An operator's role often owns one schema (PostgreSQL 15 lets no one create in `public`
        by default); a search_path naming a missing schema gets it created when the role may.
        """
        with self._mapped_errors():
            async with self._connection() as conn, conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                current, path, role = await conn.fetchrow(
                    "SELECT current_schema(), current_setting('search_path'), current_user"
                )
                if current is not None:
                    return
                if schema is None:
                    raise StorageError(
                        f"PostgreSQL at {self._target}: no schema on the search_path ({path}) "
                        f"exists for role {role} to create tables in; create one it owns "
                        f"(CREATE SCHEMA {role} AUTHORIZATION {role}) or name one in the URL."
                    )
                quoted = '"' + schema.replace('"', '""') + '"'
                try:
                    await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
                except asyncpg.InsufficientPrivilegeError:
                    raise StorageError(
                        f"PostgreSQL at {self._target}: the schema {schema} named by the URL "
                        f"does not exist and role {role} may not create it; create it "
                        f"(CREATE SCHEMA {quoted} AUTHORIZATION {role}) or name an existing one."
                    ) from None
                log.info("storage.schema_created", schema=schema)

    async def close(self) -> None:
        """Close every pooled connection (waiting for none longer than the connect timeout)."""
        waits = self.waits
        log.info(
            "storage.pool_waits",
            acquired=waits.acquired,
            waited_ms=round(waits.waited_s * 1000),
            longest_ms=round(waits.longest_s * 1000, 1),
            slow=waits.slow,
            peak_size=waits.peak_size,
            releasing_ms=round(waits.releasing_s * 1000),
            sites=waits.busiest(),
        )
        try:
            await self._pool.close()
        except _ENGINE_ERRORS as exc:
            log.warning("storage.close_failed", error=type(exc).__name__)
