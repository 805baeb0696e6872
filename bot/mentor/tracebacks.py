"""A Python traceback pasted as prose: read by its exception and frames, not by its boilerplate.

"Traceback (most recent call last):" alone got a native-crash unit and a PyO3 one (review F32):
its words ("most recent call", "File ... line") matched units, and nothing said the paste was
cut. Here a traceback is split into what retrieval should read (the exception line stays prose;
each frame's source line becomes code, so its calls and imports count; a frame inside
`site-packages/<lib>/` names the library as an import) and a cut traceback (the header with no
exception line after it) is told apart, so the reply can ask for the rest. Bounded, linear
regexes over at most MAX_CHARS.
"""

from __future__ import annotations

import re

MAX_CHARS = 16_000
_HEADER = re.compile(r"^[ \t>]{0,8}Traceback \(most recent call last\):?[ \t]*$", re.M)
_HEADER_ANYWHERE = re.compile(r"Traceback \(most recent call last\):?[ \t`]*$", re.M)
"""The header at the end of a line of prose ("what do I do? Traceback (most recent ...):")."""
LEAD_IN_WORDS = 15
"""Words before a cut traceback that still only introduce it ("I get an error after the
upgrade, what do I do?"); more are a question of their own, answered as one."""
_FRAME = re.compile(r'^[ \t>]{0,8}File "([^"\n]{1,400}+)", line \d{1,9}+(?:, in [^\n]{0,200}+)?$')
_LIBRARY = re.compile(r"(?:site|dist)-packages[/\\]([A-Za-z_][\w]{0,60}+)")
_EXCEPTION = re.compile(r"^[ \t>]{0,8}[A-Za-z_][\w.]{0,120}+(?::[^\n]{0,400}+)?$")
_CARET = re.compile(r"^[ \t]*[\^~ ]+$")


def has_traceback(text: str) -> bool:
    """The text holds a Python traceback's header line."""
    return _HEADER.search(text[:MAX_CHARS]) is not None


def is_cut(text: str) -> bool:
    """A traceback header with no exception line after it: the paste stopped early.

    The header may end a line of prose, inside a ``` fence or not (review10 T39: "Mam błąd po
    aktualizacji, co robić? Traceback (most recent call last):" got memory-leak units).
    """
    text = text[:MAX_CHARS]
    header = _HEADER.search(text) or _HEADER_ANYWHERE.search(text)
    if header is None:
        return False
    after = text[header.end() :].replace("```", " ")
    lines = [ln for ln in after.splitlines() if ln.strip()]
    return not any(_is_exception(ln) for ln in lines) and not _before(text, header.start())


def _before(text: str, start: int) -> bool:
    """Words before the header that ask something of their own, beyond a short lead-in."""
    return len(text[:start].replace("```", " ").split()) > LEAD_IN_WORDS


def _is_exception(line: str) -> bool:
    """The traceback's last line: `ValueError: ...`, not a frame or its indented source."""
    return (
        not line[:1].isspace()
        and _FRAME.match(line) is None
        and _EXCEPTION.match(line) is not None
        and not _CARET.match(line)
    )


def split(text: str) -> tuple[str, str]:
    """(prose without the traceback's boilerplate, the frames' source lines and libraries).

    The exception line and any words around the traceback stay prose; "Traceback (most recent
    call last)" and "File ..., line N, in f" go; the source line under each frame is code,
    and `site-packages/<lib>/` adds `import <lib>`.
    """
    if not has_traceback(text):
        return text, ""
    prose: list[str] = []
    code: list[str] = []
    in_frame = False
    for line in text[:MAX_CHARS].splitlines():
        if _HEADER.match(line):
            in_frame = False
            continue
        frame = _FRAME.match(line)
        if frame is not None:
            library = _LIBRARY.search(frame.group(1))
            if library is not None:
                code.append(f"import {library.group(1)}")
            in_frame = True
            continue
        if in_frame and line[:1].isspace() and line.strip():
            if not _CARET.match(line):
                code.append(line.strip())
            continue
        in_frame = False
        prose.append(line)
    return "\n".join(prose), "\n".join(code)
