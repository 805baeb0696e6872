"""Requests and replies of the mentor: frozen dataclasses that cross every boundary."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from bot.sandbox.report import SandboxReport

SECTION_KEYS = (
    "context",
    "hypotheses",
    "steps",
    "scaffold",
    "topics",
    "next_steps",
    "reflection",
)
"""The method's 7-part reply structure, in order."""

OPTIONAL_SECTIONS = frozenset({"scaffold"})
"""Sections that may be empty (the scaffold is written only when asked for)."""


class Role(StrEnum):
    """The method's three roles; a reply emphasises one of them."""

    MENTOR = "mentor"
    COPILOT = "copilot"
    AGENT = "agent"


@dataclass(frozen=True, slots=True)
class Sections:
    """The 7 parts of a reply, each as Markdown text."""

    context: str = ""
    hypotheses: str = ""
    steps: str = ""
    scaffold: str = ""
    topics: str = ""
    next_steps: str = ""
    reflection: str = ""

    def to_dict(self) -> dict[str, str]:
        """Sections by key, in order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Sections:
        """Build from a mapping (unknown keys ignored)."""
        return cls(**{k: str(data.get(k, "")) for k in SECTION_KEYS})

    def missing(self) -> list[str]:
        """Required sections that are empty."""
        return [
            k for k in SECTION_KEYS if k not in OPTIONAL_SECTIONS and not getattr(self, k).strip()
        ]


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the learner attached (e.g. a .py on Discord or Slack)."""

    filename: str
    content: bytes

    def __repr__(self) -> str:
        return f"Attachment(filename={self.filename!r}, size={len(self.content)})"


@dataclass(frozen=True, slots=True)
class MentorRequest:
    """One learner turn as any platform sees it."""

    platform: str
    user: str
    text: str
    thread: str | None = None
    """The platform's thread id; None starts a new thread (the service assigns an id)."""
    channel: str = ""
    community: str = ""
    user_name: str = ""
    locale: str | None = None
    attachments: tuple[Attachment, ...] = ()

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 40 else self.text[:40] + "..."
        return (
            f"MentorRequest(platform={self.platform!r}, user={self.user!r}, "
            f"thread={self.thread!r}, text={text!r}, attachments={len(self.attachments)})"
        )


@dataclass(frozen=True, slots=True)
class MentorReply:
    """The mentor's answer to one turn, ready for a platform to render."""

    thread: str
    language: str
    role: Role
    engine: str
    sections: Sections
    text: str
    sandbox: SandboxReport | None = None
    refused: bool = False
    notice: str = ""
    """A short note shown before the reply (unsupported language, fallback engine...)."""
    turn_id: int = 0
    reply_id: int = 0
    topics: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The `mca-bot ask --json` contract."""
        return {
            "thread": self.thread,
            "language": self.language,
            "role": self.role.value,
            "engine": self.engine,
            "sections": self.sections.to_dict(),
            "text": self.text,
            "sandbox": self.sandbox.to_dict() if self.sandbox else None,
            "refused": self.refused,
        }
