"""Builds at start what the first question would otherwise build (issue 18).

The turn readers, the offline engine and the output guards compile their cue lexicons, word
indexes and rule tables on first use (module-level loaders, `lru_cache`d): ~2 s of CPU that
the first learner after every start paid inside their turn (the first follow-up ~0.3 s more),
and that a fleet paid once per process inside its p99. A long-running bot (`open_app(warm=
True)`) rehearses one turn's pure parts at start instead: the readers on a probe question,
the offline engine's answer to it, and the guards and stream checks on that answer. Nothing
is stored, counted or sent; only the loaders' builds stay. A start pays this once, in a
thread, before the bot says it is ready.
"""

from __future__ import annotations

import asyncio
import time

from bot.mentor import insight
from bot.mentor.engine_port import EngineRequest, ReplyEngine, Turn
from bot.mentor.facts import ThreadMemory
from bot.mentor.guards.pipeline import DraftGuards
from bot.mentor.i18n import Catalog
from bot.mentor.language import LanguageDetector
from bot.mentor.models import Role, Sections

PROBE = (
    "My dedup function takes 0.3 s on 2,000 records and 30 s on 20,000 without Redis; "
    "I already tried lru_cache. Why does it grow like that, and how do I measure it?"
)
"""A probe, not content: a first question and a follow-up read with every reader."""
FOLLOW_UP = "I changed the list to a set: now 0.4 s on 20,000 records. Thanks!"


def rehearse(
    *,
    fallback: ReplyEngine,
    guards: DraftGuards,
    catalog: Catalog,
    detector: LanguageDetector,
    language: str = "en",
) -> float:
    """Run one turn's pure parts on the probe (in a worker thread); returns the seconds spent."""
    started = time.monotonic()
    detector.warm_up()
    history: tuple[Turn, ...] = ()
    for text in (PROBE, FOLLOW_UP):
        read = insight.read_turn(
            text, code=None, report=None, memory=ThreadMemory(), language=language, catalog=catalog
        )
        request = EngineRequest(
            question=text, language=language, role=Role.MENTOR, history=history, facts=read.facts
        )
        reply = asyncio.run(fallback.reply(request))
        _check(reply.sections, guards, detector, language)
        history = (Turn("learner", text), Turn("mentor", reply.sections.context))
    return time.monotonic() - started


def _check(sections: Sections, guards: DraftGuards, detector: LanguageDetector, lang: str) -> None:
    """What the stream gate and the output guards ask of a draft, asked of the offline answer."""
    body = "\n\n".join(sections.to_dict().values())
    detector.detect(body)
    guards.hollow(sections, lang, wants_scaffold=False)
    advised = guards.advice_check(lang, measured=False)
    rule = guards.prose_rule
    above = ""
    for line in body.splitlines():
        rule.suspicious(line)
        advised(line, above, body)
        guards.told.step_line(line, lang)
        above = line or above
    rule.flags(body)
    guards.told.tasks({"draft": body}, lang, ())
