"""Ordinary learner questions and follow-up turns the intent guard refuses (the target is none).

Reads every `text` and every item of `turns` in the TOML files given (default: bench/data),
skipping tables labelled misuse (`label = "misuse"` or `kind = "misuse"`), and the `learner`
split of the intent corpus; prints each refused one with its rule and capability, and the count.

    PYTHONPATH=. python bench/intent_ordinary.py [FILE.toml ...]
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.mentor.intent.classify import IntentClassifier  # noqa: E402
from bot.mentor.intent.examples import EXAMPLES, ORDINARY, load_corpus  # noqa: E402
from bot.mentor.intent.guard import LEXICON_DIR  # noqa: E402
from bot.settings import DEFAULT_CONFIG_DIR  # noqa: E402

DIRECTORY = DEFAULT_CONFIG_DIR / LEXICON_DIR


def learner_texts(value: object) -> Iterator[str]:
    """Every question text and turn under `value`, misuse-labelled tables left out."""
    if isinstance(value, list):
        for item in value:
            yield from learner_texts(item)
    elif isinstance(value, dict):
        if "misuse" in (value.get("label"), value.get("kind")):
            return
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            elif key == "turns" and isinstance(item, list):
                yield from (t for t in item if isinstance(t, str))
            elif isinstance(item, (dict, list)):
                yield from learner_texts(item)


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((REPO / "bench" / "data").glob("*.toml"))
    classifier = IntentClassifier.load(DIRECTORY, DEFAULT_CONFIG_DIR / ORDINARY)
    sources: list[tuple[str, str]] = []
    for path in files:
        with path.open("rb") as fh:
            sources.extend((path.name, t) for t in learner_texts(tomllib.load(fh)))
    corpus = load_corpus(DIRECTORY / EXAMPLES)
    sources.extend(("corpus:learner", m.text) for m in corpus.messages if m.split == "learner")
    seen: set[str] = set()
    refused = 0
    for name, text in sources:
        if text in seen:
            continue
        seen.add(text)
        intent = classifier.classify(text)
        if intent.refuse:
            refused += 1
            short = " ".join(text.split())[:140]
            print(f"REFUSED {name} [{intent.rule} {intent.capability}] {short}")
    print(f"ordinary learner questions and turns refused: {refused}/{len(seen)}")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
