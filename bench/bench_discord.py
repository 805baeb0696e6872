"""Discord latency: INTERACTION_CREATE -> deferral, -> thread link, -> first reply text.

Drives the real `python -m bot run` process (offline engine, sandbox off) against the fake
Discord on loopback, N times, and prints p50/p95 in milliseconds. Run:
    PYTHONPATH=. python bench/bench_discord.py [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._fake_llm import start_fake_llm  # noqa: E402
from bot.platforms.discord_render import ACK_DEADLINE_S  # noqa: E402
from tests.conftest import cli_env  # noqa: E402
from tests.fakes.discord_server import GUILD_ID, FakeDiscord  # noqa: E402

QUESTION = "Why is my asyncio gather slow with thousands of tasks?"
PLACEHOLDER = "⏳"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def one_ask(fake: FakeDiscord) -> tuple[float, float, float, float]:
    since = time.monotonic()
    payload = fake.slash("ask", locale="en-US", question=QUESTION)
    sent = await fake.dispatch("INTERACTION_CREATE", payload)
    callback = await fake.wait_for(lambda: fake.find("POST", f"/interactions/{payload['id']}/"))
    thread = (await fake.wait_for(lambda: fake.threads_created(since)))[0]["id"]
    link = await fake.wait_for(lambda: fake.find("PATCH", "/messages/@original", since))

    def text_calls() -> list[float]:
        return [
            c.at
            for c in fake.calls
            if c.at >= since
            and c.path.startswith(f"/channels/{thread}/messages")
            and c.content not in (None, PLACEHOLDER)
        ]

    first = (await fake.wait_for(text_calls))[0]
    # Let the rest of the reply land before the next run.
    await fake.wait_for(lambda: PLACEHOLDER not in str(fake.visible(int(thread))))
    await asyncio.sleep(0.05)
    done = max(c.at for c in fake.calls if c.path.startswith(f"/channels/{thread}/"))
    return (
        (callback[0].at - sent) * 1000,
        (link[0].at - sent) * 1000,
        (first - sent) * 1000,
        (done - sent) * 1000,
    )


async def main(runs: int, warmup: int, llm_latency: float | None) -> None:
    fake = FakeDiscord()
    await fake.start()
    llm = start_fake_llm(llm_latency) if llm_latency is not None else None
    llm_env = {"OPENAI_BASE_URL": llm.base_url, "MCA_MODEL": "bench"} if llm else {}
    with tempfile.TemporaryDirectory() as tmp:
        env = cli_env(
            Path(tmp) / "data",
            DISCORD_TOKEN="bench-token-not-real",
            MCA_DISCORD_API_BASE=fake.api_base,
            MCA_DISCORD_GATEWAY_URL=fake.gateway_url,
            MCA_DISCORD_DEV_GUILD_ID=str(GUILD_ID),
            MCA_LOG_LEVEL="warning",
            MCA_MENTOR_RATE_LIMIT_QUESTIONS="0",
            **llm_env,
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=REPO,
            stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            await fake.wait_connected()
            await fake.wait_for(lambda: fake.commands)
            for _ in range(warmup):
                await one_ask(fake)
            samples = [await one_ask(fake) for _ in range(runs)]
        finally:
            proc.terminate()
            await proc.wait()
            await fake.close()
            if llm is not None:
                llm.close()
    names = ("deferral", "thread link", "first reply text", "reply complete")
    engine = f"fake LLM, {llm_latency:g} s to first byte" if llm else "offline engine"
    print(f"discord: {runs} runs of /mca ask ({engine}, sandbox off), after {warmup} warm-up")
    print(f"{'INTERACTION_CREATE ->':<28}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for i, name in enumerate(names):
        values = [s[i] for s in samples]
        print(f"{name:<28}{pct(values, 0.5):>10.1f}{pct(values, 0.95):>10.1f}{max(values):>10.1f}")
    worst = max(s[0] for s in samples) / 1000
    print(f"worst deferral / 3 s deadline = {worst / ACK_DEADLINE_S:.4f}")
    print(f"mean reply complete: {statistics.mean(s[3] for s in samples):.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--llm-latency", type=float, default=None, help="use a fake LLM (seconds to first byte)"
    )
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.warmup, args.llm_latency))
