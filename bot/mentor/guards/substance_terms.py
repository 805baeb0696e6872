"""What the sections guard measures text with: tool and topic terms, vetted hosts, list items.

The vocabulary and the small text measures behind each section's rule (bot/mentor/guards/
substance.py), kept apart so the rules read as rules and the word lists can grow on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text import markdown

MIN_STEPS = 3
MAX_STEPS = 6
MAX_REFERENCES = 2
MIN_LETTERS = 12
"""Fewer letters than this (markup and code excluded) is hollow whatever the section."""
CONCRETE_STEP_LETTERS = 30
"""A step without a command, API or number needs at least this many letters to be concrete."""

VETTED_HOSTS = (
    "docs.python.org",
    "peps.python.org",
    "python.org",
    "packaging.python.org",
    "pypi.org",
    "readthedocs.io",
    "readthedocs.org",
)
"""Reference hosts accepted besides the hosts the knowledge base cites."""

TOOL_TERMS = (
    "asyncio",
    "uvloop",
    "cprofile",
    "profile",
    "pyinstrument",
    "py-spy",
    "scalene",
    "perf",
    "tracemalloc",
    "memray",
    "memory_profiler",
    "timeit",
    "pyperf",
    "pytest",
    "hypothesis",
    "benchmark",
    "flamegraph",
    "latency",
    "throughput",
    "p50",
    "p95",
    "p99",
    "ms",
    "rss",
    "cpu",
    "gc",
    "opentelemetry",
    "prometheus",
    "grafana",
    "mypy",
    "ruff",
    "coverage",
    "cython",
    "pyo3",
    "numba",
    "maturin",
    "concurrent.futures",
    "threadpool",
    "processpool",
    "wrk",
    "locust",
    "strace",
    "valgrind",
    "objgraph",
    "dis",
    "sqlite",
    "explain",
)
"""Tool and metric names that make a hypothesis measurable or a step concrete."""

CORE_TERMS = (
    "asyncio",
    "async",
    "concurren",
    "parallel",
    "thread",
    "multiprocess",
    "event loop",
    "profil",
    "perfil",
    "performance",
    "memory",
    "complexity",
    "complexit",
    "cach",
    "network",
    "socket",
    "grpc",
    "websocket",
    "kafka",
    "rabbitmq",
    "backpressure",
    "ffi",
    "cython",
    "pyo3",
    "c extension",
    "c-api",
    "buffer protocol",
    "numba",
    "distributed",
    "microservice",
    "rate limit",
    "circuit breaker",
    "shard",
    "partition",
    "observability",
    "logging",
    "metrics",
    "tracing",
    "opentelemetry",
    "prometheus",
    r"slos?\b",
    "security",
    "hardening",
    "secret",
    "owasp",
    "threat model",
    "dependency",
    "testing",
    "test",
    "property-based",
    "hypothesis",
    "fuzz",
    "chaos",
    "packaging",
    "wheel",
    "pypi",
    r"abi\b",
    "reproducible",
    "ci/cd",
    r"ci\b",
    "tooling",
    "mypy",
    "lint",
    "pre-commit",
    "static analysis",
    "cprofile",
    "tracemalloc",
)
"""Word starts (regex) naming the method's core topics (every language's KB titles are added)."""

QUESTION = re.compile(r"[?？؟]")
URL = re.compile(r"https?://[^\s)>\]]+")
ITEM = re.compile(r"^\s*(?:(\d{1,2})[.)]|[-*•]|- \[[ x]\])\s+(?P<text>.+)$")
CODE_SPAN = re.compile(r"`[^`\n]+`")
DIGIT = re.compile(r"\d")
_NO_LETTER = r"(?![^\W\d_])"
MEASURE = re.compile(
    r"\d[\d.,_']*\s*(?:%|‰|×|(?:x|s|h|k|m|min|ms|µs|μs|us|ns|sec|[kmgt]i?b|bytes?|ops|rps|qps|"
    r"req|hz)" + _NO_LETTER + r"|/s|times|fold|mal\b|fach|fois|veces|vezes|volte|keer|razy|raz\b|"
    r"kat\b|second|sekund|segund|secondi|seconde|saniye|секунд|мс\b|minut|минут|dakika|"
    r"millisec|milisec|millisek|倍|배|秒|毫秒|초|ミリ秒|회|次|分)|"
    r"[<>=≤≥≈~]\s*\d|\d\s*[<>=≤≥≈]|\d{3,}|\d[.,]\d|\b10\s*(?:\*\*|\^)\s*\d|\de\d|\bO\(",
    re.I,
)
"""A number that measures: with a unit or a factor, in a comparison, a size (3+ digits), a
decimal or a complexity. "There are 3 possible causes" counts things; it measures nothing."""


def letters(text: str) -> int:
    """Letters outside URLs: markup, digits and links are not prose."""
    plain = URL.sub(" ", text)
    return sum(map(str.isalpha, plain))


TOOL = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in TOOL_TERMS) + r")(?![\w-])", re.I
)


def has_tool(text: str) -> bool:
    """Names a tool or a metric, which makes a claim measurable."""
    return bool(TOOL.search(text))


def has_term(text: str, terms: Iterable[str]) -> bool:
    """Contains one of the words (case-insensitive substring)."""
    low = text.lower()
    return any(term in low for term in terms)


def topic_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """One pattern for the word starts naming the method's topics."""
    return re.compile(r"(?<!\w)(?:" + "|".join(terms) + ")", re.I)


def list_items(text: str) -> list[str]:
    """List items of a section; a section without list markers counts its lines."""
    read = [ln for ln in markdown.read_lines(text) if ln.text.strip()]
    items = [m.group("text") for m in (ITEM.match(ln.text) for ln in read) if m]
    return items or [ln.text.strip() for ln in read if ln.role in ("prose", "code")]


def concrete(item: str) -> bool:
    """A step a learner can act on: a command, an API, a number, a tool or a full sentence."""
    return bool(
        CODE_SPAN.search(item)
        or DIGIT.search(item)
        or has_tool(item)
        or letters(item) + len(_WIDE.findall(item)) >= CONCRETE_STEP_LETTERS
    )


_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""Japanese, Chinese and Korean characters: each carries about a word, so counts twice."""


def trim_items(text: str, limit: int) -> tuple[str, bool]:
    """Keep the first `limit` list items (and the lines that belong to them)."""
    lines = text.splitlines()
    count = 0
    for index, line in enumerate(lines):
        if ITEM.match(line):
            count += 1
            if count > limit:
                return "\n".join(lines[:index]).rstrip(), True
    return text, False
