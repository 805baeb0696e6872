"""CPU per LLM turn, two checkouts side by side: `bench_turn_cpu.py` in each, alternating.

On a shared host the load changes minute by minute, so two runs far apart compare the host,
not the code. This runs the turn bench in a base checkout (main, a worktree of it) and in
this one, back to back for each round, and prints each pair and the ratio of their medians
(branch / base; below 1 is faster), then the median ratio over the rounds.

    .venv/bin/python bench/turn_cpu_pair.py --base ../wt-main [--rounds 3] [--turns 100]
The base checkout needs its build products (the intent model, config/.parsed-toml): copy
them from this checkout when its config is the same, or run `make setup` there.
Not a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
MEDIAN = re.compile(r"median ([\d.]+) ms")


def turn_cpu(checkout: Path, turns: int) -> float:
    """The median event-loop CPU per turn (ms) of `bench_turn_cpu.py` run in `checkout`."""
    done = subprocess.run(
        [sys.executable, "bench/bench_turn_cpu.py", "--turns", str(turns)],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        capture_output=True,
        text=True,
        check=True,
    )
    found = MEDIAN.search(done.stdout)
    if found is None:
        raise SystemExit(f"no median in {checkout}'s output:\n{done.stdout}{done.stderr}")
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the checkout to compare against")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--turns", type=int, default=100)
    ns = parser.parse_args()
    base = Path(ns.base).resolve()
    ratios: list[float] = []
    for n in range(1, ns.rounds + 1):
        before = turn_cpu(base, ns.turns)
        after = turn_cpu(HERE, ns.turns)
        ratios.append(after / before)
        print(f"round {n}: base {before:.2f} ms, this {after:.2f} ms per turn, x{ratios[-1]:.2f}")
    print(f"median ratio over {ns.rounds} rounds: x{statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
