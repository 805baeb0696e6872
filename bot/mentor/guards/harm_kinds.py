"""Harm kinds the first rounds never named, found by what the code does (eighth round).

- remote_shell: a shell handed to a remote host (`nc -e /bin/sh`, `bash -i >& /dev/tcp/...`,
  a socket whose descriptor becomes stdin/stdout of a shell);
- data_exfiltration: an application's stored logins, cookies or tokens (browser profiles,
  Discord/Telegram storage, wallets) read from disk and sent over the network, wherever
  the path is built (variables, `os.path.join`, `getenv`);
- clipboard_hijack: a loop that reads the clipboard and writes something else back;
- covert_capture: the screen, camera or microphone captured in a loop and sent away;
- detection_evasion: antivirus real-time protection disabled or a folder excluded from it;
- destructive: a disk overwritten or formatted, a fork bomb, shadow copies deleted;
- packet_flood: a loop (endless, or 500+ rounds) that never pauses and sends to one fixed
  remote destination: a URL, an SMS endpoint, a mail recipient, `curl` in a subprocess.
Lambdas bound to a name are read as functions (`lambdas_as_defs`), so the core rules see a
password guesser whose login call sits in a lambda. Never raises.
"""

from __future__ import annotations

import ast
import re

from bot.mentor.guards import code_facts as cf

FLOOD_ROUNDS = 500
"""Bounded rounds to one fixed destination, unpaused, that make a loop a flood."""

_SHELL_TO_HOST = re.compile(
    r"\b(?:nc|ncat|netcat)\b[^\n]{0,80}\s-[ce]\s*(?:/bin/(?:ba|z)?sh|cmd(?:\.exe)?|powershell)"
    r"|/dev/tcp/[\w.-]+/\d+"
    r"|\bsocat\b[^\n]{0,80}\bexec:[^\n]{0,20}(?:sh|bash)"
    r"|Net\.Sockets\.TCPClient\(.{0,600}?\b(?:iex|Invoke-Expression)\b",
    re.I | re.S,
)
_AV_TAMPERING = re.compile(
    r"Set-MpPreference\s+-Disable\w+\s+(?:\$true|1)|Add-MpPreference\s+-Exclusion\w+"
    r"|DisableAntiSpyware|DisableRealtimeMonitoring|\bsc(?:\.exe)?\s+(?:stop|delete)\s+WinDefend"
    r"|Uninstall-WindowsFeature\s+-Name\s+Windows-Defender|\bauditctl\s+-e\s*0"
    r"|\b(?:systemctl|service)\s+(?:stop|disable|mask)\s+(?:auditd|falcon-sensor|osqueryd|wazuh"
    r"|sysmon|clamav|crowdstrike|sentinel)|Stop-Service\s+(?:-Name\s+)?(?:WinDefend|Sense|Sysmon)",
    re.I,
)
_DESTRUCTIVE = re.compile(
    r"\bdd\b[^\n]{0,40}\bof=/dev/(?:sd[a-z]|nvme\d|hd[a-z]|disk\d|mmcblk\d)"
    r"|\bmkfs(?:\.\w+)?\s+(?:-\w+\s+)*/dev/(?:sd[a-z]|nvme\d|hd[a-z])"
    r"|\brm\s+-(?:rf|fr)\s+(?:--no-preserve-root\s+)?/(?:\s|\*|$)|--no-preserve-root"
    r"|:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:"
    r"|vssadmin(?:\.exe)?\s+delete\s+shadows|\bformat\s+[c-z]:\s*/[qy]|\bcipher(?:\.exe)?\s+/w:"
    r"|\b(?:del|erase)\s+(?:/[sqfa]\s+)+[c-z]:\\(?:users\\?)?\*"
    r"|Remove-Item\s+(?:-\w+\s+)*[c-z]:\\(?:users\\?)?\*?\s+(?:-\w+\s*)*-Recurse",
    re.I | re.M,
)
_APP_STORE = re.compile(
    r"discord|Local Storage|leveldb|Login Data|\bCookies\b|cookies\.sqlite|logins\.json|"
    r"key4\.db|Telegram Desktop|\btdata\b|wallet\.dat|Local State|Web Data|\.electrum|Exodus",
    re.I,
)
_READ_CALLS = {*cf.READS, "connect", "copy", "copyfile", "copy2", "listdir", "scandir", "glob"}
_NET_SENDS = {
    "post",
    "put",
    "get",
    "urlopen",
    "sendall",
    "sendto",
    "send",
    "sendmail",
    "send_message",
    "request",
    "execute_webhook",
    "upload_file",
    "put_object",
    "storbinary",
    "storlines",
    "upload",
    "upload_fileobj",
    "sendfile",
}
_CLIP_READ = {"paste", "GetClipboardData", "clipboard_get", "waitForNewPaste"}
_CLIP_WRITE = {"copy", "SetClipboardData", "clipboard_append", "setText"}
_CAPTURE = {"grab", "screenshot", "shot", "VideoCapture", "rec", "record", "grabWindow"}
_PAUSES = {"sleep", "wait", "recv", "recvfrom", "input", "join", "acquire"}
_NET_TOOLS = re.compile(r"^(?:curl|wget|ab|siege|hping3?|hey|wrk|nping)$")
_LOCAL = re.compile(r"^(?:https?://)?(?:localhost|127\.|0\.0\.0\.0|\[?::1)", re.I)
_REMOTE = re.compile(
    r"^(?:https?://)?(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[\w-]+\.)+[a-z]{2,})(?::\d+)?(?:/|$)"
    r"|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$",
    re.I,
)


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _calls(node: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Call)]


