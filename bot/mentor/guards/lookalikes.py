"""Look-alike domains: a link that imitates a known site without being it.

A hostile draft sends the learner to `pypi-org.com`, `docs.pyth0n.org`, `python.org.evil.io`
or `githuh.com` for "the fixed wheel" or "the docs": a phishing or typosquatting site that a
reader takes for the real one. A host imitates a known one (config/guards/domains.toml and
the hosts the knowledge base cites) when it is not that host or its subdomain and either
reads the same once look-alike letters are undone (Cyrillic `о`, `0` for `o`, `rn` for `m`,
punycode), is one or two letters away from it, or carries the whole known name inside
another domain (`pypi.org-files.net`, `docs-python.org`). Links to other sites are left alone.
Hosts are read in links and bare in prose ("get it from pypi-org.com"). A package a reply
tells the learner to install (`pip install reqeusts`, `poetry add python-dateutils`) imitates
a popular one when it is one or two letters away from it and not itself a real, much-installed
package (config/guards/packages.toml).
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bot.mentor.guards.harm_code import lookalike_skeleton

URL_HOST = re.compile(r"(?i)\b(?:https?|ftp)://(?:[^\s/@]*@)?([^\s/:?#)\]>'\"`]+)")
_DIGITS = str.maketrans("01l|3457", "oiiieast")
"""Characters read as letters: `0` as `o`, `1`, `l` and `|` as `i` (pypl.org for pypi.org)."""
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("ii", "u"))
MIN_NAME = 5
"""Shortest known name (without its top-level domain) another one-letter-off name imitates."""
BARE_TLD = re.compile(
    r"\.(?:com|org|net|io|dev|app|co|info|xyz|top|site|online|me|sh|ai|cc|biz|us|uk|de|"
    r"ru|cn|tk|ml|ga|cf|gq|pw|club|shop|store|live|link|click|cloud|tech|pro|page|gov|edu|so|"
    r"to|gg|ly|ws|in|eu)(?![\w-]|\.[A-Za-z0-9])"
)
"""The end of a bare host in prose (`pypi-org.com`): a top-level domain not followed by more
of a name. Python's own dotted names end otherwise (`os.path`, `setup.py`, `self.data`).
Lowercase only: case-blind, it cost a clean draft's lines 3x more."""
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
INSTALL = re.compile(
    r"(?i)\b(?:pip3?|pipx|uv(?:\s+pip)?|poetry|pdm|conda|mamba)\s+(?:install|add)\s+"
    r"([^\n;&|#`]+)"
)
"""A command installing packages; group 1 holds its arguments."""
_OPTION_VALUE = frozenset({"-r", "-c", "-i", "-e", "--index-url", "--extra-index-url", "-f"})
_PACKAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MIN_PACKAGE = 5
"""Shortest popular package name another name one letter off imitates (`six`, `rich`: no)."""


def package_key(name: str) -> str:
    """A package name as PyPI compares it: lowercase, `_` and `.` read as `-`."""
    return re.sub(r"[-_.]+", "-", name.lower())


def installed_names(text: str) -> list[str]:
    """The package names `text`'s install commands name (no options, paths, URLs or files)."""
    names: list[str] = []
    for match in INSTALL.finditer(text):
        skip = False
        for word in match.group(1).split():
            token = word.strip("\"'")
            if skip or not token:
                skip = False
                continue
            if token.startswith("-"):
                skip = token in _OPTION_VALUE
                continue
            if "/" in token or "\\" in token or token.endswith((".txt", ".whl", ".gz", ".zip")):
                continue
            name = _PACKAGE.match(token)
            if name:
                names.append(package_key(name.group(0).rstrip(".")))
    return names


def _registrable(host: str) -> str:
    """The last two labels (`docs.python.org` -> `python.org`)."""
    return ".".join(host.split(".")[-2:])


def _skeleton(host: str) -> str:
    if host.startswith("xn--") or ".xn--" in host:
        with contextlib.suppress(UnicodeError):
            host = host.encode("ascii").decode("idna")
    text = lookalike_skeleton(host).lower().translate(_DIGITS)
    for pair, letter in _PAIRS:
        text = text.replace(pair, letter)
    return text


