"""The storage part of a turn on SQLite and on PostgreSQL, side by side.

Each simulated thread writes what one platform turn writes (allowance, learner turn, outbox,
reply with memory, delivery), many threads at once, on each store; prints turns/s and p50/p99
per turn with the PostgreSQL/SQLite ratio. PostgreSQL is a throwaway local cluster (initdb +
pg_ctl, as the tests start it); without PostgreSQL installed only SQLite is measured. The loop
is the bot's (uvloop when installed).

Trips per turn: on SQLite the calls that go to its connection thread (a transaction is one),
on PostgreSQL the statements the server ran (pg_stat_statements; BEGIN and COMMIT count), each
one round trip.

Run: .venv/bin/python bench/bench_store.py [--threads 200] [--turns 5]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._report import pct, print_table, ratio
from bot.lifecycle import event_loop
from bot.mentor.limits import Allowances, allowance_subject
from bot.mentor.settings import MentorSettings
from bot.observability import configure_logging
from bot.storage.connect import open_database
from bot.storage.database import Database
from bot.storage.outbox import Outbox
from bot.storage.sql_store import SqlStore
from tests.postgres_cluster import STATEMENT_STATS, Cluster, server_binaries, start_cluster

TRIPS = frozenset({"execute", "returning", "fetchall", "fetchone", "run"})
"""The Database calls that each make one trip to SQLite's connection thread."""


class Counting:
    """A Database that counts the trips the repositories make through it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.trips = 0

    def __getattr__(self, name: str) -> Any:
        if name in TRIPS:
            self.trips += 1
        return getattr(self.db, name)


async def one_thread(db: Database, n: int, turns: int, samples: list[float]) -> None:
    store, outbox = SqlStore(db), Outbox(db)
    allowances = Allowances(db, MentorSettings(rate_limit_questions=1000))
    learner = await store.upsert_learner("slack", f"U{n}")
    thread = await store.create_thread(platform="slack", external_id=f"T{n}", learner_id=learner.id)
    for t in range(turns):
        start = time.perf_counter()
        await allowances.take_question(allowance_subject("slack", f"U{n}"))
        turn = await store.add_learner_turn(thread.id, f"question {t}", language="en")
        await outbox.accept(turn, "slack")
        reply = await store.add_reply(
            thread_id=thread.id, reply_to=turn, text=f"answer {t}", language="en",
            engine="offline", role="mentor", topics=("asyncio",), memory={"turn": t},
        )  # fmt: skip
        await outbox.delivered(turn, [f"ts{n}.{t}"], reply_id=reply, external_id=f"ts{n}.{t}")
        samples.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0)


Result = tuple[float, float, float, float]
"""turns/s, p50 ms, p99 ms, trips per turn."""


async def measure(db: Database, threads: int, turns: int, cluster: Cluster | None = None) -> Result:
    samples: list[float] = []
    counting = Counting(db)
    if cluster is not None:
        cluster.sql("SELECT pg_stat_statements_reset()")
    start = time.perf_counter()
    await asyncio.gather(
        *(one_thread(cast(Database, counting), n, turns, samples) for n in range(threads))
    )
    elapsed = time.perf_counter() - start
    trips = counting.trips if cluster is None else cluster.statements_run("mca_bench")
    return len(samples) / elapsed, pct(samples, 0.5), pct(samples, 0.99), trips / len(samples)


async def main(threads: int, turns: int) -> None:
    configure_logging(level="warning")
    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = await open_database(url=None, path=Path(tmp) / "bench.sqlite3")
        results["sqlite"] = await measure(db, threads, turns)
        await db.close()
    binaries = server_binaries()
    if binaries is None:
        print("PostgreSQL not installed (initdb, pg_ctl): measuring SQLite only")
    else:
        cluster = start_cluster(binaries, settings=STATEMENT_STATS)
        try:
            cluster.sql("CREATE EXTENSION pg_stat_statements")
            cluster.sql("CREATE DATABASE mca_bench")
            db = await open_database(url=cluster.url("mca_bench"), path=Path("unused"))
            results["postgres"] = await measure(db, threads, turns, cluster)
            await db.close()
        finally:
            cluster.shutdown()
    print(f"storage of one turn, {threads} threads x {turns} turns, all at once")
    rows: list[tuple[str, str, float | str, float | str, float | str]] = [
        (name, f"{rate:.0f}", p50, p99, trips) for name, (rate, p50, p99, trips) in results.items()
    ]
    if "postgres" in results:
        (r1, a1, b1, _), (r2, a2, b2, _) = results["sqlite"], results["postgres"]
        rows.append(("pg/sqlite", ratio(r2, r1), ratio(a2, a1), ratio(b2, b1), ""))
    print_table(("store", "turns/s", "p50 ms", "p99 ms", "trips/turn"), rows, digits=1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=200)
    parser.add_argument("--turns", type=int, default=5)
    args = parser.parse_args()
    event_loop.run(main(args.threads, args.turns), "auto")  # uvloop, as the bot runs
