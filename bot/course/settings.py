"""Course settings (the `[course]` table): weekly announcements, admins, checker limits."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.course.content import COURSE_LANGUAGES

PLATFORMS = ("discord", "slack", "console")


class CourseSettings(BaseModel):
    """Course content location, weekly announcements, who may announce, checker limits."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    announce_enabled: bool = Field(default=True, description="Run the weekly announcer in `run`.")
    announce_cron: str = Field(
        default="0 9 * * 1", description="When the week's task is posted (5-field cron)."
    )
    timezone: str = Field(default="UTC", description="IANA time zone the cron is read in.")
    announce_channels: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Channel ids per platform: {discord = ['123'], slack = ['C01'], console = ['stdout']}.",
    )
    announce_language: str = Field(
        default="en", description="Language of the announcement posts (any course language)."
    )
    announce_poll_s: float = Field(
        default=60.0, gt=0, le=3600, description="Longest sleep between checks (clock jumps)."
    )
    claim_lease_s: float = Field(
        default=600.0, gt=0, description="A claim not marked posted after this may be retaken."
    )
    admin_roles: list[str] = Field(
        default_factory=list, description="Role ids or names allowed to `/mca announce`."
    )
    admin_users: list[str] = Field(
        default_factory=list, description="User ids allowed to `/mca announce` ('platform:id')."
    )
    console_is_admin: bool = Field(
        default=True, description="The local console user is the operator."
    )
    checker_wall_timeout_s: float = Field(
        default=30.0, gt=0, le=120, description="Wall time for one checker run in the sandbox."
    )
    checker_cpu_time_s: int = Field(default=30, gt=0, le=120, description="CPU s per process.")
    checker_max_processes: int = Field(
        default=64, ge=4, le=1024, description="Processes + threads a checker run may start."
    )
    max_submission_bytes: int = Field(default=64 * 1024, ge=1024)

    @field_validator("announce_cron")
    @classmethod
    def _cron_parses(cls, value: str) -> str:
        """A cron expression that does not parse must fail at start, not on Monday."""
        if not croniter.is_valid(value):
            raise ValueError(
                f"{value!r} is not a valid cron expression (5 fields: minute hour day month "
                "weekday, e.g. '0 9 * * 1' for Mondays at 09:00)"
            )
        try:
            croniter(value, datetime(2024, 1, 1)).get_next(datetime)
        except Exception as exc:  # croniter raises several types for impossible dates
            raise ValueError(f"{value!r} never fires: {exc}") from None
        return value

    @field_validator("announce_language", mode="before")
    @classmethod
    def _locale_form(cls, value: object) -> object:
        """`pt-BR` is `pt`, as for `mentor.default_language` (review10 T1)."""
        if isinstance(value, str):
            return value.strip().replace("_", "-").split("-", 1)[0].lower()
        return value

    @field_validator("announce_language")
    @classmethod
    def _language_known(cls, value: str) -> str:
        """A language the course is not written in would post English without a word."""
        if value not in COURSE_LANGUAGES:
            raise ValueError(f"{value!r} is not a course language ({', '.join(COURSE_LANGUAGES)})")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone_exists(cls, value: str) -> str:
        """An unknown zone fails at start."""
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not an IANA time zone (e.g. 'UTC', 'America/Sao_Paulo')"
            ) from None
        return value

    @field_validator("announce_channels")
    @classmethod
    def _known_platforms(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        """Only platforms the bot has."""
        unknown = sorted(set(value) - set(PLATFORMS))
        if unknown:
            raise ValueError(f"unknown platform(s) {unknown}; use {list(PLATFORMS)}")
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The announcement time zone."""
        return ZoneInfo(self.timezone)
