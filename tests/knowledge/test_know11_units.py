"""Questions on situations the base had no unit for are answered from the unit written for them.

The subjects come from review10 (T5, T32, T35, T37) and the dev sets' misses; each question
here is worded apart from the unit's own terms and from those sets (other numbers, names and
phrasing), in another language, so a unit that only matched its own vocabulary fails.
"""

from __future__ import annotations

import pytest

from tests.knowledge.offline_turn import answer


@pytest.mark.parametrize(
    ("language", "question", "unit"),
    [
        (
            "en",
            "My memoised-looking Catalan number function is pure recursion: c(n) sums c(i)*c(n-1-i)"
            " and c(19) already takes 40 seconds. Why does it explode?",
            "profiling.exponential-recursion",
        ),
        (
            "tr",
            "Basamak sayısını hesaplayan özyinelemeli fonksiyonum kendini iki kez çağırıyor ve "
            "n=35 için dakikalar sürüyor. Neden bu kadar yavaş?",
            "profiling.exponential-recursion",
        ),
        (
            "pt",
            "Nos testes do FastAPI quero trocar a dependência get_current_user por um usuário "
            "fixo sem monkeypatch. Como faço isso com o TestClient?",
            "testing.fastapi-dependency-overrides",
        ),
        (
            "en",
            "The Django admin list of Invoices shows the client's company name in list_display "
            "and each page issues 101 SQL queries; the table has 9 million rows.",
            "orm.django-admin-changelist",
        ),
        (
            "de",
            "Unsere 2.500 Tests laufen auf dem Laptop in 4 Minuten, im GitLab-Runner aber 31 "
            "Minuten. Wie finde ich heraus, was dort die Zeit kostet?",
            "testing.ci-slower-than-local",
        ),
        (
            "ru",
            "Читаю лог на 60 ГБ построчно в текстовом режиме, профиль показывает, что 65% времени "
            "уходит на decode, а wc -l справляется за минуту. Что делать?",
            "stdlib.decode-bound-reading",
        ),
        (
            "pt",
            "Toda vez que fazemos deploy os consumidores Kafka param e a vazão cai por uns 5 "
            "minutos depois do rebalanceamento. Como reduzir essa parada?",
            "networking.kafka-rebalance-cost",
        ),
        (
            "es",
            "Sumamos líneas de factura con Decimal y el total sale con un céntimo de diferencia "
            "frente al ERP. ¿Redondeo por línea o al final, y con qué modo?",
            "numerics.decimal-money-rounding",
        ),
        (
            "nl",
            "We sturen elke minuut een dataframe van 3 GB van een Python-service naar een "
            "Java-service als JSON en dat serialiseren duurt langer dan de berekening.",
            "data.arrow-ipc-exchange",
        ),
        (
            "ja",
            "Ray で 50 万枚の画像を分類していますが、タスクごとに 400MB のモデルを読み込んでいて"
            "クラスタが遅いです。",
            "distributed.ray-actor-model-inference",
        ),
        (
            "fr",
            "Notre monorepo a 22 paquets Python avec chacun son requirements.txt et l'installation"
            " en CI prend 9 minutes. Un seul lockfile uv est-il possible ?",
            "packaging.uv-workspace-monorepo",
        ),
        (
            "pl",
            "W aplikacji Django trzymam cache w zwykłym słowniku współdzielonym przez 16 wątków "
            "i czasem leci KeyError, chociaż sprawdzam `if key in cache`.",
            "asyncio.check-then-act-cache",
        ),
        (
            "it",
            "Una migrazione Django aggiunge una colonna con default a una tabella PostgreSQL di "
            "120 milioni di righe e blocca tutto per 20 minuti.",
            "databases.add-column-default",
        ),
        (
            "ko",
            "dataclass에 slots=True를 켰더니 pickle.dumps로 객체 200만 개를 직렬화하는 시간이 "
            "두 배가 됐어요. 왜 그런가요?",
            "internals.slots-pickle-cost",
        ),
        (
            "uk",
            "Виклики httpx до платіжного API в Kubernetes дають ConnectTimeout, а з ноутбука все "
            "працює. Де шукати?",
            "networking.connect-timeout-one-environment",
        ),
        (
            "en",
            "Twice a week one of our Celery workers just stops: no log line for 40 minutes, the "
            "queue grows, and restarting the pod fixes it. How do I see what it is stuck on?",
            "distributed.celery-hung-worker",
        ),
        (
            "de",
            "Statt die Tabelle jede Sekunde abzufragen, wollen wir neue Bestellungen per "
            "PostgreSQL NOTIFY an unsere Python-Worker schicken. Was geht dabei verloren?",
            "databases.listen-notify",
        ),
        (
            "es",
            "Cada vez que rotamos la contraseña de Postgres en el gestor de secretos, los pods de "
            "Django fallan con errores de autenticación hasta que los reiniciamos.",
            "security.secret-rotation",
        ),
        (
            "ja",
            "C で書いた高速化モジュールがあり、import に失敗すると純 Python 版に切り替わります。"
            "PyPI には py3-none-any の wheel しかなく、ユーザーが遅い方を使っているようです。",
            "packaging.optional-c-accelerator",
        ),
        (
            "fr",
            "Avec SQLAlchemy 2 et asyncio.gather sur la même AsyncSession, j'obtiens "
            "IllegalStateChangeError par intermittence. Que faut-il changer ?",
            "orm.async-session-per-task",
        ),
        (
            "it",
            "Il mio decoratore di retry è annotato con Callable[..., Any] e mypy --strict non "
            "controlla più gli argomenti delle funzioni decorate. Come lo tipizzo?",
            "tooling.typing-paramspec-decorators",
        ),
        (
            "ko",
            "paho-mqtt로 센서 8천 대의 메시지를 받는데 on_message에서 DB에 바로 쓰다 보니 "
            "처리가 밀리고 메시지가 빠집니다.",
            "networking.mqtt-ingest",
        ),
        (
            "nl",
            "Onze async generator die rijen uit asyncpg streamt wordt met break verlaten en na een "
            "uur is de pool leeg; het finally-blok lijkt niet te draaien.",
            "asyncio.async-generator-cleanup",
        ),
        (
            "pt",
            "Meu endpoint FastAPI manda eventos SSE a cada segundo, mas atrás do nginx o navegador "
            "recebe tudo de uma vez só no fim. Como resolver?",
            "webapi.sse-streaming",
        ),
        (
            "ru",
            "Отправляю 300 задач в ThreadPoolExecutor через submit, часть из них падает, но в "
            "логах ничего нет и результаты просто пропадают.",
            "asyncio.executor-lost-exceptions",
        ),
    ],
)
def test_question_reaches_the_unit_written_for_its_situation(
    language: str, question: str, unit: str
) -> None:
    """The reply is composed from the unit about the situation, in the learner's language."""
    assert unit in answer(question, language).units
