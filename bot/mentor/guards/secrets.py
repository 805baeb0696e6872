"""Secrets in a draft: the bot's own credentials echoed back, or any live-looking key.

A hostile model server sees the API key the bot sends it and can write it into a reply; a
careless model can paste a real-looking token into an example. Such a value never reaches
the learner: the bot's configured secrets are matched exactly, well-known key formats by
shape (placeholders such as `sk-...`, `xoxb-your-token` or `<TOKEN>` are teaching, not keys).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bot.mentor.guards.secret_contexts import context_secrets
from bot.mentor.guards.secret_forms import REDACTED, holds_form, redact_forms, redact_joined
from bot.settings import DEFAULT_CONFIG_DIR

__all__ = ["REDACTED", "SecretScrub", "learner_secrets", "told_secret_pattern"]
MIN_SECRET = 8
"""Configured values shorter than this are not matched (they would hit ordinary words)."""

SHAPES = re.compile(
    r"sk-(?:proj-|live-|test-|ant-)?[A-Za-z0-9_-]{20,}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}"
    r"|[MN][A-Za-z\d_-]{23,25}\.[\w-]{6}\.[\w-]{27,}"
    r"|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}"
    r"|AKIA[0-9A-Z]{16}\b|AIza[0-9A-Za-z_-]{35}"
    r"|-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP |ENCRYPTED )?PRIVATE KEY-----"
    r"(?:[\s\S]*?-----END (?:RSA |EC |OPENSSH |DSA |PGP |ENCRYPTED )?PRIVATE KEY-----)?"
)
"""OpenAI, Slack, Discord, GitHub, AWS, Google keys and private-key blocks, by shape.

A private key is its body, not its header: the block goes whole, BEGIN to END (review11 U28
kept the base64 lines of a pasted OpenSSH key).

