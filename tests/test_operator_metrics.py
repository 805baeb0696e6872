"""What an operator reads on /metrics and /healthz: process data, timings, readiness."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import aiohttp
import pytest

from bot.app import App
from bot.course.checks import CheckerUnavailable
from bot.mentor.models import MentorRequest
from bot.observability import HttpServer, Metrics, ReadyCheck
from bot.sandbox.metered import MeteredSandbox
from tests.course.sandbox_double import SubprocessSandboxDouble


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in the exposition text (0 when absent)."""
    for line in text.splitlines():
        if not line.startswith(name):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if line.split("{")[0].split(" ")[0] == name and all(
            found.get(k) == v for k, v in labels.items()
        ):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_carry_process_platform_and_gc_collectors() -> None:
    """The private registry exposes what prometheus-client only gives its global one."""
    text = Metrics().exposition().decode()
    assert _sample(text, "process_resident_memory_bytes") > 1_000_000
    assert "python_info{" in text
    assert "python_gc_objects_collected_total" in text


async def test_sandbox_runs_are_timed_and_counted_by_purpose() -> None:
    """Each run lands in the duration histogram and the runs counter, by purpose and status."""
    metrics = Metrics()
    sandbox = MeteredSandbox(SubprocessSandboxDouble(), metrics, purpose="practice")
    report = await sandbox.profile("print('hi')")
    text = metrics.exposition().decode()
    assert report.status.value == "ok"
    assert _sample(text, "mca_sandbox_run_seconds_count", purpose="practice", status="ok") == 1.0
    assert _sample(text, "mca_sandbox_runs_total", status="ok") == 1.0
    assert _sample(text, "mca_sandbox_in_flight", purpose="practice") == 0.0


async def test_practice_checks_are_counted_with_task_and_outcome(app: App) -> None:
    """A practice check counts once per submission under its task and outcome."""
    task = app.practice.course.tasks[0]
    with pytest.raises(CheckerUnavailable):  # the sandbox is off in this fixture
        # the task's own starter: code lacking its interface is answered without the sandbox
        await app.practice.check(task.id, f"```python\n{task.starter}\n```")
    text = app.metrics.exposition().decode()
    assert _sample(text, "mca_course_checks_total", task=task.id, outcome="unavailable") == 1.0
    assert _sample(text, "mca_course_checks_total", task=task.id, outcome="passed") == 0.0


async def test_turns_in_flight_gauge_reads_the_drain(app: App) -> None:
    """The in-flight gauge is live: it reads the turns being answered when scraped."""
    assert _sample(app.metrics.exposition().decode(), "mca_turns_in_flight") == 0.0
    await app.mentor.handle(
        MentorRequest(platform="console", user="u1", text="How do I use uvloop?")
    )
    assert _sample(app.metrics.exposition().decode(), "mca_turns_in_flight") == 0.0
    assert _sample(app.metrics.exposition().decode(), "mca_turns_total", platform="console") >= 1.0


def _check(ok: bool, **detail: str) -> Callable[[], Awaitable[ReadyCheck]]:
    async def check() -> ReadyCheck:
        return ok, dict(detail)

    return check


async def _boom() -> ReadyCheck:
    raise ConnectionError("database gone")


@pytest.mark.parametrize(
    ("checks", "status", "not_ready"),
    [
        ({"database": _check(True), "discord": _check(True)}, 200, None),
        ({"database": _check(True), "discord": _check(False)}, 503, ["discord"]),
        ({"database": _boom, "sandbox": _check(True, isolation="x")}, 503, ["database"]),
    ],
)
async def test_healthz_is_503_naming_what_is_not_ready(
    checks: dict[str, Callable[[], Awaitable[ReadyCheck]]],
    status: int,
    not_ready: list[str] | None,
) -> None:
    """/healthz answers 200 only when every component is ready; a failing check is named."""
    server = HttpServer(host="127.0.0.1", port=0, metrics=Metrics())
    for name, check in checks.items():
        server.add_readiness(name, check)
    await server.start()
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{server.port}/healthz") as resp,
        ):
            body = await resp.json()
            code = resp.status
    finally:
        await server.stop()
    assert code == status
    assert body.get("not_ready") == not_ready
    assert set(body["components"]) == set(checks)
