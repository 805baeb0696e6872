"""Learner code cannot forge its report: measured fields come from the supervisor only."""

from __future__ import annotations

import argparse
import json
import marshal
import re
import textwrap
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from structlog.testing import capture_logs

from bot.sandbox import harness_common
from bot.sandbox.cli import EXIT_OK, run_handler
from bot.sandbox.jail import DONE_LINE
from bot.sandbox.local import LocalSandbox
from bot.sandbox.payload import PayloadError, strict_loads
from bot.sandbox.program import SOURCE_IN_JAIL, harness_program, harness_source
from bot.sandbox.remote import RemoteSandbox
from bot.sandbox.report import PassState, RunStatus, SandboxReport
from bot.sandbox.worker import build_app
from tests.sandbox.conftest import jail_settings
from tests.sandbox.test_remote import free_port
from tests.sandbox.test_render_cli import FakeSettings

pytestmark = pytest.mark.jail

SPRAY = textwrap.dedent(
    """
    import os
    def spray(data):
        for fd in range(3, 64):
            try:
                os.write(fd, data)
            except OSError:
                pass
    """
)
"""Write the same bytes to every descriptor the learner's process inherited."""

BUSY = "def busy():\n    return sum(i * i for i in range(60_000))\nbusy()\n"
"""Long enough (a few ms) for the profiling passes to run."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def strict_json(text: str) -> Any:
    """Parse JSON the way a careful consumer would: NaN/Infinity refused."""

    def refuse(name: str) -> None:
        raise ValueError(name)

    return json.loads(text, parse_constant=refuse)


def state(report: SandboxReport, name: str) -> PassState | None:
    return next((p.state for p in report.passes if p.name == name), None)


async def test_injected_exit_code_cannot_turn_a_failure_into_ok(sandbox: LocalSandbox) -> None:
    """Keys smuggled into the result pipe do not override the exit status pid 1 measured."""
    forged = b'{"exit_code": 0}, "exit_code": 0, "signal": null, "z": {"a": 1}\n'
    report = await sandbox.profile(SPRAY + f"spray({forged!r})\nraise ValueError('real')\n")
    assert report.status is RunStatus.ERROR
    assert report.exit_code == 1
    assert "ValueError: real" in report.stderr
    assert state(report, "plain") is PassState.INVALID


async def test_injected_timing_cannot_hide_a_wall_timeout(sandbox: LocalSandbox) -> None:
    """A run killed at the wall limit is a timeout with its real duration, whatever it sent."""
    forged = (
        b'{"wall_ms": 12.5}, "timed_out": false, "signal": 0, "exit_code": 0, '
        b'"status_wall_ms": 12.5, "z": {}\n'
    )
    report = await sandbox.profile(SPRAY + f"spray({forged!r})\nimport time\ntime.sleep(600)\n")
    assert report.status is RunStatus.TIMEOUT
    assert "wall_timeout_s" in report.limits["hit"]
    assert report.wall_ms is not None
    assert report.wall_ms >= sandbox._settings.wall_timeout_s * 1000 * 0.9


async def test_invented_hotspots_are_refused_as_forged(sandbox: LocalSandbox) -> None:
    """A fake profile written before the real one makes the pass invalid, not a hotspot."""
    fake = b'{"hotspots": [["invented", "main.py", 1, 1, 999.0, 999.0]]}\n'
    report = await sandbox.profile(SPRAY + f"spray({fake!r})\n" + BUSY)
    assert report.status is RunStatus.OK
    assert all(h.function != "invented" for h in report.hotspots)
    assert state(report, "profile") is PassState.INVALID
    assert any("profile invalid" in note for note in report.notes())


async def test_exit_code_152_is_not_a_cpu_timeout(sandbox: LocalSandbox) -> None:
    """Exiting with the CPU-limit code without using the CPU is an error, not a timeout."""
    report = await sandbox.profile("import os\nos._exit(152)\n")
    assert report.status is RunStatus.ERROR
    assert report.exit_code == 152
    assert "cpu_time_s" not in report.limits["hit"]


INFINITE = (
    b'{"wall_ms": Infinity, "cpu_ms": NaN, "exit_code": 0, "peak_bytes": Infinity, '
    b'"hotspots": [["f", "main.py", Infinity, 1, 1e999, -Infinity]]}\n'
)
DEEP = b'{"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}\n"


@pytest.mark.parametrize("payload", [INFINITE, DEEP], ids=["infinity", "deep"])
async def test_hostile_numbers_and_nesting_keep_the_report_valid(
    sandbox: LocalSandbox, payload: bytes
) -> None:
    """Infinity, NaN, 1e999 and 50k-deep nesting are refused data, never a crash."""
    report = await sandbox.profile(SPRAY + f"spray({payload!r})\n" + BUSY)
    assert report.status is RunStatus.OK
    strict_json(json.dumps(report.to_dict()))
    assert state(report, "plain") is PassState.INVALID


async def test_sandbox_run_survives_infinity_in_the_payload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sandbox run --json` exits 0 with strict JSON when the program sends Infinity."""
    path = tmp_path / "inf.py"
    path.write_text(SPRAY + f"spray({INFINITE!r})\n" + BUSY)
    with capture_logs():
        code = await run_handler(
            argparse.Namespace(file=str(path), json=True), FakeSettings(jail_settings())
        )
    assert code == EXIT_OK
    data = strict_json(capsys.readouterr().out)
    assert data["status"] == "ok"


