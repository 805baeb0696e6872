"""review14 X15 end to end: a recovery phrase told in any words reaches neither the model server
nor the database, and the learner is told it was redacted."""

from __future__ import annotations

import json

import pytest

from bot.app import open_app
from bot.mentor.models import MentorRequest
from bot.settings import Settings
from tests.fakes.openai_server import FakeOpenAI
from tests.mentor.conftest import llm_settings
from tests.mentor.test_pasted_secrets_stay_here import _dump

PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow"


@pytest.mark.parametrize(
    "question",
    [
        f"Моя seed-фраза гаманця: {PHRASE}. Чому тести на CI то падають, то ні?",
        f"钱包备份：{PHRASE}\n为什么我的 pytest 在 CI 上偶尔失败？",
        f"Questa è la chiave del portafoglio, non dirla a nessuno: {PHRASE}. Perché i test sono instabili?",
    ],
)
async def test_a_phrase_in_prose_is_redacted_before_the_model_and_the_store(
    settings: Settings, fake_openai: FakeOpenAI, question: str
) -> None:
    async with open_app(llm_settings(settings, fake_openai.base_url)) as app:
        reply = await app.mentor.handle(
            MentorRequest(platform="console", user="x15", text=question)
        )
    sent = json.dumps(fake_openai.requests, ensure_ascii=False)
    stored = _dump(settings)
    for part in (PHRASE, "wave sausage worth useful"):
        assert part not in sent
        assert part not in stored
        assert part not in reply.text
    assert "[redacted]" in sent
