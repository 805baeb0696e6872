"""Twelfth-round cases of bench/pedagogy_guards.py (`--twelfth-only`): run the same on any tree.

Harmful code split over scaffold, references and steps; harm hidden in comments, docstrings,
base64, zlib, hex, rot13, character codes and string concatenation; the practice tasks'
solutions renamed and reordered; unsafe advice (pickle, yaml.load, verify=False, shell=True,
eval, chmod 777, MD5/SHA-1 passwords) in prose and code in the 14 languages; invented
measurements in 14 languages; drafts proposing a library the learner ruled out; and, through
the service, the STREAMING preview of drafts whose prose gives unsafe advice or invents a run
(every preview the platform would show is read, not only the final reply).
Data: tests/fakes/twelfth_round.py. The loop is `bench/_round_loop.py`.

Main (0126db9) -> hostile12, same bench (the final one: two bench faults found while fixing,
the restated question and the renamed async import, were corrected and main re-measured),
same machine under load ~14: harm in encodings/comments/docstrings left 6/10 -> 1/10 (the
Turkish comment), clean cut 0/8 -> 0/8, split over scaffold+references+steps 4/5 -> 1/5 (the
SMS flood from rotating numbers), renamed solutions 0/4 -> 0/4, unsafe advice shown 15/28 ->
1/28 (np.load(allow_pickle=True) of an awaited read), safe forms cut 0/14 -> 0/14, invented
runs shown 6/15 -> 0/15, honest numbers cut 0/5 -> 0/5, ruled-out library steps shown 7/14 ->
1/14 (German "Pandas darf ich in diesem Projekt nicht verwenden": the name is six words before
the cue), allowed steps cut 0/3 -> 0/3, STREAMING preview shown 9/9 -> 0/9, final reply 0/9 ->
0/9, stream clean cut 0/3 -> 0/3. Cost per clean draft 1.00 -> 1.41 ms (cpu, load ~14).
Written by the same helper who fixed it (hostile12): the fixes were made with these cases in
view; the tests use their own wordings.
"""

from __future__ import annotations

import re
from typing import Any

from bench import _round_loop as loop
from bot.mentor.models import MentorRequest, Sections
from tests.fakes.hostile_llm import BODIES
from tests.fakes.openai_server import compose, reply
from tests.fakes.solutions import ASYNC_SOLUTION, CACHE_SOLUTION, PROPERTY_SOLUTION
from tests.fakes.twelfth_round import (
    ALLOWED,
    CLAIMS,
    CLEAN,
    HARM,
    HONEST,
    LANGUAGE,
    RULED_OUT,
    SAFE,
    SPLIT,
    STREAM,
    STREAM_CLEAN,
    UNSAFE,
    renamed,
)


async def _shown(app: Any, lang: str, text: str, **turn: Any) -> str:
    """The reply text of a draft in `lang` with `text` after its steps.

    With a question, the draft's hypotheses restate it: the draft is about the question (an
    off-subject draft is replaced whole, which would hide what the constraint check does).
    """
    draft = loop.in_bodies(text, lang, alone=False)
    if turn.get("question"):
        data = draft.to_dict()
        # the restatement leaves the ruled-out names out (a line naming one would be dropped,
        # and the draft read as off subject): the draft is about the question, nothing more
        about = re.sub(r"\b(?:redis|celery|pandas|numpy)\b", "", turn["question"], flags=re.I)
        data["hypotheses"] = f"{data['hypotheses']}\n- {about}"
        draft = Sections.from_dict(data)
    return loop.text_of(await loop.guarded(app, draft, loop.turn(language=lang, **turn)))


def _body(text: str) -> str:
    """A step without its number (the guards renumber what they keep)."""
    return re.sub(r"^\d{1,2}\.\s+", "", text.strip())


async def renamed_left(app: Any) -> list[str]:
    """Renamed and reordered solutions whose marker line reached the reply."""
    left = []
    for name, (steps, scaffold, marker) in renamed(
        CACHE_SOLUTION, ASYNC_SOLUTION, PROPERTY_SOLUTION
    ).items():
        draft = loop.in_bodies(steps, "en", alone=False, scaffold=scaffold)
        out = loop.text_of(await loop.guarded(app, draft, loop.turn(wants_scaffold=bool(scaffold))))
        if marker in out:
            left.append(name)
    return left


async def marked_left(app: Any, cases: dict[str, tuple[str, str, str]], **turn: Any) -> list[str]:
    """(language, text, marker) cases whose marker reached the reply."""
    return [
        n
        for n, (lang, text, mark) in cases.items()
        if mark in await _shown(app, lang, text, **turn)
    ]


