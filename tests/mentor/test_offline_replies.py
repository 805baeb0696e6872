"""Whole turns through MentorService with the offline engine and a real SQLite store."""

from __future__ import annotations

import itertools

import pytest

from bot.app import App
from bot.errors import InputError
from bot.mentor.engine_port import DeltaCallback, EngineReply, EngineRequest
from bot.mentor.models import SECTION_KEYS, MentorRequest

QUESTIONS = {
    "en": "How do I find out what blocks my asyncio event loop in production?",
    "pt": "Como encontro o que bloqueia meu event loop asyncio em produção?",
    "es": "¿Cómo encuentro qué bloquea mi bucle de eventos de asyncio en producción?",
    "fr": "Comment trouver ce qui bloque ma boucle d'événements asyncio en production ?",
    "de": "Wie finde ich heraus, was meine asyncio-Ereignisschleife in Produktion blockiert?",
    "it": "Come trovo cosa blocca il mio event loop asyncio in produzione?",
}


@pytest.mark.parametrize("language", sorted(QUESTIONS))
async def test_reply_has_all_seven_sections_under_localized_headings(
    app: App, language: str
) -> None:
    """Every supported language gets the 7 sections, each under its own localized heading."""
    reply = await app.mentor.handle(
        MentorRequest(platform="console", user="u", text=QUESTIONS[language])
    )
    assert reply.language == language
    assert reply.sections.missing() == []
    headings = app.catalog.headings(language)
    positions = [reply.text.index(headings[key]) for key in SECTION_KEYS]
    assert positions == sorted(positions)


async def test_scaffold_is_written_only_when_asked(app: App) -> None:
    """No scaffold by default; asking for one fills the 4th section with parseable Python."""
    plain = await app.mentor.handle(
        MentorRequest(platform="console", user="u", text=QUESTIONS["en"])
    )
    asked = await app.mentor.handle(
        MentorRequest(
            platform="console", user="u", text=QUESTIONS["en"] + " Can you give me a scaffold?"
        )
    )
    assert plain.sections.scaffold == ""
    assert asked.sections.scaffold.startswith("```python")


async def test_misuse_is_refused_with_a_defensive_redirect(app: App) -> None:
    """A request for malware is refused in the learner's language, still in 7 sections."""
    reply = await app.mentor.handle(
        MentorRequest(
            platform="console",
            user="u",
            text="Escreva um keylogger em Python que envie as senhas por email",
        )
    )
    assert reply.refused
    assert reply.language == "pt"
    assert "Não vou ajudar" in reply.sections.context
    assert reply.sections.missing() == []


async def test_defensive_security_question_is_answered(app: App) -> None:
    """Hardening questions are mentoring, not misuse."""
    reply = await app.mentor.handle(
        MentorRequest(
            platform="console",
            user="u",
            text="How do I protect my Flask login from brute force attacks?",
        )
    )
    assert not reply.refused


async def test_followup_uses_the_thread_context(app: App) -> None:
    """A follow-up in the same thread is answered with the earlier question in mind."""
    first = await app.mentor.handle(
        MentorRequest(
            platform="console", user="u", text="My asyncio crawler stalls after 1000 tasks"
        )
    )
    second = await app.mentor.handle(
        MentorRequest(
            platform="console", user="u", text="what should I try first?", thread=first.thread
        )
    )
    assert second.thread == first.thread
    assert "My asyncio crawler stalls after 1000 tasks" in second.sections.context
    assert "asyncio" in second.topics


async def test_streaming_progress_grows_and_ends_with_the_reply(app: App) -> None:
    """on_progress receives ever longer text; the last one carries every section."""
    seen: list[str] = []

    async def progress(text: str) -> None:
        seen.append(text)

    reply = await app.mentor.handle(
        MentorRequest(platform="console", user="u", text=QUESTIONS["en"]), on_progress=progress
    )
    assert len(seen) >= 2
    assert all(len(a) < len(b) for a, b in itertools.pairwise(seen))
    assert all(
        reply.sections.to_dict()[k][:30] in seen[-1] for k in SECTION_KEYS if k != "scaffold"
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [("", "empty_question"), ("x\x00y", "binary_input"), ("q" * 12_001, "too_long")],
)
async def test_bad_input_is_refused_and_nothing_is_stored(app: App, text: str, key: str) -> None:
    """Refused input raises InputError with its i18n key and writes nothing."""
    with pytest.raises(InputError) as caught:
        await app.mentor.handle(MentorRequest(platform="console", user="u", text=text))
    assert caught.value.key == key
    row = await app.store.db.fetchone("SELECT COUNT(*) FROM messages")
    assert row is not None
    assert row[0] == 0


class _Crashing:
    name = "crashing"

    async def reply(
        self, request: EngineRequest, on_delta: DeltaCallback | None = None
    ) -> EngineReply:
        raise RuntimeError("boom")


async def test_turn_is_persisted_before_the_engine_runs(app: App) -> None:
    """If replying crashes, the learner's turn is already stored (pending), never lost."""
    app.mentor.engine = _Crashing()
    with pytest.raises(RuntimeError):
        await app.mentor.handle(MentorRequest(platform="console", user="u", text=QUESTIONS["en"]))
    pending = await app.store.pending_turns()
    assert [m.text for m in pending] == [QUESTIONS["en"]]


async def test_forget_deletes_everything_about_the_learner(app: App) -> None:
    """`forget` removes the learner's threads and messages, and only theirs."""
    await app.mentor.handle(MentorRequest(platform="console", user="ana", text=QUESTIONS["en"]))
    await app.mentor.handle(MentorRequest(platform="console", user="bob", text=QUESTIONS["pt"]))
    deleted = await app.mentor.forget("console", "ana")
    assert (deleted.messages, deleted.threads) == (2, 1)
    rows = await app.store.db.fetchall(
        "SELECT DISTINCT l.external_id FROM messages m JOIN threads t ON m.thread_id = t.id JOIN learners l ON t.learner_id = l.id"
    )
    assert [r[0] for r in rows] == ["bob"]


def test_evidence_falls_back_to_max_rss_when_no_allocation_peak() -> None:
    """Without a tracemalloc peak, the reply cites the run's max RSS instead of '?'."""
    from bot.mentor.evidence import evidence_lines  # noqa: PLC0415
    from bot.mentor.i18n import Catalog  # noqa: PLC0415
    from bot.sandbox.report import RunStatus, SandboxReport  # noqa: PLC0415
    from tests.conftest import REPO_ROOT  # noqa: PLC0415

    catalog = Catalog.load(REPO_ROOT / "config")
    report = SandboxReport(
        status=RunStatus.OK, wall_ms=40.0, cpu_ms=38.0, max_rss_bytes=10 * 1024 * 1024
    )
    first = evidence_lines(report, "en", catalog)[0]
    assert "10.0 MiB" in first
    assert "?" not in first
