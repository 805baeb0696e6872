"""A secret the learner pasted in an earlier turn is never quoted back by a later reply.

The follow-up header quotes the learner's last turn ("You said: ..."); on Discord and Slack the
thread is public and the learner may have deleted their own message by then.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.models import MentorRequest

FIRST_TURNS = {
    "url password": (
        "DATABASE_URL=postgresql://admin:Hunter2pass@db.internal:5432/app takes 800 ms to "
        "connect on the first query. Why?",
        "Hunter2pass",
    ),
    "api key": (
        "OPENAI_API_KEY=sk-proj-AbC123xyz789DEFghiJKLmnoPQRstuVWX0123456789ab leaks into my "
        "logs, how do I mask it with structlog?",
        "sk-proj-AbC123xyz789DEFghiJKLmnoPQRstuVWX0123456789ab",
    ),
    "quoted secret": (
        "My boto3 client with aws_secret_access_key='wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8rT2vLmN' "
        "gets throttled at 3500 PUT/s on S3. What now?",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8rT2vLmN",
    ),
    # the quote is cut at ~90 characters: a secret straddling the cut must not leave its head
    "bare key=value straddling the cut": (
        "Upload with key id AKIAZ7Q3LMX8RTV2KP4D and aws_secret_access_key=Qm8vT2xLr5Kp9Wz3Yh7Nc1Bd4"
        "Fg6Jk0Ls2Vx8Pq5 ends in SignatureDoesNotMatch after 30 s",
        "Qm8vT2xLr5Kp9Wz3Yh7Nc1Bd4Fg6Jk0Ls2Vx8Pq5",
    ),
    "bearer token straddling the cut": (
        'Warum 403? requests.get(url, headers={"Authorization": "Bearer '
        'ghp_16C7e42F292c6912E7710c838347Ae178B4a"}) braucht 2 s',
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    ),
    "password told in words": (
        'Login to the admin panel takes 4 s each time, and my password is "Tr0ub4dor&3xyz" '
        "for the admin, is bcrypt the cost?",
        "Tr0ub4dor&3xyz",
    ),
    "the documented AWS example key": (
        "boto3 with AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY is slow",
        "AKIAIOSFODNN7EXAMPLE",
    ),
}


def _heads(secret: str) -> list[str]:
    """The secret's beginnings long enough to be worth something to whoever reads them."""
    return [secret[:n] for n in range(8, len(secret) + 1)]


def ask(text: str, thread: str | None = None) -> MentorRequest:
    return MentorRequest(platform="console", user="learner", text=text, thread=thread)


@pytest.mark.parametrize("case", sorted(FIRST_TURNS))
async def test_follow_up_reply_never_quotes_an_earlier_turns_secret(app: App, case: str) -> None:
    """Turn 2's reply (its "You said" header included) holds no secret from turn 1."""
    first, secret = FIRST_TURNS[case]
    opened = await app.mentor.handle(ask(first))
    assert secret not in opened.text
    follow = await app.mentor.handle(ask("any other idea? still slow", opened.thread))
    assert not any(head in follow.text for head in _heads(secret)), follow.text[:400]
    assert follow.thread == opened.thread
