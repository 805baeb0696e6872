"""Choosing PostgreSQL with one setting, and what an operator sees when it is unusable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from bot.errors import ConfigError, StorageError
from bot.settings import load_settings
from bot.storage.connect import open_database
from bot.storage.postgres import PostgresDatabase
from bot.storage.sql_store import SqlStore
from bot.storage.sqlite import SqliteDatabase
from tests.conftest import cli_env
from tests.faults.harness import ForkServer
from tests.postgres_cluster import Cluster

PASSWORD = "hunter2-never-shown"


def test_password_in_a_config_file_url_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A database URL holding a password in TOML is refused like every secret, never echoed."""
    extra = tmp_path / "site.toml"
    extra.write_text(f'database_url = "postgresql://mca:{PASSWORD}@db:5432/mca"\n')
    monkeypatch.setenv("MCA_CONFIG", str(extra))
    with pytest.raises(ConfigError, match="MCA_DATABASE_URL") as info:
        load_settings()
    assert PASSWORD not in info.value.message


def test_url_without_password_in_a_config_file_selects_postgres(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`database_url` without a password may live in TOML (peer or .pgpass authentication)."""
    extra = tmp_path / "site.toml"
    extra.write_text('database_url = "postgresql://mca@db:5432/mca"\n')
    monkeypatch.setenv("MCA_CONFIG", str(extra))
    assert load_settings().database_url_value == "postgresql://mca@db:5432/mca"


def test_url_password_from_the_environment_is_hidden_and_redacted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """MCA_DATABASE_URL is read from the env; its password is in no repr and goes to the redactor."""
    monkeypatch.setenv("MCA_DATABASE_URL", f"postgresql://mca:{PASSWORD}@db:5432/mca")
    settings = load_settings()
    assert settings.database_url_value == f"postgresql://mca:{PASSWORD}@db:5432/mca"
    assert PASSWORD not in repr(settings)
    assert PASSWORD not in str(settings.model_dump())
    assert PASSWORD in settings.secret_values()


async def test_no_url_keeps_the_embedded_sqlite_store(tmp_path: Path) -> None:
    """With no database URL the store is the SQLite file in the data folder, as before."""
    db = await open_database(url=None, path=tmp_path / "mca.sqlite3")
    try:
        assert isinstance(db, SqliteDatabase)
        assert (tmp_path / "mca.sqlite3").exists()
    finally:
        await db.close()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"postgresql://mca:{PASSWORD}@127.0.0.1:1/mca", "Cannot reach PostgreSQL"),
        (f"postgresql://mca:{PASSWORD}@127.0.0.1:notaport/mca", "malformed"),
        (f"mysql://mca:{PASSWORD}@127.0.0.1/mca", "not a postgresql:// URL"),
    ],
    ids=["unreachable", "malformed", "other-engine"],
)
def test_unusable_database_url_exits_74_with_one_line_and_no_password(
    tmp_path: Path, url: str, says: str, fork_server: ForkServer
) -> None:
    """A wrong URL or a server that is down: exit 74, one clear line, no traceback, no password."""
    done = fork_server.cli(["migrate"], cli_env(tmp_path / "data", MCA_DATABASE_URL=url))
    err, out = done.stderr.decode(), done.stdout.decode()
    assert done.returncode == 74, err
    assert says in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err + out
    assert PASSWORD not in err + out


async def test_missing_database_is_named_in_one_line(postgres_cluster: Cluster) -> None:
    """A server that has no such database says so (create it first), and nothing is created."""
    with pytest.raises(StorageError, match="does not exist") as info:
        await PostgresDatabase.open(postgres_cluster.url("no_such_database"))
    assert "\n" not in str(info.value)


async def test_an_sqlalchemy_style_url_with_a_driver_opens_the_same_database(
    postgres_cluster: Cluster,
) -> None:
    """`postgresql+asyncpg://` (as operators copy it from SQLAlchemy apps) reaches the server."""
    url = postgres_cluster.fresh_database()
    styled = url.replace("postgresql://", "postgresql+asyncpg://", 1)
    assert styled != url
    db = await PostgresDatabase.open(styled)
    try:
        assert db.target.startswith("postgresql://")
        store = SqlStore(db)
        learner = await store.upsert_learner("t", "u-driver")
        assert learner.id
    finally:
        await db.close()
        postgres_cluster.drop(url)


async def test_lost_connection_is_a_storage_error_then_the_pool_recovers(
    postgres_cluster: Cluster,
) -> None:
    """A connection the server dropped mid-work fails that call cleanly; the next call works."""
    url = postgres_cluster.fresh_database()
    db = await PostgresDatabase.open(url, min_size=1, max_size=1)
    try:
        store = SqlStore(db)
        learner = await store.upsert_learner("t", "u1")
        thread = await store.create_thread(platform="t", external_id="th", learner_id=learner.id)
        name = url.rsplit("/", 1)[-1]
        postgres_cluster.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            f" WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        with pytest.raises(StorageError, match="lost") as info:
            await store.add_learner_turn(thread.id, "lost in transit?", language="en")
        assert "\n" not in str(info.value)
        turn = await store.add_learner_turn(thread.id, "kept", language="en")
        kept = await store.recent_messages(thread.id, 10)
        assert turn in [m.id for m in kept]
    finally:
        await db.close()
        postgres_cluster.drop(url)


def test_one_setting_moves_the_bot_to_postgres(
    postgres_cluster: Cluster, tmp_path: Path, fork_server: ForkServer
) -> None:
    """With MCA_DATABASE_URL set, a CLI turn lands in PostgreSQL and no SQLite file is made."""
    url = postgres_cluster.fresh_database(migrated=False)
    data_dir = tmp_path / "data"
    try:
        done = fork_server.cli(  # its own process, forked from the warm server
            ["ask", "How do I find what blocks my event loop?"],
            cli_env(data_dir, MCA_DATABASE_URL=url),
            timeout_s=120,
        )
        assert done.returncode == 0, done.stderr.decode()
        counted = subprocess.run(
            ["psql", "-X", "-At", "-d", url, "-c", "SELECT author FROM messages ORDER BY id"],
            capture_output=True,
            check=True,
            timeout=60,
        )
        assert counted.stdout.decode().split() == ["learner", "mentor"]
        assert not (data_dir / "mca.sqlite3").exists()
    finally:
        postgres_cluster.drop(url)


async def test_connection_lost_before_the_reply_keeps_the_turn_for_recovery(
    postgres_cluster: Cluster,
) -> None:
    """A turn accepted before the server dropped us stays pending: recovery still answers it."""
    url = postgres_cluster.fresh_database()
    db = await PostgresDatabase.open(url, min_size=1, max_size=1)
    try:
        store = SqlStore(db)
        learner = await store.upsert_learner("slack", "U1")
        thread = await store.create_thread(platform="slack", external_id="T", learner_id=learner.id)
        turn = await store.add_learner_turn(thread.id, "accepted, then the link died", language="en")
        await store.outbox.accept(turn, "slack")
        name = url.rsplit("/", 1)[-1]
        postgres_cluster.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            f" WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        with pytest.raises(StorageError, match="lost"):
            await store.add_reply(
                thread_id=thread.id, reply_to=turn, text="never stored", language="en",
                engine="offline", role="mentor", topics=(),
            )  # fmt: skip
        unfinished = await store.outbox.unfinished("slack")
        assert [(u.turn_id, u.reply_id) for u in unfinished] == [(turn, None)]
    finally:
        await db.close()
        postgres_cluster.drop(url)


async def test_the_log_names_the_store_without_its_password(postgres_cluster: Cluster) -> None:
    """The start-up log says which engine and server are used; a password never reaches it."""
    url = postgres_cluster.fresh_database()
    parts = url.split("://", 1)
    with_password = f"{parts[0]}://postgres:{PASSWORD}@{parts[1].split('@', 1)[1]}"
    try:
        with capture_logs() as logs:
            db = await open_database(url=with_password, path=Path("unused"))
            await db.close()
    finally:
        postgres_cluster.drop(url)
    opened = [e for e in logs if e["event"] == "storage.opened"]
    assert [(e["engine"], e["target"]) for e in opened] == [("postgres", db.target)]
    assert db.target.startswith("postgresql://postgres@127.0.0.1:")
    assert PASSWORD not in repr(logs)
