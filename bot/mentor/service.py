"""MentorService: one learner turn end to end, shared unchanged by every platform.

validate -> learner + thread -> language -> intent guard (misuse by what a request would
enable and whose systems; bot/mentor/intent) -> allowance and budget -> persist the turn ->
sandbox -> role, support level, context -> engine (streamed through the gate; fallback on
failure) -> draft checks (leak, structure, hollow sections, language: one re-ask, then the
offline engine) -> output guards (bot/mentor/guards: output safety -> integrity -> sections)
-> persist the reply -> thread memory, competence, summary, token use.

Streaming (see bot/mentor/streaming.py): prose streams by complete lines, a line that could
belong to attack steps is held until its paragraph is judged, code blocks are held until the
guards have checked them, and the platform replaces the streamed text with the returned,
guarded `MentorReply.text`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

import structlog

from bot.community.current import TURN_MODEL
from bot.community.service import NO_OVERRIDES, CommunitySettings, Overrides
from bot.errors import EngineError, InputError, RateLimited, UserFacingError
from bot.lifecycle.drain import RETRY_AFTER_S, Drain, ShuttingDown
from bot.mentor import competence, context
from bot.mentor import memory as thread_memory
from bot.mentor.codeblocks import CodeBlock, code_to_run, extract_blocks
from bot.mentor.engine_port import EngineReply, EngineRequest, ReplyEngine
from bot.mentor.facts import ThreadMemory
from bot.mentor.guard import DraftProblems, LeakDetector, inspect_draft
from bot.mentor.guards.pipeline import DraftGuards, DraftTurn
from bot.mentor.i18n import Catalog
from bot.mentor.insight import Insight, read_turn
from bot.mentor.intent.guard import IntentGuard, Verdict
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.language import LanguageDetector, choose_language, language_of_locale
from bot.mentor.limits import Allowances
from bot.mentor.method import MethodRules
from bot.mentor.models import MentorReply, MentorRequest, Role, Sections
from bot.mentor.reasoning import sandbox_line
from bot.mentor.render import render_markdown
from bot.mentor.settings import MentorSettings
from bot.mentor.streaming import StreamGate
from bot.observability import Metrics
from bot.sandbox.client import SandboxClient
from bot.sandbox.report import RunStatus, SandboxReport
from bot.storage.store import Forgotten, Learner, Store, ThreadRecord

log = structlog.get_logger()

ProgressCallback = Callable[[str], Awaitable[None]]
"""Receives the reply text accumulated so far (platforms edit a placeholder with it)."""

AcceptedCallback = Callable[[int], Awaitable[None]]
"""Receives the id of the learner turn just stored (platforms register it for delivery)."""

MAX_THREAD_TOPICS = 10


class ContextProvider(Protocol):
    """Adds room-specific context to a turn's prompt (e.g. the course session of a thread)."""

    async def context_for(self, thread: ThreadRecord, request: MentorRequest) -> str:
        """Text for the engine's `course_context` ('' when nothing applies)."""
        ...


@runtime_checkable
class GradedWorkProvider(Protocol):
    """Optional for a ContextProvider: says the thread is graded practice (no turnkey code)."""

    async def is_graded(self, thread: ThreadRecord, request: MentorRequest) -> bool:
        """True when the turn is about a graded task: finished code becomes a scaffold."""
        ...


def with_attached_text(text: str, blocks: list[CodeBlock]) -> str:
    """The question with attached .txt/.log files (tracebacks, logs) appended as text blocks."""
    attached = [b for b in blocks if b.source != "message" and b.language == "text"]
    return text + "".join(f"\n\n`{b.source}`:\n```text\n{b.code}\n```" for b in attached)


def new_thread_id() -> str:
    """A fresh thread id for platforms without their own (console, CLI)."""
    return uuid.uuid4().hex[:12]


