"""Output safety's prose rule per line: the cue prefilter against searching every cue.

Every line of a streamed draft is searched with the prose rule's cues (~430 regexes, every
language's). `bot/text/prefilter.py` searches only the cues one of whose required literals the
line holds; this prints, on the fake LLM's drafts in every language (tests/fakes), the time per
line of both ways, their ratio, and that they gave the same answers.

    PYTHONPATH=. python bench/bench_prose_rule.py [--rounds 5]
Not a test: it prints a table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.mentor.guards.harm_prose import ProseRule
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.openai_server import DRAFT_BODIES


def main(rounds: int) -> None:
    rule = ProseRule.from_catalog(Catalog.load(DEFAULT_CONFIG_DIR).languages)
    groups = [*rule.cues.values(), *rule.alone.values()]
    lines = [
        line.lower() + f" (ticket {n})"  # a marker per line, as every real reply differs
        for n, line in enumerate(
            ln for bodies in DRAFT_BODIES.values() for body in bodies for ln in body.splitlines()
        )
    ]

    def every_cue() -> list[bool]:
        return [any(p.search(ln) for p in g.patterns) for ln in lines for g in groups]

    def prefiltered() -> list[bool]:
        return [g.search(ln) for ln in lines for g in groups]

    same = every_cue() == prefiltered()
    times: dict[str, list[float]] = {"every cue": [], "prefiltered": []}
    for _ in range(rounds):  # alternating, so a noisy neighbour hurts both alike
        for name, run in (("every cue", every_cue), ("prefiltered", prefiltered)):
            started = time.perf_counter()
            run()
            times[name].append((time.perf_counter() - started) / len(lines) * 1000)
    patterns = sum(len(g.patterns) for g in groups)
    print(f"{len(lines)} lines x {patterns} cue patterns, {rounds} rounds (median ms per line)")
    for name, values in times.items():
        print(f"  {name:>12}: {statistics.median(values):.3f} ms")
    ratio = statistics.median(times["prefiltered"]) / statistics.median(times["every cue"])
    print(f"  prefiltered / every cue: x{ratio:.2f}; same answers: {same}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    main(parser.parse_args().rounds)
