"""CPU of one LLM turn through MentorService, in-process and deterministic: where it goes.

The whole-bot load bench (bench/load.py) measures CPU per turn of the real process, but on a
shared host its profile needs minutes and hundreds of turns. This drives the same turn the load
bench drives (its questions, the fake LLM's streamed 7-section draft with a marker per turn, so
no per-text cache answers from memory, the stream gate on) through `MentorService.handle` with
the fake LLM server in another thread, and reports the event loop thread's CPU per turn
(`time.thread_time`, so the fake server's own work is not counted; the whole
process's is printed too, which counts the database thread) and, with `--profile`,
cProfile's top functions by own time (the loop thread's CPU time; `--dump` keeps the stats).

    .venv/bin/python bench/bench_turn_cpu.py [--turns 200] [--profile 25]
Not a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._fake_llm import EN_HEADINGS
from bench._load_fakes import TimedLLM
from bench.load import QUESTIONS
from bot.app import open_app
from bot.mentor.models import MentorRequest
from bot.observability import configure_logging
from bot.settings import load_settings
from tests.fakes.openai_server import DRAFT_BODIES, compose, reply


async def main(turns: int, top: int, sink: TextIO, dump: str = "") -> None:
    configure_logging(level="info", fmt="json", stream=sink)
    llm = TimedLLM(
        default=reply(
            compose(EN_HEADINGS, DRAFT_BODIES["en"]), delay_s=0.0, chunk_delay_s=0.004,
            chunk_chars=16,
        )
    )  # fmt: skip
    llm.start()
    os.environ.update(OPENAI_API_KEY="sk-fake-turn-bench", OPENAI_BASE_URL=llm.base_url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(data_dir=Path(tmp))
            settings = settings.model_copy(
                update={
                    "sandbox": settings.sandbox.model_copy(update={"enabled": False}),
                    "mentor": settings.mentor.model_copy(update={"rate_limit_questions": 0}),
                }
            )
            async with open_app(settings) as app:
                shown: list[str] = []

                async def progress(text: str) -> None:
                    shown.append(text)

                async def turn(n: int, k: int, thread: str | None) -> str:
                    text = QUESTIONS[(k - 1) % len(QUESTIONS)].format(m=f"LQ{n}-{k}")
                    request = MentorRequest(
                        platform="bench", user=f"u{n}", text=text, thread=thread
                    )
                    return (await app.mentor.handle(request, on_progress=progress)).thread

                for n in range(5):  # warm-up: models, caches, the first connection; a
                    # follow-up too, whose indexes (the units' vocabulary) are built on first use
                    await turn(10_000 + n, 2, await turn(10_000 + n, 1, None))
                cpu: list[float] = []
                process_started = time.process_time()
                # the event loop thread's CPU, not wall time: idle waits and other processes'
                # turns on a shared host are not counted
                profiler = cProfile.Profile(time.thread_time) if top or dump else None
                threads: dict[int, str] = {}
                for i in range(turns):
                    n, k = i // 2, 1 + i % 2
                    started = time.thread_time()
                    if profiler is not None:
                        profiler.enable()
                    threads[n] = await turn(n, k, threads.get(n))
                    if profiler is not None:
                        profiler.disable()
                    cpu.append(time.thread_time() - started)
                process_cpu = (time.process_time() - process_started) / turns
    finally:
        llm.close()
    print(f"{turns} turns (2 per thread), event loop thread CPU per turn:"
          f" median {statistics.median(cpu) * 1000:.2f} ms, mean {statistics.mean(cpu) * 1000:.2f} ms"
          f"; whole process (the fake LLM's thread too) {process_cpu * 1000:.2f} ms"
          f" ({len(shown)} progress edits)")  # fmt: skip
    if profiler is not None and dump:
        profiler.dump_stats(dump)
    if profiler is not None and top:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(top)
        print(out.getvalue())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--profile", type=int, default=0, help="print the top N by own time")
    parser.add_argument("--dump", default="", help="write the cProfile stats to this file")
    parser.add_argument("--log", default="", help="write the bot's JSON log lines here")
    ns = parser.parse_args()
    log_path = ns.log or os.devnull
    with open(log_path, "w") as sink:  # every line rendered as JSON, as in production
        asyncio.run(main(ns.turns, ns.profile, sink, ns.dump))
