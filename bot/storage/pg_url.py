"""An operator's libpq-style PostgreSQL URL, read into what asyncpg's pool takes.

asyncpg reads most of libpq's URL (user, an escaped password, host, port, `sslmode` and the
ssl files, `target_session_attrs`) but sends every query parameter it does not know to the
server as a setting, so a URL that works with psql (`?connect_timeout=10&keepalives=1`) fails
with "unrecognized configuration parameter". Here libpq's client-side parameters are taken
(`connect_timeout`) or dropped with a log line, and a schema named by the URL (`schema=`,
`currentSchema=`, `search_path=` or `options=-c search_path=...`) becomes the search_path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import structlog

log = structlog.get_logger()

CLIENT_ONLY = frozenset(
    {
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
        "gssencmode",
        "gssdelegation",
        "channel_binding",
        "require_auth",
        "requiressl",
        "sslcompression",
        "sslsni",
        "sslcertmode",
        "load_balance_hosts",
        "replication",
        "requirepeer",
        "krbsrvname",
        "gsslib",
    }
)
"""libpq parameters that configure the client side only: no server setting of that name exists.

asyncpg reads `krbsrvname`/`gsslib` itself but only with GSSAPI support installed: dropped too.
"""

SCHEMA_KEYS = ("schema", "currentschema", "search_path")
"""URL parameters other tools use to name the schema (Prisma, JDBC, a server setting)."""

_OPTIONS_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*(\S+)")


@dataclass(frozen=True)
class PostgresTarget:
    """What to hand asyncpg: the URL it understands, plus settings read out of the query."""

    dsn: str
    connect_timeout_s: float | None = None
    search_path: str | None = None
    server_settings: dict[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()

    @property
    def first_schema(self) -> str | None:
        """The schema tables are created in when the URL names a search_path."""
        if not self.search_path:
            return None
        first = self.search_path.split(",", 1)[0].strip().strip('"')
        return first or None


def read_url(url: str) -> PostgresTarget:
    """Split libpq's client-side parameters and a named schema out of a PostgreSQL URL."""
    parts = urlsplit(url)
    if not parts.query:
        return PostgresTarget(dsn=url)
    kept: list[tuple[str, str]] = []
    ignored: list[str] = []
    timeout: float | None = None
    search_path: str | None = None
    named: str | None = None
    settings: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        name = key.lower()
        if name == "connect_timeout":
            timeout = _seconds(value)
        elif name in CLIENT_ONLY:
            ignored.append(key)
        elif name == "fallback_application_name":
            settings.setdefault("application_name", value)
        elif name == "application_name":
            settings["application_name"] = value
        elif name in SCHEMA_KEYS:
            search_path = value
        elif name == "options":  # sent in the start-up packet; the server reads its -c flags
            found = _OPTIONS_SEARCH_PATH.search(value)
            if found:
                named = found.group(1).replace("\\", "")
            kept.append((key, value))
        else:
            kept.append((key, value))
    dsn = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))
    if search_path:
        settings["search_path"] = search_path
    if ignored:
        log.info("storage.url_options_ignored", options=",".join(ignored))
    return PostgresTarget(
        dsn=dsn,
        connect_timeout_s=timeout,
        search_path=search_path or named,
        server_settings=settings,
        ignored=tuple(ignored),
    )


def _seconds(value: str) -> float | None:
    """Read connect_timeout as libpq does: whole seconds, 0 or less meaning wait forever (our default here)."""
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds > 0 else None


def port_problem(url: str) -> str:
    """A port the URL spells that is no port, in words ('' when it is one, or none is given).

    urllib and asyncpg say `invalid literal for int() with base 10: 'notaport'` (review12 V17):
    a Python exception's text, where the operator needs the part of the URL at fault. A
    multi-host URL (`h1:5432,h2:5433`) is left to asyncpg, which reads that form.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""  # said by the caller's own reading
    hostport = parts.netloc.rsplit("@", 1)[-1].rsplit("]", 1)[-1]
    if "," in hostport or ":" not in hostport:
        return ""
    raw = hostport.rsplit(":", 1)[1]
    if not raw:
        return ""
    if not raw.isdigit():
        return f"the port {raw!r} is not a number"
    if not 0 < int(raw) < 65536:
        return f"the port {raw} is not between 1 and 65535"
    return ""


def userinfo_problem(url: str) -> str:
    """An `@` left unescaped in the user or password, in words ('' when there is none).

    `postgresql://app:Hun@ter2@db/x`: urllib splits at the last `@`, asyncpg at the first, so
    the bot looked up the host `ter2@db` and named another URL than the one read (review14
    X21): the password's `@` must be written `%40`.
    """
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return ""
    if netloc.count("@") > 1:
        return "an '@' in the user name or password must be written %40"
    return ""
