"""A fake OpenAI-compatible server for the platform benches: a valid English 7-section draft,
streamed with a fixed time to the first byte and token-sized chunks (as real servers stream)."""

from __future__ import annotations

from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.openai_server import DRAFT_BODIES, FakeOpenAI, compose, reply

EN_HEADINGS = list(Catalog.load(DEFAULT_CONFIG_DIR).headings("en").values())
"""The headings the bot parses, from its own catalog (so a draft always matches)."""


def start_fake_llm(latency_s: float, *, chunk_chars: int = 16) -> FakeOpenAI:
    """Start the server (its own thread); the caller passes `base_url` to the bot and closes it."""
    draft = compose(EN_HEADINGS, DRAFT_BODIES["en"])
    server = FakeOpenAI(
        default=reply(draft, delay_s=latency_s, chunk_delay_s=0.01, chunk_chars=chunk_chars)
    )
    server.start()
    return server
