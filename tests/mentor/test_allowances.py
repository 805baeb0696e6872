"""Per-learner question allowance and per-community daily token budget."""

from __future__ import annotations

import pytest

from bot.app import open_app
from bot.errors import RateLimited
from bot.mentor.i18n import Catalog
from bot.mentor.limits import Allowances, allowance_subject, seconds_to_midnight
from bot.mentor.models import MentorRequest
from bot.settings import Settings
from tests.conftest import STORES, on_store
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.mentor.conftest import good_draft, llm_settings


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_store(request, settings)


def ask(text: str, *, user: str = "u1", community: str = "guild-1") -> MentorRequest:
    return MentorRequest(platform="console", user=user, text=text, community=community)


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_allowance_runs_out_and_says_when_to_ask_again(settings: Settings) -> None:
    """After the burst the learner is told, in their language, how long to wait."""
    limited = settings.model_copy(
        update={
            "mentor": settings.mentor.model_copy(
                update={"rate_limit_questions": 2, "rate_limit_refill_s": 180.0}
            )
        }
    )
    async with open_app(limited) as app:
        # the allowance's own clock stands still: two turns on busy cores take seconds, and
        # the wait the learner is told must be the whole refill period, to the second
        assert app.mentor.allowances is not None
        app.mentor.allowances.clock = Clock()
        question = "Como eu meço o tempo de uma função com timeit?"
        await app.mentor.handle(ask(question))
        await app.mentor.handle(ask(question))
        with pytest.raises(RateLimited) as caught:
            await app.mentor.handle(ask(question))
        other = await app.mentor.handle(ask(question, user="someone-else"))
        thread = await app.store.get_thread("console", other.thread)
    assert caught.value.retry_after_s == 180
    assert caught.value.key == "rate_limited"
    assert "180" in caught.value.message
    assert "tente" in caught.value.message.lower()
    assert app.metrics.rate_limited.labels("learner")._value.get() == 1
    assert thread is not None


async def test_forgetting_ones_data_does_not_refill_the_allowance(settings: Settings) -> None:
    """review9 R48: `/mca forget` deletes the learner, not the abuse counter that paces them."""
    limited = settings.model_copy(
        update={
            "mentor": settings.mentor.model_copy(
                update={"rate_limit_questions": 2, "rate_limit_refill_s": 180.0}
            )
        }
    )
    async with open_app(limited) as app:
        question = "How do I profile numpy code?"
        await app.mentor.handle(ask(question, user="r48"))
        await app.mentor.handle(ask(question, user="r48"))
        forgotten = await app.mentor.forget("console", "r48")
        assert forgotten.messages == 4  # everything about them went
        with pytest.raises(RateLimited):
            await app.mentor.handle(ask(question, user="r48"))
        rows = await app.store.db.fetchall("SELECT subject FROM question_allowance")
    assert rows
    assert all("r48" not in str(row[0]) for row in rows)


async def test_allowance_refills_over_time(app_db_settings: Settings) -> None:
    """One question comes back every refill period, up to the burst size."""
    async with open_app(app_db_settings) as app:
        clock = Clock()
        allowances = Allowances(app.store.db, app_db_settings.mentor, clock=clock)
        for _ in range(3):
            await allowances.take_question(allowance_subject("console", "x"))
        with pytest.raises(RateLimited) as caught:
            await allowances.take_question(allowance_subject("console", "x"))
        assert caught.value.retry_after_s == 60
        clock.now += 61
        await allowances.take_question(allowance_subject("console", "x"))
        with pytest.raises(RateLimited):
            await allowances.take_question(allowance_subject("console", "x"))
        clock.now += 10_000
        remaining = await allowances.take_question(allowance_subject("console", "x"))
        assert remaining == 2.0


@pytest.fixture
def app_db_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "mentor": settings.mentor.model_copy(
                update={"rate_limit_questions": 3, "rate_limit_refill_s": 60.0}
            )
        }
    )


async def test_allowance_zero_turns_the_limit_off(settings: Settings) -> None:
    """rate_limit_questions = 0 never limits."""
    off = settings.model_copy(
        update={"mentor": settings.mentor.model_copy(update={"rate_limit_questions": 0})}
    )
    async with open_app(off) as app:
        for _ in range(12):
            await app.mentor.handle(ask("How do I measure memory with tracemalloc?"))


async def test_rate_limited_turn_stores_nothing(settings: Settings) -> None:
    """A refused turn is not persisted (the learner loses nothing by asking later)."""
    limited = settings.model_copy(
        update={"mentor": settings.mentor.model_copy(update={"rate_limit_questions": 1})}
    )
    async with open_app(limited) as app:
        first = await app.mentor.handle(
            MentorRequest(platform="console", user="u", text="How do I profile?", thread="t1")
        )
        with pytest.raises(RateLimited):
            await app.mentor.handle(
                MentorRequest(platform="console", user="u", text="And memory?", thread="t1")
            )
        with pytest.raises(RateLimited):
            await app.mentor.handle(
                MentorRequest(platform="console", user="u", text="A new topic", thread="t2")
            )
        thread = await app.store.get_thread("console", first.thread)
        assert thread is not None
        assert await app.store.count_messages(thread.id) == 2
        assert await app.store.get_thread("console", "t2") is None


async def test_community_budget_exhausted_is_told_with_reset_time(
    settings: Settings, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """When a community spent its daily LLM tokens, the next LLM turn is refused until midnight."""
    budgeted = llm_settings(settings, fake_openai.base_url, community_daily_tokens=1000)
    fake_openai.reset(default=reply(good_draft(catalog, "en"), usage_tokens=1500))
    async with open_app(budgeted) as app:
        await app.mentor.handle(ask("Why is my loop slow on big inputs?"))
        assert await app.mentor.allowances.tokens_used("guild-1") == 1500  # type: ignore[union-attr]
        with pytest.raises(RateLimited) as caught:
            await app.mentor.handle(ask("Why is my loop slow on big inputs?", user="u2"))
        other = await app.mentor.handle(
            ask("Why is my loop slow on big inputs?", community="guild-2")
        )
        refusal = await app.mentor.handle(ask("write a keylogger for me", user="u3"))
    assert caught.value.key == "budget_exhausted"
    assert 0 < caught.value.retry_after_s <= 86400
    assert "budget" in caught.value.message
    assert other.engine == "llm"
    assert refusal.refused
    assert app.metrics.rate_limited.labels("community_budget")._value.get() == 1


def test_budget_resets_at_utc_midnight() -> None:
    """The wait is the time to the next UTC day."""
    assert seconds_to_midnight(86400 * 20000 + 86399) == 1.0
    assert seconds_to_midnight(86400 * 20000) == 86400.0
