"""The database port: what every repository needs from SQLite or PostgreSQL, and nothing more.

Repositories write one SQL dialect, the subset both engines share: `?` placeholders (the
PostgreSQL adapter numbers them), `INSERT ... ON CONFLICT ... DO NOTHING / DO UPDATE`,
`RETURNING`, and no engine-specific words. A transaction is an async body given a `Tx`; it may
await only the `Tx`'s methods, so SQLite runs it whole in one trip to its connection thread
(the shape that removed the lock convoy, issue 8) and PostgreSQL on one pooled connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import parse_qs, urlsplit, urlunsplit

T = TypeVar("T")
Dialect = Literal["sqlite", "postgres"]
Params = Sequence[Any]


class Row(Protocol):
    """A result row, read by column name or position (sqlite3.Row, asyncpg.Record)."""

    def __getitem__(self, key: int | str, /) -> Any:
        """The value of one column."""
        ...

    def keys(self) -> Iterable[str]:
        """Column names, so `dict(row)` works on both engines."""
        ...


@dataclass(frozen=True, slots=True)
class Written:
    """What a lone write statement did (use RETURNING for generated ids)."""

    rowcount: int


class Tx(Protocol):
    """One open transaction: the statements a transaction body runs."""

    @property
    def for_update(self) -> str:
        """' FOR UPDATE' on PostgreSQL (row lock for read-then-write), '' on SQLite.

        SQLite needs none: its transactions start with BEGIN IMMEDIATE, one writer at a time.
        """
        ...

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the rows it changed."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement once per parameter row."""
        ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query (or a write with RETURNING) and return its rows."""
        ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query, None when there is none."""
        ...


class Database(Protocol):
    """An open database: lone statements, reads, and whole transactions (`run`)."""

    @property
    def dialect(self) -> Dialect:
        """Which engine: 'sqlite' or 'postgres'."""
        ...

    @property
    def target(self) -> str:
        """Where the data lives, safe to log (a path, or a URL without its password)."""
        ...

    async def execute(self, sql: str, params: Params = ()) -> Written:
        """One write statement, atomic on its own."""
        ...

    async def returning(self, sql: str, params: Params = ()) -> list[Row]:
        """One write statement with RETURNING (atomic on its own): its rows."""
        ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a read query."""
        ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a read query for one row."""
        ...

    async def ping(self) -> None:
        """Return once the database answers (readiness); StorageError when it cannot."""
        ...

    async def run(self, body: Callable[[Tx], Awaitable[T]]) -> T:
        """`body` as one transaction, committed when it returns, rolled back when it raises.

        `body` may await only its `Tx` (SQLite runs it without an event loop; see the module
        doc). Errors of the engine leave as StorageError; the body's own exceptions pass through.
        """
        ...

    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        """`async with db.transaction() as tx:` for scripts and tests (the bot uses `run`)."""
        ...

    async def migrate(self, migrations: Sequence[tuple[str, str]] | None = None) -> list[str]:
        """Apply every pending migration, each atomically; return the ids applied."""
        ...

    async def applied_migrations(self) -> list[str]:
        """Ids of the migrations already applied."""
        ...

    async def close(self) -> None:
        """Release the connection(s)."""
        ...


def available_migrations(dialect: Dialect = "sqlite") -> list[tuple[str, str]]:
    """(id, sql) for every migration shipped for `dialect`, in order.

    One ordered list of ids, one file per id and dialect: `migrations/NNNN_name.sql` for SQLite
    and `migrations/postgres/NNNN_name.sql` for PostgreSQL (tests check that the ids match).
    """
    folder = resources.files("bot.storage") / "migrations"
    if dialect == "postgres":
        folder = folder / "postgres"
    items = [
        (f.name.removesuffix(".sql"), f.read_text("utf-8"))
        for f in folder.iterdir()
        if f.name.endswith(".sql")
    ]
    return sorted(i for i in items if not i[0].startswith("_") and i[0][0].isdigit())


def marks(count: int) -> str:
    """`?, ?, ?` for an IN list of `count` values (at least one)."""
    return ", ".join("?" for _ in range(max(count, 1)))


def split_sql(script: str) -> list[str]:
    """Split a migration into statements (ours contain no semicolons inside strings)."""
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def numbered_placeholders(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, ...` (a `?` inside quotes is left alone)."""
    return "".join(_numbered(sql))


def _numbered(sql: str) -> Iterator[str]:
    count = 0
    quote = ""
    for char in sql:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            count += 1
            yield f"${count}"
            continue
        yield char


def redact_url(url: str) -> str:
    """The URL without its password: `postgresql://mca@db:5432/mca`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an unreadable database URL)"
    hostport = parts.netloc.rsplit("@", 1)[-1]  # as written: a port that is no number too
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, f"{user}{hostport}", parts.path, "", ""))


def url_password(url: str) -> str | None:
    """The password a database URL holds, if any (for refusing it in files and for redaction)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.password:
        return parts.password
    # libpq and asyncpg also read `?password=...` (review14 X21: not refused in a TOML file)
    given = parse_qs(parts.query).get("password")
    return given[0] if given and given[0] else None
