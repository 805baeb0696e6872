"""Course and practice services: what every platform (console, Discord, Slack) and the CLI call.

Methods take who is asking (`Who`) and the language to answer in, and return localized text
plus the data behind it, so adapters only render. Nothing here imports a platform library.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import structlog

from bot.course.chart import ChartData, ChartLabels, render_png
from bot.course.checks import CheckerUnavailable, CheckRunner, Verdict, extract_code
from bot.course.content import CORE_TOPICS, Course, Indicator, Session, Task
from bot.course.hints import MAX_LEVEL, hint_text, level_for
from bot.course.settings import CourseSettings
from bot.errors import InputError
from bot.mentor.models import MentorRequest
from bot.observability import Metrics
from bot.storage.course import CourseStore, SessionStatus
from bot.storage.store import Learner, Store, ThreadRecord
from bot.text import markdown

log = structlog.get_logger()



@dataclass(frozen=True, slots=True)
class Who:
    """The learner asking, as the platform identifies them."""

    platform: str
    user: str
    display_name: str = ""
    locale: str | None = None


def week_of(at: datetime, settings: CourseSettings) -> tuple[str, date]:
    """ISO week key ('2026-W48') and its Monday, in the announcement time zone."""
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(settings.zone)
    year, week, weekday = local.isocalendar()
    monday = date.fromordinal(local.date().toordinal() - (weekday - 1))
    return f"{year}-W{week:02d}", monday


# Practice ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubmitResult:
    """A checked submission: verdict, attempt number, the hint it earned, what changed."""

    verdict: Verdict
    attempt: int
    hint: str | None
    hint_level: int
    changes: tuple[str, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The CLI/JSON contract plus the attempt number."""
        data = self.verdict.to_dict(self.hint)
        data["attempt"] = self.attempt
        data["changes"] = list(self.changes)
        return data


