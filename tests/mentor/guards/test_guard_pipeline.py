"""The guard pipeline: order, metrics and structured logs without learner text."""

from __future__ import annotations

from structlog.testing import capture_logs

from bot.app import App
from bot.mentor.engine_port import EngineRequest
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.models import Role, Sections
from tests.fakes.hostile_llm import SPRAY_SCRIPT

SECRET_QUESTION = "my-very-private-question-text"


async def test_each_guard_logs_counts_not_learner_text(app: App) -> None:
    """guard.output_safety and guard.sections log ids and counts, never the draft's words."""
    guards = app.mentor.guards
    draft = Sections(
        context=f"What is {SECRET_QUESTION}?",
        hypotheses="Ok.",
        steps="Good luck!",
        scaffold=SPRAY_SCRIPT,
        topics="Stuff.",
        next_steps="Google it.",
        reflection="Ok.",
    )

    async def offline() -> Sections:
        reply = await app.mentor.fallback.reply(_request())
        return reply.sections

    turn = DraftTurn(language="en", wants_scaffold=False, strict=False, effort=False, turn_id=7)
    with capture_logs() as logs:
        guarded = await guards.apply(draft, turn, offline)
    events = {entry["event"]: entry for entry in logs}
    assert events["guard.output_safety"]["harms"] == ["credential_attack"]
    assert events["guard.sections"]["turn"] == 7
    assert SECRET_QUESTION not in repr(logs)
    assert "httpx" not in guarded.sections.scaffold
    assert len(guarded.notices) == 2  # harm removed, sections repaired
    metrics = app.metrics.guard_actions
    assert metrics.labels("output_safety", "dropped_code")._value.get() == 1
    assert metrics.labels("sections", "filled")._value.get() >= 4


def _request() -> EngineRequest:
    return EngineRequest(question="How do I protect my login?", language="en", role=Role.MENTOR)
