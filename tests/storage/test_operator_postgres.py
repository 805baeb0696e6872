"""The bot on an operator's own PostgreSQL: a plain role, its own schema, a real password.

One server for this module (its logins need a password, and one test restarts it): the role
`mca_app` is no superuser, may only CONNECT to its database and CREATE in the schema it owns
(PostgreSQL 15's default: nobody creates in `public`), and its password is full of characters
a URL must escape.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from bot.errors import StorageError
from bot.storage.database import available_migrations
from bot.storage.pg_url import read_url
from bot.storage.postgres import PostgresDatabase
from bot.storage.sql_store import SqlStore
from tests.conftest import REPO_ROOT, cli_env
from tests.faults.harness import ForkServer
from tests.postgres_cluster import Cluster, server_binaries, start_cluster

ROLE = "mca_app"
PASSWORD = "p@ss:w/rd?#%&= ü+;"
"""Every character here must be escaped in a URL's password."""
MIGRATIONS = [m for m, _ in available_migrations("postgres")]


@pytest.fixture(scope="module")
def server() -> Iterator[Cluster]:
    """A server of our own whose logins of ROLE need its password (scram), as in production."""
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl; apt-get install postgresql)")
    cluster = start_cluster(binaries)
    try:
        cluster.sql(
            f"CREATE ROLE {ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{PASSWORD}'"
        )
        cluster.require_password(ROLE)
        yield cluster
    finally:
        cluster.shutdown()


