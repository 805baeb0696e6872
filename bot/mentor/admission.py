"""Admission of a turn: the input checks (nothing is stored for a refused input) and allowances."""

from __future__ import annotations

from collections.abc import Callable

import structlog

from bot.errors import InputError, RateLimited, UserFacingError
from bot.mentor.codeblocks import CodeBlock, extract_blocks
from bot.mentor.limits import Allowances, allowance_subject
from bot.mentor.models import MentorRequest
from bot.mentor.settings import MentorSettings
from bot.observability import Metrics
from bot.storage.store import Learner
from bot.text.file_text import file_text
from bot.text.markdown import prose_and_code

log = structlog.get_logger()


def validate_request(request: MentorRequest, settings: MentorSettings) -> list[CodeBlock]:
    """Refuse inputs we cannot take (nothing is stored); return the code found."""
    text = request.text
    if "\x00" in text:
        raise InputError("The message contains binary data (NUL bytes).", key="binary_input")
    if len(text) > settings.max_question_chars:
        raise InputError(
            f"The message is {len(text)} characters; the limit is {settings.max_question_chars}.",
            key="too_long",
            size=len(text),
            limit=settings.max_question_chars,
        )
    blocks = extract_blocks(text)
    for att in request.attachments:
        if len(att.content) > settings.max_code_bytes:
            raise InputError(
                f"{att.filename} is {len(att.content)} bytes; the limit is "
                f"{settings.max_code_bytes}.",
                key="code_too_large",
                size=len(att.content),
                limit=settings.max_code_bytes,
            )
        code = readable(att.content)
        if code is None:
            if text.strip():  # the question stands; the reply names the file (review9 R38)
                continue
            raise InputError(f"{att.filename} is not UTF-8 text.", key="invalid_utf8")
        # A .py is the program to run; a .txt/.log (a traceback, a log) is read, never run.
        language = "python" if att.filename.lower().endswith(".py") else "text"
        blocks.append(CodeBlock(code=code, language=language, source=att.filename))
    if not request.attachments and not any(part.strip() for part in prose_and_code(text)):
        # An empty code block (a bare ``` fence) says no more than no text at all (review9 R30).
        raise InputError("Please write a question.", key="empty_question")
    return blocks


def readable(content: bytes) -> str | None:
    """An attached file's text (UTF-8, or UTF-16 with its BOM); None when not text."""
    return file_text(content)


def unreadable(request: MentorRequest) -> tuple[str, ...]:
    """Attached files left out of a turn with a question: not text (their names, for a notice)."""
    return tuple(att.filename for att in request.attachments if readable(att.content) is None)


def with_attached_text(text: str, blocks: list[CodeBlock]) -> str:
    """The question with attached .txt/.log files (tracebacks, logs) appended as text blocks."""
    attached = [b for b in blocks if b.source != "message" and b.language == "text"]
    return text + "".join(f"\n\n`{b.source}`:\n```text\n{b.code}\n```" for b in attached)


async def take_allowance(
    allowances: Allowances | None,
    metrics: Metrics,
    error_text: Callable[[UserFacingError, str], str],
    *,
    learner: Learner,
    request: MentorRequest,
    language: str,
    uses_llm: bool,
    budget: int | None = None,
) -> None:
    """Budget first (it spends nothing), then one question of the learner's allowance."""
    if allowances is None:
        return
    try:
        if uses_llm:
            try:
                await allowances.check_budget(request.community, budget=budget)
            except RateLimited:
                metrics.rate_limited.labels("community_budget").inc()
                raise
        try:
            await allowances.take_question(allowance_subject(learner.platform, learner.external_id))
        except RateLimited:
            metrics.rate_limited.labels("learner").inc()
            raise
    except RateLimited as exc:
        log.info("mentor.rate_limited", key=exc.key, retry_after_s=exc.retry_after_s)
        raise RateLimited(
            error_text(exc, language), retry_after_s=exc.retry_after_s, key=exc.key
        ) from None
