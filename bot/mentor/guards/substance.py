"""Sections with substance: judge what each of the 7 sections holds, not only its heading.

Each section is `ok`, `thin` (real content that misses part of the rule: repaired here by
adding the missing part from the offline answer to the same question) or `hollow` ("Ok.",
"Good luck!", "Rewrite it in Rust.": re-asked once, then replaced by the offline answer's
section). The rules, from the method's reply template:
- context asks at least one question;
- hypotheses are measurable (a number that measures, a metric or a tool in backticks or by
  name; a count of causes is not a measurement);
- 3-6 actionable steps (a command, an API, a number, or a concrete sentence);
- a scaffold only when asked for (or when the integrity guard put the task's scaffold);
- topics name at least one of the method's core topics;
- 1-2 references with vetted URLs (unvetted links, invented docs pages and PEPs are dropped);
- the reflection asks for measured evidence.
A section body that runs into another section's heading is a duplicate copy and is cut there.
"""

from __future__ import annotations

import copy
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlparse

from bot.mentor.guards.hollow_lines import names_nothing
from bot.mentor.guards.substance_checks import (
    Detects,
    distinct,
    foreign_prose,
    invented_reference,
    measuring_text,
)
from bot.mentor.guards.substance_terms import (
    CODE_SPAN,
    CORE_TERMS,
    DIGIT,
    MAX_REFERENCES,
    MAX_STEPS,
    MEASURE,
    MIN_LETTERS,
    MIN_STEPS,
    QUESTION,
    URL,
    VETTED_HOSTS,
    concrete,
    has_term,
    has_tool,
    letters,
    list_items,
    topic_pattern,
    trim_items,
)
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import SECTION_KEYS, Sections
from bot.text import markdown

GENERIC_HOSTS = frozenset({"python.org", "docs.python.org", "pypi.org"})
"""Hosts whose front page is no reference: the language's home, its docs' index, the index."""
SUBSTANCE_LINES = ("context", "steps", "next_steps", "reflection")
"""Sections whose lines that name nothing go when the rest holds substance (T15)."""
_ITEM_LINE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+(?P<text>.+)$")
_ITEM_NUMBER = re.compile(r"^(\s*)\d{1,2}([.)])")
"""A list line, and its number (vague steps are cut and the rest renumbered)."""

State = Literal["ok", "thin", "hollow"]
HeadingKey = Callable[[str], "tuple[str, str] | None"]
STATE_MEMO = 1024
"""Section verdicts a rule set remembers (a verdict is a pure function of its inputs): the
draft check, the guard and its repair judge the same bodies of a turn, each verdict running
the language detector; judged once, they cost a third (docs/scaling.md)."""


@dataclass(frozen=True, slots=True)
class Repair:
    """What the sections guard changed."""

    sections: Sections
    filled: tuple[str, ...] = ()
    """Hollow sections replaced by the offline answer's."""
    topped_up: tuple[str, ...] = ()
    """Thin sections completed from the offline answer."""
    trimmed: tuple[str, ...] = ()
    """Sections cut to the rule's maximum (steps, references) or stripped of bad links."""
    deduped: tuple[str, ...] = ()
    """Sections that carried a second copy of another section."""
    dropped_scaffold: bool = False

    @property
    def changed(self) -> bool:
        """Anything changed."""
        return bool(
            self.filled or self.topped_up or self.trimmed or self.deduped or self.dropped_scaffold
        )


