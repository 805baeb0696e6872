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
    # review10 T33: the checklist's words in every course language, not only en/pt/es
    "de": (
        "E/A-lastig gemessen: sequenziell 0,41 s, Threads 0,06 s. Rechenintensiv: 2,9 s "
        "sequenziell gegen 0,8 s mit Prozessen, also 3,6 mal schneller. Die GIL lässt immer nur "
        "einen Thread Python ausführen. Die Ereignisschleife blockierte, bis ich den Aufruf "
        "in einen Thread verlegt habe."
    ),
    "fr": (
        "Charge limitée par les E/S : séquentiel 0,41 s, threads 0,06 s. Calcul pur : 2,9 s en "
        "séquentiel contre 0,8 s avec des processus. Le GIL ne laisse qu'un thread exécuter du "
        "Python. La boucle d'événements ne bloque plus depuis que l'appel lent tourne ailleurs."
    ),
    "ja": (
        "I/O バウンドの処理は逐次 0.41 秒、スレッドで 0.06 秒でした。CPU の処理は逐次 2.9 秒、"
        "プロセスで 0.8 秒で、3.6 倍になりました。GIL のせいでスレッドは一度に一つしか Python を"
        "実行できません。イベントループが止まっていたのは同期呼び出しのためでした。"
    ),
    "ru": (
        "Задача, ограниченная вводом-выводом: последовательно 0,41 с, в потоках 0,06 с. "
        "Вычисления: 2,9 с последовательно против 0,8 с в процессах, в 3,6 раза быстрее. "
        "GIL пропускает только один поток. Цикл событий блокировался синхронным вызовом."
    ),
    "zh": (
        "I/O 密集的任务：顺序 0.41 秒，线程 0.06 秒。计算任务：顺序 2.9 秒，进程 0.8 秒，"
        "快了 3.6 倍。GIL 让同一时刻只有一个线程执行 Python。事件循环被同步调用阻塞了。"
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

    The checklist's elements are read in every course language (review10 T33: a ja or ru
    report named its elements in words no pattern knew, so the session never completed).
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
