"""A library the learner rules out is not their stack, and no step proposes it.

"I can't add asyncpg" once put asyncpg in "In your stack (...)" and a step read
`asyncpg.create_pool(...)`; "without Redis? We have PostgreSQL only" got a Redis Lua bucket.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor import constraints
from bot.mentor.models import MentorRequest


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rate-limit a Flask API across 3 hosts without Redis? We have PostgreSQL only.", "redis"),
        ("Must stay on Python 3.10 and I can't add asyncpg. What should I check?", "asyncpg"),
        ("Meu DataFrame leva 48 s; preciso acelerar sem trocar para Spark.", "spark"),
        ("Ich brauche ein Rate-Limit ohne Redis, nur mit PostgreSQL.", "redis"),
        ("Nie możemy dodać Celery, wszystko musi działać w jednym procesie.", "celery"),
        ("Redis なしでレート制限を実装したいです。", "redis"),
        ("Redis 없이 레이트 리밋을 구현하고 싶어요.", "redis"),
        ("我们不能用 Celery，只能用标准库。", "celery"),
        ("Redis olmadan hız sınırı koymak istiyorum.", "redis"),
    ],
)
def test_a_ruled_out_library_is_found_in_every_word_order(text: str, name: str) -> None:
    assert name in constraints.excluded(text)


@pytest.mark.parametrize(
    "text",
    [
        "There are no errors from asyncio, but the loop is slow.",
        "I know Redis is fast, but our p99 is 40 ms.",
        "We moved from Celery to RQ without problems.",
    ],
)
def test_a_library_merely_named_near_a_negation_stays_in_the_stack(text: str) -> None:
    assert constraints.excluded(text) == ()


async def test_the_reply_keeps_the_library_out(app: App) -> None:
    """Offline, the reply names the constraint back and no hypothesis or step uses Redis."""
    reply = await app.mentor.handle(
        MentorRequest(
            platform="console",
            user="learner",
            text=(
                "How do I rate-limit a Flask API per API key at 100 requests/minute across 3 "
                "gunicorn hosts without Redis? We have PostgreSQL 15 only."
            ),
        )
    )
    assert "without redis" in reply.sections.context.lower()
    for section in (reply.sections.hypotheses, reply.sections.steps):
        assert "redis" not in section.lower().replace("without redis", ""), section


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Our company bans Celery; how do I run 5,000 jobs an hour from Flask?", "celery"),
        ("Tenemos prohibido usar pandas en este servicio, ¿cómo agrego 40 M de filas?", "pandas"),
        ("numpy ist bei uns nicht erlaubt. Wie rechne ich Distanzen in reinem Python?", "numpy"),
        ("公司禁止使用 Redis，怎么在 Django 里做限流？", "redis"),
        ("Redis é proibido aqui; como limito a taxa por cliente?", "redis"),
        ("Celery запрещён у нас, как запускать фоновые задачи?", "celery"),
    ],
)
def test_a_library_the_learner_may_not_use_is_ruled_out(text: str, name: str) -> None:
    """Prohibitions rule a library out like "without" does (review9 R25)."""
    assert name in constraints.excluded(text)


@pytest.mark.parametrize(
    "text",
    [
        "Нельзя ли ускорить pandas groupby на 40 млн строк?",
        "Non possiamo capire perché pandas è così lento.",
    ],
)
def test_a_question_with_a_negative_word_rules_nothing_out(text: str) -> None:
    assert constraints.excluded(text) == ()


async def test_units_about_a_ruled_out_library_are_not_offered(app: App) -> None:
    """A unit about Celery names it by its settings (`task_acks_late`), not its name: with
    Celery ruled out, no step of the reply is a Celery setting (review9 R25, zh)."""
    reply = await app.mentor.handle(
        MentorRequest(
            platform="console",
            user="learner",
            text="我们不能引入 Redis，也不能用 Celery。Django 里怎么做每天 10 万个定时任务？",
        )
    )
    for marker in ("acks_late", "prefetch_multiplier", "celery", ".chunks("):
        assert marker not in reply.sections.steps.lower(), reply.sections.steps


@pytest.mark.parametrize(
    "text",
    [
        "Como faço dependency injection no FastAPI para trocar o cliente do banco nos testes "
        "sem monkeypatch?",
        "Meu app no Django demora 3 s por página.",
        "It is slow no matter what, and I use asyncio.",
    ],
)
def test_a_short_cue_inside_a_clause_is_no_negation(text: str) -> None:
    """review10 T32: pt "no FastAPI" is "in FastAPI"; it made "sem fastapi" a held constraint."""
    assert constraints.excluded(text) == ()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("No Redis, no Celery: how do I queue jobs?", ("redis", "celery")),
        ("We want a job queue with no Redis please", ("redis",)),
    ],
)
def test_a_short_cue_opening_its_clause_still_rules_out(text: str, names: tuple[str, ...]) -> None:
    assert constraints.excluded(text) == names


async def test_hypotheses_are_never_empty_when_every_unit_breaks_a_constraint(app: App) -> None:
    """review10 T32: every hypothesis ruled out left section 2 with its heading only."""
    reply = await app.mentor.handle(
        MentorRequest(
            platform="console",
            user="learner",
            text="Without asyncio: my asyncio.gather over 10k aiohttp requests takes 40 s, "
            "how do I speed it up?",
        )
    )
    assert reply.sections.hypotheses.strip()
