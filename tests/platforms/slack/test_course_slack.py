"""The course room through Slack: the real `python -m bot run` (HTTP mode) and the fake Slack."""

from __future__ import annotations

import json
import shutil
import time
import tomllib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import pytest_asyncio

from tests.conftest import REPO_ROOT
from tests.course.conftest import fenced, solution
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.slack_server import FakeSlack, message_event, new_ts
from tests.faults.harness import FaultySlackBot, ForkServer
from tests.platforms.slack.harness import SlackBot

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

SANDBOX = shutil.which("bwrap") is not None
"""With bubblewrap the checkers run in the real jail; without it the bot says it cannot check."""
UI = tomllib.loads((REPO_ROOT / "config/course/ui.toml").read_text("utf-8"))["en"]
ANNOUNCE_CHANNEL = "CANNOUNCE"


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    fake: FakeSlack,
    llm: FakeOpenAI,
    tmp_path_factory: pytest.TempPathFactory,
    fork_server: ForkServer,
) -> AsyncIterator[SlackBot]:
    root = tmp_path_factory.mktemp("slack-course")
    config = root / "course.toml"
    config.write_text(f'[course.announce_channels]\nslack = ["{ANNOUNCE_CHANNEL}"]\n', "utf-8")
    proc = FaultySlackBot(  # forked from the session's fork server: started in a blink
        fake,
        root / "data",
        server=fork_server,
        extra_env={
            "MCA_CONFIG": str(config),
            "MCA_SANDBOX_ENABLED": "true" if SANDBOX else "false",
            "MCA_MENTOR_RATE_LIMIT_QUESTIONS": "0",
            "OPENAI_BASE_URL": llm.base_url,
            "OPENAI_API_KEY": "sk-test-not-a-real-key",
            "MCA_COURSE_ANNOUNCE_CRON": "* * * * *",  # always due: the scheduler posts at start
            "MCA_COURSE_ANNOUNCE_POLL_S": "0.5",
        },
    )
    await proc.start()
    yield proc
    code = await proc.stop()
    assert code in (0, 130), proc.log()


async def run(bot: SlackBot, fake: FakeSlack, text: str, *, user: str, channel: str) -> str:
    """`/mca <text>`: acked at once; returns the private answer's text (response_url)."""
    where = f"{channel}/{user}"
    before = len([r for r in fake.responses if r[0] == where])
    sent = await bot.command(text, user=user, channel=channel)
    assert sent.status == 200
    assert sent.elapsed_s < 3.0
    await fake.wait_for(lambda: len([r for r in fake.responses if r[0] == where]) > before, 30)
    await fake.quiet(0.3)
    answers = [r[1] for r in fake.responses if r[0] == where][before:]
    assert all(a.get("response_type") == "ephemeral" for a in answers)
    return "\n".join(str(a.get("text", "")) for a in answers)


def announcements(fake: FakeSlack) -> list[Any]:
    return fake.calls_to("chat.postMessage", channel=ANNOUNCE_CHANNEL)


async def test_course_lists_sessions_privately(bot: SlackBot, fake: FakeSlack) -> None:
    """/mca course answers only the learner, with the 8 sessions."""
    fake.add_user("UC1")
    text = await run(bot, fake, "course", user="UC1", channel="CC1")
    assert "1. System design and constraints" in text
    assert "8. Packaging, CI/CD and rollout" in text


async def test_session_opens_a_thread_whose_followups_carry_the_session(
    bot: SlackBot, fake: FakeSlack, llm: FakeOpenAI
) -> None:
    """/mca session 3: a visible post, the session in its thread; a follow-up there has its context."""
    fake.add_user("UC2")
    sent = await bot.command("session 3", user="UC2", channel="CC2")
    assert sent.status == 200
    root = await fake.wait_for(
        lambda: next(
            (ts for (ch, ts), m in fake.messages.items() if ch == "CC2" and "thread_ts" not in m),
            None,
        )
    )
    assert "<@UC2>" in fake.messages[("CC2", root)]["text"]
    await fake.wait_for(lambda: "Session 3: Profiling and memory" in fake.thread_text("CC2", root))
    llm.reset()
    replies = len(fake.thread_messages("CC2", root))
    event = message_event(
        "How should I start the profiling lab?",
        user="UC2",
        channel="CC2",
        ts=new_ts(),
        thread_ts=root,
    )
    assert (await bot.event(event)).status == 200
    await fake.wait_for(lambda: len(fake.thread_messages("CC2", root)) > replies, 30)
    await fake.wait_for(lambda: llm.requests)
    prompt = json.dumps(llm.requests[-1]["messages"])
    assert "Course session 3 of 8: Profiling and memory" in prompt


