"""End to end: the real `python -m bot run` process against the fake Discord, real payloads."""

from __future__ import annotations

import asyncio
import sqlite3
import time
import tomllib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.platforms.discord_render import (
    ACK_DEADLINE_S,
    EDIT_BURST,
    EDIT_INTERVAL_S,
    EDIT_WINDOW_S,
    MESSAGE_LIMIT,
    THREAD_NAME_LIMIT,
    fences_balanced,
)
from tests.conftest import REPO_ROOT
from tests.fakes.discord_server import (
    CHANNEL_ID,
    EPHEMERAL,
    GUILD_ID,
    LEARNER,
    LEARNER_ID,
    OTHER_BOT,
    OTHER_THREAD_ID,
    OTHER_USER,
    OTHER_USER_ID,
    FakeDiscord,
    RestCall,
    unpaced_edits,
)
from tests.faults.harness import log_events
from tests.platforms.discord.bot_process import SANDBOX, discord_bot

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

CODE = b"import asyncio\n\nasync def main():\n    await asyncio.sleep(0)\n\nasyncio.run(main())\n"


def headings(lang: str) -> list[str]:
    data = tomllib.loads((REPO_ROOT / "config" / "i18n" / f"{lang}.toml").read_text("utf-8"))
    return list(data["headings"].values())


def message(lang: str, key: str) -> str:
    data = tomllib.loads((REPO_ROOT / "config" / "i18n" / f"{lang}.toml").read_text("utf-8"))
    return str(data["messages"][key])


@dataclass
class BotRun:
    """The bot process, its fake Discord, its database and its log."""

    fake: FakeDiscord
    proc: asyncio.subprocess.Process
    data_dir: Path
    log_path: Path

    def events(self, name: str) -> list[dict[str, Any]]:
        """JSON log events of that name so far."""
        return log_events(self.log_path.read_text("utf-8", "replace"), name)

    async def wait_events(self, name: str, count: int, within_s: float = 15.0) -> None:
        await self.fake.wait_for(lambda: len(self.events(name)) >= count, within_s=within_s)

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.data_dir / "mca.sqlite3") as conn:
            return conn.execute(sql, params).fetchall()

    async def ask(
        self, question: str, *, locale: str = "en-US", author: dict[str, Any] = LEARNER, **kw: Any
    ) -> tuple[dict[str, Any], float, int]:
        """/mca ask in the channel; returns (payload, sent at, new thread id) once answered."""
        done = len(self.events("discord.reply_posted"))
        since = time.monotonic()
        payload = self.fake.slash("ask", locale=locale, author=author, question=question, **kw)
        sent = await self.fake.dispatch("INTERACTION_CREATE", payload)
        await self.wait_events("discord.reply_posted", done + 1)
        thread = self.fake.threads_created(since)[0]
        return payload, sent, int(thread["id"])

    async def say(self, channel: int, text: str, *, author: dict[str, Any] = LEARNER) -> None:
        """A plain message in a thread; returns once it is answered."""
        done = len(self.events("discord.reply_posted"))
        await self.fake.dispatch(
            "MESSAGE_CREATE", self.fake.user_message(channel, text, author=author)
        )
        await self.wait_events("discord.reply_posted", done + 1)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotRun]:
    root = tmp_path_factory.mktemp("discord-e2e")
    async with discord_bot(root) as started:
        yield BotRun(started.fake, started.proc, root / "data", started.log_path)


def posted(fake: FakeDiscord, since: float) -> list[RestCall]:
    """Every call since `since` that put text in front of someone."""
    return [c for c in fake.calls if c.at >= since and c.content is not None]


def thread_text(fake: FakeDiscord, thread: int) -> str:
    return "\n".join(m["content"] for m in fake.visible(thread))


async def test_login_syncs_mca_to_the_dev_guild(bot: BotRun) -> None:
    """Login calls the two identity endpoints; /mca is synced to the dev guild."""
    paths = [c.path for c in bot.fake.calls[:2]]
    assert paths == ["/users/@me", "/oauth2/applications/@me"]
    synced = bot.fake.commands[str(GUILD_ID)]
    assert [c["name"] for c in synced] == ["mca", "mca-admin"]
    subs = {o["name"] for o in synced[0]["options"]}
    assert {"ask", "new", "help", "forget"} <= subs


