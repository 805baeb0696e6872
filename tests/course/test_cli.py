"""The course CLI: `course list`, `practice list|check`, `announce --dry-run`; exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bot.__main__ import main
from tests.conftest import REPO_ROOT, cli_env
from tests.course.conftest import SOLUTIONS
from tests.course.sandbox_double import SubprocessSandboxDouble
from tests.faults.harness import ForkServer


def run(
    server: ForkServer, data_dir: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` as a process of its own, forked from the session's fork server
    (the bot imported and its config read once: 10-37 s a fresh interpreter on busy cores)."""
    done = server.cli(
        list(args), {**cli_env(data_dir, **env), "PYTHONPATH": str(REPO_ROOT)}, timeout_s=120
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def test_course_list_json(data_dir: Path, fork_server: ForkServer) -> None:
    """`course list --json` prints the 8 sessions as one JSON object."""
    result = run(fork_server, data_dir, "course", "list", "--json")
    assert result.returncode == 0, result.stderr
    sessions = json.loads(result.stdout)["sessions"]
    assert [s["number"] for s in sessions] == list(range(1, 9))
    assert sessions[2]["title"] == "Profiling and memory"


def test_practice_list_json(data_dir: Path, fork_server: ForkServer) -> None:
    """`practice list --json`: id, title, topics and kind (checked | review) per task."""
    result = run(fork_server, data_dir, "practice", "list", "--json")
    assert result.returncode == 0, result.stderr
    tasks = {t["id"]: t for t in json.loads(result.stdout)["tasks"]}
    assert len(tasks) >= 6
    assert tasks["pyo3-review"]["kind"] == "review"
    assert tasks["mp-pipeline"]["kind"] == "checked"
    assert all({"id", "title", "topics", "kind"} <= set(t) for t in tasks.values())


def test_announce_dry_run_json(data_dir: Path, fork_server: ForkServer) -> None:
    """`announce --dry-run --at ... --json` shows what would be posted where, posting nothing."""
    result = run(
        fork_server,
        data_dir,
        "announce",
        "--dry-run",
        "--at",
        "2026-03-02T10:00",
        "--json",
        MCA_COURSE_TIMEZONE="Europe/Lisbon",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["due_week"] == "2026-W10"
    assert data["timezone"] == "Europe/Lisbon"
    assert data["posts"] == []  # no channels configured by default


@pytest.mark.parametrize(
    ("args", "env", "code", "needle"),
    [
        (("practice", "check", "nope", "x.py"), {}, 2, "no practice task 'nope'"),
        (("practice", "check", "mp-pipeline", "missing.py"), {}, 2, "Cannot read missing.py"),
        (("practice", "check", "mp-pipeline", "x.py", "--lang", "xx"), {}, 2, "Unknown language"),
        (("announce", "--dry-run", "--at", "next monday"), {}, 2, "not an ISO-8601 time"),
        (("announce",), {}, 2, "Only --dry-run"),
        (("course", "list"), {"MCA_COURSE_ANNOUNCE_CRON": "61 * * * *"}, 78, "cron"),
    ],
)
def test_bad_input_exits_non_zero_with_a_message(
    data_dir: Path,
    args: tuple[str, ...],
    env: dict[str, str],
    code: int,
    needle: str,
    fork_server: ForkServer,
) -> None:
    """Unknown task, bad time, missing --dry-run, unparsable cron: clear message, exit code."""
    result = run(fork_server, data_dir, *args, **env)
    assert result.returncode == code, result.stderr
    assert needle in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("announce", "--dry-run", "--at", "yesterday", "--json"), 2, "not an ISO-8601 time"),
        (("practice", "check", "nope", "x.py", "--json"), 2, "no practice task 'nope'"),
    ],
)
def test_a_json_command_prints_its_error_as_an_object_on_stdout(
    data_dir: Path, args: tuple[str, ...], code: int, needle: str, fork_server: ForkServer
) -> None:
    """review10 T31: `announce --dry-run --at yesterday --json` printed nothing on stdout."""
    result = run(fork_server, data_dir, *args)
    assert result.returncode == code
    error = json.loads(result.stdout)
    assert error["code"] == code
    assert needle in error["error"]
    assert needle in result.stderr


