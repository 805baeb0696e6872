"""Questions about situations the base had no unit for are answered from the unit written for them.

Each question is worded apart from the unit's terms (other numbers, libraries and phrasing)
and asked in a different language, so a unit that only matched its own vocabulary fails here.
"""

from __future__ import annotations

import pytest

from tests.knowledge.offline_turn import answer


@pytest.mark.parametrize(
    ("language", "question", "unit"),
    [
        (
            "en",
            "A bank export is semicolon-separated with quoted memo fields that contain line "
            "breaks. csv.reader splits some records in two and I get blank lines on Windows.",
            "stdlib.csv-dialects",
        ),
        (
            "fr",
            "Je trie des noms de villes avec accents et sorted() met Évry après Zurich. Avec "
            "setlocale j'obtiens unsupported locale setting dans Docker. Comment trier ?",
            "stdlib.locale-collation",
        ),
        (
            "de",
            "Ich wende eine Tariffunktion mit vier Stufen per np.vectorize auf 20 Millionen "
            "Werte an, das dauert so lange wie eine normale Schleife. Warum?",
            "numerics.vectorize-is-a-loop",
        ),
        (
            "es",
            "Mi servidor de chat usa select.select() y al pasar de mil conexiones lanza "
            "ValueError: filedescriptor out of range in select(). ¿Qué uso en su lugar?",
            "networking.select-fd-limit",
        ),
        (
            "it",
            "Abbiamo 4 partizioni Kafka e 10 consumer nello stesso gruppo, 6 non ricevono nulla "
            "e il lag cresce. Ogni messaggio fa un upsert singolo su Postgres.",
            "networking.kafka-partitions-cap-consumers",
        ),
        (
            "pt",
            "Temos FastAPI chamando dois serviços e enfileirando jobs no RQ, e o trace id some "
            "no worker. Como ligar tudo num trace só?",
            "observability.trace-across-job-queue",
        ),
        (
            "uk",
            "Поставив @functools.cache на метод класу Invoice, і тепер об'єкти Invoice ніколи "
            "не звільняються, пам'ять росте з кожним пакетом.",
            "profiling.lru-cache-on-methods",
        ),
        (
            "ja",
            "Celeryで数秒のタスクと30分かかる動画変換タスクが同じキューに入っていて、"
            "短いタスクが何十分も待たされます。",
            "distributed.celery-long-task-queue",
        ),
        (
            "zh",
            "支付回调偶尔会被第三方重发，我们的服务就给用户加了两次余额。怎样保证只处理一次？",
            "distributed.duplicate-webhook-events",
        ),
        (
            "ko",
            "CLI를 zipapp으로 .pyz 하나로 묶었는데 orjson 임포트에서 ImportError가 납니다. "
            "파일 하나로 배포하려면 어떻게 해야 하나요?",
            "packaging.zipapp-native-extensions",
        ),
        (
            "nl",
            "Mijn dubbele lus in Cython over een numpy-matrix is maar 1,2x sneller dan Python "
            "en cython -a kleurt bijna alles geel.",
            "ffi.cython-typed-loop-indices",
        ),
        (
            "en",
            "Our nightly billing job runs at 02:15 Europe/Berlin. In March it never ran and in "
            "October customers were billed twice; next_run is a naive datetime.",
            "stdlib.local-time-schedules-dst",
        ),
    ],
)
def test_question_reaches_the_unit_written_for_its_situation(
    language: str, question: str, unit: str
) -> None:
    """The reply is composed from the unit about the situation, in the learner's language."""
    assert unit in answer(question, language).units
