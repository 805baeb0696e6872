"""Thread memory: what a thread has established, loaded before a turn and saved after it.

Bounded in every dimension so a long thread never grows its row without limit: the newest
reported numbers, units and hypotheses are kept, the code under discussion is capped.
"""

from __future__ import annotations

from dataclasses import replace

from bot.mentor.facts import QuestionFacts, ThreadMemory
from bot.mentor.sandbox_reasoning import MISSING_MARK
from bot.storage.store import Store

MAX_EVIDENCE = 24
MAX_STACK = 24
MAX_UNITS = 40
MAX_STEPS = 80
MAX_HYPOTHESES = 12
HYPOTHESIS_CHARS = 200
MAX_CODE_CHARS = 6000
MAX_SANDBOX_CHARS = 240
MAX_CONSTRAINTS = 8
MAX_TRIED = 12
MAX_ASKED = 2
"""Earlier messages the intent guard reads with a new turn (misuse is rarely split wider)."""
MAX_ASKED_CHARS = 600


async def load(store: Store, thread_id: int) -> ThreadMemory:
    """The thread's memory; empty for a new thread."""
    return ThreadMemory.from_dict(await store.load_memory(thread_id))


async def save(store: Store, thread_id: int, memory: ThreadMemory) -> None:
    """Persist the thread's memory."""
    await store.save_memory(thread_id, memory.to_dict())


def _newest(items: tuple[str, ...], limit: int) -> tuple[str, ...]:
    """Unique items in first-seen order, the newest `limit` kept."""
    return tuple(dict.fromkeys(items))[-limit:]


def _one_line(text: str) -> str:
    flat = " ".join(text.replace("`", "").split()).lstrip("-*• ")
    return flat if len(flat) <= HYPOTHESIS_CHARS else flat[: HYPOTHESIS_CHARS - 1] + "…"


def remember(
    memory: ThreadMemory,
    facts: QuestionFacts,
    *,
    code: str | None = None,
    sandbox: str = "",
    units: tuple[str, ...] = (),
    hypotheses: tuple[str, ...] = (),
    steps: tuple[str, ...] = (),
    asked: str = "",
    refused: str = "",
) -> ThreadMemory:
    """The memory after one answered turn: this message's facts and the reply's choices added.

    `asked`: the message's prose when it was answered ('' for a refused one: a refusal is not
    held against the learner's next, different question). `refused`: a refused message's
    words (kept until a later turn is answered: the guard reads a continuation with it).
    """
    cut = code[:MAX_CODE_CHARS] if code else memory.code
    said = " ".join(asked.split())[:MAX_ASKED_CHARS]
    return replace(
        memory,
        units=_newest((*memory.units, *units), MAX_UNITS),
        steps=_newest((*memory.steps, *steps), MAX_STEPS),
        hypotheses=_newest(
            (*memory.hypotheses, *(_one_line(h) for h in hypotheses if h.strip())),
            MAX_HYPOTHESES,
        ),
        evidence=(*memory.evidence, *facts.quantities)[-MAX_EVIDENCE:],
        stack=_newest((*memory.stack, *facts.stack), MAX_STACK),
        given=memory.given | facts.given,
        code=cut,
        sandbox=_sandbox_line(memory.sandbox, sandbox),
        turns=memory.turns + 1,
        constraints=held_constraints((*memory.constraints, *facts.constraints)),
        tried=_newest((*memory.tried, *facts.tried), MAX_TRIED),
        asked=(*memory.asked, said)[-MAX_ASKED:] if said else memory.asked,
        refused=" ".join(refused.split())[:MAX_ASKED_CHARS] if refused else "",
    )


def _sandbox_line(old: str, new: str) -> str:
    """The newest run's line; libraries an earlier run found missing stay marked (told once)."""
    if not new:
        return old
    marks = [w for w in old.split() if w.startswith(MISSING_MARK) and w not in new.split()]
    return " ".join([new[: MAX_SANDBOX_CHARS - sum(len(m) + 1 for m in marks)], *marks])


def held_constraints(items: tuple[str, ...]) -> tuple[str, ...]:
    """Constraints kept, the newest Python version only (a correction replaces the old one)."""
    pythons = [c for c in items if c.startswith("python:")]
    kept = [c for c in items if not c.startswith("python:")] + pythons[-1:]
    return _newest(tuple(kept), MAX_CONSTRAINTS)


def hypotheses_of(section: str, *, skip: tuple[str, ...] = (), limit: int = 2) -> tuple[str, ...]:
    """The last bullet lines of a reply's hypotheses section (evidence lines come first there).

    Lines equal to one of `skip` (findings already remembered) are left out.
    """
    skipped = {_one_line(s) for s in skip}
    lines = [_one_line(ln) for ln in section.splitlines() if ln.strip()]
    return tuple(ln for ln in lines if ln not in skipped)[-limit:]
