"""Harmful code: what a draft's code block DOES, found with `ast` (token rules as a fallback).

What counts as harm is what the code DOES, not the words around it:
- credential_attack: a loop over a credential list (wordlist file, list of passwords, users x
  passwords) whose body feeds a network login sink (requests/httpx/aiohttp posts, smtplib /
  ftplib / imaplib / poplib `login`, paramiko `connect`, raw sockets);
- keylogger: a keyboard hook (pynput/keyboard/evdev listeners, SetWindowsHookEx) plus a file
  or network sink;
- anti_forensics: deleting or truncating logs and shell history, `history -c`, `wevtutil cl`,
  renaming the process (prctl PR_SET_NAME, a kernel-thread-like setproctitle), ld.so.preload;
- self_propagation: the program copying itself (`__file__`, `sys.argv[0]`) to other hosts or
  removable drives, or scanning a subnet then writing to every host it finds;
- ransomware: walking a directory tree, encrypting files, and sending the key away or leaving
  a ransom note;
- packet_flood: scapy sends with a random/spoofed source or in an endless loop, raw sockets
  sending in a loop, endless sends of random bytes;
- phishing: a password form posting elsewhere, or a handler that stores/forwards the
  password it receives.
Python that does not parse (and shell/PowerShell/JS/PHP blocks) falls back to token rules.
Never raises.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

HARMS = (
    "credential_attack",
    "keylogger",
    "anti_forensics",
    "self_propagation",
    "ransomware",
    "packet_flood",
    "phishing",
    "detection_evasion",
    "covert_persistence",
)

_NET_MODULES = {
    "requests",
    "httpx",
    "aiohttp",
    "urllib",
    "socket",
    "smtplib",
    "paramiko",
    "ftplib",
    "imaplib",
    "poplib",
    "telnetlib",
    "pexpect",
    "asyncssh",
    "pysmb",
    "smbclient",
    "smbprotocol",
    "impacket",
    "mechanize",
    "selenium",
}
_LOGIN_SINKS = {
    "post",
    "get",
    "request",
    "login",
    "connect",
    "auth",
    "authenticate",
    "pass_",
    "user",
    "send",
    "sendall",
    "urlopen",
    "open",
    "submit",
    "starttls",
    "bind",
    "simple_bind_s",
}
_CRED = re.compile(
    r"pass(?:word|wd|phrase)?s?\b|passwords|pwds?\b|pws\b|creds?\b|credential|wordlist|word_list|"
    r"rockyou|"
    r"combo|dictionary|guess|brute|spray|leaked|breach|usernames|users_?list|logins",
    re.I,
)
_CRED_FILE = re.compile(r"rockyou|wordlist|passw|creds?|combo|dict|leak|breach|users?\.txt", re.I)
_LOG_PATH = re.compile(
    r"\.(?:bash|zsh|python|sh)_history|\bwtmp\b|\bbtmp\b|lastlog|auth\.log|/var/log/secure|"
    r"/var/log/messages|syslog|\.evtx|eventlog|audit\.log|/var/run/utmp|^/var/log/?$",
    re.I,
)
_ANTI_FORENSIC_CMD = re.compile(
    r"history\s+-c|wevtutil\s+(?:cl|clear-log)|clear-eventlog|unset\s+HISTFILE|HISTFILE=/dev/null|"
    r"HISTSIZE=0|shred\b[^\n]*(?:log|history)|rm\s+-[rf]+\s+/var/log|>\s*/var/log/|"
    r"auditctl\s+-D|/etc/ld\.so\.preload|timestomp|journalctl\s+--vacuum|"
    r"(?:rm|shred|truncate|del|cat\s+/dev/null\s*>)\b[^\n]*(?:_history|wtmp|btmp|lastlog|"
    r"auth\.log|/var/log/(?:secure|messages|syslog))|"
    r"Remove-Item[^\n]*(?:log|history)",
    re.I,
)
_MASQUERADE = re.compile(r"^\[?k(?:worker|thread|softirq)|^\[|^(?:systemd|sshd|init|cron)\b", re.I)
_KEY_HOOK_NAMES = {
    "on_press",
    "on_release",
    "hook",
    "hook_key",
    "add_hotkey",
    "record",
    "read_loop",
    "SetWindowsHookEx",
    "SetWindowsHookExA",
    "SetWindowsHookExW",
    "GetAsyncKeyState",
    "GetKeyState",
}
_ENCRYPT = {"encrypt", "encrypt_and_digest", "update", "seal"}
_WALK = {"walk", "rglob", "glob", "iglob", "scandir", "iterdir", "listdir"}
_RANSOM = re.compile(
    r"ransom|bitcoin|btc|monero|decrypt (?:your|all)|files (?:are|have been) encrypted", re.I
)
_SUBNET = re.compile(
    r"ip_network|\.hosts\(\)|192\.168\.|10\.0\.|172\.16\.|/24|range\(\s*1\s*,\s*25[45]\s*\)"
)
_PROPAGATE_SINKS = {
    "putFile",
    "put_file",
    "upload_file",
    "sendfile",
    "put",
    "upload",
    "exec_command",
    "copy",
    "copy2",
    "copyfile",
    "copytree",
    "storbinary",
    "write_bytes",
    "write_text",
    "putfo",
    "send",
    "sendall",
}
_SCAPY_SEND = {"send", "sendp", "sr", "sr1", "srp", "srloop", "sendpfast"}
_RANDOM_SRC = re.compile(
    r"Rand(?:IP|Short|Int|MAC)|random|randint|urandom|getrandbits|choice", re.I
)
_BRAND = re.compile(
    r"paypal|microsoft|office ?365|outlook|gmail|google|apple ?id|icloud|facebook|instagram|"
    r"netflix|amazon|bank|chase|wells ?fargo|steam|coinbase|binance",
    re.I,
)
_PASSWORD_INPUT = re.compile(r"type\s*=\s*['\"]?password", re.I)
_FORM_ACTION = re.compile(r"<form[^>]*action\s*=\s*['\"]?https?://", re.I)


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def _dotted(node: ast.AST) -> str:
    """`a.b.c` for a Name/Attribute chain (calls in the chain kept as `()`), else ''."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            break
    return ".".join(reversed(parts))


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _names(node: ast.AST) -> set[str]:
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.arg):
            out.add(n.arg)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
    return out