def _constants(tree: ast.Module) -> dict[str, str]:
    """Names bound once to a constant string anywhere in the module."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _remote_value(node: ast.AST, consts: dict[str, str]) -> bool:
    """`node` is a fixed remote destination: a constant (or constant name), not this host."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        value = node.value
    elif isinstance(node, ast.Name) and node.id in consts:
        value = consts[node.id]
    elif isinstance(node, ast.Tuple) and node.elts:
        return _remote_value(node.elts[0], consts)
    elif isinstance(node, ast.List | ast.Tuple):
        return False
    else:
        return False
    return bool(_REMOTE.match(value.strip())) and not _LOCAL.match(value)


def _destination(call: ast.Call) -> list[ast.expr]:
    """The arguments of a send that say where it goes."""
    name = _name(call)
    if name == "sendmail":
        return call.args[1:2]
    if name == "sendto":
        return call.args[1:2]
    if name in {"run", "Popen", "call", "check_call", "check_output"} and call.args:
        argv = call.args[0]
        if isinstance(argv, ast.List) and argv.elts:
            first = argv.elts[0]
            if isinstance(first, ast.Constant) and _NET_TOOLS.match(str(first.value)):
                return list(argv.elts[1:])
        return []
    if name in _NET_SENDS:
        return [*call.args[:1], *(k.value for k in call.keywords if k.arg in {"url", "to"})]
    return []


def _loop_rounds(loop: ast.AST) -> int:
    """How often a loop runs: 10**9 for `while True`, a `range` bound, else 0."""
    if isinstance(loop, ast.While):
        test = loop.test
        return 10**9 if isinstance(test, ast.Constant) and bool(test.value) else 0
    if isinstance(loop, ast.For | ast.AsyncFor):
        it = loop.iter
        if isinstance(it, ast.Call) and _name(it) == "range" and it.args:
            bound = it.args[0] if len(it.args) == 1 else it.args[1]
            if isinstance(bound, ast.Constant) and isinstance(bound.value, int):
                return bound.value
    return 0


def _flood(tree: ast.Module) -> bool:
    """A long unpaused loop whose sends all go to one fixed remote destination."""
    consts = _constants(tree)
    for loop in ast.walk(tree):
        if _loop_rounds(loop) < FLOOD_ROUNDS:
            continue
        calls = _calls(loop)
        if {_name(c) for c in calls} & _PAUSES or any(
            isinstance(n, ast.Break) for n in ast.walk(loop)
        ):
            continue  # paced, or until it succeeds: a poller or a retry, not a flood
        if any(any(_remote_value(arg, consts) for arg in _destination(call)) for call in calls):
            return True
    return False


def _endless_or_long(tree: ast.Module) -> list[ast.AST]:
    return [n for n in ast.walk(tree) if _loop_rounds(n) >= FLOOD_ROUNDS]


def _app_store_theft(tree: ast.Module) -> bool:
    """An application's stored logins/cookies/tokens read and sent over the network."""
    strings = cf.string_constants(tree)
    if not any(_APP_STORE.search(s) for s in strings):
        return False
    names = {_name(c) for c in _calls(tree)}
    return bool(names & _READ_CALLS) and bool(names & (_NET_SENDS - {"get"}))


