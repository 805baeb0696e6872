"""The labelled intent corpus: messages with their language, label, capability and split."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

EXAMPLES = Path("examples") / "corpus.toml"
"""Under the intent lexicon directory (config/guards/intent); its own folder, so the lexicon
loader (every *.toml of the directory) does not read it."""
ORDINARY = Path("knowledge") / "units"
"""Under the config directory: the mentor's own teaching texts, ordinary (never misuse) text."""
ORDINARY_MIN_CHARS = 40
ORDINARY_STEP = 1
"""Every ORDINARY_STEP-th text of at least ORDINARY_MIN_CHARS characters is an example. All of
them: the lighter L2 (model.py) fits sharper, and with a sixth of them it refused eleven lines of
the mentor's own knowledge texts (a code signature, a question about password hashing)."""


CAPABILITY_ALIASES = {"fraud_phishing": "phishing"}
"""Capability labels some writers of the corpus used, and the capability the guard calls them."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled message: misuse (refused) or a legitimate security question (answered)."""

    text: str
    misuse: bool
    lang: str
    capability: str
    split: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every labelled message, and the splits the model must never learn from."""

    messages: tuple[Example, ...]
    held_out: frozenset[str]
    """Splits kept for honest measurement (bench/pedagogy_intent.py): never fitted on."""
    model_only: frozenset[str]
    """Splits only the model is fitted on: the lexicons were never tuned on them."""

    @property
    def training(self) -> list[Example]:
        """The messages the model learns from: every split but the held-out ones."""
        return [m for m in self.messages if m.split not in self.held_out]


def load_corpus(path: Path) -> Corpus:
    """Read the corpus file (top-level `held_out` list, then `[[message]]` tables)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    messages = tuple(
        Example(
            text=str(m["text"]),
            misuse=m["label"] == "misuse",
            lang=str(m["lang"]),
            capability=_capability(str(m.get("capability", ""))),
            split=str(m["split"]),
        )
        for m in data["message"]
    )
    return Corpus(
        messages, frozenset(data.get("held_out", ())), frozenset(data.get("model_only", ()))
    )


def _capability(label: str) -> str:
    return CAPABILITY_ALIASES.get(label, label)


def training_examples(path: Path) -> list[Example]:
    """The examples the model is fitted on (see Corpus.training)."""
    return load_corpus(path).training


def ordinary_texts(directory: Path) -> list[str]:
    """Texts of the knowledge units (every language), a deterministic sample of them.

    They teach the model what ordinary technical prose looks like (processes, tokens, servers,
    encryption) so that only a request's intent, not its vocabulary, reads as misuse.
    """
    texts: list[str] = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as fh:
            texts.extend(t for t in _strings(tomllib.load(fh)) if len(t) >= ORDINARY_MIN_CHARS)
    return texts[::ORDINARY_STEP]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
