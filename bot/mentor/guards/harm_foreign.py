"""Harm in the languages `ast` cannot read: Go, Rust, C, SQL, browser JS, PowerShell, WMI.

Judged on the block's raw text (a Python block too, so commands in its strings count), by
what the program does, not by its words:
- packet_flood: an endless loop (`loop {`, `for {`, `while (1)`, `for (;;)`, `while true`)
  that sends to a remote address and never reads nor pauses;
- data_exfiltration: SQL that pipes a table to a network program (`COPY ... TO PROGRAM
  'curl'`), runs a downloader through `xp_cmdshell`, or writes a dump into a web root; a
  browser script that sends the page's cookies, storage or form passwords to another origin;
- self_propagation: remote execution (WMI, PsExec, Invoke-Command) on every host of a list
  with a plaintext password or a program to plant;
- detection_evasion: PowerShell started hidden with an encoded command, or a download that
  is executed in memory (`IEX (New-Object Net.WebClient).DownloadString(...)`).
Never raises.
"""

from __future__ import annotations

import re

_ENDLESS = re.compile(
    r"\bloop\s*\{|\bfor\s*\{|\bfor\s*\(\s*;\s*;\s*\)|\bwhile\s*\(?\s*(?:1|true|True)\s*\)?\s*"
    r";?\s*(?:\{|do\b)",
)
_SEND = re.compile(
    r"\bsend_?to\s*\(|\bsendto\s*\(|\.send\s*\(|\bsend\s*\(|\.Write(?:To)?\s*\(|\bfetch\s*\(|"
    r"\bhttp\.(?:Get|Post)\s*\(|\breqwest::|\.get\s*\(\s*\"http|\bwrite\s*\(\s*sock",
)
_PAUSE = re.compile(
    r"\brecv\w*\s*\(|\.Read\w*\s*\(|\bread\s*\(|\bsleep\w*\s*\(|\bSleep\s*\(|\baccept\s*\(|"
    r"\bselect\s*\(|\bpoll\s*\(|\bawait\s+new\s+Promise|\bbreak\b|\breturn\b|\btime\.After|<-",
    re.I,
)
_REMOTE = re.compile(
    r"[\"'](?:(?:https?|udp|tcp)://)?(?!127\.|0\.0\.0\.0|localhost|10\.0\.2\.2)"
    r"(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d+)?[/\"']",
    re.I,
)
_RAW = re.compile(r"SOCK_RAW|IPPROTO_RAW|IP_HDRINCL|saddr\s*=\s*rand|RawSocket", re.I)
_BODY = 500
"""Characters after a loop's head read as its body."""


def _flood(code: str) -> bool:
    """An endless loop that sends and never reads nor pauses, at a remote (or raw) target."""
    if not (_REMOTE.search(code) or _RAW.search(code)):
        return False
    for head in _ENDLESS.finditer(code):
        body = code[head.end() : head.end() + _BODY]
        close = _block_end(body)
        body = body[:close]
        if _SEND.search(body) and not _PAUSE.search(body):
            return True
    return False


def _block_end(body: str) -> int:
    """Where the brace block opened at the loop's head closes (the whole slice if unclear)."""
    depth = 1
    for index, char in enumerate(body):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(body)


_NETWORK_PROGRAM = r"(?:curl|wget|nc|ncat|netcat|socat|powershell|bitsadmin|certutil|scp|ftp)\b"
_SQL_EXFIL = re.compile(
    rf"\bcopy\b.{{0,300}}\bto\s+program\s+['\"][^'\"]{{0,80}}{_NETWORK_PROGRAM}|"
    r"\bxp_cmdshell\b.{0,300}(?:https?://|\\{2,}\w|downloadstring|invoke-webrequest|"
    r"\biwr\b|certutil|bitsadmin|\.exe\b)|"
    r"\binto\s+(?:out|dump)file\s+['\"](?:/var/www|/srv/www|c:\\+inetpub|/usr/share/nginx)|"
    r"\butl_http\.request\s*\(.{0,200}\|\||"
    r"\bload_file\s*\(\s*['\"]/etc/(?:shadow|passwd)",
    re.I | re.S,
)
_BROWSER_SECRETS = re.compile(
    r"document\.cookie|\bcookies\.getAll\b|"
    r"(?:JSON\.stringify|Object\.(?:entries|keys|values|assign))\(\s*(?:window\.)?"
    r"(?:local|session)Storage\b|"
    r"\.(?:getAll|getItem)\(\s*\)|chrome\.storage\.\w+\.get\(\s*null",
)
"""Secrets of the whole page or browser (all cookies, a storage dump), not one app token."""
_BROWSER_SENDS = re.compile(
    r"\bfetch\s*\(\s*['\"`]https?://|XMLHttpRequest|sendBeacon\s*\(\s*['\"`]https?://|"
    r"new\s+Image\(\)\.src\s*=|\.src\s*=\s*['\"`]https?://|new\s+WebSocket\s*\(\s*['\"`]wss?://"
)
_OWN_ORIGIN = re.compile(r"['\"`]https?://(?:localhost|127\.0\.0\.1)")