No leading `\b`: it defeats the engine's first-character scan (8x slower on a clean draft);
a match inside a longer word is dropped by `_keys` instead."""
MORE_SHAPES = re.compile(
    r"[rs]k_(?:live|test)_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20,}|hf_[A-Za-z0-9]{30,}"
    r"|npm_[A-Za-z0-9]{36}|pypi-AgE[A-Za-z0-9_-]{50,}|SG\.[\w-]{22}\.[\w-]{43}"
    r"|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"
    r"|\d{8,10}:AA[A-Za-z0-9_-]{33}|hooks\.slack\.com/services/T\w+/B\w+/\w{20,}"
    r"|discord(?:app)?\.com/api/webhooks/\d{17,20}/[\w-]{60,}"
)
"""Stripe, GitLab, Hugging Face, npm, PyPI, SendGrid and Telegram keys, JWTs and webhook
URLs: searched only when one of `_MORE_MARKS` occurs (a digit-led alternative in SHAPES
made every clean draft's scan 3x slower)."""
_MORE_MARKS = (
    "k_live_",
    "k_test_",
    "glpat-",
    "hf_",
    "npm_",
    "pypi-",
    "SG.",
    "eyJ",
    ":AA",
    "hooks.slack",
    "/webhooks/",
)
_PLACEHOLDER = re.compile(r"x{4,}|X{4,}|\.{3}|…|your|example|placeholder|redacted|dummy|fake", re.I)
_LEARNER_PLACEHOLDER = re.compile(r"x{4,}|X{4,}|\.{3}|…|your|placeholder|redacted|dummy|fake", re.I)
"""In the learner's own message a key-shaped value is theirs even when it reads "EXAMPLE"
(AWS's documented pair is what people paste to try a script): quoting it back costs nothing."""


_URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s:/@]*:([^\s@/]{4,})@", re.I)
"""The password of a URL with credentials (`postgres://app:Tr0ub4dor@db/prod`)."""
_KEY_NAMES = (
    r"[\w.-]*(?:password|passwd|pwd|passphrase|secret(?:[_-]?key)?|token|api[_-]?key|apikey|access[_-]?key|"
    r"account[_-]?key|access[_-]?signature|private[_-]?key|signing[_-]?key|client[_-]?secret|"
    r"credentials?|dsn)"
)
_QUOTED_SECRET = re.compile(
    rf"(?i)\b{_KEY_NAMES}[\"']?\s*[:=]\s*(?P<q>[\"'])(?P<value>[^\s\"']{{6,}})(?P=q)"
)
"""A secret-named key given a quoted value (`password = "hunter2!x"`, `"token": "..."`)."""
_ENV_SECRET = re.compile(
    rf"(?im)^\s*(?:export\s+)?{_KEY_NAMES}\s*[:=]\s*(?P<value>[^\s\"']{{6,}})(?:\s+#.*)?\s*$"
)
"""A `.env`, YAML or INI line: `DB_PASSWORD=Tr0ub4dor&3`, `api_key: 9f8a...`; a `#` inside the
value is part of it (Django's generated keys hold `#`, `$`, `!`), one after a space a comment."""
_BEARER = re.compile(r"(?i)\b(?:bearer|token|basic)\s+([A-Za-z0-9._~+/=-]{16,})")
"""An `Authorization: Bearer <token>` header value (or `Token`, `Basic`) pasted with code:
counted when it mixes letters and digits, so "Bearer authentication" stays prose."""
_URL_TOKEN = re.compile(r"\b[a-z][a-z0-9+.-]*://([A-Za-z0-9_~-]{16,})@", re.I)
"""A URL whose user part is a key (`https://3f2a...@o1.ingest.sentry.io/9`: a Sentry DSN):
counted when it mixes letters and digits, so `ssh://deploy@host` stays a user name."""
_NOT_A_VALUE = re.compile(
    r"\$\{|\$\(|^\$\w|%\(|^%\w+%$|\{\{|[<>()\[\]{}]|^\*+$"
    r"|^(?:gAAAAA|sk-|ghp_|github_pat_|xox[abpe]-|AKIA|AIza|eyJ|hf_|glpat-)$"
)
"""Where a secret comes from, not the secret: `${DB_PASSWORD}`, `$(pass show db)`, `$TOKEN`,
`%(password)s`, `%DB_PASSWORD%`, `{{ vault_token }}`, `<your key>`, `get_token()`, `****`, or a
key kind's documented prefix alone ("Fernet tokens start with `gAAAAA`"). A `$`
or a `%` inside a value (`9f$k2!x`, a URL-encoded `Pz8%21kLm2`) is the value's own character."""
_FLAG_PASSWORDS = re.compile(
    r"(?:^|[\s;|&(`])(?:-u|--user)[\s=]+[\"']?[^\s:\"'/@]+:(?P<value>[^\s\"'@]{4,})"
    r"|\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n|;]*?"
    r"\s-p(?P<attached>[^\s\"';|]{4,})"
    r"|[?&](?:password|passwd|pwd|pass|secret|token|access_token|api_key|apikey)="
    r"(?P<query>[^&\s\"'#<>]{4,})"
    r"|\bsshpass\b[^\n|;]*?\s-p\s*[\"']?(?P<sshpass>[^\s\"']{4,})"
    r"|(?:^|[\s;|&(`])--(?:password|passwd|pass)[\s=]+[\"']?(?P<long>[^\s\"'$<{]{4,})"
    r"|\bmachine\s+\S+\s+login\s+\S+\s+password\s+(?P<netrc>\S{4,})",
    re.I | re.M,
)
"""A password given to a command's flag or a URL's query: `curl -u admin:S3cr3t!` (also
`--user`), `mysql -pQ9v!xT7` (attached to `-p`), `...?password=Pz8%21kLm2&sslmode=require`
(review11 U9, U28: stored and sent to the model under a notice saying they were redacted);
`sshpass -p 'PW'`, `--password PW` and a `.netrc` line `machine h login u password PW` (review12
V11)."""
_PGPASS_LINE = re.compile(
    r"(?<![\w./:-])[\w.*-]+:(?:\d{1,5}|\*):[\w.*-]+:[\w.*@-]+:(?P<value>[^\s:\"'`]{4,})"
)
"""A `~/.pgpass` line, `host:port:database:user:password` (review12 V11): its fifth field is
the password. Read only where the line stands alone or the text names pgpass (an IPv6 address
or a timestamp has the same colons)."""
_POSITIONAL_PASSWORDS = re.compile(
    r"(?:\bauth\s*=\s*\(|\b\w*(?:Auth|Credentials)\(|\.login\()"
    r"\s*(?P<q1>[\"'])[^\"'\n]*(?P=q1)\s*,\s*(?:password\s*=\s*)?(?P<q>[\"'])"
    r"(?P<value>[^\"'\n]{4,})(?P=q)"
)
"""A password passed by position to a well-known auth call with a literal: `auth=("admin",
"S3cr3t!Pass")` (requests, httpx), `HTTPBasicAuth("u", "p")`, aiohttp's `BasicAuth`,
`smtp.login("me@x.org", "p")`, any `...Credentials("u", "p")` (pika's `PlainCredentials`:
review12 V11)."""
_INLINE_SECRET = re.compile(
    rf"(?i)(?<![\w.-]){_KEY_NAMES}\s*[:=]\s*(?P<value>[^\s\"'#,;&()\[\]{{}}<>]{{8,}})"
)
"""A secret-named key given a bare value inside prose (`... with aws_secret_access_key=Qm8v...
fails`): counted only when the value mixes letters and digits, so `secret=settings.SECRET_KEY`
or `tokens=1000000` stay code."""


