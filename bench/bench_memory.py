"""Where a bot process's memory goes: RSS and tracemalloc by file, at start-up and after N turns.

Each code tree (this one, and `--baseline REF` from `git archive`) is measured in its own
child process: build the bot as `mca-bot run` does (warm: the language model loaded; sandbox
off), snapshot, answer `--turns` turns through MentorService (offline engine, real SQLite, a
new thread every second turn), snapshot again. Printed per tree: VmRSS and VmHWM (peak) after
start-up and after the turns, measured in a run WITHOUT tracemalloc, then the files holding
the most traced memory at start-up, side by side, and what the turns added.

Run: .venv/bin/python bench/bench_memory.py [--baseline REF] [--turns 100] [--top 25]
Not a test: it prints a table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = (
    "How do I find what blocks my asyncio event loop? I timed it with timeit (ticket {n})",
    "Como perfilo a memória do meu serviço? Medi com tracemalloc (ticket {n})",
    "¿Cómo empaqueto mi librería con pyproject? Ya probé con hatch (ticket {n})",
    "Comment tester mon code avec hypothesis ? J'ai mesuré la couverture (ticket {n})",
)


def status() -> dict[str, int]:
    """VmRSS and VmHWM of this process, KiB."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1])
    return out


def by_file(snapshot: tracemalloc.Snapshot, root: str) -> dict[str, int]:
    """Traced bytes per source file, paths shortened to the tree or site-packages."""
    sizes: dict[str, int] = {}
    for stat in snapshot.statistics("filename"):
        name = stat.traceback[0].filename
        for marker in (root + "/", "site-packages/", "/lib/python3"):
            if marker in name:
                name = name.split(marker, 1)[1]
                break
        sizes[name] = sizes.get(name, 0) + stat.size
    return sizes


async def child(turns: int, trace: bool) -> dict[str, object]:
    """Runs inside the measured tree (its path first on sys.path)."""
    from bot.app import open_app  # noqa: PLC0415  # from the tree under measurement
    from bot.mentor.models import MentorRequest  # noqa: PLC0415
    from bot.observability import configure_logging  # noqa: PLC0415
    from bot.settings import load_settings  # noqa: PLC0415

    if trace:
        tracemalloc.start(1)
    configure_logging(level="warning")
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp))
        settings = settings.model_copy(
            update={"sandbox": settings.sandbox.model_copy(update={"enabled": False})}
        )
        async with open_app(settings, warm=True) as app:
            import gc  # noqa: PLC0415

            gc.collect()
            result["start"] = status()
            if trace:
                result["start_files"] = by_file(tracemalloc.take_snapshot(), sys.path[0])
            thread = None
            for n in range(turns):
                reply = await app.mentor.handle(
                    MentorRequest(
                        platform="bench",
                        user=f"u{n // 2}",
                        text=QUESTIONS[n % len(QUESTIONS)].format(n=n),
                        thread=thread if n % 2 else None,
                    )
                )
                thread = reply.thread
            gc.collect()
            result["after"] = status()
            if trace:
                result["after_files"] = by_file(tracemalloc.take_snapshot(), sys.path[0])
    return result


def measure(root: Path, turns: int, trace: bool) -> dict[str, object]:
    code = (
        "import asyncio, json, sys; sys.path.insert(0, sys.argv[1]); "
        "sys.path.insert(1, sys.argv[2]); import bench_memory_child as m; "
        "print(json.dumps(asyncio.run(m.child(int(sys.argv[3]), sys.argv[4] == '1'))))"
    )
    with tempfile.TemporaryDirectory() as shim:
        (Path(shim) / "bench_memory_child.py").write_text(Path(__file__).read_text())
        out = subprocess.run(
            [sys.executable, "-c", code, str(root), shim, str(turns), "1" if trace else "0"],
            cwd=root, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    return dict(json.loads(out.strip().splitlines()[-1]))


def archive(ref: str) -> Path:
    """`ref`'s tree with this tree's build products (parsed TOML copy, intent model)."""
    dest = Path(tempfile.mkdtemp(prefix="mca-mem-baseline-"))
    data = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True,
                          capture_output=True).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(dest)], input=data, check=True)
    for product in ("config/guards/intent/examples/model.npz", "config/.parsed-toml"):
        if (ROOT / product).exists() and (dest / product).parent.is_dir():
            (dest / product).write_bytes((ROOT / product).read_bytes())
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="")
    parser.add_argument("--turns", type=int, default=100)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    trees = [("current", ROOT)]
    if args.baseline:
        trees.insert(0, ("baseline", archive(args.baseline)))
    plain = {name: measure(root, args.turns, trace=False) for name, root in trees}
    traced = {name: measure(root, args.turns, trace=True) for name, root in trees}
    print(f"{'tree':>9} {'RSS start':>10} {'peak start':>10} {'RSS after':>10} {'peak after':>10}"
          f"   (MB, {args.turns} turns, no tracemalloc)")  # fmt: skip
    for name, r in plain.items():
        s, a = r["start"], r["after"]
        assert isinstance(s, dict)
        assert isinstance(a, dict)
        print(f"{name:>9} {s['VmRSS'] / 1024:>10.1f} {s['VmHWM'] / 1024:>10.1f}"
              f" {a['VmRSS'] / 1024:>10.1f} {a['VmHWM'] / 1024:>10.1f}")  # fmt: skip
    names = [n for n, _ in trees]
    files: dict[str, dict[str, int]] = {}
    grown: dict[str, dict[str, int]] = {}
    for name in names:
        start, after = traced[name]["start_files"], traced[name]["after_files"]
        assert isinstance(start, dict)
        assert isinstance(after, dict)
        files[name] = start
        grown[name] = {k: after.get(k, 0) - start.get(k, 0) for k in set(start) | set(after)}
    for title, table in (("traced at start-up", files), (f"added by {args.turns} turns", grown)):
        keys = sorted({k for t in table.values() for k in t},
                      key=lambda k: -max(abs(t.get(k, 0)) for t in table.values()))  # fmt: skip
        totals = "  ".join(f"{n} {sum(table[n].values()) / 2**20:.1f} MB" for n in names)
        print(f"\n{title} (MB; total: {totals})")
        for key in keys[: args.top]:
            cells = " ".join(f"{table[n].get(key, 0) / 2**20:>9.2f}" for n in names)
            print(f"  {cells}  {key}")


if __name__ == "__main__":
    main()