async def test_session_unknown_number_is_refused_without_a_post(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """/mca session 42 gets a polite private refusal and posts nothing in the channel."""
    fake.add_user("UC3")
    text = await run(bot, fake, "session 42", user="UC3", channel="CC3")
    assert "There is no session `42`" in text
    assert fake.calls_to("chat.postMessage", channel="CC3") == []


async def test_session_without_a_number_says_how_to_ask_without_a_post(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """review10 T33: `/mca session` alone said "Session `` does not exist"."""
    fake.add_user("UC9")
    text = await run(bot, fake, "session", user="UC9", channel="CC9")
    assert "Which session? Use `/mca session &lt;n&gt;`" in text  # as Slack escapes it
    assert "``" not in text
    assert fake.calls_to("chat.postMessage", channel="CC9") == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [("practice", "Practice task of week"), ("practice profile-request", "`profile-request`")],
)
async def test_practice_shows_the_task_privately(
    bot: SlackBot, fake: FakeSlack, args: str, expected: str
) -> None:
    """/mca practice shows this week's task, /mca practice <id> that one, with its submit line."""
    fake.add_user("UC4")
    text = await run(bot, fake, args, user="UC4", channel="CC4")
    assert expected in text
    assert "/mca submit" in text


@pytest.mark.skipif(not SANDBOX, reason="bubblewrap (bwrap) is not installed: no jail to check in")
@pytest.mark.parametrize(
    ("file", "verdict"),
    [("profile_request_good.py", "passed"), ("profile_request_bad.py", "not passed yet")],
)
async def test_submit_checked_task_reports_the_verdict(
    bot: SlackBot, fake: FakeSlack, file: str, verdict: str
) -> None:
    """Code in a ``` block is checked in the sandbox: the known-good passes, the known-bad fails."""
    fake.add_user("UC5")
    command = f"submit profile-request\n{fenced(solution(file))}"
    text = await run(bot, fake, command, user="UC5", channel="CC5")
    assert f"`profile-request` {verdict}" in text, text  # the whole verdict when it fails


@pytest.mark.skipif(SANDBOX, reason="bubblewrap is installed: the checker is available")
async def test_submit_without_sandbox_says_the_checker_is_unavailable(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """Without a jail, a checked task is politely not checked."""
    fake.add_user("UC5")
    command = f"submit profile-request\n{fenced(solution('profile_request_good.py'))}"
    text = await run(bot, fake, command, user="UC5", channel="CC5")
    assert "check practice submissions right now" in text


@pytest.mark.parametrize(
    ("file", "verdict"),
    [("pyo3_review_good.md", "passed"), ("pyo3_review_bad.md", "not passed yet")],
)
async def test_submit_review_task_checks_the_report(
    bot: SlackBot, fake: FakeSlack, file: str, verdict: str
) -> None:
    """A review task's report is validated without running: good passes, bad fails."""
    fake.add_user("UC6")
    text = await run(bot, fake, f"submit pyo3-review {solution(file)}", user="UC6", channel="CC6")
    assert f"`pyo3-review` {verdict}" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [("submit nope print(1)", "There is no practice task `nope`"), ("hint", "Say which task")],
)
async def test_bad_course_input_is_refused_politely(
    bot: SlackBot, fake: FakeSlack, args: str, expected: str
) -> None:
    """An unknown task id or a missing one gets a clear private message."""
    fake.add_user("UC7")
    assert expected in await run(bot, fake, args, user="UC7", channel="CC7")


async def test_hint_climbs_only_with_attempts(bot: SlackBot, fake: FakeSlack) -> None:
    """Before an attempt the hint is locked; after a failed one the first rung (concept) opens."""
    fake.add_user("UC8")
    locked = await run(bot, fake, "hint pyo3-review", user="UC8", channel="CC8")
    assert "Hints unlock with attempts" in locked
    bad = solution("pyo3_review_bad.md")
    await run(bot, fake, f"submit pyo3-review {bad}", user="UC8", channel="CC8")
    text = await run(bot, fake, "hint pyo3-review", user="UC8", channel="CC8")
    assert "Hint 1/4 (concept):" in text


async def test_progress_sends_text_and_the_png_chart_to_the_dm(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """/mca progress answers privately; the chart is uploaded as progress.png to the learner's DM."""
    fake.add_user("UC9")
    text = await run(bot, fake, "progress", user="UC9", channel="CC9")
    assert "Your progress" in text
    upload = await fake.wait_for(lambda: [u for u in fake.uploads if u["channel_id"] == "DUC9"])
    assert upload[0]["filename"] == "progress.png"
    assert upload[0]["content"].startswith(b"\x89PNG")


async def test_announce_now_by_a_non_admin_is_refused(bot: SlackBot, fake: FakeSlack) -> None:
    """A member who is not a workspace admin gets the polite refusal; nothing is posted."""
    fake.add_user("UC10", admin=False)
    before = len(announcements(fake))
    text = await run(bot, fake, "announce now", user="UC10", channel="CC10")
    assert "only server admins" in text
    assert len(announcements(fake)) == before


async def test_announce_by_a_workspace_admin_is_allowed(bot: SlackBot, fake: FakeSlack) -> None:
    """users.info is_admin may preview and post; the week reaches the channel once only."""
    fake.add_user("UADM", admin=True)
    preview = await run(bot, fake, "announce preview", user="UADM", channel="CC11")
    assert f"slack #{ANNOUNCE_CHANNEL}" in preview
    text = await run(bot, fake, "announce now", user="UADM", channel="CC11")
    assert f"slack #{ANNOUNCE_CHANNEL}" in text
    assert "only server admins" not in text
    await fake.wait_for(lambda: announcements(fake))
    assert len(announcements(fake)) == 1


async def test_scheduled_announcement_reaches_the_channel_exactly_once(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """The scheduler posts the week's task to the configured channel once, whatever the ticks."""
    await fake.wait_for(lambda: announcements(fake), 20)
    started = time.monotonic()
    while time.monotonic() - started < 2.0:  # four more scheduler checks
        await fake.quiet(0.5)
    posts = announcements(fake)
    assert len(posts) == 1
    text = str(posts[0].args.get("text", ""))
    assert "Practice task of the week" in text
    assert "/mca practice" in text
