"""A touched-up starter is not effort: "the corrected version of your code" stays a hint."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.course.content import Course, Task
from bot.mentor.guards.integrity import TaskInterfaces
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.models import Sections
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.solutions import CACHE_SOLUTION

COURSE = Course.load(DEFAULT_CONFIG_DIR)
INTERFACES = TaskInterfaces(COURSE.tasks)
CACHE = next(t for t in COURSE.tasks if t.id == "thread-safe-cache")
S = CACHE.starter
LOCK_ATTR = S.replace(
    "from typing import Any\n", "from typing import Any\nimport threading\n"
).replace(
    "self._data: OrderedDict[Hashable, Any] = OrderedDict()",
    "self._data: OrderedDict[Hashable, Any] = OrderedDict()\n        self._lock = threading.Lock()",
)
TOUCH_UPS = {
    "unused_lock": LOCK_ATTR,
    "assert_added": S.replace(
        "self.capacity = capacity", "assert capacity > 0\n        self.capacity = capacity"
    ),
    "positional_argument": S.replace("popitem(last=False)", "popitem(False)"),
    "if_to_while": S.replace(
        "if len(self._data) > self.capacity:", "while len(self._data) > self.capacity:"
    ),
    "get_for_subscript": S.replace("return self._data[key]", "return self._data.get(key)"),
}
ATTEMPT = LOCK_ATTR.replace(
    "        if key in self._data:\n            self._data.move_to_end(key)\n"
    "            return self._data[key]\n",
    "        with self._lock:\n            if key in self._data:\n"
    "                self._data.move_to_end(key)\n                return self._data[key]\n",
)


@pytest.mark.parametrize("name", sorted(TOUCH_UPS))
def test_touched_up_starter_is_not_effort(name: str) -> None:
    """A lock created and never taken, an assert, one rewritten line: the starter still."""
    code = TOUCH_UPS[name]
    assert code != S
    assert not INTERFACES.shows_effort(
        "Here is my code, please correct it", (code,), says_tried=True
    )


@pytest.mark.parametrize("task", [t for t in COURSE.tasks if t.kind == "checked"], ids=str)
def test_an_added_assert_is_no_effort_on_any_task(task: Task) -> None:
    """On every checked task's starter: an assert added at the top of a function."""
    starter = task.starter
    lines = starter.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("def ") and line.rstrip().endswith(":"):
            indent = " " * (len(line) - len(line.lstrip()) + 4)
            body = lines[i + 1]
            if body.strip().startswith(('"""', "'''")):
                continue
            lines.insert(i + 1, f"{indent}assert True")
            break
    touched = "\n".join(lines)
    assert not INTERFACES.shows_effort("my attempt", (touched,), says_tried=True)


def test_a_real_attempt_is_still_effort() -> None:
    """Taking the lock around the lookup (a few statements of one's own) is effort."""
    assert INTERFACES.shows_effort("my attempt", (ATTEMPT,), says_tried=False)


async def test_corrected_version_of_a_touched_up_starter_is_withheld(app: App) -> None:
    """The learner attaches the starter with an unused lock; the draft's "corrected version"
    is the full solution: it gives way to the scaffold."""
    guards = app.mentor.guards
    effort = guards.effort("Please correct my code", (LOCK_ATTR,), says_tried=True)
    assert not effort
    draft = Sections(
        context="Which threads miss the same key at once?",
        hypotheses="One load per key should cut loader calls from 16 to 1 under 16 threads.",
        steps="1. Count loader calls.\n2. Time 16 keys.\n3. Compare.",
        scaffold="Here is the corrected version of your code:\n\n```python\n"
        + CACHE_SOLUTION.strip()
        + "\n```",
        topics="- concurrency",
        next_steps="Measure again.",
        reflection="How many loader calls did you measure before and after?",
    )

    async def offline() -> Sections:
        return draft

    turn = DraftTurn(
        language="en", wants_scaffold=True, strict=False, effort=effort, learner_code=(LOCK_ATTR,)
    )
    guarded = await guards.apply(draft, turn, offline)
    assert "set_exception" not in "\n".join(guarded.sections.to_dict().values())
