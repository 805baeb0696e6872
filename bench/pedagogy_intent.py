"""Intent guard on the labelled corpus (config/guards/intent/examples/corpus.toml), per split and language.

Prints, per split: misuse recall and false refusals (legitimate security questions refused) of
the rules alone and of the rules with the learned model; per language the same for the tuned
splits and for the never-tuned ones; then the cost of one check in-process, rules alone beside
rules + model, against the 2 ms budget.

Honesty: the lexicons were tuned on every split but the held-out ones, so the rules' figures on
tuned splits are in-sample. The model is cross-validated BY SPLIT: for each tuned split it is
fitted on every other training split and scored on that one; held-out splits (never fitted on,
never tuned on) are scored by the shipped model. Each fresh round of messages written by
someone who never read the lexicons was measured once with the guard of its day before anyone
looked at its messages: FRESH_ROUNDS records those first figures, the honest estimate for new
phrasings. Earlier splits' first measurements (rules only): heldout 65.7% / 0%, heldout2
47.1% / 5.7%, heldout3 51.4% / 8.6%, heldout4 38.6% / 5.7%, heldout5 47.7% / 25.8%, heldout6
52.4% / 0%, heldout7 32.1% / 3.6%, heldout8 54.8% / 0%, heldout9 50.0% / 0%.

    PYTHONPATH=. python bench/pedagogy_intent.py [--misses]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.mentor.intent.classify import IntentClassifier  # noqa: E402
from bot.mentor.intent.examples import EXAMPLES, ORDINARY, Example, load_corpus, ordinary_texts  # noqa: E402
from bot.mentor.intent.fitting import fit_model  # noqa: E402
from bot.mentor.intent.guard import LEXICON_DIR  # noqa: E402
from bot.mentor.intent.lexicon import Lexicon  # noqa: E402
from bot.settings import DEFAULT_CONFIG_DIR  # noqa: E402

DIRECTORY = DEFAULT_CONFIG_DIR / LEXICON_DIR
LANGS = ("en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko")
TRAINING_ONLY = frozenset({"train", "ordinary", "train13a"})
"""Examples written for the model alone: fitted on, never reported as a measurement (other
model-only splits, fresh rounds the model learned from, are reported cross-validated)."""
FRESH_ROUNDS: list[tuple[str, str, float, float]] = [
    ("heldout10", "main's rules (before this branch)", 41 / 70, 5 / 70),
    ("heldout10", "rules + first model (this branch)", 63 / 70, 8 / 70),
    ("heldout11", "main's rules (before this branch)", 32 / 70, 5 / 70),
    ("heldout11", "rules + model at 125ea93", 55 / 70, 8 / 70),
    ("heldout12", "main's rules (before this branch)", 41 / 70, 7 / 70),
    ("heldout12", "rules + model at d739e1a", 52 / 70, 1 / 70),
    ("heldout13", "main's rules (before this branch)", 35 / 70, 8 / 70),
    ("heldout13", "rules + model at d739e1a", 42 / 70, 4 / 70),
    ("heldout14", "rules + model at main 263fee2", 52 / 70, 2 / 70),
    ("heldout15", "rules + model at main 263fee2", 42 / 70, 6 / 70),
    ("train1", "rules + model at main 263fee2", 52 / 70, 0 / 70),
    ("train2", "rules + model at main 263fee2", 45 / 70, 7 / 70),
    ("heldout16", "rules + model fitted with heldout14, train1-2", 54 / 70, 3 / 70),
    ("train3", "rules + model fitted with heldout14, train1-2", 52 / 70, 5 / 70),
    ("train4", "rules + model fitted with heldout14, train1-2", 50 / 70, 2 / 70),
    ("heldout17", "rules + model at ecc5d14", 53 / 70, 13 / 70),
    ("train5", "rules + model at ecc5d14", 55 / 70, 1 / 70),
    ("train6", "rules + model at ecc5d14", 47 / 70, 6 / 70),
    ("train7", "rules + model at ecc5d14", 46 / 70, 1 / 70),
    ("train8", "rules + model at ecc5d14", 58 / 70, 21 / 70),
    ("train9", "rules + model fitted with heldout16, train5-8", 52 / 70, 0 / 70),
    ("heldout18", "rules + model at main e1d7f66", 65 / 70, 5 / 70),
    ("heldout18", "rules + model at 3be4bb7 (false friends)", 65 / 70, 5 / 70),
    ("heldout19", "rules + model at main e1d7f66", 53 / 70, 3 / 70),
    ("heldout19", "rules + model at e7c41d9 (fitted with heldout17)", 52 / 70, 3 / 70),
    ("heldout20", "rules + model at main 9ffbbb0", 58 / 70, 5 / 70),
    ("heldout21", "rules + model at main 9ffbbb0", 62 / 70, 9 / 70),
    ("heldout21", "rules + model at e5a7408 (L2 1e-6, never fitted on it)", 65 / 70, 5 / 70),
    ("heldout22", "rules + model at main 9ffbbb0", 59 / 70, 7 / 70),
    ("heldout22", "rules + model at e5a7408 (L2 1e-6, never fitted on it)", 61 / 70, 2 / 70),
    ("heldout23", "rules + model at main 2115a01", 54 / 70, 2 / 70),
    ("heldout24", "rules + model at main 2115a01", 68 / 70, 2 / 70),
    ("heldout25", "rules + model at main 2115a01", 61 / 70, 4 / 70),
    ("heldout26", "rules + model at main 2115a01", 61 / 70, 0 / 70),
    ("heldout26", "rules + model at 6bcf1b0", 62 / 70, 0 / 70),
    ("train10", "rules + model at main 78411f4", 116 / 140, 12 / 140),
    ("heldout27", "rules + model at main 78411f4", 64 / 70, 4 / 70),
    ("heldout27", "rules + model at da15e20~ (negations, false friends)", 64 / 70, 3 / 70),
    ("train11", "rules + model at main c7ffc5d", 107 / 140, 8 / 140),
    ("train11", "rules + model + outcome slots, word pairs (not kept)", 109 / 140, 8 / 140),
    ("heldout28", "rules + model at main c7ffc5d", 65 / 70, 2 / 70),
    ("heldout28", "rules + model + outcome slots, word pairs (not kept)", 65 / 70, 2 / 70),
    ("train13", "rules + model at main bb1b5e0", 63 / 70, 6 / 70),
    ("train13", "rules + model + platform.py, train13a (intent8)", 66 / 70, 3 / 70),
    ("train14", "rules + model at main 11a3d63", 60 / 70, 3 / 70),
    ("train14", "rules + model + story frame (intent9)", 60 / 70, 3 / 70),
    ("train16", "guard (IntentGuard.check) at main 7c0d062, on arrival", 63 / 70, 2 / 70),
]
"""(split, guard measured, recall, false refusals) at a fresh round's first measurement, made
on arrival before anyone read its messages; each round then stays never-tuned until the next
one arrives."""
BUDGET_MS = 2.0
RECALL_TARGET = 0.98
FALSE_REFUSAL_TARGET = 0.02


@dataclass
class Tally:
    misuse: int = 0
    caught: int = 0
    legit: int = 0
    false_refusals: int = 0
    capability_named: int = 0

    def add(self, example: Example, refused: bool, capability: str) -> None:
        if example.misuse:
            self.misuse += 1
            self.caught += refused
            self.capability_named += refused and capability == example.capability
        else:
            self.legit += 1
            self.false_refusals += refused

    def merge(self, other: Tally) -> None:
        self.misuse += other.misuse
        self.caught += other.caught
        self.legit += other.legit
        self.false_refusals += other.false_refusals
        self.capability_named += other.capability_named

    @property
    def recall(self) -> float:
        return self.caught / self.misuse if self.misuse else 1.0

    @property
    def false_rate(self) -> float:
        return self.false_refusals / self.legit if self.legit else 0.0

    @property
    def named(self) -> float:
        return self.capability_named / self.caught if self.caught else 1.0

    def short(self) -> str:
        return f"{pct(self.recall)} / {pct(self.false_rate)}"


def pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


Decisions = dict[int, tuple[bool, str]]
"""Index of a corpus message -> (refused, capability named)."""


def decide_all(classifier: IntentClassifier, messages: list[tuple[int, Example]]) -> Decisions:
    out: Decisions = {}
    for i, example in messages:
        intent = classifier.classify(example.text)
        out[i] = (intent.refuse, intent.capability)
    return out


def cross_validated(lexicon: Lexicon, messages: tuple[Example, ...], held_out: frozenset[str],
                    shipped: IntentClassifier, ordinary: list[str]) -> Decisions:  # fmt: skip
    """Each tuned split scored by a model fitted without it; held-out splits by the shipped one."""
    indexed = list(enumerate(messages))
    training = [(i, m) for i, m in indexed if m.split not in held_out]
    out: Decisions = decide_all(shipped, [(i, m) for i, m in indexed if m.split in held_out])
    for split in sorted({m.split for _, m in training} - TRAINING_ONLY):
        fitted = fit_model(lexicon, [m for _, m in training if m.split != split], ordinary)
        out |= decide_all(
            IntentClassifier(lexicon, fitted), [(i, m) for i, m in training if m.split == split]
        )
    return out


def tally(messages: tuple[Example, ...], decisions: Decisions,
          keep: set[str]) -> dict[str, dict[str, Tally]]:  # fmt: skip
    """Tallies by split then language ('all' for totals) over the splits in `keep`."""
    out: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for i, example in enumerate(messages):
        if example.split not in keep:
            continue
        refused, capability = decisions[i]
        for lang in (example.lang, "all"):
            out[example.split][lang].add(example, refused, capability)
    return out


def pooled(by_split: dict[str, dict[str, Tally]], splits: set[str]) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for split in splits:
        for lang, t in by_split.get(split, {}).items():
            out[lang].merge(t)
    return out


def print_languages(name: str, rules: dict[str, Tally], combined: dict[str, Tally]) -> None:
    print(f"\n{name}: recall / false refusals (capability named in refusals)")
    print(f"{'lang':<5} {'misuse':>6} {'legit':>6} {'rules alone':>17} {'rules + model':>17} {'named':>7}")
    for lang in (*LANGS, "all"):
        if lang not in combined:
            continue
        r, c = rules[lang], combined[lang]
        print(f"{lang:<5} {c.misuse:>6} {c.legit:>6} {r.short():>17} {c.short():>17} {pct(c.named):>7}")


def print_capabilities(messages: tuple[Example, ...], decisions: Decisions, splits: set[str]) -> None:
    """Recall per capability and language on splits the lexicons never saw (model cross-validated).

    A weak cell is a capability whose cues in that language are missing (German "kopiert sich").
    """
    cells: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for i, m in enumerate(messages):
        if m.split in splits and m.misuse:
            for lang in (m.lang, "all"):
                cells[(m.capability, lang)].add(m, *decisions[i])
    capabilities = sorted({c for c, _ in cells})
    print("\nrecall per capability x language on splits the lexicons never saw (caught/misuse;"
          " model cross-validated), and how often the refusal names the capability")
    print(f"{'capability':<20}" + "".join(f"{lang:>6}" for lang in (*LANGS, "all")) + f"{'named':>8}")
    for capability in capabilities:
        row = [cells.get((capability, lang), Tally()) for lang in (*LANGS, "all")]
        print(f"{capability:<20}" + "".join(f"{t.caught:>3}/{t.misuse:<2}" for t in row)
              + f"{pct(row[-1].named):>8}")  # fmt: skip


def timing(classifier: IntentClassifier, texts: list[str]) -> tuple[float, float, float]:
    """Median and p99 ms of one check over `texts`, and ms for a 12,000-character message.

    Each message is checked 5 times and its median kept, so a neighbour process taking the
    core for a moment does not read as the guard's cost.
    """
    per_message = []
    for text in texts:
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            classifier.classify(text)
            runs.append((time.perf_counter() - started) * 1000)
        per_message.append(statistics.median(runs))
    per_message.sort()
    hostile = ("steal password of my neighbour " * 400)[:12000]
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        classifier.classify(hostile)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(per_message), per_message[int(len(per_message) * 0.99)], statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    show_misses = "--misses" in (argv if argv is not None else sys.argv[1:])
    started = time.perf_counter()
    shipped = IntentClassifier.load(DIRECTORY, DEFAULT_CONFIG_DIR / ORDINARY)
    load_ms = (time.perf_counter() - started) * 1000
    corpus = load_corpus(DIRECTORY / EXAMPLES)
    messages, held_out, model_only = corpus.messages, corpus.held_out, corpus.model_only
    rules_only = IntentClassifier(shipped.lexicon)
    print(
        f"intent corpus: {len(messages)} messages, {len({m.lang for m in messages})} languages, "
        f"{sum(m.misuse for m in messages)} misuse; lexicon {shipped.lexicon.size} cues, model "
        f"{len(shipped.model.index) if shipped.model else 0} features fitted on "
        f"{len(corpus.training)} examples; loaded in {load_ms:.0f} ms"
    )
    indexed = list(enumerate(messages))
    rule_decisions = decide_all(rules_only, indexed)
    ordinary = ordinary_texts(DEFAULT_CONFIG_DIR / ORDINARY)
    combined_decisions = cross_validated(shipped.lexicon, messages, held_out, shipped, ordinary)
    splits = {m.split for m in messages} - TRAINING_ONLY
    tuned = splits - held_out
    rules = tally(messages, rule_decisions, splits)
    combined = tally(messages, combined_decisions, splits)

    print("\nper split: recall / false refusals (model cross-validated by split on all but never-tuned)")
    print(f"{'split':<10} {'kind':<11} {'misuse':>6} {'rules alone':>17} {'rules + model':>17}")
    for split in sorted(splits, key=lambda s: (s in held_out, s in model_only, len(s), s)):
        kind = "never-tuned" if split in held_out else "model-only" if split in model_only else "tuned"
        r, c = rules[split]["all"], combined[split]["all"]
        print(f"{split:<10} {kind:<11} {c.misuse:>6} {r.short():>17} {c.short():>17}")
    print_languages("tuned splits (rules in-sample, model cross-validated)",
                    pooled(rules, tuned - model_only), pooled(combined, tuned - model_only))  # fmt: skip
    print_languages("fresh rounds only the model learned from (rules never tuned on them, model "
                    "cross-validated)", pooled(rules, tuned & model_only),
                    pooled(combined, tuned & model_only))  # fmt: skip
    never = pooled(combined, set(held_out))
    print_languages("never-tuned splits", pooled(rules, set(held_out)), never)
    print_capabilities(messages, combined_decisions, (set(held_out) | model_only) - TRAINING_ONLY)
    if FRESH_ROUNDS:
        print("\nfresh rounds at their first measurement (before any tuning on them):")
        for split, guard, recall, false_rate in FRESH_ROUNDS:
            print(f"  {split:<10} {guard:<46} recall {pct(recall)}, false refusals {pct(false_rate)}")
    if show_misses:
        print("\nmistakes on tuned splits (never-tuned splits are not printed: reading them tunes)")
        for i, m in indexed:
            if m.split in held_out or combined_decisions[i][0] == m.misuse:
                continue
            kind = "MISSED" if m.misuse else "FALSE REFUSAL"
            print(f"  {kind:<13} {m.split:<8} {m.lang} {m.text[:100]}")

    texts = [m.text for m in messages]
    rules_ms = timing(rules_only, texts)
    model_ms = timing(shipped, texts)
    print(
        f"\nintent check in-process, rules alone | rules + model: median {rules_ms[0]:.3f} | "
        f"{model_ms[0]:.3f} ms ({model_ms[0] / rules_ms[0]:.1f}x), p99 {rules_ms[1]:.3f} | "
        f"{model_ms[1]:.3f} ms (budget {BUDGET_MS} ms: {BUDGET_MS / max(model_ms[1], 1e-9):.0f}x "
        f"headroom at p99); 12,000-char hostile message {rules_ms[2]:.2f} | {model_ms[2]:.2f} ms"
    )
    shipped_tuned = tally(messages, decide_all(shipped, indexed), tuned)
    fitted_all = pooled(shipped_tuned, tuned)["all"]
    # the targets hold where the lexicons were tuned (as in the corpus test); the fresh rounds
    # the model was fitted on stay below them in-sample (it is regularized) and are shown apart
    in_sample = pooled(shipped_tuned, tuned - model_only)["all"]
    cv = pooled(combined, tuned - model_only)["all"]
    rounds_cv = pooled(combined, tuned & model_only)["all"]
    ok = (
        in_sample.recall >= RECALL_TARGET
        and in_sample.false_rate <= FALSE_REFUSAL_TARGET
        and model_ms[1] < BUDGET_MS
    )
    print(
        f"summary (recall / false refusals): lexicon-tuned splits in-sample {in_sample.short()}, "
        f"every fitted split in-sample {fitted_all.short()}, "
        f"cross-validated by split {cv.short()}; fresh rounds the model learned from, "
        f"cross-validated {rounds_cv.short()}; never-tuned splits {never['all'].short()}"
    )
    print(
        f"targets on the lexicon-tuned splits (recall >= {pct(RECALL_TARGET).strip()}, false refusals <= "
        f"{pct(FALSE_REFUSAL_TARGET).strip()}, p99 < {BUDGET_MS} ms):",
        "MET" if ok else "NOT MET",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