@dataclass
class MentorService:
    """The MCA method as a service. Built by bot/app.py.

    Platforms deliver through bot/platforms/delivery.py (`check`, then `run_turn`); the CLI
    and tests call `handle`, which does both.
    """

    store: Store
    engine: ReplyEngine
    fallback: ReplyEngine
    sandbox: SandboxClient
    detector: LanguageDetector
    catalog: Catalog
    rules: MethodRules
    intent: IntentGuard
    """Misuse by intent (what a request would enable, whose systems), before any LLM call."""
    knowledge: KnowledgeBase
    settings: MentorSettings
    metrics: Metrics
    guards: DraftGuards
    """Output safety, integrity and sections on every draft (bot/mentor/guards)."""
    context_providers: list[ContextProvider] = field(default_factory=list)
    allowances: Allowances | None = None
    """Learner allowance and community budget; None turns both off."""
    community: CommunitySettings | None = None
    """Per-community settings set by its admins (default language, model, budget)."""
    leaks: LeakDetector = field(default_factory=LeakDetector)
    drain: Drain = field(default_factory=Drain)
    """Turns in flight; after `drain.begin()` (SIGTERM) new turns are refused politely."""

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
            # A .py is the program to run; a .txt/.log (a traceback, a log) is read, never run.
            language = "python" if att.filename.lower().endswith(".py") else "text"
            blocks.append(CodeBlock(code=code, language=language, source=att.filename))
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
        self,
        request: MentorRequest,
        *,
        on_progress: ProgressCallback | None = None,
        on_accepted: AcceptedCallback | None = None,
    ) -> MentorReply:
        """Answer one learner turn.

        Raises InputError for refused input and RateLimited when the learner's allowance or
        the community's budget is spent, or ShuttingDown (a RateLimited) while the bot stops
        (nothing is stored for any of them; the message is in the learner's language).
        `on_accepted` gets the turn id as soon as the turn is stored.
        """
        blocks = self.check(request)
        async with self.drain.track():
            return await self.run_turn(
                request, blocks, on_progress=on_progress, on_accepted=on_accepted
            )

    def check(self, request: MentorRequest) -> list[CodeBlock]:
        """Admit, then validate: the one input check before a turn (returns the code found)."""
        self.admit(request)
        return self.validate(request)

    async def run_turn(
        self,
        request: MentorRequest,
        blocks: list[CodeBlock],
        *,
        on_progress: ProgressCallback | None = None,
        on_accepted: AcceptedCallback | None = None,
    ) -> MentorReply:
        """The turn of a request the caller already `check`ed and tracks in `drain`.

        Platforms deliver through bot/platforms/delivery.py, which checks once (before a
        thread is opened) and tracks the whole delivery; `handle` is this for everyone else.
        """
        started = time.perf_counter()
        learner = await self.store.upsert_learner(
            request.platform, request.user, display_name=request.user_name, locale=request.locale
        )
        external = request.thread or new_thread_id()
        existing = await self.store.get_thread(request.platform, external)
        overrides = await self._community_settings(request)
        language, unsupported = choose_language(
            self.detector.detect(request.text),
            thread_language=existing.language if existing else None,
            locale=request.locale,
            supported=self.settings.languages,
            default=overrides.language or self.settings.default_language,
        )
        intent = await self.intent.check(request.text)
        if (
            unsupported
            and unsupported != "und"
            and self.engine is not self.fallback
            and not intent.refuse
        ):
            # An LLM writes far more languages than the offline catalog: answer in the
            # learner's own language; English with an apology is for the offline engine only.
            language, unsupported = unsupported, None
        await self._take_allowance(
            learner,
            request,
            language,
            uses_llm=not intent.refuse and self.engine is not self.fallback,
            budget=overrides.daily_tokens,
        )
        thread = existing or await self._new_thread(request, learner, external)
        turn_id = await self.store.add_learner_turn(thread.id, request.text, language=language, learner_id=learner.id)
        log.info(
            "mentor.turn_accepted",
            platform=request.platform,
            thread=thread.external_id,
            turn=turn_id,
            language=language,
        )
        if on_accepted is not None:
            await on_accepted(turn_id)
        try:
            reply = await self._answer(
                request,
                learner=learner,
                thread=thread,
                turn_id=turn_id,
                language=language,
                unsupported=unsupported,
                intent=intent,
                blocks=blocks,
                on_progress=on_progress,
                fresh=existing is None,
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

    def admit(self, request: MentorRequest) -> None:
        """Raise ShuttingDown (in the learner's language) once the bot is draining."""
        if self.drain.accepting:
            return
        lang = self.language_hint(request.locale, request.text)
        refusal = ShuttingDown(
            "The mentor is restarting.", retry_after_s=RETRY_AFTER_S, key="shutting_down"
        )
        raise ShuttingDown(
            self.error_text(refusal, lang), retry_after_s=RETRY_AFTER_S, key="shutting_down"
        )

    async def answer_pending(
        self, thread: ThreadRecord, *, turn_id: int, text: str, language: str | None
    ) -> MentorReply:
        """Answer a stored turn a crash left 'pending' (recovery); its allowance was taken.

        Attachments are not stored, so the turn is answered from its text (code blocks in it
        are run again); nothing streams.
        """
        learner = await self.store.get_learner(thread.learner_id)
        if learner is None:
            raise InputError("The learner of this turn was forgotten.", key="")
        request = MentorRequest(
            platform=thread.platform,
            user=learner.external_id,
            text=text,
            thread=thread.external_id,
            channel=thread.channel,
            community=thread.community,
            user_name=learner.display_name,
            locale=learner.locale,
        )
        reply = await self._answer(
            request,
            learner=learner,
            thread=thread,
            turn_id=turn_id,
            language=language or thread.language or self.settings.default_language,
            unsupported=None,
            intent=await self.intent.check(text),
            blocks=extract_blocks(text),
            on_progress=None,
        )
        self.metrics.turns.labels(thread.platform, "recovered").inc()
        log.info("mentor.turn_recovered", thread=thread.external_id, turn=turn_id)
        return reply

    async def _community_settings(self, request: MentorRequest) -> Overrides:
        """The community's own settings for this turn (its LLM model goes to the engine)."""
        if self.community is None:
            return NO_OVERRIDES
        overrides = await self.community.get(request.platform, request.community)
        TURN_MODEL.set(overrides.model)
        return overrides

    async def _take_allowance(
        self,
        learner: Learner,
        request: MentorRequest,
        language: str,
        *,
        uses_llm: bool,
        budget: int | None = None,
    ) -> None:
        """Budget first (it spends nothing), then one question of the learner's allowance."""
        if self.allowances is None:
            return
        try:
            if uses_llm:
                try:
                    await self.allowances.check_budget(request.community, budget=budget)
                except RateLimited:
                    self.metrics.rate_limited.labels("community_budget").inc()
                    raise
            try:
                await self.allowances.take_question(learner.id)
            except RateLimited:
                self.metrics.rate_limited.labels("learner").inc()
                raise
        except RateLimited as exc:
            log.info("mentor.rate_limited", key=exc.key, retry_after_s=exc.retry_after_s)
            raise RateLimited(
                self.error_text(exc, language), retry_after_s=exc.retry_after_s, key=exc.key
            ) from None

    async def _new_thread(
        self, request: MentorRequest, learner: Learner, external: str
    ) -> ThreadRecord:
        return await self.store.create_thread(
            platform=request.platform,
            external_id=external,
            learner_id=learner.id,
            community=request.community,
            channel=request.channel,
        )

    def _role(self, text: str, thread: ThreadRecord) -> Role:
        """The role the learner asks for, else the thread's current emphasis."""
        cue = self.rules.role_cue(text)
        if cue is not None:
            return cue
        try:
            return Role(thread.role)
        except ValueError:
            return Role.MENTOR

    async def _graded(self, thread: ThreadRecord, request: MentorRequest) -> bool:
        for provider in self.context_providers:
            if isinstance(provider, GradedWorkProvider) and await provider.is_graded(
                thread, request
            ):
                return True
        return False

    async def _answer(
        self,
        request: MentorRequest,
        *,
        learner: Learner,
        thread: ThreadRecord,
        turn_id: int,
        language: str,
        unsupported: str | None,
        intent: Verdict,
        blocks: list[CodeBlock],
        on_progress: ProgressCallback | None,
        fresh: bool = False,
    ) -> MentorReply:
        """The turn's reply; `fresh` says the thread was just created (its memory is empty)."""
        refuse = intent.refuse
        if refuse:
            self.metrics.guardrails.labels("misuse", "refused").inc()
            log.info("mentor.misuse_refused", turn=turn_id, capability=intent.capability)
        report, sandbox_note = (None, "")
        to_run = None if refuse else code_to_run(blocks)
        if to_run is not None:
            report, sandbox_note = await self._profile(to_run, turn_id, language)
        role = self._role(request.text, thread)
        learner_code = tuple(b.code for b in blocks)
        effort = self.guards.effort(
            request.text, learner_code, says_tried=self.rules.shows_effort(request.text)
        )
        strict = self.rules.wants_solution(request.text) or await self._graded(thread, request)
        history = await context.history(
            self.store, thread, turns=self.settings.history_turns, exclude=turn_id
        )
        extra_context = [await p.context_for(thread, request) for p in self.context_providers]
        memory = ThreadMemory() if fresh else await thread_memory.load(self.store, thread.id)
        code = to_run.code if to_run else (learner_code[-1] if learner_code else None)
        insight = read_turn(
            request.text,
            code=code,
            report=report,
            memory=memory,
            language=language,
            catalog=self.catalog,
            refuse=refuse,
        )
        engine_request = EngineRequest(
            question=with_attached_text(request.text, blocks),
            language=language,
            role=role,
            wants_scaffold=self.rules.wants_scaffold(request.text)
            or role is Role.COPILOT
            or (strict and not effort),
            code=to_run.code if to_run else None,
            sandbox=report,
            sandbox_note=sandbox_note,
            history=history,
            thread_topics=thread.topics,
            summary=thread.summary,
            refuse=refuse,
            refusal=self.catalog.message(language, intent.message_key) if refuse else "",
            course_context="\n\n".join(c for c in extra_context if c),
            support_level=competence.support_level(learner.competence),
            learner_code_effort=effort,
            facts=insight.facts,
            memory=memory,
            evidence_notes=insight.notes,
            findings=insight.findings,
        )
        notices: list[str] = []
        if unsupported:
            names = ", ".join(self.catalog.name(code) for code in self.settings.languages)
            notices.append(
                self.catalog.message(
                    language, "unsupported_language", language=unsupported, supported=names
                )
            )
        gate = StreamGate(
            on_progress,
            prefix="\n".join(notices),
            placeholder=self.catalog.message(language, "code_held"),
            language=language,
            detector=self.detector,
            leaks=self.leaks,
            harm=self.guards.prose_rule,
        )
        draft = await self._draft(engine_request, gate)
        await gate.flush()  # what the gate held back; a no-op once a re-ask closed it
        if draft.notice:
            notices.append(self.catalog.message(language, draft.notice))
        guarded = await self.guards.apply(
            draft.reply.sections,
            DraftTurn(
                language=language,
                wants_scaffold=engine_request.wants_scaffold,
                strict=strict,
                effort=effort,
                learner_code=learner_code,
                learner_id=learner.id,
                turn_id=turn_id,
                curated=draft.reply.engine == self.fallback.name,
            ),
            offline=lambda: self._offline_sections(engine_request),
        )
        sections = guarded.sections
        notices.extend(guarded.notices)
        notice = "\n".join(notices)
        text = render_markdown(sections, language, self.catalog, notice=notice)
        topics = _merge_topics(thread.topics, draft.reply.topics)
        remembered = _remembered(memory, insight, draft.reply, sections, code=code, report=report)
        reply_id = await self.store.add_reply(
            thread_id=thread.id,
            reply_to=turn_id,
            text=text,
            language=language,
            engine=draft.reply.engine,
            role=role.value,
            topics=topics,
            memory=remembered.to_dict(),
        )
        await self._after_reply(
            learner=learner,
            thread=thread,
            request=request,
            report=report,
            code=to_run.code if to_run else None,
            topics=draft.reply.topics,
            tokens=draft.tokens,
            insight=insight,
        )
        return MentorReply(
            thread=thread.external_id,
            language=language,
            role=role,
            engine=draft.reply.engine,
            sections=sections,
            text=text,
            sandbox=report,
            refused=refuse,
            notice=notice,
            turn_id=turn_id,
            reply_id=reply_id,
            topics=topics,
        )

    async def _after_reply(
        self,
        *,
        learner: Learner,
        thread: ThreadRecord,
        request: MentorRequest,
        report: SandboxReport | None,
        code: str | None,
        topics: tuple[str, ...],
        tokens: int,
        insight: Insight,
    ) -> None:
        """Competence from evidence, the thread summary, the community's token use."""
        evidence = competence.evidence_from(report, code, reported=insight.reported)
        if evidence.points:
            record = competence.updated(learner.competence, evidence, topics)
            await self.store.set_competence(learner.id, record)
            log.info("mentor.competence_raised", points=evidence.points, level=record["level"])
        await context.refresh_summary(
            self.store,
            thread,
            turns=self.settings.history_turns,
            max_chars=self.settings.summary_max_chars,
        )
        if tokens and self.allowances is not None:
            await self.allowances.spend_tokens(request.community, tokens)

    async def _profile(
        self, block: CodeBlock, turn_id: int, language: str
    ) -> tuple[SandboxReport | None, str]:
        if not self.sandbox.available:
            note = self.catalog.message(language, "sandbox_unavailable", reason=self.sandbox.reason)
            return None, note
        report = await self.sandbox.profile(block.code)  # counted by the MeteredSandbox
        await self.store.add_report(turn_id, report.to_dict())
        if report.status is RunStatus.REJECTED:
            reason = report.message or report.status.value
            return None, self.catalog.message(language, "sandbox_unavailable", reason=reason)
        return report, ""

    # Drafting and guardrails ---------------------------------------------------------
    def _inspect(self, reply: EngineReply, request: EngineRequest) -> DraftProblems:
        problems = inspect_draft(
            reply.sections,
            reply.raw,
            expected_language=request.language,
            detector=self.detector,
            leaks=self.leaks,
        )
        hollow = self.guards.hollow(
            reply.sections, request.language, wants_scaffold=request.wants_scaffold
        )
        return replace(problems, hollow=tuple(k for k in hollow if k not in problems.missing))

    async def _offline(self, request: EngineRequest) -> EngineReply:
        return await self.fallback.reply(replace(request, repair=""))

    async def _offline_sections(self, request: EngineRequest) -> Sections:
        """The offline engine's answer to this very request (fills hollow sections)."""
        return (await self._offline(request)).sections

    async def _draft(self, request: EngineRequest, gate: StreamGate) -> _Draft:
        """The engine's draft, checked for leaks, structure and language; never fails."""
        if request.refuse or self.engine is self.fallback:
            reply = await self.fallback.reply(request, gate)
            outcome = "refused" if request.refuse else "ok"
            self.metrics.engine_replies.labels(reply.engine, outcome).inc()
            return _Draft(reply)
        try:
            reply = await self.engine.reply(request, gate)
        except (EngineError, TimeoutError) as exc:
            log.warning("mentor.engine_failed", engine=self.engine.name, error=str(exc)[:200])
            self.metrics.engine_replies.labels(self.engine.name, "failed").inc()
            await gate.restart()
            reply = await self.fallback.reply(request, gate)
            self.metrics.engine_replies.labels(reply.engine, "fallback").inc()
            return _Draft(reply, fell_back=True, notice="fallback_engine")
        tokens = reply.tokens
        problems = self._inspect(reply, request)
        if problems.ok:
            self.metrics.engine_replies.labels(reply.engine, "ok").inc()
            return _Draft(reply, tokens=tokens)
        gate.close()
        if problems.leaked:
            self.metrics.guardrails.labels("leak", "replaced").inc()
            self.metrics.engine_replies.labels(reply.engine, "leak_replaced").inc()
            log.warning("mentor.prompt_leak_replaced", engine=reply.engine)
            return _Draft(await self._offline(request), tokens=tokens)
        for guard, failed in (
            ("structure", problems.missing),
            ("language", problems.wrong_language),
        ):
            if failed:
                self.metrics.guardrails.labels(guard, "reask").inc()
        if problems.hollow:
            self.guards.count("sections", "reask")
        log.info(
            "mentor.draft_reasked",
            missing=list(problems.missing),
            hollow=list(problems.hollow),
            wrong_language=problems.wrong_language,
        )
        note = problems.repair_note(
            self.catalog.name(request.language), self.catalog.headings(request.language)
        )
        second: EngineReply | None = None
        try:
            second = await self.engine.reply(replace(request, repair=note))
        except (EngineError, TimeoutError) as exc:
            log.warning("mentor.reask_failed", error=str(exc)[:200])
        if second is not None:
            tokens += second.tokens
            again = self._inspect(second, request)
            if not again.leaked and not again.wrong_language:
                self.metrics.engine_replies.labels(second.engine, "repaired").inc()
                return _Draft(second, tokens=tokens)
            if again.leaked:
                self.metrics.guardrails.labels("leak", "replaced").inc()
        if not problems.wrong_language:
            # Right language, some sections missing: keep the draft, fill the gaps offline.
            self.metrics.engine_replies.labels(reply.engine, "repaired").inc()
            return _Draft(reply, tokens=tokens)
        self.metrics.guardrails.labels("language", "fallback").inc()
        self.metrics.engine_replies.labels(self.fallback.name, "guard_fallback").inc()
        # The learner is told the LLM's answer was not used (issue 14 point 5).
        return _Draft(
            await self._offline(request),
            fell_back=True,
            tokens=tokens,
            notice="guardsout_fallback_language",
        )

    # Other commands --------------------------------------------------------------------
    async def forget(self, platform: str, user: str) -> Forgotten:
        """Delete everything stored about a learner, wherever they wrote; says what went."""
        forgotten = await self.store.forget_learner(platform, user)
        log.info("mentor.learner_forgotten", platform=platform, **forgotten.params())
        return forgotten


@dataclass(frozen=True, slots=True)
class _Draft:
    """The reply chosen for a turn, whether the fallback answered, and LLM tokens spent."""

    reply: EngineReply
    fell_back: bool = False
    tokens: int = 0
    notice: str = ""
    """The catalog message telling the learner why the offline engine answered, if it did."""


def _merge_topics(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    merged = list(old)
    for topic in new:
        if topic not in merged:
            merged.append(topic)
    return tuple(merged[-MAX_THREAD_TOPICS:])


def _remembered(
    memory: ThreadMemory,
    insight: Insight,
    reply: EngineReply,
    sections: Sections,
    *,
    code: str | None,
    report: SandboxReport | None,
) -> ThreadMemory:
    """The thread's memory after this turn: its facts, code, run and what the reply proposed."""
    return thread_memory.remember(
        memory,
        insight.facts,
        code=code,
        sandbox=sandbox_line(report),
        units=reply.units,
        steps=reply.steps,
        hypotheses=(
            *insight.findings[:2],
            *thread_memory.hypotheses_of(sections.hypotheses, skip=insight.findings),
        ),
    )
