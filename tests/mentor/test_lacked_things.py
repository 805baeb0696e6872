"""What the learner lacks or may not run is never the subject of a first reply (review12 V1).

"there is no GPU", "ops won't run Redis", "no internet on the build box", "Alpine is forbidden":
the thing is held as ruled out ('avoid:gpu'), no step or unit needs it, and the units are found
by the rest of the question. A negation that is not about the name ("no errors in Redis") rules
nothing out. Every wording here is new (none is in the lexicons or the benches).
"""

from __future__ import annotations

import functools

import pytest

from bot.mentor.constraints import NO_DEPS, excluded, stated
from bot.mentor.engine_port import EngineReply
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.settings import DEFAULT_CONFIG_DIR
from tests.knowledge.offline_turn import answer


@functools.cache
def _catalog() -> Catalog:
    return Catalog.load(DEFAULT_CONFIG_DIR)


def first_reply(text: str, language: str) -> EngineReply:
    """The offline reply to a first question, read as the service reads it."""
    seen = read_turn(
        text, code=None, report=None, memory=ThreadMemory(), language=language, catalog=_catalog()
    )
    return answer(text, language, facts=seen.facts)


def advice(reply: EngineReply) -> str:
    return f"{reply.sections.hypotheses}\n{reply.sections.steps}".lower()


NO_GPU = [
    (
        "en",
        "Our render box has no GPU at all, just 16 CPU cores. Resizing 2 million JPEGs with "
        "Pillow takes 6 hours. How do I cut that down?",
    ),
    (
        "pt",
        "Não temos GPU no servidor, só 8 núcleos. Converter 300 mil fotos com Pillow leva 4 "
        "horas. Como acelerar isso?",
    ),
    (
        "de",
        "Wir haben keine GPU, nur 12 Kerne. Das Verkleinern von 800.000 Bildern mit Pillow "
        "dauert 5 Stunden. Wie geht das schneller?",
    ),
    (
        "ru",
        "У нас нет GPU, только 8 ядер. Уменьшение 400 тысяч картинок в Pillow занимает 3 часа. "
        "Как ускорить?",
    ),
    ("tr", "Sunucuda GPU yok, 8 çekirdek var. Pillow ile 500 bin resmi küçültmek 3 saat sürüyor."),
    ("ja", "GPUがないサーバーで、Pillow で 50 万枚の画像を縮小すると 4 時間かかります。"),
    ("zh", "服务器没有GPU，只有8个CPU核心。用 Pillow 缩放 60 万张图片要 5 小时，怎么加速？"),
    ("ko", "GPU가 없는 서버에서 Pillow로 이미지 70만 장을 줄이는 데 4시간 걸립니다."),
]


@pytest.mark.parametrize(("lang", "text"), NO_GPU)
def test_a_missing_gpu_is_ruled_out_and_no_step_needs_one(lang: str, text: str) -> None:
    assert "gpu" in excluded(text), text
    reply = first_reply(text, lang)
    said = advice(reply)
    assert "cuda" not in said, said
    assert "cupy" not in said, said
    assert not any(u.startswith("gpu.") for u in reply.units), reply.units


@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        (
            "en",
            "Our ops team won't run Redis or RabbitMQ. How can a Django app send 20,000 reminder "
            "emails every night without blocking web requests?",
            {"redis", "rabbitmq"},
        ),
        (
            "es",
            "El equipo de sistemas no quiere mantener Kafka. ¿Cómo repartimos 5 millones de "
            "eventos al día entre 4 servicios Python?",
            {"kafka"},
        ),
        (
            "ru",
            "Админы не будут поднимать Redis. Как кэшировать тяжёлые расчёты в FastAPI с 3 "
            "воркерами?",
            {"redis"},
        ),
    ],
)
def test_what_operators_will_not_run_is_never_proposed(
    lang: str, text: str, names: set[str]
) -> None:
    assert names <= set(excluded(text))
    said = advice(first_reply(text, lang))
    assert not any(name in said for name in names), said


@pytest.mark.parametrize(
    "text",
    [
        "The build machine has no internet, so we work offline. How do I speed up this parser?",
        "Não temos internet no cluster. Como acelero a leitura de 2 GB de CSV?",
        "En el clúster no hay internet. ¿Cómo acelero la lectura de 2 GB de CSV?",
        "Le serveur n'a pas d'internet. Comment accélérer la lecture de 2 Go de CSV ?",
        "Der Rechenknoten hat also kein Internet. Wie lese ich 2 GB CSV schneller?",
    ],
)
def test_no_internet_means_nothing_new_can_be_installed(text: str) -> None:
    assert "internet" in excluded(text)
    assert NO_DEPS in stated(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("pip install kommt hier leider nicht in Frage, nur die Standardbibliothek.", "pip"),
        (
            "Alpine is forbidden in our images (musl issues). How do I shrink a 1 GB image?",
            "alpine",
        ),
        ("Alpine'a geçmek bizde yasak. 900 MB'lık imajı nasıl küçültürüm?", "alpine"),
        ("Nie mamy GPU na tym serwerze.", "gpu"),
        ("Non c'è una GPU su questa macchina.", "gpu"),
        ("Немає GPU на цьому сервері, лише CPU.", "gpu"),
    ],
)
def test_a_thing_that_is_no_library_is_ruled_out_too(text: str, name: str) -> None:
    assert name in excluded(text)


@pytest.mark.parametrize(
    ("lacking", "other"),
    [
        ("Bizde Redis yok, sadece PostgreSQL var.", "Redis'te sorun yok ama sorgular 2 saniye."),
        ("No hay Redis en producción.", "No hay errores en Redis, pero la cola crece cada hora."),
        ("We don't have Redis in production.", "We don't have problems with Redis itself."),
        ("Нет Redis в проде, только Postgres.", "Нет ошибок в логах Redis, но очередь растёт."),
    ],
)
def test_a_negation_rules_out_only_the_name_it_touches(lacking: str, other: str) -> None:
    assert "redis" in excluded(lacking)
    assert "redis" not in excluded(other)
