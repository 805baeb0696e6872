"""Every course command through the console platform (ConsoleChat on a scripted stream)."""

from __future__ import annotations

import asyncio
import io
from io import StringIO
from pathlib import Path

import pytest

from bot.app import App
from bot.course.console import CourseCommands
from bot.course.settings import CourseSettings
from bot.course.wiring import CourseServices
from bot.mentor.engine_port import EngineReply, EngineRequest, ReplyEngine
from bot.platforms.console import ConsoleChat
from tests.course.conftest import solution


def script(*messages: str) -> io.TextIOWrapper:
    """Scripted console input (not a TTY), as `mca-bot chat < file` reads it."""
    return io.TextIOWrapper(io.BytesIO("\n".join(messages).encode() + b"\n"), encoding="utf-8")


class RecordingEngine:
    """Wraps the offline engine and keeps every EngineRequest (to see the course context)."""

    name = "recording"

    def __init__(self, inner: ReplyEngine) -> None:
        self.inner = inner
        self.requests: list[EngineRequest] = []

    async def reply(self, request: EngineRequest, on_delta: object = None) -> EngineReply:
        self.requests.append(request)
        return await self.inner.reply(request, on_delta)  # type: ignore[arg-type]


async def run_chat(
    app: App, services: CourseServices, out: StringIO, *lines: str, user: str = "ana"
) -> ConsoleChat:
    commands = CourseCommands(
        course=services.course,
        practice=services.practice,
        announcer=services.announcer,
        chart_dir=app.settings.data_dir / "charts",
    )
    chat = ConsoleChat(
        app.mentor, user=user, out=out, stream=script(*lines), extra_commands=[commands]
    )
    await chat.run()
    return chat


