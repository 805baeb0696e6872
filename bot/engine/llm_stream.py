"""The LLM reply's server-sent events, read with one parser pass per network read.

The SDK's `AsyncStream` reads each event through four generator layers (byte lines, one
decode per line, a `ServerSentEvent` per event, then the event's JSON) and checks every chunk
with its `is_mapping` helpers: with 16-character chunks the SDK's stream iteration was ~20% of
main's event loop, the transport's reads included (docs/scaling.md, sixth pass; this reader
spared ~1% of a turn: the reads, not the layers, are most of it). `ChunkStream` is the SDK's documented extension
point (the `stream_cls` of a request): the real client still sends the request, maps HTTP
statuses to its errors and owns the response; only the reading of the body is ours, and it
keeps the SDK's contract to the letter:
- lines end at LF, CR or CRLF (a CRLF split over two reads is one end); each line is decoded
  as UTF-8 on its own (an invalid one fails where the SDK's would);
- an event is dispatched at a blank line when it has an event name, data, an id or a retry;
  `data:` lines are joined by newlines, `:` lines are comments, a `retry` that is no integer is ignored;
- `[DONE]` ends the stream (an HTTP/1.1 body is drained for reuse);
- an event's data is parsed as JSON (empty data too: malformed, as in the SDK); a JSON object
  with an `error` raises the SDK's `APIError` with its message;
- the Assistants' `thread.*` events become `{"data": ..., "event": ...}`, unchecked;
- the transport's timeouts and request errors become `APITimeoutError` and
  `APIConnectionError` (the errors the engine classifies), the response is closed at the end.
"""

from __future__ import annotations

import contextlib
import json
import ssl
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx2
import openai

_DONE = "[DONE]"


class _Event:
    """One event's fields while its lines arrive (the SDK's SSEDecoder state)."""

    __slots__ = ("data", "event", "id", "retry")

    def __init__(self) -> None:
        self.event: str | None = None
        self.data: list[str] = []
        self.id: str | None = None
        self.retry: int | None = None


class ChunkStream(openai.AsyncStream[object]):
    """`AsyncStream[object]` whose `batches()` yield each network read's chunks as JSON.

    Iterated as an `AsyncStream` it is the SDK's own stream (the other stream modes use it).
    """

    async def batches(self) -> AsyncIterator[list[object]]:
        """The decoded JSON chunks, one list per network read (empty lists are skipped)."""
        if not (self._options is None or self._options.stream_mode == "legacy"):
            async for item in self:  # another stream mode: the SDK's own reading
                yield [item]
            return
        response = self.response
        state = _Event()
        pending = b""
        try:
            async for read in response.aiter_bytes():
                data = pending + read if pending else read
                held = data.endswith(b"\r")  # its LF may come with the next read
                if held:
                    data = data[:-1]
                if b"\r" in data:
                    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
                lines = data.split(b"\n")
                pending = lines.pop() + b"\r" if held else lines.pop()
                if not lines:
                    continue
                chunk = _NOTHING
                out: list[object] = []
                try:
                    for line in lines:
                        if line[:6] == b"data: ":  # most lines: one more line of data
                            state.data.append(line.decode("utf-8")[6:])
                            continue
                        chunk = _line(line.decode("utf-8"), state)
                        if chunk is _END:
                            break
                        if chunk is not _NOTHING:
                            out.append(_checked(chunk, response))
                except Exception:
                    if out:  # the chunks before a bad one reach the caller, as in the SDK
                        yield out
                    raise
                if out:
                    yield out
                if chunk is _END:
                    await self._done()
                    return
            # The body ended: a line ended by a last CR is complete (the SDK ends it at the
            # CR); an unended one is still decoded, as the SDK's `finish` does, never dispatched.
            if pending.endswith(b"\r"):
                chunk = _line(pending[:-1].decode("utf-8"), state)
                if chunk is not _NOTHING and chunk is not _END:
                    yield [_checked(chunk, response)]
            elif pending:
                _line(pending.decode("utf-8"), state)
        except _TIMEOUTS as err:  # the transport's errors, as the SDK maps them
            raise openai.APITimeoutError(request=response.request) from err
        except _REQUEST_ERRORS as err:
            raise openai.APIConnectionError(request=response.request) from err
        finally:
            await response.aclose()

    async def _done(self) -> None:
        """`[DONE]`: HTTP/1.1 needs the rest of the body read for the connection's reuse."""
        if self.response.http_version == "HTTP/1.1":
            await _drain(self.response)


_NOTHING: Any = object()
_END: Any = object()


def _line(line: str, state: _Event) -> Any:
    """One decoded line: a finished event's parsed data, _END at [DONE], else _NOTHING."""
    if not line:
        if not state.event and not state.data and not state.id and state.retry is None:
            return _NOTHING
        event, data = state.event, "\n".join(state.data)
        state.event, state.data, state.retry = None, [], None  # the id stays (SSE spec)
        if data.startswith(_DONE):
            return _END
        parsed = json.loads(data)
        if event and event.startswith("thread."):
            return _ThreadEvent(event, parsed)
        return parsed
    if line.startswith(":"):
        return _NOTHING
    name, _, value = line.partition(":")
    if value.startswith(" "):
        value = value[1:]
    if name == "data":
        state.data.append(value)
    elif name == "event":
        state.event = value
    elif name == "id":
        if "\0" not in value:
            state.id = value
    elif name == "retry":
        with contextlib.suppress(TypeError, ValueError):
            state.retry = int(value)
    return _NOTHING


class _ThreadEvent:
    """An Assistants `thread.*` event (the SDK wraps its data with its name)."""

    __slots__ = ("data", "event")

    def __init__(self, event: str, data: object) -> None:
        self.event = event
        self.data = data


def _checked(chunk: object, response: httpx2.Response) -> object:
    """The chunk as the SDK's legacy stream yields it, or its APIError for an error object."""
    if isinstance(chunk, dict):
        if chunk.get("error"):
            _raise_error(chunk, response)
        return chunk
    if isinstance(chunk, _ThreadEvent):  # never checked for an error (the SDK's own rule)
        return {"data": chunk.data, "event": chunk.event}
    _raise_error(chunk, response)
    return chunk


def _raise_error(data: object, response: httpx2.Response) -> None:
    if not isinstance(data, dict) or not data.get("error"):
        return
    error = data["error"]
    message = error.get("message") if isinstance(error, dict) else None
    if not message or not isinstance(message, str):
        message = "An error occurred during streaming"
    raise openai.APIError(message=message, request=response.request, body=error)


_TIMEOUTS = (httpx2.TimeoutException,)
_REQUEST_ERRORS = (httpx2.RequestError, ssl.SSLError, anyio.EndOfStream)


async def _drain(response: httpx2.Response) -> None:
    """The SDK's own drain after `[DONE]` (bounded, errors ignored, response closed)."""
    from openai._streaming_cleanup import drain_response_async  # noqa: PLC0415

    await drain_response_async(response)
