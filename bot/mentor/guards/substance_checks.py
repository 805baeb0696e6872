"""Substance a hollow draft fakes: numbered filler, repeated steps, invented links, foreign prose.

The sections guard asks for a number in a hypothesis and in a reflection, 3 concrete steps and
vetted references. A padded draft satisfies the letter of it: "Hypothesis 1: something is
wrong", "What do you think about step 2?", the same step three times, a made-up page on a
vetted host, or a section written in another language than the reply. These checks read the
rule's intent: a number that measures (not a label), distinct steps, a page that exists in the
vetted documentation's shape, prose in the reply's language.
"""

from __future__ import annotations

import re
import sys
from typing import Protocol
from urllib.parse import urlparse

_LABELS = re.compile(
    r"^\s*(?:\d{1,2}[.)]|[-*•])\s+|"
    r"\b(?:step|section|hypothesis|hip[oó]tese|hip[oó]tesis|hypoth[eè]se|hypothese|ipotesi|"
    r"schritt|paso|passo|[ée]tape|point|item|part|phase|option)\s*#?\d{1,2}\b|"
    r"\b[HhSsPp]\d\b|#\d{1,2}\b|\(\d{1,2}\)|"
    r"^\W*(?:hypothes[ie]s|hip[oó]tes[ei]s?|ipotesi|hypoth[eè]se)\b\W*(?:\d{1,2}\W*)?",
    re.I | re.M,
)
"""List markers and labels ("1.", "step 2", "Hypothesis 1", "H1"): numbers that measure nothing."""
_WORDS = re.compile(r"\w+", re.U)

DOCS_PAGES = frozenset(
    {
        "functions",
        "stdtypes",
        "exceptions",
        "constants",
        "intro",
        "datatypes",
        "concurrency",
        "numeric",
        "text",
        "fileformats",
        "crypto",
        "ipc",
        "internet",
        "development",
        "debug",
        "python",
        "custominterp",
        "modules",
        "language",
        "index",
        "security_warnings",
        "allos",
        "persistence",
        "archiving",
        "netdata",
        "markup",
        "i18n",
        "frameworks",
        "tk",
        "distribution",
        "misc",
        "windows",
        "unix",
        "cmdline",
        "superseded",
        "removed",
        "binary",
        "filesys",
        "functional",
    }
)
"""Pages of docs.python.org/3/library/ that are not named after a module."""
FOREIGN_MIN_CHARS = 50
FOREIGN_CONFIDENCE = 0.95


class Detects(Protocol):
    """The mentor's language detector (bot.mentor.language.LanguageDetector)."""

    def detect(self, text: str, *, min_chars: int = 0) -> object:
        """A Detection: `language`, `confidence` and prose `chars`."""
        ...


def measuring_text(text: str) -> str:
    """`text` without list markers and numbered labels, so a digit left is a measurement."""
    return _LABELS.sub(" ", text)


def distinct(items: list[str]) -> list[str]:
    """Items with repeats (same words, any case or punctuation) left out, in order.

    A number equal to the item's place in the list is a counter, not content: "Step 2: try
    variant 2" repeats "Step 1: try variant 1" (a templated list is one step written N times).
    """
    seen: set[tuple[str, ...]] = set()
    out: list[str] = []
    for place, item in enumerate(items, 1):
        counter = str(place)
        key = tuple("#" if w == counter else w.lower() for w in _WORDS.findall(item))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DOCS_SECTIONS: dict[str, frozenset[str]] = {
    "howto": _words(
        "a-conceptual-overview-of-asyncio annotations argparse argparse-optparse clinic cporting "
        "curses descriptor enum free-threading-extensions free-threading-python functional "
        "gdb_helpers index instrumentation ipaddress isolating-extensions logging "
        "logging-cookbook mro perf_profiling pyporting regex remote_debugging sockets sorting "
        "timerfd unicode urllib2"
    ),
    "tutorial": _words(
        "appendix appetite classes controlflow datastructures errors floatingpoint index "
        "inputoutput interactive interpreter introduction modules stdlib stdlib2 venv "
        "whatnow"
    ),
    "reference": _words(
        "compound_stmts datamodel executionmodel expressions grammar import index introduction "
        "lexical_analysis simple_stmts toplevel_components"
    ),
    "using": _words("android cmdline configure editors index ios mac unix windows"),
    "faq": _words("design extending general gui index installed library programming windows"),
}
"""The pages of docs.python.org's HOWTOs, tutorial, language reference, setup and FAQ."""
PEP_RANGES = ((1, 799), (3000, 3156), (8000, 8107))
"""PEP numbers that exist (the rest are invented)."""
_PEP = re.compile(r"/(?:dev/peps/)?pep-0*(\d+)/?(?:\.html)?$", re.I)


def invented_reference(url: str) -> bool:
    """A docs.python.org page or a PEP that does not exist, with an official-looking URL.

    Library pages must be named after a module or a documented chapter; HOWTO, tutorial,
    reference, setup and FAQ pages must be among theirs; a PEP's number must exist.
    """
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if host in {"peps.python.org", "www.python.org", "python.org"}:
        pep = _PEP.search(parsed.path)
        return pep is not None and not any(a <= int(pep.group(1)) <= b for a, b in PEP_RANGES)
    if host != "docs.python.org":
        return False
    section = re.fullmatch(r"/3(?:\.\d+)?/(\w+)/([\w.-]+?)\.html", parsed.path)
    if section is not None and section.group(1) in DOCS_SECTIONS:
        return section.group(2) not in DOCS_SECTIONS[section.group(1)]
    match = re.fullmatch(r"/3(?:\.\d+)?/library/([\w.-]+?)\.html", parsed.path)
    if match is None:
        return False
    page = match.group(1)
    module = page.split("-")[0]
    return not (
        module in DOCS_PAGES
        or module.split(".")[0] in sys.stdlib_module_names
        or module.startswith("_")
    )


def foreign_prose(text: str, language: str, detector: Detects | None) -> bool:
    """Enough prose, confidently in another of the mentor's languages than the reply's."""
    if detector is None:
        return False
    found = detector.detect(text, min_chars=FOREIGN_MIN_CHARS)  # short prose is not ranked
    lang = getattr(found, "language", None)
    return (
        lang is not None
        and lang != language
        and getattr(found, "chars", 0) >= FOREIGN_MIN_CHARS
        and getattr(found, "confidence", 0.0) >= FOREIGN_CONFIDENCE
    )
