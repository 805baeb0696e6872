"""The course commands of the CLI (`mca-bot course|practice|announce`), beside `__main__`.

A command line builds the whole app, so it lives at the top with the composition root, not in
the course room it drives. Same services as the chat commands. Exit codes: 0 ok / passed, 1 check not passed,
2 bad input, 69 checker unavailable, 78 configuration error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app import open_app
from bot.course.content import Course
from bot.errors import InputError, UserFacingError
from bot.settings import Settings

EXIT_NOT_PASSED = 1


def register(subparsers: Any) -> None:
    """Add `course`, `practice` and `announce` to `mca-bot`."""
    course = subparsers.add_parser("course", help="the 8-session course")
    course_sub = course.add_subparsers(dest="course_command", required=True, metavar="ACTION")
    course_list = course_sub.add_parser("list", help="list the sessions")
    course_list.add_argument("--json", action="store_true", help="print one JSON object")
    course_list.set_defaults(handler=cmd_course_list)

    practice = subparsers.add_parser("practice", help="practice tasks")
    practice_sub = practice.add_subparsers(dest="practice_command", required=True, metavar="ACTION")
    practice_list = practice_sub.add_parser("list", help="list the tasks")
    practice_list.add_argument("--json", action="store_true", help="print one JSON object")
    practice_list.set_defaults(handler=cmd_practice_list)
    check = practice_sub.add_parser("check", help="check a submission in the sandbox")
    check.add_argument("task", metavar="ID", help="task id (see `practice list`)")
    check.add_argument("file", metavar="FILE", help="your solution (.py; .md for review tasks)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument(
        "--lang",
        default="en",
        help="language of the text and hint (one of the mentor's languages; course texts fall back to English)",
    )
    check.set_defaults(handler=cmd_practice_check)

    announce = subparsers.add_parser("announce", help="the weekly practice-task announcement")
    announce.add_argument(
        "--dry-run", action="store_true", help="print what would be posted where (required)"
    )
    announce.add_argument("--at", metavar="ISO-8601", help="pretend it is this time")
    announce.add_argument("--json", action="store_true", help="print one JSON object")
    announce.set_defaults(handler=cmd_announce)


async def cmd_course_list(args: argparse.Namespace, settings: Settings) -> int:
    """List the sessions."""
    # Static content: no database, sandbox or language model needed to list it.
    sessions = Course.load(settings.config_dir).sessions_json()
    if args.json:
        print(json.dumps({"sessions": sessions}, ensure_ascii=False))
    else:
        for s in sessions:
            print(f"{s['number']}. {s['title']}  [{', '.join(s['topics'])}]")
    return 0


async def cmd_practice_list(args: argparse.Namespace, settings: Settings) -> int:
    """List the practice tasks."""
    tasks = Course.load(settings.config_dir).tasks_json()
    if args.json:
        print(json.dumps({"tasks": tasks}, ensure_ascii=False))
    else:
        for t in tasks:
            print(f"{t['id']:<20} {t['kind']:<8} {t['title']}  [{', '.join(t['topics'])}]")
    return 0


Command = Callable[[argparse.Namespace, Settings], Awaitable[int]]


def json_errors(command: Command) -> Command:
    """With --json an error is `{error, code}` on stdout too, as `ask --json` does (review10 T31).

    A JSON consumer reads stdout only: a plain line on stderr and nothing on stdout left it
    with no object to parse. The error still goes to stderr and sets the exit code.
    """

    async def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            return await command(args, settings)
        except UserFacingError as exc:
            if getattr(args, "json", False):
                print(json.dumps({"error": exc.message, "code": exc.exit_code}, ensure_ascii=False))
            raise

    run.__doc__ = command.__doc__
    return run


@json_errors
async def cmd_practice_check(args: argparse.Namespace, settings: Settings) -> int:
    """Check one submission file; exit 0 when every check passed."""
    lang = args.lang.strip().lower()
    if lang not in settings.mentor.languages:
        raise InputError(
            f"Unknown language `{args.lang}` for --lang: use one of "
            f"{', '.join(settings.mentor.languages)}."
        )
    async with open_app(settings) as app:
        app.practice.task(args.task)  # an unknown id is the first thing to say
        text = await asyncio.to_thread(_read_submission, Path(args.file))
        result = await app.practice.check(args.task, text, lang)
    if args.json:
        print(json.dumps(result.verdict.to_dict(result.hint), ensure_ascii=False, default=str))
    else:
        print(result.text)
    return 0 if result.verdict.passed else EXIT_NOT_PASSED


def _read_submission(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; submit a Python source file.") from None


@json_errors
async def cmd_announce(args: argparse.Namespace, settings: Settings) -> int:
    """Print what would be posted where (posting happens in `mca-bot run`)."""
    if not args.dry_run:
        raise InputError(
            "Only --dry-run is available here: the bot posts on schedule in `mca-bot run`, "
            "and admins can post at once with `/mca announce now`."
        )
    at = _parse_at(args.at, settings) if args.at else datetime.now(UTC)
    async with open_app(settings) as app:
        planned = app.announcer.plan(at)
        due = app.announcer.due_week(at)
        nxt = app.announcer.next_fire(at)
    if args.json:
        print(
            json.dumps(
                {
                    "at": at.isoformat(),
                    "cron": settings.course.announce_cron,
                    "timezone": settings.course.timezone,
                    "due_week": due,
                    "next_fire": nxt.isoformat(),
                    "posts": [p.to_dict() for p in planned],
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(
        f"At {at.isoformat()}: cron `{settings.course.announce_cron}` "
        f"({settings.course.timezone}); due week: {due or 'none'}; next fire {nxt.isoformat()}."
    )
    if not planned:
        print("No announcement channels are configured ([course.announce_channels]).")
    for p in planned:
        print(f"\n--> {p.platform} #{p.channel} ({p.week}, task {p.task_id}):\n{p.text}")
    return 0


def _parse_at(raw: str, settings: Settings) -> datetime:
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(
            f"--at {raw!r} is not an ISO-8601 time (e.g. 2026-03-02T09:00 or 2026-03-02T09:00+01:00)."
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=settings.course.zone)
