"""A turn's draft stage: the engine's draft streamed through the gate, then the output guards.

Cut out of `MentorService._answer` (the service was past 450 lines): everything between the
engine request and the sections to render. The stream gate shows the learner the draft's safe
prose as it arrives; the drafter checks the draft (leak, structure, language, one re-ask); the
guards (output safety -> integrity -> sections) decide what is shown. The offline engine's
answer to this very request is asked for only when a guard needs a section from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.mentor import context
from bot.mentor.drafting import Draft, Drafter
from bot.mentor.engine_port import EngineRequest, Turn
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.thread_code import SHOWN_MESSAGES, shown_code
from bot.mentor.guards.unsafe_advice import LineKinds
from bot.mentor.models import Sections
from bot.mentor.streaming import StreamGate
from bot.mentor.turn_ports import ProgressCallback
from bot.storage.store import Store


@dataclass(frozen=True, slots=True)
class DraftContext:
    """What the draft stage knows of the turn beyond the engine request."""

    thread_id: int
    turn_id: int
    learner_id: int
    history: tuple[Turn, ...]
    """The thread's window of earlier messages (the mentor's ones are what it said)."""
    history_turns: int
    strict: bool
    effort: bool
    learner_code: tuple[str, ...]
    secrets: tuple[str, ...]
    task: str
    placeholder: str
    """What stands in for a code block in the streamed preview ("checking code")."""
    question: str = ""
    """The learner's message: a draft about another subject is judged against it."""
    named: tuple[str, ...] = ()
    """Libraries the question names (its stack)."""
    constraints: tuple[str, ...] | None = None
    """The thread's held constraints ("standard library only", 'avoid:redis' for "without
    Redis"): no step may break them or propose a library ruled out."""


@dataclass(frozen=True, slots=True)
class GuardedDraft:
    """The chosen draft, the sections to show, and the notices (language, fallback, guards)."""

    draft: Draft
    sections: Sections
    notices: list[str]


async def draft_and_guard(
    drafter: Drafter,
    store: Store,
    request: EngineRequest,
    turn: DraftContext,
    *,
    notices: list[str],
    on_progress: ProgressCallback | None,
) -> GuardedDraft:
    """The engine's draft for `request`, streamed to `on_progress`, checked and guarded.

    `notices` are the turn's opening notices (shown first in the preview and the reply).
    """
    said = tuple(t.text for t in turn.history if t.author == "mentor")
    measured = request.sandbox is not None or bool(request.memory.sandbox)
    kinds: LineKinds = {}  # each line's unsafe-advice verdict: the gate's, read by the guards
    gate = StreamGate(
        on_progress,
        prefix="\n".join(notices),
        restart_notice=drafter.catalog.message(request.language, "stream_restarted"),
        placeholder=turn.placeholder,
        language=request.language,
        detector=drafter.detector,
        leaks=drafter.leaks,
        harm=drafter.guards.prose_rule.with_secrets(turn.secrets),
        advice=drafter.guards.advice_check(request.language, measured=measured, kinds=kinds),
        told=drafter.guards.told,
        said=said,
    )
    draft = await drafter.draft(request, gate)
    reach = 0 if turn.effort else SHOWN_MESSAGES  # code shown past the window, without effort
    shown = await context.mentor_texts(
        store, turn.thread_id, turn.history, window=turn.history_turns, reach=reach
    )
    await gate.flush()  # what the gate held back; a no-op once a re-ask closed it
    notices = list(notices)
    if gate.replaced:  # the learner watched a discarded attempt stream: the reply says so
        notices.append(drafter.catalog.message(request.language, "stream_restarted"))
    if draft.notice:
        notices.append(drafter.catalog.message(request.language, draft.notice))
    guarded = await drafter.guards.apply(
        draft.reply.sections,
        DraftTurn(
            language=request.language,
            wants_scaffold=request.wants_scaffold,
            strict=turn.strict,
            effort=turn.effort,
            learner_code=turn.learner_code,
            learner_id=turn.learner_id,
            turn_id=turn.turn_id,
            shown=shown_code(shown),
            said=said,
            curated=draft.reply.engine == drafter.fallback.name,
            secrets=turn.secrets,
            task=turn.task,
            question=turn.question,
            named=turn.named,
            constraints=turn.constraints,
            measured=measured,
        ),
        offline=lambda: drafter.offline_sections(request),
        kinds=kinds,
    )
    notices.extend(guarded.notices)
    return GuardedDraft(draft, guarded.sections, notices)
