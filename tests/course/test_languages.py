"""The course speaks every mentor language: content complete at load, ui texts fall back to English."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.course.content import COURSE_LANGUAGES, Course
from bot.course.service import Who
from bot.course.wiring import CourseServices
from bot.errors import ConfigError
from bot.mentor.settings import MentorSettings
from tests.course.conftest import CONFIG

MENTOR_LANGUAGES = tuple(MentorSettings().languages)
"""The languages the mentor speaks by default: the course must speak every one."""
"""The 14 languages the mentor speaks (the mentor spec)."""
CODE_SPAN = re.compile(r"`[^`\n]+`")


def copy_config(tmp_path: Path) -> Path:
    """A writable copy of the shipped course content."""
    root = tmp_path / "config"
    shutil.copytree(CONFIG / "course", root / "course")
    return root


def drop_table(path: Path, header: str) -> None:
    """Remove one `[lang.xx]` table (up to the next table or the end) from a TOML file."""
    text = path.read_text(encoding="utf-8")
    start = text.index(header)
    end = text.find("\n[", start + len(header))
    path.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")


def test_course_languages_are_the_mentor_languages() -> None:
    """Sessions and tasks are written in exactly the 14 languages the mentor speaks."""
    assert sorted(COURSE_LANGUAGES) == sorted(MENTOR_LANGUAGES)


@pytest.mark.parametrize("lang", COURSE_LANGUAGES)
def test_translations_keep_the_english_structure(course: Course, lang: str) -> None:
    """Same list lengths and the same code spans (`...`) as English, in every text."""
    for session in course.sessions:
        text, english = session.text[lang], session.text["en"]
        for field in ("goals", "outline", "lab_steps", "reflection"):
            assert len(getattr(text, field)) == len(getattr(english, field)), (session.id, field)
        for mine, theirs in zip(
            (text.summary, *text.lab_steps, text.deliverable, *text.outline),
            (english.summary, *english.lab_steps, english.deliverable, *english.outline),
            strict=True,
        ):
            assert sorted(CODE_SPAN.findall(mine)) == sorted(CODE_SPAN.findall(theirs)), session.id
    for task in course.tasks:
        text, english = task.text[lang], task.text["en"]
        for mine, theirs in zip(
            (text.statement, text.submit, *text.hints),
            (english.statement, english.submit, *english.hints),
            strict=True,
        ):
            spans = [sorted(CODE_SPAN.findall(t.replace("```", ""))) for t in (mine, theirs)]
            assert spans[0] == spans[1], task.id
        if lang != "en":
            assert text.title != english.title, f"{task.id} {lang} title untranslated"


@pytest.mark.parametrize("lang", COURSE_LANGUAGES)
def test_progression_labels_exist_in_every_language(course: Course, lang: str) -> None:
    """Each progression indicator has its own label in every course language."""
    for indicator in course.indicators:
        assert indicator.label[lang]
        if lang != "en":
            assert indicator.label[lang] != indicator.label["en"], (indicator.id, lang)


def test_session_missing_a_language_is_a_config_error(tmp_path: Path) -> None:
    """A session file without one of the 14 languages stops the bot, naming file and language."""
    root = copy_config(tmp_path)
    path = root / "course" / "sessions" / "05-observability-reliability.toml"
    drop_table(path, "[lang.ko]")
    with pytest.raises(ConfigError) as err:
        Course.load(root)
    assert "05-observability-reliability.toml" in err.value.message
    assert "'ko'" in err.value.message


def test_task_missing_a_language_is_a_config_error(tmp_path: Path) -> None:
    """A practice task without one of the 14 languages stops the bot, naming file and language."""
    root = copy_config(tmp_path)
    drop_table(root / "course" / "tasks" / "mp-pipeline.toml", "[lang.uk]")
    with pytest.raises(ConfigError) as err:
        Course.load(root)
    assert "mp-pipeline.toml" in err.value.message
    assert "'uk'" in err.value.message


def test_translation_with_a_missing_list_item_is_a_config_error(tmp_path: Path) -> None:
    """A translated session with one goal fewer than English is refused at load."""
    root = copy_config(tmp_path)
    path = root / "course" / "sessions" / "02-concurrency-async.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[lang.ja]")
    goal = text.index("goals = [\n", start) + len("goals = [\n")
    line_end = text.index("\n", goal) + 1
    path.write_text(text[:goal] + text[line_end:], encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Course.load(root)
    assert "02-concurrency-async.toml" in err.value.message
    assert "[lang.ja]" in err.value.message


def test_ui_without_a_language_falls_back_to_english(tmp_path: Path) -> None:
    """A ui.toml that lacks a language still loads; that language's ui texts are English."""
    root = copy_config(tmp_path)
    ui = root / "course" / "ui.toml"
    text = ui.read_text(encoding="utf-8")
    ui.write_text(text[: text.index("\n[", text.index("[en]")) + 1], encoding="utf-8")
    course = Course.load(root)
    assert course.text("ja", "goals") == course.text("en", "goals")
    assert course.session(1) is not None
    assert course.session(1).in_language("ja").title == course.session(1).text["ja"].title


@pytest.mark.parametrize("lang", ["ja", "pl"])
async def test_session_renders_in_the_learners_language(
    services: CourseServices, course: Course, lang: str
) -> None:
    """`/mca session 2` in Japanese or Polish shows that language's texts and the lab code."""
    shown = await services.course.open_session(Who("console", "kenji"), 2, "t-1", lang)
    session = course.session(2)
    assert session is not None
    text, english = session.text[lang], session.text["en"]
    assert text.title in shown
    assert all(goal in shown for goal in text.goals)
    assert all(step in shown for step in text.lab_steps)
    assert text.deliverable in shown
    assert english.summary not in shown
    assert session.lab_starter in shown


@pytest.mark.parametrize("lang", ["ja", "pl"])
async def test_task_renders_in_the_learners_language(
    services: CourseServices, course: Course, lang: str
) -> None:
    """`/mca practice asyncio-blocking` in Japanese or Polish shows the translated statement."""
    shown = await services.practice.show(None, "asyncio-blocking", lang)
    task = course.task("asyncio-blocking")
    assert task is not None
    text = task.text[lang]
    assert f"**{text.title}**" in shown
    assert text.statement in shown
    assert text.submit in shown
    assert task.text["en"].statement not in shown
    assert task.starter in shown
