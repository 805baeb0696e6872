"""The parsed copy of a config tree gives exactly what tomllib gives, and never stale data."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.text.toml_files import COPY_NAME, read_toml, write_copy
from tests.conftest import REPO_ROOT

SHIPPED = REPO_ROOT / "config"
UNIT = '[topic]\nid = "asyncio"\n\n[[units]]\nid = "gather"\ntitle = { en = "gather", pt = "gather" }\n'


def tree(tmp_path: Path) -> Path:
    """A config tree of two files with its parsed copy written."""
    root = tmp_path / "config"
    (root / "units").mkdir(parents=True)
    (root / "units" / "asyncio.toml").write_text(UNIT, "utf-8")
    (root / "method.toml").write_text('[safety]\nmisuse = ["x"]\nratio = 0.5\n', "utf-8")
    assert write_copy(root) == 2
    return root


def test_every_shipped_file_reads_as_tomllib_parses_it() -> None:
    """With or without the built copy, each shipped TOML file reads as tomllib's parse of it."""
    paths = sorted(SHIPPED.rglob("*.toml"))
    assert len(paths) > 100
    for path in paths:
        assert read_toml(path) == tomllib.loads(path.read_text("utf-8")), path


def test_a_file_in_the_copy_is_not_parsed_again_and_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose bytes are in the copy gives tomllib's values, in its key order, unparsed."""
    root = tree(tmp_path)
    path = root / "units" / "asyncio.toml"
    expected = tomllib.loads(UNIT)

    def no_parse(text: str) -> dict[str, object]:
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", no_parse)
    got = read_toml(path)
    monkeypatch.undo()
    assert got == expected
    assert list(got["units"][0]) == ["id", "title"]


def test_a_file_edited_after_the_copy_reads_its_new_content(tmp_path: Path) -> None:
    """A stale copy is never used: the edited file is parsed again."""
    root = tree(tmp_path)
    path = root / "method.toml"
    path.write_text('[safety]\nmisuse = ["y", "z"]\n', "utf-8")
    assert read_toml(path) == {"safety": {"misuse": ["y", "z"]}}


def test_each_read_returns_its_own_dict(tmp_path: Path) -> None:
    """Changing what one caller got does not change what the next caller gets."""
    path = tree(tmp_path) / "method.toml"
    first = read_toml(path)
    first["safety"]["misuse"].append("changed")
    assert read_toml(path)["safety"]["misuse"] == ["x"]


def test_a_broken_file_still_raises_tomllibs_error(tmp_path: Path) -> None:
    """The copy leaves out a file tomllib cannot parse; reading it raises as before."""
    root = tmp_path / "config"
    root.mkdir()
    (root / "broken.toml").write_text("title = \n", "utf-8")
    assert write_copy(root) == 0
    with pytest.raises(tomllib.TOMLDecodeError):
        read_toml(root / "broken.toml")


def test_an_unreadable_copy_is_ignored(tmp_path: Path) -> None:
    """A copy from another Python or a damaged one is skipped; files are parsed."""
    root = tmp_path / "config"
    root.mkdir()
    (root / "a.toml").write_text("n = 1\n", "utf-8")
    (root / COPY_NAME).write_bytes(b"not a parsed copy")
    assert read_toml(root / "a.toml") == {"n": 1}


def test_files_of_many_folders_share_one_copy_in_memory(tmp_path: Path) -> None:
    """Reading files from several folders of one tree loads the tree's copy once."""
    from bot.text import toml_files  # noqa: PLC0415

    root = tree(tmp_path)
    toml_files._entries.cache_clear()
    read_toml(root / "method.toml")
    read_toml(root / "units" / "asyncio.toml")
    assert toml_files._entries.cache_info().currsize == 1
