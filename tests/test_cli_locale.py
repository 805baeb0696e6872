"""`mca-bot ask --locale`: a value outside the mentor's languages is said, not dropped unsaid.

review11 U24: `ask "…" --locale xx --json` exited 0 with no word that `xx` was ignored, while
`practice check --lang xx` refuses with the list; the question is still answered (the language
is read from it), so the operator gets one line on stderr and stdout stays one JSON object.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.faults.harness import ForkServer
from tests.test_cli import forked_mca


@pytest.mark.parametrize(("locale", "noted"), [("xx", True), ("klingon", True), ("de_AT", False)])
def test_a_locale_outside_the_languages_is_noted_and_the_question_answered(
    data_dir: Path, fork_server: ForkServer, locale: str, noted: bool
) -> None:
    done = forked_mca(
        fork_server, data_dir, "ask", "Warum wird meine verschachtelte Schleife so langsam?",
        "--locale", locale, "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["language"] == "de"
    note = f"--locale {locale!r} is none of the mentor's languages (en, pt, es"
    assert (note in done.stderr.decode()) is noted
