"""Secrets the learner tells in plain words ("my password is hunter2") are never quoted back."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import open_app
from bot.mentor.guards.secrets import SecretScrub, learner_secrets
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest
from bot.settings import Settings
from tests.fakes.openai_server import DRAFT_BODIES, FakeOpenAI, compose, reply
from tests.fakes.redteam_texts import MORE_BODIES
from tests.fakes.seventh_round import TOLD
from tests.mentor.conftest import llm_settings

TOKEN = "ghx9Q2mm81LkPz"


@pytest.mark.parametrize("lang", sorted(TOLD))
def test_a_secret_told_in_words_is_recognised_in_every_language(lang: str) -> None:
    """A secret named in the learner's language and followed by its value is a secret."""
    text, value = TOLD[lang]
    assert value in learner_secrets(text)


@pytest.mark.parametrize(
    "text",
    [
        "The token is expired and the password is hashed with bcrypt.",
        "A token bucket|leaky bucket limiter, tokens_per_second = 40.",
        "The secret is to use a lock; my password is stored in pw_hash.",
        "El token es inválido y la contraseña es demasiado corta.",
        "Das Passwort ist falsch, der Token ist abgelaufen.",
        "トークンは期限切れです。パスワードはハッシュ化しています。",
        "CSRF token is double-submit; see secrets.token_urlsafe(32).",
    ],
)
def test_ordinary_words_after_a_secret_name_are_not_secrets(text: str) -> None:
    """A word after "the token is" that has no digit or password symbol is not a secret."""
    assert learner_secrets(text) == ()


def test_no_line_of_the_knowledge_base_or_catalog_reads_as_a_told_secret() -> None:
    """The mentor's own teaching texts name passwords and tokens without telling any."""
    root = Path(__file__).resolve().parents[3] / "config"
    files = [*(root / "knowledge").rglob("*.toml"), *(root / "i18n").rglob("*.toml")]
    told = {str(f): learner_secrets(f.read_text(encoding="utf-8")) for f in files}
    assert {f: v for f, v in told.items() if v} == {}


def test_a_short_told_secret_is_redacted_from_a_reply() -> None:
    """A seven-letter password the learner told is redacted wherever the reply repeats it."""
    scrub = SecretScrub(["configured-bot-key"]).with_values(["hunter2"])
    text, count = scrub.redact("Log in with `hunter2` and compare; hunter2 is weak.")
    assert "hunter2" not in text
    assert count == 2


@pytest.mark.parametrize("lang", ["en", "de", "ja", "ru"])
async def test_a_draft_quoting_a_secret_told_in_words_shows_it_nowhere(
    settings: Settings, fake_openai: FakeOpenAI, catalog: Catalog, lang: str
) -> None:
    """A draft that repeats the password and token the learner told in prose: neither the
    reply nor any preview shows them."""
    text, value = TOLD[lang]
    message = f"{text}\nThe token is {TOKEN}."
    bodies = list(DRAFT_BODIES.get(lang) or MORE_BODIES[lang])
    bodies[2] += f"\n\nTry logging in with {value} twice and time it."
    bodies[5] += f"\n\nThen call the API with the token {TOKEN} and compare."
    fake_openai.reset(default=reply(compose(list(catalog.headings(lang).values()), tuple(bodies))))
    seen: list[str] = []

    async def progress(shown: str) -> None:
        seen.append(shown)

    async with open_app(llm_settings(settings, fake_openai.base_url)) as app:
        result = await app.mentor.handle(
            MentorRequest(platform="console", user="u1", text=message, locale=lang),
            on_progress=progress,
        )
    for secret in (value, TOKEN):
        assert secret not in result.text
        assert not any(secret in shown for shown in seen)


@pytest.mark.parametrize(
    "text",
    [
        "mysql -u root -p -e 'select 1'",
        "curl -u $USER:$TOKEN https://api.example.org",
        'psql "postgresql://app@db/shop?sslmode=require"',
        "ls -u admin",
        "password=%DB_PASSWORD%",
        'requests.get(url, auth=("admin", os.environ["API_PASSWORD"]))',
    ],
)
def test_flags_and_calls_that_name_where_a_password_lives_are_no_secret(text: str) -> None:
    """A prompt for the password, a variable, a query without one: nothing is redacted."""
    assert learner_secrets(text) == ()
