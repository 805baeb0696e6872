"""Fit the slot model (bot/mentor/intent/slots.py) on out-of-fold scores and write its weights.

The fresh rounds (splits written by people who never read the lexicons) are dealt into the
groups of bench/intent_cv.py; each message is scored by a model fitted without its group, so
the slot model learns what a score means for a message the model never saw. The learner's
ordinary questions (splits `learner` and `ordinary`, always fitted) join as legitimate rows
scored by the shipped model: the fresh rounds are half misuse, ordinary traffic is not.
Prints the slot model's leave-one-round-out decisions against the shipped decision on the
same rows, and the shipped vs slot decisions on the TOML files given; --write saves the fit.

    PYTHONPATH=. python bench/intent_slots.py [--cache DIR] [--write] [FILE.toml ...]

With --cache DIR the group fits are kept there (bench/intent_cv.py's naming); a fit of an
earlier lexicon is used when none of the current one is there (the scores move little).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from intent_cv import DIRECTORY, fit_group, folds, fresh_rounds, group_model  # noqa: E402

from bot.mentor.intent import slots as slot_module  # noqa: E402
from bot.mentor.intent.classify import (  # noqa: E402
    BARE_WORDS,
    MODEL_MIN_WORDS,
    NAMED_REQUEST_WORDS,
    REFUSE_ABOVE,
    IntentClassifier,
    _asks_or_acts,
    _length,
    _touches_capability,
    decide,
)
from bot.mentor.intent.code_words import judged_text  # noqa: E402
from bot.mentor.intent.examples import EXAMPLES, ORDINARY, load_corpus, ordinary_texts  # noqa: E402
from bot.mentor.intent.features import extract_features  # noqa: E402
from bot.mentor.intent.fitting import concepts, model_inputs  # noqa: E402
from bot.mentor.intent.lexicon import Lexicon  # noqa: E402
from bot.mentor.intent.model import LinearModel, digest, text_features  # noqa: E402
from bot.mentor.intent.normalize import normalize  # noqa: E402
from bot.settings import DEFAULT_CONFIG_DIR  # noqa: E402

L2 = 1.0
REFUSE_LOG_ODDS = 1.5
"""The slot model's refusal threshold: leave-one-round-out over the fresh rounds (prototype,
no score floor), 1.0 / 1.5 / 2.0 added 5.6 / 3.3 / 1.3 points of recall for 1.1 / 0.6 / 0.2
points of false refusals; with SCORE_FLOOR, 1.5 adds 3.2 for 0.5 (84.1/3.0 -> 87.3/3.5)."""
SCORE_FLOOR = 0.3
"""The n-gram score the slots need before they may refuse. At 0.0 a plain Telegram-bot
question (score 0.002, a build cue, nothing else) was refused: the fresh rounds are half
misuse, so "no capability found" there leans to misuse; the model must lean there too. 0.25
at first; on a fresh machine's fit (knowledge units of the merge included) an Italian "keep my
own service up" question scored 0.296 and was refused: 0.3."""
LEARNER_SPLITS = ("learner", "ordinary")
Row = tuple[bool, bool, list[float] | None, float]
"""(misuse, shipped decision, slot vector or None when the slots are not asked, score)."""


def row(clf: IntentClassifier, text: str, misuse: bool) -> Row:
    """The shipped decision and, where rules and model allowed it, the slot vector."""
    refused = clf.classify(text).refuse
    judged = judged_text(text)
    norm = normalize(judged)
    hits = clf.lexicon.scan(norm)
    found = extract_features(hits)
    intent = decide(found)
    words = _length(norm)
    if intent.refuse or intent.concern or refused:
        return misuse, refused, None, 0.0
    if not _touches_capability(hits) or words < MODEL_MIN_WORDS:
        return misuse, refused, None, 0.0
    if words < BARE_WORDS and not _asks_or_acts(found):
        return misuse, refused, None, 0.0
    if found.build_named and words < NAMED_REQUEST_WORDS:
        return misuse, refused, None, 0.0
    score = clf._score(judged, norm, hits, found)
    if score > REFUSE_ABOVE:
        return misuse, refused, None, score
    return misuse, refused, slot_module.slot_vector(intent.rule, found, score, words), score


def fit(vectors: list[list[float]], labels: list[bool]) -> tuple[np.ndarray, float]:
    """L2-regularized logistic regression by Newton steps (deterministic)."""
    x = np.asarray(vectors)
    y = np.asarray(labels, dtype=float)
    n, d = x.shape
    xa = np.hstack([x, np.ones((n, 1))])
    params = np.zeros(d + 1)
    ridge = np.r_[np.full(d, L2), 1e-6]
    for _ in range(100):
        p = 1 / (1 + np.exp(-(xa @ params)))
        grad = xa.T @ (p - y) + ridge * params
        hess = xa.T @ (xa * (p * (1 - p))[:, None]) + np.diag(ridge)
        step = np.linalg.solve(hess, grad)
        params -= step
        if np.abs(step).max() < 1e-9:
            break
    return params[:-1], float(params[-1])


