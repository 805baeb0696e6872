"""Who may run `/mca announce`: platform admins, configured roles or users, the console operator.

Adapters translate their platform's facts (Discord: the member's Manage Server permission and
roles; Slack: users.info `is_admin`/`is_owner`; console: the local operator) into AdminFacts
and call `can_announce`; pedagogy and policy stay here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.course.settings import CourseSettings


@dataclass(frozen=True, slots=True)
class AdminFacts:
    """What a platform knows about the person asking."""

    platform: str
    user_id: str
    manage_guild: bool = False
    """Discord: the member has the Manage Server permission in this guild."""
    workspace_admin: bool = False
    """Slack: the user is a workspace admin or owner."""
    roles: tuple[str, ...] = ()
    """Role ids and names the member has (Discord roles; Slack user groups, if resolved)."""


def can_announce(facts: AdminFacts, settings: CourseSettings) -> bool:
    """True for platform admins, configured roles/users, and the console operator."""
    if facts.platform == "console":
        return settings.console_is_admin
    if facts.platform == "discord" and facts.manage_guild:
        return True
    if facts.platform == "slack" and facts.workspace_admin:
        return True
    if f"{facts.platform}:{facts.user_id}" in settings.admin_users:
        return True
    allowed = {role.casefold() for role in settings.admin_roles}
    return any(role.casefold() in allowed for role in facts.roles)
