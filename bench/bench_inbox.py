"""What the inbox adds to the ack path (and to storing the turn), on SQLite and on PostgreSQL.

Before (main): Slack's ack path claimed the event id, one INSERT. After: the claim and the
inbox row (the event's body) in one transaction; later, storing the turn also deletes the row
and leases the turn in the turn's own transaction. Many acks at once, as a burst of events
arrives; prints p50/p99 per ack and per stored turn, before and after, and the ratios. The
two variants alternate in rounds so load on the machine hits both alike.

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


async def measure(
    db: Database, events: int, concurrency: int, rounds: int
) -> dict[str, list[float]]:
    store = SqlStore(db)
    claims = Claims(db, ttl_s=3600.0)
    learner = await store.upsert_learner("slack", "U1")
    thread = await store.create_thread(platform="slack", external_id="T1", learner_id=learner.id)
    out: dict[str, list[float]] = {"ack before": [], "ack after": [], "turn before": [],
                                   "turn after": []}  # fmt: skip
    for r in range(rounds):
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
    rows = []
    for name, s in results.items():
        for step in ("ack", "turn"):
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
