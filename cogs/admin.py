"""`/mca-admin ...`: commands for server managers, in their own top-level group.

Discord applies `default_member_permissions` to a top-level command only, so admin commands
live apart from `/mca`: members without Manage Server do not see them at all, and a server's
owners can still grant them to other roles in the integration settings. The course room
checks the permission again when a command runs (configured roles and users included).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import discord
import structlog
from discord import app_commands
from discord.ext import commands

from bot.course.announcer import Planned
from bot.mentor.service import MentorService
from bot.platforms.course_room import CourseRoom
from bot.platforms.discord_course import send_private
from bot.platforms.discord_store import PLATFORM
from cogs.course import admin_facts

log = structlog.get_logger()


def guild_channels(interaction: discord.Interaction[Any]) -> Callable[[Planned], bool]:
    """Announcement channels in the server where the command runs.

    A server's managers answer for its channels only, never another server's or platform's.
    """
    guild = interaction.guild_id

    def owned(planned: Planned) -> bool:
        if planned.platform != PLATFORM or not planned.channel.isdigit():
            return False
        channel = interaction.client.get_channel(int(planned.channel))
        owner = getattr(channel, "guild", None)
        return owner is not None and guild is not None and owner.id == guild

    return owned


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class AdminCog(commands.GroupCog, group_name="mca-admin", group_description="MCA Mentor admin"):
    """Admin commands; hidden from members without Manage Server."""

    def __init__(self, *, mentor: MentorService, course_room: CourseRoom) -> None:
        self.mentor = mentor
        self.course_room = course_room
        super().__init__()

    @app_commands.command(name="announce")
    @app_commands.describe(action="preview: what would be posted; now: post it")
    async def announce(
        self, interaction: discord.Interaction[Any], action: Literal["preview", "now"]
    ) -> None:
        """Preview or post this week's practice task."""
        room = self.course_room
        lang = self.mentor.language_hint(str(interaction.locale.value))
        facts = admin_facts(interaction)
        if not room.allowed(facts):
            log.info("discord.announce_denied", user=facts.user_id)
            await send_private(interaction, room.text(lang, "announce_denied"))
            return
        only = guild_channels(interaction)
        if action == "preview":
            await send_private(interaction, room.preview(lang, only))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        await send_private(interaction, await room.announce_now(lang, only))
