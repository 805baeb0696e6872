"""Secrets in a draft: the bot's own credentials echoed back, or any live-looking key.

A hostile model server sees the API key the bot sends it and can write it into a reply; a
careless model can paste a real-looking token into an example. Such a value never reaches
the learner: the bot's configured secrets are matched exactly, well-known key formats by
shape (placeholders such as `sk-...`, `xoxb-your-token` or `<TOKEN>` are teaching, not keys).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

REDACTED = "[redacted]"
MIN_SECRET = 8
"""Configured values shorter than this are not matched (they would hit ordinary words)."""

SHAPES = re.compile(
    r"sk-(?:proj-|live-|test-|ant-)?[A-Za-z0-9_-]{20,}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}"
    r"|[MN][A-Za-z\d_-]{23,25}\.[\w-]{6}\.[\w-]{27,}"
    r"|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}"
    r"|AKIA[0-9A-Z]{16}\b|AIza[0-9A-Za-z_-]{35}"
    r"|-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP )?PRIVATE KEY-----"
)
"""OpenAI, Slack, Discord, GitHub, AWS, Google keys and private-key blocks, by shape.

No leading `\b`: it defeats the engine's first-character scan (8x slower on a clean draft);
a match inside a longer word is dropped by `_keys` instead."""
_PLACEHOLDER = re.compile(r"x{4,}|X{4,}|\.{3}|…|your|example|placeholder|redacted|dummy|fake", re.I)


class SecretScrub:
    """Finds and redacts the configured secrets and live-looking keys in text."""

    def __init__(self, values: Iterable[str | None] = ()) -> None:
        kept = sorted({v for v in values if v and len(v) >= MIN_SECRET}, key=len, reverse=True)
        self._values = tuple(kept)

    def _keys(self, text: str) -> list[str]:
        return [
            m.group(0)
            for m in SHAPES.finditer(text)
            if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"))
            and not _PLACEHOLDER.search(m.group(0))
        ]

    def find(self, text: str) -> bool:
        """True when `text` holds a configured secret or a live-looking key."""
        return any(v in text for v in self._values) or bool(self._keys(text))

    def redact(self, text: str) -> tuple[str, int]:
        """`text` with every secret replaced by REDACTED, and how many were."""
        count = 0
        for value in (*self._values, *self._keys(text)):
            if value in text:
                count += text.count(value)
                text = text.replace(value, REDACTED)
        return text, count
