"""The kinds of unsafe advice `unsafe_advice` looks for, read from config/guards/unsafe_advice.toml.

Each kind says how its unsafe form is spelled, how the notice names it and its safe form, the
tokens of the fix, whether it is unsafe only on input from outside, and how a code line is
made safe (regex rewrites, applied in order). Those are data: a new spelling or rewrite is a
line of TOML. What a regex cannot say stays here, named from the table: the SQL pattern built
per quote, the secret written into the code and its rewrite to `os.environ[...]`, and the
conditions (an interpolated command, a password word, a real secret, not a placeholder).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from bot.mentor.guards.advice_flow import compare_digest, secret_compared, sink_tainted
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml

UNTRUSTED_CODE = re.compile(
    r"\brequest\b|\brequests?\.(?:get|post)\b|\.get_data\(|\.recv\(|\bsocket\b|\binput\(|"
    r"sys\.stdin|\burlopen\(|\bhttpx\b|\baiohttp\b|\.files\b|\bupload|\bpayload\b|"
    r"\buser_?(?:input|data)\b|\bbody\b|\bform\b|\bwebsocket\b|\bmessage\b|\bargv\b|"
    r"@app\.(?:post|put|route)|\bfastapi\b|\bUploadFile\b|\bflask\b|\.accept\(|\.makefile\(|"
    r"\bawait\s+\w+\.read\((?![^)\n]*\bencoding)",
    re.I,
)
"""Input that comes from outside the program: network, uploads, users (code spellings).

`await f.read()`: an awaited read is an upload or a socket (FastAPI's UploadFile, aiohttp's
multipart), the program's own files are read without `await`."""
INTERPOLATED = re.compile(
    r"""\bf["']|\.format\(|["']\s*%\s*[\w(]|["']\s*\+\s*\w|\w\s*\+\s*["']""",
)
PASSWORD_CODE = re.compile(r"passw|\bpwd\b|\bpasswd\b|\bpw\b", re.I)
_SQL = r"(?:\bselect\b[^\"']*\bfrom\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b|\bdelete\s+from\b|\bwhere\b)"
_PLACEHOLDER = re.compile(
    r"^(?:\[redacted\]|<.*>|\.\.\.|x+|\*+|your[-_ ].*|changeme|\{.*\}|"
    r"(?:test|dummy|fake|example|sample)\w*)$",
    re.I,
)
"""A value standing for a secret, not one (a test's dummy, a redacted or template value)."""
HARD_SECRET = re.compile(
    r"""(?P<head>\b(?P<name>\w*(?:password|passwd|secret|api_?key|token|access_key)\w*)\s*[:=]\s*)"""
    r"""(?P<q>["'])(?P<value>[^"'\s]{4,})(?P=q)""",
    re.I,
)


def _sql_built() -> re.Pattern[str]:
    """A query string with a value put in: f-string, `%` or `.format()` or `+` (per quote)."""
    forms: list[str] = []
    for q in ('"', "'"):
        inner = f"[^{q}\\n]*"
        sql = _SQL.replace("[^\\\"']*", inner)
        forms.append(rf"\bf{q}{inner}{sql}{inner}\{{")
        forms.append(rf"{q}{inner}{sql}{inner}{q}\s*(?:%\s*[\w(]|\.format\(|\+\s*\w)")
    return re.compile("|".join(forms), re.I)


def _from_environment(line: str) -> str:
    def env(match: re.Match[str]) -> str:
        return f'{match.group("head")}os.environ["{match.group("name").upper()}"]'

    return HARD_SECRET.sub(env, line)


def _interpolated(line: str, context: str) -> bool:
    """The command is built from values: in the line, or in a name the block built so.

    `cmd = f"grep {q} log"` then `check_output(cmd, shell=True)`: the call's line holds no
    f-string, the name it passes does.
    """
    if INTERPOLATED.search(line):
        return True
    for name in set(re.findall(r"\(\s*(\w+)\s*[,)]", line)):
        assigned = re.search(rf"^\s*{re.escape(name)}\s*=\s*(.+)$", context, re.M)
        if assigned and INTERPOLATED.search(assigned.group(1)):
            return True
    return False


