"""Internals, DataFrames, ORMs, validation, web APIs: questions on them get their own units."""

from __future__ import annotations

import asyncio
import functools

import pytest

from bot.engine.offline import OfflineEngine
from bot.mentor.engine_port import EngineReply, EngineRequest
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import Role
from bot.mentor.understanding import extract
from bot.settings import DEFAULT_CONFIG_DIR


@functools.cache
def engine() -> OfflineEngine:
    return OfflineEngine(
        knowledge=KnowledgeBase.load(DEFAULT_CONFIG_DIR), catalog=Catalog.load(DEFAULT_CONFIG_DIR)
    )


def ask(question: str, language: str) -> EngineReply:
    """A first turn as the service sends it."""
    request = EngineRequest(
        question=question,
        language=language,
        role=Role.MENTOR,
        facts=extract(question),
        memory=ThreadMemory(),
    )
    return asyncio.run(engine().reply(request))


@pytest.mark.parametrize(
    ("language", "question", "unit"),
    [
        (
            "en",
            "We call gc.freeze() before gunicorn forks, yet each worker's Private_Dirty still "
            "grows while it only reads the big config dict. Do refcount writes copy the pages, "
            "and how do we keep the data shared?",
            "internals.gc-freeze-cow",
        ),
        (
            "pt",
            "Minha classe com __slots__ usa functools.cached_property e dá AttributeError; sem "
            "__slots__ funciona, mas o __get__ do meu descritor só roda uma vez. Por quê?",
            "internals.descriptor-lookup",
        ),
        (
            "de",
            "Nach dem Update auf pandas 2.2 kommt SettingWithCopyWarning, und "
            "df[df.preis > 10]['rabatt'] = 0.1 ändert den DataFrame gar nicht. Wie schreibe ich "
            "das richtig?",
            "dataframes.pandas-copy-on-write",
        ),
        (
            "pl",
            "Mamy wolną UDF w Pythonie w PySpark, która czyści numery telefonów w 200 mln "
            "wierszy; job trwa 2 godziny. Czy pandas_udf albo wbudowane funkcje Spark SQL "
            "pomogą?",
            "dataframes.spark-python-udf",
        ),
        (
            "ru",
            "Функция под jax.jit при каждом новом значении num_steps компилируется заново по "
            "40 секунд, внутри обычный цикл for. Как избежать перекомпиляции?",
            "dataframes.jax-recompilation",
        ),
        (
            "es",
            "Compartimos una Session de SQLAlchemy entre 16 hilos de un ThreadPoolExecutor y "
            "a veces falla el commit con InvalidRequestError. ¿Cómo se hace bien?",
            "orm.sqlalchemy-session-threads",
        ),
        (
            "tr",
            "Saniyede 5 bin JSON olayını Pydantic v2 ile doğruluyoruz: önce json.loads, sonra "
            "model_validate. Profilde CPU'nun çoğu orada. Nasıl hızlandırırız?",
            "validation.pydantic-throughput",
        ),
        (
            "ja",
            "Webhook の署名を `received == expected` で比べています。タイミング攻撃の指摘を"
            "受けました。hmac でどう直せばいいですか？",
            "validation.signature-compare",
        ),
        (
            "zh",
            "我们用 Python 从 40GB 的二进制文件里按随机位置读取固定长度记录，f.seek 加 f.read "
            "循环要 12 分钟，numpy.memmap 或 mmap 能快多少？",
            "internals.mmap-random-reads",
        ),
        (
            "nl",
            "Waarom geeft `a is b` True voor 256 maar False voor 1000 als ik de getallen inlees, "
            "terwijl `==` altijd True geeft? Is het veilig om getallen met is te vergelijken?",
            "internals.identity-vs-equality",
        ),
        (
            "it",
            "df.groupby('negozio').apply(lambda g: g.assign(quota=g.importo / g.importo.sum())) "
            "su 6 milioni di righe e 40.000 negozi impiega 3 minuti. Esiste un modo vettoriale?",
            "dataframes.groupby-transform",
        ),
        (
            "uk",
            "Нам треба змінити тип поля в публічному REST API, але старі версії мобільного "
            "застосунку працюватимуть ще рік. Як робити версіонування і повідомити про "
            "застаріле поле?",
            "webapi.versioning-evolution",
        ),
    ],
)
def test_question_on_a_new_topic_is_answered_from_its_unit(
    language: str, question: str, unit: str
) -> None:
    """A question on a situation the base had no unit for gets the unit written for it."""
    reply = ask(question, language)
    assert unit in reply.units
    assert reply.sections.steps.strip()


def test_library_in_a_topic_title_does_not_pull_its_units_into_other_questions() -> None:
    """Topic titles are indexed with every unit: a Django secrets question gets no ORM unit."""
    reply = ask(
        "Uno studente ha fatto commit della chiave AWS nel repository pubblico del progetto; "
        "come dovremmo gestire i segreti nel progetto Django (dev, CI, produzione)?",
        "it",
    )
    assert not [u for u in reply.units if u.startswith("orm.")]
