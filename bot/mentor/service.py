"""MentorService: one learner turn end to end, shared unchanged by every platform.

validate -> learner + thread -> language -> persist the turn -> safety gate -> sandbox
-> role -> engine (fallback on failure) -> structure check -> persist the reply.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

import structlog

from bot.engine.base import EngineReply, EngineRequest, ReplyEngine, Turn
from bot.errors import EngineError, InputError, UserFacingError
from bot.mentor.codeblocks import CodeBlock, code_to_run, extract_blocks
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.language import LanguageDetector, choose_language, language_of_locale
from bot.mentor.method import MethodRules
from bot.mentor.models import MentorReply, MentorRequest, Role, Sections
from bot.mentor.render import render_markdown
from bot.mentor.settings import MentorSettings
from bot.observability import Metrics
from bot.sandbox.client import SandboxClient
from bot.sandbox.report import RunStatus, SandboxReport
from bot.storage.store import Learner, Store, ThreadRecord

log = structlog.get_logger()

ProgressCallback = Callable[[str], Awaitable[None]]
"""Receives the reply text accumulated so far (platforms edit a placeholder with it)."""

MAX_THREAD_TOPICS = 10


class ContextProvider(Protocol):
    """Adds room-specific context to a turn's prompt (e.g. the course session of a thread)."""

    async def context_for(self, thread: ThreadRecord, request: MentorRequest) -> str:
        """Text for the engine's `course_context` ('' when nothing applies)."""
        ...


def new_thread_id() -> str:
    """A fresh thread id for platforms without their own (console, CLI)."""
    return uuid.uuid4().hex[:12]


