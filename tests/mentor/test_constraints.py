"""What the learner said must hold, and what they already tried, is carried and honoured."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.app import App
from bot.mentor.constraints import Held, stated, tried
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.memory import remember
from bot.mentor.models import MentorRequest
from bot.mentor.reasoning import evidence_notes
from bot.mentor.understanding import extract
from tests.fakes.openai_server import FakeOpenAI

ASYNC_QUESTION = "Our aiohttp service has p99 900 ms at 400 req/s and p99 must stay under 200 ms."


def ask(text: str, thread: str = "t1") -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


def steps_of(text: str) -> str:
    """The reply's numbered steps (where a proposal would be)."""
    return "\n".join(re.findall(r"^\s*\d+\.\s.*$", text, re.M))


async def memory_of(app: App, thread: str = "t1") -> ThreadMemory:
    record = await app.store.get_thread("console", thread)
    assert record is not None
    return ThreadMemory.from_dict(await app.store.load_memory(record.id))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We run on Windows, Python 3.8, and can't add dependencies.", {"windows", "no_deps"}),
        ("Rodamos em Windows e não podemos adicionar dependências.", {"windows", "no_deps"}),
        ("Wir dürfen keine Abhängigkeiten hinzufügen, alles läuft unter Windows.", {"windows"}),
        ("Мы не можем добавлять зависимости.", {"no_deps"}),
        ("不能添加依赖，只能用标准库。", {"no_deps"}),
        ("Sadece standart kütüphane kullanabiliriz.", {"no_deps"}),
    ],
)
def test_stated_constraints_are_read_in_each_language(text: str, expected: set[str]) -> None:
    """A constraint is read from the learner's own words, whatever the language."""
    assert expected <= set(stated(text))


@pytest.mark.parametrize(
    "text",
    [
        "The CLI must run on Windows, Linux and macOS.",
        "Nuestro CLI corre en Windows, Linux y macOS.",
        "Die App läuft unter Windows und unter Linux.",
        "Наш сервис работает под Windows и на Ubuntu.",
    ],
)
def test_windows_among_several_target_systems_is_not_named_as_the_only_one(text: str) -> None:
    """Windows beside Linux/macOS is one target of several: the reply never says 'runs on Windows'."""
    held = Held(constraints=stated(text))
    assert "windows" not in held.constraints
    assert held.breaks("Switch the loop to `uvloop`")  # still Unix-only: breaks a target
    assert [label for label in held.labels("en") if "Linux/macOS" in label]


def test_python_version_is_read_as_a_constraint() -> None:
    """'Python 3.8' holds the thread to APIs that exist in 3.8."""
    assert "python:3.8" in stated("This runs on Python 3.8 in production.")
    held = Held(constraints=("python:3.8",))
    assert held.breaks("Wrap the calls in `asyncio.TaskGroup()`")
    assert held.breaks("use `asyncio.timeout(5)` around the call")
    assert not held.breaks("Use `asyncio.wait_for(call(), 5)`")


def test_tried_names_the_thing_tried_not_the_learners_stack() -> None:
    """'I tried uvloop on our FastAPI service' tried uvloop; FastAPI stays their stack."""
    assert tried("I tried uvloop on our FastAPI service and it didn't help.") == ("uvloop",)
    assert tried("Tentei `lru_cache` mas não ajudou.") == ("lru_cache",)
    assert tried("Our FastAPI service is slow.") == ()
    # what they run on is not what they tried, nor a name later in the sentence
    assert tried("I tried asyncio debug mode and it shows json.dumps at 40%.") == ()
    assert tried("I tried adding an lru_cache to get_user.") == ("lru_cache",)


def test_no_new_dependencies_strikes_out_a_package_the_learner_did_not_name() -> None:
    """Under 'no new dependencies' a step bringing orjson breaks it; a named library does not."""
    held = Held(constraints=("no_deps",), stack=("orjson",))
    assert Held(constraints=("no_deps",)).breaks("Render with `orjson.dumps` instead")
    assert Held(constraints=("no_deps",)).breaks("pip install scalene and profile")
    assert not held.breaks("Render with `orjson.dumps` instead")
    assert not held.breaks("Profile with `cProfile` and sort by tottime")


def test_memory_keeps_constraints_and_the_newest_python_version() -> None:
    """Constraints from any turn are kept; a corrected version replaces the old one."""
    memory = ThreadMemory()
    for text in ("We can't add dependencies, Python 3.8.", "Sorry, it is Python 3.10."):
        memory = remember(memory, replace(extract(text), constraints=stated(text)))
    assert memory.constraints == ("no_deps", "python:3.10")
    assert ThreadMemory.from_dict(memory.to_dict()) == memory


async def test_a_constraint_from_the_first_turn_holds_in_later_turns(app: App) -> None:
    """Windows said once: a later question on uvloop gets no uvloop step, and the reply says why."""
    await app.mentor.handle(ask(f"{ASYNC_QUESTION} It runs on Windows servers."))
    reply = await app.mentor.handle(ask("Would uvloop make our aiohttp event loop faster?"))
    assert "runs on Windows" in reply.text
    steps = steps_of(reply.text).lower()
    assert steps
    assert "uvloop" not in steps
    assert "windows" in (await memory_of(app)).constraints
    other = await app.mentor.handle(ask("Would uvloop make our aiohttp event loop faster?", "t2"))
    assert "uvloop" in steps_of(other.text).lower()  # the same question, no constraint


async def test_what_the_learner_tried_is_not_proposed_again(app: App) -> None:
    """uvloop reported as tried: no step proposes it, the reply names it as tried."""
    reply = await app.mentor.handle(
        ask("I tried uvloop and it didn't help; would uvloop settings make aiohttp faster?")
    )
    assert "uvloop" not in steps_of(reply.text).lower()
    assert "already tried: `uvloop`" in reply.text


def test_a_later_number_is_read_against_the_stated_goal(catalog: Catalog) -> None:
    """'p99 must stay under 200 ms' once; a later p99 is said to be over or within it."""
    memory = remember(ThreadMemory(), extract(ASYNC_QUESTION))
    over = evidence_notes(extract("p99 is now 250 ms"), memory, "en", catalog)
    met = evidence_notes(extract("p99 agora 180 ms"), memory, "pt", catalog)
    assert any("1.2x your 200 ms goal" in n and "50 ms" in n for n in over)
    assert any("180 ms" in n and "meta de 200 ms" in n for n in met)


async def test_llm_request_carries_the_constraints_and_what_was_tried(
    llm_app: App, fake_openai: FakeOpenAI
) -> None:
    """On the LLM path the follow-up's prompt states the constraints and the tried list."""
    await llm_app.mentor.handle(ask("Python 3.8, no new dependencies: p99 is 900 ms.", "llm"))
    await llm_app.mentor.handle(ask("I tried `functools.lru_cache`; it did not help.", "llm"))
    final = fake_openai.requests[-1]["messages"][-1]["content"]
    rules = final.split("Constraints the learner stated")[1].splitlines()[0]
    assert "no new dependencies" in rules
    assert "Python 3.8" in rules
    assert "functools.lru_cache" in final.split("Already tried by the learner")[1].splitlines()[0]
