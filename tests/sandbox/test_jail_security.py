"""The real jail against abuse: each run is contained, reported right, and leaves no trace."""

from __future__ import annotations

import asyncio
import os
import socket
import textwrap
from pathlib import Path

import pytest

from bot.sandbox.bwrap import JailSpec
from bot.sandbox.cgroup import CgroupBase
from bot.sandbox.jail import Jail
from bot.sandbox.local import LocalSandbox
from bot.sandbox.program import harness_program
from bot.sandbox.report import RunStatus
from bot.sandbox.uids import kill_uid_processes
from tests.sandbox.conftest import assert_host_clean, jail_settings, processes_of

pytestmark = pytest.mark.jail

OK, ERROR, TIMEOUT = RunStatus.OK, RunStatus.ERROR, RunStatus.TIMEOUT
MEMORY, OUTPUT, KILLED = RunStatus.MEMORY_LIMIT, RunStatus.OUTPUT_LIMIT, RunStatus.KILLED

ABUSE = {
    "infinite_loop": ("while True:\n    pass\n", {TIMEOUT}),
    "long_sleep": ("import time\ntime.sleep(600)\n", {TIMEOUT}),
    "fork_bomb": (
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
        {TIMEOUT, ERROR, KILLED, MEMORY},
    ),
    "thread_bomb": (
        "import threading, time\nwhile True:\n"
        "    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n",
        {ERROR, TIMEOUT, MEMORY},
    ),
    "subprocess_bomb": (
        "import subprocess, sys\nps = []\nwhile True:\n"
        "    ps.append(subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']))\n",
        {ERROR, TIMEOUT, MEMORY},
    ),
    "multiprocessing_bomb": (
        "import multiprocessing as mp, time\n"
        "if __name__ == '__main__':\n    ps = []\n    while True:\n"
        "        p = mp.Process(target=time.sleep, args=(600,)); p.start(); ps.append(p)\n",
        {ERROR, TIMEOUT, MEMORY},
    ),
    "list_memory_bomb": ("a = []\nwhile True:\n    a.append(' ' * 2**20)\n", {MEMORY}),
    "bytearray_memory_bomb": ("b = bytearray(2**33)\n", {MEMORY}),
    "mmap_memory_bomb": (
        "import mmap\nm = mmap.mmap(-1, 200 * 2**20)\n"
        "for i in range(0, len(m), 4096):\n    m[i] = 1\n",
        {MEMORY, ERROR},
    ),
    "shared_memory_bomb": (
        "from multiprocessing import shared_memory\n"
        "s = shared_memory.SharedMemory(create=True, size=200 * 2**20)\n"
        "s.buf[:] = b'x' * len(s.buf)\n",
        {MEMORY, ERROR, KILLED},
    ),
    "fill_tmp": (
        "with open('/tmp/fill', 'wb') as f:\n    while True:\n        f.write(b'x' * 2**16)\n",
        {ERROR},
    ),
    "fill_dev_shm": (
        "with open('/dev/shm/fill', 'wb') as f:\n    while True:\n        f.write(b'x' * 2**16)\n",
        {ERROR},
    ),
    "huge_output": ("print('x' * 10**7)\n", {OUTPUT}),
    "output_without_newlines": (
        "import sys\nwhile True:\n    sys.stdout.write('y' * 4096)\n",
        {OUTPUT},
    ),
    "signals_to_parent": (
        "import os, signal\nfor pid in (os.getppid(), 1, -1):\n"
        "    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError as e:\n"
        "        print('denied', pid, e.errno)\nprint('alive')\n",
        {OK},
    ),
    "daemonized_child": (
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        time.sleep(600)\n    os._exit(0)\nprint('parent done')\n",
        {OK},
    ),
    "ctypes_segfault": ("import ctypes\nctypes.string_at(0)\n", {KILLED}),
    "deep_recursion": (
        "import sys\nsys.setrecursionlimit(10**7)\ndef f(n):\n    return f(n + 1)\nf(0)\n",
        {KILLED, ERROR, MEMORY},
    ),
    "ignores_sigxcpu": (
        "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile True:\n    pass\n",
        {TIMEOUT},
    ),
    "ignores_sigterm": (
        "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(600)\n",
        {TIMEOUT},
    ),
    "calls_os_exit": ("import os\nprint('bye', flush=True)\nos._exit(3)\n", {ERROR}),
    "invalid_utf8_and_nul": (
        "import sys\nsys.stdout.buffer.write(b'ok\\xff\\xfe\\x00end')\n",
        {OK},
    ),
}


