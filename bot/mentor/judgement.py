"""How the learner frames their own numbers: a share of a total, a gain they call small.

"2.1 s of the 2.4 s are SQL" is a share (88% in SQL), not a change from 2.4 s to 2.1 s; "380 s,
barely better" after 400 s is a 5% gain the learner already judged too small to be the fix;
"is it ok now?" asks for a yes or a no from the measurements. Words per language are data:
config/knowledge/lexicon/judgement.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor import courtesy
from bot.mentor.facts import Quantity
from bot.mentor.lexicon import any_of, lexicon_file, phrases
from bot.settings import DEFAULT_CONFIG_DIR

SMALL_GAIN = 0.10
"""A gain under 10% is too small to call the change a fix (beyond noise, not the main cost)."""
CALLED_SMALL = 0.25
"""A gain the learner calls small ("barely better") is read as small up to 25%."""
MAX_TEXT = 4000


@dataclass(frozen=True)
class Judgement:
    """The framing words, loaded once."""

    part_first: re.Pattern[str]
    whole_first: re.Pattern[str]
    small: re.Pattern[str]
    evaluate: re.Pattern[str]
    advice: re.Pattern[str]
    worse: re.Pattern[str]
    solved: re.Pattern[str]
    managed: re.Pattern[str]
    first_run: re.Pattern[str]
    later_runs: re.Pattern[str]
    variants: re.Pattern[str]

    @classmethod
    def load(cls, config_dir: Path) -> Judgement:
        """Read config_dir/knowledge/lexicon/judgement.toml."""
        data = lexicon_file(config_dir, "judgement")
        share = data.get("share", {})
        return cls(
            part_first=any_of(share.get("part_first", [])),  # the words alone between numbers
            whole_first=any_of(share.get("whole_first", [])),
            small=phrases(data.get("small", {}).get("cues", [])),
            evaluate=phrases(data.get("evaluate", {}).get("cues", [])),
            advice=phrases(data.get("advice", {}).get("cues", [])),
            worse=phrases(data.get("worse", {}).get("cues", [])),
            solved=phrases(data.get("solved", {}).get("cues", [])),
            managed=phrases(data.get("solved", {}).get("managed", [])),
            first_run=phrases(data.get("warmup", {}).get("first", [])),
            later_runs=phrases(data.get("warmup", {}).get("then", [])),
            variants=phrases(data.get("variants", {}).get("cues", [])),
        )


@lru_cache(maxsize=2)
def judgement(config_dir: Path | None = None) -> Judgement:
    """The words of `config_dir` (the repository's config by default), cached."""
    return Judgement.load(config_dir or DEFAULT_CONFIG_DIR)


_FILLER = re.compile(r"[\s,:;()\"'’`]+")


def share_order(between: str) -> str:
    """What the words between two numbers make the first one: 'part', 'whole' or ''.

    'part' for "2.1 s of the 2.4 s", 'whole' for "2.4 秒のうち 2.1 秒" (the total named first).
    """
    words = judgement()
    raw = between.strip().lower()
    if not raw or len(raw) > 24:
        return ""
    if words.whole_first.fullmatch(raw.strip(" ,")):
        return "whole"
    if words.part_first.fullmatch(_FILLER.sub(" ", raw).strip()):
        return "part"
    return ""


def called_small(text: str) -> bool:
    """The learner judges the change's effect small themselves ("barely better", "kaum")."""
    return bool(judgement().small.search(text[:MAX_TEXT].lower()))


def asks_evaluation(text: str) -> bool:
    """The learner asks whether the change is right now ("is it ok now?", "¿ahora está bien?")."""
    return bool(judgement().evaluate.search(text[:MAX_TEXT].lower()))


def small_gain(change: float, text: str) -> bool:
    """A relative improvement too small to call the change a fix (`change` is the gain, > 0)."""
    return 0 < change < (CALLED_SMALL if called_small(text) else SMALL_GAIN)


def called_worse(text: str) -> bool:
    """The learner judges the change worse ("piorou", "got worse"): it outranks the numbers."""
    return bool(judgement().worse.search(text[:MAX_TEXT].lower()))


def compares_variants(text: str) -> bool:
    """Two ways of doing one thing side by side ("..., while the same logic with agg() ...")."""
    return bool(judgement().variants.search(text[:MAX_TEXT].lower()))


def says_solved(text: str) -> bool:
    """The learner says the problem is solved ("Thanks, that worked!", "funcionou").

    "I managed" alone may be the start of anything ("consegui reproduzir o erro"); with a
    thank-you beside it ("Obrigado! Consegui, agora está em 0,3 s.") it closes (review10 T23).
    """
    said = text[:MAX_TEXT].lower()
    if judgement().solved.search(said):
        return True
    return bool(judgement().managed.search(said)) and courtesy.thanks_in(said)


def asks_advice(text: str) -> bool:
    """The learner asks whether to use something ("should I use X?", "Devo usar X?")."""
    return bool(judgement().advice.search(text[:MAX_TEXT].lower()))


PART, WHOLE, COLD = "part", "whole", "cold"
"""Labels of a share: "2.1 s of the 2.4 s" is a part of a total, never a before/after; of a
first run's time that a warm-up paid ("120 s the first time, then 2.1 s"): no measurement of
the change."""


_FROM = re.compile(r"(?<!\w)(?:from|z|ze|od|von|van|de|desde|da|dal|из|с|з|від)\s{1,2}$", re.I)
"""A "from" word right before the first number: the pair is a change, never a share."""


def shares(
    text: str, found: list[tuple[int, Quantity]], items: tuple[Quantity, ...]
) -> tuple[Quantity, ...]:
    """Neighbours of one unit joined by "of the" (or "のうち" before the part): part and whole.

    `found` holds each number's position in `text`; `items` the numbers as labelled so far.
    """
    out = list(items)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if first.unit != second.unit or first.kind == "ratio" or first.unit == "%":
            continue
        between = text[found[i][0] + len(first.text) : found[i + 1][0]]
        if _FROM.search(text[max(0, found[i][0] - 8) : found[i][0]]):
            continue  # "z 300 ms do 1,2 s", "von 2 s auf 5 s": from one to the other, no share
        order = share_order(between)
        part, whole = (first, second) if order == PART else (second, first)
        if not order or not 0 < part.value < whole.value:
            continue
        out[i if order == PART else i + 1] = _relabel(part, PART)
        out[i + 1 if order == PART else i] = _relabel(whole, WHOLE)
    return tuple(out)


def _relabel(q: Quantity, role: str) -> Quantity:
    """The number without a before/after side, marked as a share's part or whole."""
    words = [w for w in q.label.split() if w not in ("before", "after")]
    return Quantity(q.kind, q.value, q.unit, q.text, " ".join([*words, role]))


WARMUP_REACH = 40
"""Characters before a first run's number its "first time" may stand ("the first call took 9 s")."""


def warm_runs(
    text: str, found: list[tuple[int, Quantity]], items: tuple[Quantity, ...]
) -> tuple[Quantity, ...]:
    """A first run's time then the later runs' ("120 s la première fois, puis 2,1 s"): cold, warm.

    The first is what a JIT compiling or a cache filling costs once (labelled cold, never a
    measurement of the change); the second is the steady state, the change's result ('after').
    """
    words = judgement()
    lower = text[:MAX_TEXT].lower()
    out = list(items)
    for i in range(len(out) - 1):
        first, then = out[i], out[i + 1]
        if first.unit != "s" or then.unit != "s" or first.value <= then.value:
            continue
        at, then_at = found[i][0], found[i + 1][0]
        cold = words.first_run.search(lower, max(0, at - WARMUP_REACH), then_at)
        if cold is None:
            continue
        end = min(len(lower), then_at + len(then.text) + WARMUP_REACH)
        if words.later_runs.search(lower, cold.end(), end) is None:
            continue
        out[i] = _relabel(first, COLD)
        out[i + 1] = Quantity(
            then.kind, then.value, then.unit, then.text, _relabel(then, "after").label
        )
    return tuple(out)


def warm_pair(items: tuple[Quantity, ...]) -> tuple[Quantity, Quantity] | None:
    """(cold, warm) among `items`: the first run's time and the steady state after it."""
    for i, q in enumerate(items[:-1]):
        if COLD in q.label.split() and items[i + 1].unit == "s":
            return q, items[i + 1]
    return None


def asks_first_run(text: str) -> bool:
    """The message speaks of the first run ("why is the first run slower?")."""
    return bool(judgement().first_run.search(text[:MAX_TEXT].lower()))
