"""An attached file's text: UTF-8, or UTF-16 as Windows editors save it (review10 T22)."""

from __future__ import annotations

import pytest

from bot.text.file_text import file_text

CODE = "def fetch(url):  # lê a página, ページ\n    return url\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be"])
def test_a_python_file_is_read_whatever_a_windows_editor_saved_it_as(encoding: str) -> None:
    data = CODE.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # the BOM this codec leaves out
    assert file_text(data) == CODE


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\x00\x01binary",  # a BOM-like start on noise
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "# olá\n".encode("latin-1"),
        b"print(1)\x00\x01\n",
    ],
)
def test_what_is_not_text_is_not_read(data: bytes) -> None:
    assert file_text(data) is None
