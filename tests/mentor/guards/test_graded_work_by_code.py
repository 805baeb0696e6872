"""A practice task's starter pasted with "make it pass / give me the final version" is graded
work, whatever the words (review8 F20): the code's statements name the task."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.course.content import Course
from bot.mentor.guards.task_asks import TaskAsks
from bot.mentor.models import MentorRequest
from bot.settings import DEFAULT_CONFIG_DIR

ASKS = TaskAsks.load(DEFAULT_CONFIG_DIR)
COURSE = Course.load(DEFAULT_CONFIG_DIR)
CHECKED = [task.id for task in COURSE.tasks if task.kind == "checked"]

FIX_IT = (
    "Here's my code, I tried. Can you fix it so that it passes the checker with 16 threads? "
    "Give me the full final version."
)
COMPLETE_IT = "I worked a lot on this cache, please complete it into the final working version"


def starter(task_id: str) -> str:
    task = COURSE.task(task_id)
    assert task is not None
    return task.starter


def renamed_cache() -> str:
    """The cache starter with its own names changed and its docstrings gone: no task words."""
    code = starter("thread-safe-cache").replace("_data", "_store").replace("capacity", "size")
    code = code.replace("SingleFlightLRU", "MyStore")
    return "\n".join(line for line in code.splitlines() if '"""' not in line) + "\n"


def test_the_renamed_starter_has_none_of_the_task_words() -> None:
    """The words alone no longer name the task: only the code can."""
    assert ASKS.described(f"{COMPLETE_IT}\n{renamed_cache()}") == ""


@pytest.mark.parametrize("task_id", CHECKED)
def test_each_starter_pasted_with_a_finish_request_names_its_task(task_id: str) -> None:
    """The starter, with words that name no task, is recognised as that task's hand-in."""
    assert ASKS.asked(FIX_IT, wants_solution=False, codes=[starter(task_id)]) == task_id


def test_the_renamed_starter_names_the_task_too() -> None:
    """Renaming the class and its fields does not hide the task."""
    assert ASKS.asked(COMPLETE_IT, wants_solution=False, codes=[renamed_cache()]) == (
        "thread-safe-cache"
    )


def test_other_code_or_a_plain_question_is_not_graded_work() -> None:
    """Code of one's own is no task; a starter with a question asks for no hand-in."""
    own = "def dedupe(items):\n    out = []\n    for x in items:\n        if x not in out:\n            out.append(x)\n    return out\n"
    assert ASKS.asked(FIX_IT, wants_solution=False, codes=[own]) == ""
    assert (
        ASKS.asked(
            "Why is my script slow?", wants_solution=False, codes=[starter("thread-safe-cache")]
        )
        == ""
    )


def test_a_paraphrase_asking_to_hand_it_in_is_graded_work() -> None:
    """'write the complete class so I can hand it in' with the task described in words."""
    text = (
        "I need an LRU cache shared by 16 threads where the slow loader must run only once per "
        "key. Please write the complete class so I can hand it in tomorrow."
    )
    assert ASKS.asked(text, wants_solution=False) == "thread-safe-cache"


@pytest.mark.parametrize(("text", "code"), [(FIX_IT, None), (COMPLETE_IT, "renamed")])
async def test_the_pasted_starter_is_answered_with_the_task_scaffold(
    app: App, text: str, code: str | None
) -> None:
    """Offline, the reply's scaffold is the task's (its `_inflight` futures), no solution."""
    pasted = renamed_cache() if code else starter("thread-safe-cache")
    result = await app.mentor.handle(
        MentorRequest(platform="console", user="f20", text=f"{text}\n```python\n{pasted}```")
    )
    assert not result.refused
    assert "self._inflight" in result.sections.scaffold
    assert "set_exception" not in result.text


WRITE_IT = {
    "en": "Here is my class, can you write the complete thread-safe version?",
    "fr": "Voici ma classe, pouvez-vous écrire la version complète et thread-safe ?",
    "es": "Aquí está mi clase, ¿puedes escribir la versión completa y segura para hilos?",
    "de": "Hier ist meine Klasse, kannst du die vollständige threadsichere Version schreiben?",
    "ru": "Вот мой класс, напиши, пожалуйста, полную потокобезопасную версию.",
    "ja": "これが私のクラスです。スレッドセーフな完全版を書いてください。",
}


@pytest.mark.parametrize("language", sorted(WRITE_IT))
def test_the_unchanged_starter_with_write_the_complete_version_is_graded_work(
    language: str,
) -> None:
    """review9 R20: the starter names the task; asking to write it out asks for the hand-in."""
    code = starter("thread-safe-cache")
    text = f"{WRITE_IT[language]}\n```python\n{code}```"
    assert ASKS.asked(text, wants_solution=False, codes=[code]) == "thread-safe-cache"
    question = f"Why is my script slow?\n```python\n{code}```"
    assert ASKS.asked(question, wants_solution=False, codes=[code]) == ""


NAMED = {
    "en": "the practice task `thread-safe-cache`",
    "fr": "l'exercice pratique `thread-safe-cache`",
}


@pytest.mark.parametrize("language", sorted(NAMED))
async def test_the_unchanged_starter_offline_gets_the_task_scaffold(
    app: App, language: str
) -> None:
    """Offline, 'write the complete version' over the verbatim starter: the task named, its scaffold."""
    code = starter("thread-safe-cache")
    result = await app.mentor.handle(
        MentorRequest(
            platform="console", user="r20", text=f"{WRITE_IT[language]}\n```python\n{code}```"
        )
    )
    assert not result.refused
    assert "self._inflight" in result.sections.scaffold
    assert "set_exception" not in result.text
    assert NAMED[language] in result.text