def _real_secret(line: str, context: str = "") -> bool:
    match = HARD_SECRET.search(line)
    return match is not None and not _PLACEHOLDER.match(match.group("value"))


_EXPOSED = re.compile(
    r"""0\.0\.0\.0|host\s*=\s*["']::["']|ALLOWED_HOSTS\s*=\s*[\[(]\s*["']\*["']""",
)
"""A server reachable from other machines (all interfaces, any Host header)."""
_SECRET_NAME = re.compile(
    r"token(?!iz|s\b)|passw|\bpwd\b|secret|nonce|\botp\b|salt|api_?key|session_?id|csrf|reset|"
    r"invite|verification_?code|one_?time",
    re.I,
)
"""What a predictable random number must not become (a name of the line or the block)."""
_RANDOM_CALL = re.compile(r"\brandom\.\w+\((?:[^()\n]|\([^()\n]*\))*\)")


def _secret_name(line: str, context: str) -> bool:
    """A random number made into a secret: a secret's name outside the call's arguments.

    `token = random.choice(ALPHABET)`, "make the reset token with `random.choice`", a
    `def reset_code():` of the block: yes. `random.choice(tokens)` (picking a word): no.
    """
    if _SECRET_NAME.search(_RANDOM_CALL.sub(" ", line)):
        return True
    return any(
        _SECRET_NAME.search(row) for row in re.findall(r"^\s*(?:async\s+)?def\s+\w+", context, re.M)
    )


_TAR = re.compile(r"\btar(?:file)?\b|\.t(?:ar|gz|bz2|xz)\b|unpack_archive", re.I)
_CREDENTIALS = re.compile(
    r"(?:ALLOW_CREDENTIALS|allow_credentials|supports_credentials)\s*[=:]\s*True", re.I
)
_WEBHOOK = re.compile(r"webhook|signature|hmac|\bapi_view\b|token_auth", re.I)


_LOG_ARGS = re.compile(r"\b(?:log(?:ger|ging)?|LOG|print)\w*(?:\.\w+)?\((?P<args>.*)\)", re.S)
_SECRET_VALUE = re.compile(
    r"(?<![\w\"'])(?:\w+\.)*\w*(?:passw|\bpwd\b|secret|api_?key|access_?key|token(?!iz)|"
    r"authorization|card_?number|\bcvv\b)\w*(?:\[[^\]]*\])?",
    re.I,
)


def _logs_secret(line: str) -> bool:
    """A log or print call that writes a secret's VALUE (a name, an f-string field), not a word.

    `log.info(f"token={token}")`, `logger.debug("pw %s", password)`: yes;
    `log.info("password reset sent")` (the word in the text): no.
    """
    match = _LOG_ARGS.search(line)
    if not match:
        return False
    args = match.group("args")
    fields = " ".join(re.findall(r"\{([^{}]+)\}", args)) if re.search(r"\bf[\"']", args) else ""
    bare = re.sub(r"\bf?([\"'])(?:\\.|(?!\1).)*\1", " ", args)  # string literals out
    return bool(_SECRET_VALUE.search(bare) or _SECRET_VALUE.search(fields))


