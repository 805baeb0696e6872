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
}


def ask(text: str, thread: str | None = None) -> MentorRequest:
    return MentorRequest(platform="console", user="learner", text=text, thread=thread)


@pytest.mark.parametrize("case", sorted(FIRST_TURNS))
async def test_follow_up_reply_never_quotes_an_earlier_turns_secret(app: App, case: str) -> None:
    """Turn 2's reply (its "You said" header included) holds no secret from turn 1."""
    first, secret = FIRST_TURNS[case]
    opened = await app.mentor.handle(ask(first))
    assert secret not in opened.text
    follow = await app.mentor.handle(ask("any other idea? still slow", opened.thread))
    assert secret not in follow.text
    assert follow.thread == opened.thread
