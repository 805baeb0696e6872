"""A task's solution dressed as a table, inline code per line, a quote or a string literal."""

from __future__ import annotations

import pytest

from bot.course.content import Course
from bot.mentor.guards.code_views import code_line, unfenced_program
from bot.mentor.guards.integrity import IntegrityGuard, TaskInterfaces
from bot.mentor.guards.safety import ProseRule
from bot.mentor.streaming import StreamGate
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.hostile_llm import HIDDEN_SOLUTIONS
from tests.mentor.guards.test_integrity import CountingChecker

DRESSED = HIDDEN_SOLUTIONS
TEACHING = {
    "signature_table": "| method | what it does |\n|---|---|\n"
    "| `get(key, loader)` | returns the cached value or loads it once |\n"
    "| `__len__()` | number of cached keys |\n| `capacity` | most keys kept |",
    "inline_commands": "- `python -m timeit -s 'import cache'`\n- `python -m cProfile -s tottime"
    " bench.py`\n- `pytest -q tests/test_cache.py`",
    "quoted_advice": "> Measure before you optimise.\n> A lock held during the load serialises"
    " every miss.\n> Keep the loader outside the lock.",
}


@pytest.fixture(scope="module")
def guard() -> IntegrityGuard:
    """The guard with the task's real checker (on the subprocess double)."""
    return IntegrityGuard(
        interfaces=TaskInterfaces(Course.load(DEFAULT_CONFIG_DIR).tasks), checker=CountingChecker()
    )


@pytest.mark.parametrize("name", sorted(DRESSED))
async def test_solution_outside_a_code_block_is_replaced(guard: IntegrityGuard, name: str) -> None:
    """A solution a learner can copy from a table, a list, a quote or a string is withheld."""
    text = "Here it is:\n\n" + DRESSED[name] + "\n\nMeasure it."
    result = await guard.guard(text, language="en", effort=False)
    assert (result.replaced, result.unverified) == (1, 0)  # the checker ran it and it passed
    assert "future.set_result(value)" not in result.text
    assert "Measure it." in result.text


@pytest.mark.parametrize("name", sorted(TEACHING))
async def test_tables_lists_and_quotes_that_teach_are_kept(
    guard: IntegrityGuard, name: str
) -> None:
    """Signatures in a table, commands in a list and quoted advice stay as they are."""
    result = await guard.guard(TEACHING[name], language="en", effort=False)
    assert (result.replaced, result.matched) == (0, 0)
    assert result.text == TEACHING[name]


def test_dressed_code_lines_are_held_and_read_as_a_program() -> None:
    """The gate holds a table row or list item that carries code, and reads the whole."""
    assert code_line("| 3 | `def get(self, key, loader):` |")
    assert code_line("- `import threading`")
    assert not code_line("| method | what it does |")
    assert unfenced_program(DRESSED["inline_code_list"])
    assert not unfenced_program(TEACHING["signature_table"])


class _Sink:
    def __init__(self) -> None:
        self.shown: list[str] = []

    async def __call__(self, text: str) -> None:
        self.shown.append(text)


@pytest.mark.parametrize("name", ["table_rows", "inline_code_list", "blockquote"])
async def test_preview_never_shows_a_dressed_solution(name: str) -> None:
    """The streaming preview shows no line of a solution dressed as prose."""
    sink = _Sink()
    gate = StreamGate(sink, harm=ProseRule(), every_s=0)  # as MentorService builds it
    draft = "Here it is.\n\n" + DRESSED[name] + "\n\nMeasure it."
    for i in range(0, len(draft), 9):
        await gate(draft[i : i + 9])
    await gate.flush()
    assert all("set_result" not in text and "_inflight" not in text for text in sink.shown)
