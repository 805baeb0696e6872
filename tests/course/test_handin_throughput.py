"""A hand-in that reports a throughput is a hand-in, in any language (review13 W14).

The review's Italian hand-in in session 2 ("Ecco la mia consegna: … il throughput è passato
da 310 a 1.020 righe/s …") was read as a question: "righe/s" counted as no measurement, so the
message that said it hands the work in had "nothing measured" and got a 7-part plan, no 📝 and
no checklist. A rate is a measurement whatever word names what is counted.
"""

from __future__ import annotations

from io import StringIO

import pytest

from bot.app import App
from bot.course.content import Course
from bot.course.handin import assess_handin, measurements
from bot.course.wiring import CourseServices
from tests.course.test_console import run_chat

HANDINS = {
    "it": (
        "Ecco la mia consegna: con ProcessPoolExecutor(4) e chunksize=50 il throughput è "
        "passato da 310 a 1.020 righe/s, l'output è identico al baseline e il main process "
        "non esegue work()."
    ),
    "en": "Here is my submission: with a pool of 4 workers the parser now does 2,400 records/sec.",
    "de": "Hier ist meine Arbeit: mit 4 Prozessen schafft der Import 1.850 Datensätze/s.",
    "es": "Aquí va mi trabajo: con 4 procesos el importador procesa 960 filas/s y la salida es igual.",
    "ru": "Вот моя работа: с четырьмя процессами импорт даёт 1 400 строк/с, вывод тот же.",
    "ja": "提出物です。4 プロセスで取り込みが 900 行/秒 になり、出力は同じでした。",
    "zh": "这是我的作业：用 4 个进程后导入速度达到 1200 条/秒，输出一致。",
    "ko": "과제를 제출합니다. 프로세스 4개로 가져오기가 800 건/초 가 되었고 출력은 같습니다.",
}
"""The review's words (it) and new ones: each says it hands in, and measures only a rate."""


@pytest.mark.parametrize("language", sorted(HANDINS))
def test_a_handin_measured_as_a_rate_is_recorded(course: Course, language: str) -> None:
    session = course.session(2)
    assert session is not None
    handin = assess_handin(session, HANDINS[language], course.handin_cues)
    assert handin.numbers >= 1
    assert handin.is_handin


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("da 310 a 1.020 righe/s", 1),
        ("900 rows/sec, then 2 100 Zeilen/s", 2),
        ("1 500 строк/с", 1),
        ("800 行/秒 and 1200 件/秒", 2),
        ("ratio 2/3, JOBS = 8 and/or 16, 700 files/min", 1),
    ],
)
def test_a_rate_is_one_measured_quantity(text: str, count: int) -> None:
    """A count per unit of time in any word; a fraction or a bare count is still nothing."""
    assert measurements(text) == count


async def test_the_italian_handin_is_recorded_and_read_against_the_goals(
    app: App, services: CourseServices, out: StringIO
) -> None:
    """📝 in `/mca course`, and the reply is the checklist of session 2, not a plan."""
    await run_chat(
        app, services, out, "/mca session 2", HANDINS["it"], "/mca course", user="learner-it"
    )
    text = out.getvalue()
    session = services.course.course.session(2)
    assert session is not None
    title = session.in_language("it").title
    assert f"📝 2. {title}" in text
    assert f"▶ 2. {title}" not in text
    assert services.course.course.text("it", "handin_title", number=2) in text
