"""A loopback OpenAI-compatible server for tests and benches: POST /v1/chat/completions.

It runs aiohttp on 127.0.0.1 (ephemeral port) in a thread of its own, so one server serves any
event loop (pytest's per-test loops, a subprocess under test, a bench). Tests script what it
answers, in order; each request takes the next step (or `default` when the script is empty):

    server.push(reply("**1. Context questions**..."), error(429, retry_after=0.1), drop())

Steps: `reply` (SSE when the request streams, else one JSON body; optional delay before the
first byte and between chunks), `error` (any status, optional Retry-After), `drop` (close the
connection, optionally after some chunks), `malformed` (invalid JSON in the body or stream).
Every request body is recorded in `server.requests`.

The intent guard's classification calls (bot.mentor.intent.second_opinion) take their steps
from a script of their own (`push_safety`, default: a valid "not misuse" answer) and are
recorded in `server.safety_requests`, so they never consume a draft scripted for a turn.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.mentor.intent.second_opinion import is_classification

CHUNK_CHARS = 24
NOT_MISUSE = '{"misuse": false, "capability": "none", "target": "unknown"}'


@dataclass(frozen=True)
class Step:
    """One scripted answer."""

    kind: str = "reply"  # reply | error | drop | malformed | raw
    text: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    """Wait before the first byte."""
    chunk_delay_s: float = 0.0
    """Wait between streamed chunks."""
    chunk_chars: int = CHUNK_CHARS
    after_chunks: int = 0
    """For drop/malformed while streaming: good chunks sent first."""
    usage_tokens: int | None = None
    events: tuple[str, ...] = ()
    """For raw: the `data:` payloads streamed as they are (then [DONE])."""


def reply(text: str, **kw: Any) -> Step:
    """A successful completion with `text`."""
    return Step(kind="reply", text=text, **kw)


def error(status: int, *, retry_after: float | None = None, **kw: Any) -> Step:
    """An HTTP error in OpenAI's error shape; `retry_after` sets the Retry-After header."""
    headers = {"retry-after": f"{retry_after:g}"} if retry_after is not None else {}
    return Step(kind="error", status=status, headers=headers, **kw)


def drop(*, text: str = "", after_chunks: int = 0, **kw: Any) -> Step:
    """Close the connection (after `after_chunks` chunks of `text` when streaming)."""
    return Step(kind="drop", text=text, after_chunks=after_chunks, **kw)


def raw(*events: str) -> Step:
    """A stream of exactly these `data:` payloads (any server's quirks), then [DONE]."""
    return Step(kind="raw", events=events)


def malformed(*, text: str = "", after_chunks: int = 0) -> Step:
    """A body (or SSE event) that is not valid JSON."""
    return Step(kind="malformed", text=text, after_chunks=after_chunks)


def _chunk(model: str, created: int, delta: dict[str, Any], finish: str | None) -> bytes:
    payload = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(payload)}\n\n".encode()


