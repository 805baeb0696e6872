"""Practice checkers: run a submission with the checker harness in the sandbox, or review it.

Checked tasks run `bot/course/harness.py` as the sandbox's main program with the learner's
code as `solution.py`; the harness prints one verdict line tagged with a per-run nonce.
Review tasks (a toolchain the sandbox lacks, e.g. PyO3) are never run: bot/course/review.py
judges the hand-in by what it is (code, benchmark, report's numbers).
"""

from __future__ import annotations

import ast
import json
import re
import secrets
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import structlog

from bot.course import checker_asyncio, checker_cache, checker_pipeline, checker_profile
from bot.course.content import Task
from bot.course.hints import missing_interface
from bot.course.settings import CourseSettings
from bot.errors import InputError, UserFacingError
from bot.sandbox.client import SandboxClient
from bot.sandbox.report import RunStatus, SandboxReport
from bot.sandbox.settings import SandboxSettings
from bot.text import markdown

log = structlog.get_logger()

VERDICT_PREFIX = "@@mca-verdict:"
_FAULT_KEY = re.compile(r"fault_[a-z_]{1,30}")
"""A check detail the bot can word in the learner's language (config/course/ui.toml)."""
_TASK_ID = re.compile(r"\s*([^\s`~]+)(.*)", re.S)


class CheckerUnavailable(UserFacingError):
    """The sandbox cannot run checks now (disabled, busy); the attempt is not counted."""

    exit_code = 69  # EX_UNAVAILABLE


@dataclass(frozen=True)
class CheckItem:
    """One named check of a verdict."""

    name: str
    passed: bool
    detail: str
    key: str = ""
    """A course UI text (`fault_...`) that says `detail` in the learner's language; "" if none."""
    params: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (`key` and `params` only when the detail can be said in other languages)."""
        data: dict[str, Any] = {"name": self.name, "passed": self.passed, "detail": self.detail}
        if self.key:
            data["key"], data["params"] = self.key, dict(self.params)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckItem:
        """Parse a check from the checker's verdict or a stored one; a malformed key is dropped."""
        key, params = data.get("key", ""), data.get("params", {})
        wordable = (
            isinstance(key, str)
            and _FAULT_KEY.fullmatch(key) is not None
            and isinstance(params, dict)
            and all(isinstance(v, str) and len(v) <= 300 for v in params.values())
        )
        return cls(
            str(data["name"]),
            bool(data["passed"]),
            str(data["detail"]),
            key if wordable else "",
            {str(k): v for k, v in params.items()} if wordable else {},
        )


