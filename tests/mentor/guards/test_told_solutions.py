"""A practice task's solution told in words (numbered pseudo-code, a story) is still a solution."""

from __future__ import annotations

import re
import tomllib

import pytest

from bot.app import App
from bot.course.content import Course
from bot.mentor.engine_port import EngineRequest
from bot.mentor.guards.harm_prose import ProseRule
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.told_solution import ToldSolutions
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest, Role, Sections
from bot.mentor.streaming import StreamGate
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.hostile_llm import BODIES
from tests.fakes.openai_server import DRAFT_BODIES, FakeOpenAI, compose
from tests.fakes.openai_server import reply as llm_reply
from tests.fakes.told_solutions import (
    TOLD_CACHE,
    TOLD_REWORDED,
    TOLD_SPLIT,
    TOLD_STORY,
    TOLD_TEACHING,
    other_told,
    told_dressings,
)

COURSE = Course.load(DEFAULT_CONFIG_DIR)
CHECKED = [t for t in COURSE.tasks if t.kind == "checked"]
QUESTION = "How can a cache shared by many threads load each missing key only once?"


@pytest.fixture(scope="module")
def told() -> ToldSolutions:
    return ToldSolutions.load(DEFAULT_CONFIG_DIR, [t.id for t in CHECKED])


@pytest.mark.parametrize("lang", sorted(TOLD_CACHE))
def test_numbered_pseudo_code_of_the_cache_task_is_recognised(
    told: ToldSolutions, lang: str
) -> None:
    """The cache task's steps told as a numbered list, in any of the 14 languages, tell it."""
    assert told.told(TOLD_CACHE[lang], lang) == {"thread-safe-cache"}


@pytest.mark.parametrize(("task_id", "lang", "text"), other_told())
def test_other_tasks_told_as_steps_are_recognised(
    told: ToldSolutions, task_id: str, lang: str, text: str
) -> None:
    """Every checked task has an outline: its numbered steps are recognised as its solution."""
    assert task_id in told.told(text, lang)


def test_a_story_with_control_flow_is_a_told_solution(told: ToldSolutions) -> None:
    """One paragraph of "take the lock... if... otherwise... then..." tells the cache too."""
    assert told.told(TOLD_STORY, "en") == {"thread-safe-cache"}


def test_steps_split_over_two_sections_count_together(told: ToldSolutions) -> None:
    """Half the steps in one section and half in the next are one told solution."""
    steps, next_steps = TOLD_SPLIT
    assert told.told(steps, "en") == frozenset()  # each half alone names too few steps
    assert told.tasks({"steps": steps, "next_steps": next_steps}, "en") == {"thread-safe-cache"}


@pytest.mark.parametrize("lang", sorted(BODIES))
def test_the_courses_concept_and_pointer_rungs_are_not_a_told_solution(
    told: ToldSolutions, lang: str
) -> None:
    """The course's own first two hints name the pieces without the procedure: they stay."""
    for task in CHECKED:
        hints = task.in_language(lang).hints
        assert told.told("\n\n".join(hints[:2]), lang) == frozenset(), task.id


def test_teaching_about_a_task_is_kept(told: ToldSolutions) -> None:
    """Questions, a pointer, measured hypotheses and a method of measurement tell nothing."""
    for text in TOLD_TEACHING:
        assert told.told(text, "en") == frozenset()


def test_mixed_language_steps_still_count(told: ToldSolutions) -> None:
    """Steps half in English inside a Portuguese thread are read with both vocabularies."""
    lines = TOLD_CACHE["pt"].splitlines()
    english = TOLD_CACHE["en"].splitlines()
    mixed = "\n".join([*lines[:3], *english[3:]])
    assert told.told(mixed, "pt") == {"thread-safe-cache"}


def _turn(*, effort: bool = False) -> DraftTurn:
    return DraftTurn(language="en", wants_scaffold=False, strict=False, effort=effort, turn_id=3)


def _draft(steps: str, next_steps: str = "- Measure before and after.") -> Sections:
    return Sections(
        context="- How many threads miss the same key at once?",
        hypotheses="- Loads of one key repeat: expect 16 loader calls for 16 threads.",
        steps=steps,
        scaffold="",
        topics="- concurrency\n- caching",
        next_steps=next_steps,
        reflection="- What did the loader-call count show before and after?",
    )