class PracticeService:
    """Practice tasks: listing, this week's task, checking submissions, the hint ladder."""

    def __init__(
        self,
        *,
        store: Store,
        course_store: CourseStore,
        course: Course,
        runner: CheckRunner,
        settings: CourseSettings,
        packages: tuple[str, ...] = (),
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self._metrics = metrics
        self.course_store = course_store
        self.course = course
        self.runner = runner
        self.settings = settings
        self.packages = packages
        """The sandbox's curated package set (reported with each task)."""

    async def _check(self, task: Task, submission: str) -> Verdict:
        """Run the task's checks, counting the outcome for /metrics (mca_course_checks_total)."""
        outcome = "error"
        try:
            verdict = await self.runner.check(task, submission)
            outcome = "passed" if verdict.passed else "failed"
            return verdict
        except InputError:
            outcome = "bad_input"
            raise
        except CheckerUnavailable:
            outcome = "unavailable"
            raise
        finally:
            if self._metrics is not None:
                self._metrics.course_checks.labels(task.id, outcome).inc()

    def task(self, task_id: str, language: str = "en") -> Task:
        """A task by id, or a polite InputError listing the ids."""
        task = self.course.task(task_id.strip().lower())
        if task is None:
            ids = ", ".join(t.id for t in self.course.tasks)
            raise InputError(
                f"There is no practice task {task_id!r}. Tasks: {ids}.",
                key="course_unknown_task",
                task=task_id,
                tasks=ids,
            )
        return task

    def week_task(self, at: datetime | None = None) -> tuple[str, Task]:
        """(week key, task) for the week containing `at`; tasks rotate week by week."""
        key, monday = week_of(at or datetime.now(UTC), self.settings)
        index = ((monday.toordinal() - 1) // 7) % len(self.course.tasks)
        return key, self.course.tasks[index]

    def list_text(self, language: str, at: datetime | None = None) -> str:
        """Every task, this week's marked."""
        _, current = self.week_task(at)
        lines = [self.course.text(language, "practice_list_title")]
        for t in self.course.tasks:
            mark = " ◀ " + self.course.text(language, "this_week") if t.id == current.id else ""
            kind = self.course.text(language, f"kind_{t.kind}")
            lines.append(
                f"• `{t.id}`: {t.in_language(language).title} ({kind}; {', '.join(t.topics)}){mark}"
            )
        lines.append(self.course.text(language, "practice_list_footer"))
        return "\n".join(lines)

    async def show(
        self, who: Who | None, task_id: str | None, language: str, at: datetime | None = None
    ) -> str:
        """`/mca practice [id]`: statement, starter code, packages, the learner's standing."""
        if task_id:
            task = self.task(task_id, language)
            header = ""
        else:
            week, task = self.week_task(at)
            header = self.course.text(language, "week_task", week=week) + "\n"
        text = task.in_language(language)
        kind = self.course.text(language, f"kind_{task.kind}")
        parts = [
            f"{header}**{text.title}** (`{task.id}`, {kind}; "
            f"{self.course.text(language, 'topics')}: {', '.join(task.topics)})",
            text.statement,
            self.course.text(language, "starter_code") + f"\n```python\n{task.starter}```",
            text.submit + f"  `/mca submit {task.id}`",
        ]
        if task.kind == "checked":
            available = ", ".join(self.packages) or self.course.text(language, "none")
            parts.append(self.course.text(language, "packages", packages=available))
            missing = [p for p in task.packages if p not in self.packages]
            if missing:
                parts.append(
                    self.course.text(language, "packages_missing", packages=", ".join(missing))
                )
        if who is not None:
            learner = await self.learner(who)
            subs = await self.course_store.submissions(learner.id, task.id)
            if subs:
                parts.append(
                    self.course.text(
                        language,
                        "standing",
                        attempts=len(subs),
                        passed=self.course.text(
                            language, "yes" if any(s.passed for s in subs) else "no"
                        ),
                        level=level_for([s.code for s in subs]),
                    )
                )
        return "\n\n".join(parts)

    async def check(self, task_id: str, submission: str, language: str = "en") -> SubmitResult:
        """Check without a learner (the CLI): one attempt, nothing stored."""
        task = self.task(task_id, language)
        verdict = await self._check(task, submission)
        level = 0 if verdict.passed else 1
        hint = hint_text(task, language, level) or None
        return SubmitResult(
            verdict,
            1,
            hint,
            level,
            (),
            self._render(
                task, verdict=verdict, attempt=1, hint=hint, changes=(), language=language
            ),
        )

    async def submit(self, who: Who, task_id: str, submission: str, language: str) -> SubmitResult:
        """Check and store an attempt; the hint shown is the one the attempts earned."""
        task = self.task(task_id, language)
        verdict = await self._check(task, submission)  # bad input raises: nothing stored
        code = submission if task.kind == "review" else extract_code(submission)
        learner = await self.learner(who)
        previous = await self.course_store.submissions(learner.id, task.id)
        await self.course_store.add_submission(
            learner.id, task.id, code, passed=verdict.passed, verdict=verdict.to_dict()
        )
        codes = [s.code for s in previous] + [code]
        level = level_for(codes)
        hint = None if verdict.passed else (hint_text(task, language, level) or None)
        changes: tuple[str, ...] = ()
        if previous:
            changes = compare(Verdict.from_dict(previous[-1].verdict), verdict)
        log.info(
            "course.submitted",
            task=task.id,
            platform=who.platform,
            attempt=len(codes),
            passed=verdict.passed,
            hint_level=level,
        )
        text = self._render(
            task, verdict=verdict, attempt=len(codes), hint=hint, changes=changes, language=language
        )
        return SubmitResult(verdict, len(codes), hint, level, changes, text)

    async def hint(self, who: Who, task_id: str, language: str) -> str:
        """`/mca hint <id>`: the rung the learner's attempts reached; asking never climbs."""
        task = self.task(task_id, language)
        learner = await self.learner(who)
        subs = await self.course_store.submissions(learner.id, task.id)
        level = level_for([s.code for s in subs])
        if level == 0:
            return self.course.text(language, "hint_locked", task=task.id)
        rung = self.course.text(language, f"rung_{level}")
        body = hint_text(task, language, level)
        more = (
            self.course.text(language, "hint_next")
            if level < MAX_LEVEL and not any(s.passed for s in subs)
            else ""
        )
        return f"{self.course.text(language, 'hint_title', level=level, rung=rung)}\n{body}\n{more}".strip()

    def _render(
        self,
        task: Task,
        *,
        verdict: Verdict,
        attempt: int,
        hint: str | None,
        changes: tuple[str, ...],
        language: str,
    ) -> str:
        c = self.course
        head = c.text(
            language,
            "verdict_passed" if verdict.passed else "verdict_failed",
            task=task.id,
            attempt=attempt,
        )
        lines = [head]
        for item in verdict.checks:
            lines.append(f"{'✅' if item.passed else '❌'} {item.name}: {item.detail}")
        if verdict.measurements:
            shown = ", ".join(
                f"{k}={_short(v)}" for k, v in verdict.measurements.items() if k != "wall_ms"
            )
            lines.append(c.text(language, "measured") + " " + shown)
        if changes:
            lines.append(c.text(language, "since_last") + "\n" + "\n".join(changes))
        if hint:
            lines.append(c.text(language, "hint_earned") + "\n" + hint)
        return "\n".join(lines)

    async def learner(self, who: Who) -> Learner:
        """The stored learner for `who` (created on first contact)."""
        return await self.store.upsert_learner(
            who.platform, who.user, display_name=who.display_name, locale=who.locale
        )


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "[" + ", ".join(str(v.get("function", v)) for v in value[:3]) + ", ...]"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def compare(before: Verdict, after: Verdict) -> tuple[str, ...]:
    """What changed between two attempts: checks fixed or broken, numbers moved."""
    old = {c.name: c.passed for c in before.checks}
    out: list[str] = []
    for item in after.checks:
        was = old.get(item.name)
        if was is False and item.passed:
            out.append(f"  ✅ {item.name}: fixed")
        elif was is True and not item.passed:
            out.append(f"  ❌ {item.name}: broke")
    for key, value in after.measurements.items():
        prev = before.measurements.get(key)
        if (
            key != "wall_ms"
            and isinstance(value, int | float)
            and isinstance(prev, int | float)
            and not isinstance(value, bool)
            and prev != value
        ):
            out.append(f"  {key}: {_short(prev)} → {_short(value)}")
    return tuple(out)


# Course -----------------------------------------------------------------------------------
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


@dataclass(frozen=True)
class Handin:
    """How a hand-in in a session thread covers the session's deliverable checklist."""

    is_handin: bool
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    numbers: int

    @property
    def complete(self) -> bool:
        """Every checklist element is there, backed by measurements (at least 2 numbers)."""
        return self.is_handin and not self.missing and self.numbers >= MIN_HANDIN_NUMBERS


MIN_HANDIN_NUMBERS = 2
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?")


def assess_handin(session: Session, text: str) -> Handin:
    """A message with code or with two checklist elements counts as a hand-in."""
    covered = tuple(item.id for item in session.checklist if item.found_in(text))
    missing = tuple(item.id for item in session.checklist if item.id not in covered)
    has_code = any(block.code for block in markdown.code_blocks(text))
    return Handin(has_code or len(covered) >= 2, covered, missing, len(_NUMBER.findall(text)))


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
        """A session by number, or a polite InputError."""
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
            f"**{c.text(language, 'lab')}: {t.lab_title}**\n{steps}\n```python\n{session.lab_starter}```",
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
            c.text(language, "progress_indicators", done=len(reached), total=len(c.indicators)),
        ]
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
                + ("" if handin.numbers >= MIN_HANDIN_NUMBERS else "; measured numbers")
                + ". Give feedback against the goals, name what is missing and how to measure it."
            )
            log.info(
                "course.handin",
                session=number,
                covered=len(handin.covered),
                missing=len(handin.missing),
            )
        return "\n".join(lines)
