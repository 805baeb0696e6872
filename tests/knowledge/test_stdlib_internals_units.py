"""Subjects the base had no unit for are answered from their own unit, with its key API.

Before the stdlib topic and the newer internals units, these questions got the nearest units by
shared words (a pipe deadlock answered with asyncio queues, a DST bug with naive datetimes); the
later cases are review F5/F19's (musllinux, Hypothesis deadline, ransomware-like encryption and
a keylogger check on one's own Windows laptop, answered with phishing and Linux units before).
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
        (
            "en",
            "How do I detect a keylogger running on my own Windows laptop with Python (psutil)?",
            "security.windows-input-capture-audit",
            "autorunsc",
        ),
        (
            "de",
            "Wie kann ich Ransomware-Verhalten (viele Dateien schnell verschlüsselt und "
            "umbenannt) auf unseren eigenen Servern mit Python und watchdog erkennen?",
            "security.mass-encryption-detection",
            "on_moved",
        ),
        (
            "de",
            "Unser Wheel für manylinux2014 lädt auf Alpine nicht: symbol not found: "
            "__memcpy_chk. Brauche ich musllinux-Wheels und wie teste ich das in CI?",
            "packaging.musllinux-wheels",
            "musllinux",
        ),
        (
            "it",
            "Il mio test con Hypothesis impiega 95 secondi con max_examples=500 e a volte "
            "fallisce con Unreliable test timings. Come lo rendo deterministico in CI?",
            "testing.hypothesis-deadline-health",
            "derandomize=True",
        ),
        (
            "es",
            "Un RPC de streaming de servidor en grpcio exporta 2 millones de filas y con "
            "clientes lentos la memoria del servidor sube a 3 GB. ¿Cómo lo freno?",
            "networking.grpc-stream-backpressure",
            "context.write",
        ),
        (
            "ja",
            "推論サービスがユーザーのアップロードした joblib の .pkl モデルを読み込んでいます。"
            "何が危険で、どう置き換えればいいですか？",
            "security.model-file-loading",
            "skops",
        ),
        (
            "pt",
            "Meu handler de SIGTERM nunca roda no Docker e o container sai com 137 depois "
            "de 10 segundos; o Dockerfile usa CMD python app.py. Por quê?",
            "tooling.docker-pid1-signals",
            "tini",
        ),
        (
            "ko",
            "순수 파이썬 해시 함수를 ThreadPoolExecutor로 스레드 8개에 돌렸는데 1개일 때와 "
            "시간이 똑같습니다. 왜 그런가요?",
            "internals.gil-cpu-bound-threads",
            "ProcessPoolExecutor",
        ),
        (
            "zh",
            "只有 CPU 的服务器上用 PyTorch 跑 DistilBERT，单请求 180 ms，并发时 p99 超过 2 秒。"
            "不换 GPU 怎么提速？",
            "gpu.cpu-inference-onnx",
            "quantize_dynamic",
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
