"""First replies answer the learner's question, not the topic (review11 U1, U2, U6, U15, U27).

- What the learner already has in place ("I already wrapped it in lru_cache", "we already send
  with asyncio.gather", "I set pool_size=20, nothing changed") is their state: never the
  subject of the steps, which go on to the next mechanism.
- A library ruled out by a predicate ("numba and Cython are off the table", "Redis est exclu",
  "kommt nicht in Frage") is ruled out like one after "without", in 14 languages.
- A standard-library-only question, a moderation bot for one's own chat and payment reminders to
  one's own customers are answered on their subject.
- "Make it faster" with no number asks for the measurement first; `list(set(xs))` is told that
  a set keeps no order.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from bot.mentor import constraints
from bot.mentor.constraints import Held
from bot.mentor.engine_port import EngineReply
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.retrieval import UnitIndex
from bot.settings import DEFAULT_CONFIG_DIR
from tests.knowledge.offline_turn import answer


@functools.cache
def _catalog() -> Catalog:
    return Catalog.load(DEFAULT_CONFIG_DIR)


def reply(text: str, language: str, code: str | None = None) -> EngineReply:
    """The offline reply to a first question, its facts read as the service reads them."""
    seen = read_turn(
        text, code=code, report=None, memory=ThreadMemory(), language=language, catalog=_catalog()
    )
    fields: dict[str, Any] = {"facts": seen.facts, "findings": seen.findings}
    if code is not None:
        fields["code"] = code
    return answer(text, language, **fields)


def _advice(r: EngineReply) -> str:
    return f"{r.sections.hypotheses}\n{r.sections.steps}".lower()


# A library ruled out by a predicate after its name ------------------------------------------
@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "numba and Cython are off the table here: the cluster has no compiler.",
            {"numba", "cython"},
        ),
        ("Sem compilador no servidor, numba e Cython estão fora de questão.", {"numba", "cython"}),
        ("En el servidor numba y Cython están descartados, solo hay numpy.", {"numba", "cython"}),
        ("Chez nous Celery est exclu, tout passe par la base.", {"celery"}),
        ("Celery und RabbitMQ kommen nicht in Frage, nur PostgreSQL.", {"celery", "rabbitmq"}),
        ("Redis è escluso dall'architettura, abbiamo solo Postgres.", {"redis"}),
        ("Kafka valt af, we hebben alleen PostgreSQL.", {"kafka"}),
        ("Redis odpada, mamy tylko PostgreSQL.", {"redis"}),
        ("Redis söz konusu değil, sadece PostgreSQL var.", {"redis"}),
        ("Celery и RabbitMQ исключены, есть только Postgres.", {"celery", "rabbitmq"}),
        ("Kafka відпадає, є лише PostgreSQL.", {"kafka"}),
        ("Redis は選択肢にないので PostgreSQL だけです。", {"redis"}),
        ("numba 和 Cython 都用不了，只有 numpy。", {"numba", "cython"}),
        ("Redis는 사용할 수 없어서 PostgreSQL만 있습니다.", {"redis"}),
    ],
)
def test_a_name_ruled_out_by_a_predicate_is_ruled_out(text: str, names: set[str]) -> None:
    assert names <= set(constraints.excluded(text))


@pytest.mark.parametrize(
    ("plural", "names", "singular", "kept"),
    [
        (
            "numba and Cython are off the table for us.",
            {"numba", "cython"},
            "We use Django and Celery is ruled out.",
            {"django"},
        ),
        (
            "Celery y RabbitMQ quedan descartados.",
            {"celery", "rabbitmq"},
            "Usamos Flask y Redis no es opción para la caché.",
            {"flask"},
        ),
    ],
)
def test_and_joins_names_only_before_a_plural_predicate(
    plural: str, names: set[str], singular: str, kept: set[str]
) -> None:
    assert names <= set(constraints.excluded(plural))
    assert not kept & set(constraints.excluded(singular))


def test_ruled_out_compilers_are_no_step_and_numpy_is_used() -> None:
    r = reply(
        "My Monte Carlo pricer in pure Python needs 9 minutes for 30 million paths. Numba and "
        "Cython are off the table (no compiler on the cluster); numpy is all I have. How do I "
        "speed it up?",
        "en",
    )
    advice = _advice(r)
    assert "numba" not in advice, advice
    assert "cython" not in advice, advice
    assert not any(u.startswith("ffi.") for u in r.units), r.units


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Notre API Flask tourne sur trois instances et chaque client a droit à 120 requêtes "
            "par minute. Redis est exclu et aucun nouveau service n'est permis. Comment faire ?",
            "fr",
        ),
        (
            "Unsere FastAPI läuft auf vier Pods, jeder Kunde darf 100 Anfragen pro Minute "
            "stellen. Redis kommt nicht in Frage. Wie setze ich das Rate Limiting um?",
            "de",
        ),
    ],
)
def test_a_rate_limit_without_redis_is_answered_without_redis(text: str, language: str) -> None:
    r = reply(text, language)
    advice = _advice(r)
    assert "redis" not in advice, advice
    assert "on conflict" in advice or "hash $http_x_api_key" in advice, advice


# What the learner already has in place -----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "I already wrapped load_row() in functools.lru_cache. What is next?",
            "functools.lru_cache",
        ),
        ("We already fan out with asyncio.gather and it still takes 3 s.", "asyncio.gather"),
        ("I raised pool_size=40 and nothing changed at all.", "pool_size"),
        ("Już mam functools.cache na tej funkcji, a to wciąż 30% czasu.", "functools.cache"),
    ],
)
def test_already_in_place_is_read_as_tried(text: str, name: str) -> None:
    assert name in constraints.tried(text)


def test_a_tried_dotted_api_is_repeated_by_its_short_name() -> None:
    held = Held(tried=("functools.lru_cache",))
    assert held.repeats("Add `@lru_cache(maxsize=1024)` and print `cache_info()`.")
    assert not held.repeats("Parse with `datetime.fromisoformat`.")


def test_a_cache_already_in_place_is_not_the_subject_of_the_reply() -> None:
    r = reply(
        "I already put functools.lru_cache on to_date(); the 4 million timestamps are nearly all "
        "different and to_date() is still 35% of the profile. What else can I do?",
        "en",
    )
    assert not any("lru-cache" in u or "unbounded-cache" in u for u in r.units), r.units
    assert "lru_cache(maxsize" not in r.sections.steps, r.sections.steps


# Standard library only, own community, own customers ---------------------------------------
OWN_CASES = [
    pytest.param(
        "dataclass 인스턴스 30만 개를 json으로 저장하는데 dataclasses.asdict 때문에 8초나 "
        "걸립니다. 사내 규정상 서드파티 패키지는 못 씁니다. 표준 라이브러리만으로 줄일 수 "
        "있을까요?",
        "ko",
        "stdlib.dataclass-json",
        ("default=",),
        ("msgspec", "orjson"),
        id="stdlib-only-ko",
    ),
    pytest.param(
        "Turning 80k dataclasses into JSON via dataclasses.asdict costs 3 s. We may only use "
        "the standard library. Any faster way?",
        "en",
        "stdlib.dataclass-json",
        ("default=",),
        ("msgspec", "orjson"),
        id="stdlib-only-en",
    ),
    pytest.param(
        "Я модерую нашу власну Telegram-групу. Як написати бота, який мʼютить тих, хто шле "
        "понад 6 посилань за хвилину?",
        "uk",
        "webapi.chat-flood-window",
        ("deque",),
        (),
        id="own-community-moderation-uk",
    ),
    pytest.param(
        "I run our own Discord server. How can a bot mute members who post more than 10 "
        "links per minute?",
        "en",
        "webapi.chat-flood-window",
        ("deque",),
        (),
        id="own-community-moderation-en",
    ),
    pytest.param(
        "I sell handmade furniture. How do I write a Python job that sends my own customers "
        "a reminder when an invoice is overdue, with an unsubscribe link?",
        "en",
        "distributed.customer-reminders",
        ("List-Unsubscribe", "reminders_sent"),
        (),
        id="own-customers-reminders-en",
    ),
]
"""(question, language, the unit it is about, words its steps hold, words they must not)."""


@pytest.mark.parametrize(("text", "language", "unit", "holds", "lacks"), OWN_CASES)
def test_the_learners_own_case_gets_its_own_steps(
    text: str, language: str, unit: str, holds: tuple[str, ...], lacks: tuple[str, ...]
) -> None:
    """Standard library only gets stdlib steps; a bot for one's own community a sliding window
    per user; reminders to one's own customers idempotency and an unsubscribe link."""
    r = reply(text, language)
    assert unit in r.units, r.units
    steps = r.sections.steps
    for word in holds:
        assert word in steps, steps
    for word in lacks:
        assert word not in steps, steps


