"""review14 X21: a file named on the command line is never read past its limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bounded_read import TooLarge, read_at_most


def test_a_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(b"x" * 100)
    assert read_at_most(path, 100) == b"x" * 100


def test_a_larger_file_is_refused_by_its_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    with path.open("wb") as f:
        f.truncate(5 * 1024**3)  # 5 GiB, sparse: read whole it would take the machine's memory
    with pytest.raises(TooLarge) as caught:
        read_at_most(path, 64 * 1024)
    assert caught.value.exact
    assert caught.value.size == 5 * 1024**3


def test_an_endless_device_is_read_one_byte_past_the_limit() -> None:
    with pytest.raises(TooLarge) as caught:
        read_at_most(Path("/dev/zero"), 1000)
    assert not caught.value.exact
    assert caught.value.size == 1001
