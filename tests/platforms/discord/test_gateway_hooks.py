"""The discord.py internals the RESUME of a killed run relies on: these fail loudly on change.

bot/platforms/discord_gateway.py wraps `DiscordWebSocket.received_message` and opens a second
socket with `from_client(..., session=, sequence=, resume=True)` + `poll_event()`; a discord.py
release that renames or reshapes any of them must fail here, not lose messages in production.
"""

from __future__ import annotations

import inspect
import tomllib

import discord
from discord.gateway import DiscordWebSocket, ReconnectWebSocket

from bot.platforms import discord_gateway
from tests.conftest import REPO_ROOT


def test_installed_discord_py_is_inside_the_tested_range_failing_otherwise() -> None:
    """The hooks were tested against this discord.py; another one needs a fresh look."""
    assert discord_gateway.version_tested(), discord.__version__


def test_pinned_discord_py_range_matches_the_tested_range() -> None:
    """pyproject pins discord.py to the versions the hooks were tested against."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    low, high = discord_gateway.TESTED_DISCORD_PY
    pin = f"discord.py>={low[0]}.{low[1]},<{high[0]}.{high[1]}"
    assert pin in project["project"]["dependencies"]


def test_from_client_still_takes_session_sequence_and_resume() -> None:
    """The drain opens a socket that RESUMEs a stored session with these keywords."""
    params = inspect.signature(DiscordWebSocket.from_client).parameters
    for name in ("gateway", "shard_id", "session", "sequence", "resume"):
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, name
    source = inspect.getsource(DiscordWebSocket.from_client)
    assert "ws.session_id = session" in source
    assert "ws.sequence = sequence" in source
    assert "await ws.resume()" in source


def test_received_message_still_sets_the_sequence_before_parsing() -> None:
    """The wrapper reads `sequence` after the parser ran: it must be set from the frame's `s`."""
    received = DiscordWebSocket.received_message
    source = inspect.getsource(getattr(received, "__wrapped__", received))  # ours wraps it
    assert "self.sequence = seq" in source
    assert source.index("self.sequence = seq") < source.index("func(data)")
    assert "raise ReconnectWebSocket(self.shard_id, resume=False)" in source  # INVALID_SESSION


def test_socket_keeps_the_methods_the_drain_calls() -> None:
    """poll_event (one frame), close(code), resume are coroutines; wait_for takes a predicate."""
    for name in ("poll_event", "close", "resume", "received_message"):
        assert inspect.iscoroutinefunction(getattr(DiscordWebSocket, name)), name
    assert list(inspect.signature(DiscordWebSocket.wait_for).parameters)[1:3] == [
        "event",
        "predicate",
    ]
    assert "code" in inspect.signature(DiscordWebSocket.close).parameters
    assert "resume" in inspect.signature(ReconnectWebSocket).parameters
