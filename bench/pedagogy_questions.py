"""Does the offline mentor answer THE question? 84 labelled questions in 14 languages.

Each question (bench/data/pedagogy_questions.toml, then every labelled split
bench/data/pedagogy_questions_*.toml, each scored on its own) goes through the whole
MentorService with the offline engine, in a fresh thread. Prints:
- concept coverage: the tools and APIs a good answer must name, found in the reply (>= 90%),
  and, beside it, found in the knowledge units the reply was composed from (all their texts:
  says whether a miss is retrieval choosing the wrong units or the composer leaving a step out);
- near-identical steps: pairs of different questions whose steps have a difflib ratio > 0.9
  (target 0: a reply is composed for its question, not per topic);
- language match per language: the reply is in the learner's language (target 100%);
- distinct steps: steps per reply that no other reply of the set gives word for word;
- off-topic steps per reply: steps from a unit that is neither of a topic the question's label
  names (OFF_TOPIC_LABELS) nor names one of its expected concepts (fewer, right steps win);
- retrieval cost: index load time and per-query time of bm25s (and of rank-bm25 on the same
  tokens, side by side, when it is installed).

    PYTHONPATH=. python bench/pedagogy_questions.py
    PYTHONPATH=. python bench/pedagogy_questions.py --file questions.toml   # an external set

An external file has `[[questions]]` (or `[[question]]`) tables with `lang` (or `language`), `text` (or
`question`), the concepts as `expects` (or `concepts`) and an optional `topic`; a question
with `turns` (a list) is a thread whose last reply is scored.
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import functools
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

from bench._mentor_run import offline_settings, record_units  # noqa: E402
from bot.app import open_app  # noqa: E402
from bot.mentor.engine_port import (  # noqa: E402
    DeltaCallback,
    EngineReply,
    EngineRequest,
    ReplyEngine,
)
from bot.mentor.knowledge import KnowledgeBase  # noqa: E402
from bot.mentor.language import LanguageDetector  # noqa: E402
from bot.mentor.models import MentorRequest  # noqa: E402
from bot.mentor.retrieval import UnitIndex  # noqa: E402
from bot.mentor.tokens import tokenize  # noqa: E402
from bot.mentor.units import LANGUAGES, Unit  # noqa: E402
from bot.observability import configure_logging  # noqa: E402
from bot.settings import DEFAULT_CONFIG_DIR  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "pedagogy_questions.toml"
SPLITS = "pedagogy_questions_*.toml"
"""Further labelled splits beside DATA (unseen sets added after they were measured once)."""
NEAR_IDENTICAL = 0.9
COVERAGE_TARGET = 0.9
MAX_MISSES = 200


@dataclass(frozen=True)
class Question:
    lang: str
    topic: str
    text: str
    concepts: tuple[str, ...]
    turns: tuple[str, ...] = ()
    """Earlier messages of the same thread, sent before `text` (a follow-up question)."""


@dataclass
class Answer:
    question: Question
    text: str
    steps: str
    language: str
    detected: str | None
    found: tuple[str, ...]
    in_units: tuple[str, ...] = ()
    """Concepts found in the texts of the units the reply was composed from."""
    units: tuple[str, ...] = ()
    refused: bool = False
    """The intent guard refused the question (a benign labelled question: a false refusal)."""
    off_topic: tuple[str, ...] = ()
    """Step ids the reply gave from units off the question's topic (see `off_topic_steps`)."""


