"""A run stopped at the sandbox's process/thread cap is told as the sandbox's limit (review12 V6)."""

from __future__ import annotations

import pytest

from bot.mentor.i18n import Catalog
from bot.mentor.sandbox_reasoning import sandbox_findings
from bot.sandbox.report import RunStatus, SandboxReport

LANGUAGES = ("en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko")
STDERR = (
    'Traceback (most recent call last):\n  File "/usr/lib/python3.11/threading.py", line 957, '
    "in start\n    _start_new_thread(self._bootstrap, ())\nRuntimeError: can't start new thread\n"
)


def stopped(hit: list[str]) -> SandboxReport:
    return SandboxReport(
        status=RunStatus.ERROR,
        exit_code=1,
        wall_ms=120.0,
        cpu_ms=90.0,
        stderr=STDERR,
        limits={"max_processes": 64, "hit": hit},
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_process_cap_comes_first_in_every_language(catalog: Catalog, language: str) -> None:
    first = sandbox_findings(stopped(["max_processes"]), language, catalog)[0]
    assert first == catalog.message(language, "reasoning_sandbox_process_cap", limit=64)
    assert "64" in first
    assert "max_workers" in first


def test_an_error_of_the_code_is_not_blamed_on_the_sandbox(catalog: Catalog) -> None:
    lines = sandbox_findings(stopped([]), "en", catalog)
    assert not any("processes and threads" in line for line in lines)
