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

from bot.community.admin import CommunityAdmin
from bot.community.keys import KEYS
from bot.course.announcer import Planned
from bot.errors import InputError
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

    def __init__(
        self,
        *,
        mentor: MentorService,
        course_room: CourseRoom,
        community: CommunityAdmin | None = None,
    ) -> None:
        self.mentor = mentor
        self.course_room = course_room
        self.community = community
        super().__init__()

    async def _admin(self, interaction: discord.Interaction[Any]) -> tuple[CommunityAdmin, str]:
        """The settings service and the admin's language; refuse non-admins and DMs politely."""
        lang = self.mentor.language_hint(str(interaction.locale.value))
        if self.community is None or interaction.guild_id is None:
            raise InputError("Settings belong to a server.", key="community_no_community")
        if not self.course_room.allowed(admin_facts(interaction)):
            log.info("discord.settings_denied", user=interaction.user.id)
            raise InputError("Admins only.", key="community_admins_only")
        return self.community, lang

    @app_commands.command(name="show")
    async def show(self, interaction: discord.Interaction[Any]) -> None:
        """Show this server's mentor settings and the defaults it uses."""
        community, lang = await self._admin(interaction)
        text = await community.show(PLATFORM, str(interaction.guild_id), lang)
        await send_private(interaction, text)

    @app_commands.command(name="set")
    @app_commands.describe(setting="What to change", value="The new value (`default` resets it)")
    @app_commands.choices(setting=[app_commands.Choice(name=k, value=k) for k in KEYS])
    async def set(self, interaction: discord.Interaction[Any], setting: str, value: str) -> None:
        """Change one of this server's mentor settings (applies from the next message)."""
        community, lang = await self._admin(interaction)
        text = await community.set(
            PLATFORM,
            str(interaction.guild_id),
            setting,
            value,
            by=f"{PLATFORM}:{interaction.user.id}",
            language=lang,
        )
        await send_private(interaction, text)

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
