"""Discord: `/mca ask` and the ask form, acked then SIGKILLed before their turn, answered once.

The real `python -m bot run` against the fake Discord, on SQLite and on PostgreSQL. The ask is
acked ("thinking...") and the process is killed while Discord is stuck opening its thread, or
once the thread is open but "thinking..." not yet replaced (the turn not yet stored either
way); the next start replays it from the inbox: within the token's 15 minutes the original
response is edited, after them the question is posted in the channel, and the answer comes
once, in one thread.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.fakes.discord_server import CHANNEL_ID, FakeDiscord
from tests.faults.harness import DiscordRun, headings

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

QUESTION = "Why is my dict comprehension slower than a loop here? How would I measure it properly?"
FORM_CODE = "d = {k: v for k, v in zip(range(10), range(10))}"
PY_FILE = ("slow.py", b"import time\nprint(sum(i * i for i in range(1000)))\n")


def _answers(fake: FakeDiscord, thread_id: int) -> int:
    first = headings()[0]
    return sum(first in m["content"] for m in fake.visible(thread_id))


def _callbacks(fake: FakeDiscord) -> int:
    return len([c for c in fake.calls if c.method == "POST" and c.path.endswith("/callback")])


async def _ask(fake: FakeDiscord, how: str) -> str:
    """Ask the way a learner does; returns the token of the interaction that is acked."""
    if how == "form":
        opened = await fake.dispatch("INTERACTION_CREATE", fake.slash("ask"))
        del opened
        token = (await fake.wait_for(lambda: list(fake.modals)))[0]
        submit = fake.modal_submit(fake.modals[token], [QUESTION, FORM_CODE])
        await fake.dispatch("INTERACTION_CREATE", submit)
        return str(submit["token"])
    slash = fake.slash("ask", question=QUESTION, code=PY_FILE)
    await fake.dispatch("INTERACTION_CREATE", slash)
    return str(slash["token"])


STUCK = {"opening": ("POST", "/threads"), "editing": ("PATCH", "/webhooks/")}
"""Where Discord is stuck when the process is killed: opening the thread, or showing the ask."""


@pytest.mark.parametrize(
    ("how", "late", "stuck"),
    [("command", False, "opening"), ("form", True, "opening"), ("command", False, "editing")],
)
async def test_ask_killed_after_its_ack_is_answered_once_after_restart(
    how: str, late: bool, stuck: str, discord_run: DiscordRun
) -> None:
    """An acked ask whose process dies before its turn is stored is answered once on restart."""
    fake, bot, view = discord_run.fake, discord_run.bot, discord_run.view
    method, where = STUCK[stuck]
    fake.hold(method, where)  # Discord is stuck: no turn stored yet
    acked = _callbacks(fake) + (2 if how == "form" else 1)  # the form is opened, then acked
    token = await _ask(fake, how)
    await fake.wait_for(lambda: fake.find(method, where))
    assert _callbacks(fake) == acked  # the learner saw "thinking..."
    assert await view.inbox_rows() == 1  # kept before the ack
    await bot.kill()
    await asyncio.sleep(0.2)  # the socket closes: the held call dies with its process
    fake.release()
    if late:
        fake.expire_tokens()  # the restart comes after the token's 15 minutes

    await bot.start()
    thread_id = int((await fake.wait_for(fake.threads_created, within_s=30))[0]["id"])
    await fake.wait_for(lambda: _answers(fake, thread_id) == 1, within_s=30)
    await fake.wait_for(lambda: bot.events("reaper.event_replayed"), within_s=10)

    assert len(fake.threads_created()) == 1
    turns = await view.turns_by_text()
    asked = [t for text, t in turns.items() if QUESTION in text]
    assert asked == [[("answered", 1, 1)]]
    assert await view.inbox_rows() == 0
    original = next(
        m for m in fake.messages.values() if m.get("token") == token and m.get("original")
    )
    shown = [m for m in fake.visible(CHANNEL_ID) if QUESTION[:40] in m["content"]]
    if late:  # the token is gone: the question is posted in the channel, the original stays
        assert QUESTION[:40] not in original["content"]
        assert len(shown) == 1
    else:  # "thinking..." becomes the question with its thread
        assert QUESTION[:40] in original["content"]
        assert str(thread_id) in original["content"]
    if how == "command":  # the attached file was read again for the replayed turn
        assert sum(PY_FILE[0] in hit for hit in fake.cdn_hits) == 2
    await asyncio.sleep(1.0)
    assert _answers(fake, thread_id) == 1


async def test_ask_killed_before_its_ack_is_not_answered_beside_the_learners_new_ask(
    discord_run: DiscordRun,
) -> None:
    """Kept but never acked (the learner saw "did not respond" and asked again): one answer."""
    fake, bot, view = discord_run.fake, discord_run.bot, discord_run.view
    fake.hold("POST", "/callback")  # the "thinking..." ack never reaches Discord
    first = fake.slash("ask", question=QUESTION)
    await fake.dispatch("INTERACTION_CREATE", first)
    await fake.wait_for(lambda: fake.find("POST", "/callback"))
    assert await view.inbox_rows() == 1  # kept before the ack
    await bot.kill()
    await asyncio.sleep(0.2)
    fake.release()
    assert not fake.acked(str(first["id"]))

    await bot.start()
    await fake.wait_for(lambda: bot.events("reaper.event_replayed"), within_s=60)
    await fake.dispatch("INTERACTION_CREATE", fake.slash("ask", question=QUESTION))  # again
    thread_id = int((await fake.wait_for(fake.threads_created, within_s=30))[0]["id"])
    await fake.wait_for(lambda: _answers(fake, thread_id) == 1, within_s=30)
    await asyncio.sleep(1.0)

    assert len(fake.threads_created()) == 1
    assert _answers(fake, thread_id) == 1
    turns = await view.turns_by_text()
    assert [t for text, t in turns.items() if QUESTION in text] == [[("answered", 1, 1)]]
    assert await view.inbox_rows() == 0
    assert bot.events("discord.ask_unacked_dropped")
