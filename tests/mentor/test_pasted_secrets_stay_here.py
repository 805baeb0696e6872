"""A secret the learner pastes is not stored and not sent to the model server (review9 R50).

The model server is a third party and the database is backed up and read by operators: the
value is redacted before either sees the message, and the learner is told to rotate it.
"""

from __future__ import annotations

import json
import sqlite3
from typing import NamedTuple

from bot.app import open_app
from bot.mentor.models import Attachment, MentorReply, MentorRequest
from bot.settings import Settings
from tests.fakes.openai_server import FakeOpenAI
from tests.mentor.conftest import llm_settings

DB_PASSWORD = "Hunter2Secret!x"
AWS_SECRET = "Qm8vT2xLr5Kp9Wz3Yh7Nc1Bd4Fg6Jk0Ls2Vx8Pq5"
GITHUB = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"
FILE_KEY = "sk_live_" + "51HqLyjWDarjtT1zdp7dcXYZab"
DJANGO_KEY = "django-insecure-9f$k2!x@7qz#p0w8e3r5t6y1u4i"
SENTRY_KEY = "3f2a9c1b7d4044e5a0b1c2d3e4f5a6b7"
SECRETS = (DB_PASSWORD, AWS_SECRET, GITHUB, FILE_KEY, DJANGO_KEY, SENTRY_KEY)
QUESTION = (
    "psycopg2 says password authentication failed after 3 s. "
    f"DATABASE_URL=postgresql://admin:{DB_PASSWORD}@db.internal:5432/prod and "
    f"aws_secret_access_key={AWS_SECRET}\n```python\nimport requests\n"
    f'requests.get("https://api.github.com/user", headers={{"Authorization": "Bearer {GITHUB}"}})\n'
    "```\nWhy does it fail?"
)
ATTACHED = Attachment(
    ".env",
    f"STRIPE_KEY={FILE_KEY}\nSECRET_KEY={DJANGO_KEY}\nTIMEOUT=3\n"
    f"SENTRY_DSN=https://{SENTRY_KEY}@o123456.ingest.sentry.io/987654\n".encode(),
)


def _dump(settings: Settings) -> str:
    """Every row of every table of the bot's SQLite file, as text."""
    path = settings.database_path
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        return json.dumps(
            [list(row) for t in tables for row in db.execute(f'select * from "{t}"')],
            default=str,
            ensure_ascii=False,
        )


class Asked(NamedTuple):
    """What one question left: the reply, what the model was sent, what the database holds."""

    reply: MentorReply
    sent: str
    stored: str

    def holds_none_of(self, *secrets: str) -> None:
        """No secret was sent to the model, stored, or shown in the reply."""
        for secret in secrets:
            assert secret not in self.sent, secret
            assert secret not in self.stored, secret
            assert secret not in self.reply.text, secret


async def ask(settings: Settings, fake_openai: FakeOpenAI, user: str, text: str) -> Asked:
    """One question through the whole app on the fake model server: the reply, what the model
    was sent and what the database holds, as text."""
    async with open_app(llm_settings(settings, fake_openai.base_url)) as app:
        reply = await app.mentor.handle(MentorRequest(platform="console", user=user, text=text))
    return Asked(reply, json.dumps(fake_openai.requests, ensure_ascii=False), _dump(settings))


async def test_secrets_reach_neither_the_model_nor_the_database(
    settings: Settings, fake_openai: FakeOpenAI
) -> None:
    async with open_app(llm_settings(settings, fake_openai.base_url)) as app:
        first = await app.mentor.handle(
            MentorRequest(platform="console", user="u1", text=QUESTION, attachments=(ATTACHED,))
        )
        second = await app.mentor.handle(
            MentorRequest(platform="console", user="u1", text="Still failing.", thread=first.thread)
        )
    sent = json.dumps(fake_openai.requests, ensure_ascii=False)
    stored = _dump(settings)
    assert fake_openai.requests, "the model was asked"
    for secret in SECRETS:
        assert secret not in sent
        assert secret not in stored
        assert secret not in first.text
        assert secret not in second.text
    assert "[redacted]" in sent
    assert "rotate it now" in first.text
    assert "rotate it now" not in second.text


