"""The real offline engine answering one turn, built as the service builds it, for reply tests."""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from bot.engine.offline import OfflineEngine
from bot.mentor.engine_port import EngineReply, EngineRequest
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import Role
from bot.mentor.understanding import extract
from bot.settings import DEFAULT_CONFIG_DIR


@functools.cache
def offline_engine() -> OfflineEngine:
    """One engine over the shipped units and catalog (loading them is the slow part)."""
    return OfflineEngine(
        knowledge=KnowledgeBase.load(DEFAULT_CONFIG_DIR), catalog=Catalog.load(DEFAULT_CONFIG_DIR)
    )


def answer(question: str, language: str = "en", **fields: Any) -> EngineReply:
    """The mentor's reply to `question`: the facts read from its text, a fresh thread memory.

    `fields` set the rest of the request (memory, history, support level, ...), or replace
    the facts where a test states them itself.
    """
    request = EngineRequest(
        question=question,
        language=language,
        role=Role.MENTOR,
        **{"facts": extract(question), **fields},
    )
    return asyncio.run(offline_engine().reply(request))
