"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temp dir, a socket and a port.

`make test` (and so CI) installs PostgreSQL when it is missing; in CI a missing server fails
the run, elsewhere the PostgreSQL half of the store tests is skipped with the reason. Set
TEST_POSTGRES_URL (a server and a user allowed to create databases) to use a server of your own.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

TEMPLATE = "mca_template"
"""A database with every migration applied, copied for each test (CREATE DATABASE ... TEMPLATE)."""


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl (PATH first, then Debian's versioned folders)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


STATEMENT_STATS = ("shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=top")
"""Server settings for the benches: every top-level statement counted (`start_cluster(settings=)`)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running server: `admin_url` may create and drop databases."""

    admin_url: str
    stop: list[list[str]] = field(default_factory=list)
    folder: Path | None = None
    start: list[str] = field(default_factory=list)
    """The command that started the server (empty for TEST_POSTGRES_URL's server)."""
    _names: itertools.count[int] = field(default_factory=itertools.count)

    def url(self, database: str) -> str:
        """The URL of one database on this server."""
        parts = urlsplit(self.admin_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))

    def sql(self, statement: str) -> None:
        """Run one admin statement (psql, so no event loop is involved)."""
        subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.admin_url, "-c", statement],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def number(self, query: str) -> float:
        """One number from an admin query (psql), for the benches' counters."""
        out = subprocess.run(
            ["psql", "-X", "-A", "-t", "-d", self.admin_url, "-c", query],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        return float(out.strip() or 0)

    def statements_run(self, database: str) -> int:
        """Top-level statements run on `database` since the last pg_stat_statements reset.

        Each is one round trip between a client and the server (BEGIN and COMMIT count; the
        server must run with STATEMENT_STATS and the extension created in the admin database).
        """
        return int(
            self.number(
                "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements WHERE dbid ="
                f" (SELECT oid FROM pg_database WHERE datname = '{database}')"
            )
        )

    def prepare_template(self) -> None:
        """Create the template database and migrate it with the bot's own runner."""
        self.sql(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        self.sql(f"CREATE DATABASE {TEMPLATE}")
        code = (
            "import asyncio, sys\n"
            "from bot.storage.postgres import PostgresDatabase\n"
            "async def main():\n"
            "    db = await PostgresDatabase.open(sys.argv[1])\n"
            "    await db.close()\n"
            "asyncio.run(main())\n"
        )
        subprocess.run(
            [sys.executable, "-c", code, self.url(TEMPLATE)], check=True, timeout=120
        )

    def fresh_database(self, *, migrated: bool = True) -> str:
        """A new database for one test (migrated, or empty for the migration tests)."""
        name = f"mca_test_{os.getpid()}_{next(self._names)}"
        template = TEMPLATE if migrated else "template0"
        self.sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop a test's database (closing what a failed test left connected)."""
        name = urlsplit(url).path.lstrip("/")
        with contextlib.suppress(subprocess.SubprocessError):
            self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop_server(self) -> None:
        """Stop the server as an operator does (fast: sessions ended, commits kept).

        (Not `immediate`: this cluster runs without fsync, so a crash would lose commits.)
        """
        assert self.start, "only a cluster these tests started can be stopped and started"
        stop = [*self.start[: self.start.index("-o")], "-m", "fast", "-w", "stop"]
        subprocess.run(stop, check=True, capture_output=True, timeout=60)

    def start_server(self) -> None:
        """Start the stopped server again, on the same port and folder."""
        subprocess.run(self.start, check=True, capture_output=True, timeout=90)

    def restart(self, *, down_s: float = 0.0) -> None:
        """Stop the server, stay down `down_s`, start it again."""
        self.stop_server()
        time.sleep(down_s)
        self.start_server()

    def require_password(self, role: str) -> None:
        """Logins of `role` over TCP must give its password (scram), as on an operator's server."""
        assert self.folder is not None, "only a cluster these tests started has a pg_hba.conf"
        hba = self.folder / "data" / "pg_hba.conf"
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        self.sql("SELECT pg_reload_conf()")

    def shutdown(self) -> None:
        """Stop the server and delete its folder."""
        for command in self.stop:
            subprocess.run(command, check=False, capture_output=True, timeout=60)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(binaries: Path, *, settings: Sequence[str] = ()) -> Cluster:
    """initdb + pg_ctl start in a temp dir, as the `postgres` user when we are root.

    `settings`: extra server settings (`name=value`), e.g. the benches' pg_stat_statements.
    """
    folder = Path(tempfile.mkdtemp(prefix="mca-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to `postgres`
        owner = pwd.getpwnam("postgres")
        folder.chmod(0o755)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        os.chown(sockets, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(
        [*as_user, str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
         "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    options = (
        f"-k {sockets} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        + "".join(f" -c {setting}" for setting in settings)
    )
    pg_ctl = [*as_user, str(binaries / "pg_ctl"), "-D", str(data)]
    start = [*pg_ctl, "-o", options, "-l", str(folder / "server.log"), "-w", "-t", "60", "start"]
    subprocess.run(start, check=True, capture_output=True, timeout=90)
    return Cluster(
        admin_url=f"postgresql://postgres@127.0.0.1:{port}/postgres",
        stop=[[*pg_ctl, "-m", "immediate", "-w", "stop"]],
        folder=folder,
        start=start,
    )
