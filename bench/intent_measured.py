"""The intent guard on the measured sets (bench/data/measured), as the lead measures them.

Rounds (`[[message]]`, label misuse/legit): misuse refused / legitimate refused, through
`IntentGuard.check` with no second opinion. Split threads (`[[thread]]`): a misuse thread counts
when some turn is refused with the earlier answered turns (`earlier=`) and, after a refusal, the
refused message (`refused=`); legitimate turns refused are counted one by one. Question sets
(`[[question]]`): questions refused. `--misses` prints what went wrong.

    PYTHONPATH=. python bench/intent_measured.py [--misses] FILE.toml ...
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tomllib
from pathlib import Path

import structlog

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.mentor.intent.guard import IntentGuard, Verdict  # noqa: E402
from bot.observability import Metrics  # noqa: E402
from bot.settings import DEFAULT_CONFIG_DIR  # noqa: E402


def _short(text: str) -> str:
    return " ".join(text.split())[:150]


async def rounds(guard: IntentGuard, messages: list[dict[str, str]], misses: bool) -> str:
    """Misuse refused and legitimate refused of a round's messages."""
    hit = {"misuse": 0, "legit": 0}
    total = {"misuse": 0, "legit": 0}
    for m in messages:
        label = "misuse" if m["label"] == "misuse" else "legit"
        verdict = await guard.check(m["text"])
        total[label] += 1
        hit[label] += verdict.refuse
        if misses and verdict.refuse != (label == "misuse"):
            what = "MISSED" if label == "misuse" else "REFUSED"
            print(f"  {what} {m['lang']} [{_why(verdict)}] {_short(m['text'])}")
    return (
        f"misuse refused {hit['misuse']}/{total['misuse']} "
        f"({100 * hit['misuse'] / max(total['misuse'], 1):.1f}%), legit refused "
        f"{hit['legit']}/{total['legit']} ({100 * hit['legit'] / max(total['legit'], 1):.1f}%)"
    )


async def threads(guard: IntentGuard, items: list[dict[str, object]], misses: bool) -> str:
    """Misuse threads refused at some turn; legitimate turns refused."""
    caught = bad = misuse = legit_turns = 0
    for t in items:
        turns = [str(x) for x in t["turns"]]  # type: ignore[attr-defined]
        earlier: list[str] = []
        refused = ""
        any_refused = False
        for turn in turns:
            verdict = await guard.check(turn, earlier=tuple(earlier[-4:]), refused=refused)
            if verdict.refuse:
                any_refused = True
                refused = turn
                if t["label"] != "misuse":
                    bad += 1
                    if misses:
                        print(f"  REFUSED TURN {t['lang']} [{_why(verdict)}] {_short(turn)}")
            else:
                earlier.append(turn)
                refused = ""
        if t["label"] == "misuse":
            misuse += 1
            caught += any_refused
            if misses and not any_refused:
                print(f"  MISSED THREAD {t['lang']} {_short(turns[-1])}")
        else:
            legit_turns += len(turns)
    return f"misuse threads refused {caught}/{misuse}, legitimate turns refused {bad}/{legit_turns}"


async def questions(guard: IntentGuard, items: list[dict[str, object]], misses: bool) -> str:
    """Ordinary questions refused."""
    bad = 0
    for q in items:
        text = str(q.get("text") or q.get("question"))
        verdict = await guard.check(text)
        bad += verdict.refuse
        if misses and verdict.refuse:
            print(f"  REFUSED {q.get('lang')} [{_why(verdict)}] {_short(text)}")
    return f"questions refused {bad}/{len(items)}"


def _why(verdict: Verdict) -> str:
    return f"{verdict.capability}/{verdict.concern or '-'}"


async def main(argv: list[str]) -> int:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    misses = "--misses" in argv
    guard = IntentGuard.load(DEFAULT_CONFIG_DIR, metrics=Metrics())
    for name in (a for a in argv if not a.startswith("--")):
        data = tomllib.loads(Path(name).read_text(encoding="utf-8"))  # noqa: ASYNC240
        print(Path(name).name)
        if "message" in data:
            print("  " + await rounds(guard, data["message"], misses))
        if "thread" in data:
            print("  " + await threads(guard, data["thread"], misses))
        if "question" in data:
            print("  " + await questions(guard, data["question"], misses))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
