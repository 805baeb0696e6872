"""A SandboxClient that measures every run for /metrics, whoever asked for it.

The mentor's profiling runs and the course's practice checks share one jail pool; wrapping the
client in the composition root counts both the same way (run time, status, in flight) without
either service knowing about metrics.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from bot.observability import Metrics
from bot.sandbox.client import SandboxClient
from bot.sandbox.report import SandboxReport
from bot.sandbox.settings import SandboxSettings


class MeteredSandbox:
    """Delegates to `inner`; records `mca_sandbox_run_seconds`, runs and in-flight by purpose."""

    def __init__(self, inner: SandboxClient, metrics: Metrics, *, purpose: str) -> None:
        self.inner = inner
        self._metrics = metrics
        self._purpose = purpose

    @property
    def available(self) -> bool:
        """As the wrapped client."""
        return self.inner.available

    @property
    def reason(self) -> str:
        """As the wrapped client."""
        return self.inner.reason

    async def profile(
        self,
        code: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        stdin: str | None = None,
        limits: SandboxSettings | None = None,
    ) -> SandboxReport:
        """Run through the wrapped client and record how it went."""
        gauge = self._metrics.sandbox_in_flight.labels(self._purpose)
        gauge.inc()
        started = time.perf_counter()
        status = "error"
        try:
            report = await self.inner.profile(code, files=files, stdin=stdin, limits=limits)
            status = report.status.value
            return report
        finally:
            gauge.dec()
            self._metrics.sandbox_seconds.labels(self._purpose, status).observe(
                time.perf_counter() - started
            )
            self._metrics.sandbox_runs.labels(status).inc()

    async def aclose(self) -> None:
        """The composition root closes the wrapped client itself."""
