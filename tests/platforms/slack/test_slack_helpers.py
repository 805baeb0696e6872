"""Small rules of the Slack adapter: which transports run, whose messages count, mentions."""

from __future__ import annotations

from typing import Any

import pytest
from slack_bolt.context.async_context import AsyncBoltContext

from bot.platforms.slack import configured_modes
from bot.platforms.slack_listeners import from_learner, strip_mention


@pytest.mark.parametrize(
    ("bot", "secret", "app", "modes"),
    [
        ("xoxb-1", "s", None, ["http"]),
        ("xoxb-1", None, "xapp-1", ["socket"]),
        ("xoxb-1", "s", "xapp-1", ["http", "socket"]),
        (None, "s", "xapp-1", []),
        ("xoxb-1", None, None, []),
    ],
)
def test_transports_follow_the_environment(
    bot: str | None, secret: str | None, app: str | None, modes: list[str]
) -> None:
    """Bot token + signing secret = HTTP; bot token + app token = Socket Mode; else no Slack."""
    assert configured_modes(bot_token=bot, signing_secret=secret, app_token=app) == modes


@pytest.mark.parametrize(
    ("event", "counts"),
    [
        ({"user": "U1", "text": "hi"}, True),
        ({"user": "U1", "subtype": "file_share"}, True),
        ({"user": "U1", "subtype": "thread_broadcast"}, True),
        ({"user": "UBOT", "text": "mine"}, False),
        ({"user": "U2", "bot_id": "B2", "text": "another bot"}, False),
        ({"subtype": "message_changed", "message": {"user": "U1"}}, False),
        ({"user": "U1", "subtype": "message_deleted"}, False),
        ({"user": "U1", "subtype": "channel_join"}, False),
        ({"text": "no user"}, False),
    ],
)
def test_only_learners_new_messages_count(event: dict[str, Any], counts: bool) -> None:
    """Bots (the mentor included), edits, deletions and joins never start a turn."""
    context = AsyncBoltContext({"bot_user_id": "UBOT"})
    assert from_learner(event, context) is counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@UBOT> why is it slow?", "why is it slow?"),
        ("<@UBOT|mca> why?", "why?"),
        ("thanks <@UBOT>", "thanks"),
        ("ask <@UOTHER> too", "ask <@UOTHER> too"),
    ],
)
def test_mention_of_the_bot_is_removed_from_the_question(text: str, expected: str) -> None:
    """The question is the text without the bot's own mention (others' mentions stay)."""
    assert strip_mention(text, "UBOT") == expected
