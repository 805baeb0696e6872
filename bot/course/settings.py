"""Course settings (the `[course]` table)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CourseSettings(BaseModel):
    """Course content location and weekly announcements."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    announce_cron: str = "0 9 * * 1"
    timezone: str = "UTC"
