"""The LLM engine: any OpenAI-compatible server through the official `openai` client.

One reply = one streamed chat completion, consumed incrementally (each delta goes to the
caller as it arrives). Resilience, all settings ([llm]): a per-call timeout, retries with
jittered exponential backoff on 429 (Retry-After honoured), 5xx, connection errors, timeouts
and malformed streams, an overall deadline, and a circuit breaker. Every failure surfaces as
EngineError so the service answers with the offline engine instead. The client's own retries
are off (max_retries=0): ours count, and the deadline covers them.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import cast

import aiohttp
import openai
import structlog
from openai.types.chat import ChatCompletionMessageParam
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_random_exponential,
)

from bot.community.current import TURN_MODEL
from bot.engine.breaker import BreakerState, CircuitBreaker
from bot.engine.llm_stream import ChunkStream
from bot.engine.prompt import Prompt, PromptBuilder
from bot.engine.settings import LLMSettings
from bot.errors import EngineError
from bot.mentor.engine_port import DeltaCallback, EngineReply, EngineRequest, restart_hook
from bot.mentor.sections import SectionParser
from bot.observability import Metrics
from bot.text.control_chars import visible_controls

log = structlog.get_logger()

CHARS_PER_TOKEN = 4
"""Token estimate when a server reports no usage (no tokenizer download)."""
PLACEHOLDER_KEY = "sk-no-key-needed"
"""Local servers (vLLM, Ollama, llama.cpp) need no key; the client insists on one."""


class _Retryable(Exception):
    """A failure worth another attempt; `retry_after` is the server's hint, when given."""

    def __init__(self, outcome: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.retry_after = retry_after


class _Fatal(Exception):
    """A failure another attempt will not fix (bad request, auth)."""

    def __init__(self, outcome: str, detail: str) -> None:
        super().__init__(detail)
        self.outcome = outcome


def parse_retry_after(headers: object) -> float | None:
    """Seconds from `retry-after-ms` or `retry-after` (seconds or HTTP date), else None."""
    get: Callable[[str], str | None] | None = getattr(headers, "get", None)
    if get is None:
        return None
    raw_ms = get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = get("retry-after")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw.strip() else None
        if parsed is None:
            return None
        value = parsed.timestamp() - time.time()
    return max(0.0, value) if math.isfinite(value) else None


def classify(exc: BaseException) -> _Retryable | _Fatal:
    """Map a client-library error to retry-or-not, with a metric label."""
    if isinstance(exc, openai.RateLimitError):
        return _Retryable("rate_limited", str(exc), parse_retry_after(exc.response.headers))
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code >= 500 or exc.status_code in (408, 409):
            return _Retryable("server_error", f"HTTP {exc.status_code}")
        return _Fatal("client_error", f"HTTP {exc.status_code}")
    dropped = _connection_failure(exc) if isinstance(exc, openai.APIConnectionError) else None
    if dropped is not None:
        return _Retryable("connection_error", str(dropped) or type(dropped).__name__)
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return _Retryable("timeout", "the call timed out")
    if isinstance(exc, openai.APIConnectionError):
        return _Retryable("connection_error", str(exc) or "connection error")
    if isinstance(exc, json.JSONDecodeError | openai.APIResponseValidationError | ValueError):
        return _Retryable("malformed", f"malformed response: {exc}")
    if isinstance(exc, openai.APIError):
        return _Retryable("server_error", str(exc))
    return _Fatal("client_error", f"{type(exc).__name__}: {exc}")


def _connection_failure(exc: BaseException) -> aiohttp.ClientConnectionError | None:
    """The transport's own connection error (refused, reset, closed), if not a timeout.

    The SDK's aiohttp transport reports some of them (a dropped connection) as a connect
    *timeout*; the aiohttp error underneath says what happened, and operators read these labels.
    """
    cause = exc.__cause__
    while cause is not None:
        if isinstance(cause, aiohttp.ClientConnectionError) and not isinstance(cause, TimeoutError):
            return cause
        cause = cause.__cause__
    return None


def _messages(prompt: Prompt) -> list[ChatCompletionMessageParam]:
    return cast("list[ChatCompletionMessageParam]", [dict(m) for m in prompt.messages])


def _chunk_fields(chunk: object) -> tuple[str, int | None]:
    """The text delta and total tokens of one streamed chunk (JSON as the server sent it).

    Servers differ (vLLM, Ollama, llama.cpp): missing or null fields are simply absent; a
    chunk that is not a JSON object is a malformed reply (retried like invalid JSON).
    """
    if not isinstance(chunk, dict):
        raise ValueError(f"stream chunk is not a JSON object: {str(chunk)[:80]!r}")
    text = []
    for choice in chunk.get("choices") or ():
        delta = choice.get("delta") if isinstance(choice, dict) else None
        content = delta.get("content") if isinstance(delta, dict) else None
        if isinstance(content, str):
            text.append(content)
    usage = chunk.get("usage")
    total = usage.get("total_tokens") if isinstance(usage, dict) else None
    return "".join(text), total if isinstance(total, int) else None


@dataclass(frozen=True, slots=True)
class _Completion:
    text: str
    tokens: int | None


class LLMEngine:
    """Replies from an OpenAI-compatible chat completions API."""

    name = "llm"

    def __init__(
        self,
        *,
        settings: LLMSettings,
        model: str,
        base_url: str | None,
        api_key: str | None,
        builder: PromptBuilder,
        headers: Mapping[str, str] | None = None,
        parser: SectionParser,
        metrics: Metrics,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.model = model
        self.builder = builder
        self.parser = parser
        self.metrics = metrics
        self.breaker = CircuitBreaker(
            failures=settings.breaker_failures, reset_s=settings.breaker_reset_s, clock=clock
        )
        self._sleep = sleep
        self._client = openai.AsyncOpenAI(
            api_key=api_key or PLACEHOLDER_KEY,
            base_url=base_url or None,
            default_headers=dict(headers or {}),
            timeout=settings.timeout_s,
            max_retries=0,
            # The SDK's aiohttp transport (its documented choice "for improved concurrency"):
            # the default httpx/anyio stack cost ~4x more CPU per streamed chunk (issue 8).
            http_client=openai.DefaultAioHttpClient(timeout=settings.timeout_s),
        )

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.close()

    def _wait(self, state: RetryCallState) -> float:
        jitter = wait_random_exponential(
            multiplier=self.settings.backoff_base_s, max=self.settings.backoff_max_s
        )(state)
        exc = state.outcome.exception() if state.outcome else None
        hint = exc.retry_after if isinstance(exc, _Retryable) else None
        return max(hint, jitter) if hint is not None else jitter

    async def reply(
        self,
        request: EngineRequest,
        on_delta: DeltaCallback | None = None,
    ) -> EngineReply:
        """Stream one completion, retrying within the deadline; raise EngineError on failure."""
        if not self.breaker.allow():
            self.metrics.llm_calls.labels("breaker_open").inc()
            self.metrics.llm_breaker.set(1)
            raise EngineError(
                f"the LLM circuit breaker is open (next try in {self.breaker.retry_in():.0f} s)"
            )
        prompt = self.builder.build(request)
        on_restart = restart_hook(on_delta)
        emitted = False

        first_token = True

        async def forward(delta: str) -> None:
            nonlocal emitted, first_token
            emitted = True
            if first_token:
                first_token = False
                self.metrics.llm_first_token.observe(time.monotonic() - started)
            if on_delta is not None:
                # terminal escapes shown, not run, in the preview too (per character: a
                # sequence split across deltas is still made visible; review13 W24)
                await on_delta(visible_controls(delta))

        started = time.monotonic()
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_retries + 1)
            | stop_before_delay(self.settings.deadline_s),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            async with asyncio.timeout(self.settings.deadline_s):
                async for attempt in retrying:
                    with attempt:
                        if emitted:
                            emitted = False
                            if on_restart is not None:
                                await on_restart()
                        completion = await self._attempt(prompt, forward)
        except (_Retryable, _Fatal, TimeoutError) as exc:
            self.breaker.failure()
            self._breaker_metric()
            reason = "the LLM deadline passed" if isinstance(exc, TimeoutError) else str(exc)
            self.metrics.llm_reply_seconds.labels("failed").observe(time.monotonic() - started)
            log.warning(
                "engine.llm_failed",
                reason=reason[:200],
                ms=round((time.monotonic() - started) * 1000),
                breaker=self.breaker.state.value,
            )
            raise EngineError(f"LLM reply failed: {reason}") from exc
        self.breaker.success()
        self._breaker_metric()
        self.metrics.llm_reply_seconds.labels("ok").observe(time.monotonic() - started)
        sections, _ = self.parser.parse(visible_controls(completion.text))
        tokens = completion.tokens
        if tokens is None:
            tokens = (prompt.chars + len(completion.text)) // CHARS_PER_TOKEN
        self.metrics.llm_tokens.inc(tokens)
        log.info(
            "engine.llm_replied",
            chars=len(completion.text),
            tokens=tokens,
            prompt_chars=prompt.chars,
            dropped_turns=prompt.dropped_turns,
            ms=round((time.monotonic() - started) * 1000),
        )
        return EngineReply(sections=sections, engine=self.name, raw=completion.text, tokens=tokens)

    def _breaker_metric(self) -> None:
        self.metrics.llm_breaker.set(1 if self.breaker.state is BreakerState.OPEN else 0)

    async def _attempt(
        self, prompt: Prompt, forward: Callable[[str], Awaitable[None]]
    ) -> _Completion:
        """One call under the per-call timeout; errors come out classified."""
        try:
            async with asyncio.timeout(self.settings.timeout_s):
                if self.settings.stream:
                    completion = await self._stream(prompt, forward)
                else:
                    completion = await self._whole(prompt, forward)
        except (_Retryable, _Fatal) as exc:
            self.metrics.llm_calls.labels(exc.outcome).inc()
            raise
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # library errors are mapped here, at the edge
            mapped = classify(exc)
            self.metrics.llm_calls.labels(mapped.outcome).inc()
            log.info("engine.llm_attempt_failed", outcome=mapped.outcome, detail=str(mapped)[:200])
            raise mapped from exc
        if not completion.text.strip():
            self.metrics.llm_calls.labels("empty").inc()
            raise _Retryable("empty", "the LLM returned an empty reply")
        self.metrics.llm_calls.labels("ok").inc()
        return completion

    async def _stream(
        self, prompt: Prompt, forward: Callable[[str], Awaitable[None]]
    ) -> _Completion:
        """Stream the reply through the client's generic request, chunks kept as JSON.

        `chat.completions.create(stream=True)` builds a pydantic model per chunk: ~0.3 ms of
        CPU each, which at token-sized chunks was most of a turn's CPU (issue 8). With
        `cast_to=object` the SDK still does the HTTP, statuses, timeouts and error mapping;
        `ChunkStream` (bot/engine/llm_stream.py) reads the events the SDK's way with fewer
        layers per chunk and hands us each chunk as decoded JSON; we read two fields.
        """
        parts: list[str] = []
        tokens: int | None = None
        body: dict[str, object] = {
            "model": TURN_MODEL.get() or self.model,
            "messages": _messages(prompt),
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_output_tokens,
            "stream": True,
        }
        if self.settings.stream_usage:
            body["stream_options"] = {"include_usage": True}
        stream = await self._client.post(
            "/chat/completions",
            body=body,
            cast_to=object,
            stream=True,
            stream_cls=ChunkStream,
        )
        async with stream:
            async for chunks in stream.batches():  # one list per network read (llm_stream)
                for chunk in chunks:
                    delta, used = _chunk_fields(chunk)
                    if used is not None:
                        tokens = used
                    if delta:
                        parts.append(delta)
                        await forward(delta)
        return _Completion("".join(parts), tokens)

    async def _whole(
        self, prompt: Prompt, forward: Callable[[str], Awaitable[None]]
    ) -> _Completion:
        completion = await self._client.chat.completions.create(
            model=TURN_MODEL.get() or self.model,
            messages=_messages(prompt),
            temperature=self.settings.temperature,
            max_tokens=self.settings.max_output_tokens,
        )
        text = completion.choices[0].message.content if completion.choices else None
        if text:
            await forward(text)
        tokens = completion.usage.total_tokens if completion.usage else None
        return _Completion(text or "", tokens)
