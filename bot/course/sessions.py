"""The 8-session course: listing, opening a session thread, progress and its chart, hand-ins."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import structlog

from bot.course.chart import ChartData, ChartLabels, render_png
from bot.course.content import CORE_TOPICS, Course, Indicator, Session
from bot.course.handin import MIN_HANDIN_NUMBERS, Handin, assess_handin, measurements
from bot.course.practice import PracticeService, Who
from bot.errors import InputError
from bot.storage.course import CourseStore
from bot.storage.store import Store

log = structlog.get_logger()

__all__ = [
    "MIN_HANDIN_NUMBERS",
    "CourseService",
    "Handin",
    "Progress",
    "assess_handin",
    "measurements",
]


@dataclass(frozen=True)
class Progress:
    """A learner's progress: data, text and the PNG chart."""

    sessions_done: tuple[int, ...]
    sessions_total: int
    tasks_passed: tuple[str, ...]
    tasks_total: int
    topics: dict[str, bool]
    indicators: tuple[str, ...]
    indicators_total: int
    text: str
    png: bytes = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (without the image)."""
        return {
            "sessions_done": list(self.sessions_done),
            "sessions_total": self.sessions_total,
            "tasks_passed": list(self.tasks_passed),
            "tasks_total": self.tasks_total,
            "topics": self.topics,
            "indicators": list(self.indicators),
        }


class CourseService:
    """The 8-session course: listing, opening a session thread, progress, hand-ins."""

    def __init__(
        self, *, store: Store, course_store: CourseStore, course: Course, practice: PracticeService
    ) -> None:
        self.store = store
        self.course_store = course_store
        self.course = course
        self.practice = practice

    def session(self, number: int | str, language: str = "en") -> Session:
        """A session by number, or a polite InputError (no number: how to ask, review10 T33)."""
        if not str(number).strip():
            raise InputError(
                "Say which session: /mca session <n>.",
                key="course_session_usage",
                count=len(self.course.sessions),
            )
        try:
            n = int(str(number).strip())
        except ValueError:
            n = 0
        found = self.course.session(n)
        if found is None:
            raise InputError(
                f"There is no session {number!r}; sessions are 1 to {len(self.course.sessions)}.",
                key="course_unknown_session",
                session=str(number).strip(),
                count=len(self.course.sessions),
            )
        return found

    async def overview(self, who: Who | None, language: str) -> str:
        """`/mca course`: the sessions with the learner's status."""
        states = {}
        if who is not None:
            learner = await self.practice.learner(who)
            states = await self.course_store.sessions(learner.id)
        lines = [self.course.text(language, "course_title")]
        for s in self.course.sessions:
            state = states.get(s.number)
            mark = {"done": "✅", "handed_in": "📝", "opened": "▶"}.get(
                state.status if state else "", "·"
            )
            lines.append(f"{mark} {s.number}. {s.in_language(language).title}")
        lines.append(self.course.text(language, "course_footer"))
        return "\n".join(lines)

    def session_text(self, session: Session, language: str) -> str:
        """The session as a learner reads it."""
        t = session.in_language(language)
        c = self.course

        def bullets(items: tuple[str, ...]) -> str:
            return "\n".join(f"• {x}" for x in items)

        steps = "\n".join(f"{i}. {x}" for i, x in enumerate(t.lab_steps, 1))
        tasks = ", ".join(f"`{x}`" for x in session.tasks)
        parts = [
            f"**{c.text(language, 'session')} {session.number}: {t.title}**\n{t.summary}",
            f"**{c.text(language, 'goals')}**\n{bullets(t.goals)}",
            f"**{c.text(language, 'outline')}**\n{bullets(t.outline)}",
            f"**{c.text(language, 'lab')}: {t.lab_title}**\n{steps}\n"
            + _kept_english(c.text(language, "code_in_english"))
            + f"```python\n{session.lab_starter}```",
            f"**{c.text(language, 'deliverable')}**\n{t.deliverable}",
            f"**{c.text(language, 'reflection')}**\n{bullets(t.reflection)}",
            f"{c.text(language, 'topics')}: {', '.join(session.topics)}"
            + (f" · {c.text(language, 'practice')}: {tasks}" if tasks else ""),
        ]
        return "\n\n".join(parts)

    async def open_session(self, who: Who, number: int | str, thread: str, language: str) -> str:
        """`/mca session <n>`: bind the thread to the session, mark it opened, show it."""
        session = self.session(number, language)
        learner = await self.practice.learner(who)
        await self.course_store.bind_thread(who.platform, thread, learner.id, session.number)
        await self.course_store.set_session(learner.id, session.number, "opened")
        log.info("course.session_opened", platform=who.platform, session=session.number)
        return (
            self.session_text(session, language)
            + "\n\n"
            + self.course.text(language, "session_thread")
        )

    async def progress(self, who: Who, language: str) -> Progress:
        """`/mca progress`: sessions, tasks, topics, indicators; text and PNG."""
        learner = await self.practice.learner(who)
        states = await self.course_store.sessions(learner.id)
        done = tuple(sorted(n for n, s in states.items() if s.status == "done"))
        passed_ids = await self.course_store.passed_tasks(learner.id)
        passed = tuple(t.id for t in self.course.tasks if t.id in passed_ids)
        practiced = {t for tid in passed for t in self._task_topics(tid)}
        for number in done:
            session = self.course.session(number)
            practiced.update(session.topics if session else ())
        topics = {t: t in practiced for t in CORE_TOPICS}
        subs = await self.course_store.submissions(learner.id)
        reached = tuple(
            i.id for i in self.course.indicators if _reached(i, set(passed), len(done), subs)
        )
        c = self.course
        lines = [
            c.text(language, "progress_title"),
            c.text(language, "progress_sessions", done=len(done), total=len(self.course.sessions))
            + (f" ({', '.join(map(str, done))})" if done else ""),
            c.text(language, "progress_tasks", done=len(passed), total=len(self.course.tasks))
            + (f" ({', '.join(passed)})" if passed else ""),
            c.text(
                language,
                "progress_topics",
                done=sum(topics.values()),
                total=len(topics),
                practiced=", ".join(t for t, ok in topics.items() if ok) or "-",
                todo=", ".join(t for t, ok in topics.items() if not ok) or "-",
            ),
        ]
        reviewed = [t.id for t in self.course.tasks if t.id in passed and t.kind == "review"]
        if reviewed:  # passed on the learner's evidence alone: read, never built or run (V23)
            lines.append(c.text(language, "progress_reviewed", tasks=", ".join(reviewed)))
        lines.append(
            c.text(language, "progress_indicators", done=len(reached), total=len(c.indicators))
        )
        for ind in c.indicators:
            lines.append(
                f"{'✅' if ind.id in reached else '·'} {ind.label.get(language) or ind.label['en']}"
            )
        word = functools.partial(c.chart_word, language)
        png = render_png(
            ChartData(
                title=who.display_name or who.user,
                bars=(
                    (word("sessions"), len(done), len(self.course.sessions)),
                    (word("tasks"), len(passed), len(self.course.tasks)),
                    (word("indicators"), len(reached), len(c.indicators)),
                ),
                topics=tuple(topics.items()),
                labels=ChartLabels(
                    title=word("title"),
                    practiced=word("practiced"),
                    todo=word("todo"),
                    topics=word("topics"),
                ),
            ),
            c.fonts_dir,
        )
        return Progress(
            sessions_done=done,
            sessions_total=len(self.course.sessions),
            tasks_passed=passed,
            tasks_total=len(self.course.tasks),
            topics=topics,
            indicators=reached,
            indicators_total=len(c.indicators),
            text="\n".join(lines),
            png=png,
        )

    def _task_topics(self, task_id: str) -> tuple[str, ...]:
        task = self.course.task(task_id)
        return task.topics if task else ()


def _reached(ind: Indicator, passed: set[str], sessions_done: int, subs: list[Any]) -> bool:
    if not set(ind.tasks_all) <= passed or sessions_done < ind.sessions_done:
        return False
    if ind.measurement is None:
        return True
    task_id, key, at_least = ind.measurement
    values = [
        s.verdict.get("measurements", {}).get(key)
        for s in subs
        if s.task_id == task_id and s.passed
    ]
    return any(isinstance(v, int | float) and v >= at_least for v in values)


def _kept_english(note: str) -> str:
    """The note that the code's comments stay English (review10 T33), on its own line."""
    return f"{note}\n" if note else ""
