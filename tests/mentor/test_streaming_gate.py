"""The streaming gate: prose streams, code is held, leaks and wrong language stop the stream."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.prompt import METHOD_RULES
from bot.mentor.guard import LeakDetector
from bot.mentor.language import LanguageDetector
from bot.mentor.streaming import StreamGate, visible_prose


class Sink:
    def __init__(self) -> None:
        self.shown: list[str] = []

    async def __call__(self, text: str) -> None:
        self.shown.append(text)


async def feed(gate: StreamGate, text: str, size: int = 7) -> None:
    for i in range(0, len(text), size):
        await gate(text[i : i + size])


async def test_open_and_closed_code_blocks_are_never_forwarded() -> None:
    """Neither a finished nor a half-streamed code block reaches the platform."""
    sink = Sink()
    gate = StreamGate(sink, placeholder="[code]")
    await feed(gate, "Intro prose.\n```python\nanswer = 42\n```\nMore prose.\n```py\nhidden = 1")
    assert all("answer" not in s and "hidden" not in s for s in sink.shown)
    assert sink.shown[-1] == "Intro prose.\n[code]\nMore prose.\n[code]"


async def test_leak_stops_the_stream_for_good() -> None:
    """Once the draft reproduces the private instructions nothing more is forwarded."""
    sink = Sink()
    gate = StreamGate(sink, leaks=LeakDetector())
    await feed(gate, "Hello! " + METHOD_RULES + " and then more text that keeps coming.")
    assert gate.stopped
    assert all("never invent numbers" not in s for s in sink.shown)


async def test_wrong_language_stops_the_stream(detector: LanguageDetector) -> None:
    """An English draft in a German thread stops streaming after enough prose."""
    sink = Sink()
    gate = StreamGate(sink, language="de", detector=detector)
    prose = (
        "This answer is written entirely in English, which is not the language of the thread. " * 8
    )
    await feed(gate, prose, size=40)
    assert gate.stopped
    assert len(sink.shown[-1]) < len(prose)


async def test_restart_streams_the_new_text_from_scratch() -> None:
    """A retry's text replaces the voided attempt."""
    sink = Sink()
    gate = StreamGate(sink, prefix="Note")
    await feed(gate, "first attempt")
    await gate.restart()
    await feed(gate, "second")
    assert sink.shown[-1] == "Note\n\nsecond"


async def test_failing_platform_edit_does_not_break_the_turn() -> None:
    """A sink that raises stops streaming instead of failing the reply."""

    async def broken(_: str) -> None:
        raise RuntimeError("edit failed")

    gate = StreamGate(broken)
    await feed(gate, "some prose here")
    assert gate.stopped
    assert gate.text == "some prose here"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="`~ab\n ", max_size=200))
def test_visible_prose_never_shows_fenced_text(text: str) -> None:
    """Whatever the fence soup, text after an opening fence line is only shown once closed."""
    view = visible_prose(text, "<>")
    assert len(view) <= len(text) + 2 * text.count("\n") + 2
