"""Course commands in the console chat (`ConsoleChat(extra_commands=[...])`) and its Poster.

/mca course · session <n> · progress · practice [id] · submit <id> ```code``` · hint <id>
· announce preview|now. Each parses, calls one service method and prints the result.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.course.announcer import Announcer, Result
from bot.course.checks import CheckerUnavailable, split_submission
from bot.course.permissions import AdminFacts, can_announce
from bot.course.service import CourseService, PracticeService, Who
from bot.errors import InputError
from bot.mentor.commands import Command
from bot.mentor.service import new_thread_id

if TYPE_CHECKING:
    from bot.platforms.console import ConsoleChat

PLATFORM = "console"
COMMANDS = ("course", "session", "progress", "practice", "submit", "hint", "announce")


class ConsolePoster:
    """Announcements on the console: printed with the channel name."""

    platform = PLATFORM

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    async def post(self, channel: str, text: str) -> None:
        """Print the announcement."""
        self.out.write(f"[announcement #{channel}]\n{text.rstrip()}\n\n")
        self.out.flush()


def render_results(course: CourseService, language: str, results: list[Result]) -> str:
    """One line per channel: where, which week, what happened."""
    if not results:
        return course.course.text(language, "announce_none")
    return "\n".join(
        f"• {r.planned.platform} #{r.planned.channel} ({r.planned.week}, `{r.planned.task_id}`): "
        + course.course.text(language, f"announce_{r.outcome}")
        for r in results
    )


@dataclass
class CourseCommands:
    """The `extra_commands` handler for ConsoleChat."""

    course: CourseService
    practice: PracticeService
    announcer: Announcer
    chart_dir: Path

    async def __call__(self, chat: ConsoleChat, command: Command) -> bool:
        """Handle a course command; False for names that are not ours."""
        if command.name not in COMMANDS:
            return False
        language = chat.language
        who = Who(PLATFORM, chat.user)
        try:
            chat.say(await self._dispatch(chat, command, who, language))
        except (InputError, CheckerUnavailable) as exc:
            if isinstance(exc, InputError):
                chat.turn_down(f"/mca {command.name}")
            chat.say(chat.mentor.error_text(exc, language))
        return True

    async def _dispatch(self, chat: ConsoleChat, command: Command, who: Who, language: str) -> str:
        name, rest = command.name, command.rest.strip()
        if name == "course":
            return await self.course.overview(who, language)
        if name == "session":
            thread = new_thread_id()
            text = await self.course.open_session(who, rest, thread, language)
            chat.thread = thread
            return f"[thread {thread}]\n{text}"
        if name == "progress":
            progress = await self.course.progress(who, language)
            self.chart_dir.mkdir(parents=True, exist_ok=True)
            path = self.chart_dir / f"progress-{_safe(chat.user)}.png"
            path.write_bytes(progress.png)
            return (
                progress.text
                + "\n"
                + self.course.course.text(language, "progress_chart", path=path)
            )
        if name == "practice":
            if not rest:
                return await self.practice.show(who, None, language)
            if rest.lower() == "list":
                return self.practice.list_text(language)
            return await self.practice.show(who, rest.split()[0], language)
        if name == "submit":
            task_id, body = split_submission(rest)
            return (await self.practice.submit(who, task_id, body, language)).text
        if name == "hint":
            if not rest:
                raise InputError("Say which task.", key="course_submit_usage")
            return await self.practice.hint(who, rest.split()[0], language)
        return await self._announce(chat, rest.lower(), language)

    async def _announce(self, chat: ConsoleChat, action: str, language: str) -> str:
        text = self.course.course.text
        if not can_announce(AdminFacts(PLATFORM, chat.user), self.announcer.settings):
            return text(language, "announce_denied")
        if action == "preview":
            planned = self.announcer.plan()
            lines = [
                text(
                    language,
                    "announce_preview",
                    schedule=self.announcer.describe(language=language),
                )
            ]
            lines += [f"• {p.platform} #{p.channel} ({p.week})" for p in planned]
            if not planned:
                lines.append(text(language, "announce_none"))
            else:
                lines.append("\n" + planned[0].text)
            return "\n".join(lines)
        if action == "now":
            results = await self.announcer.announce_now({PLATFORM: ConsolePoster(chat.out)})
            return render_results(self.course, language, results)
        return text(language, "announce_usage")


def _safe(user: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in user)[:40] or "user"
