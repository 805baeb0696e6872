"""Course content: every session and task loads in all 14 languages, and its code parses and runs."""

from __future__ import annotations

import ast
import asyncio
import sys
from pathlib import Path

import pytest

from bot.course.checks import CheckRunner
from bot.course.content import CORE_TOPICS, COURSE_LANGUAGES, Course
from bot.course.settings import CourseSettings
from bot.errors import ConfigError
from bot.sandbox.settings import SandboxSettings
from tests.course.sandbox_double import SubprocessSandboxDouble


def test_eight_sessions_and_at_least_six_tasks(course: Course) -> None:
    """The method's 8 sessions in order, >= 6 tasks, with checked and review kinds."""
    assert [s.number for s in course.sessions] == list(range(1, 9))
    assert len(course.tasks) >= 6
    assert {t.kind for t in course.tasks} == {"checked", "review"}


@pytest.mark.parametrize("lang", COURSE_LANGUAGES)
def test_every_session_is_complete_in_each_language(course: Course, lang: str) -> None:
    """Goals, outline, lab steps, deliverable and reflection exist and are translated."""
    for session in course.sessions:
        text, english = session.in_language(lang), session.in_language("en")
        assert text is session.text[lang]
        assert len(text.goals) >= 3
        assert len(text.outline) >= 4
        assert len(text.lab_steps) >= 4
        assert len(text.reflection) >= 3
        assert all((text.deliverable, text.summary, text.lab_title))
        if lang != "en":
            assert text.goals != english.goals, f"session {session.number} {lang} untranslated"
        assert all(lang in item.label for item in session.checklist)


@pytest.mark.parametrize("lang", COURSE_LANGUAGES)
def test_every_task_is_complete_in_each_language(course: Course, lang: str) -> None:
    """Title, statement, submission note, three hint rungs and a scaffold note per language."""
    for task in course.tasks:
        text = task.in_language(lang)
        assert text is task.text[lang]
        assert all((text.title, text.statement, text.submit, text.scaffold_note))
        assert len(text.hints) == 3
        assert all(text.hints)
        if lang != "en":
            assert text.statement != task.in_language("en").statement


def test_topics_are_the_methods_core_topics(course: Course) -> None:
    """Sessions and tasks use only the 10 core topic ids, and together cover all of them."""
    covered = {t for item in (*course.sessions, *course.tasks) for t in item.topics}
    assert covered == set(CORE_TOPICS)
    for session in course.sessions:
        assert all(course.task(t) for t in session.tasks)


def _python_sources(course: Course) -> list[tuple[str, str]]:
    sources = [(f"session {s.number} lab", s.lab_starter) for s in course.sessions]
    for task in course.tasks:
        sources.append((f"{task.id} starter", task.starter))
        if task.kind == "checked":
            sources.append((f"{task.id} scaffold", task.scaffold))
        sources += [(f"{task.id} {name}", code) for name, code in task.files.items()]
        for key in ("correct", "reference"):
            if key in task.params:
                sources.append((f"{task.id} {key}", task.params[key]))
        sources += [
            (f"{task.id} mutant {m['name']}", m["source"]) for m in task.params.get("mutants", [])
        ]
    return sources


def test_all_shipped_python_parses(course: Course) -> None:
    """Starter code, scaffolds, support files, references and mutants are valid Python."""
    for name, code in _python_sources(course):
        try:
            ast.parse(code)
        except SyntaxError as exc:  # pragma: no cover - the assertion message is the point
            pytest.fail(f"{name} does not parse: {exc}")


async def test_session_labs_run(course: Course, tmp_path: Path) -> None:
    """Every session's lab starter runs to completion as the learner will run it."""

    async def run(number: int, code: str) -> tuple[int, int, bytes]:
        path = tmp_path / f"lab{number}.py"
        path.write_text(code)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            path.name,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(proc.communicate(), 90)
        assert proc.returncode is not None
        return number, proc.returncode, err

    results = await asyncio.gather(*(run(s.number, s.lab_starter) for s in course.sessions))
    failed = [(n, err.decode()[-300:]) for n, rc, err in results if rc != 0]
    assert failed == []


async def test_starter_code_is_not_already_a_solution(course: Course) -> None:
    """Handing in a checked task's starter unchanged fails its checker: the task has work in it."""
    runner = CheckRunner(
        sandbox=SubprocessSandboxDouble(),
        settings=CourseSettings(),
        sandbox_settings=SandboxSettings(),
    )
    checked = [t for t in course.tasks if t.kind == "checked"]
    verdicts = await asyncio.gather(*(runner.check(t, t.starter) for t in checked))
    assert [v.task for v in verdicts if v.passed] == []


def test_broken_content_is_a_config_error(tmp_path: Path) -> None:
    """A malformed content file stops the bot at start with the file named."""
    root = tmp_path / "config"
    (root / "course").mkdir(parents=True)
    for sub in ("sessions", "tasks"):
        (root / "course" / sub).mkdir()
    (root / "course" / "sessions" / "01.toml").write_text("number = 1\n[lang.en]\ntitle = 'x'\n")
    (root / "course" / "progression.toml").write_text("indicators = []\n")
    (root / "course" / "ui.toml").write_text("[en]\n[pt]\n[es]\n")
    with pytest.raises(ConfigError) as err:
        Course.load(root)
    assert "01.toml" in err.value.message
