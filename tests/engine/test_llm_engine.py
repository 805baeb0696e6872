"""The LLM engine on the real openai client against the loopback fake server."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.engine.breaker import BreakerState
from bot.errors import EngineError
from bot.mentor.engine_port import EngineRequest
from bot.mentor.i18n import Catalog
from bot.mentor.models import Role
from tests.engine.conftest import make_engine
from tests.fakes.openai_server import (
    DRAFT_BODIES,
    FakeOpenAI,
    Step,
    compose,
    drop,
    error,
    malformed,
    raw,
    reply,
)

REQUEST = EngineRequest(question="Why is my loop slow?", language="en", role=Role.MENTOR)


def good_draft(catalog: Catalog, lang: str = "en") -> str:
    return compose(list(catalog.headings(lang).values()), DRAFT_BODIES[lang])


class Clock:
    """A manual monotonic clock for the breaker."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Sleeps:
    """Records backoff waits instead of sleeping them (keeps the suite fast)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


async def test_stream_deltas_arrive_in_order_before_the_stream_ends(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """Deltas reach the caller one by one, in order, while the server is still sending."""
    text = good_draft(catalog)
    fake_openai.push(reply(text, chunk_chars=40, chunk_delay_s=0.01))
    engine = make_engine(fake_openai, catalog)
    deltas: list[str] = []
    finished_at_first: list[int] = []

    async def on_delta(delta: str) -> None:
        if not deltas:
            finished_at_first.append(fake_openai.finished)
        deltas.append(delta)

    result = await engine.reply(REQUEST, on_delta)
    await engine.aclose()
    assert len(deltas) > 5
    assert "".join(deltas) == text
    assert finished_at_first == [0]
    assert result.raw == text
    assert result.sections.missing() == []
    assert result.sections.context.startswith("- How large")


async def test_non_streaming_reply_is_parsed_into_sections(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """With stream=false the whole completion arrives once and still parses."""
    fake_openai.push(reply(good_draft(catalog, "de")))
    engine = make_engine(fake_openai, catalog, stream=False)
    deltas: list[str] = []

    async def on_delta(delta: str) -> None:
        deltas.append(delta)

    result = await engine.reply(REQUEST, on_delta)
    await engine.aclose()
    assert len(deltas) == 1
    assert fake_openai.requests[0].get("stream") in (None, False)
    assert "Schleife" in result.sections.hypotheses


async def test_rate_limit_retry_waits_at_least_retry_after(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """A 429 is retried after the server's Retry-After, not sooner."""
    fake_openai.push(error(429, retry_after=0.7), reply(good_draft(catalog)))
    sleeps = Sleeps()
    engine = make_engine(fake_openai, catalog, sleep=sleeps, deadline_s=5.0)
    result = await engine.reply(REQUEST)
    await engine.aclose()
    assert result.sections.missing() == []
    assert len(fake_openai.requests) == 2
    assert sleeps.waits
    assert sleeps.waits[0] >= 0.7
    assert engine.metrics.llm_calls.labels("rate_limited")._value.get() == 1
    assert engine.metrics.llm_calls.labels("ok")._value.get() == 1


@pytest.mark.parametrize(
    ("failure", "stream", "outcome"),
    [
        (error(500), True, "server_error"),
        (error(503), False, "server_error"),
        (drop(), True, "connection_error"),
        (drop(), False, "connection_error"),
        (drop(text="**1. Context", after_chunks=1, chunk_chars=4), True, "connection_error"),
        (malformed(text="partial text here", after_chunks=1), True, "malformed"),
        (malformed(), False, "malformed"),
    ],
    ids=["500", "503-whole", "drop", "drop-whole", "drop-mid-stream", "bad-sse", "bad-json"],
)
async def test_transient_failure_is_retried_then_succeeds(
    fake_openai: FakeOpenAI, catalog: Catalog, failure: Step, stream: bool, outcome: str
) -> None:
    """5xx, dropped connections and malformed JSON are retried; the learner gets the reply."""
    text = good_draft(catalog)
    fake_openai.push(failure, reply(text))
    sleeps = Sleeps()
    engine = make_engine(fake_openai, catalog, sleep=sleeps, stream=stream)
    result = await engine.reply(REQUEST)
    await engine.aclose()
    assert result.raw == text
    assert len(fake_openai.requests) == 2
    assert len(sleeps.waits) == 1
    assert engine.metrics.llm_calls.labels(outcome)._value.get() >= 1