async def test_worker_answers_200_when_the_program_sends_infinity(sandbox: LocalSandbox) -> None:
    """The worker's reply stays a valid report (not a 500) whatever the program wrote."""
    runner = web.AppRunner(build_app(sandbox, sandbox._settings))
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"http://127.0.0.1:{port}/v1/profile",
                json={"code": SPRAY + f"spray({INFINITE!r})\n" + BUSY},
            ) as resp,
        ):
            assert resp.status == 200
            body = strict_json(await resp.text())
    finally:
        await runner.cleanup()  # closes the sandbox too (closing twice is harmless)
    assert body["status"] == "ok"


async def test_hotspot_names_are_safe_for_chat(sandbox: LocalSandbox) -> None:
    """A function named with pings, backticks or control characters is shown defused."""
    code = textwrap.dedent(
        """
        def hot():
            return sum(i * i for i in range(80_000))
        name = "@everyone <@123> ```\\x1b[31m\\u202e" + "x" * 500
        hot.__code__ = hot.__code__.replace(co_name=name, co_qualname=name)
        hot()
        """
    )
    report = await sandbox.profile(code)
    assert report.status is RunStatus.OK, report.stderr
    assert report.hotspots
    for spot in report.hotspots:
        assert "@everyone" not in spot.function
        assert "<@" not in spot.function
        assert "`" not in spot.function
        assert not _CONTROL.search(spot.function)
        assert "\u202e" not in spot.function
        assert len(spot.function) <= 120


@pytest.mark.parametrize(
    "data",
    [b"NaN", b"Infinity", b"-Infinity", b"1e999", b"[" * 40 + b"]" * 40, b"{} {}", b"\xff"],
)
def test_strict_loads_refuses_what_json_accepts(data: bytes) -> None:
    """Non-finite numbers, deep nesting, trailing values and bad UTF-8 are refused."""
    with pytest.raises(PayloadError):
        strict_loads(data, max_bytes=1024)


async def test_remote_report_with_infinity_or_pings_is_refused_or_defused() -> None:
    """A worker's reply is data too: non-finite numbers fail it, hotspot names are cleaned."""
    replies = [
        b'{"status": "ok", "wall_ms": Infinity}',
        b'{"status": "ok", "wall_ms": "inf"}',
        json.dumps(
            {
                "status": "ok",
                "hotspots": [
                    {
                        "function": "@everyone ```",
                        "file": "main.py",
                        "line": 1,
                        "calls": 1,
                        "total_ms": 1.0,
                        "cumulative_ms": 1.0,
                    }
                ],
            }
        ).encode(),
    ]
    served = iter(replies)

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=next(served), content_type="application/json")

    app = web.Application()
    app.router.add_post("/v1/profile", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    client = RemoteSandbox([f"http://127.0.0.1:{port}"], settings=jail_settings())
    try:
        refused = await client.profile("pass")
        client._down_until.clear()
        refused_text = await client.profile("pass")
        client._down_until.clear()
        cleaned = await client.profile("pass")
    finally:
        await client.aclose()
        await runner.cleanup()
    assert refused.status is RunStatus.REJECTED
    assert refused_text.status is RunStatus.REJECTED
    assert cleaned.status is RunStatus.OK
    assert "@everyone" not in cleaned.hotspots[0].function
    assert "`" not in cleaned.hotspots[0].function


def test_done_line_is_what_pid_1_writes_last() -> None:
    """The bot ends a run on pid 1's exact last line; the harness must write that line."""
    assert (harness_common.dumps({"event": "done"}) + "\n").encode() == DONE_LINE


async def test_forged_done_line_does_not_end_the_run_early(sandbox: LocalSandbox) -> None:
    """A learner writing pid 1's last line everywhere cannot cut its run (or its output) short."""
    code = SPRAY + textwrap.dedent(
        """
        import sys, time
        line = b'{"event":"done"}\\n'
        spray(line)
        sys.stdout.buffer.write(line)
        sys.stdout.flush()
        time.sleep(0.3)
        print("still running")
        raise SystemExit(3)
        """
    )
    report = await sandbox.profile(code)
    assert report.status is RunStatus.ERROR
    assert report.exit_code == 3
    assert "still running" in report.stdout
    assert report.wall_ms is not None
    assert report.wall_ms >= 300


def test_harness_bytecode_hides_its_own_frames() -> None:
    """The jail runs the harness as bytecode compiled under the name its frames are hidden by."""
    program = harness_program("/usr/bin/python3.11")
    assert program.path.endswith(".pyc")
    code = marshal.loads(program.data[16:])
    assert code.co_filename == SOURCE_IN_JAIL


def test_jail_program_is_the_harness_parts_joined_stdlib_only() -> None:
    """The jail gets one program: every part's code, no import of the bot, valid Python."""
    source = harness_source().decode()
    assert "from bot." not in source
    assert "import bot" not in source
    assert source.count("from __future__ import annotations") == 1
    for name in ("def dumps(", "class _Sampler", "def _run_pass(", "def main("):
        assert name in source
    compile(source, SOURCE_IN_JAIL, "exec")
