"""Weekly announcements: exactly once per (channel, week), across restarts, jumps, processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.course.announcer import Announcer
from bot.course.content import Course
from bot.course.service import PracticeService, week_of
from bot.course.settings import CourseSettings
from bot.errors import ConfigError
from bot.sandbox.client import DisabledSandbox
from bot.settings import load_settings
from bot.storage.connect import open_database
from bot.storage.course import CourseStore
from bot.storage.database import Database
from bot.storage.sql_store import SqlStore
from tests.conftest import REPO_ROOT, STORES
from tests.faults.harness import ForkServer
from tests.postgres_cluster import Cluster

MONDAY_0905 = datetime(2026, 3, 2, 9, 5, tzinfo=UTC)  # ISO week 2026-W10
CHANNELS = {"discord": ["111", "222"], "slack": ["C1"]}


class RecordingPoster:
    """A Poster that remembers what it posted (and can fail on demand)."""

    def __init__(self, platform: str, *, fail_times: int = 0) -> None:
        self.platform = platform
        self.posts: list[tuple[str, str]] = []
        self.fail_times = fail_times

    async def post(self, channel: str, text: str) -> None:
        if self.fail_times:
            self.fail_times -= 1
            raise ConnectionError("platform down")
        self.posts.append((channel, text))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_announcer(db: Database, course: Course, clock: Clock, **over: object) -> Announcer:
    settings = CourseSettings(announce_channels=CHANNELS, **over)  # type: ignore[arg-type]
    from bot.course.checks import CheckRunner  # noqa: PLC0415
    from bot.sandbox.settings import SandboxSettings  # noqa: PLC0415

    store = SqlStore(db)
    course_store = CourseStore(db)
    practice = PracticeService(
        store=store,
        course_store=course_store,
        course=course,
        runner=CheckRunner(
            sandbox=DisabledSandbox("off"), settings=settings, sandbox_settings=SandboxSettings()
        ),
        settings=settings,
    )
    return Announcer(
        course_store=course_store, practice=practice, course=course, settings=settings, clock=clock
    )


@dataclass(frozen=True)
class Where:
    """A store the announcer tests reopen like a restarted bot: a SQLite file or a PostgreSQL db."""

    path: Path
    url: str | None

    async def open(self) -> Database:
        return await open_database(url=self.url, path=self.path)


@pytest.fixture(params=STORES)
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Where]:
    """Every claim test here runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield Where(tmp_path / "mca.sqlite3", None)
        return
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.fresh_database()
    yield Where(tmp_path / "unused.sqlite3", url)
    cluster.drop(url)


def posters() -> dict[str, RecordingPoster]:
    return {"discord": RecordingPoster("discord"), "slack": RecordingPoster("slack")}


def count(ps: dict[str, RecordingPoster]) -> int:
    return sum(len(p.posts) for p in ps.values())


async def test_restart_does_not_post_again(db_path: Where, course: Course) -> None:
    """A second bot start in the same week finds the claims and posts nothing."""
    ps = posters()
    for _ in range(3):  # three starts in the same week
        db = await db_path.open()
        try:
            await make_announcer(db, course, Clock(MONDAY_0905)).tick(ps)
        finally:
            await db.close()
    assert count(ps) == 3  # 2 discord channels + 1 slack channel, once each
    assert sorted(c for c, _ in ps["discord"].posts) == ["111", "222"]


async def test_before_the_fire_time_nothing_is_due(db_path: Where, course: Course) -> None:
    """Monday 08:59 belongs to the week but the cron has not fired: no post, not last week's."""
    db = await db_path.open()
    try:
        ps = posters()
        results = await make_announcer(db, course, Clock(MONDAY_0905 - timedelta(minutes=6))).tick(
            ps
        )
        assert results == []
        assert count(ps) == 0
    finally:
        await db.close()


async def test_clock_jumps_never_double_post_or_replay(db_path: Where, course: Course) -> None:
    """Jumps back into an announced week or to an older week post nothing; forward posts once."""
    db = await db_path.open()
    try:
        clock = Clock(MONDAY_0905)
        announcer = make_announcer(db, course, clock)
        ps = posters()
        await announcer.tick(ps)
        clock.now = MONDAY_0905 + timedelta(hours=30)  # later the same week
        await announcer.tick(ps)
        clock.now = MONDAY_0905 - timedelta(days=3)  # back into the previous week
        await announcer.tick(ps)
        assert count(ps) == 3
        clock.now = MONDAY_0905 + timedelta(weeks=3, days=2)  # forward three weeks
        await announcer.tick(ps)
        await announcer.tick(ps)
        rows = await CourseStore(db).announcements()
        weeks = sorted({r["week"] for r in rows})
        assert weeks == ["2026-W10", "2026-W13"]  # never W11, W12: no backlog
        assert count(ps) == 6
    finally:
        await db.close()


