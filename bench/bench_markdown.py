"""The one Markdown reader's cost beside the hand-written regex readers it replaced.

For a learner message (prose and a code block) and a long mentor reply, prints the median cost
of each reader the bot runs per message or per streamed preview, and the ratio to the regex
it replaced (kept here only as the reference). Correctness is what the reader buys (~~~,
longer fences, info strings, nesting, CRLF, chat-style fences); this shows what it costs, cold
and with the reader's cache of recent texts warm.

    PYTHONPATH=. python bench/bench_markdown.py
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.mentor.codeblocks import extract_blocks  # noqa: E402
from bot.mentor.language import strip_code  # noqa: E402
from bot.mentor.streaming import visible_prose  # noqa: E402
from bot.platforms.discord_render import neutralize, split_message  # noqa: E402
from bot.text import markdown  # noqa: E402

MESSAGE = (
    "Why does my asyncio service stall when the pool is busy? p99 went from 120 ms to 1.7 s.\n"
    "```python\n"
    + "\n".join(f"async def handler_{i}(request):\n    return await pool.run(work, {i})" for i in range(12))
    + "\n```\nI tried uvloop and it did not help."
)
REPLY = "\n\n".join(
    f"**{n}. Step**\nMeasure the loop lag with a sampling profiler before changing code; "
    "compare p50 and p99 under the same load.\n\n```python\n"
    + "\n".join(f"lag_{i} = measure(loop, window_s=1.0)" for i in range(10))
    + "\n```"
    for n in range(1, 8)
)

# The regex readers this module replaced (references only).
_OLD_LANG_FENCE = re.compile(r"```.*?(```|$)", re.S)
_OLD_FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)


def old_strip(text: str) -> str:
    return _OLD_LANG_FENCE.sub(" ", text)


def old_visible(text: str, placeholder: str) -> str:
    out: list[str] = []
    pos = 0
    fence: str | None = None
    for match in _OLD_FENCE_LINE.finditer(text):
        marker = match.group(1)
        if fence is None:
            out.append(text[pos : match.start()])
            out.append(placeholder)
            fence = marker
        elif marker[0] == fence[0] and len(marker) >= len(fence):
            fence = None
            end = text.find("\n", match.end())
            pos = len(text) if end < 0 else end + 1
            out.append("\n")
    if fence is None:
        out.append(text[pos:])
    return "".join(out)


def median_us(fn: object, runs: int = 300) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.median(samples)


def forget_texts() -> None:
    """Empty the reader's caches, so the next call reads its text cold."""
    for cache in (markdown._fences, markdown._blocks, markdown._lines):
        cache.cache_clear()


def main() -> None:
    rows = [
        ("strip code (language detection)", lambda: strip_code(MESSAGE), lambda: old_strip(MESSAGE)),
        ("hide code (streaming preview)", lambda: visible_prose(REPLY, "…"), lambda: old_visible(REPLY, "…")),
        ("code blocks of a message", lambda: extract_blocks(MESSAGE), None),
        ("read a reply's blocks", lambda: markdown.blocks(REPLY), None),
        ("split a reply for Discord", lambda: split_message(neutralize(REPLY)), None),
    ]
    print(f"message {len(MESSAGE)} chars, reply {len(REPLY)} chars")
    print("cold: every call tokenizes; warm: the text was read before (guards re-read a draft)")
    print(f"{'operation':34} {'cold µs':>8} {'warm µs':>8} {'regex µs':>9} {'cold/regex':>11}")
    for name, new, old in rows:
        cold_us = median_us(lambda new=new: (forget_texts(), new()))
        warm_us = median_us(new)
        if old is None:
            print(f"{name:34} {cold_us:8.1f} {warm_us:8.1f} {'-':>9} {'-':>11}")
            continue
        old_us = median_us(old)
        print(f"{name:34} {cold_us:8.1f} {warm_us:8.1f} {old_us:9.1f} {cold_us / old_us:10.1f}x")

if __name__ == "__main__":
    main()