PATTERNS: dict[str, Callable[[], re.Pattern[str]]] = {
    "sql_built": _sql_built,
    "hard_secret": lambda: HARD_SECRET,
}
"""`unsafe_from`: patterns a TOML regex cannot say (built per quote, named groups reused)."""
REWRITES: dict[str, Callable[[str], str]] = {
    "environment": _from_environment,
    "compare_digest": compare_digest,
}
"""`rewrite_with`: rewrites a replacement string cannot say (the name upper-cased)."""
CONDITIONS: dict[str, Callable[[str, str], bool]] = {
    "interpolated": _interpolated,
    "real_secret": _real_secret,
    "password": lambda line, context: False,  # the draft's language decides: unsafe_advice._hits
    "words": lambda line, context: False,  # only the kind's `words_when` list decides
    "exposed_host": lambda line, context: bool(_EXPOSED.search(f"{line}\n{context}")),
    "secret_name": _secret_name,
    "tar_archive": lambda line, context: bool(_TAR.search(f"{line}\n{context}")),
    "credentials": lambda line, context: bool(_CREDENTIALS.search(f"{line}\n{context}")),
    "not_webhook": lambda line, context: not _WEBHOOK.search(f"{line}\n{context}"),
    "secret_compared": secret_compared,
    "token_not_password": lambda line, context: (
        _secret_name(line, context) and not PASSWORD_CODE.search(line)
    ),
    "logs_secret": lambda line, context: _logs_secret(line),
}
"""`only_when`: a further condition on the line (and its block or item, the context)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of unsafe advice: how it is spelled, its safe form, and the fix's tokens."""

    name: str
    unsafe: re.Pattern[str]
    label: str
    """How the notice names what was changed (code, language-neutral)."""
    safe: str
    """The safe form the notice names ('' when the line is only removed)."""
    fixed: re.Pattern[str]
    """Tokens of the safe form: a line naming them is about the fix, not the unsafe form."""
    untrusted: bool = False
    """Unsafe only on input from outside (pickle of one's own cache file is fine)."""
    rewrite: Callable[[str], str] | None = None
    """The code line's safe form; None: the line is removed."""
    also: Callable[[str, str], bool] = field(default=lambda line, context: True)
    """A further condition on the line and its context (interpolation, a real secret)."""
    only_when: str = ""
    """The condition's name in the table ('password': the draft's password words)."""
    prose: re.Pattern[str] | None = None
    """The kind named in words in prose ("load the uploads with pickle"), no call spelled."""
    prose_when: str = ""
    """A list of the draft's language words (`unsafe_advice.AdviceWords`: 'disables',
    'in_code') a prose line naming the kind in words must also hold."""
    prose_unless: str = ""
    """A list of the draft's language words that makes a worded line the safe form ("turn
    DEBUG off in production": 'disables')."""
    words_when: str = ""
    """A list of the draft's language words that also makes the kind hold when `also` does
    not ('exposed': "in production" next to `debug=True`; 'secrets': "the reset token")."""


def _substitutions(pairs: list[list[str]]) -> Callable[[str], str]:
    compiled = [(re.compile(pattern), repl) for pattern, repl in pairs]

    def rewrite(line: str) -> str:
        for pattern, repl in compiled:
            line = pattern.sub(repl, line)
        return line

    return rewrite


def rule(name: str, table: dict[str, Any]) -> Rule:
    """One kind from its TOML table (raises KeyError/re.error on a broken table: a test reads them)."""
    source = table.get("unsafe_from")
    unsafe = PATTERNS[source]() if source else re.compile(str(table["unsafe"]))
    rewrite: Callable[[str], str] | None = None
    if "rewrite_with" in table:
        rewrite = REWRITES[str(table["rewrite_with"])]
    elif table.get("rewrite"):
        rewrite = _substitutions([[str(p), str(r)] for p, r in table["rewrite"]])
    only_when = str(table.get("only_when", ""))
    also: Callable[[str, str], bool] = (
        CONDITIONS[only_when] if only_when else (lambda line, context: True)
    )
    if "sinks" in table:  # which call's argument carries request data (advice_flow, by ast)
        sinks = {str(name): int(index) for name, index in table["sinks"].items()}
        also = partial(sink_tainted, sinks=sinks)
    return Rule(
        name,
        unsafe,
        str(table["label"]),
        str(table.get("safe", "")),
        re.compile(str(table["fixed"])),
        untrusted=bool(table.get("untrusted", False)),
        rewrite=rewrite,
        also=also,
        only_when=only_when,
        prose=re.compile(str(table["prose"])) if table.get("prose") else None,
        prose_when=str(table.get("prose_when", "")),
        words_when=str(table.get("words_when", "")),
        prose_unless=str(table.get("prose_unless", "")),
    )


@lru_cache(maxsize=4)
def load_rules(config_dir: Path = DEFAULT_CONFIG_DIR) -> tuple[Rule, ...]:
    """Every kind of config/guards/unsafe_advice.toml, in the file's order."""
    table = read_toml(config_dir / "guards" / "unsafe_advice.toml")
    return tuple(rule(name, data) for name, data in table.items())
