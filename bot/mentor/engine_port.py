"""The ReplyEngine port, owned by its consumer: the mentor says what an engine must answer.

Engines (bot/engine: LLM, offline) implement it; the mentor never imports an engine module,
so the layers point one way (checked by `lint-imports` in `make lint`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from bot.mentor.facts import QuestionFacts, ThreadMemory
from bot.mentor.models import Role, Sections
from bot.sandbox.report import SandboxReport

DeltaCallback = Callable[[str], Awaitable[None]]
"""Receives each new piece of text as the engine produces it."""


def restart_hook(on_delta: DeltaCallback | None) -> Callable[[], Awaitable[None]] | None:
    """The sink's optional `async restart()`, which voids the text streamed so far.

    Engines that retry after streaming call it; the protocol stays `reply(request, on_delta)`.
    """
    hook = getattr(on_delta, "restart", None)
    return hook if callable(hook) else None


SUPPORT_LEVELS = ("guided", "standard", "advanced")
"""How deep hints go: guided (most help) to advanced (questions first, shortest hints)."""


@dataclass(frozen=True, slots=True)
class Turn:
    """A message of the thread's history."""

    author: Literal["learner", "mentor"]
    text: str


@dataclass(frozen=True, slots=True)
class EngineRequest:
    """Everything an engine needs; the service has already decided language and role."""

    question: str
    language: str
    role: Role
    wants_scaffold: bool = False
    code: str | None = None
    sandbox: SandboxReport | None = None
    sandbox_note: str = ""
    """Why the code was not run, when it was not (shown to the learner)."""
    history: tuple[Turn, ...] = ()
    thread_topics: tuple[str, ...] = ()
    summary: str = ""
    refuse: bool = False
    """The safety gate refused the request: answer with the refusal and a defensive redirect."""
    refusal: str = ""
    """The refusal in the learner's language, naming this request's capability and its safe
    alternative (from the intent guard); '' = the catalog's generic `refusal`."""
    refusal_units: tuple[str, ...] = ()
    """The knowledge units that teach the refusal's safe alternative, in order (() = search
    the defensive units by the refusal's words)."""
    course_context: str = ""
    support_level: str = "standard"
    """One of SUPPORT_LEVELS, set from the learner's evidenced competence."""
    learner_code_effort: bool = False
    """The learner showed effort (own attempt, failing test, benchmark)."""
    repair: str = ""
    """A re-ask: what was wrong with the previous draft (structure, language)."""
    extra: dict[str, str] = field(default_factory=dict)
    facts: QuestionFacts = field(default_factory=QuestionFacts)
    """What this message states (stack, numbers, symptom, goal, slots already given)."""
    memory: ThreadMemory = field(default_factory=ThreadMemory)
    """The thread's state before this turn (units used, evidence reported, code)."""
    evidence_notes: tuple[str, ...] = ()
    """Localized lines interpreting what the learner reported (e.g. a before/after ratio)."""
    findings: tuple[str, ...] = ()
    """Localized hypotheses reasoned from the sandbox report and a static scan of the code."""
    unreadable: str = ""
    """The language the learner wrote in when the mentor cannot read it (offline, 'vi'):
    only the code and the names in the message can say what it is about."""

    def __repr__(self) -> str:
        q = self.question if len(self.question) <= 40 else self.question[:40] + "..."
        return (
            f"EngineRequest(language={self.language!r}, role={self.role.value!r}, question={q!r})"
        )


@dataclass(frozen=True, slots=True)
class EngineReply:
    """An engine's structured answer."""

    sections: Sections
    engine: str
    topics: tuple[str, ...] = ()
    """Topic ids the reply is about (the method's core topics)."""
    raw: str = ""
    """The draft as generated (LLM Markdown), for the guardrails; '' for composed replies."""
    tokens: int = 0
    """LLM tokens used (prompt + completion; estimated when the server does not say)."""
    units: tuple[str, ...] = ()
    """Knowledge-unit ids the reply was composed from (remembered by the thread)."""
    steps: tuple[str, ...] = ()
    """The units' steps the reply gave, as '<unit id>#<index>' (remembered by the thread)."""


class ReplyEngine(Protocol):
    """Produces a reply; LLM engines may raise EngineError, the offline engine never does."""

    name: str

    async def reply(
        self,
        request: EngineRequest,
        on_delta: DeltaCallback | None = None,
    ) -> EngineReply:
        """Answer `request`, calling `on_delta` with text as it is produced (in order)."""
        ...

    async def aclose(self) -> None:
        """Release connections (the app calls it on shutdown)."""
        ...
