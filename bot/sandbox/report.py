"""The sandbox report: what one run of learner code measured, as it crosses the wire.

Who measured what (a reader must not trust more than this):
- `status`, `exit_code`, `wall_ms`, `cpu_ms`, `max_rss_bytes`, the limits hit and the output
  come from the supervisor (the jail's pid 1 waiting on the pass, the bot's cgroup and pipes),
  never from the learner's process.
- `hotspots`, `allocations` and `peak_memory_bytes` come from profilers running inside the
  learner's process: the learner can lie about them (never about the fields above). They are
  parsed as one bounded JSON value, validated, and their names made safe for chat.
- `passes` (new, default empty) says what each measuring pass did, one PassInfo per pass:
  `name` ("plain"; "profile" = the sampling profile taken during the plain run;
  "tracemalloc" = the optional exact allocation pass), `state` ("ok"; "skipped" = not run or
  nothing to show, e.g. too short to sample; "cut" = stopped at its time budget, a partial
  view; "invalid" = what the pass sent was malformed or forged and was ignored; "failed" =
  the pass crashed), and a short English `reason`. `notes()` turns the non-ok ones into one
  line each ("profile skipped: too short to sample (0 samples, one per ms)"), for the
  reply's one line on what was not measured.
- `run_queue_ms`, `io_wait_ms`, `voluntary_switches`, `involuntary_switches` (new, default
  None = not measured, e.g. an older worker) say what the gap between wall and CPU time was,
  from pid 1's view of the plain pass: `run_queue_ms` the time it was ready to run while the
  CPU served others (a loaded host; the pass's main thread, from /proc/<pid>/schedstat),
  `io_wait_ms` the time blocked on disk I/O (only where the kernel's delay accounting is on),
  the switches from its rusage (voluntary: it slept or blocked; involuntary: it was
  preempted). `slept_ms()` is the gap the process itself spent asleep or blocked.
- Hotspots are sampled (1 ms ticks): `total_ms`/`cumulative_ms` are samples x 1 ms and
  `calls` is 0 (a sampler cannot count calls). Allocations are sampled too: `size_bytes` is
  how much the peak RSS grew while that line ran, `count` the Python blocks it allocated;
  with `trace_allocations` they are tracemalloc's exact lines and `peak_memory_bytes` the
  Python heap's peak (else None: `max_rss_bytes`, the kernel's figure, is always there).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

LABEL_CHARS = 120
"""Longest function or file name shown from a profile."""
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_PING = re.compile(r"@(everyone|here|channel)|<([@#!&])", re.IGNORECASE)


def clean_label(value: object, limit: int = LABEL_CHARS) -> str:
    """A name from a profile, safe on any platform: one line, no controls, pings or backticks."""
    text = _UNSAFE.sub(" ", str(value)).replace("`", "'")
    text = _PING.sub(lambda m: m.group(0)[0] + "\u200b" + m.group(0)[1:], text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RunStatus(StrEnum):
    """How a run ended; the values are part of the JSON contract."""

    OK = "ok"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    KILLED = "killed"
    REJECTED = "rejected"


OUTSIDE_LEARNERS_CODE = re.compile(
    r"^<frozen |importlib|[/\\](?:site|dist)-packages[/\\]|[/\\]lib(?:64)?[/\\]python3[\d.]*t?[/\\]"
)
"""Files of the interpreter (import machinery, the standard library) and installed packages."""


def in_learners_code(file: str) -> bool:
    """A frame of the learner's own program, not the interpreter's or a library's (R20).

    A 60 ms run of a class definition is all imports: `_compile_bytecode` or
    `EnumType.__getattr__` is where the time went, never code the learner wrote.
    """
    return not OUTSIDE_LEARNERS_CODE.search(file)


@dataclass(frozen=True, slots=True)
class Hotspot:
    """One function from the cProfile pass, ranked by self time among the learner's code."""

    function: str
    file: str
    line: int
    calls: int
    total_ms: float
    cumulative_ms: float

    @property
    def learners(self) -> bool:
        """In the learner's own files (see `in_learners_code`)."""
        return in_learners_code(self.file)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Hotspot:
        """Build from the JSON contract (names cleaned: a worker's report is data too)."""
        total, cumulative = float(data["total_ms"]), float(data["cumulative_ms"])
        if not (math.isfinite(total) and math.isfinite(cumulative)):
            raise ValueError("hotspot times must be finite")
        return cls(
            function=clean_label(data["function"]),
            file=clean_label(data["file"]),
            line=int(data["line"]),
            calls=int(data["calls"]),
            total_ms=total,
            cumulative_ms=cumulative,
        )


@dataclass(frozen=True, slots=True)
class Allocation:
    """One source line from the tracemalloc pass: memory still held there when the run ended."""

    file: str
    line: int
    size_bytes: int
    count: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Allocation:
        """Build from the JSON contract."""
        return cls(
            file=clean_label(data["file"]),
            line=int(data["line"]),
            size_bytes=int(data["size_bytes"]),
            count=int(data["count"]),
        )


class PassState(StrEnum):
    """What happened to one measuring pass; the values are part of the JSON contract."""

    OK = "ok"
    SKIPPED = "skipped"
    CUT = "cut"
    INVALID = "invalid"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PassInfo:
    """One measuring pass: its name, what happened to it, and why (short English)."""

    name: str
    state: PassState
    reason: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PassInfo:
        """Build from the JSON contract."""
        return cls(
            name=clean_label(data["name"], 40),
            state=PassState(data["state"]),
            reason=clean_label(data.get("reason", ""), 200),
        )


