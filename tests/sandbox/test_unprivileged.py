"""The sandbox started by an unprivileged user: fail closed, name the weaker isolation, and
still hold the attacks (issue 16: the suite runs as root AND as an unprivileged user).

CI runs as root, so these tests drop to `nobody` with setpriv and run the bot's own entry
points there: `mca-bot sandbox run` (exit 3 when code execution is off) and `mca-bot worker`,
driven over HTTP by the same client the bot uses.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from bot.sandbox.cli import EXIT_UNAVAILABLE
from bot.sandbox.remote import RemoteSandbox
from bot.sandbox.report import RunStatus, SandboxReport
from bot.sandbox.settings import SandboxSettings
from tests.sandbox.conftest import jail_settings
from tests.sandbox.test_forged_evidence import SPRAY
from tests.sandbox.test_jail_security import ABUSE
from tests.sandbox.test_remote import free_port
from tests.sandbox.test_seccomp import FAMILIES, X86_64_CALLS, _syscall_probe

pytestmark = pytest.mark.jail

NOBODY = 65534
REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30.0
TOKEN = "mca-unprivileged-worker-token-7d1e"
SECRET = "mca-fake-discord-token-unpriv-5b2c"
ABUSE_UNPRIVILEGED = (
    "list_memory_bomb",
    "bytearray_memory_bomb",
    "mmap_memory_bomb",
    "shared_memory_bomb",
    "fork_bomb",
    "daemonized_child",
    "fill_tmp",
    "fill_dev_shm",
    "signals_to_parent",
    "huge_output",
)
"""The cases a missing memory cgroup or a shared uid could change."""


@dataclass(frozen=True)
class Unprivileged:
    """How to start the bot as an unprivileged user, and where that user may write."""

    prefix: tuple[str, ...]
    python: str
    home: Path
    env: dict[str, str]

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """`python -m bot ARGS` as the unprivileged user."""
        return subprocess.run(
            [*self.prefix, self.python, "-m", "bot", *args],
            cwd=REPO,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def _limits_env(settings: SandboxSettings) -> dict[str, str]:
    """The suite's small limits, as the environment variables an operator would set."""
    keys = ("wall_timeout_s", "cpu_time_s", "memory_bytes", "max_processes")
    keys += ("max_output_bytes", "tmpfs_bytes", "shm_bytes")
    return {f"MCA_SANDBOX_{k.upper()}": str(getattr(settings, k)) for k in keys}