class Site:
    """One database on `server` as an operator sets it up for the bot's role."""

    count = 0

    def __init__(self, cluster: Cluster, *, own_schema: str | None = ROLE) -> None:
        Site.count += 1
        self.cluster = cluster
        self.name = f"site_{Site.count}"
        cluster.sql(f"CREATE DATABASE {self.name}")
        cluster.sql(f"REVOKE ALL ON DATABASE {self.name} FROM PUBLIC")
        cluster.sql(f"GRANT CONNECT ON DATABASE {self.name} TO {ROLE}")
        self.admin("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        if own_schema:
            self.admin(f"CREATE SCHEMA {own_schema} AUTHORIZATION {ROLE}")

    def admin(self, statement: str) -> str:
        """Run a statement as the server's superuser in this database; its output."""
        return subprocess.run(
            ["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.cluster.url(self.name),
             "-c", statement],
            check=True, capture_output=True, text=True, timeout=60,
        ).stdout.strip()  # fmt: skip

    def url(self, query: str = "", *, scheme: str = "postgresql") -> str:
        """The bot's URL: ROLE with its escaped password."""
        port = urlsplit(self.cluster.admin_url).port
        tail = f"?{query}" if query else ""
        return f"{scheme}://{ROLE}:{quote(PASSWORD, safe='')}@127.0.0.1:{port}/{self.name}{tail}"

    def tables(self, schema: str) -> set[str]:
        """The tables the bot made in `schema`."""
        out = self.admin(f"SELECT tablename FROM pg_tables WHERE schemaname = '{schema}'")
        return set(out.split())


def cli(
    server: ForkServer, tmp_path: Path, url: str, *command: str
) -> subprocess.CompletedProcess[str]:
    """`mca-bot <command>` on `url`, as an operator runs it: a process of its own, forked from
    the session's fork server (the bot imported once, not a fresh interpreter per command)."""
    done = server.cli(
        list(command),
        {**cli_env(tmp_path / "data", MCA_DATABASE_URL=url), "PYTHONPATH": str(REPO_ROOT)},
        timeout_s=180,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def assert_one_line_74(done: subprocess.CompletedProcess[str], says: str) -> None:
    """Exit 74, one line naming the trouble (beside JSON logs), no traceback, no password."""
    assert done.returncode == 74, done.stderr
    said = [line for line in done.stderr.splitlines() if not line.startswith("{")]  # not logs
    assert len(said) == 1, done.stderr
    assert says in said[0]
    assert "Traceback" not in done.stderr + done.stdout
    for secret in (PASSWORD, quote(PASSWORD, safe="")):
        assert secret not in done.stderr + done.stdout


@pytest.mark.parametrize(
    ("scheme", "query"),
    [
        ("postgresql", ""),
        ("postgres", ""),
        ("postgresql", "sslmode=disable"),
        ("postgresql", "sslmode=prefer&connect_timeout=10&application_name=mca-bot"),
        ("postgresql", "keepalives=1&keepalives_idle=30&target_session_attrs=read-write"),
        ("postgresql+asyncpg", "sslmode=disable"),
    ],
    ids=["postgresql", "postgres", "sslmode", "libpq-timeouts", "libpq-keepalives", "driver"],
)
async def test_operator_url_forms_migrate_and_store_as_a_plain_role(
    server: Cluster, scheme: str, query: str
) -> None:
    """Every URL psql accepts works: escaped password, libpq parameters; tables in the role's schema."""
    site = Site(server)
    db = await PostgresDatabase.open(site.url(query, scheme=scheme))
    try:
        assert await db.applied_migrations() == MIGRATIONS
        store = SqlStore(db)
        learner = await store.upsert_learner("slack", "U-op")
        thread = await store.create_thread(platform="slack", external_id="T", learner_id=learner.id)
        turn = await store.add_learner_turn(thread.id, "stored as a plain role?", language="en")
        assert turn in [m.id for m in await store.recent_messages(thread.id, 5)]
    finally:
        await db.close()
    assert {"learners", "messages", "inbox", "schema_migrations"} <= site.tables(ROLE)
    assert site.tables("public") == set()


@pytest.mark.parametrize(
    "query",
    ["options=-c%20search_path%3Dbot_data", "search_path=bot_data", "schema=bot_data"],
    ids=["options", "search_path", "schema"],
)
async def test_schema_named_in_the_url_holds_the_tables(server: Cluster, query: str) -> None:
    """A schema the URL names (libpq options, a search_path or schema parameter) gets every table."""
    site = Site(server, own_schema="bot_data")
    db = await PostgresDatabase.open(site.url(query))
    try:
        assert await db.applied_migrations() == MIGRATIONS
        await SqlStore(db).upsert_learner("discord", "42")
    finally:
        await db.close()
    assert {"learners", "messages", "schema_migrations"} <= site.tables("bot_data")
    assert site.admin("SELECT count(*) FROM bot_data.learners") == "1"


async def test_schema_set_on_the_role_is_used(server: Cluster) -> None:
    """A search_path the operator set on the role itself (ALTER ROLE ... SET) is where tables go."""
    site = Site(server, own_schema="by_role")
    site.admin(f"ALTER ROLE {ROLE} IN DATABASE {site.name} SET search_path = by_role")
    db = await PostgresDatabase.open(site.url())
    await db.close()
    assert "learners" in site.tables("by_role")


async def test_missing_named_schema_is_created_when_the_role_may(server: Cluster) -> None:
    """A schema the URL names but nobody made is created, if the role may create schemas."""
    site = Site(server, own_schema=None)
    server.sql(f"GRANT CREATE ON DATABASE {site.name} TO {ROLE}")
    db = await PostgresDatabase.open(site.url("schema=mentor"))
    await db.close()
    assert "learners" in site.tables("mentor")
    assert site.admin("SELECT nspowner::regrole FROM pg_namespace WHERE nspname = 'mentor'") == ROLE


def test_missing_named_schema_the_role_cannot_create_exits_74(
    server: Cluster, tmp_path: Path, fork_server: ForkServer
) -> None:
    """A schema the URL names that is missing and not creatable: exit 74, one line naming it."""
    site = Site(server)
    done = cli(fork_server, tmp_path, site.url("search_path=elsewhere"), "migrate")
    assert_one_line_74(done, "the schema elsewhere named by the URL does not exist")


def test_no_schema_the_role_may_write_exits_74(
    server: Cluster, tmp_path: Path, fork_server: ForkServer
) -> None:
    """A role with no schema of its own and no CREATE on public: exit 74, one line saying so."""
    site = Site(server, own_schema=None)
    site.admin(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    done = cli(fork_server, tmp_path, site.url(), "migrate")
    assert_one_line_74(done, "needs CREATE on its schema")


def test_wrong_password_exits_74_without_echoing_it(
    server: Cluster, tmp_path: Path, fork_server: ForkServer
) -> None:
    """A password the server refuses: exit 74, one line, neither password shown."""
    site = Site(server)
    wrong = site.url().replace(quote(PASSWORD, safe=""), quote(PASSWORD + "x", safe=""))
    done = cli(fork_server, tmp_path, wrong, "migrate")
    assert_one_line_74(done, "refused the login")


def test_two_processes_migrating_at_once_both_start(server: Cluster, tmp_path: Path) -> None:
    """Two bots started together on an empty database: both exit 0, each migration applied once."""
    site = Site(server)
    env = cli_env(tmp_path / "data", MCA_DATABASE_URL=site.url())
    both = [
        subprocess.Popen(  # our own CLI
            [sys.executable, "-m", "bot", "migrate"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=180), p.stderr.read() if p.stderr else "") for p in both]
    assert [code for code, _ in results] == [0, 0], results
    ids = site.admin(f"SELECT id FROM {ROLE}.schema_migrations ORDER BY id").split()
    assert ids == MIGRATIONS


@pytest.mark.parametrize(
    "version",
    ["0001_initial", "0350_slack_events", MIGRATIONS[-2]],
    ids=["first", "middle", "previous"],
)
async def test_database_of_an_older_bot_upgrades_and_keeps_its_turns(
    server: Cluster, tmp_path: Path, version: str, fork_server: ForkServer
) -> None:
    """A database an older bot left (at an earlier migration) upgrades in place, turns kept."""
    site = Site(server)
    older = available_migrations("postgres")[: MIGRATIONS.index(version) + 1]
    old = await PostgresDatabase.open(site.url(), migrations=older)
    async with old.transaction() as tx:
        await tx.execute(
            "INSERT INTO learners (id, platform, external_id, created_at) VALUES (1, 'slack', 'U', 0)"
        )
        await tx.execute(
            "INSERT INTO threads (id, platform, external_id, learner_id, created_at, updated_at)"
            " VALUES (1, 'slack', 'T', 1, 0, 0)"
        )
        await tx.execute(
            "INSERT INTO messages (thread_id, author, text, created_at)"
            " VALUES (1, 'learner', 'asked under the old bot', 0)"
        )
    await old.close()
    done = cli(fork_server, tmp_path, site.url(), "migrate")
    assert done.returncode == 0, done.stderr
    assert site.admin(f"SELECT id FROM {ROLE}.schema_migrations ORDER BY id").split() == MIGRATIONS
    assert site.admin(f"SELECT text FROM {ROLE}.messages") == "asked under the old bot"


async def test_server_restart_while_running_the_pool_reconnects_and_keeps_the_turn(
    server: Cluster,
) -> None:
    """The server restarts under a running bot: calls work again after it, the accepted turn waits."""
    site = Site(server)
    db = await PostgresDatabase.open(site.url(), min_size=4, max_size=4)
    try:
        store = SqlStore(db)
        learner = await store.upsert_learner("slack", "U1")
        thread = await store.create_thread(platform="slack", external_id="T", learner_id=learner.id)
        turn = await store.add_learner_turn(thread.id, "accepted before the restart", language="en")
        await store.outbox.accept(turn, "slack")
        await asyncio.to_thread(server.stop_server)
        try:
            with pytest.raises(StorageError, match=r"Cannot reach|lost") as info:
                await store.recent_messages(thread.id, 5)
            assert "\n" not in str(info.value)
        finally:
            await asyncio.to_thread(server.start_server)
        for n in range(8):  # every pooled connection, each once
            await store.upsert_learner("slack", f"U-after-{n}")
        unfinished = await store.outbox.unfinished("slack")
        assert [(u.turn_id, u.reply_id) for u in unfinished] == [(turn, None)]
    finally:
        await db.close()


def test_url_parameters_of_libpq_only_are_not_sent_as_server_settings() -> None:
    """libpq's client-side parameters are taken or dropped, never sent to the server as settings."""
    read = read_url(
        "postgresql://u@h/db?sslmode=require&connect_timeout=7&keepalives=1"
        "&fallback_application_name=x&options=-c%20search_path%3Da,b"
    )
    query = urlsplit(read.dsn).query
    assert "sslmode=require" in query
    assert "keepalives" not in query
    assert "connect_timeout" not in query
    assert read.connect_timeout_s == 7
    assert read.server_settings == {"application_name": "x"}
    assert read.first_schema == "a"
    assert read.ignored == ("keepalives",)
