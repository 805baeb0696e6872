"""Where a turn starts: the community's settings, the thread, the role and whether it is graded."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from bot.community.current import TURN_MODEL
from bot.community.service import NO_OVERRIDES, CommunitySettings, Overrides
from bot.mentor.method import MethodRules
from bot.mentor.models import MentorRequest, Role
from bot.mentor.turn_ports import (
    ContextProvider,
    FeedbackProvider,
    GradedWorkProvider,
    ThreadTasksProvider,
)
from bot.storage.store import Learner, Store, ThreadRecord


def new_thread_id() -> str:
    """A fresh thread id for platforms without their own (console, CLI)."""
    return uuid.uuid4().hex[:12]


async def community_overrides(
    community: CommunitySettings | None, request: MentorRequest
) -> Overrides:
    """The community's own settings for this turn (its LLM model goes to the engine)."""
    if community is None:
        return NO_OVERRIDES
    overrides = await community.get(request.platform, request.community)
    TURN_MODEL.set(overrides.model)
    return overrides


async def new_thread(
    store: Store, request: MentorRequest, learner: Learner, external: str
) -> ThreadRecord:
    """The learner's new thread, in the request's community and channel."""
    return await store.create_thread(
        platform=request.platform,
        external_id=external,
        learner_id=learner.id,
        community=request.community,
        channel=request.channel,
    )


def role_for(rules: MethodRules, text: str, thread: ThreadRecord) -> Role:
    """The role the learner asks for, else the thread's current emphasis."""
    cue = rules.role_cue(text)
    if cue is not None:
        return cue
    try:
        return Role(thread.role)
    except ValueError:
        return Role.MENTOR


async def is_graded(
    providers: Iterable[ContextProvider], thread: ThreadRecord, request: MentorRequest
) -> bool:
    """A provider says the turn is graded practice (finished code becomes a scaffold)."""
    for provider in providers:
        if isinstance(provider, GradedWorkProvider) and await provider.is_graded(thread, request):
            return True
    return False


async def thread_tasks(
    providers: Iterable[ContextProvider], thread: ThreadRecord
) -> tuple[str, ...]:
    """The practice tasks the thread is about (a session thread's), () when none."""
    for provider in providers:
        if isinstance(provider, ThreadTasksProvider):
            found = await provider.thread_tasks(thread)
            if found:
                return found
    return ()


async def feedback(
    providers: Iterable[ContextProvider],
    thread: ThreadRecord,
    request: MentorRequest,
    language: str,
) -> list[str]:
    """The providers' feedback on an answered turn (a session hand-in read against its goals)."""
    found = [
        await p.feedback_for(thread, request, language)
        for p in providers
        if isinstance(p, FeedbackProvider)
    ]
    return [f for f in found if f]


def stored_request(thread: ThreadRecord, learner: Learner, text: str) -> MentorRequest:
    """The request of a stored turn, rebuilt to answer it after a crash (no attachments)."""
    return MentorRequest(
        platform=thread.platform,
        user=learner.external_id,
        text=text,
        thread=thread.external_id,
        channel=thread.channel,
        community=thread.community,
        user_name=learner.display_name,
        locale=learner.locale,
    )