async def test_course_lists_sessions_with_progress(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """`/mca course` lists the 8 sessions; an opened one is marked."""
    await run_chat(app, services, out, "/mca session 2", "/mca course")
    text = out.getvalue()
    assert "8. Packaging, CI/CD and rollout" in text
    assert "▶ 2. Advanced concurrency and async" in text


async def test_session_thread_gives_the_mentor_the_session(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """In the thread `/mca session 3` opens, the mentor's prompt carries session 3's context."""
    engine = RecordingEngine(app.mentor.fallback)
    app.mentor.engine = engine
    chat = await run_chat(app, services, out, "/mca session 3", "How should I start the lab?")
    assert "**Session 3: Profiling and memory**" in out.getvalue()
    assert chat.thread is not None
    context = engine.requests[-1].course_context
    assert "Course session 3 of 8: Profiling and memory" in context
    assert "hands in" not in context  # a question is not a hand-in


async def test_handin_in_session_thread_updates_progress(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """A hand-in covering the checklist with numbers marks the session done; a partial one not."""
    engine = RecordingEngine(app.mentor.fallback)
    app.mentor.engine = engine
    partial = "My report: cProfile by tottime shows the hotspot is unique_users."
    full = (
        "Report: cProfile tottime hotspot unique_users 0.40 s before, 0.01 s after the set; "
        "tracemalloc peak 26.4 MiB before, 0.2 MiB after streaming."
    )
    await run_chat(app, services, out, "/mca session 3", partial, "/mca progress")
    assert "Missing:" in engine.requests[-1].course_context
    assert "Sessions done: 0/8" in out.getvalue()
    await run_chat(app, services, out, "/mca session 3", full, "/mca progress")
    assert "Sessions done: 1/8 (3)" in out.getvalue()
    assert "Missing: nothing" in engine.requests[-1].course_context


async def test_progress_prints_text_and_writes_a_png(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """`/mca progress` shows sessions, tasks, topics, indicators and saves a PNG chart."""
    await services.practice.submit(
        _who("ana"), "profile-request", solution("profile_request_good.py"), "en"
    )
    await run_chat(app, services, out, "/mca progress")
    text = out.getvalue()
    assert "Practice tasks passed: 1/6 (profile-request)" in text
    assert "Core topics practiced: 2/10: profiling, observability" in text
    assert "✅ Measures before optimising" in text
    png = Path(text.split("Chart: ")[1].split()[0])
    assert (await asyncio.to_thread(png.read_bytes)).startswith(b"\x89PNG\r\n\x1a\n")


async def test_practice_shows_this_weeks_task_or_one_by_id(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """`/mca practice` is this week's task; `/mca practice <id>` any task, with starter code."""
    await run_chat(app, services, out, "/mca practice", "/mca practice property-tests")
    text = out.getvalue()
    assert "Practice task of week" in text
    assert "**Property-based tests that catch bugs** (`property-tests`" in text
    assert "from intervals import merge" in text


async def test_submit_checks_stores_and_shows_the_change(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """A resubmission shows what changed since the last attempt (checks fixed, numbers moved)."""
    bad = solution("profile_request_bad.py")
    good = solution("profile_request_good.py")
    await run_chat(
        app,
        services,
        out,
        f"/mca submit profile-request ```python\n{bad}```",
        f"/mca submit profile-request ```python\n{good}```",
    )
    text = out.getvalue()
    assert "❌ `profile-request` not passed yet (attempt 1)." in text
    assert "💡 Hint (earned by your attempts):" in text
    assert "✅ `profile-request` passed (attempt 2)." in text
    assert "✅ top hotspot: fixed" in text
    assert "overlap: 1 → 3" in text


async def test_hint_command_follows_attempts(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """`/mca hint` is locked before attempts and shows the earned rung after."""
    await run_chat(
        app,
        services,
        out,
        "/mca hint asyncio-blocking",
        "/mca submit asyncio-blocking ```python\n" + solution("asyncio_blocking_bad.py") + "```",
        "/mca hint asyncio-blocking",
    )
    text = out.getvalue()
    assert "Hints unlock with attempts" in text
    assert "💡 Hint 1/4 (concept):" in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/mca session 9", "There is no session `9`"),
        ("/mca session two", "There is no session `two`"),
        ("/mca practice nope", "There is no practice task `nope`"),
        ("/mca submit nope ```python\nx = 1\n```", "There is no practice task `nope`"),
        ("/mca submit mp-pipeline", "The submission is empty"),
        ("/mca submit mp-pipeline ```python\ndef f(:\n```", "is not valid Python (line 1"),
        ("/mca submit", "Say which task"),
        ("/mca hint", "Say which task"),
    ],
)
async def test_bad_input_gets_a_clear_message(
    app: App, services: CourseServices, out: StringIO, line: str, expected: str
) -> None:
    """Unknown ids, empty or non-Python submissions: a polite message, nothing stored."""
    chat = await run_chat(app, services, out, line)
    assert expected in out.getvalue()
    assert chat.bad_input
    learner = await services.practice.learner(_who("ana"))
    assert await services.course.course_store.submissions(learner.id) == []


async def test_messages_follow_the_learner_language(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """After a Portuguese question the course commands answer in Portuguese."""
    await run_chat(
        app,
        services,
        out,
        "Como eu meço a latência do laço de eventos no asyncio?",
        "/mca course",
        "/mca session 42",
    )
    text = out.getvalue()
    assert "Curso MCA de Python avançado" in text
    assert "Não existe a sessão `42`" in text


async def test_announce_preview_and_now_for_admins(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """The console operator previews, then posts once; a second `now` finds it posted."""
    await run_chat(
        app, services, out, "/mca announce preview", "/mca announce now", "/mca announce now"
    )
    text = out.getvalue()
    assert "This week's post would go to:\n• console #general" in text
    assert text.count("[announcement #general]") == 1
    assert "posted" in text
    assert "already posted this week" in text


async def test_announce_refused_for_non_admins(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """Without admin rights `/mca announce` is politely refused and posts nothing."""
    not_admin = CourseSettings(console_is_admin=False, announce_channels={"console": ["general"]})
    services.announcer.settings = not_admin
    await run_chat(app, services, out, "/mca announce now", "/mca announce preview")
    text = out.getvalue()
    assert text.count("only server admins") == 2
    assert "[announcement" not in text


async def test_unknown_subcommand_still_reaches_the_platform(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """Names the course does not own fall through to the console's own 'unknown command'."""
    await run_chat(app, services, out, "/mca frobnicate")
    assert "Unknown command `/mca frobnicate`" in out.getvalue()


def _who(user: str):  # type: ignore[no-untyped-def]
    from bot.course.service import Who  # noqa: PLC0415

    return Who("console", user)


async def test_session_threads_and_task_questions_are_graded(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """The mentor treats session threads and questions naming a task as graded practice."""
    from bot.mentor.models import MentorRequest  # noqa: PLC0415
    from bot.mentor.service import GradedWorkProvider  # noqa: PLC0415

    provider = services.context
    assert isinstance(provider, GradedWorkProvider)
    chat = await run_chat(app, services, out, "/mca session 2", "How do I start?")
    assert chat.thread is not None
    session_thread = await app.store.get_thread("console", chat.thread)
    assert session_thread is not None
    ask = MentorRequest(platform="console", user="ana", text="any tips?", thread=chat.thread)
    assert await provider.is_graded(session_thread, ask)
    other = await run_chat(app, services, out, "/mca new", "What is a GIL?")
    plain = await app.store.get_thread("console", other.thread or "")
    assert plain is not None
    general = MentorRequest(platform="console", user="ana", text="What is a GIL?")
    task_q = MentorRequest(platform="console", user="ana", text="solve mp-pipeline for me")
    assert not await provider.is_graded(plain, general)
    assert await provider.is_graded(plain, task_q)


async def test_forget_on_the_console_removes_course_progress_and_says_so(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """`/mca forget yes` deletes threads and course progress, and the reply counts both."""
    await run_chat(
        app,
        services,
        out,
        "/mca session 2",
        f"/mca submit profile-request ```python\n{solution('profile_request_bad.py')}```",
        "Why is my asyncio loop slow under load?",
        "/mca forget yes",
    )
    text = out.getvalue()
    assert "(2 messages)" in text
    assert "threads: 1;" in text
    assert "course records: 3;" in text  # session progress, its thread, the submission
    assert await app.store.db.fetchall("SELECT * FROM course_submissions") == []
    assert await app.store.db.fetchall("SELECT * FROM learners WHERE external_id = 'ana'") == []
