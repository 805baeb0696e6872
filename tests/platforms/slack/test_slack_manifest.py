"""The Slack app manifest in config/ matches what the code needs (scopes, events, command, path)."""

from __future__ import annotations

import re

import pytest

from bot.platforms.slack import EVENTS_PATH
from tests.conftest import REPO_ROOT

MANIFEST = (REPO_ROOT / "config" / "slack-manifest.yaml").read_text("utf-8")


def _list_items() -> set[str]:
    return set(re.findall(r"(?m)^\s*-\s+([\w:.]+)\s*(?:#.*)?$", MANIFEST))


@pytest.mark.parametrize(
    "scope",
    [
        "commands",
        "chat:write",
        "app_mentions:read",
        "channels:history",
        "users:read",
        "files:read",
        "files:write",
        "im:write",
        "reactions:read",
    ],
)
def test_manifest_grants_every_scope_the_bot_uses(scope: str) -> None:
    """Each Web API method and event the bot relies on has its scope in the manifest."""
    assert scope in _list_items()


@pytest.mark.parametrize(
    "event",
    [
        "app_mention",
        "message.channels",
        "message.groups",
        "message.im",
        "app_home_opened",
        "reaction_added",
    ],
)
def test_manifest_subscribes_to_the_events_the_bot_answers(event: str) -> None:
    """Mentions and messages in the bot's threads are delivered."""
    assert event in _list_items()


def test_manifest_points_command_events_and_forms_at_the_bots_path() -> None:
    """/mca, the Events API and interactivity (the ask form) go to the path the bot mounts."""
    assert re.search(r"(?m)^\s*- command: /mca$", MANIFEST)
    urls = re.findall(r"(?m)^\s*(?:url|request_url): (\S+)", MANIFEST)
    assert len(urls) == 3
    assert all(url.endswith(EVENTS_PATH) for url in urls)


def test_manifest_enables_the_app_home_tabs() -> None:
    """The Home tab and the Messages tab (DMs with the bot) are on."""
    assert re.search(r"(?m)^\s*home_tab_enabled: true", MANIFEST)
    assert re.search(r"(?m)^\s*messages_tab_enabled: true", MANIFEST)
