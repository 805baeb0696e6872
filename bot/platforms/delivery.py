"""One delivery pipeline for every platform: check, order, stream, deliver, redeliver, errors.

Discord, Slack and the console parse their own inputs and supply a `ReplySink` (where a
reply's messages go); everything between a parsed request and the shown reply is here:

    check once (admit + validate)  -> drain tracks the whole delivery (once)
    -> one turn at a time per thread (`ThreadLocks`, pruned when idle)
    -> placeholder, paced previews (`ReplyStream`), the turn registered in the outbox
    -> the final parts, then `outbox.delivered` (a failed send stays undelivered:
       recovery redelivers it with `redeliver`, the same algorithm on every platform)
    -> any failure becomes the learner's text from one table (`LearnerErrors`).

Exactly once: parts posted after the turn is stored carry a marker (turn, part): Discord
sends it as a nonce that Discord enforces, Slack as message metadata that `marked` finds.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import structlog

from bot.errors import StorageError, UserFacingError
from bot.mentor.codeblocks import CodeBlock
from bot.mentor.models import MentorReply, MentorRequest
from bot.mentor.recovery import Outbox
from bot.mentor.service import MentorService
from bot.platforms.streaming import EditPacer, MessageSink, ReplyStream
from bot.storage.inbox import storage_failed

log = structlog.get_logger()

P = TypeVar("P")


class ReplySink(MessageSink[P], Protocol[P]):
    """A `MessageSink` plus what delivery needs around the stream."""

    async def marked(self, turn_id: int) -> dict[int, str]:
        """Parts of the turn's reply already posted, found by their marker ({} if unsearchable)."""
        ...

    def reply_ref(self, refs: Sequence[str]) -> str | None:
        """The reply's id for reactions, stored with the outbox's delivery (None: `delivered`)."""
        ...

    async def delivered(self, reply_id: int, refs: Sequence[str]) -> None:
        """Remember where the reply lives, when the platform keeps more than `reply_ref`."""
        ...

    async def extras(self, reply: MentorReply) -> list[str]:
        """Post what follows the reply on this platform (e.g. a sandbox report); their refs."""
        ...


class LearnerErrors:
    """The one error-to-learner-text table: every UserFacingError readable, the rest a ref."""

    def __init__(self, mentor: MentorService, platform: str) -> None:
        self._mentor = mentor
        self._platform = platform

    def text_for(self, error: BaseException, language: str, **context: Any) -> str:
        """What the learner reads; an internal error gets a reference that is also logged."""
        if isinstance(error, UserFacingError):
            log.info(
                f"{self._platform}.input_refused", key=error.key, error=error.message, **context
            )
            return self._mentor.error_text(error, language)
        ref = uuid.uuid4().hex[:8]
        log.error(f"{self._platform}.error", ref=ref, exc_info=error, **context)
        return self._mentor.message(language, "internal_error", ref=ref)


@dataclass
class _Entry:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class ThreadLocks:
    """One turn at a time per thread; an entry lives only while a turn holds or awaits it."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @asynccontextmanager
    async def hold(self, thread: str) -> AsyncIterator[None]:
        """Wait for the thread's earlier turns (in arrival order), then run alone in it."""
        entry = self._entries.setdefault(thread, _Entry())
        entry.users += 1
        try:
            async with entry.lock:
                yield
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._entries[thread]


@dataclass(frozen=True, slots=True)
class Checked:
    """A request that passed the one input check; its code blocks go to the mentor."""

    blocks: list[CodeBlock]


