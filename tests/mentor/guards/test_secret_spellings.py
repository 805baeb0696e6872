"""The learner's secret never comes back in another spelling: base64 (whatever precedes
it), hex, reversed, URL-encoded or split over string literals; the preview's line check
sees the same spellings, so it never shows what the final reply redacts."""

from __future__ import annotations

import base64

import pytest

from bot.mentor.guards.secrets import REDACTED, SecretScrub, learner_secrets
from tests.fakes.eighth_round import SECRET_ECHOES

PASSWORD = "Tr0ub4dor&3x"


@pytest.mark.parametrize("case", sorted(SECRET_ECHOES))
def test_a_secret_the_learner_told_is_redacted_in_every_spelling(case: str) -> None:
    message, draft = SECRET_ECHOES[case]
    scrub = SecretScrub().with_values(learner_secrets(message))
    text, count = scrub.redact(draft)
    assert count >= 1
    assert REDACTED in text
    assert scrub.find(draft)


@pytest.mark.parametrize("prefix", ["", "a", "ab", "app:", "user:pw="])
def test_base64_hides_no_secret_behind_a_prefix(prefix: str) -> None:
    """Basic-auth style `user:password` encoded: the password's own characters are found."""
    encoded = base64.b64encode(f"{prefix}{PASSWORD}".encode()).decode()
    text, count = SecretScrub().with_values((PASSWORD,)).redact(f"Authorization: Basic {encoded}")
    assert count == 1, encoded
    assert encoded not in text


def test_strings_that_do_not_spell_the_secret_stay() -> None:
    """Literals joined for other reasons, other base64 and hex values are left alone."""
    code = (
        "```python\nGREETING = 'Hello, ' + 'world'\nTOKEN = os.environ['TOKEN']\n"
        "DIGEST = 'a3f1c2' 'b4d5'\nLOGO = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB'\n```"
    )
    scrub = SecretScrub().with_values((PASSWORD,))
    assert scrub.redact(code) == (code, 0)
    assert not scrub.find(code)
