"""Start-up of the bot process, this tree beside a base revision (default: main).

Three numbers a learner or an operator waits for, each the median of --runs fresh processes
(base and head alternate, so load on the host falls on both alike):
- import: `python -c "import bot.__main__"`, the modules every command loads;
- ask: `python -m bot ask --json ...` from start to exit (a one-shot answer, offline engine);
- ready: `python -m bot run` (no platform, console on a pipe) until /healthz says 200, the
  restart after a crash as the container's health check sees it.
The base revision is extracted with `git archive` into a temp dir and run with this venv;
the intent model (a build product, not in git) is copied over from this tree.

Run: .venv/bin/python bench/bench_startup.py [--base main] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._report import print_table, ratio

HERE = Path(__file__).resolve().parent.parent
MODEL = Path("config/guards/intent/examples/model.npz")
QUESTION = "My service got slow after a deploy: how do I find where the time goes?"
READY_TIMEOUT_S = 60.0


def checkout(rev: str, into: Path) -> Path:
    """`rev`'s tree in `into`, with this tree's fitted intent model."""
    archive = subprocess.run(["git", "archive", rev], cwd=HERE, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    shutil.copy(HERE / MODEL, into / MODEL)
    return into


def env(data_dir: Path, **extra: str) -> dict[str, str]:
    """No tokens, no sandbox, a fresh data folder: the bot's offline start."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("MCA_", "DISCORD", "SLACK"))}
    kept.pop("OPENAI_API_KEY", None)
    kept.update({"MCA_DATA_DIR": str(data_dir), "MCA_SANDBOX_ENABLED": "false"}, **extra)
    return kept


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_import(tree: Path, data: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import bot.__main__"], cwd=tree, env=env(data), check=True
    )
    return time.perf_counter() - started


def time_ask(tree: Path, data: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", QUESTION],
        cwd=tree,
        env=env(data),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def time_ready(tree: Path, data: Path) -> float:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tree,
        env=env(data, MCA_HTTP_PORT=str(port)),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < READY_TIMEOUT_S:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"not ready after {READY_TIMEOUT_S} s")
    finally:
        proc.kill()
        proc.wait()


STEPS: dict[str, Callable[[Path, Path], float]] = {
    "import": time_import,
    "ask": time_ask,
    "ready": time_ready,
}


def main(base: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"head": HERE}
        try:
            trees = {"base": checkout(base, Path(tmp)), "head": HERE}
        except subprocess.CalledProcessError:
            print(f"no revision {base!r} here (git archive failed): timing this tree only")
        samples: dict[tuple[str, str], list[float]] = {}
        for step, measure in STEPS.items():
            for n in range(runs + 1):  # the first round warms the page cache, not counted
                for name, tree in trees.items():
                    data = Path(tmp) / "data" / f"{name}-{step}-{n}"
                    seconds = measure(tree, data)
                    if n:
                        samples.setdefault((step, name), []).append(seconds)
    print(f"bot start-up, median of {runs} processes each; base = {base}, head = this tree (s)")
    rows = []
    for step in STEPS:
        after = statistics.median(samples[(step, "head")])
        if "base" in trees:
            before = statistics.median(samples[(step, "base")])
            rows.append((step, before, after, ratio(after, before)))
        else:
            rows.append((step, "-", after, "-"))
    print_table(("step", "base s", "head s", "head/base"), rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="main", help="git revision to compare with")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    main(args.base, args.runs)
