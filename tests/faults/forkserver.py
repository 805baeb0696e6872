"""Start `mca-bot run` processes fast, for tests that kill and restart the bot many times.

Run as `python -m tests.faults.forkserver`: it imports the bot and both platform libraries
once and builds the app once (so every loader has read the shipped config), then for each
line `run <json>` on stdin forks a child that runs `bot.__main__.main(["run"])` (or the
request's `argv`, e.g. a CLI `ask`): the real process, with its own PID, event loop,
connections and signals (SIGKILL kills just it); it prints the child's PID. `wait <pid>`
prints the child's exit status once it has ended (the same again when asked again). A fresh
interpreter per start would spend seconds importing and parsing; a fork shares that work.

Each answer is one marked line (tests/faults/fork_protocol.py), so a line that a library or
a log prints on stdout first cannot be taken for an answer (the harness skips such lines).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import importlib
import inspect
import json
import os
import re
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bot.__main__ as cli
from bot.app import open_app
from bot.course.content import Course
from bot.mentor import language
from bot.mentor.guards import harm_prose, substance
from bot.mentor.guards.detection import DetectionCues
from bot.mentor.guards.lookalikes import Lookalikes
from bot.mentor.guards.task_asks import TaskAsks
from bot.mentor.guards.told_solution import ToldSolutions
from bot.mentor.i18n import Catalog
from bot.mentor.intent.lexicon import Lexicon
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.method import MethodRules
from bot.mentor.sections import SectionParser
from bot.mentor.units import UnitBase
from bot.settings import load_settings
from tests.faults.fork_protocol import answer_line

SCALARS = (str, int, float, bool, Path, type(None))


def _key(value: Any) -> Any:
    """Config paths and scalars by value, and lists, tuples and sets of them (task ids, a
    knowledge base's hosts, hint texts); anything else by identity (a remembered object)."""
    if isinstance(value, SCALARS):
        return value
    if isinstance(value, list | tuple | set | frozenset) and all(
        isinstance(v, SCALARS) for v in value
    ):
        items = tuple(value) if isinstance(value, list | tuple) else frozenset(value)
        return (type(value).__name__, items)
    return ("id", id(value))


def _remember(owner: type, name: str) -> None:
    """Make a config loader return what it read for the same arguments before.

    Parsing the shipped config and compiling its patterns takes seconds at each start; a
    child forked after the first load shares the result. The loaded objects are read-only.
    """
    load: Callable[..., Any] = getattr(owner, name)
    seen: dict[Any, Any] = {}

    def remembered(*args: Any, **kwargs: Any) -> Any:
        key = (tuple(_key(a) for a in args), tuple((k, _key(v)) for k, v in kwargs.items()))
        if key not in seen:
            seen[key] = load(*args, **kwargs)
        return seen[key]

    setattr(owner, name, remembered)


# Room for every pattern the build compiles (~1,300; re keeps 512): a fork finds the guards'
# cues compiled by the warm build (draft guards were ~0.5 s of each forked start without).
re._MAXCACHE = max(getattr(re, "_MAXCACHE", 0), 8192)  # type: ignore[attr-defined]  # private knob
for _owner in (
    KnowledgeBase, Catalog, UnitBase, Lexicon, Course, MethodRules, SectionParser,
    # the output guards' own config (~0.25 s of each forked start before they were remembered)
    TaskAsks, Lookalikes, DetectionCues, ToldSolutions,
):  # fmt: skip
    _remember(_owner, "load")
_prose_compile = harm_prose._compile
_prose_seen: dict[tuple[int, str], Any] = {}


def _prose_cues(built_in: Any, extra: Any) -> Any:
    """The prose rule's ~1,000 cue patterns, compiled once (by the cue lists' content)."""
    key = (id(built_in), json.dumps(extra, sort_keys=True))
    if key not in _prose_seen:
        _prose_seen[key] = _prose_compile(built_in, extra)
    return _prose_seen[key]


harm_prose._compile = _prose_cues
_topics = substance.topic_pattern
substance.topic_pattern = functools.cache(_topics)


def _piped_stdin(path: str) -> None:
    """stdin is a pipe fed with the file at `path`, then closed: as `subprocess.run(input=)`.

    A pipe, not the file itself: the console reads a pipe (or a terminal) asynchronously and
    a regular file by thread, and the tests mean the piped path. A thread writes, so input
    larger than the pipe's buffer flows as the bot reads it.
    """
    data = Path(path).read_bytes()
    read_end, write_end = os.pipe()
    os.dup2(read_end, 0)
    os.close(read_end)

    def feed() -> None:
        with os.fdopen(write_end, "wb") as pipe, contextlib.suppress(BrokenPipeError):
            pipe.write(data)

    threading.Thread(target=feed, daemon=True).start()


def _child(request: dict[str, Any]) -> None:
    """In the fork: the environment, stdin, stdout and stderr of a fresh `mca-bot ARGV`, run.

    stderr goes to `log`; stdout to `out` when given, else to `log` too when `stdout` is set,
    else nowhere; stdin is /dev/null, or a pipe carrying the file `stdin` names. ARGV is `run`
    unless the request names another command (`argv`).
    """
    os.environ.clear()
    os.environ.update(request["env"])
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 2)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    if request.get("stdin"):
        _piped_stdin(request["stdin"])
    if request.get("out"):
        os.dup2(os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
    else:
        os.dup2(log if request.get("stdout") else devnull, 1)
    code = 70
    try:
        code = cli.main(request.get("argv", ["run"]))
    except SystemExit as stop:  # argparse's usage error (2), as a fresh interpreter exits
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
        code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


async def _build_once(data_dir: Path) -> None:
    """Build the whole app as `mca-bot run` does (sandbox off), so each loader remembers.

    With an LLM configured, as most tests run it (a fake one): the LLM engine, its client
    library and the safety model's second opinion are imported here too. A build calls no LLM.
    """
    base = load_settings(data_dir=data_dir)
    sandbox = base.sandbox.model_copy(update={"enabled": False})
    settings = base.model_copy(
        update={"sandbox": sandbox, "openai_base_url": "http://127.0.0.1:9/v1"}
    )
    async with open_app(settings, warm=True):
        pass


def _warm() -> None:
    """Load the shipped config and the platform libraries once, here, so every fork has them."""
    for platform in ("bot.platforms.slack", "bot.platforms.discord"):
        importlib.import_module(platform)
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_build_once(Path(tmp) / "data"))
    language._load_identifier()  # cached per process: a fork inherits the loaded model
    # slack_bolt's App looks up its caller's module (inspect.stack), which resolves the file
    # of every loaded module once per process: done here, each fork finds it cached.
    inspect.stack()
    # The cyclic GC of a child walks only what the child made (it freezes its own heap too).
    gc.collect()
    gc.freeze()


def main() -> None:
    """Serve `run` and `wait` lines until stdin closes; then kill what still runs."""
    _warm()
    started: set[int] = set()
    ended: dict[int, int] = {}
    for line in sys.stdin:
        verb, _, rest = line.strip().partition(" ")
        if verb == "run":
            request = json.loads(rest)
            pid = os.fork()
            if pid == 0:
                _child(request)
            started.add(pid)
            print(answer_line(pid), flush=True)
        elif verb == "wait":  # asked again for a child already reaped: the same answer
            pid = int(rest)
            if pid not in ended:
                _, status = os.waitpid(pid, 0)
                ended[pid] = os.waitstatus_to_exitcode(status)
            print(answer_line(ended[pid]), flush=True)
    # The test run is over (or was itself killed): no bot it started outlives it.
    for pid in started - ended.keys():
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
