"""After a reply is stored: the thread's topics and memory, competence, summary and token use."""

from __future__ import annotations

import structlog

from bot.mentor import competence, context
from bot.mentor import memory as thread_memory
from bot.mentor.engine_port import EngineReply
from bot.mentor.facts import ThreadMemory
from bot.mentor.insight import Insight
from bot.mentor.limits import Allowances
from bot.mentor.models import MentorRequest, Sections
from bot.mentor.reasoning import sandbox_line
from bot.mentor.settings import MentorSettings
from bot.sandbox.report import SandboxReport
from bot.storage.store import Learner, Store, ThreadRecord

log = structlog.get_logger()

MAX_THREAD_TOPICS = 10


def merge_topics(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    """The thread's topics with the new ones appended, the most recent MAX_THREAD_TOPICS kept."""
    merged = list(old)
    for topic in new:
        if topic not in merged:
            merged.append(topic)
    return tuple(merged[-MAX_THREAD_TOPICS:])


def remembered(
    memory: ThreadMemory,
    insight: Insight,
    reply: EngineReply,
    sections: Sections,
    *,
    code: str | None,
    report: SandboxReport | None,
    asked: str = "",
    refused: str = "",
) -> ThreadMemory:
    """The thread's memory after this turn: its facts, code, run and what the reply proposed.

    `asked`: the learner's prose when the turn was answered, '' when it was refused;
    `refused`: what a refused turn said (its prose and its code's comments), '' otherwise.
    """
    return thread_memory.remember(
        memory,
        insight.facts,
        asked=asked,
        refused=refused,
        code=code,
        sandbox=sandbox_line(report),
        units=reply.units,
        steps=reply.steps,
        hypotheses=(
            *insight.findings[:2],
            *thread_memory.hypotheses_of(sections.hypotheses, skip=insight.findings),
        ),
    )


async def after_reply(
    store: Store,
    allowances: Allowances | None,
    settings: MentorSettings,
    *,
    learner: Learner,
    thread: ThreadRecord,
    request: MentorRequest,
    report: SandboxReport | None,
    code: str | None,
    topics: tuple[str, ...],
    tokens: int,
    insight: Insight,
    held_before: int | None = None,
) -> None:
    """Competence from evidence, the thread summary, the community's token use.

    `held_before`: the thread's messages before the reply when `context.window` counted them.
    """
    evidence = competence.evidence_from(report, code, reported=insight.reported)
    if evidence.points:
        record = competence.updated(learner.competence, evidence, topics)
        await store.set_competence(learner.id, record)
        log.info("mentor.competence_raised", points=evidence.points, level=record["level"])
    await context.refresh_summary(
        store,
        thread,
        turns=settings.history_turns,
        max_chars=settings.summary_max_chars,
        held_before=held_before,
    )
    if tokens and allowances is not None:
        await allowances.spend_tokens(request.community, tokens)
