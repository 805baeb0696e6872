"""Two runs of the same code in one thread are compared; the loop's idle wait is no hotspot.

Review8 F41: the learner fixed `time.sleep` to `asyncio.sleep` and pasted the code again; the
reply read the new run alone and called the event loop's `EpollSelector.select` the hotspot
"to change". The loop sitting in its selector is waiting, and the new run is read against the
previous one: wall 2352 ms -> 528 ms.
"""

from __future__ import annotations

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.reasoning import findings, sandbox_line
from bot.mentor.sandbox_reasoning import idle_frame
from bot.sandbox.report import Hotspot, RunStatus, SandboxReport

BLOCKING = """import asyncio, time
async def job():
    time.sleep(0.2)
async def main():
    await asyncio.gather(*(job() for _ in range(10)))
asyncio.run(main())
"""
FIXED = BLOCKING.replace("time.sleep(0.2)", "await asyncio.sleep(0.2)")
SELECT = Hotspot("EpollSelector.select", "/usr/lib/python3.11/selectors.py", 451, 12, 300.0, 300.0)


def run(wall: float, cpu: float, *spots: Hotspot) -> SandboxReport:
    return SandboxReport(status=RunStatus.OK, exit_code=0, wall_ms=wall, cpu_ms=cpu, hotspots=spots)


def mine(name: str, line: int, self_ms: float) -> Hotspot:
    return Hotspot(name, "main.py", line, 10, self_ms, self_ms)


@pytest.mark.parametrize(
    ("function", "file"),
    [
        ("EpollSelector.select", "/usr/lib/python3.11/selectors.py"),
        ("KqueueSelector.select", "/usr/lib/python3.12/selectors.py"),
        ("BaseEventLoop._run_once", "/usr/lib/python3.11/asyncio/base_events.py"),
        ("<method 'poll' of 'select.epoll' objects>", "~"),
    ],
)
def test_the_event_loops_own_waits_are_idle_frames(function: str, file: str) -> None:
    """The selector, epoll and the loop's iteration are the loop waiting, in any Python."""
    assert idle_frame(function, file)


def test_the_learners_own_sleep_is_not_an_idle_frame() -> None:
    """`time.sleep` in the learner's coroutine blocks the loop: it stays a finding."""
    assert not idle_frame("job", "main.py")
    assert not idle_frame("<built-in method time.sleep>", "~")


@pytest.mark.parametrize("lang", ["en", "es", "ja"])
def test_a_loop_waiting_in_select_is_called_waiting_not_the_hotspot(
    lang: str, catalog: Catalog
) -> None:
    """select holding 90% of the samples is named as the loop idle; the hotspot is the learner's."""
    lines = findings(run(528, 40, SELECT, mine("main", 5, 30.0)), FIXED, lang, catalog)
    idle = catalog.message(lang, "reasoning_loop_idle", function="\0", share="\0").split("\0")
    dominant = catalog.message(
        lang, "reasoning_hotspot_dominant", function="\0", line="\0", share="\0"
    ).split("\0")
    text = "\n".join(lines)
    assert max(idle, key=len) in text
    assert not [ln for ln in lines if "EpollSelector" in ln and max(dominant, key=len) in ln]


def test_the_memory_line_keeps_the_learners_top_not_the_selector() -> None:
    """The thread remembers the run by the learner's function, so the next run compares like."""
    line = sandbox_line(run(528, 40, SELECT, mine("main", 5, 30.0)))
    assert "top=main:5" in line
    assert "select" not in line.lower()


@pytest.mark.parametrize(
    ("lang", "text", "answer", "faster"),
    [
        ("es", "Cambié time.sleep por asyncio.sleep, ¿ahora está bien?", "Primero, a tu pregunta: sí.", "4.5x más rápido"),
        ("en", "I replaced time.sleep with asyncio.sleep. Is it ok now?", "To your question first: yes.", "4.5x faster"),
        ("de", "time.sleep durch asyncio.sleep ersetzt. Ist es jetzt richtig?", "Zuerst zu deiner Frage: ja.", "4.5x schneller"),
    ],
)  # fmt: skip
def test_the_run_after_a_fix_is_compared_with_the_previous_run(
    lang: str, text: str, answer: str, faster: str, catalog: Catalog
) -> None:
    """2352 ms -> 528 ms for the same program: the ratio, and the direct question answered."""
    before = run(2352, 217, mine("job", 3, 2000.0))
    memory = ThreadMemory(code=BLOCKING, sandbox=sandbox_line(before), turns=1)
    insight = read_turn(
        text, code=FIXED, report=run(528, 40, SELECT), memory=memory, language=lang,
        catalog=catalog,
    )  # fmt: skip
    assert insight.notes[0].startswith(answer), insight.notes
    assert faster in insight.notes[0]


def test_another_program_is_not_compared_with_the_threads_run(catalog: Catalog) -> None:
    """A different program pasted later is a new measurement, not a before/after."""
    before = run(2352, 217, mine("job", 3, 2000.0))
    memory = ThreadMemory(code=BLOCKING, sandbox=sandbox_line(before), turns=1)
    other = "def parse(rows):\n    return [r.split(',') for r in rows]\nparse(['a,b'] * 10)\n"
    insight = read_turn(
        "And this one?", code=other, report=run(90, 80), memory=memory, language="en",
        catalog=catalog,
    )  # fmt: skip
    assert not [n for n in insight.notes if "previous run" in n]


def test_a_run_cut_at_the_time_limit_is_compared_as_at_least_its_wall(catalog: Catalog) -> None:
    """review9 R29: turn 1 hit the 5 s limit, the fix runs in 2 ms: '≥ 5 s → 2 ms', faster."""
    cut = SandboxReport(status=RunStatus.TIMEOUT, exit_code=None, wall_ms=5000, cpu_ms=4900)
    memory = ThreadMemory(code=BLOCKING, sandbox=sandbox_line(cut), turns=1)
    insight = read_turn(
        "J'ai changé pour un set, voilà le nouveau code.", code=FIXED, report=run(2, 1),
        memory=memory, language="fr", catalog=catalog,
    )  # fmt: skip
    assert [n for n in insight.notes if "≥ 5 s → 2 ms" in n and "plus rapide" in n], insight.notes
