"""The reply's event reader (bot/engine/llm_stream.py) reads any body as the SDK's own stream.

Same chunks, same order, the same error at the same place: compared with `openai.AsyncStream`
on random bodies (LF, CR and CRLF line ends, comments, ids, retries, several data lines, empty
events, `[DONE]`, error objects, invalid JSON and UTF-8) cut into random network reads.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator

import httpx2
import openai
import pytest

from bot.engine.llm_stream import ChunkStream

_CLIENT = openai.AsyncOpenAI(api_key="sk-test", base_url="http://127.0.0.1:9/v1")


def _event(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.55:
        text = rng.choice(["Hi", " wörld", "日本", "", "a\\nb", "\\u00e9"])
        return f"data: {json.dumps({'choices': [{'delta': {'content': text}}]})}\n"
    if kind < 0.62:
        return ": keep-alive\n"
    if kind < 0.67:
        return f"id: {rng.randint(1, 9)}\nretry: {rng.choice(['10', 'x'])}\n"
    if kind < 0.72:
        return 'data: {"usage": {"total_tokens": 7},\ndata: "choices": []}\n'
    if kind < 0.76:
        return 'event: thread.run\ndata: {"error": "not checked"}\n'
    if kind < 0.80:
        return 'data: {"error": {"message": "overloaded"}}\n'
    if kind < 0.83:
        return "data: [1, 2\n"
    if kind < 0.86:
        return "event: ping\n"
    if kind < 0.89:
        return "data:[DONE]\n"
    if kind < 0.91:
        return 'data: {"a": "\xff"}\n'
    return "data: null\n"


def _body(rng: random.Random) -> bytes:
    text = "".join(_event(rng) + "\n" for _ in range(rng.randint(0, 12)))
    if rng.random() < 0.3:
        text += rng.choice(["data: {}", "data: {}\n", "data: {}\n\r", ""])
    end = rng.choice(["\n", "\r", "\r\n"])
    raw = text.replace("\n", end).encode("utf-8")
    if rng.random() < 0.1:
        raw = raw.replace(b"\xc3\xbf", b"\xff")  # invalid UTF-8
    return raw


def _reads(rng: random.Random, body: bytes) -> list[bytes]:
    cuts = sorted(rng.sample(range(1, len(body)), min(len(body) - 1, rng.randint(0, 8))))
    return [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]


def _response(reads: list[bytes]) -> httpx2.Response:
    async def stream() -> AsyncIterator[bytes]:
        for read in reads:
            yield read

    return httpx2.Response(
        200, content=stream(), request=httpx2.Request("POST", "http://127.0.0.1:9/v1/chat")
    )


async def _sdk(reads: list[bytes]) -> tuple[list[object], str]:
    stream = openai.AsyncStream(cast_to=object, response=_response(reads), client=_CLIENT)
    got: list[object] = []
    try:
        async for chunk in stream:
            got.append(chunk)
    except Exception as exc:
        return got, f"{type(exc).__name__}: {exc}"
    return got, ""


async def _ours(reads: list[bytes]) -> tuple[list[object], str]:
    stream = ChunkStream(cast_to=object, response=_response(reads), client=_CLIENT)
    got: list[object] = []
    try:
        async for chunks in stream.batches():
            assert chunks, "an empty batch is never yielded"
            got.extend(chunks)
    except Exception as exc:
        return got, f"{type(exc).__name__}: {exc}"
    return got, ""


@pytest.mark.parametrize("seed", range(4))
def test_the_reader_gives_what_the_sdk_gives_on_any_body(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        body = _body(rng)
        reads = _reads(rng, body) if body else []
        assert asyncio.run(_ours(reads)) == asyncio.run(_sdk(reads)), body


def test_one_network_read_of_several_chunks_is_one_batch() -> None:
    body = b"".join(b'data: {"choices": [{"delta": {"content": "%d"}}]}\n\n' % n for n in range(5))

    async def batches() -> list[list[object]]:
        stream = ChunkStream(cast_to=object, response=_response([body]), client=_CLIENT)
        return [b async for b in stream.batches()]

    got = asyncio.run(batches())
    assert len(got) == 1
    assert len(got[0]) == 5
