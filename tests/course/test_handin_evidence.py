"""A session is done by measured work, not by the checklist's words (review8 F38)."""

from __future__ import annotations

import pytest

from bot.course.content import Course
from bot.course.service import assess_handin
from bot.course.sessions import measurements

KEYWORDS_ONLY = "io-bound cpu-bound gil speedup 1x event loop 2"
"""review8 F38: every checklist element named, nothing measured; it once completed session 2."""

MEASURED = {
    "en": (
        "io sequential 0.41 s, threads 0.06 s, processes 0.12 s; cpu sequential 2.9 s, threads "
        "3.0 s, processes 0.8 s (3.6x). The GIL serialises the cpu-bound job; io-bound waits "
        "release it. The event loop warning went away with asyncio.to_thread."
    ),
    "pt": (
        "I/O-bound: sequencial 0,41 s, threads 0,06 s; CPU-bound: 2,9 s sequencial contra "
        "0,8 s em processos (aceleração de 3,6x). A GIL serializa as threads; o laço de eventos "
        "deixou de bloquear com asyncio.to_thread."
    ),
}


@pytest.mark.parametrize(
    "text",
    [
        KEYWORDS_ONLY,
        "io-bound cpu-bound gil speedup 2x 2x 2x event loop",
        "io-bound cpu-bound gil speedup event loop: JOBS = 8 and 64, 4 processes, 2 models",
        # review9 R46: one line of keywords with three ratios in it is still a keyword line
        "GIL io-bound cpu-bound hilos procesos asyncio speedup 3.9x 1.0x 7.8x "
        "slow_callback_duration to_thread JOBS=64 pickle",
    ],
)
def test_the_checklist_words_without_measurements_do_not_complete_a_session(
    course: Course, text: str
) -> None:
    """Keywords, one ratio repeated, counts without units, or a keyword line with ratios."""
    session = course.session(2)
    assert session is not None
    handin = assess_handin(session, text)
    assert handin.is_handin
    assert handin.missing == ()
    assert not handin.complete


@pytest.mark.parametrize("language", sorted(MEASURED))
def test_a_measured_report_completes_the_session_in_any_language(
    course: Course, language: str
) -> None:
    """Timings and ratios with their units, in the learner's language, are the work.

    (Session checklists' words exist in en, pt and es only: a ja or ru report names its
    elements in words no pattern knows yet. Its measurements are counted all the same.)
    """
    session = course.session(2)
    assert session is not None
    handin = assess_handin(session, MEASURED[language])
    assert handin.numbers >= 3
    assert handin.complete, handin


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("逐次 0.41 秒、スレッド 0.06 秒、プロセス 0.8 秒（3.6 倍）", 4),
        ("顺序 0.41 秒，进程 120 毫秒，快 3.6 倍", 3),
        ("순차 0.41초, 프로세스 120밀리초, 3.6배 빠름", 3),
        ("последовательно 0,41 с, потоки 0,06 с, в 3,6 раза быстрее", 3),
        ("peak 26.4 MiB -> 0.2 MiB, p99 40 ms, 95%", 4),
        ("JOBS = 8 and 64, 2 sessions, 4 cores, event loop 2", 0),
        ("1x 1x 1x", 1),
    ],
)
def test_measurements_are_numbers_with_units_in_any_script(text: str, count: int) -> None:
    """Counts without a unit measure nothing; the same value repeated is one measurement."""
    assert measurements(text) == count
