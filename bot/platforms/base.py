"""The Platform port: something that brings learners' turns to the MentorService."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


class Platform(Protocol):
    """A chat surface (console, Discord, Slack). `run` returns when the platform stops."""

    name: str

    async def run(self) -> None:
        """Connect and serve until cancelled or closed."""
        ...

    async def close(self) -> None:
        """Stop accepting new work and disconnect."""
        ...


@runtime_checkable
class HandsOver(Protocol):
    """A platform whose connection can be left for the next process at a graceful stop."""

    async def hand_over(self) -> None:
        """Stop taking new events, keep them for the next process; replies may still post."""
        ...
