"""What the sandbox could not measure: told beside the evidence, never as a hypothesis."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.memory import remember
from bot.mentor.models import MentorRequest
from bot.mentor.reasoning import findings, sandbox_line
from bot.mentor.sandbox_limits import run_notes
from bot.mentor.understanding import extract
from bot.sandbox.report import PassInfo, PassState, RunStatus, SandboxReport
from tests.fakes.sandbox import ScriptedSandbox

LANGUAGES = ["en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko"]

NO_PANDAS = SandboxReport(
    status=RunStatus.ERROR,
    exit_code=1,
    wall_ms=45.0,
    cpu_ms=40.0,
    stderr=(
        "Traceback (most recent call last):\n"
        '  File "main.py", line 2, in <module>\n'
        "    import pandas as pd\n"
        "ModuleNotFoundError: No module named 'pandas'\n"
    ),
)
"""A run that stopped at `import pandas`: the jail does not have it."""

CODE = (
    "import csv\n"
    "import pandas as pd\n\n"
    "def report(rows):\n"
    "    out = ''\n"
    "    for r in rows:\n"
    "        out += str(r) + ','\n"
    "    return out\n"
)

TOO_SHORT = SandboxReport(
    status=RunStatus.OK,
    exit_code=0,
    wall_ms=30.0,
    cpu_ms=28.0,
    passes=(PassInfo("profile", PassState.SKIPPED, "too short to sample (0 samples, one per ms)"),),
)
"""A run too short for the sampling profiler: the sandbox's workings, not the learner's code."""


def ask(text: str, thread: str) -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_library_is_named_with_its_import_line_in_every_language(
    catalog: Catalog, lang: str
) -> None:
    """The learner reads which library the sandbox lacks and where the run stopped, in their language."""
    notes = run_notes(NO_PANDAS, CODE, ThreadMemory(), lang, catalog)
    assert len(notes) == 1
    assert "`pandas`" in notes[0]
    assert "2" in notes[0]  # the import's line
    assert "cProfile" in notes[0]  # the measurement to take where pandas is installed


def test_a_run_stopped_at_an_import_gives_no_measured_finding(catalog: Catalog) -> None:
    """Wall and CPU of a run that died importing are no reading of the code; the scan still is."""
    lines = findings(NO_PANDAS, CODE, "en", catalog)
    assert not [ln for ln in lines if "CPU" in ln or "computing" in ln or "waiting" in ln]
    assert [ln for ln in lines if ln.startswith("Line 7")]  # the `+=` string building


async def test_a_missing_library_is_told_once_and_never_as_a_hypothesis(app: App) -> None:
    """Turn 1 says plainly that pandas is missing; hypotheses stay on the code; turn 2 is quiet."""
    app.mentor.sandbox = ScriptedSandbox(NO_PANDAS)  # type: ignore[assignment]
    text = f"Why is my report builder slow?\n```python\n{CODE}```"
    first = await app.mentor.handle(ask(text, "no-pandas"))
    assert "does not have `pandas`" in first.sections.context
    assert "Measured in the sandbox" not in first.sections.hypotheses  # it measured nothing
    assert "The run ended with" not in first.sections.hypotheses
    assert "ModuleNotFoundError" not in first.text
    assert "Line 7" in first.sections.hypotheses  # what can still be concluded: the code
    again = await app.mentor.handle(ask(f"Here it is again, 1.2 s per call.\n{text}", "no-pandas"))
    assert "does not have `pandas`" not in again.text
    assert "ModuleNotFoundError" not in again.text


async def test_a_profile_too_short_to_sample_is_a_note_not_a_hypothesis(app: App) -> None:
    """'too short to sample' is how the sandbox measured, not a hypothesis about the code."""
    app.mentor.sandbox = ScriptedSandbox(TOO_SHORT)  # type: ignore[assignment]
    code = "```python\ndef total(xs):\n    return sum(x * x for x in xs)\n\nprint(total(range(10)))\n```"
    reply = await app.mentor.handle(ask(f"Is this fast enough?\n{code}", "short"))
    assert "too short to sample" not in reply.sections.hypotheses
    assert "too short to sample" in reply.sections.context


def test_the_missing_library_stays_remembered_after_a_later_run(catalog: Catalog) -> None:
    """A later successful run does not make the thread forget it was told pandas is missing."""
    memory = remember(ThreadMemory(), extract("slow"), sandbox=sandbox_line(NO_PANDAS))
    memory = remember(memory, extract("again"), sandbox=sandbox_line(TOO_SHORT))
    assert run_notes(NO_PANDAS, CODE, memory, "en", catalog) == ()
