"""A streamed preview that is discarded for a new attempt is never swapped silently (R45)."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.engine_port import EngineReply, EngineRequest, ReplyEngine
from bot.mentor.models import MentorRequest

BROKEN = (
    "**1. Context questions**\n- How many orders does the list view render per request?\n\n"
    "**2. Hypotheses**\n- The template runs one query per order (N+1).\n\n"
)

NOTICES = {
    "en": (
        "How do I speed up my Django list view? It renders 2,000 orders in 4 s.",
        "first answer broke off",
    ),
    "pt": (
        "Como acelero minha view de lista no Django? Ela mostra 2.000 pedidos em 4 s.",
        "foi interrompida no meio",
    ),
    "de": (
        "Wie beschleunige ich meine Django-Listenansicht? Sie zeigt 2.000 Bestellungen in 4 s.",
        "mittendrin abgebrochen",
    ),
}


class BreaksOnce:
    """Streams part of a draft, then starts over (as the LLM engine's retry does)."""

    name = "flaky-llm"

    def __init__(self, inner: ReplyEngine, *, broken: bool = True) -> None:
        self.inner = inner
        self.broken = broken

    async def reply(self, request: EngineRequest, on_delta: object = None) -> EngineReply:
        if self.broken and on_delta is not None:
            await on_delta(BROKEN)  # type: ignore[operator]
            await on_delta.restart()  # type: ignore[attr-defined]
        answer = await self.inner.reply(request, on_delta)  # type: ignore[arg-type]
        return EngineReply(
            sections=answer.sections, engine=self.name, tokens=answer.tokens, topics=answer.topics
        )


@pytest.mark.parametrize("language", sorted(NOTICES))
async def test_a_discarded_preview_is_said_in_the_preview_and_the_reply(
    app: App, language: str
) -> None:
    """After a break the new attempt streams under a notice, and the final reply keeps it."""
    question, notice = NOTICES[language]
    app.mentor.engine = BreaksOnce(app.mentor.fallback)
    previews: list[str] = []

    async def progress(text: str) -> None:
        previews.append(text)

    reply = await app.mentor.handle(
        MentorRequest(platform="discord", user=f"r45-{language}", text=question),
        on_progress=progress,
    )
    assert previews
    assert notice not in previews[0]
    assert any(notice in later for later in previews[1:])  # the new one streams under it
    assert notice in reply.text


async def test_an_unbroken_stream_carries_no_notice(app: App) -> None:
    """Nothing was discarded: no notice."""
    app.mentor.engine = BreaksOnce(app.mentor.fallback, broken=False)
    reply = await app.mentor.handle(
        MentorRequest(platform="discord", user="r45-ok", text=NOTICES["en"][0]),
        on_progress=None,
    )
    assert "broke off" not in reply.text
