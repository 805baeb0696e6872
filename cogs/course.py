"""`/mca course|session|progress|practice|submit|hint|announce` on Discord.

A mixin of `MentorCog` (cogs/ask.py), so the commands join the one `/mca` group. Each command
parses, calls one course-room method and renders; errors go to the tree's error handler.
"""

from __future__ import annotations

from typing import Any, Literal

import discord
import structlog
from discord import app_commands
from discord.ext import commands

from bot.course.permissions import AdminFacts
from bot.course.service import Who
from bot.errors import InputError
from bot.mentor.service import MentorService
from bot.platforms.course_room import CourseRoom
from bot.platforms.discord_course import read_submission, send_private
from bot.platforms.discord_render import neutralize, split_message, thread_name
from bot.platforms.discord_replies import ACKED, NO_PINGS
from bot.platforms.discord_store import PLATFORM

log = structlog.get_logger()

THREAD_ARCHIVE_MINUTES: Literal[1440] = 1440
SESSION_CHOICES = [app_commands.Choice(name=str(n), value=n) for n in range(1, 9)]
"""The course's 8 sessions: Discord offers exactly these numbers."""
MAX_CHOICES = 25
"""Discord shows at most 25 autocomplete choices."""


def who_of(interaction: discord.Interaction[Any]) -> Who:
    """The learner as the course services know them."""
    user = interaction.user
    return Who(PLATFORM, str(user.id), user.display_name, str(interaction.locale.value))


def admin_facts(interaction: discord.Interaction[Any]) -> AdminFacts:
    """Manage Server (guild-wide, or as resolved for this channel) and the member's roles."""
    user = interaction.user
    manage = interaction.permissions.manage_guild
    roles: tuple[str, ...] = ()
    if isinstance(user, discord.Member):
        manage = manage or user.guild_permissions.manage_guild
        roles = tuple(str(r.id) for r in user.roles) + tuple(r.name for r in user.roles)
    return AdminFacts(PLATFORM, str(user.id), manage_guild=manage, roles=roles)


class CourseCommands(commands.Cog):
    """The course subcommands, mixed into `MentorCog`, which provides `mentor` and `course_room`."""

    mentor: MentorService
    course_room: CourseRoom | None

    def _room(self) -> CourseRoom:
        if self.course_room is None:  # pragma: no cover - the platform always wires it
            raise RuntimeError("the course room is not wired")
        return self.course_room

    def _lang(self, interaction: discord.Interaction[Any], text: str = "") -> str:
        return self.mentor.language_hint(str(interaction.locale.value), text)

    @app_commands.command(name="course")
    async def course(self, interaction: discord.Interaction[Any]) -> None:
        """The 8 course sessions and your progress."""
        room, lang = self._room(), self._lang(interaction)
        await send_private(interaction, await room.course.overview(who_of(interaction), lang))

    @app_commands.command(name="session")
    @app_commands.describe(number="Session number (1-8)")
    @app_commands.choices(number=SESSION_CHOICES)
    async def session(self, interaction: discord.Interaction[Any], number: int) -> None:
        """Open a session in a thread where the mentor knows it."""
        room, lang = self._room(), self._lang(interaction)
        title = room.session_title(str(number), lang)  # an unknown number: refused, no thread
        await interaction.response.defer(thinking=True)
        channel = interaction.channel
        parent = channel.parent if isinstance(channel, discord.Thread) else channel
        if not isinstance(parent, discord.TextChannel):
            raise InputError("/mca session needs a server text channel.", key="needs_text_channel")
        thread = await parent.create_thread(
            name=thread_name(title),
            type=discord.ChannelType.public_thread,
            auto_archive_duration=THREAD_ARCHIVE_MINUTES,
        )
        text = await room.open_session(
            who_of(interaction),
            str(number),
            thread=str(thread.id),
            language=lang,
            community=str(interaction.guild_id or ""),
            channel=str(parent.id),
        )
        for part in split_message(neutralize(text)):
            await thread.send(part, allowed_mentions=NO_PINGS)
        await interaction.edit_original_response(
            content=neutralize(f"🧵 {thread.mention} · {title}"), allowed_mentions=NO_PINGS
        )
        interaction.extras[ACKED] = True
        log.info("discord.session_opened", thread=thread.id, session=number)

    @app_commands.command(name="progress")
    async def progress(self, interaction: discord.Interaction[Any]) -> None:
        """Your sessions, tasks, topics and indicators, with a chart."""
        room, lang = self._room(), self._lang(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        progress = await room.course.progress(who_of(interaction), lang)
        await send_private(interaction, progress.text, png=progress.png)

    @app_commands.command(name="practice")
    @app_commands.describe(task="A task id (empty: this week's task)")
    async def practice(self, interaction: discord.Interaction[Any], task: str = "") -> None:
        """Show this week's practice task, or the one you name."""
        room, lang = self._room(), self._lang(interaction)
        task_id = task.strip().split()[0] if task.strip() else None
        if task_id and task_id.lower() == "list":
            await send_private(interaction, room.practice.list_text(lang))
            return
        await send_private(
            interaction, await room.practice.show(who_of(interaction), task_id, lang)
        )

    @app_commands.command(name="submit")
    @app_commands.describe(
        task="The task id",
        code="Your solution as a file (.py; a .md report for review tasks)",
        text="Or the solution inline (a ``` code block)",
    )
    async def submit(
        self,
        interaction: discord.Interaction[Any],
        task: str,
        code: discord.Attachment | None = None,
        text: str = "",
    ) -> None:
        """Submit a practice task: it is checked in the sandbox."""
        room, lang = self._room(), self._lang(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        limit = room.practice.settings.max_submission_bytes
        body = await read_submission(code, max_bytes=limit) or text
        if not body.strip():
            raise InputError("The submission is empty.", key="course_empty_submission")
        result = await room.practice.submit(who_of(interaction), task, body, lang)
        await send_private(interaction, result.text)

    @app_commands.command(name="hint")
    @app_commands.describe(task="The task id")
    async def hint(self, interaction: discord.Interaction[Any], task: str) -> None:
        """The hint your attempts have earned on a task."""
        room, lang = self._room(), self._lang(interaction)
        await send_private(interaction, await room.practice.hint(who_of(interaction), task, lang))

    async def _task_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Task ids whose id or title contains what was typed, titled in the learner's language."""
        if self.course_room is None:
            return []
        lang = self._lang(interaction)
        needle = current.strip().lower()
        choices = []
        for task in self.course_room.practice.course.tasks:
            title = task.in_language(lang).title
            if needle in task.id or needle in title.lower():
                label = f"{task.id} · {title}"[:100]
                choices.append(app_commands.Choice(name=label, value=task.id))
        return choices[:MAX_CHOICES]

    @practice.autocomplete("task")
    async def _practice_task(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._task_choices(interaction, current)

    @submit.autocomplete("task")
    async def _submit_task(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._task_choices(interaction, current)

    @hint.autocomplete("task")
    async def _hint_task(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._task_choices(interaction, current)
