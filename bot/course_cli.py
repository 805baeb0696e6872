"""The course commands of the CLI (`mca-bot course|practice|announce`), beside `__main__`.

A command line builds the whole app, so it lives at the top with the composition root, not in
the course room it drives. Same services as the chat commands. Exit codes: 0 ok / passed, 1 check not passed,
2 bad input, 69 checker unavailable, 78 configuration error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app import open_app
from bot.course.content import Course
from bot.errors import InputError, UserFacingError
from bot.mentor.i18n import Catalog
from bot.settings import Settings
from bot.text.file_text import file_text

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
    """Check one submission file; exit 0 when every check passed.

    The task id and the file are read before the app is built (a wrong path is said at once,
    not after the sandbox's probe and the models' load), and every refusal is in `--lang`.
    """
    lang = args.lang.strip().lower()
    if lang not in settings.mentor.languages:
        raise InputError(
            f"Unknown language `{args.lang}` for --lang: use one of "
            f"{', '.join(settings.mentor.languages)}."
        )
    catalog = Catalog.load(settings.config_dir)
    try:
        _known_task(Course.load(settings.config_dir), args.task)  # the first thing to say
        text = await asyncio.to_thread(read_submission, Path(args.file))
        async with open_app(settings) as app:
            result = await app.practice.check(args.task, text, lang)
    except InputError as exc:
        if not exc.key or lang == "en":  # English is the message as raised
            raise
        raise InputError(catalog.message(lang, exc.key, **exc.params)) from None
    if args.json:
        print(json.dumps(result.verdict.to_dict(result.hint), ensure_ascii=False, default=str))
    else:
        print(result.text)
    return 0 if result.verdict.passed else EXIT_NOT_PASSED


def _known_task(course: Course, task_id: str) -> None:
    """An unknown task id, refused as the practice room refuses it (same key and words)."""
    if course.task(task_id.strip().lower()) is None:
        ids = ", ".join(t.id for t in course.tasks)
        raise InputError(
            f"There is no practice task {task_id!r}. Tasks: {ids}.",
            key="course_unknown_task",
            task=task_id,
            tasks=ids,
        )


_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
"""PEP 263's encoding declaration (`# -*- coding: latin-1 -*-`), on one of the first two lines."""
_DECLARED = re.compile(r"(coding[:=][ \t]*)[-\w.]+")


def read_submission(path: Path) -> str:
    """A submission's text, read as Python reads a source file; a polite InputError if not.

    UTF-8 (with or without a BOM) and UTF-16 with its BOM (Windows editors) are text; a `.py`
    may also name its encoding in a PEP 263 line, which Python itself honours (a Latin-1 file
    that says so is valid Python, review11 U24). Its declaration is rewritten to utf-8, since
    the text is run as UTF-8 from here on.
    """
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"Cannot read {path}: there is no such file. Check the path and run the check "
            "again; nothing was checked or counted.",
            key="practice_file_missing",
            file=str(path),
        ) from None
    except OSError as exc:
        raise InputError(
            f"Cannot read {path}: {exc.strerror}. Nothing was checked or counted.",
            key="practice_file_unreadable",
            file=str(path),
        ) from None
    text = file_text(data)
    if text is None and name.lower().endswith(".py"):
        text = _declared_text(data)
    if text is None:
        raise InputError(
            f"{name} is not UTF-8 text (nor UTF-16 with a byte-order mark, nor the encoding its"
            " `# -*- coding: ... -*-` line names): save it as UTF-8 and run the check again;"
            " nothing was counted.",
            key="practice_file_not_text",
            file=name,
        )
    if not text.strip():
        raise InputError(
            f"{name} is empty: there is nothing to check. Save your solution in it and run the"
            " check again; nothing was counted.",
            key="practice_file_empty",
            file=name,
        )
    return text


def _declared_text(data: bytes) -> str | None:
    """A `.py` in the encoding its PEP 263 line declares, the line then saying utf-8."""
    lines = data.split(b"\n", 2)
    for n, line in enumerate(lines[:2]):
        found = _CODING.match(line)
        if found is None:
            continue
        try:
            text = data.decode(found.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            return None
        if "\x00" in text:
            return None
        head = text.split("\n", 2)
        head[n] = _DECLARED.sub(r"\1utf-8", head[n], count=1)
        return "\n".join(head)
    return None


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
