"""What of the learner's code and pasted traceback retrieval reads: the APIs, not their names.

The query for the knowledge units takes the code's imports, the APIs it calls and the
constructs that say what kind of code it is (coroutines, generators, locks); never the
learner's own identifiers (`out`, `items`), which are their vocabulary, not the subject
(review F13). A traceback pasted as prose is read by its exception line and its frames
(bot/mentor/tracebacks.py). Possessive quantifiers keep every pattern linear on hostile input.
"""

from __future__ import annotations

import functools
import re

from bot.mentor import code_scan, tracebacks
from bot.text import markdown

_IMPORT = re.compile(
    r"^[ \t]*+(?:from[ \t]++([\w.]++)[ \t]++import[ \t]++([\w, ]++)|import[ \t]++([\w., ]++))", re.M
)
_CALL = re.compile(r"(?<!def )(?<!class )(?<![\w.])([A-Za-z_][\w.]*+)[ \t]*+\(")
_CONSTRUCTS = {
    "async def": re.compile(r"\basync\s+def\b"),
    "await": re.compile(r"\bawait\b"),
    "yield": re.compile(r"\byield\b"),
    "with lock": re.compile(r"\bwith\s+\w*lock\b", re.I),
}
"""Constructs that say what kind of code it is (coroutines, generators, locks)."""
_BOUND = re.compile(
    r"^[ \t]*+(?:(?:async[ \t]++)?def|class)[ \t]++(\w++)"
    r"|^[ \t]*+(\w++)[ \t]*+(?::[^=\n]{0,80}+)?=(?!=)"
    r"|\bfor[ \t]++(\w++)"
    r"|\bas[ \t]++(\w++)[ \t]*+:",
    re.M,
)
"""Names bound by the code: def/class names, assignment targets, loop and `with` targets."""
_PARAMS = re.compile(r"\bdef[ \t]++\w++[ \t]*+\(([^)]{0,400}+)\)")
_PARAM_NAME = re.compile(r"(?:^|,)[ \t*]*+(\w++)")
MAX_CODE_TOKENS = 60
MAX_QUERY_CHARS = 4000
"""Retrieval saturates long before this; learner text is untrusted and may be huge."""


def _own_names(code: str, imported: set[str]) -> frozenset[str]:
    """Names the learner's code binds itself: variables, parameters, loop targets, functions.

    They are the learner's vocabulary (`out`, `items`, `cache`), not the subject: `out = []`
    in a dedupe function made "out" a query word and brought in "CUDA out of memory" (review
    F13). An imported name stays a library even when rebound (`np = ...` is unusual).
    """
    bound = {name for groups in _BOUND.findall(code) for name in groups if name}
    for params in _PARAMS.findall(code):
        bound.update(_PARAM_NAME.findall(params))
    return frozenset(bound - imported)


def _api_part(call: str, own: frozenset[str]) -> str:
    """What of a call says which API it is: `requests.get` whole, `out.append` as `append`.

    A call on the learner's own name keeps only its method (a list's `append`, a frame's
    `groupby` are API words); a call of a function they defined says nothing.
    """
    head, _, rest = call.partition(".")
    if head not in own:
        return call
    return rest.rpartition(".")[2]


@functools.lru_cache(maxsize=16)
def scanned(code: str) -> tuple[code_scan.Finding, ...]:
    """The static scan of one code text (asked several times per turn)."""
    return code_scan.scan(code)


def code_tokens(code: str) -> str:
    """The imported modules and the APIs `code` calls, as text for the query.

    The learner's own identifiers are left out (see `_own_names`): retrieval ranks by what
    they use, not by what they called their variables.
    """
    names: list[str] = []
    for frm, what, plain in _IMPORT.findall(code):
        if frm:
            names.append(frm)
            names.extend(w.strip() for w in what.split(",") if w.strip())
        else:
            for part in plain.split(","):
                module, _, alias = part.strip().partition(" as ")
                if module:
                    names.append(module.split(" ")[0])
                if alias.strip():
                    names.append(alias.strip())
    own = _own_names(code, {n.split(".")[0] for n in names})
    names.extend(filter(None, (_api_part(call, own) for call in _CALL.findall(code))))
    names.extend(name for name, pattern in _CONSTRUCTS.items() if pattern.search(code))
    keywords = {"def", "class", "print", "len", "str", "int", "range", "return", "if", "for"}
    seen: dict[str, None] = dict.fromkeys(n for n in names if len(n) > 2 and n not in keywords)
    return " ".join(list(seen)[:MAX_CODE_TOKENS])


def prose_and_code(question: str, code: str | None) -> tuple[str, str]:
    """The question without fenced code, and the code to mine (the request's, else fenced).

    A pasted traceback is read by its exception line (prose) and its frames' source lines
    and libraries (code), never by its boilerplate (bot/mentor/tracebacks.py).
    """
    prose, fenced = markdown.prose_and_code(question)
    prose, frames = tracebacks.split(prose[:MAX_QUERY_CHARS])
    if tracebacks.has_traceback(fenced):
        raised, fenced_frames = tracebacks.split(fenced)
        prose, fenced = f"{prose}\n{raised}", fenced_frames
    mined = "\n".join(part for part in (code or fenced, frames) if part)
    return prose, mined[: 4 * MAX_QUERY_CHARS]
