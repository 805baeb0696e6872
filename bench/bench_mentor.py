"""Turns per second through MentorService (offline engine, real SQLite), side by side with the
engine alone, p50/p99 added latency, and the database size after 10k turns.

Run: .venv/bin/python bench/bench_mentor.py [--turns 10000] [--threads 100]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._mentor_run import offline_settings
from bot.app import open_app
from bot.mentor.engine_port import EngineRequest
from bot.mentor.models import MentorRequest, Role
from bot.observability import configure_logging

QUESTIONS = [
    "How do I find what blocks my asyncio event loop?",
    "Como perfilo a memória do meu serviço?",
    "¿Cómo empaqueto mi librería con pyproject?",
    "Comment tester mon code avec hypothesis ?",
    "Wie messe ich die Latenz meines Dienstes?",
    "Come riduco il tempo di avvio del mio programma?",
]

LANGUAGES = ["en", "pt", "es", "fr", "de", "it"]
"""The language of each question (the engine alone composes in it, as after detection)."""


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main(turns: int, threads: int) -> None:
    configure_logging(level="warning")
    with tempfile.TemporaryDirectory() as tmp:
        settings = offline_settings(Path(tmp))
        async with open_app(settings) as app:
            # Warm up the language model load and caches.
            await app.mentor.handle(MentorRequest(platform="bench", user="w", text=QUESTIONS[0]))

            engine = app.mentor.fallback
            engine_times = []
            for i in range(500):
                req = EngineRequest(
                    question=QUESTIONS[i % 6], language=LANGUAGES[i % 6], role=Role.MENTOR
                )
                t0 = time.perf_counter()
                await engine.reply(req)
                engine_times.append(time.perf_counter() - t0)

            sequential: list[float] = []
            for i in range(500):
                t0 = time.perf_counter()
                await app.mentor.handle(
                    MentorRequest(platform="bench", user="seq", text=QUESTIONS[i % 6])
                )
                sequential.append(time.perf_counter() - t0)

            latencies: list[float] = []
            per_thread = turns // threads

            async def learner(n: int) -> None:
                thread_id = None
                for k in range(per_thread):
                    text = QUESTIONS[(n + k) % len(QUESTIONS)]
                    t0 = time.perf_counter()
                    reply = await app.mentor.handle(
                        MentorRequest(platform="bench", user=f"u{n}", text=text, thread=thread_id)
                    )
                    latencies.append(time.perf_counter() - t0)
                    thread_id = reply.thread

            started = time.perf_counter()
            await asyncio.gather(*(learner(n) for n in range(threads)))
            elapsed = time.perf_counter() - started
            await app.store.db.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
        db_file = Path(tmp) / "mca.sqlite3"
        size = db_file.stat().st_size

    done = len(latencies)
    engine_ms = statistics.median(engine_times) * 1000
    turn_ms = statistics.median(sequential) * 1000
    print(f"turns                 {done} in {threads} concurrent threads")
    print(f"throughput            {done / elapsed:8.1f} turns/s")
    print(f"engine alone (p50)    {engine_ms:8.2f} ms")
    print(
        f"whole turn, alone p50 {turn_ms:8.2f} ms   ratio to engine alone: {turn_ms / engine_ms:.1f}x"
    )
    print(f"whole turn, alone p99 {pct(sequential, 0.99) * 1000:8.2f} ms")
    print(f"added by service p50  {turn_ms - engine_ms:8.2f} ms (store, language, safety, render)")
    print(
        f"under {threads}-way load  p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {pct(latencies, 0.99) * 1000:.1f} ms (queueing on one SQLite writer)"
    )
    print(
        f"db size               {size / 1024 / 1024:8.1f} MiB after {done} turns "
        f"({size / max(done, 1) / 1024:.1f} KiB/turn incl. reply text)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=100)
    ns = parser.parse_args()
    asyncio.run(main(ns.turns, ns.threads))
