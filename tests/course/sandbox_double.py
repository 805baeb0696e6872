"""A TEST DOUBLE of the sandbox: runs code in a plain subprocess, with NO isolation.

Only for unit-testing checker logic (verdict parsing, thresholds, known-good/bad solutions)
while the real jail is elsewhere; tests that need the real jail use
`bot.sandbox.factory.build_sandbox`. Never use this outside tests.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from bot.sandbox.report import RunStatus, SandboxReport
from bot.sandbox.settings import SandboxSettings


class SubprocessSandboxDouble:
    """Implements the SandboxClient protocol with `python main.py` in a temporary folder."""

    def __init__(self, settings: SandboxSettings | None = None) -> None:
        self.settings = settings or SandboxSettings()
        self.runs: list[dict[str, object]] = []

    @property
    def available(self) -> bool:
        return True

    @property
    def reason(self) -> str:
        return ""

    async def profile(
        self,
        code: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        stdin: str | None = None,
        limits: SandboxSettings | None = None,
    ) -> SandboxReport:
        limits = limits or self.settings
        self.runs.append({"files": sorted(files or {}), "limits": limits})
        with tempfile.TemporaryDirectory(prefix="mca-double-") as tmp:
            root = Path(tmp)
            for name, content in (files or {}).items():
                path = root / name
                path.parent.mkdir(parents=True, exist_ok=True)
                data = content.encode() if isinstance(content, str) else content
                path.write_bytes(data)
            (root / "main.py").write_text(code, encoding="utf-8")
            env = {"PATH": os.environ.get("PATH", ""), "PYTHONHASHSEED": "0"}
            started = time.perf_counter()
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "main.py",
                cwd=root,
                env=env,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                start_new_session=True,
            )
            try:
                out, err = await asyncio.wait_for(
                    proc.communicate((stdin or "").encode()), limits.wall_timeout_s
                )
            except TimeoutError:
                os.killpg(proc.pid, 9)
                await proc.wait()
                return SandboxReport(
                    status=RunStatus.TIMEOUT,
                    wall_ms=(time.perf_counter() - started) * 1000,
                    isolation="none (test double)",
                )
            wall_ms = (time.perf_counter() - started) * 1000
        cap = limits.max_output_bytes
        return SandboxReport(
            status=RunStatus.OK if proc.returncode == 0 else RunStatus.ERROR,
            exit_code=proc.returncode,
            wall_ms=wall_ms,
            stdout=out[:cap].decode("utf-8", "replace"),
            stderr=err[:cap].decode("utf-8", "replace"),
            truncated=len(out) > cap,
            isolation="none (test double)",
        )

    async def aclose(self) -> None:
        return None