async def test_told_solution_gives_way_to_the_next_hint_rung(app: App) -> None:
    """Without effort, the told steps are withdrawn and the task's first hint rung stands."""
    draft = _draft(*TOLD_SPLIT)

    async def offline() -> Sections:  # the offline engine's answer to this question
        request = EngineRequest(question=QUESTION, language="en", role=Role.MENTOR)
        return (await app.mentor.fallback.reply(request)).sections

    guarded = await app.mentor.guards.apply(draft, _turn(), offline)
    shown = guarded.sections.to_dict()
    task = COURSE.task("thread-safe-cache")
    assert task is not None
    assert task.in_language("en").hints[0] in "\n".join(shown.values())
    assert "set the exception" not in "\n".join(shown.values())
    assert "evict the oldest" not in "\n".join(shown.values())
    assert "How many threads" in shown["context"]  # the question stays
    assert guarded.notices
    assert app.metrics.guard_actions.labels("integrity", "told_withdrawn")._value.get() >= 1


async def test_told_solution_stays_when_the_learner_showed_effort(app: App) -> None:
    """A learner who did the work may read the steps: nothing is withdrawn."""
    draft = _draft(TOLD_CACHE["en"])

    async def offline() -> Sections:
        return draft

    guarded = await app.mentor.guards.apply(draft, _turn(effort=True), offline)
    assert "set the exception" in guarded.sections.steps


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
async def test_preview_never_shows_a_told_step(told: ToldSolutions, lang: str) -> None:
    """Streamed in small chunks, the told list is held and the preview stops before it."""
    seen: list[str] = []

    async def sink(text: str) -> None:
        seen.append(text)

    gate = StreamGate(sink, harm=ProseRule(), told=told, language=lang, every_s=0.0)
    draft = "Some context first.\n\n" + TOLD_CACHE[lang] + "\n\nMeasure before and after.\n"
    for start in range(0, len(draft), 16):
        await gate(draft[start : start + 16])
    await gate.flush()
    steps = TOLD_CACHE[lang].splitlines()
    assert any("Some context" in text for text in seen)
    assert not any(step in text for text in seen for step in steps)


async def test_preview_releases_ordinary_numbered_steps(told: ToldSolutions) -> None:
    """Numbered steps that name a piece of a task but tell no solution stream on."""
    seen: list[str] = []

    async def sink(text: str) -> None:
        seen.append(text)

    gate = StreamGate(sink, harm=ProseRule(), told=told, language="en", every_s=0.0)
    draft = TOLD_TEACHING[3] + "\n\nThen compare the numbers.\n"
    for start in range(0, len(draft), 16):
        await gate(draft[start : start + 16])
    await gate.flush()
    assert "Then compare the numbers." in seen[-1]


def test_steps_told_over_two_turns_count_together(told: ToldSolutions) -> None:
    """Steps 1-2 in the last reply and 3-4 now: the second reply finishes a told solution."""
    earlier, now = TOLD_SPLIT
    assert told.tasks({"steps": now}, "en") == frozenset()
    assert told.tasks({"steps": now}, "en", said=(earlier,)) == {"thread-safe-cache"}


def test_the_courses_own_rungs_shown_earlier_do_not_count(told: ToldSolutions) -> None:
    """The pseudo-code rung the bot showed last turn is not the start of a told solution."""
    task = COURSE.task("thread-safe-cache")
    assert task is not None
    rung = task.in_language("en").hints[2]
    loaded = ToldSolutions.load(DEFAULT_CONFIG_DIR, [t.id for t in CHECKED], [rung])
    one_step = "1. Then take the lock again and store the value."
    assert loaded.tasks({"steps": one_step}, "en", said=(rung,)) == frozenset()


