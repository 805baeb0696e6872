"""What the mentor knows in a session thread: the session's goals, and the hand-in it grades."""

from __future__ import annotations

import structlog

from bot.course.content import Course, Session
from bot.course.handin import MIN_HANDIN_NUMBERS, Handin, assess_handin, feedback
from bot.mentor.models import MentorRequest
from bot.storage.course import CourseStore, SessionStatus
from bot.storage.store import ThreadRecord

log = structlog.get_logger()


class SessionContext:
    """ContextProvider: in a thread opened by `/mca session <n>`, the mentor knows the session.

    Its context (goals, lab, deliverable, and how the turn covers the checklist) goes into the
    prompt. A hand-in by the thread's own learner gets feedback against the session's goals
    ahead of the reply and moves the session to 'handed_in', or 'done' when nothing is missing;
    the mentor asks for that feedback only on turns it answers (a refused message is no hand-in).
    """

    def __init__(self, *, course_store: CourseStore, course: Course) -> None:
        self.course_store = course_store
        self.course = course

    async def is_graded(self, thread: ThreadRecord, request: MentorRequest) -> bool:
        """Session threads and turns naming a practice task are graded: no turnkey code there."""
        if await self.course_store.thread_session(thread.platform, thread.external_id):
            return True
        text = request.text.lower()
        return any(task.id in text for task in self.course.tasks)

    async def thread_tasks(self, thread: ThreadRecord) -> tuple[str, ...] | None:
        """A session thread's practice tasks: "this session's exercise" is one of them."""
        bound = await self._bound(thread)
        return None if bound is None else bound[1].tasks

    async def _bound(self, thread: ThreadRecord) -> tuple[int, Session] | None:
        """The thread's learner and session, when the thread is a session's."""
        bound = await self.course_store.thread_session(thread.platform, thread.external_id)
        if bound is None:
            return None
        learner_id, number = bound
        session = self.course.session(number)
        return None if session is None else (learner_id, session)

    async def context_for(self, thread: ThreadRecord, request: MentorRequest) -> str:
        """The session's context for this thread ('' outside session threads); records nothing."""
        bound = await self._bound(thread)
        if bound is None:
            return ""
        _, session = bound
        t = session.in_language("en")
        handin = assess_handin(session, request.text, self.course.handin_cues)
        lines = [
            f"Course session {session.number} of 8: {t.title}. The learner is working in this "
            "session's thread; keep the feedback on its goals and do not hand out the finished lab.",
            "Goals: " + "; ".join(t.goals),
            "Lab: " + t.lab_title + ". Steps: " + " ".join(t.lab_steps),
            "Deliverable: " + t.deliverable,
            "Topics: " + ", ".join(session.topics),
        ]
        if handin.is_handin:
            lines.append(_prompt_line(session, handin))
        return "\n".join(lines)

    async def feedback_for(
        self, thread: ThreadRecord, request: MentorRequest, language: str
    ) -> str:
        """A hand-in by the thread's own learner: record it, and read it against the goals."""
        bound = await self._bound(thread)
        if bound is None:
            return ""
        learner_id, session = bound
        handin = assess_handin(session, request.text, self.course.handin_cues)
        if not handin.is_handin:
            return ""
        requester = await self.course_store.learner_id(thread.platform, request.user)
        if requester != learner_id:  # only the bound learner's own hand-in
            return ""
        status: SessionStatus = "done" if handin.complete else "handed_in"
        await self.course_store.set_session(learner_id, session.number, status, handin.covered)
        log.info(
            "course.handin",
            session=session.number,
            covered=len(handin.covered),
            missing=len(handin.missing),
            status=status,
        )
        return feedback(self.course, session, handin, language)


def _prompt_line(session: Session, handin: Handin) -> str:
    """The assessment as the engine reads it (the learner sees `feedback`'s lines)."""
    labels = {i.id: i.label["en"] for i in session.checklist}
    return (
        "This message hands in the deliverable. Covered: "
        + (", ".join(labels[i] for i in handin.covered) or "nothing yet")
        + ". Missing: "
        + (", ".join(labels[i] for i in handin.missing) or "nothing")
        + (
            ""
            if handin.numbers >= MIN_HANDIN_NUMBERS
            else f"; measurements (at least {MIN_HANDIN_NUMBERS} timings, sizes or "
            "ratios with their units: the checklist's words alone are not the work)"
        )
        + ". Explain what is missing and how to measure it; do not repeat the list."
    )
