"""discord.py's gateway internals we rely on, in one place: event sequence numbers and RESUME.

discord.py resumes a dropped session itself, but a new process always IDENTIFYs: what Discord
dispatched to the old session while the process was down is gone. Two private hooks fix that,
both checked by tests/platforms/discord/test_gateway_hooks.py against the pinned version range:

- `DiscordWebSocket.received_message` is wrapped once (class level) so each dispatched event
  runs with its `Arrival` in a context variable and is counted in its shard's `Ledger`.
- `DiscordWebSocket.from_client(..., session=, sequence=, resume=True)` and `poll_event()` open
  a second socket that RESUMEs the stored session only to receive its missed events (`drain`).
  The live connection IDENTIFYs as before, so the process has its READY and guild cache (a
  resumed session sends neither), and the inbox's claims answer an event seen twice once.
- `hand_over` stops the sharded client's readers (`Shard._cancel_task`) and closes every live
  socket with 4000: Discord ends a session closed with 1000/1001 and keeps any other one
  resumable, so a graceful stop (a deploy) leaves its sessions to the next process.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord
import structlog
import yarl
from discord.gateway import DiscordWebSocket, ReconnectWebSocket

from bot.platforms.discord_ledger import ARRIVAL, Arrival, Ledger
from bot.storage.discord_sessions import StoredSession

log = structlog.get_logger()

TESTED_DISCORD_PY = ((2, 7), (2, 8))
"""discord.py versions (>= low, < high) whose internals these hooks were tested against."""

_ledgers: weakref.WeakKeyDictionary[Any, Callable[[int | None], Ledger | None]] = (
    weakref.WeakKeyDictionary()
)
"""A client's connection state -> its shards' ledgers (live sockets find theirs by shard)."""
_drains: weakref.WeakKeyDictionary[DiscordWebSocket, Ledger] = weakref.WeakKeyDictionary()
"""Draining sockets -> the ledger of the old session they replay."""


def version_tested() -> bool:
    """Whether the installed discord.py is inside the tested range."""
    major, minor = (int(p) for p in discord.__version__.split(".")[:2])
    low, high = TESTED_DISCORD_PY
    return low <= (major, minor) < high


def track(client: discord.Client, ledger_of: Callable[[int | None], Ledger | None]) -> None:
    """Count this client's gateway events in the ledger of their shard (`ledger_of(shard)`)."""
    _install()
    _ledgers[client._connection] = ledger_of


def _ledger(ws: DiscordWebSocket) -> Ledger | None:
    drained = _drains.get(ws)
    if drained is not None:
        return drained
    ledger_of = _ledgers.get(ws._connection)
    return ledger_of(ws.shard_id) if ledger_of is not None else None


def _install() -> None:
    """Wrap `DiscordWebSocket.received_message` once (a client we do not track is untouched)."""
    original: Callable[[DiscordWebSocket, Any], Awaitable[None]] = DiscordWebSocket.received_message
    if getattr(original, "_mca_tracked", False):
        return

    @functools.wraps(original)
    async def received_message(self: DiscordWebSocket, msg: Any, /) -> None:
        ledger = _ledger(self)
        if ledger is None:
            await original(self, msg)
            return
        arrival = Arrival(ledger)
        before = self.sequence
        token = ARRIVAL.set(arrival)  # handler tasks created while parsing inherit it
        try:
            await original(self, msg)
        finally:
            ARRIVAL.reset(token)
            seq = self.sequence
            if seq is not None and seq != before and self.session_id:
                ledger.arrived(self.session_id, str(self.gateway), arrival, seq)
                # handler tasks were scheduled while parsing: this runs after their first step
                asyncio.get_running_loop().call_soon(arrival.handlers_started)

    received_message._mca_tracked = True  # type: ignore[attr-defined]
    DiscordWebSocket.received_message = received_message  # type: ignore[method-assign]


@dataclass(frozen=True, slots=True)
class Drained:
    """How a stored session's drain ended."""

    resumed: bool
    """Discord resumed it (its missed events were replayed); False: refused or unreachable."""
    events: int
    """Events received while draining (the replay, then RESUMED)."""
    reason: str = ""


async def drain(
    client: discord.Client,
    stored: StoredSession,
    *,
    sharded: bool,
    within_s: float = 30.0,
) -> Drained:
    """RESUME `stored` on a second socket, take its missed events, wait until kept, close it.

    The socket is closed with 1000 at the end, which ends the old session at Discord: nobody
    resumes it again. INVALID_SESSION (expired or unknown) returns resumed=False.
    """
    ledger = Ledger(
        session_id=stored.session_id, resume_url=stored.resume_url, last=stored.seq, replay=True
    )
    ws: DiscordWebSocket | None = None
    try:
        async with asyncio.timeout(within_s):
            ws = await DiscordWebSocket.from_client(
                client,
                gateway=yarl.URL(stored.resume_url),
                shard_id=stored.shard_id if sharded else None,
                session=stored.session_id,
                sequence=stored.seq,
                resume=True,
            )
            _drains[ws] = ledger
            resumed = ws.wait_for("RESUMED", lambda _data: True)
            while not resumed.done():
                await ws.poll_event()
            await ledger.all_settled()  # the replayed messages are kept before we let go
    except ReconnectWebSocket as exc:
        reason = "session may resume later" if exc.resume else "invalid session"
        return Drained(False, ledger.last - stored.seq, reason)
    except (TimeoutError, discord.ConnectionClosed, OSError, discord.GatewayNotFound) as exc:
        return Drained(False, max(ledger.last - stored.seq, 0), type(exc).__name__)
    finally:
        if ws is not None:
            await ws.close(code=1000)
    return Drained(True, ledger.last - stored.seq)


HAND_OVER_CODE = 4000
"""Close code of a graceful stop: not 1000/1001, so Discord keeps the session resumable."""


def live_sockets(client: discord.Client) -> list[DiscordWebSocket]:
    """The client's open gateway sockets (one per shard of a sharded client)."""
    if isinstance(client, discord.AutoShardedClient):
        sockets = [info._parent.ws for info in client.shards.values()]
    else:
        sockets = [client.ws] if client.ws is not None else []
    return [ws for ws in sockets if ws is not None and ws.open]


async def hand_over(client: discord.Client) -> int:
    """Stop reading and close each socket with 4000, keeping its session resumable.

    The caller first stops the task running `client.connect()` (its loop would RESUME a socket
    closed with 4000 at once); a sharded client's shards read in tasks of their own, stopped
    here. A later `client.close()` sends nothing more: its 1000 goes to open sockets only.
    Returns how many sockets were closed.
    """
    if isinstance(client, discord.AutoShardedClient):
        for info in client.shards.values():
            info._parent._cancel_task()
    sockets = live_sockets(client)
    for ws in sockets:
        with contextlib.suppress(Exception):  # already gone: nothing to keep open anyway
            await ws.close(code=HAND_OVER_CODE)
    return len(sockets)
