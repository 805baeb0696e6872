"""Open the configured database: PostgreSQL when a URL is set, else the embedded SQLite file."""

from __future__ import annotations

from pathlib import Path

import structlog

from bot.storage.database import Database, available_migrations
from bot.storage.sqlite import SqliteDatabase

log = structlog.get_logger()


async def open_database(
    *,
    url: str | None,
    path: Path,
    busy_timeout_s: float = 5.0,
    pool_size: int = 20,
    warm_pool: bool = False,
    migrate: bool = True,
) -> Database:
    """The store's database, migrated; StorageError (exit 74) when it cannot be used.

    `warm_pool` (the running bot) opens PostgreSQL's `pool_size` connections before the first
    turn: grown lazily, a burst also paid the connections' start-up while statements queued.
    """
    db: Database
    if url:
        from bot.storage.postgres import PostgresDatabase  # noqa: PLC0415  # asyncpg only if used

        db = await PostgresDatabase.open(
            url, migrate=migrate, min_size=pool_size if warm_pool else 1, max_size=pool_size
        )
    else:
        db = await SqliteDatabase.open(path, busy_timeout_s=busy_timeout_s, migrate=migrate)
    log.info("storage.opened", engine=db.dialect, target=db.target)  # never the password
    ahead = await newer_migrations(db)
    if ahead:
        log.warning(
            "storage.schema_newer_than_code",
            migrations=ahead,
            hint="another process or host runs newer code on this database: upgrade this one",
        )
    return db


async def newer_migrations(db: Database) -> list[str]:
    """Migrations the database has and this code does not ship: a newer release migrated it.

    In a rolling upgrade over several hosts the old processes still start (their tables are
    there), so this is a warning, not a refusal; but an operator must see which processes are
    behind, since an old process writes without the newer columns' defaults in mind.
    """
    known = {mig_id for mig_id, _ in available_migrations(db.dialect)}
    return [mig_id for mig_id in await db.applied_migrations() if mig_id not in known]