@pytest.fixture
def in_process(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> SubprocessSandboxDouble:
    """Run `main()` in this process with the sandbox double as the app's sandbox."""
    double = SubprocessSandboxDouble()
    monkeypatch.setenv("MCA_DATA_DIR", str(data_dir))
    monkeypatch.setattr("bot.app.build_sandbox", lambda settings: double)
    return double


@pytest.mark.parametrize(
    ("task", "file", "code", "passed"),
    [
        ("asyncio-blocking", "asyncio_blocking_good.py", 0, True),
        ("asyncio-blocking", "asyncio_blocking_bad.py", 1, False),
        ("pyo3-review", "pyo3_review_good.md", 0, True),
    ],
)
def test_practice_check_json_contract(
    in_process: SubprocessSandboxDouble,
    capsys: pytest.CaptureFixture[str],
    task: str,
    file: str,
    code: int,
    passed: bool,
) -> None:
    """`practice check ID FILE --json` prints the verdict contract; exit 0 only when passed."""
    assert main(["practice", "check", task, str(SOLUTIONS / file), "--json"]) == code
    verdict = json.loads(capsys.readouterr().out)
    assert set(verdict) == {"task", "passed", "checks", "measurements", "hint"}
    assert verdict["passed"] is passed
    base, worded = {"name", "passed", "detail"}, {"key", "params"}  # the detail's words, if any
    assert all(base <= set(c) <= base | worded for c in verdict["checks"])
    assert (verdict["hint"] is None) is passed


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("", "solution.py is empty"),
        ("just words, not code", "not valid Python"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_practice_check_refuses_bad_files(
    in_process: SubprocessSandboxDouble,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: str | bytes,
    needle: str,
) -> None:
    """Empty, non-Python or binary files exit 2 with a message; nothing runs."""
    path = tmp_path / "solution.py"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    assert main(["practice", "check", "mp-pipeline", str(path)]) == 2
    assert needle in capsys.readouterr().err
    assert in_process.runs == []


def test_practice_check_timeout_is_a_clear_failure(
    in_process: SubprocessSandboxDouble,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A submission that never ends fails with the time limit named (exit 1)."""
    monkeypatch.setenv("MCA_COURSE_CHECKER_WALL_TIMEOUT_S", "1")
    path = tmp_path / "solution.py"
    path.write_text(
        "class SingleFlightLRU:\n    def __init__(self, capacity):\n        while True:\n"
        "            pass\n"
    )
    assert main(["practice", "check", "thread-safe-cache", str(path), "--json"]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["checks"][0]["detail"].startswith("your submission did not finish within 1 s")


def test_practice_check_without_sandbox_is_unavailable(
    data_dir: Path, tmp_path: Path, fork_server: ForkServer
) -> None:
    """With code execution off, `practice check` says why and exits 69 (EX_UNAVAILABLE)."""
    path = tmp_path / "solution.py"
    path.write_text("def run_pipeline(lines, workers):\n    return {}\n")
    result = run(fork_server, data_dir, "practice", "check", "mp-pipeline", str(path))
    assert result.returncode == 69, result.stderr
    assert "need the sandbox" in result.stderr


NO_HINT = {
    "pt": ("Dica (conquistada", "não libera nova dica"),
    "de": ("Hinweis (durch deine Versuche", "keinen neuen Hinweis"),
    "ja": ("ヒント（試行で獲得）", "新しいヒントは開きません"),
    "en": ("Hint (earned", "earns no new hint"),
}


NO_ATTEMPTS = [
    ("thread-safe-cache", "while True:\n    pass\n"),
    ("asyncio-blocking", "@starter"),
]
"""Hand-ins that do not attempt the task: a busy loop, the task's own starter."""


def _no_attempt(tmp_path: Path, task: str, code: str) -> Path:
    """The hand-in as a file (`@starter`: the task's starter, unchanged)."""
    from bot.course.content import Course  # noqa: PLC0415

    if code == "@starter":
        found = Course.load(REPO_ROOT / "config").task(task)
        assert found is not None
        code = found.starter
    path = tmp_path / "loop.py"
    path.write_text(code, "utf-8")
    return path


@pytest.mark.parametrize("language", sorted(NO_HINT))
@pytest.mark.parametrize(("task", "code"), NO_ATTEMPTS)
def test_practice_check_gives_no_hint_for_what_the_chat_says_earns_none(
    in_process: SubprocessSandboxDouble,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    language: str,
    task: str,
    code: str,
) -> None:
    """review10 T31: a hand-in that does not attempt the task earned a hint on the CLI only."""
    path = _no_attempt(tmp_path, task, code)
    assert main(["practice", "check", task, str(path), "--lang", language]) == 1
    out = capsys.readouterr().out
    earned, none = NO_HINT[language]
    assert earned not in out
    assert none in out


@pytest.mark.parametrize(("task", "code"), NO_ATTEMPTS)
def test_practice_check_json_gives_no_hint_for_a_non_attempt(
    in_process: SubprocessSandboxDouble,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    task: str,
    code: str,
) -> None:
    """The same hand-ins with `--json`: `hint` is null (one run a task: JSON has no language)."""
    path = _no_attempt(tmp_path, task, code)
    assert main(["practice", "check", task, str(path), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["hint"] is None
