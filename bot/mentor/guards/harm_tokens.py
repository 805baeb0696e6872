"""Harm by tokens: code that does not parse (shell, PowerShell, JS, PHP) and attack commands.

`TOKEN_RULES` judge a block `ast` cannot read; `COMMANDS` are the single-line attack
commands (hydra, hping3 floods, wevtutil cl...) found in prose and in Python strings too.
"""

from __future__ import annotations

import re

ANTI_FORENSIC_CMD = re.compile(
    r"history\s+-c|wevtutil\s+(?:cl|clear-log)|clear-eventlog|unset\s+HISTFILE|HISTFILE=/dev/null|"
    r"HISTSIZE=0|shred\b[^\n]*(?:log|history)|rm\s+-[rf]+\s+/var/log|>\s*/var/log/|"
    r"auditctl\s+-D|/etc/ld\.so\.preload|timestomp|journalctl\s+--vacuum|"
    r"(?:rm|shred|truncate|del|cat\s+/dev/null\s*>)\b[^\n]*(?:_history|wtmp|btmp|lastlog|"
    r"auth\.log|/var/log/(?:secure|messages|syslog))|"
    r"Remove-Item[^\n]*(?:log|history)",
    re.I,
)


# Token rules: code that does not parse, and shell / PowerShell / other blocks.
TOKEN_RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    "credential_attack": (
        re.compile(
            r"\bhydra\s+[^\n]*-[lLpP]\b|\bmedusa\s+-[hHuU]|\bncrack\s|\bpatator\b|\bcrackmapexec\b"
        ),
        re.compile(
            r"(?s)(?:for|while)\b.{0,200}(?:rockyou|wordlist|passwords?(?:_list|\.txt)?\b).{0,300}"
            r"(?:\.post\(|\.login\(|\.connect\(|curl\s)"
        ),
    ),
    # keylogger: read by its two acts, a key source and a sink, in harm_keystrokes
    "anti_forensics": (ANTI_FORENSIC_CMD, re.compile(r"prctl\([^)]*(?:15|PR_SET_NAME)")),
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


COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (harm, pattern)
    for harm, patterns in TOKEN_RULES.items()
    for pattern in patterns
    if "(?s)" not in pattern.pattern
)
"""Single-line attack commands (hydra, hping3 floods, wevtutil cl...): in prose and strings."""
