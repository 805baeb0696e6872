"""The preview never shows a told step the final check withdraws, however the steps are split."""

from __future__ import annotations

import pytest

from bot.course.content import Course
from bot.mentor.guards.harm_prose import ProseRule
from bot.mentor.guards.told_solution import ToldSolutions
from bot.mentor.streaming import StreamGate
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.told_solutions import TOLD_CACHE, TOLD_SPLIT

COURSE = Course.load(DEFAULT_CONFIG_DIR)


@pytest.fixture(scope="module")
def told() -> ToldSolutions:
    return ToldSolutions.load(
        DEFAULT_CONFIG_DIR, [t.id for t in COURSE.tasks if t.kind == "checked"]
    )


async def _streamed(draft: str, told: ToldSolutions, lang: str, said: tuple[str, ...] = ()) -> str:
    seen: list[str] = []

    async def sink(text: str) -> None:
        seen.append(text)

    gate = StreamGate(sink, harm=ProseRule(), told=told, language=lang, said=said, every_s=0.0)
    for start in range(0, len(draft), 16):
        await gate(draft[start : start + 16])
    await gate.flush()
    return "\n".join(seen)


def _halves(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    return "\n".join(lines[:3]), "\n".join(lines[3:])


@pytest.mark.parametrize("lang", sorted(TOLD_CACHE))
async def test_told_steps_split_by_blank_lines_never_stream(told: ToldSolutions, lang: str) -> None:
    """Steps 1-3, a blank line, then 4-6: not even the first half reaches the preview."""
    first, second = _halves(TOLD_CACHE[lang])
    assert not told.told(first, lang)  # the first half alone tells nothing yet
    draft = f"Some context first.\n\n{first}\n\n{second}\n\nMeasure before and after.\n"
    seen = await _streamed(draft, told, lang)
    assert "Some context" in seen
    assert not any(line.strip() in seen for line in TOLD_CACHE[lang].splitlines())


async def test_told_steps_split_over_sections_never_stream(told: ToldSolutions) -> None:
    """Half the steps under one heading and half under the next are held together."""
    steps, next_steps = TOLD_SPLIT
    draft = f"## Steps\n\n{steps}\n\n## Next steps\n\n{next_steps}\n\n## Reflection\n\nMeasure.\n"
    seen = await _streamed(draft, told, "en")
    assert not any(line.strip() in seen for line in (steps + "\n" + next_steps).splitlines())


async def test_told_steps_finishing_an_earlier_reply_never_stream(told: ToldSolutions) -> None:
    """Steps 4-6 after a reply that gave 1-3 finish the solution: the preview holds them."""
    first, second = _halves(TOLD_CACHE["en"])
    seen = await _streamed(f"Context.\n\n{second}\n\nThat is all.\n", told, "en", said=(first,))
    assert "Context." in seen
    assert not any(line.strip() in seen for line in second.splitlines())


async def test_numbered_teaching_steps_still_reach_the_preview(told: ToldSolutions) -> None:
    """Numbered steps that tell no solution appear by the end of the stream."""
    draft = (
        "1. Measure the baseline with `python -m timeit`.\n2. Profile with `python -m cProfile"
        " -s tottime script.py` and read the top lines.\n\n3. Change one thing and measure.\n"
    )
    seen = await _streamed(draft, told, "en")
    assert "3. Change one thing and measure." in seen
