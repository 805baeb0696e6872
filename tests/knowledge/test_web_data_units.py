"""Web, ORM, validation, dataframe, numerics and database situations get the unit written for them.

Each question names a failure mode the base had no unit for before (FastAPI's thread pool, a
lazy load under AsyncSession, a pandas merge on duplicate keys, a migration lock, ...): the
reply must be composed from that unit and its steps must name the API that fixes it.
"""

from __future__ import annotations

import pytest

from tests.knowledge.offline_turn import answer


@pytest.mark.parametrize(
    ("language", "question", "unit", "api"),
    [
        (
            "en",
            "My FastAPI endpoint calls psycopg2 synchronously inside an async def; p99 went "
            "from 40 ms to 900 ms at 200 rps. I can't add asyncpg. What should I check first?",
            "webapi.fastapi-threadpool",
            "run_in_threadpool",
        ),
        (
            "de",
            "Ich lese in einem async FastAPI-Endpunkt user.orders und bekomme MissingGreenlet: "
            "greenlet_spawn has not been called. Wie lade ich das richtig?",
            "orm.async-lazy-loading",
            "selectinload",
        ),
        (
            "pt",
            "Depois de um merge entre pedidos (3 milhões de linhas) e clientes o DataFrame "
            "ficou com 60 milhões de linhas. Há chaves duplicadas? Como eu evito isso?",
            "dataframes.merge-row-explosion",
            "validate=",
        ),
        (
            "fr",
            "Notre migration Alembic ajoute un index sur une table de 200 millions de lignes et "
            "bloque toutes les écritures pendant 8 minutes. Comment éviter ce verrou ?",
            "databases.migration-lock-timeout",
            "postgresql_concurrently",
        ),
        (
            "es",
            "Postgres devuelve 'could not serialize access due to concurrent update' en el 3 % "
            "de las transacciones desde que usamos SERIALIZABLE. ¿Qué hago en Python?",
            "databases.serialization-failure-retry",
            "40001",
        ),
        (
            "ja",
            "pydantic v2 で Union に 20 個のモデルを入れたら検証が遅く、エラーも読めません。"
            "type フィールドはあります。どうすればいいですか？",
            "validation.pydantic-discriminated-union",
            "discriminator",
        ),
        (
            "ru",
            "scipy: матрица 500 000 x 100 000, почти одни нули, а .toarray() падает с "
            "MemoryError. Как хранить и умножать такую матрицу?",
            "numerics.scipy-sparse-formats",
            "tocsr",
        ),
    ],
)
def test_situation_gets_its_unit_and_its_api(
    language: str, question: str, unit: str, api: str
) -> None:
    """The reply is composed from the unit for the situation and a step names its fix."""
    reply = answer(question, language)
    assert unit in reply.units
    assert api in reply.sections.steps


def test_pandas_apply_question_is_not_answered_with_polars() -> None:
    """A learner who never named polars is not told to rewrite `map_elements` calls."""
    reply = answer(
        "My pandas DataFrame.apply with a lambda over 5 million rows takes 3 minutes. "
        "How do I make it faster?",
        "en",
    )
    assert "dataframes.polars-map-elements" not in reply.units
    assert reply.sections.steps.strip()