def _exfiltration(code: str) -> bool:
    if _SQL_EXFIL.search(code):
        return True
    sends = _BROWSER_SENDS.search(code)
    if sends is None or not _BROWSER_SECRETS.search(code):
        return False
    return not _OWN_ORIGIN.search(code[sends.start() : sends.end() + 10])


_HOST_LOOP = re.compile(
    r"(?:\bfor\b|\bforeach\b|ForEach-Object|%\s*\{|\bxargs\b|\bparallel\b)"
    r".{0,200}(?:hosts?|computers?|machines?|servers?|targets?|ips?|nodes?|subnet|\d+\.\d+\.\d+\.)",
    re.I | re.S,
)
_REMOTE_EXEC = re.compile(
    r"\bwmic\b[^\n]{0,80}/node|Invoke-(?:WmiMethod|CimMethod|Command)\b[^\n]{0,200}"
    r"-ComputerName|Win32_Process[^\n]{0,80}Create|\bpsexec(?:\.exe|\.py)?\b[^\n]{0,40}\\{2,}\w|"
    r"\bwmiexec\.py\b|\bsmbexec\.py\b|New-PSSession[^\n]{0,80}-ComputerName|"
    r"Enter-PSSession[^\n]{0,80}-ComputerName",
    re.I,
)
_PLANTED = re.compile(
    r"/password:\S|-p(?:assword)?\s+['\"]?\w*\d\w*[!@#$]|ConvertTo-SecureString\s+['\"][^'\"]+"
    r"['\"]\s+-AsPlainText|\\{2,}[\w.$-]+\\+[^\s'\"]+\.(?:exe|ps1|bat|dll)|"
    r"https?://[^\s'\"]+\.(?:exe|ps1|bat|dll)|process\s+call\s+create",
    re.I,
)


def _spreads(code: str) -> bool:
    """Remote execution on every host of a list with a plaintext password or a planted program."""
    return bool(_HOST_LOOP.search(code) and _REMOTE_EXEC.search(code) and _PLANTED.search(code))


_HIDDEN_ENCODED = re.compile(
    r"powershell.{0,200}-(?:w|win\w*)['\",\s]+hidden.{0,200}-(?:e|ec|enc\w*)\b|"
    r"powershell.{0,200}-(?:e|ec|enc\w*)\b.{0,200}-(?:w|win\w*)['\",\s]+hidden",
    re.I | re.S,
)
_CRADLE = re.compile(
    r"\b(?:iex|Invoke-Expression)\b.{0,120}(?:DownloadString|DownloadData|"
    r"Invoke-WebRequest|\biwr\b|Invoke-RestMethod|\birm\b|Net\.WebClient)|"
    r"(?:DownloadString|Invoke-WebRequest|\biwr\b|Invoke-RestMethod|\birm\b)"
    r"[^\n|]{0,160}\|\s*(?:iex|Invoke-Expression)\b|"
    r"\b(?:curl|wget)\b[^\n|]{0,160}https?://[^\n|]{0,160}\|\s*(?:sudo\s+)?(?:ba|z)?sh\b"
    r"(?=.{0,400}(?:hidden|nohup|disown|&\s*$|>/dev/null))",
    re.I | re.S,
)


_EVASION_WORDS = (
    "powershell", "iex", "invoke-expression", "downloadstring", "invoke-webrequest", "iwr",
    "invoke-restmethod", "irm", "curl", "wget",
)  # fmt: skip
"""One of these starts every match of `_HIDDEN_ENCODED` and `_CRADLE` (as written, any case)."""


def _evasion(code: str) -> bool:
    if code.isascii():
        # Every line the prose rule judges comes here: two case-blind patterns with long
        # gaps cost ~0.1 ms a line. In ASCII text a match holds one of the words in lower
        # case (outside ASCII, case folding has more letters: the patterns decide alone).
        low = code.lower()
        if not any(word in low for word in _EVASION_WORDS):
            return False
    return bool(_HIDDEN_ENCODED.search(code) or _CRADLE.search(code))


_RULES = {
    "data_exfiltration": _exfiltration,
    "self_propagation": _spreads,
    "detection_evasion": _evasion,
}


def scan_foreign(code: str, *, python: bool = False) -> frozenset[str]:
    """The harms the block's raw text implements, whatever its language.

    Python's endless senders are judged by `ast` (harm_code, harm_extra): the brace-block
    flood rule reads the other languages only.
    """
    found: set[str] = {"packet_flood"} if not python and _flood(code) else set()
    for harm, rule in _RULES.items():
        try:
            if rule(code):
                found.add(harm)
        except (RecursionError, ValueError):  # pragma: no cover - regexes on bounded text
            found.add(harm)
    return frozenset(found)
