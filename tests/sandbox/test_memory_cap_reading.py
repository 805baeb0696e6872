"""A run stopped at the sandbox's own memory limit is read against that limit (review10 T36)."""

from __future__ import annotations

import pytest

from bot.mentor.i18n import Catalog
from bot.mentor.sandbox_reasoning import sandbox_findings
from bot.sandbox.report import RunStatus, SandboxReport

NUMPY_ERROR = (
    "numpy._core._exceptions._ArrayMemoryError: Unable to allocate 763. MiB for an array "
    "with shape (20000, 5000) and data type float64"
)

SAID = {
    "en": "the sandbox's own limit",
    "de": "das Limit der Sandbox selbst",
    "ja": "サンドボックス自身の上限",
    "tr": "sandbox'ın kendi sınırı",
}


@pytest.mark.parametrize("language", sorted(SAID))
def test_the_sandbox_limit_and_the_runs_ask_come_first(catalog: Catalog, language: str) -> None:
    """"Lokal läuft es mit 16 GB" + a 763 MiB array stopped at 128 MiB: the sandbox's limit."""
    report = SandboxReport(
        status=RunStatus.MEMORY_LIMIT,
        wall_ms=206.0,
        cpu_ms=81.0,
        stderr=NUMPY_ERROR,
        limits={"memory_bytes": 128 * 1024 * 1024},
    )
    first = sandbox_findings(report, language, catalog)[0]
    assert "128.0 MiB" in first
    assert "763 MiB" in first
    assert SAID[language] in first


def test_without_a_known_limit_nothing_is_made_up(catalog: Catalog) -> None:
    report = SandboxReport(status=RunStatus.MEMORY_LIMIT, stderr="MemoryError")
    lines = sandbox_findings(report, "en", catalog)
    assert len(lines) == 1
    assert "sandbox gives each run" not in lines[0]
