"""A task's solution handed out over several turns of one thread is still a turnkey solution."""

from __future__ import annotations

import ast

import pytest

from bot.app import App
from bot.course.content import Course
from bot.mentor.guards.integrity import IntegrityGuard, TaskInterfaces
from bot.mentor.guards.thread_code import overlay, shown_code
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.cache_drafts import filler_block
from tests.fakes.hostile_llm import THREAD_CASES, THREAD_QUESTIONS, thread_drafts
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.openai_server import reply as llm_reply
from tests.fakes.redteam_texts import PROFILE_SOLUTION
from tests.fakes.solutions import CACHE_SOLUTION
from tests.mentor.guards.test_integrity import CountingChecker

NEAR_SOLUTION = CACHE_SOLUTION.replace("self.capacity:", "self.capacity + 1:")
"""The cache with one wrong line: it fails the checker (it keeps one entry too many)."""


@pytest.fixture(scope="module")
def interfaces() -> TaskInterfaces:
    return TaskInterfaces(Course.load(DEFAULT_CONFIG_DIR).tasks)


def reply(code: str, lead: str = "Here is a start:") -> str:
    return f"{lead}\n\n```python\n{code.strip()}\n```\n\nMeasure it."


def _functions(code: str, names: set[str], keep: bool) -> str:
    tree = ast.parse(code)
    tree.body = [
        n for n in tree.body if not isinstance(n, ast.FunctionDef) or (n.name in names) == keep
    ]
    return ast.unparse(tree)


FIRST_HALF = {"parse_request", "find_orders", "escape_html"}


async def test_second_half_of_the_functions_is_replaced(interfaces: TaskInterfaces) -> None:
    """Half a task's functions last turn and the rest now add up to a solution: withheld."""
    earlier = shown_code([reply(_functions(PROFILE_SOLUTION, FIRST_HALF, keep=True))])
    draft = reply(_functions(PROFILE_SOLUTION, FIRST_HALF, keep=False), "And the rest:")
    guard = IntegrityGuard(interfaces=interfaces, checker=None)
    alone = await guard.guard(draft, language="en", effort=False)
    together = await guard.guard(draft, language="en", effort=False, shown=earlier)
    assert alone.replaced == 0  # each turn alone defines too little of the task
    assert together.replaced == 1
    assert "def checksum" not in together.text
    assert "Measure it." in together.text


async def test_one_line_fix_of_an_earlier_near_solution_is_replaced(
    interfaces: TaskInterfaces,
) -> None:
    """'Change this one line' completing last turn's failing near-solution is withheld."""
    checker = CountingChecker()
    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    earlier = shown_code([reply(NEAR_SOLUTION)])
    draft = reply("while len(self._data) > self.capacity:", "Only this line changes:")
    result = await guard.guard(draft, language="en", effort=False, shown=earlier)
    assert (result.replaced, result.unverified) == (1, 0)
    assert "self.capacity:" not in result.text.split("Measure it.")[0].split("```")[-2]


async def test_method_replaced_into_an_earlier_class_is_caught(
    interfaces: TaskInterfaces,
) -> None:
    """A method shown alone, replacing the stub of last turn's class, completes it."""
    stub = (
        CACHE_SOLUTION.split("    def get(")[0]
        + "    def get(self, key, loader):\n"
        + ("        raise NotImplementedError\n\n    def __len__(self):\n        return 0\n")
    )
    method = "    def get(" + CACHE_SOLUTION.split("    def get(")[1].split("    def __len__")[0]
    length = "    def __len__(self):" + CACHE_SOLUTION.split("def __len__(self):")[1]
    guard = IntegrityGuard(interfaces=interfaces, checker=CountingChecker())
    draft = reply(method, "Replace get:") + "\n\n" + reply(length, "And __len__:")
    result = await guard.guard(draft, language="en", effort=False, shown=shown_code([reply(stub)]))
    assert result.replaced == 1
    assert "future.set_result" not in result.text


async def test_fix_that_still_fails_is_left(interfaces: TaskInterfaces) -> None:
    """A fix that does not make the earlier code pass is teaching, not a solution: it stays."""
    checker = CountingChecker()
    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    earlier = shown_code([reply(NEAR_SOLUTION)])
    draft = reply("future.set_result(None)", "Try this line:")
    result = await guard.guard(draft, language="en", effort=False, shown=earlier)
    assert result.replaced == 0
    assert "future.set_result(None)" in result.text