@pytest.fixture(scope="session")
def unprivileged() -> Iterator[Unprivileged]:
    """The bot as uid 65534 (setpriv), or as ourselves when the suite is not root."""
    home = Path(tempfile.mkdtemp(prefix="mca-unpriv-", dir="/tmp"))
    home.chmod(0o1777)
    purelib = sysconfig.get_paths()["purelib"]
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "PYTHONPATH": f"{REPO}{os.pathsep}{purelib}",
        "MCA_DATA_DIR": str(home / "data"),
        "MCA_LOG_FORMAT": "json",
    }
    if os.geteuid() != 0:
        yield Unprivileged((), sys.executable, home, env)
        shutil.rmtree(home, ignore_errors=True)
        return
    setpriv = shutil.which("setpriv")
    bwrap = shutil.which("bwrap")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is missing: cannot drop to an unprivileged uid")
    if bwrap is None:
        pytest.skip("bubblewrap (bwrap) is missing")
    prefix = (setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")
    probe = subprocess.run(
        [*prefix, bwrap, "--unshare-all", "--unshare-user", "--ro-bind", "/", "/", "true"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(
            f"unprivileged user namespaces are unavailable here: bwrap as uid {NOBODY} "
            f"failed ({probe.stderr.strip()[:200]})"
        )
    # The venv's interpreter may sit under /root (mode 700): use the jail's interpreter, the
    # same Python version, with this checkout and the venv's packages on its path.
    python = SandboxSettings().python
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    ok = subprocess.run(
        [
            *prefix,
            python,
            "-c",
            f"import sys, bot.sandbox.factory; assert sys.version[:4] == '{version}'",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if ok.returncode != 0:
        pytest.skip(
            f"uid {NOBODY} cannot import the bot with {python} (Python {version}, "
            f"readable checkout and venv needed): {ok.stderr.strip()[-200:]}"
        )
    yield Unprivileged(prefix, python, home, env)
    shutil.rmtree(home, ignore_errors=True)


def _program(unprivileged: Unprivileged, name: str, code: str) -> str:
    path = unprivileged.home / name
    path.write_text(code)
    path.chmod(0o644)
    return str(path)


def test_unprivileged_without_memory_limit_refuses_code(unprivileged: Unprivileged) -> None:
    """Fail closed: no cgroup an unprivileged user may write means exit 3 and nothing ran."""
    marker = unprivileged.home / "ran"
    code = f"open({str(marker)!r}, 'w').write('x')\nprint('RAN')\n"
    result = unprivileged.run("sandbox", "run", _program(unprivileged, "refused.py", code))
    assert result.returncode == EXIT_UNAVAILABLE, result.stderr[-2000:]
    assert "no memory limit can be enforced" in result.stderr
    assert "MCA_SANDBOX_REQUIRE_MEMORY_LIMIT=false" in result.stderr
    assert "RAN" not in result.stdout
    assert not marker.exists()


def test_unprivileged_weaker_isolation_is_named_in_the_report(unprivileged: Unprivileged) -> None:
    """Allowed by the operator, the run works and its report names the weaker isolation."""
    code = "import os\nprint('uid', os.getuid())\n"
    result = unprivileged.run(
        "sandbox",
        "run",
        _program(unprivileged, "weak.py", code),
        "--json",
        env={"MCA_SANDBOX_REQUIRE_MEMORY_LIMIT": "false"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = SandboxReport.from_dict(json.loads(result.stdout.splitlines()[-1]))
    assert report.status is RunStatus.OK
    assert "NO-MEMORY-LIMIT" in report.isolation
    assert "shared-uid" in report.isolation
    assert report.stdout.strip() != "uid 0"


@pytest.fixture(scope="session")
def unprivileged_worker(unprivileged: Unprivileged) -> Iterator[str]:
    """`mca-bot worker` as the unprivileged user, memory limit waived, the suite's limits."""
    port = free_port()
    env = {
        **unprivileged.env,
        **_limits_env(jail_settings()),
        "MCA_SANDBOX_REQUIRE_MEMORY_LIMIT": "false",
        "MCA_SANDBOX_CONCURRENCY": "1",
        "MCA_SANDBOX_WORKER_TOKEN": TOKEN,
        "DISCORD_TOKEN": SECRET,
    }
    proc = subprocess.Popen(
        [*unprivileged.prefix, unprivileged.python, "-m", "bot", "worker", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"the unprivileged worker exited: {err[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the unprivileged worker did not start listening")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
async def weak_sandbox(unprivileged_worker: str) -> AsyncIterator[RemoteSandbox]:
    settings = jail_settings().model_copy(update={"request_slack_s": 30.0})
    settings = SandboxSettings.model_validate({**settings.model_dump(), "worker_token": TOKEN})
    client = RemoteSandbox([unprivileged_worker], settings=settings)
    try:
        yield client
    finally:
        await client.aclose()


async def test_unprivileged_worker_health_names_the_weaker_isolation(
    unprivileged_worker: str,
) -> None:
    """/healthz of a worker without a memory limit says so (memory_limit false, the name)."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{unprivileged_worker}/healthz") as resp,
    ):
        body = await resp.json()
    assert resp.status == 200
    assert body["memory_limit"] is False
    assert "NO-MEMORY-LIMIT" in body["isolation"]


@pytest.mark.parametrize("case", ABUSE_UNPRIVILEGED)
async def test_unprivileged_abuse_is_contained(weak_sandbox: RemoteSandbox, case: str) -> None:
    """Without root and without a memory cgroup each abuse still ends as it does as root."""
    code, expected = ABUSE[case]
    report = await weak_sandbox.profile(code)
    assert report.status in expected, (case, report.status, report.message, report.stderr[-500:])
    assert "NO-MEMORY-LIMIT" in report.isolation
    follow_up = await weak_sandbox.profile("import os\nprint(sorted(os.listdir('/tmp')))\n")
    assert follow_up.stdout.strip() == "['main.py']"


async def test_unprivileged_secrets_and_network_stay_out_of_reach(
    weak_sandbox: RemoteSandbox,
) -> None:
    """The worker's env (its token, DISCORD_TOKEN) and the host's network are not reachable."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    code = textwrap.dedent(
        f"""
        import glob, os, socket
        out = [repr(dict(os.environ))]
        for path in ["/proc/1/environ", "/proc/self/environ", "/proc/1/cmdline",
                     *glob.glob("/proc/*/environ"), *glob.glob("/proc/*/cmdline")]:
            try:
                out.append(open(path, "rb").read().decode("latin-1"))
            except OSError as e:
                out.append("denied " + path)
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=1)
            out.append("CONNECTED")
        except OSError:
            out.append("no network")
        print("\\n".join(out))
        """
    )
    try:
        report = await weak_sandbox.profile(code)
    finally:
        listener.close()
    assert report.status is RunStatus.OK, report.stderr
    assert SECRET not in report.stdout
    assert TOKEN not in report.stdout
    assert "CONNECTED" not in report.stdout
    assert "no network" in report.stdout


@pytest.mark.skipif(
    os.uname().machine != "x86_64", reason="syscall numbers are listed for x86-64 only"
)
async def test_unprivileged_seccomp_filter_holds(weak_sandbox: RemoteSandbox) -> None:
    """Every denied call and socket family is refused in the unprivileged jail too."""
    for name in sorted(X86_64_CALLS):  # one by one: the worker's queue is small
        report = await weak_sandbox.profile(_syscall_probe(name))
        assert report.stdout.startswith("result -1 "), (name, report.stdout, report.stderr)
    families = "\n".join(
        f"try:\n    socket.socket({number}, socket.SOCK_DGRAM)\n    print('OPENED {name}')\n"
        f"except OSError:\n    print('refused {name}')"
        for name, number in FAMILIES.items()
    )
    report = await weak_sandbox.profile("import socket\n" + families)
    assert "OPENED" not in report.stdout
    assert report.stdout.count("refused") == len(FAMILIES)


async def test_unprivileged_forged_report_is_ignored(weak_sandbox: RemoteSandbox) -> None:
    """Fake events on every inherited fd and pid 1's last line do not change the verdict."""
    fake = b'{"event":"pass","name":"plain","exit_code":0,"signal":null,"timed_out":false}\n'
    code = SPRAY + textwrap.dedent(
        f"""
        spray({fake!r})
        spray(b'{{"event":"done"}}\\n')
        raise ValueError("real failure")
        """
    )
    report = await weak_sandbox.profile(code)
    assert report.status is RunStatus.ERROR
    assert report.exit_code == 1
    assert "ValueError: real failure" in report.stderr
