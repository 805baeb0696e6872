"""What changed between two measurements when the learner did not change the code.

"Same code, in production with 2M rows p99 is 1.9 s" after "120 ms on my laptop" is no verdict
on a change: the machine and the data changed, so the reply compares like with like (names the
variable that changed and the measurement that tells code from environment) instead of "the
change did not help, revert it". Words per language are data:
config/knowledge/lexicon/environment_shift.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor.facts import Quantity, ThreadMemory
from bot.mentor.judgement import PART, WHOLE
from bot.mentor.lexicon import phrases
from bot.mentor.quantities import measured
from bot.mentor.reasoning_verdicts import earlier_number
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text import markdown
from bot.text.toml_files import read_toml

VARIABLES = ("place", "data", "network", "version", "concurrency", "limit")
"""What can differ between two runs of the same code, in the order a reply names them."""
OTHER = "other"
"""The code stayed the same but the message names no variable: something around it changed."""
SCALE = 10.0
"""A data size this many times the one reported earlier is another workload."""
LOAD_SCALE = 2.0
"""A concurrency this many times the one reported earlier is another load."""
MAX_TEXT = 4000
NUMBERS = frozenset({"latency", "duration", "memory", "throughput"})
"""Kinds of number a shift is about ("same code: 9 s" is read as held constant, still a time)."""


@dataclass(frozen=True)
class Cues:
    """The environment words, loaded once."""

    unchanged: re.Pattern[str]
    changed: re.Pattern[str]
    variables: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def load(cls, config_dir: Path) -> Cues:
        """Read config_dir/knowledge/lexicon/environment_shift.toml."""
        data = read_toml(config_dir / "knowledge" / "lexicon" / "environment_shift.toml")
        table = data.get("variable", {})
        return cls(
            unchanged=_words(data.get("unchanged", [])),
            changed=_words(data.get("changed", [])),
            variables=tuple((v, _words(table.get(v, {}).get("cues", []))) for v in VARIABLES),
        )


def _words(items: list[str]) -> re.Pattern[str]:
    """Whole phrases ('in ci' is not 'in city'): bot/mentor/lexicon.py's `phrases`."""
    return phrases(items)


@lru_cache(maxsize=2)
def cues(config_dir: Path | None = None) -> Cues:
    """The cues of `config_dir` (the repository's config by default), cached."""
    return Cues.load(config_dir or DEFAULT_CONFIG_DIR)


def shifted(
    text: str,
    quantities: tuple[Quantity, ...],
    memory: ThreadMemory,
    cue: Cues | None = None,
) -> tuple[str, ...]:
    """The environment variables that changed while the code did not, or () for a code change.

    Only a follow-up can shift (a first message has nothing to compare with). The code stayed
    the same when the message says so, or when it names another environment and no change of
    its own ("in production it's back to 1.9 s"). A data size 10x, or a load 2x, the one
    reported earlier is named as changed even without a word for it.
    """
    if not any(measured(q) for q in memory.evidence) or not any(
        q.kind in NUMBERS and not {PART, WHOLE} & set(q.label.split()) for q in quantities
    ):
        return ()  # "600 ms of the 800 ms in requests.get" is a share of one run, not a shift
    cue = cue or cues()
    lower = markdown.prose_and_code(text)[0][:MAX_TEXT].lower()
    named = [name for name, pattern in cue.variables if pattern.search(lower)]
    named += [v for v in _by_numbers(quantities, memory) if v not in named]
    if cue.unchanged.search(lower):
        return tuple(named) or (OTHER,)
    if (
        not named
        or cue.changed.search(lower)
        or set(named) <= {"concurrency", "data"}
        or _before_and_after(quantities)
    ):
        # a load or a data size alone also frames an ordinary report ("under load, after the
        # fix, 300 ms"), and "in production p99 900 ms -> 300 ms" reports a change's effect;
        # only a place, a network, a version or a limit with a lone number says the code stayed
        return ()
    if not any(
        q.kind in NUMBERS and earlier_number(q, memory, as_result=False) for q in quantities
    ):
        # "the tasks call an external API, 300 ms each" after a throughput describes the
        # workload: no number of the thread measured again elsewhere, so nothing shifted
        return ()
    return tuple(named)


def _before_and_after(quantities: tuple[Quantity, ...]) -> bool:
    """The message pairs a 'before' with an 'after' itself: the learner reports a change."""
    sides = {w for q in quantities for w in q.label.split()}
    return {"before", "after"} <= sides


def _by_numbers(quantities: tuple[Quantity, ...], memory: ThreadMemory) -> list[str]:
    """'data' when a size is 10x the thread's earlier one; 'concurrency' when a load is 2x."""
    found: list[str] = []
    for kind, name, scale in (("size", "data", SCALE), ("concurrency", "concurrency", LOAD_SCALE)):
        now = [q.value for q in quantities if q.kind == kind and q.value > 0]
        before = [q.value for q in memory.evidence if q.kind == kind and q.value > 0]
        if now and before and max(max(now) / before[-1], before[-1] / max(now)) >= scale:
            found.append(name)
    return found
