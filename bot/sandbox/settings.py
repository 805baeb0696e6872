"""Sandbox settings: every limit is a named value with its unit, read by code and tests alike."""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from bot.text.http_url import http_url_problem

KiB = 1024
MiB = 1024 * KiB

DEFAULT_PACKAGES_DIR = "/opt/mca-sandbox/site-packages"
"""Where `make setup` installs the jail's read-only package set when run as root."""


def _default_packages_dir() -> str:
    """Use the curated package set when it was installed (checked when settings are built)."""
    return DEFAULT_PACKAGES_DIR if os.path.isdir(DEFAULT_PACKAGES_DIR) else ""


class SandboxSettings(BaseModel):
    """Limits and placement of learner-code runs (the `[sandbox]` table, `MCA_SANDBOX__*`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    workers: list[str] = Field(
        default_factory=list,
        description="Worker URLs (MCA_SANDBOX_WORKERS, comma-separated); empty = local jail.",
    )
    worker_token: SecretStr | None = Field(
        default=None,
        exclude=True,
        repr=False,
        description=(
            "Bearer token between the bot and `mca-bot worker` (MCA_SANDBOX_WORKER_TOKEN; "
            "environment only). A worker refuses non-loopback addresses without one."
        ),
    )
    python: str = Field(default="/usr/bin/python3.11", description="Interpreter inside the jail.")
    packages_dir: str = Field(
        default_factory=_default_packages_dir,
        description="Read-only package set for the jail ('' = none).",
    )
    packages: list[str] = Field(
        default_factory=lambda: ["hypothesis", "numpy"],
        description="What `make sandbox-packages` installs into packages_dir.",
    )
    wall_timeout_s: float = Field(default=5.0, gt=0, le=120)
    cpu_time_s: int = Field(default=5, gt=0, le=120)
    memory_bytes: int = Field(default=128 * MiB, ge=16 * MiB)
    max_processes: int = Field(
        default=64,
        ge=1,
        le=1024,
        description=(
            "Processes and threads of a run (the harness's own not counted): room for the "
            "pools the course teaches (ThreadPoolExecutor(32), Pool(16)), a fork bomb still stops."
        ),
    )
    max_output_bytes: int = Field(default=64 * KiB, ge=1 * KiB)
    max_open_files: int = Field(default=64, ge=16)
    max_file_bytes: int = Field(default=8 * MiB, ge=0)
    tmpfs_bytes: int = Field(default=16 * MiB, ge=1 * MiB, description="Size of /tmp.")
    shm_bytes: int = Field(default=4 * MiB, ge=64 * KiB, description="Size of /dev/shm.")
    max_code_bytes: int = Field(default=256 * KiB, ge=1 * KiB, description="Code + files + stdin.")
    profile: bool = Field(
        default=True,
        description="Sample hotspots and allocation growth during the run (about 1% cost).",
    )
    trace_allocations: bool = Field(
        default=False,
        description=(
            "Also run a tracemalloc pass (5-11x slower, cut at one plain run's CPU time) for "
            "exact allocation lines and the Python heap's peak."
        ),
    )
    hotspots_top: int = Field(default=5, ge=1, le=50, description="Hotspots/allocations kept.")
    require_memory_limit: bool = Field(
        default=True,
        description=(
            "Fail closed: without a cgroup memory limit (v2 or v1) code execution is off. "
            "MCA_SANDBOX_REQUIRE_MEMORY_LIMIT=false runs with rlimits only, and every report "
            "and /healthz then name that weaker isolation."
        ),
    )
    require_seccomp: bool = Field(
        default=True,
        description=(
            "Fail closed: without libseccomp (the jail's syscall filter) code execution is off. "
            "MCA_SANDBOX_REQUIRE_SECCOMP=false runs without it, named NO-SECCOMP in reports."
        ),
    )
    warm_jails: bool = Field(default=True, description="Keep one pre-started jail per slot.")
    concurrency: int = Field(default=0, ge=0, description="Concurrent runs (0 = CPU cores).")
    queue_size: int = Field(default=8, ge=0, description="Runs that may wait for a slot.")
    first_uid: int = Field(default=61000, ge=1000, description="First of the per-slot jail uids.")
    request_slack_s: float = Field(
        default=10.0,
        gt=0,
        le=300,
        description="Remote workers: time on top of wall_timeout_s before a worker counts as hung.",
    )

    @field_validator("workers")
    @classmethod
    def _workers_are_urls(cls, workers: list[str]) -> list[str]:
        """Each worker an http(s) URL with a host, checked at start (review12 V17).

        `MCA_SANDBOX_WORKERS="not a url"` started the bot, and only the first run that needed
        the sandbox found out, as OPENAI_BASE_URL once did (review10 T31).
        """
        for url in workers:
            problem = http_url_problem(url.strip())
            if problem:
                raise ValueError(
                    f"the worker {url!r} {problem} (e.g. 'http://10.0.0.5:8081', where "
                    "`mca-bot worker` listens)"
                )
        return workers


def token_of(settings: SandboxSettings) -> str:
    """The worker token's value ('' when none is set)."""
    return settings.worker_token.get_secret_value() if settings.worker_token else ""