# Outcome only; a set that lost the order ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "marker"),
    [
        ("My Python program is really slow. How can I speed it up?", "en", "perf_counter"),
        ("Mon script utilise beaucoup trop de mémoire, comment réduire ça ?", "fr", "tracemalloc"),
        ("Mein Programm ist zu langsam. Wie mache ich es schneller?", "de", "perf_counter"),
        ("我的程序太慢了，怎么让它更快？", "zh", "perf_counter"),
    ],
)
def test_an_unmeasured_question_asks_for_the_measurement_first(
    text: str, language: str, marker: str
) -> None:
    context = reply(text, language).sections.context
    first = next(line for line in context.splitlines() if line.startswith("- "))
    assert marker in first, context
    # with the number given, the measurement is not asked for again
    measured = reply(f"{text} 14 s / 2 GB.", language).sections.context
    assert "tracemalloc.get_traced_memory" not in measured, measured


def test_a_set_is_said_to_lose_the_order() -> None:
    code = "def uniq(xs):\n    return list(set(xs))\n\nprint(uniq([8, 3, 8, 1, 3]))\n"
    r = reply("Does this keep the original order of the items?", "en", code=code)
    assert "dict.fromkeys" in r.sections.hypotheses, r.sections.hypotheses


def test_the_fit_table_is_built_on_the_first_question() -> None:
    """Start-up does not pay for the fit check's table; the first question does, once."""
    index = UnitIndex.load(DEFAULT_CONFIG_DIR / "knowledge")
    assert "_spread" not in vars(index._fit)
    units = [u for u, _ in index.search("pytest slow on CI", "en")]
    index.fitting("pytest slow on CI", "en", units)
    assert "_spread" in vars(index._fit)