@dataclass
class MentorService:
    """The MCA method as a service. Built by bot/app.py; platforms call `handle`."""

    store: Store
    engine: ReplyEngine
    fallback: ReplyEngine
    sandbox: SandboxClient
    detector: LanguageDetector
    catalog: Catalog
    rules: MethodRules
    knowledge: KnowledgeBase
    settings: MentorSettings
    metrics: Metrics
    context_providers: list[ContextProvider] = field(default_factory=list)

    # Input checks ----------------------------------------------------------------------
    def validate(self, request: MentorRequest) -> list[CodeBlock]:
        """Refuse inputs we cannot take (nothing is stored); return the code found."""
        text = request.text
        if "\x00" in text:
            raise InputError("The message contains binary data (NUL bytes).", key="binary_input")
        if len(text) > self.settings.max_question_chars:
            raise InputError(
                f"The message is {len(text)} characters; the limit is "
                f"{self.settings.max_question_chars}.",
                key="too_long",
                size=len(text),
                limit=self.settings.max_question_chars,
            )
        blocks = extract_blocks(text)
        for att in request.attachments:
            if len(att.content) > self.settings.max_code_bytes:
                raise InputError(
                    f"{att.filename} is {len(att.content)} bytes; the limit is "
                    f"{self.settings.max_code_bytes}.",
                    key="code_too_large",
                    size=len(att.content),
                    limit=self.settings.max_code_bytes,
                )
            try:
                code = att.content.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{att.filename} is not UTF-8 text.", key="invalid_utf8") from None
            if "\x00" in code:
                raise InputError(f"{att.filename} contains NUL bytes.", key="binary_input")
            blocks.append(CodeBlock(code=code, language="python", source=att.filename))
        if not text.strip() and not request.attachments:
            raise InputError("Please write a question.", key="empty_question")
        return blocks

    def error_text(self, error: UserFacingError, language: str) -> str:
        """A user-facing error in the learner's language."""
        if not error.key:
            return error.message
        return self.catalog.message(language, error.key, **error.params)

    def message(self, lang: str, key: str, /, **params: object) -> str:
        """A localized message (help, new thread, ...)."""
        return self.catalog.message(lang, key, **params)

    def language_hint(self, locale: str | None, text: str = "") -> str:
        """Best language for a message outside a thread (help, errors)."""
        supported = self.settings.languages
        detection = self.detector.detect(text) if text else None
        if detection and detection.language and detection.confidence >= 0.8:
            return detection.language
        lang = language_of_locale(locale)
        return lang if lang in supported else self.settings.default_language

    # The turn --------------------------------------------------------------------------
    async def handle(
        self, request: MentorRequest, *, on_progress: ProgressCallback | None = None
    ) -> MentorReply:
        """Answer one learner turn. Raises InputError for refused input (nothing stored)."""
        started = time.perf_counter()
        blocks = self.validate(request)
        learner = await self.store.upsert_learner(
            request.platform, request.user, display_name=request.user_name, locale=request.locale
        )
        thread = await self._thread_for(request, learner)
        language, unsupported = choose_language(
            self.detector.detect(request.text),
            thread_language=thread.language,
            locale=request.locale,
            supported=self.settings.languages,
            default=self.settings.default_language,
        )
        turn_id = await self.store.add_learner_turn(thread.id, request.text, language=language)
        log.info(
            "mentor.turn_accepted",
            platform=request.platform,
            thread=thread.external_id,
            turn=turn_id,
            language=language,
        )
        try:
            reply = await self._answer(
                request,
                thread=thread,
                turn_id=turn_id,
                language=language,
                unsupported=unsupported,
                blocks=blocks,
                on_progress=on_progress,
            )
        except BaseException:
            self.metrics.turns.labels(request.platform, "error").inc()
            raise
        elapsed = time.perf_counter() - started
        self.metrics.turns.labels(request.platform, "refused" if reply.refused else "ok").inc()
        self.metrics.reply_latency.labels(request.platform).observe(elapsed)
        log.info(
            "mentor.turn_answered",
            thread=thread.external_id,
            turn=turn_id,
            engine=reply.engine,
            role=reply.role.value,
            refused=reply.refused,
            ms=round(elapsed * 1000, 1),
        )
        return reply

    async def _thread_for(self, request: MentorRequest, learner: Learner) -> ThreadRecord:
        external = request.thread or new_thread_id()
        thread = await self.store.get_thread(request.platform, external)
        if thread is not None:
            return thread
        return await self.store.create_thread(
            platform=request.platform,
            external_id=external,
            learner_id=learner.id,
            community=request.community,
            channel=request.channel,
        )

    async def _answer(
        self,
        request: MentorRequest,
        *,
        thread: ThreadRecord,
        turn_id: int,
        language: str,
        unsupported: str | None,
        blocks: list[CodeBlock],
        on_progress: ProgressCallback | None,
    ) -> MentorReply:
        refuse = self.rules.is_misuse(request.text)
        report, sandbox_note = (None, "")
        to_run = None if refuse else code_to_run(blocks)
        if to_run is not None:
            report, sandbox_note = await self._profile(to_run, turn_id, language)
        role = self.rules.role_for(request.text)
        history = await self.store.recent_messages(thread.id, self.settings.history_turns + 1)
        extra_context = [await p.context_for(thread, request) for p in self.context_providers]
        engine_request = EngineRequest(
            question=request.text,
            language=language,
            role=role,
            wants_scaffold=self.rules.wants_scaffold(request.text) or role is Role.COPILOT,
            code=to_run.code if to_run else None,
            sandbox=report,
            sandbox_note=sandbox_note,
            history=tuple(Turn(m.author, m.text) for m in history if m.id != turn_id),
            thread_topics=thread.topics,
            summary=thread.summary,
            refuse=refuse,
            course_context="\n\n".join(c for c in extra_context if c),
        )
        notice = ""
        if unsupported:
            names = ", ".join(self.catalog.name(code) for code in self.settings.languages)
            notice = self.catalog.message(
                language, "unsupported_language", language=unsupported, supported=names
            )
        progress = _Accumulator(on_progress, prefix=notice)
        engine_reply, fell_back = await self._run_engine(engine_request, progress)
        if fell_back:
            notice = "\n".join(
                n for n in (notice, self.catalog.message(language, "fallback_engine")) if n
            )
        sections = await self._ensure_structure(engine_reply.sections, engine_request)
        text = render_markdown(sections, language, self.catalog, notice=notice)
        topics = _merge_topics(thread.topics, engine_reply.topics)
        reply_id = await self.store.add_reply(
            thread_id=thread.id,
            reply_to=turn_id,
            text=text,
            language=language,
            engine=engine_reply.engine,
            role=role.value,
            topics=topics,
        )
        return MentorReply(
            thread=thread.external_id,
            language=language,
            role=role,
            engine=engine_reply.engine,
            sections=sections,
            text=text,
            sandbox=report,
            refused=refuse,
            notice=notice,
            turn_id=turn_id,
            reply_id=reply_id,
            topics=topics,
        )

    async def _profile(
        self, block: CodeBlock, turn_id: int, language: str
    ) -> tuple[SandboxReport | None, str]:
        if not self.sandbox.available:
            note = self.catalog.message(language, "sandbox_unavailable", reason=self.sandbox.reason)
            return None, note
        report = await self.sandbox.profile(block.code)
        self.metrics.sandbox_runs.labels(report.status.value).inc()
        await self.store.add_report(turn_id, report.to_dict())
        if report.status is RunStatus.REJECTED:
            reason = report.message or report.status.value
            return None, self.catalog.message(language, "sandbox_unavailable", reason=reason)
        return report, ""

    async def _run_engine(
        self, request: EngineRequest, progress: _Accumulator
    ) -> tuple[EngineReply, bool]:
        if self.engine is self.fallback:
            reply = await self.fallback.reply(request, progress)
            self.metrics.engine_replies.labels(reply.engine, "ok").inc()
            return reply, False
        try:
            reply = await self.engine.reply(request, progress)
        except (EngineError, TimeoutError) as exc:
            log.warning("mentor.engine_failed", engine=self.engine.name, error=str(exc))
            self.metrics.engine_replies.labels(self.engine.name, "failed").inc()
            progress.reset()
            reply = await self.fallback.reply(request, progress)
            self.metrics.engine_replies.labels(reply.engine, "fallback").inc()
            return reply, True
        self.metrics.engine_replies.labels(reply.engine, "ok").inc()
        return reply, False

    async def _ensure_structure(self, sections: Sections, request: EngineRequest) -> Sections:
        """Fill any empty required section from the offline engine (never show a gap)."""
        missing = sections.missing()
        if not missing:
            return sections
        log.info("mentor.sections_repaired", missing=missing)
        filler = (await self.fallback.reply(request)).sections.to_dict()
        merged = sections.to_dict()
        for key in missing:
            merged[key] = filler[key]
        return Sections.from_dict(merged)

    # Other commands --------------------------------------------------------------------
    async def forget(self, platform: str, user: str) -> int:
        """Delete everything stored about a learner; returns the messages deleted."""
        count = await self.store.forget_learner(platform, user)
        log.info("mentor.learner_forgotten", platform=platform, messages=count)
        return count


class _Accumulator:
    """Forwards the text so far to a platform, as deltas arrive."""

    def __init__(self, sink: ProgressCallback | None, *, prefix: str = "") -> None:
        self._sink = sink
        self._prefix = prefix + "\n\n" if prefix else ""
        self._parts: list[str] = []

    async def __call__(self, delta: str) -> None:
        self._parts.append(delta)
        if self._sink is not None:
            await self._sink(self._prefix + "".join(self._parts))

    def reset(self) -> None:
        self._parts.clear()


def _merge_topics(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    merged = list(old)
    for topic in new:
        if topic not in merged:
            merged.append(topic)
    return tuple(merged[-MAX_THREAD_TOPICS:])
