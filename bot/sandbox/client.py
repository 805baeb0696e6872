"""The sandbox port: anything that can profile learner code and return a SandboxReport."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from bot.sandbox.report import SandboxReport
from bot.sandbox.settings import SandboxSettings


class SandboxClient(Protocol):
    """Profiles code in isolation. Never raises for learner misbehaviour: it reports it."""

    @property
    def available(self) -> bool:
        """False when code execution is disabled (e.g. no bubblewrap); see `reason`."""
        ...

    @property
    def reason(self) -> str:
        """Why execution is unavailable ('' when available); safe to show to learners."""
        ...

    async def profile(
        self,
        code: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        stdin: str | None = None,
        limits: SandboxSettings | None = None,
    ) -> SandboxReport:
        """Run `code` as `__main__` in a fresh jail and measure it."""
        ...

    async def aclose(self) -> None:
        """Release pools, sessions and warm jails."""
        ...


class DisabledSandbox:
    """The sandbox when code execution is off: every run is rejected with the reason."""

    def __init__(self, reason: str) -> None:
        self._reason = reason

    @property
    def available(self) -> bool:
        """Never available."""
        return False

    @property
    def reason(self) -> str:
        """Why code execution is off."""
        return self._reason

    async def profile(
        self,
        code: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        stdin: str | None = None,
        limits: SandboxSettings | None = None,
    ) -> SandboxReport:
        """Reject every run, saying why."""
        return SandboxReport.rejected(self._reason)

    async def aclose(self) -> None:
        """Nothing to release."""


def health(sandbox: SandboxClient) -> dict[str, Any]:
    """The sandbox's part of /healthz: available or why not, and the isolation in force."""
    isolation = str(getattr(sandbox, "isolation", "none"))
    return {
        "available": sandbox.available,
        "reason": sandbox.reason,
        "isolation": isolation,
        "memory_limit": "NO-MEMORY-LIMIT" not in isolation and sandbox.available,
    }
