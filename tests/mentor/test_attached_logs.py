"""A .txt/.log attachment (a traceback, a log) is read with the question, never run."""

from __future__ import annotations

from bot.app import App
from bot.mentor.models import Attachment, MentorRequest
from tests.course.test_console import RecordingEngine

TRACE = b"""Traceback (most recent call last):
  File "app.py", line 12, in fetch
    raise TimeoutError("upstream took 30 s")
TimeoutError: upstream took 30 s
"""


async def test_an_attached_log_reaches_the_engine_as_text_and_is_not_run(app: App) -> None:
    """The mentor sees the traceback in the question; nothing is profiled for it."""
    engine = RecordingEngine(app.mentor.fallback)
    app.mentor.engine = engine
    reply = await app.mentor.handle(
        MentorRequest(
            platform="console",
            user="logs1",
            text="Why does my fetch time out?",
            attachments=(Attachment("trace.log", TRACE),),
        )
    )
    request = engine.requests[-1]
    assert "TimeoutError: upstream took 30 s" in request.question
    assert "`trace.log`" in request.question
    assert request.code is None
    assert reply.sandbox is None


async def test_an_attached_py_is_still_the_program_to_run(app: App) -> None:
    """A .py beside a .log is the code under discussion; the log stays text."""
    engine = RecordingEngine(app.mentor.fallback)
    app.mentor.engine = engine
    await app.mentor.handle(
        MentorRequest(
            platform="console",
            user="logs2",
            text="Slow loop, see the log",
            attachments=(
                Attachment("run.log", b"took 14 min"),
                Attachment("job.py", b"total = sum(range(10))\nprint(total)\n"),
            ),
        )
    )
    request = engine.requests[-1]
    assert request.code is not None
    assert "sum(range(10))" in request.code
    assert "took 14 min" in request.question
