"""Lifecycle settings (the `[lifecycle]` table): shutdown grace, restart recovery, DB waits."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


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
            " process left (at most half of lease_s, or the start refuses)."
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

    @model_validator(mode="after")
    def _renewed_before_expiry(self) -> LifecycleSettings:
        """A lease must outlive two renewals: leases are renewed every `reaper_interval_s`.

        With the interval at or over the lease (`lease_s = 5`, `reaper_interval_s = 10`), every
        live process's turns expire between renewals and another process or host takes them
        over while they are being answered: the learner gets the answer twice. Half the lease
        leaves one late renewal (a busy event loop) without a takeover.
        """
        if self.reaper_interval_s * 2 > self.lease_s:
            raise ValueError(
                f"reaper_interval_s ({self.reaper_interval_s:g}) must be at most half of lease_s"
                f" ({self.lease_s:g}): leases are renewed every reaper_interval_s, and a lease"
                " that expires between renewals lets another process answer the same turn again"
            )
        return self
