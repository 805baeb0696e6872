"""The store port: records (learners, threads, messages) and the `Store` protocol.

Repositories live beside it in bot/storage; SqlStore (sql_store.py) implements it on SQLite or
PostgreSQL. Tests that need no database can implement the protocol in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from bot.storage.allowances import AllowanceRepository, TokenSpend
from bot.storage.claims import Claims
from bot.storage.community import CommunitySettingsRepository
from bot.storage.course import CourseStore
from bot.storage.database import Database
from bot.storage.discord_sessions import GatewaySessions
from bot.storage.inbox import Inbox
from bot.storage.outbox import Outbox

Author = Literal["learner", "mentor"]
TurnStatus = Literal["pending", "answered", "failed"]


@dataclass(frozen=True, slots=True)
class Learner:
    """A person on one platform."""

    id: int
    platform: str
    external_id: str
    display_name: str = ""
    locale: str | None = None
    language: str | None = None
    competence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """One mentoring conversation; its language and topics persist across turns."""

    id: int
    platform: str
    external_id: str
    community: str
    channel: str
    learner_id: int
    language: str | None
    role: str
    topics: tuple[str, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """A learner turn or a mentor reply."""

    id: int
    thread_id: int
    author: Author
    text: str
    language: str | None
    engine: str | None
    status: TurnStatus
    reply_to: int | None
    created_at: float

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 40 else self.text[:40] + "..."
        return f"MessageRecord(id={self.id}, author={self.author!r}, text={text!r})"


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What `/mca forget` removed (the reply tells the learner)."""

    messages: int = 0
    """Every message deleted: their threads', their turns elsewhere and the replies to those."""
    threads: int = 0
    elsewhere: int = 0
    """Their turns in threads another learner owns."""
    course: int = 0
    """Course submissions, session progress and session threads."""
    deliveries: int = 0
    """Replies still waiting in the outbox."""

    def params(self) -> dict[str, int]:
        """The `forgot` message's placeholders."""
        return {
            "count": self.messages,
            "threads": self.threads,
            "elsewhere": self.elsewhere,
            "course": self.course,
            "deliveries": self.deliveries,
        }


@dataclass(frozen=True, slots=True)
class TurnStart:
    """What a turn reads first: its learner (created if new), its thread and that memory."""

    learner: Learner
    thread: ThreadRecord | None
    """None: the thread is new (the turn creates it)."""
    memory: dict[str, Any] | None
    """The thread's memory as stored ({} when none); None when the thread is new."""


class Store(Protocol):
    """Everything persistent, by repository: turns, threads and memory here; the rest beside.

    The adapter is `bot.storage.sql_store.SqlStore` over SQLite or PostgreSQL. Every room
    goes through the repositories; `db` stays for the storage package itself and for tests
    that read rows directly to check what was written.
    """

    db: Database
    inbox: Inbox
    outbox: Outbox
    course: CourseStore
    allowances: AllowanceRepository
    community: CommunitySettingsRepository
    gateway_sessions: GatewaySessions

    def claims(self, *, ttl_s: float) -> Claims:
        """Exactly-once keys (Slack events and messages), pruned after `ttl_s`."""
        ...

    async def ping(self) -> None:
        """Answer once the database does (readiness); StorageError when it cannot."""
        ...

    async def upsert_learner(
        self, platform: str, external_id: str, *, display_name: str = "", locale: str | None = None
    ) -> Learner:
        """Find or create a learner, refreshing name and locale when given."""
        ...

    async def turn_start(
        self,
        platform: str,
        external_id: str,
        thread: str,
        *,
        display_name: str = "",
        locale: str | None = None,
    ) -> TurnStart:
        """`upsert_learner`, `get_thread` and that thread's `load_memory`: what a turn reads first."""
        ...

    async def learner_id(self, platform: str, external_id: str) -> int | None:
        """Our id of a platform user who has written before (None for everyone else)."""
        ...

    async def get_learner(self, learner_id: int) -> Learner | None:
        """A learner by id."""
        ...

    async def set_competence(self, learner_id: int, competence: dict[str, Any]) -> None:
        """Replace a learner's competence record."""
        ...

    async def forget_learner(self, platform: str, external_id: str) -> Forgotten:
        """Delete a learner and everything stored about them, wherever they wrote; say what."""
        ...

    async def get_thread(self, platform: str, external_id: str) -> ThreadRecord | None:
        """A thread by its platform id."""
        ...

    async def get_thread_by_id(self, thread_id: int) -> ThreadRecord | None:
        """A thread by our id."""
        ...

    async def create_thread(
        self,
        *,
        platform: str,
        external_id: str,
        learner_id: int,
        community: str = "",
        channel: str = "",
        language: str | None = None,
    ) -> ThreadRecord:
        """Start a thread (idempotent on the platform id)."""
        ...

    async def load_memory(self, thread_id: int) -> dict[str, Any]:
        """A thread's memory as stored (JSON object), {} for a new thread or unreadable data."""
        ...

    async def save_memory(self, thread_id: int, memory: dict[str, Any]) -> None:
        """Replace a thread's memory (one statement: written whole or not at all)."""
        ...

    async def add_learner_turn(
        self, thread_id: int, text: str, *, language: str | None, learner_id: int | None = None
    ) -> int:
        """Persist a learner's message as 'pending' before any work on it.

        `learner_id`: who wrote it (the thread's learner when not given), so forgetting a
        learner finds their words in any thread.
        """
        ...

    async def add_report(self, message_id: int, report: dict[str, Any]) -> None:
        """Store the sandbox report of a turn."""
        ...

    async def reports_for(self, message_id: int) -> list[dict[str, Any]]:
        """Sandbox reports stored with a turn."""
        ...

    async def add_reply(
        self,
        *,
        thread_id: int,
        reply_to: int,
        text: str,
        language: str,
        engine: str,
        role: str,
        topics: tuple[str, ...],
        memory: dict[str, Any] | None = None,
        spend: TokenSpend | None = None,
    ) -> int:
        """Store the mentor's reply, mark the turn answered and update the thread, atomically.

        `memory`, when given, replaces the thread's memory in the same transaction (one write);
        `spend`, when given, adds the turn's LLM tokens to its community's use there too.
        """
        ...

    async def mark_turn(self, message_id: int, status: TurnStatus) -> None:
        """Set a learner turn's status (e.g. 'failed' when no engine could answer)."""
        ...

    async def set_thread_summary(self, thread_id: int, summary: str) -> None:
        """Replace the running summary of a long thread."""
        ...

    async def recent_messages(self, thread_id: int, limit: int) -> list[MessageRecord]:
        """The newest `limit` messages of a thread, oldest first."""
        ...

    async def count_messages(self, thread_id: int) -> int:
        """How many messages a thread holds."""
        ...

    async def pending_turns(self) -> list[MessageRecord]:
        """Learner turns accepted but never answered (e.g. the bot was killed mid-reply)."""
        ...

    async def set_external_id(self, message_id: int, external_id: str) -> None:
        """Remember the platform message that carries a reply (for reactions)."""
        ...

    async def record_reply_parts(self, reply_id: int, part_ids: Sequence[str]) -> None:
        """Remember every platform message carrying part of a reply; the first is its id."""
        ...

    async def reply_external_id(self, part_id: str) -> str | None:
        """The external id of the reply a platform message is part of (None: not a reply)."""
        ...

    async def add_feedback(self, external_message_id: str, learner_id: int, value: int) -> bool:
        """Store 👍 (+1) / 👎 (-1) on the reply posted as that platform message."""
        ...
