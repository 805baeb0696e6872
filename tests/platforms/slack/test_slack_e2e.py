"""End to end: the real `python -m bot run` in HTTP mode, signed requests, the fake Slack Web API.

One bot process and one fake serve the whole module; each test uses its own channel and user.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import time
import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.conftest import REPO_ROOT
from tests.fakes.slack_server import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USER,
    SIGNING_SECRET,
    FakeSlack,
    command_body,
    message_event,
    new_ts,
    sign,
    view_submission_body,
)
from tests.faults.harness import FaultySlackBot, ForkServer
from tests.platforms.slack.harness import SlackBot

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

ES = tomllib.loads((REPO_ROOT / "config/i18n/es.toml").read_text("utf-8"))
ES_HEADINGS = list(ES["headings"].values())
QUESTION_ES = (
    "¿Por qué mi bucle con asyncio.gather es más lento que un bucle normal cuando hago "
    "miles de peticiones pequeñas? Quiero medirlo antes de cambiar nada."
)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory, fork_server: ForkServer
) -> AsyncIterator[SlackBot]:
    data = tmp_path_factory.mktemp("slack-e2e") / "data"
    proc = FaultySlackBot(fake, data, server=fork_server)  # forked: a start in a blink
    await proc.start()
    yield proc
    code = await proc.stop()
    assert code in (0, 130), proc.log()


def _channel_post(fake: FakeSlack, channel: str) -> str | None:
    """ts of the bot's visible post in the channel (the thread's root)."""
    for (ch, ts), message in fake.messages.items():
        if ch == channel and "thread_ts" not in message:
            return ts
    return None


def _answers(fake: FakeSlack, channel: str, thread_ts: str) -> list[str]:
    """Replies in the thread that carry the 7 sections (complete answers)."""
    return [
        str(m["text"])
        for m in fake.thread_messages(channel, thread_ts)
        if all(h in str(m["text"]) for h in ES_HEADINGS)
    ]


async def _ask(bot: SlackBot, fake: FakeSlack, *, user: str, channel: str, text: str) -> str:
    """`/mca ask` and wait for the complete answer; returns the thread ts."""
    sent = await bot.command(f"ask {text}", user=user, channel=channel)
    assert sent.status == 200, sent
    thread_ts: str = await fake.wait_for(lambda: _channel_post(fake, channel))
    await fake.wait_for(lambda: _answers(fake, channel, thread_ts))
    return thread_ts


async def test_ask_in_spanish_is_acked_at_once_and_answered_in_thread(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """`/mca ask` in Spanish: 200 within 3 s, then the 7 Spanish sections in the post's thread."""
    fake.add_user("UES1", locale="es-ES", name="lucia")
    sent = await bot.command(f"ask {QUESTION_ES}", user="UES1", channel="CES1")
    assert sent.status == 200
    assert sent.elapsed_s < 3.0
    thread_ts = await fake.wait_for(lambda: _channel_post(fake, "CES1"))
    root = fake.messages[("CES1", thread_ts)]["text"]
    assert "<@UES1>" in root
    assert "preguntó" in root
    answers = await fake.wait_for(lambda: _answers(fake, "CES1", thread_ts))
    assert len(answers) == 1
    for heading in ES_HEADINGS:
        assert f"*{heading}*" in answers[0]
    prose = re.sub(r"`[^`\n]*`", "", answers[0])  # `2 ** attempt` in code stays as written
    assert "**" not in prose  # bold converted to mrkdwn
    info = fake.calls_to("users.info", user="UES1")
    assert info
    assert info[0].args["include_locale"] in ("1", "true")


async def test_followup_in_bot_thread_uses_context(bot: SlackBot, fake: FakeSlack) -> None:
    """A learner's message in a bot thread continues it: the reply quotes the earlier question."""
    fake.add_user("UES2", locale="es-ES")
    thread_ts = await _ask(bot, fake, user="UES2", channel="CES2", text=QUESTION_ES)
    followup = "¿Y si uso un ThreadPoolExecutor en lugar de asyncio? ¿Cómo lo mido?"
    sent = await bot.event(
        message_event(followup, user="UES2", channel="CES2", ts=new_ts(), thread_ts=thread_ts)
    )
    assert sent.status == 200
    answers = await fake.wait_for(lambda: len(_answers(fake, "CES2", thread_ts)) >= 2 or None)
    del answers
    second = _answers(fake, "CES2", thread_ts)[1]
    assert 'Dijiste: "¿Por qué mi bucle con asyncio.gather' in second