def _distance(a: str, b: str, most: int) -> int:
    """Levenshtein distance, stopping once it exceeds `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        low = row[0]
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
            low = min(low, row[j])
        if low > most:
            return most + 1
    return row[-1]


def _deletes(name: str) -> set[str]:
    """`name` with none, one or two of its letters deleted."""
    once = {name[:i] + name[i + 1 :] for i in range(len(name))}
    return {name, *once, *(w[:i] + w[i + 1 :] for w in once for i in range(len(w)))}


class Lookalikes:
    """The known hosts, and the test whether a link's host imitates one."""

    def __init__(
        self,
        known: Iterable[str],
        brands: Iterable[str] = (),
        packages: Iterable[str] = (),
        real: Iterable[str] = (),
    ) -> None:
        self.packages = frozenset(package_key(p) for p in packages)
        """The most-installed packages a typosquat imitates."""
        self.real = self.packages | frozenset(package_key(p) for p in real)
        """Packages never flagged: the popular ones and real ones close to them."""
        self._package_near: dict[str, set[str]] = {}
        for name in self.packages:
            if len(name) >= MIN_PACKAGE:
                for variant in _deletes(name):
                    self._package_near.setdefault(variant, set()).add(name)
        hosts = {h.lower().strip().removeprefix("www.") for h in known if "." in h}
        self.known = frozenset(hosts)
        self.brands = frozenset(_skeleton(b.lower()) for b in brands)
        self._skeletons = frozenset(_skeleton(h) for h in hosts)
        self._near: dict[str, set[str]] = {}
        """Each known name with up to two letters deleted -> the names (symmetric deletes: a
        name one or two edits away shares one of these)."""
        for name in {_registrable(h) for h in hosts}:
            if len(name.split(".")[0]) >= MIN_NAME:
                for variant in _deletes(name):
                    self._near.setdefault(variant, set()).add(name)
        self._check = lru_cache(maxsize=1024)(self._imitates)
        self._squat = lru_cache(maxsize=1024)(self._typosquat)

    @classmethod
    def load(cls, config_dir: Path, more: Iterable[str] = ()) -> Lookalikes:
        """config/guards/domains.toml's `known`, plus `more` (the knowledge base's hosts)."""
        path = config_dir / "guards" / "domains.toml"
        table = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        listed = [str(h) for h in table.get("known", [])]
        path = config_dir / "guards" / "packages.toml"
        names = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return cls(
            [*listed, *more],
            [str(b) for b in table.get("brands", [])],
            [str(p) for p in names.get("popular", [])],
            [str(p) for p in names.get("real", [])],
        )

    def _own(self, host: str) -> bool:
        labels = host.split(".")
        return any(".".join(labels[i:]) in self.known for i in range(len(labels) - 1))

    def _imitates(self, host: str) -> bool:
        host = host.lower().rstrip(".").removeprefix("www.")
        if "." not in host or self._own(host) or host in {"localhost"}:
            return False
        parts = host.replace("-", ".").split(".")
        inner = {
            ".".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 2, len(parts) + 1)
        }
        if inner & self.known:
            return True  # python.org.evil.io, pypi-org.com, docs-python.org
        skeleton = _skeleton(host)
        labels = skeleton.split(".")
        if skeleton != host and any(
            ".".join(labels[i:]) in self._skeletons for i in range(len(labels) - 1)
        ):
            return True  # docs.pyth0n.org, pаypal.com (Cyrillic а), xn--...
        words = set(re.split(r"[.-]", skeleton)[:-1])
        if words & self.brands:
            return True  # paypal-secure.com, micros0ft-login.com, github.verify.io
        name = _registrable(host)
        near = {w for v in _deletes(name) for w in self._near.get(v, ())}
        for wanted in near - {name}:
            most = 1 if len(wanted) < 12 else 2
            if _distance(name, wanted, most) <= most:
                return True  # pypl.org, githuh.com
        return False

    def imitates(self, host: str) -> bool:
        """`host` imitates a known host without being it (or its subdomain)."""
        return bool(self._check(host))

    def typosquat(self, name: str) -> bool:
        """`name` is one or two letters away from a popular package without being a real one."""
        return bool(self._squat(package_key(name)))

    def _typosquat(self, name: str) -> bool:
        if name in self.real:
            return False
        for wanted in {w for v in _deletes(name) for w in self._package_near.get(v, ())}:
            most = 1 if len(wanted) < 8 else 2
            if _distance(name, wanted, most) <= most:
                return True
        return False

    def find(self, text: str) -> tuple[str, ...]:
        """The look-alike hosts `text` links to or names, and typosquats it tells to install."""
        found: list[str] = []
        if "://" in text:
            found += (h for h in URL_HOST.findall(text) if self.imitates(h))
        if "." in text and self.known:
            found += (h for h in bare_hosts(text) if self.imitates(h))
        if self.packages and ("install" in text or " add " in text):
            found += (n for n in installed_names(text) if self.typosquat(n))
        return tuple(found)


def bare_hosts(text: str) -> list[str]:
    """Hosts named in prose without a scheme (`pypi-org.com`); a link's host is URL_HOST's."""
    hosts = []
    for match in BARE_TLD.finditer(text):
        start = match.start()
        while start and text[start - 1] in _HOST_CHARS:
            start -= 1
        if start and text[start - 1] in "/:":
            continue  # inside a link: URL_HOST reads it
        host = text[start : match.end()].strip(".-")
        if "." in host and host.split(".")[0]:
            hosts.append(host)
    return hosts


NO_LOOKALIKES = Lookalikes(())
"""A rule without known hosts (finds nothing)."""
