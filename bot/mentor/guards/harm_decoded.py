"""Harmful code behind a mask: dressed as a diff or doctest, encoded, or imported by string.

`scan_code` here is harm_code's scan applied to what the block really runs:
- the Python a diff, doctest, indented or `<pre>` block stands for (code_views.python_view);
- names built from strings: `__import__('so' + 'cket')`, `importlib.import_module(...)`,
  `getattr(mod, 'po' + 'st')` are rewritten to plain imports and attributes;
- payloads run through `exec`/`eval`/`compile`, or a command a shell runs (`os.system`,
  `subprocess.run`, a name bound to one) after decoding (base64/32/16/85, hex, rot13,
  zlib, reversed or joined strings, `chr` lists) are decoded and scanned with their host;
- shell, PowerShell, JavaScript, Go or Rust loops over a password list into a network
  client, and what harm_foreign reads in any language's raw text;
- base64/hex blobs the learner is told to decode (harm_blobs), scanned as blocks.
Nothing is executed: strings are folded by a small evaluator over constant expressions
(harm_folding, harm_unmask); loops read by their shape in harm_loops.
"""

from __future__ import annotations

import re

from bot.mentor.guards.code_views import python_view
from bot.mentor.guards.detection import BUILT_IN, NAMED_HARMS
from bot.mentor.guards.harm_blobs import decoded_blobs
from bot.mentor.guards.harm_code import scan_code as scan_plain
from bot.mentor.guards.harm_extra import scan_extra
from bot.mentor.guards.harm_foreign import scan_foreign
from bot.mentor.guards.harm_keystrokes import keystroke_capture
from bot.mentor.guards.harm_kinds import lambdas_as_defs, scan_kinds
from bot.mentor.guards.harm_loops import blind_flood, own_login_test, scripted_spray
from bot.mentor.guards.harm_signatures import fetched_and_run, scan_signatures
from bot.mentor.guards.harm_unmask import MAX_DEPTH, unmasked
from bot.text.control_chars import conceals


def scan_code(
    code: str, language: str = "python", _depth: int = 0, *, _masked: bool = False
) -> frozenset[str]:
    """The harms a block implements, whatever its dressing or encoding (empty when safe).

    An anti-forensic command the block only names to find it (a rule's value, a query's,
    a `grep` pattern: guards/detection.py) is masked and the block judged again.
    """
    view = python_view(code)
    found = set(scan_plain(code, language)) | scan_foreign(code, python=view is not None)
    found |= scan_signatures(code)
    if _depth < MAX_DEPTH:
        for hidden in decoded_blobs(code):
            found |= scan_code(hidden, "", _depth + 1)
    if view is not None and view != code:
        found |= scan_plain(view, language)
    hidden_payloads = unmasked(view or code, 0)
    if any(map(fetched_and_run, hidden_payloads)) and not fetched_and_run(code):
        found.add("detection_evasion")  # a download run by a shell, behind an encoding
    sources = [view or code, *hidden_payloads]
    named = lambdas_as_defs(view or code)  # `go = lambda pw: post(...)` read as a function
    if named is not None:
        sources.append(named)
    for source in sources[1:]:
        found |= scan_plain(source, language)
    for source in sources:
        found |= scan_extra(source) | scan_kinds(source)
    if any(blind_flood(source) for source in sources):
        found.add("packet_flood")
    if conceals(code):
        found.add("detection_evasion")  # concealed text or a clipboard write (review13 W24)
    if any(keystroke_capture(source) for source in sources):
        found.add("keylogger")  # AutoHotkey, Win32, X11, evdev, browser, macOS: key source + sink
    if view is None and scripted_spray(code):
        found.add("credential_attack")
    if "credential_attack" in found and own_login_test(view or code):
        found.discard("credential_attack")
    if found & NAMED_HARMS and not _masked:
        masked = BUILT_IN.masked(code)
        if masked != code:
            found -= NAMED_HARMS - scan_code(masked, language, _depth, _masked=True)
    return frozenset(found)


_SPAN = re.compile(r"`([^`\n]{30,})`")
_ANY_SPAN = re.compile(r"`([^`\n]+)`")
_PYTHON_C = re.compile(r"""python[\d.]*\s+-c\s+(["'])(.+)\1""")


def inline_harms(line: str) -> frozenset[str]:
    """Harms of the inline code spans of a prose line (`python -c "..."` one-liners too).

    A whole program fits in one backticked span; the prose rule reads it as code.
    """
    if "`" not in line:
        return frozenset()
    found: set[str] = set()
    for span in _SPAN.findall(line):
        command = _PYTHON_C.search(span)
        code = command.group(2).replace(";", "\n") if command else span
        found |= scan_code(code, "")
    if keystroke_capture("\n".join(_ANY_SPAN.findall(line))):
        found.add("keylogger")  # `Loop { Input, k, L1 V` ... `FileAppend, %k%, log`: one program
    return frozenset(found)
