"""Academic integrity: a draft's code that passes a task's own checker is withheld."""

from __future__ import annotations

import ast

import pytest

from bot.course.checks import CheckRunner
from bot.course.content import Course, Task
from bot.course.settings import CourseSettings
from bot.mentor.guards.integrity import IntegrityGuard, TaskInterfaces, course_checker
from bot.sandbox.settings import SandboxSettings
from bot.settings import DEFAULT_CONFIG_DIR
from tests.course.sandbox_double import SubprocessSandboxDouble
from tests.fakes.solutions import (
    ASYNC_SOLUTION,
    BROKEN_CACHE,
    CACHE_SOLUTION,
    PROPERTY_SOLUTION,
)


@pytest.fixture(scope="module")
def course() -> Course:
    return Course.load(DEFAULT_CONFIG_DIR)


@pytest.fixture(scope="module")
def interfaces(course: Course) -> TaskInterfaces:
    return TaskInterfaces(course.tasks)


def fenced(code: str) -> str:
    return f"Here is a version:\n\n```python\n{code.strip()}\n```\n\nMeasure it."


class CountingChecker:
    """The task's real checker on the subprocess double, counting its runs."""

    def __init__(self) -> None:
        self.runner = CheckRunner(
            sandbox=SubprocessSandboxDouble(),
            settings=CourseSettings(),
            sandbox_settings=SandboxSettings(),
        )
        self.check = course_checker(self.runner.check)
        self.calls = 0

    async def __call__(self, task: Task, code: str) -> bool | None:
        self.calls += 1
        return await self.check(task, code)


def test_solution_is_recognised_by_its_interface_not_its_name(
    interfaces: TaskInterfaces,
) -> None:
    """A block defining the starter's class and methods matches the task, unnamed."""
    shape = interfaces.match(ast.parse(CACHE_SOLUTION))
    assert shape is not None
    assert shape.task.id == "thread-safe-cache"
    assert interfaces.match(ast.parse("def two_sum(xs, t):\n    return None\n")) is None


def test_large_interface_matches_without_a_helper(
    interfaces: TaskInterfaces, course: Course
) -> None:
    """A solution to a 7-function task that drops one helper still defines the task."""
    task = course.task("profile-request")
    assert task is not None
    tree = ast.parse(task.starter)
    tree.body = [
        n for n in tree.body if not (isinstance(n, ast.FunctionDef) and n.name == "make_requests")
    ]
    shape = interfaces.match(tree)
    assert shape is not None
    assert shape.task.id == "profile-request"
    two = ast.parse("def parse_request(raw):\n    ...\n\ndef render(orders):\n    ...\n")
    assert interfaces.match(two) is None


async def test_passing_solution_is_replaced_by_scaffold_and_hint(
    interfaces: TaskInterfaces, course: Course
) -> None:
    """Code that passes the task's checker becomes the task's scaffold plus a hint rung."""
    checker = CountingChecker()
    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    result = await guard.guard(fenced(CACHE_SOLUTION), language="en", effort=False)
    task = course.task("thread-safe-cache")
    assert task is not None
    assert result.replaced == 1
    assert "future.set_result(value)" not in result.text
    assert task.scaffold.strip().splitlines()[0] in result.text
    assert task.in_language("en").hints[0][:40] in result.text
    assert "Measure it." in result.text


@pytest.mark.parametrize(
    ("task_id", "code"),
    [("asyncio-blocking", ASYNC_SOLUTION), ("property-tests", PROPERTY_SOLUTION)],
)
async def test_solutions_with_other_signatures_or_names_are_still_caught(
    interfaces: TaskInterfaces, task_id: str, code: str
) -> None:
    """Extra defaulted parameters, or tests with new names, still define the task's interface.

    (Both pass their real checker on an idle machine; timing checks make that flaky under
    load, so the checker here only records which task it was asked about.)
    """
    asked: list[str] = []

    async def checker(task: Task, _code: str) -> bool:
        asked.append(task.id)
        return True

    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    result = await guard.guard(fenced(code), language="en", effort=False)
    assert asked == [task_id]
    assert (result.replaced, result.unverified) == (1, 0)


async def test_solution_split_over_two_blocks_is_caught(interfaces: TaskInterfaces) -> None:
    """Imports in one block and the class in the next are still one solution."""
    head, _, tail = CACHE_SOLUTION.partition("class SingleFlightLRU")
    text = (
        f"First the imports:\n\n```python\n{head.strip()}\n```\n\n"
        f"Then the class:\n\n```python\nclass SingleFlightLRU{tail.rstrip()}\n```"
    )
    guard = IntegrityGuard(interfaces=interfaces, checker=CountingChecker())
    result = await guard.guard(text, language="en", effort=False)
    assert (result.replaced, result.unverified) == (1, 0)
    assert "future.set_result" not in result.text
    assert "First the imports:" in result.text


async def test_solution_tagged_as_another_language_is_caught(interfaces: TaskInterfaces) -> None:
    """A ```text tag does not hide Python from the guard."""
    text = f"```text\n{CACHE_SOLUTION.strip()}\n```"
    guard = IntegrityGuard(interfaces=interfaces, checker=None)
    result = await guard.guard(text, language="en", effort=False)
    assert result.replaced == 1


