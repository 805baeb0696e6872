"""What the pedagogy benches share to drive the real mentor: settings and the units a reply used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.mentor.engine_port import DeltaCallback, EngineReply, EngineRequest, ReplyEngine
from bot.settings import Settings, load_settings


def offline_settings(data_dir: Path, **mentor: Any) -> Settings:
    """No sandbox and no rate limit (a bench asks many questions), plus `mentor` overrides."""
    base = load_settings(data_dir=data_dir)
    return base.model_copy(
        update={
            "sandbox": base.sandbox.model_copy(update={"enabled": False}),
            "mentor": base.mentor.model_copy(update={"rate_limit_questions": 0, **mentor}),
        }
    )


def record_units(engine: ReplyEngine) -> list[tuple[str, ...]]:
    """Wrap `engine.reply` so each reply's knowledge-unit ids are appended to the list returned.

    The units a reply was composed from are what a bench scores (concepts shown, jumps to a
    neighbouring unit); the reply text alone does not say which units it drew on.
    """
    used: list[tuple[str, ...]] = []
    compose = engine.reply

    async def recording(
        request: EngineRequest, on_delta: DeltaCallback | None = None
    ) -> EngineReply:
        reply = await compose(request, on_delta)
        used.append(reply.units)
        return reply

    engine.reply = recording  # type: ignore[method-assign]
    return used
