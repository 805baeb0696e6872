"""Content checks for the old one-reply-per-topic files (config/knowledge/<topic>.toml).

Transitional: they serve only topics without a units file (bot/mentor/legacy.py) and go away
with it; the units themselves are checked in tests/knowledge/test_unit_content.py.
"""

import ast
import functools
import re
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "config" / "knowledge"

TOPICS = tuple(
    sorted(p.stem for p in KNOWLEDGE_DIR.glob("*.toml") if p.stem not in ("references", "signals"))
)
"""The old files still shipped: only topics without a units file yet, and 'general'."""
LANGUAGES = ("en", "pt", "es", "fr", "de", "it")
SECTION_KEYS = frozenset(
    {
        "title",
        "context",
        "hypotheses",
        "steps",
        "scaffold",
        "topics",
        "references",
        "next_steps",
        "reflection",
    }
)
LIST_RANGES = {
    "context": (3, 4),
    "hypotheses": (2, 3),
    "steps": (4, 6),
    "topics": (2, 4),
    "references": (2, 2),
    "next_steps": (1, 2),
    "reflection": (2, 2),
}
KEYWORD_RANGE = (15, 40)
BACKTICKED = re.compile(r"`[^`\s][^`]*`")
WORD_EDGES = re.compile(r"\w(.*\w)?", re.DOTALL)
CASES = [(topic, lang) for topic in TOPICS for lang in LANGUAGES]


@functools.cache
def _load(topic: str) -> dict[str, Any]:
    with (KNOWLEDGE_DIR / f"{topic}.toml").open("rb") as fh:
        return tomllib.load(fh)


class _KnowledgeBase:
    """Lazy mapping so a missing or broken file fails its own tests, not collection."""

    def __getitem__(self, topic: str) -> dict[str, Any]:
        return _load(topic)

    def values(self) -> list[dict[str, Any]]:
        return [_load(topic) for topic in TOPICS]


KB = _KnowledgeBase()


def _normalize(text: str) -> str:
    """Lowercase and strip accents, as the offline engine does before matching."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_placeholder(node: ast.stmt) -> bool:
    if isinstance(node, ast.Pass):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return node.value.value is Ellipsis
    if isinstance(node, ast.Raise) and node.exc is not None:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
    return False


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_old_files_remain_only_for_topics_without_units():
    """An old one-reply file is retired as soon as its topic has a units file."""
    with_units = {p.stem for p in (KNOWLEDGE_DIR / "units").glob("*.toml")}
    assert not set(TOPICS) & with_units


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_id_matches_file_name(topic):
    """Each file's `id` equals its file name."""
    assert KB[topic]["id"] == topic


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_languages_are_complete(topic):
    """Each topic defines exactly the six supported languages."""
    assert set(KB[topic]["lang"]) == set(LANGUAGES)


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_language_section_has_every_key(topic, lang):
    """Each language table has every section key and no unknown key."""
    assert set(KB[topic]["lang"][lang]) == SECTION_KEYS


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_section_list_lengths_within_range(topic, lang):
    """Each list section has a length within the method's bounds."""
    section = KB[topic]["lang"][lang]
    for key, (low, high) in LIST_RANGES.items():
        assert isinstance(section[key], list), key
        assert low <= len(section[key]) <= high, f"{key}: {len(section[key])}"


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_text_items_are_non_empty_strings(topic, lang):
    """Every prose item is a non-blank, trimmed string."""
    section = KB[topic]["lang"][lang]
    items = [section["title"]]
    for key in ("context", "hypotheses", "steps", "topics", "next_steps", "reflection"):
        items.extend(section[key])
    for item in items:
        assert isinstance(item, str)
        assert item.strip() == item
        assert item


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_questions_end_with_question_mark(topic, lang):
    """Context questions and reflection prompts are phrased as questions."""
    section = KB[topic]["lang"][lang]
    for item in section["context"] + section["reflection"]:
        assert item.endswith("?"), item


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_every_step_names_a_backticked_command(topic, lang):
    """Each actionable step names a real command or API in backticks."""
    for step in KB[topic]["lang"][lang]["steps"]:
        assert BACKTICKED.search(step), step


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_every_hypothesis_names_its_measurement(topic, lang):
    """Each hypothesis names the tool, API or metric that measures it, in backticks."""
    for hypothesis in KB[topic]["lang"][lang]["hypotheses"]:
        assert BACKTICKED.search(hypothesis), hypothesis


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_scaffold_parses_as_python(topic, lang):
    """The scaffold is valid Python source."""
    ast.parse(KB[topic]["lang"][lang]["scaffold"])


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_scaffold_functions_keep_placeholder_bodies(topic, lang):
    """Every scaffold function keeps a placeholder, so no scaffold is a turnkey solution."""
    functions = _functions(ast.parse(KB[topic]["lang"][lang]["scaffold"]))
    assert functions
    for func in functions:
        body = [n for n in ast.walk(func) if isinstance(n, ast.stmt) and n is not func]
        assert any(_is_placeholder(n) for n in body), func.name


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_scaffold_stays_short(topic, lang):
    """A scaffold is a skeleton, not a program: at most 45 lines."""
    assert len(KB[topic]["lang"][lang]["scaffold"].strip().splitlines()) <= 45