class FakeOpenAI:
    """The server; `start()` returns the base URL to give the openai client (…/v1)."""

    def __init__(self, default: Step | None = None) -> None:
        self.default = default or reply("ok")
        self.requests: list[dict[str, Any]] = []
        self.finished = 0
        """Streams sent to the end (for asserting that deltas arrive before the end)."""
        self._script: deque[Step] = deque()
        self.safety_default = reply(NOT_MISUSE)
        self.safety_requests: list[dict[str, Any]] = []
        self._safety: deque[Step] = deque()
        self.basic_auth: str | None = None
        """`user:password` a reverse proxy in front of the server asks for (401 without it)."""
        self.authorizations: list[str] = []
        """The Authorization header of every completion request, in order."""
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # Scripting ---------------------------------------------------------------------------
    def push(self, *steps: Step) -> None:
        """Append answers to the script."""
        with self._lock:
            self._script.extend(steps)

    def push_safety(self, *steps: Step) -> None:
        """Append answers to the classification calls' own script."""
        with self._lock:
            self._safety.extend(steps)

    def reset(self, default: Step | None = None) -> None:
        """Forget the scripts and the recorded requests."""
        with self._lock:
            self._script.clear()
            self.requests.clear()
            self._safety.clear()
            self.safety_requests.clear()
            self.authorizations.clear()
            self.basic_auth = None
            self.finished = 0
            if default is not None:
                self.default = default

    def _next(self, body: dict[str, Any]) -> Step:
        if is_classification(body):
            with self._lock:
                self.safety_requests.append(body)
                return self._safety.popleft() if self._safety else self.safety_default
        with self._lock:
            self.requests.append(body)
            return self._script.popleft() if self._script else self.default

    @property
    def pending(self) -> int:
        """Scripted steps not used yet."""
        with self._lock:
            return len(self._script)

    @property
    def base_url(self) -> str:
        """The OpenAI base URL of this server."""
        return f"http://127.0.0.1:{self.port}/v1"

    # Lifecycle ---------------------------------------------------------------------------
    def start(self) -> str:
        """Serve in a background thread; returns the base URL."""
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            loop.run_until_complete(self._serve())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._shutdown())
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-openai", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake OpenAI server did not start")
        return self.base_url

    def close(self) -> None:
        """Stop serving."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop = None

    def __enter__(self) -> FakeOpenAI:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server: Any = site._server
        self.port = int(server.sockets[0].getsockname()[1])

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # The endpoint ------------------------------------------------------------------------
    async def _completions(self, request: web.Request) -> web.StreamResponse:
        authorization = request.headers.get("Authorization", "")
        with self._lock:
            self.authorizations.append(authorization)
        if self.basic_auth is not None and authorization != "Basic " + base64.b64encode(
            self.basic_auth.encode()
        ).decode("ascii"):
            return web.json_response({"error": {"message": "proxy auth required"}}, status=401)
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return web.json_response({"error": {"message": "bad json"}}, status=400)
        step = self._next(body)
        if step.delay_s:
            await asyncio.sleep(step.delay_s)
        model = str(body.get("model", "fake"))
        if step.kind == "error":
            payload = {"error": {"message": f"scripted {step.status}", "type": "fake"}}
            return web.json_response(payload, status=step.status, headers=step.headers)
        if body.get("stream"):
            return await self._stream(request, body, step, model)
        if step.kind == "drop":
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if step.kind == "malformed":
            return web.Response(body=b'{"id": "x", "choices": [', content_type="application/json")
        return web.json_response(self._completion(step, model, body))

    def _completion(self, step: Step, model: str, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": step.text},
                    "finish_reason": "stop",
                }
            ],
            "usage": self._usage(step, body),
        }

    @staticmethod
    def _usage(step: Step, body: dict[str, Any]) -> dict[str, int]:
        prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", [])) // 4
        completion = len(step.text) // 4
        total = step.usage_tokens if step.usage_tokens is not None else prompt + completion
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": total}

    async def _stream(
        self, request: web.Request, body: dict[str, Any], step: Step, model: str
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        created = int(time.time())
        if step.kind == "raw":
            for event in step.events:
                await response.write(f"data: {event}\n\n".encode())
            await response.write(b"data: [DONE]\n\n")
            await response.write_eof()
            return response
        size = max(1, step.chunk_chars)
        pieces = [step.text[i : i + size] for i in range(0, len(step.text), size)]
        await response.write(_chunk(model, created, {"role": "assistant", "content": ""}, None))
        for index, piece in enumerate(pieces):
            if step.kind in ("drop", "malformed") and index >= step.after_chunks:
                break
            if step.chunk_delay_s:
                await asyncio.sleep(step.chunk_delay_s)
            await response.write(_chunk(model, created, {"content": piece}, None))
        if step.kind == "drop":
            assert request.transport is not None
            request.transport.close()
            return response
        if step.kind == "malformed":
            await response.write(b'data: {"choices": [{"delta": {"content": "x"\n\n')
            await response.write(b"data: [DONE]\n\n")
            return response
        await response.write(_chunk(model, created, {}, "stop"))
        options = body.get("stream_options") or {}
        if options.get("include_usage"):
            usage = {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [],
                "usage": self._usage(step, body),
            }
            await response.write(f"data: {json.dumps(usage)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        with self._lock:
            self.finished += 1
        return response


def main() -> None:
    """Serve a fixed reply until interrupted: `python -m tests.fakes.openai_server`."""
    server = FakeOpenAI()
    print(server.start(), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()


# Scripted drafts ---------------------------------------------------------------------------
# Plausible mentor drafts per language (the 7 sections' bodies), for tests and benches that
# need a good draft, or a bad one made from a good one (wrong language, a missing section...).

DRAFT_BODIES: dict[str, tuple[str, ...]] = {
    "en": (
        "- How large is the input when the function gets slow, and how long does it take?\n"
        "- Which Python version and which machine do you measure on?",
        "- The nested loop makes the work grow with the square of the input: doubling the "
        "input should quadruple the time measured with `timeit`.",
        "1. Measure the baseline with `python -m timeit`.\n"
        "2. Profile with `python -m cProfile -s tottime script.py` and read the top lines.",
        "",
        "- algorithmic complexity\n- profiling with cProfile",
        "- Read the documentation of the profile module and compare two inputs.",
        "- What did the measurement show before and after your change?",
    ),
    "pt": (
        "- Qual é o tamanho da entrada quando a função fica lenta, e quanto tempo ela leva?\n"
        "- Em qual versão do Python e em qual máquina você mede?",
        "- O laço aninhado faz o trabalho crescer com o quadrado da entrada: dobrar a entrada "
        "deve quadruplicar o tempo medido com `timeit`.",
        "1. Meça a linha de base com `python -m timeit`.\n"
        "2. Perfile com `python -m cProfile -s tottime script.py` e leia as primeiras linhas.",
        "",
        "- complexidade algorítmica\n- perfilamento com cProfile",
        "- Leia a documentação do módulo profile e compare duas entradas diferentes.",
        "- O que a medição mostrou antes e depois da sua mudança?",
    ),
    "es": (
        "- ¿Qué tamaño tiene la entrada cuando la función se vuelve lenta, y cuánto tarda?\n"
        "- ¿En qué versión de Python y en qué máquina mides?",
        "- El bucle anidado hace que el trabajo crezca con el cuadrado de la entrada: duplicar "
        "la entrada debería cuadruplicar el tiempo medido con `timeit`.",
        "1. Mide la línea base con `python -m timeit`.\n"
        "2. Perfila con `python -m cProfile -s tottime script.py` y lee las primeras líneas.",
        "",
        "- complejidad algorítmica\n- perfilado con cProfile",
        "- Lee la documentación del módulo profile y compara dos entradas distintas.",
        "- ¿Qué mostró la medición antes y después de tu cambio?",
    ),
    "fr": (
        "- Quelle est la taille de l'entrée quand la fonction devient lente, et combien de "
        "temps prend-elle ?\n- Sur quelle version de Python et quelle machine mesures-tu ?",
        "- La boucle imbriquée fait croître le travail avec le carré de l'entrée : doubler "
        "l'entrée devrait quadrupler le temps mesuré avec `timeit`.",
        "1. Mesure la référence avec `python -m timeit`.\n"
        "2. Profile avec `python -m cProfile -s tottime script.py` et lis les premières lignes.",
        "",
        "- complexité algorithmique\n- profilage avec cProfile",
        "- Lis la documentation du module profile et compare deux entrées différentes.",
        "- Qu'a montré la mesure avant et après ton changement ?",
    ),
    "de": (
        "- Wie groß ist die Eingabe, wenn die Funktion langsam wird, und wie lange dauert sie?\n"
        "- Auf welcher Python-Version und welchem Rechner misst du?",
        "- Die verschachtelte Schleife lässt die Arbeit mit dem Quadrat der Eingabe wachsen: "
        "doppelte Eingabe sollte die mit `timeit` gemessene Zeit vervierfachen.",
        "1. Miss die Ausgangslage mit `python -m timeit`.\n"
        "2. Profiliere mit `python -m cProfile -s tottime script.py` und lies die ersten Zeilen.",
        "",
        "- algorithmische Komplexität\n- Profiling mit cProfile",
        "- Lies die Dokumentation des Moduls profile und vergleiche zwei verschiedene Eingaben.",
        "- Was hat die Messung vor und nach deiner Änderung gezeigt?",
    ),
    "it": (
        "- Quanto è grande l'input quando la funzione diventa lenta, e quanto tempo impiega?\n"
        "- Su quale versione di Python e su quale macchina misuri?",
        "- Il ciclo annidato fa crescere il lavoro con il quadrato dell'input: raddoppiare "
        "l'input dovrebbe quadruplicare il tempo misurato con `timeit`.",
        "1. Misura la base di partenza con `python -m timeit`.\n"
        "2. Profila con `python -m cProfile -s tottime script.py` e leggi le prime righe.",
        "",
        "- complessità algoritmica\n- profilazione con cProfile",
        "- Leggi la documentazione del modulo profile e confronta due input diversi.",
        "- Che cosa ha mostrato la misura prima e dopo la tua modifica?",
    ),
}

FULL_SOLUTION = '''```python
def two_sum(numbers: list[int], target: int) -> tuple[int, int] | None:
    """Indices of two numbers adding up to target."""
    seen: dict[int, int] = {}
    for index, value in enumerate(numbers):
        if target - value in seen:
            return seen[target - value], index
        seen[value] = index
    return None


def test_two_sum() -> None:
    assert two_sum([2, 7, 11, 15], 9) == (0, 1)
```'''


def compose(headings: list[str], bodies: tuple[str, ...], *, skip: tuple[int, ...] = ()) -> str:
    """A Markdown draft: bold headings and bodies, leaving out the sections at `skip`."""
    parts = []
    for index, (heading, body) in enumerate(zip(headings, bodies, strict=True)):
        if index in skip:
            continue
        parts.append(f"**{heading}**\n{body}")
    return "\n\n".join(parts)
