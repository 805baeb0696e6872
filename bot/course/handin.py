"""A hand-in in a session thread, read against the session's checklist: met, missing, measured.

The feedback quotes the learner's own sentence for each element it found (review9 R31: a
report got a generic mentor reply instead of "feedback against the session's goals"), and a
session is done by a measured report, not by one line of the checklist's words (review8 F38,
review9 R46).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.course.content import ChecklistItem, Course, HandinCues, Session
from bot.text import markdown

MIN_HANDIN_NUMBERS = 3
"""Measured quantities a complete hand-in shows: the deliverables are tables of timings."""

KEYWORD_LINE_ELEMENTS = 3
"""A hand-in naming this many checklist elements, all in one sentence, is a line of keywords."""

QUOTE_CHARS = 90
"""Longest quote of the learner's sentence beside a met element."""

_UNITS = (
    r"ms|µs|us|ns|s|sec|secs|seconds|min|x|%|[kmgt]i?b|bytes|rps|req/s|ops/s|qps"
    r"|мс|с|сек|мин|мб|гб|раза?|рази|fois|mal|volte|keer|razy|veces|vezes|kat"
)
_RATE = r"[^\W\d_]+\s?/\s?(?:s|sec|min|h|с|сек|мин|ч|秒|分|초|분)"
"""A throughput in the learner's own word for what is counted: "1.020 righe/s", "900 rows/sec",
"3 200 Zeilen/s", "1500 строк/с", "800 行/秒" (review13 W14: a rate counted as nothing)."""
_MEASURED = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)\s?"
    rf"(?:(?:{_RATE}|{_UNITS})(?![\w/])|×|ミリ秒|秒|毫秒|밀리초|초|倍|배|分)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[;\n。！？；]")
_TIMING = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)\s?"
    r"(?:(?:ms|µs|us|ns|s|sec|secs|seconds|min|мс|с|сек|мин|sn|sa)(?![\w/])|ミリ秒|秒|毫秒|밀리초|초)",
    re.IGNORECASE,
)
_ASKS = re.compile(r"[?？]")
NO_CUES = HandinCues()
"""No language's words: only "?" asks, nothing says it hands in, no share is known."""


def measurements(text: str) -> int:
    """How many different measured quantities `text` holds (the same value twice is one)."""
    return len({m.group(0).replace(" ", "").lower() for m in _MEASURED.finditer(text)})


def measured_pair(sentence: str, shares: re.Pattern[str] | None = None) -> bool:
    """Two different timings in one sentence: a comparison shown in numbers, in any language.

    "16 clés … se chargent en 0,11 s au lieu de 1,6 s", "sequential 0.41 s, threads 0.06 s".
    Two timings joined as a part and its total (`shares`: "38 ms of the 45 ms", "45 ms'nin
    38 ms'si", "200 ms，其中 170 ms") say where the time goes, not what a change did.
    """
    found = list(_TIMING.finditer(sentence))
    for first, second in itertools.pairwise(found):
        if first.group(0).replace(" ", "").lower() == second.group(0).replace(" ", "").lower():
            continue
        between = sentence[first.end() : second.start()]
        if not between.strip():
            continue  # one compound duration: "8 min 50 s", "1 h 25 min"
        if shares is None or not shares.fullmatch(between):
            return True
    return False


def met(item: ChecklistItem, text: str, shares: re.Pattern[str] | None = None) -> bool:
    """The element is named by its words, or (when it is a comparison) shown by two timings."""
    if item.found_in(text):
        return True
    return item.measured_pair and any(measured_pair(part, shares) for part in sentences(text))


def asks(prose: str, cues: HandinCues) -> bool:
    """The message asks something: "?", or a question or an open problem told in words.

    "どうすればいいですか", "wie bekomme ich", "aber immer noch 2,6 s": no question mark.
    """
    return bool(_ASKS.search(prose)) or any(cue.search(prose) for cue in cues.asks)


def sentences(text: str) -> list[str]:
    """The text's sentences and lines (a decimal point does not end one)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


@dataclass(frozen=True)
class Handin:
    """How a hand-in in a session thread covers the session's deliverable checklist."""

    is_handin: bool
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    numbers: int
    """Measured quantities: a number with its unit (0.41 s, 26.4 MiB, 3.2x, 40 %, 0,2 秒)."""
    quotes: tuple[tuple[str, str], ...] = ()
    """(element id, the learner's sentence that names it), for each covered element."""
    sentences: int = 0
    """How many different sentences name a checklist element."""

    @property
    def reads_as_keywords(self) -> bool:
        """Three or more elements, all named in one sentence: the checklist's words, not a report.

        A report's sentence may name two ("p99 120 ms at 500 rps"); naming the whole
        checklist in one breath is a list.
        """
        return len(self.covered) >= KEYWORD_LINE_ELEMENTS and self.sentences == 1

    @property
    def complete(self) -> bool:
        """Every checklist element is there, in sentences, backed by measurements (F38).

        The checklist's words alone are no deliverable: `io-bound cpu-bound gil speedup 1x
        event loop 2` names every element and measures nothing, and one line of keywords
        with three ratios in it is still a line of keywords (review9 R46).
        """
        return (
            self.is_handin
            and not self.missing
            and self.numbers >= MIN_HANDIN_NUMBERS
            and not self.reads_as_keywords
        )


