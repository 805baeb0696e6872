"""The one fake of the sandbox port (bot.sandbox.client.SandboxClient): a scripted report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.sandbox.report import SandboxReport
from bot.sandbox.settings import SandboxSettings


@dataclass
class ScriptedSandbox:
    """Returns `report` for every run and records the code it was given."""

    report: SandboxReport
    ran: list[str] = field(default_factory=list)
    available: bool = True
    reason: str = ""

    async def profile(
        self,
        code: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        stdin: str | None = None,
        limits: SandboxSettings | None = None,
    ) -> SandboxReport:
        """The scripted report (the code is kept in `ran`)."""
        self.ran.append(code)
        return self.report

    async def aclose(self) -> None:
        """Nothing to release."""
        return