async def test_partial_stream_then_retry_restarts_the_text(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """Deltas of a dropped attempt are voided (the sink's restart) before the retry streams."""
    text = good_draft(catalog)
    fake_openai.push(drop(text="garbage that will be voided", after_chunks=2, chunk_chars=5))
    fake_openai.push(reply(text))

    class Sink:
        def __init__(self) -> None:
            self.seen: list[str] = []

        async def __call__(self, delta: str) -> None:
            self.seen.append(delta)

        async def restart(self) -> None:
            self.seen.clear()

    sink = Sink()

    engine = make_engine(fake_openai, catalog, sleep=Sleeps())
    await engine.reply(REQUEST, sink)
    await engine.aclose()
    assert "".join(sink.seen) == text


async def test_retries_exhausted_raise_engine_error(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """After max_retries + 1 failed attempts the engine gives up with EngineError."""
    fake_openai.push(error(500), error(502), error(500), reply("never reached"))
    engine = make_engine(fake_openai, catalog, sleep=Sleeps(), max_retries=2)
    with pytest.raises(EngineError):
        await engine.reply(REQUEST)
    await engine.aclose()
    assert len(fake_openai.requests) == 3


@pytest.mark.parametrize("status", [400, 401, 404])
async def test_client_errors_are_not_retried(
    fake_openai: FakeOpenAI, catalog: Catalog, status: int
) -> None:
    """A request the server rejects (4xx other than 429) fails at once."""
    fake_openai.push(error(status), reply("unused"))
    engine = make_engine(fake_openai, catalog, sleep=Sleeps())
    with pytest.raises(EngineError):
        await engine.reply(REQUEST)
    await engine.aclose()
    assert len(fake_openai.requests) == 1


async def test_slow_server_hits_the_deadline(fake_openai: FakeOpenAI, catalog: Catalog) -> None:
    """A server slower than the per-call timeout fails at the overall deadline, retries left.

    Four attempts of 0.2 s each do not fit in 0.5 s: the deadline, not the retry count, ends
    the wait (read from the attempts made, not from a clock that busy cores stretch).
    """
    fake_openai.reset(default=reply("late", delay_s=3.0))
    engine = make_engine(fake_openai, catalog, timeout_s=0.2, deadline_s=0.5, max_retries=3)
    with pytest.raises(EngineError):
        await engine.reply(REQUEST)
    await engine.aclose()
    assert len(fake_openai.requests) < 1 + 3


async def test_breaker_opens_after_repeated_failures_and_skips_the_server(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """After N failed replies the breaker opens: no request leaves until it half-opens."""
    fake_openai.reset(default=error(500))
    clock = Clock()
    engine = make_engine(
        fake_openai, catalog, clock=clock, sleep=Sleeps(), max_retries=0, breaker_failures=2
    )
    for _ in range(2):
        with pytest.raises(EngineError):
            await engine.reply(REQUEST)
    assert engine.breaker.state is BreakerState.OPEN
    sent = len(fake_openai.requests)
    with pytest.raises(EngineError, match="circuit breaker is open"):
        await engine.reply(REQUEST)
    assert len(fake_openai.requests) == sent
    assert engine.metrics.llm_calls.labels("breaker_open")._value.get() == 1
    fake_openai.reset(default=reply("ok"))
    await engine.aclose()


async def test_breaker_half_open_trial_success_closes_it(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """After the pause one trial call goes out; success closes the breaker."""
    clock = Clock()
    engine = make_engine(
        fake_openai, catalog, clock=clock, sleep=Sleeps(), max_retries=0, breaker_failures=1
    )
    fake_openai.push(error(500))
    with pytest.raises(EngineError):
        await engine.reply(REQUEST)
    assert engine.breaker.state is BreakerState.OPEN
    clock.now += 5.1
    assert engine.breaker.state is BreakerState.HALF_OPEN
    fake_openai.push(reply(good_draft(catalog)))
    await engine.reply(REQUEST)
    assert engine.breaker.state is BreakerState.CLOSED
    await engine.aclose()


async def test_breaker_half_open_trial_failure_reopens_it(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """A failed trial call opens the breaker again for another pause."""
    clock = Clock()
    engine = make_engine(
        fake_openai, catalog, clock=clock, sleep=Sleeps(), max_retries=0, breaker_failures=1
    )
    fake_openai.push(error(500), error(500))
    with pytest.raises(EngineError):
        await engine.reply(REQUEST)
    clock.now += 5.1
    with pytest.raises(EngineError, match="HTTP 500"):
        await engine.reply(REQUEST)
    assert engine.breaker.state is BreakerState.OPEN
    with pytest.raises(EngineError, match="circuit breaker is open"):
        await engine.reply(REQUEST)
    assert len(fake_openai.requests) == 2
    await engine.aclose()


@pytest.mark.parametrize(("stream_usage", "reported"), [(True, 321), (False, None)])
async def test_token_use_is_reported_or_estimated(
    fake_openai: FakeOpenAI, catalog: Catalog, stream_usage: bool, reported: int | None
) -> None:
    """Usage from the server when asked for, else an estimate from the characters."""
    fake_openai.push(reply(good_draft(catalog), usage_tokens=321))
    engine = make_engine(fake_openai, catalog, stream_usage=stream_usage)
    result = await engine.reply(REQUEST)
    await engine.aclose()
    if reported is None:
        assert "stream_options" not in fake_openai.requests[0]
        assert result.tokens > 100
    else:
        assert result.tokens == reported


async def test_empty_completion_is_a_failure(fake_openai: FakeOpenAI, catalog: Catalog) -> None:
    """An empty reply is retried and, if it stays empty, reported as an engine failure."""
    fake_openai.reset(default=reply(""))
    engine = make_engine(fake_openai, catalog, sleep=Sleeps(), max_retries=1)
    with pytest.raises(EngineError):
        await engine.reply(REQUEST)
    assert len(fake_openai.requests) == 2
    fake_openai.reset(default=reply("ok"))
    await engine.aclose()


async def test_request_carries_model_and_local_server_needs_no_key(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """The configured model is sent; no API key is needed for a local server."""
    fake_openai.push(reply(good_draft(catalog)))
    engine = make_engine(fake_openai, catalog)
    await engine.reply(REQUEST)
    await engine.aclose()
    body = fake_openai.requests[0]
    assert body["model"] == "fake-model"
    assert body["stream"] is True
    assert body["messages"][0]["role"] == "system"


async def test_any_servers_stream_quirks_still_make_the_reply(
    fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """Null content, chunks without choices, extra fields, usage last (llama.cpp, Ollama, vLLM)."""
    text = good_draft(catalog)
    half = len(text) // 2
    fake_openai.push(
        raw(
            json.dumps({"choices": [{"delta": {"role": "assistant", "content": None}}]}),
            json.dumps({"choices": [{"index": 0, "delta": {"content": text[:half]}}], "x": 1}),
            json.dumps({"object": "chat.completion.chunk"}),
            json.dumps({"choices": [{"delta": {"content": text[half:]}, "finish_reason": None}]}),
            json.dumps({"choices": [{"delta": {}, "finish_reason": "stop"}]}),
            json.dumps({"choices": [], "usage": {"total_tokens": 777}}),
        )
    )
    engine = make_engine(fake_openai, catalog)
    deltas: list[str] = []

    async def on_delta(delta: str) -> None:
        deltas.append(delta)

    result = await engine.reply(REQUEST, on_delta)
    await engine.aclose()
    assert deltas == [text[:half], text[half:]]
    assert (result.raw, result.tokens) == (text, 777)


@pytest.mark.parametrize(
    ("event", "outcome"),
    [("[1, 2]", "malformed"), ('{"error": {"message": "overloaded"}}', "server_error")],
)
async def test_odd_or_error_chunk_is_retried(
    fake_openai: FakeOpenAI, catalog: Catalog, event: str, outcome: str
) -> None:
    """A chunk that is not an object, or an error event mid-stream: retried, then answered."""
    text = good_draft(catalog)
    fake_openai.push(raw(event), reply(text))
    engine = make_engine(fake_openai, catalog, sleep=Sleeps())
    result = await engine.reply(REQUEST)
    await engine.aclose()
    assert result.raw == text
    assert len(fake_openai.requests) == 2
    assert engine.metrics.llm_calls.labels(outcome)._value.get() == 1


async def test_unreachable_server_is_a_connection_error_not_a_timeout(catalog: Catalog) -> None:
    """Nothing listening: retried as a connection error (not a timeout), then EngineError."""
    with FakeOpenAI() as gone:
        pass  # started and stopped: its port now refuses connections
    engine = make_engine(gone, catalog, sleep=Sleeps())
    with pytest.raises(EngineError):
        await engine.reply(REQUEST)
    await engine.aclose()
    attempts = engine.settings.max_retries + 1
    assert engine.metrics.llm_calls.labels("connection_error")._value.get() == attempts
    assert engine.metrics.llm_calls.labels("timeout")._value.get() == 0
