"""Who may announce: platform admins, configured roles and users, the console operator."""

from __future__ import annotations

import pytest

from bot.course.permissions import AdminFacts, can_announce
from bot.course.settings import CourseSettings

SETTINGS = CourseSettings(admin_roles=["Course Staff", "987"], admin_users=["slack:U42"])


@pytest.mark.parametrize(
    ("facts", "allowed"),
    [
        (AdminFacts("discord", "1", manage_guild=True), True),
        (AdminFacts("discord", "1"), False),
        (AdminFacts("discord", "1", roles=("course staff",)), True),
        (AdminFacts("discord", "1", roles=("987",)), True),
        (AdminFacts("discord", "1", roles=("member",)), False),
        (AdminFacts("discord", "1", workspace_admin=True), False),
        (AdminFacts("slack", "U1", workspace_admin=True), True),
        (AdminFacts("slack", "U1"), False),
        (AdminFacts("slack", "U42"), True),
        (AdminFacts("slack", "U1", manage_guild=True), False),
        (AdminFacts("discord", "U42"), False),
        (AdminFacts("console", "local"), True),
    ],
)
def test_can_announce_table(facts: AdminFacts, allowed: bool) -> None:
    """Each platform's own admin fact counts only on that platform."""
    assert can_announce(facts, SETTINGS) is allowed


def test_console_operator_can_be_turned_off() -> None:
    """`console_is_admin = false` makes the console a plain learner."""
    assert not can_announce(AdminFacts("console", "local"), CourseSettings(console_is_admin=False))


def test_admin_roles_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """`MCA_COURSE_ADMIN_ROLES=a,b` is a list, like the other comma-separated settings."""
    from bot.settings import load_settings  # noqa: PLC0415

    monkeypatch.setenv("MCA_COURSE_ADMIN_ROLES", "Course Staff, 987")
    settings = load_settings()
    assert settings.course.admin_roles == ["Course Staff", "987"]
    assert can_announce(AdminFacts("discord", "1", roles=("987",)), settings.course)
