"""The sandbox report: what one run of learner code measured, as it crosses the wire."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class RunStatus(StrEnum):
    """How a run ended; the values are part of the JSON contract."""

    OK = "ok"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    KILLED = "killed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Hotspot:
    """One function from the cProfile pass, ranked by self time among the learner's code."""

    function: str
    file: str
    line: int
    calls: int
    total_ms: float
    cumulative_ms: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Hotspot:
        """Build from the JSON contract."""
        return cls(
            function=str(data["function"]),
            file=str(data["file"]),
            line=int(data["line"]),
            calls=int(data["calls"]),
            total_ms=float(data["total_ms"]),
            cumulative_ms=float(data["cumulative_ms"]),
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
            file=str(data["file"]),
            line=int(data["line"]),
            size_bytes=int(data["size_bytes"]),
            count=int(data["count"]),
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

    def to_dict(self) -> dict[str, Any]:
        """Serialize to the JSON contract."""
        data = asdict(self)
        data["status"] = self.status.value
        data["hotspots"] = [asdict(h) for h in self.hotspots]
        data["allocations"] = [asdict(a) for a in self.allocations]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SandboxReport:
        """Parse the JSON contract (e.g. from a remote worker)."""

        def opt_int(key: str) -> int | None:
            value = data.get(key)
            return None if value is None else int(value)

        def opt_float(key: str) -> float | None:
            value = data.get(key)
            return None if value is None else float(value)

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
