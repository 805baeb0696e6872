"""Slack latency through the real bot process (`python -m bot run`, HTTP mode) and the fake Slack.

For each run: a signed `/mca ask` to /slack/events; the ack time is the HTTP round trip, the
time to first visible text is from sending the command to the first chat.postMessage in the
answer's thread (the streamed reply). Offline engine, sandbox off. Prints p50/p95, the
Web API calls and the TCP connections they came over, and the bot's CPU time for the runs.

Run: .venv/bin/python bench/bench_slack.py [--runs 40]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._fake_llm import start_fake_llm
from tests.fakes.slack_server import FakeSlack
from tests.platforms.slack.harness import SlackBot

QUESTIONS = [
    "¿Por qué mi bucle con asyncio.gather es más lento que un bucle normal?",
    "How do I find what blocks my asyncio event loop?",
    "Como perfilo a memória do meu serviço?",
    "Comment tester mon code avec hypothesis ?",
]


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def root_of(fake: FakeSlack, channel: str) -> str | None:
    for (ch, ts), message in fake.messages.items():
        if ch == channel and "thread_ts" not in message:
            return ts
    return None


async def main(runs: int, llm_latency: float | None) -> None:
    fake = FakeSlack()
    await fake.start()
    llm = start_fake_llm(llm_latency) if llm_latency is not None else None
    extra = {"MCA_MENTOR_RATE_LIMIT_QUESTIONS": "0"}
    if llm is not None:
        extra |= {"OPENAI_BASE_URL": llm.base_url, "MCA_MODEL": "bench"}
    # The fake LLM writes English: ask in English then, or the language guard would re-ask.
    questions = [QUESTIONS[1]] if llm is not None else QUESTIONS
    with tempfile.TemporaryDirectory() as tmp:
        bot = SlackBot(fake, Path(tmp) / "data", extra_env=extra)
        started = time.monotonic()
        await bot.start()
        boot_s = time.monotonic() - started
        acks: list[float] = []
        first_text: list[float] = []
        cpu_start = bot.cpu_s()
        cpu_end: float | None = None
        calls_start = len(fake.calls)
        try:
            for i in range(runs):
                channel, user = f"CB{i}", f"UB{i % 5}"
                fake.add_user(user, locale="es-ES")
                sent_at = time.monotonic()
                sent = await bot.command(
                    f"ask {questions[i % len(questions)]}", user=user, channel=channel
                )
                assert sent.status == 200, sent
                acks.append(sent.elapsed_s)
                root: str = await fake.wait_for(lambda ch=channel: root_of(fake, ch))
                first = await fake.wait_for(lambda ch=channel, r=root: fake.thread_posts(ch, r))
                first_text.append(first[0].at - sent_at)
                await fake.quiet(0.05)
            cpu_end = bot.cpu_s()
        finally:
            await bot.stop()
            await fake.stop()
            if llm is not None:
                llm.close()
    print(f"bot start (process to ready): {boot_s * 1000:.0f} ms")
    engine = f"fake LLM, {llm_latency:g} s to first byte" if llm else "offline engine"
    print(f"runs: {runs} ({engine}, sandbox off, loopback fake Slack)")
    print(
        f"ack (HTTP 200 to /mca ask):        p50 {pct(acks, 0.5) * 1000:7.1f} ms"
        f"   p95 {pct(acks, 0.95) * 1000:7.1f} ms   (Slack's deadline: 3000 ms)"
    )
    print(
        f"first visible text in the thread:  p50 {pct(first_text, 0.5) * 1000:7.1f} ms"
        f"   p95 {pct(first_text, 0.95) * 1000:7.1f} ms"
    )
    calls = fake.calls[calls_start:]
    print(f"Web API calls: {len(calls)} over {fake.api_connections(calls)} TCP connections")
    if cpu_start is not None and cpu_end is not None:
        used_ms = (cpu_end - cpu_start) * 1000
        print(f"bot CPU for the runs: {used_ms:.0f} ms ({used_ms / runs:.1f} ms per /mca ask)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--llm-latency", type=float, default=None, help="use a fake LLM (seconds to first byte)"
    )
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.llm_latency))
