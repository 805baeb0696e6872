"""The sandbox's words reach the learner in the learner's language (review10 T24).

"La pasada plain se cortó al agotar su tiempo (stopped at the wall-clock limit)": the
sandbox's English reason and pass name sat inside a Spanish line.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from bot.mentor.evidence import evidence_lines
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.sandbox_limits import run_notes
from bot.mentor.sandbox_words import reason_text
from bot.sandbox.report import PassInfo, PassState, RunStatus, SandboxReport
from tests.conftest import REPO_ROOT

LANGUAGES = ["pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko"]
SANDBOX_TEXTS = REPO_ROOT / "config" / "i18n" / "sandbox"
ENGLISH = re.compile(r"wall-clock|stopped at|limit reached|\bplain\b|too short|samples")


def timed_out() -> SandboxReport:
    """A run cut at the wall-clock limit, no stderr: the sandbox's message is the detail."""
    return SandboxReport(
        status=RunStatus.TIMEOUT,
        message="wall-clock limit reached",
        wall_ms=5000.0,
        passes=(
            PassInfo("plain", PassState.CUT, "stopped at the wall-clock limit"),
            PassInfo(
                "tracemalloc", PassState.SKIPPED, "too short to sample (3 samples, one per ms)"
            ),
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_cut_run_is_told_without_english_words(catalog: Catalog, language: str) -> None:
    report = timed_out()
    lines = [
        *evidence_lines(report, language, catalog),
        *run_notes(report, "", ThreadMemory(), language, catalog),
    ]
    said = "\n".join(lines)
    assert lines, "the cut run is told"
    assert not ENGLISH.search(said), said


def test_english_keeps_the_sandboxs_words(catalog: Catalog) -> None:
    """In English the reason is still said, with its numbers."""
    text = reason_text("too short to sample (3 samples, one per ms)", "en", catalog)
    assert "3 samples" in text
    assert reason_text("ended by signal 9", "de", catalog) == "durch Signal 9 beendet"


def test_an_unknown_reason_is_shown_as_the_sandbox_wrote_it(catalog: Catalog) -> None:
    assert reason_text("worker quota exhausted", "es", catalog) == "worker quota exhausted"


def test_every_language_has_every_sandbox_text_with_the_same_fields() -> None:
    english = tomllib.loads((SANDBOX_TEXTS / "en.toml").read_text("utf-8"))["messages"]
    for language in LANGUAGES:
        texts = tomllib.loads((SANDBOX_TEXTS / f"{language}.toml").read_text("utf-8"))["messages"]
        assert set(texts) == set(english), language
        for key, text in english.items():
            assert set(re.findall(r"{\w+}", texts[key])) == set(re.findall(r"{\w+}", text)), (
                language,
                key,
            )
