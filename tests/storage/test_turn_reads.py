"""What a turn reads from the store: nothing it already knows (each read is a round trip)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import open_app
from bot.mentor.models import MentorRequest
from bot.settings import Settings


async def test_turn_opening_its_thread_reads_no_history_and_a_follow_up_does(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thread the turn just opened holds only that turn: its history is not read back."""
    async with open_app(settings) as app:
        reads: list[int] = []
        recent = app.store.recent_messages

        async def counted(thread_id: int, limit: int) -> Any:
            reads.append(thread_id)
            return await recent(thread_id, limit)

        monkeypatch.setattr(app.store, "recent_messages", counted)
        first = await app.mentor.handle(
            MentorRequest(platform="console", user="u1", text="Why is my nested loop slow?")
        )
        assert reads == []
        await app.mentor.handle(
            MentorRequest(
                platform="console",
                user="u1",
                thread=first.thread,
                text="I timed it again with twice the input: four times slower. Why?",
            )
        )
        assert reads, "a follow-up reads the thread's earlier turns"
