"""CLI entry point (`mca-bot`, `python -m bot`); the only place that decides exit codes.

Subcommands are registered by rooms through `register(subparsers)`; each handler is
`async def handler(args, settings) -> int`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

from bot.app import App, delivery, discord_platform, open_app, slack_platform
from bot.bounded_read import TooLarge, read_at_most
from bot.course.announcer import Poster
from bot.course.console import ConsolePoster, CourseCommands
from bot.errors import InputError, RateLimited, UserFacingError
from bot.healthcheck import cmd_healthcheck
from bot.lifecycle import event_loop
from bot.lifecycle.heap import freeze_startup_heap
from bot.mentor.admission import readable
from bot.mentor.language import language_of_locale
from bot.mentor.models import Attachment, MentorRequest
from bot.observability import ReadyCheck, configure_logging
from bot.platforms.base import HandsOver, Platform
from bot.platforms.console import ConsoleChat, check_thread, has_console_input
from bot.platforms.console_reader import MESSAGE_MARGIN_BYTES
from bot.sandbox import cli as sandbox_cli
from bot.settings import Settings, load_settings, unknown_env
from bot.storage.inbox import InboxEvent
from bot.text.control_chars import visible_controls

if TYPE_CHECKING:
    from bot.platforms.slack import SlackPlatform

log = structlog.get_logger()

Handler = Callable[[argparse.Namespace, Settings], Awaitable[int]]
EXIT_INTERNAL = 70  # EX_SOFTWARE


def console_chat(app: App, *, user: str = "local") -> ConsoleChat:
    """The console chat with the course room's commands (a submission may be its largest)."""
    largest = max(
        4 * app.settings.mentor.max_question_chars, app.settings.course.max_submission_bytes
    )
    return ConsoleChat(
        app.mentor,
        user=user,
        delivery=delivery(app, "console"),
        extra_commands=[course_commands(app)],
        max_message_bytes=largest + MESSAGE_MARGIN_BYTES,
    )


def course_commands(app: App) -> CourseCommands:
    """The course room's `/mca` commands for the console chat."""
    return CourseCommands(
        course=app.course,
        practice=app.practice,
        announcer=app.announcer,
        chart_dir=app.settings.data_dir / "charts",
    )


