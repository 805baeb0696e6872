"""The intent model's fit: what it is fitted from, its language-independent inputs, and when.

Apart from the classifier (bot/mentor/intent/classify.py), which only loads and asks it.
"""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Sequence
from pathlib import Path

import structlog

from bot.mentor.intent.code_words import judged_text
from bot.mentor.intent.examples import EXAMPLES, Example, ordinary_texts, training_examples
from bot.mentor.intent.features import Features, extract_features
from bot.mentor.intent.lexicon import ACCESS_FAMILIES, CAPABILITIES, FRAUD_GROUPS, Hit, Lexicon
from bot.mentor.intent.model import LinearModel, digest, text_features
from bot.mentor.intent.normalize import normalize

log = structlog.get_logger()

MODEL_FILE = Path("examples") / "model.npz"
"""Under the lexicon directory: the fitted model and the digest of what it was fitted from."""
REFIT_COMMAND = "python -m bot.mentor.intent.refit"

ORDINARY_SHARE = 1.0
"""The ordinary texts' total weight in the fit, as a share of the labelled examples' weight."""


def fit_model(
    lexicon: Lexicon, examples: list[Example], ordinary: Sequence[str] = ()
) -> LinearModel:
    """The model fitted on `examples` (and `ordinary` texts, all legitimate; deterministic).

    The ordinary texts together weigh ORDINARY_SHARE of the labelled examples: they teach
    what plain technical prose is without drowning the few hundred security questions.
    """
    texts = [e.text for e in examples] + list(ordinary)
    docs = []
    for text in texts:
        norm = normalize(judged_text(text))
        hits = lexicon.scan(norm)
        docs.append(text_features(norm, concepts(hits, extract_features(hits))))
    each = ORDINARY_SHARE * len(examples) / len(ordinary) if ordinary else 0.0
    model = LinearModel.fit(
        docs,
        [e.misuse for e in examples] + [False] * len(ordinary),
        [1.0] * len(examples) + [each] * len(ordinary),
    )
    named = [(doc, e.capability) for doc, e in zip(docs, examples, strict=False)
             if e.misuse and e.capability in CAPABILITIES]  # fmt: skip
    return model.with_heads([d for d, _ in named], [c for _, c in named])


def model_inputs(directory: Path, ordinary: Path | None = None) -> list[Path]:
    """The files whose change calls for a new fit: lexicons, labelled examples, ordinary texts.

    The ordinary texts are the knowledge units of `ordinary`, when the fit reads them. The lexicons' concepts are features. The units once stayed out ("a fit a few units behind
    still knows ordinary prose"), so a developer's tree and a fresh machine held different fits
    (274,890 vs 286,886 features) and a fresh machine's fit rescued a ransomware request that
    the developer's refused: whatever the fit reads decides when it is stale.
    """
    units = sorted(ordinary.glob("*.toml")) if ordinary is not None else []
    return [*sorted(directory.glob("*.toml")), directory / EXAMPLES, *units]


def fit_from_files(lexicon: Lexicon, directory: Path, ordinary: Path | None) -> LinearModel:
    """The model fitted from the files of `model_inputs` (deterministic)."""
    examples = training_examples(directory / EXAMPLES)
    return fit_model(lexicon, examples, ordinary_texts(ordinary) if ordinary else ())


@functools.lru_cache(maxsize=4)
def model_of(
    lexicon: Lexicon, directory: Path, stamp: tuple[tuple[str, int], ...], ordinary: Path | None
) -> LinearModel:
    """The shipped fit when its digest matches the inputs, else a fresh fit."""
    expected = digest(model_inputs(directory, ordinary))
    shipped = directory / MODEL_FILE
    if shipped.exists():
        try:
            model, fitted_from = LinearModel.read(shipped)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            fitted_from = ""  # unreadable: fitted again below
        else:
            if fitted_from == expected:
                return model
    reason = "inputs changed" if shipped.exists() else "no fitted model yet"
    log.warning("intent.model_refit", reason=reason, command=REFIT_COMMAND)
    model = fit_from_files(lexicon, directory, ordinary)
    try:  # the next process loads it instead of fitting again
        model.save(shipped, expected)
    except OSError as exc:
        log.warning("intent.model_not_saved", path=str(shipped), error=str(exc))
    return model


_RULES_ONLY = frozenset((*ACCESS_FAMILIES, *FRAUD_GROUPS))
"""Cue groups only access_families.py and forgery.py read: the model learned "colega"
(`holder`) as misuse and refused an ordinary mmap question, and the fraud groups moved the fit
(round 24's SFTP export refused); the rules refuse those families without its help."""


def concepts(hits: list[Hit], found: Features) -> set[str]:
    """Language-independent tokens for the model: the cues' concepts and the rules' features.

    The rules' own decision is left out: it was tuned on the same examples, so the model would
    learn to trust it more than it deserves on new phrasings. So are the fraud groups
    (lexicon.FRAUD_GROUPS): forgery.py decides on them by rule.
    """
    tokens = {
        f"#{hit.cue.concept}:{hit.cue.part}" for hit in hits if hit.cue.concept not in _RULES_ONLY
    }
    flags = [
        name
        for name in (
            "build", "build_named", "artifact", "others", "own", "defensive", "attacker",
            "own_tool", "request", "covert", "measure", "victim",
            "platform_evasion", "runs_platform", "protective", "tampering", "consented",
        )
        if getattr(found, name)
    ]  # fmt: skip
    flags += [name for name in ("acted", "used", "named", "assets") if getattr(found, name)]
    tokens.update(f"#{flag}" for flag in flags)
    tokens.update(f"#{a}&{b}" for i, a in enumerate(flags) for b in flags[i + 1 :])
    return tokens