async def test_downtime_posts_only_the_current_week(db_path: Where, course: Course) -> None:
    """Starting on a Thursday after weeks down posts this week's task once, late."""
    db = await db_path.open()
    try:
        thursday = MONDAY_0905 + timedelta(weeks=5, days=3)
        ps = posters()
        results = await make_announcer(db, course, Clock(thursday)).tick(ps)
        assert {r.planned.week for r in results} == {week_of(thursday, CourseSettings())[0]}
        assert {r.outcome for r in results} == {"posted"}
    finally:
        await db.close()


async def test_failed_post_is_retried_at_the_next_check(db_path: Where, course: Course) -> None:
    """A platform error gives the claim back, so the next check posts (still once)."""
    db = await db_path.open()
    try:
        announcer = make_announcer(db, course, Clock(MONDAY_0905))
        ps = {
            "discord": RecordingPoster("discord", fail_times=1),
            "slack": RecordingPoster("slack"),
        }
        first = await announcer.tick(ps)
        assert [r.outcome for r in first].count("failed") == 1
        await announcer.tick(ps)
        await announcer.tick(ps)
        assert count(ps) == 3
    finally:
        await db.close()


async def test_claim_of_a_crashed_process_is_retaken_after_the_lease(
    db_path: Where, course: Course
) -> None:
    """A claim never marked posted (owner died mid-post) is retaken only after the lease."""
    db = await db_path.open()
    try:
        store = CourseStore(db)
        week = week_of(MONDAY_0905, CourseSettings())[0]
        for channel in ("111", "222"):
            assert await store.claim_announcement(
                "discord", channel, week, "t", owner="dead", lease_s=600
            )
        announcer = make_announcer(db, course, Clock(MONDAY_0905))
        ps = posters()
        await announcer.tick(ps)
        assert ps["discord"].posts == []  # the lease still runs
        async with db.transaction() as conn:
            await conn.execute(
                "UPDATE course_announcements SET claimed_at = claimed_at - 3600 WHERE owner = 'dead'"
            )
        await announcer.tick(ps)
        assert sorted(c for c, _ in ps["discord"].posts) == ["111", "222"]
    finally:
        await db.close()


async def test_platform_without_a_poster_keeps_its_week(db_path: Where, course: Course) -> None:
    """Channels of a platform that is not connected are not claimed (it posts when it connects)."""
    db = await db_path.open()
    try:
        announcer = make_announcer(db, course, Clock(MONDAY_0905))
        slack_only = {"slack": RecordingPoster("slack")}
        results = await announcer.tick(slack_only)
        assert sorted(r.outcome for r in results) == ["no_poster", "no_poster", "posted"]
        ps = posters()
        await announcer.tick(ps)
        assert len(ps["discord"].posts) == 2
        assert ps["slack"].posts == []
    finally:
        await db.close()


TWO_PROCESSES = textwrap.dedent(
    """
    import asyncio, sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from bot.course.content import Course
    from bot.storage.connect import open_database
    from tests.course.test_announcer import Clock, make_announcer

    class FilePoster:
        def __init__(self, platform, path):
            self.platform, self.path = platform, path
        async def post(self, channel, text):
            with open(self.path, "a") as fh:
                fh.write(f"{self.platform}:{channel}:{sys.argv[3]}\\n")

    async def main():
        url = sys.argv[1] if sys.argv[1].startswith("postgresql:") else None
        db = await open_database(url=url, path=Path(sys.argv[1]))
        course = Course.load(Path("config"))
        at = datetime(2026, 3, 2, 9, 5, tzinfo=UTC)
        start = float(sys.argv[4])
        while time.time() < start:
            await asyncio.sleep(0.001)
        ps = {p: FilePoster(p, sys.argv[2]) for p in ("discord", "slack")}
        for _ in range(5):
            await make_announcer(db, course, Clock(at)).tick(ps)
        await db.close()

    asyncio.run(main())
    """
)


