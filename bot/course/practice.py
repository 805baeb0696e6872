"""Practice tasks: who is asking, this week's task, checking submissions and the hint ladder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import structlog

from bot.course.checks import (
    INTERFACE_CHECK,
    CheckerUnavailable,
    CheckItem,
    CheckRunner,
    Verdict,
    extract_code,
)
from bot.course.content import Course, Task
from bot.course.hints import MAX_LEVEL, Effort, effort, hint_text, level_for
from bot.course.settings import CourseSettings
from bot.errors import InputError
from bot.observability import Metrics
from bot.storage.course import CourseStore
from bot.storage.store import Learner, Store

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
            " ".join(
                filter(
                    None,
                    (self.course.text(language, k) for k in ("starter_code", "code_in_english")),
                )
            )
            + f"\n```python\n{task.starter}```",
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
                        level=_level(task, [s.code for s in subs]),
                    )
                )
        return "\n\n".join(parts)

    async def check(self, task_id: str, submission: str, language: str = "en") -> SubmitResult:
        """Check without a learner (the CLI): one attempt, nothing stored."""
        task = self.task(task_id, language)
        verdict = await self._check(task, submission)
        code = submission if task.kind == "review" else extract_code(submission)
        tried = effort(code, task.starter) if task.kind == "checked" else Effort(True)
        # the chat's rule (review10 T31): a hand-in that does not attempt the task earns no hint
        level = 0 if verdict.passed or not tried.attempt else 1
        hint = hint_text(task, language, level) or None if level else None
        text = self._render(
            task, verdict=verdict, attempt=1, hint=hint, changes=(), language=language
        )
        if not verdict.passed and tried.parsed and not tried.attempt:
            text += "\n" + self._not_an_attempt(tried, verdict, language)
        return SubmitResult(verdict, 1, hint, level, (), text)

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
        level = _level(task, codes)
        tried = effort(code, task.starter) if task.kind == "checked" else Effort(True)
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
        if not verdict.passed and tried.parsed and not tried.attempt:
            text += "\n" + self._not_an_attempt(tried, verdict, language)
        return SubmitResult(verdict, len(codes), hint, level, changes, text)

    def _not_an_attempt(self, tried: Effort, verdict: Verdict, language: str) -> str:
        """Why this submission earned no rung: what of the starter it lacks, or that it adds nothing."""
        if verdict.checks and verdict.checks[0].name == INTERFACE_CHECK:
            return self.course.text(language, "not_attempt_rung")  # the check named what
        if tried.missing:
            missing = ", ".join(f"`{m}`" for m in tried.missing)
            return self.course.text(language, "not_attempt_missing", missing=missing)
        if not tried.kept:  # review9 R19: it removed the starter's work, it did not add nothing
            return self.course.text(language, "not_attempt_dropped")
        return self.course.text(language, "not_attempt_same")

    async def hint(self, who: Who, task_id: str, language: str) -> str:
        """`/mca hint <id>`: the rung the learner's attempts reached; asking never climbs."""
        task = self.task(task_id, language)
        learner = await self.learner(who)
        subs = await self.course_store.submissions(learner.id, task.id)
        level = _level(task, [s.code for s in subs])
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
            lines.append(
                f"{'✅' if item.passed else '❌'} {c.check_name(language, item.name)}: "
                f"{self._detail(item, language)}"
            )
        shown = ", ".join(
            f"{k}={_short(v)}"
            for k, v in verdict.measurements.items()
            if k != "wall_ms" and v is not None
        )
        if shown:  # a failed run measured nothing: no empty "Measured:" line
            lines.append(c.text(language, "measured") + " " + shown)
        if verdict.passed and task.kind == "review":  # read, never run: the numbers are theirs
            lines.append(c.text(language, "review_not_verified"))
        if changes:
            lines.append(c.text(language, "since_last") + "\n" + "\n".join(changes))
        if hint:
            lines.append(c.text(language, "hint_earned") + "\n" + hint)
        return "\n".join(lines)

    def _detail(self, item: CheckItem, language: str) -> str:
        """A check's detail in the learner's language when the checker gave its words' key."""
        if not item.key:
            return item.detail
        try:
            return self.course.text(language, item.key, **item.params)
        except (KeyError, IndexError, ValueError):  # a stored verdict older than its text
            return item.detail

    async def learner(self, who: Who) -> Learner:
        """The stored learner for `who` (created on first contact)."""
        return await self.store.upsert_learner(
            who.platform, who.user, display_name=who.display_name, locale=who.locale
        )


def _level(task: Task, codes: list[str]) -> int:
    """The rung these submissions earned: programs must attempt the task, reviews be distinct."""
    return level_for(codes, task.starter, programs=task.kind == "checked")


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