async def test_effort_allows_the_completion(interfaces: TaskInterfaces) -> None:
    """With evidence of effort this turn, the thread's completion is not checked at all."""
    checker = CountingChecker()
    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    earlier = shown_code([reply(NEAR_SOLUTION)])
    draft = reply("while len(self._data) > self.capacity:")
    result = await guard.guard(draft, language="en", effort=True, shown=earlier)
    assert (result.replaced, checker.calls) == (0, 0)


async def test_thread_without_task_code_costs_no_run(interfaces: TaskInterfaces) -> None:
    """Earlier code that is no task's, completed by the draft, runs no checker."""
    checker = CountingChecker()
    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    earlier = shown_code([reply("def mean(xs):\n    return sum(xs) / len(xs)\n")])
    draft = reply("def mean(xs):\n    return sum(xs) / max(len(xs), 1)\n")
    result = await guard.guard(draft, language="en", effort=False, shown=earlier)
    assert (result.replaced, checker.calls) == (0, 0)


def test_overlay_puts_definitions_where_a_learner_would() -> None:
    """A def replaces its namesake, a method goes into its class, a line over its likeness."""
    earlier = "class A:\n    def f(self):\n        return 1\n\ndef g():\n    return 2\n"
    merged = overlay(earlier, "def f(self):\n    return 10\n\ndef g():\n    return 20\n")
    assert merged is not None
    assert merged.count("def f") == 1
    assert "return 10" in merged
    assert "return 20" in merged
    assert merged.index("return 10") < merged.index("def g")
    patched = overlay(earlier, "return 3")
    assert patched is not None
    assert "return 3" in patched
    assert patched.count("return") == 2
    assert overlay(earlier, "x = {") is None


@pytest.mark.parametrize("case", sorted(THREAD_CASES))
async def test_solution_over_turns_of_a_thread_never_reaches_the_learner(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, case: str
) -> None:
    """A hostile LLM giving a solution over replies of one thread: the completion is withheld.

    A leak is the last turn's completion shown after what it completes (the earlier parts,
    or the scaffold turn 1's withheld solution became).
    """
    headings = list(catalog.headings("en").values())
    task = llm_app.practice.course.task(THREAD_CASES[case].task)
    assert task is not None
    replies = []
    for question, draft in zip(THREAD_QUESTIONS, thread_drafts(case, headings, "en"), strict=False):
        fake_openai.reset(default=llm_reply(draft))
        replies.append(
            await llm_app.mentor.handle(
                MentorRequest(platform="console", user="u1", text=question, thread=f"t-{case}")
            )
        )
    texts = ["\n".join(r.sections.to_dict().values()) for r in replies]
    assert not THREAD_CASES[case].leaked(texts, task.starter, task.scaffold)
    assert replies[1].sections.missing() == []


def _replies_between(kind: str, chat: str, window: int) -> list[str]:
    """The replies between the halves: 3 of 5 one-line blocks each, or more chat than the
    history window holds."""
    if kind == "filler_code":
        blocks = ["\n\n".join(filler_block(5 * r + n) for n in range(5)) for r in range(3)]
        return [chat + "\n\n" + b + "\n" for b in blocks]
    return [chat] * (window // 2)


@pytest.mark.parametrize("between", ["filler_code", "beyond_the_history_window"])
async def test_solution_halves_apart_by_replies_are_still_one(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, between: str
) -> None:
    """Half the functions, replies of filler code or chat, then the rest: still withheld."""
    case = THREAD_CASES["split_functions"]
    headings = list(catalog.headings("en").values())
    first, last = thread_drafts("split_functions", headings, "en")
    chat = first.split("```python")[0]
    window = llm_app.settings.mentor.history_turns
    drafts = [first, *_replies_between(between, chat, window), last]
    texts = []
    for i, draft in enumerate(drafts):
        fake_openai.reset(default=llm_reply(draft))
        result = await llm_app.mentor.handle(
            MentorRequest(platform="console", user="u1", text=f"And then? ({i})", thread=between)
        )
        texts.append("\n".join(result.sections.to_dict().values()))
    task = llm_app.practice.course.task(case.task)
    assert task is not None
    assert not case.leaked([texts[0], texts[-1]], task.starter, task.scaffold)
