"""Per-thread context: recent turns verbatim, older ones folded into a running summary.

The summary is extractive (no LLM call, no cost): one line per turn that left the verbatim
window, capped at `summary_max_chars` by dropping its oldest lines. The prompt builder then
trims what is left to the character budget.
"""

from __future__ import annotations

from bot.mentor.engine_port import Turn
from bot.storage.store import MessageRecord, Store, ThreadRecord
from bot.text import markdown

SUMMARY_HEAD = "Earlier in this thread:"
LINE_CHARS = 160


def _one_line(text: str, limit: int = LINE_CHARS) -> str:
    read = markdown.read_lines(text)
    lines = [ln.text.strip(" *#>-") for ln in read if ln.role in ("prose", "code")]
    flat = " ".join(ln for ln in lines if ln)
    flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def summary_line(message: MessageRecord) -> str:
    """One summary line for a turn."""
    if message.author == "learner":
        return f"- learner asked: {_one_line(message.text)}"
    body = [ln for ln in message.text.splitlines() if ln.strip() and not ln.startswith("**")]
    return f"- mentor ({message.engine or '?'}) answered: {_one_line(' '.join(body[:2]))}"


def fold_summary(previous: str, dropped: list[MessageRecord], max_chars: int) -> str:
    """`previous` plus a line per dropped turn, within `max_chars` (oldest lines go first)."""
    if max_chars <= 0:
        return ""
    lines = [ln for ln in previous.splitlines() if ln.strip() and ln != SUMMARY_HEAD]
    lines.extend(summary_line(m) for m in dropped)
    while lines and len(SUMMARY_HEAD) + sum(len(ln) + 1 for ln in lines) > max_chars:
        lines.pop(0)
    return "\n".join([SUMMARY_HEAD, *lines]) if lines else ""


async def history(
    store: Store, thread: ThreadRecord, *, turns: int, exclude: int
) -> tuple[Turn, ...]:
    """The newest `turns` messages of the thread before the current turn, oldest first."""
    return (await window(store, thread, turns=turns, exclude=exclude))[0]


async def window(
    store: Store, thread: ThreadRecord, *, turns: int, exclude: int, fresh: bool = False
) -> tuple[tuple[Turn, ...], int | None]:
    """`history`, and how many messages the thread holds when that is fewer than `turns` + 1.

    The count (None: more) lets `refresh_summary` skip its read while nothing can fold yet.
    `fresh`: the turn opened the thread, so it holds that turn alone and there is nothing to
    read (a round trip saved on every first turn).
    """
    if turns <= 0:
        return (), None
    if fresh:
        return (), 1
    recent = await store.recent_messages(thread.id, turns + 1)
    held = len(recent) if len(recent) <= turns else None
    return tuple(Turn(m.author, m.text) for m in recent if m.id != exclude)[-turns:], held


async def refresh_summary(
    store: Store,
    thread: ThreadRecord,
    *,
    turns: int,
    max_chars: int,
    held_before: int | None = None,
) -> str | None:
    """Fold turns that just left the verbatim window into the summary; the new one if changed.

    `held_before`: the thread's messages before this reply (from `window`); while the reply
    still fits in the verbatim window nothing can fold, and the read is skipped.
    """
    if held_before is not None and held_before + 1 <= turns:
        return None
    recent = await store.recent_messages(thread.id, turns + 2)
    if len(recent) <= turns:
        return None
    dropped = recent[: len(recent) - turns]
    summary = fold_summary(thread.summary, dropped, max_chars)
    if summary == thread.summary:
        return None
    await store.set_thread_summary(thread.id, summary)
    return summary


async def mentor_texts(
    store: Store, thread_id: int, history: tuple[Turn, ...], *, window: int, reach: int
) -> list[str]:
    """The bot's replies in this thread: `history`, or the last `reach` messages when it is full.

    A solution handed out over more replies than the verbatim window holds is still one, so
    the integrity guard reads further back; one more read, only in long threads (reach > 0).
    """
    texts = [t.text for t in history if t.author == "mentor"]
    if reach > 0 and len(history) >= window > 0:
        older = await store.recent_messages(thread_id, reach)
        texts = [m.text for m in older if m.author == "mentor"]
    return texts
