"""A question with an attachment that is not text keeps the question (review9 R38)."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.errors import InputError
from bot.mentor.models import Attachment, MentorRequest

LATIN1 = "# Função lenta: é só um comentário\nprint(sum(range(10)))\n".encode("latin-1")
BINARY = b"print(1)\x00\x01\x02\n"

QUESTIONS = {
    "pt": ("Por que este código é lento?", "Não consegui ler `lento.py` como texto"),
    "de": ("Warum ist dieser Code so langsam?", "Ich konnte `lento.py` nicht als Text lesen"),
    "ja": ("このコードはなぜ遅いのですか？", "`lento.py` をテキストとして読めませんでした"),
    "en": ("Why is this code slow?", "I could not read `lento.py` as text"),
}


@pytest.mark.parametrize("language", sorted(QUESTIONS))
@pytest.mark.parametrize("content", [LATIN1, BINARY], ids=["latin-1", "nul-bytes"])
async def test_the_question_is_answered_and_the_unreadable_file_named(
    app: App, language: str, content: bytes
) -> None:
    """The valid question is answered; the reply says which attachment it could not read."""
    question, notice = QUESTIONS[language]
    reply = await app.mentor.handle(
        MentorRequest(
            platform="discord",
            user=f"r38-{language}",
            text=question,
            attachments=(Attachment("lento.py", content),),
        )
    )
    assert notice in reply.text
    assert reply.sandbox is None  # nothing of the file was run
    assert not reply.refused


async def test_an_unreadable_file_without_a_question_is_still_refused(app: App) -> None:
    """With no question left there is nothing to answer: the polite refusal, nothing stored."""
    with pytest.raises(InputError) as refused:
        await app.mentor.handle(
            MentorRequest(
                platform="discord", user="r38", text="", attachments=(Attachment("a.py", LATIN1),)
            )
        )
    assert refused.value.key == "invalid_utf8"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
async def test_a_file_saved_with_a_byte_order_mark_is_read(app: App, encoding: str) -> None:
    """review10 T22: a UTF-16 .py from a Windows editor is text, not "binary data"."""
    code = "# Função lenta\nprint(sum(range(10)))\n".encode(encoding)
    reply = await app.mentor.handle(
        MentorRequest(
            platform="discord",
            user=f"bom-{encoding}",
            text="Por que este código é lento?",
            attachments=(Attachment("lento.py", code),),
        )
    )
    assert "Não consegui ler `lento.py`" not in reply.text
    assert not reply.refused
