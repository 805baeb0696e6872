"""Weekly practice-task announcements: exactly once per (channel, week), across processes.

The schedule is a cron expression read by croniter in the configured time zone. At each check
the announcer takes the latest fire time <= now; if it falls in the current ISO week, every
configured channel gets the week's task, each claimed first in the database (a unique
constraint plus ON CONFLICT DO NOTHING), so restarts, clock jumps and other bot processes,
on this host or another sharing PostgreSQL, cannot post twice.
After downtime only the current week is posted: past weeks are never replayed.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol

import structlog
from croniter import croniter

from bot.course.content import Course
from bot.course.service import PracticeService, week_of
from bot.course.settings import CourseSettings
from bot.storage.course import CourseStore

log = structlog.get_logger()

Clock = Callable[[], datetime]
CommunityTargets = Callable[[], Awaitable[list[tuple[str, str, str, str | None]]]]
"""(platform, community, channel, cron or None) of the announcements communities set."""


class Poster(Protocol):
    """Posts a message to a channel of one platform (Discord, Slack, console)."""

    platform: str

    async def post(self, channel: str, text: str) -> None:
        """Send `text` to `channel`; raise on failure (the claim is then released)."""
        ...


@dataclass(frozen=True, slots=True)
class Planned:
    """One announcement to make: where, which week, which task, what text."""

    platform: str
    channel: str
    week: str
    task_id: str
    text: str

    def to_dict(self) -> dict[str, str]:
        """JSON form for `announce --dry-run --json`."""
        return {
            "platform": self.platform,
            "channel": self.channel,
            "week": self.week,
            "task": self.task_id,
            "text": self.text,
        }


Outcome = Literal["posted", "already_posted", "failed", "no_poster"]


@dataclass(frozen=True, slots=True)
class Result:
    """What happened to one planned announcement."""

    planned: Planned
    outcome: Outcome
    detail: str = ""


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


class Announcer:
    """Posts the week's task to every configured channel, exactly once per week."""

    def __init__(
        self,
        *,
        course_store: CourseStore,
        practice: PracticeService,
        course: Course,
        settings: CourseSettings,
        clock: Clock = utc_now,
        owner: str | None = None,
        community_targets: CommunityTargets | None = None,
    ) -> None:
        self.community_targets = community_targets
        """Channels (and schedules) communities' admins set at runtime, beside the TOML ones."""
        self.course_store = course_store
        self.practice = practice
        self.course = course
        self.settings = settings
        self.clock = clock
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}"

    # Schedule -----------------------------------------------------------------------------
    def due_week(self, at: datetime, cron: str | None = None) -> str | None:
        """The week to announce at `at`: the latest cron fire time's week if it is this week."""
        local = at.astimezone(self.settings.zone)
        schedule = cron or self.settings.announce_cron
        fired: datetime = croniter(schedule, local).get_prev(datetime)
        then: datetime = croniter(schedule, fired).get_next(datetime)
        if then <= local:  # `at` is the fire instant itself: get_prev skips it, it has fired
            fired = then
        week, _ = week_of(local, self.settings)
        return week if week_of(fired, self.settings)[0] == week else None

    def next_fire(self, at: datetime) -> datetime:
        """The next cron fire time after `at` (aware, in the announcement zone)."""
        local = at.astimezone(self.settings.zone)
        nxt: datetime = croniter(self.settings.announce_cron, local).get_next(datetime)
        return nxt

    def plan(self, at: datetime | None = None) -> list[Planned]:
        """Every channel's announcement for the week of `at` (regardless of the cron)."""
        week, task_id, text = self._week_text(at or self.clock())
        return [
            Planned(platform, channel, week, task_id, text)
            for platform, channels in sorted(self.settings.announce_channels.items())
            for channel in channels
        ]

    # Posting ------------------------------------------------------------------------------
    async def tick(self, posters: Mapping[str, Poster]) -> list[Result]:
        """One scheduled check: post the due week where not yet posted."""
        now = self.clock()
        planned = self.plan(now) if self.due_week(now) is not None else []
        planned += await self._community_plan(now, due_only=True)
        return await self._post_all(planned, posters) if planned else []

    async def _community_plan(self, at: datetime, *, due_only: bool) -> list[Planned]:
        """Announcements to the channels communities chose, each on its own schedule."""
        if self.community_targets is None:
            return []
        targets = await self.community_targets()
        if not targets:
            return []
        week, task_id, text = self._week_text(at)
        return [
            Planned(platform, channel, week, task_id, text)
            for platform, _community, channel, cron in targets
            if not due_only or self.due_week(at, cron) is not None
        ]

    def _week_text(self, at: datetime) -> tuple[str, str, str]:
        """(week, task id, announcement text) for the week of `at`."""
        week, task = self.practice.week_task(at)
        lang = self.settings.announce_language
        t = task.in_language(lang)
        text = self.course.text(
            lang,
            "announcement",
            week=week,
            title=t.title,
            task=task.id,
            summary=t.statement.split("\n\n")[0],
        )
        return week, task.id, text

    async def announce_now(
        self, posters: Mapping[str, Poster], *, only: Callable[[Planned], bool] | None = None
    ) -> list[Result]:
        """`/mca announce now`: post this week's task now where it was not posted yet.

        `only` keeps the channels the asking admin answers for (their own server's), so an
        admin of one community never posts into another's channels.
        """
        now = self.clock()
        planned = self.plan(now) + await self._community_plan(now, due_only=False)
        planned = [p for p in planned if only is None or only(p)]
        return await self._post_all(planned, posters)

    async def _post_all(
        self, planned: list[Planned], posters: Mapping[str, Poster]
    ) -> list[Result]:
        results = []
        for item in planned:
            poster = posters.get(item.platform)
            if poster is None:
                results.append(Result(item, "no_poster"))
                continue
            results.append(await self._post_once(item, poster))
        return results

    async def _post_once(self, item: Planned, poster: Poster) -> Result:
        newest = await self.course_store.newest_week(item.platform, item.channel)
        if newest is not None and newest > item.week:
            return Result(item, "already_posted", "a later week was announced")  # clock went back
        claimed = await self.course_store.claim_announcement(
            item.platform,
            item.channel,
            item.week,
            item.task_id,
            owner=self.owner,
            lease_s=self.settings.claim_lease_s,
        )
        if not claimed:
            return Result(item, "already_posted")
        try:
            await poster.post(item.channel, item.text)
        except Exception as exc:  # any platform failure: give the week back for a retry
            await self.course_store.release_claim(
                item.platform, item.channel, item.week, self.owner
            )
            log.warning(
                "course.announce_failed",
                platform=item.platform,
                channel=item.channel,
                week=item.week,
                error=type(exc).__name__,
            )
            return Result(item, "failed", type(exc).__name__)
        await self.course_store.mark_posted(item.platform, item.channel, item.week)
        log.info(
            "course.announced",
            platform=item.platform,
            channel=item.channel,
            week=item.week,
            task=item.task_id,
        )
        return Result(item, "posted")

    async def run(self, posters: Mapping[str, Poster], stop: asyncio.Event) -> None:
        """Check at every fire time and at least every `announce_poll_s` (clock jumps)."""
        while not stop.is_set():
            try:
                await self.tick(posters)
            except Exception:  # a storage hiccup must not kill the scheduler
                log.exception("course.announce_tick_failed")
            now = self.clock()
            wait = (self.next_fire(now) - now).total_seconds()
            wait = min(max(wait, 1.0), self.settings.announce_poll_s)
            try:
                await asyncio.wait_for(stop.wait(), timeout=wait)
            except TimeoutError:
                continue

    def describe(self, at: datetime | None = None, language: str = "en") -> str:
        """The schedule in words in the previewer's language (review9 R18)."""
        at = at or self.clock()
        due = self.due_week(at)
        text = self.course.text
        return text(
            language,
            "announce_schedule",
            cron=self.settings.announce_cron,
            zone=self.settings.timezone,
            next=self.next_fire(at).isoformat(timespec="minutes"),
            due=text(language, "announce_due_now", week=due)
            if due
            else text(language, "announce_nothing_due"),
        )
