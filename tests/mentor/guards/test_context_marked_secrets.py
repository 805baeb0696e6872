"""Secrets that only their context marks are the learner's secrets; look-alikes are not.

review13 W9: an Azure SAS URL's `sig=`, a Docker `config.json` `"auth"`, a wallet's private key
given to `Account.from_key`, a recovery phrase, a Twilio token passed by position and a session
cookie were stored and sent whole. The same shapes without that context (a commit hash, a
sentence of short words, a cookie named `theme`) are the question and stay.
"""

from __future__ import annotations

import pytest

from bot.mentor.guards.secrets import learner_secrets

SEED = "abandon ability able about above absent absorb abstract absurd abuse access accident"
HEX = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (
            "wie lade ich parallel? https://st.blob.core.windows.net/b/db.tar?sv=2022-11-02"
            "&se=2027-01-01&sp=rwd&sig=Qm9X%2Fh3kLp7Zr2vT8wYs5nA1cB4dE6fG9hJ0kL2mN3o%3D",
            "Qm9X%2Fh3kLp7Zr2vT8wYs5nA1cB4dE6fG9hJ0kL2mN3o%3D",
        ),
        (
            "s3 presigned: https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Signature=9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
            "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
        ),
        (
            'mi config.json es {"auths": {"registry.corp.es": {"auth": "ZGVwbG95OlN1cGVyU2VjcmV0OTk="}}}',
            "ZGVwbG95OlN1cGVyU2VjcmV0OTk=",
        ),
        (f'acct = Account.from_key("0x{HEX}")', f"0x{HEX}"),
        (f"signer = Wallet('{HEX}', provider)", HEX),
        (f'mnemonic = "{SEED}"', SEED),
        (f"w = Bip39SeedGenerator.from_mnemonic('{SEED}')", SEED),
        (f"ma seed phrase est : {SEED} et le script est lent", SEED),
        (
            'client = Client("AC3f9e2d1c0b9a8f7e6d5c4b3a2f1e0d9c", "9f8e7d6c5b4a39281706f5e4d3c2b1a0")',
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        ),
        (
            "curl -H 'Cookie: sessionid=8f2k3j9x7q1m5n0p4r6t8v2w4y6z8a1c; theme=dark' https://x",
            "8f2k3j9x7q1m5n0p4r6t8v2w4y6z8a1c",
        ),
        (
            'requests.get(url, cookies={"PHPSESSID": "k3j9x7q1m5n0p4r6t8v2"})',
            "k3j9x7q1m5n0p4r6t8v2",
        ),
        (
            "STRIPE_WEBHOOK=whsec_5f8a2c9e1b7d4a3f6e0c2b9a8d7f1e3c",
            "whsec_5f8a2c9e1b7d4a3f6e0c2b9a8d7f1e3c",
        ),
    ],
)
def test_values_their_context_names_as_secrets_are_secrets(text: str, secret: str) -> None:
    assert secret in learner_secrets(text)


@pytest.mark.parametrize(
    "text",
    [
        f"git show {HEX[:40]} breaks the build; tx hash 0x{HEX} is public",
        "the phrase is about able above absent words and it reads like a normal sentence here",
        "curl -b 'theme=dark; lang=en' https://example.org is slow",
        'client = Client("localhost", "production")',
        "https://st.blob.core.windows.net/b/db.tar?sv=2022-11-02&sig=<SAS_SIGNATURE>",
        'cookies={"sessionid": "${SESSION_ID}"} is read from the environment',
    ],
)
def test_look_alikes_without_that_context_are_not_secrets(text: str) -> None:
    assert learner_secrets(text) == ()