async def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start every configured platform; without any, open the console chat.

    SIGTERM/SIGINT drain the bot (bot/lifecycle/drain.py): new turns are refused politely,
    in-flight replies get `lifecycle.shutdown_grace_s` to finish, then it exits 0. On start,
    turns a crash left unanswered or undelivered are answered and delivered (recovery).
    """
    async with open_app(settings, http=True, warm=True, early=True) as app:
        platforms: list[Platform] = []
        # Weekly announcements: each chat platform adds its Poster here when it is built; the
        # same dict serves `/mca announce now` on every platform.
        posters: dict[str, Poster] = {"console": ConsolePoster()}
        # Platforms are built before the HTTP server starts: they may add routes to it.
        slack = slack_platform(app, posters)
        if slack is not None:
            platforms.append(slack)
        if settings.discord_token is not None:
            platforms.append(discord_platform(app, posters))
        if not platforms and not has_console_input():
            log.info("run.nothing_to_serve", hint="set DISCORD_TOKEN or SLACK_* to connect")
            print(
                "mca-bot: no Discord or Slack token is set and stdin is not a terminal: "
                "nothing to serve. Set DISCORD_TOKEN or SLACK_BOT_TOKEN (see README), "
                "or run `mca-bot chat` in a terminal.",
                file=sys.stderr,
            )
            return 0
        if not platforms:
            log.info("run.no_platform_configured", hint="set DISCORD_TOKEN or SLACK_* to connect")
            print(
                "No Discord or Slack token is set: opening the local console chat. Type /mca help.",
                file=sys.stderr,
            )
            platforms.append(console_chat(app))
        recovering = await _start_recovery(app, platforms)
        # Built: what exists now lives as long as the bot. Out of the GC's full walks.
        frozen = freeze_startup_heap()
        app.metrics.gc_frozen_objects.set(frozen)
        log.info("run.heap_frozen", objects=frozen)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        if app.http is not None:
            _add_readiness(app, platforms)
            await app.http.start()  # already serving when it started early (a no-op then)
        app.serving.set()
        if app.front is not None and slack is not None:
            recovering.append(asyncio.create_task(_answer_kept(app, slack), name="kept"))
        stop_announcer = asyncio.Event()
        announcer = None
        if settings.course.announce_enabled:
            announcer = asyncio.create_task(app.announcer.run(posters, stop_announcer))
        serving: asyncio.Future[Any] = asyncio.ensure_future(
            asyncio.gather(*(p.run() for p in platforms))
        )
        stopping: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait([serving, stopping], return_when=asyncio.FIRST_COMPLETED)
            if serving.done():
                serving.result()  # a platform failed (e.g. a rejected token): raise it
            else:
                for platform in platforms:  # what arrives from now on is the next process's
                    if isinstance(platform, HandsOver):
                        await platform.hand_over()
                await _drain(app, settings)
        finally:
            stopping.cancel()
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)
            for task in recovering:
                task.cancel()
            stop_announcer.set()
            if announcer is not None:
                await announcer
            for platform in platforms:
                await platform.close()
            if not serving.done():
                serving.cancel()
            await asyncio.gather(serving, *recovering, return_exceptions=True)
            if app.http is not None:
                await app.http.stop()
    return 0


def _add_readiness(app: App, platforms: list[Platform]) -> None:
    """What /healthz checks before it says ready: the database, the sandbox, each platform."""
    assert app.http is not None

    async def database() -> ReadyCheck:
        await app.store.ping()
        return True, {}

    async def sandbox() -> ReadyCheck:
        isolation = getattr(app.sandbox, "isolation", "")
        if app.sandbox.available:
            return True, {"isolation": isolation} if isolation else {}
        # Turned off on purpose is a choice, not an outage; missing protections are not.
        return not app.settings.sandbox.enabled, {"reason": app.sandbox.reason}

    app.http.add_readiness("database", database)
    app.http.add_readiness("sandbox", sandbox)
    for platform in platforms:
        connected = getattr(platform, "connected", None)
        if callable(connected):
            app.http.add_readiness(platform.name, _platform_check(connected))


def _platform_check(connected: Callable[[], bool]) -> Callable[[], Awaitable[ReadyCheck]]:
    async def check() -> ReadyCheck:
        return connected(), {}

    return check


async def _drain(app: App, settings: Settings) -> None:
    """Refuse new turns, give in-flight ones the grace period, then let the caller close."""
    grace = settings.lifecycle.shutdown_grace_s
    app.mentor.drain.begin()
    log.info("run.shutting_down", in_flight=app.mentor.drain.active, grace_s=grace)
    if await app.mentor.drain.wait_idle(grace):
        log.info("run.drained")
    else:
        # Their turns stay stored as pending: the next start answers and delivers them.
        log.warning("run.grace_expired", in_flight=app.mentor.drain.active)


async def _answer_kept(app: App, slack: SlackPlatform) -> None:
    """Answer what Slack sent while the mentor was built (kept by the front), each once.

    Each conversation's events in the order they came; conversations side by side.
    """
    from bot.platforms.slack_front import conversation  # noqa: PLC0415  # slack_sdk on demand

    assert app.front is not None
    keys = await app.front.settled()
    if not keys:
        return
    await slack.wait_ready()
    events = await app.store.inbox.mine(keys)
    log.info("run.answering_kept", events=len(events))
    threads: dict[str, list[InboxEvent]] = {}
    for event in events:
        threads.setdefault(conversation(event.payload), []).append(event)

    async def in_order(items: list[InboxEvent]) -> None:
        for event in items:
            try:
                await slack.replay(event)
            except Exception:  # the learner got the platform's error note; go on with the rest
                log.exception("run.kept_failed", key=event.key)

    await asyncio.gather(*(in_order(items) for items in threads.values()))


async def _start_recovery(app: App, platforms: list[Platform]) -> list[asyncio.Task[None]]:
    """Take what dead processes left (before any new turn), then keep reaping in the background.

    The first sweep leases the unfinished turns and inbox events nobody alive holds and starts
    on them; the reaper then renews our leases and sweeps every `lifecycle.reaper_interval_s`.
    """
    if not app.settings.lifecycle.recovery:
        return []
    from bot.mentor.reaper import Reaper  # noqa: PLC0415
    from bot.mentor.recovery import Recovery, Redeliverer  # noqa: PLC0415

    deliverers = [p for p in platforms if isinstance(p, Redeliverer)]
    if not deliverers:
        return []
    recovery = Recovery(mentor=app.mentor, outbox=app.outbox, settings=app.settings.lifecycle)
    reaper = Reaper(
        recovery=recovery,
        inbox=app.store.inbox,
        platforms=deliverers,
        interval_s=app.settings.lifecycle.reaper_interval_s,
    )
    await reaper.sweep()
    return [asyncio.create_task(reaper.run(asyncio.Event()), name="reaper")]


async def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """The local console chat."""
    async with open_app(settings) as app:
        chat = console_chat(app, user=args.user)
        await chat.run()
        if chat.failed:
            return EXIT_INTERNAL
        if chat.bad_input:
            print(chat.turned_down_line(), file=sys.stderr)
            return 1
        return RateLimited.exit_code if chat.rate_limited else 0


async def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """One turn through the whole pipeline; with --json an error is a JSON object too."""
    try:
        return await _ask(args, settings)
    except UserFacingError as exc:
        if args.json:  # a JSON consumer reads stdout only: it gets the error as an object
            print(json.dumps({"error": exc.message, "code": exc.exit_code}, ensure_ascii=False))
        raise


async def _ask(args: argparse.Namespace, settings: Settings) -> int:
    attachments: tuple[Attachment, ...] = ()
    languages = settings.mentor.languages
    if args.locale and language_of_locale(args.locale) not in languages:
        # not refused (a platform's locale outside the 14 is normal too), but never dropped
        # unsaid: `practice check --lang xx` refuses, so the operator expects to hear of it
        print(
            f"mca-bot: --locale {args.locale!r} is none of the mentor's languages"
            f" ({', '.join(languages)}); the reply's language is read from the question.",
            file=sys.stderr,
            flush=True,
        )
    if not args.text.strip() and not args.code:  # refused before the mentor is built (W23)
        raise InputError(
            'Please write a question: mca-bot ask "your question" (--code FILE attaches code).'
        )
    if args.code:
        path = Path(args.code)
        limit = settings.mentor.max_code_bytes
        try:
            content = await asyncio.to_thread(read_at_most, path, limit)
        except TooLarge as exc:
            raise InputError(  # before reading it whole (review14 X21: --code /dev/zero)
                f"The code file {path} is larger than the limit of {limit} bytes"
                f" ({'' if exc.exact else 'at least '}{exc.size} bytes): attach the part that"
                " shows the problem (MCA_MENTOR_MAX_CODE_BYTES sets the limit)."
            ) from None
        except OSError as exc:
            raise InputError(f"Cannot read the code file {path}: {exc.strerror}.") from None
        attachments = (Attachment(path.name, content),)
    async with open_app(settings) as app:
        request = MentorRequest(
            platform="console",
            user=args.user,
            text=args.text,
            thread=args.thread,
            locale=args.locale,
            attachments=attachments,
        )
        try:
            if attachments and not attachments[0].content.strip():
                name = attachments[0].filename
                raise InputError(f"The file {name} is empty.", key="empty_code_file", file=name)
            if attachments and readable(attachments[0].content) is None:  # named on purpose
                name = attachments[0].filename
                raise InputError(  # the file named (review10 T31), as `practice check` does
                    f"{name} is not UTF-8 text.", key="code_file_not_text", filename=name
                )
            await check_thread(app.store, args.thread, args.user)
            reply = await app.mentor.handle(request)
        except InputError as exc:
            lang = app.mentor.language_hint(args.locale, args.text)
            raise InputError(app.mentor.error_text(exc, lang)) from None
        if args.json:
            print(json.dumps(reply.to_json(), ensure_ascii=False))
        else:
            print(visible_controls(reply.text))  # no escape reaches the terminal (W24)
            print(f"\n(thread {reply.thread}: continue with --thread {reply.thread})")
    return 1 if reply.refused else 0  # README: 1 = the question was refused (review12 V17)


async def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    """Apply pending database migrations and say which."""
    from bot.storage.connect import newer_migrations, open_database  # noqa: PLC0415

    db = await open_database(
        url=settings.database_url_value, path=settings.database_path, migrate=False
    )
    try:
        applied = await db.migrate()
        current = await db.applied_migrations()
        ahead = await newer_migrations(db)
    finally:
        await db.close()
    print(json.dumps({"applied": applied, "current": current[-1] if current else None,
                      "unknown": ahead}))  # fmt: skip
    if ahead:  # a rolling upgrade half done: say which release is behind
        print(
            f"mca-bot: the database has migrations this code does not know ({', '.join(ahead)}):"
            " a newer release migrated it, and this host runs older code: upgrade it.",
            file=sys.stderr,
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="mca-bot", description="MCA Mentor: a mentor bot for advanced Python learners."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="start every configured platform (console when none)")
    run.set_defaults(handler=cmd_run)

    chat = sub.add_parser("chat", help="the local console chat")
    chat.add_argument("--user", default="local", help="learner id (default: local)")
    chat.set_defaults(handler=cmd_chat)

    ask = sub.add_parser("ask", help="ask one question and print the reply")
    ask.add_argument("text", help="the question")
    ask.add_argument("--code", metavar="FILE", help="a Python file to run and profile first")
    ask.add_argument("--thread", metavar="ID", help="continue this thread")
    ask.add_argument("--user", default="local", help="learner id (default: local)")
    ask.add_argument("--locale", metavar="xx", help="the learner's locale, e.g. pt-BR")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.set_defaults(handler=cmd_ask)

    health = sub.add_parser(
        "healthcheck", help="ask this bot's /healthz; exit 0 when ready (container HEALTHCHECK)"
    )
    health.set_defaults(handler=cmd_healthcheck)

    migrate = sub.add_parser("migrate", help="apply database migrations")
    migrate.set_defaults(handler=cmd_migrate)

    for register in _room_registrations():
        register(sub)
    return parser


def _room_registrations() -> list[Callable[[Any], None]]:
    """Subcommands contributed by rooms (sandbox, course, ...)."""
    from bot import course_cli  # noqa: PLC0415  # rooms load with the parser

    return [sandbox_cli.register, course_cli.register]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, load settings, run the handler; map errors to exit codes."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except UserFacingError as exc:
        configure_logging()
        if getattr(args, "json", False):  # a JSON consumer reads stdout only (README, --json)
            error = {"error": f"configuration error: {exc.message}", "code": exc.exit_code}
            print(json.dumps(error, ensure_ascii=False))
        print(f"mca-bot: configuration error:\n{exc.message}", file=sys.stderr)
        return exc.exit_code
    configure_logging(
        level=settings.log_level, fmt=settings.log_format, secrets=settings.secret_values()
    )
    for name, closest in unknown_env():  # a misspelt name would be ignored silently (R37)
        log.warning("settings.unknown_variable", variable=name, closest=closest or None)
    handler: Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]] = args.handler
    try:
        return event_loop.run(handler(args, settings), settings.event_loop)
    except UserFacingError as exc:
        print(f"mca-bot: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("cli.internal_error", command=args.command)
        print("mca-bot: internal error (see the log above).", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