def assess_handin(session: Session, text: str, cues: HandinCues = NO_CUES) -> Handin:
    """Whether this message is a hand-in, and how it covers the session's checklist.

    A hand-in is a message that says it hands in measured work or code (`cues.says`,
    config/course/handin.toml), or one that asks nothing and holds code, two checklist
    elements, or a report: at least MIN_HANDIN_NUMBERS measured quantities on one of the
    session's goals at least (review10 T29: a measured report of the session's practice task
    was read as a question and never recorded). A question stays a question, with code or
    numbers in it ("here is my loop: what do I change first?"): an ordinary follow-up in a
    session thread is answered, not recorded (course11's cost, 13 -> 28 of 1,008 pairs).
    """
    prose = markdown.without_code(text, "\n")
    parts = sentences(prose)
    quotes: list[tuple[str, str]] = []
    naming: set[int] = set()
    for item in session.checklist:
        for index, part in enumerate(parts):
            if met(item, part, cues.shares):
                naming.add(index)
                if item.id not in dict(quotes):
                    quotes.append((item.id, _quote(item, part)))
    covered = tuple(item.id for item in session.checklist if met(item, text, cues.shares))
    missing = tuple(item.id for item in session.checklist if item.id not in covered)
    has_code = any(block.code for block in markdown.code_blocks(text))
    numbers = measurements(text)
    says_so = any(cue.search(prose) for cue in cues.says)
    reports = numbers >= MIN_HANDIN_NUMBERS and bool(covered)
    handed = says_so and (numbers >= 1 or has_code)
    return Handin(
        is_handin=handed or (not asks(prose, cues) and (has_code or len(covered) >= 2 or reports)),
        covered=covered,
        missing=missing,
        numbers=numbers,
        quotes=tuple(quotes),
        sentences=len(naming),
    )


def _quote(item: ChecklistItem, sentence: str) -> str:
    """The sentence, cut to QUOTE_CHARS around where it names the element."""
    if len(sentence) <= QUOTE_CHARS:
        return sentence
    hit = next((m for p in item.patterns if (m := p.search(sentence))), None)
    start = max(0, (hit.start() if hit else 0) - QUOTE_CHARS // 3)
    cut = sentence[start : start + QUOTE_CHARS]
    if start:  # whole words only
        cut = cut.split(" ", 1)[-1]
    tail = start + QUOTE_CHARS < len(sentence)
    if tail:
        cut = cut.rsplit(" ", 1)[0]
    return ("…" if start else "") + cut.strip() + ("…" if tail else "")


def feedback(course: Course, session: Session, handin: Handin, language: str) -> str:
    """The hand-in read against the session's goals, in the learner's language.

    One line per checklist element (met, with the learner's own sentence; or missing), what
    keeps it from counting (too few measurements, a keyword line), and the session's state.
    """
    text = course.text
    quotes = dict(handin.quotes)
    lines = [text(language, "handin_title", number=session.number)]
    for item in session.checklist:
        label = item.label.get(language) or item.label["en"]
        if item.id in handin.covered:
            quote = quotes.get(item.id, "")  # none when only the code names it
            said = text(language, "handin_quote", quote=_plain(quote)) if quote else ""
            lines.append(text(language, "handin_met", item=label) + said)
        else:
            lines.append(text(language, "handin_missing", item=label))
    if handin.numbers < MIN_HANDIN_NUMBERS:
        lines.append(
            text(language, "handin_few_numbers", count=handin.numbers, min=MIN_HANDIN_NUMBERS)
        )
    if handin.reads_as_keywords:
        lines.append(text(language, "handin_keywords"))
    state = "handin_done" if handin.complete else "handin_open"
    lines.append(text(language, state, number=session.number))
    return "\n".join(lines)


def _plain(quote: str) -> str:
    """A quote that cannot open a code span or a mention in the reply's Markdown."""
    return quote.replace("`", "'").replace("@", "@\u200b")
