"""What the mentor knows in a session thread: the session's goals, and the hand-in it grades."""

from __future__ import annotations

import structlog

from bot.course.content import Course
from bot.course.sessions import MIN_HANDIN_NUMBERS, assess_handin
from bot.mentor.models import MentorRequest
from bot.storage.course import CourseStore, SessionStatus
from bot.storage.store import ThreadRecord

log = structlog.get_logger()


class SessionContext:
    """ContextProvider: in a thread opened by `/mca session <n>`, the mentor knows the session.

    A message there that hands in the deliverable (code, or several of the checklist's
    elements) moves the session to 'handed_in', or 'done' when nothing is missing, and the
    assessment goes into the prompt so the feedback is against the session's goals.
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

    async def context_for(self, thread: ThreadRecord, request: MentorRequest) -> str:
        """The session's context for this thread ('' outside session threads)."""
        bound = await self.course_store.thread_session(thread.platform, thread.external_id)
        if bound is None:
            return ""
        learner_id, number = bound
        session = self.course.session(number)
        if session is None:
            return ""
        t = session.in_language("en")
        handin = assess_handin(session, request.text)
        lines = [
            f"Course session {session.number} of 8: {t.title}. The learner is working in this "
            "session's thread; keep the feedback on its goals and do not hand out the finished lab.",
            "Goals: " + "; ".join(t.goals),
            "Lab: " + t.lab_title + ". Steps: " + " ".join(t.lab_steps),
            "Deliverable: " + t.deliverable,
            "Topics: " + ", ".join(session.topics),
        ]
        requester = await self.course_store.learner_id(thread.platform, request.user)
        if handin.is_handin and requester == learner_id:  # only the bound learner's own hand-in
            status: SessionStatus = "done" if handin.complete else "handed_in"
            await self.course_store.set_session(learner_id, number, status, handin.covered)
            labels = {i.id: i.label["en"] for i in session.checklist}
            lines.append(
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
                + ". Give feedback against the goals, name what is missing and how to measure it."
            )
            log.info(
                "course.handin",
                session=number,
                covered=len(handin.covered),
                missing=len(handin.missing),
            )
        return "\n".join(lines)
