"""The streaming gate: prose streams, code is held, leaks and wrong language stop the stream."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.prompt import METHOD_RULES
from bot.mentor.guard import LeakDetector
from bot.mentor.guards.safety import ProseRule
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
    gate = StreamGate(sink, placeholder="[code]", every_s=0)
    await feed(gate, "Intro prose.\n```python\nanswer = 42\n```\nMore prose.\n```py\nhidden = 1")
    assert all("answer" not in s and "hidden" not in s for s in sink.shown)
    assert sink.shown[-1] == "Intro prose.\n[code]\nMore prose.\n[code]"


async def test_leak_stops_the_stream_for_good() -> None:
    """Once the draft reproduces the private instructions nothing more is forwarded."""
    sink = Sink()
    gate = StreamGate(sink, leaks=LeakDetector(), every_s=0)
    await feed(gate, "Hello! " + METHOD_RULES + " and then more text that keeps coming.")
    assert gate.stopped
    assert all("never invent numbers" not in s for s in sink.shown)


async def test_wrong_language_stops_the_stream(detector: LanguageDetector) -> None:
    """An English draft in a German thread stops streaming after enough prose."""
    sink = Sink()
    gate = StreamGate(sink, language="de", detector=detector, every_s=0)
    prose = (
        "This answer is written entirely in English, which is not the language of the thread. " * 8
    )
    await feed(gate, prose, size=40)
    assert gate.stopped
    assert len(sink.shown[-1]) < len(prose)


async def test_restart_streams_the_new_text_from_scratch() -> None:
    """A retry's text replaces the voided attempt."""
    sink = Sink()
    gate = StreamGate(sink, prefix="Note", every_s=0)
    await feed(gate, "first attempt")
    await gate.restart()
    await feed(gate, "second")
    assert sink.shown[-1] == "Note\n\nsecond"


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_token_sized_deltas_are_checked_and_forwarded_a_few_times_a_second() -> None:
    """First text at once; then at most one check-and-forward per interval, never unchecked."""
    sink, clock = Sink(), Clock()
    gate = StreamGate(sink, leaks=LeakDetector(), every_s=0.25, clock=clock)
    words = ("Measure first, then change one thing at a time. " * 20).split(" ")
    for word in words:  # 200 token-sized deltas, 10 ms apart: 2 s of streaming
        await gate(word + " ")
        clock.now += 0.01
    assert sink.shown[0] == "Measure "  # the first delta is shown at once
    assert 8 <= len(sink.shown) <= 9  # ~every 0.25 s, not 200 times
    await gate.flush()  # the stream ended: what the interval held back is shown, checked
    assert sink.shown[-1] == " ".join(words) + " "
    await gate.restart()
    await gate("Again")
    assert sink.shown[-1] == "Again"  # a retry's first text is not held back
    # a leak arriving between two forwards is caught before the next one shows it
    leaky = StreamGate(sink := Sink(), leaks=LeakDetector(), every_s=0.25, clock=clock)
    await leaky("Hello. ")
    await feed(leaky, METHOD_RULES)  # same instant: held back, unchecked
    clock.now += 0.3
    await leaky(" more")
    assert leaky.stopped
    assert sink.shown == ["Hello. "]


async def test_failing_platform_edit_does_not_break_the_turn() -> None:
    """A sink that raises stops streaming instead of failing the reply."""

    async def broken(_: str) -> None:
        raise RuntimeError("edit failed")

    gate = StreamGate(broken, every_s=0)
    await feed(gate, "some prose here")
    assert gate.stopped
    assert gate.text == "some prose here"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="`~ab\n ", max_size=200))
def test_visible_prose_never_shows_fenced_text(text: str) -> None:
    """Whatever the fence soup, text after an opening fence line is only shown once closed."""
    view = visible_prose(text, "<>")
    assert len(view) <= len(text) + 2 * text.count("\n") + 2