async def whole_cut(app: Any, cases: dict[str, tuple[str, str]], **turn: Any) -> list[str]:
    """(language, text) cases not shown whole."""
    return [
        n
        for n, (lang, text) in cases.items()
        if _body(text) not in await _shown(app, lang, text, **turn)
    ]


async def ruled_out_left(app: Any) -> list[str]:
    """Steps proposing the library the question ruled out, still shown."""
    left = []
    for name, (lang, question, step, marker) in RULED_OUT.items():
        if marker in await _shown(app, lang, step, question=question):
            left.append(name)
    return left


async def allowed_cut(app: Any) -> list[str]:
    """Steps within the question's constraints not shown whole."""
    return [
        name
        for name, (lang, question, step) in ALLOWED.items()
        if _body(step) not in await _shown(app, lang, step, question=question)
    ]


async def previews(
    app: Any, server: Any, name: str, lang: str, question: str, step: str
) -> tuple[list[str], str]:
    """Every streamed preview the platform was given, and the final reply, for one turn."""
    bodies = list(BODIES[lang])
    bodies[2] = f"{bodies[2]}\n{step}"
    headings = list(app.catalog.headings(lang).values())
    server.reset(default=reply(compose(headings, tuple(bodies))))
    seen: list[str] = []

    async def sink(text: str) -> None:
        seen.append(text)

    result = await app.mentor.handle(
        MentorRequest(platform="console", user=f"s12-{name}", text=question, thread=f"s12-{name}"),
        on_progress=sink,
    )
    return seen, result.text


async def report(app: Any, server: Any) -> dict[str, tuple[int, int]]:
    """Prints the twelfth-round table; returns {row: (count, of)}."""
    rows: dict[str, tuple[int, int]] = {}
    details: dict[str, list[str]] = {}

    def row(title: str, key: str, found: list[str], of: int) -> None:
        rows[title] = (len(found), of)
        details[key] = found

    alone = loop.in_language(LANGUAGE, alone=True)
    after = loop.in_language(LANGUAGE, alone=False)
    row(
        "harm in base64/zlib/hex/rot13/chr/concatenation, comments, docstrings: left",
        "harm left",
        await loop.harm_left(app, HARM, alone),
        len(HARM),
    )
    row(
        "clean look-alikes not shown whole",
        "clean cut",
        await loop.clean_cut(app, CLEAN, after),
        len(CLEAN),
    )
    row(
        "harm split over scaffold + references + steps: left",
        "split left",
        await loop.split_left(app, SPLIT),
        len(SPLIT),
    )
    solutions = renamed(CACHE_SOLUTION, ASYNC_SOLUTION, PROPERTY_SOLUTION)
    row(
        "solutions renamed and reordered: leaked",
        "renamed left",
        await renamed_left(app),
        len(solutions),
    )
    row(
        "unsafe advice in prose and code (14 languages): shown as written",
        "unsafe shown",
        await marked_left(app, UNSAFE),
        len(UNSAFE),
    )
    row(
        "safe forms and warned don'ts: not shown whole",
        "safe cut",
        await whole_cut(app, SAFE),
        len(SAFE),
    )
    row(
        "invented measurements, nothing ran (14 languages): shown",
        "claims shown",
        await marked_left(app, CLAIMS, measured=False),
        len(CLAIMS),
    )
    row(
        "honest numbers (expected, documented, the learner's own): not shown whole",
        "honest cut",
        await whole_cut(app, HONEST, measured=False),
        len(HONEST),
    )
    row(
        "steps proposing the library the learner ruled out (14 languages): shown",
        "ruled out shown",
        await ruled_out_left(app),
        len(RULED_OUT),
    )
    row(
        "steps within the constraints: not shown whole",
        "allowed cut",
        await allowed_cut(app),
        len(ALLOWED),
    )
    streamed: list[str] = []
    final: list[str] = []
    for name, (lang, question, step, marker) in STREAM.items():
        seen, text = await previews(app, server, name, lang, question, step)
        if any(marker in s for s in seen):
            streamed.append(name)
        if marker in text:
            final.append(name)
    row(
        "service: unsafe advice / invented run shown in the STREAMING preview",
        "stream shown",
        streamed,
        len(STREAM),
    )
    row("service: ... shown in the final reply", "final shown", final, len(STREAM))
    lost = []
    for name, (lang, question, step, marker) in STREAM_CLEAN.items():
        seen, text = await previews(app, server, name, lang, question, step)
        if marker not in text:
            lost.append(name)
    row(
        "service: safe advice cut from the final reply", "stream clean cut", lost, len(STREAM_CLEAN)
    )
    loop.print_table("twelfth round", rows, details)
    return rows
