"""A refused console message is told in the language it is written in (review10 T20)."""

from __future__ import annotations

import io
from io import StringIO

from bot.app import App
from bot.platforms.console import ConsoleChat


def script(*messages: str) -> io.TextIOWrapper:
    """Scripted console input (not a TTY), as `mca-bot chat < file` reads it."""
    return io.TextIOWrapper(io.BytesIO("\n".join(messages).encode() + b"\n"), encoding="utf-8")


def too_long(question: str) -> list[str]:
    """A question followed by a fenced module far past a 4 KB limit, line by line."""
    return [
        f"/mca ask {question} ```python",
        *(f"def f{i}(x): return x + {i}" for i in range(400)),
        "```",
    ]


async def test_a_too_long_english_message_after_a_french_thread_is_refused_in_english(
    app: App,
) -> None:
    """After a French thread and /mca new, the English paste's refusal is English."""
    out = StringIO()
    chat = ConsoleChat(
        app.mentor,
        user="t20",
        out=out,
        max_message_bytes=4096,
        stream=script(
            "/mca ask Mon worker asyncio traite 1 200 messages par minute, comment accélérer ?",
            "/mca new",
            *too_long("Is this module too big to be fast? I import it in every worker."),
        ),
    )
    await chat.run()
    refusal = out.getvalue().rstrip().splitlines()[-1]
    assert refusal.startswith("[line 3]")
    assert refusal.endswith(app.mentor.message("en", "too_long", size="> 4096", limit=4096))


async def test_a_refused_message_with_no_readable_words_keeps_the_threads_language(
    app: App,
) -> None:
    """Code alone says no language: the thread's language stays."""
    out = StringIO()
    chat = ConsoleChat(
        app.mentor,
        user="t20b",
        out=out,
        max_message_bytes=4096,
        stream=script(
            "/mca ask Mon worker asyncio traite 1 200 messages par minute, comment accélérer ?",
            *too_long(""),
        ),
    )
    await chat.run()
    refusal = out.getvalue().rstrip().splitlines()[-1]
    assert refusal.endswith(app.mentor.message("fr", "too_long", size="> 4096", limit=4096))
