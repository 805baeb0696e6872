"""Fakes for bench/load.py: the test fakes plus timing hooks (LLM time per turn, reply done)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections import defaultdict
from dataclasses import replace
from typing import Any

from aiohttp import web

from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeOpenAI, Step
from tests.fakes.slack_server import FakeSlack

MARKER = re.compile(r"LQ(\d+)-(\d+)")
"""`LQ<thread>-<turn>` in every question: matches LLM requests and replies to a turn."""
DONE_TEXT = "No scaffold this time"
"""Only in the rendered final reply (the empty scaffold note), never in the streamed draft."""

Key = tuple[int, int]


SECTION_END = re.compile(r"([.?`])(?=\n\n\*\*|\Z)")
"""The end of each non-empty section body (not the empty scaffold)."""


def unique_draft(text: str, marker: str) -> str:
    """The draft with `marker` in every section: real drafts differ from turn to turn.

    The same text every turn would let the per-text caches (language, leak scan) answer
    from memory, which no real LLM allows.
    """
    return SECTION_END.sub(lambda m: f" (ticket {marker}){m.group(1)}", text)


class TimedLLM(FakeOpenAI):
    """The fake OpenAI server, timing each request (arrival to end of stream) per marker.

    Each reply carries the question's marker in every section (`unique_draft`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.llm_s: dict[Key, float] = defaultdict(float)
        self.llm_calls: dict[Key, int] = defaultdict(int)

    @staticmethod
    def _key(body: Any) -> Key | None:
        """The (thread, turn) marker of the request's question (its last message), if any."""
        messages = body.get("messages") if isinstance(body, dict) else None
        last = messages[-1] if isinstance(messages, list) and messages else None
        found = MARKER.findall(str(last.get("content", ""))) if isinstance(last, dict) else []
        return (int(found[-1][0]), int(found[-1][1])) if found else None

    def _next(self, body: dict[str, Any]) -> Step:
        step = super()._next(body)
        key = self._key(body)
        if key is None or not step.text:
            return step
        return replace(step, text=unique_draft(step.text, "LQ{}-{}".format(*key)))

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        started = time.monotonic()
        key = None
        with contextlib.suppress(json.JSONDecodeError):
            key = self._key(await request.json())  # aiohttp caches the body for super()
        try:
            return await super()._completions(request)
        finally:
            if key is not None:
                with self._lock:
                    self.llm_s[key] += time.monotonic() - started
                    self.llm_calls[key] += 1


class _Waiters:
    """Futures per (thread, turn), resolved with the monotonic time the reply was complete."""

    def __init__(self) -> None:
        self.done: dict[Key, float] = {}
        self._futures: dict[Key, asyncio.Future[float]] = {}
        self._complete: dict[int, set[str]] = defaultdict(set)

    def wait(self, key: Key) -> asyncio.Future[float]:
        fut = self._futures.get(key)
        if fut is None:
            fut = asyncio.get_running_loop().create_future()
            self._futures[key] = fut
            if key in self.done:
                fut.set_result(self.done[key])
        return fut

    def completed(self) -> dict[int, int]:
        """Complete replies shown per thread (more than the turns asked: a duplicate)."""
        return {thread: len(ids) for thread, ids in self._complete.items()}

    def saw(self, thread: int, message_id: str, text: str) -> int:
        """A bot message in `thread` now reads `text`; a new complete reply ends a turn.

        Returns the number of the turn it completed (0: none).
        """
        if DONE_TEXT not in text or message_id in self._complete[thread]:
            return 0
        self._complete[thread].add(message_id)
        key = (thread, len(self._complete[thread]))
        now = time.monotonic()
        self.done.setdefault(key, now)
        fut = self._futures.get(key)
        if fut is not None and not fut.done():
            fut.set_result(now)
        return key[1]


class LoadSlack(FakeSlack):
    """Fake Slack; channel `CL<n>` holds thread n (its root post and the replies under it)."""

    def __init__(self) -> None:
        super().__init__()
        self.waiters = _Waiters()
        self.roots: dict[int, asyncio.Future[str]] = {}

    @staticmethod
    def _thread(channel: str) -> int | None:
        return int(channel[2:]) if channel.startswith("CL") else None

    def root(self, thread: int) -> asyncio.Future[str]:
        """The ts of the post under which thread n's first answer showed (the learner replies
        there: a question posted twice after a crash has its answer under one of them)."""
        return self.roots.setdefault(thread, asyncio.get_running_loop().create_future())

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        body = super()._m_chat_postMessage(args)
        self._seen(str(args.get("channel", "")), body)
        return body

    def _m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        body = super()._m_chat_update(args)
        self._seen(str(args.get("channel", "")), body)
        return body

    def _seen(self, channel: str, body: dict[str, Any]) -> None:
        thread = self._thread(channel)
        if thread is None or not body.get("ok"):
            return
        message = self.messages[(channel, str(body["ts"]))]
        if "thread_ts" not in message:
            return
        if self.waiters.saw(thread, str(body["ts"]), str(message.get("text", ""))) == 1:
            root = self.root(thread)
            if not root.done():
                root.set_result(str(message["thread_ts"]))


class LoadDiscord(FakeDiscord):
    """Fake Discord; a thread's name carries `LQ<n>-1`, which maps its channel to thread n."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.waiters = _Waiters()
        self.thread_of: dict[int, int] = {}
        self.channel_of: dict[int, asyncio.Future[int]] = {}

    def channel(self, thread: int) -> asyncio.Future[int]:
        """The Discord thread channel where thread n's first answer showed (the learner
        continues there: an ask replayed or asked again may have opened a second one)."""
        return self.channel_of.setdefault(thread, asyncio.get_running_loop().create_future())

    async def _new_thread(
        self, parent: int, body: dict[str, Any], call: Any, tid: int | None = None
    ) -> web.Response:
        response = await super()._new_thread(parent, body, call, tid)
        created = int(call.body["_created"])
        found = MARKER.search(str(body.get("name", "")))
        if found:
            self.thread_of[created] = int(found.group(1))
        return response

    async def _channels(
        self, method: str, p: list[str], body: dict[str, Any], call: Any
    ) -> web.StreamResponse:
        response = await super()._channels(method, p, body, call)
        cid = int(p[1])
        thread = self.thread_of.get(cid)
        if thread is not None and len(p) >= 3 and p[2] == "messages" and response.status < 300:
            raw = getattr(response, "body", b"")
            try:
                message = json.loads(raw) if raw else None
            except (TypeError, ValueError):
                message = None
            if isinstance(message, dict) and "id" in message:
                content = str(message.get("content") or "")
                if self.waiters.saw(thread, str(message["id"]), content) == 1:
                    fut = self.channel(thread)
                    if not fut.done():
                        fut.set_result(cid)
        return response