def load_questions(path: Path = DATA) -> list[Question]:
    """A labelled set; tolerant of the field names an external file may use."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    out: list[Question] = []
    for q in data.get("questions", data.get("question", [])):
        turns = [str(t) for t in q.get("turns", [])]
        text = str(q.get("text") or q.get("question") or (turns[-1] if turns else ""))
        if turns and turns[-1] == text:
            turns = turns[:-1]
        concepts = q.get("expects", q.get("concepts", []))
        out.append(
            Question(
                str(q.get("lang") or q.get("language")),
                str(q.get("topic", "?")),
                text,
                tuple(str(c) for c in concepts),
                tuple(turns),
            )
        )
    return out


def unit_text(unit: Unit, language: str) -> str:
    """Everything a unit could put in a reply: its texts (learner's language and English),
    scaffold, references and stack names."""
    parts = [unit.scaffold, " ".join(unit.stack)]
    parts.extend(f"{title} {url}" for title, url in unit.refs)
    for lang in dict.fromkeys((language, "en")):
        text = unit.in_language(lang)
        parts.extend([text.title, text.question, text.hypothesis, *text.steps])
    return "\n".join(parts)


SHOWN_PREFIX = 60
"""Characters of a unit passage that must appear in the reply for the passage to count as shown."""


def shown_in_english(units: list[Unit], language: str, reply: str) -> str:
    """The English counterparts of the unit passages the reply shows in the learner's language.

    Labelled concepts are written in English while an offline reply in Portuguese says them in
    Portuguese; the units carry each passage in both, so a passage the reply shows (its opening
    found verbatim in the reply) contributes its English wording. Passages not shown add nothing,
    so this scores what the learner read, in another language, not what the units could have said.
    """
    if language == "en":
        return ""
    out: list[str] = []
    for unit in units:
        mine, english = unit.in_language(language), unit.in_language("en")
        pairs = [
            (mine.title, english.title),
            (mine.question, english.question),
            (mine.hypothesis, english.hypothesis),
            *zip(mine.steps, english.steps, strict=False),
        ]
        out.extend(en for own, en in pairs if own and own[:SHOWN_PREFIX] in reply)
    return "\n".join(out)


def concept_found(concept: str, text: str) -> bool:
    """The concept is in the text.

    Labelled concepts are alternatives of strings ("a|b"; "re:" = regex), found as substrings.
    A concept written as prose ("event loop blocked by a synchronous call") is found when one of
    its alternatives (split on "/", " or ", parentheses) has most of its content words in the
    text, compared as retrieval stems (bot/mentor/tokens.py), or its identifier appears whole.
    """
    if "|" in concept or concept.startswith("re:") or " " not in concept.strip():
        lowered = text.lower()
        for alternative in concept.split("|"):
            if alternative.startswith("re:"):
                if re.search(alternative[3:], text, re.I):
                    return True
            elif alternative.lower() in lowered:
                return True
        return False
    return prose_concept_found(concept, text)


_ALTERNATIVES = re.compile(r"\s*(?:/|\bor\b|\(|\)|,|;)\s*", re.I)
_IDENT = re.compile(r"[A-Za-z_][\w.]*[._][\w.]+|[A-Za-z]+[A-Z][\w]*|--?[a-z][\w-]+")
PROSE_SHARE = 0.6
"""Share of an alternative's content words that must be in the text."""


@functools.lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    return frozenset(tokenize(text, "en"))


def prose_concept_found(concept: str, text: str) -> bool:
    """Most content words of one of the concept's alternatives, or one of its identifiers."""
    words = _stems(text)
    lowered = text.lower()
    for ident in _IDENT.findall(concept):
        if len(ident) > 3 and ident.lower().strip(".") in lowered:
            return True
    for alternative in [concept, *_ALTERNATIVES.split(concept)]:
        tokens = {t for t in tokenize(alternative, "en") if not t.isdigit()}
        if len(tokens) < 2 and alternative != concept:
            continue
        if tokens and len(tokens & words) >= max(1, PROSE_SHARE * len(tokens)):
            return True
    return False


LABEL_TOPICS: dict[str, frozenset[str]] = {
    label: frozenset(topics.split())
    for label, topics in {
        "concurrency": "asyncio",
        "multiprocessing": "asyncio profiling",
        "cpu_bound": "asyncio profiling",
        "free_threading": "asyncio internals",
        "performance": "profiling internals numerics ffi",
        "memory": "profiling internals numerics dataframes",
        "architecture": "distributed webapi networking data",
        "distributed_systems": "distributed",
        "distributed_locks": "distributed databases",
        "reliability": "distributed networking observability",
        "task_queues": "distributed asyncio",
        "caching": "distributed databases",
        "typing": "tooling validation internals",
        "dataclasses": "internals validation",
        "generators": "internals",
        "ci": "tooling packaging testing",
        "api_design": "webapi",
        "web_frameworks": "webapi networking asyncio",
        "websockets": "networking asyncio",
        "http_clients": "networking asyncio",
        "rate_limiting": "networking webapi distributed",
        "data_engineering": "data dataframes",
        "data_pipelines": "data dataframes",
        "serialization": "validation data",
        "c_extensions": "ffi",
        "cython": "ffi",
        "numba": "ffi numerics",
        "jax": "numerics gpu",
        "logging": "observability",
        "security_own_app": "security",
        "web_security": "security",
        "containers": "packaging tooling security",
        "migrations": "databases orm",
        "contract_testing": "testing webapi",
        "time": "testing internals",
    }.items()
}
"""The units' topics a labelled topic names, beyond the same word (testing = testing)."""


def on_topic(unit: Unit, question: Question, language: str) -> bool:
    """The unit is of a topic the question's label names, or names an expected concept."""
    label = question.topic.lower()
    if unit.topic == label or unit.topic in LABEL_TOPICS.get(label, ()):
        return True
    if label.replace("-", "_").split("_")[0] in (unit.topic, unit.subtopic.split("-")[0]):
        return True
    return any(concept_found(c, unit_text(unit, language)) for c in question.concepts)


def off_topic_steps(
    step_ids: tuple[str, ...], units: list[Unit], question: Question
) -> tuple[str, ...]:
    """Steps ('<unit id>#<index>') the reply took from units off the question's topic."""
    off = {u.id for u in units if not on_topic(u, question, question.lang)}
    return tuple(step for step in step_ids if step.partition("#")[0] in off)


def record_steps(engine: ReplyEngine) -> list[tuple[str, ...]]:
    """Wrap `engine.reply` so each reply's step ids are appended to the list returned."""
    given: list[tuple[str, ...]] = []
    compose = engine.reply

    async def recording(
        request: EngineRequest, on_delta: DeltaCallback | None = None
    ) -> EngineReply:
        reply = await compose(request, on_delta)
        given.append(reply.steps)
        return reply

    engine.reply = recording  # type: ignore[method-assign]
    return given


async def answer_all(questions: list[Question]) -> list[Answer]:
    detector = LanguageDetector(list(LANGUAGES))
    answers: list[Answer] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = offline_settings(Path(tmp))
        async with open_app(settings) as app:
            used = record_units(app.mentor.engine)
            steps = record_steps(app.mentor.engine)
            by_id = {u.id: u for u in KnowledgeBase.load(settings.config_dir).units.units}
            for n, q in enumerate(questions):
                for text in (*q.turns, q.text):
                    used.clear()
                    steps.clear()
                    thread = f"q{n}" if q.turns else None
                    reply = await app.mentor.handle(
                        MentorRequest(platform="bench", user=f"q{n}", text=text, thread=thread)
                    )
                units = used[-1] if used else ()
                chosen = [by_id[u] for u in units if u in by_id]
                composed = "\n".join(unit_text(u, q.lang) for u in chosen)
                said = f"{reply.text}\n{shown_in_english(chosen, q.lang, reply.text)}"
                body = "\n".join(reply.sections.to_dict().values())
                answers.append(
                    Answer(
                        question=q,
                        text=reply.text,
                        steps=reply.sections.steps,
                        language=reply.language,
                        detected=detector.detect(body).language,
                        found=tuple(c for c in q.concepts if concept_found(c, said)),
                        in_units=tuple(c for c in q.concepts if concept_found(c, composed)),
                        units=units,
                        refused=reply.refused,
                        off_topic=off_topic_steps(steps[-1] if steps else (), chosen, q),
                    )
                )
    return answers


_STEP = re.compile(r"^\s*(?:\d+\.|- \[ \])\s*(.+)$", re.M)


def distinct_steps(answers: list[Answer]) -> tuple[float, int]:
    """Mean steps per reply that no other reply gives verbatim, and the replies with none."""
    per_answer = [set(_STEP.findall(a.steps)) for a in answers]
    counts: dict[str, int] = defaultdict(int)
    for steps in per_answer:
        for step in steps:
            counts[step] += 1
    own = [sum(1 for s in steps if counts[s] == 1) for steps in per_answer]
    return (statistics.mean(own) if own else 0.0), sum(1 for n in own if n == 0)


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


def report(answers: list[Answer], name: str = "") -> bool:
    total = sum(len(a.question.concepts) for a in answers)
    found = sum(len(a.found) for a in answers)
    in_units = sum(len(a.in_units) for a in answers)
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
    print(
        f"\n{name or 'set'}: {len(answers)} questions, {len(per_lang)} languages, {total} concepts"
    )
    print(f"concept coverage       {found}/{total} = {100 * coverage:.1f}% (target >= 90%)")
    unit_share = 100 * in_units / total if total else 0.0
    print(f"  in the units used    {in_units}/{total} = {unit_share:.1f}%")
    mean_own, none_own = distinct_steps(answers)
    print(
        f"distinct steps         {mean_own:.1f} per reply; {none_own} replies with none of their own"
    )
    off = [len(a.off_topic) for a in answers]
    print(
        f"off-topic steps        {statistics.mean(off) if off else 0.0:.2f} per reply; "
        f"{sum(1 for n in off if n)} replies with any"
    )
    print("  by topic: " + ", ".join(f"{t} {f}/{n}" for t, (f, n) in sorted(per_topic.items())))
    print(f"near-identical steps   {len(pairs)} pairs with ratio > {NEAR_IDENTICAL} (target 0)")
    for a, b, ratio in pairs[:10]:
        print(f"  {ratio:.2f}  {a.question.text[:50]!r} ~ {b.question.text[:50]!r}")
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a in answers:
        by_lang[a.question.lang][0] += len(a.found)
        by_lang[a.question.lang][1] += len(a.question.concepts)
    print("  by language: " + ", ".join(f"{g} {f}/{n}" for g, (f, n) in sorted(by_lang.items())))
    langs = "  ".join(f"{lang} {sum(ok)}/{len(ok)}" for lang, ok in sorted(per_lang.items()))
    print(f"language match         {langs} (target 100%)")
    for a in answers:
        if a.language != a.question.lang or a.detected != a.question.lang:
            print(
                f"  LANG {a.question.lang}: replied {a.language}, detected {a.detected} "
                f":: {a.question.text[:50]}"
            )
    refused = [a for a in answers if a.refused]
    print(f"refused by the guard   {len(refused)} of {len(answers)} questions (target 0)")
    for a in refused:
        print(f"  REFUSED [{a.question.lang}/{a.question.topic}] {a.question.text[:70]}")
    missed = [(a, c) for a in answers for c in a.question.concepts if c not in a.found]
    for a, concept in missed[:MAX_MISSES]:
        where = "unit" if concept in a.in_units else "none"
        print(
            f"  MISS [{a.question.lang}/{a.question.topic}] {concept!r} ({where}) "
            f"{','.join(u.partition('.')[2] for u in a.units)} :: {a.question.text[:60]}"
        )
    if len(missed) > MAX_MISSES:
        print(f"  ... and {len(missed) - MAX_MISSES} more")
    for a in answers:
        if a.off_topic:
            print(
                f"  OFF [{a.question.lang}/{a.question.topic}] {' '.join(a.off_topic)} "
                f":: {a.question.text[:60]}"
            )
    return coverage >= COVERAGE_TARGET and not pairs and all(all(ok) for ok in per_lang.values())


def sets(files: list[Path] | None = None) -> list[tuple[str, list[Question]]]:
    """The sets to score: `files`, or the tuned set and every labelled split beside it."""
    paths = files or [DATA, *sorted(DATA.parent.glob(SPLITS))]
    return [(path.stem, load_questions(path)) for path in paths]


async def run_questions(files: list[Path] | None = None) -> bool:
    """The whole bench; True when every target is met on every set."""
    chosen = sets(files)
    retrieval_cost([q for _, questions in chosen for q in questions])
    met = True
    for name, questions in chosen:
        answers = await answer_all(questions)
        split_met = report(answers, name)
        if files or not name.startswith("pedagogy_questions_"):
            met = split_met and met
        else:
            print("  (an unseen split: reported, not a target; the tuned set is)")
    print(
        "targets (coverage >= 90%, 0 near-identical, language 100%):", "MET" if met else "NOT MET"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, action="append", help="score this set instead")
    args = parser.parse_args()
    configure_logging(level="error", stream=sys.stderr)
    return 0 if asyncio.run(run_questions(args.file)) else 1


if __name__ == "__main__":
    sys.exit(main())
