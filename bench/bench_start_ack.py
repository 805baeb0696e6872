"""Start-up: how soon a (re)started bot acks Slack requests, and how soon it answers them.

Starts the real `mca-bot run` (Slack over HTTP, the offline mentor) and, from the moment the
process is started, sends a new signed question (an app mention) every `--every` seconds
until `--after` seconds past the first answer. Prints, per run: start -> first ack, start -> first
answer, requests refused (no listener: Slack retries such a request a minute later), acked,
and answered (each acked question must be answered exactly once).

    .venv/bin/python bench/bench_start_ack.py [--runs 2] [--baseline REV]

With `--baseline REV` the same runs go against a checkout of REV (a git worktree in a temp
folder, its own venv not needed: it runs with this interpreter), side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes.slack_server import BOT_USER, FakeSlack, event_body, message_event, sign
from tests.platforms.slack.harness import SlackBot

CHANNEL = "C0START"
HERE = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    """One start: when requests were acked and answered, seconds since the process started."""

    first_ack_s: float | None = None
    first_answer_s: float | None = None
    refused: int = 0
    ack_waits: list[float] = field(default_factory=list)
    """How long each request acked before the first answer waited for its ack (s)."""
    acked: list[str] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)


async def one_run(code_root: Path, every_s: float, after_s: float) -> Run:
    """Start the bot of `code_root` and question it from its first instant."""
    fake = FakeSlack()
    await fake.start()
    run = Run()
    with tempfile.TemporaryDirectory(prefix="mca-start-") as tmp:
        bot = SlackBot(fake, Path(tmp) / "data")
        bot.data_dir.mkdir(parents=True)
        env = bot.env() | {"PYTHONPATH": str(code_root), "MCA_SANDBOX_ENABLED": "false"}
        with bot.log_path.open("wb") as log:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=code_root, env=env,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=log,
            )  # fmt: skip
        started = time.monotonic()
        asked: dict[str, str] = {}  # event ts -> event id
        async with aiohttp.ClientSession(trust_env=False) as http:
            while (
                run.first_answer_s is None
                or time.monotonic() - started < run.first_answer_s + after_s
            ):
                if time.monotonic() - started > 120:
                    break
                if run.first_answer_s is None and any(fake.thread_posts(CHANNEL, t) for t in asked):
                    run.first_answer_s = time.monotonic() - started
                ts = f"{time.time():.6f}"
                event = message_event(
                    f"<@{BOT_USER}> why is my asyncio loop slow at {ts}?",
                    user=f"U0START{len(asked) + run.refused}",  # one learner each: no allowance
                    channel=CHANNEL,
                    ts=ts,
                    kind="app_mention",
                )
                body = event_body(event)
                sent_at = time.monotonic()
                try:
                    async with http.post(
                        bot.url + "/slack/events",
                        data=body.encode(),
                        headers={**sign(body), "Content-Type": "application/json"},
                        timeout=aiohttp.ClientTimeout(total=3),
                    ) as resp:
                        ok = resp.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                if ok:
                    run.first_ack_s = run.first_ack_s or time.monotonic() - started
                    if run.first_answer_s is None:
                        run.ack_waits.append(time.monotonic() - sent_at)
                    asked[ts] = json.loads(body)["event_id"]
                else:
                    run.refused += 1
                await asyncio.sleep(every_s)
        run.acked = list(asked)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # every acked question answered (its reply posted)
            log_text = bot.log()
            if all(_answers(log_text, ts) for ts in asked):
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(2.0)  # a duplicate answer would come now
        log_text = bot.log()
        run.answers = {ts: _answers(log_text, ts) for ts in asked}
        for ts, count in run.answers.items():
            if count != 1:
                print(f"question {ts} ({asked[ts]}): answered {count} times", file=sys.stderr)
        if any(count != 1 for count in run.answers.values()):
            kept = Path(tempfile.gettempdir()) / f"bench-start-{int(time.time())}.log"
            kept.write_text(log_text)
            print(f"the bot's log: {kept}", file=sys.stderr)
        proc.terminate()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), 20)
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    await fake.stop()
    return run


def _answers(log: str, ts: str) -> int:
    """Answers the bot posted for the question `ts` (its `slack.reply_posted` log events)."""
    return sum(1 for line in log.splitlines() if "reply_posted" in line and ts in line)


def checkout(rev: str, into: Path) -> Path:
    """A worktree of `rev` (removed by the caller), with its intent model fitted as `make` does."""
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(into), rev], check=True, capture_output=True
    )
    subprocess.run(
        [sys.executable, "-m", "bot.mentor.intent.refit"],
        cwd=into,
        env={**os.environ, "PYTHONPATH": str(into)},
        check=True,
        capture_output=True,
    )
    return into


def row(name: str, runs: list[Run]) -> str:
    """One side's numbers."""

    def med(values: list[float | None]) -> str:
        got = sorted(v for v in values if v is not None)
        return f"{got[len(got) // 2]:.2f} s" if got else "-"

    acked = sum(len(r.acked) for r in runs)
    waits = [w for r in runs for w in r.ack_waits]
    slowest = f"{max(waits):.2f} s" if waits else "-"
    once = sum(1 for r in runs for n in r.answers.values() if n == 1)
    return (
        f"| {name} | {med([r.first_ack_s for r in runs])} | {med([r.first_answer_s for r in runs])}"
        f" | {slowest} | {sum(r.refused for r in runs)} | {acked} | {once}/{acked} |"
    )


async def main() -> None:
    """Runs on this tree (and the baseline's), printed side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between questions")
    parser.add_argument(
        "--after", type=float, default=1.0, help="keep asking this long after the first answer"
    )
    parser.add_argument("--baseline", help="a git revision to run side by side")
    args = parser.parse_args()
    here = HERE
    sides = [("this tree", here)]
    tmp = tempfile.TemporaryDirectory(prefix="mca-base-")
    if args.baseline:
        sides.insert(
            0, (f"baseline {args.baseline}", checkout(args.baseline, Path(tmp.name) / "base"))
        )
    results: dict[str, list[Run]] = {name: [] for name, _ in sides}
    try:
        for _ in range(args.runs):  # interleaved: both sides see the same host load
            for name, root in sides:
                results[name].append(await one_run(root, args.every, args.after))
    finally:
        if args.baseline:
            subprocess.run(  # noqa: ASYNC221  # after the runs: nothing else waits on the loop
                ["git", "worktree", "remove", "--force", str(Path(tmp.name) / "base")], check=False
            )
        tmp.cleanup()
    print(
        "| tree | start -> first ack | start -> first answer | slowest ack while building"
        " | refused (no listener, or no ack in 3 s: Slack retries ~1 min later) | acked | answered once |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, runs in results.items():
        print(row(name, runs))


if __name__ == "__main__":
    asyncio.run(main())