@pytest.mark.parametrize("case", sorted(ABUSE))
async def test_abuse_case_is_contained_and_reported(sandbox: LocalSandbox, case: str) -> None:
    """Each abuse ends with its expected status, within the limits, leaving nothing behind."""
    code, expected = ABUSE[case]
    settings = sandbox._settings
    report = await sandbox.profile(code)
    assert report.status in expected, (case, report.status, report.message, report.stderr[-500:])
    assert len(report.stdout.encode()) + len(report.stderr.encode()) <= (
        settings.max_output_bytes * 3  # decoding may turn a bad byte into 3 bytes of U+FFFD
    )
    assert report.wall_ms is not None
    assert report.wall_ms <= (settings.wall_timeout_s + 1.5) * 1000
    assert report.isolation.startswith("bubblewrap")
    await assert_host_clean(sandbox, settings)
    follow_up = await sandbox.profile("import os\nprint(sorted(os.listdir('/tmp')))\n")
    assert follow_up.status is OK
    assert follow_up.stdout.strip() == "['main.py']"


async def test_output_limit_reports_truncation(sandbox: LocalSandbox) -> None:
    """Output past the byte cap is cut at the cap and flagged as truncated."""
    report = await sandbox.profile("print('x' * 10**7)")
    assert report.status is OUTPUT
    assert report.truncated
    assert len(report.stdout) <= sandbox._settings.max_output_bytes
    assert "max_output_bytes" in report.limits["hit"]


async def test_invalid_utf8_output_decodes_with_replacement(sandbox: LocalSandbox) -> None:
    """Bad bytes become U+FFFD and NUL survives as data; the report still serializes."""
    report = await sandbox.profile("import sys\nsys.stdout.buffer.write(b'ok\\xff\\x00end')")
    assert report.stdout == "ok\ufffd\x00end"
    assert report.to_dict()["stdout"] == "ok\ufffd\x00end"


async def test_timeout_reports_wall_limit_hit(sandbox: LocalSandbox) -> None:
    """A sleep past the wall limit is a timeout and names the limit it hit."""
    report = await sandbox.profile("import time\nprint('before', flush=True)\ntime.sleep(600)")
    assert report.status is TIMEOUT
    assert report.stdout == "before\n"
    assert "wall_timeout_s" in report.limits["hit"]
    assert report.limits["wall_timeout_s"] == sandbox._settings.wall_timeout_s


async def test_cpu_loop_reports_cpu_limit_hit(sandbox: LocalSandbox) -> None:
    """A busy loop is stopped by the CPU limit (SIGXCPU handled) before the wall limit."""
    # A wall limit well above the CPU limit: on a loaded host 1 s of CPU can take 2 s of wall.
    roomy = sandbox._settings.model_copy(update={"wall_timeout_s": 8.0})
    report = await sandbox.profile("while True:\n    pass\n", limits=roomy)
    assert report.status is TIMEOUT
    assert "cpu_time_s" in report.limits["hit"]


async def test_cpu_signal_without_cpu_spent_does_not_stop_the_run(sandbox: LocalSandbox) -> None:
    """A run is stopped for CPU only when it spent the CPU, not when the kernel's tick-charged
    RLIMIT_CPU clock says so (a 1 ms sleeper was charged 1 s after ~1.3 s of sleep)."""
    code = (
        "import os, signal, time\n"
        "os.kill(os.getpid(), signal.SIGXCPU)\n"  # what the over-charged clock delivers
        "time.sleep(0.05)\n"
        "print('still running', flush=True)\n"
    )
    report = await sandbox.profile(code)
    assert report.status is OK, report.stderr
    assert report.stdout == "still running\n"
    assert "cpu_time_s" not in report.limits["hit"]


