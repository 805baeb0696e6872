"""A turn's read phase: learner and thread, the community's overrides, language and intent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.community.service import CommunitySettings, Overrides
from bot.mentor.i18n import Catalog
from bot.mentor.intent.encoded import readable
from bot.mentor.intent.guard import IntentGuard, Verdict
from bot.mentor.language import LanguageDetector, choose_language
from bot.mentor.models import MentorRequest
from bot.mentor.settings import MentorSettings
from bot.mentor.turn_setup import community_overrides
from bot.storage.store import Learner, Store, ThreadRecord


@dataclass(frozen=True)
class TurnOpening:
    """What a turn knows before it writes anything."""

    learner: Learner
    existing: ThreadRecord | None
    """None: the thread is new (the turn creates it)."""
    memory: dict[str, Any] | None
    """The thread's stored memory; None when the thread is new."""
    overrides: Overrides
    language: str
    unsupported: str | None
    """The learner's language when we answer in another one (a notice says why)."""
    intent: Verdict


async def open_turn(
    request: MentorRequest,
    external: str,
    *,
    store: Store,
    community: CommunitySettings | None,
    detector: LanguageDetector,
    intent_guard: IntentGuard,
    settings: MentorSettings,
    uses_llm: bool,
) -> TurnOpening:
    """Read everything the turn needs first: one store read, then language and intent."""
    start = await store.turn_start(  # learner, thread and memory in one read
        request.platform,
        request.user,
        external,
        display_name=request.user_name,
        locale=request.locale,
    )
    existing = start.thread
    overrides = await community_overrides(community, request)
    undone = readable(request.text)  # "k e y l o g g e r", rot13: read undone, once a turn
    language, unsupported = choose_language(
        detector.detect(undone),
        thread_language=existing.language if existing else None,
        locale=request.locale,
        supported=settings.languages,
        default=overrides.language or settings.default_language,
    )
    earlier = () if existing is None or not start.memory else asked_before(start.memory)
    refused = "" if existing is None or not start.memory else str(start.memory.get("refused", ""))
    # a language no rule reads, on its way to a model: only a second opinion may clear it
    foreign = bool(unsupported) and unsupported not in NOT_A_LANGUAGE
    intent = await intent_guard.check(
        request.text,
        attached_programs(request),
        earlier=earlier,
        refused=refused,
        readable=not (foreign and uses_llm),
        undone=undone,
    )
    if unsupported and unsupported != "und" and uses_llm and not intent.refuse:
        # An LLM writes far more languages than the offline catalog: answer in the
        # learner's own language; English with an apology is for the offline engine only.
        language, unsupported = unsupported, None
    return TurnOpening(
        learner=start.learner,
        existing=existing,
        memory=None if existing is None else start.memory,
        overrides=overrides,
        language=language,
        unsupported=unsupported,
        intent=intent,
    )


def asked_before(memory: dict[str, Any]) -> tuple[str, ...]:
    """The thread's latest answered messages, as its stored memory keeps them."""
    asked = memory.get("asked", ())
    return tuple(str(text) for text in asked) if isinstance(asked, list | tuple) else ()


def attached_programs(request: MentorRequest) -> tuple[str, ...]:
    """The attached .py files' code (admission checked it is UTF-8): read for intent too."""
    return tuple(
        att.content.decode("utf-8", "replace")
        for att in request.attachments
        if att.filename.lower().endswith(".py")
    )


NOT_A_LANGUAGE = frozenset({"zxx", "und", "mis", "mul"})
"""ISO 639 codes for "no linguistic content" (an encoded blob, digits), "undetermined" and the
like: no language to apologise for, and the code means nothing to a learner."""


def language_notices(
    catalog: Catalog, settings: MentorSettings, language: str, unsupported: str | None
) -> list[str]:
    """Why the reply is not in the learner's language, naming the languages we write ([]: it is)."""
    if not unsupported or unsupported in NOT_A_LANGUAGE:
        return []
    names = ", ".join(catalog.name(code) for code in settings.languages)
    return [
        catalog.message(language, "unsupported_language", language=unsupported, supported=names)
    ]
