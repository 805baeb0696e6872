"""Does the offline mentor answer THE question? 84 labelled questions in 14 languages.

Each question (bench/data/pedagogy_questions.toml) goes through the whole MentorService with
the offline engine, in a fresh thread. Prints:
- concept coverage: the tools and APIs a good answer must name, found in the reply (>= 90%);
- near-identical steps: pairs of different questions whose steps have a difflib ratio > 0.9
  (target 0: a reply is composed for its question, not per topic);
- language match per language: the reply is in the learner's language (target 100%);
- retrieval cost: index load time and per-query time of bm25s (and of rank-bm25 on the same
  tokens, side by side, when it is installed).

    PYTHONPATH=. python bench/pedagogy_questions.py
"""

from __future__ import annotations

import asyncio
import difflib
import itertools
import re
import statistics
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.app import open_app  # noqa: E402
from bot.mentor.knowledge import KnowledgeBase  # noqa: E402
from bot.mentor.language import LanguageDetector  # noqa: E402
from bot.mentor.models import MentorRequest  # noqa: E402
from bot.mentor.retrieval import UnitIndex  # noqa: E402
from bot.mentor.units import LANGUAGES  # noqa: E402
from bot.observability import configure_logging  # noqa: E402
from bot.settings import DEFAULT_CONFIG_DIR, load_settings  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "pedagogy_questions.toml"
NEAR_IDENTICAL = 0.9
COVERAGE_TARGET = 0.9


@dataclass(frozen=True)
class Question:
    lang: str
    topic: str
    text: str
    concepts: tuple[str, ...]


@dataclass
class Answer:
    question: Question
    text: str
    steps: str
    language: str
    detected: str | None
    found: tuple[str, ...]


def load_questions() -> list[Question]:
    with DATA.open("rb") as fh:
        data = tomllib.load(fh)
    return [
        Question(q["lang"], q["topic"], q["text"], tuple(q["concepts"])) for q in data["questions"]
    ]


def concept_found(concept: str, text: str) -> bool:
    """One of the concept's alternatives ("a|b"; "re:" = regex) is in the text."""
    lowered = text.lower()
    for alternative in concept.split("|"):
        if alternative.startswith("re:"):
            if re.search(alternative[3:], text, re.I):
                return True
        elif alternative.lower() in lowered:
            return True
    return False


async def answer_all(questions: list[Question]) -> list[Answer]:
    detector = LanguageDetector(list(LANGUAGES))
    answers: list[Answer] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp))
        settings = settings.model_copy(
            update={
                "sandbox": settings.sandbox.model_copy(update={"enabled": False}),
                "mentor": settings.mentor.model_copy(update={"rate_limit_questions": 0}),
            }
        )
        async with open_app(settings) as app:
            for n, q in enumerate(questions):
                reply = await app.mentor.handle(
                    MentorRequest(platform="bench", user=f"q{n}", text=q.text)
                )
                body = "\n".join(reply.sections.to_dict().values())
                answers.append(
                    Answer(
                        question=q,
                        text=reply.text,
                        steps=reply.sections.steps,
                        language=reply.language,
                        detected=detector.detect(body).language,
                        found=tuple(c for c in q.concepts if concept_found(c, reply.text)),
                    )
                )
    return answers


def near_identical(answers: list[Answer]) -> list[tuple[Answer, Answer, float]]:
    pairs = []
    for a, b in itertools.combinations(answers, 2):
        if a.question.text == b.question.text:
            continue
        matcher = difflib.SequenceMatcher(None, a.steps, b.steps, autojunk=False)
        if matcher.real_quick_ratio() <= NEAR_IDENTICAL or matcher.quick_ratio() <= NEAR_IDENTICAL:
            continue
        ratio = matcher.ratio()
        if ratio > NEAR_IDENTICAL:
            pairs.append((a, b, ratio))
    return pairs


