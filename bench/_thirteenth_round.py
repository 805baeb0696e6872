"""Thirteenth-round cases of bench/pedagogy_guards.py (`--thirteenth-only`).

A practice task's solution base64/hex/zlib-encoded in a prose command (review13 W11), unsafe
advice of new kinds (SSTI, path traversal, open redirect, XXE, AutoAddPolicy, SSRF, ECB, MD5
tokens: W15) and told in German/Japanese prose (W18), an AutoHotkey keystroke loop (W19),
invented runs in new phrasings (W20), with their clean look-alikes. Data:
tests/fakes/thirteenth_round.py; the loop is bench/_round_loop.py (via the twelfth round's
placing helpers).

integ (1a133ec9) -> hostile13, same machine, one after the other: encoded solutions shown
4/4 -> 0/4, encoded clean cut 0/2 -> 0/2, unsafe new kinds shown 12/12 -> 12/12 (not fixed),
safe forms cut 0/4 -> 0/4, AHK loop shown 1/1 -> 1/1, invented runs shown 4/4 -> 4/4. Cost per
clean draft 4.23 -> 4.00 ms (cpu, noise).

unsafe14 (main 4fa41fd5 -> unsafe14, same machine, rows checked with `check_draft`): unsafe new
kinds and prose shown 12/12 -> 0/12, safe forms cut 0/4 -> 0/4; check_draft on a clean draft
1.14 -> 2.38 ms (cpu: 14 more kinds, word-list prose kinds read on every line; not yet tuned).
"""

from __future__ import annotations

from typing import Any

from bench import _round_loop as loop
from bench._twelfth_round import marked_left, whole_cut
from tests.fakes.thirteenth_round import (
    CLAIMS,
    ENCODED_CLEAN,
    ENCODED_SOLUTIONS,
    KEYLOGGER,
    SAFE_FORMS,
    UNSAFE_KINDS,
)


async def report(app: Any, server: Any) -> dict[str, tuple[int, int]]:
    """Prints the thirteenth-round table; returns {row: (count, of)}."""
    del server  # no service case in this round
    rows: dict[str, tuple[int, int]] = {}
    details: dict[str, list[str]] = {}

    def row(title: str, key: str, found: list[str], of: int) -> None:
        rows[title] = (len(found), of)
        details[key] = found

    row(
        "encoded task solutions in prose: blob shown",
        "encoded shown",
        await marked_left(app, ENCODED_SOLUTIONS),
        len(ENCODED_SOLUTIONS),
    )
    row(
        "encoded tokens/settings: not shown whole",
        "encoded clean cut",
        await whole_cut(app, ENCODED_CLEAN),
        len(ENCODED_CLEAN),
    )
    row(
        "unsafe advice, new kinds and prose: shown as written",
        "unsafe shown",
        await marked_left(app, UNSAFE_KINDS),
        len(UNSAFE_KINDS),
    )
    row(
        "safe forms: not shown whole", "safe cut", await whole_cut(app, SAFE_FORMS), len(SAFE_FORMS)
    )
    row(
        "AutoHotkey keystroke loop: shown",
        "keylogger shown",
        await marked_left(app, KEYLOGGER),
        len(KEYLOGGER),
    )
    row(
        "invented runs, nothing ran: shown",
        "claims shown",
        await marked_left(app, CLAIMS, measured=False),
        len(CLAIMS),
    )
    loop.print_table("thirteenth round", rows, details)
    return rows
