"""`mca-bot ask ""` is refused at once, in the CLI's own words (review13 W23).

It built the whole mentor first (87-160 s on a loaded host), then answered with the chat's
wording ("after /mca ask"). An empty question needs no mentor: nothing is opened or created.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.harness import ForkServer
from tests.test_cli import forked_mca


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_an_empty_question_is_refused_before_anything_is_built(
    data_dir: Path, fork_server: ForkServer, text: str
) -> None:
    done = forked_mca(fork_server, data_dir, "ask", text)
    said = done.stderr.decode()
    assert done.returncode == 2
    assert 'mca-bot ask "your question"' in said
    assert "/mca ask" not in said
    assert not (data_dir / "mca.sqlite3").exists(), "no database is opened for an empty question"
