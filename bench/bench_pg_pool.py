"""PostgreSQL pool on a busy event loop: asyncpg's own release against the store's, side by side.

A burst starves the bot's event loop (each turn's CPU), and a statement's connection goes
back to the pool only when the loop lets it. Here `--workers` tasks each run one-statement
writes in a loop (as turns do) while `--burners` tasks each burn `--burn-ms` of CPU per pass
of the loop (one pass of the ready queue is then ~burners x burn-ms), on a pool of `--pool`
connections; once with asyncpg's stock pool (its release is a task of its own) and once with
the store's (`bot/storage/postgres.py`), alternating `--rounds` times. Printed per variant:
statements/s, pool wait and hold per statement (mean), the statements' p50/p99 and longest
wait, and the ratios.

Run: python bench/bench_pg_pool.py [--workers 100] [--burners 10] [--burn-ms 2]
                                   [--pool 20] [--seconds 5] [--rounds 3]
Not a test: it prints a table. It starts its own throwaway PostgreSQL cluster (fsync off).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage.pg_url import read_url  # noqa: E402
from bot.storage.postgres import PostgresDatabase, _no_session_state  # noqa: E402
from tests.postgres_cluster import server_binaries, start_cluster  # noqa: E402

WRITE = (
    "INSERT INTO pool_bench (worker, n) VALUES (?, ?)"
    " ON CONFLICT (worker) DO UPDATE SET n = excluded.n"
)


async def stock(url: str, size: int) -> PostgresDatabase:
    """The store's database as main had it: asyncpg's own pool and queue, no arrival order."""
    read = read_url(url)
    pool = await asyncpg.create_pool(
        dsn=read.dsn, min_size=size, max_size=size, reset=_no_session_state
    )
    db = PostgresDatabase(pool, url)
    db._turns = asyncio.Semaphore(1_000_000)  # main's store had no gate
    return db


async def measure(db: PostgresDatabase, args: argparse.Namespace) -> dict[str, float]:
    """Statements/s and per-statement wait/hold while the loop is kept busy."""
    stop = asyncio.Event()
    latencies: list[float] = []

    async def burner() -> None:
        while not stop.is_set():
            end = time.perf_counter() + args.burn_ms / 1000
            while time.perf_counter() < end:
                pass
            await asyncio.sleep(0)

    async def worker(w: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            started = time.perf_counter()
            await db.execute(WRITE, (w, n))
            latencies.append(time.perf_counter() - started)

    db.waits.sites.clear()
    tasks = [asyncio.create_task(burner()) for _ in range(args.burners)]
    tasks += [asyncio.create_task(worker(w)) for w in range(args.workers)]
    await asyncio.sleep(args.seconds)
    stop.set()
    await asyncio.gather(*tasks)
    site = next(iter(db.waits.sites.values()))
    ordered = sorted(latencies)
    return {
        "stmts/s": len(latencies) / args.seconds,
        "wait ms": site.waited_s / site.acquired * 1000,
        "hold ms": site.held_s / site.acquired * 1000,
        "p50 ms": statistics.median(ordered) * 1000,
        "p99 ms": ordered[int(len(ordered) * 0.99)] * 1000,
        "max ms": ordered[-1] * 1000,
    }


async def main(args: argparse.Namespace) -> None:
    binaries = server_binaries()
    if binaries is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    cluster = start_cluster(binaries)
    try:
        cluster.prepare_template()
        url = cluster.fresh_database()
        setup = await PostgresDatabase.open(url)
        await setup.execute("CREATE TABLE pool_bench (worker INTEGER PRIMARY KEY, n INTEGER)")
        await setup.close()
        results: dict[str, list[dict[str, float]]] = {"asyncpg": [], "store": []}
        for _ in range(args.rounds):
            for name, runs in results.items():
                if name == "asyncpg":
                    db = await stock(url, args.pool)
                else:
                    db = await PostgresDatabase.open(
                        url, migrate=False, min_size=args.pool, max_size=args.pool
                    )
                try:
                    runs.append(await measure(db, args))
                finally:
                    await db.close()
        print(
            f"{args.workers} workers, {args.burners} burners x {args.burn_ms} ms per loop pass,"
            f" pool {args.pool}, {args.seconds} s x {args.rounds} rounds (medians)"
        )
        keys = list(results["asyncpg"][0])
        print(f"{'variant':>8} " + " ".join(f"{k:>9}" for k in keys))
        medians: dict[str, dict[str, float]] = {}
        for name, runs in results.items():
            medians[name] = {k: statistics.median(r[k] for r in runs) for k in keys}
            print(f"{name:>8} " + " ".join(f"{medians[name][k]:>9.2f}" for k in keys))
        ratio: dict[str, Any] = {
            k: medians["store"][k] / medians["asyncpg"][k] if medians["asyncpg"][k] else 0.0
            for k in keys
        }
        print(f"{'ratio':>8} " + " ".join(f"{f'x{ratio[k]:.2f}':>9}" for k in keys))
        cluster.drop(url)
    finally:
        cluster.shutdown()


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument("--burners", type=int, default=10)
    parser.add_argument("--burn-ms", type=float, default=2.0)
    parser.add_argument("--pool", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