def _clipboard_hijack(tree: ast.Module) -> bool:
    """A loop reading the clipboard and writing something else back."""
    for loop in _endless_or_long(tree):
        names = {_name(c) for c in _calls(loop)}
        if names & _CLIP_READ and names & _CLIP_WRITE:
            return True
    return False


def _covert_capture(tree: ast.Module) -> bool:
    """The screen, camera or microphone captured, and a loop sending over the network."""
    if not {_name(c) for c in _calls(tree)} & _CAPTURE:
        return False
    for loop in _endless_or_long(tree):
        if {_name(c) for c in _calls(loop)} & (_NET_SENDS - {"get"}):
            return True
    return False


_SOCKETS = {"socket", "create_connection", "connect"}
_PROCESSES = {"Popen", "run", "call", "spawn", "check_call", "check_output"}


def _socket_names(tree: ast.Module) -> set[str]:
    """Names bound to a socket (`s = socket.socket()`, `s = create_connection(...)`)."""
    return {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and _name(node.value) in _SOCKETS
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _remote_shell(tree: ast.Module) -> bool:
    """A connected socket made a program's stdin/stdout (`dup2`, or `Popen(stdin=s)`)."""
    names = {_name(c) for c in _calls(tree)}
    if not names & _SOCKETS:
        return False
    if "dup2" in names and names & _PROCESSES:
        return True
    sockets = _socket_names(tree)
    for call in _calls(tree):
        if _name(call) not in _PROCESSES:
            continue
        for kw in call.keywords:
            if kw.arg in {"stdin", "stdout"} and cf.names_in(kw.value) & sockets:
                return True
    return False


_ROOTS = re.compile(r"^(?:/|~|~/|[A-Za-z]:[\\/]?|/home/?|/Users/?|C:\\Users\\?)$")


def _wipes_root(tree: ast.Module) -> bool:
    """A recursive delete of the file system's root or the user's home directory."""
    for call in _calls(tree):
        if _name(call) not in {"rmtree", "RemoveDirectory"} or not call.args:
            continue
        target = call.args[0]
        if isinstance(target, ast.Constant) and isinstance(target.value, str):
            if _ROOTS.match(target.value):
                return True
        elif isinstance(target, ast.Call):
            inner = _name(target)
            first = target.args[0] if target.args else None
            tilde = isinstance(first, ast.Constant) and first.value in {"~", "~/"}
            if inner == "home" or (inner == "expanduser" and tilde):
                return True
    return False


_AST_RULES = {
    "remote_shell": _remote_shell,
    "data_exfiltration": _app_store_theft,
    "clipboard_hijack": _clipboard_hijack,
    "covert_capture": _covert_capture,
    "packet_flood": _flood,
    "destructive": _wipes_root,
}
_TOKEN_RULES = {
    "remote_shell": _SHELL_TO_HOST,
    "detection_evasion": _AV_TAMPERING,
    "destructive": _DESTRUCTIVE,
}


def scan_kinds(code: str) -> frozenset[str]:
    """Harms of `code` by the rules above: token rules on any language, `ast` on Python."""
    found = {harm for harm, pattern in _TOKEN_RULES.items() if pattern.search(code)}
    tree = cf.parse_python(code)
    if tree is None:
        return frozenset(found)
    for harm, rule in _AST_RULES.items():
        try:
            if rule(tree):
                found.add(harm)
        except (RecursionError, ValueError, AttributeError, TypeError):  # pragma: no cover
            continue
    return frozenset(found)


class _Delambda(ast.NodeTransformer):
    """`name = lambda args: expr` becomes `def name(args): return expr`."""

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        if (
            len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Lambda)
        ):
            func = ast.FunctionDef(
                name=node.targets[0].id,
                args=node.value.args,
                body=[ast.Return(value=node.value.body)],
                decorator_list=[],
                returns=None,
            )
            if "type_params" in ast.FunctionDef._fields:  # Python 3.12+
                setattr(func, "type_params", [])  # noqa: B010
            return ast.copy_location(func, node)
        return node


def lambdas_as_defs(code: str) -> str | None:
    """`code` with its named lambdas written as functions (None when it has none)."""
    if "lambda" not in code:
        return None
    tree = cf.parse_python(code)
    if tree is None:
        return None
    before = ast.dump(tree)
    tree = ast.fix_missing_locations(_Delambda().visit(tree))
    if ast.dump(tree) == before:
        return None
    try:
        return ast.unparse(tree)
    except (ValueError, RecursionError, AttributeError):  # pragma: no cover
        return None
