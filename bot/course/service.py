"""Course and practice services: what every platform (console, Discord, Slack) and the CLI call.

Methods take who is asking (`Who`) and the language to answer in, and return localized text
plus the data behind it, so adapters only render. Nothing here imports a platform library.
The services live in their own modules (practice, sessions, session_context); this module
names them in one place for the platforms, the console and the composition root.
"""

from __future__ import annotations

from bot.course.practice import PracticeService, SubmitResult, Who, compare, week_of
from bot.course.session_context import SessionContext
from bot.course.sessions import (
    MIN_HANDIN_NUMBERS,
    CourseService,
    Handin,
    Progress,
    assess_handin,
)

__all__ = [
    "MIN_HANDIN_NUMBERS",
    "CourseService",
    "Handin",
    "PracticeService",
    "Progress",
    "SessionContext",
    "SubmitResult",
    "Who",
    "assess_handin",
    "compare",
    "week_of",
]