class Delivery:
    """The pipeline of one platform (its name prefixes the log events)."""

    def __init__(
        self,
        *,
        mentor: MentorService,
        platform: str,
        outbox: Outbox | None,
        pacer: EditPacer | None = None,
        catch_up: bool = True,
    ) -> None:
        self.mentor = mentor
        self.platform = platform
        self.outbox = outbox
        """Where turns are registered for redelivery (None: the console, whose turns can't be)."""
        self.pacer = pacer or EditPacer()
        self.catch_up = catch_up
        """Previews held back by the pacing show later (True) or are dropped (ReplyStream)."""
        self.locks = ThreadLocks()
        self.errors = LearnerErrors(mentor, platform)

    @asynccontextmanager
    async def checked(self, request: MentorRequest) -> AsyncIterator[Checked]:
        """Check the request once and count everything inside as one turn in flight.

        A platform that opens a thread first (Discord's `/mca ask`) does it inside, so a bad
        question never opens a thread and a drain waits for the thread's answer too.
        """
        blocks = self.mentor.check(request)
        async with self.mentor.drain.track():
            yield Checked(blocks)

    async def answer(
        self, sink: ReplySink[P], request: MentorRequest, checked: Checked | None = None
    ) -> MentorReply | None:
        """Answer `request` into `sink`; raises when the turn fails (nothing shown stays).

        Returns None when the reply was stored but could not be shown (the platform refused
        the post): it stays undelivered in the outbox, and recovery delivers it.
        """
        if checked is None:
            async with self.checked(request) as fresh:
                return await self._answer(sink, request, fresh)
        return await self._answer(sink, request, checked)

    async def reply(
        self, sink: ReplySink[P], request: MentorRequest, *, language: str
    ) -> MentorReply | None:
        """`answer`, with a failure told in the thread (plain messages have no private reply)."""
        try:
            return await self.answer(sink, request)
        except Exception as exc:  # the one error table, then a note where the learner wrote
            await self.note(sink, self.errors.text_for(exc, language, thread=request.thread))
            return None

    async def note(self, sink: ReplySink[P], markdown: str) -> None:
        """Post a short text in the sink's thread (best effort: it is logged when it fails)."""
        try:
            for part in sink.render(markdown):
                await sink.post(part)
        except Exception as exc:  # the learner's turn is already settled; only the note is lost
            log.warning(f"{self.platform}.note_failed", error=str(exc) or type(exc).__name__)

    async def _answer(
        self, sink: ReplySink[P], request: MentorRequest, checked: Checked
    ) -> MentorReply | None:
        async with self.locks.hold(request.thread or ""):
            stream = ReplyStream(sink, self.pacer, catch_up=self.catch_up)
            await stream.start()

            async def accepted(turn_id: int) -> None:
                stream.turn = turn_id
                if self.outbox is not None:
                    await self.outbox.accept(turn_id, self.platform, first_part=stream.first)

            try:
                reply = await self.mentor.run_turn(
                    request, checked.blocks, on_progress=stream.update, on_accepted=accepted
                )
            except BaseException as exc:
                if isinstance(exc, StorageError):  # the database, not the turn: it goes again
                    if stream.turn is not None and self.outbox is not None:
                        self.outbox.orphans.add(stream.turn)
                    elif stream.turn is None:
                        storage_failed()
                await stream.abort()
                raise
            # A preview may already show the whole reply: reactions on it count from now on.
            early = sink.reply_ref([stream.first]) if stream.first is not None else None
            if early is not None and reply.reply_id:
                await self.mentor.store.set_external_id(reply.reply_id, early)
            try:
                refs = await stream.finish(reply.text)
                shown = refs + await sink.extras(reply)
                await sink.delivered(reply.reply_id, shown)
            except Exception as exc:  # stored, not shown: recovery redelivers it
                log.error(
                    f"{self.platform}.reply_failed",
                    turn=reply.turn_id,
                    error=str(exc) or type(exc).__name__,
                )
                return None
            if self.outbox is not None:  # one write: delivered, and where the reply lives
                await self.outbox.delivered(
                    reply.turn_id,
                    refs,
                    reply_id=reply.reply_id,
                    external_id=None if early else sink.reply_ref(refs),
                )
        log.info(
            f"{self.platform}.reply_posted",
            thread=request.thread,
            parts=len(shown),
            edits=stream.edits,
            engine=reply.engine,
        )
        return reply

    async def redeliver(
        self, sink: ReplySink[P], *, turn_id: int, reply_id: int, markdown: str
    ) -> None:
        """A recovered reply: edit the parts already posted, post only the missing ones."""
        assert self.outbox is not None, "only platforms with an outbox redeliver"
        parts = list(sink.render(markdown))
        known = await self.outbox.parts(turn_id)
        if any(index not in known for index in range(len(parts))):
            known = {**await sink.marked(turn_id), **known}
        refs: list[str] = []
        for index, part in enumerate(parts):
            ref = known.get(index)
            if ref is not None and not await sink.edit(ref, part):
                ref = None  # deleted meanwhile: post it again
            if ref is None:
                ref = await sink.post(part, (turn_id, index))
                await self.outbox.record_part(turn_id, index, ref)
            refs.append(ref)
        await sink.delivered(reply_id, refs)
        await self.outbox.delivered(
            turn_id, refs, reply_id=reply_id, external_id=sink.reply_ref(refs)
        )
        log.info(f"{self.platform}.reply_redelivered", turn=turn_id, parts=len(refs))
