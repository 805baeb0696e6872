"""A second look at what the rules and the model allowed: a small model over the rules' slots.

Why: the n-gram model's score means different things in different slots of the rules. A score
of 0.5 where the rules found someone else's system and no defence is more often misuse than
the same score where they found the learner's own system; one threshold for all (REFUSE_ABOVE)
either refuses too much in the second or too little in the first. A logistic model over the
score, the rules' verdict and their features (a few dozen weights) is fitted on out-of-fold
scores of the fresh rounds, where the model never saw the message (bench/intent_slots.py
writes CALIBRATION). It may only add a refusal to what rules and model allowed, and only where
the model itself leans to misuse: it never answers what they refuse.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

from bot.mentor.intent.features import Features
from bot.text.toml_files import read_toml

CALIBRATION = Path("examples") / "slots.toml"
"""Under the intent lexicon directory: the weights bench/intent_slots.py fitted."""
RULES = (
    "no_capability", "artifact", "others_target", "others_asset", "tampering", "defensive",
    "measurement", "own_system", "learning", "unknown_target", "platform_evasion",
)  # fmt: skip
FLAGS = (
    "others", "own", "covert", "defensive", "victim", "attacker", "request", "build",
    "build_named", "build_offense", "artifact", "protective", "runs_platform", "own_tool",
    "measure", "platform_evasion", "fiction", "tampering",
)  # fmt: skip
SETS = ("acted", "used", "named", "assets")
CROSSED = ("others", "own", "defensive", "victim", "covert")
"""Flags whose presence changes what the score means: each is also crossed with the score."""
SCORE_CLIP = 8.0
LONG_WORDS = 48
SHORT_WORDS = 16


def slot_names() -> tuple[str, ...]:
    """The names of `slot_vector`'s entries, in order (the calibration file is keyed by them)."""
    return (
        "score", "long", "short",
        *(f"rule:{r}" for r in RULES), *FLAGS, *SETS, *(f"score*{f}" for f in CROSSED),
    )  # fmt: skip


def slot_vector(rule: str, found: Features, score: float, words: int) -> list[float]:
    """The model's score, the rule that decided and the features the rules read, as numbers."""
    s = max(-SCORE_CLIP, min(SCORE_CLIP, score))
    vector = [s, float(words > LONG_WORDS), float(words < SHORT_WORDS)]
    vector += [float(rule == r) for r in RULES]
    vector += [float(bool(getattr(found, f))) for f in FLAGS]
    vector += [float(bool(getattr(found, f))) for f in SETS]
    vector += [s * float(bool(getattr(found, f))) for f in CROSSED]
    return vector


@dataclass(frozen=True, slots=True)
class SlotModel:
    """Weights per slot, a bias, the log-odds above which it refuses, and the score floor."""

    weights: tuple[float, ...]
    bias: float
    refuse_above: float
    score_floor: float
    """The n-gram model's own score must exceed this too: the slots add evidence to a model
    that leans to misuse, they never refuse against it."""

    def log_odds(self, vector: list[float]) -> float:
        """The slot model's log-odds of misuse."""
        return math.fsum(w * x for w, x in zip(self.weights, vector, strict=True)) + self.bias

    def refuses(self, rule: str, found: Features, score: float, words: int) -> bool:
        """Whether what the rules and the model allowed is refused after all."""
        if score <= self.score_floor:
            return False
        return self.log_odds(slot_vector(rule, found, score, words)) > self.refuse_above

    @classmethod
    def load(cls, directory: Path) -> SlotModel | None:
        """The fitted slot model of the lexicon directory, or None without one (or stale)."""
        path = directory / CALIBRATION
        if not path.exists():
            return None
        return _read(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read(path: str, _mtime: int) -> SlotModel | None:
    data = read_toml(Path(path))
    names = tuple(str(n) for n in data["names"])
    if names != slot_names():  # written for other slots: not used until fitted again
        return None
    return SlotModel(
        tuple(float(w) for w in data["weights"]),
        float(data["bias"]),
        float(data["refuse_above"]),
        float(data["score_floor"]),
    )