def retrieval_cost(questions: list[Question]) -> None:
    """Index load and per-query time, bm25s and (when installed) rank-bm25 side by side."""
    started = time.perf_counter()
    index = UnitIndex.load(DEFAULT_CONFIG_DIR / "knowledge")  # uncached, unlike KnowledgeBase
    load_ms = (time.perf_counter() - started) * 1000
    kb = KnowledgeBase(index)
    queries = [index.query_tokens(q.text, q.lang) for q in questions]
    timings = []
    for _ in range(20):
        for q in questions:
            t0 = time.perf_counter()
            index.search(q.text, q.lang)
            timings.append(time.perf_counter() - t0)
    search_ms = statistics.median(timings) * 1000
    print(f"units indexed          {len(kb.units.units)} in {len(kb.topics)} topics")
    print(f"load + index (bm25s)   {load_ms:8.1f} ms (validation, tokenizing, indexing)")
    print(f"search p50 (bm25s)     {search_ms:8.3f} ms per question (tokenize + score + rank)")
    try:
        import bm25s  # noqa: PLC0415
        from rank_bm25 import BM25Okapi  # noqa: PLC0415
    except ImportError:
        print("rank-bm25 not installed: no side-by-side scoring comparison")
        return
    corpus = [index.document(u) for u in kb.units.units]
    t0 = time.perf_counter()
    okapi = BM25Okapi(corpus)
    okapi_index_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    fast = bm25s.BM25()
    fast.index(corpus, show_progress=False)
    bm25s_index_ms = (time.perf_counter() - t0) * 1000
    rounds = 20
    t0 = time.perf_counter()
    for _ in range(rounds):
        for tokens in queries:
            okapi.get_scores(tokens)
    okapi_ms = (time.perf_counter() - t0) * 1000 / (rounds * len(queries))
    t0 = time.perf_counter()
    for _ in range(rounds):
        for tokens in queries:
            fast.get_scores(tokens)
    fast_ms = (time.perf_counter() - t0) * 1000 / (rounds * len(queries))
    print(
        f"scoring only           bm25s {fast_ms:.3f} ms vs rank-bm25 {okapi_ms:.3f} ms per query "
        f"({okapi_ms / fast_ms:.1f}x); index {bm25s_index_ms:.1f} vs {okapi_index_ms:.1f} ms"
    )


def report(answers: list[Answer]) -> bool:
    total = sum(len(a.question.concepts) for a in answers)
    found = sum(len(a.found) for a in answers)
    coverage = found / total if total else 0.0
    pairs = near_identical(answers)
    per_lang: dict[str, list[bool]] = defaultdict(list)
    for a in answers:
        per_lang[a.question.lang].append(
            a.language == a.question.lang and a.detected == a.question.lang
        )
    per_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a in answers:
        per_topic[a.question.topic][0] += len(a.found)
        per_topic[a.question.topic][1] += len(a.question.concepts)
    print(f"\n{len(answers)} questions, {len(per_lang)} languages, {total} concepts")
    print(f"concept coverage       {found}/{total} = {100 * coverage:.1f}% (target >= 90%)")
    print("  by topic: " + ", ".join(f"{t} {f}/{n}" for t, (f, n) in sorted(per_topic.items())))
    print(f"near-identical steps   {len(pairs)} pairs with ratio > {NEAR_IDENTICAL} (target 0)")
    for a, b, ratio in pairs[:10]:
        print(f"  {ratio:.2f}  {a.question.text[:50]!r} ~ {b.question.text[:50]!r}")
    langs = "  ".join(f"{lang} {sum(ok)}/{len(ok)}" for lang, ok in sorted(per_lang.items()))
    print(f"language match         {langs} (target 100%)")
    for a in answers:
        if a.language != a.question.lang or a.detected != a.question.lang:
            print(
                f"  LANG {a.question.lang}: replied {a.language}, detected {a.detected} "
                f":: {a.question.text[:50]}"
            )
    missed = [(a, c) for a in answers for c in a.question.concepts if c not in a.found]
    for a, concept in missed[:40]:
        print(
            f"  MISS [{a.question.lang}/{a.question.topic}] {concept!r} :: {a.question.text[:60]}"
        )
    if len(missed) > 40:
        print(f"  ... and {len(missed) - 40} more")
    return coverage >= COVERAGE_TARGET and not pairs and all(all(ok) for ok in per_lang.values())


async def run_questions() -> bool:
    """The whole bench; True when every target is met."""
    questions = load_questions()
    retrieval_cost(questions)
    answers = await answer_all(questions)
    met = report(answers)
    print(
        "targets (coverage >= 90%, 0 near-identical, language 100%):", "MET" if met else "NOT MET"
    )
    return met


if __name__ == "__main__":
    configure_logging(level="error", stream=sys.stderr)
    sys.exit(0 if asyncio.run(run_questions()) else 1)
