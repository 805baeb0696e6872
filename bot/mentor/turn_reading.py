"""A turn's reading of the request: what it asks, what it proves, and the engine request.

Cut out of `MentorService._answer` (the service was past 450 lines), beside draft_stage.py:
everything between the sandbox's report and the draft. The role asked for, the learner's own
code and whether it shows effort, a practice task asked for in words, whether finished code
must become a scaffold (`strict`), the thread's window and memory, the secrets never to quote
back, the facts and evidence of the message, and the engine request built from all of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.mentor import competence, context
from bot.mentor import memory as thread_memory
from bot.mentor.admission import with_attached_text
from bot.mentor.codeblocks import CodeBlock
from bot.mentor.draft_stage import DraftContext
from bot.mentor.engine_port import EngineRequest, Turn
from bot.mentor.facts import ThreadMemory
from bot.mentor.guards.pipeline import DraftGuards
from bot.mentor.guards.refusal_text import alternative_units, refusal_text
from bot.mentor.guards.secrets import learner_secrets
from bot.mentor.i18n import Catalog
from bot.mentor.insight import Insight, read_turn
from bot.mentor.intent.guard import Verdict
from bot.mentor.method import MethodRules
from bot.mentor.models import MentorRequest, Role
from bot.mentor.settings import MentorSettings
from bot.mentor.turn_opening import NOT_A_LANGUAGE
from bot.mentor.turn_ports import ContextProvider
from bot.mentor.turn_setup import feedback, is_graded, role_for, thread_tasks
from bot.sandbox.report import SandboxReport
from bot.storage.store import Learner, Store, ThreadRecord


@dataclass(frozen=True, slots=True)
class TurnFacts:
    """One turn as read before drafting: the service and the draft stage use these."""

    role: Role
    learner_code: tuple[str, ...]
    effort: bool
    """Evidence of effort (their own code, a failing test): a solution may be discussed."""
    strict: bool
    """A graded thread or a "write it for me" request: finished code becomes a scaffold."""
    asked_task: str
    """The practice task the learner asked to have finished, in words ('' for none)."""
    history: tuple[Turn, ...]
    held: int | None
    """How many messages the thread holds when that is fewer than the window (see window)."""
    secrets: tuple[str, ...]
    memory: ThreadMemory
    code: str | None
    """The code the turn is about: the code run, else the last block pasted."""
    insight: Insight
    engine_request: EngineRequest
    handed_in: tuple[str, ...] = ()
    """Feedback on a course hand-in (a session's goals met or missing); never for a refusal."""

    def draft_context(
        self,
        request: MentorRequest,
        *,
        thread: ThreadRecord,
        learner: Learner,
        turn_id: int,
        history_turns: int,
        placeholder: str,
    ) -> DraftContext:
        """What the draft stage needs besides the engine request.

        The constraints hold the libraries ruled out ('avoid:redis'): the guards read those
        names from them, so they are built once and passed once.
        """
        return DraftContext(
            thread_id=thread.id,
            turn_id=turn_id,
            learner_id=learner.id,
            history=self.history,
            history_turns=history_turns,
            strict=self.strict,
            effort=self.effort,
            learner_code=self.learner_code,
            secrets=self.secrets,
            task=self.asked_task,
            placeholder=placeholder,
            question=request.text,
            named=self.insight.facts.stack,
            constraints=(*self.memory.constraints, *self.insight.facts.constraints),
        )


@dataclass(frozen=True, slots=True)
class TurnReader:
    """Reads a turn with the service's rules, guards and store; built by MentorService."""

    store: Store
    rules: MethodRules
    guards: DraftGuards
    catalog: Catalog
    settings: MentorSettings
    context_providers: list[ContextProvider] = field(default_factory=list)

    async def read(
        self,
        request: MentorRequest,
        *,
        learner: Learner,
        thread: ThreadRecord,
        turn_id: int,
        language: str,
        intent: Verdict,
        blocks: list[CodeBlock],
        run: str | None,
        sandbox: SandboxReport | None,
        sandbox_note: str,
        stored_memory: dict[str, Any] | None,
        fresh_thread: bool,
        pasted: tuple[str, ...],
        unsupported: str | None = None,
    ) -> TurnFacts:
        """The turn's facts and engine request (`run`: the code the sandbox ran, if any)."""
        refuse = intent.refuse
        role = role_for(self.rules, request.text, thread)
        learner_code = tuple(b.code for b in blocks)
        effort = self.guards.effort(
            request.text, learner_code, says_tried=self.rules.shows_effort(request.text)
        )
        wants_solution = self.rules.wants_solution(request.text)
        graded = await is_graded(self.context_providers, thread, request)
        # in a graded thread fewer words name a task, "this session's exercise" too (V12)
        asked_task = self.guards.task_asks.asked(
            request.text,
            wants_solution=wants_solution,
            codes=learner_code,
            graded=(await thread_tasks(self.context_providers, thread)) if graded else None,
        )
        strict = wants_solution or bool(asked_task) or graded
        history, held = await context.window(
            self.store,
            thread,
            turns=self.settings.history_turns,
            exclude=turn_id,
            fresh=fresh_thread,
        )
        # the thread's earlier words count too: a follow-up's reply quotes the last turn back
        secrets = pasted + learner_secrets(
            "\n".join((request.text, *learner_code, *(t.text for t in history)))
        )
        extra_context = [await p.context_for(thread, request) for p in self.context_providers]
        # a refused message is no course work: its providers' feedback is never asked for
        handed_in = (
            ()
            if refuse
            else tuple(await feedback(self.context_providers, thread, request, language))
        )
        memory = (
            await thread_memory.load(self.store, thread.id)
            if stored_memory is None
            else ThreadMemory.from_dict(stored_memory)
        )
        code = run if run is not None else (learner_code[-1] if learner_code else None)
        insight = read_turn(
            request.text,
            code=code,
            report=sandbox,
            memory=memory,
            language=language,
            catalog=self.catalog,
            refuse=refuse,
        )
        fresh = insight.memory is not None and insight.memory is not memory
        memory = insight.memory or memory  # a new question in the thread starts afresh
        engine_request = EngineRequest(
            question=with_attached_text(request.text, blocks),
            language=language,
            role=role,
            wants_scaffold=self.rules.wants_scaffold(request.text)
            or role is Role.COPILOT
            or (strict and not effort and not handed_in),
            code=run,
            sandbox=sandbox,
            sandbox_note=sandbox_note,
            history=() if fresh else history,
            thread_topics=() if fresh else thread.topics,
            summary=thread.summary,
            refuse=refuse,
            refusal=refusal_text(self.catalog, language, intent, request.text, self.guards.refusals)
            if refuse
            else "",
            refusal_units=alternative_units(intent, request.text, self.guards.refusals)
            if refuse
            else (),
            course_context="\n\n".join(c for c in extra_context if c),
            support_level=competence.support_level(learner.competence),
            learner_code_effort=effort,
            facts=insight.facts,
            memory=memory,
            evidence_notes=insight.notes,
            findings=insight.findings,
            unreadable="" if unsupported in NOT_A_LANGUAGE else unsupported or "",
        )
        return TurnFacts(
            role=role,
            learner_code=learner_code,
            effort=effort,
            strict=strict,
            asked_task=asked_task,
            history=history,
            held=held,
            secrets=secrets,
            memory=memory,
            code=code,
            insight=insight,
            engine_request=engine_request,
            handed_in=handed_in,
        )
