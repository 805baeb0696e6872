"""What the inbox adds to the ack path (and to storing the turn), on SQLite and on PostgreSQL.

Before (main): Slack's ack path claimed the event id, one INSERT. After: the claim and the
inbox row (the event's body) in one transaction; later, storing the turn also deletes the row
and leases the turn in the turn's own transaction. Many acks at once, as a burst of events
arrives; prints p50/p99 per ack and per stored turn, before and after, and the ratios. The
two variants alternate in rounds so load on the machine hits both alike.

`chatter`: what a channel's events cost the store (ack write, plus the row's delete when no
turn comes of it), before (every person's message kept in the inbox, every other event
claimed) and after (`ack_write`: only what can become a turn is kept; chatter, the bot's own
posts and edits write nothing). The mix: 7 of 10 events top-level chatter, 1 a reply in a
thread, 1 a mention, 1 the bot's own post.

Run: .venv/bin/python bench/bench_inbox.py [--events 200] [--concurrency 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._report import pct, print_table, ratio
from bot.lifecycle import event_loop
from bot.observability import configure_logging
from bot.platforms.slack_commands import ack_write
from bot.platforms.slack_listeners import LEARNER_SUBTYPES
from bot.storage.claims import Claims
from bot.storage.connect import open_database
from bot.storage.database import Database
from bot.storage.sql_store import SqlStore
from tests.postgres_cluster import server_binaries, start_cluster

BODY = {
    "type": "event_callback",
    "team_id": "T0MCA",
    "event": {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UBOT> why does my asyncio crawler get slower with more tasks? " * 3,
        "channel": "C1",
        "ts": "1700000000.000100",
    },
}
"""A typical mention's body (about 0.5 KB as JSON)."""


async def timed(calls: list[Callable[[], Awaitable[object]]], concurrency: int) -> list[float]:
    """Run the calls `concurrency` at a time; each one's latency in ms."""
    gate = asyncio.Semaphore(concurrency)
    samples: list[float] = []

    async def one(call: Callable[[], Awaitable[object]]) -> None:
        async with gate:
            start = time.perf_counter()
            await call()
            samples.append((time.perf_counter() - start) * 1000)

    await asyncio.gather(*(one(c) for c in calls))
    return samples


def channel_event(n: int) -> dict[str, object]:
    """Event n of a busy channel's mix (see the module doc)."""
    event: dict[str, object] = {"type": "message", "user": "U1", "text": "hello all",
                                "channel": "C1", "ts": f"{n}.0", "channel_type": "channel"}  # fmt: skip
    if n % 10 == 7:
        event["thread_ts"] = "1.0"
    elif n % 10 == 8:
        event["type"] = "app_mention"
    elif n % 10 == 9:
        event.update(user="UBOT", bot_id="B1", thread_ts="1.0")
    return {"type": "event_callback", "event_id": f"Ev{n}", "event": event}


def write_before(body: dict[str, object]) -> str:
    """The rule before: every person's message or mention kept, any other event claimed."""
    event = body["event"]
    assert isinstance(event, dict)
    person = not event.get("bot_id") and event.get("subtype") in LEARNER_SUBTYPES
    return "inbox" if person and event.get("type") in ("message", "app_mention") else "claim"


async def measure(
    db: Database, events: int, concurrency: int, rounds: int
) -> dict[str, list[float]]:
    store = SqlStore(db)
    claims = Claims(db, ttl_s=3600.0)
    learner = await store.upsert_learner("slack", "U1")
    thread = await store.create_thread(platform="slack", external_id="T1", learner_id=learner.id)
    out: dict[str, list[float]] = {"ack before": [], "ack after": [], "turn before": [],
                                   "turn after": [], "chatter before": [],
                                   "chatter after": []}  # fmt: skip

    async def channel(key: str, write: str, body: dict[str, object]) -> None:
        if write == "inbox":  # kept, then deleted when its handler finds no turn in it
            await store.inbox.accept("slack", key, body, claim=key)
            await store.inbox.done(key)
        elif write == "claim":
            await claims.claim(key)

    for r in range(rounds):
        bodies = [channel_event(n) for n in range(events)]
        out["chatter before"] += await timed(
            [lambda k=f"cb{r}.{n}", b=b: channel(k, write_before(b), b)
             for n, b in enumerate(bodies)], concurrency)  # fmt: skip
        out["chatter after"] += await timed(
            [lambda k=f"ca{r}.{n}", b=b: channel(k, ack_write(b), b)
             for n, b in enumerate(bodies)], concurrency)  # fmt: skip
        keys = [f"event:Ev{r}.{n}" for n in range(events)]
        out["ack before"] += await timed(
            [lambda k=k: claims.claim("b" + k) for k in keys], concurrency
        )
        out["ack after"] += await timed(
            [lambda k=k: store.inbox.accept("slack", k, BODY, claim=k) for k in keys], concurrency
        )

        async def plain() -> int:
            return await store.add_learner_turn(thread.id, "why?", language="en")

        async def inboxed(key: str) -> None:
            async with store.inbox.handling(key):
                await store.add_learner_turn(thread.id, "why?", language="en")

        out["turn before"] += await timed([plain] * events, concurrency)
        out["turn after"] += await timed([lambda k=k: inboxed(k) for k in keys], concurrency)
    assert await store.inbox.pending() == 0
    return out


async def main(events: int, concurrency: int, rounds: int) -> None:
    configure_logging(level="warning")
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = await open_database(url=None, path=Path(tmp) / "bench.sqlite3")
        results["sqlite"] = await measure(db, events, concurrency, rounds)
        await db.close()
    binaries = server_binaries()
    if binaries is None:
        print("PostgreSQL not installed (initdb, pg_ctl): measuring SQLite only")
    else:
        cluster = start_cluster(binaries)
        try:
            cluster.sql("CREATE DATABASE mca_bench")
            db = await open_database(url=cluster.url("mca_bench"), path=Path("unused"))
            results["postgres"] = await measure(db, events, concurrency, rounds)
            await db.close()
        finally:
            cluster.shutdown()
    size = len(json.dumps(BODY))
    print(f"{events} events x {rounds} rounds, {concurrency} at once; body {size} bytes")
    mix = [channel_event(n) for n in range(10)]
    before = sum({"inbox": 2, "claim": 1}.get(write_before(b), 0) for b in mix)
    after = sum({"inbox": 2, "claim": 1}.get(ack_write(b), 0) for b in mix)
    print(f"chatter: store round trips per 10 channel events {before} -> {after}")
    rows = []
    for name, s in results.items():
        for step in ("ack", "turn", "chatter"):
            b, a = s[f"{step} before"], s[f"{step} after"]
            b50, a50, b99, a99 = pct(b, 0.5), pct(a, 0.5), pct(b, 0.99), pct(a, 0.99)
            rows.append((f"{name} {step}", b50, a50, ratio(a50, b50), b99, a99, ratio(a99, b99)))
    header = ("store step", "before p50", "after p50", "ratio", "before p99", "after p99", "ratio")
    print_table(header, rows, first=15)
    print("(ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    event_loop.run(main(args.events, args.concurrency, args.rounds), "auto")
