"""Lifecycle settings (the `[lifecycle]` table): shutdown grace, restart recovery, DB waits."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class LifecycleSettings(BaseModel):
    """How the bot stops, what it picks up again when it starts, how long a write may wait."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    shutdown_grace_s: float = Field(
        default=30.0,
        ge=0,
        le=600,
        description="On SIGTERM/SIGINT: seconds in-flight replies may take to finish.",
    )
    recovery: bool = Field(
        default=True, description="On start, answer and deliver turns a crash left unanswered."
    )
    recovery_max_age_s: float = Field(
        default=86400.0,
        gt=0,
        description="Older unanswered turns are marked failed instead of answered late.",
    )
    lease_s: float = Field(
        default=30.0,
        ge=1,
        le=3600,
        description=(
            "How long a process holds an unfinished turn or event without renewing it; after"
            " that another process takes it over (a dead process on the same machine at once)."
        ),
    )
    reaper_interval_s: float = Field(
        default=5.0,
        gt=0,
        le=600,
        description=(
            "How often a running bot renews its leases and replays or recovers what a dead"
            " process left (keep it well under lease_s)."
        ),
    )
    db_busy_timeout_s: float = Field(
        default=5.0,
        gt=0,
        le=120,
        description="How long a database write waits for another process's lock.",
    )
    db_pool_size: int = Field(
        default=20,
        ge=1,
        le=100,
        description=(
            "PostgreSQL connections per process, all opened at start (the server's "
            "max_connections is shared: processes x this must stay under it)."
        ),
    )
