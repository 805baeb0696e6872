"""What the pedagogy benches share to drive the real mentor: settings and the units a reply used."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.mentor.engine_port import DeltaCallback, EngineReply, EngineRequest, ReplyEngine
from bot.settings import Settings, load_settings


def offline_settings(
    data_dir: Path, *, llm_url: str = "", llm: Mapping[str, Any] | None = None, **mentor: Any
) -> Settings:
    """No sandbox and no rate limit (a bench asks many questions), plus `mentor` overrides.

    With `llm_url`, the LLM is the (fake) server there, with `llm` overrides such as a
    quicker retry pace; without it, the engine is whatever the environment says.
    """
    base = load_settings(data_dir=data_dir)
    update: dict[str, Any] = {
        "sandbox": base.sandbox.model_copy(update={"enabled": False}),
        "mentor": base.mentor.model_copy(update={"rate_limit_questions": 0, **mentor}),
    }
    if llm_url:
        update["openai_base_url"] = llm_url
        update["llm"] = base.llm.model_copy(update=dict(llm or {}))
    return base.model_copy(update=update)


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
