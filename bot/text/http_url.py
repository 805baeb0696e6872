"""Is a configured address an http(s) URL with a host? Checked once, at start.

A value that can never answer (`not a url`, `localhost:11434/v1` without its scheme, a port that
is no number) only showed itself at the first turn that needed it (review10 T31: every reply
fell back offline; review12 V17: the sandbox workers), so settings refuse it at start.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def http_url_problem(url: str) -> str:
    """What keeps `url` from being an http(s) URL with a host ('' when it is one)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an http(s) URL with a host"
    return ""