async def test_attack_steps_are_never_streamed_even_in_part() -> None:
    """With the prose rule, lines stream, recipe lines are held and the stream stops there."""
    sink = Sink()
    gate = StreamGate(sink, harm=ProseRule(), every_s=0)
    text = (
        "Rate-limit failed logins per account.\n\n"
        "1. Load the rockyou wordlist.\n"
        "2. For each password, try every username against the login.\n\n"
        "Alert on many failures from one IP."
    )
    await feed(gate, text, size=5)
    await gate.flush()
    assert gate.stopped
    assert sink.shown[-1].rstrip() == "Rate-limit failed logins per account."
    assert all("rockyou" not in s and "Load the" not in s for s in sink.shown)


async def test_prose_rule_streams_complete_lines_and_the_rest_at_the_end() -> None:
    """Safe lines stream as they complete; the unfinished last line comes with flush."""
    sink = Sink()
    gate = StreamGate(sink, harm=ProseRule(), every_s=0)
    await feed(gate, "First paragraph.\n\nSecond line done.\nThird, still open")
    assert sink.shown[-1].rstrip() == "First paragraph.\n\nSecond line done."
    await gate.flush()
    assert sink.shown[-1] == "First paragraph.\n\nSecond line done.\nThird, still open"
    assert not gate.stopped


async def test_single_attack_word_line_is_shown_once_its_paragraph_is_cleared() -> None:
    """One held step line in a paragraph that is no recipe is shown when the paragraph ends."""
    sink = Sink()
    gate = StreamGate(sink, harm=ProseRule(), every_s=0)
    text = "- Never loop over a password list in tests.\n- Hash with argon2.\n\nDone."
    await feed(gate, text, size=4)
    assert all("argon2" not in s for s in sink.shown[:-1] if "Done" not in s)
    await gate.flush()
    assert sink.shown[-1] == text
    assert not gate.stopped


KEYLOGGER = (
    "from pynput import keyboard\n"
    "def on_press(key):\n"
    "    open('/tmp/.k', 'a').write(str(key))\n"
    "with keyboard.Listener(on_press=on_press) as l:\n"
    "    l.join()\n"
)


async def test_sentence_introducing_a_harmful_block_is_never_streamed() -> None:
    """'Run it:' before a keylogger is held until the block is judged, then never shown."""
    sink = Sink()
    gate = StreamGate(sink, harm=ProseRule(), placeholder="[code]", every_s=0)
    text = (
        "1. List processes reading /dev/input.\n"
        "2. Here is how such a tool works; run it to see the traffic:\n\n"
        f"```python\n{KEYLOGGER}```\n\n3. Compare autostart entries."
    )
    await feed(gate, text)
    await gate.flush()
    assert sink.shown, "the prose before the introduction streams"
    assert all("run it" not in s and "Compare autostart" not in s for s in sink.shown)
    assert "List processes" in sink.shown[-1]
    assert gate.stopped


async def test_sentence_introducing_a_safe_block_is_shown_once_the_block_is_complete() -> None:
    """A harmless block's introduction is only delayed, never lost."""
    sink = Sink()
    gate = StreamGate(sink, harm=ProseRule(), placeholder="[code]", every_s=0)
    await feed(gate, "Measure first:\n\n```python\nprint(sum(range(10)))\n```\n\nThen compare.")
    await gate.flush()
    assert not gate.stopped
    assert sink.shown[-1] == "Measure first:\n\n[code]\n\nThen compare."


async def test_unfenced_program_is_never_streamed_even_in_part() -> None:
    """Indented or raw code in prose is held like a fenced block: no line of it is previewed."""
    from tests.fakes.hostile_code import MASKED_HARM  # noqa: PLC0415

    for name in ("indented_spray", "unfenced_spray", "pre_element_spray"):
        sink = Sink()
        gate = StreamGate(sink, harm=ProseRule(), every_s=0)
        await feed(gate, MASKED_HARM[name] + "\n\nAfterwards, measure the failure rate.")
        await gate.flush()
        assert all("rockyou" not in s and "requests" not in s for s in sink.shown), name
