"""Standard-library and interpreter subjects the base had no unit for are answered from their own.

Before the stdlib topic and the newer internals units, these questions got the nearest units by
shared words (a pipe deadlock answered with asyncio queues, a DST bug with naive datetimes).
"""

from __future__ import annotations

import pytest

from tests.knowledge.offline_turn import answer


@pytest.mark.parametrize(
    ("language", "question", "unit", "named"),
    [
        (
            "en",
            "Our backup script starts pg_dump with Popen(stdout=PIPE, stderr=PIPE) and calls "
            "wait(); on databases over 2 GB it never returns and uses no CPU. Why?",
            "stdlib.subprocess-pipe-deadlock",
            "communicate(",
        ),
        (
            "pt",
            "Um usuário mandou um nome de 60 caracteres e a nossa regex de validação ficou 30 s "
            "presa em 100% de CPU. Python 3.12. Como evito backtracking catastrófico?",
            "stdlib.regex-redos",
            "re2",
        ),
        (
            "de",
            "Unser Wochenplaner rechnet start + timedelta(days=7) mit ZoneInfo('Europe/Berlin'); "
            "über die Zeitumstellung im Oktober liegen die Termine eine Stunde daneben. Warum?",
            "stdlib.zoneinfo-arithmetic",
            "astimezone",
        ),
        (
            "es",
            "Nuestro paquete lee config/defaults.yaml con una ruta basada en __file__ y al "
            "instalarlo como wheel da FileNotFoundError. ¿Cómo se empaquetan y leen esos datos?",
            "stdlib.importlib-resources",
            "importlib.resources",
        ),
        (
            "fr",
            "Ma file d'attente de 2 millions de tâches utilise list.pop(0) et le profileur montre "
            "90 % du temps dedans. Quelle structure de la bibliothèque standard prendre ?",
            "stdlib.deque-heapq-bisect",
            "popleft",
        ),
        (
            "ja",
            "クラスの __del__ で一時ファイルを消していますが、テストの後に 80 個ほど残り、"
            "終了時に Exception ignored in __del__ が出ます。どうすればいいですか？",
            "internals.del-finalize",
            "weakref.finalize",
        ),
        (
            "ru",
            "Базовый dataclass имеет поле created: float = 0.0, а подкласс добавляет name: str, "
            "и Python пишет non-default argument 'name' follows default argument. Как исправить?",
            "internals.dataclass-kw-only-slots",
            "kw_only",
        ),
        (
            "ko",
            "TypedDict에 total=False를 주었더니 필수 키 user_id가 빠져도 mypy가 잡지 못하고 "
            "운영에서 KeyError가 하루 50번 납니다. 어떻게 해야 하나요?",
            "internals.typeddict-totality",
            "NotRequired",
        ),
    ],
)
def test_stdlib_or_interpreter_question_gets_its_own_unit(
    language: str, question: str, unit: str, named: str
) -> None:
    """The unit written for the situation answers it, and its key API reaches the steps."""
    reply = answer(question, language)
    assert unit in reply.units
    assert named in reply.sections.steps


def test_a_question_about_another_subject_takes_no_stdlib_unit() -> None:
    """A FastAPI latency question keeps its own units: the new topic does not pull it away."""
    reply = answer(
        "Our FastAPI endpoint awaits an httpx call and p99 went from 80 ms to 900 ms under "
        "200 concurrent users. How do I find where the time goes?"
    )
    assert reply.units
    assert not [u for u in reply.units if u.startswith("stdlib.")]
