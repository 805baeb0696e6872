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
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.mentor.intent import classify  # noqa: E402
from bot.mentor.intent.classify import IntentClassifier  # noqa: E402
from bot.mentor.intent.examples import (  # noqa: E402
    EXAMPLES,
    ORDINARY,
    Corpus,
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


def fresh_rounds(corpus: Corpus) -> tuple[list[str], dict[str, int]]:
    """The fresh rounds, shortest name first, and the group each is dealt into."""
    fresh = sorted(
        {e.split for e in corpus.training if e.split in corpus.model_only} - NOT_FRESH,
        key=lambda s: (len(s), s),
    )
    return fresh, {split: i % GROUPS for i, split in enumerate(fresh)}


def fit_group(
    group: int,
    group_of: dict[str, int],
    training: list[Example],
    docs: list[set[str]],
    ordinary_docs: list[set[str]],
) -> LinearModel:
    """The model (with capability heads) fitted without `group`, with the ordinary texts."""
    keep = [i for i, e in enumerate(training) if group_of.get(e.split) != group]
    each = ORDINARY_SHARE * len(keep) / len(ordinary_docs)
    model = LinearModel.fit(
        [docs[i] for i in keep] + ordinary_docs,
        [training[i].misuse for i in keep] + [False] * len(ordinary_docs),
        [1.0] * len(keep) + [each] * len(ordinary_docs),
    )
    named = [i for i in keep if training[i].misuse and training[i].capability in CAPABILITIES]
    return model.with_heads([docs[i] for i in named], [training[i].capability for i in named])


def group_model(
    cache: Path | None,
    name: str,
    build: Callable[[], LinearModel],
    *,
    fallback: str = "",
) -> LinearModel:
    """A group's fit: kept in `cache` under `name` (a glob), else `fallback`'s newest, else built.

    The name holds the digest of what the fit was made from, so a change to the rules alone
    is measured again without refitting.
    """
    if cache is not None:
        kept = sorted(cache.glob(name)) or sorted(
            cache.glob(fallback) if fallback else (), key=lambda p: p.stat().st_mtime
        )
        if kept:
            return LinearModel.read(kept[-1])[0]
    model = build()
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        model.save(cache / name.replace("*", "fresh"), name.partition("-")[0])
    return model


def folds(
    lexicon: Lexicon,
    training: list[Example],
    group_of: dict[str, int],
    model_for: Callable[[int], LinearModel],
) -> Iterator[tuple[IntentClassifier, list[Example]]]:
    """Each group's examples with the classifier of a model fitted without them."""
    for group in range(GROUPS):
        scorer = IntentClassifier(lexicon, model_for(group))
        yield scorer, [e for e in training if group_of.get(e.split) == group]


def main(argv: list[str]) -> int:
    misses = "--misses" in argv
    cache = Path(argv[argv.index("--cache") + 1]) if "--cache" in argv else None
    extra = [Path(a) for a in argv if a.endswith(".toml")]
    if "--refuse-above" in argv:  # try another threshold on the same (cached) fits
        classify.REFUSE_ABOVE = float(argv[argv.index("--refuse-above") + 1])
    lexicon = Lexicon.load(DIRECTORY)
    corpus = load_corpus(DIRECTORY / EXAMPLES)
    training = corpus.training
    fresh, group_of = fresh_rounds(corpus)
    ordinary = ordinary_texts(DEFAULT_CONFIG_DIR / ORDINARY)

    def doc(text: str) -> set[str]:
        norm = normalize(text)
        hits = lexicon.scan(norm)
        return text_features(norm, concepts(hits, extract_features(hits)))

    docs = [doc(e.text) for e in training]
    ordinary_docs = [doc(t) for t in ordinary]
    stamp = digest(model_inputs(DIRECTORY, DEFAULT_CONFIG_DIR / ORDINARY))[:16]

    def model_for(group: int) -> LinearModel:
        return group_model(
            cache,
            f"{stamp}-{len(ordinary_docs)}-{group}.npz",
            lambda: fit_group(group, group_of, training, docs, ordinary_docs),
        )

    results: list[tuple[Example, bool, str]] = []
    for scorer, examples in folds(lexicon, training, group_of, model_for):
        for e in examples:
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