@pytest.mark.parametrize(("topic", "lang"), CASES)
def test_references_have_title_and_https_url(topic, lang):
    """Every reference has a title and an https:// URL."""
    for ref in KB[topic]["lang"][lang]["references"]:
        assert set(ref) == {"title", "url"}
        assert ref["title"].strip()
        assert ref["url"].startswith("https://"), ref["url"]
        assert " " not in ref["url"]


@pytest.mark.parametrize(("topic", "lang"), [c for c in CASES if c[1] != "en"])
def test_translation_differs_from_english(topic, lang):
    """Translated prose is not a copy of the English text."""
    english = KB[topic]["lang"]["en"]
    section = KB[topic]["lang"][lang]
    for key in ("context", "reflection", "next_steps"):
        assert not set(section[key]) & set(english[key]), key


@pytest.mark.parametrize("topic", TOPICS)
def test_commands_are_identical_across_languages(topic):
    """Backticked commands in the steps are the same set in every language."""
    langs = KB[topic]["lang"]
    expected = {m for s in langs["en"]["steps"] for m in BACKTICKED.findall(s)}
    for lang in LANGUAGES:
        found = {m for s in langs[lang]["steps"] for m in BACKTICKED.findall(s)}
        assert found == expected, lang


@pytest.mark.parametrize("topic", TOPICS)
def test_keywords_are_lowercase_unique_and_bounded(topic):
    """Keywords are lowercase, trimmed, unique (even without accents) and 15-40 per topic."""
    keywords = KB[topic]["keywords"]
    low, high = KEYWORD_RANGE
    assert low <= len(keywords) <= high, len(keywords)
    counts = Counter(_normalize(k) for k in keywords)
    assert [k for k, n in counts.items() if n > 1] == []
    for keyword in keywords:
        assert keyword == keyword.lower() == keyword.strip(), keyword
        assert keyword


@pytest.mark.parametrize("topic", TOPICS)
def test_keywords_start_and_end_on_word_characters(topic):
    """Each keyword starts and ends with a word character, so word-boundary matching works."""
    for keyword in KB[topic]["keywords"]:
        assert WORD_EDGES.fullmatch(keyword), keyword


@pytest.mark.parametrize("topic", TOPICS)
def test_code_markers_are_non_empty_strings(topic):
    """Code markers are a non-empty list of non-blank strings."""
    markers = KB[topic]["code_markers"]
    assert markers
    assert all(isinstance(m, str) and m.strip() for m in markers)


def test_no_keyword_is_shared_by_three_topics():
    """A keyword appears in at most two topics, so it still discriminates."""
    counts = Counter(k for data in KB.values() for k in {_normalize(w) for w in data["keywords"]})
    assert [k for k, n in counts.items() if n >= 3] == []