async def test_solution_told_over_turns_of_a_thread_is_withheld(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """A hostile LLM telling half the steps per reply: the second half never reaches the learner."""
    headings = list(catalog.headings("en").values())
    texts = []
    for half in TOLD_SPLIT:
        bodies = list(DRAFT_BODIES["en"])
        bodies[2] = half
        fake_openai.reset(default=llm_reply(compose(headings, tuple(bodies))))
        result = await llm_app.mentor.handle(
            MentorRequest(platform="console", user="u1", text=QUESTION, thread="t-told")
        )
        texts.append(result.text)
    assert "set the exception" not in texts[1]
    assert "evict the oldest" not in texts[1]


async def test_steps_fenced_as_text_are_still_told(app: App) -> None:
    """Numbered pseudo-code inside a ```text block is prose: withdrawn like a list."""
    draft = _draft("Here is the plan:\n\n```text\n" + TOLD_CACHE["en"] + "\n```")

    async def offline() -> Sections:
        request = EngineRequest(question=QUESTION, language="en", role=Role.MENTOR)
        return (await app.mentor.fallback.reply(request)).sections

    guarded = await app.mentor.guards.apply(draft, _turn(), offline)
    assert "set the exception" not in guarded.sections.steps
    assert "Here is the plan" in guarded.sections.steps


@pytest.mark.parametrize("dressing", sorted(told_dressings(TOLD_CACHE["en"])))
def test_dressed_step_lists_are_still_ordered_steps(told: ToldSolutions, dressing: str) -> None:
    """Numbered table rows, "### Step n" headings and a quoted list are ordered steps too."""
    assert told.told(told_dressings(TOLD_CACHE["en"])[dressing], "en") == {"thread-safe-cache"}


@pytest.mark.parametrize("lang", sorted(TOLD_REWORDED))
def test_reworded_steps_without_the_usual_words_are_told(told: ToldSolutions, lang: str) -> None:
    """ "Mark it pending", "block until", "least used": other words for the same steps."""
    assert told.told(TOLD_REWORDED[lang], lang) == {"thread-safe-cache"}


def _numbered(rung: str) -> str:
    """The course's pseudo-code rung as a numbered list, one clause per step."""
    body = re.split(r"[:：]", rung, maxsplit=1)[-1]
    steps = [s.strip() for s in re.split(r"[;；]|(?<=[.。])\s*", body) if s.strip()]
    return "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))


@pytest.mark.parametrize("lang", sorted(BODIES))
def test_every_tasks_pseudo_code_as_a_numbered_list_is_told(told: ToldSolutions, lang: str) -> None:
    """The pseudo-code rung handed out as numbered steps, unearned, tells each task."""
    for task in CHECKED:
        assert task.id in told.told(_numbered(task.in_language(lang).hints[2]), lang), task.id


def _unit_answers() -> list[tuple[str, str, str]]:
    """Every knowledge unit as a numbered answer: (unit id, language, text)."""
    answers = []
    for path in sorted((DEFAULT_CONFIG_DIR / "knowledge" / "units").glob("*.toml")):
        for unit in tomllib.loads(path.read_text(encoding="utf-8")).get("units", []):
            for lang, body in unit.get("text", {}).items():
                steps = "\n".join(f"{i}. {s}" for i, s in enumerate(body.get("steps", []), 1))
                text = "\n\n".join((body.get("question", ""), body.get("hypothesis", ""), steps))
                answers.append((unit["id"], lang, text))
    return answers


def test_reviewed_knowledge_told_as_numbered_steps_is_kept(told: ToldSolutions) -> None:
    """Our knowledge units (14 languages), paraphrased as numbered answers, tell no task."""
    answers = _unit_answers()
    assert len(answers) > 1000
    told_any = [(uid, lang) for uid, lang, text in answers if told.told(text, lang)]
    assert told_any == []


async def test_a_withdrawn_told_solution_leaves_the_scaffold_the_notice_promises(
    app: App,
) -> None:
    """The notice says "replaced with the task's scaffold and a hint": section 4 holds the
    task's scaffold, not "No scaffold this time" (review8 F26)."""
    draft = _draft(TOLD_CACHE["en"])

    async def offline() -> Sections:
        request = EngineRequest(question=QUESTION, language="en", role=Role.MENTOR)
        return (await app.mentor.fallback.reply(request)).sections

    guarded = await app.mentor.guards.apply(draft, _turn(), offline)
    task = COURSE.task("thread-safe-cache")
    assert task is not None
    assert guarded.notices
    assert task.scaffold.strip().splitlines()[0] in guarded.sections.scaffold