async def test_ask_in_portuguese_with_code_answers_in_a_public_thread(bot: BotRun) -> None:
    """Deferred within 3 s; a public thread; 7 Portuguese sections; every message fits, fences balanced."""
    fake = bot.fake
    since = time.monotonic()
    question = "Por que meu loop asyncio está lento com gather? Pode me dar um esqueleto de código?"
    payload, sent, thread = await bot.ask(question, locale="pt-BR", code=("lento.py", CODE))

    callback = fake.find("POST", f"/interactions/{payload['id']}/")[0]
    assert callback.body["type"] == 5  # deferred
    assert callback.query.get("with_response") in ("1", "true", "True")
    assert callback.at - sent < ACK_DEADLINE_S
    created = fake.threads_created(since)[0]
    assert created["type"] == 11  # public
    assert 1 <= len(created["name"]) <= THREAD_NAME_LIMIT
    assert created["name"].startswith("Por que meu loop")
    assert any(name.endswith("lento.py") for name in fake.cdn_hits)  # the code was downloaded

    text = thread_text(fake, thread)
    for heading in headings("pt"):
        assert text.count(heading) == 1, heading
    if SANDBOX:  # the evidence is cited in the hypotheses, the report follows compactly
        assert "Medido no sandbox: ok" in text
        assert "🧪 sandbox: **ok**" in text
        assert text.count("🧪") == 1
    else:
        assert "Não consegui executar seu código" in text
    assert "```python" in text  # the scaffold was asked for
    original = [c for c in fake.find("PATCH", "/messages/@original", since)]
    assert f"<#{thread}>" in (original[0].content or "")
    for call in posted(fake, since):
        assert len(call.content or "") <= MESSAGE_LIMIT
        assert fences_balanced(call.content or "")


async def test_followup_message_in_thread_uses_earlier_turns(bot: BotRun) -> None:
    """A plain message in the bot's thread continues it: the reply quotes the previous question."""
    _, _, thread = await bot.ask("Why does my asyncio gather never finish?", locale="en-US")
    before = len(bot.fake.visible(thread))
    await bot.say(thread, "I added a timeout, and now it raises CancelledError.")
    reply = "\n".join(m["content"] for m in bot.fake.visible(thread)[before:])
    assert "Why does my asyncio gather never finish?" in reply
    assert all(h in reply for h in headings("en"))


async def test_mentions_in_output_ping_nobody(bot: BotRun) -> None:
    """@everyone and <@123> in what the bot posts never ping: allowed_mentions is empty."""
    since = time.monotonic()
    _, _, thread = await bot.ask("@everyone <@123> why is my asyncio loop blocked?")
    await bot.say(thread, "still blocked after to_thread")
    text = thread_text(bot.fake, thread)
    assert "<@123>" in text  # quoted back, shown, but...
    calls = posted(bot.fake, since)
    assert calls
    for call in calls:
        assert call.allowed_mentions == {"parse": []}, call.path
        assert "@everyone" not in (call.content or "")
    name = bot.fake.threads_created(since)[0]["name"]
    assert "@everyone" not in name
    assert "<@" not in name


async def test_streamed_edits_stay_within_the_rate(bot: BotRun) -> None:
    """Previews at most once per EDIT_INTERVAL_S per channel; all edits within Discord's burst."""
    calls = bot.fake.find("PATCH", "/channels/")
    assert calls
    assert not unpaced_edits(
        calls, interval_s=EDIT_INTERVAL_S, burst=EDIT_BURST, window_s=EDIT_WINDOW_S
    )


async def test_thumbs_on_any_part_of_a_reply_is_stored_as_feedback(bot: BotRun) -> None:
    """👍 then 👎 from the learner on a reply message is stored (latest wins) on that turn."""
    _, _, thread = await bot.ask("How do I profile asyncio code with py-spy?")
    last = int(bot.fake.visible(thread)[-1]["id"])
    await bot.fake.dispatch("MESSAGE_REACTION_ADD", bot.fake.reaction(last, "👍"))
    await bot.wait_events("discord.feedback_stored", 1)
    await bot.fake.dispatch("MESSAGE_REACTION_ADD", bot.fake.reaction(last, "👎"))
    await bot.wait_events("discord.feedback_stored", 2)
    rows = bot.query(
        "SELECT f.value FROM feedback f JOIN learners l ON l.id = f.learner_id"
        " WHERE l.external_id = ?",
        str(LEARNER_ID),
    )
    assert rows == [(-1,)]