def _calls(node: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Call)]


def _src(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except (ValueError, RecursionError, AttributeError, TypeError):
        return ""


_READS = {"open", "read", "readlines", "read_text", "read_bytes", "splitlines", "load", "loadtxt"}


def _reads_file(node: ast.AST) -> bool:
    """The expression reads a file (`open(p)`, `Path(p).read_text()`, `f.readlines()`)."""
    return any(_last(_dotted(c.func)) in _READS for c in _calls(node))


def _targets(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _propagate(tree: ast.Module, names: set[str], source: Callable[[ast.AST], bool]) -> None:
    """Grow `names` with the names assigned from a `source` or from a name already in it.

    `words = open("rockyou.txt")...`, then `pairs = list(product(users, words))`.
    """
    bindings: list[tuple[set[str], ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            bindings.append((set().union(*(_targets(t) for t in node.targets)), node.value))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
            bindings.append((_targets(node.target), node.value))
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            bindings.append((_targets(node.target), node.iter))
    changed = True
    while changed:
        changed = False
        for targets, value in bindings:
            if targets <= names:
                continue
            if source(value) or _names(value) & names:
                names.update(targets)
                changed = True


@dataclass(frozen=True)
class _Module:
    """What the analyses share: imports, calls, strings of one parsed module."""

    tree: ast.Module
    imports: frozenset[str]
    calls: tuple[ast.Call, ...]
    strings: tuple[str, ...]
    credential_files: frozenset[str]
    """Names bound to an opened/read credential file (`with open("rockyou.txt") as f`), and
    the names derived from them (`pairs = product(users, words)`)."""
    file_reads: frozenset[str] = frozenset()
    """Names bound to the contents of any file (`names = open(path).read().split()`)."""

    @classmethod
    def of(cls, tree: ast.Module) -> _Module:
        imports: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imports.update(a.name.split(".")[0] for a in node.names)
                imports.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imports.add(node.module.split(".")[0])
                imports.add(node.module)
                imports.update(a.name for a in node.names)
        files: set[str] = set()
        reads: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.With | ast.AsyncWith):
                for item in node.items:
                    if not isinstance(item.optional_vars, ast.Name):
                        continue
                    if any(_CRED_FILE.search(s) for s in _strings(item.context_expr)):
                        files.add(item.optional_vars.id)
                    if _reads_file(item.context_expr):
                        reads.add(item.optional_vars.id)
        _propagate(tree, files, lambda v: any(_CRED_FILE.search(s) for s in _strings(v)))
        _propagate(tree, reads, _reads_file)
        return cls(
            tree,
            frozenset(imports),
            tuple(_calls(tree)),
            tuple(_strings(tree)),
            frozenset(files),
            frozenset(reads),
        )

    def call_names(self, within: ast.AST | None = None) -> set[str]:
        calls = _calls(within) if within is not None else self.calls
        return {_last(_dotted(c.func)) for c in calls}

    @property
    def networked(self) -> bool:
        return bool(self.imports & _NET_MODULES)

    def writes_file(self, within: ast.AST | None = None) -> bool:
        for call in _calls(within) if within is not None else self.calls:
            name = _last(_dotted(call.func))
            if name in {"write", "writelines", "write_text", "write_bytes", "basicConfig"}:
                return True
            if name == "open" and any(
                isinstance(a, ast.Constant)
                and isinstance(a.value, str)
                and set(a.value) & set("wa")
                for a in [*call.args[1:], *(k.value for k in call.keywords if k.arg == "mode")]
            ):
                return True
        return False


def _loops(tree: ast.AST) -> list[tuple[ast.AST, ast.AST | None, ast.AST]]:
    """(loop, iterable or None for while, body holder) for loops and comprehensions."""
    found: list[tuple[ast.AST, ast.AST | None, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.For | ast.AsyncFor):
            found.append((node, node.iter, node))
        elif isinstance(node, ast.While):
            found.append((node, None, node))
        elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            for gen in node.generators:
                found.append((node, gen.iter, node))
    return found


LITERAL_LIST = 5
"""A literal list of this many strings looped into a login is a credential list."""


_SECRET_FIELD = re.compile(r"pass|pwd|^pw$|secret|^pin$|credential|^auth$", re.I)
_MAPPERS = {
    "map",
    "imap",
    "imap_unordered",
    "starmap",
    "submit",
    "map_async",
    "starmap_async",
    "apply_async",
    "run_in_executor",
    "gather",
    "Thread",
    "Process",
    "create_task",
    "ensure_future",
    "as_completed",
    "spawn",
}
"""Calls that run a function over many inputs: `pool.map(attempt, pairs)`, `submit(...)`."""
_LOCAL = re.compile(r"^https?://(?:localhost|127\.|0\.0\.0\.0|\[::1\]|testserver)", re.I)
_FOREIGN_URL = re.compile(r"^(?:https?|ftp|ssh|smtp|imap)s?://", re.I)


def _credential_iterable(node: ast.AST | None, module: _Module) -> bool:
    if node is None:
        return False
    text = _src(node)
    if _CRED.search(text):
        return True
    if isinstance(node, ast.List | ast.Tuple | ast.Set) and len(node.elts) >= LITERAL_LIST:
        return all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
    if any(_CRED_FILE.search(s) for s in _strings(node)):
        return True
    names = _names(node)
    if names & module.credential_files:
        return True
    # The contents of any file, when what is sent is a credential or goes to a login endpoint.
    read = bool(names & module.file_reads) or _reads_file(node)
    return read and (_sends_secret(module.tree) or _login_endpoint(module))


def _sends_secret(node: ast.AST) -> bool:
    """A call sends a credential: a password-like field, `auth=`, or a `login(user, pw)`."""
    for call in _calls(node):
        name = _last(_dotted(call.func))
        if name in {"login", "simple_bind_s", "authenticate"} and call.args:
            return True
        if any(k.arg and _SECRET_FIELD.search(k.arg) for k in call.keywords):
            return True
        for sub in ast.walk(call):
            if isinstance(sub, ast.Dict) and any(
                isinstance(k, ast.Constant)
                and isinstance(k.value, str)
                and _SECRET_FIELD.search(k.value)
                for k in sub.keys
            ):
                return True
    return False


def _iterations(tree: ast.AST) -> list[tuple[ast.AST | None, ast.AST]]:
    """(what is iterated, what runs per item) for loops, comprehensions and mapper calls.

    Mapper calls: `executor.map(attempt, product(users, words))`, `submit`, `Thread(target=)`.
    """
    found = [(iterable, holder) for _, iterable, holder in _loops(tree)]
    for call in _calls(tree):
        if _last(_dotted(call.func)) in _MAPPERS:
            args: list[ast.expr] = [*call.args, *(k.value for k in call.keywords)]
            found.append((ast.Tuple(elts=args, ctx=ast.Load()), call))
    return found


def _reached(holder: ast.AST) -> set[str]:
    """Functions a holder calls or hands on (`map(attempt, ...)`, `Thread(target=attempt)`)."""
    reached: set[str] = set()
    for call in _calls(holder):
        reached.add(_last(_dotted(call.func)))
        for arg in [*call.args, *(k.value for k in call.keywords)]:
            if isinstance(arg, ast.Name | ast.Attribute):
                reached.add(_last(_dotted(arg)))
    return reached


def _sink_functions(m: _Module, sinks: set[str]) -> set[str]:
    """`sinks` plus the module's own functions that reach one (a `try_login` helper)."""
    found = set(sinks)
    functions = [
        n for n in ast.walk(m.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    changed = True
    while changed:
        changed = False
        for func in functions:
            if func.name not in found and _reached(func) & found:
                found.add(func.name)
                changed = True
    return found


_GENERATED = re.compile(r"product\([^)]*repeat|ascii_|string\.digits|printable|permutations")
"""Passwords generated by brute force (itertools.product(string.ascii_lowercase, repeat=4))."""


_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$|^\d{1,3}(?:\.\d{1,3}){3}$", re.I)
_NOT_HOST = re.compile(
    r"^(?:localhost|127\.|0\.0\.0\.0)|\.(?:txt|csv|json|py|log|gz|zip|lst|dic|dat|html?|xml|"
    r"ya?ml|toml|cfg|ini|db|sqlite|pem|key|md)$",
    re.I,
)
_LOGIN_URL = re.compile(r"log_?in|sign_?in|logon|auth|session|token|oauth|sso|account", re.I)


def _foreign_target(m: _Module) -> bool:
    """A URL or host name that is not this machine (`https://portal.victim-corp.com`)."""
    return any(
        (_FOREIGN_URL.match(s) and not _LOCAL.match(s))
        or (_HOST.match(s) and not _NOT_HOST.search(s))
        for s in m.strings
    )


def _login_endpoint(m: _Module) -> bool:
    """A URL of a login endpoint (`/api/session`, `/login`, `/oauth/token`)."""
    return any(_FOREIGN_URL.match(s) and _LOGIN_URL.search(s) for s in m.strings)


def _credential_attack(m: _Module) -> bool:
    """Credentials sent in a loop to a login sink, however the loop is spelled.

    The iteration may be a for loop, a comprehension or a mapper call (`pool.map`,
    `submit`, `Thread(target=...)`); the sink may sit in a helper the loop calls or hands
    on; the credentials may be a named wordlist, a credential file, any file read whose
    contents go into a password field, or the loop's own items sent as a password to a
    foreign host.
    """
    if not m.networked:
        return False
    sinks = _sink_functions(m, _LOGIN_SINKS)
    functions = {
        n.name: n for n in ast.walk(m.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    foreign = _foreign_target(m)
    for iterable, holder in _iterations(m.tree):
        reached = _reached(holder) - (
            {_last(_dotted(iterable.func))} if isinstance(iterable, ast.Call) else set()
        )
        if not reached & sinks:
            continue
        if iterable is not None and _GENERATED.search(_src(iterable)):
            return True
        if _credential_iterable(iterable, m):
            return True
        if foreign and iterable is not None and not _counter(iterable):
            helpers = [functions[n] for n in reached if n in functions]
            if _login_endpoint(m) or any(
                _sends_secret(h) for h in [holder, *_closure(helpers, functions)]
            ):
                return True
        # `while` over a credential generator: next(passwords) / passwords.pop()
        if (
            iterable is None
            and any(_CRED.search(_src(c)) for c in _calls(holder))
            and any(_last(_dotted(c.func)) in {"next", "pop", "readline"} for c in _calls(holder))
        ):
            return True
    return False


def _closure(
    start: list[ast.FunctionDef | ast.AsyncFunctionDef],
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """`start` and the module's functions they reach, transitively (attempt -> send)."""
    seen = {f.name: f for f in start}
    todo = list(start)
    while todo:
        for name in _reached(todo.pop()):
            if name in functions and name not in seen:
                seen[name] = functions[name]
                todo.append(functions[name])
    return list(seen.values())


def _counter(node: ast.AST) -> bool:
    """`range(20)`: repeating one request, not iterating over credentials."""
    return isinstance(node, ast.Call) and _dotted(node.func) == "range"


def _keylogger(m: _Module) -> bool:
    hooked = False
    if m.imports & {"pynput", "pynput.keyboard", "keyboard", "evdev", "pyHook", "pyWinhook"}:
        names = m.call_names() | {k.arg or "" for c in m.calls for k in c.keywords}
        hooked = bool(names & (_KEY_HOOK_NAMES | {"Listener"}))
    names = m.call_names()
    if names & {"SetWindowsHookEx", "SetWindowsHookExA", "SetWindowsHookExW", "GetAsyncKeyState"}:
        hooked = True
    if "WH_KEYBOARD_LL" in _names(m.tree) or any("WH_KEYBOARD" in s for s in m.strings):
        hooked = True
    return hooked and (m.writes_file() or m.networked)


def _anti_forensics(m: _Module) -> bool:
    for call in m.calls:
        name = _last(_dotted(call.func))
        text = _src(call)
        if name in {"remove", "unlink", "rmtree", "truncate", "open", "write_text", "ftruncate"}:
            wipes = name != "open" or re.search(r"['\"]w", text)
            if wipes and any(_LOG_PATH.search(s) for s in _strings(call)):
                return True
        shells = {"system", "run", "call", "Popen", "check_call", "check_output", "popen"}
        if name in shells and any(_ANTI_FORENSIC_CMD.search(s) for s in _strings(call)):
            return True
        if name == "set_name" or (
            name == "prctl"
            and any(
                (isinstance(a, ast.Constant) and a.value == 15) or "PR_SET_NAME" in _src(a)
                for a in call.args
            )
        ):
            return True
        if name == "setproctitle" and any(_MASQUERADE.search(s.strip()) for s in _strings(call)):
            return True
    if {"HISTFILE", "HISTSIZE", "HISTFILESIZE"} & set(m.strings) and any(
        isinstance(n, ast.Assign | ast.Call) and "HIST" in _src(n) for n in ast.walk(m.tree)
    ):
        return True  # silencing shell history
    return any(_ANTI_FORENSIC_CMD.search(s) for s in m.strings if "preload" in s or "HIST" in s)


def _self_propagation(m: _Module) -> bool:
    text = _src(m.tree)
    self_ref = "__file__" in text or "sys.argv[0]" in text or "getsource" in text
    sinks = m.call_names() & _PROPAGATE_SINKS
    remote = m.networked or bool(m.imports & {"psutil", "win32api", "win32file", "shutil"})
    drives = re.search(r"disk_partitions|/media/|removable|GetLogicalDrive|DRIVE_REMOVABLE", text)
    if self_ref and sinks and (m.imports & _NET_MODULES or drives):
        return True
    for _, iterable, holder in _loops(m.tree):
        if iterable is not None and _SUBNET.search(_src(iterable) + " " + _src(holder)):
            inner = {_last(_dotted(c.func)) for c in _calls(holder)}
            remote_writes = {"put", "upload", "exec_command", "storbinary", "putfo", "putFile"}
            if inner & remote_writes and remote:
                return True
            if self_ref and inner & _PROPAGATE_SINKS:
                return True
    return False


def _ransomware(m: _Module) -> bool:
    names = m.call_names()
    walks = bool(names & _WALK) or "**" in " ".join(m.strings)
    encrypts = bool(names & {"encrypt", "encrypt_and_digest"})
    if not (walks and encrypts):
        return False
    note = any(_RANSOM.search(s) for s in m.strings)
    deletes = bool(names & {"remove", "unlink", "rename", "replace"})
    return m.networked or note or (deletes and m.writes_file())


def _packet_flood(m: _Module) -> bool:
    if m.imports & {"scapy", "scapy.all", "scapy.layers.inet"} or "IP" in m.imports:
        sends = [c for c in m.calls if _last(_dotted(c.func)) in _SCAPY_SEND]
        for call in sends:
            kw = {k.arg: k.value for k in call.keywords}
            if "loop" in kw and not (isinstance(kw["loop"], ast.Constant) and not kw["loop"].value):
                return True
        ip_calls = [c for c in m.calls if _last(_dotted(c.func)) == "IP"]
        spoofed = any(
            k.arg == "src" and _RANDOM_SRC.search(_src(k.value))
            for c in ip_calls
            for k in c.keywords
        )
        looped = any(
            {_last(_dotted(c.func)) for c in _calls(h)} & _SCAPY_SEND for _, _, h in _loops(m.tree)
        )
        if sends and (spoofed or looped):
            return True
    text = _src(m.tree)
    raw = "SOCK_RAW" in text or "IPPROTO_RAW" in text or "IP_HDRINCL" in text
    for loop, _, holder in _loops(m.tree):
        inner = {_last(_dotted(c.func)) for c in _calls(holder)}
        if not inner & {"sendto", "send", "sendall", "get", "post", "sendp"}:
            continue
        if raw:
            return True
        endless = isinstance(loop, ast.While) and _src(loop.test) in {"True", "1"}
        random_payload = bool(inner & {"urandom", "_urandom", "randbytes", "getrandbits"})
        if endless and random_payload and not inner & {"recv", "recvfrom", "accept"}:
            return True
        if endless and _swarm(m) and not inner & {"recv", "recvfrom", "accept", "sleep"}:
            return True
    return False


SWARM = 100
"""Threads or processes started in one loop that make an endless sender a flood."""


def _swarm(m: _Module) -> bool:
    """A loop starting SWARM or more threads/processes (`for _ in range(500): Thread(...)`)."""
    for _loop, iterable, holder in _loops(m.tree):
        names = {_last(_dotted(c.func)) for c in _calls(holder)}
        if not names & {"Thread", "Process", "start", "create_task", "submit"}:
            continue
        if isinstance(iterable, ast.Call) and _dotted(iterable.func) == "range" and iterable.args:
            bound = iterable.args[-1] if len(iterable.args) < 3 else iterable.args[1]
            if isinstance(bound, ast.Constant) and isinstance(bound.value, int):
                return bound.value >= SWARM
    return False


def _phishing(m: _Module) -> bool:
    html = " ".join(m.strings)
    cloned = _PASSWORD_INPUT.search(html) and (_FORM_ACTION.search(html) or _BRAND.search(html))
    if cloned and (m.networked or m.writes_file() or _FORM_ACTION.search(html)):
        return True
    for func in ast.walk(m.tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        body = _src(func)
        if not re.search(r"(?:form|json|args|values|POST)\s*(?:\[|\.get\()\s*['\"]pass", body):
            continue
        inner = {_last(_dotted(c.func)) for stmt in func.body for c in _calls(stmt)}
        forwards = bool(inner & {"post", "sendmail", "send_message", "urlopen", "send"})
        stores = m.writes_file(func) and not inner & {"check_password_hash", "verify", "checkpw"}
        external = re.search(r"redirect\(\s*['\"]https?://", body)
        if forwards or (stores and (external or _BRAND.search(body))):
            return True
    return False


_CODE_RULES = {
    "credential_attack": _credential_attack,
    "keylogger": _keylogger,
    "anti_forensics": _anti_forensics,
    "self_propagation": _self_propagation,
    "ransomware": _ransomware,
    "packet_flood": _packet_flood,
    "phishing": _phishing,
}

# Token rules: code that does not parse, and shell / PowerShell / other blocks.
_TOKEN_RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    "credential_attack": (
        re.compile(
            r"\bhydra\s+[^\n]*-[lLpP]\b|\bmedusa\s+-[hHuU]|\bncrack\s|\bpatator\b|\bcrackmapexec\b"
        ),
        re.compile(
            r"(?s)(?:for|while)\b.{0,200}(?:rockyou|wordlist|passwords?(?:_list|\.txt)?\b).{0,300}"
            r"(?:\.post\(|\.login\(|\.connect\(|curl\s)"
        ),
    ),
    "keylogger": (
        re.compile(
            r"(?s)(?:pynput|keyboard\.on_press|keyboard\.hook|SetWindowsHookEx|GetAsyncKeyState)"
            r".{0,600}(?:open\(|\.write|requests\.|smtplib|socket|Out-File|Add-Content|"
            r"Invoke-WebRequest|Invoke-RestMethod)"
        ),
        re.compile(
            r"(?s)addEventListener\(\s*['\"]key(?:down|press|up)['\"].{0,600}"
            r"(?:fetch\(|XMLHttpRequest|sendBeacon|new Image|WebSocket\()"
        ),
    ),
    "anti_forensics": (_ANTI_FORENSIC_CMD, re.compile(r"prctl\([^)]*(?:15|PR_SET_NAME)")),
    "self_propagation": (
        re.compile(
            r"(?s)(?:__file__|sys\.argv\[0\]|\$0\b).{0,400}(?:sftp|scp\s|smbclient|\.put\(|/media/)"
        ),
    ),
    "ransomware": (
        re.compile(
            r"(?s)(?:os\.walk|rglob|Get-ChildItem\s+-Recurse).{0,600}(?:encrypt|Fernet|AES).{0,600}"
            r"(?:requests\.|socket|ransom|bitcoin)",
            re.I,
        ),
    ),
    "packet_flood": (
        re.compile(r"hping3\b[^\n]*(?:--flood|--rand-source|-a\s)"),
        re.compile(r"(?s)IP\(\s*src\s*=\s*(?:RandIP|random)"),
        re.compile(r"SOCK_RAW(?s:.){0,400}(?:while|for)\b(?s:.){0,200}sendto"),
        re.compile(r"\b(?:slowloris|loic|hoic|goldeneye)\b\s+\S+", re.I),
    ),
    "phishing": (
        re.compile(r"\b(?:evilginx2?|zphisher|blackeye|setoolkit|modlishka|socialfish)\b", re.I),
        re.compile(
            r"(?s)\$_(?:POST|REQUEST)\[['\"](?:pass|pwd)[^\n]{0,300}"
            r"(?:file_put_contents|fwrite|mail\()|(?:file_put_contents|fwrite)\([^\n]{0,200}"
            r"\$_(?:POST|REQUEST)\[['\"](?:pass|pwd)",
            re.I,
        ),
        re.compile(
            r"(?is)type\s*=\s*['\"]?password.{0,3000}(?:paypal|microsoft|office ?365|gmail|"
            r"apple ?id|icloud|facebook|instagram|netflix|coinbase|binance)|"
            r"(?:paypal|microsoft|office ?365|gmail|apple ?id|icloud|facebook|instagram|netflix|"
            r"coinbase|binance).{0,3000}type\s*=\s*['\"]?password"
        ),
    ),
}


def scan_code(code: str, language: str = "python") -> frozenset[str]:
    """The harms a code block implements (empty when it is safe to show).

    The tag is not trusted: Python tagged `text` is still parsed; what does not parse gets
    the token rules.
    """
    found: set[str] = set()
    del language  # any block that parses as Python is analysed as Python, whatever its tag
    tree = _parse(code)
    if tree is not None:
        module = _Module.of(tree)
        for harm, rule in _CODE_RULES.items():
            try:
                if rule(module):
                    found.add(harm)
            except (RecursionError, ValueError, AttributeError, TypeError):  # pragma: no cover
                found.add(harm)
        # Commands inside strings (`subprocess.run("hydra ...")`) are still commands.
        for harm, pattern in COMMANDS:
            if harm not in found and any(pattern.search(s) for s in module.strings):
                found.add(harm)
        return frozenset(found)
    for harm, patterns in _TOKEN_RULES.items():
        if any(p.search(code) for p in patterns):
            found.add(harm)
    return frozenset(found)


COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (harm, pattern)
    for harm, patterns in _TOKEN_RULES.items()
    for pattern in patterns
    if "(?s)" not in pattern.pattern
)
"""Single-line attack commands (hydra, hping3 floods, wevtutil cl...): in prose and strings."""
