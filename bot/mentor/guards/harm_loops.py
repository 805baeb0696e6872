"""Harm read from what a program's loop does, in any language, and one exemption.

A loop over a password list into a network client's login (shell, PowerShell, JavaScript,
Go, Rust), an endless loop sending to a fixed remote address without reading or pausing; and
a login test whose every target is this machine with no leaked wordlist (one's own limiter,
issue 15), which is no credential attack.
"""

from __future__ import annotations

import ast
import re

_LOOP = re.compile(r"\b(?:while|for|foreach|ForEach-Object|xargs)\b|%\s*\{|\.forEach\(", re.I)
_LIST = re.compile(
    r"rockyou|wordlist|word_list|pass(?:word)?s?(?:_?list)?\.(?:txt|lst)|passlist|passwords\b|"
    r"combo\w*\.txt|creds?\.txt|credentials\.txt|leaked",
    re.I,
)
_CLIENT = re.compile(
    r"\bcurl\b|\bwget\b|\bsshpass\b|Invoke-WebRequest|Invoke-RestMethod|\biwr\b|\birm\b|"
    r"\bfetch\(|\baxios\b|XMLHttpRequest|\bsmbclient\b|\bftp\b|\bssh\s|\bmysql\s+-u|"
    r"Net\.WebClient|New-Object\s+System\.Net|\bhttp\.request\(|\bnc\s|"
    r"\bhttp\.Post(?:Form)?\(|\bhttp\.NewRequest\(|\breqwest\b|\bcurl_easy_|\bHttpClient\b|"
    r"\bPostAsync\(|\bsmtp\.PlainAuth\(|\bssh\.Dial\(|\bftp\.Dial",
    re.I,
)
_LOGIN = re.compile(r"log_?in|sign_?in|auth|session|pass(?:word)?=|-u\s+\S+\s+-p|--user", re.I)
_DEFENSIVE = re.compile(r"pwnedpasswords|haveibeenpwned|localhost|127\.0\.0\.1", re.I)


def scripted_spray(code: str) -> bool:
    """Shell, PowerShell or JS: a loop over a password list into a network client's login."""
    return bool(
        _LOOP.search(code)
        and _LIST.search(code)
        and _CLIENT.search(code)
        and _LOGIN.search(code)
        and not _DEFENSIVE.search(code)
    )


_LOCAL_HOST = re.compile(r"^(?:localhost|127\.|0\.0\.0\.0|::1$)")
_SENDS = {"sendto", "send", "sendall", "sendmsg"}
_WAITS = {"recv", "recvfrom", "recv_into", "accept", "sleep", "select", "poll", "wait"}


def _endless(loop: ast.While) -> bool:
    test = loop.test
    return isinstance(test, ast.Constant) and bool(test.value)


def _call_names(node: ast.AST) -> set[str]:
    names: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def blind_flood(code: str) -> bool:
    """An endless loop sending to a fixed remote address, never reading nor pausing."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    hosts = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,}", n.value, re.I)
    ]
    if not hosts or all(_LOCAL_HOST.match(h) for h in hosts):
        return False
    for loop in ast.walk(tree):
        if isinstance(loop, ast.While) and _endless(loop):
            inner = _call_names(loop)
            if (
                inner & _SENDS
                and not inner & _WAITS
                and not any(isinstance(n, ast.Break) for n in ast.walk(loop))
            ):
                return True
    return False


_TARGET = re.compile(r"^(?:https?|ftp|ssh)://|^\d{1,3}(?:\.\d{1,3}){3}$|^localhost$", re.I)
_LOCAL_URL = re.compile(
    r"^(?:https?://)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|testserver)\b"
)
_FAMOUS_LISTS = re.compile(r"rockyou|wordlist|leaked|breach|combo", re.I)


def own_login_test(code: str) -> bool:
    """Every target is this machine and no leaked wordlist is used: testing one's own limiter.

    (Issue 15: brute-forcing one's own staging login to test the rate limit is answered.)
    """
    if _FAMOUS_LISTS.search(code):
        return False
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    strings = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    targets = [s for s in strings if _TARGET.match(s) or _LOCAL_URL.match(s)]
    return bool(targets) and all(_LOCAL_URL.match(s) for s in targets)
