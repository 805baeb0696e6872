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
- phishing: a password form posting elsewhere, a handler that stores/forwards the
  password it receives, or mail sent in a loop to a list of people with a link and a
  login/password/verify lure.
Python that does not parse (and shell/PowerShell/JS/PHP blocks) falls back to token rules.
Never raises.
"""

from __future__ import annotations

import ast
import re

from bot.mentor.guards import code_facts as cf
from bot.mentor.guards.code_facts import ModuleFacts
from bot.mentor.guards.harm_credentials import credential_attack
from bot.mentor.guards.harm_tokens import ANTI_FORENSIC_CMD, COMMANDS, TOKEN_RULES

__all__ = ["COMMANDS", "HARMS", "scan_code"]

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
    "data_exfiltration",
    "secret_disclosure",
    "secret_solicitation",
    "lookalike_domain",
    "remote_shell",
    "clipboard_hijack",
    "covert_capture",
    "destructive",
    "jailbreak_persona",
)


_LOG_PATH = re.compile(
    r"\.(?:bash|zsh|python|sh)_history|\bwtmp\b|\bbtmp\b|lastlog|auth\.log|/var/log/secure|"
    r"/var/log/messages|syslog|\.evtx|eventlog|audit\.log|/var/run/utmp|^/var/log/?$",
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


def _keylogger(m: ModuleFacts) -> bool:
    hooked = False
    if m.imports & {"pynput", "pynput.keyboard", "keyboard", "evdev", "pyHook", "pyWinhook"}:
        names = m.call_names() | {k.arg or "" for c in m.calls for k in c.keywords}
        hooked = bool(names & (_KEY_HOOK_NAMES | {"Listener"}))
    names = m.call_names()
    if names & {"SetWindowsHookEx", "SetWindowsHookExA", "SetWindowsHookExW", "GetAsyncKeyState"}:
        hooked = True
    if "WH_KEYBOARD_LL" in cf.names_in(m.tree) or any("WH_KEYBOARD" in s for s in m.strings):
        hooked = True
    return hooked and (m.writes_file() or m.networked)


def _anti_forensics(m: ModuleFacts) -> bool:
    for call in m.calls:
        name = cf.last_part(cf.dotted(call.func))
        text = cf.source_of(call)
        if name in {"remove", "unlink", "rmtree", "truncate", "open", "write_text", "ftruncate"}:
            wipes = name != "open" or re.search(r"['\"]w", text)
            if wipes and any(_LOG_PATH.search(s) for s in cf.string_constants(call)):
                return True
        shells = {"system", "run", "call", "Popen", "check_call", "check_output", "popen"}
        if name in shells and any(ANTI_FORENSIC_CMD.search(s) for s in cf.string_constants(call)):
            return True
        if name == "set_name" or (
            name == "prctl"
            and any(
                (isinstance(a, ast.Constant) and a.value == 15) or "PR_SET_NAME" in cf.source_of(a)
                for a in call.args
            )
        ):
            return True
        if name == "setproctitle" and any(
            _MASQUERADE.search(s.strip()) for s in cf.string_constants(call)
        ):
            return True
    if {"HISTFILE", "HISTSIZE", "HISTFILESIZE"} & set(m.strings) and any(
        isinstance(n, ast.Assign | ast.Call) and "HIST" in cf.source_of(n) for n in ast.walk(m.tree)
    ):
        return True  # silencing shell history
    return any(ANTI_FORENSIC_CMD.search(s) for s in m.strings if "preload" in s or "HIST" in s)


def _self_propagation(m: ModuleFacts) -> bool:
    text = cf.source_of(m.tree)
    self_ref = "__file__" in text or "sys.argv[0]" in text or "getsource" in text
    sinks = m.call_names() & _PROPAGATE_SINKS
    remote = m.networked or bool(m.imports & {"psutil", "win32api", "win32file", "shutil"})
    drives = re.search(r"disk_partitions|/media/|removable|GetLogicalDrive|DRIVE_REMOVABLE", text)
    if self_ref and sinks and (m.imports & cf.NET_MODULES or drives):
        return True
    for _, iterable, holder in cf.loops(m.tree):
        if iterable is not None and _SUBNET.search(
            cf.source_of(iterable) + " " + cf.source_of(holder)
        ):
            inner = {cf.last_part(cf.dotted(c.func)) for c in cf.calls_in(holder)}
            remote_writes = {"put", "upload", "exec_command", "storbinary", "putfo", "putFile"}
            if inner & remote_writes and remote:
                return True
            if self_ref and inner & _PROPAGATE_SINKS:
                return True
    return False


def _ransomware(m: ModuleFacts) -> bool:
    names = m.call_names()
    walks = bool(names & _WALK) or "**" in " ".join(m.strings)
    encrypts = bool(names & {"encrypt", "encrypt_and_digest"})
    if not (walks and encrypts):
        return False
    note = any(_RANSOM.search(s) for s in m.strings)
    deletes = bool(names & {"remove", "unlink", "rename", "replace"})
    return m.networked or note or (deletes and m.writes_file())


def _packet_flood(m: ModuleFacts) -> bool:
    if m.imports & {"scapy", "scapy.all", "scapy.layers.inet"} or "IP" in m.imports:
        sends = [c for c in m.calls if cf.last_part(cf.dotted(c.func)) in _SCAPY_SEND]
        for call in sends:
            kw = {k.arg: k.value for k in call.keywords}
            if "loop" in kw and not (isinstance(kw["loop"], ast.Constant) and not kw["loop"].value):
                return True
        ip_calls = [c for c in m.calls if cf.last_part(cf.dotted(c.func)) == "IP"]
        spoofed = any(
            k.arg == "src" and _RANDOM_SRC.search(cf.source_of(k.value))
            for c in ip_calls
            for k in c.keywords
        )
        looped = any(
            {cf.last_part(cf.dotted(c.func)) for c in cf.calls_in(h)} & _SCAPY_SEND
            for _, _, h in cf.loops(m.tree)
        )
        if sends and (spoofed or looped):
            return True
    text = cf.source_of(m.tree)
    raw = "SOCK_RAW" in text or "IPPROTO_RAW" in text or "IP_HDRINCL" in text
    for loop, _, holder in cf.loops(m.tree):
        inner = {cf.last_part(cf.dotted(c.func)) for c in cf.calls_in(holder)}
        if not inner & {"sendto", "send", "sendall", "get", "post", "sendp"}:
            continue
        if raw:
            return True
        endless = isinstance(loop, ast.While) and cf.source_of(loop.test) in {"True", "1"}
        random_payload = bool(inner & {"urandom", "_urandom", "randbytes", "getrandbits"})
        if endless and random_payload and not inner & {"recv", "recvfrom", "accept"}:
            return True
        if endless and _swarm(m) and not inner & {"recv", "recvfrom", "accept", "sleep"}:
            return True
    return False


SWARM = 100
"""Threads or processes started in one loop that make an endless sender a flood."""


def _swarm(m: ModuleFacts) -> bool:
    """A loop starting SWARM or more threads/processes (`for _ in range(500): Thread(...)`)."""
    for _loop, iterable, holder in cf.loops(m.tree):
        names = {cf.last_part(cf.dotted(c.func)) for c in cf.calls_in(holder)}
        if not names & {"Thread", "Process", "start", "create_task", "submit"}:
            continue
        if isinstance(iterable, ast.Call) and cf.dotted(iterable.func) == "range" and iterable.args:
            bound = iterable.args[-1] if len(iterable.args) < 3 else iterable.args[1]
            if isinstance(bound, ast.Constant) and isinstance(bound.value, int):
                return bound.value >= SWARM
    return False


_LURE = re.compile(
    r"password|passwort|mot de passe|contraseña|senha|parola d.accesso|wachtwoord|hasło|пароль|"
    r"şifre|パスワード|비밀번호|密码|verify (?:your|now)|confirm your (?:account|identity|login)",
    re.I,
)
_MAILERS = {"sendmail", "send_message", "send_mail", "send_mass_mail"}


def _mass_lure(m: ModuleFacts) -> bool:
    """Mail sent in a loop (to a list of addresses) with a link and a password/verify lure."""
    text = " ".join(m.strings)
    if not (re.search(r"https?://", text) and _LURE.search(text)):
        return False
    return any(
        {cf.last_part(cf.dotted(c.func)) for c in cf.calls_in(holder)} & _MAILERS
        for _, _, holder in cf.loops(m.tree)
    )


def _phishing(m: ModuleFacts) -> bool:
    if _mass_lure(m):
        return True
    html = " ".join(m.strings)
    cloned = _PASSWORD_INPUT.search(html) and (_FORM_ACTION.search(html) or _BRAND.search(html))
    if cloned and (m.networked or m.writes_file() or _FORM_ACTION.search(html)):
        return True
    for func in ast.walk(m.tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        body = cf.source_of(func)
        if not re.search(r"(?:form|json|args|values|POST)\s*(?:\[|\.get\()\s*['\"]pass", body):
            continue
        inner = {cf.last_part(cf.dotted(c.func)) for stmt in func.body for c in cf.calls_in(stmt)}
        forwards = bool(inner & {"post", "sendmail", "send_message", "urlopen", "send"})
        stores = m.writes_file(func) and not inner & {"check_password_hash", "verify", "checkpw"}
        external = re.search(r"redirect\(\s*['\"]https?://", body)
        if forwards or (stores and (external or _BRAND.search(body))):
            return True
    return False


_CODE_RULES = {
    "credential_attack": credential_attack,
    "keylogger": _keylogger,
    "anti_forensics": _anti_forensics,
    "self_propagation": _self_propagation,
    "ransomware": _ransomware,
    "packet_flood": _packet_flood,
    "phishing": _phishing,
}


_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅαορντΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "aeopcyxijsdhlqwABEKMHOPCTXIJSaopvtABEHIKMNOPTXYZ",
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def lookalike_skeleton(code: str) -> str:
    """`code` with Cyrillic/Greek look-alike letters as Latin and invisible characters gone.

    A hostile draft writes `requеsts` (Cyrillic е) or `rock\u200byou` so that names and
    strings no rule knows slip by; what the reader sees is what is judged.
    """
    if code.isascii():
        return code
    return code.translate(_INVISIBLE).translate(_LOOKALIKES)


def _argv_lines(tree: ast.AST) -> list[str]:
    """Lists and tuples starting with a program name, joined as a shell would read them.

    Computed elements (`host.strip()`) read as `{}`, as the shell would get some value there.
    """
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.List | ast.Tuple) or len(node.elts) < 2:
            continue
        head = node.elts[0]
        if isinstance(head, ast.Constant) and isinstance(head.value, str):
            words = [
                e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else "{}"
                for e in node.elts
            ]
            lines.append(" ".join(words))
    return lines


def scan_code(code: str, language: str = "python") -> frozenset[str]:
    """The harms a code block implements (empty when it is safe to show).

    The tag is not trusted: Python tagged `text` is still parsed; what does not parse gets
    the token rules.
    """
    found: set[str] = set()
    del language  # any block that parses as Python is analysed as Python, whatever its tag
    skeleton = lookalike_skeleton(code)
    if skeleton != code:  # homoglyph names, zero-width characters: judge what it reads as
        found.update(scan_code(skeleton))
    tree = cf.parse_python(code)
    if tree is not None:
        module = ModuleFacts.of(tree)
        for harm, rule in _CODE_RULES.items():
            try:
                if rule(module):
                    found.add(harm)
            except (RecursionError, ValueError, AttributeError, TypeError):  # pragma: no cover
                found.add(harm)
        # Commands inside strings (`subprocess.run("hydra ...")`) are still commands, and so
        # is an argv list (`["hydra", "-L", "users.txt", ...]`) read as its command line.
        lines = (*module.strings, *_argv_lines(tree))
        for harm, pattern in COMMANDS:
            if harm not in found and any(pattern.search(s) for s in lines):
                found.add(harm)
        return frozenset(found)
    for harm, patterns in TOKEN_RULES.items():
        if any(p.search(code) for p in patterns):
            found.add(harm)
    return frozenset(found)
