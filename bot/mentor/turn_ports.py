"""What a turn accepts from its callers: progress and acceptance callbacks, context providers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from bot.mentor.models import MentorRequest
from bot.storage.store import ThreadRecord

ProgressCallback = Callable[[str], Awaitable[None]]
"""Receives the reply text accumulated so far (platforms edit a placeholder with it)."""

AcceptedCallback = Callable[[int], Awaitable[None]]
"""Receives the id of the learner turn just stored (platforms register it for delivery)."""


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


@runtime_checkable
class ThreadTasksProvider(Protocol):
    """Optional for a ContextProvider: the practice tasks a graded thread is about.

    A session thread's tasks: "the exercise of this session" names them (review12 V12).
    """

    async def thread_tasks(self, thread: ThreadRecord) -> tuple[str, ...] | None:
        """The thread's task ids in the course's order; None when the thread has none."""
        ...


@runtime_checkable
class FeedbackProvider(Protocol):
    """Optional for a ContextProvider: feedback shown ahead of the reply's sections.

    Asked only for turns the intent guard answered: a refused message is no course work
    (review9 R46), so nothing it says is recorded.
    """

    async def feedback_for(
        self, thread: ThreadRecord, request: MentorRequest, language: str
    ) -> str:
        """The turn's feedback in `language` ('' when it has none); may record progress."""
        ...