@dataclass
class SectionRules:
    """Judges and repairs the 7 sections of a draft."""

    evidence_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    vague_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per language, phrases of a step that names no action ("Optimize your code",
    "Follow best practices"): without a code span or a number it is no step (review9 R33)."""
    topic_terms: tuple[str, ...] = CORE_TERMS
    vetted_hosts: tuple[str, ...] = VETTED_HOSTS
    heading_key: HeadingKey | None = None
    """Recognises a section heading line (bot.mentor.sections.SectionParser.heading_key)."""
    detector: Detects | None = None
    """A section in another language than the reply is hollow (substance_checks)."""

    def __post_init__(self) -> None:
        self._topics = topic_pattern(self.topic_terms)
        self._same_language: SectionRules | None = None
        self._states: OrderedDict[tuple[str, str, str, bool, int], State] = OrderedDict()
        """Recent verdicts, shared with the `same_language` view (keyed by the detector)."""

    def same_language(self) -> SectionRules:
        """These rules without the per-section language check.

        For curated offline drafts: written in the reply's language by construction, so they
        pay no detector run per section.
        """
        if self.detector is None:
            return self
        if self._same_language is None:
            view = copy.copy(self)
            view.detector = None
            self._same_language = view
        return self._same_language

    @classmethod
    def load(
        cls,
        catalog: Catalog,
        knowledge: KnowledgeBase,
        heading_key: HeadingKey | None = None,
        detector: Detects | None = None,
    ) -> SectionRules:
        """Evidence words from config/i18n/guardsout, topic titles and hosts from the KB."""
        words = {
            lang: tuple(str(w).lower() for w in data.get("guardsout_words", {}).get("evidence", ()))
            for lang, data in catalog.languages.items()
        }
        vague = {
            lang: tuple(str(w).lower() for w in data.get("guardsout_words", {}).get("vague", ()))
            for lang, data in catalog.languages.items()
        }
        terms = set(CORE_TERMS)
        hosts = set(VETTED_HOSTS)
        for topic in knowledge.topics.values():
            terms.add(re.escape(topic.id.lower()))
            terms.update(re.escape(title.lower()) for title in topic.titles.values())
        for unit in knowledge.units.units:
            terms.update(re.escape(text.title.lower()) for text in unit.text.values())
            hosts.update(urlparse(url).hostname or "" for _, url in unit.refs)
        hosts.discard("")
        return cls(
            evidence_words=words,
            vague_words=vague,
            topic_terms=tuple(sorted(terms)),
            vetted_hosts=tuple(sorted(hosts)),
            heading_key=heading_key,
            detector=detector,
        )

    # Judging ---------------------------------------------------------------------------------
    def vetted(self, url: str) -> bool:
        """The URL's host is (a subdomain of) a vetted host."""
        host = (urlparse(url).hostname or "").lower()
        vetted = any(host == h or host.endswith("." + h) for h in self.vetted_hosts)
        return vetted and not invented_reference(url)

    def state(self, key: str, text: str, language: str, *, wants_scaffold: bool) -> State:
        """ok, thin or hollow for one section's body."""
        memo = (key, text, language, wants_scaffold, id(self.detector))
        known = self._states.get(memo)
        if known is not None:
            self._states.move_to_end(memo)
            return known
        found = self._judge(key, text, language, wants_scaffold=wants_scaffold)
        self._states[memo] = found
        if len(self._states) > STATE_MEMO:
            self._states.popitem(last=False)
        return found

    def _judge(self, key: str, text: str, language: str, *, wants_scaffold: bool) -> State:
        if key == "scaffold":
            if not wants_scaffold:
                return "ok"
            return "ok" if markdown.code_blocks(text) else "hollow"
        if key == "next_steps" and any(self.reference(u) for u in URL.findall(text)):
            return "ok"  # a reference alone is substance
        if letters(text) < MIN_LETTERS or foreign_prose(text, language, self.detector):
            return "hollow"
        if key == "context":
            asks = [ln for ln in text.splitlines() if QUESTION.search(ln)]
            if asks and all(self._vague(ln, language) for ln in asks):
                return "hollow"  # "Could you tell me more about your problem?" asks nothing
            return "ok" if asks else "hollow"
        if key == "hypotheses":
            measurable = (
                CODE_SPAN.search(text)
                or MEASURE.search(measuring_text(text))
                or has_tool(measuring_text(text))
            )
            return "ok" if measurable else "hollow"
        if key == "steps":
            listed = [i for i in list_items(text) if concrete(i) and not self._vague(i, language)]
            unique = distinct(listed)
            if not unique or (len(unique) < len(listed) and len(unique) < MIN_STEPS):
                return "hollow"  # nothing concrete, or filler repeated to look like steps
            return "thin" if len(unique) < MIN_STEPS else "ok"
        if key == "topics":
            return "ok" if self._topics.search(text) else "hollow"
        if key == "next_steps":
            # Text without a vetted reference: a concrete follow-up gets one added.
            said = [i for i in list_items(text) if not self._vague(i, language)]
            return "thin" if any(concrete(i) for i in said) else "hollow"
        if key == "reflection":
            asks = [ln for ln in text.splitlines() if QUESTION.search(ln)]
            if not asks or all(self._vague(ln, language) for ln in asks):
                return "hollow"  # "What did you learn?" asks for nothing measured (T15)
            return "ok" if self._measured(text, language) else "thin"
        return "ok"

    def _measured(self, text: str, language: str) -> bool:
        """The text asks for measured evidence: a number, a code span or an evidence word."""
        words = self.evidence_words.get(language, ()) + self.evidence_words.get("en", ())
        return bool(
            DIGIT.search(measuring_text(text)) or has_term(text, words) or CODE_SPAN.search(text)
        )

    def _vague(self, item: str, language: str) -> bool:
        """A step or question that names nothing to act on: a vague phrase, no code, no number.

        The English phrases count in every language (drafts mix them in); a line made only of
        generic words is vague whatever its phrase ("Analizza attentamente il problema.",
        "具体是什么问题？": `hollow_lines`, review10 T15).
        """
        if CODE_SPAN.search(item) or DIGIT.search(item):
            return False
        low = item.lower()
        phrases = self.vague_words.get(language, ()) + self.vague_words.get("en", ())
        return any(p in low for p in phrases) or names_nothing(item, language)

    def reference(self, url: str) -> bool:
        """A vetted page worth reading next: not the front page of Python's own sites.

        "[Python](https://www.python.org/)" points the learner nowhere in particular; a
        project's documentation root (aiokafka.readthedocs.io) is its manual and stays.
        """
        if not self.vetted(url):
            return False
        parsed = urlparse(url)
        host = (parsed.hostname or "").lower().removeprefix("www.")
        page = re.sub(r"^/?(?:3(?:\.\d+)?/?)?(?:index\.html)?$", "", parsed.path)
        return bool(page) or host not in GENERIC_HOSTS

    def _without_vague(self, text: str, language: str, *, lines: bool = False) -> str:
        """`text` without its vague list items, the rest numbered 1, 2, 3... again.

        `lines`: every prose line is judged, not only list items (a context question or a
        reflection need not be a list).
        """
        kept = []
        for line in text.split("\n"):
            item = _ITEM_LINE.match(line)
            said = item.group("text") if item else line if lines and line.strip() else ""
            if said and "```" not in line and self._vague(said, language):
                continue
            kept.append(line)
        if len(kept) == text.count("\n") + 1:
            return text
        count = iter(range(1, 100))
        return "\n".join(
            _ITEM_NUMBER.sub(lambda m: f"{m.group(1)}{next(count)}{m.group(2)}", ln) for ln in kept
        )

    def hollow(self, sections: Sections, language: str, *, wants_scaffold: bool) -> tuple[str, ...]:
        """Sections without substance (what a re-ask names)."""
        body = self.dedupe(sections)[0].to_dict()
        return tuple(
            key
            for key in SECTION_KEYS
            if self.state(key, body[key], language, wants_scaffold=wants_scaffold) == "hollow"
        )

    # Repairing -------------------------------------------------------------------------------
    def dedupe(self, sections: Sections) -> tuple[Sections, tuple[str, ...]]:
        """Cut every body where another section's heading starts (a second copy)."""
        if self.heading_key is None:
            return sections, ()
        data = sections.to_dict()
        cut: list[str] = []
        for key in SECTION_KEYS:
            lines = markdown.read_lines(data[key])
            for index, line in enumerate(lines):
                if line.role == "prose" and self.heading_key(line.text) is not None:
                    data[key] = "\n".join(ln.text for ln in lines[:index]).strip()
                    cut.append(key)
                    break
        return (Sections.from_dict(data), tuple(cut)) if cut else (sections, ())

    def repair(
        self,
        sections: Sections,
        offline: Sections,
        language: str,
        *,
        wants_scaffold: bool,
        keep_scaffold: bool = False,
    ) -> Repair:
        """Dedupe, drop an unasked scaffold, trim, top up thin and fill hollow sections."""
        sections, deduped = self.dedupe(sections)
        data = sections.to_dict()
        spare = offline.to_dict()
        filled: list[str] = []
        topped: list[str] = []
        trimmed: list[str] = []
        dropped = False
        if data["scaffold"].strip() and not (wants_scaffold or keep_scaffold):
            data["scaffold"] = ""
            dropped = True
        for key in SECTION_KEYS:
            if key == "next_steps":
                data[key], cut = self._trim_links(data[key])
                if cut:
                    trimmed.append(key)
            if key == "steps":
                data[key], cut = trim_items(data[key], MAX_STEPS)
                if cut:
                    trimmed.append(key)
            if key in SUBSTANCE_LINES and "```" not in data[key]:
                cut_text = self._without_vague(data[key], language, lines=key != "steps")
                judged = wants_scaffold or keep_scaffold
                if cut_text != data[key] and (
                    self.state(key, cut_text, language, wants_scaffold=judged) != "hollow"
                ):
                    data[key] = cut_text.strip()  # a line naming nothing beside real ones (T15)
                    trimmed.append(key)
            state = self.state(
                key, data[key], language, wants_scaffold=wants_scaffold or keep_scaffold
            )
            if state == "hollow" and spare[key].strip() and spare[key].strip() != data[key].strip():
                data[key] = spare[key]
                filled.append(key)
            elif state == "thin":
                if key == "steps":  # a vague step beside real ones is still no step (R33)
                    data[key] = self._without_vague(data[key], language)
                grown = self._top_up(key, data[key], spare[key])
                if grown != data[key]:
                    data[key] = grown
                    topped.append(key)
        return Repair(
            Sections.from_dict(data),
            filled=tuple(filled),
            topped_up=tuple(topped),
            trimmed=tuple(trimmed),
            deduped=deduped,
            dropped_scaffold=dropped,
        )

    def _trim_links(self, text: str) -> tuple[str, bool]:
        """Drop lines citing unvetted URLs and lines with references beyond the second."""
        kept: list[str] = []
        seen = 0
        changed = False
        for line in text.splitlines():
            urls = URL.findall(line)
            if urls and (not all(self.reference(u) for u in urls) or seen >= MAX_REFERENCES):
                changed = True
                continue
            seen += len(urls)
            kept.append(line)
        return ("\n".join(kept).strip(), True) if changed else (text, False)

    def _top_up(self, key: str, text: str, spare: str) -> str:
        """Add what a thin section misses from the offline answer's same section."""
        if key == "steps":
            have = [i for i in list_items(text) if concrete(i)]
            numbered = bool(re.search(r"^\s*\d{1,2}[.)]\s", text, re.M))
            listed = list_items(text)  # a generic step already there is not added twice
            extra = [i for i in list_items(spare) if i not in listed][: MIN_STEPS - len(have)]
            start = len(list_items(text))
            lines = [
                f"{start + n}. {item}" if numbered else f"- {item}"
                for n, item in enumerate(extra, 1)
            ]
            return "\n".join([text.rstrip(), *lines]) if lines else text
        if key == "next_steps":
            refs = [ln for ln in spare.splitlines() if URL.search(ln) and ln not in text]
            refs = refs[:MAX_REFERENCES]
            return "\n".join([text.rstrip(), *refs]).strip() if refs else text
        if key == "reflection":
            asks = [ln for ln in spare.splitlines() if QUESTION.search(ln) and ln not in text][:1]
            return "\n".join([text.rstrip(), *asks]).strip() if asks else text
        return text