SECRET_WORDS = Path("guards") / "secret_words.toml"
"""Under the config directory: what a secret is called in prose, per language."""
_VALUE = r"(?P<value>[!#-%(-_a-~]{6,})"
"""A value told in prose: printable ASCII without quotes, spaces or `&` (a URL query's next
parameter); it ends at CJK text."""
_TRAILING = ".,;:!?)]"
_ATTRIBUTE_CHAIN = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
"""`settings.SECRET_KEY`, `os.environ`: code that names where a secret lives, not its value."""
_PASSWORD_SYMBOLS = frozenset("!@#$%^&*_+=?~")
"""Symbols that make a told word a password (not `-`, `|`, `/` or `.`: "double-submit",
"token bucket|leaky", a path or a module)."""


@lru_cache(maxsize=4)
def told_secret_pattern(config_dir: Path = DEFAULT_CONFIG_DIR) -> re.Pattern[str] | None:
    """The pattern of a secret told in prose: a name, a few linking words, then the value."""
    path = config_dir / SECRET_WORDS
    if not path.exists():
        return None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    names = {str(n) for ns in data.get("names", {}).values() for n in ns}
    links = {str(w) for w in data.get("links", {}).get("words", [])}
    particles = {str(w) for w in data.get("links", {}).get("particles", [])}

    def alternation(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return re.compile(
        rf"(?i)(?<![A-Za-z0-9_-])(?:{alternation(names)})"
        rf"(?:\s*(?:{alternation(particles)})\s*|\s*[:=]\s*"
        rf"|\s+(?:(?:{alternation(links)})[\s:]+){{0,3}}|(?<=[^\x00-\u024f])(?=[!-~]))"
        rf"(?P<q>[\"'`«“「]?){_VALUE}"
    )


def _told_in_words(text: str) -> list[str]:
    """Values told in prose ("my password is hunter2", "パスワードはhunter2です").

    A value counts when quoted, or when it carries a digit or a password symbol (an
    ordinary word after "the token is" is not a secret: "expired", "Bucket", "double-submit").
    """
    pattern = told_secret_pattern()
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        value = match.group("value").rstrip(_TRAILING)
        quoted = bool(match.group("q"))
        if (
            len(value) >= MIN_SECRET - 2
            and (quoted or any(c.isdigit() or c in _PASSWORD_SYMBOLS for c in value))
            and not _ATTRIBUTE_CHAIN.fullmatch(value)
        ):
            found.append(value)
    return found


def _pgpass_passwords(text: str) -> list[str]:
    """The password field of `.pgpass` lines: a line of its own, or anywhere once pgpass is named."""
    named = "pgpass" in text.lower()
    found = []
    for m in _PGPASS_LINE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        alone = (
            not text[line_start : m.start()].strip()
            and not text[m.end() : len(text) if line_end < 0 else line_end].strip()
        )
        value = m.group("value").rstrip(_TRAILING)
        if (named or alone) and not value.isdigit():
            found.append(value)
    return found


def learner_secrets(text: str) -> tuple[str, ...]:
    """Secret values in the learner's own message: a reply must not quote them back.

    Live-looking keys, a URL's password, values given to a secret-named key (quoted, or a
    `.env`/YAML line) or told in prose ("my password is hunter2", 14 languages);
    placeholders (`your-token`, `xxxx`, `${DB_PASSWORD}`) are not.
    """
    found = [*SecretScrub()._keys(text, placeholder=_LEARNER_PLACEHOLDER)]
    found += [m.group(1) for m in _URL_PASSWORD.finditer(text)]
    found += [
        m.group(1)
        for m in _BEARER.finditer(text)
        if re.search(r"\d", m.group(1)) and re.search(r"[A-Za-z]", m.group(1))
    ]
    found += [
        m.group(1)
        for m in _URL_TOKEN.finditer(text)
        if re.search(r"\d", m.group(1)) and re.search(r"[A-Za-z]", m.group(1))
    ]
    found += [m.group("value") for p in (_QUOTED_SECRET, _ENV_SECRET) for m in p.finditer(text)]
    found += [m.group("value") for m in _POSITIONAL_PASSWORDS.finditer(text)]
    found += [
        value
        for m in _FLAG_PASSWORDS.finditer(text)
        if (
            value := next(
                (
                    v
                    for k in ("value", "attached", "query", "sshpass", "long", "netrc")
                    if (v := m.group(k))
                ),
                "",
            )
        )
        and value.rstrip(_TRAILING)
    ]
    found += _pgpass_passwords(text)
    found += [
        value
        for m in _INLINE_SECRET.finditer(text)
        if re.search(r"\d", value := m.group("value").rstrip(_TRAILING))
        and re.search(r"[A-Za-z]", value)
    ]
    found += _told_in_words(text)
    found += context_secrets(text)
    return tuple(
        dict.fromkeys(
            v
            for v in found
            if len(v) >= MIN_SECRET - 2
            and not _LEARNER_PLACEHOLDER.search(v)
            and not _NOT_A_VALUE.search(v)
        )
    )


class SecretScrub:
    """Finds and redacts the configured secrets and live-looking keys in text."""

    def __init__(self, values: Iterable[str | None] = ()) -> None:
        kept = sorted({v for v in values if v and len(v) >= MIN_SECRET}, key=len, reverse=True)
        self._values = tuple(kept)

    def with_values(self, values: Iterable[str]) -> SecretScrub:
        """The scrub also matching `values` (a turn's own: the learner's secrets).

        Those count from MIN_SECRET - 2 characters: `learner_secrets` already judged them
        secrets by their context ("my password is hunter2"), not by length alone.
        """
        more = tuple(v for v in values if len(v) >= MIN_SECRET - 2)
        if not more:
            return self
        scrub = SecretScrub()
        scrub._values = tuple(sorted({*self._values, *more}, key=len, reverse=True))
        return scrub

    def _keys(self, text: str, *, placeholder: re.Pattern[str] = _PLACEHOLDER) -> list[str]:
        found = list(SHAPES.finditer(text))
        if any(mark in text for mark in _MORE_MARKS):
            found += MORE_SHAPES.finditer(text)
        return [
            m.group(0)
            for m in found
            if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"))
            and not placeholder.search(m.group(0))
        ]

    def keys_in(self, text: str) -> tuple[str, ...]:
        """The live-looking keys in `text`, by their shape."""
        return tuple(self._keys(text))

    def find(self, text: str) -> bool:
        """True when `text` holds a configured secret (in any spelling) or a live-looking key."""
        return (
            any(v in text for v in self._values)
            or bool(self._keys(text))
            or (bool(self._values) and holds_form(text, self._values))
        )

    def redact(self, text: str) -> tuple[str, int]:
        """`text` with every secret replaced by REDACTED, and how many were."""
        count = 0
        for value in (*self._values, *self._keys(text)):
            if value in text:
                count += text.count(value)
                text = text.replace(value, REDACTED)
        if self._values:  # the same values encoded, reversed or split over literals
            text, encoded = redact_forms(text, self._values)
            text, joined = redact_joined(text, self._values)
            count += encoded + joined
        return text, count