async def test_message_outside_bot_threads_is_ignored(bot: SlackBot, fake: FakeSlack) -> None:
    """Channel chatter and other people's threads get no answer (but a 200, so no retries)."""
    before = len(fake.calls)
    for event in (
        message_event("hola a todos", user="UX1", channel="CX1", ts=new_ts()),
        message_event("en otro hilo", user="UX1", channel="CX1", ts=new_ts(), thread_ts="1.000001"),
    ):
        assert (await bot.event(event)).status == 200
    await fake.quiet(0.7)
    assert [c.method for c in fake.calls[before:]] == []


async def test_a_dm_with_the_bot_is_one_private_thread(bot: SlackBot, fake: FakeSlack) -> None:
    """Top-level DM messages are answered in the DM and continue one conversation."""
    fake.add_user("UDM1", locale="es-ES")
    first = message_event(QUESTION_ES, user="UDM1", channel="DUDM1", ts=new_ts(), channel_type="im")
    assert (await bot.event(first)).status == 200

    def top_level_answers() -> list[str]:
        return [
            str(m["text"])
            for (ch, _), m in fake.messages.items()
            if ch == "DUDM1"
            and "thread_ts" not in m
            and all(h in str(m["text"]) for h in ES_HEADINGS)
        ]

    await fake.wait_for(lambda: top_level_answers() or None)
    second = message_event(
        "¿Y con un ThreadPoolExecutor? ¿Cómo lo comparo?", user="UDM1", channel="DUDM1",
        ts=new_ts(), channel_type="im",
    )  # fmt: skip
    assert (await bot.event(second)).status == 200
    await fake.wait_for(lambda: len(top_level_answers()) >= 2 or None)
    assert len(top_level_answers()) == 2


