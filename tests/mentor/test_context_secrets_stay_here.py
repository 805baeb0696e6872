"""review13 W9 end to end: secrets marked only by their context reach neither the model server
nor the database, and the notice saying they were redacted is true."""

from __future__ import annotations

import json

from bot.app import open_app
from bot.mentor.models import MentorRequest
from bot.settings import Settings
from tests.fakes.openai_server import FakeOpenAI
from tests.mentor.conftest import llm_settings
from tests.mentor.test_pasted_secrets_stay_here import _dump

SAS = "Qm9X%2Fh3kLp7Zr2vT8wYs5nA1cB4dE6fG9hJ0kL2mN3o%3D"
DOCKER_AUTH = "ZGVwbG95OlN1cGVyU2VjcmV0OTk="
WALLET = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
SEED = "abandon ability able about above absent absorb abstract absurd abuse access accident"
TWILIO = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
SESSION = "8f2k3j9x7q1m5n0p4r6t8v2w4y6z8a1c"
QUESTION = (
    "Il download dal blob è lento (40 s per 2 GB): "
    f"https://st.blob.core.windows.net/backup/db.tar?sv=2022-11-02&sp=rwd&sig={SAS}\n"
    f'```json\n{{"auths": {{"registry.example.it": {{"auth": "{DOCKER_AUTH}"}}}}}}\n```\n'
    f'```python\nacct = Account.from_key("{WALLET}")\nmnemonic = "{SEED}"\n'
    f'client = Client("AC3f9e2d1c0b9a8f7e6d5c4b3a2f1e0d9c", "{TWILIO}")\n```\n'
    f"e con curl -H 'Cookie: sessionid={SESSION}' il server risponde in 3 s. Perché?"
)


async def test_signed_urls_registry_auth_wallet_keys_seeds_client_tokens_and_cookies_stay_here(
    settings: Settings, fake_openai: FakeOpenAI
) -> None:
    async with open_app(llm_settings(settings, fake_openai.base_url)) as app:
        reply = await app.mentor.handle(MentorRequest(platform="console", user="w9", text=QUESTION))
    sent = json.dumps(fake_openai.requests, ensure_ascii=False)
    stored = _dump(settings)
    for secret in (SAS, DOCKER_AUTH, WALLET, SEED, TWILIO, SESSION):
        assert secret not in sent, secret
        assert secret not in stored, secret
        assert secret not in reply.text, secret
    assert "blob.core.windows.net/backup/db.tar" in sent, "the URL itself is the question"
    assert "[redacted]" in sent
