"""CPU of one LLM turn through MentorService, in-process and deterministic: where it goes.

The whole-bot load bench (bench/load.py) measures CPU per turn of the real process, but on a
shared host its profile needs minutes and hundreds of turns. This drives the same turn the load
bench drives (its questions, the fake LLM's streamed 7-section draft with a marker per turn, so
no per-text cache answers from memory, the stream gate on) through `MentorService.handle` with
the fake LLM server in another thread, and reports the event loop thread's CPU per turn
(`time.thread_time`, so the fake server's own work is not counted; the whole
process's is printed too, which counts the database thread) and, with `--profile`,
cProfile's top functions by own time (the loop thread's CPU time; `--dump` keeps the stats).

    .venv/bin/python bench/bench_turn_cpu.py [--turns 200] [--profile 25] [--dump FILE]
                                             [--chunk-delay 0.02 --parallel 10]
`--chunk-delay 0.02` streams at bench/load.py's pace, so the stream gate checks as often as
under load (it forwards by time); `--parallel` answers that many threads at once to keep the
run short (CPU per turn is then the batch's, shared by its turns).
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
from bench._mentor_run import offline_settings
from bench.load import QUESTIONS
from bot.app import open_app
from bot.mentor.models import MentorRequest
from bot.observability import configure_logging
from tests.fakes.openai_server import DRAFT_BODIES, compose, reply


async def main(
    turns: int,
    top: int,
    sink: TextIO,
    dump: str = "",
    chunk_delay_s: float = 0.004,
    parallel: int = 1,
) -> None:
    configure_logging(level="info", fmt="json", stream=sink)
    llm = TimedLLM(
        default=reply(
            compose(EN_HEADINGS, DRAFT_BODIES["en"]), delay_s=0.0, chunk_delay_s=chunk_delay_s,
            chunk_chars=16,
        )
    )  # fmt: skip
    llm.start()
    os.environ.update(OPENAI_API_KEY="sk-fake-turn-bench", OPENAI_BASE_URL=llm.base_url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = offline_settings(Path(tmp))
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

                async def both(n: int) -> int:
                    """Thread n's turns (2, or 1 for the last of an odd count)."""
                    thread = await turn(n, 1, None)
                    if 2 * n + 1 < turns:
                        await turn(n, 2, thread)
                        return 2
                    return 1

                for first in range(0, (turns + 1) // 2 if parallel > 1 else 0, parallel):
                    # `parallel` threads at once: the CPU of the batch, shared by its turns
                    started = time.thread_time()
                    if profiler is not None:
                        profiler.enable()
                    done = await asyncio.gather(
                        *(both(n) for n in range(first, min(first + parallel, (turns + 1) // 2)))
                    )
                    if profiler is not None:
                        profiler.disable()
                    cpu.extend([(time.thread_time() - started) / sum(done)] * sum(done))
                for i in range(turns if parallel == 1 else 0):
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
    print(f"{turns} turns (2 per thread, {parallel} thread(s) at once, chunks every"
          f" {chunk_delay_s * 1000:.0f} ms), event loop thread CPU per turn:"
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
    parser.add_argument(
        "--chunk-delay",
        type=float,
        default=0.004,
        help="seconds between the fake LLM's chunks (bench/load.py: 0.02)",
    )
    parser.add_argument(
        "--parallel",
        type=int,
        default=1,
        help="threads answered at once (the stream gate forwards by time)",
    )
    parser.add_argument("--dump", default="", help="write the cProfile stats to this file")
    parser.add_argument("--log", default="", help="write the bot's JSON log lines here")
    ns = parser.parse_args()
    log_path = ns.log or os.devnull
    with open(log_path, "w") as sink:  # every line rendered as JSON, as in production
        asyncio.run(main(ns.turns, ns.profile, sink, ns.dump, ns.chunk_delay, ns.parallel))
