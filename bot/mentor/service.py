"""MentorService: one learner turn end to end, shared unchanged by every platform.

validate -> learner + thread -> language -> intent guard (misuse by what a request would
enable and whose systems; bot/mentor/intent) -> allowance and budget -> persist the turn ->
sandbox -> role, support level, context -> engine (streamed through the gate; fallback on
failure) -> draft checks (leak, structure, hollow sections, language: one re-ask, then the
offline engine) -> output guards (bot/mentor/guards: output safety -> integrity -> sections)
-> persist the reply -> thread memory, competence, summary, token use.

Streaming (bot/mentor/streaming.py): prose streams by complete lines; a line that could belong
to attack steps waits until its paragraph is judged, code blocks until the guards checked them;
the platform replaces the streamed text with the guarded `MentorReply.text`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import structlog

from bot.community.service import CommunitySettings
from bot.errors import InputError, UserFacingError
from bot.lifecycle.drain import RETRY_AFTER_S, Drain, ShuttingDown
from bot.mentor.admission import take_allowance, unreadable, validate_request
from bot.mentor.after_turn import after_reply, merge_topics
from bot.mentor.after_turn import remembered as remember_turn
from bot.mentor.codeblocks import CodeBlock, code_to_run, extract_blocks, strip_blocks
from bot.mentor.draft_stage import draft_and_guard
from bot.mentor.drafting import Drafter
from bot.mentor.engine_port import ReplyEngine
from bot.mentor.guard import LeakDetector
from bot.mentor.guards.pipeline import DraftGuards
from bot.mentor.i18n import Catalog
from bot.mentor.intent.code_words import judged_text
from bot.mentor.intent.guard import IntentGuard, Verdict
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.language import LanguageDetector, clearly, language_of_locale
from bot.mentor.limits import Allowances
from bot.mentor.method import MethodRules
from bot.mentor.models import MentorReply, MentorRequest
from bot.mentor.pasted_secrets import without_secrets
from bot.mentor.render import render_markdown
from bot.mentor.sandbox_evidence import profile
from bot.mentor.settings import MentorSettings
from bot.mentor.turn_opening import language_notices, open_turn
from bot.mentor.turn_ports import (
    AcceptedCallback,
    ContextProvider,
    GradedWorkProvider,
    ProgressCallback,
)
from bot.mentor.turn_reading import TurnReader
from bot.mentor.turn_setup import (
    new_thread,
    new_thread_id,
    stored_request,
)
from bot.observability import Metrics
from bot.sandbox.client import SandboxClient
from bot.storage.store import Forgotten, Learner, Store, ThreadRecord

log = structlog.get_logger()

__all__ = ["GradedWorkProvider", "MentorService", "new_thread_id"]  # what platforms import


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
        return validate_request(request, self.settings)

    def error_text(self, error: UserFacingError, language: str) -> str:
        """A user-facing error in the learner's language."""
        if not error.key:
            return error.message
        return self.catalog.message(language, error.key, **error.params)

    def message(self, lang: str, key: str, /, **params: object) -> str:
        """A localized message (help, new thread, ...)."""
        return self.catalog.message(lang, key, **params)

    def language_hint(self, locale: str | None, text: str = "", *, fallback: str = "") -> str:
        """Best language for a message outside a thread (help, errors).

        `fallback` (the thread's language) is taken when the text says nothing clearly.
        """
        supported = self.settings.languages
        detection = self.detector.detect(text) if text else None
        if detection and detection.language and clearly(detection):
            return detection.language
        if fallback in supported:
            return fallback
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
        request, pasted = without_secrets(request)  # before it is stored or sent
        if pasted:
            blocks = self.validate(request)  # the code to run, redacted too
        external = request.thread or new_thread_id()
        opening = await open_turn(
            request,
            external,
            store=self.store,
            community=self.community,
            detector=self.detector,
            intent_guard=self.intent,
            settings=self.settings,
            uses_llm=self.engine is not self.fallback,
        )
        learner, existing, intent = opening.learner, opening.existing, opening.intent
        language, unsupported = opening.language, opening.unsupported
        await take_allowance(
            self.allowances,
            self.metrics,
            self.error_text,
            learner=learner,
            request=request,
            language=language,
            uses_llm=not intent.refuse and self.engine is not self.fallback,
            budget=opening.overrides.daily_tokens,
        )
        thread = existing or await new_thread(self.store, request, learner, external)
        turn_id = await self.store.add_learner_turn(
            thread.id, request.text, language=language, learner_id=learner.id
        )
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
                stored_memory={} if existing is None else opening.memory,
                fresh_thread=existing is None,
                pasted=pasted,
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
        request = stored_request(thread, learner, text)
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
        stored_memory: dict[str, Any] | None = None,
        fresh_thread: bool = False,
        pasted: tuple[str, ...] = (),
    ) -> MentorReply:
        """The turn's reply; `stored_memory`, when read with the thread, saves reading it again.

        `fresh_thread`: this turn opened the thread (its history is empty: not read).
        `pasted`: the secrets redacted from the learner's message (never stored): the output
        guards still keep them out of the reply, and the learner is told to rotate them.
        """
        refuse = intent.refuse
        if refuse:
            self.metrics.guardrails.labels("misuse", "refused").inc()
            log.info("mentor.misuse_refused", turn=turn_id, capability=intent.capability)
        report, sandbox_note = (None, "")
        to_run = None if refuse else code_to_run(blocks)
        if to_run is not None:
            report, sandbox_note = await profile(
                self.sandbox,
                self.store,
                self.catalog,
                to_run,
                turn_id=turn_id,
                language=language,
                scrub=self.guards.prose.secrets,
                pasted=pasted,
            )
        facts = await self._reader().read(
            request,
            learner=learner,
            thread=thread,
            turn_id=turn_id,
            language=language,
            intent=intent,
            blocks=blocks,
            run=to_run.code if to_run else None,
            sandbox=report,
            sandbox_note=sandbox_note,
            stored_memory=stored_memory,
            fresh_thread=fresh_thread,
            pasted=pasted,
            unsupported=unsupported,
        )
        role, insight, code = facts.role, facts.insight, facts.code
        notices = language_notices(self.catalog, self.settings, language, unsupported)
        notices.extend(facts.handed_in)
        notices.extend(
            self.catalog.message(language, "attachment_unreadable", filename=name)
            for name in unreadable(request)
        )
        if pasted:
            notices.append(self.catalog.message(language, "secrets_pasted"))
        staged = await draft_and_guard(
            self._drafter(),
            self.store,
            facts.engine_request,
            facts.draft_context(
                request,
                thread=thread,
                learner=learner,
                turn_id=turn_id,
                history_turns=self.settings.history_turns,
                placeholder=self.catalog.message(language, "code_held"),
            ),
            notices=notices,
            on_progress=on_progress,
        )
        draft, sections, notices = staged.draft, staged.sections, staged.notices
        notice = "\n".join(notices)
        text = render_markdown(sections, language, self.catalog, notice=notice)
        topics = merge_topics(thread.topics, draft.reply.topics)
        remembered = remember_turn(
            facts.memory,
            insight,
            draft.reply,
            sections,
            code=code,
            report=report,
            asked="" if refuse else strip_blocks(request.text),
            refused=judged_text(request.text) if refuse else "",
        )
        allowances = self.allowances
        spend = None if allowances is None else allowances.spending(request.community, draft.tokens)
        reply_id = await self.store.add_reply(
            thread_id=thread.id,
            reply_to=turn_id,
            text=text,
            language=language,
            engine=draft.reply.engine,
            role=role.value,
            topics=topics,
            memory=remembered.to_dict(),
            spend=spend,  # the community's token use, in the reply's own write
        )
        if allowances is not None and spend is not None:
            await allowances.spent(spend)
        await after_reply(
            self.store,
            self.allowances,
            self.settings,
            learner=learner,
            thread=thread,
            request=request,
            report=report,
            code=to_run.code if to_run else None,
            topics=draft.reply.topics,
            tokens=0 if spend is not None else draft.tokens,
            insight=insight,
            held_before=facts.held,
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

    def _reader(self) -> TurnReader:
        """The turn's reader over this service's rules, guards and store."""
        return TurnReader(
            store=self.store,
            rules=self.rules,
            guards=self.guards,
            catalog=self.catalog,
            settings=self.settings,
            context_providers=self.context_providers,
        )

    def _drafter(self) -> Drafter:
        """The turn's drafter over this service's engines, guards and metrics."""
        return Drafter(
            engine=self.engine,
            fallback=self.fallback,
            guards=self.guards,
            detector=self.detector,
            leaks=self.leaks,
            catalog=self.catalog,
            metrics=self.metrics,
        )

    # Other commands --------------------------------------------------------------------
    async def forget(self, platform: str, user: str) -> Forgotten:
        """Delete everything stored about a learner, wherever they wrote; says what went."""
        forgotten = await self.store.forget_learner(platform, user)
        log.info("mentor.learner_forgotten", platform=platform, **forgotten.params())
        return forgotten
