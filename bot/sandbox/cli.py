"""CLI: `sandbox run FILE [--json]` and `worker [--host H --port P]`."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import sys
from pathlib import Path
from typing import Any, Protocol

import structlog
from aiohttp import web

from bot.sandbox.client import SandboxClient
from bot.sandbox.factory import build_sandbox
from bot.sandbox.render import summarize
from bot.sandbox.settings import SandboxSettings, token_of
from bot.sandbox.worker import GuardedAppRunner, build_app

log = structlog.get_logger(__name__)

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
DEFAULT_WORKER_PORT = 8765


class HasSandboxSettings(Protocol):
    """The part of the bot's Settings these commands need."""

    @property
    def sandbox(self) -> SandboxSettings:
        """The `[sandbox]` table."""
        ...


def register(subparsers: Any) -> None:
    """Add `sandbox run` and `worker` to the bot's argparse subcommands."""
    sandbox = subparsers.add_parser("sandbox", help="run code in the sandbox")
    sandbox_sub = sandbox.add_subparsers(dest="sandbox_command", required=True)
    run = sandbox_sub.add_parser("run", help="profile one Python file and print the report")
    run.add_argument("file", help="the Python file to run as __main__")
    run.add_argument("--json", action="store_true", help="print the report as one JSON object")
    run.set_defaults(handler=run_handler)
    worker = subparsers.add_parser("worker", help="serve the sandbox over HTTP")
    worker.add_argument("--host", default="127.0.0.1")
    worker.add_argument("--port", type=int, default=DEFAULT_WORKER_PORT)
    worker.set_defaults(handler=worker_handler)


def _read_code(path: str) -> tuple[str, str]:
    """Returns (code, error message)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return "", f"mca-bot: {path}: no such file"
    except IsADirectoryError:
        return "", f"mca-bot: {path}: is a directory"
    except OSError as exc:
        return "", f"mca-bot: {path}: cannot read ({exc.strerror})"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return "", f"mca-bot: {path}: not UTF-8 text"


async def run_handler(args: argparse.Namespace, settings: HasSandboxSettings) -> int:
    """Profile one file; exit 0 whenever the sandbox ran it, whatever the code did."""
    code, error = _read_code(args.file)
    if error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    # One run from a short-lived process: a warm jail would only be thrown away.
    sandbox_settings = settings.sandbox.model_copy(update={"warm_jails": False})
    sandbox = await asyncio.to_thread(build_sandbox, sandbox_settings)
    try:
        if not sandbox.available:
            print(f"mca-bot: {sandbox.reason}", file=sys.stderr)
            return EXIT_UNAVAILABLE
        report = await sandbox.profile(code)
    finally:
        await sandbox.aclose()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(summarize(report, max_chars=4000))
    return EXIT_OK


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


async def serve(sandbox: SandboxClient, settings: SandboxSettings, host: str, port: int) -> None:
    """Serve until cancelled."""
    app = build_app(sandbox, settings, token_of(settings))
    runner = GuardedAppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("sandbox.worker_listening", host=host, port=port, token=bool(token_of(settings)))
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


async def worker_handler(args: argparse.Namespace, settings: HasSandboxSettings) -> int:
    """Run the HTTP worker on a local jail pool (never forwarding to other workers)."""
    local_settings = settings.sandbox.model_copy(update={"workers": []})
    if not token_of(local_settings) and not is_loopback(args.host):
        print(
            f"error: refusing to listen on {args.host} without MCA_SANDBOX_WORKER_TOKEN "
            "(anyone who reaches the port could run code); set a token or use 127.0.0.1",
            file=sys.stderr,
        )
        return EXIT_USAGE
    sandbox = await asyncio.to_thread(build_sandbox, local_settings)
    if not sandbox.available:
        print(f"mca-bot: {sandbox.reason}", file=sys.stderr)
        await sandbox.aclose()
        return EXIT_UNAVAILABLE
    start = getattr(sandbox, "start", None)
    if start is not None:
        await start()
    await serve(sandbox, local_settings, args.host, args.port)
    return EXIT_OK