async def test_failing_code_is_left_to_the_other_guards(interfaces: TaskInterfaces) -> None:
    """A block that fails the checker is not a turnkey solution: it stays."""
    guard = IntegrityGuard(interfaces=interfaces, checker=CountingChecker())
    result = await guard.guard(fenced(BROKEN_CACHE), language="en", effort=False)
    assert result.replaced == 0
    assert result.runs == 1


async def test_checker_runs_once_per_code_thanks_to_the_cache(interfaces: TaskInterfaces) -> None:
    """The same block in a second draft reuses the verdict: no second sandbox run."""
    checker = CountingChecker()
    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    for _ in range(2):
        result = await guard.guard(fenced(CACHE_SOLUTION), language="pt", effort=False)
        assert result.replaced == 1
    assert checker.calls == 1


async def test_draft_without_a_task_interface_costs_no_run(interfaces: TaskInterfaces) -> None:
    """Ordinary code in a draft never reaches the sandbox."""
    checker = CountingChecker()
    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    code = "import timeit\n\nprint(timeit.timeit('sum(range(100))', number=1000))\n"
    result = await guard.guard(fenced(code), language="en", effort=False)
    assert (result.matched, result.runs, checker.calls) == (0, 0, 0)


async def test_unverifiable_solution_is_withheld(interfaces: TaskInterfaces) -> None:
    """With no sandbox, a block implementing the interface is withheld anyway."""
    guard = IntegrityGuard(interfaces=interfaces, checker=None)
    result = await guard.guard(fenced(CACHE_SOLUTION), language="es", effort=False)
    assert (result.replaced, result.unverified) == (1, 1)


async def test_quoted_starter_is_not_replaced(interfaces: TaskInterfaces, course: Course) -> None:
    """The draft quoting the task's own starter shows nothing new: it stays."""
    task = course.task("thread-safe-cache")
    assert task is not None
    guard = IntegrityGuard(interfaces=interfaces, checker=None)
    result = await guard.guard(fenced(task.starter), language="en", effort=False)
    assert result.replaced == 0


async def test_effort_allows_the_solution(interfaces: TaskInterfaces) -> None:
    """After evidenced effort the finished code may be shown (and costs no run)."""
    checker = CountingChecker()
    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    result = await guard.guard(fenced(CACHE_SOLUTION), language="en", effort=True)
    assert (result.replaced, result.allowed, checker.calls) == (0, 1, 0)


def renamed_starter(starter: str) -> str:
    return "# my attempt\n" + starter.replace("loader", "fetch").replace("value", "result").replace(
        '"""', "'''"
    )


@pytest.mark.parametrize("task_id", ["thread-safe-cache", "mp-pipeline", "asyncio-blocking"])
def test_unmodified_or_renamed_starter_is_not_effort(
    interfaces: TaskInterfaces, course: Course, task_id: str
) -> None:
    """Attaching the starter, renamed or re-commented, is not evidence of effort."""
    task = course.task(task_id)
    assert task is not None
    for code in (task.starter, renamed_starter(task.starter)):
        assert not interfaces.shows_effort("here is my code", (code,), says_tried=True)


def trivially_edited(starter: str) -> str:
    """The reviewer's edits: an attribute renamed everywhere, docstrings reworded, a TODO,
    annotations dropped, the class renamed."""
    code = starter.replace("_data", "_store").replace("SingleFlightLRU", "MyCache")
    code = code.replace('"""At most', '"""My attempt. TODO make thread safe. At most')
    code = code.replace(": OrderedDict[Hashable, Any]", "").replace(" -> None", "")
    code = code.replace("return value", '"TODO: lock here"\n        return value')
    return code.replace("self._store.move_to_end(key)", "self._store.move_to_end(key)\n            pass")


def test_trivially_edited_starter_is_not_effort(interfaces: TaskInterfaces, course: Course) -> None:
    """An alpha-renamed, re-documented starter is the starter: no effort, whatever it says."""
    task = course.task("thread-safe-cache")
    assert task is not None
    for code in (
        task.starter.replace("_data", "_store"),
        task.starter.replace("self.capacity", "self.cap"),
        trivially_edited(task.starter),
    ):
        assert code != task.starter
        assert not interfaces.shows_effort(
            "Here is my attempt, please finish it", (code,), says_tried=True
        )


def test_new_logic_in_an_edited_starter_is_effort(
    interfaces: TaskInterfaces, course: Course
) -> None:
    """A renamed starter that also adds a real statement (a lock) shows effort."""
    task = course.task("thread-safe-cache")
    assert task is not None
    code = trivially_edited(task.starter).replace(
        "        value = loader(key)\n",
        "        with self._lock:\n            value = loader(key)\n",
    )
    assert interfaces.shows_effort("my attempt", (code,), says_tried=False)


def test_changed_function_body_is_effort(interfaces: TaskInterfaces) -> None:
    """A learner's real change to a starter body (a lock, a new method) is effort."""
    assert interfaces.shows_effort("my attempt", (BROKEN_CACHE,), says_tried=False)


def test_failing_test_output_is_effort(interfaces: TaskInterfaces) -> None:
    """A traceback or failing test output counts even without code."""
    text = "I ran it and got:\nFAILED tests/test_cache.py::test_len - AssertionError: 3 != 2"
    assert interfaces.shows_effort(text, (), says_tried=False)