async def test_ask_without_text_opens_a_form_whose_submission_is_answered(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """`/mca ask` alone opens a modal; the submitted question and code are answered in a thread."""
    fake.add_user("UFORM1", locale="es-ES")
    before = set(fake.views)
    sent = await bot.command("ask", user="UFORM1", channel="CFORM1")
    assert sent.status == 200
    await fake.wait_for(lambda: set(fake.views) - before or None)
    view = fake.views[(set(fake.views) - before).pop()]
    assert view["title"]["text"] == "Pregunta al mentor"
    assert view["private_metadata"] == "CFORM1"
    body = view_submission_body(
        view,
        {
            "question": QUESTION_ES,
            "code": "import asyncio\nasync def main():\n    await asyncio.sleep(0)\nasyncio.run(main())",
        },
        user="UFORM1",
    )
    answer = await bot.post(body, sign(body), "application/x-www-form-urlencoded")
    assert answer.status == 200
    thread_ts = await fake.wait_for(lambda: _channel_post(fake, "CFORM1"))
    assert await fake.wait_for(lambda: _answers(fake, "CFORM1", thread_ts))


async def test_app_home_shows_the_week_the_course_and_progress(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """Opening the App Home publishes a Home tab with this week's task and the course."""
    fake.add_user("UHOME1", locale="es-ES")
    event = {"type": "app_home_opened", "user": "UHOME1", "channel": "DHOME1", "tab": "home"}
    assert (await bot.event(event)).status == 200
    home = await fake.wait_for(lambda: fake.homes.get("UHOME1"))
    text = json.dumps(home, ensure_ascii=False)
    assert home["type"] == "home"
    assert "1." in text
    assert "8." in text
    assert len(home["blocks"]) <= 100


async def test_thumbs_on_a_reply_is_stored_as_feedback(bot: SlackBot, fake: FakeSlack) -> None:
    """:+1: on the bot's reply is stored as feedback on that turn; a :tada: is not."""
    fake.add_user("UFEED1", locale="es-ES")
    thread_ts = await _ask(bot, fake, user="UFEED1", channel="CFEED1", text=QUESTION_ES)
    reply_ts = next(
        ts
        for (ch, ts), m in fake.messages.items()
        if ch == "CFEED1" and m.get("thread_ts") == thread_ts
    )
    for reaction in ("tada", "+1::skin-tone-3"):
        event = {
            "type": "reaction_added", "user": "UFEED1", "reaction": reaction,
            "item": {"type": "message", "channel": "CFEED1", "ts": reply_ts},
            "item_user": BOT_USER, "event_ts": new_ts(),
        }  # fmt: skip
        assert (await bot.event(event)).status == 200
    await fake.quiet(0.7)
    with sqlite3.connect(bot.data_dir / "mca.sqlite3") as db:
        rows = db.execute("SELECT value FROM feedback").fetchall()
    assert rows == [(1,)]


async def test_a_workspace_admin_limits_the_mentor_to_its_channels_at_runtime(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """`/mca admin set channels` applies at once: an ask elsewhere gets a private pointer."""
    fake.add_user("UADM1", locale="en-US", admin=True)
    fake.add_user("UASK1", locale="en-US")
    sent = await bot.command("admin set channels CHELP1", user="UADM1", channel="CHELP1")
    assert sent.status == 200
    await fake.wait_for(lambda: [r for r in fake.responses if "CHELP1" in r[1].get("text", "")])
    before = len(fake.calls_to("chat.postMessage", channel="COTHER1"))
    await bot.command(f"ask {QUESTION_ES}", user="UASK1", channel="COTHER1")
    notes = await fake.wait_for(lambda: fake.calls_to("chat.postEphemeral", user="UASK1"))
    assert "CHELP1" in str(notes[0].args["text"])
    assert len(fake.calls_to("chat.postMessage", channel="COTHER1")) == before
    await bot.command("admin set channels default", user="UADM1", channel="CHELP1")
    await fake.wait_for(
        lambda: [r for r in fake.responses if "back to its default" in r[1].get("text", "")]
    )


async def test_only_workspace_admins_change_settings(bot: SlackBot, fake: FakeSlack) -> None:
    """A member's `/mca admin set` is refused privately and changes nothing."""
    fake.add_user("UMEMBER1", locale="en-US")
    await bot.command("admin set model tiny", user="UMEMBER1", channel="CM1")
    refused = await fake.wait_for(
        lambda: [
            r for r in fake.responses if "Only this community's admins" in r[1].get("text", "")
        ]
    )
    assert refused[0][1].get("response_type") == "ephemeral"


async def test_a_replayed_signed_slash_command_is_answered_once(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """The same signed /mca ask sent again within the signature window gets no second answer."""
    fake.add_user("UREPLAY", locale="es-ES")
    body = command_body(
        f"ask {QUESTION_ES}", user="UREPLAY", channel="CREPLAY",
        response_url=fake.response_url("CREPLAY/UREPLAY"),
    )  # fmt: skip
    headers = sign(body)
    first = await bot.post(body, headers, "application/x-www-form-urlencoded")
    again = await bot.post(body, headers, "application/x-www-form-urlencoded")
    assert (first.status, again.status) == (200, 200)
    thread_ts = await fake.wait_for(lambda: _channel_post(fake, "CREPLAY"))
    await fake.wait_for(lambda: _answers(fake, "CREPLAY", thread_ts))
    await fake.quiet(0.7)
    roots = [
        ts for (ch, ts), m in fake.messages.items() if ch == "CREPLAY" and "thread_ts" not in m
    ]
    assert len(roots) == 1
    assert len(_answers(fake, "CREPLAY", thread_ts)) == 1


async def test_someone_elses_reply_in_a_learners_thread_gets_a_private_note(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """The thread belongs to its learner: another user's reply gets an ephemeral note, no answer."""
    fake.add_user("UOWN1", locale="en-US")
    fake.add_user("UINTRUDER", locale="en-US")
    thread_ts = await _ask(bot, fake, user="UOWN1", channel="COWN1", text=QUESTION_ES)
    answers = len(_answers(fake, "COWN1", thread_ts))
    sent = await bot.event(
        message_event(
            "Me too, answer me!", user="UINTRUDER", channel="COWN1", ts=new_ts(),
            thread_ts=thread_ts,
        )
    )  # fmt: skip
    assert sent.status == 200
    notes = await fake.wait_for(lambda: fake.calls_to("chat.postEphemeral", user="UINTRUDER"))
    assert "belongs to another learner" in str(notes[0].args["text"])
    await fake.quiet(0.7)
    assert len(_answers(fake, "COWN1", thread_ts)) == answers


@pytest.mark.parametrize(
    ("secret", "age_s"),
    [("wrong-secret-0000000000000000000", 0), (SIGNING_SECRET, 6 * 60)],
    ids=["wrong-signature", "stale-timestamp"],
)
async def test_bad_or_stale_signature_is_refused_without_work(
    bot: SlackBot, fake: FakeSlack, secret: str, age_s: int
) -> None:
    """A forged or replayed request gets 401, nothing is posted, and no token reaches the log."""
    before = len(fake.calls)
    leak = "xoxb-9999999999-8888888888-leakedtokenvalue"
    sent = await bot.command(
        f"ask mi token es {leak}",
        user="UEVIL",
        channel="CEVIL",
        secret=secret,
        timestamp=int(time.time()) - age_s,
    )
    assert sent.status == 401
    await fake.quiet(0.5)
    assert fake.calls[before:] == []
    log = bot.log()
    assert "Invalid request signature" in log  # bolt did log the raw body...
    for token in (leak, "legacyverificationtoken123", BOT_TOKEN, SIGNING_SECRET):
        assert token not in log  # ...and the redactor removed every secret from it


async def test_retried_event_is_answered_once(bot: SlackBot, fake: FakeSlack) -> None:
    """Slack's retry of an event (same event_id, x-slack-retry-num) does no second answer."""
    fake.add_user("UES3", locale="es-ES")
    thread_ts = await _ask(bot, fake, user="UES3", channel="CES3", text=QUESTION_ES)
    event = message_event(
        "¿Y cuánta memoria usa cada tarea?",
        user="UES3",
        channel="CES3",
        ts=new_ts(),
        thread_ts=thread_ts,
    )
    first = await bot.event(event, event_id="EvRETRY1")
    again = [await bot.event(event, event_id="EvRETRY1", retry=n) for n in (1, 2)]
    assert [s.status for s in (first, *again)] == [200, 200, 200]
    await fake.wait_for(lambda: len(_answers(fake, "CES3", thread_ts)) >= 2 or None)
    await fake.quiet(0.7)
    assert len(_answers(fake, "CES3", thread_ts)) == 2


async def test_mention_in_thread_is_answered_once(bot: SlackBot, fake: FakeSlack) -> None:
    """A mention inside a bot thread arrives as app_mention and message: one answer."""
    fake.add_user("UES4", locale="es-ES")
    thread_ts = await _ask(bot, fake, user="UES4", channel="CES4", text=QUESTION_ES)
    ts = new_ts()
    text = f"<@{BOT_USER}> ¿y si el cuello de botella es la red?"
    for kind in ("app_mention", "message"):
        event = message_event(text, user="UES4", channel="CES4", ts=ts, thread_ts=thread_ts)
        event["type"] = kind
        assert (await bot.event(event)).status == 200
    await fake.wait_for(lambda: len(_answers(fake, "CES4", thread_ts)) >= 2 or None)
    await fake.quiet(0.7)
    assert len(_answers(fake, "CES4", thread_ts)) == 2


async def test_mention_in_channel_starts_a_thread(bot: SlackBot, fake: FakeSlack) -> None:
    """An @mention outside a thread is answered in a new thread on that message."""
    fake.add_user("UES5", locale="es-ES")
    ts = new_ts()
    event = message_event(
        f"<@{BOT_USER}> {QUESTION_ES}", user="UES5", channel="CES5", ts=ts, kind="app_mention"
    )
    assert (await bot.event(event)).status == 200
    answers = await fake.wait_for(lambda: _answers(fake, "CES5", ts))
    assert len(answers) == 1


async def test_own_posts_and_edits_are_ignored(bot: SlackBot, fake: FakeSlack) -> None:
    """The bot's own messages (bot_id) and message_changed events from its edits start no work."""
    fake.add_user("UES6", locale="es-ES")
    thread_ts = await _ask(bot, fake, user="UES6", channel="CES6", text=QUESTION_ES)
    await fake.quiet(0.5)
    before = len(fake.calls)
    own = message_event(
        "*1. Preguntas de contexto*",
        user=BOT_USER,
        channel="CES6",
        ts=new_ts(),
        thread_ts=thread_ts,
        bot_id=BOT_ID,
    )
    changed = message_event(
        "",
        user="UES6",
        channel="CES6",
        ts=new_ts(),
        thread_ts=thread_ts,
        subtype="message_changed",
        message={"text": "edited", "bot_id": BOT_ID},
    )
    for event in (own, changed):
        assert (await bot.event(event)).status == 200
    await fake.quiet(0.7)
    assert fake.calls[before:] == []


async def test_rate_limited_web_api_still_delivers(bot: SlackBot, fake: FakeSlack) -> None:
    """chat.postMessage answering 429 (Retry-After: 1) then 200: the answer still arrives."""
    fake.add_user("UES7", locale="es-ES")
    fake.fail(
        "chat.postMessage",
        status=429,
        times=2,
        retry_after=1,
        when=lambda args: args.get("channel") == "CES7",
    )
    thread_ts = await _ask(bot, fake, user="UES7", channel="CES7", text=QUESTION_ES)
    assert len(_answers(fake, "CES7", thread_ts)) == 1
    assert len(fake.calls_to("chat.postMessage", channel="CES7")) >= 4  # 2 refused + 2 posted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", "Comandos"),
        ("new", "Nuevo hilo"),
        ("forget", "¿Seguro?"),
        ("bailar salsa", "Comando desconocido `/mca bailar`"),
    ],
)
async def test_quick_subcommands_answer_in_the_ack(
    bot: SlackBot, fake: FakeSlack, text: str, expected: str
) -> None:
    """help/new/forget/unknown are answered at once, privately, in the learner's language."""
    fake.add_user("UES8", locale="es-ES")
    if not fake.calls_to("users.info", user="UES8"):
        await _ask(bot, fake, user="UES8", channel="CES8", text=QUESTION_ES)  # learns the locale
    sent = await bot.command(text, user="UES8", channel="CES8")
    assert sent.status == 200
    assert expected in sent.body  # a plain-text ack is an ephemeral reply


async def test_forget_yes_deletes_the_learner(bot: SlackBot, fake: FakeSlack) -> None:
    """`/mca forget yes` deletes what was stored and says how much."""
    fake.add_user("UES9", locale="es-ES")
    await _ask(bot, fake, user="UES9", channel="CES9", text=QUESTION_ES)
    sent = await bot.command("forget yes", user="UES9", channel="CES9")
    assert "Hecho" in sent.body
    assert "(2 mensajes)" in sent.body
    assert "hilos: 1;" in sent.body  # it says what it removed
    again = await bot.command("forget yes", user="UES9", channel="CES9")
    assert "(0 mensajes)" in again.body
    assert "hilos: 0;" in again.body


async def test_not_in_channel_is_explained(bot: SlackBot, fake: FakeSlack) -> None:
    """Asking where the bot cannot post gets a polite private explanation, in Spanish."""
    fake.add_user("UES10", locale="es-ES")
    sent = await bot.command(f"ask {QUESTION_ES}", user="UES10", channel="CNOTIN1")
    assert sent.status == 200
    hook = await fake.wait_for(
        lambda: [body for path, body in fake.responses if path == "CNOTIN1/UES10"]
    )
    assert "/invite" in hook[0]["text"]
    assert "canal" in hook[0]["text"]
    assert hook[0]["response_type"] == "ephemeral"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"MCA_HTTP_PORT": "0"}, "MCA_HTTP_PORT"),
        ({"SLACK_BOT_TOKEN": "xoxb-0000000000-0000000000-revokedtoken00"}, "SLACK_BOT_TOKEN"),
    ],
    ids=["http-mode-without-port", "rejected-token"],
)
async def test_misconfiguration_stops_with_a_clear_message(
    fake: FakeSlack, tmp_path: Path, env: dict[str, str], expected: str, fork_server: ForkServer
) -> None:
    """HTTP mode without a port, or a token Slack rejects: exit 78 naming what to fix, no secret."""
    proc = SlackBot(fake, tmp_path / "data", extra_env=env)
    proc.data_dir.mkdir(parents=True)
    # `mca-bot run` forked from the session's fork server (no seconds of imports under load)
    run = await asyncio.to_thread(fork_server.cli, ["run"], proc.env(), timeout_s=30)
    assert run.returncode == 78
    message = run.stderr.decode()
    assert expected in message
    assert env.get("SLACK_BOT_TOKEN", BOT_TOKEN) not in message


async def test_a_question_with_comparisons_is_read_and_quoted_as_typed(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """review10 T38: Slack delivers `p99 > 800 ms & ...` escaped; the post quotes it once."""
    fake.add_user("UGT1", locale="es-ES", name="marta")
    question = "¿Por qué mi endpoint tiene p99 > 800 ms & la cola < 1.000 mensajes?"
    thread_ts = await _ask(bot, fake, user="UGT1", channel="CGT1", text=question)
    root = str(fake.messages[("CGT1", thread_ts)]["text"])
    assert "p99 &gt; 800 ms &amp; la cola &lt; 1.000" in root  # escaped once: shown as typed
    assert "&amp;gt;" not in root