def test_two_processes_sharing_the_database_post_once(
    db_path: Where, tmp_path: Path, fork_server: ForkServer
) -> None:
    """Two bot processes on one database, started together, post each channel once."""
    db, posts = db_path.url or str(db_path.path), tmp_path / "posts.txt"
    extra = {"MCA_DATABASE_URL": db_path.url} if db_path.url else {}
    migrated = fork_server.cli(  # the schema first, as a running bot would have made it
        ["migrate"],
        {**os.environ, "PYTHONPATH": str(REPO_ROOT), "MCA_DATA_DIR": str(tmp_path), **extra},
    )
    assert migrated.returncode == 0, migrated.stderr.decode()
    import time  # noqa: PLC0415

    start = str(time.time() + 1.5)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", TWO_PROCESSES, db, str(posts), name, start],
            cwd=REPO_ROOT,
            env=env,
            stderr=subprocess.PIPE,
        )
        for name in ("p1", "p2")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    lines = posts.read_text().splitlines()
    assert sorted(line.rsplit(":", 1)[0] for line in lines) == [
        "discord:111",
        "discord:222",
        "slack:C1",
    ]


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"MCA_COURSE_ANNOUNCE_CRON": "every monday"}, "not a valid cron expression"),
        ({"MCA_COURSE_ANNOUNCE_CRON": "0 9 * *"}, "not a valid cron expression"),
        ({"MCA_COURSE_ANNOUNCE_CRON": "0 0 31 2 *"}, "never fires"),
        ({"MCA_COURSE_TIMEZONE": "Mars/Olympus"}, "not an IANA time zone"),
        ({"MCA_COURSE_ANNOUNCE_LANGUAGE": "xx"}, "not a course language (en, pt, es, fr"),
    ],
)
def test_bad_schedule_fails_at_start(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], needle: str
) -> None:
    """A schedule that cannot work is a ConfigError naming the key, before anything runs."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert needle.lower() in err.value.message.lower()
    assert "course." in err.value.message


def test_cron_is_read_in_the_configured_time_zone(course: Course) -> None:
    """'Monday 09:00' in São Paulo is 12:00 UTC: due at 12:05 UTC, not at 09:05 UTC."""
    settings = CourseSettings(timezone="America/Sao_Paulo")
    announcer = Announcer(
        course_store=None,  # type: ignore[arg-type]  # scheduling only
        practice=None,  # type: ignore[arg-type]
        course=course,
        settings=settings,
    )
    assert announcer.due_week(MONDAY_0905) is None
    assert announcer.due_week(MONDAY_0905 + timedelta(hours=3)) == "2026-W10"


@pytest.mark.parametrize(
    ("at", "due"),
    [
        (datetime(2026, 3, 2, 8, 59, 59, 900_000, tzinfo=UTC), None),
        (datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC), "2026-W10"),
        (datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC), "2026-W10"),
    ],
)
def test_the_fire_instant_itself_is_due(course: Course, at: datetime, due: str | None) -> None:
    """Monday 09:00:00 is when the week is posted, so it is due then (not 'none': review8 F42)."""
    announcer = Announcer(
        course_store=None,  # type: ignore[arg-type]  # scheduling only
        practice=None,  # type: ignore[arg-type]
        course=course,
        settings=CourseSettings(),
    )
    assert announcer.due_week(at) == due
    assert announcer.next_fire(at) > at


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "next 2026-03-09T09:00+00:00; week 2026-W10 is due now"),
        ("pt", "próxima 2026-03-09T09:00+00:00; a semana 2026-W10 está para publicar agora"),
        ("ja", "次回 2026-03-09T09:00+00:00、2026-W10 週は今が投稿のタイミングです"),
    ],
)
def test_the_schedule_preview_speaks_the_admins_language(
    course: Course, language: str, said: str
) -> None:
    """`/mca announce preview` in Portuguese has no English schedule line (review9 R18)."""
    announcer = Announcer(
        course_store=None,  # type: ignore[arg-type]  # scheduling only
        practice=None,  # type: ignore[arg-type]
        course=course,
        settings=CourseSettings(),
    )
    assert said in announcer.describe(MONDAY_0905, language)


def test_tasks_rotate_week_by_week(course: Course) -> None:
    """Consecutive weeks get consecutive tasks; every task comes round."""
    settings = CourseSettings()
    practice = PracticeService(
        store=None,  # type: ignore[arg-type]  # rotation only
        course_store=None,  # type: ignore[arg-type]
        course=course,
        runner=None,  # type: ignore[arg-type]
        settings=settings,
    )
    ids = [practice.week_task(MONDAY_0905 + timedelta(weeks=n))[1].id for n in range(12)]
    assert ids[:6] == ids[6:]
    assert sorted(ids[:6]) == sorted(t.id for t in course.tasks)


async def test_run_loop_posts_and_stops(db_path: Where, course: Course) -> None:
    """The scheduler loop posts the due week and stops promptly when asked."""
    db = await db_path.open()
    try:
        announcer = make_announcer(db, course, Clock(MONDAY_0905), announce_poll_s=0.05)
        ps = posters()
        stop = asyncio.Event()
        task = asyncio.create_task(announcer.run(ps, stop))
        for _ in range(100):
            if count(ps) == 3:
                break
            await asyncio.sleep(0.02)
        stop.set()
        await asyncio.wait_for(task, 2)
        assert count(ps) == 3
    finally:
        await db.close()
