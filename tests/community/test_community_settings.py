"""A community's admins change its settings at runtime; the mentor follows them at once."""

from __future__ import annotations

import pytest
from structlog.testing import capture_logs

from bot.app import App
from bot.community.current import TURN_MODEL
from bot.community.service import CommunitySettings
from bot.errors import InputError, RateLimited
from bot.mentor.models import MentorRequest
from bot.settings import Settings
from tests.conftest import STORES, on_store


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_store(request, settings)


def _settings(app: App) -> CommunitySettings:
    assert app.mentor.community is not None
    return app.mentor.community


async def test_a_setting_is_stored_shown_and_reset(app: App) -> None:
    """`set` stores the parsed value with who set it; `default` removes the override."""
    assert app.community is not None
    with capture_logs() as logs:
        text = await app.community.set(
            "discord", "G1", "channels", "<#123>, 456", by="discord:9", language="en"
        )
    assert "`channels` is now 123, 456" in text
    assert any(e["event"] == "community.setting_changed" and e["by"] == "discord:9" for e in logs)
    shown = await app.community.show("discord", "G1", "en")
    assert "- `channels`*: 123, 456" in shown
    assert "- `model`: gpt-4o-mini" in shown  # not set here: the TOML default
    text = await app.community.set("discord", "G1", "channels", "default", by="x", language="en")
    assert "back to its default" in text
    assert (await _settings(app).get("discord", "G1")).channels == ()


@pytest.mark.parametrize(
    ("key", "value", "message_key"),
    [
        ("colour", "blue", "community_unknown_key"),
        ("language", "xx", "community_bad_value"),
        ("announce_cron", "every monday", "community_bad_value"),
        ("daily_tokens", "-5", "community_bad_value"),
        ("model", "gpt 4; rm -rf /", "community_bad_value"),
    ],
)
async def test_a_bad_value_is_refused_and_nothing_is_stored(
    app: App, key: str, value: str, message_key: str
) -> None:
    """An unknown setting or a value of the wrong shape is refused before anything is written."""
    with pytest.raises(InputError) as info:
        await _settings(app).set("slack", "T1", key, value, by="slack:U1")
    assert info.value.key == message_key
    assert (await _settings(app).get("slack", "T1")).raw == {}


async def test_the_community_language_is_the_default_for_an_unclear_message(app: App) -> None:
    """A message that says nothing about its language is answered in the community's one."""
    await _settings(app).set("discord", "G2", "language", "pt", by="discord:1")
    reply = await app.mentor.handle(
        MentorRequest(platform="discord", user="u2", text="asyncio.gather()?", community="G2")
    )
    assert reply.language == "pt"


async def test_the_community_budget_and_model_apply_to_its_llm_turns(app: App) -> None:
    """A spent community budget refuses LLM turns; the community's model reaches the engine."""
    from tests.course.test_console import RecordingEngine  # noqa: PLC0415

    engine = RecordingEngine(app.mentor.fallback)
    app.mentor.engine = engine  # an engine that is not the fallback counts as an LLM
    seen: list[str | None] = []
    original = engine.reply

    async def reply(request, on_delta=None):  # type: ignore[no-untyped-def]
        seen.append(TURN_MODEL.get())
        return await original(request, on_delta)

    engine.reply = reply  # type: ignore[method-assign]
    settings = _settings(app)
    await settings.set("discord", "G3", "model", "llama3:70b", by="discord:1")
    await app.mentor.handle(
        MentorRequest(platform="discord", user="u3", text="How do I use uvloop?", community="G3")
    )
    assert seen == ["llama3:70b"]
    assert app.mentor.allowances is not None
    await app.mentor.allowances.spend_tokens("G3", 500)
    await settings.set("discord", "G3", "daily_tokens", "400", by="discord:1")
    with pytest.raises(RateLimited):
        await app.mentor.handle(
            MentorRequest(platform="discord", user="u3", text="And trio?", community="G3")
        )


async def test_announcement_targets_come_with_their_schedule(app: App) -> None:
    """A community's announcement channels and cron reach the announcer."""
    settings = _settings(app)
    await settings.set("slack", "T9", "announce_channels", "C1 C2", by="slack:U1")
    await settings.set("slack", "T9", "announce_cron", "0 10 * * 2", by="slack:U1")
    assert await settings.announce_targets() == [
        ("slack", "T9", "C1", "0 10 * * 2"),
        ("slack", "T9", "C2", "0 10 * * 2"),
    ]
