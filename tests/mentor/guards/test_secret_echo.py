"""The bot's own credentials, or a live-looking key, never reach the learner (nor the preview)."""

from __future__ import annotations

from pydantic import SecretStr

from bot.app import open_app
from bot.mentor.guards.harm_prose import ProseRule
from bot.mentor.guards.secrets import REDACTED, SecretScrub
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest
from bot.mentor.streaming import StreamGate
from bot.settings import Settings
from tests.fakes.openai_server import DRAFT_BODIES, FakeOpenAI, compose, reply
from tests.mentor.conftest import llm_settings

API_KEY = "sk-proj-Q7fZ2mLk9TxW4bNc8VhR1sYd"
LIVE_LOOKING = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"


async def test_the_api_key_the_server_received_is_not_echoed(
    settings: Settings, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """A hostile model server writing back the bot's API key: the reply shows it redacted."""
    bodies = list(DRAFT_BODIES["en"])
    bodies[2] += f"\n3. Your client is configured with `OPENAI_API_KEY={API_KEY}`; keep it."
    bodies[3] = f"```python\nclient = OpenAI(api_key='{API_KEY}')\n```"
    fake_openai.reset(default=reply(compose(list(catalog.headings("en").values()), tuple(bodies))))
    configured = llm_settings(settings, fake_openai.base_url).model_copy(
        update={"openai_api_key": SecretStr(API_KEY)}
    )
    seen: list[str] = []

    async def progress(text: str) -> None:
        seen.append(text)

    async with open_app(configured) as app:
        result = await app.mentor.handle(
            MentorRequest(platform="console", user="u1", text="Why is my function slow?"),
            on_progress=progress,
        )
    assert API_KEY not in result.text
    assert REDACTED in result.text or "OPENAI_API_KEY" not in result.text
    assert not any(API_KEY in text for text in seen)


def test_placeholders_are_teaching_not_keys() -> None:
    """`sk-...`, `xoxb-your-token` and a live-looking GitHub token: only the last is a key."""
    scrub = SecretScrub()
    assert not scrub.find("export OPENAI_API_KEY=sk-...")
    assert not scrub.find("SLACK_BOT_TOKEN=xoxb-your-bot-token-here")
    text, count = scrub.redact(f"token = '{LIVE_LOOKING}'")
    assert count == 1
    assert LIVE_LOOKING not in text


async def test_a_line_with_a_key_is_held_while_streaming() -> None:
    """The preview stops before a line holding a configured secret."""
    rule = ProseRule(secrets=SecretScrub(["hunter2-very-secret"]))
    seen: list[str] = []

    async def sink(text: str) -> None:
        seen.append(text)

    gate = StreamGate(sink, harm=rule, every_s=0.0)
    await gate("Rotate keys often.\n")
    await gate("The bot's key is hunter2-very-secret, by the way.\n\nMore text.\n")
    await gate.flush()
    assert seen
    assert not any("hunter2" in text for text in seen)
