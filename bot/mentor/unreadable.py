"""What the offline mentor can still read of a question in a language it does not know.

Offline, a question in Vietnamese or Swedish was tokenized as English and its units chosen by
"Python" and the numbers: a dedupe question got gunicorn's WORKER TIMEOUT (review9 R44). Code,
a traceback's exception and the names of APIs and libraries read the same in every language;
the rest of such a message is not evidence. With none of them there is nothing to answer from,
and the learner is asked to write in one of the languages the mentor reads.
"""

from __future__ import annotations

import re

from bot.mentor.code_words import prose_and_code
from bot.mentor.understanding import stack_names

_NAMED = re.compile(
    r"`[^`\n]{1,80}+`"  # quoted code
    r"|\b[A-Za-z_]\w*+(?:[._]\w++)+\b"  # a dotted API or a snake_case name
    r"|\b[A-Z][a-z0-9]++[A-Z]\w*+\b"  # a class or exception name (ValueError, DataFrame)
    r"|\b[A-Za-z_]\w*+\(\)"  # a call
)
# Possessive quantifiers keep the pattern linear on hostile input.


def readable_part(question: str, code: str | None = None) -> str:
    """The question reduced to what reads the same in any language; '' when nothing does.

    The code stays fenced, so retrieval mines its imports and calls as usual.
    """
    prose, mined = prose_and_code(question, code)
    names = [m.group(0).strip("`") for m in _NAMED.finditer(prose)]
    names.extend(stack_names(prose))
    words = " ".join(dict.fromkeys(names))
    if not mined.strip():
        return words
    return f"{words}\n```python\n{mined}\n```".strip()
