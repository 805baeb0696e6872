"""The Platform port: something that brings learners' turns to the MentorService."""

from __future__ import annotations

from typing import Protocol


class Platform(Protocol):
    """A chat surface (console, Discord, Slack). `run` returns when the platform stops."""

    name: str

    async def run(self) -> None:
        """Connect and serve until cancelled or closed."""
        ...

    async def close(self) -> None:
        """Stop accepting new work and disconnect."""
        ...
