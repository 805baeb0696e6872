"""`mca-bot practice check ID FILE`: the file as Python reads it, every refusal in `--lang`.

review11 U24: a missing, empty or Latin-1 file was refused in English under `--lang de`, after
the whole app (models, sandbox probe) had been built; a Latin-1 file that declares its encoding
(valid Python) and a UTF-16 file from a Windows editor were refused as "not UTF-8 text".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from bot.mentor.i18n import Catalog
from tests.conftest import REPO_ROOT
from tests.course.conftest import SOLUTIONS
from tests.course.sandbox_double import SubprocessSandboxDouble
from tests.course.test_cli import in_process  # noqa: F401  # the fixture

CATALOG = Catalog.load(REPO_ROOT / "config")
LANGUAGES = ("en", "pt", "es", "fr", "de", "it", "nl", "pl", "ru", "uk", "tr", "ja", "zh", "ko")
KEYS = ("practice_file_missing", "practice_file_unreadable", "practice_file_not_text",
        "practice_file_empty")  # fmt: skip


@pytest.fixture
def no_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file refused before the app is built: building it would fail the test."""

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the app was built for a file that cannot be checked")

    monkeypatch.setattr("bot.course_cli.open_app", refuse)


def error_of(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    out = capsys.readouterr()
    error = json.loads(out.out)
    assert error["code"] == 2
    return error["error"], out.err


@pytest.mark.parametrize("language", ["de", "ja", "pt", "uk"])
@pytest.mark.parametrize("case", ["missing", "empty", "latin-1", "folder"])
def test_a_file_that_cannot_be_checked_is_refused_at_once_in_the_chosen_language(
    no_app: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    language: str,
    case: str,
) -> None:
    path = tmp_path / "solution.py"
    key, file = {
        "missing": ("practice_file_missing", str(path)),
        "empty": ("practice_file_empty", "solution.py"),
        "latin-1": ("practice_file_not_text", "solution.py"),
        "folder": ("practice_file_unreadable", str(tmp_path)),
    }[case]
    if case == "empty":
        path.write_text("  \n", "utf-8")
    elif case == "latin-1":  # no PEP 263 line: Python itself refuses it
        path.write_bytes('print("café")\n'.encode("latin-1"))
    elif case == "folder":
        path = tmp_path
    argv = ["practice", "check", "thread-safe-cache", str(path), "--lang", language, "--json"]
    assert main(argv) == 2
    said, err = error_of(capsys)
    assert said == CATALOG.message(language, key, file=file)
    assert said in err
    assert said != CATALOG.message("en", key, file=file)
    if case == "latin-1":
        assert "UTF-8" in said  # what to do: save it as UTF-8


def test_an_unknown_task_is_said_in_the_chosen_language_before_the_file(
    no_app: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["practice", "check", "nope", "missing.py", "--lang", "de", "--json"]) == 2
    said, _ = error_of(capsys)
    assert said.startswith("Es gibt keine Übungsaufgabe `nope`. Aufgaben: ")


def test_english_keeps_its_words(no_app: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["practice", "check", "thread-safe-cache", "missing.py", "--json"]) == 2
    said, _ = error_of(capsys)
    assert said.startswith("Cannot read missing.py: there is no such file.")


@pytest.mark.parametrize("encoding", ["latin-1 declared", "utf-16", "utf-16-be", "cp1252 declared"])
def test_a_solution_saved_as_python_reads_it_is_checked(
    in_process: SubprocessSandboxDouble,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    encoding: str,
) -> None:
    """A PEP 263 line (Python honours it) or UTF-16 with its BOM: the good solution passes."""
    code = (SOLUTIONS / "asyncio_blocking_good.py").read_text("utf-8")
    path = tmp_path / "solution.py"
    if encoding.endswith("declared"):
        name = encoding.split(maxsplit=1)[0]
        path.write_bytes(f"# -*- coding: {name} -*-\n# Lösung, café\n{code}".encode(name))
    else:
        bom = "" if encoding == "utf-16" else "\ufeff"  # "utf-16" writes its own BOM
        path.write_bytes((bom + code).encode(encoding))
    assert main(["practice", "check", "asyncio-blocking", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passed"] is True
    assert in_process.runs


def test_the_declared_encoding_is_rewritten_for_the_utf8_text_that_runs(tmp_path: Path) -> None:
    """The text runs as UTF-8 from here on: a line still saying latin-1 would garble 'é'."""
    from bot.course_cli import read_submission  # noqa: PLC0415

    path = tmp_path / "a.py"
    path.write_bytes('#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\nS = "é"\n'
                     .encode("latin-1"))  # fmt: skip
    text = read_submission(path)
    assert text.splitlines()[1] == "# vim: set fileencoding=utf-8 :"
    assert 'S = "é"' in text
    path.write_bytes(b'# coding: no-such-codec\nS = "\xe9"\n')
    with pytest.raises(Exception, match="not UTF-8 text") as refused:
        read_submission(path)
    assert getattr(refused.value, "key", "") == "practice_file_not_text"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_its_own_words_for_each_refusal(language: str) -> None:
    for key in KEYS:
        text = CATALOG.message(language, key, file="a.py")
        assert "a.py" in text
        assert text != key
        if language != "en":
            assert text != CATALOG.message("en", key, file="a.py")
