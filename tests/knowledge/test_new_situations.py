"""Situations advanced groups ask about are answered from the unit written for them."""

from __future__ import annotations

import pytest

from tests.knowledge.offline_turn import answer


@pytest.mark.parametrize(
    ("language", "question", "unit"),
    [
        (
            "ru",
            "Наш фреймворк регистрирует плагины через метакласс, и mypy не понимает "
            "сгенерированные поля. Чем заменить метакласс?",
            "tooling.metaclass-alternatives",
        ),
        (
            "ja",
            "ThreadPoolExecutorで共有の辞書にカウンタを加算していると、合計が毎回ずれます。"
            "GILがあるのに競合状態になるのですか？",
            "asyncio.thread-race",
        ),
        (
            "nl",
            "Zijn subinterpreters met InterpreterPoolExecutor sneller dan multiprocessing "
            "voor onze CPU-zware parser, en welke C-extensies werken daar?",
            "asyncio.subinterpreters",
        ),
        (
            "zh",
            "我们的库在 pyproject 里把依赖写死成 ==，用户安装时总是依赖冲突。"
            "作为库，版本范围应该怎么声明？",
            "packaging.dependency-ranges",
        ),
        (
            "en",
            "After switching our pipeline to float32 the daily revenue sum is off in the fourth "
            "digit. How do I keep the speed without the accumulation error?",
            "profiling.float32-accumulation",
        ),
        (
            "de",
            "Unsere Client-Bibliothek erzeugt im Konstruktor eine Session und die Nutzer vergessen "
            "close(); in den Tests erscheinen ResourceWarnings. Wie gestalte ich die Lebensdauer?",
            "packaging.resource-lifetime",
        ),
        (
            "it",
            "Teniamo ogni connessione in un dizionario di classe come registro e gli oggetti non "
            "vengono mai liberati: la memoria cresce. WeakValueDictionary è la soluzione?",
            "profiling.weakref-registry",
        ),
        (
            "pt",
            "Nosso agendador em asyncio usa time.time() para rodar a cada 5 minutos e depois de "
            "um ajuste do NTP o job rodou duas vezes. Como evito isso?",
            "asyncio.monotonic-clock",
        ),
        (
            "es",
            "Mi función devuelve str o bytes según un parámetro y mypy obliga a hacer cast en "
            "todas partes. ¿Uso @overload con Literal?",
            "tooling.typing-overload",
        ),
        (
            "fr",
            "Quand on relance notre DAG Airflow pour un backfill, les lignes sont en double "
            "parce que la tâche calcule la date avec datetime.now(). Comment rendre ça propre ?",
            "data.incremental-backfill",
        ),
        (
            "pl",
            "Nasze publiczne API dla partnerów zwraca 429 bez Retry-After i każdy błąd ma inny "
            "format. Jak zaprojektować kontrakt, na którym klienci mogą polegać?",
            "distributed.public-api-contract",
        ),
        (
            "tr",
            "py-spy profili numpy içindeki C eklentisinde bitiyor; hangi C fonksiyonunda zaman "
            "geçtiğini görmek için perf ve -X perf nasıl kullanılır?",
            "profiling.native-frames",
        ),
        (
            "uk",
            "Наші асинхронні тести чекають реальні таймаути й повтори, набір іде 4 хвилини, а "
            "скасування ми взагалі не тестуємо. Як підмінити час у тестах?",
            "testing.async-virtual-time",
        ),
        (
            "en",
            "Our service prints every log line twice, once as JSON and once plain; we call "
            "basicConfig in two modules. How should logging be configured?",
            "observability.logging-config",
        ),
        (
            "es",
            "La RSS de cada worker de gunicorn sube de 300 MB a 1,5 GB en un día, pero "
            "tracemalloc no muestra crecimiento. ¿Es fragmentación de memoria?",
            "profiling.rss-fragmentation",
        ),
        (
            "it",
            "mypy dice che list[int] non è compatibile con list[float] nella mia funzione che "
            "legge soltanto i valori. Perché, se int è un sottotipo di float?",
            "tooling.typing-variance",
        ),
        (
            "de",
            "Ein Airflow-Task gibt per XCom ein DataFrame mit 500 MB an den nächsten Task weiter "
            "und die Metadaten-Datenbank wächst. Wie übergebe ich große Daten?",
            "data.task-handoff",
        ),
    ],
)
def test_situation_without_a_general_topic_reply_gets_its_own_unit(
    language: str, question: str, unit: str
) -> None:
    """A question about a specific situation is answered from the unit written for it."""
    assert unit in answer(question, language).units