async def test_messages_from_bots_others_and_foreign_threads_are_ignored(bot: BotRun) -> None:
    """Only the learner's own messages in the bot's threads get an answer."""
    _, _, thread = await bot.ask("Is asyncio.TaskGroup better than gather?")
    since = time.monotonic()
    replies = len(bot.events("discord.reply_posted"))
    fake = bot.fake
    for channel, author in ((OTHER_THREAD_ID, LEARNER), (thread, OTHER_BOT), (thread, OTHER_USER)):
        await fake.dispatch("MESSAGE_CREATE", fake.user_message(channel, "hello?", author=author))
    await bot.say(thread, "What about exception groups?")  # answered: the bot was listening
    answered = {c.path.split("/")[2] for c in fake.find("POST", "/messages", since)}
    assert answered == {str(thread)}
    assert len(bot.events("discord.reply_posted")) == replies + 1


async def test_another_learners_ask_in_my_thread_is_refused_privately(bot: BotRun) -> None:
    """/mca ask by someone else inside a learner's thread does not continue it: a private note."""
    _, _, thread = await bot.ask("How do I bound concurrency with a Semaphore?")
    replies = len(bot.events("discord.reply_posted"))
    since = time.monotonic()
    payload = bot.fake.slash("ask", channel_id=thread, author=OTHER_USER, question="Me too?")
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    notes = await bot.fake.wait_for(lambda: bot.fake.find("POST", "/webhooks/", since))
    assert notes[0].body["flags"] & EPHEMERAL
    assert "belongs to another learner" in (notes[0].content or "")
    await asyncio.sleep(0.3)
    assert len(bot.events("discord.reply_posted")) == replies
    assert not bot.fake.find("POST", f"/channels/{thread}/messages", since)


async def test_a_dm_is_a_private_thread_for_ask_and_plain_messages(bot: BotRun) -> None:
    """/mca ask in a DM is answered in the DM (no public thread); a plain DM continues it."""
    fake, dm = bot.fake, 700000000000000071
    since = time.monotonic()
    done = len(bot.events("discord.reply_posted"))
    payload = fake.slash("ask", dm=True, channel_id=dm, question="How do I profile an asyncio app?")
    await fake.dispatch("INTERACTION_CREATE", payload)
    await bot.wait_events("discord.reply_posted", done + 1)
    assert not fake.threads_created(since)
    first = thread_text(fake, dm)
    assert all(h in first for h in headings("en"))
    await fake.dispatch(
        "MESSAGE_CREATE", fake.user_message(dm, "It is py-spy that I cannot attach.", dm=True)
    )
    await bot.wait_events("discord.reply_posted", done + 2)
    assert thread_text(fake, dm).count(headings("en")[0]) == 2  # two complete answers


async def test_ask_without_text_opens_a_form_for_multiline_code(bot: BotRun) -> None:
    """/mca ask with no question opens a modal; its question and code are answered in a thread."""
    fake = bot.fake
    payload = fake.slash("ask", locale="pt-BR")
    await fake.dispatch("INTERACTION_CREATE", payload)
    modal = await fake.wait_for(lambda: fake.modals.get(payload["token"]))
    assert modal["title"] == "Pergunte ao mentor"
    labels = [c["components"][0]["label"] for c in modal["components"]]
    assert labels[0] == "Sua pergunta"
    done = len(bot.events("discord.reply_posted"))
    since = time.monotonic()
    code = "def total(rows):\n    out = ''\n    for r in rows:\n        out += str(r)\n    return out\n\n\nprint(total(range(10)))\n"
    submit = fake.modal_submit(modal, ["Por que esta concatenação fica lenta?", code])
    submit["locale"] = "pt-BR"
    await fake.dispatch("INTERACTION_CREATE", submit)
    await bot.wait_events("discord.reply_posted", done + 1)
    thread = int(fake.threads_created(since)[0]["id"])
    text = thread_text(fake, thread)
    assert all(h in text for h in headings("pt"))
    if SANDBOX:  # the form's code is a fenced block: run and profiled like an attachment
        assert "🧪 sandbox: **ok**" in text