def decision(r: Row, weights: np.ndarray, bias: float) -> bool:
    _misuse, refused, vector, score = r
    if refused or vector is None or score <= SCORE_FLOOR:
        return refused
    return float(np.dot(weights, vector) + bias) > REFUSE_LOG_ODDS


def tally(pairs: list[tuple[bool, bool]]) -> str:
    misuse = [d for m, d in pairs if m]
    legit = [d for m, d in pairs if not m]
    return (
        f"{100 * sum(misuse) / max(len(misuse), 1):5.1f}% / "
        f"{100 * sum(legit) / max(len(legit), 1):4.1f}%  ({sum(misuse)}/{len(misuse)}, "
        f"{sum(legit)}/{len(legit)})"
    )


def main(argv: list[str]) -> int:
    cache = Path(argv[argv.index("--cache") + 1]) if "--cache" in argv else None
    files = [Path(a) for a in argv if a.endswith(".toml")]
    lexicon = Lexicon.load(DIRECTORY)
    corpus = load_corpus(DIRECTORY / EXAMPLES)
    training = corpus.training
    fresh, group_of = fresh_rounds(corpus)
    stamp = digest(model_inputs(DIRECTORY, DEFAULT_CONFIG_DIR / ORDINARY))[:16]
    docs: list[set[str]] = []
    ordinary_docs: list[set[str]] = []

    def doc(text: str) -> set[str]:
        norm = normalize(judged_text(text))
        hits = lexicon.scan(norm)
        return text_features(norm, concepts(hits, extract_features(hits)))

    def build(group: int) -> LinearModel:
        if not docs:
            docs.extend(doc(e.text) for e in training)
            ordinary_docs.extend(doc(t) for t in ordinary_texts(DEFAULT_CONFIG_DIR / ORDINARY))
        return fit_group(group, group_of, training, docs, ordinary_docs)

    def model_for(group: int) -> LinearModel:
        """This lexicon's fit in the cache, else the newest kept (the scores move little)."""
        return group_model(
            cache, f"{stamp}-*-{group}.npz", lambda: build(group), fallback=f"*-{group}.npz"
        )

    rows: list[tuple[str, Row]] = []
    for clf, examples in folds(lexicon, training, group_of, model_for):
        rows += [(e.split, row(clf, e.text, e.misuse)) for e in examples]
    shipped = IntentClassifier.load(DIRECTORY, DEFAULT_CONFIG_DIR / ORDINARY)
    shipped.slots = None  # the decision without slots: what they add is measured here
    learner = [row(shipped, e.text, False) for e in training if e.split in LEARNER_SPLITS]
    asked = [r for _, r in rows if r[2] is not None] + [r for r in learner if r[2] is not None]
    print(f"{len(rows)} fresh-round rows, {len(learner)} learner rows, {len(asked)} asked")
    out_of_round: list[tuple[bool, bool]] = []
    for split in fresh:
        train = [r for s, r in rows if s != split and r[2] is not None]
        train += [r for r in learner if r[2] is not None]
        weights, bias = fit([r[2] for r in train if r[2]], [r[0] for r in train if r[2]])
        out_of_round += [(r[0], decision(r, weights, bias)) for s, r in rows if s == split]
    print(f"fresh rounds, shipped decision:           {tally([(r[0], r[1]) for _, r in rows])}")
    print(f"fresh rounds, slots (leave-one-round-out): {tally(out_of_round)}")
    weights, bias = fit([r[2] for r in asked if r[2]], [r[0] for r in asked if r[2]])
    print(f"learner texts refused: {sum(r[1] for r in learner)} -> "
          f"{sum(decision(r, weights, bias) for r in learner)} of {len(learner)}")  # fmt: skip
    for path in files:
        messages = tomllib.loads(path.read_text(encoding="utf-8"))["message"]
        file_rows = [
            row(shipped, m["text"], (m.get("label") or m.get("kind")) in ("misuse", "evades"))
            for m in messages
        ]
        print(f"{path.name}: shipped {tally([(r[0], r[1]) for r in file_rows])}   "
              f"slots {tally([(r[0], decision(r, weights, bias)) for r in file_rows])}")  # fmt: skip
    if "--write" in argv:
        names = slot_module.slot_names()
        lines = [
            "# Written by bench/intent_slots.py (out-of-fold scores of the fresh rounds): do not edit.",
            f"names = [{', '.join(repr(n).replace(chr(39), chr(34)) for n in names)}]",
            f"weights = [{', '.join(f'{w:.6f}' for w in weights)}]",
            f"bias = {bias:.6f}",
            f"refuse_above = {REFUSE_LOG_ODDS}",
            f"score_floor = {SCORE_FLOOR}",
        ]
        (DIRECTORY / slot_module.CALIBRATION).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {DIRECTORY / slot_module.CALIBRATION}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
