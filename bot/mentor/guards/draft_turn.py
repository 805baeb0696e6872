"""DraftTurn: what the output guards know of the turn they judge, shared by their stages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DraftTurn:
    """What the guards need to know about the turn (no learner text)."""

    language: str
    wants_scaffold: bool
    strict: bool
    """A graded thread or a "write it for me" request: finished code becomes a scaffold."""
    effort: bool
    learner_code: tuple[str, ...] = ()
    learner_id: int | None = None
    turn_id: int = 0
    shown: tuple[str, ...] = ()
    """Python the bot already showed in this thread (`thread_code.shown_code` of the earlier
    replies): a solution handed out over several turns is judged as one."""
    said: tuple[str, ...] = ()
    """The bot's earlier replies in this thread (the history window): a solution told in
    words over several turns is judged as one."""
    secrets: tuple[str, ...] = ()
    """Secret values in the learner's message (`secrets.learner_secrets`): never quoted back."""
    task: str = ""
    """The practice task the learner asked to have finished, described in words
    (`TaskAsks.asked`): its scaffold and next hint rung answer it ('' for none)."""
    question: str = ""
    """The learner's message: the draft must answer it (`answers_question.off_subject`)."""
    named: tuple[str, ...] | None = None
    """What the question names (understanding's stack), when the turn already read it."""
    constraints: tuple[str, ...] | None = None
    """The thread's held constraints ('no_deps', 'python:3.8', 'avoid:redis' for "without
    Redis"), when the turn already read them: no hypothesis, step or scaffold of the draft may
    break one (R21, R5)."""
    curated: bool = False
    """Composed by the offline engine from our reviewed knowledge units, not generated: there
    is nothing an attacker or a careless model could have written into it to scan for."""
    measured: bool = True
    """The sandbox ran code in this thread (this turn or before): a draft may cite a run.
    False: a claim of having run or measured the learner's code is invented (review11 U19)."""