async def test_a_forum_post_is_a_question_answered_in_the_post(bot: BotRun) -> None:
    """A learner's new post in a forum channel is answered inside that post; others' replies not."""
    fake = bot.fake
    done = len(bot.events("discord.reply_posted"))
    since = time.monotonic()
    post = await fake.forum_post(
        "Event loop blocked by my ORM?",
        "My FastAPI p99 jumps to 2 s when the Django ORM runs inside an async view. Why?",
    )
    await bot.wait_events("discord.reply_posted", done + 1)
    text = thread_text(fake, post)
    assert all(h in text for h in headings("en"))
    assert not fake.threads_created(since)  # answered in the post, no new thread
    await fake.dispatch(
        "MESSAGE_CREATE", fake.user_message(post, "+1 same here", author=OTHER_USER)
    )
    await bot.say(post, "I moved the ORM call to sync_to_async; p99 is now 300 ms.")
    assert len(bot.events("discord.reply_posted")) == done + 2


async def test_help_is_private_and_in_the_learners_language(bot: BotRun) -> None:
    """/mca help answers ephemerally, in the interaction's locale."""
    payload = bot.fake.slash("help", locale="de")
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    call = await bot.fake.wait_for(lambda: bot.fake.find("POST", f"/interactions/{payload['id']}/"))
    body = call[0].body
    assert body["type"] == 4
    assert body["data"]["flags"] & EPHEMERAL
    assert body["data"]["content"] == message("de", "help")


async def test_non_python_attachment_is_refused_privately_without_a_thread(bot: BotRun) -> None:
    """A .pdf as code: a polite ephemeral error in French, the public 'thinking' removed, no thread."""
    since = time.monotonic()
    payload = bot.fake.slash(
        "ask", locale="fr", question="Pourquoi est-ce lent ?", code=("notes.pdf", b"%PDF-1.4")
    )
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    token = payload["token"]
    followups = await bot.fake.wait_for(lambda: bot.fake.find("POST", "/webhooks/", since))
    assert token in followups[0].path
    assert followups[0].body["flags"] & EPHEMERAL
    assert "notes.pdf" in followups[0].content
    assert followups[0].content.startswith("Je ne peux exécuter")
    assert bot.fake.find("DELETE", "/messages/@original", since)
    assert not bot.fake.threads_created(since)


async def test_a_question_with_a_latin1_attachment_is_answered_and_the_file_named(
    bot: BotRun,
) -> None:
    """review9 R38: the valid question is answered in its thread; the unreadable file is named."""
    latin1 = "# é lento\nprint(sum(range(10)))\n".encode("latin-1")
    since = time.monotonic()
    _, _, thread = await bot.ask(
        "Por que este código é lento?", locale="pt-BR", code=("lento.py", latin1)
    )
    text = thread_text(bot.fake, thread)
    assert "Não consegui ler `lento.py` como texto" in text
    for heading in headings("pt"):
        assert heading in text
    assert "🧪" not in text  # nothing of the file was run
    assert not [
        c for c in bot.fake.find("POST", "/webhooks/", since) if "UTF-8" in (c.content or "")
    ]


async def test_internal_error_shows_a_reference_that_is_in_the_log(bot: BotRun) -> None:
    """Discord refusing the thread: the learner gets a polite ephemeral message with a reference."""
    since = time.monotonic()
    bot.fake.failures.append(("POST", f"/channels/{CHANNEL_ID}/threads", 403, 50013))
    payload = bot.fake.slash("ask", locale="en-US", question="Why is my loop slow?")
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    followups = await bot.fake.wait_for(lambda: bot.fake.find("POST", "/webhooks/", since))
    text = followups[0].content or ""
    assert followups[0].body["flags"] & EPHEMERAL
    ref = text.rsplit("reference ", 1)[1].rstrip(")")
    await bot.wait_events("discord.error", 1)
    assert any(e.get("ref") == ref for e in bot.events("discord.error"))