async def test_secrets_of_the_bot_are_unreadable(
    sandbox: LocalSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot's env, token files, .env, /proc of the host and /etc/shadow stay out of reach."""
    token = "mca-fake-token-4f1c9a"
    monkeypatch.setenv("DISCORD_TOKEN", token)
    token_file = tmp_path / "token.txt"
    token_file.write_text(token)
    token_file.chmod(0o644)
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={token}\n")
    monkeypatch.chdir(tmp_path)
    code = textwrap.dedent(
        f"""
        import glob, os
        found = [repr(dict(os.environ))]
        for path in ["/proc/1/environ", "/proc/self/environ", "/proc/1/cmdline",
                     "/proc/{os.getpid()}/environ", "/proc/{os.getpid()}/cmdline",
                     {str(token_file)!r}, ".env", {str(tmp_path / ".env")!r}, "/etc/shadow",
                     *glob.glob("/proc/*/environ"), *glob.glob("/proc/*/cmdline")]:
            try:
                with open(path, "rb") as f:
                    found.append(f.read().decode("latin-1"))
            except OSError as e:
                found.append("denied " + path + " " + str(e.errno))
        print("\\n".join(found))
        print("uid", os.getuid(), os.geteuid())
        """
    )
    report = await sandbox.profile(code)
    assert report.status is OK, report.stderr
    assert token not in report.stdout
    assert token not in report.stderr
    assert "uid 0 " not in report.stdout
    assert "denied /etc/shadow" in report.stdout


async def test_jail_runs_as_unprivileged_uid(sandbox: LocalSandbox) -> None:
    """Even when the bot is root, code inside runs as a non-zero uid without capabilities."""
    report = await sandbox.profile(
        "import os\nprint(os.getuid(), os.geteuid(), os.getgid())\n"
        "print(open('/proc/self/status').read())"
    )
    first = report.stdout.splitlines()[0].split()
    assert all(int(x) != 0 for x in first)
    assert "CapEff:\t0000000000000000" in report.stdout


async def test_network_is_unreachable(sandbox: LocalSandbox, tmp_path: Path) -> None:
    """TCP to a host listener, DNS, and host unix sockets all fail inside the jail."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    unix_path = tmp_path / "bot.sock"
    unix_listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix_listener.bind(str(unix_path))
    unix_listener.listen(1)
    abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    abstract.bind("\0mca-sandbox-test")
    abstract.listen(1)
    code = textwrap.dedent(
        f"""
        import socket
        def attempt(name, fn):
            try:
                fn()
                print(name, "CONNECTED")
            except OSError as e:
                print(name, "failed", type(e).__name__)
        attempt("tcp", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=1))
        attempt("dns", lambda: socket.getaddrinfo("pypi.org", 443))
        def unix(addr):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(addr)
        attempt("unix", lambda: unix({str(unix_path)!r}))
        attempt("abstract", lambda: unix("\\0mca-sandbox-test"))
        """
    )
    try:
        report = await sandbox.profile(code)
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()
        unix_listener.close()
        abstract.close()
    assert report.status is OK, report.stderr
    assert "CONNECTED" not in report.stdout
    assert report.stdout.count("failed") == 4


async def test_fake_report_on_stdout_is_ignored(sandbox: LocalSandbox) -> None:
    """A report printed by the learner, or written to guessed fds, does not change the result."""
    fake = '{"event": "pass", "name": "plain", "exit_code": 0, "result": {"exit_code": 0}}'
    code = textwrap.dedent(
        f"""
        import os
        print({fake!r})
        for fd in range(3, 64):
            try:
                os.write(fd, b{fake!r} + b"\\n")
            except OSError:
                pass
        raise ValueError("real failure")
        """
    )
    report = await sandbox.profile(code)
    assert report.status is ERROR
    assert "ValueError: real failure" in report.stderr
    assert fake in report.stdout


async def test_files_do_not_persist_between_runs(sandbox: LocalSandbox) -> None:
    """What one run writes to /tmp or /dev/shm is gone for the next run."""
    await sandbox.profile("open('/tmp/left', 'w').write('x'); open('/dev/shm/left', 'w')")
    report = await sandbox.profile("import os\nprint(os.listdir('/tmp'), os.listdir('/dev/shm'))")
    assert report.stdout.strip() == "['main.py'] []"


async def test_system_is_read_only(sandbox: LocalSandbox) -> None:
    """/usr and /dev cannot be written; /tmp and /dev/shm have their own small sizes."""
    code = textwrap.dedent(
        """
        import os
        for path in ("/usr/evil", "/dev/evil", "/evil"):
            try:
                open(path, "w")
                print("WROTE", path)
            except OSError as e:
                print("refused", path)
        st = os.statvfs("/tmp"); print("tmp", st.f_blocks * st.f_frsize)
        st = os.statvfs("/dev/shm"); print("shm", st.f_blocks * st.f_frsize)
        """
    )
    report = await sandbox.profile(code)
    settings = sandbox._settings
    assert "WROTE" not in report.stdout
    assert f"tmp {settings.tmpfs_bytes}" in report.stdout
    assert f"shm {settings.shm_bytes}" in report.stdout


async def test_stdin_is_empty_unless_given(sandbox: LocalSandbox) -> None:
    """Without stdin the code reads EOF; given stdin is what every pass reads."""
    code = "import sys\nprint(repr(sys.stdin.read()))"
    assert (await sandbox.profile(code)).stdout.strip() == "''"
    assert (await sandbox.profile(code, stdin="hello\n")).stdout.strip() == "'hello\\n'"


def test_jail_test_does_not_leak_host_pid() -> None:
    """Sanity: the test process itself is alive (signals from the jail never reached it)."""
    assert os.getpid() > 1


async def test_only_the_interpreter_is_visible_of_the_host(sandbox: LocalSandbox) -> None:
    """The jail sees its interpreter, stdlib, sh and their libraries, not the rest of /usr."""
    code = textwrap.dedent(
        """
        import os, subprocess, sys
        print(sorted(os.listdir("/usr/bin")))
        for path in ("/usr/bin/gcc", "/usr/bin/bwrap", "/usr/share/doc", "/usr/local", "/etc"):
            print(path, os.path.exists(path))
        print(subprocess.run(["sh", "-c", "echo shell"], capture_output=True, text=True).stdout)
        print(subprocess.run([sys.executable, "-c", "import ssl, sqlite3, ctypes; print('libs')"],
                             capture_output=True, text=True).stdout)
        """
    )
    report = await sandbox.profile(code)
    assert report.status is OK, report.stderr
    lines = report.stdout.splitlines()
    assert lines[0] == "['python3.11', 'sh']"
    assert all(line.endswith("False") for line in lines[1:6]), lines
    assert "shell" in lines
    assert "libs" in lines


@pytest.mark.parametrize("delay_ms", [0, 2, 5, 10, 20])
async def test_jail_closed_while_starting_leaves_no_process(
    jail_env: tuple[str, CgroupBase | None], delay_ms: int
) -> None:
    """A jail torn down mid-start (a warm jail at shutdown) leaves no process, sweep or not."""
    bwrap, base = jail_env
    settings = jail_settings()
    spec = JailSpec.from_settings(settings, bwrap, seccomp=True)
    uid = settings.first_uid + 90 + delay_ms  # apart from the pool's uids
    jail = Jail.spawn(spec, uid=uid, harness=harness_program(settings.python), cgroup_base=base)
    await asyncio.sleep(delay_ms / 1000)
    jail.close()
    try:
        assert processes_of(range(uid, uid + 1)) == []
    finally:
        kill_uid_processes(uid)


async def test_large_stdin_is_read_whole_and_leaves_no_file(sandbox: LocalSandbox) -> None:
    """Stdin near the size cap arrives whole, shows up as no file, and a bigger one is refused."""
    cap = sandbox._settings.max_code_bytes
    code = "import os, sys\ndata = sys.stdin.read()\nprint(len(data), sorted(os.listdir('/tmp')))"
    stdin = "y" * (cap - 2000)
    files = {".stdin-2": "mine", "data.txt": "x"}
    report = await sandbox.profile(code, stdin=stdin, files=files)
    assert report.status is OK, report.stderr
    assert report.stdout.strip() == f"{len(stdin)} ['.stdin-2', 'data.txt', 'main.py']"
    refused = await sandbox.profile(code, stdin="z" * (cap + 1))
    assert refused.status is RunStatus.REJECTED


async def test_pid_1_is_out_of_reach(sandbox: LocalSandbox) -> None:
    """Every signal to pid 1, and opening its fds, memory or environment, changes nothing."""
    code = textwrap.dedent(
        """
        import os
        for sig in range(1, 65):
            try:
                os.kill(1, sig)
            except OSError:
                pass
        for name in ("fd/3", "fd/4", "fd/5", "mem", "environ", "maps"):
            for mode in (os.O_RDONLY, os.O_WRONLY):
                try:
                    os.close(os.open("/proc/1/" + name, mode))
                    print("OPENED", name)
                except OSError:
                    pass
        print("alive")
        """
    )
    report = await sandbox.profile(code)
    assert report.status is OK, report.stderr
    assert report.stdout == "alive\n"
    assert [p.state.value for p in report.passes][:1] == ["ok"]


async def test_learner_code_has_the_usual_builtins_and_path(sandbox: LocalSandbox) -> None:
    """exit(), quit, help and copyright exist as in `python main.py`; main's folder is first."""
    code = (
        "import sys\nprint(callable(quit), callable(help), callable(copyright), sys.path[0])\n"
        "exit(3)\n"
    )
    report = await sandbox.profile(code)
    assert report.exit_code == 3, report.stderr
    assert report.stdout.strip() == "True True True /tmp"