@dataclass(frozen=True)
class Verdict:
    """The result of checking one submission (the CLI's JSON contract, minus the hint)."""

    task: str
    checks: tuple[CheckItem, ...]
    measurements: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Every check passed (and there was at least one)."""
        return bool(self.checks) and all(c.passed for c in self.checks)

    def to_dict(self, hint: str | None = None) -> dict[str, Any]:
        """`{"task","passed","checks","measurements","hint"}`."""
        return {
            "task": self.task,
            "passed": self.passed,
            "checks": [c.to_dict() for c in self.checks],
            "measurements": self.measurements,
            "hint": hint,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        """Parse a stored verdict."""
        return cls(
            task=str(data["task"]),
            checks=tuple(CheckItem.from_dict(c) for c in data["checks"]),
            measurements=dict(data.get("measurements", {})),
        )


def extract_code(text: str) -> str:
    """The code of a submission, read as `/mca ask` reads a paste (bot.text.markdown).

    Its largest Python block; else its first block (so the error names that code); else the
    whole text (a file, or code pasted without a fence).
    """
    code = markdown.program(text)
    if code is not None:
        return code
    blocks = markdown.code_blocks(text)
    return (blocks[0].code or "") if blocks else text


def split_submission(rest: str) -> tuple[str, str]:
    """`<task-id> <code or report>` -> (task id, body); the id ends at a space or a fence.

    InputError without a task id. `submit t1```py` on one line is task t1 and a fence.
    """
    found = _TASK_ID.match(rest)
    if found is None:
        raise InputError("Say which task.", key="course_submit_usage")
    first, newline, more = found.group(2).partition("\n")
    if not first.strip():
        return found.group(1), more  # the body starts on the next line: keep it as written
    return found.group(1), first.strip(" \t") + newline + more


def validate_submission(task: Task, text: str, *, max_bytes: int) -> str:
    """The submission to check, or InputError (empty, too big, binary, not Python).

    One leading byte-order mark (U+FEFF: a file saved "UTF-8 with BOM", Windows Notepad's
    default) is dropped, as Python's own tokenizer does, so such a file is checked, not refused.
    """
    text = _without_bom(text)
    if "\x00" in text:
        raise InputError("The submission contains binary data (NUL bytes).", key="binary_input")
    size = len(text.encode("utf-8", "replace"))
    if size > max_bytes:
        raise InputError(
            f"The submission is {size} bytes; the limit is {max_bytes}.",
            key="code_too_large",
            size=size,
            limit=max_bytes,
        )
    if task.kind == "review":
        if not text.strip():
            raise InputError("The submission is empty.", key="course_empty_submission")
        return text
    code = _without_bom(extract_code(text))
    if not code.strip():
        raise InputError("The submission is empty.", key="course_empty_submission")
    try:
        ast.parse(code)
    except SyntaxError as exc:
        raise InputError(
            f"The submission is not valid Python (line {exc.lineno}: {exc.msg}).",
            key="course_not_python",
            line=exc.lineno or 0,
            error=exc.msg,
        ) from None
    return code


def _without_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


class CheckRunner:
    """Checks submissions; checked tasks run in the sandbox, never in the bot's process."""

    def __init__(
        self, *, sandbox: SandboxClient, settings: CourseSettings, sandbox_settings: SandboxSettings
    ) -> None:
        self.sandbox = sandbox
        self.settings = settings
        self.limits = _checker_limits(sandbox_settings, settings)

    async def check(self, task: Task, submission: str) -> Verdict:
        """Validate and check one submission. Raises InputError or CheckerUnavailable."""
        code = validate_submission(task, submission, max_bytes=self.settings.max_submission_bytes)
        if task.kind == "review":
            from bot.course.review import review  # noqa: PLC0415  (review builds on this module)

            return review(task, code)
        missing = missing_interface(code, task.starter, PROBED.get(task.checker, ()))
        if missing:
            return interface_verdict(task, missing)
        if not self.sandbox.available:
            raise CheckerUnavailable(
                f"Practice checks need the sandbox, which is off: {self.sandbox.reason}",
                key="course_checker_unavailable",
                reason=self.sandbox.reason,
            )
        nonce = secrets.token_hex(8)
        spec = {"checker": task.checker, "params": task.params, "nonce": nonce}
        files: dict[str, str | bytes] = {
            "solution.py": code,
            "checker_params.json": json.dumps(spec),
            **task.files,
            **checker_files(),
        }
        harness = resources.files("bot.course").joinpath("harness.py").read_text("utf-8")
        report = await self.sandbox.profile(harness, files=files, limits=self.limits)
        verdict = interpret(task, report, nonce, timeout_s=self.limits.wall_timeout_s)
        log.info(
            "course.checked",
            task=task.id,
            status=report.status.value,
            passed=verdict.passed,
            wall_ms=report.wall_ms,
        )
        return verdict


PROBED = {
    "asyncio_lag": checker_asyncio.PROBED,
    "cache": checker_cache.PROBED,
    "pipeline": checker_pipeline.PROBED,
    "profile": checker_profile.PROBED,
}
"""Per checker, the names it calls in the learner's code (the property-test checker: none)."""

INTERFACE_CHECK = "task interface"


def interface_verdict(task: Task, missing: tuple[str, ...]) -> Verdict:
    """The answer for code lacking what the checker calls, given at once without the sandbox."""
    named = ", ".join(f"`{m}`" for m in missing)
    detail = f"Not run in the sandbox: the checker calls {named}, which your code does not define."
    item = CheckItem(INTERFACE_CHECK, False, detail, "fault_not_run", {"missing": named[:300]})
    return Verdict(task.id, (item,), {})


CHECKER_MODULES = (
    "checker_common",
    "checker_pipeline",
    "checker_property_tests",
    "checker_profile",
    "checker_asyncio",
    "checker_cache",
)
"""What harness.py imports in the sandbox, sent beside it under the same package path."""


def checker_files() -> dict[str, str | bytes]:
    """The checker modules as files of the run (empty package stubs: stdlib only in there)."""
    package = resources.files("bot.course")
    files: dict[str, str | bytes] = {"bot/__init__.py": "", "bot/course/__init__.py": ""}
    for name in CHECKER_MODULES:
        files[f"bot/course/{name}.py"] = package.joinpath(f"{name}.py").read_text("utf-8")
    return files


def _checker_limits(base: SandboxSettings, course: CourseSettings) -> SandboxSettings:
    update: dict[str, Any] = {
        "wall_timeout_s": course.checker_wall_timeout_s,
        "cpu_time_s": course.checker_cpu_time_s,
        "max_processes": max(base.max_processes, course.checker_max_processes),
    }
    if "profile" in type(base).model_fields:
        update["profile"] = False  # the harness measures what it needs; one pass is enough
    return base.model_copy(update=update)


def interpret(task: Task, report: SandboxReport, nonce: str, *, timeout_s: float) -> Verdict:
    """Turn a sandbox report into a verdict; the learner's output never forges one."""
    if report.status is RunStatus.REJECTED:
        raise CheckerUnavailable(
            f"The sandbox refused the check: {report.message or 'busy'}",
            key="course_checker_unavailable",
            reason=report.message or "busy",
        )
    limits = {
        RunStatus.TIMEOUT: (
            "fault_timeout",
            f"your submission did not finish within {timeout_s:.0f} s "
            "(an infinite loop, a deadlock, or a pool that never shuts down?)",
        ),
        RunStatus.MEMORY_LIMIT: ("fault_memory", "your submission ran out of memory"),
        RunStatus.OUTPUT_LIMIT: ("fault_output", "the run produced too much output"),
        RunStatus.KILLED: ("fault_killed", "the run was killed"),
    }
    if report.status in limits:
        key, detail = limits[report.status]
        item = CheckItem(
            "finishes within limits", False, detail, key, {"seconds": f"{timeout_s:.0f}"}
        )
        return Verdict(task.id, (item,), {"status": report.status.value, "wall_ms": report.wall_ms})
    tag = f"{VERDICT_PREFIX}{nonce}:"
    lines = [ln for ln in report.stdout.splitlines() if ln.startswith(tag)]
    if not lines:
        tail = report.stderr.strip().splitlines()[-3:]
        detail = "the checker produced no verdict" + (": " + " | ".join(tail) if tail else "")
        return Verdict(task.id, (CheckItem("checker", False, detail[:400]),), {})
    try:
        data = json.loads(lines[-1][len(tag) :])
        checks = tuple(CheckItem.from_dict(c) for c in data["checks"])
        measurements = dict(data.get("measurements", {}))
    except (ValueError, KeyError, TypeError):
        return Verdict(task.id, (CheckItem("checker", False, "unreadable verdict"),), {})
    measurements.setdefault("wall_ms", report.wall_ms)
    return Verdict(task.id, checks, measurements)
