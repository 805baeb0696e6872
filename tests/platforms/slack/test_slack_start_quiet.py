"""Starting the Slack platform logs nothing an operator would chase (review10 T31)."""

from __future__ import annotations

import logging

import pytest

from bot.app import App, delivery
from bot.observability import HttpServer
from bot.platforms.settings import SlackSettings
from bot.platforms.slack import SlackPlatform
from tests.fakes.slack_server import BOT_TOKEN, SIGNING_SECRET


async def test_bolt_does_not_warn_that_the_token_is_unused_on_every_start(
    app: App, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The token comes from SLACK_BOT_TOKEN and the client carries it: no "unused" warning."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    caplog.set_level(logging.DEBUG)
    for _ in range(2):  # every start, not only the first
        SlackPlatform(
            mentor=app.mentor,
            store=app.store,
            settings=SlackSettings(api_base="http://127.0.0.1:1/api/"),
            bot_token=BOT_TOKEN,
            signing_secret=SIGNING_SECRET,
            http=HttpServer(host="127.0.0.1", port=0, metrics=app.metrics),
            delivery=delivery(app, "slack"),
        )
    said = [r.getMessage() for r in caplog.records if r.name.startswith("slack_bolt")]
    assert not [m for m in said if "will be unused" in m]
    assert BOT_TOKEN not in caplog.text


def test_other_bolt_warnings_still_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    """Only that one line is dropped: bolt's other warnings still tell the operator."""
    bolt = logging.getLogger("slack_bolt.AsyncApp")
    with caplog.at_level(logging.WARNING):
        bolt.warning("Unhandled request ({'type': 'event_callback'})")
    assert "Unhandled request" in caplog.text
