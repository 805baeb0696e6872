"""Grouped cross-validation of the intent model over the fresh rounds, per capability and language.

The fresh rounds (splits written by people who never read the lexicons, fitted by the model
only) are dealt into GROUPS groups; each group is scored by a model fitted on every training
example outside it. Features are extracted once, so five fits cost about five plain fits.
Optional TOML files (same `[[message]]` shape as the corpus) are scored by the shipped model.

    PYTHONPATH=. python bench/intent_cv.py [--misses] [--cache DIR] [--refuse-above X] [EXTRA.toml ...]

With --cache DIR, each group's fit is kept in DIR under the digest of what it was fitted from,
so a change to the rules alone is measured again without refitting.
"""

from __future__ import annotations

import sys
import tomllib
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.mentor.intent import classify  # noqa: E402
from bot.mentor.intent.classify import IntentClassifier  # noqa: E402
from bot.mentor.intent.examples import (  # noqa: E402
    EXAMPLES,
    ORDINARY,
    Example,
    load_corpus,
    ordinary_texts,
)
from bot.mentor.intent.features import extract_features  # noqa: E402
from bot.mentor.intent.fitting import ORDINARY_SHARE, concepts, model_inputs  # noqa: E402
from bot.mentor.intent.guard import LEXICON_DIR  # noqa: E402
from bot.mentor.intent.lexicon import CAPABILITIES, Lexicon  # noqa: E402
from bot.mentor.intent.model import LinearModel, digest, text_features  # noqa: E402
from bot.mentor.intent.normalize import normalize  # noqa: E402
from bot.settings import DEFAULT_CONFIG_DIR  # noqa: E402

DIRECTORY = DEFAULT_CONFIG_DIR / LEXICON_DIR
GROUPS = 5
NOT_FRESH = frozenset({"train", "ordinary", "learner", "train13a"})
"""Model-only splits that are no fresh round: written for the model, never measured."""


def tally(rows: list[tuple[Example, bool]]) -> str:
    misuse = [r for e, r in rows if e.misuse]
    legit = [r for e, r in rows if not e.misuse]
    recall = 100 * sum(misuse) / max(len(misuse), 1)
    false = 100 * sum(legit) / max(len(legit), 1)
    return f"{recall:5.1f}% / {false:4.1f}%  ({sum(misuse)}/{len(misuse)}, {sum(legit)}/{len(legit)})"


def fit_group(
    keep: list[int], training: list[Example], docs: list[set[str]], ordinary_docs: list[set[str]]
) -> LinearModel:
    """The model (with capability heads) fitted on the `keep` examples and the ordinary texts."""
    each = ORDINARY_SHARE * len(keep) / len(ordinary_docs)
    model = LinearModel.fit(
        [docs[i] for i in keep] + ordinary_docs,
        [training[i].misuse for i in keep] + [False] * len(ordinary_docs),
        [1.0] * len(keep) + [each] * len(ordinary_docs),
    )
    named = [i for i in keep if training[i].misuse and training[i].capability in CAPABILITIES]
    return model.with_heads([docs[i] for i in named], [training[i].capability for i in named])


def main(argv: list[str]) -> int:
    misses = "--misses" in argv
    cache = Path(argv[argv.index("--cache") + 1]) if "--cache" in argv else None
    extra = [Path(a) for a in argv if a.endswith(".toml")]
    if "--refuse-above" in argv:  # try another threshold on the same (cached) fits
        classify.REFUSE_ABOVE = float(argv[argv.index("--refuse-above") + 1])
    lexicon = Lexicon.load(DIRECTORY)
    corpus = load_corpus(DIRECTORY / EXAMPLES)
    training = corpus.training
    fresh = sorted(
        {e.split for e in training if e.split in corpus.model_only} - NOT_FRESH,
        key=lambda s: (len(s), s),
    )
    group_of = {split: i % GROUPS for i, split in enumerate(fresh)}
    ordinary = ordinary_texts(DEFAULT_CONFIG_DIR / ORDINARY)

    def doc(text: str) -> set[str]:
        norm = normalize(text)
        hits = lexicon.scan(norm)
        return text_features(norm, concepts(hits, extract_features(hits)))

    docs = [doc(e.text) for e in training]
    ordinary_docs = [doc(t) for t in ordinary]
    results: list[tuple[Example, bool, str]] = []
    stamp = digest(model_inputs(DIRECTORY, DEFAULT_CONFIG_DIR / ORDINARY))[:16]
    for group in range(GROUPS):
        keep = [i for i, e in enumerate(training) if group_of.get(e.split) != group]
        saved = cache / f"{stamp}-{len(ordinary_docs)}-{group}.npz" if cache else None
        if saved is not None and saved.exists():
            model = LinearModel.read(saved)[0]
        else:
            model = fit_group(keep, training, docs, ordinary_docs)
            if saved is not None:
                saved.parent.mkdir(parents=True, exist_ok=True)
                model.save(saved, stamp)
        scorer = IntentClassifier(lexicon, model)
        for e in training:
            if group_of.get(e.split) == group:
                intent = scorer.classify(e.text)
                results.append((e, intent.refuse, intent.capability))

    print(f"grouped CV ({GROUPS} groups of {len(fresh)} fresh rounds): recall / false refusals")
    print(f"  all          {tally([(e, r) for e, r, _ in results])}")
    by_cap: dict[str, list[tuple[Example, bool]]] = defaultdict(list)
    by_lang: dict[str, list[tuple[Example, bool]]] = defaultdict(list)
    for e, r, _ in results:
        by_lang[e.lang].append((e, r))
        if e.misuse:
            by_cap[e.capability].append((e, r))
    for cap in sorted(by_cap):
        rows = by_cap[cap]
        print(f"  {cap:<20} recall {100 * sum(r for _, r in rows) / len(rows):5.1f}% of {len(rows)}")
    for lang in sorted(by_lang):
        print(f"  {lang:<4} {tally(by_lang[lang])}")
    shipped = IntentClassifier.load(DIRECTORY, DEFAULT_CONFIG_DIR / ORDINARY) if extra else None
    for path in extra:
        assert shipped is not None
        with path.open("rb") as fh:
            messages = tomllib.load(fh)["message"]
        rows = []
        for m in messages:
            example = Example(m["text"], m["label"] == "misuse", m["lang"], m.get("capability", ""), "")
            rows.append((example, shipped.classify(m["text"]).refuse))
        print(f"{path.name} (shipped model): {tally(rows)}")
    if misses:
        for e, r, _cap in results:
            if r != e.misuse:
                kind = "MISSED" if e.misuse else "FALSE"
                print(f"{kind:<6} {e.split:<9} {e.lang} {e.capability:<18} {' '.join(e.text.split())[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
