"""The engine's draft for a turn: one call, checks for leaks, structure and language, one re-ask.

A failing engine, a leaked prompt or a draft in the wrong language falls back to the offline
engine; missing or hollow sections are re-asked once and, failing that, filled by the output
guards from the offline answer. The learner is told whenever the offline engine answered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import structlog

from bot.errors import EngineError
from bot.mentor import repeat_check
from bot.mentor.engine_port import EngineReply, EngineRequest, ReplyEngine
from bot.mentor.guard import DraftProblems, LeakDetector, inspect_draft
from bot.mentor.guards.pipeline import DraftGuards
from bot.mentor.i18n import Catalog
from bot.mentor.language import LanguageDetector
from bot.mentor.models import Sections
from bot.mentor.streaming import StreamGate
from bot.observability import Metrics

log = structlog.get_logger()


@dataclass(frozen=True, slots=True)
class Draft:
    """The reply chosen for a turn, whether the fallback answered, and LLM tokens spent."""

    reply: EngineReply
    fell_back: bool = False
    tokens: int = 0
    notice: str = ""
    """The catalog message telling the learner why the offline engine answered, if it did."""


@dataclass(frozen=True, slots=True)
class Drafter:
    """Asks the engine for a draft and checks it; built per turn from MentorService's ports."""

    engine: ReplyEngine
    fallback: ReplyEngine
    guards: DraftGuards
    detector: LanguageDetector
    leaks: LeakDetector
    catalog: Catalog
    metrics: Metrics

    def inspect(self, reply: EngineReply, request: EngineRequest) -> DraftProblems:
        """What is wrong with a draft: leaks, missing or hollow sections, wrong language."""
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

    async def offline(self, request: EngineRequest) -> EngineReply:
        """The offline engine's answer, without the re-ask's repair note."""
        return await self.fallback.reply(replace(request, repair=""))

    async def offline_sections(self, request: EngineRequest) -> Sections:
        """The offline engine's answer to this very request (fills hollow sections)."""
        return (await self.offline(request)).sections

    async def draft(self, request: EngineRequest, gate: StreamGate) -> Draft:
        """The engine's draft, checked for leaks, structure, language and repetition."""
        draft = await self._checked(request, gate)
        if draft.fell_back or draft.reply.engine == self.fallback.name:
            return draft
        return await self._moved_on(draft, request, gate)

    async def _moved_on(self, draft: Draft, request: EngineRequest, gate: StreamGate) -> Draft:
        """A draft repeating the thread's previous reply: the repeated sections replaced.

        The offline engine reads this turn's numbers and moves to the thread's next hypothesis;
        asking the model again would cost a second call for what it just chose to repeat.
        """
        keys = repeat_check.repeated(draft.reply.sections, request.history)
        if not keys:
            return draft
        gate.close()
        self.guards.count("repeat", "replaced")
        log.info("mentor.draft_repeated", sections=list(keys))
        fresh = await self.offline_sections(request)
        sections = repeat_check.with_sections(draft.reply.sections, fresh, keys)
        return replace(draft, reply=replace(draft.reply, sections=sections))

    async def _checked(self, request: EngineRequest, gate: StreamGate) -> Draft:
        """The engine's draft, checked for leaks, structure and language; never fails."""
        if request.refuse or self.engine is self.fallback:
            reply = await self.fallback.reply(request, gate)
            outcome = "refused" if request.refuse else "ok"
            self.metrics.engine_replies.labels(reply.engine, outcome).inc()
            return Draft(reply)
        try:
            reply = await self.engine.reply(request, gate)
        except (EngineError, TimeoutError) as exc:
            log.warning("mentor.engine_failed", engine=self.engine.name, error=str(exc)[:200])
            self.metrics.engine_replies.labels(self.engine.name, "failed").inc()
            await gate.restart()
            reply = await self.fallback.reply(request, gate)
            self.metrics.engine_replies.labels(reply.engine, "fallback").inc()
            return Draft(reply, fell_back=True, notice="fallback_engine")
        tokens = reply.tokens
        problems = self.inspect(reply, request)
        if problems.ok:
            self.metrics.engine_replies.labels(reply.engine, "ok").inc()
            return Draft(reply, tokens=tokens)
        gate.close()
        if problems.leaked:
            self.metrics.guardrails.labels("leak", "replaced").inc()
            self.metrics.engine_replies.labels(reply.engine, "leak_replaced").inc()
            log.warning("mentor.prompt_leak_replaced", engine=reply.engine)
            return Draft(await self.offline(request), tokens=tokens)
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
            again = self.inspect(second, request)
            if not again.leaked and not again.wrong_language:
                self.metrics.engine_replies.labels(second.engine, "repaired").inc()
                return Draft(second, tokens=tokens)
            if again.leaked:
                self.metrics.guardrails.labels("leak", "replaced").inc()
        if not problems.wrong_language:
            # Right language, some sections missing: keep the draft, fill the gaps offline.
            self.metrics.engine_replies.labels(reply.engine, "repaired").inc()
            return Draft(reply, tokens=tokens)
        self.metrics.guardrails.labels("language", "fallback").inc()
        self.metrics.engine_replies.labels(self.fallback.name, "guard_fallback").inc()
        # The learner is told the LLM's answer was not used (issue 14 point 5).
        return Draft(
            await self.offline(request),
            fell_back=True,
            tokens=tokens,
            notice="guardsout_fallback_language",
        )
