"""A follow-up's direct "should I use X?" answered first, from the knowledge or the thread.

"Devo usar uma requests.Session?" after a profile of `requests.get` asks for a yes or a no. Yes
when a unit the question retrieves proposes X (its hypothesis is the why, in the learner's
language); no when the thread already tried X and measured it worse, or ruled it out. Nothing
when neither says: the mentor does not guess a yes.
"""

from __future__ import annotations

import re

from bot.engine.followup import held
from bot.mentor.engine_port import EngineRequest
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import asks_advice
from bot.mentor.reasoning_verdicts import finding_names
from bot.mentor.retrieval import UnitIndex

ADVICE_UNITS = 5
"""Units the question sentence is searched against for one that proposes what it names."""
_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")


def question_sentence(text: str) -> str:
    """The last sentence of the message that asks (ends with a question mark), or ''.

    Sentences end at a stop followed by a space, so `requests.Session?` stays one name.
    """
    asking = [s.strip() for s in _BREAK.split(text[:4000]) if s.strip().endswith(("?", "？"))]
    return asking[-1] if asking else ""


def advice(index: UnitIndex, catalog: Catalog, request: EngineRequest) -> str:
    """'Yes, <why>' or 'No, <why>' for a direct should-I-use question, else ''."""
    asked = question_sentence(request.question)
    if not asked or not asks_advice(asked) or not (request.memory.turns or request.history):
        return ""
    names = [n for n in finding_names(asked, request.facts) if n.lower() in asked.lower()]
    if not names:
        return ""
    lang = request.language
    kept = held(request)
    tried = {t.lower() for t in kept.tried}
    for name in names:
        if name.lower() in tried or kept.breaks(name):
            return catalog.message(lang, "followup_advice_no", name=name)
    for unit, _ in index.search(asked, lang, limit=ADVICE_UNITS):
        text = unit.in_language(lang)
        body = " ".join((text.question, text.hypothesis, *text.steps)).lower()
        for name in names:
            if name.lower() in body:
                return catalog.message(lang, "reasoning_answer_yes", reason=text.hypothesis)
    return ""