@dataclass(frozen=True, slots=True)
class SandboxReport:
    """Measured evidence of one run (ARCHITECTURE.md, "Sandbox report")."""

    status: RunStatus
    exit_code: int | None = None
    wall_ms: float | None = None
    cpu_ms: float | None = None
    peak_memory_bytes: int | None = None
    max_rss_bytes: int | None = None
    stdout: str = ""
    stderr: str = ""
    truncated: bool = False
    hotspots: tuple[Hotspot, ...] = ()
    allocations: tuple[Allocation, ...] = ()
    limits: dict[str, Any] = field(default_factory=dict)
    isolation: str = ""
    message: str = ""
    """Why a run was rejected or what went wrong, safe to show to a learner."""
    passes: tuple[PassInfo, ...] = ()
    """What each measuring pass did (see the module docstring); empty from older workers."""
    run_queue_ms: float | None = None
    """Time the run was ready but waited for a busy CPU (the host's load, not the code)."""
    io_wait_ms: float | None = None
    """Time blocked on disk I/O; None where the kernel does not account it."""
    voluntary_switches: int | None = None
    """Times the run gave up the CPU itself (sleep, I/O, a lock)."""
    involuntary_switches: int | None = None
    """Times the run was preempted while it could still run."""

    def slept_ms(self) -> float | None:
        """Wall time the run itself spent off the CPU (asleep, blocked), the run queue taken out.

        None when wall or CPU time is missing. Without a run-queue figure (an older worker)
        this is the whole gap, as it used to be read.
        """
        if self.wall_ms is None or self.cpu_ms is None:
            return None
        return max(0.0, self.wall_ms - self.cpu_ms - (self.run_queue_ms or 0.0))

    def notes(self) -> tuple[str, ...]:
        """One line per pass that did not deliver ("profile skipped: too short to profile")."""
        return tuple(
            f"{p.name} {p.state.value}" + (f": {p.reason}" if p.reason else "")
            for p in self.passes
            if p.state is not PassState.OK
        )

    def to_dict(self) -> dict[str, Any]:
        """Serialize to the JSON contract."""
        data = asdict(self)
        data["status"] = self.status.value
        data["hotspots"] = [asdict(h) for h in self.hotspots]
        data["allocations"] = [asdict(a) for a in self.allocations]
        data["passes"] = [
            {"name": p.name, "state": p.state.value, "reason": p.reason} for p in self.passes
        ]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SandboxReport:
        """Parse the JSON contract (e.g. from a remote worker)."""

        def opt_int(key: str) -> int | None:
            value = data.get(key)
            return None if value is None else int(value)

        def opt_float(key: str) -> float | None:
            value = data.get(key)
            if value is None:
                return None
            number = float(value)
            if not math.isfinite(number):  # "inf" as a string would pass float()
                raise ValueError(f"{key} is not a finite number")
            return number

        def opt_measure(key: str, cast: type[float] | type[int]) -> Any:
            """A new scheduling field: absent is None; present must be a number >= 0."""
            value = opt_float(key)
            if value is None:
                return None
            if value < 0 or isinstance(data[key], bool) or (cast is int and value % 1):
                raise ValueError(f"{key} must be a number >= 0")
            return cast(value)

        return cls(
            status=RunStatus(data["status"]),
            exit_code=opt_int("exit_code"),
            wall_ms=opt_float("wall_ms"),
            cpu_ms=opt_float("cpu_ms"),
            peak_memory_bytes=opt_int("peak_memory_bytes"),
            max_rss_bytes=opt_int("max_rss_bytes"),
            stdout=str(data.get("stdout", "")),
            stderr=str(data.get("stderr", "")),
            truncated=bool(data.get("truncated", False)),
            hotspots=tuple(Hotspot.from_dict(h) for h in data.get("hotspots", [])),
            allocations=tuple(Allocation.from_dict(a) for a in data.get("allocations", [])),
            limits=dict(data.get("limits", {})),
            isolation=str(data.get("isolation", "")),
            message=str(data.get("message", "")),
            passes=tuple(PassInfo.from_dict(p) for p in data.get("passes", [])),
            run_queue_ms=opt_measure("run_queue_ms", float),
            io_wait_ms=opt_measure("io_wait_ms", float),
            voluntary_switches=opt_measure("voluntary_switches", int),
            involuntary_switches=opt_measure("involuntary_switches", int),
        )

    @classmethod
    def rejected(cls, message: str, *, isolation: str = "none") -> SandboxReport:
        """A run that never started (sandbox disabled, busy, or input refused)."""
        return cls(status=RunStatus.REJECTED, message=message, isolation=isolation)

    def __repr__(self) -> str:
        out = self.stdout if len(self.stdout) <= 40 else self.stdout[:40] + "..."
        return (
            f"SandboxReport(status={self.status.value!r}, wall_ms={self.wall_ms!r}, "
            f"cpu_ms={self.cpu_ms!r}, peak_memory_bytes={self.peak_memory_bytes!r}, "
            f"hotspots={len(self.hotspots)}, stdout={out!r})"
        )
