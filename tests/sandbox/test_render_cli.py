"""Chat rendering of reports and the `sandbox run` command."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from bot.sandbox.cli import EXIT_OK, EXIT_USAGE, run_handler
from bot.sandbox.render import ZWSP, neutralize, summarize
from bot.sandbox.report import Hotspot, RunStatus, SandboxReport
from bot.sandbox.settings import SandboxSettings
from tests.sandbox.conftest import jail_settings


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ("hi @everyone", "@everyone"),
        ("hi @here", "@here"),
        ("ping <@123456>", "<@"),
        ("role <@&42>", "<@&"),
        ("slack <!channel>", "<!channel>"),
        ("```\n}``` break out", "```"),
        ("nul\x00 bell\x07 esc\x1b[31m", "\x00"),
        ("8-bit csi \x9b2J clears a terminal", "\x9b"),
        ("next line\x85 (NEL)", "\x85"),
        ("line\u2028separator\u2029paragraph", "\u2028"),
    ],
)
def test_neutralize_defuses_pings_fences_and_controls(raw: str, forbidden: str) -> None:
    """No mention, fence break or control character survives neutralizing."""
    out = neutralize(raw)
    assert forbidden not in out
    assert "\x1b" not in out
    assert "\x07" not in out


def test_neutralize_truncates_to_length() -> None:
    """Long text is cut to the given length, ending in an ellipsis."""
    out = neutralize("x" * 500, 100)
    assert len(out) == 100
    assert out.endswith("…")


def test_summarize_lists_status_time_hotspots_and_output() -> None:
    """The summary names the status, timings, top 3 hotspots and first output lines."""
    report = SandboxReport(
        status=RunStatus.OK,
        wall_ms=12.5,
        cpu_ms=11.0,
        peak_memory_bytes=2 * 1024 * 1024,
        stdout="@everyone hi\n" + "line\n" * 20,
        hotspots=tuple(Hotspot(f"f{i}", "main.py", i, 1, 5.0 - i, 6.0) for i in range(5)),
    )
    text = summarize(report, max_chars=600)
    assert "ran fine" in text
    assert "wall 12.5 ms" in text
    assert "2.0 MiB" in text
    assert "f0" in text
    assert "f2" in text
    assert "f3" not in text
    assert f"@{ZWSP}everyone" in text
    assert len(text) <= 600


@dataclass
class FakeSettings:
    sandbox: SandboxSettings


async def test_sandbox_run_json_prints_one_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sandbox run FILE --json` prints exactly one JSON report and exits 0."""
    path = tmp_path / "hot.py"
    path.write_text("def hot():\n    return sum(i * i for i in range(100000))\nprint(hot())\n")
    args = argparse.Namespace(file=str(path), json=True)
    with capture_logs() as logs:
        code = await run_handler(args, FakeSettings(jail_settings()))
    out = capsys.readouterr().out
    assert any(e["event"] == "sandbox.run_finished" and e["status"] == "ok" for e in logs)
    assert code == EXIT_OK
    data = json.loads(out)
    assert data["status"] == "ok"
    assert data["hotspots"][0]["function"].startswith("hot")


@pytest.mark.parametrize("content", [None, b"\xff\xfe not utf-8"])
async def test_sandbox_run_bad_file_exits_nonzero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
) -> None:
    """A missing or non-UTF-8 file is refused with a clear message, nothing runs."""
    path = tmp_path / "code.py"
    if content is not None:
        path.write_bytes(content)
    code = await run_handler(
        argparse.Namespace(file=str(path), json=True), FakeSettings(jail_settings())
    )
    captured = capsys.readouterr()
    assert code == EXIT_USAGE
    assert captured.out == ""
    assert captured.err.startswith("mca-bot: "), "every command's error reads the same (W23)"


def test_inline_safe_output_is_one_line_with_no_pings_or_backticks() -> None:
    """Program output quoted inline in a reply cannot ping, break the span or add lines."""
    from bot.sandbox.render import inline_safe  # noqa: PLC0415

    line = inline_safe("@everyone <@123> <!channel> `x`\nsecond\x00line\u2028third\x85", 200)
    assert "\n" not in line
    assert "\u2028" not in line
    assert "\x85" not in line
    assert "`" not in line
    assert "@everyone" not in line
    assert "<@123>" not in line
    assert "<!channel>" not in line


def test_summary_says_which_pass_was_skipped_and_why() -> None:
    """A skipped or cut pass is named in one line with its reason; sampled rows show no calls."""
    from bot.sandbox.report import PassInfo, PassState  # noqa: PLC0415

    report = SandboxReport(
        status=RunStatus.OK,
        hotspots=(Hotspot("loop", "main.py", 1, 0, 12.0, 12.0),),
        passes=(
            PassInfo("plain", PassState.OK),
            PassInfo("tracemalloc", PassState.CUT, "stopped at its time budget: a partial view"),
        ),
    )
    text = summarize(report)
    assert "tracemalloc cut: stopped at its time budget" in text
    assert "0 calls" not in text
    assert SandboxReport.from_dict(report.to_dict()) == report
