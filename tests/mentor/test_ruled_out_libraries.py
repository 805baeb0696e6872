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