async def test_a_message_without_secrets_reaches_the_model_unchanged(
    settings: Settings, fake_openai: FakeOpenAI
) -> None:
    text = "My asyncio loop stalls for 2 s when I call requests.get; token bucket at 50/s."
    asked = await ask(settings, fake_openai, "u1", text)
    assert text in asked.sent
    assert "rotate it now" not in asked.reply.text


CURL_PASSWORD = "S3cr3t!Pass"
MYSQL_PASSWORD = "Q9v!xT7zR2"
QUERY_PASSWORD = "Pz8%21kLm2"
KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
SMTP_PASSWORD = "mail-Pw_2024!"
SHAPES_QUESTION = (
    "Por qué mi requests da 401 si curl funciona? "
    f"curl -u admin:{CURL_PASSWORD} https://api.internal/v1/items y en Python "
    f'requests.get(url, auth=("admin", "{CURL_PASSWORD}"))\n```bash\n'
    f"mysql -u root -p{MYSQL_PASSWORD} -e 'select 1'\n"
    f'psql "postgresql://report@db.internal/shop?password={QUERY_PASSWORD}&sslmode=require"\n'
    "```\nY paramiko no acepta mi clave:\n```\n-----BEGIN OPENSSH PRIVATE KEY-----\n"
    f"{KEY_BODY}\nQyNTUxOQAAACDqF7vX2kP9x4Lm0Zt8Qw1Ry7Ue3Io5Pa9Sd2Fg6Hj\n"
    "-----END OPENSSH PRIVATE KEY-----\n```\n"
    f'```python\nsmtp.login("ventas@tienda.es", "{SMTP_PASSWORD}")\n```'
)


async def test_passwords_given_to_flags_calls_and_queries_and_key_bodies_stay_here(
    settings: Settings, fake_openai: FakeOpenAI
) -> None:
    """`curl -u user:pw`, `auth=(u, pw)`, `mysql -pPW`, `?password=`, a private key's body and
    `smtp.login(u, pw)` are redacted like a `.env` line; the notice saying so is true (U9, U28)."""
    asked = await ask(settings, fake_openai, "u9", SHAPES_QUESTION)
    asked.holds_none_of(CURL_PASSWORD, MYSQL_PASSWORD, QUERY_PASSWORD, KEY_BODY, SMTP_PASSWORD)
    assert "sslmode=require" in asked.sent, "the query's other parameters are the question"
    assert "[redacted]" in asked.sent


SSHPASS = "Wint3r#2026"
ACCOUNT_KEY = "q8Zr3PxKv2LmN7bT0cW4yH1sD9fG5jQ6aE8uR3iO2pZ+Vn1Xk=="
PGPASS = "Kx9#mPq2vL"
PIKA = "Rb8nTq3wXz"
NETRC = "n3trc-Pw_77"
MORE_SHAPES_QUESTION = (
    "Der CI-Job bricht nach 40 s ab: sshpass -p "
    f"'{SSHPASS}' ssh deploy@10.0.0.5 'systemctl restart app'. Und Azure Blob: conn = "
    f'"DefaultEndpointsProtocol=https;AccountName=midatos;AccountKey={ACCOUNT_KEY};'
    'EndpointSuffix=core.windows.net"; meine ~/.pgpass hat '
    f"db.internal:5432:prod:report:{PGPASS}\n```python\n"
    f'creds = pika.PlainCredentials("guest", "{PIKA}")\n```\n'
    f"```\nmachine pypi.internal login deploy password {NETRC}\n```\nWarum so langsam?"
)


async def test_sshpass_connection_string_keys_pgpass_netrc_and_credential_objects_stay_here(
    settings: Settings, fake_openai: FakeOpenAI
) -> None:
    """review12 V11: `sshpass -p`, Azure's `AccountKey=`, a `.pgpass` line's fifth field, a
    `.netrc` password and `PlainCredentials(u, pw)` were stored and sent whole, two of them under
    the notice saying they were redacted; now none is, and the notice is true."""
    asked = await ask(settings, fake_openai, "u11", MORE_SHAPES_QUESTION)
    asked.holds_none_of(SSHPASS, ACCOUNT_KEY, PGPASS, PIKA, NETRC)
    assert "AccountName=midatos" in asked.sent, "the rest of the connection string is the question"
    assert "[redacted]" in asked.reply.text
