"""Fourteenth-round cases of bench/pedagogy_guards.py (`--fourteenth-only`).

Keystroke capture feeding a file, socket, URL or clipboard in AutoHotkey, C, C#, PowerShell,
Python ctypes/pynput/evdev, shell (xinput), browser JS and Swift, fenced and inline (review13
W19), with look-alikes that capture nothing; terminal control sequences in a draft (W24: OSC 52,
clear-screen, concealed text hiding `curl | sh`, 8-bit CSI, OSC 8, bidi override); invented
runs in 14 languages and honest numbers (W20). Data: tests/fakes/fourteenth_round.py; the loop
is bench/_round_loop.py (via the twelfth round's placing helpers).

main (4fa41fd5) -> hostile14, run side by side on the same loaded machine (load ~15):
keystroke capture shown 12/14 -> 0/14, key look-alikes cut 1/6 -> 0/6 (the hook scanner),
escapes shown raw 5/6 -> 0/6 (the concealed `curl | sh` is judged and goes), invented runs
shown 4/14 -> 0/14, honest numbers cut 0/5 -> 0/5. Cost per clean draft 4.27 -> 3.49 ms (cpu,
noise under load). Written by the helper who fixed it: the tests use their own wordings.
"""

from __future__ import annotations

from typing import Any

from bench import _round_loop as loop
from bench._twelfth_round import marked_left, whole_cut
from tests.fakes.fourteenth_round import CLAIMS, ESCAPES, HONEST, KEY_LOOKALIKES, KEYLOGGERS


async def report(app: Any, server: Any) -> dict[str, tuple[int, int]]:
    """Prints the fourteenth-round table; returns {row: (count, of)}."""
    del server  # no service case in this round
    rows: dict[str, tuple[int, int]] = {}
    details: dict[str, list[str]] = {}

    def row(title: str, key: str, found: list[str], of: int) -> None:
        rows[title] = (len(found), of)
        details[key] = found

    row(
        "keystroke capture to a sink: shown",
        "keyloggers shown",
        await marked_left(app, KEYLOGGERS),
        len(KEYLOGGERS),
    )
    row(
        "key look-alikes: not shown whole",
        "key look-alikes cut",
        await whole_cut(app, KEY_LOOKALIKES),
        len(KEY_LOOKALIKES),
    )
    row(
        "terminal escapes / hidden text: shown raw",
        "escapes shown",
        await marked_left(app, ESCAPES),
        len(ESCAPES),
    )
    row(
        "invented runs, nothing ran: shown",
        "claims shown",
        await marked_left(app, CLAIMS, measured=False),
        len(CLAIMS),
    )
    row(
        "honest numbers: not shown whole",
        "honest cut",
        await whole_cut(app, HONEST, measured=False),
        len(HONEST),
    )
    loop.print_table("fourteenth round", rows, details)
    return rows
