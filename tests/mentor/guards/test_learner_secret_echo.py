"""The learner's own secrets (a .env line, a URL password, a key) are never quoted back."""

from __future__ import annotations

import pytest

from bot.app import open_app
from bot.mentor.guards.secrets import learner_secrets
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest
from bot.settings import Settings
from tests.fakes.openai_server import DRAFT_BODIES, FakeOpenAI, compose, reply
from tests.fakes.redteam_texts import MORE_BODIES
from tests.mentor.conftest import llm_settings

DB_PASSWORD = "Tr0ub4dor&3x"
URL_PASSWORD = "S3cretPass77"
STRIPE = "sk_live_" + "51HqLyjWDarjtT1zdp7dcXYZab"
MESSAGE = (
    "My settings load too slowly. Here is my config:\n\n```\n"
    f"DB_PASSWORD={DB_PASSWORD}\nDATABASE_URL=postgres://app:{URL_PASSWORD}@db.internal/prod\n"
    f'STRIPE_KEY="{STRIPE}"\n```\nWhy does it take 2 s to start?'
)


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
async def test_sections_six_and_seven_quoting_the_learners_secret_are_redacted(
    settings: Settings, fake_openai: FakeOpenAI, catalog: Catalog, lang: str
) -> None:
    """A draft whose next steps and reflection repeat the learner's password, URL password
    and Stripe key: the reply and the preview show none of them."""
    bodies = list(DRAFT_BODIES.get(lang) or MORE_BODIES[lang])
    bodies[5] += f"\n\nThen connect with `psql postgres://app:{URL_PASSWORD}@db.internal/prod`."
    bodies[6] += f"\n\nWas `DB_PASSWORD={DB_PASSWORD}` or `{STRIPE}` read twice?"
    fake_openai.reset(default=reply(compose(list(catalog.headings(lang).values()), tuple(bodies))))
    seen: list[str] = []

    async def progress(text: str) -> None:
        seen.append(text)

    async with open_app(llm_settings(settings, fake_openai.base_url)) as app:
        result = await app.mentor.handle(
            MentorRequest(platform="console", user="u1", text=MESSAGE, locale=lang),
            on_progress=progress,
        )
    for secret in (DB_PASSWORD, URL_PASSWORD, STRIPE):
        assert secret not in result.text
        assert not any(secret in text for text in seen)


def test_learner_secrets_are_values_not_placeholders() -> None:
    """Quoted or .env values of secret-named keys, URL passwords and keys count; `${VAR}`,
    `your-token`, `xxxx` and a call (`get_token()`) do not."""
    text = (
        "API_KEY=${API_KEY}\nTOKEN=your-token-here\npassword = 'xxxxxxxx'\n"
        "token = get_token()\npassword = 'hunter2!x'\nurl = 'redis://:Q9w8e7r6@cache:6379/0'"
    )
    assert set(learner_secrets(text)) == {"hunter2!x", "Q9w8e7r6"}


def test_a_bare_secret_value_in_prose_counts_but_code_that_names_one_does_not() -> None:
    """`aws_secret_access_key=<random>` told inside a sentence is a secret; a setting read
    from code (`secret=settings.SECRET_KEY`), a count (`max_tokens=4096000`) or a call is not."""
    text = (
        "boto3 with aws_secret_access_key=Qm8vT2xLr5Kp9Wz3Yh7N fails; in Django I pass "
        "secret=settings.SECRET_KEY, max_tokens=4096000 and api_key=load_key() everywhere"
    )
    assert learner_secrets(text) == ("Qm8vT2xLr5Kp9Wz3Yh7N",)


def test_a_generated_key_is_a_secret_whatever_characters_it_holds() -> None:
    """Django's generated SECRET_KEY holds `$`, `#`, `!` and `@`: in a .env line, a settings.py
    assignment or YAML it is still one value (review10 T14: it reached the model verbatim);
    a `#` after a space is a comment, and `$VAR`, `$(cmd)`, `{{ var }}` say where one lives."""
    key = "django-insecure-9f$k2!x@7qz#p0w8e3r5t6y1u4i"
    text = (
        f"SECRET_KEY={key}\nDEBUG=False  # prod\nDB_PASSWORD=$DB_PASSWORD\n"
        "API_TOKEN=$(pass show api)\nSIGNING_KEY={{ vault_signing_key }}\n"
        "secret_key: Zk9$Lm2#Qp7!rT5w   # staging\n"
        "SETTINGS: SECRET_KEY = 'a1b2$c3d4#e5f6g7h8i9'\n"
    )
    found = learner_secrets(text)
    assert {key, "Zk9$Lm2#Qp7!rT5w", "a1b2$c3d4#e5f6g7h8i9"} <= set(found)
    assert not any(v.startswith(("$", "{{")) or "pass show" in v for v in found)


def test_a_key_in_a_urls_user_part_is_a_secret_a_user_name_is_not() -> None:
    """A Sentry DSN carries its key as the URL's user (`https://KEY@host`): the key counts,
    and with a secret-named variable the whole DSN; `ssh://deploy@host` is a user name."""
    dsn_key = "3f2a9c1b7d4044e5a0b1c2d3e4f5a6b7"
    dsn = f"https://{dsn_key}@o123456.ingest.sentry.io/987654"
    found = learner_secrets(f"SENTRY_DSN={dsn}\nrsync via ssh://deploy@backup.example.com/data")
    assert dsn_key in found
    assert dsn in found
    assert not any("deploy" in v for v in found)


def test_an_authorization_header_value_is_a_secret() -> None:
    """review10 T14: `Authorization: Bearer <token>` pasted with code went out verbatim."""
    token = "a8Fj29dKs03LmQ7xZp4Rt6Vw"
    code = f'headers = {{"Authorization": "Bearer {token}"}}\n# Token authentication is slow'
    assert learner_secrets(code) == (token,)
    assert learner_secrets("We use Bearer authentication with short-lived tokens.") == ()
