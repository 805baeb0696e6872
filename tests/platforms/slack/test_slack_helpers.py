"""Small rules of the Slack adapter: which transports run, whose messages count, mentions."""

from __future__ import annotations

from typing import Any

import pytest
from slack_bolt.context.async_context import AsyncBoltContext

from bot.platforms.slack import configured_modes
from bot.platforms.slack_commands import ack_write
from bot.platforms.slack_listeners import from_learner, strip_mention
from tests.fakes.slack_server import message_event


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


@pytest.mark.parametrize(
    ("event", "write"),
    [
        (message_event("hi all", user="U1", channel="C1", ts="1.0"), "none"),
        (message_event("hey", user="U1", channel="C1", ts="2.0", thread_ts="1.0"), "inbox"),
        (message_event("why?", user="U1", channel="D1", ts="3.0", channel_type="im"), "inbox"),
        (message_event("<@UBOT> why?", user="U1", channel="C1", ts="4.0", kind="app_mention"),
         "inbox"),
        (message_event("part 1", user="UBOT", channel="C1", ts="5.0", thread_ts="4.0",
                       bot_id="B1"), "none"),
        (message_event("", user="U1", channel="C1", ts="6.0", subtype="message_changed"), "none"),
        ({"type": "reaction_added", "user": "U1", "reaction": "+1"}, "claim"),
    ],
)  # fmt: skip
def test_only_what_can_become_a_turn_is_kept_before_the_ack(
    event: dict[str, Any], write: str
) -> None:
    """Channel chatter, bot posts and edits cost no write; turns-to-be their inbox row."""
    body = {"type": "event_callback", "event_id": "Ev1", "event": event}
    assert ack_write(body) == write