async def test_forget_after_confirmation_deletes_the_learners_data(bot: BotRun) -> None:
    """/mca forget asks first (nothing deleted), then the learner's button deletes everything."""
    await bot.ask("How do I read a flame graph?", author=OTHER_USER)
    fake = bot.fake
    learner = "SELECT COUNT(*) FROM learners WHERE platform = 'discord' AND external_id = ?"
    assert bot.query(learner, str(OTHER_USER_ID)) == [(1,)]
    posted = [  # the platform messages that carry the reply to their question
        row[0]
        for row in bot.query(
            "SELECT p.part_id FROM discord_message_parts p JOIN messages m ON m.id = p.message_id"
            " JOIN threads t ON t.id = m.thread_id JOIN learners l ON l.id = t.learner_id"
            " WHERE l.external_id = ?",
            str(OTHER_USER_ID),
        )
    ]
    assert posted

    ask = fake.slash("forget", locale="pt-BR", author=OTHER_USER)
    await fake.dispatch("INTERACTION_CREATE", ask)
    calls = await fake.wait_for(lambda: fake.find("POST", f"/interactions/{ask['id']}/"))
    body = calls[0].body
    assert body["data"]["flags"] & EPHEMERAL
    assert body["data"]["content"] == message("pt", "forget_confirm")
    assert bot.query(learner, str(OTHER_USER_ID)) == [(1,)]
    buttons = [b for row in body["data"]["components"] for b in row["components"]]
    confirm = next(b for b in buttons if ":confirm:" in b["custom_id"])
    assert confirm["label"] == message("pt", "forget_button")

    prompt = next(m for m in fake.messages.values() if m.get("interaction_id") == ask["id"])
    click = fake.interaction(
        3,
        {"custom_id": confirm["custom_id"], "component_type": 2},
        locale="pt-BR",
        author=OTHER_USER,
        message=prompt,
    )
    await fake.dispatch("INTERACTION_CREATE", click)
    done = await fake.wait_for(lambda: fake.find("POST", f"/interactions/{click['id']}/"))
    assert done[0].body["type"] == 7  # the prompt is replaced by the result
    assert done[0].body["data"]["content"].startswith("Pronto")
    assert "conversas: 1;" in done[0].body["data"]["content"]  # it says what it removed
    assert bot.query(learner, str(OTHER_USER_ID)) == [(0,)]
    marks = ", ".join("?" * len(posted))
    parts = f"SELECT COUNT(*) FROM discord_message_parts WHERE part_id IN ({marks})"
    assert bot.query(parts, *posted) == [(0,)]
    assert bot.query(learner, str(LEARNER_ID)) == [(1,)]  # only the clicker's data


async def test_gateway_drop_mid_reply_still_gives_exactly_one_complete_answer(bot: BotRun) -> None:
    """The socket drops while a reply is posted and a follow-up is sent: resumed, each answered once."""
    fake = bot.fake
    done = len(bot.events("discord.reply_posted"))
    since = time.monotonic()
    payload = fake.slash("ask", question="Why does my websocket client reconnect so often?")
    await fake.dispatch("INTERACTION_CREATE", payload)
    placeholder = await fake.wait_for(
        lambda: [c for c in fake.find("POST", "/messages", since) if c.content == "⏳"]
    )
    thread = int(placeholder[0].path.split("/")[2])
    identifies = fake.identifies
    await fake.drop(4000)
    # Sent while disconnected: Discord replays it after RESUME.
    await fake.dispatch(
        "MESSAGE_CREATE", fake.user_message(thread, "and with exponential backoff?")
    )
    await fake.wait_connected()
    await bot.wait_events("discord.reply_posted", done + 2)
    await asyncio.sleep(EDIT_INTERVAL_S)  # nothing else arrives late
    assert fake.resumes >= 1
    assert fake.identifies == identifies
    text = thread_text(fake, thread)
    first = headings("en")[0]
    assert text.count(first) == 2  # the question's answer and the follow-up's, once each
    assert all(text.count(h) == 2 for h in headings("en"))
    assert "⏳" not in text


async def test_malformed_and_unknown_interactions_are_logged_and_ignored(bot: BotRun) -> None:
    """A payload discord.py cannot parse, an unknown type and an unknown subcommand: no crash."""
    fake = bot.fake
    failures = len(bot.events("discord.gateway_event_failed"))
    identifies = fake.identifies
    await fake.dispatch("INTERACTION_CREATE", {"id": "not-a-snowflake", "type": 2})
    await bot.wait_events("discord.gateway_event_failed", failures + 1)
    await fake.wait_for(lambda: fake.identifies > identifies)  # a fresh session
    await fake.wait_connected()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(99, {"name": "mystery"}))
    unknown = fake.slash("teleport", locale="it")
    await fake.dispatch("INTERACTION_CREATE", unknown)
    reply = await fake.wait_for(lambda: fake.find("POST", f"/interactions/{unknown['id']}/"))
    assert reply[0].body["data"]["flags"] & EPHEMERAL
    assert "teleport" in reply[0].body["data"]["content"]
    assert bot.events("discord.unknown_command")
    # Still serving.
    _, _, thread = await bot.ask("Is the bot still alive after that?")
    assert all(h in thread_text(fake, thread) for h in headings("en"))
    assert bot.proc.returncode is None
